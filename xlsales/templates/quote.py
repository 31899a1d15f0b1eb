"""The quote workbook (quote.xlsx), written from its description in xlsales/quote/layout.py.

Every figure is a native formula over the PriceList / QuoteLines / QuoteRevisions tables and the
parameter cells (named QuoteServiceRate, QuoteMaxSwing, ...); the Python core computes the same
figures (tests/test_quote_libreoffice.py checks one against the other), including the 人民币大写 of
the total. What this module adds to the description: the instructions, colours, fonts, the
quotation's print setup, the demo's revision blocks. The quotation is also what `xlsales pdf`
exports (export_quote_pdf).
"""

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.chart import Reference
from openpyxl.styles import Alignment, Border, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from xlsales import libreoffice, lite
from xlsales.i18n import Lang, Text
from xlsales.layout import Block, Table
from xlsales.quote import layout as L
from xlsales.quote import reduce
from xlsales.quote.demo import DemoQuote, demo_quote, line_rows, price_rows, priced
from xlsales.quote.guardrails import BUDGET_MATCH, FAR_ABOVE
from xlsales.quote.pricing import summarise
from xlsales.quote.revisions import REVISION_MARK, block_rows, revision_row
from xlsales.quote.vocab import LINE_COLUMNS, NO, TERMS, YES, YES_NO, term_rows
from xlsales.quote.words import amount_in_words
from xlsales.quote.workbook import check
from xlsales.templates import common as C
from xlsales.templates import dashboard as D
from xlsales.templates.render import write_sheet


TITLE = Text("报价拆分", "Quote breakdown")


def build(lang: Lang = "zh-CN", data: DemoQuote | None = None) -> Workbook:
    wb = Workbook()
    C.instructions_sheet(wb, lang, Text("报价拆分 — 使用说明", "Quote breakdown — how to use"), INSTRUCTIONS)
    _details(write_sheet(wb, L.DETAILS_SHEET, lang), lang, data)
    prices = write_sheet(wb, L.PRICES_SHEET, lang, {
        L.PRICES.name: price_rows(data, lang) if data else [],
        L.EDITIONS.name: [[edition] for edition in data.editions] if data else []})
    _prices(wb, prices, lang)
    _lines(write_sheet(wb, L.LINES_SHEET, lang, {L.LINES.name: line_rows(data.lines, lang) if data else []}), lang)
    _quotation(write_sheet(wb, L.QUOTATION, lang))
    rows, blocks = _demo_revisions(data, lang) if data else ([], [])
    _revisions(write_sheet(wb, L.REVISIONS_SHEET, lang, {L.REVISIONS.name: rows}), blocks)
    _dashboard(D.write_dashboard(wb, L.QUOTE_DASHBOARD, lang, TITLE(lang), L.QUOTE_DASHBOARD_PRINT_AREA), lang)
    return wb


def _dashboard(ws: Worksheet, lang: Lang) -> None:
    """Each part quoted against its list value, and where the total stands between the floor, list and budget."""
    parts, levels = L.PART_SPLIT, L.PRICE_LEVELS

    def column(block: Block, key: str, header: bool = False) -> Reference:
        col = block.first_col + block.index(key)
        return Reference(ws, min_col=col, min_row=block.header_row if header else block.first_row,
                         max_row=block.last_row)

    split = D.bars(ws, column(parts, "part"), [(column(parts, "at_list", True), "plan"),
                                               (column(parts, "quoted", True), "open")],
                   Text("各部分:报价与标准价", "Each part: quoted and at list price")(lang))
    D.place(ws, split, L.QUOTE_DASHBOARD_CHARTS[0])
    where = D.bars(ws, column(levels, "level"), [(column(levels, "amount", True), "open")],
                   Text("报价所处位置", "Where the total stands")(lang), horizontal=True)
    where.legend = None
    D.label_values(where.series[0])
    D.paint_points(where.series[0], [meaning for _, _, meaning in L.PRICE_LEVEL_ROWS])
    D.place(ws, where, L.QUOTE_DASHBOARD_CHARTS[1])


def _last_row(ws: Worksheet, table: Table) -> int:
    return int(ws.tables[table.name].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _rows(ws: Worksheet, table: Table, first: str, last: str) -> str:
    """Columns `first` to `last` over every body row the table has."""
    return f"{table.letter(first)}{table.first_row}:{table.letter(last)}{_last_row(ws, table)}"


def _problem_rows(ws: Worksheet, table: Table, last_input: str) -> None:
    """Rows red (the inputs and the count) where the data-problems column counts something: figures leave them out."""
    cells = f"{_rows(ws, table, table.columns[0].key, last_input)} {_rows(ws, table, 'problems', 'problems')}"
    C.highlight(ws, cells, f"N(${table.letter('problems')}{table.first_row})>0", C.RED_FILL)


def _details(ws: Worksheet, lang: Lang, data: DemoQuote | None) -> None:
    sheet = L.DETAILS_SHEET
    heading = ws.cell(sheet.cell(L.PARAMETERS[0]).row - 1, 1, L.PARAMETERS_HEADING(lang))
    heading.font = C.TITLE_FONT
    C.title(ws, f"{L.FIGURE_LABELS}{L.FIGURES_ROW - 1}", L.FIGURES_TITLE(lang))
    for key in ("sheet_problems", "left_out", "missing_parts", "problems", "outside"):
        cell = sheet.address(key)
        C.highlight(ws, cell, f"N({cell})>0", C.RED_FILL)
    quoted = sheet.address("quoted")
    C.highlight(ws, quoted, f"N({quoted})>{L.QUOTATION_LINES}", C.RED_FILL)
    room, total = sheet.address("room"), sheet.address("total")
    C.highlight(ws, room, f"{room}<{L.setting('min_room')}*{total}", C.AMBER_FILL)
    if data is None:
        return
    for key, value in data.details.model_dump().items():
        if key == "new_customer":
            value = YES_NO[YES if value else NO](lang)
        ws[sheet.address(key)] = value if value not in ("", None) else None


def _prices(wb: Workbook, ws: Worksheet, lang: Lang) -> None:
    for name, table, key in ((L.ITEM_LIST, L.PRICES, "product"), (L.EDITION_LIST, L.EDITIONS, "edition")):
        wb.defined_names[name] = DefinedName(name, attr_text=table.ref(key, lang))  # grows with the table
    _problem_rows(ws, L.PRICES, "note")
    ws.freeze_panes = "A2"


def _lines(ws: Worksheet, lang: Lang) -> None:
    lines = L.LINES
    # red: typed but left out (a data problem); green: waived, listed at its value
    _problem_rows(ws, lines, "floor")
    C.highlight(ws, _rows(ws, lines, "part", "floor"),
                f"AND(N(${lines.letter('amount')}{lines.first_row})=0,N(${lines.letter('value')}{lines.first_row})>0)",
                C.GREEN_FILL)
    ws.freeze_panes = "C2"


def _quotation(ws: Worksheet) -> None:
    """The customer's page: title across the page, wrapped labels, bold total, terms, one printed A4 page."""
    sheet, block = L.QUOTATION, L.QUOTATION_BLOCK
    ws["A1"].font = Font(bold=True, size=18, color=C.BLUE)
    for col in range(1, block.first_col + block.index("note") + 1):
        ws.cell(1, col).alignment = Alignment(horizontal="centerContinuous")
    ws.row_dimensions[block.header_row].height = 44  # three wrapped lines: "成交价比例 / Price as % of list"
    wrapped = {block.letter(key) for key in ("part", "unit", "note")}
    for r in range(block.first_row, block.last_row + 1):
        for column in block.columns:
            cell = ws[f"{block.letter(column.key)}{r}"]
            cell.alignment = Alignment(wrap_text=cell.column_letter in wrapped, vertical="center")
    for key, _, _ in L.QUOTATION_FIELDS:
        ws[sheet.address(key)].alignment = Alignment(horizontal="left")
    for key, _, _ in L.QUOTATION_TOTALS:
        ws[sheet.address(key)].font = Font(bold=key in ("total", "words"), size=12 if key == "total" else 11)
    for n, term in enumerate(TERMS, start=1):
        for offset, text in enumerate(term_rows(n, term)):
            ws[f"A{L.TERMS_ROW + 2 * (n - 1) + offset}"] = text
            ws[f"A{L.TERMS_ROW + 2 * (n - 1) + offset}"].font = Font(size=9)
    for column, row, label in L.SIGNATURE:
        ws[f"{column}{row}"] = label.both()
        ws[f"{column}{row}"].font = C.LABEL_FONT if row == L.SIGN_ROW else Font(size=10)
    for cells in L.SIGN_LINES:
        for cell in ws[cells][0]:
            cell.border = Border(bottom=C.THIN)
    for row in range(L.SIGN_ROW + 1, L.QUOTATION_LAST_ROW + 1):
        ws.row_dimensions[row].height = 26  # room to sign; the seal's row taller still
    ws.row_dimensions[L.QUOTATION_LAST_ROW].height = 60
    for key in ("payment_terms", "valid_days"):
        ws[sheet.address(key)].alignment = Alignment(horizontal="left")
        ws[sheet.address(key)].border = Border()
    for key in ("more",) + L.INTERNAL:
        ws[sheet.address(key)].font = Font(bold=True, color="C00000")
        ws[sheet.address(key)].border = Border()  # notes, not figures
    ws.print_area = f"A1:{L.QUOTATION_LAST_COLUMN}{L.QUOTATION_LAST_ROW}"
    C.print_setup(ws, TITLE.both(), one_page=True)
    ws.print_options.horizontalCentered = True


def _revisions(ws: Worksheet, blocks: list[list[Any]]) -> None:
    table = L.REVISIONS
    C.highlight(ws, _rows(ws, table, BUDGET_MATCH, FAR_ABOVE),
                f"{table.letter(BUDGET_MATCH)}{table.first_row}=TRUE", C.RED_FILL)  # each flag that fires
    _problem_rows(ws, table, "note")
    ws.freeze_panes = "B2"
    _write_blocks(ws, blocks)


def _write_blocks(ws: Worksheet, blocks: list[list[Any]]) -> None:
    """The revisions' line blocks (save_revision's area), formatted like the table (title, header, dates, ¥)."""
    first = L.BLOCKS.first_col
    share_columns = {first + 4, first + 5}  # discount, share of license
    after_title = False
    for r, values in enumerate(blocks, start=L.BLOCKS.header_row):
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
                    cell.number_format = L.MONEY
                elif isinstance(value, float) and c in share_columns:
                    cell.number_format = L.SHARE
        after_title = title
    C.widths(ws, {get_column_letter(first + i): 11 for i in range(12)})


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

    The other sheets are hidden in a temporary copy (LibreOffice exports visible sheets only), the dashboard left
    out; their figures still feed the quotation. The workbook itself is not changed.
    """
    wb = load_workbook(workbook)
    quotation = next((ws for ws in wb.worksheets if ws.title in (L.SHEET_QUOTE.zh, L.SHEET_QUOTE.en)), None)
    if quotation is None:
        raise ValueError(f"{Path(workbook).name}: 找不到工作表「{L.SHEET_QUOTE.zh}」 / "
                         f"no '{L.SHEET_QUOTE.en}' sheet")
    dashboard = next((ws for ws in wb.worksheets if ws.title in (L.SHEET_QUOTE_DASHBOARD.zh,
                                                                  L.SHEET_QUOTE_DASHBOARD.en)), None)
    if dashboard is not None:  # LibreOffice 25 exports it even hidden; no formula reads from it
        wb.remove(dashboard)
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
    Text("1. 「价格表」维护产品/模块、版本、单位(站点/用户/模块/人天)、标准价、标准折扣、最低折扣。折扣是客户支付标准价的比例:85% = 八五折。"
         "表格随新行自动扩展,行数不限。",
         "1. Keep products/modules on 'Price list': edition, unit (site/user/module/person-day), list price, standard "
         "discount and the lowest discount allowed. A discount is the share of list the customer pays: "
         "85% = pays 85%. The table grows with new rows, as many as you need."),
    Text("2. 「报价信息」填写客户、项目、报价编号、版本号、日期、有效期、客户预算;参数页可调整服务年费比例与预警阈值。",
         "2. Fill customer, project, quote no., revision, date, validity and budget on 'Quote details'; the "
         "parameters set the service rate and the guardrail limits."),
    Text("3. 「报价明细」逐行报价,永远拆成三部分:软件许可(数量 × 标准价 × 折扣,折扣留空用标准折扣);培训/交付(按人天,或填占软件价比例);"
         "服务年费(占软件价比例,默认 15%)。类别、单位、是/否可填中文或英文。表格随新行扩展,右侧计算列自动填入。",
         "3. Quote line by line on 'Quote lines', always in three parts: license (quantity × list price × discount; "
         "blank discount = standard); training & delivery (person-days, or a share of the license); annual service "
         "(a share of the license, 15% by default). Parts, units and yes/no may be typed in Chinese or English. "
         "The table grows with new rows and its calculated columns fill in by themselves."),
    Text("4. 免费的培训、新客户免收的服务年费也要列出:「赠送」选「是」,金额为 0,价值照列(绿色行)。"
         "红色行 = 「数据问题」列 > 0:存成文本的数字、不在价格表的产品、比例与人天同时填写等,该行不计入任何数字。",
         "4. List free training and waived service too: set 'Waived' to Yes; the amount is 0 and its value stays "
         "listed (green rows). Red rows have 'Data problems' above 0 (a number stored as text, an item not on the "
         "price list, both a share and person-days...): they count in no figure until fixed."),
    Text("5. 「报价信息」右侧的关键数字:各部分小计、合计、标准价合计、优惠(折让+赠送)、底价(最低折扣 + 必保留内容)与余地(合计 − 底价);"
         "「数据问题」与 xlsales check 报告的错误数一致,应为 0。",
         "5. Key figures beside the details ('Quote details'): part subtotals, total, value at list, discount given "
         "(price + waived), floor "
         "(lowest discounts + content that must stay) and room left (total − floor); 'Data problems' equals the "
         "errors `xlsales check` reports and should be 0."),
    Text("6. 客户要降价时删减服务内容,而不是砍总价:填「目标价」后运行脚本 reduce_to_target,右侧给出应删减的项目(不删「必保留」)。",
         "6. When the customer wants a lower price, remove service content instead of cutting the total: fill the "
         "target price and run reduce_to_target; it lists what to remove (never lines marked must-keep)."),
    Text(f"7. 「报价单」是给客户的中英文报价单(¥、合计大写),打印为一页,最多列出 {L.QUOTATION_LINES} 行;"
         f"行数更多时合计仍包含全部,报价单注明未列出的行数,数据问题计 1。命令 xlsales pdf 可导出 PDF。"
         "脚本 build_quote_sheet 用 Python 重写报价单(固定为数值)。",
         f"7. 'Quotation' is the customer's bilingual quote (¥, total in words), printing on one page with up to "
         f"{L.QUOTATION_LINES} lines; with more, the totals still count every line, the quotation says how many are "
         "not listed and it counts as a data problem. `xlsales pdf` exports it to PDF. The build_quote_sheet "
         "script rewrites it from Python (as fixed values)."),
    Text("8. 每次报价后运行 save_revision:在「报价版本」保存合计与明细块(表格随之扩展),并检查五个误区:完全套预算、一个总价无拆分、"
         "与上版差别太大、一次到底无余地、远超预算。",
         "8. After each quote run save_revision: 'Revisions' keeps its totals and lines (the table grows), and "
         "checks the five pitfalls: equal to the budget, one total without parts, big swing, no room left, far "
         "above budget."),
    Text("9. 函数(xlwings Lite):=QUOTE_TOTAL(QuoteLines[#All],PriceList[#All])、QUOTE_BREAKDOWN、QUOTE_ROOM、"
         "QUOTE_GUARDRAILS(QuoteRevisions[#All])、QUOTE_TO_DROP、AMOUNT_IN_WORDS 等;每个函数只读取它用到的列。",
         "9. Functions (xlwings Lite): =QUOTE_TOTAL(QuoteLines[#All],PriceList[#All]), QUOTE_BREAKDOWN, QUOTE_ROOM, "
         "QUOTE_GUARDRAILS(QuoteRevisions[#All]), QUOTE_TO_DROP, AMOUNT_IN_WORDS and more; each reads only the "
         "columns it uses."),
    Text("10. 「看板」是打开时的第一页:合计与客户预算、优惠与标准价、余地与底价,各部分报价与标准价对比,以及合计在底价、标准价、"
         "预算之间的位置。报价单上的「成交价比例」是成交单价占标准价的比例,按标准价报的行不显示。",
         "10. 'Dashboard' is the first sheet: the total against the budget, the discount given against list, the "
         "room above the floor, each part quoted against its list value, and where the total stands between the "
         "floor, list and budget. On the quotation, 'price as % of list' is the price paid as a share of list, left "
         "blank on lines at list price."),
]


SPEC = C.TemplateSpec(name="quote", title=TITLE, build=build, demo_data=demo_data, check=check,
                      summary=summary)
