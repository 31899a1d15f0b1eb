"""The quote workbook, described once: its sheets, tables, cells and blocks, and every native formula.

The template builder writes the workbook from this description; `xlsales check`, the scripts, the
demo and the tests read addresses from it.

Per-line figures (the part in the workbook's language, the price-list row, list or share pricing,
unit price, list amount, applied discount, value, amount, floor, the line's place on the quotation,
data problems) are calculated columns of the QuoteLines table, so Excel fills them into every line a
user types or pastes, however many; the price list and the revisions likewise. A row with a data
problem is left out of every figure, as the Python core leaves it out (xlsales.quote.inputs), and
counted. The customer's quotation lists at most QUOTATION_LINES lines on its one printed page: its
totals always count every line, it says so when lines are not listed, and `check` reports it.
"""

from xlsales import formula as F
from xlsales.i18n import Lang, Text, choices
from xlsales.layout import Block, Cell, Col, Comparison, Formula, Rule, RowFormula, Sheet, Table, Tile, quote_sheet
from xlsales.precision import native_tolerance
from xlsales.problems import column_letter
from xlsales.quote.guardrails import BIG_SWING, BUDGET_MATCH, FAR_ABOVE, GUARDRAILS, NO_ROOM, SINGLE_TOTAL
from xlsales.quote.vocab import (CURRENCY_PREFIX, DEFAULT_PARAMETERS, DETAIL_COLUMNS, GUARDED, HALF_FEN, LICENSE,
                                 LINE_COLUMNS, LOT, PART, PARTS, PERSON_DAY, PRICE_COLUMNS, PRICED, QUOTATION_TITLE,
                                 REVISION_COLUMNS, SERVICE, SHARE_OF_LICENSE, TERMS, TRAINING, UNIT, VALUE, WAIVED,
                                 YEAR, YES, YES_NO, YES_NO_ALIASES)
from xlsales.quote.words import DIGITS
from xlsales.table import Column

QUOTATION_LINES = 30  # lines the customer's quotation lists on its one A4 page; check reports a quote with more
MONEY = '"¥"#,##0.00'
MONEY0 = '"¥"#,##0'
SHARE = "0%"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
LIST, SHARED = "list", "share"  # how a line is priced (the basis column): quantity × price list, or share of license
PROBLEMS = Text("数据问题", "Data problems")

SHEET_INSTRUCTIONS = Text("说明", "Instructions")
SHEET_DETAILS = Text("报价信息", "Quote details")
SHEET_PRICES = Text("价格表", "Price list")
SHEET_LINES = Text("报价明细", "Quote lines")
SHEET_QUOTE = Text("报价单", "Quotation")
SHEET_REVISIONS = Text("报价版本", "Revisions")

# ---------------------------------------------------------------------------------------------
# The vocabulary of this workbook's formulas: yes/no cells, labels in either language, parameters


def yes(cell: str) -> str:
    """TRUE when a yes/no cell says yes as the parser reads it: 是/Yes in any case, the text TRUE, or TRUE."""
    spellings = [s for s, answer in choices(YES_NO, YES_NO_ALIASES).items() if answer == YES]
    return f"IFERROR(OR({F.one_of(cell, spellings)},{cell}=TRUE),FALSE)"


def yes_no_problem(column: Column, cell: str) -> str:
    """problems_in_cell for a yes/no column, where a TRUE/FALSE cell is an answer too (the parser reads it)."""
    return f"IF(ISLOGICAL({cell}),0,{F.problems_in_cell(column, cell)})"


def usable(column: Column, cell: str) -> str:
    """TRUE when `cell` holds a number or date `column` accepts (what the parser reads; never an error)."""
    return f"AND(ISNUMBER({cell}),{F.problems_in_cell(column, cell)}=0)"


def place(table: Table) -> str:
    """The row's place in `table` (1 for the first body row), the same formula in every row: Excel fills a calculated
    column with one formula, so a row number written into it would be wrong in every row it adds."""
    return f"(ROW()-ROW({table.header_ref}))"


def in_language(cell: str, vocab: dict[str, Text], lang: Lang) -> str:
    """The label in the workbook's language of a cell holding either spelling of a vocabulary label, else ""."""
    out = '""'
    for text in reversed(list(vocab.values())):
        out = f"IF({F.either(cell, text)},{F.text(text(lang))},{out})"
    return f'IFERROR({out},"")'


def bilingual(cell: str, vocab: dict[str, Text]) -> str:
    """中文 / English of a cell holding either spelling of a vocabulary label, else ""."""
    out = '""'
    for text in reversed(list(vocab.values())):
        out = f"IF({F.either(cell, text)},{F.text(text.both())},{out})"
    return f'IFERROR({out},"")'


# ---------------------------------------------------------------------------------------------
# Quote details: who, what, when, budget; the parameters (named cells the formulas use)

DETAIL = {c.key: c for c in DETAIL_COLUMNS}
DETAIL_ROWS = {"customer": 3, "project": 4, "quote_no": 5, "revision": 6, "quote_date": 7, "valid_days": 8,
               "budget": 9, "new_customer": 10, "seller": 11, "contact": 12, "payment_terms": 13,
               "service_rate": 15, "max_swing": 16, "min_room": 17, "far_ratio": 18, "target": 19}
PARAMETERS = ("service_rate", "max_swing", "min_room", "far_ratio", "target")
PARAMETER_NAMES = {"service_rate": "QuoteServiceRate", "max_swing": "QuoteMaxSwing", "min_room": "QuoteMinRoom",
                   "far_ratio": "QuoteFarRatio"}
YES_NO_RULE = Rule("list", lambda lang: ",".join(t(lang) for t in YES_NO.values()), what=Text("是或否", "yes or no"))
DETAIL_FORMATS = {"quote_date": DATE, "budget": MONEY, "target": MONEY, "service_rate": SHARE, "max_swing": SHARE,
                  "min_room": SHARE}
DETAIL_RULES = {
    "quote_date": Rule("date"), "valid_days": Rule("whole", minimum=0), "budget": Rule("decimal", minimum=0),
    "new_customer": YES_NO_RULE, "service_rate": Rule("decimal", minimum=0, maximum=1),
    "max_swing": Rule("decimal", minimum=0), "min_room": Rule("decimal", minimum=0, maximum=1),
    "far_ratio": Rule("decimal", minimum=1), "target": Rule("decimal", minimum=0),
}
DETAIL_NOTES = {
    "revision": Text("如 R1、R2;save_revision 脚本按此版本号保存", "e.g. R1, R2; save_revision saves under it"),
    "budget": Text("客户预算;用于「完全套预算」与「远超预算」预警", "Used by the budget guardrails"),
    "new_customer": Text("新客户常免首年服务年费,但报价中仍列出其价值", "New customers often get the first year's "
                         "service free; it is still listed at its value"),
    "service_rate": Text("服务年费行未填比例时使用,一般 15%", "For service lines without a share; usually 15%"),
    "max_swing": Text("两版报价合计变动超过此比例即预警", "Warn when the total moves more than this"),
    "min_room": Text("合计减底价低于合计的此比例即预警", "Warn when total − floor is below this share"),
    "far_ratio": Text("合计超过预算的此倍数即预警(大于 1)", "Warn when the total is over this multiple of the budget (above 1)"),
    "target": Text("reduce_to_target 脚本据此给出删减服务内容的方案", "reduce_to_target plans what to remove"),
    "sheet_problems": Text("本页无法使用的值(存成文本的数字或日期、超出范围…);各值出错时按默认值计算",
                           "Values on this sheet that cannot be used (numbers or dates stored as text, out of "
                           "range...); the figures use the default instead"),
}
PARAMETERS_HEADING = Text("参数", "Parameters")


def _detail_problem(key: str) -> str:
    """1 when the detail cell holds what the parser reports (the far-above ratio must be above 1), else 0."""
    column, cell = DETAIL[key], DETAILS_SHEET.address(key)
    if key == "new_customer":
        return yes_no_problem(column, cell)
    if key == "far_ratio":
        return f"MAX({F.problems_in_cell(column, cell)},IF(ISNUMBER({cell}),--({cell}<=1),0))"
    return F.problems_in_cell(column, cell)


def setting(key: str) -> str:
    """A parameter as the figures use it: the named cell, or its default while the cell cannot be used (the Python
    core keeps the default too)."""
    name, default = PARAMETER_NAMES[key], DEFAULT_PARAMETERS[key]
    fits = f"{F.problems_in_cell(DETAIL[key], name)}=0" + (f",{name}>1" if key == "far_ratio" else "")
    return f"IF(ISNUMBER({name}),IF(AND({fits}),{name},{default:g}),{default:g})"


# ---------------------------------------------------------------------------------------------
# Price list: products and editions with their unit, list price, standard and lowest discount

PRICE = {c.key: c for c in PRICE_COLUMNS}
ITEM_LIST, EDITION_LIST = "ItemList", "EditionList"  # names over table columns: the drop-downs grow with them
PRICE_FORMATS = {"list_price": MONEY, "std_discount": SHARE, "floor_discount": SHARE}
PRICE_RULES = {
    "edition": Rule("list", "=" + EDITION_LIST, what=Text("版本", "edition")),
    "unit": Rule("list", lambda lang: ",".join(t(lang) for t in UNIT.values()), what=Text("单位", "unit")),
    "list_price": Rule("decimal", minimum=0),
    "std_discount": Rule("decimal", minimum=0, maximum=1),
    "floor_discount": Rule("decimal", minimum=0, maximum=1),
}
PRICE_WIDTHS = {"product": 26, "edition": 10, "unit": 10, "list_price": 12, "std_discount": 12, "floor_discount": 14,
                "note": 24}


def lookup_key(name: str, edition: str) -> str:
    """product|edition as the price list's key column and a line's lookup write it: trimmed as Excel's TRIM does,
    blank when the name is blank or either cell holds an error."""
    return (f'IF(OR(ISERROR({name}),ISERROR({edition})),"",'
            f'IF({name}="","",TRIM({name})&"|"&TRIM({edition})))')


def _price_flags(lang: Lang, r: int) -> dict[str, str]:
    """Per input cell of price-list row r: TRUE when check reports it. Besides each value's own rule: a product and
    edition an earlier row already has (lookups find the first), a discount outside (0, 100%], a lowest discount
    above the standard one."""
    this = {c.key: PRICES.this(c.key, r) for c in PRICES.columns}
    flags = {c.key: f"{F.problems_in_cell(c, this[c.key])}=1" for c in PRICE_COLUMNS}
    key = this["key"]
    flags["product"] = (f'OR({flags["product"]},IF({key}="",FALSE,'
                        f'MATCH({F.unwild(key)},{PRICES.ref("key", lang)},0)<{place(PRICES)}))')
    for name in ("std_discount", "floor_discount"):
        cell = this[name]
        flags[name] = f"OR({flags[name]},IF(ISNUMBER({cell}),OR({cell}<=0,{cell}>1),FALSE))"
    standard, lowest = this["std_discount"], this["floor_discount"]
    flags["floor_discount"] = (f"OR({flags['floor_discount']},IF(AND(ISNUMBER({standard}),ISNUMBER({lowest})),"
                               f"AND({standard}>=0,{lowest}>=0,{lowest}>{standard}),FALSE))")
    return flags


def _price_inputs(r: int) -> str:
    return PRICES.span(PRICE_COLUMNS[0].key, PRICE_COLUMNS[-1].key, r)


def _price_problems(lang: Lang, r: int) -> str:
    return f"IF(COUNTA({_price_inputs(r)})=0,0,{F.count_true(*_price_flags(lang, r).values())})"


def _price_usable(lang: Lang, r: int) -> str:
    """TRUE when lines can be priced from the row: no problem in the columns pricing reads (a note may have one)."""
    flags = _price_flags(lang, r)
    return f"IF(COUNTA({_price_inputs(r)})=0,FALSE,NOT(OR({','.join(flags[k] for k in flags if k in PRICED)})))"


PRICES = Table("PriceList", "A1", tuple(
    Col(c.key, c.label, read=c, number_format=PRICE_FORMATS.get(c.key), rule=PRICE_RULES.get(c.key),
        width=PRICE_WIDTHS[c.key]) for c in PRICE_COLUMNS) + (
    Col("problems", PROBLEMS, formula=_price_problems, number_format="0", width=9),
    Col("key", Text("查找键", "Lookup key"), formula=lambda lang, r: lookup_key(PRICES.this("product", r),
                                                                            PRICES.this("edition", r)), hidden=True),
    Col("usable", Text("可计价", "Usable"), formula=_price_usable, hidden=True),
), min_rows=20)
EDITION = Column("edition", Text("可选版本", "Editions"))  # not 版本: the price list's own column keeps that header
EDITIONS = Table("Editions", f"{column_letter(PRICES.first_col + len(PRICES.columns))}1",
                 (Col("edition", EDITION.label, read=EDITION, width=12),), min_rows=8, style="TableStyleLight9")
PRICES_SHEET = Sheet("prices", SHEET_PRICES, tables=(PRICES, EDITIONS))

# ---------------------------------------------------------------------------------------------
# Quote lines: the inputs, then the calculated columns every figure reads


def _this(key: str, r: int) -> str:
    return LINES.this(key, r)


def _is(part: str, lang: Lang, r: int) -> str:
    return f"{_this('part_std', r)}={F.text(PART[part](lang))}"


def _number_at_least(key: str, r: int, low: str) -> str:
    """The line's number in column `key` is one the parser reads and compares > or >= low."""
    cell = _this(key, r)
    return f"IF(ISNUMBER({cell}),{cell}{low},FALSE)"


def _price(key: str, lang: Lang, r: int) -> str:
    """The line's price-list value in column `key` (only where the line has a price-list row)."""
    return f"INDEX({PRICES.ref(key, lang)},{_this('found', r)})"


def _found(lang: Lang, r: int) -> str:
    """The price-list row of the line's item and edition (compared as MATCH compares: case-insensitively, trimmed,
    wildcards taken literally); blank when there is none or it cannot be used."""
    match = f"MATCH({F.unwild(lookup_key(_this('item', r), _this('edition', r)))},{PRICES.ref('key', lang)},0)"
    return f'IFERROR(IF(INDEX({PRICES.ref("usable", lang)},{match}),{match},""),"")'


def _per_day(lang: Lang, r: int) -> str:
    return f"IF(ISNUMBER({_this('found', r)}),{F.either(_price('unit', lang, r), UNIT[PERSON_DAY])},FALSE)"


def _basis(lang: Lang, r: int) -> str:
    """list: a license line, or training in person-days; share: annual service, or training as a share of the
    license; blank otherwise (xlsales.quote.inputs.parse_lines decides the same way)."""
    qty, rate = _number_at_least("qty", r, ">=0"), _number_at_least("rate", r, ">=0")
    training = _is(TRAINING, lang, r)
    return (f'IF(OR({_is(LICENSE, lang, r)},AND({training},{qty},NOT({rate}))),{F.text(LIST)},'
            f'IF(OR({_is(SERVICE, lang, r)},AND({training},{rate},NOT({qty}))),{F.text(SHARED)},""))')


def _line_flags(lang: Lang, r: int) -> dict[str, str]:
    """Per input cell of line r: TRUE when check reports it (each value's own rule, then parse_lines' rules)."""
    this = {c.key: _this(c.key, r) for c in LINES.columns}
    rule = {"waived": yes_no_problem, "keep": yes_no_problem}
    flags = {c.key: f"{rule.get(c.key, F.problems_in_cell)(c, this[c.key])}=1" for c in LINE_COLUMNS}
    lic, trn, svc = (_is(p, lang, r) for p in PARTS)
    qty, positive = _number_at_least("qty", r, ">=0"), _number_at_least("qty", r, ">0")
    rate, discount = _number_at_least("rate", r, ">=0"), _number_at_least("discount", r, ">=0")
    on_list, per_day = f"ISNUMBER({this['found']})", _per_day(lang, r)
    d, share = this["discount"], this["rate"]
    flags["item"] = (f"OR({flags['item']},AND({lic},NOT({on_list})),AND({lic},{per_day}),"
                     f"AND({trn},{qty},NOT({rate}),NOT({per_day})))")
    flags["qty"] = (f"OR({flags['qty']},AND({lic},NOT({positive})),AND({trn},NOT({qty}),NOT({rate})),"
                    f"AND({trn},{qty},NOT({positive})),AND({svc},{qty}))")
    flags["discount"] = (f"OR({flags['discount']},IF(ISNUMBER({d}),OR({d}<=0,{d}>1),FALSE),"
                         f"AND({discount},{this['basis']}={F.text(SHARED)}))")
    flags["rate"] = (f"OR({flags['rate']},IF(ISNUMBER({share}),{share}>1,FALSE),AND({lic},{rate}),"
                     f"AND({trn},{qty},{rate}))")
    flags["waived"] = f"OR({flags['waived']},AND({lic},{yes(this['waived'])}))"
    return flags


def _line_problems(lang: Lang, r: int) -> str:
    first, last = LINE_COLUMNS[0].key, LINE_COLUMNS[-1].key
    return f"IF(COUNTA({LINES.span(first, last, r)})=0,0,{F.count_true(*_line_flags(lang, r).values())})"


def _by_list(r: int) -> str:
    """The line is priced from the price list and has no problem."""
    return f"AND({_this('problems', r)}=0,{_this('basis', r)}={F.text(LIST)})"


def _discount(lang: Lang, r: int) -> str:
    """The line's own discount, or the price list's standard one."""
    discount = _this("discount", r)
    return f"IF({_number_at_least('discount', r, '>=0')},{discount},{_price('std_discount', lang, r)})"


def license_total(lang: Lang) -> str:
    """Σ of the license lines' values, the base of every share (list-priced values before waiving)."""
    return F.sumifs(LINES.ref("list_value", lang), _of_part(LICENSE, lang))


def _list_value(lang: Lang, r: int) -> str:
    return (f"IF({_by_list(r)},ROUND({_this('qty', r)}*{_price('list_price', lang, r)}*{_discount(lang, r)},2),0)")


def _value(lang: Lang, r: int) -> str:
    rate = f"IF({_number_at_least('rate', r, '>=0')},{_this('rate', r)},{setting('service_rate')})"
    share = f"ROUND({rate}*({license_total(lang)}),2)"
    basis = _this("basis", r)
    return (f'IF({_this("problems", r)}>0,"",IF({basis}={F.text(LIST)},{_this("list_value", r)},'
            f'IF({basis}={F.text(SHARED)},{share},"")))')


def _unit_price(lang: Lang, r: int) -> str:
    return F.unless_blank(_this("value", r), f"IF({_this('basis', r)}={F.text(LIST)},{_price('list_price', lang, r)},"
                                             f"{_this('value', r)})")


def _list_amount(lang: Lang, r: int) -> str:
    """What the line is worth at list price: quantity × list price, or a share line's value."""
    return F.unless_blank(_this("value", r), f"IF({_this('basis', r)}={F.text(LIST)},"
                                             f"{_this('qty', r)}*{_this('unit_price', r)},{_this('value', r)})")


def _amount(lang: Lang, r: int) -> str:
    return F.unless_blank(_this("value", r), f"IF({yes(_this('waived', r))},0,{_this('value', r)})")


def _floor(lang: Lang, r: int) -> str:
    """The lowest the line may go: list-priced at the lowest discount, a share at its value; 0 when waived or
    removable (neither a license line nor marked must keep)."""
    kept = f"OR({_is(LICENSE, lang, r)},{yes(_this('keep', r))})"
    lowest = (f"ROUND({_this('qty', r)}*{_this('unit_price', r)}*{_price('floor_discount', lang, r)},2)")
    return F.unless_blank(_this("value", r), f"IF(OR({yes(_this('waived', r))},NOT({kept})),0,"
                                             f"IF({_this('basis', r)}={F.text(LIST)},{lowest},{_this('value', r)}))")


def _listed(lang: Lang, r: int) -> str:
    """How many lines so far have a value: line n on the quotation is the first row where this reaches n."""
    above = f"${LINES.letter('listed')}{r - 1}"  # the header in the first row: N() makes it 0
    return f'N({above})+({_this("value", r)}<>"")'


LINE_FORMATS = {"discount": SHARE, "rate": SHARE, "unit_price": MONEY, "list_amount": MONEY, "applied_discount": SHARE,
                "value": MONEY, "amount": MONEY, "floor": MONEY}
LINE_RULES = {
    "part": Rule("list", lambda lang: ",".join(t(lang) for t in PART.values()), what=Text("类别", "part")),
    "item": Rule("list", "=" + ITEM_LIST, strict=False),  # proposes the price list's items; share lines name their own
    "edition": Rule("list", "=" + EDITION_LIST, what=Text("版本", "edition")),
    "qty": Rule("decimal", minimum=0),
    "discount": Rule("decimal", minimum=0, maximum=1),
    "rate": Rule("decimal", minimum=0, maximum=1),
    "waived": YES_NO_RULE,
    "keep": YES_NO_RULE,
}
LINE_WIDTHS = {"part": 14, "item": 20, "edition": 10, "qty": 8, "discount": 8, "rate": 12, "waived": 7, "keep": 8}
LINES = Table("QuoteLines", "A1", tuple(
    Col(c.key, c.label, read=c, number_format=LINE_FORMATS.get(c.key), rule=LINE_RULES.get(c.key),
        width=LINE_WIDTHS[c.key]) for c in LINE_COLUMNS) + (
    Col("unit", Text("单位", "Unit"), formula=lambda lang, r: (
        f'IF({_by_list(r)},{in_language(_price("unit", lang, r), UNIT, lang)},"")'), width=8),
    Col("unit_price", Text("单价", "Unit price"), formula=_unit_price, number_format=MONEY, width=12),
    Col("list_amount", Text("标准金额", "List amount"), formula=_list_amount, number_format=MONEY, width=12),
    Col("applied_discount", Text("执行折扣", "Applied discount"), formula=lambda lang, r: (
        f'IF({_by_list(r)},{_discount(lang, r)},"")'), number_format=SHARE, width=10),
    Col("value", Text("价值", "Value"), formula=_value, number_format=MONEY, width=12),
    Col("amount", Text("金额", "Amount"), formula=_amount, number_format=MONEY, width=12),
    Col("floor", Text("底价", "Floor"), formula=_floor, number_format=MONEY, width=12),
    Col("problems", PROBLEMS, formula=_line_problems, number_format="0", width=9),
    Col("part_std", Text("类别(规范)", "Part (normalised)"), formula=lambda lang, r: in_language(
        _this("part", r), PART, lang), hidden=True),
    Col("found", Text("价格表行", "Price-list row"), formula=_found, hidden=True),
    Col("basis", Text("计价方式", "Priced by"), formula=_basis, hidden=True),
    Col("list_value", Text("按价目计价", "Priced from list"), formula=_list_value, hidden=True),
    Col("listed", Text("报价单序号", "Quotation no."), formula=_listed, hidden=True),
), min_rows=20)


def outside_rows(sheet: Text, table: Table, key: str, lang: Lang) -> str:
    """Values typed in column `key` below (or above) `table`: rows Excel did not take in, so no figure counts them."""
    letter = table.letter(key)
    label = table.ref(key, lang)[len(table.name) + 1:-1]
    return f"COUNTA({quote_sheet(sheet(lang))}!${letter}:${letter})-COUNTA({table.name}[[#All],[{label}]])"


def _figure(key: str) -> str:
    """A cell of the details sheet, absolute, for formulas on that sheet."""
    found = DETAILS_SHEET.cell(key)
    return f"${column_letter(found.col - 1)}${found.row}"


def _of_part(part: str, lang: Lang) -> tuple[str, str]:
    """The criterion pair: lines of `part` (typed in either language: part_std is the workbook's)."""
    return (LINES.ref("part_std", lang), F.equals_text(PART[part](lang)))


def _part_total(part: str) -> Formula:
    def formula(lang: Lang) -> str:
        return f"ROUND({F.sumifs(LINES.ref('amount', lang), _of_part(part, lang))},2)"
    return formula


def _missing_parts(lang: Lang) -> str:
    """Parts without a line the figures count: the quote is not fully broken down."""
    counted = (LINES.ref("problems", lang), "0")
    return "+".join(f"--({F.countifs(_of_part(p, lang), counted)}=0)" for p in PARTS)


def _outside(lang: Lang) -> str:
    return "+".join(outside_rows(sheet, table, key, lang) for sheet, table, key in OUTSIDE)


def _data_problems(lang: Lang) -> str:
    """Everything `check` reports as an error: the details' and the tables' problem cells, rows outside the tables,
    and a quote with more lines than the quotation lists."""
    tables = "+".join(f"SUM({table.ref('problems', lang)})" for table in TABLES)
    return (f"{_figure('sheet_problems')}+{tables}+{_figure('outside')}"
            f"+--({_figure('quoted')}>{QUOTATION_LINES})")


# The key figures stand beside the details, where no table row is: deleting a quote line's sheet row cannot take one.
FIGURE_LABELS, FIGURE_COLUMN = "E", "F"
FIGURES: tuple[tuple[str, Text, Formula, str], ...] = (
    (LICENSE, PART[LICENSE], _part_total(LICENSE), MONEY),
    (TRAINING, PART[TRAINING], _part_total(TRAINING), MONEY),
    (SERVICE, PART[SERVICE], _part_total(SERVICE), MONEY),
    ("total", Text("合计", "Total"),
     lambda lang: f"ROUND({_figure(LICENSE)}+{_figure(TRAINING)}+{_figure(SERVICE)},2)", MONEY),
    ("list_total", Text("标准价合计", "Value at list price"), lambda lang: f"ROUND(SUM({LINES.ref('list_amount', lang)}),2)",
     MONEY),
    ("given", Text("优惠合计(折让+赠送)", "Discount given (price + waived)"),
     lambda lang: f"ROUND({_figure('list_total')}-{_figure('total')},2)", MONEY),
    ("given_share", Text("优惠比例", "Discount given, share of list"),
     lambda lang: F.ratio(_figure("given"), _figure("list_total")), PERCENT),
    ("floor", Text("底价", "Floor price"), lambda lang: f"ROUND(SUM({LINES.ref('floor', lang)}),2)", MONEY),
    ("room", Text("余地(合计−底价)", "Room left (total − floor)"),
     lambda lang: f"ROUND({_figure('total')}-{_figure('floor')},2)", MONEY),
    ("quoted", Text(f"报价单列出的行(最多 {QUOTATION_LINES})", f"Lines on the quotation (at most {QUOTATION_LINES})"),
     lambda lang: f"COUNT({LINES.ref('value', lang)})", "0"),
    ("left_out", Text("有数据问题、未计入的行", "Lines left out (data problems)"),
     lambda lang: f'COUNTIF({LINES.ref("problems", lang)},">0")', "0"),
    ("missing_parts", Text("未列出的部分(应为 0)", "Parts not listed (should be 0)"), _missing_parts, "0"),
    ("problems", Text("数据问题(应为 0,见各表「数据问题」列)", "Data problems (should be 0; see each table's column)"),
     _data_problems, "0"),
    ("outside", Text("其中:表格外的行", "of which: rows outside the tables"), _outside, "0"),
)
FIGURES_TITLE = Text("关键数字", "Key figures")
FIGURES_ROW = 3
# The reduce_to_target script writes its plan here, below the key figures (beside the target price it reaches for).
PLAN = Block("plan", f"{FIGURE_LABELS}{FIGURES_ROW + len(FIGURES) + 2}", (), rows=0)
LINES_SHEET = Sheet("lines", SHEET_LINES, tables=(LINES,))

# ---------------------------------------------------------------------------------------------
# Revisions: each saved quote's totals, the change from the previous one and the five pitfalls


def _rev(key: str, r: int) -> str:
    return REVISIONS.this(key, r)


def _revision_flags(lang: Lang, r: int) -> dict[str, str]:
    """Per input cell of revision row r: TRUE when check reports it (each value's own rule, a label an earlier row
    already has, a total that is not the sum of its three parts)."""
    this = {c.key: _rev(c.key, r) for c in REVISION_COLUMNS}
    flags = {c.key: f"{F.problems_in_cell(c, this[c.key])}=1" for c in REVISION_COLUMNS}
    label, labels = this["revision"], REVISIONS.ref("revision", lang)
    first = f"IF(ISNUMBER({label}),MATCH({label},{labels},0),MATCH({F.unwild(label)},{labels},0))"
    flags["revision"] = (f'OR({flags["revision"]},IF(ISERROR({label}),FALSE,IF({label}="",FALSE,'
                         f"IFERROR({first}<{place(REVISIONS)},FALSE))))")
    figures = [this[p] for p in PARTS] + [this["total"]]
    apart = f"ABS({'+'.join(this[p] for p in PARTS)}-{this['total']})>{HALF_FEN:g}"
    flags["total"] = (f"OR({flags['total']},IF(AND({','.join(f'ISNUMBER({c})' for c in figures)}),"
                      f"AND({','.join(f'{c}>=0' for c in figures)},{apart}),FALSE))")
    return flags


def _revision_inputs(r: int) -> str:
    return REVISIONS.span(REVISION_COLUMNS[0].key, REVISION_COLUMNS[-1].key, r)


def _revision_problems(lang: Lang, r: int) -> str:
    return f"IF(COUNTA({_revision_inputs(r)})=0,0,{F.count_true(*_revision_flags(lang, r).values())})"


def _revision_usable(lang: Lang, r: int) -> str:
    """TRUE when the guardrails can read the row: no problem in the columns they use (date and note may have one)."""
    flags = _revision_flags(lang, r)
    return f"IF(COUNTA({_revision_inputs(r)})=0,FALSE,NOT(OR({','.join(flags[k] for k in flags if k in GUARDED)})))"


def _previous(r: int) -> str:
    """The total of the nearest usable revision above (the header in the first row: not a number)."""
    return f"${REVISIONS.letter('carried')}{r - 1}"


def _guarded(expression: RowFormula) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        return f'IF({_rev("usable", r)},{expression(lang, r)},"")'
    return formula


TOLERANCE = native_tolerance()
REVISION_FIGURES = (
    Col("change", Text("较上版变动", "Change"), formula=lambda lang, r: (
        f'IF(AND({_rev("usable", r)},ISNUMBER({_previous(r)})),{_rev("total", r)}-{_previous(r)},"")'),
        number_format=MONEY, width=12),
    Col("change_share", Text("变动率", "Change %"), formula=lambda lang, r: (
        f'IF(AND(ISNUMBER({_rev("change", r)}),N({_previous(r)})>0),{_rev("change", r)}/{_previous(r)},"")'),
        number_format=PERCENT, width=10),
    Col("room", Text("余地", "Room left"), formula=lambda lang, r: (
        f'IF(AND({_rev("usable", r)},ISNUMBER({_rev("floor", r)})),{_rev("total", r)}-{_rev("floor", r)},"")'),
        number_format=MONEY, width=12),
    Col(BUDGET_MATCH, GUARDRAILS[BUDGET_MATCH], formula=_guarded(lambda lang, r: (
        f"IF(ISNUMBER({_rev('budget', r)}),ABS({_rev('total', r)}-{_rev('budget', r)})<{HALF_FEN:g},FALSE)")),
        width=12),
    Col(SINGLE_TOTAL, GUARDRAILS[SINGLE_TOTAL], formula=_guarded(lambda lang, r: (
        f"COUNT({REVISIONS.span(LICENSE, SERVICE, r)})<3")), width=12),
    Col(BIG_SWING, GUARDRAILS[BIG_SWING], formula=_guarded(lambda lang, r: (
        f"IF(ISNUMBER({_rev('change_share', r)}),ABS({_rev('change_share', r)})>{setting('max_swing')}+{TOLERANCE},"
        f"FALSE)")), width=12),
    Col(NO_ROOM, GUARDRAILS[NO_ROOM], formula=_guarded(lambda lang, r: (
        f"IF(ISNUMBER({_rev('room', r)}),{_rev('room', r)}<{setting('min_room')}*{_rev('total', r)}-{TOLERANCE},"
        f"FALSE)")), width=12),
    Col(FAR_ABOVE, GUARDRAILS[FAR_ABOVE], formula=_guarded(lambda lang, r: (
        f"AND(N({_rev('budget', r)})>0,{_rev('total', r)}>{setting('far_ratio')}*N({_rev('budget', r)})+{TOLERANCE})")),
        width=12),
    Col("problems", PROBLEMS, formula=_revision_problems, number_format="0", width=9),
    Col("usable", Text("可用于预警", "Usable"), formula=_revision_usable, hidden=True),
    Col("carried", Text("最近可用合计", "Last usable total"), formula=lambda lang, r: (
        f'IF({_rev("usable", r)},{_rev("total", r)},IF(ISNUMBER({_previous(r)}),{_previous(r)},""))'), hidden=True),
)
REVISION_FORMATS = {"date": DATE} | {k: MONEY for k in (LICENSE, TRAINING, SERVICE, "total", "floor", "budget")}
REVISION_RULES = {"date": Rule("date")} | {k: Rule("decimal", minimum=0)
                                           for k in (LICENSE, TRAINING, SERVICE, "total", "floor", "budget")}
REVISIONS = Table("QuoteRevisions", "A1", tuple(
    Col(c.key, c.label, read=c, number_format=REVISION_FORMATS.get(c.key), rule=REVISION_RULES.get(c.key),
        width=20 if c.key == "note" else 12) for c in REVISION_COLUMNS) + REVISION_FIGURES, min_rows=6)
# save_revision keeps each revision's lines in a block of its own here, one below the other, a column clear.
BLOCKS = Block("blocks", f"{column_letter(REVISIONS.first_col + len(REVISIONS.columns))}1", (), rows=0)
REVISIONS_SHEET = Sheet("revisions", SHEET_REVISIONS, tables=(REVISIONS,), blocks=(BLOCKS,))
OUTSIDE = ((SHEET_PRICES, PRICES, "product"), (SHEET_LINES, LINES, "item"), (SHEET_REVISIONS, REVISIONS, "revision"))

DETAILS_SHEET = Sheet("details", SHEET_DETAILS, title=Text("报价信息与参数", "Quote details and parameters"), cells=tuple(
    Cell(key, f"B{row}", DETAIL[key].label, value=DEFAULT_PARAMETERS.get(key), number_format=DETAIL_FORMATS.get(key),
         rule=DETAIL_RULES.get(key), name=PARAMETER_NAMES.get(key), note=DETAIL_NOTES.get(key), input=True)
    for key, row in DETAIL_ROWS.items()) + (
    Cell("sheet_problems", "B21", Text("数据问题(本页,应为 0)", "Data problems (this sheet; should be 0)"),
         formula=lambda lang: "+".join(_detail_problem(c.key) for c in DETAIL_COLUMNS), number_format="0",
         note=DETAIL_NOTES["sheet_problems"]),
) + tuple(Cell(key, f"{FIGURE_COLUMN}{row}", label, formula=formula, number_format=number_format)
          for row, (key, label, formula, number_format) in enumerate(FIGURES, start=FIGURES_ROW)),
    blocks=(PLAN,), widths=(("A", 30), ("B", 28), ("C", 60), ("D", 3), (FIGURE_LABELS, 36), (FIGURE_COLUMN, 16),
                            ("G", 14)))



# ---------------------------------------------------------------------------------------------
# Quotation: the customer's page (Chinese with English, ¥, total in 人民币大写), printed on one A4 page


def _both(text: Text) -> Text:
    return Text(text.both(), text.both())


def _digit(n: str) -> str:
    return f'MID("{DIGITS}",{n}+1,1)'


def words_formula(amount: str) -> str:
    """人民币大写 of the amount in `amount` (a cell), as xlsales.quote.words.amount_in_words writes it.

    The integer yuan become digit+unit pairs (壹仟零佰…元) over their significant positions; a
    fixed chain of SUBSTITUTEs then folds zeros the way the grouping rules do (零仟/零佰/零拾 → 零,
    零零 → 零, 零亿/零万/零元 → 亿/万/元, a zero 万 group after 亿 → 零); jiao and fen are added last.
    """
    fen = f"ROUND({amount}*100,0)"
    yuan = f"INT({fen}/100)"
    digits = f'TEXT({yuan},"000000000000")'
    length = f'LEN(TEXT({yuan},"0"))'
    units = "仟佰拾亿仟佰拾万仟佰拾元"
    pieces = "&".join(f'IF({k}>12-{length},{_digit(f"MID({digits},{k},1)")}&"{units[k - 1]}","")'
                      for k in range(1, 13))
    chain = pieces
    for old, new in ([("零仟", "零"), ("零佰", "零"), ("零拾", "零")] + [("零零", "零")] * 4
                     + [("零亿", "亿"), ("零万", "万"), ("零元", "元"), ("亿万元", "亿元"), ("亿万", "亿零"),
                        ("零零", "零")]):
        chain = f'SUBSTITUTE({chain},"{old}","{new}")'
    jiao = f"INT(MOD({fen},100)/10)"
    cents = f"MOD({fen},10)"
    fraction = (f'IF(AND({jiao}=0,{cents}=0),"整",IF({jiao}=0,IF({yuan}=0,"","零")&{_digit(cents)}&"分",'
                f'{_digit(jiao)}&"角"&IF({cents}=0,"",{_digit(cents)}&"分")))')
    return f'IF({fen}=0,"零元整",IF({yuan}=0,"",{chain})&{fraction})'


def _line_of(r: int) -> str:
    return f"${QUOTATION_BLOCK.letter('line')}{r}"


def _at(key: str, lang: Lang, r: int) -> str:
    """The quote line this quotation row shows, its column `key`."""
    return f"INDEX({LINES.ref(key, lang)},{_line_of(r)})"


def _shown(expression: RowFormula) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        return F.unless_blank(_line_of(r), expression(lang, r))
    return formula


def _by_share(lang: Lang, r: int) -> str:
    return f"{_at('basis', lang, r)}={F.text(SHARED)}"


def percent_text(share: str) -> str:
    """15% for 0.15, 12.5% for 0.125: the native twin of xlsales.quote.document.percent."""
    hundredths = f"ROUND({share}*100,2)"
    return f'IF({hundredths}=INT({hundredths}),TEXT({hundredths},"0"),TEXT({hundredths},"0.0#"))&"%"'


def _note(lang: Lang, r: int) -> str:
    """占软件价 15% / 15% of license; 赠送,价值 ¥4,819.50 / waived, value ¥4,819.50 (either, both or neither)."""
    rate = _at("rate", lang, r)
    pct = percent_text(f"IF(ISNUMBER({rate}),{rate},{setting('service_rate')})")
    share_note = f'"{SHARE_OF_LICENSE.zh} "&{pct}&" / "&{pct}&" {SHARE_OF_LICENSE.en}"'
    value_text = f'"¥"&TEXT({_at("value", lang, r)},"#,##0.00")'
    waived_note = f'"{WAIVED.zh},{VALUE.zh} "&{value_text}&" / {WAIVED.en}, {VALUE.en} "&{value_text}'
    waived = yes(_at("waived", lang, r))
    return (f'IF({_by_share(lang, r)},IF({waived},{share_note}&"; "&{waived_note},{share_note}),'
            f'IF({waived},{waived_note},""))')


def _qty(lang: Lang, r: int) -> str:
    return f"IF({_by_share(lang, r)},1,{_at('qty', lang, r)})"


def _unit(lang: Lang, r: int) -> str:
    """A share line reads as 1 lot (1 year for annual service); a list-priced line shows its unit."""
    per = f"IF({_at('part_std', lang, r)}={F.text(PART[SERVICE](lang))},{F.text(YEAR.both())},{F.text(LOT.both())})"
    return f"IF({_by_share(lang, r)},{per},{bilingual(_at('unit', lang, r), UNIT)})"


PRICE_SHARE = Text("成交价比例", "Price as % of list")  # not "discount": 85% means the customer pays 85% of list


def _price_share(lang: Lang, r: int) -> str:
    """The applied discount where there is one: a line at list price (100%) or priced as a share shows nothing."""
    share = _at("applied_discount", lang, r)
    return f'IF(AND(ISNUMBER({share}),{share}<1),{share},"")'


QUOTATION_BLOCK = Block("lines", "A8", (
    Col("no", _both(Text("序号", "No.")), formula=_shown(lambda lang, r: str(r - QUOTATION_BLOCK.header_row)),
        width=5),
    Col("part", _both(Text("类别", "Part")), formula=_shown(lambda lang, r: bilingual(_at("part_std", lang, r), PART)),
        width=15),
    Col("item", _both(Text("产品/项目", "Item")), formula=_shown(lambda lang, r: _at("item", lang, r)), width=18),
    Col("edition", _both(Text("版本", "Edition")), formula=_shown(lambda lang, r: F.unless_blank(
        _at("edition", lang, r), _at("edition", lang, r))), width=8),
    Col("qty", _both(Text("数量", "Qty")), formula=_shown(_qty), width=6),
    Col("unit", _both(Text("单位", "Unit")), formula=_shown(_unit), width=12),
    Col("unit_price", _both(Text("单价", "Unit price")), formula=_shown(lambda lang, r: _at("unit_price", lang, r)),
        number_format=MONEY, width=11),
    Col("discount", _both(PRICE_SHARE), formula=_shown(_price_share), number_format=PERCENT, width=11),
    Col("amount", _both(Text("金额(¥)", "Amount (¥)")), formula=_shown(lambda lang, r: _at("amount", lang, r)),
        number_format=MONEY, width=13),
    Col("note", _both(Text("说明", "Note")), formula=_shown(_note), width=28),
    Col("line", Text("报价明细行", "Quote-lines row"), formula=lambda lang, r: (
        f'IFERROR(MATCH({r - QUOTATION_BLOCK.header_row},{LINES.ref("listed", lang)},0),"")'), hidden=True),
), rows=QUOTATION_LINES)
QUOTATION_LAST_COLUMN = QUOTATION_BLOCK.letter("note")  # the print area's right edge


def _detail_text(key: str) -> Formula:
    def formula(lang: Lang) -> str:
        source = DETAILS_SHEET.ref(key, lang)
        return f'IF(ISERROR({source}),"",{F.unless_blank(source, source)})'
    return formula


def _usable_detail(key: str, lang: Lang) -> str:
    return usable(DETAIL[key], DETAILS_SHEET.ref(key, lang))


def _quote_date(lang: Lang) -> str:
    return f'IF({_usable_detail("quote_date", lang)},{DETAILS_SHEET.ref("quote_date", lang)},"")'


def _valid_until(lang: Lang) -> str:
    day, days = DETAILS_SHEET.ref("quote_date", lang), DETAILS_SHEET.ref("valid_days", lang)
    return f'IF(AND({_usable_detail("quote_date", lang)},{_usable_detail("valid_days", lang)}),{day}+{days},"")'


VALID_UNTIL = Text("有效期至", "Valid until")
DAYS_SUFFIX = " 天 / days"  # after the days a quote is valid for, on the quotation
# The quotation's header: (field, value cell, label cell); the values come from the details sheet.
QUOTATION_FIELDS = (("customer", "C3", "A3"), ("quote_no", "I3", "G3"), ("project", "C4", "A4"),
                    ("revision", "I4", "G4"), ("seller", "C5", "A5"), ("quote_date", "I5", "G5"),
                    ("contact", "C6", "A6"), ("valid_until", "I6", "G6"))
TOTALS_ROW = QUOTATION_BLOCK.last_row + 2  # the row between: the note on lines not listed
QUOTATION_TOTALS = (  # figure, label, value cell (the label in column A of the same row)
    (LICENSE, Text("软件许可小计", "License subtotal"), f"I{TOTALS_ROW}"),
    (TRAINING, Text("培训/交付小计", "Training & delivery subtotal"), f"I{TOTALS_ROW + 1}"),
    (SERVICE, Text("服务年费小计(首年)", "Annual service subtotal (first year)"), f"I{TOTALS_ROW + 2}"),
    ("total", Text("合计", "Total"), f"I{TOTALS_ROW + 3}"),
    ("words", Text("大写", "In words"), f"C{TOTALS_ROW + 4}"),
    ("list_total", Text("标准价合计", "Value at list price"), f"I{TOTALS_ROW + 5}"),
    ("given", Text("本次优惠", "Discount given"), f"I{TOTALS_ROW + 6}"),
)
GIVEN_SHARE_ROW = TOTALS_ROW + 7
CONDITIONS_ROW = TOTALS_ROW + 8  # payment terms, then how long the quote is valid
TERMS_ROW = CONDITIONS_ROW + 3  # each term on two rows: Chinese, then English
SIGN_ROW = TERMS_ROW + 2 * len(TERMS) + 1
# The signature and seal block: both parties, labels in both languages; the template rules a line beside each.
SIGNATURE = (
    ("A", SIGN_ROW, Text("客户确认", "Accepted by the customer")), ("G", SIGN_ROW, Text("报价方", "Issued by")),
    ("A", SIGN_ROW + 1, Text("签字", "Signature")), ("G", SIGN_ROW + 1, Text("签字", "Signature")),
    ("A", SIGN_ROW + 2, Text("日期", "Date")), ("G", SIGN_ROW + 2, Text("日期", "Date")),
    ("A", SIGN_ROW + 3, Text("盖章", "Company seal")), ("G", SIGN_ROW + 3, Text("盖章", "Company seal")),
)
SIGN_LINES = tuple(f"{first}{SIGN_ROW + n}:{last}{SIGN_ROW + n}" for n in (1, 2, 3)
                   for first, last in (("C", "E"), ("I", "J")))  # where to sign, date and seal
QUOTATION_LAST_ROW = SIGN_ROW + 3
INTERNAL = ("stale", "left_out", "problems")  # cells beside the print area, for the rep: never printed


def _total_cell() -> str:
    row, col = QUOTATION.cell("total").row, QUOTATION.cell("total").col
    return f"${column_letter(col - 1)}${row}"


def _more_lines(lang: Lang) -> str:
    more = f"({DETAILS_SHEET.ref('quoted', lang)}-{QUOTATION_LINES})"
    return (f'IF({more}>0,"另有 "&{more}&" 行报价明细未在此列出,合计已包含 / "&{more}'
            f'&" more quote lines are not listed here; the totals include them","")')


def _stale(lang: Lang) -> str:
    return (f'IF(ABS(N({_total_cell()})-{DETAILS_SHEET.ref("total", lang)})>{HALF_FEN:g},"⚠ 报价单与报价明细不一致,请重新运行 '
            f'build_quote_sheet / the quotation differs from the quote lines: run build_quote_sheet again","")')


def _left_out(lang: Lang) -> str:
    count = DETAILS_SHEET.ref("left_out", lang)
    return (f'IF(N({count})>0,"⚠ "&{count}&" 行报价明细有数据问题,未列入 / "&{count}'
            f'&" quote lines have data problems and are left out","")')


def _problems_note(lang: Lang) -> str:
    count = DETAILS_SHEET.ref("problems", lang)
    return (f'IF(N({count})>0,"⚠ "&{count}&" 个数据问题,见「{SHEET_LINES.zh}」关键数字 / "&{count}'
            f'&" data problems: see the key figures on \'{SHEET_LINES.en}\'","")')


QUOTATION = Sheet("quotation", SHEET_QUOTE, title=_both(QUOTATION_TITLE), cells=tuple(
    Cell(key, value_at, _both(VALID_UNTIL if key == "valid_until" else DETAIL[key].label), label_at=label_at,
         formula=_quote_date if key == "quote_date" else _valid_until if key == "valid_until" else _detail_text(key),
         number_format=DATE if key in ("quote_date", "valid_until") else None)
    for key, value_at, label_at in QUOTATION_FIELDS) + tuple(
    Cell(key, at, _both(label), label_at=f"A{at.lstrip('ABCDEFGHIJ')}", number_format=None if key == "words" else MONEY,
         formula=(lambda lang: f"{F.text(CURRENCY_PREFIX)}&{words_formula(_total_cell())}") if key == "words"
         else (lambda lang, key=key: DETAILS_SHEET.ref(key, lang)))
    for key, label, at in QUOTATION_TOTALS) + (
    Cell("given_share", f"I{GIVEN_SHARE_ROW}", _both(Text("优惠幅度(占标准价合计)", "Discount, % of value at list")),
         label_at=f"A{GIVEN_SHARE_ROW}", formula=lambda lang: DETAILS_SHEET.ref("given_share", lang),
         number_format=PERCENT),
    Cell("payment_terms", f"D{CONDITIONS_ROW}", _both(DETAIL["payment_terms"].label), label_at=f"A{CONDITIONS_ROW}",
         formula=_detail_text("payment_terms")),
    Cell("valid_days", f"D{CONDITIONS_ROW + 1}", _both(Text("报价有效期", "Valid for")), label_at=f"A{CONDITIONS_ROW + 1}",
         # text, not a number format: a number wider than column D shows ###, text runs on into the empty cells
         formula=lambda lang: (f'IF({_usable_detail("valid_days", lang)},'
                               f'{DETAILS_SHEET.ref("valid_days", lang)}&{F.text(DAYS_SUFFIX)},"")')),
    Cell("more", f"A{QUOTATION_BLOCK.last_row + 1}", formula=_more_lines),
    Cell("stale", "L3", formula=_stale),
    Cell("left_out", "L4", formula=_left_out),
    Cell("problems", "L5", formula=_problems_note),
), blocks=(QUOTATION_BLOCK,), widths=(("L", 50),))

# ---------------------------------------------------------------------------------------------
# Dashboard: the total against the budget, what was given against list, the room left; each part quoted against
# its list value; where the total stands between the floor, list and the budget


def _detail(key: str) -> Formula:
    return lambda lang: DETAILS_SHEET.ref(key, lang)


def _budget(lang: Lang) -> str:
    return f'IF({_usable_detail("budget", lang)},{DETAILS_SHEET.ref("budget", lang)},"")'


QUOTE_TILES = (
    Tile("total", "B4", Text("报价合计", "Quote total"), _detail("total"), MONEY0,
         (Comparison("budget", Text("占客户预算", "of the budget"), _budget, kind="share"),)),
    Tile("list_total", "E4", Text("标准价合计", "Value at list price"), _detail("list_total"), MONEY0, meaning="plan"),
    Tile("given", "H4", Text("本次优惠(折让+赠送)", "Discount given (price + waived)"), _detail("given"), MONEY0,
         (Comparison("list", Text("占标准价", "of list"), _detail("list_total"), kind="share"),), meaning="at_risk"),
    Tile("room", "K4", Text("余地(合计−底价)", "Room left (total − floor)"), _detail("room"), MONEY0,
         (Comparison("floor", Text("底价", "Floor price"), _detail("floor"), kind="none"),), meaning="won"),
)


def _part_label(lang: Lang, r: int) -> str:
    return F.text(PART[PARTS[r - PART_SPLIT.first_row]](lang))


def _part_quoted(lang: Lang, r: int) -> str:
    return DETAILS_SHEET.ref(PARTS[r - PART_SPLIT.first_row], lang)


def _part_at_list(lang: Lang, r: int) -> str:
    return f"ROUND({F.sumifs(LINES.ref('list_amount', lang), _of_part(PARTS[r - PART_SPLIT.first_row], lang))},2)"


PART_SPLIT = Block("parts", "P4", (
    Col("part", Text("类别", "Part"), formula=_part_label, width=16),
    Col("at_list", Text("标准价", "At list price"), formula=_part_at_list, number_format=MONEY0, width=14),
    Col("quoted", Text("报价", "Quoted"), formula=_part_quoted, number_format=MONEY0, width=14),
), rows=len(PARTS))
# each level with its bar's colour (a meaning of the shared palette)
PRICE_LEVEL_ROWS = (("floor", Text("底价", "Floor"), "lost"), ("total", Text("报价合计", "Quote total"), "open"),
                    ("list_total", Text("标准价", "At list"), "plan"), ("budget", Text("客户预算", "Budget"), "at_risk"))


def _level(key: str) -> Formula:
    return _budget if key == "budget" else _detail(key)


PRICE_LEVELS = Block("levels", "P10", (
    Col("level", Text("价位", "Price level"),
        formula=lambda lang, r: F.text(PRICE_LEVEL_ROWS[r - PRICE_LEVELS.first_row][1](lang))),
    Col("amount", Text("金额", "Amount"),
        formula=lambda lang, r: _level(PRICE_LEVEL_ROWS[r - PRICE_LEVELS.first_row][0])(lang), number_format=MONEY0),
), rows=len(PRICE_LEVEL_ROWS))
SHEET_QUOTE_DASHBOARD = Text("看板", "Dashboard")
QUOTE_DASHBOARD = Sheet("dashboard", SHEET_QUOTE_DASHBOARD, title=Text("报价看板", "Quote dashboard"), cells=(
    Cell("customer", "C2", DETAIL["customer"].label, formula=_detail_text("customer")),
    Cell("revision", "I2", DETAIL["revision"].label, formula=_detail_text("revision")),
), tiles=QUOTE_TILES, blocks=(PART_SPLIT, PRICE_LEVELS),
    widths=tuple((letter, 12.0) for letter in "ABCDEFGHIJKLM") + (("N", 3.0),))
QUOTE_DASHBOARD_CHARTS = ("B9:G28", "H9:M28")  # each part quoted against list; the price levels
QUOTE_DASHBOARD_PRINT_AREA = "A1:M28"  # tiles and charts; the chart data stands beside them

SHEETS = (QUOTE_DASHBOARD, DETAILS_SHEET, PRICES_SHEET, LINES_SHEET, QUOTATION, REVISIONS_SHEET)
SHEET_NAMES = (SHEET_QUOTE_DASHBOARD, SHEET_INSTRUCTIONS) + tuple(sheet.name for sheet in SHEETS[1:])  # in order
TABLES = (PRICES, LINES, REVISIONS)  # the input tables with a data-problems column
