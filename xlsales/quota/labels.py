"""Labels of the computed figures (output columns and notes), shared by the functions, the script and the template."""

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
BOTTLENECK_MARK = Text("◀ 瓶颈", "◀ bottleneck")


def headers(keys: list[str], lang: Lang | None = None) -> list[str]:
    """Column headers in one language, or "中文 English" when lang is None (spilled function results)."""
    return [LABELS[k](lang) if lang else f"{LABELS[k].zh} {LABELS[k].en}" for k in keys]


def line_notes(lines: pd.DataFrame) -> list[Text]:
    """Why a mix line's figures differ from the text's or carry no visits, one note a line."""
    notes = []
    for line in lines.itertuples():
        parts: list[Text] = []
        if line.override_differs:
            parts.append(Text(
                f"每单商机数(手填){line.opportunities_per_deal:g} ≠ 1÷赢率 {1 / line.win_rate:g}:"
                f"计划商机 {line.opportunities_override:g},按赢率为 {line.opportunities_by_win:g};拜访按赢率计",
                f"override {line.opportunities_per_deal:g} opportunities per deal ≠ 1 ÷ win rate "
                f"{1 / line.win_rate:g}: planned {line.opportunities_override:g}, by win rate "
                f"{line.opportunities_by_win:g}; visits follow the win rate"))
        if pd.notna(line.rounding) and abs(line.rounding) > 0.005:
            parts.append(Text(f"约数 {line.stated_amount:,.0f} 与 单价×数量 {line.amount:,.0f} 相差 {line.rounding:+,.0f}",
                              f"rounded {line.stated_amount:,.0f} vs price × count {line.amount:,.0f}: "
                              f"{line.rounding:+,.0f}"))
        if pd.isna(line.visits):
            parts.append(Text("不需拜访(未填每单拜访次数)", "no visits planned (no visits per deal)"))
        notes.append(Text(";".join(p.zh for p in parts), "; ".join(p.en for p in parts)))
    return notes
