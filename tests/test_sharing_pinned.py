"""A table's body formats pinned (xlsales.sharing.pinned) so its rows are written apart from the workbook: every
cell of every sheet keeps its format, and rows written that way are the rows fill_table writes."""

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.table import Table as ExcelTable

from tests.sharing_cases import rep_files
from xlsales.sharing.reading import read_source
from xlsales.sharing.rollup import combine
from xlsales.funnel import layout as FL
from xlsales.sharing.pinned import PinnedStyles, pin_table_styles
from xlsales.sharing.teambook import team_workbook
from xlsales.sharing import xlsxrows
from xlsales.sharing.xlsxrows import (STYLES, Package, cell_xfs, deflate_rows, fill_table, put_rows, quote_prefixed,
                                      render_values, table_body_styles)

MONEY, DAY = "#,##0", "yyyy-mm-dd"
COLUMNS = [("text", ["a", "=HYPERLINK(1)", None, " x"]), ("number", [1.5, None, 3.0, float("nan")]),
           ("date", [dt.date(2026, 1, 2), None, dt.date(2026, 3, 4), None]), ("bool", [True, False, None, True]),
           ("text", ["-1", "b", "", "c"])]


def _template() -> bytes:
    """A table B2:F3 (text, money, date, bool, text) beside styled cells, rows and columns, and a second sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "T"
    ws["A1"], ws["A1"].font = "title", Font(bold=True, sz=14)
    ws.append([None, "Name", "Amount", "Day", "Flag", "Note"])
    ws.append([None, None, None, None, None, None])
    for letter, number_format in (("C", MONEY), ("D", DAY), ("E", MONEY)):
        ws[f"{letter}3"].number_format = number_format
    ws.column_dimensions["H"].number_format = "0.0%"
    ws.row_dimensions[9].number_format = "0.000"
    ws["H9"], ws["H9"].number_format = 0.25, "0.0%"
    ws.add_table(ExcelTable(displayName="Data", ref="B2:F3"))
    other = wb.create_sheet("Other")
    other["A1"], other["A1"].number_format, other["A1"].font = 1234.5, "#,##0.00", Font(italic=True)
    other["B2"], other["B2"].number_format = dt.date(2026, 5, 6), DAY
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


PINNED = PinnedStyles(2, (0, 1, 2, 1, 0))  # the table's columns: text, money, date, bool (money), text


def _formats(data: bytes) -> dict[tuple[str, str], tuple[str, bool, bool, float | None]]:
    wb = load_workbook(io.BytesIO(data))
    return {(ws.title, cell.coordinate): (cell.number_format, cell.font.b, cell.font.i, cell.font.sz)
            for ws in wb.worksheets for row in ws.iter_rows() for cell in row}


def test_pinning_keeps_every_cell_s_format_and_puts_the_table_s_first():
    package = Package(_template())
    pin_table_styles(package, "T", "Data", PINNED)
    pinned = package.to_bytes()
    assert _formats(pinned) == _formats(_template())
    ws = load_workbook(io.BytesIO(pinned))["T"]
    assert ws.column_dimensions["H"].number_format == "0.0%" and ws.row_dimensions[9].number_format == "0.000"
    before, after = cell_xfs(Package(_template()).text(STYLES)), cell_xfs(package.text(STYLES))
    first_row = table_body_styles(Package(_template()), "T", "Data")[2]  # column -> format, before pinning
    assert after[1:4] == [before[int(first_row.get(column, 0))] for column in (2, 3, 4)]  # text, money, date
    assert after[4:7] == [quote_prefixed(xf) for xf in after[1:4]] and after[7:] == before[1:]


def test_columns_of_one_group_must_have_one_format():
    with pytest.raises(ValueError, match="different formats"):
        pin_table_styles(Package(_template()), "T", "Data", PinnedStyles(2, (0, 1, 1, 1, 0)))  # money and date
    with pytest.raises(ValueError, match="not where"):
        pin_table_styles(Package(_template()), "T", "Data", PinnedStyles(1, (0, 1, 2, 1, 0)))


def _cells(data: bytes) -> list[tuple[object, ...]]:
    ws = load_workbook(io.BytesIO(data))["T"]
    return [(c.coordinate, c.value, c.number_format, c.quotePrefix, c.data_type) for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("slice_rows", [xlsxrows.STREAMED_ROWS, 1], ids=["one slice", "a slice a row"])
def test_rows_written_apart_are_the_rows_fill_table_writes(slice_rows, monkeypatch):
    """Whatever the rows are joined and deflated in (10,000 at a time for a team's 100,000 deals)."""
    monkeypatch.setattr(xlsxrows, "STREAMED_ROWS", slice_rows)
    filled = Package(_template())
    fill_table(filled, "T", "Data", COLUMNS)
    package = Package(_template())
    pin_table_styles(package, "T", "Data", PINNED)
    rows = render_values(COLUMNS, PINNED.first_col, 3, PINNED.styles(), PINNED.quoted)
    put_rows(package, "T", "Data", rows, deflate_rows(rows, 1), PINNED.first_col, PINNED.width, 1)
    written = package.to_bytes(1)
    assert _cells(written) == _cells(filled.to_bytes())
    ws = load_workbook(io.BytesIO(written))["T"]
    assert ws["B4"].quotePrefix and ws["F3"].quotePrefix and not ws["B3"].quotePrefix  # "=HYPERLINK(1)", "-1"
    row = zipfile.ZipFile(io.BytesIO(written)).read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r'<c r="[B-F]3" s="(\d+)"', row) == ["1", "2", "3", "2", "4"]  # "-1": text with the prefix
    assert ws.tables["Data"].ref == "B2:F6"


def test_rows_are_rendered_for_the_table_they_go_into():
    package = Package(_template())
    pin_table_styles(package, "T", "Data", PINNED)
    rows = render_values(COLUMNS[:4], PINNED.first_col, 3, PINNED.styles(), PINNED.quoted)
    with pytest.raises(ValueError, match="not where"):
        put_rows(package, "T", "Data", rows, deflate_rows(rows, 1), PINNED.first_col, 4, 1)
    with pytest.raises(ValueError, match="formula"):
        render_values([("formula", ["=1"])], 2, 3, {}, str)


def test_the_team_workbook_s_deals_have_the_template_s_formats(tmp_path):
    rollup = combine([read_source(p.name, p.read_bytes()) for p in rep_files(tmp_path / "reps")], "zh-CN",
                     dt.date(2026, 11, 23))
    wb = load_workbook(io.BytesIO(team_workbook(rollup, dt.datetime(2026, 11, 23, 8))))
    stages = wb[FL.SHEET_STAGES.zh]  # the stages' own calculated column stays a formula, their names are text
    column = FL.STAGES.first_col + FL.STAGES.index("problems")
    assert all(stages.cell(row, column).data_type == "f" for row in range(FL.STAGES.first_row, 1 + len(rollup.stages)))
    assert all(stages.cell(row, FL.STAGES.first_col + FL.STAGES.index("stage")).data_type == "s"
               for row in range(FL.STAGES.first_row, 1 + len(rollup.stages)))
    ws = wb[FL.SHEET_DEALS.zh]
    assert ws.max_row == len(rollup.deals) + 1
    for i, column in enumerate(FL.DEALS.columns):
        for row in (2, ws.max_row):
            cell = ws.cell(row, FL.DEALS.first_col + i)
            assert cell.number_format == (column.number_format or "General"), (column.key, row)
            assert cell.font.name == "DengXian", column.key
    assert ws.cell(2, FL.DEALS.first_col + FL.DEALS.index("created")).value == dt.datetime.combine(
        rollup.deals["created"].iloc[0].date(), dt.time())
