"""What `xlsales import` can fill: a target is one Excel table of one template, described as data.

A target names the table (its `xlsales.layout.Table`: input columns with their `Column` rules, calculated
columns with their formulas), the sheet it is on, the source headers that mean each of its columns
(Chinese and English, and the usual exports of Salesforce, HubSpot, Dynamics 365, 纷享销客 and 销售易),
the source values that mean each choice, and which columns hold money. Adding a target is a few
lines here; the funnel's extra steps (status from stage, the stages and reps tables) are in
`xlsales.importing.funnel`.

The funnel's Deals table, the quota workbook's weekly tracking (QuotaWeekly) and the accounts workbook's
customer list (Customers) are the tables their layouts describe (xlsales/<capability>/layout.py).
"""

from dataclasses import dataclass, field
from typing import Any, Mapping

from xlsales.accounts import layout as AL
from xlsales.accounts.vocab import PROGRESS
from xlsales.funnel import layout as FL
from xlsales.funnel.vocab import LOST, OPEN, PAUSED, WON
from xlsales.i18n import Text
from xlsales.importing.headers import fold
from xlsales.layout import Table
from xlsales.quota import layout as QL


@dataclass(frozen=True)
class People:
    """The workbook's list of reps a target column's names belong on (the owner drop-down, the per-rep blocks)."""

    sheet: Text
    table: Table
    key: str  # that table's name column
    source: str  # the target column whose names fill it
    capacity: int  # how many the drop-downs and per-rep blocks hold


@dataclass(frozen=True)
class Target:
    name: str  # as --target and a mapping file's `target` name it
    title: Text
    template: str  # the template holding the table (xlsales.templates.registry)
    sheet: Text
    table: Table
    # column key -> source headers meaning it, best first; keys outside the table are read for the target's own steps
    synonyms: Mapping[str, tuple[str, ...]]
    # column key -> folded source value -> the canonical value (a choice's key, or a number)
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    money: frozenset[str] = frozenset()  # number columns that take currencies and 万/亿 units
    identity: str | None = None  # a column whose values must be unique: repeats are reported
    derived: frozenset[str] = frozenset()  # required columns the target can fill without a source column
    one_of: tuple[tuple[str, ...], ...] = ()  # of each group, at least one column must be in the source
    people: People | None = None  # a new workbook's reps list is filled from these names

    def columns(self) -> list[str]:
        return [c.key for c in self.table.columns if c.read is not None]


def _folded(spellings: Mapping[str, Any]) -> dict[str, Any]:
    return {fold(k): v for k, v in spellings.items()}


# ---------------------------------------------------------------------------------------------
# funnel: the Deals table

DEAL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "Deal ID", "商机编号", "商机ID", "机会编号", "机会ID", "Opportunity ID", "Record ID", "Deal Id",
           "(Do Not Modify) Opportunity", "Opportunity Number", "ID"),
    "customer": ("客户", "Customer", "客户名称", "客户名", "客户全称", "所属客户", "公司名称", "Account Name", "Account",
                 "Company", "Company Name", "Associated Company", "Associated Company (Primary)", "Potential Customer"),
    "account_class": ("客户分类", "Class", "客户级别", "客户等级", "Account Class", "Customer Class"),
    "owner": ("负责人", "Owner", "商机负责人", "销售负责人", "所有人", "销售", "销售代表", "销售人员", "跟进人", "业务员",
              "Opportunity Owner", "Deal owner", "Owner Name", "Sales Rep", "Sales Agent", "Assigned To",
              "HubSpot Owner"),
    "product_line": ("产品线", "Product line", "产品", "产品名称", "意向产品", "Product", "Product Family",
                     "Product Name", "Primary Product"),
    "amount": ("金额", "Amount", "商机金额", "预计金额", "预计成交金额", "预计销售金额", "销售金额", "合同金额",
               "商机总金额", "Est. Revenue", "Estimated Revenue", "Deal Amount", "Deal Value", "Opportunity Amount",
               "Close Value", "Amount (converted)"),
    "stage": ("阶段", "Stage", "销售阶段", "商机阶段", "阶段名称", "当前阶段", "Deal Stage", "Sales Stage",
              "Opportunity Stage", "Stage Name", "Pipeline Phase"),
    "status": ("状态", "Status", "商机状态", "赢输状态", "Deal Status", "Opportunity Status", "Status Reason"),
    "created": ("创建日期", "Created", "创建时间", "商机创建时间", "录入时间", "Created Date", "Create Date",
                "Created On", "Date Created", "Created Time", "Opportunity Created Date"),
    "close_date": ("预计成交日期", "Expected close", "预计签单日期", "预计结单日期", "预计签约日期", "结单日期", "成交日期",
                   "Close Date", "Est. Close Date", "Estimated Close Date", "Expected Close Date",
                   "Actual Close Date"),
    "pushes": ("推迟次数", "Close-date pushes", "Push Count", "Pushed Count"),
    "stage_since": ("进入本阶段日期", "In stage since", "阶段变更时间", "阶段更新时间", "Last Stage Change Date",
                    "Stage Change Date"),
    "last_activity": ("最近跟进日期", "Last activity", "最近跟进时间", "最后跟进时间", "最后跟进日期", "最新跟进时间",
                      "最后活动时间", "Last Activity Date", "Last Activity", "Last Contacted"),
    "next_step": ("下一步", "Next step", "下一步计划", "下一步行动", "Next Steps"),
    "name": ("商机名称", "机会名称", "项目名称", "Opportunity Name", "Deal Name", "Topic", "Name"),
}

# Statuses as CRMs spell them (a stage column often holds them: Closed Won, Closed Lost, 赢单, 输单).
STATUS_SYNONYMS: dict[str, str] = _folded({
    "跟踪": OPEN, "Open": OPEN, "进行中": OPEN, "跟进中": OPEN, "In Progress": OPEN, "Active": OPEN,
    "赢单": WON, "Won": WON, "已赢单": WON, "成交": WON, "已成交": WON, "赢单关闭": WON, "Closed Won": WON, "Win": WON,
    "丢单": LOST, "Lost": LOST, "已丢单": LOST, "输单": LOST, "已输单": LOST, "输单关闭": LOST, "失败": LOST,
    "Closed Lost": LOST, "Lose": LOST, "Out-Sold": LOST, "Canceled": LOST, "Cancelled": LOST,
    "暂停": PAUSED, "Paused": PAUSED, "搁置": PAUSED, "挂起": PAUSED, "On Hold": PAUSED,
})
CLASS_SYNONYMS: dict[str, str] = _folded({f"{prefix}{c}{suffix}": c for c in "ABC"
                                          for prefix, suffix in (("", ""), ("", "类"), ("", "级"), ("", "类客户"),
                                                                 ("Class ", ""))})

FUNNEL = Target(
    name="funnel", title=Text("销售漏斗:商机", "Funnel: deals"), template="funnel", sheet=FL.SHEET_DEALS,
    table=FL.DEALS, synonyms=DEAL_SYNONYMS, values={"account_class": CLASS_SYNONYMS},
    money=frozenset({"amount"}), identity="id",
    # an ID from the deal's name or the source row; a status from the stage, a stage from the status
    derived=frozenset({"id", "stage", "status"}), one_of=(("stage", "status"),),
    people=People(FL.SHEET_SETTINGS, FL.REPS, "name", "owner", FL.MAX_REPS),
)

# ---------------------------------------------------------------------------------------------
# quota: weekly tracking, and accounts: the customer list

WEEK_NUMBERS: dict[str, int] = _folded({spelling: n for n in range(1, 54)
                                        for spelling in (f"第{n}周", f"W{n}", f"W{n:02d}", f"Week {n}", f"Wk {n}")})
WEEKLY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "rep": ("姓名", "Name", "负责人", "销售", "销售人员", "销售代表", "员工", "员工姓名", "Rep", "Sales Rep", "Owner"),
    "week": ("周次", "Week", "周", "第几周", "周数", "Week No", "Week Number"),
    "opportunities": ("新增商机", "New opportunities", "新增商机数", "新商机", "商机数", "Opportunities", "New Deals"),
    "visits": ("拜访次数", "Visits", "拜访", "拜访数", "拜访量", "客户拜访", "Meetings"),
    "signed": ("签单金额", "Signed amount", "签约金额", "成交金额", "签单", "Bookings", "Closed Won Amount"),
    "collected": ("回款金额", "Collected amount", "回款", "回款额", "Collections", "Cash Collected", "Payments"),
}
CUSTOMER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer": ("客户", "Customer", "客户名称", "客户名", "客户全称", "公司名称", "Account Name", "Account", "Company",
                 "Company Name"),
    "owner": ("负责人", "Owner", "客户负责人", "销售", "所有人", "Account Owner", "Contact owner"),
    "progress": ("销售进程(0-7)", "Progress (0-7)", "销售进程", "进程", "进展", "Progress"),
    "intent": ("成交意向", "Intent", "意向", "意向程度"),
    "contract": ("合同状态", "Contract status", "合同"),
    "next_call": ("下次拨打日期", "Next call", "下次联系日期", "下次跟进日期", "下次联系时间", "下次跟进时间",
                  "Next Contact Date", "Next Follow-up", "Next Activity Date"),
    "last_contact": ("最近联系日期", "Last contact", "最后联系时间", "最近联系时间", "最近跟进时间", "最后跟进时间",
                     "Last Contacted", "Last Activity Date"),
    "phone": ("电话", "Phone", "手机", "手机号", "联系电话", "电话号码", "Mobile", "Phone Number"),
    "notes": ("备注", "Notes", "Note", "说明", "Description"),
}
PROGRESS_CODES: dict[str, int] = _folded({spelling: code for code, label in PROGRESS.items()
                                          for spelling in (label.zh, label.en)})


QUOTA_WEEKLY = Target(
    name="quota-weekly", title=Text("业绩分解:周跟踪", "Quota: weekly tracking"), template="quota",
    sheet=QL.SHEET_TRACKING, table=QL.WEEKLY, synonyms=WEEKLY_SYNONYMS,
    values={"week": WEEK_NUMBERS}, money=frozenset({"signed", "collected"}),
    people=People(QL.SHEET_TARGET, QL.REPS, "rep", "rep", QL.MAX_REPS),
)
ACCOUNTS_CUSTOMERS = Target(
    name="accounts-customers", title=Text("大客户:客户名单", "Key accounts: customer list"), template="accounts",
    sheet=AL.SHEET_CUSTOMERS, table=AL.CUSTOMERS, synonyms=CUSTOMER_SYNONYMS,
    values={"progress": PROGRESS_CODES},  # a customer twice for one owner: the workbook's check warns
    people=People(AL.SHEET_SETTINGS, AL.REPS, "rep", "owner", AL.MAX_REPS),
)

TARGETS: dict[str, Target] = {t.name: t for t in (FUNNEL, QUOTA_WEEKLY, ACCOUNTS_CUSTOMERS)}
