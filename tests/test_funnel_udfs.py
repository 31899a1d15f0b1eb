"""Funnel Excel functions and scripts, called as Excel would call them (lists of lists with headers)."""

import datetime as dt

import pytest

import udfs.funnel as F
from xlsales.funnel import layout as L
from xlsales.funnel.vocab import DEFAULT_STAGES
from tests.fakebook import FakeBook
from tests.funnel_cases import AS_OF, deal_rows, stage_rows
from xlsales.funnel.demo import demo_funnel, frames
from xlsales.funnel import figures
from xlsales.templates.funnel import build


def test_functions_on_the_hand_computed_case():
    deals, stages = deal_rows(), stage_rows()
    assert F.winrate(deals) == pytest.approx(1 / 3)
    assert F.winrate(deals, "张伟") == pytest.approx(0.5)
    assert F.pipeline_weighted(deals, stages) == pytest.approx(470)
    assert F.forecast_period(deals, stages, dt.datetime(2026, 11, 1), "2026-11-30") == pytest.approx(100)
    assert F.forecast_period(deals, stages, 46357.0, 46387.0) == pytest.approx(10)  # Excel serials for Dec 2026
    table = F.funnel_stages(deals, stages)
    assert table[0][0] == "阶段 Stage" and [r[3] for r in table[1:]] == [1, 0, 1, 0, 1]
    assert [r[4] for r in F.stage_conversion(deals, stages)[1:]] == pytest.approx([1.0, 2 / 3, 1.0, 0.5])
    assert F.stale_flag(deals, stages, "D1", AS_OF) is True
    assert F.stale_flag(deals, stages, "D2", AS_OF) is False
    assert F.slip_flag(deals, stages, "D2", AS_OF) is True
    assert F.slip_flag(deals, stages, "D3", AS_OF) is False
    assert F.sales_cycle_days(deals) == 90
    assert F.clarity_code("CCCCCCCCF") == "8C1F0W"
    assert F.clarity_60([["C", "C", "C", "C", "C", "C", "C", "C", "F"]]) is True


@pytest.mark.parametrize("call, fragment", [
    (lambda d, s: F.forecast_period(d, s, "soon", "2026-12-31"), "开始日期"),
    (lambda d, s: F.forecast_period(d, s, "2026-12-31", "2026-01-01"), "end date is before start date"),
    (lambda d, s: F.stale_flag(d, s, "D99", AS_OF), "no open deal D99"),
    (lambda d, s: F.pipeline_weighted([["编号"], ["D1"]], s), "missing column"),
    (lambda d, s: F.clarity_code("CCQ"), "C/F/W"),
])
def test_bad_arguments_give_a_readable_message(call, fragment):
    result = call(deal_rows(), stage_rows())
    assert isinstance(result, str) and result.startswith("#XLSALES! ") and fragment in result


def test_a_bad_cell_in_the_range_is_named_not_ignored():
    deals = deal_rows()
    deals[2][L.DEALS.index("amount")] = "两百"  # D2's amount, row 3 of the table
    result = F.pipeline_weighted(deals, stage_rows())
    assert result.startswith(f"#XLSALES! Deals!{L.DEALS.letter('amount')}3") and "Amount" in result


def test_a_gap_in_a_column_a_figure_does_not_use_is_not_its_problem():
    """Issue 15.6: a lost deal without an expected close made =WINRATE(Deals[#All]) an error for the whole table."""
    deals = deal_rows()
    deals[5][L.DEALS.index("close_date")] = None  # D5 is lost
    assert F.winrate(deals) == pytest.approx(1 / 3)
    assert F.forecast_period(deals, stage_rows(), "2026-11-01", "2026-11-30").startswith(
        f"#XLSALES! Deals!{L.DEALS.letter('close_date')}6")  # the forecast does read close dates


def test_whole_column_flags_line_up_with_the_table():
    """STALE_FLAGS / SLIP_FLAGS: one parse for the whole column (a column of STALE_FLAG cells was one parse each)."""
    deals = deal_rows() + [[None] * len(deal_rows()[0])]  # an empty row at the end of the table
    stale = F.stale_flags(deals, stage_rows(), AS_OF)
    slipped = F.slip_flags(deals, stage_rows(), AS_OF)
    assert len(stale) == len(slipped) == len(deals)
    assert stale[0] == ["停滞 / Stale"] and slipped[0] == ["延误 / Slipped"]
    for row, deal in zip(stale[1:], deals[1:]):
        expected = F.stale_flag(deals, stage_rows(), deal[0], AS_OF) if deal[7] == "跟踪" else ""
        assert row == [expected]
    assert [r[0] for r in slipped[1:4]] == [True, True, False] and slipped[-1] == [""]


def test_a_per_deal_flag_reads_only_its_deal():
    """STALE_FLAG and SLIP_FLAG read the rows of the deal asked about, as the sheet's own per-deal columns read
    only their row: another deal's bad cell does not make them an error (the spilled STALE_FLAGS, which reads
    every row, names it), the deal's own bad cell does, by its cell."""
    deals = deal_rows()
    deals[2][L.DEALS.index("stage_since")] = "上周"  # D2's own cell
    deals[5][L.DEALS.index("created")] = "#N/A"  # D5 is lost, but a lost deal's dates are read all the same
    stages = stage_rows()
    assert F.stale_flag(deals, stages, "D1", AS_OF) is True
    assert F.slip_flag(deals, stages, "D2", AS_OF) is True  # slipping does not read the stage date
    d2_since, d5_created = f"Deals!{L.DEALS.letter('stage_since')}3", f"Deals!{L.DEALS.letter('created')}6"
    own = F.stale_flag(deals, stages, "D2", AS_OF)
    assert own.startswith(f"#XLSALES! {d2_since}") and d5_created not in own
    assert F.stale_flags(deals, stages, AS_OF).startswith(f"#XLSALES! {d5_created}")  # the first of two (+1)


def test_a_deal_is_found_by_its_id_as_the_id_column_reads_it():
    """An ID typed as a number (1001) reaches the function as 1001.0 from a cell and reads "1001", as the ID
    column reads it; a repeated ID answers for its first open row; a missing ID column is named."""
    deals, stages = deal_rows(), stage_rows()
    deals[1][L.DEALS.index("id")] = 1001.0  # D1
    deals[3][L.DEALS.index("id")] = "D2"  # D3 now repeats D2, which is open and comes first
    assert F.stale_flag(deals, stages, 1001.0, AS_OF) is True
    assert F.stale_flag(deals, stages, "1001", AS_OF) is True
    assert F.slip_flag(deals, stages, "D2", AS_OF) is True  # D2's answer; D3's would be False
    assert F.stale_flag(deals, stages, None, AS_OF).startswith("#XLSALES! ") and "deal ID" in \
        F.stale_flag(deals, stages, True, AS_OF)
    without_ids = [row[1:] for row in deal_rows()]
    assert "missing column 'Deal ID'" in F.slip_flag(without_ids, stages, "D2", AS_OF)


@pytest.fixture
def demo_book():
    data = demo_funnel(dt.date(2026, 11, 23))
    return data, FakeBook(build("zh-CN", data))


def _probabilities(book) -> list:
    letter = L.STAGES.letter("probability")
    return [book.sheets["阶段"].range(f"{letter}{r}").value for r in range(L.STAGES.first_row, L.STAGES.first_row + 5)]


def test_calibrate_script_writes_history_rates_where_data_suffices(demo_book):
    data, book = demo_book
    deals, stages = frames(data)
    F.calibrate_stages(book)
    expected = figures.calibrate(deals, stages, 20)
    written = _probabilities(book)
    assert written == pytest.approx(expected["calibrated"].tolist())
    assert not expected["thin"].all() and written != pytest.approx(stages["probability"].tolist())
    report = L.CALIBRATION
    notes = [book.sheets["阶段"].range(report.cell("note", n)).value for n in range(1, 6)]
    assert all(n.startswith(("已校准", "数据不足")) for n in notes)
    F.calibrate_stages(book)  # twice: the same rates, the same report
    assert _probabilities(book) == pytest.approx(written)
    assert [book.sheets["阶段"].range(report.cell("note", n)).value for n in range(1, 6)] == notes


def _history(book, block, key: str, n: int):
    return book.sheets["历史"].range(block.cell(key, n)).value


def test_weekly_snapshot_records_and_compares(demo_book):
    data, book = demo_book
    F.weekly_snapshot(book)
    assert _history(book, L.SNAPSHOTS, "snapshot", 1) == dt.date(2026, 11, 23)
    assert _history(book, L.SNAPSHOTS, "id", len(data.deals)) == data.deals[-1]["id"]
    assert _history(book, L.CHANGES, "change", 1) == "新增"  # first snapshot: everything is new
    # a week later: one deal moves to the next stage, one is won, one slips
    deals_sheet, settings = book.sheets["商机"], book.sheets["设置"]
    settings.range(L.SETTINGS.address("as_of")).value = dt.date(2026, 11, 30)
    deals_sheet.range(f"{L.DEALS.letter('stage')}2").value = "判断赢率"  # D0001 was 放入漏斗
    deals_sheet.range(f"{L.DEALS.letter('close_date')}3").value = dt.date(2027, 12, 31)  # D0002 slips
    won_row = next(i + 2 for i, d in enumerate(data.deals) if d["status"] == "open" and d["stage"] == 5)
    deals_sheet.range(f"{L.DEALS.letter('status')}{won_row}").value = "赢单"
    F.weekly_snapshot(book)
    week = {(_history(book, L.CHANGES, "change", n), _history(book, L.CHANGES, "id", n)) for n in range(1, 4)}
    assert week == {("阶段变化", "D0001"), ("推迟", "D0002"), ("赢单", data.deals[won_row - 2]["id"])}
    assert _history(book, L.CHANGES, "change", 4) is None
    assert _history(book, L.SNAPSHOTS, "snapshot", 2 * len(data.deals)) is not None  # two snapshots kept
    # issue 15.10: run again the same day, the day's snapshot is replaced and the week's changes stay listed
    F.weekly_snapshot(book)
    again = {(_history(book, L.CHANGES, "change", n), _history(book, L.CHANGES, "id", n)) for n in range(1, 4)}
    assert again == week and _history(book, L.SNAPSHOTS, "snapshot", 2 * len(data.deals) + 1) is None


@pytest.mark.parametrize("script", [F.calibrate_stages, F.weekly_snapshot])
def test_every_script_runs_on_the_empty_template_twice(script):
    """Issue 15.9: scripts on a fresh workbook (and again)."""
    book = FakeBook(build("zh-CN"))
    # the fake Book does not calculate: give the as-of cell the value Excel gives =TODAY()
    book.sheets["设置"].range(L.SETTINGS.address("as_of")).value = dt.date.today()
    script(book)
    script(book)
    assert _probabilities(book) == pytest.approx([s.probability for s in DEFAULT_STAGES])


LITE_PROBE = """
import json, sys
import main
args = json.load(open("args.json", encoding="utf-8"))
deals, stages = args["deals"], args["stages"]
out = {
    "winrate": main.winrate(deals), "winrate_owner": main.winrate(deals, "张伟"),
    "pipeline_weighted": main.pipeline_weighted(deals, stages),
    "forecast_period": main.forecast_period(deals, stages, "2026-11-01", "2026-11-30"),
    "funnel_stages": main.funnel_stages(deals, stages), "stage_conversion": main.stage_conversion(deals, stages),
    "stale_flag": main.stale_flag(deals, stages, "D1", "2026-11-23"),
    "slip_flag": main.slip_flag(deals, stages, "D2", "2026-11-23"),
    "clarity_code": main.clarity_code("CCCCCCCCF"), "bad": main.pipeline_weighted([["编号"]], stages),
}
sys.path.append(args["repo"])  # only now, for the test's fake Book (openpyxl only)
from tests.fakebook import FakeBook
book = FakeBook.open("demo.xlsx")
main.calibrate_stages(book)
from xlsales.funnel.layout import STAGES
letter = STAGES.letter("probability")
out["calibrated"] = [book.sheets["阶段"].range(f"{letter}{r}").value for r in range(2, 7)]
print(json.dumps(out, ensure_ascii=False))
"""


def test_embedded_main_py_gives_the_same_results_as_udfs(tmp_path):
    import json
    from pathlib import Path

    from tests.test_templates import run_main_py
    from xlsales.templates.build import main_py
    from xlsales.templates.funnel import SPEC

    # as Lite hands them over: dates as serial numbers
    deals = [[float((c - dt.date(1899, 12, 30)).days) if isinstance(c, dt.date) else c for c in row]
             for row in deal_rows()]
    stages = stage_rows()
    repo = str(Path(__file__).resolve().parents[1])
    (tmp_path / "args.json").write_text(json.dumps({"deals": deals, "stages": stages, "repo": repo}, ensure_ascii=False),
                                        encoding="utf-8")
    data = demo_funnel(dt.date(2026, 11, 23))
    build("zh-CN", data).save(tmp_path / "demo.xlsx")
    lite = json.loads(run_main_py(main_py(SPEC), LITE_PROBE, tmp_path))
    book = FakeBook(build("zh-CN", data))
    F.calibrate_stages(book)
    assert lite == {
        "winrate": F.winrate(deals), "winrate_owner": F.winrate(deals, "张伟"),
        "pipeline_weighted": F.pipeline_weighted(deals, stages),
        "forecast_period": F.forecast_period(deals, stages, "2026-11-01", "2026-11-30"),
        "funnel_stages": F.funnel_stages(deals, stages), "stage_conversion": F.stage_conversion(deals, stages),
        "stale_flag": True, "slip_flag": True, "clarity_code": "8C1F0W",
        "bad": F.pipeline_weighted([["编号"]], stages),
        "calibrated": _probabilities(book),
    }
    assert lite["pipeline_weighted"] == 470
    assert lite["bad"].startswith("#XLSALES! ") and "missing column 'Amount'" in lite["bad"]


def test_clear_from_never_clears_left_of_or_above_its_corner():
    """Excel reads a reversed range such as J1:G6 as G1:J6; clearing it would wipe the stage limits."""
    from openpyxl import Workbook

    from udfs._book import clear_from

    wb = Workbook()
    wb.active["G6"] = 14
    book = FakeBook(wb)
    clear_from(book.sheets[0], "J1")
    assert wb.active["G6"].value == 14
    wb.active["K3"] = "old report"
    clear_from(book.sheets[0], "J1")
    assert wb.active["K3"].value is None and wb.active["G6"].value == 14


def test_the_stages_read_once_are_the_stages_passed():
    """The stages table is read once per content (udfs.funnel._stages): a cell TRUE where 1 stood is another
    table (the two are equal values in Python), and a figure that changed its copy changes nothing for the next."""
    deals, stages = deal_rows(), stage_rows()
    order = L.STAGES.index("order")
    assert F.pipeline_weighted(deals, stages) == pytest.approx(470)
    flipped = [list(row) for row in stages]
    flipped[1][order] = True  # the first stage's order, 1, as TRUE: not a number
    assert F.pipeline_weighted(deals, flipped).startswith(f"#XLSALES! Stages!{L.STAGES.letter('order')}2")
    changed = F._stages(stages)
    changed["probability"] = 0.0
    assert F.pipeline_weighted(deals, stages) == pytest.approx(470)
