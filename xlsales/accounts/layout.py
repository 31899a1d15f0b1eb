"""Where things live in the accounts workbook: sheet names, table names, parameter cells, block positions.

The template builder, the scripts and `xlsales check` all read this one description. Every input table
starts at A1 of its own sheet (the settings sheet holds two tables below its parameters).
"""

from typing import Any

from xlsales.accounts.settings import CALLS_PER_DAY, PARETO_SHARE, WORKING_DAYS
from xlsales.i18n import Text

SHEET_INSTRUCTIONS = Text("说明", "Instructions")
SHEET_SETTINGS = Text("设置", "Settings")
SHEET_ACCOUNTS = Text("客户", "Accounts")
SHEET_PEOPLE = Text("关键人", "Key people")
SHEET_PLAN = Text("分层计划", "Tier plan")
SHEET_MONTHLY = Text("月度跟踪", "Monthly")
SHEET_REVIEW = Text("月度回顾", "Monthly review")
SHEET_HEALTH = Text("团队健康", "Team health")
SHEET_QUALIFY = Text("商机评估", "Qualification")
SHEET_LEVELS = Text("销售水平", "Rep levels")
SHEET_RUBRIC = Text("评级标准", "Rubric")
SHEET_CUSTOMERS = Text("客户名单", "Customers")
SHEET_CALLS = Text("今日拨打", "Call list")
SHEET_CALLS_ALL = Text("全员拨打名单", "Call lists by rep")  # written by the todays_call_lists script
SHEETS = [SHEET_INSTRUCTIONS, SHEET_SETTINGS, SHEET_ACCOUNTS, SHEET_PEOPLE, SHEET_PLAN, SHEET_MONTHLY,
          SHEET_REVIEW, SHEET_HEALTH, SHEET_QUALIFY, SHEET_LEVELS, SHEET_RUBRIC, SHEET_CUSTOMERS, SHEET_CALLS]

TABLE_ACCOUNTS = "Accounts"
TABLE_PEOPLE = "KeyPeople"
TABLE_PLAN = "TierPlan"
TABLE_MONTHLY = "TierMonthly"
TABLE_QUALIFY = "Qualification"
TABLE_LEVELS = "RepLevels"
TABLE_CUSTOMERS = "Customers"
TABLE_REPS = "AccountReps"
TABLE_WEIGHTS = "ClosenessWeights"

# Which columns each input table uses (the template may add calculated columns after them).

PLAN_ROWS = 15  # 5 + 5 + 5
PLAN_MONTH_ROWS = PLAN_ROWS * 12
MAX_REPS = 30
CALL_ROWS = 200  # the call-list sheet lists up to this many a day

# Settings sheet: label in column A, value in column B, one parameter a row.
PARAMETERS: dict[str, tuple[int, Text]] = {
    "as_of": (3, Text("报告日期", "As-of date")),
    "much_business_min": (4, Text("「业务量大」门槛:我方年业务额 ≥", "'Much business' from revenue with us of")),
    "large_potential_min": (5, Text("「潜力大」门槛:目标市场容量 ≥", "'Large potential' from a target capacity of")),
    "max_share": (6, Text("「未达潜力」:占目标市场容量低于", "'Below potential': share of target capacity under")),
    "a_share": (7, Text("A类 / 80/20:累计业务额占比", "Class A / 80-20: cumulative revenue share")),
    "b_share": (8, Text("B类:累计业务额占比至", "Class B: cumulative revenue share up to")),
    "effort_a": (9, Text("A类精力占比", "Effort share, class A")),
    "effort_b": (10, Text("B类精力占比", "Effort share, class B")),
    "effort_c": (11, Text("C类精力占比", "Effort share, class C")),
    "working_days": (12, Text("每月工作日", "Working days a month")),
    "go_threshold": (13, Text("7+3 跟进门槛(得分 ≥)", "7+3 go threshold (score at least)")),
    "middle_min": (14, Text("中等销售员:平均分 ≥", "Average rep: mean score at least")),
    "top_min": (15, Text("TOPSALES:平均分 ≥", "Top sales: mean score at least")),
    "calls_per_day": (16, Text("每日拨打客户数", "Customers to call a day")),
    "call_owner": (17, Text("今日拨打:负责人(空 = 全部)", "Call list: owner (blank = everyone)")),
}
DEFAULTS: dict[str, Any] = {"max_share": 0.8, "a_share": PARETO_SHARE, "b_share": 0.95, "effort_a": 0.6,
                            "effort_b": 0.3, "effort_c": 0.1, "working_days": WORKING_DAYS, "go_threshold": 0.7,
                            "middle_min": 1.5, "top_min": 2.5, "calls_per_day": CALLS_PER_DAY}
TABLES_HEADER_ROW = 20  # 1-based row of the reps (column A) and weights (column D) tables' headers
REPS_FIRST_COL = 1
WEIGHTS_FIRST_COL = 4


def parameter_cell(key: str) -> str:
    return f"B{PARAMETERS[key][0]}"


def block(rows: list[list[Any]], header_row: int, first_col: int, width: int) -> list[list[Any]]:
    """The part of a sheet's rows (from A1) that holds a table: header at 1-based `header_row`, starting at
    1-based column `first_col`, `width` columns wide."""
    return [list(r[first_col - 1:first_col - 1 + width]) for r in rows[header_row - 1:]]
