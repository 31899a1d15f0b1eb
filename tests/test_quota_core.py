"""The quota core on the texts' worked case (exact figures) and on hand-computed cases."""

import math

import pandas as pd
import pytest

from tests.quota_cases import HAND_MIX, HAND_REPS, HAND_WEEKLY, WORKED
from xlsales.quota import layout as L
from xlsales.quota.demo import demo_quota, sheets
from xlsales.quota.inputs import parse_mix, parse_reps, parse_weekly
from xlsales.quota.plan import (assign_lines, deals_needed, line_plan, opportunities_needed, pace_table, rep_plan,
                                visits_needed)
from xlsales.quota.split import reconcile, split_target
from xlsales.quota.team import plan_team
from xlsales.quota.tracking import track, weekly_against_pace
from xlsales.quota.workbook import parse_workbook


# the count cells of the five lines of the demo's standard mix, where a mix-short warning points
MIX_COUNTS = f"{L.MIX.letter('count')}{L.MIX.first_row}:{L.MIX.letter('count')}{L.MIX.first_row + 4}"


@pytest.fixture(scope="module")
def worked():
    inputs = parse_workbook(WORKED)
    assert inputs.problems == [] and inputs.usable
    return plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)


# ---- seed 001, 工序化销售: the worked case ----------------------------------------------------------

def test_sixty_wan_for_two_reps_is_thirty_wan_each(worked):
    assert worked.split["rep"].tolist() == ["小王", "小李"]
    assert worked.split["top_down"].tolist() == [300_000, 300_000]
    assert worked.reconciliation.top_down_total == 600_000


def test_mix_lines_as_the_text_gives_them(worked):
    lines = worked.lines[worked.lines["rep"] == "小王"].set_index("product_line")
    assert lines["amount"].to_dict() == {"小项目": 120_000, "大财务": 96_000, "小财务": 48_000, "耗材": 20_000,
                                         "服务费": 10_000}
    # the text's rounded amounts are kept beside the computed ones: 8千×12 = 9.6万 "≈10万", 2千×24 = 4.8万 "≈5万"
    assert lines["rounding"].to_dict() == {"小项目": 0, "大财务": 4_000, "小财务": 2_000, "耗材": 0, "服务费": 0}
    assert lines["visits"].iloc[:3].tolist() == pytest.approx([72, 108, 72])  # 8×3×3, 3×12×3, 1.5×24×2
    assert lines["standard"].all()


def test_total_visits_are_252_and_the_weekly_pace_about_5(worked):
    for rep in worked.reps.itertuples():
        assert rep.visits == pytest.approx(252)
        assert rep.visits_per_week == pytest.approx(252 / 52)  # 4.85
        assert rep.visits_per_week_rounded == 5
        assert rep.visits_per_month == pytest.approx(21)
        assert rep.deals == 39  # 3 + 12 + 24: the lines worked through visits and a win rate


def test_opportunities_override_222_beside_deals_over_win_rate_93(worked):
    lines = worked.lines[worked.lines["rep"] == "小王"].set_index("product_line")
    assert lines["opportunities_by_win"].iloc[:3].tolist() == pytest.approx([9, 36, 48])
    assert lines["opportunities_override"].iloc[:3].tolist() == [30, 72, 120]  # 3×10, 12×6, 24×5
    assert lines["override_differs"].iloc[:3].all() and not lines["override_differs"].iloc[3:].any()
    rep = worked.reps.iloc[0]
    assert (rep["opportunities_planned"], rep["opportunities_by_win"]) == pytest.approx((222, 93))
    assert rep["opportunities_per_week_rounded"] == 5  # the text's "商机5个" per week: 222 / 52 = 4.27
    assert rep["opportunities_by_win_per_week"] == pytest.approx(93 / 52)


def test_without_the_override_opportunities_are_deals_over_win_rate():
    mix = [row[:7] for row in WORKED["产品组合"]]  # drop the opportunities-per-deal column
    lines = line_plan(parse_mix(mix, "产品组合").frame)
    assert lines["opportunities_planned"].sum() == pytest.approx(93)
    assert lines["visits"].sum() == pytest.approx(252)


def test_52_working_weeks_is_the_reading_that_gives_the_texts_5_and_5():
    assert (math.ceil(252 / 52), math.ceil(222 / 52)) == (5, 5)
    assert math.ceil(252 / 50) == 6  # a 50-week year would not give the text's 5 visits


def test_the_mix_short_of_30_wan_is_shown_not_hidden(worked):
    rep = worked.reps.iloc[0]
    assert (rep["mix_amount"], rep["mix_gap"], rep["stated_amount"]) == (294_000, -6_000, 300_000)
    short = [w for w in worked.warnings if "294,000" in w.expected_zh]
    assert len(short) == 2 and all(w.where == f"{L.SHEET_MIX.zh}!{MIX_COUNTS}" and w.severity == "warning"
                                   for w in short)


def test_lines_without_visits_or_win_rate_need_none(worked):
    lines = worked.lines.set_index("product_line")
    assert lines.loc[["耗材", "服务费"], ["visits", "opportunities_by_win", "opportunities_planned"]].isna().all().all()


def test_worked_tracking_finds_each_reps_bottleneck(worked):
    assert worked.week == 6
    tracking = worked.tracking.set_index(["rep", "activity"])
    assert tracking.loc[("小王", "collected"), "shortfall"] == pytest.approx(300_000 / 52 * 6 - 22_000)
    assert tracking.loc[("小王", "collected"), "bottleneck"]
    assert tracking.loc[("小李", "opportunities"), "bottleneck"]  # 16 against 25.6: furthest behind
    assert tracking.loc[("小李", "visits"), "behind"] and not tracking.loc[("小李", "visits"), "bottleneck"]
    assert worked.tracking["bottleneck"].sum() == 2


# ---- hand-computed cases -----------------------------------------------------------------------

def test_equal_split_ignores_weights():
    reps = parse_reps(HAND_REPS, "人员", "equal").frame
    split = split_target(500_000, reps, "equal")
    assert split["top_down"].tolist() == [250_000, 250_000]


def test_split_by_ability_weight():
    reps = parse_reps([HAND_REPS[0], ["A", 1, 120_000, None], ["B", 2, 180_000, None], ["C", 2, None, None]],
                      "人员", "weighted").frame
    split = split_target(500_000, reps, "weighted")
    assert split["top_down"].tolist() == pytest.approx([100_000, 200_000, 200_000])
    assert split["share"].tolist() == pytest.approx([0.2, 0.4, 0.4])
    assert split["gap"].tolist()[:2] == pytest.approx([20_000, -20_000]) and pd.isna(split["gap"].iloc[2])
    total = reconcile(500_000, split)
    assert (total.bottom_up_total, total.gap, total.reps_without_bottom_up) == (300_000, -200_000, ["C"])


def test_hand_computed_mix_and_pace():
    lines = line_plan(parse_mix(HAND_MIX, "产品组合").frame)
    assert lines["amount"].tolist() == [50_000, 20_000, 10_000]
    assert lines["opportunities_by_win"].tolist()[:2] == [20, 8]
    assert lines["opportunities_planned"].tolist()[:2] == [20, 12]
    assert lines["visits"].tolist()[:2] == [80, 16]
    reps = parse_reps(HAND_REPS, "人员", "equal")
    assigned = assign_lines(lines, ["甲", "乙"])
    targets = pd.DataFrame({"rep": ["甲", "乙"], "target": [80_000, 100_000], "capacity": reps.frame["capacity"]})
    plan = rep_plan(targets, assigned, weeks=12, months=3, default_capacity=10).set_index("rep")
    assert plan.loc["甲", ["mix_amount", "visits", "opportunities_planned", "opportunities_by_win"]].tolist() == [
        80_000, 96, 32, 28]
    assert plan.loc["甲", "visits_per_week"] == 8 and plan.loc["甲", "visits_per_month"] == 32
    assert plan.loc["甲", "opportunities_per_week_rounded"] == 3
    assert plan.loc["甲", "over_capacity"] and not plan.loc["乙", "over_capacity"]  # 8 > 7; 8 <= default 10
    assert plan.loc["乙", "mix_gap"] == -20_000
    pace = pace_table(plan.reset_index(), 12, 3).set_index(["rep", "activity"])
    assert pace.loc[("乙", "signed"), "per_month"] == pytest.approx(100_000 / 3)
    assert pace.loc[("甲", "opportunities"), "per_week_rounded"] == 3


def test_hand_computed_tracking():
    lines = line_plan(parse_mix(HAND_MIX, "产品组合").frame)
    targets = pd.DataFrame({"rep": ["甲"], "target": [80_000], "capacity": [None]})
    plan = rep_plan(targets, assign_lines(lines, ["甲"]), 12, 3, 10)
    pace = pace_table(plan, 12, 3)
    weekly = parse_weekly(HAND_WEEKLY, "周跟踪", ["甲"], 12).frame
    result = track(weekly, pace, weeks=12, week=3).set_index("activity")
    assert result["actual_to_date"].tolist() == [9, 21, 25_000, 10_000]
    assert result["pace_to_date"].tolist() == pytest.approx([8, 24, 20_000, 20_000])
    assert result["shortfall"].tolist() == pytest.approx([0, 3, 0, 10_000])
    assert result.loc["visits", "attainment"] == pytest.approx(0.875)
    assert result["bottleneck"].tolist() == [False, False, False, True]  # collections at 50% beat visits at 87.5%
    assert result.loc["collected", "needed_per_week"] == pytest.approx(70_000 / 9)
    assert result.loc["visits", "needed_per_week"] == pytest.approx(75 / 9)
    rows = weekly_against_pace(weekly, pace, 12).set_index("week")
    assert rows["visits_to_date"].tolist() == [8, 14, 21, 30]
    assert rows["visits_behind"].tolist() == [False, True, True, True]  # 8 ≥ 8, 14 < 16, 21 < 24, 30 < 32
    assert rows["collected_behind"].tolist() == [True, True, True, True]


def _first_week(opportunities: float, visits: float) -> pd.DataFrame:
    """甲's week 1 of 10 against a pace of 1 opportunity, 2 visits, 10 signed and 10 collected a week; the signed
    and collected on pace."""
    pace = pd.DataFrame({"rep": ["甲"] * 4, "activity": ["opportunities", "visits", "signed", "collected"],
                         "total": [10.0, 20, 100, 100], "per_week": [1.0, 2, 10, 10]})
    weekly = pd.DataFrame({"rep": ["甲"], "week": [1], "opportunities": [opportunities], "visits": [visits],
                           "signed": [10.0], "collected": [10.0]})
    return track(weekly, pace, weeks=10, week=1)


def test_a_bottleneck_tie_goes_to_the_earlier_activity():
    assert _first_week(0.5, 1.0)["bottleneck"].tolist() == [True, False, False, False]  # both at 50%


def test_nobody_behind_means_no_bottleneck():
    assert not _first_week(1.0, 2.0)["bottleneck"].any()


def test_scalar_helpers():
    assert deals_needed(120_000, 40_000) == 3
    assert deals_needed(100_000, 8_000) == 13  # 12.5: twelve would fall short (the text's "≈10万")
    assert deals_needed(0, 8_000) == 0
    assert opportunities_needed(3, 1 / 3) == pytest.approx(9)
    assert visits_needed(24, 1.5, 0.5) == pytest.approx(72)
    for call in (lambda: opportunities_needed(3, 0), lambda: visits_needed(3, 8, 1.2), lambda: deals_needed(1, 0),
                 lambda: visits_needed(-1, 8, 0.5)):
        with pytest.raises(ValueError):
            call()


def test_english_workbook_reads_the_same():
    inputs = parse_workbook(sheets(demo_quota(), "en"))
    assert inputs.problems == [] and inputs.target_sheet == "Target and reps"
    team = plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)
    assert team.reps["visits"].tolist() == pytest.approx([252, 252])
    assert team.warnings[0].where == f"{L.SHEET_MIX.en}!{MIX_COUNTS}"
