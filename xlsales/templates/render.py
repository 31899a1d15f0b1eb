"""Writing a sheet from its description (xlsales.layout) with openpyxl: labelled cells, Excel tables with
calculated columns, blocks of formula rows, validation, number formats, widths and defined names.

What a description says is written here and nowhere else; a template module adds only what is not a
cell, a table or a block (charts, conditional colours, notes).
"""

from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.i18n import Lang, Text
from xlsales.layout import Block, Cell, Col, Rule, Sheet, Table, Tile, quote_sheet
from xlsales.templates import common as C

INLINE_LIST_LIMIT = 255  # Excel rejects a longer inline list in a validation


def write_sheet(wb: Workbook, sheet: Sheet, lang: Lang, rows: dict[str, list[list[Any]]] | None = None) -> Worksheet:
    """A new sheet from its description; `rows` holds each table's input rows (by table name), in the order of
    the table's input columns."""
    ws = wb.create_sheet(sheet.name(lang))
    if sheet.title is not None:
        C.title(ws, "A1", sheet.title(lang))
    for cell in sheet.cells:
        write_cell(wb, ws, cell, lang)
    for tile in sheet.tiles:
        write_tile(wb, ws, tile, lang)
    for table in sheet.tables:
        write_table(ws, table, lang, (rows or {}).get(table.name, []))
    for block in sheet.blocks:
        write_block(ws, block, lang)
    C.widths(ws, dict(sheet.widths))
    return ws


def write_cell(wb: Workbook, ws: Worksheet, cell: Cell, lang: Lang) -> None:
    if cell.label is not None:
        ws[cell.label_address] = cell.label(lang)
        ws[cell.label_address].font = C.LABEL_FONT
    value = cell.value(lang) if isinstance(cell.value, Text) else cell.value
    target = ws[cell.at]
    target.value = "=" + cell.formula(lang) if cell.formula is not None and value is None else value
    target.border = C.BOX
    if cell.input:
        target.fill = C.INPUT_FILL
    if cell.number_format:
        target.number_format = cell.number_format
    if cell.rule is not None:
        validate(ws, cell.at, cell.rule, lang)
    if cell.name:
        wb.defined_names[cell.name] = DefinedName(cell.name, attr_text=f"{quote_sheet(ws.title)}!{_absolute(cell.at)}")
    if cell.note is not None:
        ws.cell(cell.row, cell.col + 1, cell.note(lang))


TILE_FILL = PatternFill("solid", fgColor="F3F5F8")
TILE_EDGE = Side(style="medium", color="FFFFFF")  # white gaps between neighbouring tiles
TILE_VALUE_HEIGHT = 20  # points, each of the value's two rows: room for 24-point digits


def write_tile(wb: Workbook, ws: Worksheet, tile: Tile, lang: Lang) -> None:
    """A headline figure: label, the value large in its meaning's colour, then the comparison lines small."""
    last_col = tile.col + Tile.WIDTH - 1
    last_row = tile.comparison_row(len(tile.comparisons)) - 1
    for row in ws.iter_rows(min_row=tile.row, max_row=last_row, min_col=tile.col, max_col=last_col):
        for cell in row:
            cell.fill = TILE_FILL
            cell.border = Border(left=TILE_EDGE if cell.column == tile.col else None,
                                 right=TILE_EDGE if cell.column == last_col else None)
    label = ws.cell(tile.row, tile.col, tile.label(lang))
    label.font = Font(name=C.FONT_NAME, size=10, color="595959")
    ws.merge_cells(start_row=tile.row, start_column=tile.col, end_row=tile.row, end_column=last_col)
    for cell in tile.cells():
        write_cell(wb, ws, cell, lang)
        ws[cell.at].border = Border()
        ws[cell.at].fill = TILE_FILL
    value = ws[tile.value_at]
    value.font = Font(name=C.FONT_NAME, size=24, bold=True, color=C.PALETTE[tile.meaning])
    value.alignment = Alignment(horizontal="left", vertical="center")
    ws.merge_cells(start_row=tile.row + 1, start_column=tile.col, end_row=tile.row + 2, end_column=last_col)
    for row in (tile.row + 1, tile.row + 2):
        ws.row_dimensions[row].height = TILE_VALUE_HEIGHT
    for n in range(len(tile.comparisons)):
        row = tile.comparison_row(n)
        for col in range(tile.col, last_col + 1):
            ws.cell(row, col).font = Font(name=C.FONT_NAME, size=9, color="595959")
            ws.cell(row, col).fill = TILE_FILL
    for n, comparison in enumerate(tile.comparisons):
        if comparison.kind != "change":  # a share or a figure alone is neither good nor bad news by itself
            continue
        delta = ws.cell(tile.comparison_row(n), last_col).coordinate
        good, bad = (">", "<") if comparison.better == "up" else ("<", ">")
        for sign, colour in ((good, C.WON), (bad, C.LOST)):
            ws.conditional_formatting.add(delta, FormulaRule(
                formula=[f"AND(ISNUMBER({delta}),{delta}{sign}0)"],
                font=Font(color=colour, bold=True)))


def _absolute(address: str) -> str:
    letters = "".join(ch for ch in address if ch.isalpha())
    return f"${letters}${address[len(letters):]}"


def table_rows(table: Table, inputs: list[list[Any]]) -> int:
    """How many body rows a table gets: its data, and at least its empty rows."""
    return max(len(inputs), table.min_rows)


def write_table(ws: Worksheet, table: Table, lang: Lang, inputs: list[list[Any]]) -> None:
    """The header, the input rows (in the order of the table's input columns), every calculated column's formula
    in every row, and the Excel table with its calculated-column formulas so Excel fills them into new rows."""
    headers = table.headers(lang)
    if len(set(headers)) != len(headers):  # Excel repairs a file whose table headers repeat
        raise ValueError(f"table {table.name}: headers must be unique: {headers}")
    C.header_row(ws, table.header_row, table.first_col, headers)
    count = table_rows(table, inputs)
    input_cols = [i for i, c in enumerate(table.columns) if c.read is not None]
    for r in range(count):
        row = table.first_row + r
        values = inputs[r] if r < len(inputs) else []
        for position, value in zip(input_cols, values):
            ws.cell(row, table.first_col + position, value)
        for position, column in enumerate(table.columns):
            if column.formula is not None:
                ws.cell(row, table.first_col + position, "=" + column.formula(lang, row))
    last_row = table.header_row + count
    ref = f"{get_column_letter(table.first_col)}{table.header_row}:{table.last_letter()}{last_row}"
    excel = ExcelTable(displayName=table.name, ref=ref)
    excel.tableColumns = [TableColumn(id=i + 1, name=header) for i, header in enumerate(headers)]
    for position, column in enumerate(table.columns):
        if column.formula is not None:
            excel.tableColumns[position].calculatedColumnFormula = TableFormula(
                attr_text=column.formula(lang, table.first_row))
    excel.tableStyleInfo = TableStyleInfo(name=table.style, showRowStripes=True)
    ws.add_table(excel)
    for column in table.columns:
        _format_column(ws, table.letter(column.key), table.first_row, last_row, column, lang)


def write_block(ws: Worksheet, block: Block, lang: Lang) -> None:
    C.header_row(ws, block.header_row, block.first_col, [c.label(lang) for c in block.columns])
    for r in range(block.first_row, block.last_row + 1):
        for position, column in enumerate(block.columns):
            if column.formula is None:
                continue
            text = column.formula(lang, r)
            cell = ws.cell(r, block.first_col + position, int(text) if text.isdigit() else "=" + text)
            cell.border = C.BOX
    for column in block.columns:
        _format_column(ws, block.letter(column.key), block.first_row, block.last_row, column, lang)


def _format_column(ws: Worksheet, letter: str, first: int, last: int, column: Col, lang: Lang) -> None:
    if column.number_format and last >= first:
        for row in ws[f"{letter}{first}:{letter}{last}"]:
            row[0].number_format = column.number_format
    if column.rule is not None and last >= first:
        validate(ws, f"{letter}{first}:{letter}{last}", column.rule, lang)
    if column.width is not None:
        ws.column_dimensions[letter].width = column.width
    if column.hidden:
        ws.column_dimensions[letter].hidden = True


def validate(ws: Worksheet, cells: str, rule: Rule, lang: Lang) -> None:
    """Excel data validation with a bilingual-per-workbook message."""
    title = Text("输入无效", "Invalid entry")(lang)
    if rule.kind == "list":
        source = rule.list_source(lang)
        if not source.startswith("=") and len(source) > INLINE_LIST_LIMIT:
            raise ValueError(f"inline list over {INLINE_LIST_LIMIT} characters: {source[:40]}…")
        what = rule.what or Text("一项", "an entry")
        check = DataValidation(type="list", formula1=source if source.startswith("=") else f'"{source}"',
                               allow_blank=True, showErrorMessage=rule.strict, errorTitle=title,
                               error=Text(f"请从下拉列表选择{what.zh}", f"Choose a {what.en} from the list")(lang))
    elif rule.kind == "date":
        check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                               showErrorMessage=True, errorTitle=title,
                               error=Text("请输入日期,如 2026-11-23", "Enter a date, e.g. 2026-11-23")(lang))
    else:
        low = rule.minimum if rule.minimum is not None else 0
        if rule.maximum is not None:
            message = Text(f"请输入 {low:g} 到 {rule.maximum:g} 之间的数字", f"Enter a number from {low:g} to {rule.maximum:g}")
        else:
            message = Text(f"请输入不小于 {low:g} 的数字", f"Enter a number >= {low:g}")
        if rule.kind == "whole":
            message = Text(message.zh.replace("数字", "整数"), message.en.replace("a number", "a whole number"))
        check = DataValidation(type=rule.kind, operator="between" if rule.maximum is not None else "greaterThanOrEqual",
                               formula1=f"{low:g}", formula2=None if rule.maximum is None else f"{rule.maximum:g}",
                               allow_blank=True, showErrorMessage=True, errorTitle=title, error=message(lang))
    check.add(cells)
    ws.add_data_validation(check)


def define_range(wb: Workbook, name: str, sheet: str, letter: str, first: int, last: int) -> None:
    """A defined name over rows first..last of a column, for drop-down lists."""
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheet(sheet)}!${letter}${first}:${letter}${last}")

