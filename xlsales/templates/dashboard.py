"""The dashboard every workbook opens on: written from its description (a Sheet with tiles and an attention
Block, see xlsales.layout.Tile and xlsales.dashboard.attention), plus native charts in the shared palette.

Charts plot only the rows in use: LibreOffice does not draw a series whose range is a defined name or an
OFFSET, so each chart's ranges are sized when the workbook is built, from the data it is built with (the
empty template: the default stages, reps...).
"""

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart._chart import ChartBase
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.series import Series
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import CharacterProperties, Font as DrawingFont, Paragraph, ParagraphProperties
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.i18n import Lang
from xlsales.layout import Block, Sheet, split_address
from xlsales.templates import common as C
from xlsales.templates.render import write_sheet

LINK_FONT = Font(name=C.FONT_NAME, color="0563C1", underline="single")
HEADING_FONT = Font(name=C.FONT_NAME, bold=True, size=12, color=C.BLUE)
ROW_HEIGHT = 18  # points: a line of 11-point text in DengXian or its substitutes
HEADER_HEIGHT = 32  # two wrapped lines
TITLE_HEIGHT = 30  # the 18-point title


def write_dashboard(wb: Workbook, sheet: Sheet, lang: Lang, title: str, print_area: str) -> Worksheet:
    """The dashboard sheet, first and active, printing `print_area` (tiles, charts, lists; the chart data kept
    beside it stays off the page) on one landscape A4 page."""
    ws = write_sheet(wb, sheet, lang)
    wb.move_sheet(ws, offset=-wb.worksheets.index(ws))
    wb.active = 0
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    ws.sheet_view.showGridLines = False
    for cell in sheet.cells:  # figures in the page's header read as text beside their label, not as input boxes
        ws[cell.at].border = Border()
        ws[cell.at].alignment = Alignment(horizontal="left")
    ws.row_dimensions[1].height = TITLE_HEIGHT
    fix_row_heights(ws, max(ws.max_row, split_address(print_area.split(":")[1])[0]))
    ws["A1"].font = Font(name=C.FONT_NAME, bold=True, size=18, color=C.BLUE)
    ws.print_area = print_area
    C.print_setup(ws, title, landscape=True, one_page=True)
    return ws


def fix_row_heights(ws: Worksheet, last_row: int) -> None:
    """Explicit heights for rows 1 to `last_row` that have none, on a sheet with charts: LibreOffice places charts
    from the row heights it assumes on loading, before fitting rows to their fonts, so rows that grow later
    would slide under the charts."""
    for row in range(1, last_row + 1):
        if ws.row_dimensions[row].height is None:
            ws.row_dimensions[row].height = ROW_HEIGHT


def place(ws: Worksheet, chart: BarChart, cells: str) -> None:
    """A chart over exactly the cells `cells` ("B9:J28"): anchored at both corners, so it fills its part of the
    page whatever the readers' column widths in their fonts turn out to be."""
    (first_row, first_col), (last_row, last_col) = (split_address(a) for a in cells.split(":"))
    chart.anchor = TwoCellAnchor(_from=AnchorMarker(col=first_col - 1, row=first_row - 1),
                                 to=AnchorMarker(col=last_col, row=last_row))
    ws.add_chart(chart)


def attention_style(ws: Worksheet, block: Block) -> None:
    """The attention list's header two lines high (its helper column's header blank), its links in link style."""
    ws.row_dimensions[block.header_row].height = HEADER_HEIGHT
    helper = ws.cell(block.header_row, block.first_col + block.index("position"))
    helper.fill, helper.border = PatternFill(), Border()
    link = block.letter("link")
    for r in range(block.first_row, block.last_row + 1):
        ws[f"{link}{r}"].font = LINK_FONT


def paint(series: Series | DataPoint, meaning: str | None) -> None:
    """A series in its meaning's palette colour, or invisible (None: the funnel's padding)."""
    if meaning is None:
        series.graphicalProperties = GraphicalProperties(noFill=True)
        series.graphicalProperties.line = LineProperties(noFill=True)
        return
    colour = C.PALETTE[meaning]
    series.graphicalProperties = GraphicalProperties(solidFill=colour)
    series.graphicalProperties.line = LineProperties(solidFill=colour)


def paint_points(series: Series, meanings: list[str]) -> None:
    """Each bar of a one-series chart in its own meaning's colour."""
    series.dPt = []
    for index, meaning in enumerate(meanings):
        point = DataPoint(idx=index)
        paint(point, meaning)
        series.dPt.append(point)


def label_values(series: Series) -> None:
    """Each bar's value written at its end."""
    series.dLbls = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False)
    series.dLbls.position = "outEnd"


def _text(size: int, bold: bool = False) -> RichText:
    """Chart text in the workbook's font family (charts do not inherit the cells' font)."""
    properties = CharacterProperties(sz=size * 100, b=bold, latin=DrawingFont(typeface=C.FONT_NAME),
                                     ea=DrawingFont(typeface=C.FONT_NAME))
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])


def finish(chart: ChartBase, title: str) -> None:
    """The title and every text of a chart in the workbook's font family."""
    chart.title = title
    chart.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=CharacterProperties(
        sz=1200, b=True, latin=DrawingFont(typeface=C.FONT_NAME), ea=DrawingFont(typeface=C.FONT_NAME)))
    chart.txPr = _text(9)
    chart.style = 2


def centred_funnel(ws: Worksheet, names: Reference, values: Reference, padding: Reference, title: str,
                   meaning: str = "open") -> BarChart:
    """A funnel: horizontal stacked bars, each centred by an invisible padding series ((largest − value) / 2)
    in front of it, the first stage at the top."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 30
    chart.add_data(padding, titles_from_data=False)
    chart.add_data(values, titles_from_data=False)
    chart.set_categories(names)
    pad, bars = chart.series
    paint(pad, None)
    paint(bars, meaning)
    bars.dLbls = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False)
    bars.dLbls.position = "ctr"
    bars.dLbls.txPr = _bold_white()
    chart.x_axis.scaling.orientation = "maxMin"  # the first stage at the top
    chart.y_axis.delete = True  # the widths speak; a value axis would count the padding
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.legend = None
    finish(chart, title)
    return chart


def _bold_white() -> RichText:
    properties = CharacterProperties(sz=900, b=True, solidFill="FFFFFF", latin=DrawingFont(typeface=C.FONT_NAME),
                                     ea=DrawingFont(typeface=C.FONT_NAME))
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])


def bars(ws: Worksheet, names: Reference, series: list[tuple[Reference, str]], title: str,
         horizontal: bool = False) -> BarChart:
    """Clustered bars or columns, one series per (values with their header cell, meaning)."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.gapWidth = 60
    for values, meaning in series:
        chart.add_data(values, titles_from_data=True)
        paint(chart.series[-1], meaning)
    chart.set_categories(names)
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first row at the top
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.legend.position = "b"
    finish(chart, title)
    return chart
