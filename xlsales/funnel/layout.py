"""Where things live in the funnel workbook: sheet names, table names, parameter cells.

The template builder, the scripts and `xlsales check` all read this one description.
"""

from xlsales.i18n import Text

SHEET_INSTRUCTIONS = Text("说明", "Instructions")
SHEET_STAGES = Text("阶段", "Stages")
SHEET_DEALS = Text("商机", "Deals")
SHEET_SETTINGS = Text("设置", "Settings")
SHEET_SUMMARY = Text("漏斗汇总", "Funnel summary")
SHEET_FORECAST = Text("预测", "Forecast")
SHEET_ALERTS = Text("预警", "Alerts")
SHEET_HISTORY = Text("历史", "History")
SHEETS = [SHEET_INSTRUCTIONS, SHEET_STAGES, SHEET_DEALS, SHEET_SETTINGS, SHEET_SUMMARY, SHEET_FORECAST,
          SHEET_ALERTS, SHEET_HISTORY]

TABLE_STAGES = "Stages"
TABLE_DEALS = "Deals"
TABLE_REPS = "Reps"
MAX_STAGES = 10  # rows the summary keeps for stages (the texts use 3-7)
MAX_REPS = 30

# Settings sheet: label in column A, value in column B, one parameter a row from row 3.
PARAMETERS = {
    "as_of": (3, Text("报告日期", "As-of date")),
    "max_pushes": (4, Text("推迟几次算延误", "Pushes that count as slipped")),
    "bottleneck_threshold": (5, Text("瓶颈阈值(实际/应有占比)", "Bottleneck threshold (actual/expected share)")),
    "min_closed": (6, Text("校准所需最少已结束商机", "Closed deals needed to calibrate a stage")),
}
DEFAULT_PARAMETERS = {"max_pushes": 3, "bottleneck_threshold": 0.5, "min_closed": 20}
REPS_HEADER_ROW = 9
REP_COLUMNS = [Text("姓名", "Name"), Text("团队", "Team")]

# History sheet: snapshots from A1, changes since the previous snapshot from column K.
HISTORY_COLUMNS = [Text("快照日期", "Snapshot"), Text("编号", "Deal ID"), Text("负责人", "Owner"),
                   Text("客户", "Customer"), Text("阶段", "Stage"), Text("状态", "Status"), Text("金额", "Amount"),
                   Text("预计成交日期", "Expected close")]
CHANGES_COLUMN = 11
CHANGES_COLUMNS = [Text("变化", "Change"), Text("编号", "Deal ID"), Text("之前", "Before"), Text("现在", "Now"),
                   Text("金额", "Amount")]
CHANGE_LABELS = {
    "new": Text("新增", "New"), "moved": Text("阶段变化", "Moved"), "slipped": Text("推迟", "Slipped"),
    "won": Text("赢单", "Won"), "lost": Text("丢单", "Lost"), "removed": Text("移除", "Removed"),
}
