"""The words of key-account work: tiers, roles, progress codes, intent, contract status, the 7+3 items,
qualification verdicts and the rep-level rubric, each in Chinese and English with a canonical key."""

from typing import NamedTuple

from xlsales.i18n import Text

# ---- 5+5+5 tiers (seed 004) -----------------------------------------------------------------

# ---- key people (seeds 003, 004) ------------------------------------------------------------
DECISION_MAKER, INFLUENCER, USER, COACH = "decision_maker", "influencer", "user", "coach"
ROLES = {
    DECISION_MAKER: Text("决策者", "Decision-maker"),
    INFLUENCER: Text("影响者", "Influencer"),
    USER: Text("使用者", "User"),
    COACH: Text("教练(内线)", "Coach"),
}
CLOSENESS, SOLUTION, PRICE = "closeness", "solution", "price"
DIMENSIONS = {
    CLOSENESS: Text("关系紧密度", "Relationship closeness"),
    SOLUTION: Text("方案认可度", "Solution acceptance"),
    PRICE: Text("价格接受度", "Price acceptance"),
}
INVOLVEMENT_LEVELS = range(1, 6)  # 1 = the most involved (seed 004)


def involvement_label(level: int) -> Text:
    return Text(f"参与程度{level}", f"Involvement {level}")


class WeightItem(NamedTuple):
    """One weight of the overall closeness: a rating dimension, a role or an involvement level."""

    group: str  # "dimensions", "roles" or "involvement" (the ClosenessWeights field)
    key: str | int
    label: Text

    @property
    def code(self) -> str:
        """How the weights table's item column reads it (one text per item)."""
        return f"{self.group}:{self.key}"


WEIGHT_ITEMS: list[WeightItem] = (
    [WeightItem("dimensions", k, t) for k, t in DIMENSIONS.items()]
    + [WeightItem("roles", k, t) for k, t in ROLES.items()]
    + [WeightItem("involvement", level, involvement_label(level)) for level in INVOLVEMENT_LEVELS])

# ---- customer progress, intent and contract status for the call list (seed 002) --------------
# The text lists codes 0, 1, 4, 5, 6 and 7; 2 and 3 are missing there and are named here in the same spirit.
PROGRESS = {
    0: Text("0 暂时没有联系上", "0 Not reached yet"),
    1: Text("1 新增到自己名下", "1 Newly assigned"),
    2: Text("2 已联系上,初步沟通", "2 Reached, first talks"),
    3: Text("3 有需求,方案沟通中", "3 Need found, discussing solution"),
    4: Text("4 客户有选择我方的意向", "4 Customer leaning our way"),
    5: Text("5 直接联系并已发合同", "5 Contract sent"),
    6: Text("6 合同中", "6 Under contract"),
    7: Text("7 合同已到期", "7 Contract expired"),
}
INTENT = {  # 成交意向, weakest first; the value is its level 1-5
    "poor": Text("可能性差", "Poor"),
    "unclear": Text("意向不明", "Unclear"),
    "possible": Text("可能成交", "Possible"),
    "good": Text("成交意向好", "Good"),
    "very_likely": Text("成交可能性很大", "Very likely"),
}
INTENT_LEVEL = {key: level for level, key in enumerate(INTENT, start=1)}
NO_CONTRACT, UNDER_CONTRACT, CONTRACT_EXPIRED = "none", "active", "expired"
CONTRACT = {
    NO_CONTRACT: Text("无合同", "No contract"),
    UNDER_CONTRACT: Text("合同中", "Under contract"),
    CONTRACT_EXPIRED: Text("合同已到期", "Contract expired"),
}

# ---- 7+3 qualification (seed 001, 商机穿透) ---------------------------------------------------
KNOWN, PARTLY, UNKNOWN, AGAINST = "known", "partly", "unknown", "against"
ITEM_STATUS = {
    KNOWN: Text("已知", "Known"),
    PARTLY: Text("部分了解", "Partly known"),
    UNKNOWN: Text("未知", "Unknown"),
    # known, and it rules the deal out: the text's "bad payer - don't touch", "product can't do it - give up"
    AGAINST: Text("不利", "Against us"),
}
ITEM_POINTS = {KNOWN: 1.0, PARTLY: 0.5, UNKNOWN: 0.0, AGAINST: 0.0}


class Item(NamedTuple):
    key: str
    label: Text
    side: str  # "customer" (the 7) or "company" (the 3)


QUALIFY_ITEMS = [
    Item("basics", Text("客户基本情况", "Customer basics"), "customer"),  # industry, size, organisation, credit
    Item("timeline", Text("项目进展计划", "Project timeline"), "customer"),
    Item("budget", Text("项目预算", "Budget"), "customer"),
    Item("needs", Text("基本需求", "Needs"), "customer"),  # found with SPIN
    Item("key_person", Text("关键人", "Key person"), "customer"),
    Item("decision", Text("项目决策流程", "Decision process"), "customer"),
    Item("competitors", Text("竞争者", "Competitors"), "customer"),
    Item("strength", Text("公司实力", "Our strength"), "company"),
    Item("product", Text("产品优势", "Product fit"), "company"),
    Item("service", Text("服务能力", "Service capability"), "company"),
]
GO, HOLD, NO_GO = "go", "hold", "no_go"
VERDICTS = {
    GO: Text("跟进", "Go"),
    HOLD: Text("先补信息", "Find out more first"),
    NO_GO: Text("放弃", "No-go"),
}

# ---- rep levels (seed 000, CES 第2课) ----------------------------------------------------------
PASS, MIDDLE, TOP = "pass", "middle", "top"
REP_LEVELS = {PASS: Text("及格", "Pass"), MIDDLE: Text("中等", "Average"), TOP: Text("TOPSALES", "Top sales")}
LEVEL_SCORE = {PASS: 1, MIDDLE: 2, TOP: 3}


class RubricRow(NamedTuple):
    key: str
    label: Text
    levels: tuple[Text, Text, Text]  # what 及格 / 中等 / TOPSALES look like


RUBRIC = [
    RubricRow("focus", Text("对订单关注点", "Focus on the order"), (
        Text("此项目本身", "The project itself"),
        Text("对此项目过程的控制", "Controlling the project's process"),
        Text("影响此项目的最终结果", "Shaping the project's final outcome"))),
    RubricRow("entry_point", Text("销售切入点", "Entry point"), (
        Text("产品与服务本身的卖点", "Selling points of the product and service"),
        Text("研究客户业务,结合系统方案", "The customer's business, with a system solution"),
        Text("再加上客户内部势力分布和战线联盟", "Plus the customer's internal power map and alliances"))),
    RubricRow("strong_point", Text("强项", "Strength"), (
        Text("产品技术指标的说明", "Explaining technical specs"),
        Text("系统整体方案的说明", "Explaining the whole system solution"),
        Text("包含客户单位及个人利益的整体方案", "A whole solution that serves the company and the people"))),
    RubricRow("price_talk", Text("对报价的解释", "Explaining the price"), (
        Text("强调价格低", "Stresses a low price"),
        Text("降低客户总体拥有成本", "Lowers total cost of ownership"),
        Text("为客户带来增值", "Adds value for the customer"))),
    RubricRow("contact_level", Text("直接联系的客户层面", "Level of contact"), (
        Text("客户操作层面的人", "Operational staff"),
        Text("客户管理层面的人", "Managers"),
        Text("客户的高级决策者", "Senior decision-makers"))),
    RubricRow("customer_attitude", Text("客户对该销售的态度", "Customer's stance toward the rep"), (
        Text("可以考虑", "Might consider"),
        Text("首选", "First choice"),
        Text("可参与客户对订单的内部运作", "Takes part in the customer's internal handling of the order"))),
    RubricRow("lead_response", Text("对销售信息的反应", "Response to leads"), (
        Text("有反应,按部就班", "Reacts, by the book"),
        Text("积极响应", "Responds actively"),
        Text("未雨绸缪", "Prepares ahead"))),
    RubricRow("insight", Text("对客户心态的洞察", "Insight into the customer"), (
        Text("大概明白客户对自己的远近", "Roughly knows how close the customer is"),
        Text("灵活应对客户内部的不同声音", "Handles different voices inside the customer"),
        Text("缔结内部支持联盟,变反对为中立", "Builds an internal alliance, turns opponents neutral"))),
    RubricRow("resources", Text("公司资源的使用", "Use of company resources"), (
        Text("不是使用不足就是浪费", "Either too little or wasted"),
        Text("基本及时和明智", "Mostly timely and sensible"),
        Text("有效计划和约定,合理使用", "Planned, agreed and used well"))),
    RubricRow("results", Text("业绩", "Results"), (
        Text("与资源支出不协调", "Out of line with resources spent"),
        Text("比较稳定", "Fairly steady"),
        Text("超额完成", "Above target"))),
    RubricRow("impression", Text("客户的总体印象", "Customer's overall impression"), (
        Text("产品专家", "Product expert"),
        Text("客户的潜在资源", "A potential resource for the customer"),
        Text("推心置腹的业务顾问", "A trusted business adviser"))),
    RubricRow("contact_feel", Text("客户对每次联系的感觉", "How each contact feels to the customer"), (
        Text("打搅", "A disturbance"),
        Text("销售演示", "A sales demo"),
        Text("有新点子的商业会议", "A business meeting with new ideas"))),
    RubricRow("judgement", Text("客户对该销售的判断", "Customer's judgement of the rep"), (
        Text("一个勤快的人", "Hard-working"),
        Text("比较有想法的人", "Has ideas"),
        Text("非常有价值、值得接纳的人", "Very valuable, worth taking in"))),
    RubricRow("general_attitude", Text("客户的一般态度", "Customer's usual attitude"), (
        Text("找我底下的人谈吧", "Talk to my staff"),
        Text("比较客气", "Polite"),
        Text("主动保持联系", "Keeps in touch on their own"))),
]
