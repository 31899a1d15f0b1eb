"""The columns of the accounts workbook's input tables, found by header in Chinese or English."""

from xlsales.accounts.vocab import CONTRACT, INTENT, ITEM_STATUS, QUALIFY_ITEMS, REP_LEVELS, ROLES, RUBRIC, WEIGHT_ITEMS
from xlsales.funnel.vocab import ACCOUNT_CLASS
from xlsales.i18n import Text, choices
from xlsales.table import Column


def choice(key: str, label: Text, vocab: dict, required: bool = False) -> Column:
    """A drop-down column: either language's label is accepted; a bad value's message lists the labels."""
    return Column(key, label, "choice", required=required, choices=choices(vocab), options=tuple(vocab.values()))


ACCOUNT_COLUMNS: list[Column] = [
    Column("account", Text("客户", "Account"), "text", required=True),
    Column("owner", Text("负责人", "Owner")),
    Column("industry", Text("行业", "Industry")),
    Column("revenue", Text("我方年业务额", "Revenue with us"), "number", required=True, minimum=0),
    Column("total_market", Text("总市场容量", "Total market"), "number", required=True, minimum=0),
    # blank = none: every channel the account buys through is one we sell in
    Column("other_channels", Text("未参与渠道供应", "Supply via channels we are not in"), "number", minimum=0),
    choice("class_manual", Text("分类(手动)", "Class (manual)"), ACCOUNT_CLASS),
]

PEOPLE_COLUMNS: list[Column] = [
    Column("account", Text("客户", "Account"), "text", required=True),
    # one deal ID, or several separated by commas: the person sits in each of those decision chains
    Column("deals", Text("商机", "Deals")),
    Column("department", Text("部门", "Department")),
    Column("name", Text("姓名", "Name"), "text", required=True),
    Column("title", Text("职务", "Title")),
    choice("role", Text("角色", "Role"), ROLES, required=True),
    Column("involvement", Text("参与程度(1最高-5)", "Involvement (1 highest-5)"), "number", required=True, minimum=1,
           maximum=5, whole=True),
    Column("closeness", Text("关系紧密度(1-5)", "Closeness (1-5)"), "number", required=True, minimum=1, maximum=5),
    Column("solution", Text("方案认可度(1-5)", "Solution acceptance (1-5)"), "number", required=True, minimum=1,
           maximum=5),
    Column("price", Text("价格接受度(1-5)", "Price acceptance (1-5)"), "number", required=True, minimum=1, maximum=5),
    Column("contact", Text("电话/邮箱", "Phone / email")),
    Column("interests", Text("个人关注与痛点", "Interests and pains")),
]
RATING_KEYS = ["closeness", "solution", "price"]

PLAN_COLUMNS: list[Column] = [
    Column("tier", Text("层级", "Tier"), "number", required=True, minimum=1, maximum=3, whole=True),
    Column("account", Text("客户", "Account"), "text", required=True),
    Column("owner", Text("负责人", "Owner")),
    Column("goal", Text("年度目标", "Annual goal"), "number", minimum=0),
    Column("objective", Text("目的", "Objective")),
    Column("who", Text("谁", "Who")),
    Column("how", Text("如何", "How")),
    Column("when", Text("何时", "When"), "date"),
    Column("why", Text("为什么", "Why")),
]
PLAN_TEXT_KEYS = ["goal", "objective", "who", "how", "when", "why"]  # what a person typed; a re-plan keeps it

MONTHLY_COLUMNS: list[Column] = [
    Column("account", Text("客户", "Account"), "text", required=True),
    Column("month", Text("月份", "Month"), "date", required=True),
    Column("expected", Text("预期", "Expected"), "number", minimum=0),
    Column("actual", Text("实际", "Actual"), "number", minimum=0),
]

QUALIFY_COLUMNS: list[Column] = [
    Column("deal", Text("商机", "Deal"), "text", required=True),
    Column("account", Text("客户", "Account")),
    Column("owner", Text("负责人", "Owner")),
] + [choice(item.key, item.label, ITEM_STATUS) for item in QUALIFY_ITEMS]

REP_LEVEL_COLUMNS: list[Column] = [
    Column("rep", Text("销售", "Rep"), "text", required=True),
] + [choice(row.key, row.label, REP_LEVELS) for row in RUBRIC]

CUSTOMER_COLUMNS: list[Column] = [
    Column("customer", Text("客户", "Customer"), "text", required=True),
    Column("owner", Text("负责人", "Owner")),
    Column("progress", Text("销售进程(0-7)", "Progress (0-7)"), "number", required=True, minimum=0, maximum=7,
           whole=True),
    choice("intent", Text("成交意向", "Intent"), INTENT),
    choice("contract", Text("合同状态", "Contract status"), CONTRACT),
    Column("next_call", Text("下次拨打日期", "Next call"), "date"),
    Column("last_contact", Text("最近联系日期", "Last contact"), "date"),
    Column("phone", Text("电话", "Phone")),
    Column("notes", Text("备注", "Notes")),
]

REP_COLUMNS: list[Column] = [
    Column("rep", Text("姓名", "Name"), "text", required=True),
    Column("team", Text("团队", "Team")),
]

WEIGHT_COLUMNS: list[Column] = [
    # an item in either language, as a code "group:key" (vocab.WeightItem.code)
    Column("item", Text("项目", "Item"), "choice", required=True,
           choices={spelling: item.code for item in WEIGHT_ITEMS for spelling in (item.label.zh, item.label.en)},
           options=tuple(item.label for item in WEIGHT_ITEMS)),
    Column("weight", Text("权重", "Weight"), "number", required=True, minimum=0),
]
