"""The roll-up as an xlwings Lite script over files imported into Lite's /data folder (a fake Book stands in)."""

import datetime as dt
import io
import shutil

import pytest

import udfs.sharing as U
from tests.fakebook import FakeBook
from tests.sharing_cases import AS_OF, deal, funnel_bytes, rep_files, team_frames
from xlsales.funnel import figures
from xlsales.funnel.demo import demo_funnel
from xlsales.problems import InputError
from xlsales.templates.build import workbook_bytes
from xlsales.templates.funnel import SPEC


def _team_book(lang: str = "zh-CN") -> FakeBook:
    data = demo_funnel(AS_OF).model_copy(update={"deals": [], "reps": []})
    return FakeBook.open(io.BytesIO(workbook_bytes(SPEC, lang, data)))


@pytest.fixture()
def imported(tmp_path):
    folder = tmp_path / "data"
    rep_files(folder / "inbox", copies=2)  # sub-folders keep their paths in Lite
    (folder / "~$张伟.xlsx").write_bytes(b"Excel's lock file")
    (folder / "notes.txt").write_text("not a workbook")
    return folder


def test_script_fills_this_workbook(imported):
    book = _team_book()
    rollup = U.roll_up_into(book, str(imported), newest_wins=False)
    deals, stages = team_frames(copies=2)
    assert len(rollup.deals) == len(deals) == 254
    assert [s.name for s in rollup.sources] == sorted(f"inbox/{n}.xlsx" for n in ("张伟", "王芳", "李强", "刘洋"))
    wb = book.wb
    assert wb["商机"].tables["Deals"].ref == "A1:S255"
    rows = list(wb["商机"].iter_rows(min_row=2, max_row=255, values_only=True))
    assert sum(r[5] for r in rows if r[7] == "跟踪") == pytest.approx(figures.total_pipeline(deals, stages))
    assert wb["预警"].max_row == 254 + 51
    assert wb["预警"]["A305"].value == 304
    assert wb["预警"]["B305"].value == '=IF($I305,INDEX(Deals[编号],$A305),"")'
    by_rep = {r[0]: r for r in wb["按人汇总"].iter_rows(min_row=2, values_only=True)}
    assert sum(r[4] for r in by_rep.values()) == pytest.approx(figures.weighted_pipeline(deals, stages))
    assert [r[11] for r in wb["来源"].iter_rows(min_row=2, values_only=True)] == ["正常"] * 4


def test_rerun_replaces_what_the_last_run_wrote(imported):
    book = _team_book("en")
    U.roll_up_into(book, str(imported), newest_wins=False)
    for path in (imported / "inbox").iterdir():
        if path.stem != "张伟":
            path.unlink()
    rollup = U.roll_up_into(book, str(imported), newest_wins=False)
    assert book.wb["Deals"].tables["Deals"].ref == f"A1:S{len(rollup.deals) + 1}"
    assert book.wb["Deals"][f"A{len(rollup.deals) + 2}"].value is None
    assert [r[0] for r in book.wb["Sources"].iter_rows(min_row=2, values_only=True) if r[0]] == ["inbox/张伟.xlsx"]


def test_formula_like_text_is_typed_with_an_apostrophe(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(funnel_bytes([deal(1)], typed={"B2": "=HYPERLINK(\"x\")", "N2": "@cmd"}))
    book = _team_book()
    U.roll_up_into(book, str(folder), newest_wins=False)
    row = [c for c in book.wb["商机"][2]]
    assert row[1].value == "'=HYPERLINK(\"x\")" and row[13].value == "'@cmd"
    assert row[1].data_type == "s"


def test_newest_wins_script_and_nothing_usable(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    from tests.sharing_cases import with_saved_time

    (folder / "old.xlsx").write_bytes(with_saved_time(funnel_bytes([deal(1, amount=1.0)]), dt.datetime(2026, 1, 2)))
    (folder / "new.xlsx").write_bytes(with_saved_time(funnel_bytes([deal(1, amount=2.0)]), dt.datetime(2026, 3, 4)))
    book = _team_book()
    rollup = U.roll_up_into(book, str(folder), newest_wins=True)
    assert list(rollup.deals["amount"]) == [2.0] and len(rollup.conflicts) == 1
    shutil.rmtree(folder)
    folder.mkdir()
    (folder / "x.xlsx").write_bytes(b"junk")
    with pytest.raises(ValueError, match="nothing usable"):
        U.roll_up_into(book, str(folder), newest_wins=False)
    assert book.wb["商机"]["A2"].value == "D0001"  # the deals from before are left as they were


def test_this_workbooks_stages_must_be_clean(imported):
    book = _team_book()
    book.wb["阶段"]["C3"] = 7  # a win probability of 700%
    with pytest.raises(InputError) as error:
        U.roll_up_into(book, str(imported), newest_wins=False)
    assert error.value.problems[0].where == "阶段!C3"
