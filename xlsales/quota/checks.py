"""Consistency warnings on a computed plan: a mix that does not reach the rep's target, and a visit
pace above what the rep can realistically make. (Win rates outside (0, 1] are input errors, found
by `xlsales.quota.inputs.parse_mix`.)"""

import pandas as pd

from xlsales.problems import Problem
from xlsales.quota.plan import is_short
from xlsales.quota.settings import parameter_cell
from xlsales.table import ParsedTable


def _rows_span(mix: ParsedTable, rows: pd.Series) -> str:
    first, last = mix.address("count", int(rows.min())), mix.address("count", int(rows.max()))
    return first if first == last else f"{first}:{last}"


def mix_warnings(plan: pd.DataFrame, assigned: pd.DataFrame, reps: ParsedTable, mix: ParsedTable) -> list[Problem]:
    """A rep whose mix sums to less than their target (the difference is never hidden), or who has no mix."""
    problems = []
    rep_rows = reps.frame.set_index("rep")["row"]
    for rep in plan.loc[plan["lines"] == 0, "rep"]:
        problems.append(Problem(reps.sheet, reps.address("rep", int(rep_rows[rep])),
                                "此人没有产品组合(也没有全员标准组合)", "this rep has no mix lines (and there is no "
                                "standard mix)", str(rep), "warning"))
    short = plan[(plan["lines"] > 0) & is_short(plan["mix_gap"])]
    for row in short.itertuples():
        lines = assigned.loc[assigned["rep"] == row.rep, "row"]
        problems.append(Problem(
            mix.sheet, _rows_span(mix, lines),
            f"{row.rep} 的产品组合合计 {row.mix_amount:,.0f},比目标 {row.target:,.0f} 少 {-row.mix_gap:,.0f}",
            f"{row.rep}'s mix sums to {row.mix_amount:,.0f}, {-row.mix_gap:,.0f} short of the target "
            f"{row.target:,.0f}", f"{row.mix_gap:,.0f}", "warning"))
    return problems


def capacity_warnings(plan: pd.DataFrame, reps: ParsedTable, settings_sheet: str) -> list[Problem]:
    """A visit pace above the rep's visits-per-week capacity (their own, else the default)."""
    problems = []
    own = reps.frame.set_index("rep")
    for row in plan[plan["over_capacity"]].itertuples():
        given = pd.notna(own.at[row.rep, "capacity"])
        sheet, cell = ((reps.sheet, reps.address("capacity", int(own.at[row.rep, "row"]))) if given
                       else (settings_sheet, parameter_cell("default_capacity")))
        problems.append(Problem(
            sheet, cell,
            f"{row.rep} 每周需拜访 {row.visits_per_week:.1f} 次,超过每周拜访能力 {row.capacity:g} 次",
            f"{row.rep} needs {row.visits_per_week:.1f} visits a week, above the capacity of {row.capacity:g}",
            f"{row.visits_per_week:.2f}", "warning"))
    return problems
