"""Roll-up of the demo reps' files: the team equals the sum of the parts; inputs untouched; output atomic."""

import copy
import datetime as dt
import hashlib
import io
import os
import pickle
import stat

import pytest
from python_calamine import CalamineWorkbook

from tests.sharing_cases import AS_OF, deal, funnel_bytes, rep_files, replace_text, roll, team_frames
from xlsales import cli
from xlsales.book import read_sheets, stamp
from xlsales.funnel import figures
from xlsales.funnel import layout as FL
from xlsales.funnel.inputs import parse_deals, parse_stages
from xlsales.funnel.vocab import OPEN
from xlsales.sharing import layout as S
from xlsales.sharing.cli import Progress
from xlsales.sharing.reading import read_source
from xlsales.sharing import rollup as rollup_module
from xlsales.sharing.rollup import Combining, by_rep, combine
from xlsales.sharing.verify import verify_workbook


@pytest.fixture(scope="module")
def reps(tmp_path_factory):
    return rep_files(tmp_path_factory.mktemp("reps"))


def _file_figures(path):
    """The funnel core's figures for one rep's file on its own."""
    sheets = read_sheets(path)
    stage_sheet = "阶段" if "阶段" in sheets else "Stages"
    deal_sheet = "商机" if "商机" in sheets else "Deals"
    stages = parse_stages(sheets[stage_sheet], stage_sheet).frame
    deals = parse_deals(sheets[deal_sheet], deal_sheet, list(stages["stage"])).frame
    return {"deals": len(deals), "amount": deals["amount"].sum(), "open": int((deals["status"] == OPEN).sum()),
            "pipeline": figures.total_pipeline(deals, stages), "weighted": figures.weighted_pipeline(deals, stages),
            "won": int((deals["status"] == "won").sum()), "lost": int((deals["status"] == "lost").sum())}


def test_team_equals_the_sum_of_the_parts(reps):
    rollup = combine([read_source(p.name, p.read_bytes()) for p in reps], "zh-CN", AS_OF)
    parts = [_file_figures(p) for p in reps]
    deals, stages = rollup.deals, rollup.stage_frame
    assert len(deals) == sum(p["deals"] for p in parts) == 127
    assert deals["amount"].sum() == pytest.approx(sum(p["amount"] for p in parts))
    assert int((deals["status"] == OPEN).sum()) == sum(p["open"] for p in parts) == 65
    assert figures.total_pipeline(deals, stages) == pytest.approx(sum(p["pipeline"] for p in parts))
    assert figures.weighted_pipeline(deals, stages) == pytest.approx(sum(p["weighted"] for p in parts))
    # and the same as the demo team's own figures, computed without any file in between
    team_deals, team_stages = team_frames()
    assert figures.weighted_pipeline(deals, stages) == pytest.approx(figures.weighted_pipeline(team_deals, team_stages))
    assert figures.win_rate(deals) == pytest.approx(figures.win_rate(team_deals))
    assert figures.deal_alerts(deals, stages, AS_OF)["stale"].sum() == \
        figures.deal_alerts(team_deals, team_stages, AS_OF)["stale"].sum()


def test_by_rep_is_each_file_on_its_own(reps):
    rollup = combine([read_source(p.name, p.read_bytes()) for p in reps], "en", AS_OF)
    table = by_rep(rollup).set_index("owner")
    for path in reps:
        own = _file_figures(path)
        row = table.loc[path.stem]
        assert row["files"] == [path.name]
        assert row["open_deals"] == own["open"]
        assert row["open_amount"] == pytest.approx(own["pipeline"])
        assert row["weighted"] == pytest.approx(own["weighted"])
        assert (row["won"], row["lost"]) == (own["won"], own["lost"])
    assert [r for r, _ in rollup.reps] == ["张伟", "王芳", "李强", "刘洋"]
    assert dict(rollup.reps)["李强"] == "华南组"  # teams from the reps' settings sheets


def test_mixed_languages_give_one_set_of_stage_names(reps):
    rollup = combine([read_source(p.name, p.read_bytes()) for p in reps], "en", AS_OF)
    assert set(rollup.deals["stage"].astype(str)) <= {s.name.en for s in rollup.stages}
    assert [s.status for s in rollup.sources] == [S.OK] * 4
    assert {s.lang for s in rollup.sources} == {"zh-CN", "en"}


def test_a_stage_renamed_by_a_rep_is_matched_by_order_with_a_warning():
    newer = funnel_bytes([deal(49, stage=3)], modified=dt.datetime(2026, 11, 20))  # deal 49: open, stage 3
    third, stage = FL.STAGES.first_row + 2, FL.STAGES.index("stage")  # the third stage's sheet row, its name column
    rows = CalamineWorkbook.from_filelike(io.BytesIO(newer)).get_sheet_by_name(FL.SHEET_STAGES("zh-CN")).to_python()
    assert rows[third - 1][stage] == "建立内线"
    older = replace_text(funnel_bytes([deal(50, owner="王芳", stage=3)], modified=dt.datetime(2026, 11, 1)),
                         "建立内线", "找到内线")  # renamed on its stages sheet and in its deals alike
    rollup = roll({"new.xlsx": newer, "old.xlsx": older})
    assert list(rollup.deals["stage"].astype(str)) == ["建立内线", "建立内线"]  # the newest file's stages
    warnings = [(rollup.sources[i].name, p) for i, p in rollup.problems if p.severity == "warning"]
    renamed = f"{FL.SHEET_STAGES('zh-CN')}!{FL.STAGES.letter('stage')}{third}"
    assert [(name, p.where, p.found) for name, p in warnings] == [("old.xlsx", renamed, "找到内线")]


def test_command_writes_the_team_workbook(reps, tmp_path, capsys):
    output = tmp_path / "team.xlsx"
    assert cli.main(["rollup", *map(str, reps), "-o", str(output), "--as-of", "2026-11-23"]) == 0
    err = capsys.readouterr().err
    assert "4/4" in err and "127" in err
    assert stamp(output)["template"] == "funnel"
    assert verify_workbook(output.read_bytes()).released
    sheets = read_sheets(output)
    deals = [r for r in sheets["商机"][1:] if r[0]]
    assert len(deals) == 127 and {r[0] for r in deals} == {f"D{n:04d}" for n in range(1, 128)}
    sources = sheets["来源"]
    assert [r[0] for r in sources[1:]] == [p.name for p in reps]
    assert all(r[12] == "正常" and r[2] == "funnel" and r[3] == "1" for r in sources[1:])
    assert [r[8] for r in sources[1:]] == [_file_figures(p)["deals"] for p in reps]


def test_inputs_are_never_modified_even_read_only(reps, tmp_path):
    for path in reps:
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in reps}
    try:
        assert cli.main(["rollup", *map(str, reps), "-o", str(tmp_path / "team.xlsx")]) == 0
        assert {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in reps} == before
    finally:
        for path in reps:
            path.chmod(stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)


def test_existing_output_is_not_overwritten_without_force(reps, tmp_path, capsys):
    output = tmp_path / "team.xlsx"
    output.write_bytes(b"the manager's own file")
    assert cli.main(["rollup", *map(str, reps), "-o", str(output)]) == 1
    assert output.read_bytes() == b"the manager's own file"
    assert "--force" in capsys.readouterr().err
    assert cli.main(["rollup", *map(str, reps), "-o", str(output), "--force"]) == 0
    assert stamp(output)["template"] == "funnel"
    assert [p.name for p in tmp_path.iterdir()] == ["team.xlsx"]  # no temporary file left behind


def test_output_cannot_be_one_of_the_inputs_even_with_force(reps):
    before = reps[0].read_bytes()
    assert cli.main(["rollup", *map(str, reps), "-o", str(reps[0]), "--force"]) == 1
    assert reps[0].read_bytes() == before


def test_a_failed_write_leaves_the_old_output_whole(reps, tmp_path, monkeypatch):
    output = tmp_path / "team.xlsx"
    output.write_bytes(b"old")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    assert cli.main(["rollup", *map(str, reps), "-o", str(output), "--force"]) == 1  # said in one line, no traceback
    assert output.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["team.xlsx"]


def test_a_folder_of_files_can_be_given(reps, tmp_path):
    output = tmp_path / "team.xlsx"
    assert cli.main(["rollup", str(reps[0].parent), "-o", str(output)]) == 0
    assert len([r for r in read_sheets(output)["商机"][1:] if r[0]]) == 127


def test_progress_bar_is_plain_text():
    stream = io.StringIO()
    progress = Progress(200, stream)
    for done in range(1, 201):
        progress.update(done, f"rep{done}.xlsx")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1].startswith("读取 reading [##############################] 200/200")


def test_a_read_book_crosses_to_the_parent_unchanged():
    """Reading workers send dates as day numbers (xlsales.sharing.reading.ReadBook): what arrives is equal, value
    for value and type for type, to what was read, and the book read is left as it was."""
    data = funnel_bytes([deal(1), deal(2, created=dt.date(1900, 1, 1), close_date=dt.date(9999, 12, 31))])
    book = read_source("rep.xlsx", data)
    book.sheets["extra"] = [[dt.datetime(2026, 11, 23, 8, 30), dt.date(2026, 2, 28), 46000.0, "2026-11-23", None],
                            [dt.time(8, 30), dt.timedelta(days=2), True, "", dt.date(1, 1, 1)]]
    before = copy.deepcopy(book.sheets)
    arrived = pickle.loads(pickle.dumps(book))
    assert arrived == book and book.sheets == before
    assert [[type(v) for v in row] for rows in arrived.sheets.values() for row in rows] == \
        [[type(v) for v in row] for rows in before.values() for row in rows]
    dates = [v for rows in arrived.sheets.values() for row in rows for v in row if type(v) is dt.date]
    assert dt.date(1900, 1, 1) in dates and dt.date(9999, 12, 31) in dates and dt.date(1, 1, 1) in dates
    assert combine([arrived], "zh-CN", AS_OF).deals.equals(combine([book], "zh-CN", AS_OF).deals)


def test_books_added_as_they_arrive_roll_up_as_all_at_once(reps, monkeypatch):
    """The command line adds each file as its reader sends it (rollup.Combining), and the deals are parsed a few
    files at a time: in any order of arrival, with a file that cannot be used, a file with bad rows and the same
    deal in two files, the roll-up is combine's, deal for deal and problem for problem."""
    monkeypatch.setattr(rollup_module, "PARSED_TOGETHER", 2)  # several batches from a few files
    books = [read_source(p.name, p.read_bytes()) for p in reps]
    books.insert(1, read_source("bad.xlsx", funnel_bytes([deal(1, id="X1"), deal(2, id="X2"), deal(3, id="X3")],
                                                         typed={"F2": "abc", "G3": "maybe"})))
    books.insert(3, read_source("broken.xlsx", b"PK\x03\x04 not a zip"))
    books.append(read_source("copy.xlsx", funnel_bytes([deal(3, id="X3", amount=1.0)])))
    whole = combine(books, "en", AS_OF)
    assert whole.problems and whole.conflicts and any(s.status == S.SKIPPED for s in whole.sources)
    for order in (list(range(len(books))), list(reversed(range(len(books)))), [2, 0, 5, 1, 4, 3, 6]):
        combining = Combining(len(books))
        for index in order:
            combining.add(index, books[index])
        added = combining.combine("en", AS_OF)
        assert added.deals.equals(whole.deals) and added.problems == whole.problems, order
        assert added.conflicts == whole.conflicts and added.reps == whole.reps and added.sources == whole.sources
        assert [c.categories.tolist() for c in (added.deals["stage"].cat, whole.deals["stage"].cat)][0] == \
            whole.deals["stage"].cat.categories.tolist()


def test_a_roll_up_waits_for_every_book():
    combining = Combining(2)
    combining.add(1, read_source("a.xlsx", funnel_bytes([deal(1)])))
    with pytest.raises(ValueError, match="not added"):
        combining.combine("en", AS_OF)
