"""Where things live in the quota workbook: sheet names, table names, parameter cells.

The template builder, the scripts and `xlsales check` all read this one description.
"""

from xlsales.i18n import Text

SHEET_INSTRUCTIONS = Text("说明", "Instructions")
SHEET_TARGET = Text("目标与人员", "Target and reps")
SHEET_MIX = Text("产品组合", "Product mix")
SHEET_PLAN = Text("人员计划", "Plan per rep")
SHEET_TRACKING = Text("周跟踪", "Weekly tracking")
SHEET_CHART = Text("进度图", "Pace chart")
SHEET_FULL_PLAN = Text("分解明细", "Full plan")  # written by the write_quota_plan script
SHEETS = [SHEET_INSTRUCTIONS, SHEET_TARGET, SHEET_MIX, SHEET_PLAN, SHEET_TRACKING, SHEET_CHART, SHEET_FULL_PLAN]

TABLE_REPS = "QuotaReps"
TABLE_MIX = "QuotaMix"
TABLE_WEEKLY = "QuotaWeekly"
MAX_REPS = 30
MAX_MIX_LINES = 60

# Target sheet: label in column A, value in column B, one parameter a row; the reps table below.
PARAMETER_COLUMN = 2
PARAMETERS = {
    "company_target": (3, Text("公司目标(本期)", "Company target (this period)")),
    "period": (4, Text("期间", "Period")),
    "working_weeks": (5, Text("工作周数", "Working weeks")),
    "months": (6, Text("月数", "Months")),
    "split": (7, Text("分解方式", "Split method")),
    "default_capacity": (8, Text("默认每周拜访能力(次)", "Default visits per week a rep can make")),
    "current_week": (9, Text("当前周次(跟踪到第几周)", "Current week (track up to)")),
}
REPS_HEADER_ROW = 12  # 1-based sheet row of the reps table's header
MIX_HEADER_ROW = 1
WEEKLY_HEADER_ROW = 1

# Product mix sheet: the QuotaMix table holds the input columns (vocab.MIX_COLUMNS) and then these
# computed ones. Their headers are referenced as QuotaMix[header], so they avoid the characters
# structured references treat specially (- / + * # ' [ ] and the like).
MIX_COMPUTED = {
    "amount": Text("金额", "Amount"),
    "rounding": Text("约数差", "Rounding difference"),
    "opportunities_by_win": Text("商机数(数量÷赢率)", "Opportunities (count ÷ win rate)"),
    "opportunities_override": Text("商机数(按手填)", "Opportunities (override)"),
    "opportunities_planned": Text("计划商机数", "Planned opportunities"),
    "visits": Text("需拜访次数", "Visits needed"),
    "applies_to": Text("适用于", "Applies to"),
    "note": Text("说明", "Note"),
}

# Plan sheet: key figures in column B from row 3, then one row per rep from PLAN_FIRST_ROW.
PLAN_FIGURES = {
    "company_target": (3, Text("公司目标", "Company target")),
    "top_down_total": (4, Text("分解合计(自上而下)", "Top-down total")),
    "bottom_up_total": (5, Text("自报合计(自下而上)", "Bottom-up total")),
    "reconciliation_gap": (6, Text("自报合计−公司目标", "Bottom-up total − company target")),
    "reps_without_bottom_up": (7, Text("未填自报目标的人数", "Reps without their own target")),
    "working_weeks": (8, Text("工作周数", "Working weeks")),
    "tracked_week": (9, Text("跟踪至第几周", "Tracked up to week")),
    "mix_short": (10, Text("组合不足目标的人数", "Reps whose mix is short of target")),
    "over_capacity": (11, Text("超出拜访能力的人数", "Reps over their visit capacity")),
}
PLAN_HEADER_ROW = 13
PLAN_FIRST_ROW = 14
PLAN_COLUMNS = ["n", "rep", "weight", "top_down", "bottom_up", "gap", "mix_source", "mix_amount", "mix_gap",
                "stated_amount", "deals", "opportunities_by_win", "opportunities_planned", "visits",
                "visits_per_week", "visits_per_week_rounded", "visits_per_month", "opportunities_per_week",
                "opportunities_per_week_rounded", "opportunities_by_win_per_week", "signed_per_week",
                "signed_per_month", "capacity", "over_capacity"]

# Weekly tracking sheet: the QuotaWeekly table (inputs, then per activity the total and the pace to
# that week), and to its right, from TRACKING_COLUMN, the tracking summary (one row per rep and activity).
WEEKLY_COMPUTED = {
    "opportunities_to_date": Text("累计商机", "Opportunities to date"),
    "opportunities_pace_to_date": Text("商机应完成", "Opportunities pace to date"),
    "visits_to_date": Text("累计拜访", "Visits to date"),
    "visits_pace_to_date": Text("拜访应完成", "Visits pace to date"),
    "signed_to_date": Text("累计签单", "Signed to date"),
    "signed_pace_to_date": Text("签单应完成", "Signed pace to date"),
    "collected_to_date": Text("累计回款", "Collected to date"),
    "collected_pace_to_date": Text("回款应完成", "Collections pace to date"),
}
TRACKING_COLUMN = 17  # Q; title in row 1, headers in row 2, rows from row 3
TRACKING_HEADER_ROW = 2
TRACKING_COLUMNS = ["rep", "activity", "per_week", "pace_to_date", "actual_to_date", "shortfall", "attainment",
                    "bottleneck", "needed_per_week", "behind_attainment"]

# Pace chart sheet: the rep shown in CHART_REP_CELL, one row per week from CHART_FIRST_ROW.
CHART_REP_CELL = "B3"
CHART_HEADER_ROW = 5
CHART_FIRST_ROW = 6
MAX_CHART_WEEKS = 53
