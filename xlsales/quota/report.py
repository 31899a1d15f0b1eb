"""The decomposition as blocks of cells: what the functions spill and the write_quota_plan script writes.

One language in the workbook's own sheets; "中文 English" in a spilled function result (lang None).
The totals, the gap to target and the "short" rule come from xlsales.quota.plan, nowhere else.
"""

from typing import Any

import pandas as pd

from xlsales.i18n import Lang, Text
from xlsales.quota.labels import BOTTLENECK_MARK, LABELS, TOTAL, headers, line_notes
from xlsales.quota.plan import is_short, mix_gap
from xlsales.quota.split import SPLIT_COLUMNS
from xlsales.quota.team import TeamPlan
from xlsales.quota.vocab import ACTIVITIES

PLAN_KEYS = ["product_line", "unit_price", "count", "amount", "stated_amount", "visits_per_deal", "win_rate",
             "opportunities_by_win", "opportunities_override", "opportunities_planned", "visits"]
# counts are not totalled: the mix counts deals, boxes (耗材) and customers (服务费) alike
SUMMED = {"amount", "stated_amount", "opportunities_by_win", "opportunities_override", "opportunities_planned",
          "visits"}
PACE_KEYS = ["total", "per_week", "per_week_rounded", "per_month"]
TRACK_KEYS = ["per_week", "pace_to_date", "actual_to_date", "shortfall", "attainment"]
SPLIT_HEADING = Text("目标分解:自上而下与自下而上", "Target split: top-down and bottom-up")
PROBLEMS_HEADING = Text("提示与错误", "Warnings and errors")


def label(text: Text, lang: Lang | None) -> str:
    return text(lang) if lang else f"{text.zh} {text.en}"


def _cells(frame: pd.DataFrame) -> list[list[Any]]:
    """Frame values for a block of cells: NaN shown as blank."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def _sum(values: pd.Series) -> float | None:
    return None if values.isna().all() else float(values.sum())


def split_block(table: pd.DataFrame, lang: Lang | None) -> list[list[Any]]:
    bottom_up = _sum(table["bottom_up"])
    top_down = float(table["top_down"].sum())
    total = [label(TOTAL, lang), float(table["weight"].sum()), float(table["share"].sum()), top_down, bottom_up,
             None if bottom_up is None else bottom_up - top_down]
    return [headers(SPLIT_COLUMNS, lang)] + _cells(table) + [total]


def plan_block(lines: pd.DataFrame, target: float | None, lang: Lang | None) -> list[list[Any]]:
    """The lines with a note each, a total row, and with a target, the target and the mix's gap to it."""
    worded: dict[Text, str] = {}  # a plan of 100,000 lines holds a few dozen distinct notes
    notes = [worded[note] if note in worded else worded.setdefault(note, note(lang) if lang else note.both())
             for note in line_notes(lines)]
    body = [values + [note or None] for values, note in zip(_cells(lines[PLAN_KEYS]), notes)]
    total = [label(TOTAL, lang)] + [_sum(lines[k]) if k in SUMMED else None for k in PLAN_KEYS[1:]] + [None]
    block = [headers(PLAN_KEYS + ["note"], lang)] + body + [total]
    if target is not None:
        gap = float(mix_gap(float(lines["amount"].sum()), target))
        short = Text(f"组合比目标少 {-gap:,.0f}", f"the mix is {-gap:,.0f} short of the target")
        at_amount = PLAN_KEYS.index("amount")
        for text, value, note in ((LABELS["target"], target, None),
                                  (LABELS["mix_gap"], gap, label(short, lang) if is_short(gap) else None)):
            row: list[Any] = [label(text, lang)] + [None] * len(PLAN_KEYS)
            row[at_amount], row[-1] = value, note
            block.append(row)
    return block


def pace_block(pace: pd.DataFrame, lang: Lang | None) -> list[list[Any]]:
    body = [[label(ACTIVITIES[a], lang)] + values for a, values in zip(pace["activity"], _cells(pace[PACE_KEYS]))]
    return [headers(["activity"] + PACE_KEYS, lang)] + body


def track_block(tracking: pd.DataFrame, lang: Lang | None) -> list[list[Any]]:
    body = [[label(ACTIVITIES[r.activity], lang)] + values
            + [label(BOTTLENECK_MARK, lang) if r.bottleneck else None,
               None if pd.isna(r.needed_per_week) else float(r.needed_per_week)]
            for r, values in zip(tracking.itertuples(), _cells(tracking[TRACK_KEYS]))]
    return [headers(["activity"] + TRACK_KEYS + ["bottleneck", "needed_per_week"], lang)] + body


def plan_blocks(team: TeamPlan, lang: Lang) -> list[list[list[Any]]]:
    """The full plan, block by block: split and reconciliation, then per rep the mix, pace and tracking."""
    total = team.reconciliation
    reconciliation = Text(
        f"公司目标 {total.company_target:,.0f};自报合计 {total.bottom_up_total:,.0f};差额 {total.gap:+,.0f}",
        f"Company target {total.company_target:,.0f}; bottom-up total {total.bottom_up_total:,.0f}; "
        f"gap {total.gap:+,.0f}")
    blocks = [[[SPLIT_HEADING(lang)]] + split_block(team.split, lang) + [[reconciliation(lang)]]]
    week = Text(f"跟踪至第 {team.week} 周", f"Tracked up to week {team.week}")
    for rep in team.reps.itertuples():
        heading = Text(f"{rep.rep}:目标 {rep.target:,.0f},每周拜访 {rep.visits_per_week:.2f} 次(能力 {rep.capacity:g})",
                       f"{rep.rep}: target {rep.target:,.0f}, {rep.visits_per_week:.2f} visits a week "
                       f"(capacity {rep.capacity:g})")
        blocks.append([[heading(lang)]] + plan_block(team.lines[team.lines["rep"] == rep.rep], rep.target, lang)
                      + [[]] + pace_block(team.pace[team.pace["rep"] == rep.rep], lang)
                      + [[], [week(lang)]] + track_block(team.tracking[team.tracking["rep"] == rep.rep], lang))
    return blocks
