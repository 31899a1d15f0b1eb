"""What every template shares: the spec a template registers, styles, tables, validation, instructions.

Templates use native formulas (structured references to Excel tables) for every figure they
show, so the numbers are right in Excel without the add-in, in WPS and in LibreOffice.
Avoided in template cells: LAMBDA, LET, dynamic-array spills, FILTER/SORT/UNIQUE.
"""

from dataclasses import dataclass, field
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.i18n import Lang, Text
from xlsales.problems import Problem
from xlsales.sheets import Sheets, TableExtent

TEMPLATE_VERSION = "1"

# One family for Chinese and Latin text: DengXian (等线) comes with Windows 10 and later and with Office 2016 and
# later (not checked here: WPS). Every font names it: a font without a name is drawn in the reader's default, which LibreOffice made a
# serif for bold Latin text beside sans-serif Chinese. Where DengXian is missing (Linux, LibreOffice) the
# reader substitutes; scripts/fonts.conf maps it to Noto Sans CJK SC (fonts-noto-cjk), whose Latin letters
# are sans-serif too, and scripts/render.sh uses it.
FONT_NAME = "DengXian"
BLUE = "1F4E78"
HEADER_FILL = PatternFill("solid", fgColor=BLUE)
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells the user types into
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14, color=BLUE)
LABEL_FONT = Font(name=FONT_NAME, bold=True)
# Colours by meaning, the same in every chart and tile of every workbook.
WON = "2E7D32"  # green
OPEN = "2F6EBA"  # blue
AT_RISK = "E69F00"  # amber: stale, behind pace
LOST = "C62828"  # red: lost, slipped
PLAN = "A6A6A6"  # grey: plan, target, pace
PALETTE = {"won": WON, "open": OPEN, "at_risk": AT_RISK, "lost": LOST, "plan": PLAN}
RED_FILL = PatternFill("solid", fgColor="F8CBAD")
AMBER_FILL = PatternFill("solid", fgColor="FFE699")
GREEN_FILL = PatternFill("solid", fgColor="C6EFCE")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY = '#,##0.00'
MONEY0 = '#,##0'
PERCENT = '0.0%'
DATE = 'yyyy-mm-dd'
MONTH = 'yyyy-mm'


@dataclass(frozen=True)
class TemplateSpec:
    """A template as the build, the demo, `xlsales check` and the Lite bundle see it."""

    name: str  # file stem in workbooks/ and the `xlsales new NAME` argument
    title: Text
    build: Callable[..., Workbook]  # build(lang, data=None) -> Workbook
    demo_data: Callable[[], Any]  # the realistic sample the demo copy is filled with
    # check(sheets, tables): sheet name -> rows from A1, and where the file's Excel tables are (None: unknown)
    check: Callable[[Sheets, dict[str, TableExtent] | None], list[Problem]]
    summary: Callable[[Any], list[str]] = field(default=lambda data: [])  # demo printout lines

    @property
    def udfs_module(self) -> str:
        """Its functions and scripts, named after it: the module's source ends main.py (with the modules it needs
        bundled before it)."""
        return f"udfs.{self.name}"


def unify_font(wb: Workbook) -> None:
    """Every cell's font in FONT_NAME, keeping its size, weight and colour; the workbook's default font too, so
    what a user types later is in the same family."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                font = cell.font
                if cell.has_style and font.name != FONT_NAME:
                    cell.font = Font(name=FONT_NAME, sz=font.sz, b=font.b, i=font.i, u=font.u, strike=font.strike,
                                     color=font.color, vertAlign=font.vertAlign)
    # openpyxl keeps the default font (id 0, cells without a style) and the Normal style's font here; the
    # Normal style names Calibri through the theme ("minor" scheme), which would win over its name.
    default = Font(name=FONT_NAME, sz=11)
    wb._fonts = IndexedList([default] + list(wb._fonts)[1:])  # noqa: SLF001
    for style in wb._named_styles:  # noqa: SLF001
        style.font = Font(name=FONT_NAME, sz=style.font.sz or 11, b=style.font.b)


def print_setup(ws: Worksheet, title: str, landscape: bool = False, repeat_rows: int = 0,
                one_page: bool = False) -> None:
    """A4, fit to the page's width (as many pages down as needed, or one page), the first `repeat_rows` rows on
    every page, the workbook's title and "page n of m" in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0  # 0: as many pages as the rows need
    if repeat_rows:
        ws.print_title_rows = f"1:{repeat_rows}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    footer(ws, title)


def footer(ws: Worksheet, title: str) -> None:
    """The workbook's title at the left of the footer, "page n / N" at the right."""
    ws.oddFooter.left.text = title.replace("&", "&&")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "&P / &N"
    ws.oddFooter.right.size = 8


PORTRAIT_WIDTH = 100  # characters of column width a portrait A4 page holds before the text gets too small


def print_every_sheet(wb: Workbook, title: str) -> None:
    """Print setup for each sheet its template did not set up itself: the rows above the frozen panes, or above
    the first table's body, repeat on every page; landscape when the used columns are wider than a portrait
    page holds."""
    for ws in wb.worksheets:
        if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
            continue
        frozen = ws.freeze_panes
        if frozen:
            repeat = int("".join(ch for ch in frozen if ch.isdigit())) - 1
        elif ws.tables:
            repeat = min(int("".join(ch for ch in t.ref.split(":")[0] if ch.isdigit())) for t in ws.tables.values())
        else:
            repeat = 0
        used = sum(_width(ws, get_column_letter(c)) for c in range(1, ws.max_column + 1))
        print_setup(ws, title, landscape=used > PORTRAIT_WIDTH, repeat_rows=repeat)


def finish(wb: Workbook, title: str) -> None:
    """What every workbook gets once its sheets are written: one font family, and print setup on every sheet."""
    unify_font(wb)
    print_every_sheet(wb, title)


def _width(ws: Worksheet, letter: str) -> float:
    dimension = ws.column_dimensions.get(letter)
    if dimension is not None and dimension.hidden:
        return 0
    return dimension.width if dimension is not None and dimension.width else 8.43  # Excel's default width


def formula_sheet(name: str) -> str:
    """A sheet name as a formula references it ('商机'!A1)."""
    return quote_sheetname(name)


def title(ws: Worksheet, cell: str, text: str) -> None:
    ws[cell] = text
    ws[cell].font = TITLE_FONT


def header_row(ws: Worksheet, row: int, col: int, labels: list[str]) -> None:
    for i, label in enumerate(labels):
        cell = ws.cell(row, col + i, label)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX


def add_table(ws: Worksheet, name: str, row: int, col: int, headers: list[str], rows: list[list[Any]],
              min_rows: int = 1, style: str = "TableStyleMedium2") -> str:
    """Write an Excel table (header + rows, at least `min_rows` body rows) and return its A1 ref.

    Headers must be unique non-empty text (Excel repairs a file otherwise).
    """
    if len(set(headers)) != len(headers) or not all(isinstance(h, str) and h for h in headers):
        raise ValueError(f"table {name}: headers must be unique text: {headers}")
    header_row(ws, row, col, headers)
    for r, values in enumerate(rows, start=row + 1):
        for c, value in enumerate(values, start=col):
            ws.cell(r, c, value)
    last_row = row + max(len(rows), min_rows)
    ref = f"{get_column_letter(col)}{row}:{get_column_letter(col + len(headers) - 1)}{last_row}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
    ws.add_table(table)
    return ref


def define_name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"{formula_sheet(sheet)}!{ref}")


def list_validation(ws: Worksheet, cells: str, source: str, lang: Lang, what: Text) -> None:
    """A drop-down from a defined name or an inline list ("A,B,C"; Excel caps inline lists at 255 chars)."""
    formula = source if source.startswith("=") else f'"{source}"'
    if not source.startswith("=") and len(source) > 255:
        raise ValueError(f"inline list over 255 characters: {source[:40]}…")
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                          errorTitle=Text("输入无效", "Invalid entry")(lang),
                          error=Text(f"请从下拉列表选择{what.zh}", f"Choose a {what.en} from the list")(lang))
    rule.add(cells)
    ws.add_data_validation(rule)


def number_validation(ws: Worksheet, cells: str, lang: Lang, minimum: float = 0,
                      maximum: float | None = None, kind: str = "decimal") -> None:
    rule = DataValidation(type=kind, operator="between" if maximum is not None else "greaterThanOrEqual",
                          formula1=str(minimum), formula2=None if maximum is None else str(maximum),
                          allow_blank=True, showErrorMessage=True,
                          errorTitle=Text("输入无效", "Invalid entry")(lang),
                          error=Text(f"请输入不小于 {minimum:g} 的数字", f"Enter a number >= {minimum:g}")(lang))
    rule.add(cells)
    ws.add_data_validation(rule)


def date_validation(ws: Worksheet, cells: str, lang: Lang) -> None:
    rule = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                          showErrorMessage=True, errorTitle=Text("输入无效", "Invalid entry")(lang),
                          error=Text("请输入日期,如 2026-11-23", "Enter a date, e.g. 2026-11-23")(lang))
    rule.add(cells)
    ws.add_data_validation(rule)


def highlight(ws: Worksheet, cells: str, formula: str, fill: PatternFill) -> None:
    ws.conditional_formatting.add(cells, FormulaRule(formula=[formula], fill=fill, stopIfTrue=False))


def widths(ws: Worksheet, sizes: dict[str, float]) -> None:
    for column, size in sizes.items():
        ws.column_dimensions[column].width = size


def style_range(ws: Worksheet, cells: str, number_format: str | None = None, fill: PatternFill | None = None,
                bold: bool = False) -> None:
    for row in ws[cells]:
        for cell in row if isinstance(row, tuple) else (row,):
            if number_format:
                cell.number_format = number_format
            if fill:
                cell.fill = fill
            if bold:
                cell.font = LABEL_FONT
            cell.border = BOX


def instructions_sheet(wb: Workbook, lang: Lang, heading: Text, lines: list[Text]) -> Worksheet:
    """The first sheet: what the workbook is for and how to use it, in the workbook's language
    with the other language beside it so a mixed team can read it."""
    ws = wb.active
    ws.title = Text("说明", "Instructions")(lang)
    title(ws, "A1", heading(lang))
    other = "en" if lang == "zh-CN" else "zh-CN"
    ws["A2"] = heading(other)  # type: ignore[arg-type]
    for i, line in enumerate(lines, start=4):
        ws.cell(i, 1, line(lang)).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(i, 2, line(other)).alignment = Alignment(wrap_text=True, vertical="top")  # type: ignore[arg-type]
    widths(ws, {"A": 70, "B": 70})
    return ws
