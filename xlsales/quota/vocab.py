"""The quota workbook's words: split methods, tracked activities, the plan's parameters and the columns of its
three input tables (each read by xlsales.table's rules, the same rules the workbook's data-problem columns apply)."""

from typing import Any

import pandas as pd

from xlsales.i18n import Text, choices
from xlsales.table import Column, casefolded

# Defaults of the plan's parameters. Working weeks: the text plans per year ("30万元/年") and never says how many
# working weeks it counts; its "平均每周:拜访5次商机5个" is 252 visits and 222 opportunities over 52 weeks rounded up
# (4.85 → 5, 4.27 → 5). With 50 weeks the visits would round up to 6, so 52 is the reading that reproduces both.
DEFAULT_WORKING_WEEKS = 52
DEFAULT_MONTHS = 12
DEFAULT_CAPACITY = 10.0  # not from the texts: two customer visits a working day is a common field-sales ceiling

EQUAL, WEIGHTED = "equal", "weighted"
SPLIT_METHODS = {EQUAL: Text("平均分配", "Equal split"), WEIGHTED: Text("按能力权重", "By ability weight")}
SPLIT_CHOICES = choices(SPLIT_METHODS)

# The activities a rep is checked on every week (seed 001), in funnel order: earlier ones feed later ones.
OPPORTUNITIES, VISITS, SIGNED, COLLECTED = "opportunities", "visits", "signed", "collected"
ACTIVITIES = {
    OPPORTUNITIES: Text("商机", "Opportunities"),
    VISITS: Text("拜访", "Visits"),
    SIGNED: Text("签单金额", "Signed amount"),
    COLLECTED: Text("回款", "Collections"),
}
FUNNEL_ORDER = list(ACTIVITIES)

# A mix line for "everyone" is the team's standard mix: it applies to each rep without lines of their own.
# The word is reserved: no rep may be called 全员 / Everyone.
EVERYONE = Text("全员", "Everyone")

# The plan's parameters (target sheet), read by the same rules as table cells: a number typed as text is a
# problem, a blank keeps the default. Their rules beyond one column's are in xlsales.quota.settings.
PARAMETER_COLUMNS: dict[str, Column] = {c.key: c for c in [
    Column("company_target", Text("公司目标(本期)", "Company target (this period)"), "number", required=True,
           minimum=0),
    Column("period", Text("期间", "Period")),
    Column("working_weeks", Text("工作周数", "Working weeks"), "number", minimum=1, whole=True),
    Column("months", Text("月数", "Months"), "number", minimum=0),
    Column("split", Text("分解方式", "Split method"), "choice", choices=SPLIT_CHOICES,
           options=tuple(SPLIT_METHODS.values())),
    Column("default_capacity", Text("默认每周拜访能力(次)", "Default visits per week a rep can make"), "number",
           minimum=0),
    Column("current_week", Text("当前周次(跟踪到第几周)", "Current week (track up to)"), "number", minimum=1,
           whole=True),
]}

REP_COLUMNS: list[Column] = [
    Column("rep", Text("姓名", "Name"), "text", required=True),
    Column("weight", Text("能力权重", "Ability weight"), "number", minimum=0),
    Column("bottom_up", Text("自报目标", "Own target (bottom up)"), "number", minimum=0),
    Column("capacity", Text("每周拜访能力", "Visits per week capacity"), "number", minimum=0),
]

MIX_COLUMNS: list[Column] = [
    Column("rep", Text("负责人", "Rep")),
    Column("product_line", Text("产品线", "Product line"), "text", required=True),
    Column("unit_price", Text("单价", "Unit price"), "number", required=True, minimum=0),
    Column("count", Text("数量", "Count"), "number", required=True, minimum=0),
    Column("stated_amount", Text("约数金额", "Rounded amount"), "number", minimum=0),
    Column("visits_per_deal", Text("每单拜访次数", "Visits per deal"), "number", minimum=0),
    Column("win_rate", Text("赢率", "Win rate"), "number"),
    Column("opportunities_per_deal", Text("每单商机数(手填)", "Opportunities per deal (override)"), "number",
           minimum=0),
]

WEEKLY_COLUMNS: list[Column] = [
    Column("rep", Text("姓名", "Name"), "text", required=True),
    Column("week", Text("周次", "Week"), "number", required=True, minimum=1, whole=True),
    Column(OPPORTUNITIES, Text("新增商机", "New opportunities"), "number", minimum=0),
    Column(VISITS, Text("拜访次数", "Visits"), "number", minimum=0),
    Column(SIGNED, Text("签单金额", "Signed amount"), "number", minimum=0),
    Column(COLLECTED, Text("回款金额", "Collected amount"), "number", minimum=0),
]


def folded(value: Any) -> Any:
    """A name as Excel's = and COUNTIF compare it: case-insensitive, untrimmed."""
    return value.casefold() if isinstance(value, str) else value


def is_everyone(rep: pd.Series) -> pd.Series:
    """Blank, 全员 or Everyone (in any case, as the sheet's = compares): a line of the team's standard mix."""
    return rep.isna() | casefolded(rep).isin({EVERYONE.zh.casefold(), EVERYONE.en.casefold()})


def split_method(value: Any) -> str | None:
    """The split method for a value typed in either language (compared as the sheet compares: case-insensitive,
    untrimmed), or None."""
    if not isinstance(value, str):
        return None
    return next((key for spelling, key in SPLIT_CHOICES.items() if spelling.casefold() == value.casefold()), None)
