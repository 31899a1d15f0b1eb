"""Where things live in the quote workbook: sheet names, table names, detail cells, the quote sheet's grid.

The template builder, the scripts and `xlsales check` all read this one description.
"""

from xlsales.i18n import Text
from xlsales.quote.vocab import DEFAULT_SERVICE_RATE, LICENSE, PART, SERVICE, TRAINING

SHEET_INSTRUCTIONS = Text("说明", "Instructions")
SHEET_DETAILS = Text("报价信息", "Quote details")
SHEET_PRICES = Text("价格表", "Price list")
SHEET_LINES = Text("报价明细", "Quote lines")
SHEET_QUOTE = Text("报价单", "Quotation")
SHEET_REVISIONS = Text("报价版本", "Revisions")
SHEETS = [SHEET_INSTRUCTIONS, SHEET_DETAILS, SHEET_PRICES, SHEET_LINES, SHEET_QUOTE, SHEET_REVISIONS]

TABLE_PRICES = "PriceList"
TABLE_EDITIONS = "Editions"
TABLE_LINES = "QuoteLines"
TABLE_REVISIONS = "QuoteRevisions"
MAX_LINES = 20  # rows of the quote lines table and of the quotation sheet
MAX_REVISIONS = 12

# Quote details sheet: label in column A, value in column B, one a row.
DETAILS = {
    "customer": (3, Text("客户", "Customer")),
    "project": (4, Text("项目", "Project")),
    "quote_no": (5, Text("报价编号", "Quote no.")),
    "revision": (6, Text("版本", "Revision")),
    "quote_date": (7, Text("报价日期", "Quote date")),
    "valid_days": (8, Text("有效期(天)", "Valid for (days)")),
    "budget": (9, Text("客户预算", "Customer budget")),
    "new_customer": (10, Text("新客户", "New customer")),
    "seller": (11, Text("报价方", "From")),
    "contact": (12, Text("联系人", "Contact")),
}
PARAMETERS_HEADING_ROW = 14
PARAMETERS = {
    "service_rate": (15, Text("服务年费默认比例(占软件价)", "Default annual service rate (share of license)")),
    "max_swing": (16, Text("两版报价变动上限", "Largest change between two revisions")),
    "min_room": (17, Text("至少留有的余地(占合计)", "Least room to keep (share of total)")),
    "far_ratio": (18, Text("远超预算的倍数", "Far above budget at (× budget)")),
    "target": (19, Text("目标价(降价方案用)", "Target price (for the reduction plan)")),
}
DEFAULT_PARAMETERS = {"service_rate": DEFAULT_SERVICE_RATE, "max_swing": 0.10, "min_room": 0.05,
                      "far_ratio": 1.5}

MAX_PRICES = 100  # rows of the price list table

# Quote lines sheet: the table from A1 (inputs, figures, then helper columns the formulas use, hidden);
# key figures and the reduction plan to its right.
LINE_HELPERS = {
    "price_row": Text("价格表行", "Price-list row"),
    "list_value": Text("按价目计价", "Priced from list"),
    "seq": Text("报价单序号", "Quotation no."),
}
FIGURES_COLUMN = 20  # T: label, U: value
FIGURES = {
    LICENSE: (2, PART[LICENSE]),
    TRAINING: (3, PART[TRAINING]),
    SERVICE: (4, PART[SERVICE]),
    "total": (5, Text("合计", "Total")),
    "list_total": (6, Text("标准价合计", "Value at list price")),
    "given": (7, Text("优惠合计(折让+赠送)", "Discount given (price + waived)")),
    "given_share": (8, Text("优惠比例", "Discount given, share of list")),
    "floor": (9, Text("底价", "Floor price")),
    "room": (10, Text("余地(合计−底价)", "Room left (total − floor)")),
    "unpriced": (11, Text("无法计价的行", "Lines that cannot be priced")),
    "missing_parts": (12, Text("未列出的部分(应为 0)", "Parts not listed (should be 0)")),
}
PLAN_ROW = 15  # the reduction plan the reduce_to_target script writes, from T15

# Quotation sheet (customer-facing), columns A–J.
QUOTE_COLUMNS = [Text("序号", "No."), Text("类别", "Part"), Text("产品/项目", "Item"), Text("版本", "Edition"),
                 Text("数量", "Qty"), Text("单位", "Unit"), Text("单价", "Unit price"), Text("折扣", "Discount"),
                 Text("金额(¥)", "Amount (¥)"), Text("说明", "Note")]
QUOTE_LAST_COLUMN = "J"
QUOTE_HEADER = {  # field -> (row, label column, value column)
    "customer": (3, "A", "C"), "quote_no": (3, "G", "I"),
    "project": (4, "A", "C"), "revision": (4, "G", "I"),
    "seller": (5, "A", "C"), "quote_date": (5, "G", "I"),
    "contact": (6, "A", "C"), "valid_until": (6, "G", "I"),
}
VALID_UNTIL = Text("有效期至", "Valid until")
QUOTE_LINES_HEADER_ROW = 8
QUOTE_FIRST_LINE = 9
QUOTE_TOTALS_ROW = QUOTE_FIRST_LINE + MAX_LINES + 1  # first of the subtotal rows
QUOTE_TOTALS = {  # key -> (row, label)
    "license": (QUOTE_TOTALS_ROW, Text("软件许可小计", "License subtotal")),
    "training": (QUOTE_TOTALS_ROW + 1, Text("培训/交付小计", "Training & delivery subtotal")),
    "service": (QUOTE_TOTALS_ROW + 2, Text("服务年费小计(首年)", "Annual service subtotal (first year)")),
    "total": (QUOTE_TOTALS_ROW + 3, Text("合计", "Total")),
    "words": (QUOTE_TOTALS_ROW + 4, Text("大写", "In words")),
    "list_total": (QUOTE_TOTALS_ROW + 5, Text("标准价合计", "Value at list price")),
    "given": (QUOTE_TOTALS_ROW + 6, Text("本次优惠", "Discount given")),
}
QUOTE_AMOUNT_COLUMN = "I"
QUOTE_TERMS_ROW = QUOTE_TOTALS_ROW + 8  # each term on two rows: Chinese, then English
QUOTE_LAST_ROW = QUOTE_TERMS_ROW + 5
CHECK_CELL = "L3"  # outside the print area: does the sheet's total still equal the quote lines' total?
UNPRICED_CELL = "L4"  # outside the print area: lines the quotation leaves out because they cannot be priced
LINE_INDEX_COLUMN = "M"  # hidden: which quote-lines row each quotation row shows

# Revisions sheet: the revisions table from A1; each revision's lines in its own block from column T.
BLOCKS_COLUMN = 20
