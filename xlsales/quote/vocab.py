"""The quote's words: parts of a quote, units, yes/no, the column specs of every input table and detail cell,
and which columns each figure reads.

Discounts follow the Chinese convention the price lists use: a discount is the share of the
list price the customer pays (85% = 八五折 = pays 85% of list), so an amount is
quantity × list price × discount, as seed 001 writes it (标准报价 × 折扣).
"""

from xlsales.i18n import Text, choices
from xlsales.table import Column

LICENSE, TRAINING, SERVICE = "license", "training", "service"
PART = {
    LICENSE: Text("软件许可", "License"),
    TRAINING: Text("培训/交付", "Training & delivery"),
    SERVICE: Text("服务年费", "Annual service"),
}
PARTS = [LICENSE, TRAINING, SERVICE]  # the order a quote lists them

SITE, USER, MODULE, PERSON_DAY = "site", "user", "module", "person_day"
UNIT = {
    SITE: Text("站点", "site"),
    USER: Text("用户", "user"),
    MODULE: Text("模块", "module"),
    PERSON_DAY: Text("人天", "person-day"),
}
# How a percentage line and an annual service line read on the customer's sheet (quantity 1).
LOT = Text("项", "lot")
YEAR = Text("年", "year")

YES, NO = "yes", "no"
YES_NO = {YES: Text("是", "Yes"), NO: Text("否", "No")}
# A TRUE/FALSE cell. Only spellings the template's native formulas also recognise are accepted (both
# labels and these), so the workbook and the Python core never read a cell differently.
YES_NO_ALIASES = {"true": YES, "false": NO}

WAIVED = Text("赠送", "waived")

# The customer's quotation.
QUOTATION_TITLE = Text("报价单", "QUOTATION")
SHARE_OF_LICENSE = Text("占软件价", "of license")
VALUE = Text("价值", "value")
CURRENCY_PREFIX = "人民币 / RMB "
TERMS = [  # two rows each at the foot of the quotation: "1. " and the Chinese, then the English under it
    Text("报价分为软件许可、培训/交付、服务年费三部分;赠送项目照列其价值,金额为 0。",
         "The quote has three parts: license, training & delivery, annual service; waived items are listed "
         "at their value with an amount of 0."),
    Text("服务年费为首年费用,次年起按年收取。", "Annual service covers the first year and is charged yearly after."),
    Text("金额单位:人民币元;「成交价比例」为成交单价占标准价的比例(85% 即标准价的 85%)。",
         "Amounts in Chinese yuan (RMB); 'price as % of list' is the price paid as a share of list (85% = 85% of "
         "list)."),
]


def term_rows(n: int, term: Text) -> tuple[str, str]:
    """The n-th (1-based) term as the quotation prints it: numbered once, the English indented under the Chinese."""
    return f"{n}. {term.zh}", f"    {term.en}"

DEFAULT_SERVICE_RATE = 0.15  # seed 001: 服务年费按软件价格的一定比例收取,比如 15%
DEFAULT_PARAMETERS = {"service_rate": DEFAULT_SERVICE_RATE, "max_swing": 0.10, "min_room": 0.05, "far_ratio": 1.5}
HALF_FEN = 0.005  # two amounts of money are the same when they differ by less than half a fen


PRICE_COLUMNS: list[Column] = [
    Column("product", Text("产品/模块", "Product / module"), "text", required=True),
    Column("edition", Text("版本", "Edition")),
    Column("unit", Text("单位", "Unit"), "choice", required=True, choices=choices(UNIT), options=tuple(UNIT.values())),
    Column("list_price", Text("标准价", "List price"), "number", required=True, minimum=0),
    Column("std_discount", Text("标准折扣", "Standard discount"), "number", required=True, minimum=0),
    Column("floor_discount", Text("最低折扣", "Lowest discount allowed"), "number", required=True, minimum=0),
    Column("note", Text("说明", "Note")),
]

LINE_COLUMNS: list[Column] = [
    Column("part", Text("类别", "Part"), "choice", required=True, choices=choices(PART), options=tuple(PART.values())),
    Column("item", Text("产品/项目", "Item"), "text", required=True),
    Column("edition", Text("版本", "Edition")),
    Column("qty", Text("数量", "Quantity"), "number", minimum=0),
    Column("discount", Text("折扣", "Discount"), "number", minimum=0),
    Column("rate", Text("占软件价比例", "Share of license"), "number", minimum=0),
    Column("waived", Text("赠送", "Waived"), "choice", choices=choices(YES_NO, YES_NO_ALIASES),
           options=tuple(YES_NO.values())),
    Column("keep", Text("必保留", "Must keep"), "choice", choices=choices(YES_NO, YES_NO_ALIASES),
           options=tuple(YES_NO.values())),
]


REVISION_COLUMNS: list[Column] = [
    Column("revision", Text("版本", "Revision"), "text", required=True),
    Column("date", Text("日期", "Date"), "date", required=True),
    Column(LICENSE, PART[LICENSE], "number", minimum=0),
    Column(TRAINING, PART[TRAINING], "number", minimum=0),
    Column(SERVICE, PART[SERVICE], "number", minimum=0),
    Column("total", Text("合计", "Total"), "number", required=True, minimum=0),
    Column("floor", Text("底价", "Floor"), "number", minimum=0),
    Column("budget", Text("客户预算", "Customer budget"), "number", minimum=0),
    Column("note", Text("说明", "Note")),
]

# The quote details sheet, one value a cell (their places: layout.DETAILS_SHEET). Values are read as the sheet's
# formulas read them: a number or date typed as text is a problem, and the default is kept.
DETAIL_COLUMNS: list[Column] = [
    Column("customer", Text("客户", "Customer")),
    Column("project", Text("项目", "Project")),
    Column("quote_no", Text("报价编号", "Quote no.")),
    Column("revision", Text("版本", "Revision")),
    Column("quote_date", Text("报价日期", "Quote date"), "date"),
    Column("valid_days", Text("有效期(天)", "Valid for (days)"), "number", minimum=0, whole=True),
    Column("budget", Text("客户预算", "Customer budget"), "number", minimum=0),
    Column("new_customer", Text("新客户", "New customer"), "choice", choices=choices(YES_NO, YES_NO_ALIASES),
           options=tuple(YES_NO.values())),
    Column("seller", Text("报价方", "From")),
    Column("contact", Text("联系人", "Contact")),
    Column("payment_terms", Text("付款条件", "Payment terms")),
    Column("service_rate", Text("服务年费默认比例(占软件价)", "Default annual service rate (share of license)"),
           "number", minimum=0, maximum=1),
    Column("max_swing", Text("两版报价变动上限", "Largest change between two revisions"), "number", minimum=0),
    Column("min_room", Text("至少留有的余地(占合计)", "Least room to keep (share of total)"), "number", minimum=0,
           maximum=1),
    Column("far_ratio", Text("远超预算的倍数", "Far above budget at (× budget)"), "number", minimum=1),  # and above 1
    Column("target", Text("目标价(降价方案用)", "Target price (for the reduction plan)"), "number", minimum=0),
]

# Which columns the figures read (parse_table's `needed`): a problem in another column is reported by `check` and
# counted on the sheet, but leaves the figures alone.
PRICED = {"product", "edition", "unit", "list_price", "std_discount", "floor_discount"}  # not the note
GUARDED = {"revision", LICENSE, TRAINING, SERVICE, "total", "floor", "budget"}  # the guardrails: not date, note
