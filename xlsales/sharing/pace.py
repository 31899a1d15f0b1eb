"""Weekly tracking rolled up: each rep's weekly rows (quota workbooks, 周跟踪) combined, and the team's pace.

Reps keep their own copy of the quota workbook and fill in their weeks; the manager's plan
(target and reps, product mix) is in every copy. The roll-up takes the plan of the newest copy
whose plan xlsales.quota can use, parses every copy's weekly rows with xlsales.quota's own rules
(names from the plan, weeks within its working weeks), leaves out rows with errors, settles
the same rep and week in two files as `conflicts` does for deals, and tracks the combined rows
against the plan with xlsales.quota.team.plan_team.
"""

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import pandas as pd

from xlsales.problems import Problem
from xlsales.quota.inputs import parse_weekly
from xlsales.quota.team import plan_team
from xlsales.quota.workbook import QuotaInputs, parse_workbook
from xlsales.sharing import layout as S
from xlsales.sharing.conflicts import Conflict, resolve
from xlsales.sharing.kinds import ACTIVITY_KEYS, PLAN_SHEETS, WEEKLY, Located
from xlsales.table import ParsedTable

TRACK = ["rep", "week", *ACTIVITY_KEYS]


@dataclass
class WeeklyRollUp:
    weekly: pd.DataFrame  # rep, week, the activities, source: the rows used
    tracking: pd.DataFrame | None  # xlsales.quota.tracking.TRACK_COLUMNS, None without a usable plan
    week: int  # tracked up to
    plan_source: int | None  # the input whose plan the pace comes from
    conflicts: list[Conflict]
    left_out: dict[int, int] = field(default_factory=dict)  # source -> rows with errors


def roll_weekly(sheets: Sequence[dict[str, list[list[Any]]]], tables: dict[int, Located],
                recency: Sequence[tuple[Any, ...]], names: Sequence[str], newest_wins: bool,
                problems: list[tuple[int, Problem]]) -> WeeklyRollUp:
    plan_source, plan = _newest_plan(sheets, recency)
    reps = plan.reps.frame["rep"].tolist() if plan and plan.reps is not None else None
    weeks = plan.settings.working_weeks if plan and plan.settings is not None else None
    frames, left_out = [], {}
    for source, found in tables.items():
        parsed = parse_weekly(sheets[source][found.sheet][found.header_row:], found.sheet, reps, weeks,
                              found.header_row)
        problems += [(source, p) for p in parsed.problems]
        bad = {_row_of(p.cell) for p in parsed.problems if p.severity == "error"} - {found.header_row + 1}
        left_out[source] = len(bad)
        frames.append(parsed.frame[~parsed.frame["row"].isin(bad)][TRACK].assign(source=source))
    if tables and plan is None:
        newest = max(tables, key=lambda i: recency[i])
        problems.append((newest, Problem("", "", S.NO_PLAN.zh, S.NO_PLAN.en, severity="warning")))
    weekly = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*TRACK, "source"])
    use, conflicts = resolve(WEEKLY.key, weekly, list(WEEKLY.identity), list(ACTIVITY_KEYS), recency, names,
                             newest_wins)
    weekly = weekly[use].reset_index(drop=True)
    if plan is None or not tables:
        return WeeklyRollUp(weekly, None, 0, plan_source, conflicts, left_out)
    team = plan_team(plan.settings, plan.reps, plan.mix, ParsedTable("", weekly[TRACK], [], {}, 0), plan.target_sheet)
    return WeeklyRollUp(weekly, team.tracking, team.week, plan_source, conflicts, left_out)


def _newest_plan(sheets: Sequence[dict[str, list[list[Any]]]],
                 recency: Sequence[tuple[Any, ...]]) -> tuple[int | None, QuotaInputs | None]:
    with_plan = [i for i, s in enumerate(sheets) if any(t.zh in s or t.en in s for t in PLAN_SHEETS[:1])]
    for source in sorted(with_plan, key=lambda i: recency[i], reverse=True):
        inputs = parse_workbook(sheets[source])
        tracking_sheet = inputs.weekly.sheet if inputs.weekly is not None else None
        plan_errors = [p for p in inputs.problems if p.severity == "error" and p.sheet != tracking_sheet]
        if None not in (inputs.settings, inputs.reps, inputs.mix) and not plan_errors:
            return source, inputs  # the plan is good; the weekly rows are judged row by row below
    return None, None


def _row_of(cell: str) -> int:
    digits = re.search(r"(\d+)$", cell)
    return int(digits.group(1)) if digits else -1
