"""The quota workbook's description (xlsales/quota/layout.py) is sound before anything is built: calculated columns
that Excel can fill into new rows, headers that structured references can name, capacities the blocks hold."""

import re

from openpyxl.formula.translate import Translator

from xlsales.i18n import LANGS
from xlsales.problems import cell_address
from xlsales.quota import layout as L

TABLES = (L.REPS, L.MIX, L.WEEKLY)


def test_calculated_columns_are_row_relative():
    """Excel fills a calculated column into new rows by shifting the first row's formula: every row's formula must be
    exactly that shift (a constant such as the row's index would be the first row's everywhere)."""
    for table in TABLES:
        for column in table.calculated():
            position = table.first_col - 1 + table.index(column.key)
            for lang in LANGS:
                first = cell_address(table.first_row - 1, position)
                later = cell_address(table.first_row + 40, position)
                shifted = Translator("=" + column.formula(lang, table.first_row), origin=first).translate_formula(later)
                assert shifted == "=" + column.formula(lang, table.first_row + 41), (table.name, column.key)


def test_headers_are_safe_in_structured_references():
    """QuotaMix[header] breaks on characters structured references treat specially; headers are unique."""
    for table in TABLES:
        for lang in LANGS:
            headers = table.headers(lang)
            assert len(set(headers)) == len(headers)
            assert not [h for h in headers if re.search(r"[\[\]#'\-/+*=<>^&${}\",:.]", h)], table.name


def test_capacities_are_documented_in_the_blocks():
    assert L.PLAN_REPS.rows == L.MAX_REPS and L.TRACK.rows == L.MAX_REPS * 4 and L.CHART_WEEKS.rows == L.MAX_WEEKS
