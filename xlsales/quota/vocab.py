"""The quota workbook's words: split methods, tracked activities, and the columns of its three input tables."""

from xlsales.i18n import Text, choices
from xlsales.table import Column, normalise

EQUAL, WEIGHTED = "equal", "weighted"
SPLIT_METHODS = {EQUAL: Text("平均分配", "Equal split"), WEIGHTED: Text("按能力权重", "By ability weight")}

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
EVERYONE = Text("全员", "Everyone")

SPLIT_CHOICES = choices(SPLIT_METHODS)


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
    Column("week", Text("周次", "Week"), "number", required=True, minimum=1),
    Column(OPPORTUNITIES, Text("新增商机", "New opportunities"), "number", minimum=0),
    Column(VISITS, Text("拜访次数", "Visits"), "number", minimum=0),
    Column(SIGNED, Text("签单金额", "Signed amount"), "number", minimum=0),
    Column(COLLECTED, Text("回款金额", "Collected amount"), "number", minimum=0),
]


def canonical(choices_: dict[str, str], value: object) -> str | None:
    """The canonical key for a value typed in either language (case and spaces ignored), or None."""
    wanted = normalise(value)
    return next((key for spelling, key in choices_.items() if normalise(spelling) == wanted or key == wanted), None)
