"""The roll-up as an xlwings Lite script over files imported into Lite's /data folder (a fake Book stands in)."""

import datetime as dt
import io
import shutil

import pytest

import udfs.sharing as U
from tests.fakebook import FakeBook
from tests.sharing_cases import AS_OF, deal, funnel_bytes, rep_files, team_frames
from xlsales.funnel import figures
from xlsales.funnel import layout as FL
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
    assert wb["商机"].tables["Deals"].ref == f"{FL.DEALS.at}:{FL.DEALS.last_letter()}255"
    rows = list(wb["商机"].iter_rows(min_row=2, max_row=255, values_only=True))
    amount, status = FL.DEALS.index("amount"), FL.DEALS.index("status")
    assert sum(r[amount] for r in rows if r[status] == "跟踪") == pytest.approx(figures.total_pipeline(deals, stages))
    # every row carries the table's calculated columns, so Excel computes them as for a row typed in
    weighted = FL.DEALS.index("weighted")
    assert [r[weighted] for r in rows] == ["=" + FL.DEALS.col("weighted").formula("zh-CN", n) for n in range(2, 256)]
    by_rep = {r[0]: r for r in wb["按人汇总"].iter_rows(min_row=2, values_only=True)}
    assert sum(r[4] for r in by_rep.values()) == pytest.approx(figures.weighted_pipeline(deals, stages))
    assert [r[12] for r in wb["来源"].iter_rows(min_row=2, values_only=True)] == ["正常"] * 4


def test_rerun_replaces_what_the_last_run_wrote(imported):
    book = _team_book("en")
    U.roll_up_into(book, str(imported), newest_wins=False)
    for path in (imported / "inbox").iterdir():
        if path.stem != "张伟":
            path.unlink()
    rollup = U.roll_up_into(book, str(imported), newest_wins=False)
    assert book.wb["Deals"].tables["Deals"].ref == f"{FL.DEALS.at}:{FL.DEALS.last_letter()}{len(rollup.deals) + 1}"
    assert book.wb["Deals"][f"A{len(rollup.deals) + 2}"].value is None
    assert [r[0] for r in book.wb["Sources"].iter_rows(min_row=2, values_only=True) if r[0]] == ["inbox/张伟.xlsx"]


def test_formula_like_text_is_typed_with_an_apostrophe(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    first = FL.DEALS.first_row
    customer, next_step = (f"{FL.DEALS.letter(key)}{first}" for key in ("customer", "next_step"))
    (folder / "a.xlsx").write_bytes(funnel_bytes([deal(1)], typed={customer: "=HYPERLINK(\"x\")", next_step: "@cmd"}))
    book = _team_book()
    U.roll_up_into(book, str(folder), newest_wins=False)
    deals = book.wb[FL.SHEET_DEALS("zh-CN")]
    assert deals[customer].value == "'=HYPERLINK(\"x\")" and deals[next_step].value == "'@cmd"
    assert deals[customer].data_type == "s"


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
    first_id = f"{FL.DEALS.letter('id')}{FL.DEALS.first_row}"
    assert book.wb[FL.SHEET_DEALS("zh-CN")][first_id].value == "D0001"  # the deals from before are left as they were


def test_this_workbooks_stages_must_be_clean(imported):
    book = _team_book()
    stages = FL.SHEET_STAGES("zh-CN")
    second = f"{FL.STAGES.letter('probability')}{FL.STAGES.first_row + 1}"  # the second stage's win probability
    book.wb[stages][second] = 7  # 700%
    with pytest.raises(InputError) as error:
        U.roll_up_into(book, str(imported), newest_wins=False)
    assert error.value.problems[0].where == f"{stages}!{second}"


def test_quota_copies_give_a_weekly_pace_sheet(tmp_path):
    from tests.test_sharing_pace import _copy

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "小王.xlsx").write_bytes(_copy("小王"))
    (folder / "小李.xlsx").write_bytes(_copy("小李", "en"))
    book = _team_book()
    rollup = U.roll_up_into(book, str(folder), newest_wins=False)
    rows = [r for r in book.wb["周进度"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(rows) == len(rollup.weekly.tracking) == 8 and rows[0][10] == 6


def lite_modules(udfs_module: str) -> list[str]:
    """What a workbook's main.py must bundle to carry `udfs_module`: every xlsales/udfs module it imports."""
    import subprocess
    import sys

    probe = (f"import sys, {udfs_module}; print(' '.join(sorted(n for n in sys.modules "
             f"if n.partition('.')[0] in ('xlsales', 'udfs') and n != {udfs_module!r})))")
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()


def test_the_script_runs_from_a_bundled_main_py(imported, tmp_path):
    import subprocess
    import sys

    from xlsales import lite

    folder = tmp_path / "lite"
    folder.mkdir()
    modules = lite_modules("udfs.sharing")
    assert lite.dependencies("udfs.sharing") == modules  # what the bundle carries is what importing it loads
    assert "xlsales.sharing.rollup" in modules and not any(m.startswith("xlsales.templates") for m in modules)
    (folder / "main.py").write_text(lite.bundle_main_py("udfs.sharing", "roll-up"), encoding="utf-8")
    probe = ("import main, sys; "
             f"print(len(main.imported_files({str(imported)!r})), callable(main.rollup_imported_files), "
             "all(m.__spec__.origin == 'main.py' for n, m in sys.modules.items() if n.startswith('xlsales')))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=folder, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"}, check=True)
    assert result.stdout.split() == ["4", "True", "True"]
