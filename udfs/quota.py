"""Quota functions for managers' and reps' own cells, and the quota workbook's script (xlwings Lite and desktop).

Functions take whole tables with their header row, e.g. =QUOTA_PLAN(QuotaMix[#All], "小王", 300000);
columns are found by header in Chinese or English. Spilled headers read "中文 English"; the script
writes in the workbook's language.
"""

from typing import Any

import pandas as pd
import xlwings as xw
from xlwings import func, script

from udfs._book import clear_from, find_sheet, sheet_lang, sheet_or_new, used_rows, write_block
from udfs._excel import ArgumentError, friendly_errors, number, rows, text
from xlsales.i18n import Lang, Text
from xlsales.problems import InputError, Problem, UserError
from xlsales.quota import layout as L
from xlsales.quota import plan as P
from xlsales.quota.inputs import parse_mix, parse_reps, parse_weekly
from xlsales.quota.labels import BOTTLENECK_MARK, LABELS, TOTAL, headers, line_notes
from xlsales.quota.settings import DEFAULT_CAPACITY, DEFAULT_MONTHS, DEFAULT_WORKING_WEEKS
from xlsales.quota.split import SPLIT_COLUMNS, split_target
from xlsales.quota.team import TeamPlan, plan_team
from xlsales.quota.tracking import track
from xlsales.quota.vocab import ACTIVITIES, EQUAL, SPLIT_CHOICES, SPLIT_METHODS, canonical
from xlsales.quota.workbook import parse_workbook
from xlsales.table import is_blank

PLAN_KEYS = ["product_line", "unit_price", "count", "amount", "stated_amount", "visits_per_deal", "win_rate",
             "opportunities_by_win", "opportunities_override", "opportunities_planned", "visits"]
# counts are not totalled: the mix counts deals, boxes (耗材) and customers (服务费) alike
SUMMED = {"amount", "stated_amount", "opportunities_by_win", "opportunities_override", "opportunities_planned",
          "visits"}
PACE_KEYS = ["total", "per_week", "per_week_rounded", "per_month"]
TRACK_KEYS = ["per_week", "pace_to_date", "actual_to_date", "shortfall", "attainment"]


# ---- arguments -------------------------------------------------------------------------------

def _checked(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)


def _mix(value: Any) -> pd.DataFrame:
    parsed = parse_mix(rows(value), L.TABLE_MIX)
    _checked(parsed.problems)
    return parsed.frame


def _method(value: Any) -> str:
    if is_blank(value):
        return EQUAL
    method = canonical(SPLIT_CHOICES, value)
    if method is None:
        raise ArgumentError(f"分解方式应为: {'、'.join(t.zh for t in SPLIT_METHODS.values())}",
                            f"split method must be one of: {', '.join(t.en for t in SPLIT_METHODS.values())}")
    return method


def _weeks(value: Any) -> int:
    weeks = number(value, "工作周数", "working weeks", default=DEFAULT_WORKING_WEEKS)
    if weeks < 1 or not float(weeks).is_integer():
        raise ArgumentError("工作周数应为不小于 1 的整数", "working weeks must be a whole number >= 1")
    return int(weeks)


def _months(value: Any) -> float:
    months = number(value, "月数", "months", default=DEFAULT_MONTHS)
    if months <= 0:
        raise ArgumentError("月数应大于 0", "months must be > 0")
    return months


def _target(value: Any) -> float:
    target = number(value, "目标", "target")
    if target < 0:
        raise ArgumentError("目标不能为负", "the target cannot be negative")
    return target


def _lines_for(mix: pd.DataFrame, rep: Any) -> pd.DataFrame:
    """The rep's own lines or the standard mix; every line of the range when no rep is named."""
    lines = P.line_plan(mix)
    name = text(rep)
    if not name:
        return lines.assign(standard=lines["rep"].isna())
    assigned = P.assign_lines(lines, [name])
    if assigned.empty:
        raise ArgumentError(f"{name} 没有产品组合行,也没有全员标准组合", f"no mix lines for {name} and no standard mix")
    return assigned


def _single_rep_plan(mix: Any, rep: Any, target: Any, weeks: Any, months: Any) -> tuple[pd.DataFrame, int, float]:
    lines = _lines_for(_mix(mix), rep)
    week_count, month_count = _weeks(weeks), _months(months)
    name = text(rep) or TOTAL.zh
    targets = pd.DataFrame({"rep": [name], "target": [_target(target)], "capacity": [None]})
    plan = P.rep_plan(targets, lines.assign(rep=name), week_count, month_count, DEFAULT_CAPACITY)
    return plan, week_count, month_count


# ---- result blocks (shared by the functions and the script) -----------------------------------

def _label(label: Text, lang: Lang | None) -> str:
    """One language in the workbook's own sheets; "中文 English" in a spilled function result."""
    return label(lang) if lang else f"{label.zh} {label.en}"


def _cells(frame: pd.DataFrame) -> list[list[Any]]:
    """Frame values for a block of cells: NaN shown as blank."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def _sum(values: pd.Series) -> float | None:
    return None if values.isna().all() else float(values.sum())


def _split_block(table: pd.DataFrame, lang: Lang | None) -> list[list[Any]]:
    bottom_up = _sum(table["bottom_up"])
    top_down = float(table["top_down"].sum())
    total = [_label(TOTAL, lang), float(table["weight"].sum()), float(table["share"].sum()), top_down, bottom_up,
             None if bottom_up is None else bottom_up - top_down]
    return [headers(SPLIT_COLUMNS, lang)] + _cells(table) + [total]


def _plan_block(lines: pd.DataFrame, target: float | None, lang: Lang | None) -> list[list[Any]]:
    notes = [note(lang) if lang else note.both() for note in line_notes(lines)]
    body = [values + [note or None] for values, note in zip(_cells(lines[PLAN_KEYS]), notes)]
    total = [_label(TOTAL, lang)] + [_sum(lines[k]) if k in SUMMED else None for k in PLAN_KEYS[1:]] + [None]
    block = [headers(PLAN_KEYS + ["note"], lang)] + body + [total]
    if target is not None:
        gap = float(lines["amount"].sum()) - target
        short = Text(f"组合比目标少 {-gap:,.0f}", f"the mix is {-gap:,.0f} short of the target")
        at_amount = PLAN_KEYS.index("amount")
        for label, value, note in ((LABELS["target"], target, None),
                                   (LABELS["mix_gap"], gap, _label(short, lang) if gap < -P.TOLERANCE else None)):
            row: list[Any] = [_label(label, lang)] + [None] * len(PLAN_KEYS)
            row[at_amount], row[-1] = value, note
            block.append(row)
    return block


def _pace_block(pace: pd.DataFrame, lang: Lang | None) -> list[list[Any]]:
    body = [[_label(ACTIVITIES[a], lang)] + values for a, values in zip(pace["activity"], _cells(pace[PACE_KEYS]))]
    return [headers(["activity"] + PACE_KEYS, lang)] + body


def _track_block(tracking: pd.DataFrame, lang: Lang | None) -> list[list[Any]]:
    body = [[_label(ACTIVITIES[r.activity], lang)] + values
            + [_label(BOTTLENECK_MARK, lang) if r.bottleneck else None,
               None if pd.isna(r.needed_per_week) else float(r.needed_per_week)]
            for r, values in zip(tracking.itertuples(), _cells(tracking[TRACK_KEYS]))]
    return [headers(["activity"] + TRACK_KEYS + ["bottleneck", "needed_per_week"], lang)] + body


# ---- Excel functions -------------------------------------------------------------------------

@func
@friendly_errors
def quota_split(target: Any, reps: Any, method: Any = None) -> list[list[Any]]:
    """Spills each rep's top-down target (equal, or by ability weight), their bottom-up number and the gap.
    =QUOTA_SPLIT(600000, QuotaReps[#All], "平均分配")"""
    split = _method(method)
    parsed = parse_reps(rows(reps), L.TABLE_REPS, split)
    _checked(parsed.problems)
    return _split_block(split_target(_target(target), parsed.frame, split), None)


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
    return _plan_block(_lines_for(_mix(mix), rep), None if is_blank(target) else _target(target), None)


@func
@friendly_errors
def quota_pace(mix: Any, target: Any, weeks: Any = None, months: Any = None, rep: Any = None) -> list[list[Any]]:
    """Spills the pace per activity: period total, per week (exact and rounded up), per month.
    =QUOTA_PACE(QuotaMix[#All], 300000, 52, 12, "小王")"""
    plan, week_count, month_count = _single_rep_plan(mix, rep, target, weeks, months)
    return _pace_block(P.pace_table(plan, week_count, month_count), None)


@func
@friendly_errors
def pace_gap(weekly: Any, mix: Any, rep: Any, week: Any, target: Any, weeks: Any = None) -> list[list[Any]]:
    """Spills, for one rep up to a week, each activity's pace to date, actual, shortfall, attainment, the
    bottleneck (furthest behind) and what is needed per week from now.
    =PACE_GAP(QuotaWeekly[#All], QuotaMix[#All], "小王", 6, 300000, 52)"""
    name = text(rep)
    if not name:
        raise ArgumentError("请指定姓名", "name the rep")
    plan, week_count, month_count = _single_rep_plan(mix, rep, target, weeks, None)
    through = number(week, "周次", "week")
    if not float(through).is_integer() or not 1 <= through <= week_count:
        raise ArgumentError(f"周次应为 1–{week_count} 的整数", f"week must be a whole number within 1–{week_count}")
    parsed = parse_weekly(rows(weekly), L.TABLE_WEEKLY, None, week_count)
    _checked(parsed.problems)
    mine = parsed.frame[parsed.frame["rep"] == name]
    return _track_block(track(mine, P.pace_table(plan, week_count, month_count), week_count, int(through)), None)


# ---- script ----------------------------------------------------------------------------------

SPLIT_HEADING = Text("目标分解:自上而下与自下而上", "Target split: top-down and bottom-up")
PROBLEMS_HEADING = Text("提示与错误", "Warnings and errors")


def _plan_blocks(team: TeamPlan, lang: Lang) -> list[list[list[Any]]]:
    """The full plan, block by block: split and reconciliation, then per rep the mix, pace and tracking."""
    total = team.reconciliation
    reconciliation = Text(
        f"公司目标 {total.company_target:,.0f};自报合计 {total.bottom_up_total:,.0f};差额 {total.gap:+,.0f}",
        f"Company target {total.company_target:,.0f}; bottom-up total {total.bottom_up_total:,.0f}; "
        f"gap {total.gap:+,.0f}")
    blocks = [[[SPLIT_HEADING(lang)]] + _split_block(team.split, lang) + [[reconciliation(lang)]]]
    week = Text(f"跟踪至第 {team.week} 周", f"Tracked up to week {team.week}")
    for rep in team.reps.itertuples():
        heading = Text(f"{rep.rep}:目标 {rep.target:,.0f},每周拜访 {rep.visits_per_week:.2f} 次(能力 {rep.capacity:g})",
                       f"{rep.rep}: target {rep.target:,.0f}, {rep.visits_per_week:.2f} visits a week "
                       f"(capacity {rep.capacity:g})")
        blocks.append([[heading(lang)]] + _plan_block(team.lines[team.lines["rep"] == rep.rep], rep.target, lang)
                      + [[]] + _pace_block(team.pace[team.pace["rep"] == rep.rep], lang)
                      + [[], [week(lang)]] + _track_block(team.tracking[team.tracking["rep"] == rep.rep], lang))
    return blocks


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
        blocks = _plan_blocks(team, lang)
        problems = problems + team.warnings
    if problems:
        blocks.append([[PROBLEMS_HEADING(lang)]] + [[p.message()] for p in problems])
    row = 1
    for block in blocks:
        width = max(len(r) for r in block)
        write_block(out, f"A{row}", [r + [None] * (width - len(r)) for r in block])
        row += len(block) + 1
