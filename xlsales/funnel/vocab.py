"""The funnel's words: statuses, classes, forecast categories, stage and deal columns, default stages."""

from pydantic import BaseModel, Field

from xlsales.funnel.clarity import unreadable_codes
from xlsales.i18n import Lang, Text, choices
from xlsales.table import Column

OPEN, WON, LOST, PAUSED = "open", "won", "lost", "paused"
STATUS = {OPEN: Text("跟踪", "Open"), WON: Text("赢单", "Won"), LOST: Text("丢单", "Lost"), PAUSED: Text("暂停", "Paused")}

PIPELINE, BEST_CASE, COMMIT, CLOSED, OMITTED = "pipeline", "best_case", "commit", "closed", "omitted"
CATEGORY = {
    PIPELINE: Text("管道", "Pipeline"),
    BEST_CASE: Text("乐观", "Best case"),
    COMMIT: Text("承诺", "Commit"),
    CLOSED: Text("已成交", "Closed"),
    OMITTED: Text("排除", "Omitted"),
}
MIN_STAGES, MAX_STAGES = 3, 7  # the texts keep 3-7 stages per company
ACCOUNT_CLASS = {"A": Text("A", "A"), "B": Text("B", "B"), "C": Text("C", "C")}


class Stage(BaseModel):
    """One funnel stage; a company keeps 3-7 of them on the stages sheet."""

    order: int = Field(ge=1)
    name: Text
    probability: float = Field(ge=0, le=1)
    category: str
    exit_criteria: Text
    max_days_in_stage: int = Field(ge=1)
    max_days_idle: int = Field(ge=1)


# CES five layers (seed 000); probabilities are starting values a company replaces by calibration.
DEFAULT_STAGES: list[Stage] = [
    Stage(order=1, name=Text("放入漏斗", "Qualify into funnel"), probability=0.10, category=PIPELINE,
          exit_criteria=Text("已知购买理由与迫切需求", "Known reason to buy and urgent need"),
          max_days_in_stage=30, max_days_idle=14),
    Stage(order=2, name=Text("判断赢率", "Judge win odds"), probability=0.25, category=PIPELINE,
          exit_criteria=Text("与关键人建立关系,掌握决定因素", "Relationship with key person; we own the deciding factor"),
          max_days_in_stage=30, max_days_idle=14),
    Stage(order=3, name=Text("建立内线", "Inside coach"), probability=0.50, category=BEST_CASE,
          exit_criteria=Text("有内线,方案经非正式沟通成形", "Inside coach; solution shaped in informal talks"),
          max_days_in_stage=45, max_days_idle=10),
    Stage(order=4, name=Text("正式场合达成共识", "Formal agreement"), probability=0.75, category=COMMIT,
          exit_criteria=Text("正式场合认可方案与报价", "Solution and quote agreed formally"),
          max_days_in_stage=30, max_days_idle=7),
    Stage(order=5, name=Text("谈判签约", "Negotiate and sign"), probability=0.90, category=COMMIT,
          exit_criteria=Text("合同签署", "Contract signed"),
          max_days_in_stage=21, max_days_idle=7),
]

STAGE_COLUMNS: list[Column] = [
    Column("order", Text("序号", "Order"), "number", required=True, minimum=1, whole=True),
    Column("stage", Text("阶段", "Stage"), "text", required=True),
    Column("probability", Text("阶段赢率", "Win probability"), "number", required=True, minimum=0, maximum=1),
    Column("category", Text("预测类别", "Forecast category"), "choice", required=True, choices=choices(CATEGORY),
           options=tuple(CATEGORY.values())),
    Column("exit_criteria", Text("出阶段标准", "Exit criteria")),
    Column("max_days_in_stage", Text("停留上限(天)", "Max days in stage"), "number", required=True, minimum=1, whole=True),
    Column("max_days_idle", Text("无跟进上限(天)", "Max days idle"), "number", required=True, minimum=1, whole=True),
]

DEAL_COLUMNS: list[Column] = [
    Column("id", Text("编号", "Deal ID"), "text", required=True),
    Column("customer", Text("客户", "Customer"), "text", required=True),
    Column("account_class", Text("客户分类", "Class"), "choice", choices=choices(ACCOUNT_CLASS),
           options=tuple(ACCOUNT_CLASS.values())),
    Column("owner", Text("负责人", "Owner"), "text", required=True),
    Column("product_line", Text("产品线", "Product line")),
    Column("amount", Text("金额", "Amount"), "number", required=True, minimum=0),
    Column("stage", Text("阶段", "Stage"), "text", required=True),
    Column("status", Text("状态", "Status"), "choice", required=True, choices=choices(STATUS),
           options=tuple(STATUS.values())),
    Column("created", Text("创建日期", "Created"), "date", required=True),
    Column("close_date", Text("预计成交日期", "Expected close"), "date", required=True),
    Column("pushes", Text("推迟次数", "Close-date pushes"), "number", minimum=0, whole=True),
    Column("stage_since", Text("进入本阶段日期", "In stage since"), "date"),
    Column("last_activity", Text("最近跟进日期", "Last activity"), "date"),
    Column("next_step", Text("下一步", "Next step")),
    Column("clarity", Text("8C1F0W评估", "8C1F0W check"), rule=unreadable_codes,
           rule_expected=Text("不超过 9 个 C/F/W 字母(清楚/模糊/不知道),如 CCCCCCCCF",
                              "up to 9 letters C/F/W (clear/fuzzy/unknown), e.g. CCCCCCCCF")),
    Column("q_step_done", Text("刚完成哪一步", "Step just completed")),
    Column("q_evidence", Text("证据/反证", "Evidence / counter-evidence")),
    Column("q_doing_now", Text("现在在做什么", "Doing now")),
    Column("q_next_prep", Text("如何准备下一步", "Preparing next step")),
]


def stage_table(stages: list[Stage], lang: Lang) -> list[list[object]]:
    """Stage rows as the stages sheet shows them (header excluded)."""
    return [
        [s.order, s.name(lang), s.probability, CATEGORY[s.category](lang), s.exit_criteria(lang),
         s.max_days_in_stage, s.max_days_idle]
        for s in stages
    ]
