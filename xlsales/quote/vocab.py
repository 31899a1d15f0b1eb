"""The quote's words: parts of a quote, units, yes/no, and the column specs of every input table.

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

DEFAULT_SERVICE_RATE = 0.15  # seed 001: 服务年费按软件价格的一定比例收取,比如 15%


PRICE_COLUMNS: list[Column] = [
    Column("product", Text("产品/模块", "Product / module"), "text", required=True),
    Column("edition", Text("版本", "Edition")),
    Column("unit", Text("单位", "Unit"), "choice", required=True, choices=choices(UNIT)),
    Column("list_price", Text("标准价", "List price"), "number", required=True, minimum=0),
    Column("std_discount", Text("标准折扣", "Standard discount"), "number", required=True, minimum=0),
    Column("floor_discount", Text("最低折扣", "Lowest discount allowed"), "number", required=True, minimum=0),
    Column("note", Text("说明", "Note")),
]

LINE_COLUMNS: list[Column] = [
    Column("part", Text("类别", "Part"), "choice", required=True, choices=choices(PART)),
    Column("item", Text("产品/项目", "Item"), "text", required=True),
    Column("edition", Text("版本", "Edition")),
    Column("qty", Text("数量", "Quantity"), "number", minimum=0),
    Column("discount", Text("折扣", "Discount"), "number", minimum=0),
    Column("rate", Text("占软件价比例", "Share of license"), "number", minimum=0),
    Column("waived", Text("赠送", "Waived"), "choice", choices=choices(YES_NO, YES_NO_ALIASES)),
    Column("keep", Text("必保留", "Must keep"), "choice", choices=choices(YES_NO, YES_NO_ALIASES)),
]

# What the template computes beside the inputs (native formulas) and the Python core computes the same way.
LINE_FIGURES: list[tuple[str, Text]] = [
    ("unit", Text("单位", "Unit")),
    ("unit_price", Text("单价", "Unit price")),
    ("list_amount", Text("标准金额", "List amount")),
    ("applied_discount", Text("执行折扣", "Applied discount")),
    ("value", Text("价值", "Value")),
    ("amount", Text("金额", "Amount")),
    ("floor", Text("底价", "Floor")),
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
