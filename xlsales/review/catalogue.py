"""The 73 elements (项目销售73要素) as data: groups, checkpoints, and parsing the catalogue sheet.

Seed 001 names the "73要素" without listing them. The default catalogue builds them from the
qualifying "7+3" rule (seven customer-side and three company-side headings), the three needs
and next actions, the manager's four funnel questions (seed 000), GoalPOST and PRIME (seed 000),
decision roles, demo readiness and quote/negotiation readiness (seed 001). A company edits the
catalogue sheet freely: the element score is scaled to 60 whatever the number of checkpoints.
"""

from typing import Literal

from pydantic import BaseModel, Field

from xlsales.i18n import Lang, Text
from xlsales.layout import split_address
from xlsales.problems import Problem, cell_address
from xlsales.review.inputs import flag
from xlsales.review.vocab import CATALOGUE_COLUMNS, FILL, SUPPORT
from xlsales.table import ParsedTable, parse_table

Side = Literal["customer", "company", "plan"]


class Group(BaseModel):
    """A heading of the catalogue and what to do when a project is weak under it."""

    key: str
    name: Text
    side: Side
    action: Literal["fill", "support"]  # the rep fills the gap, or asks the company for support
    hint: Text


class Element(BaseModel):
    no: int = Field(ge=1)
    group: str  # Group.key
    question: Text


def _g(key: str, zh: str, en: str, side: Side, hint_zh: str, hint_en: str, action: str = FILL) -> Group:
    return Group(key=key, name=Text(zh, en), side=side, action=action, hint=Text(hint_zh, hint_en))  # type: ignore[arg-type]


DEFAULT_GROUPS: list[Group] = [
    # customer side: the "7" of the 7+3 rule
    _g("basics", "基本情况", "Basic facts", "customer",
       "查企业信息和供应商付款口碑,补齐行业、规模、组织与信用", "Check company records and suppliers' payment "
       "experience; complete industry, size, organisation and credit"),
    _g("timeline", "项目时间表", "Project timeline", "customer",
       "用封闭式问题向关键人确认启动、选型和上线时间", "Ask the key person closed questions to pin down start, "
       "selection and go-live dates"),
    _g("budget", "预算", "Budget", "customer",
       "用同行老客户的花费试探预算范围,弄清谁批预算", "Test the budget range with what similar customers paid; "
       "find out who approves it"),
    _g("needs", "需求(SPIN)", "Needs (SPIN)", "customer",
       "再访客户,按 SPIN 提问,请客户亲口确认关键需求", "Visit again: ask SPIN questions and have the customer "
       "confirm the key needs"),
    _g("key_person", "关键人", "Key person", "customer",
       "找到并约见关键人,取得其专业和印象上的认同", "Find and meet the key person; win their respect and trust"),
    _g("decision", "决策流程", "Decision process", "customer",
       "弄清谁选型、谁拍板、每个环节谁负责", "Find out who selects, who signs off and who owns each step"),
    _g("competitors", "竞争对手", "Competitors", "customer",
       "通过内线了解竞争对手及其方案报价,明确我方赢点", "Learn the competitors and their offers through the "
       "inside coach; name our winning point"),
    # company side: the "3"
    _g("strength", "我方优势", "Our strength", "company",
       "请售前/实施评估能否交付,准备同行业案例", "Ask pre-sales and implementation whether we can deliver; "
       "prepare an industry reference", SUPPORT),
    _g("fit", "产品匹配", "Product fit", "company",
       "请产品/售前确认需求覆盖与差距,选定合适版本", "Have product or pre-sales confirm coverage and gaps; "
       "choose the right edition", SUPPORT),
    _g("service", "服务能力", "Service capability", "company",
       "请服务部门评估培训、上门和交付成本", "Have the service team estimate training, on-site and delivery cost",
       SUPPORT),
    # planning and readiness
    _g("three_needs", "三大需求与下一步", "Three needs and next actions", "plan",
       "与经理一起梳理企业需求、个人需求和销售需求", "Work out the company, personal and sales needs with the "
       "manager"),
    _g("four_questions", "经理四问", "Manager's four questions", "plan",
       "写清刚完成哪一步、证据、正在做什么、如何准备下一步", "Write down the step just completed, the evidence, "
       "what you are doing now and how you prepare the next step"),
    _g("goalpost", "GoalPOST", "GoalPOST", "plan",
       "按 GoalPOST 写出目标、概况、可量化的目的、策略和战术", "Write the GoalPOST plan: goal, profile, a "
       "measurable objective, strategy and tactics"),
    _g("prime", "PRIME夺单", "PRIME", "plan",
       "按 PRIME 准备夺单:证明价值、找回信息、隔绝竞争、掩盖弱点、强调优势", "Prepare PRIME: prove value, "
       "retrieve missing information, insulate, minimise weaknesses, emphasise strengths"),
    _g("roles", "决策角色", "Decision roles", "customer",
       "画出决策角色图:决策者、把关人、使用者、支持者和反对者", "Map the decision roles: decision maker, "
       "gatekeeper, users, supporters and opponents"),
    _g("demo", "演示准备", "Demo readiness", "company",
       "请售前一起准备演示:听众、关键需求、演练和内部支持者", "Prepare the demo with pre-sales: audience, key "
       "needs, rehearsal, inside supporters", SUPPORT),
    _g("quote", "报价与谈判准备", "Quote and negotiation readiness", "plan",
       "需求确认后再报价,报价拆成软件、培训/交付、服务年费", "Quote only once needs are confirmed, split into "
       "licences, training/delivery and annual service"),
]
GROUPS = {g.key: g for g in DEFAULT_GROUPS}

_QUESTIONS: list[tuple[str, str, str]] = [
    ("basics", "客户属于什么行业、主营什么?", "What industry is the customer in, and what does it sell?"),
    ("basics", "客户年营业额大约多少?", "Roughly what is the customer's annual revenue?"),
    ("basics", "客户有多少员工?", "How many employees does the customer have?"),
    ("basics", "客户的组织架构和各部门分工是怎样的?", "What is the organisation chart, and which department does what?"),
    ("basics", "客户的信用和付款记录如何(向其供应商了解)?",
     "How good are the customer's credit and payment record (ask its suppliers)?"),
    ("timeline", "客户计划什么时候启动、什么时候上线?", "When does the customer plan to start and to go live?"),
    ("timeline", "这个时间由什么驱动(截止日期、事件)?", "What drives that date (a deadline, an event)?"),
    ("timeline", "下一个里程碑(需求讨论、演示、选型结论)是哪天?",
     "When is the next milestone (needs workshop, demo, selection result)?"),
    ("timeline", "时间表是否经关键人确认?", "Has the key person confirmed the timeline?"),
    ("budget", "客户的预算范围是多少?", "What is the customer's budget range?"),
    ("budget", "预算是否已立项、批准?", "Is the budget approved and allocated?"),
    ("budget", "谁掌握和审批这笔预算?", "Who holds and approves the budget?"),
    ("budget", "听到同行老客户的花费,客户反应如何?", "How did the customer react to what similar customers paid?"),
    ("needs", "S 现状:客户现在怎么做(流程、工具、系统)?",
     "S Situation: how does the customer work today (process, tools, systems)?"),
    ("needs", "P 问题:客户现在遇到哪些具体问题?", "P Problem: which specific problems does the customer have now?"),
    ("needs", "I 影响:这些问题造成什么后果和损失?", "I Implication: what do these problems lead to and cost?"),
    ("needs", "N 效益:解决后有什么收益,客户自己说过吗?",
     "N Need-payoff: what does solving them gain, in the customer's own words?"),
    ("needs", "客户确认的关键需求(前三项)是什么?", "Which key needs (top three) has the customer confirmed?"),
    ("key_person", "项目关键人是谁(姓名、职位)?", "Who is the key person (name, title)?"),
    ("key_person", "我们是否当面见过关键人?", "Have we met the key person face to face?"),
    ("key_person", "关键人是否认可我们的专业和印象?", "Does the key person respect our expertise and like working with us?"),
    ("key_person", "我们在客户内部有内线(教练)吗?", "Do we have an inside coach at the customer?"),
    ("decision", "谁负责前期选型?", "Who runs the selection?"),
    ("decision", "最终谁拍板?", "Who makes the final decision?"),
    ("decision", "从选型到签约有哪些环节,每个环节谁负责?",
     "Which steps lead from selection to signature, and who owns each?"),
    ("decision", "客户的决策标准是什么,先看什么(功能、服务、品牌、价格)?",
     "What are the decision criteria, and in what order (function, service, brand, price)?"),
    ("competitors", "有哪些竞争对手参与?", "Which competitors are involved?"),
    ("competitors", "关键人对每个竞争对手的态度如何?", "How does the key person regard each competitor?"),
    ("competitors", "竞争对手的方案和报价是什么?", "What solution and price do the competitors offer?"),
    ("competitors", "我们靠什么赢过竞争对手?", "What will make us win over them?"),
    ("strength", "客户的个性化和二次开发需求我们做得了吗?",
     "Can we deliver the customisation and development the customer needs?"),
    ("strength", "我们在该行业有可展示的成功案例吗?", "Do we have a success story in this industry to show?"),
    ("strength", "售前和实施人员能按时投入吗?", "Can pre-sales and implementation staff be committed on time?"),
    ("fit", "我们的产品不开发能否满足关键需求?", "Does our product meet the key needs without development?"),
    ("fit", "哪些需求满足不了,客户能否接受?", "Which needs can we not meet, and will the customer accept that?"),
    ("fit", "推荐的版本和规模是否合适(不做小、不做大)?",
     "Is the proposed edition and scope right (neither too small nor too large)?"),
    ("service", "客户人员的水平需要多少培训?", "How much training will the customer's staff need?"),
    ("service", "客户在我们的服务范围内吗,上门成本多少?",
     "Is the customer within our service area, and what does a visit cost?"),
    ("service", "我们能否交付到位并收回尾款?", "Can we deliver fully and collect the final payment?"),
    ("three_needs", "企业需求:客户上系统要解决什么管理问题?",
     "Company need: which management problem is the system to solve?"),
    ("three_needs", "个人需求:关键人个人想得到什么,在企业中地位如何?",
     "Personal need: what does the key person want personally, and what is their standing?"),
    ("three_needs", "销售需求:我们要把项目做成多大金额、什么范围?",
     "Sales need: what amount and scope do we aim to sell?"),
    ("three_needs", "下一步:哪些要补、哪些保持、需要什么支持?",
     "Next actions: what to fill in, what to keep, what support to ask for?"),
    ("four_questions", "刚刚完成了哪一步?", "Which step did you just complete?"),
    ("four_questions", "有什么证据(或反证)?", "What is the evidence (or counter-evidence)?"),
    ("four_questions", "现在正在采取什么行动?", "What are you doing now?"),
    ("four_questions", "如何准备下一步?", "How are you preparing the next step?"),
    ("goalpost", "Goal 目标:这个客户长期能带来多大价值?", "Goal: what is this customer worth to us in the long run?"),
    ("goalpost", "Profile 概况:对客户公司、联系人和行业趋势了解多少?",
     "Profile: what do we know of the company, its contacts and its industry's trends?"),
    ("goalpost", "Objective 明确:具体是什么项目,谁负责?", "Objective, specific: which project exactly, and who owns it?"),
    ("goalpost", "Objective 量化:标的金额是多少?", "Objective, measurable: what is the order amount?"),
    ("goalpost", "Objective 时效:客户的截止时间是哪天?", "Objective, time-bound: what is the customer's deadline?"),
    ("goalpost", "Strategy 策略:通过什么途径接触并打动关键人?",
     "Strategy: by which route do we reach and win the key person?"),
    ("goalpost", "Tactics 战术:接下来的具体动作,谁做,何时做?", "Tactics: which concrete moves come next, by whom, when?"),
    ("prime", "P 证明价值:我们的方案切中了客户的哪个要害?", "Prove value: which pain does our solution hit?"),
    ("prime", "R 找回信息:还缺哪些信息,向谁去问?", "Retrieve: which information is missing, and whom do we ask?"),
    ("prime", "I 隔绝竞争:方案如何与关键人的个人利益挂钩?",
     "Insulate: how is our solution tied to the key person's own interest?"),
    ("prime", "M 掩盖弱点:我们的弱点在客户决策标准中分量多大?",
     "Minimise: how much do our weaknesses weigh in the customer's criteria?"),
    ("prime", "E 强调优势:我们的优势是否已写进客户的决策标准?",
     "Emphasise: are our strengths written into the customer's criteria?"),
    ("roles", "决策者对我们的态度如何(支持/中立/反对)?", "Where does the decision maker stand on us (for / neutral / against)?"),
    ("roles", "技术或财务把关人是谁,他关注什么?", "Who is the technical or financial gatekeeper, and what do they check?"),
    ("roles", "最终使用部门的立场如何?", "Where do the user departments stand?"),
    ("roles", "谁反对我们,如何把他转为中立?", "Who opposes us, and how do we bring them to neutral?"),
    ("demo", "演示时关键决策人是否在场?", "Will the key decision makers attend the demo?"),
    ("demo", "演示内容是否围绕客户确认的关键需求?", "Is the demo built around the confirmed key needs?"),
    ("demo", "各层听众(高层、中层、使用者)各自关注什么?",
     "What does each audience (executives, managers, users) care about?"),
    ("demo", "是否完整演练过,并准备了针对竞争对手的说辞?",
     "Has the demo been rehearsed in full, with answers ready on competitors?"),
    ("demo", "是否安排了内部支持者在演示中配合?", "Are inside supporters lined up to back us during the demo?"),
    ("quote", "需求是否已经客户确认,可以正式报价?", "Has the customer confirmed the needs, so we can quote formally?"),
    ("quote", "报价是否分为软件、培训/交付、服务年费三部分?",
     "Is the quote split into licences, training/delivery and annual service?"),
    ("quote", "是否清楚客户预算和竞争对手价格?", "Do we know the customer's budget and the competitors' prices?"),
    ("quote", "老板是否已见面并看过报价?", "Has the owner met us and seen the quote?"),
    ("quote", "是否留有让步空间,降价只减服务内容?",
     "Have we left room to concede, cutting service content rather than the price?"),
]
DEFAULT_ELEMENTS: list[Element] = [Element(no=i, group=g, question=Text(zh, en))
                                   for i, (g, zh, en) in enumerate(_QUESTIONS, start=1)]


def catalogue_rows(elements: list[Element], lang: Lang) -> list[list[object]]:
    """The catalogue as its sheet holds it (no header): no, group, checkpoint, the other language's wording."""
    other: Lang = "en" if lang == "zh-CN" else "zh-CN"
    return [[e.no, GROUPS[e.group].name(lang), e.question(lang), e.question(other)] for e in elements]


def catalogue_header(lang: Lang) -> list[str]:
    return [c.label(lang) for c in CATALOGUE_COLUMNS]


def find_group(name: str) -> Group | None:
    """The default group a name on a sheet stands for (either language), if it is one."""
    wanted = name.strip().lower()
    return next((g for g in DEFAULT_GROUPS if wanted in (g.name.zh.lower(), g.name.en.lower(), g.key)), None)


def parse_catalogue(rows: list[list[object]], sheet: str, first_row: int = 0, first_col: int = 0) -> ParsedTable:
    """The catalogue's checkpoints in sheet order (header first). A number an earlier row has is a problem; rows
    with a problem are left out (the frame holds the usable checkpoints), and at least one must be usable."""
    parsed = parse_table(rows, CATALOGUE_COLUMNS, sheet, first_row, first_col)
    frame = parsed.frame
    dupes = frame["no"].notna() & frame["no"].duplicated(keep="first")
    flag(parsed, dupes, "no", "要素序号不能重复", "checkpoint numbers must be unique")
    bad_rows = {split_address(p.cell)[0] for p in parsed.problems}
    parsed.frame = frame[~frame["row"].isin(bad_rows) & ~dupes].reset_index(drop=True)
    if parsed.frame.empty:
        parsed.problems.append(Problem(sheet, cell_address(first_row, first_col), "要素目录为空,至少需要一个要素",
                                       "the catalogue is empty; at least one checkpoint is needed"))
    return parsed
