"""The quota workbook recalculated by LibreOffice 25.2: no error cells, and every native figure equals the Python core.

Two cases: the texts' worked case (demo copy, both languages), and a variant that takes the other
branches of the formulas: split by ability weight, one rep with a mix of their own, a visit pace
above a rep's capacity, no current week set (the latest reported week is tracked).
"""

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from xlsales import libreoffice
from xlsales.quota import layout as L
from xlsales.quota.demo import DemoQuota, demo_quota, sheets
from xlsales.quota.plan import line_plan
from xlsales.quota.team import plan_team
from xlsales.quota.tracking import cumulative_by_week
from xlsales.quota.vocab import FUNNEL_ORDER
from xlsales.quota.workbook import parse_workbook
from xlsales.templates.build import write_workbook
from xlsales.templates.quota import MIX, PLAN, SPEC, TRACK, WEEK

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]


def variant() -> DemoQuota:
    data = demo_quota()
    settings = data.settings.model_copy(update={"split": "weighted", "current_week": None})
    reps = [dict(data.reps[0], capacity=4), data.reps[1]]
    own = [{"rep": "小李", "product_line": "旗舰项目", "unit_price": 90_000, "count": 4, "visits_per_deal": 10,
            "win_rate": 0.25}]
    weekly = [w for w in data.weekly if not (w["rep"] == "小李" and w["week"] == 6)]
    return DemoQuota(settings=settings, reps=reps, mix=data.mix + own, weekly=weekly)


CASES = {"worked-zh": ("zh-CN", demo_quota), "worked-en": ("en", demo_quota), "variant-zh": ("zh-CN", variant)}


@pytest.fixture(scope="module", params=list(CASES))
def recalculated(request, tmp_path_factory):
    lang, make = CASES[request.param]
    data = make()
    folder = tmp_path_factory.mktemp(request.param)
    source = write_workbook(SPEC, lang, folder / "quota-demo.xlsx", data)
    result = libreoffice.recalculate(source, folder / "out")
    inputs = parse_workbook(sheets(data, lang))
    assert inputs.usable, [p.message() for p in inputs.problems]
    team = plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)
    return request.param, lang, result, load_workbook(result, data_only=True), team, inputs


def _sheet(wb, name):
    return wb[name.zh] if name.zh in wb.sheetnames else wb[name.en]


def _same(cell, expected) -> bool:
    if expected is None or (isinstance(expected, float) and pd.isna(expected)):
        return cell in (None, "")
    if isinstance(expected, (bool, np.bool_)):
        return cell is bool(expected)
    return cell == pytest.approx(float(expected), rel=1e-9, abs=1e-6)


def test_no_error_cells(recalculated):
    _, _, result, *_ = recalculated
    assert libreoffice.error_cells(result) == []


def test_plan_key_figures_match_core(recalculated):
    name, _, _, wb, team, _ = recalculated
    ws = _sheet(wb, L.SHEET_PLAN)
    total = team.reconciliation
    expected = {
        "company_target": total.company_target, "top_down_total": total.top_down_total,
        "bottom_up_total": total.bottom_up_total, "reconciliation_gap": total.gap,
        "reps_without_bottom_up": len(total.reps_without_bottom_up), "working_weeks": team.settings.working_weeks,
        "tracked_week": team.week, "mix_short": int((team.reps["mix_gap"] < -1e-6).sum()),
        "over_capacity": int(team.reps["over_capacity"].sum()),
    }
    for key, (row, _) in L.PLAN_FIGURES.items():
        assert _same(ws[f"B{row}"].value, expected[key]), (key, ws[f"B{row}"].value, expected[key])
    assert ws[f"B{L.PLAN_FIGURES['over_capacity'][0]}"].value == (1 if name == "variant-zh" else 0)


def test_plan_rows_match_core(recalculated):
    name, _, _, wb, team, _ = recalculated
    ws = _sheet(wb, L.SHEET_PLAN)
    core = team.reps.merge(team.split, on="rep")
    for i, rep in enumerate(core.itertuples(index=False)):
        row = L.PLAN_FIRST_ROW + i
        values = rep._asdict()
        assert ws[f"{PLAN['rep']}{row}"].value == values["rep"]
        for key in L.PLAN_COLUMNS:
            if key in ("n", "rep", "mix_source"):
                continue
            assert _same(ws[f"{PLAN[key]}{row}"].value, values[key]), (rep.rep, key, ws[f"{PLAN[key]}{row}"].value,
                                                                         values[key])
    assert ws[f"{PLAN['rep']}{L.PLAN_FIRST_ROW + len(core)}"].value in (None, "")
    if name == "variant-zh":  # the other branches: weights 1 : 1.2, 小李's own mix, 小王 over capacity
        assert core["top_down"].tolist() == pytest.approx([600_000 / 2.2, 600_000 * 1.2 / 2.2])
        assert ws[f"{PLAN['mix_source']}{L.PLAN_FIRST_ROW + 1}"].value == "小李"
        assert core["over_capacity"].tolist() == [True, False]


def test_mix_columns_match_core(recalculated):
    _, _, _, wb, _, inputs = recalculated
    ws = _sheet(wb, L.SHEET_MIX)
    lines = line_plan(inputs.mix.frame)
    for line in lines.itertuples():
        values = line._asdict()
        for key in ("amount", "rounding", "opportunities_by_win", "opportunities_override", "opportunities_planned",
                    "visits"):
            assert _same(ws[f"{MIX[key]}{line.row}"].value, values[key]), (line.product_line, key)
        note = ws[f"{MIX['note']}{line.row}"].value or ""
        assert bool(note) == (line.override_differs or abs(line.rounding) > 0.005 or pd.isna(line.visits))


def test_weekly_columns_match_core(recalculated):
    _, _, _, wb, team, _ = recalculated
    ws = _sheet(wb, L.SHEET_TRACKING)
    for week in team.weekly.itertuples():
        values = week._asdict()
        for activity in FUNNEL_ORDER:
            for key in (f"{activity}_to_date", f"{activity}_pace_to_date"):
                assert _same(ws[f"{WEEK[key]}{week.row}"].value, values[key]), (week.rep, week.week, key)


def test_tracking_summary_matches_core(recalculated):
    name, _, _, wb, team, _ = recalculated
    ws = _sheet(wb, L.SHEET_TRACKING)
    assert str(team.week) in ws.cell(L.TRACKING_HEADER_ROW - 1, L.TRACKING_COLUMN).value
    for i, line in enumerate(team.tracking.itertuples()):
        row = L.TRACKING_HEADER_ROW + 1 + i
        values = line._asdict()
        assert ws[f"{TRACK['rep']}{row}"].value == line.rep
        for key in ("per_week", "pace_to_date", "actual_to_date", "shortfall", "attainment", "needed_per_week"):
            assert _same(ws[f"{TRACK[key]}{row}"].value, values[key]), (line.rep, line.activity, key)
        assert bool(ws[f"{TRACK['bottleneck']}{row}"].value) == line.bottleneck, (line.rep, line.activity)
    assert team.tracking["bottleneck"].sum() == (1 if name == "variant-zh" else 2)  # the case is not vacuous


def test_chart_rows_match_core(recalculated):
    _, _, _, wb, team, _ = recalculated
    ws = _sheet(wb, L.SHEET_CHART)
    rep = ws[L.CHART_REP_CELL].value
    running = cumulative_by_week(team.weekly, team.pace, team.settings.working_weeks)
    running = running[running["rep"] == rep].reset_index(drop=True)
    keys = [("opportunities_to_date", 2), ("opportunities_pace_to_date", 3), ("visits_to_date", 4),
            ("visits_pace_to_date", 5), ("signed_to_date", 6), ("collected_to_date", 7), ("signed_pace_to_date", 8)]
    for week in running.itertuples():
        row = L.CHART_FIRST_ROW + week.week - 1
        assert ws.cell(row, 1).value == week.week
        for key, col in keys:
            assert _same(ws.cell(row, col).value, getattr(week, key)), (week.week, key)
    assert ws.cell(L.CHART_FIRST_ROW + team.settings.working_weeks, 1).value in (None, "")
