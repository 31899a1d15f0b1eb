"""Rows added to an Excel table at XML level (xlsales.sharing.xlsxrows) as the import needs them: below the table's
existing rows, cells beside the table kept, text kept in a number or date column."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.table import Table as ExcelTable
from python_calamine import CalamineWorkbook

from xlsales.i18n import Text
from xlsales.layout import Col
from xlsales.layout import Table
from xlsales.sharing import xlsxrows
from xlsales.sharing.xlsxrows import Package, fill_described, last_filled_row, table_extent, table_headers
from xlsales.table import Column

AMOUNT = Column("amount", Text("金额", "Amount"), "number")
DAY = Column("day", Text("日期", "Day"), "date")
NAME = Column("name", Text("名称", "Name"))
TABLE = Table("Data", "A1", (Col("name", NAME.label, read=NAME), Col("amount", AMOUNT.label, read=AMOUNT),
                             Col("day", DAY.label, read=DAY),
                             Col("double", Text("双倍", "Double"), formula=lambda lang, r: f"IF(ISNUMBER($B{r}),$B{r}*2,\"\")")))


def _workbook(rows: list[list[object]], body: int = 4) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "T"
    ws.append(["Name", "Amount", "Day", "Double", None, "Note"])
    for r in range(body):
        values = rows[r] if r < len(rows) else [None, None, None]
        ws.append(list(values) + [f"=IF(ISNUMBER($B{r + 2}),$B{r + 2}*2,\"\")", None, f"beside {r + 2}"])
        ws.cell(r + 2, 3).number_format = "yyyy-mm-dd"  # new rows take the first body row's styles
    ws.add_table(ExcelTable(displayName="Data", ref=f"A1:D{body + 1}"))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _values(package: Package) -> list[list[object]]:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(package.to_bytes())).get_sheet_by_name("T").to_python()
    return [list(r) for r in rows]


def test_rows_go_below_the_existing_ones_and_cells_beside_the_table_stay():
    package = Package(_workbook([["a", 1, None], ["b", 2, None]]))
    assert last_filled_row(package, "T", TABLE) == 3
    fill_described(package, "T", TABLE, "en", {"name": ["c", "d", "e"], "amount": [3.0, None, 5.0],
                                               "day": [dt.date(2026, 11, 23), None, None]}, first_row=4)
    rows = _values(package)
    assert [r[:3] for r in rows[1:]] == [["a", 1, ""], ["b", 2, ""], ["c", 3, dt.date(2026, 11, 23)],
                                         ["d", "", ""], ["e", 5, ""]]
    assert [r[5] for r in rows[1:]] == ["beside 2", "beside 3", "beside 4", "beside 5", ""]
    extent = table_extent(package, "T", "Data")
    assert (extent.first_row, extent.last_row, extent.first_col, extent.last_col) == (1, 6, 1, 4)
    sheet = package.text(package.sheet_part("T"))
    assert '<f t="shared" ref="D4:D6" si="0">IF(ISNUMBER($B4),$B4*2,"")</f>' in sheet  # the formula of its first row
    assert last_filled_row(package, "T", TABLE) == 6
    assert table_headers(package, "T", "Data") == ["Name", "Amount", "Day", "Double"]


def test_text_in_a_number_or_date_column_is_kept_as_text():
    package = Package(_workbook([]))
    fill_described(package, "T", TABLE, "en", {"name": ["x", "y"], "amount": [1.5, "1,2,3"],
                                               "day": ["soon", dt.date(2026, 1, 2)]})
    rows = _values(package)
    assert rows[1][:3] == ["x", 1.5, "soon"] and rows[2][:3] == ["y", "1,2,3", dt.date(2026, 1, 2)]


def test_a_shared_formula_that_later_rows_still_use_is_not_cut_off():
    package = Package(_workbook([["a", 1, None]], body=3))
    part = package.sheet_part("T")
    xml = package.text(part)
    for r in (2, 3, 4):  # as Excel saves a filled-down column: the first cell holds it, the others point at it
        old = f'<f>IF(ISNUMBER($B{r}),$B{r}*2,"")</f>'
        new = '<f t="shared" ref="D2:D4" si="0">IF(ISNUMBER($B2),$B2*2,"")</f>' if r == 2 else '<f t="shared" si="0"/>'
        assert old in xml
        xml = xml.replace(old, new)
    package.put(part, xml)
    fill_described(package, "T", TABLE, "en", {"name": ["b"]}, first_row=3)  # keeps row 2's master: fine
    with pytest.raises(ValueError, match="shares the formula of a cell that would be replaced"):
        fill_described(package, "T", TABLE, "en", {"name": ["z"]}, first_row=2)


def test_each_value_is_written_as_a_cell_holds_it():
    """Blanks as empty cells; text as typed (spaces kept, XML and _xHHHH_ escaped, formula-like text with the
    quote-prefix style); numbers as numbers, what Excel cannot hold left blank. Distinct values are rendered once
    and plain texts in one pass (xlsxrows._segments): the same bytes either way."""
    texts = [None, "", " x", "=a", "_x0041_", "a&b", "-1", "R1", "R1", float("nan")]
    assert xlsxrows._segments(lambda style: "Q", "text", texts, "5", "</row>") == [
        b'" s="5"/></row>', b'" s="5" t="inlineStr"><is><t></t></is></c></row>',
        b'" s="5" t="inlineStr"><is><t xml:space="preserve"> x</t></is></c></row>',
        b'" s="Q" t="inlineStr"><is><t>=a</t></is></c></row>',
        b'" s="5" t="inlineStr"><is><t>_x005F_x0041_</t></is></c></row>',
        b'" s="5" t="inlineStr"><is><t>a&amp;b</t></is></c></row>',
        b'" s="Q" t="inlineStr"><is><t>-1</t></is></c></row>',
        b'" s="5" t="inlineStr"><is><t>R1</t></is></c></row>', b'" s="5" t="inlineStr"><is><t>R1</t></is></c></row>',
        b'" s="5"/></row>']
    plain = [f"R{n}" for n in range(1000)]
    assert xlsxrows._segments(str, "text", plain, "", "</row>")[7] == b'" t="inlineStr"><is><t>R7</t></is></c></row>'
    assert xlsxrows._segments(str, "number", [1.0, 2.5, None, float("inf"), 1e20], "", '<c r="B') == [
        b'"><v>1</v></c><c r="B', b'"><v>2.5</v></c><c r="B', b'"/><c r="B', b'"/><c r="B',
        b'"><v>1e+20</v></c><c r="B']
