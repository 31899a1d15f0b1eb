"""The quote workbook (quote.xlsx): details, price list, quote lines, the customer's quotation, revisions.

Every figure is a native formula over the PriceList / QuoteLines / QuoteRevisions tables and
the parameter cells (named QuoteServiceRate, QuoteMaxSwing, ...); the Python core computes the
same figures (tests/test_quote_libreoffice.py checks one against the other), including the
人民币大写 of the total, which a chain of MID/SUBSTITUTE builds the way xlsales.quote.words does.
The quotation is also what `xlsales` exports to PDF (export_quote_pdf).
"""

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlsales import libreoffice, lite
from xlsales.i18n import Lang, Text
from xlsales.problems import Problem
from xlsales.quote import document, guardrails, reduce
from xlsales.quote import layout as L
from xlsales.quote.demo import DemoQuote, demo_quote, line_rows, price_rows, priced
from xlsales.quote.inputs import parse_revisions, read_quote
from xlsales.quote.pricing import price_lines, summarise
from xlsales.quote.revisions import REVISION_MARK, block_rows, revision_row
from xlsales.quote.vocab import (LICENSE, LINE_COLUMNS, LINE_FIGURES, LOT, NO, PART, PERSON_DAY, PRICE_COLUMNS,
                                 REVISION_COLUMNS, SERVICE, TRAINING, UNIT, YEAR, YES, YES_NO)
from xlsales.quote.words import DIGITS, amount_in_words
from xlsales.sheets import missing_sheet, sheet_rows
from xlsales.templates import common as C

NAMES = {"service_rate": "QuoteServiceRate", "max_swing": "QuoteMaxSwing", "min_room": "QuoteMinRoom",
         "far_ratio": "QuoteFarRatio"}
LOOKUP_KEY = Text("查找键", "Lookup key")
EDITIONS = Text("可选版本", "Editions")  # not 版本: a sheet-wide read must find the price list's own column
MONEY_YUAN = '"¥"#,##0.00'
PERCENT0 = "0.0%"
MIN_EDITION_ROWS = 8
LINE_KEYS = [c.key for c in LINE_COLUMNS] + [k for k, _ in LINE_FIGURES] + list(L.LINE_HELPERS)
LINE = {key: get_column_letter(i + 1) for i, key in enumerate(LINE_KEYS)}  # quote-lines column letters
REVISION_FIGURES = {"change": Text("较上版变动", "Change"), "change_share": Text("变动率", "Change %"),
                    "room": Text("余地", "Room left")} | guardrails.GUARDRAILS
REVISION_KEYS = [c.key for c in REVISION_COLUMNS] + list(REVISION_FIGURES)
REVISION = {key: get_column_letter(i + 1) for i, key in enumerate(REVISION_KEYS)}


def _label(columns: list[Any], key: str, lang: Lang) -> str:
    return next(c.label(lang) for c in columns if c.key == key)


def line_headers(lang: Lang) -> list[str]:
    return ([c.label(lang) for c in LINE_COLUMNS] + [t(lang) for _, t in LINE_FIGURES]
            + [t(lang) for t in L.LINE_HELPERS.values()])


class Refs:
    """Structured references to the tables' columns, in the workbook's language."""

    def __init__(self, lang: Lang):
        self.lang = lang
        self.headers = dict(zip(LINE_KEYS, line_headers(lang)))

    def line(self, key: str) -> str:
        return f"{L.TABLE_LINES}[{self.headers[key]}]"

    def price(self, key: str) -> str:
        label = LOOKUP_KEY(self.lang) if key == "key" else _label(PRICE_COLUMNS, key, self.lang)
        return f"{L.TABLE_PRICES}[{label}]"

    def part_sum(self, column: str, part: str) -> str:
        """SUMIFS of a quote-lines column over one part, in either spelling of the part."""
        return "+".join(f'SUMIFS({self.line(column)},{self.line("part")},"{spelling}")'
                        for spelling in (PART[part].zh, PART[part].en))


def is_any(cell: str, text: Text, or_true: bool = False) -> str:
    """OR(cell="中文",cell="English"[,cell=TRUE]): the spellings the core accepts (text compares ignore case)."""
    tests = [f'{cell}="{text.zh}"', f'{cell}="{text.en}"'] + ([f"{cell}=TRUE"] if or_true else [])
    return f"OR({','.join(tests)})"


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


def build(lang: Lang = "zh-CN", data: DemoQuote | None = None) -> Workbook:
    wb = Workbook()
    refs = Refs(lang)
    C.instructions_sheet(wb, lang, Text("报价拆分 — 使用说明", "Quote breakdown — how to use"), INSTRUCTIONS)
    _details_sheet(wb, lang, data)
    _prices_sheet(wb, lang, data)
    _lines_sheet(wb, lang, refs, data)
    _quotation_sheet(wb, lang, refs)
    _revisions_sheet(wb, lang, data)
    return wb


def _details_sheet(wb: Workbook, lang: Lang, data: DemoQuote | None) -> None:
    ws = wb.create_sheet(L.SHEET_DETAILS(lang))
    C.title(ws, "A1", Text("报价信息与参数", "Quote details and parameters")(lang))
    details = data.details if data else None
    values: dict[str, Any] = dict(L.DEFAULT_PARAMETERS)
    if details:
        values |= details.model_dump()
        values["new_customer"] = YES_NO[YES if details.new_customer else NO](lang)
    for key, (row, label) in (L.DETAILS | L.PARAMETERS).items():
        ws.cell(row, 1, label(lang)).font = C.LABEL_FONT
        cell = ws.cell(row, 2, values.get(key) if values.get(key) not in ("", None) else None)
        cell.fill = C.INPUT_FILL
        cell.border = C.BOX
    ws.cell(L.PARAMETERS_HEADING_ROW, 1, Text("参数", "Parameters")(lang)).font = C.TITLE_FONT
    row = {key: r for key, (r, _) in (L.DETAILS | L.PARAMETERS).items()}
    ws[f"B{row['quote_date']}"].number_format = C.DATE
    for key in ("budget", "target"):
        ws[f"B{row[key]}"].number_format = MONEY_YUAN
    for key in ("service_rate", "max_swing", "min_room"):
        ws[f"B{row[key]}"].number_format = "0%"
    for key, name in NAMES.items():
        C.define_name(wb, name, ws.title, f"$B${row[key]}")
    C.date_validation(ws, f"B{row['quote_date']}", lang)
    C.number_validation(ws, f"B{row['valid_days']}", lang, 0, kind="whole")
    for key in ("budget", "target", "max_swing"):
        C.number_validation(ws, f"B{row[key]}", lang, 0)
    for key in ("service_rate", "min_room"):
        C.number_validation(ws, f"B{row[key]}", lang, 0, 1)
    C.number_validation(ws, f"B{row['far_ratio']}", lang, 1)
    C.list_validation(ws, f"B{row['new_customer']}", ",".join(t(lang) for t in YES_NO.values()), lang,
                      Text("是或否", "yes or no"))
    hints = {
        "revision": Text("如 R1、R2;save_revision 脚本按此版本号保存", "e.g. R1, R2; save_revision saves under it"),
        "budget": Text("客户预算;用于「完全套预算」与「远超预算」预警", "Used by the budget guardrails"),
        "new_customer": Text("新客户常免首年服务年费,但报价中仍列出其价值", "New customers often get the first year's "
                             "service free; it is still listed at its value"),
        "service_rate": Text("服务年费行未填比例时使用,一般 15%", "For service lines without a share; usually 15%"),
        "max_swing": Text("两版报价合计变动超过此比例即预警", "Warn when the total moves more than this"),
        "min_room": Text("合计减底价低于合计的此比例即预警", "Warn when total − floor is below this share"),
        "far_ratio": Text("合计超过预算的此倍数即预警", "Warn when the total is over this multiple of the budget"),
        "target": Text("reduce_to_target 脚本据此给出删减服务内容的方案", "reduce_to_target plans what to remove"),
    }
    for key, hint in hints.items():
        ws.cell(row[key], 3, hint(lang))
    C.widths(ws, {"A": 30, "B": 28, "C": 60})


def _prices_sheet(wb: Workbook, lang: Lang, data: DemoQuote | None) -> None:
    ws = wb.create_sheet(L.SHEET_PRICES(lang))
    rows = price_rows(data, lang) if data else []
    last = L.MAX_PRICES + 1
    key_col = len(PRICE_COLUMNS) + 1
    body = [r + [None] for r in rows] + [[None] * key_col for _ in range(L.MAX_PRICES - len(rows))]
    for r, values in enumerate(body, start=2):
        values[key_col - 1] = f'=IF(A{r}="","",TRIM(A{r})&"|"&TRIM(B{r}))'
    C.add_table(ws, L.TABLE_PRICES, 1, 1, [c.label(lang) for c in PRICE_COLUMNS] + [LOOKUP_KEY(lang)], body)
    editions_col = key_col + 2
    editions = [[e] for e in (data.editions if data else [])]
    C.add_table(ws, L.TABLE_EDITIONS, 1, editions_col, [EDITIONS(lang)], editions, min_rows=MIN_EDITION_ROWS,
                style="TableStyleLight9")
    edition_letter = get_column_letter(editions_col)
    C.define_name(wb, "EditionList", ws.title, f"${edition_letter}$2:${edition_letter}$30")
    C.define_name(wb, "ItemList", ws.title, f"$A$2:$A${last}")
    C.style_range(ws, f"D2:D{last}", MONEY_YUAN)
    C.style_range(ws, f"E2:F{last}", "0%")
    C.number_validation(ws, f"D2:D{last}", lang, 0)
    C.number_validation(ws, f"E2:F{last}", lang, 0, 1)
    C.list_validation(ws, f"C2:C{last}", ",".join(t(lang) for t in UNIT.values()), lang, Text("单位", "unit"))
    C.list_validation(ws, f"B2:B{last}", "=EditionList", lang, Text("版本", "edition"))
    C.highlight(ws, f"F2:F{last}", "AND(ISNUMBER($F2),ISNUMBER($E2),$F2>$E2)", C.RED_FILL)  # lowest > standard
    C.widths(ws, {"A": 26, "B": 10, "C": 10, "D": 12, "E": 12, "F": 14, "G": 24, edition_letter: 12})
    ws.column_dimensions[get_column_letter(key_col)].hidden = True
    ws.freeze_panes = "A2"


def _line_formulas(r: int, refs: Refs) -> dict[str, str]:
    """The figure and helper formulas of quote-lines row r: the core's pricing rules, cell by cell."""
    c = {key: f"${letter}{r}" for key, letter in LINE.items()}
    lic = is_any(c["part"], PART[LICENSE])
    trn = is_any(c["part"], PART[TRAINING])
    svc = is_any(c["part"], PART[SERVICE])
    waived = is_any(c["waived"], YES_NO[YES], or_true=True)
    keep = f'OR({lic},{is_any(c["keep"], YES_NO[YES], or_true=True)})'
    on_list = f'OR({lic},AND({trn},ISNUMBER({c["qty"]}),NOT(ISNUMBER({c["rate"]}))))'
    share = f'OR({svc},AND({trn},ISNUMBER({c["rate"]}),NOT(ISNUMBER({c["qty"]}))))'
    match = f'MATCH(TRIM({c["item"]})&"|"&TRIM({c["edition"]}),{refs.price("key")},0)'
    per_day = is_any(f'INDEX({refs.price("unit")},{match})', UNIT[PERSON_DAY])

    def price_of(key: str) -> str:
        return f'INDEX({refs.price(key)},{c["price_row"]})'

    rate = f'IF(ISNUMBER({c["rate"]}),{c["rate"]},{NAMES["service_rate"]})'
    license_total = refs.part_sum("list_value", LICENSE)
    discount = f'IF(ISNUMBER({c["discount"]}),{c["discount"]},{price_of("std_discount")})'
    return {
        # the price-list row of a line priced from the list; blank when it cannot be priced that way
        "price_row": (f'=IF(OR({c["item"]}="",NOT({on_list}),N({c["qty"]})<=0,AND({lic},{waived})),"",'
                      f'IFERROR(IF({per_day}<>{lic},{match},""),""))'),
        "list_value": f'=IF(ISNUMBER({c["price_row"]}),ROUND({c["qty"]}*{price_of("list_price")}*{discount},2),0)',
        "value": (f'=IF(ISNUMBER({c["price_row"]}),{c["list_value"]},'
                  f'IF(AND({share},OR({svc},ISNUMBER({c["rate"]}))),ROUND({rate}*({license_total}),2),""))'),
        "unit": f'=IF(ISNUMBER({c["price_row"]}),{price_of("unit")},"")',
        "unit_price": f'=IF(ISNUMBER({c["price_row"]}),{price_of("list_price")},{c["value"]})',
        "list_amount": f'=IF(ISNUMBER({c["price_row"]}),{c["qty"]}*{c["unit_price"]},{c["value"]})',
        "applied_discount": f'=IF(ISNUMBER({c["price_row"]}),{discount},"")',
        "amount": f'=IF({c["value"]}="","",IF({waived},0,{c["value"]}))',
        "floor": (f'=IF({c["value"]}="","",IF(OR({waived},NOT({keep})),0,IF(ISNUMBER({c["price_row"]}),'
                  f'ROUND({c["qty"]}*{c["unit_price"]}*{price_of("floor_discount")},2),{c["value"]})))'),
        "seq": f'=IF({c["value"]}="","",SUMPRODUCT(--(${LINE["value"]}$2:{c["value"]}<>"")))',
    }


def _lines_sheet(wb: Workbook, lang: Lang, refs: Refs, data: DemoQuote | None) -> None:
    ws = wb.create_sheet(L.SHEET_LINES(lang))
    inputs = line_rows(data.lines, lang) if data else []
    body = []
    for i in range(L.MAX_LINES):
        r = i + 2
        formulas = _line_formulas(r, refs)
        values = inputs[i] if i < len(inputs) else [None] * len(LINE_COLUMNS)
        body.append(list(values) + [formulas[key] for key in LINE_KEYS[len(LINE_COLUMNS):]])
    C.add_table(ws, L.TABLE_LINES, 1, 1, line_headers(lang), body)
    last = L.MAX_LINES + 1
    col = LINE
    parts = ",".join(PART[p](lang) for p in PART)
    C.list_validation(ws, f"A2:A{last}", parts, lang, Text("类别", "part"))
    _suggestions(ws, f"B2:B{last}", "=ItemList")
    C.list_validation(ws, f"C2:C{last}", "=EditionList", lang, Text("版本", "edition"))
    C.number_validation(ws, f"D2:D{last}", lang, 0)
    C.number_validation(ws, f"E2:F{last}", lang, 0, 1)
    yes_no = ",".join(t(lang) for t in YES_NO.values())
    C.list_validation(ws, f"G2:H{last}", yes_no, lang, Text("是或否", "yes or no"))
    C.style_range(ws, f"E2:F{last}", "0%")
    C.style_range(ws, f"{col['applied_discount']}2:{col['applied_discount']}{last}", "0%")
    C.style_range(ws, f"{col['unit_price']}2:{col['list_amount']}{last}", MONEY_YUAN)
    C.style_range(ws, f"{col['value']}2:{col['floor']}{last}", MONEY_YUAN)
    # red: typed but cannot be priced (left off the quotation); green: waived, listed at its value
    C.highlight(ws, f"A2:{col['floor']}{last}", f'AND(OR($A2<>"",$B2<>""),${col["value"]}2="")', C.RED_FILL)
    C.highlight(ws, f"A2:{col['floor']}{last}", f'AND(${col["amount"]}2=0,${col["value"]}2>0)', C.GREEN_FILL)
    for key in L.LINE_HELPERS:
        ws.column_dimensions[col[key]].hidden = True
    C.widths(ws, {"A": 14, "B": 20, "C": 10, "D": 8, "E": 8, "F": 12, "G": 7, "H": 8, "I": 8, "J": 12, "K": 12,
                  "L": 10, "M": 12, "N": 12, "O": 12, "T": 30, "U": 16})
    ws.freeze_panes = "C2"
    _figures(ws, lang, refs)


def _suggestions(ws: Worksheet, cells: str, source: str) -> None:
    """A drop-down that proposes the price list's items but accepts others (share lines name their own)."""
    rule = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
    rule.add(cells)
    ws.add_data_validation(rule)


def _figures(ws: Worksheet, lang: Lang, refs: Refs) -> None:
    """Key figures beside the quote lines (labels in T, values in U)."""
    label_col = get_column_letter(L.FIGURES_COLUMN)
    value_col = get_column_letter(L.FIGURES_COLUMN + 1)
    v = {key: f"${value_col}${row}" for key, (row, _) in L.FIGURES.items()}
    part, entered = refs.line("part"), f'(({refs.line("part")}<>"")+({refs.line("item")}<>"")>0)'
    listed = {p: f'COUNTIF({part},"{PART[p].zh}")+COUNTIF({part},"{PART[p].en}")' for p in PART}
    formulas = {
        "license": f"=ROUND({refs.part_sum('amount', LICENSE)},2)",
        "training": f"=ROUND({refs.part_sum('amount', TRAINING)},2)",
        "service": f"=ROUND({refs.part_sum('amount', SERVICE)},2)",
        "total": f"=ROUND({v['license']}+{v['training']}+{v['service']},2)",
        "list_total": f"=ROUND(SUM({refs.line('list_amount')}),2)",
        "given": f"=ROUND({v['list_total']}-{v['total']},2)",
        "given_share": f'=IF({v["list_total"]}=0,"",{v["given"]}/{v["list_total"]})',
        "floor": f"=ROUND(SUM({refs.line('floor')}),2)",
        "room": f"=ROUND({v['total']}-{v['floor']},2)",
        "unpriced": f'=SUMPRODUCT({entered}*({refs.line("value")}=""))',
        "missing_parts": "=" + "+".join(f"(({listed[p]})=0)" for p in PART),
    }
    C.title(ws, f"{label_col}1", Text("关键数字", "Key figures")(lang))
    for key, (row, label) in L.FIGURES.items():
        ws.cell(row, L.FIGURES_COLUMN, label(lang)).font = C.LABEL_FONT
        cell = ws.cell(row, L.FIGURES_COLUMN + 1, formulas[key])
        cell.number_format = PERCENT0 if key == "given_share" else "0" if key in ("unpriced", "missing_parts") \
            else MONEY_YUAN
        cell.border = C.BOX
    for key in ("unpriced", "missing_parts"):
        C.highlight(ws, v[key].replace("$", ""), f"{v[key]}>0", C.RED_FILL)
    C.highlight(ws, v["room"].replace("$", ""), f"{v['room']}<{NAMES['min_room']}*{v['total']}", C.AMBER_FILL)


def _quotation_sheet(wb: Workbook, lang: Lang, refs: Refs) -> None:
    """The customer's quotation: bilingual labels, live formulas, ¥, 大写 total, one printed page."""
    ws = wb.create_sheet(L.SHEET_QUOTE(lang))
    ws["A1"] = document.TITLE.both()
    ws["A1"].font = Font(bold=True, size=18, color=C.BLUE)
    for col in "ABCDEFGHIJ":
        ws[f"{col}1"].alignment = Alignment(horizontal="centerContinuous")
    _quotation_header(ws, lang)
    C.header_row(ws, L.QUOTE_LINES_HEADER_ROW, 1, [f"{t.zh}\n{t.en}" for t in L.QUOTE_COLUMNS])
    ws.row_dimensions[L.QUOTE_LINES_HEADER_ROW].height = 30
    for j in range(1, L.MAX_LINES + 1):
        _quotation_line(ws, j, refs)
    _quotation_totals(ws, lang)
    ws.column_dimensions[L.LINE_INDEX_COLUMN].hidden = True
    C.widths(ws, {"A": 5, "B": 15, "C": 18, "D": 8, "E": 6, "F": 12, "G": 11, "H": 9, "I": 13, "J": 30, "L": 50})
    ws.print_area = f"A1:{L.QUOTE_LAST_COLUMN}{L.QUOTE_LAST_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def _quotation_header(ws: Worksheet, lang: Lang) -> None:
    details = C.formula_sheet(L.SHEET_DETAILS(lang))
    source = {key: f"{details}!$B${row}" for key, (row, _) in L.DETAILS.items()}
    for key, (row, label_col, value_col) in L.QUOTE_HEADER.items():
        label = L.VALID_UNTIL if key == "valid_until" else L.DETAILS[key][1]
        ws[f"{label_col}{row}"] = label.both()
        ws[f"{label_col}{row}"].font = C.LABEL_FONT
        if key == "valid_until":
            day, days = source["quote_date"], source["valid_days"]
            formula = f'=IF(AND(ISNUMBER({day}),ISNUMBER({days})),{day}+{days},"")'
        else:
            formula = f'=IF({source[key]}="","",{source[key]})'
        cell = ws[f"{value_col}{row}"]
        cell.value = formula
        cell.alignment = Alignment(horizontal="left")
        if key in ("quote_date", "valid_until"):
            cell.number_format = C.DATE


def _quotation_line(ws: Worksheet, j: int, refs: Refs) -> None:
    """Quotation row j shows the quote line numbered j (QuoteLines' seq column): gaps and unpriced rows close up."""
    r = L.QUOTE_FIRST_LINE + j - 1
    k = f"${L.LINE_INDEX_COLUMN}{r}"

    def at(key: str) -> str:
        return f"INDEX({refs.line(key)},{k})"

    share = f'{at("applied_discount")}=""'  # only list-priced lines have a discount
    rate = f'IF(ISNUMBER({at("rate")}),{at("rate")},{NAMES["service_rate"]})'
    hundredths = f"ROUND({rate}*100,2)"
    pct = f'IF({hundredths}=INT({hundredths}),TEXT({hundredths},"0"),TEXT({hundredths},"0.0#"))&"%"'
    of_license, waived_word, value_word = document.SHARE_OF_LICENSE, document.WAIVED, document.VALUE
    share_note = f'"{of_license.zh} "&{pct}&" / "&{pct}&" {of_license.en}"'
    value_text = f'"¥"&TEXT({at("value")},"#,##0.00")'
    waived_note = (f'"{waived_word.zh},{value_word.zh} "&{value_text}&" / {waived_word.en}, {value_word.en} "'
                   f'&{value_text}')
    waived = is_any(at("waived"), YES_NO[YES], or_true=True)
    share_unit = (f'IF({is_any(at("part"), PART[SERVICE])},"{YEAR.both()}",'
                  f'"{LOT.both()}")')
    cells = {
        "A": str(j),
        "B": _bilingual_choice(at("part"), PART),
        "C": at("item"),
        "D": f'IF({at("edition")}="","",{at("edition")})',
        "E": f'IF({share},1,{at("qty")})',
        "F": f'IF({share},{share_unit},{_bilingual_choice(at("unit"), UNIT)})',
        "G": at("unit_price"),
        "H": at("applied_discount"),
        "I": at("amount"),
        "J": f'IF({share},IF({waived},{share_note}&"; "&{waived_note},{share_note}),IF({waived},{waived_note},""))',
    }
    ws[k.replace("$", "")] = f'=IFERROR(MATCH({j},{refs.line("seq")},0),"")'
    for col, formula in cells.items():
        cell = ws[f"{col}{r}"]
        cell.value = f'=IF({k}="","",{formula})'
        cell.border = C.BOX
        cell.alignment = Alignment(wrap_text=col in "BFJ", vertical="center")
    ws[f"G{r}"].number_format = ws[f"I{r}"].number_format = MONEY_YUAN
    ws[f"H{r}"].number_format = PERCENT0


def _quotation_totals(ws: Worksheet, lang: Lang) -> None:
    """Part subtotals and total from the key figures, the 大写 total, discount given, terms, internal checks."""
    lines_sheet = C.formula_sheet(L.SHEET_LINES(lang))
    value_col = get_column_letter(L.FIGURES_COLUMN + 1)
    figure = {key: f"{lines_sheet}!${value_col}${row}" for key, (row, _) in L.FIGURES.items()}
    total_cell = f"${L.QUOTE_AMOUNT_COLUMN}${L.QUOTE_TOTALS['total'][0]}"
    for key, (row, label) in L.QUOTE_TOTALS.items():
        ws[f"A{row}"] = label.both()
        ws[f"A{row}"].font = C.LABEL_FONT
        if key == "words":
            ws[f"C{row}"] = f'="{document.CURRENCY_PREFIX}"&{words_formula(total_cell)}'
            ws[f"C{row}"].font = Font(bold=True)
            continue
        cell = ws[f"{L.QUOTE_AMOUNT_COLUMN}{row}"]
        cell.value = f"={figure[key]}"
        cell.number_format = MONEY_YUAN
        cell.border = C.BOX
        cell.font = Font(bold=key == "total", size=12 if key == "total" else 11)
    given_share = ws[f"J{L.QUOTE_TOTALS['given'][0]}"]
    given_share.value = f"={figure['given_share']}"
    given_share.number_format = PERCENT0
    for i, term in enumerate(document.TERMS):
        for offset, text in enumerate((term.zh, term.en)):
            ws[f"A{L.QUOTE_TERMS_ROW + 2 * i + offset}"] = text
            ws[f"A{L.QUOTE_TERMS_ROW + 2 * i + offset}"].font = Font(size=9)
    # outside the print area, for the rep: a quotation frozen by build_quote_sheet that no longer matches the
    # lines, and lines left off because they cannot be priced
    unpriced = figure["unpriced"]
    ws[L.CHECK_CELL] = (f'=IF(ABS(N({total_cell})-{figure["total"]})>0.005,"⚠ 报价单与报价明细不一致,请重新运行 '
                        f'build_quote_sheet / the quotation differs from the quote lines: run build_quote_sheet '
                        f'again","")')
    ws[L.UNPRICED_CELL] = (f'=IF(N({unpriced})>0,"⚠ "&{unpriced}&" 行报价明细无法计价,未列入 / "&{unpriced}'
                           f'&" quote lines cannot be priced and are left out","")')
    ws[L.CHECK_CELL].font = ws[L.UNPRICED_CELL].font = Font(bold=True, color="C00000")


def _bilingual_choice(cell: str, vocab: dict[str, Text]) -> str:
    """The bilingual label (中文 / English) of a cell holding either spelling of a vocabulary label."""
    formula = '""'
    for text in reversed(list(vocab.values())):
        formula = f'IF({is_any(cell, text)},"{text.both()}",{formula})'
    return formula


def _revisions_sheet(wb: Workbook, lang: Lang, data: DemoQuote | None) -> None:
    ws = wb.create_sheet(L.SHEET_REVISIONS(lang))
    headers = [c.label(lang) for c in REVISION_COLUMNS] + [t(lang) for t in REVISION_FIGURES.values()]
    inputs, blocks = _demo_revisions(data, lang) if data else ([], [])
    body = []
    for i in range(L.MAX_REVISIONS):
        formulas = _revision_formulas(i + 2)
        values = inputs[i] if i < len(inputs) else [None] * len(REVISION_COLUMNS)
        body.append(list(values) + [formulas[key] for key in REVISION_FIGURES])
    C.add_table(ws, L.TABLE_REVISIONS, 1, 1, headers, body)
    last = L.MAX_REVISIONS + 1
    col = REVISION
    C.style_range(ws, f"B2:B{last}", C.DATE)
    C.date_validation(ws, f"B2:B{last}", lang)
    C.style_range(ws, f"C2:{col['budget']}{last}", MONEY_YUAN)
    C.number_validation(ws, f"C2:{col['budget']}{last}", lang, 0)
    C.style_range(ws, f"{col['change']}2:{col['change']}{last}", MONEY_YUAN)
    C.style_range(ws, f"{col['change_share']}2:{col['change_share']}{last}", PERCENT0)
    C.style_range(ws, f"{col['room']}2:{col['room']}{last}", MONEY_YUAN)
    flags = f"{col[guardrails.BUDGET_MATCH]}2:{col[guardrails.FAR_ABOVE]}{last}"
    C.highlight(ws, flags, f"{col[guardrails.BUDGET_MATCH]}2=TRUE", C.RED_FILL)
    C.widths(ws, {get_column_letter(i + 1): 12 for i in range(len(headers))} | {"I": 20})
    ws.freeze_panes = "B2"
    _write_blocks(ws, blocks)


def _write_blocks(ws: Worksheet, blocks: list[list[Any]]) -> None:
    """The revisions' line blocks from column T, formatted like the table (title, header, dates, shares, ¥)."""
    first = L.BLOCKS_COLUMN
    share_columns = {first + 4, first + 5}  # discount, share of license
    after_title = False
    for r, values in enumerate(blocks, start=1):
        title = bool(values) and values[0] in (REVISION_MARK.zh, REVISION_MARK.en)
        if after_title:
            C.header_row(ws, r, first, values)
        else:
            for c, value in enumerate(values, start=first):
                cell = ws.cell(r, c, value)
                if title:
                    cell.font = C.LABEL_FONT
                if isinstance(value, dt.date):
                    cell.number_format = C.DATE
                elif isinstance(value, float) and (title or c >= first + len(LINE_COLUMNS)):
                    cell.number_format = MONEY_YUAN
                elif isinstance(value, float) and c in share_columns:
                    cell.number_format = "0%"
        after_title = title
    C.widths(ws, {get_column_letter(first + i): 11 for i in range(12)})


def _revision_formulas(r: int) -> dict[str, str]:
    c = {key: f"${letter}{r}" for key, letter in REVISION.items()}
    prev = f"$F{r - 1}"
    blank = f'{c["revision"]}=""'
    total = c["total"]
    first_row = r == 2
    return {
        "change": '=""' if first_row else f'=IF(AND(ISNUMBER({total}),ISNUMBER({prev})),{total}-{prev},"")',
        "change_share": ('=""' if first_row
                         else f'=IF(AND(ISNUMBER({c["change"]}),N({prev})>0),{c["change"]}/{prev},"")'),
        "room": f'=IF(AND(ISNUMBER({total}),ISNUMBER({c["floor"]})),{total}-{c["floor"]},"")',
        guardrails.BUDGET_MATCH: (f'=IF({blank},"",IF(AND(ISNUMBER({total}),ISNUMBER({c["budget"]})),'
                                  f'ABS({total}-{c["budget"]})<0.005,FALSE))'),
        guardrails.SINGLE_TOTAL: f'=IF({blank},"",IF(ISNUMBER({total}),COUNT($C{r}:$E{r})<3,FALSE))',
        guardrails.BIG_SWING: (f'=IF({blank},"",IF(ISNUMBER({c["change_share"]}),'
                               f'ABS({c["change_share"]})>{NAMES["max_swing"]}+1E-12,FALSE))'),
        guardrails.NO_ROOM: (f'=IF({blank},"",IF(AND(ISNUMBER({c["room"]}),ISNUMBER({total})),'
                             f'{c["room"]}<{NAMES["min_room"]}*{total}-1E-9,FALSE))'),
        guardrails.FAR_ABOVE: (f'=IF({blank},"",IF(AND(ISNUMBER({total}),N({c["budget"]})>0),'
                               f'{total}>{NAMES["far_ratio"]}*{c["budget"]}+1E-9,FALSE))'),
    }


def _demo_revisions(data: DemoQuote, lang: Lang) -> tuple[list[list[Any]], list[list[Any]]]:
    """The demo's revision rows and blocks, priced by the core exactly as save_revision would store them."""
    rows, blocks, previous = [], [], None
    for revision in data.revisions:
        lines = priced(data, revision.lines, lang)
        rows.append(revision_row(revision.label, revision.date, summarise(lines), data.details.budget,
                                 revision.note))
        blocks += block_rows(revision.label, revision.date, lines, previous, lang) + [[]]
        previous = lines
    return rows, blocks


def check(sheets: dict[str, list[list[Any]]], tables: Any = None) -> list[Problem]:
    """Every unusable value by sheet!cell; the guardrails each revision trips and parts missing, as warnings."""
    found = {name.en: sheet_rows(sheets, name) for name in (L.SHEET_DETAILS, L.SHEET_PRICES, L.SHEET_LINES,
                                                               L.SHEET_REVISIONS)}
    missing = [missing_sheet(name) for name in (L.SHEET_DETAILS, L.SHEET_PRICES, L.SHEET_LINES)
               if found[name.en] is None]
    if missing:
        return missing
    details, _, lines, problems = read_quote(found[L.SHEET_DETAILS.en], found[L.SHEET_PRICES.en],
                                             found[L.SHEET_LINES.en])
    lines_sheet = found[L.SHEET_LINES.en][0]
    for part in summarise(price_lines(lines)).missing_parts if not lines.empty else []:
        problems.append(Problem(lines_sheet, "A:A", f"报价未列出「{PART[part].zh}」:即使免费也应列出",
                                f"the quote lists no '{PART[part].en}': list it even when free", severity="warning"))
    if found[L.SHEET_REVISIONS.en] is not None:
        name, rows = found[L.SHEET_REVISIONS.en]
        parsed = parse_revisions([r[:len(REVISION_KEYS)] for r in rows], name)
        problems += parsed.problems
        limits = {"max_swing": details.max_swing, "min_room": details.min_room, "far_ratio": details.far_ratio}
        checked = guardrails.check_revisions(parsed.frame, **limits)
        for i in checked.index:
            for key, why in guardrails.warnings(checked.loc[i], **limits):
                problems.append(Problem(name, f"{REVISION[key]}{int(checked.at[i, 'row'])}", why.zh, why.en,
                                        str(checked.at[i, "revision"]), "warning"))
    return problems


def demo_data() -> DemoQuote:
    return demo_quote()


def summary(data: DemoQuote) -> list[str]:
    """Headline figures of the demo copy, from the Python core."""
    lines = priced(data, data.lines)
    s = summarise(lines)
    plan = reduce.content_to_drop(lines, data.details.target) if data.details.target is not None else None
    out = [f"{data.details.revision}: license {s.license:,.2f} + training {s.training:,.2f} + service "
           f"{s.service:,.2f} = {s.total:,.2f} ({amount_in_words(s.total)})",
           f"discount given {s.given:,.2f} ({s.given_share:.1%} of list), room left {s.room:,.2f}"]
    if plan is not None:
        out.append(f"to reach {plan.target:,.0f}: {plan.explanation().en}")
    return out


def export_quote_pdf(workbook: Path, pdf: Path, overwrite: bool = True) -> Path:
    """The workbook's quotation sheet, recalculated by LibreOffice, as a one-page PDF at `pdf`.

    The other sheets are hidden in a temporary copy (LibreOffice exports visible sheets only);
    their figures still feed the quotation. The workbook itself is not changed.
    """
    wb = load_workbook(workbook)
    quotation = next((ws for ws in wb.worksheets if ws.title in (L.SHEET_QUOTE.zh, L.SHEET_QUOTE.en)), None)
    if quotation is None:
        raise ValueError(f"{Path(workbook).name}: 找不到工作表「{L.SHEET_QUOTE.zh}」 / "
                         f"no '{L.SHEET_QUOTE.en}' sheet")
    wb.active = wb.worksheets.index(quotation)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is quotation
        if ws is not quotation:
            ws.sheet_state = "hidden"
    with tempfile.TemporaryDirectory(prefix="xlsales-quote-") as folder:
        copy = Path(folder) / f"{Path(pdf).stem}.xlsx"
        wb.save(copy)
        exported = libreoffice.export_pdf(copy, Path(folder) / "out")
        lite.write_atomic(Path(pdf), exported.read_bytes(), overwrite=overwrite)
    return Path(pdf)


INSTRUCTIONS = [
    Text("1. 「价格表」维护产品/模块、版本、单位(站点/用户/模块/人天)、标准价、标准折扣、最低折扣。折扣是客户支付标准价的比例:85% = 八五折。",
         "1. Keep products/modules on 'Price list': edition, unit (site/user/module/person-day), list price, standard "
         "discount and the lowest discount allowed. A discount is the share of list the customer pays: "
         "85% = pays 85%."),
    Text("2. 「报价信息」填写客户、项目、报价编号、版本号、日期、有效期、客户预算;参数页可调整服务年费比例与预警阈值。",
         "2. Fill customer, project, quote no., revision, date, validity and budget on 'Quote details'; the "
         "parameters set the service rate and the guardrail limits."),
    Text("3. 「报价明细」逐行报价,永远拆成三部分:软件许可(数量 × 标准价 × 折扣,折扣留空用标准折扣);培训/交付(按人天,或填占软件价比例);服务年费(占软件价比例,默认 15%)。",
         "3. Quote line by line on 'Quote lines', always in three parts: license (quantity × list price × discount; "
         "blank discount = standard); training & delivery (person-days, or a share of the license); annual service "
         "(a share of the license, 15% by default)."),
    Text("4. 免费的培训、新客户免收的服务年费也要列出:「赠送」选「是」,金额为 0,价值照列(绿色行)。红色行 = 无法计价,请检查。",
         "4. List free training and waived service too: set 'Waived' to Yes; the amount is 0 and its value stays "
         "listed (green rows). Red rows cannot be priced: check them."),
    Text("5. 右侧关键数字:各部分小计、合计、标准价合计、优惠(折让+赠送)、底价(最低折扣 + 必保留内容)与余地(合计 − 底价)。",
         "5. Key figures on the right: part subtotals, total, value at list, discount given (price + waived), floor "
         "(lowest discounts + content that must stay) and room left (total − floor)."),
    Text("6. 客户要降价时删减服务内容,而不是砍总价:填「目标价」后运行脚本 reduce_to_target,右侧给出应删减的项目(不删「必保留」)。",
         "6. When the customer wants a lower price, remove service content instead of cutting the total: fill the "
         "target price and run reduce_to_target; it lists what to remove (never lines marked must-keep)."),
    Text("7. 「报价单」是给客户的中英文报价单(¥、合计大写),打印为一页;命令 xlsales 可导出 PDF。脚本 build_quote_sheet 用 Python 重写报价单(固定为数值)。",
         "7. 'Quotation' is the customer's bilingual quote (¥, total in words), printing on one page; the xlsales "
         "command exports it to PDF. The build_quote_sheet script rewrites it from Python (as fixed values)."),
    Text("8. 每次报价后运行 save_revision:在「报价版本」保存合计与明细块,并检查五个误区:完全套预算、一个总价无拆分、与上版差别太大、一次到底无余地、远超预算。",
         "8. After each quote run save_revision: 'Revisions' keeps its totals and lines, and checks the five "
         "pitfalls: equal to the budget, one total without parts, big swing, no room left, far above budget."),
    Text("9. 函数(xlwings Lite):=QUOTE_TOTAL(QuoteLines[#All],PriceList[#All])、QUOTE_BREAKDOWN、QUOTE_ROOM、"
         "QUOTE_GUARDRAILS(QuoteRevisions[#All])、QUOTE_TO_DROP、AMOUNT_IN_WORDS 等。",
         "9. Functions (xlwings Lite): =QUOTE_TOTAL(QuoteLines[#All],PriceList[#All]), QUOTE_BREAKDOWN, QUOTE_ROOM, "
         "QUOTE_GUARDRAILS(QuoteRevisions[#All]), QUOTE_TO_DROP, AMOUNT_IN_WORDS and more."),
]


SPEC = C.TemplateSpec(
    name="quote",
    title=Text("报价拆分", "Quote breakdown"),
    build=build,
    demo_data=demo_data,
    check=check,
    udfs_module="udfs.quote",
    summary=summary,
)
