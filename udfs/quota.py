"""Quota functions for managers' and reps' own cells, and the quota workbook's script (xlwings Lite and desktop).

Functions take whole tables with their header row, e.g. =QUOTA_PLAN(QuotaMix[#All], "小王", 300000);
columns are found by header in Chinese or English, and each function reads only the columns its figure
uses. Spilled headers read "中文 English"; the script writes in the workbook's language.
"""

from typing import Any

import pandas as pd
import xlwings as xw
from xlwings import func, script

from udfs._book import clear_from, find_sheet, sheet_lang, sheet_or_new, used_rows, write_block
from udfs._excel import ArgumentError, friendly_errors, number, rows, text
from xlsales.problems import InputError, Problem, UserError
from xlsales.quota import layout as L
from xlsales.quota import plan as P
from xlsales.quota import report as R
from xlsales.quota.inputs import parse_mix, parse_reps, parse_weekly
from xlsales.quota.labels import TOTAL
from xlsales.quota.split import split_target
from xlsales.quota.team import plan_team
from xlsales.quota.tracking import rep_tracking
from xlsales.quota.vocab import (DEFAULT_CAPACITY, DEFAULT_MONTHS, DEFAULT_WORKING_WEEKS, EQUAL, SPLIT_METHODS,
                                 split_method)
from xlsales.quota.workbook import parse_workbook
from xlsales.table import is_blank

# the columns each figure reads (a gap in another column is not its problem)
SPLIT = {"rep", "bottom_up"}
PLAN = {"rep", "product_line", "unit_price", "count", "stated_amount", "visits_per_deal", "win_rate",
        "opportunities_per_deal"}
PACE = {"rep", "product_line", "count", "visits_per_deal", "win_rate", "opportunities_per_deal"}


def _checked(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)


def _mix(value: Any, needed: set[str]) -> pd.DataFrame:
    parsed = parse_mix(rows(value), L.MIX.name, needed=needed)
    _checked(parsed.problems)
    return parsed.frame


def _method(value: Any) -> str:
    method = EQUAL if is_blank(value) else split_method(value)
    if method is None:
        raise ArgumentError(f"分解方式应为: {'、'.join(t.zh for t in SPLIT_METHODS.values())}",
                            f"split method must be one of: {', '.join(t.en for t in SPLIT_METHODS.values())}")
    return method


def _target(value: Any) -> float:
    return P.target_amount(number(value, "目标", "target"))


def _rep_plan(mix: Any, rep: Any, target: Any, weeks: Any, months: Any, needed: set[str]) -> tuple[pd.DataFrame, int,
                                                                                                      float]:
    week_count = P.working_weeks(number(weeks, "工作周数", "working weeks", default=DEFAULT_WORKING_WEEKS))
    month_count = P.months_in_period(number(months, "月数", "months", default=DEFAULT_MONTHS))
    name = text(rep)
    plan = P.single_rep_plan(_mix(mix, needed), name, name or TOTAL.zh, _target(target), week_count, month_count,
                             DEFAULT_CAPACITY)
    return plan, week_count, month_count


@func
@friendly_errors
def quota_split(target: Any, reps: Any, method: Any = None) -> list[list[Any]]:
    """Spills each rep's top-down target (equal, or by ability weight), their bottom-up number and the gap.
    =QUOTA_SPLIT(600000, QuotaReps[#All], "平均分配")"""
    split = _method(method)
    parsed = parse_reps(rows(reps), L.REPS.name, split, needed=SPLIT | ({"weight"} if split != EQUAL else set()))
    _checked(parsed.problems)
    return R.split_block(split_target(_target(target), parsed.frame, split), None)


@func
@friendly_errors
def deals_needed(amount: Any, unit_price: Any) -> int:
    """Whole deals needed to reach an amount at a unit price. =DEALS_NEEDED(120000, 40000) → 3"""
    return P.deals_needed(number(amount, "金额", "amount"), number(unit_price, "单价", "unit price"))


@func
@friendly_errors
def opportunities_needed(deals: Any, win_rate: Any) -> float:
    """Opportunities to work for a number of deals: deals ÷ win rate. =OPPORTUNITIES_NEEDED(3, 1/3) → 9"""
    return P.opportunities_needed(number(deals, "签单数", "deals"), number(win_rate, "赢率", "win rate"))


@func
@friendly_errors
def visits_needed(deals: Any, visits_per_deal: Any, win_rate: Any) -> float:
    """Visits over every opportunity worked: visits per deal × deals ÷ win rate. =VISITS_NEEDED(3, 8, 1/3) → 72"""
    return P.visits_needed(number(deals, "签单数", "deals"), number(visits_per_deal, "每单拜访次数", "visits per deal"),
                           number(win_rate, "赢率", "win rate"))


@func
@friendly_errors
def quota_plan(mix: Any, rep: Any = None, target: Any = None) -> list[list[Any]]:
    """Spills the decomposition of a contract mix: per line amount, opportunities (count ÷ win rate and the
    override side by side), visits and a note; a total row; with a target, the target and the difference.
    =QUOTA_PLAN(QuotaMix[#All], "小王", 300000)"""
    lines = P.lines_for(_mix(mix, PLAN), text(rep))
    return R.plan_block(lines, None if is_blank(target) else _target(target), None)


@func
@friendly_errors
def quota_pace(mix: Any, target: Any, weeks: Any = None, months: Any = None, rep: Any = None) -> list[list[Any]]:
    """Spills the pace per activity: period total, per week (exact and rounded up), per month.
    =QUOTA_PACE(QuotaMix[#All], 300000, 52, 12, "小王")"""
    plan, week_count, month_count = _rep_plan(mix, rep, target, weeks, months, PACE)
    return R.pace_block(P.pace_table(plan, week_count, month_count), None)


@func
@friendly_errors
def pace_gap(weekly: Any, mix: Any, rep: Any, week: Any, target: Any, weeks: Any = None) -> list[list[Any]]:
    """Spills, for one rep up to a week, each activity's pace to date, actual, shortfall, attainment, the
    bottleneck (furthest behind) and what is needed per week from now.
    =PACE_GAP(QuotaWeekly[#All], QuotaMix[#All], "小王", 6, 300000, 52)"""
    plan, week_count, month_count = _rep_plan(mix, rep, target, weeks, None, PACE)
    through = number(week, "周次", "week")
    parsed = parse_weekly(rows(weekly), L.WEEKLY.name, None, week_count)
    _checked(parsed.problems)
    return R.track_block(rep_tracking(parsed.frame, text(rep), P.pace_table(plan, week_count, month_count),
                                      week_count, through), None)


@script
def write_quota_plan(book: xw.Book) -> None:
    """Write the full decomposition for every rep (split, mix, pace, tracking) and every warning or
    input error to the full-plan sheet; with input errors, only the errors (never a partial plan)."""
    sheets = {}
    for name in (L.SHEET_TARGET, L.SHEET_MIX, L.SHEET_TRACKING):
        try:
            sheet = find_sheet(book, name)
        except UserError:
            continue  # parse_workbook reports the missing sheet
        sheets[sheet.name] = used_rows(sheet)
    inputs = parse_workbook(sheets)
    lang = sheet_lang(inputs.target_sheet, L.SHEET_TARGET)
    named_in_lang = next((s for s in book.sheets if s.name == inputs.target_sheet), book.sheets[0])
    out = sheet_or_new(book, L.SHEET_FULL_PLAN, named_in_lang)
    clear_from(out, "A1")
    blocks: list[list[list[Any]]] = []
    problems = inputs.problems
    if inputs.usable:
        team = plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)
        blocks = R.plan_blocks(team, lang)
        problems = problems + team.warnings
    if problems:
        blocks.append([[R.PROBLEMS_HEADING(lang)]] + [[p.message()] for p in problems])
    row = 1
    for block in blocks:
        width = max(len(r) for r in block)
        write_block(out, f"A{row}", [r + [None] * (width - len(r)) for r in block])
        row += len(block) + 1
