"""The quota functions typed into LibreOffice Calc cells of the demo copy, computed by the workbook's own main.py
through the bridge profile (tests/lo_bridge.py), read back and compared with the Python core and with the texts'
worked case (seed 001: 60万 for two reps → 30万 each; 252 visits; 93 opportunities by win rate against the text's
222; about 5 visits a week)."""

import os
from typing import Any

import pytest
from openpyxl import load_workbook

import udfs.quota as Q
from tests.lo_compare import assert_calc_equals_python, assert_every_function_called, compute_in_calc
from xlsales import libreoffice
from xlsales.quota import layout as L
from xlsales.quota import plan as P
from xlsales.quota import report as R
from xlsales.quota.demo import sheets as demo_sheets
from xlsales.quota.labels import BOTTLENECK_MARK
from xlsales.quota.team import plan_team
from xlsales.quota.vocab import ACTIVITIES, COLLECTED, OPPORTUNITIES, SPLIT_METHODS, VISITS
from xlsales.quota.workbook import parse_workbook
from xlsales.templates.build import write_workbook
from xlsales.templates.quota import SPEC

# Skip where LibreOffice is missing, but never in CI, where scripts/test.sh installs it.
pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available() and not os.environ.get("CI"),
                                 reason="LibreOffice (soffice) not installed")]
SHEET = "函数"
# 产品组合 rows of 小项目, 大财务, 小财务: the lines with visits and a win rate
FUNNEL_LINES = [L.MIX.first_row + i for i in range(3)]
FIRST_BLOCK_ROW = 7
BOTTLENECK = f"{BOTTLENECK_MARK.zh} {BOTTLENECK_MARK.en}"


def _table(wb, sheet: str, name: str) -> list[list[Any]]:
    """A table's cells with its header, as =F(Name[#All]) hands them over (computed columns as formulas here:
    the functions ignore them, in Excel they arrive as values)."""
    return [[c.value for c in row] for row in wb[sheet][wb[sheet].tables[name].ref]]


@pytest.fixture(scope="module")
def quota(tmp_path_factory):
    """The zh-CN demo copy with a sheet of formulas calling every quota function over the workbook's own tables
    and parameter names, recalculated by LibreOffice with the bridge running the workbook's main.py.
    Returns (cell or block -> value read back, the same calls made in Python, the core's team plan)."""
    folder = tmp_path_factory.mktemp("lo-quota")
    data = SPEC.demo_data()
    source = write_workbook(SPEC, "zh-CN", folder / "quota-demo.xlsx", data)
    wb = load_workbook(source)
    mix = _table(wb, L.SHEET_MIX.zh, L.MIX.name)
    reps = _table(wb, L.SHEET_TARGET.zh, L.REPS.name)
    weekly = _table(wb, L.SHEET_TRACKING.zh, L.WEEKLY.name)
    line = {r: {c.key: wb[L.SHEET_MIX.zh][f"{L.MIX.letter(c.key)}{r}"].value for c in L.MIX.columns}
            for r in FUNNEL_LINES}
    inputs = parse_workbook(demo_sheets(data))
    team = plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)
    settings = team.settings

    formulas: dict[str, str] = {}
    expected: dict[str, Any] = {}
    def at(key: str, r: int) -> str:
        return f"{L.SHEET_MIX.zh}!{L.MIX.letter(key)}{r}"

    for i, r in enumerate(FUNNEL_LINES, start=1):
        unit_price, count, amount, visits_per_deal, win_rate = (line[r][k] for k in (
            "unit_price", "count", "stated_amount", "visits_per_deal", "win_rate"))
        formulas[f"A{i}"] = f"=DEALS_NEEDED({at('stated_amount', r)},{at('unit_price', r)})"
        formulas[f"B{i}"] = f"=OPPORTUNITIES_NEEDED({at('count', r)},{at('win_rate', r)})"
        formulas[f"C{i}"] = f"=VISITS_NEEDED({at('count', r)},{at('visits_per_deal', r)},{at('win_rate', r)})"
        expected[f"A{i}"] = P.deals_needed(amount, unit_price)
        expected[f"B{i}"] = P.opportunities_needed(count, win_rate)
        expected[f"C{i}"] = P.visits_needed(count, visits_per_deal, win_rate)
    formulas["B4"], formulas["C4"] = "=SUM(B1:B3)", "=SUM(C1:C3)"  # Calc totals our cells
    expected["B4"] = sum(expected[f"B{i}"] for i in (1, 2, 3))
    expected["C4"] = sum(expected[f"C{i}"] for i in (1, 2, 3))
    formulas["A5"] = f"=OPPORTUNITIES_NEEDED({at('count', FUNNEL_LINES[0])},0)"  # a win rate of 0
    expected["A5"] = Q.opportunities_needed(float(line[FUNNEL_LINES[0]]["count"]), 0.0)

    # Table results as array formulas, one block under the other. The split's rows give the rep and target
    # the later blocks use, so one of our results feeds the next call in Calc.
    split = Q.quota_split(settings.company_target, reps, SPLIT_METHODS[settings.split].zh)
    wang, li = FIRST_BLOCK_ROW + 1, FIRST_BLOCK_ROW + 2
    wang_target, li_target = split[1][3], split[2][3]
    blocks = {
        "split": ("=QUOTA_SPLIT(QuotaTarget,QuotaReps[#All],QuotaSplit)", split),
        "plan": (f"=QUOTA_PLAN(QuotaMix[#All],A{wang},D{wang})", Q.quota_plan(mix, "小王", wang_target)),
        "pace": (f"=QUOTA_PACE(QuotaMix[#All],D{wang},QuotaWeeks,QuotaMonths,A{wang})",
                 Q.quota_pace(mix, wang_target, settings.working_weeks, settings.months, "小王")),
        "gap 小王": (f"=PACE_GAP(QuotaWeekly[#All],QuotaMix[#All],A{wang},QuotaWeek,D{wang},QuotaWeeks)",
                    Q.pace_gap(weekly, mix, "小王", settings.current_week, wang_target, settings.working_weeks)),
        "gap 小李": (f"=PACE_GAP(QuotaWeekly[#All],QuotaMix[#All],A{li},QuotaWeek,D{li},QuotaWeeks)",
                    Q.pace_gap(weekly, mix, "小李", settings.current_week, li_target, settings.working_weeks)),
    }
    expected.update({name: table for name, (_, table) in blocks.items()})
    ws, block_values = compute_in_calc(wb, folder, SPEC, SHEET, formulas, blocks, FIRST_BLOCK_ROW)
    values = {cell: ws[cell].value for cell in formulas}
    values.update(block_values)
    texts = [f for f in formulas.values()] + [f for f, _ in blocks.values()]
    return values, expected, team, texts


def test_every_quota_function_is_called_from_the_sheet(quota):
    assert_every_function_called("udfs.quota", ["QUOTA_SPLIT", "DEALS_NEEDED", "OPPORTUNITIES_NEEDED", "VISITS_NEEDED",
                                                "QUOTA_PLAN", "QUOTA_PACE", "PACE_GAP"], quota[-1])


def test_every_cell_equals_the_python_call(quota):
    values, expected, _, _ = quota
    assert_calc_equals_python(values, expected)


def test_split_and_plan_equal_the_core(quota):
    values, _, team, _ = quota
    split, plan, pace = values["split"], values["plan"], values["pace"]
    core_split = team.split
    assert [r[0] for r in split[1:-1]] == list(core_split["rep"])
    assert [r[3] for r in split[1:-1]] == pytest.approx(list(core_split["top_down"]))
    assert [r[4] for r in split[1:-1]] == pytest.approx(list(core_split["bottom_up"]))
    wang = team.reps.set_index("rep").loc["小王"]
    total = plan[1 + int(wang["lines"])]
    for key in ("opportunities_by_win", "opportunities_planned", "visits"):
        assert total[R.PLAN_KEYS.index(key)] == pytest.approx(wang[key]), key
    assert total[R.PLAN_KEYS.index("amount")] == pytest.approx(wang["mix_amount"])
    core_pace = team.pace[team.pace["rep"] == "小王"]
    assert [r[0] for r in pace[1:]] == [f"{ACTIVITIES[a].zh} {ACTIVITIES[a].en}" for a in core_pace["activity"]]
    for j, key in enumerate(R.PACE_KEYS, start=1):
        assert [r[j] for r in pace[1:]] == pytest.approx(list(core_pace[key])), key


def test_pace_gap_equals_the_core_tracking(quota):
    values, _, team, _ = quota
    for rep in ("小王", "小李"):
        gap, core = values[f"gap {rep}"], team.tracking[team.tracking["rep"] == rep]
        for j, key in enumerate(R.TRACK_KEYS, start=1):
            assert [r[j] for r in gap[1:]] == pytest.approx(list(core[key]), nan_ok=True), (rep, key)
        assert [r[6] == BOTTLENECK for r in gap[1:]] == list(core["bottleneck"]), rep


def test_the_texts_worked_case(quota):
    """The seed's figures, written out: not taken from the core, so the core and the bridge cannot agree on
    a wrong number."""
    values, _, _, _ = quota
    assert [r[3] for r in values["split"][1:]] == [300_000, 300_000, 600_000]  # 60万 → 30万 each
    assert [values[c] for c in ("A1", "A2", "A3")] == [3, 13, 25]  # 12万 ÷ 4万, 10万 ÷ 8千 ↑, 5万 ÷ 2千
    assert [values[c] for c in ("C1", "C2", "C3")] == pytest.approx([8 * 3 * 3, 3 * 12 * 3, 1.5 * 24 * 2])
    assert values["B4"] == pytest.approx(3 * 3 + 12 * 3 + 24 * 2) == 93
    assert values["C4"] == pytest.approx(252)
    total = values["plan"][6]
    assert total[0] == "合计 Total"
    assert total[R.PLAN_KEYS.index("visits")] == pytest.approx(252)
    assert total[R.PLAN_KEYS.index("opportunities_by_win")] == pytest.approx(93)
    assert total[R.PLAN_KEYS.index("opportunities_override")] == 3 * 10 + 12 * 6 + 24 * 5 == 222
    assert total[R.PLAN_KEYS.index("amount")] == 294_000 and values["plan"][7][R.PLAN_KEYS.index("amount")] == 300_000
    pace = {row[0].split(" ")[0]: row[1:] for row in values["pace"][1:]}
    assert pace[ACTIVITIES[VISITS].zh] == pytest.approx([252, 252 / 52, 5, 21])  # ≈ 4.85 a week → 5
    assert pace[ACTIVITIES[OPPORTUNITIES].zh][2] == 5  # 222 ÷ 52 ≈ 4.27 → 5


def test_each_rep_is_behind_most_on_a_different_activity(quota):
    """Six weeks of the demo's actuals: 小王 has collected 22,000 against 300,000 ÷ 52 × 6; 小李 lags on
    opportunities."""
    values, _, _, _ = quota
    necks = {rep: [r[0] for r in values[f"gap {rep}"][1:] if r[6] == BOTTLENECK] for rep in ("小王", "小李")}
    collections, opportunities = (f"{ACTIVITIES[a].zh} {ACTIVITIES[a].en}" for a in (COLLECTED, OPPORTUNITIES))
    assert necks == {"小王": [collections], "小李": [opportunities]}
    collected = next(r for r in values["gap 小王"] if r[0] == collections)
    assert collected[3] == 22_000 and collected[4] == pytest.approx(300_000 / 52 * 6 - 22_000)


def test_a_bad_argument_reads_as_a_message_in_the_cell(quota):
    values, _, _, _ = quota
    assert values["A5"].startswith("#XLSALES! ") and "win rate must be in (0, 100%]" in values["A5"]
