"""Labels of the computed figures (output columns and notes), shared by the functions, the script and the template."""

from collections.abc import Callable

import numpy as np
import pandas as pd

from xlsales.i18n import Lang, Text

LABELS: dict[str, Text] = {
    # split and reconciliation
    "rep": Text("姓名", "Rep"),
    "weight": Text("权重", "Weight"),
    "share": Text("占比", "Share"),
    "top_down": Text("分解目标(自上而下)", "Top-down target"),
    "bottom_up": Text("自报目标(自下而上)", "Bottom-up target"),
    "gap": Text("差额(自报−分解)", "Gap (bottom-up − top-down)"),
    # mix lines
    "product_line": Text("产品线", "Product line"),
    "unit_price": Text("单价", "Unit price"),
    "count": Text("数量", "Count"),
    "amount": Text("金额(单价×数量)", "Amount (price × count)"),
    "stated_amount": Text("约数金额", "Rounded amount"),
    "rounding": Text("约数−金额", "Rounded − amount"),
    "visits_per_deal": Text("每单拜访次数", "Visits per deal"),
    "win_rate": Text("赢率", "Win rate"),
    "opportunities_by_win": Text("商机数(数量÷赢率)", "Opportunities (count ÷ win rate)"),
    "opportunities_per_deal": Text("每单商机数(手填)", "Opportunities per deal (override)"),
    "opportunities_override": Text("商机数(按手填)", "Opportunities (override)"),
    "opportunities_planned": Text("计划商机数", "Planned opportunities"),
    "visits": Text("拜访次数", "Visits"),
    "note": Text("说明", "Note"),
    # per rep
    "target": Text("目标", "Target"),
    "mix_amount": Text("组合合计", "Mix total"),
    "mix_gap": Text("组合−目标", "Mix − target"),
    "deals": Text("签单数(有赢率的产品线)", "Deals (lines with a win rate)"),
    "visits_per_week": Text("每周拜访", "Visits per week"),
    "visits_per_week_rounded": Text("每周拜访(取整)", "Visits per week (rounded up)"),
    "visits_per_month": Text("每月拜访", "Visits per month"),
    "opportunities_per_week": Text("每周商机", "Opportunities per week"),
    "opportunities_per_week_rounded": Text("每周商机(取整)", "Opportunities per week (rounded up)"),
    "opportunities_by_win_per_week": Text("每周商机(数量÷赢率)", "Opportunities per week (count ÷ win rate)"),
    "signed_per_week": Text("每周签单金额", "Signed per week"),
    "signed_per_month": Text("每月签单金额", "Signed per month"),
    "capacity": Text("每周拜访能力", "Visits per week capacity"),
    "over_capacity": Text("超出能力", "Over capacity"),
    # pace and tracking
    "activity": Text("活动", "Activity"),
    "total": Text("本期合计", "Period total"),
    "per_week": Text("每周节奏", "Pace per week"),
    "per_week_rounded": Text("每周(取整)", "Per week (rounded up)"),
    "per_month": Text("每月", "Per month"),
    "pace_to_date": Text("应完成(至今)", "Pace to date"),
    "actual_to_date": Text("实际(至今)", "Actual to date"),
    "shortfall": Text("差额(需补)", "Shortfall"),
    "attainment": Text("完成率", "Attainment"),
    "bottleneck": Text("瓶颈", "Bottleneck"),
    "needed_per_week": Text("余下每周需", "Needed per week from now"),
    "week": Text("周次", "Week"),
    "behind_attainment": Text("落后时的完成率", "Attainment when behind"),
    "n": Text("序号", "No."),
    "mix_source": Text("采用的组合", "Mix used"),
}
TOTAL = Text("合计", "Total")
_NOTE_FIGURES = ["opportunities_per_deal", "win_rate", "opportunities_override", "opportunities_by_win", "stated_amount",
                 "amount", "rounding", "visits"]
BOTTLENECK_MARK = Text("◀ 瓶颈", "◀ bottleneck")


def headers(keys: list[str], lang: Lang | None = None) -> list[str]:
    """Column headers in one language, or "中文 English" when lang is None (spilled function results)."""
    return [LABELS[k](lang) if lang else f"{LABELS[k].zh} {LABELS[k].en}" for k in keys]


def _distinct(columns: list[np.ndarray]) -> np.ndarray:
    """A code per row, equal for rows whose values are equal bit for bit in every column (0.0 and -0.0 apart, as
    they are written apart), numbered in order of first appearance."""
    codes = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for column in columns:
        values, distinct = pd.factorize(column.view(np.int64) if column.dtype == np.float64 else column)
        codes, _ = pd.factorize(codes * len(distinct) + values)
    return codes


def _worded(codes: np.ndarray, word: Callable[[int], Text]) -> list[Text]:
    """`word(row)` for the first row of each code, in code order."""
    first = np.zeros(codes.max() + 1 if len(codes) else 0, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return [word(row) for row in first.tolist()]


def line_notes(lines: pd.DataFrame) -> list[Text]:
    """Why a mix line's figures differ from the text's or carry no visits, one note a line.

    A mix repeats its figures (a product line's price, win rate and override for every rep), so each part of a
    note is worded once per distinct set of the figures it shows, and each note once per distinct set of parts."""
    figures = {key: lines[key].to_numpy(dtype=np.float64) for key in _NOTE_FIGURES}
    differs = lines["override_differs"].to_numpy(dtype=bool)
    rounded = ~np.isnan(figures["rounding"]) & (np.abs(figures["rounding"]) > 0.005)
    no_visits = np.isnan(figures["visits"])
    override_keys = ["opportunities_per_deal", "win_rate", "opportunities_override", "opportunities_by_win"]
    rounding_keys = ["stated_amount", "amount", "rounding"]
    override = np.where(differs, _distinct([np.where(differs, figures[k], 0.0) for k in override_keys]), -1)
    rounding = np.where(rounded, _distinct([np.where(rounded, figures[k], 0.0) for k in rounding_keys]), -1)
    codes = _distinct([override, rounding, no_visits])

    def note(row: int) -> Text:
        f = {key: float(figures[key][row]) for key in _NOTE_FIGURES}
        parts: list[Text] = []
        if differs[row]:
            parts.append(Text(
                f"每单商机数(手填){f['opportunities_per_deal']:g} ≠ 1÷赢率 {1 / f['win_rate']:g}:"
                f"计划商机 {f['opportunities_override']:g},按赢率为 {f['opportunities_by_win']:g};拜访按赢率计",
                f"override {f['opportunities_per_deal']:g} opportunities per deal ≠ 1 ÷ win rate "
                f"{1 / f['win_rate']:g}: planned {f['opportunities_override']:g}, by win rate "
                f"{f['opportunities_by_win']:g}; visits follow the win rate"))
        if rounded[row]:
            parts.append(Text(f"约数 {f['stated_amount']:,.0f} 与 单价×数量 {f['amount']:,.0f} 相差 {f['rounding']:+,.0f}",
                              f"rounded {f['stated_amount']:,.0f} vs price × count {f['amount']:,.0f}: "
                              f"{f['rounding']:+,.0f}"))
        if no_visits[row]:
            parts.append(Text("不需拜访(未填每单拜访次数)", "no visits planned (no visits per deal)"))
        return Text(";".join(p.zh for p in parts), "; ".join(p.en for p in parts))

    notes = _worded(codes, note)
    return [notes[code] for code in codes.tolist()]
