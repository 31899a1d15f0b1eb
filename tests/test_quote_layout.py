"""The quote workbook's description itself: formulas Excel can fill into new rows, nothing a table row can take with
it, and the addresses the scripts, check and tests rely on."""

import pytest
from openpyxl.formula.translate import Translator

from xlsales.quote import layout as L
from xlsales.quote.vocab import DETAIL_COLUMNS, LINE_COLUMNS, PRICE_COLUMNS, REVISION_COLUMNS

CALCULATED = [(table, column.key) for table in L.TABLES for column in table.calculated()]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("table, key", CALCULATED, ids=[f"{t.name}.{k}" for t, k in CALCULATED])
def test_a_calculated_column_is_one_formula_in_every_row(table, key, lang):
    """Excel fills a calculated column into each new row by moving the first row's relative references: a row's
    formula must be exactly that (no row number or place written into it)."""
    formula = table.col(key).formula
    first = table.first_row
    for row in (first + 1, first + 37, first + 4999):
        moved = Translator("=" + formula(lang, first), origin=f"A{first}").translate_formula(f"A{row}")
        assert moved == "=" + formula(lang, row), (key, row)


def test_every_input_column_is_described_once_with_its_reader():
    assert [c.read for c in L.PRICES.columns if c.read] == PRICE_COLUMNS
    assert [c.read for c in L.LINES.columns if c.read] == LINE_COLUMNS
    assert [c.read for c in L.REVISIONS.columns if c.read] == REVISION_COLUMNS
    assert [c.key for c in L.DETAILS_SHEET.cells[:len(DETAIL_COLUMNS)]] == [c.key for c in DETAIL_COLUMNS]


def test_figures_live_where_no_table_row_can_take_them():
    """Deleting a quote line's sheet row, or a table growing down, must never take a figure or a note with it: the key
    figures and the reduction plan live on the details sheet, which has no table."""
    assert L.LINES_SHEET.cells == () and L.LINES_SHEET.blocks == () and L.DETAILS_SHEET.tables == ()
    def span(thing):
        return thing.first_col, thing.first_col + max(len(thing.columns), 1) - 1

    for sheet in L.SHEETS:
        for table in sheet.tables:
            left, right = span(table)
            for other in [t for t in sheet.tables if t is not table] + list(sheet.blocks):  # a column clear of it
                assert span(other)[0] > right + 1 or span(other)[1] < left - 1, (sheet.key, table.name)


def test_the_quotation_fits_its_print_area():
    block = L.QUOTATION_BLOCK
    assert block.rows == L.QUOTATION_LINES
    printed = {c.key for c in L.QUOTATION.cells} - set(L.INTERNAL)
    assert all(L.QUOTATION.cell(k).row <= L.QUOTATION_LAST_ROW and L.QUOTATION.cell(k).col <= 10 for k in printed)
    assert all(L.QUOTATION.cell(k).col > 10 for k in L.INTERNAL)  # notes for the rep stay off the page
    assert L.QUOTATION.cell("more").row == block.last_row + 1 < L.TOTALS_ROW
