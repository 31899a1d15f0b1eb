"""The whole decomposition for a team, from parsed inputs: split, each rep's mix and pace, tracking, warnings."""

from dataclasses import dataclass

import pandas as pd

from xlsales.problems import Problem
from xlsales.quota.checks import capacity_warnings, mix_warnings
from xlsales.quota.plan import assign_lines, line_plan, pace_table, rep_plan
from xlsales.quota.settings import QuotaSettings
from xlsales.quota.split import Reconciliation, reconcile, split_target
from xlsales.quota.tracking import track, tracked_week, weekly_against_pace
from xlsales.table import ParsedTable


@dataclass
class TeamPlan:
    settings: QuotaSettings
    split: pd.DataFrame  # split.SPLIT_COLUMNS
    reconciliation: Reconciliation
    lines: pd.DataFrame  # plan.LINE_COLUMNS + standard, one row per rep and line
    reps: pd.DataFrame  # plan.REP_PLAN_COLUMNS
    pace: pd.DataFrame  # plan.PACE_COLUMNS
    week: int  # tracked up to
    weekly: pd.DataFrame  # weekly rows with pace and behind flags
    tracking: pd.DataFrame  # tracking.TRACK_COLUMNS
    warnings: list[Problem]


def plan_team(settings: QuotaSettings, reps: ParsedTable, mix: ParsedTable, weekly: ParsedTable,
              target_sheet: str) -> TeamPlan:
    """Inputs must be free of errors (their `problems` lists hold none of severity "error")."""
    split = split_target(settings.company_target, reps.frame, settings.split)
    names = split["rep"].tolist()
    assigned = assign_lines(line_plan(mix.frame), names)
    targets = pd.DataFrame({"rep": split["rep"], "target": split["top_down"], "capacity": reps.frame["capacity"]})
    plan = rep_plan(targets, assigned, settings.working_weeks, settings.months, settings.default_capacity)
    pace = pace_table(plan, settings.working_weeks, settings.months)
    week = tracked_week(weekly.frame, settings.current_week)
    warnings = mix_warnings(plan, assigned, reps, mix) + capacity_warnings(plan, reps, target_sheet)
    return TeamPlan(settings=settings, split=split, reconciliation=reconcile(settings.company_target, split),
                    lines=assigned, reps=plan, pace=pace, week=week, weekly=weekly_against_pace(weekly.frame, pace, settings.working_weeks),
                    tracking=track(weekly.frame, pace, settings.working_weeks, week), warnings=warnings)
