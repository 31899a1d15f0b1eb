"""A recalculated quota workbook against the Python core: every figure the sheets show, found by the description's
keys (xlsales/quota/layout.py), compared with the core's value. Each function returns the differences found
(what, the sheet's value, the core's value), so a test asserts an empty list and a failure says where."""

from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.workbook_values import block_rows, cell
from xlsales.i18n import Lang
from xlsales.layout import Table
from xlsales.quota import layout as L
from xlsales.quota.plan import is_short, line_plan
from xlsales.quota.team import TeamPlan, plan_team
from xlsales.quota.tracking import pace_chart, team_signing_chart
from xlsales.quota.vocab import EVERYONE, FUNNEL_ORDER, folded
from xlsales.quota.workbook import QuotaInputs, parse_workbook
from xlsales.sheets import Sheets, TableExtent

Differences = list[tuple[Any, ...]]


def same(got: Any, want: Any) -> bool:
    if want is None or (isinstance(want, float) and np.isnan(want)):
        return got in (None, "")
    if isinstance(want, (bool, np.bool_)):
        return isinstance(got, (bool, int, float)) and bool(got) == bool(want) and got not in ("",)
    if isinstance(want, str):
        return got == want
    return isinstance(got, (int, float)) and not isinstance(got, bool) and got == pytest.approx(float(want), rel=1e-9,
                                                                                               abs=1e-6)


def core(sheets: Sheets, tables: dict[str, TableExtent] | None) -> tuple[TeamPlan, QuotaInputs]:
    """The core's plan from the file's own inputs: the rows without problems, the first MAX_REPS reps (what the sheets
    list), whatever else the file's problems are."""
    inputs = parse_workbook(sheets, tables)
    assert inputs.settings is not None and inputs.reps is not None, [p.message() for p in inputs.problems]
    inputs.reps.frame = inputs.reps.frame.iloc[:L.MAX_REPS]
    return plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet), inputs


def key_figures(wb: Any, lang: Lang, team: TeamPlan, errors: int) -> Differences:
    value = cell(wb, L.PLAN, lang)
    total = team.reconciliation
    want = {
        "company_target": total.company_target, "top_down_total": total.top_down_total,
        "bottom_up_total": total.bottom_up_total, "reconciliation_gap": total.gap,
        "reps_without_bottom_up": len(total.reps_without_bottom_up), "working_weeks": team.settings.working_weeks,
        "tracked_week": team.week, "mix_short": int(is_short(team.reps["mix_gap"]).sum()),
        "over_capacity": int(team.reps["over_capacity"].sum()), "problems": errors,
    }
    return [(key, value(key), expected) for key, expected in want.items() if not same(value(key), expected)]


def plan_rows(wb: Any, lang: Lang, team: TeamPlan) -> Differences:
    rows = block_rows(wb, L.PLAN, "reps", lang)
    plan = team.reps.merge(team.split, on="rep")
    out: Differences = []
    for i, rep in enumerate(plan.to_dict("records")):
        got = rows[i]
        want = dict(rep, mix_source=EVERYONE(lang) if rep["standard_mix"] else rep["rep"])
        for column in L.PLAN_REPS.columns:
            if column.key not in ("n", "reps_row") and not same(got[column.key], want[column.key]):
                out.append((rep["rep"], column.key, got[column.key], want[column.key]))
    out += [(i + 1, "rep", row["rep"], None) for i, row in enumerate(rows) if i >= len(plan) and row["rep"]]
    return out


def tracking_rows(wb: Any, lang: Lang, team: TeamPlan) -> Differences:
    rows = block_rows(wb, L.SUMMARY, "tracking", lang)
    out: Differences = []
    for i, line in enumerate(team.tracking.to_dict("records")):
        got = rows[i]
        if got["rep"] != line["rep"]:
            out.append((i, "rep", got["rep"], line["rep"]))
        for key in ("per_week", "pace_to_date", "actual_to_date", "shortfall", "attainment", "needed_per_week"):
            if not same(got[key], line[key]):
                out.append((line["rep"], line["activity"], key, got[key], line[key]))
        if bool(got["bottleneck"]) != bool(line["bottleneck"]):
            out.append((line["rep"], line["activity"], "bottleneck", got["bottleneck"], line["bottleneck"]))
    out += [(i, "rep", row["rep"], None) for i, row in enumerate(rows) if i >= len(team.tracking) and row["rep"]]
    return out


def table_rows(wb: Any, lang: Lang, table: Table, sheet_name: Any) -> dict[int, dict[str, Any]]:
    """The table's body rows holding any input, by sheet row: {column key: value}."""
    ws = wb[sheet_name(lang)]
    inputs = [i for i, c in enumerate(table.columns) if c.read is not None]
    out = {}
    r = table.first_row
    while True:
        values = [ws.cell(r, table.first_col + i).value for i in range(len(table.columns))]
        if all(v in (None, "") for v in values):
            break
        if any(values[i] not in (None, "") for i in inputs):
            out[r] = {c.key: v for c, v in zip(table.columns, values)}
        r += 1
    return out


def weekly_rows(wb: Any, lang: Lang, team: TeamPlan) -> Differences:
    """Each counted row's totals and pace to date; a row with a problem counts in nothing (blank)."""
    expected = {(folded(r["rep"]), r["week"]): r for r in team.weekly.to_dict("records")}
    planned = {folded(r) for r in team.reps["rep"]}
    out: Differences = []
    for row, got in table_rows(wb, lang, L.WEEKLY, L.SHEET_TRACKING).items():
        calculated = [f"{a}_{k}" for a in FUNNEL_ORDER for k in ("to_date", "pace_to_date")]
        if got["counted_week"] in (None, ""):
            out += [(row, key, got[key], None) for key in calculated if got[key] not in (None, "")]
            continue
        want = expected.get((folded(got["rep"]), got["week"]))
        if want is None or got["problems"] != 0:
            out.append((row, "counted", got["counted_week"], None))
            continue
        if folded(got["rep"]) not in planned:  # past the plan's capacity: no pace to compare with
            continue
        out += [(row, key, got[key], want[key]) for key in calculated if not same(got[key], want[key])]
    counted = sum(1 for got in table_rows(wb, lang, L.WEEKLY, L.SHEET_TRACKING).values()
                  if got["counted_week"] not in (None, ""))
    if counted != len(team.weekly):
        out.append(("counted rows", counted, len(team.weekly)))
    return out


def mix_rows(wb: Any, lang: Lang, inputs: QuotaInputs) -> Differences:
    lines = line_plan(inputs.mix.frame).set_index("row")
    out: Differences = []
    for row, got in table_rows(wb, lang, L.MIX, L.SHEET_MIX).items():
        if row not in lines.index:
            if got["problems"] in (0, None, ""):
                out.append((row, "problems", got["problems"], ">0"))
            continue
        want = lines.loc[row]
        for key in ("amount", "rounding", "opportunities_by_win", "opportunities_override", "opportunities_planned",
                    "visits"):
            if not same(got[key], want[key]):
                out.append((row, key, got[key], want[key]))
        noted = bool(want["override_differs"] or abs(want["rounding"]) > 0.005 or pd.isna(want["visits"]))
        if bool(got["note"]) != noted:
            out.append((row, "note", got["note"], noted))
    return out


CHART_ACTUALS = ("opportunities", "visits", "signed", "collected", "team_signed")  # #N/A past the tracked week


def chart_value(got: Any, want: Any, key: str, week: int) -> bool:
    """A chart cell against the core: an actual past the tracked week (NaN in the core) is #N/A, which ends the line
    (blank while nothing is tracked)."""
    if key in CHART_ACTUALS and isinstance(want, float) and np.isnan(want) and week > 0:
        return got == "#N/A"
    return same(got, want)


def chart_gaps(wb: Any, lang: Lang) -> set[str]:
    """The pace chart's cells that hold #N/A on purpose (the actuals past the tracked week: the team's, and the chosen
    rep's when there is one), as error_cells names them."""
    value = cell(wb, L.CHART, lang)
    week, block, name = value("tracked_week"), L.CHART_WEEKS, L.SHEET_CHART(lang)
    keys = CHART_ACTUALS if value("plan_row") not in (None, "") else ("team_signed",)
    return {f"{name}!{block.letter(key)}{block.first_row + k}"
            for k, row in enumerate(block_rows(wb, L.CHART, "weeks", lang))
            if week and isinstance(row["week"], (int, float)) and row["week"] > week for key in keys}


def chart_rows(wb: Any, lang: Lang, team: TeamPlan) -> Differences:
    rep = cell(wb, L.CHART, lang)("rep")
    weeks = team.settings.working_weeks
    running = pace_chart(team.weekly, team.pace, weeks, team.week)
    team_line = team_signing_chart(team.weekly, team.pace, weeks, team.week).set_index("week")
    mine = running[running["rep"] == rep].set_index("week")
    assert len(mine), f"the chart's rep {rep!r} is not in the plan"
    keys = {"opportunities": "opportunities_to_date", "opportunities_pace": "opportunities_pace_to_date",
            "visits": "visits_to_date", "visits_pace": "visits_pace_to_date", "signed": "signed_to_date",
            "collected": "collected_to_date", "amount_pace": "signed_pace_to_date"}
    out: Differences = []
    for k, got in enumerate(block_rows(wb, L.CHART, "weeks", lang), start=1):
        if k > team.settings.working_weeks:
            out += [(k, key, got[key], None) for key in ["week", *keys, "team_signed", "team_pace"]
                    if got[key] not in (None, "")]
            continue
        if got["week"] != k:
            out.append((k, "week", got["week"], k))
        wanted = {key: mine.at[k, want] for key, want in keys.items()}
        wanted |= {"team_signed": team_line.at[k, "signed_to_date"], "team_pace": team_line.at[k, "signed_pace_to_date"]}
        out += [(k, key, got[key], want) for key, want in wanted.items() if not chart_value(got[key], want, key, team.week)]
    return out
