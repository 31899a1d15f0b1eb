"""Labels of computed columns (tiers, classes, review, call list) for spills, scripts and the template."""

from xlsales.i18n import Lang, Text

LABELS = {
    "account": Text("客户", "Account"),
    "owner": Text("负责人", "Owner"),
    "revenue": Text("我方年业务额", "Revenue with us"),
    "target": Text("目标市场容量", "Target capacity"),
    "headroom": Text("潜力缺口", "Headroom"),
    "share": Text("占目标市场容量", "Share of target"),
    "tier": Text("建议层级", "Suggested tier"),
    "rank": Text("层内排名", "Rank in tier"),
    "suggested": Text("建议入选", "Suggested"),
    "before_share": Text("排在前面的业务额占比", "Revenue share ranked ahead"),
    "class": Text("分类", "Class"),
    "goal": Text("年度目标", "Annual goal"),
    "expected": Text("预期(至今)", "Expected to date"),
    "actual": Text("实际(至今)", "Actual to date"),
    "gap": Text("差额", "Gap"),
    "attainment": Text("达成率", "Attainment"),
    "call_rank": Text("序号", "No."),
    "customer": Text("客户", "Customer"),
    "progress": Text("销售进程", "Progress"),
    "intent": Text("成交意向", "Intent"),
    "contract": Text("合同状态", "Contract status"),
    "next_call": Text("下次拨打日期", "Next call"),
    "last_contact": Text("最近联系日期", "Last contact"),
    "phone": Text("电话", "Phone"),
    "reason": Text("入选原因", "Why today"),
    "score": Text("优先分", "Priority score"),
}
DUE = Text("到期回访", "Call due")
PRIORITY = Text("重点客户", "Priority customer")
COVERAGE = Text("轮访", "Coverage round")


def headers(keys: list[str], lang: Lang | None = None) -> list[str]:
    """Column headers in one language, or "中文 English" when lang is None (spilled function results)."""
    return [LABELS[k](lang) if lang else f"{LABELS[k].zh} {LABELS[k].en}" for k in keys]


def reason(due: bool, hot: bool) -> Text:
    """Why a customer is on today's list, in the order of the rules."""
    return DUE if due else PRIORITY if hot else COVERAGE
