"""Quota Excel functions and the plan script, called as Excel would call them (lists of lists with headers)."""

import pytest

import udfs.quota as Q
from tests.fakebook import FakeBook
from tests.quota_cases import HAND_MIX, HAND_WEEKLY, WORKED_MIX, WORKED_REPS, WORKED_WEEKLY
from xlsales.quota import layout as L
from xlsales.quota.demo import DemoQuota, demo_quota
from xlsales.quota.vocab import MIX_COLUMNS, REP_COLUMNS
from xlsales.templates.quota import build


def test_split_spills_equal_and_weighted():
    table = Q.quota_split(600_000, WORKED_REPS)
    assert table[0][3].startswith("分解目标") and [r[3] for r in table[1:]] == [300_000, 300_000, 600_000]
    assert table[-1][4:] == [610_000, 10_000]  # bottom-up total and its gap to the company target
    weighted = Q.quota_split(660_000, WORKED_REPS, "By ability weight")  # weights 1 and 1.2
    assert [r[3] for r in weighted[1:3]] == pytest.approx([300_000, 360_000])


def test_scalar_functions_on_the_worked_case():
    assert Q.deals_needed(120_000, 40_000) == 3
    assert Q.opportunities_needed(12, 1 / 3) == pytest.approx(36)
    assert Q.opportunities_needed(24, "50%") == pytest.approx(48)
    assert Q.visits_needed(3, 8, 1 / 3) + Q.visits_needed(12, 3, 1 / 3) + Q.visits_needed(24, 1.5, 0.5) == \
        pytest.approx(252)


def test_plan_spills_lines_totals_and_the_difference_to_target():
    table = Q.quota_plan(WORKED_MIX, "小王", 300_000)
    header, total, target, gap = table[0], table[6], table[7], table[8]
    column = {h.split(" ")[0]: i for i, h in enumerate(header)}
    assert [r[0] for r in table[1:6]] == ["小项目", "大财务", "小财务", "耗材", "服务费"]
    assert total[column["拜访次数"]] == pytest.approx(252)
    assert total[column["商机数(数量÷赢率)"]] == pytest.approx(93)
    assert total[column["商机数(按手填)"]] == 222  # both opportunity figures side by side
    assert total[column["金额(单价×数量)"]] == 294_000 and total[column["约数金额"]] == 300_000
    assert target[column["金额(单价×数量)"]] == 300_000
    assert gap[column["金额(单价×数量)"]] == -6_000 and "6,000 short" in gap[-1]
    assert "1 ÷ win rate 3" in table[1][-1] and "no visits planned" in table[4][-1]
    assert table[4][column["拜访次数"]] is None  # 耗材: no visits, not zero


def test_plan_of_the_whole_range_without_rep_or_target():
    table = Q.quota_plan(HAND_MIX)
    assert len(table) == 5 and table[-1][3] == 80_000 and table[-1][-2] == 96


def test_pace_spills_per_activity():
    table = Q.quota_pace(WORKED_MIX, 300_000, 52, 12, "小李")
    assert [r[0] for r in table[1:]] == ["商机 Opportunities", "拜访 Visits", "签单金额 Signed amount", "回款 Collections"]
    assert [r[3] for r in table[1:3]] == [5, 5]  # the text's 5 opportunities and 5 visits a week
    assert table[2][2] == pytest.approx(252 / 52) and table[2][4] == 21
    assert Q.quota_pace(HAND_MIX, 80_000, 12, 3)[2][1:] == pytest.approx([96, 8, 8, 32])


def test_pace_gap_names_the_bottleneck_and_the_shortfall():
    table = Q.pace_gap(WORKED_WEEKLY, WORKED_MIX, "小王", 6, 300_000)
    collected = table[4]
    assert collected[4] == pytest.approx(300_000 / 52 * 6 - 22_000) and collected[6] == "◀ 瓶颈 ◀ bottleneck"
    assert [r[6] for r in table[1:4]] == [None, None, None]
    hand = Q.pace_gap(HAND_WEEKLY, HAND_MIX, "甲", 3, 80_000, 12)
    assert [r[3] for r in hand[1:]] == [9, 21, 25_000, 10_000]


def test_a_function_reads_only_the_columns_it_uses():
    """A bad capacity is not the split's problem, nor a bad unit price the pace's (issue 15.6)."""
    reps = [list(r) for r in WORKED_REPS]
    reps[1][[c.key for c in REP_COLUMNS].index("capacity")] = "很多"
    assert [r[3] for r in Q.quota_split(600_000, reps)[1:3]] == [300_000, 300_000]
    mix = [list(r) for r in WORKED_MIX]
    mix[1][[c.key for c in MIX_COLUMNS].index("unit_price")] = "四万"
    assert Q.quota_pace(mix, 300_000, 52, 12, "小王")[2][1] == pytest.approx(252)
    assert Q.quota_plan(mix, "小王").startswith("#XLSALES! QuotaMix!")  # the plan shows amounts: it is its problem


def test_names_are_matched_as_excel_matches_them():
    weekly = [WORKED_WEEKLY[0]] + [["WANG" if r[0] == "小王" else r[0]] + r[1:] for r in WORKED_WEEKLY[1:]]
    mix = [WORKED_MIX[0]] + [["wang"] + r[1:] for r in WORKED_MIX[1:]]
    assert Q.pace_gap(weekly, mix, "Wang", 6, 300_000)[4][3] == 22_000  # 小王's collections, under another spelling
    assert Q.quota_plan(mix, "Wang", 300_000)[6][3] == 294_000


def test_english_headers_work_too():
    mix = [[c.label.en for c in MIX_COLUMNS]] + WORKED_MIX[1:]
    assert Q.quota_plan(mix, "小王")[6][-2] == pytest.approx(252)


@pytest.mark.parametrize("call, fragment", [
    (lambda: Q.opportunities_needed(3, 0), "win rate must be in (0, 100%]"),
    (lambda: Q.visits_needed(3, 8, "高"), "'win rate' must be a number"),
    (lambda: Q.deals_needed(100, 0), "unit price must be > 0"),
    (lambda: Q.quota_split(600_000, WORKED_REPS, "抽签"), "split method must be one of"),
    (lambda: Q.quota_split(-1, WORKED_REPS), "cannot be negative"),
    (lambda: Q.quota_split(600_000, [["Name", "Ability weight"], ["A", None]], "By ability weight"), "QuotaReps!B2"),
    (lambda: Q.quota_split(600_000, WORKED_REPS, "weighted"), "split method must be one of"),  # a label, as the sheet
    (lambda: Q.quota_plan([["产品线"], ["X"]]), "missing column"),
    (lambda: Q.quota_plan([r for r in WORKED_MIX if r[0] is not None or r is WORKED_MIX[0]] + [["小张", "X", 1, 1]],
                          "小王"), "no mix lines for 小王"),
    (lambda: Q.quota_pace(WORKED_MIX, 300_000, 0), "whole number >= 1"),
    (lambda: Q.quota_pace(WORKED_MIX, 300_000, 52, -1), "months must be > 0"),
    (lambda: Q.pace_gap(WORKED_WEEKLY, WORKED_MIX, "小王", 53, 300_000), "within 1–52"),
    (lambda: Q.pace_gap(WORKED_WEEKLY, WORKED_MIX, "", 3, 300_000), "name the rep"),
])
def test_bad_arguments_give_a_readable_message(call, fragment):
    result = call()
    assert isinstance(result, str) and result.startswith("#XLSALES! ") and fragment in result, result


def test_a_bad_cell_in_the_range_is_named_not_ignored():
    mix = [list(r) for r in WORKED_MIX]
    mix[1][6] = 1.5  # 小项目's win rate
    result = Q.quota_plan(mix, "小王")
    # the first line's win rate, at its place in the range the function was given
    assert result.startswith(f"#XLSALES! {L.MIX.name}!{L.MIX.letter('win_rate')}2") and "(0, 100%]" in result


def _book(lang: str = "zh-CN", data: DemoQuota | None = None) -> FakeBook:
    """A workbook as the template builds it (formulas, notes and summaries included): the demo, or `data`."""
    return FakeBook(build(lang, demo_quota() if data is None else data))


def _values(book: FakeBook, name: str) -> list[list]:
    return [[v for v in row if v is not None] for row in book.wb[name].iter_rows(values_only=True)]


def _full_plan(book: FakeBook) -> list[list]:
    Q.write_quota_plan(book)
    return _values(book, L.SHEET_FULL_PLAN.zh)


def test_script_writes_the_full_plan_for_every_rep():
    book = _book()
    rows = _full_plan(book)
    assert rows[0] == ["目标分解:自上而下与自下而上"]
    assert rows[2] == ["小王", 1, 0.5, 300_000, 280_000, -20_000]
    headings = [r[0] for r in rows if r and str(r[0]).startswith(("小王:", "小李:"))]
    assert headings == ["小王:目标 300,000,每周拜访 4.85 次(能力 8)", "小李:目标 300,000,每周拜访 4.85 次(能力 10)"]
    totals = [r for r in rows if r and r[0] == "合计" and len(r) == 7]
    assert [t[3:] for t in totals] == [[93, 222, 222, 252]] * 2
    assert sum(1 for r in rows if "◀ 瓶颈" in r) == 2
    mix_rows = f"{L.MIX.letter('count')}{L.MIX.first_row}:{L.MIX.letter('count')}{L.MIX.first_row + 4}"
    assert rows[-1][0].startswith(f"[提示 warning] {L.SHEET_MIX.zh}!{mix_rows}")
    assert _full_plan(book) == rows  # running again replaces, never appends


def test_script_in_an_english_workbook_writes_english():
    book = _book("en")
    Q.write_quota_plan(book)
    rows = _values(book, L.SHEET_FULL_PLAN.en)
    assert rows[0] == ["Target split: top-down and bottom-up"] and rows[1][0] == "Rep"


def test_script_with_bad_input_lists_the_errors_and_no_plan():
    book = _book()
    win_rate = f"{L.MIX.letter('win_rate')}{L.MIX.first_row + 1}"
    book.wb[L.SHEET_MIX.zh][win_rate] = 3  # 大财务's win rate: 300%
    rows = _full_plan(book)
    assert rows[0] == ["提示与错误"] and len(rows) == 2 and rows[1][0].startswith(f"[错误 error] {L.SHEET_MIX.zh}!{win_rate}")


def test_script_runs_on_the_empty_template_twice():
    book = FakeBook(build("zh-CN"))
    rows = _full_plan(book)
    assert rows[0] == ["提示与错误"] and f"{L.SHEET_TARGET.zh}!{L.TARGET.address('company_target')}" in rows[1][0]
    assert _full_plan(book) == rows


def test_script_runs_on_a_half_filled_workbook_twice():
    """A target and the reps typed, no mix and no weeks yet: each rep's plan, the warnings that they have no mix."""
    data = demo_quota().model_copy(update={"mix": [], "weekly": []})
    book = _book(data=data)
    rows = _full_plan(book)
    assert rows[2] == ["小王", 1, 0.5, 300_000, 280_000, -20_000]
    assert sum(1 for r in rows if r and "has no mix lines" in str(r[0])) == 2
    assert _full_plan(book) == rows
    with_mix = demo_quota().model_copy(update={"weekly": []})  # the mix, no weeks: tracked up to week 6, nothing done
    rows = _full_plan(_book(data=with_mix))
    assert sum(1 for r in rows if "◀ 瓶颈" in r) == 2 and any(r == ["跟踪至第 6 周"] for r in rows)


LITE_PROBE = """
import json, sys
import main
args = json.load(open("args.json", encoding="utf-8"))
mix, weekly, reps = args["mix"], args["weekly"], args["reps"]
out = {
    "split": main.quota_split(600000, reps), "plan": main.quota_plan(mix, "小王", 300000),
    "pace": main.quota_pace(mix, 300000, 52, 12, "小王"), "gap": main.pace_gap(weekly, mix, "小李", 6, 300000),
    "visits": main.visits_needed(3, 8, 1 / 3), "bad": main.opportunities_needed(3, 0),
}
sys.path.append(args["repo"])  # only now, for the test's fake Book (openpyxl only)
from tests.fakebook import FakeBook
book = FakeBook.open("demo.xlsx")
main.write_quota_plan(book)
out["full_plan"] = [[c.value for c in row] for row in book.wb["分解明细"].iter_rows()]
print(json.dumps(out, ensure_ascii=False))
"""


def test_embedded_main_py_gives_the_same_results_as_udfs(tmp_path):
    import json
    from pathlib import Path

    from tests.test_templates import run_main_py
    from xlsales.templates.build import main_py
    from xlsales.templates.quota import SPEC

    repo = str(Path(__file__).resolve().parents[1])
    args = {"mix": WORKED_MIX, "weekly": WORKED_WEEKLY, "reps": WORKED_REPS, "repo": repo}
    (tmp_path / "args.json").write_text(json.dumps(args, ensure_ascii=False), encoding="utf-8")
    build("zh-CN", demo_quota()).save(tmp_path / "demo.xlsx")
    lite = json.loads(run_main_py(main_py(SPEC), LITE_PROBE, tmp_path))
    book = _book()
    Q.write_quota_plan(book)
    assert lite == json.loads(json.dumps({
        "split": Q.quota_split(600_000, WORKED_REPS), "plan": Q.quota_plan(WORKED_MIX, "小王", 300_000),
        "pace": Q.quota_pace(WORKED_MIX, 300_000, 52, 12, "小王"),
        "gap": Q.pace_gap(WORKED_WEEKLY, WORKED_MIX, "小李", 6, 300_000),
        "visits": Q.visits_needed(3, 8, 1 / 3), "bad": Q.opportunities_needed(3, 0),
        "full_plan": [[c.value for c in row] for row in book.wb["分解明细"].iter_rows()],
    }, ensure_ascii=False))
    assert lite["visits"] == 72
    assert lite["bad"].startswith("#XLSALES! ") and "win rate must be in (0, 100%]" in lite["bad"]


def test_functions_take_the_templates_whole_tables():
    """=QUOTA_PLAN(QuotaMix[#All]) passes the computed columns too; they are ignored, not misread."""
    wb = build("zh-CN", demo_quota())

    def table(sheet: str, name: str) -> list[list]:
        return [[c.value for c in row] for row in wb[sheet][wb[sheet].tables[name].ref]]

    mix, weekly, reps = table("产品组合", "QuotaMix"), table("周跟踪", "QuotaWeekly"), table("目标与人员", "QuotaReps")
    assert len(mix[0]) > len(MIX_COLUMNS) and isinstance(mix[1][-1], str) and mix[1][-1].startswith("=")
    assert Q.quota_plan(mix, "小王", 300_000)[6][-2] == pytest.approx(252)
    assert Q.pace_gap(weekly, mix, "小王", 6, 300_000)[4][4] == pytest.approx(300_000 / 52 * 6 - 22_000)
    assert [r[3] for r in Q.quota_split(600_000, reps)[1:3]] == [300_000, 300_000]
