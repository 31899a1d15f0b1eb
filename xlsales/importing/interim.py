"""Stand-in descriptions of the quota weekly-tracking table and the accounts customer-list table.

Until xlsales/quota/layout.py and xlsales/accounts/layout.py describe these tables as `xlsales.layout.Table`s,
the importer builds them here from what exists: the input columns are the current column specs
(xlsales.quota.vocab.WEEKLY_COLUMNS, xlsales.accounts.columns.CUSTOMER_COLUMNS), and each calculated
column's formula is the one the current template writes into the table's first body row, moved to row r
(its row references are row-relative: $A2 becomes $A{r}). tests/test_import_targets.py pins the moved
formulas to the template's own rows.

THE one place to re-point after those layouts land: make SHEET_WEEKLY / SHEET_CUSTOMERS their sheet names
and `quota_weekly` / `accounts_customers` return their Tables, then delete the rest of this module.
"""

import re
from functools import cache
from xml.sax.saxutils import unescape

from xlsales.accounts import layout as AL
from xlsales.accounts.columns import CUSTOMER_COLUMNS
from xlsales.i18n import Lang, Text
from xlsales.layout import Col, RowFormula, Table
from xlsales.problems import column_letter
from xlsales.quota import layout as QL
from xlsales.quota.vocab import WEEKLY_COLUMNS
from xlsales.table import Column

SHEET_WEEKLY, SHEET_CUSTOMERS = QL.SHEET_TRACKING, AL.SHEET_CUSTOMERS
FIRST_ROW = 2  # both tables' header is row 1
_ROW_RELATIVE = re.compile(r"(\$[A-Z]{1,3})(\d+)(?![\d$])")


@cache
def _template_formulas(template: str, sheet: str, lang: Lang) -> dict[str, str]:
    """Column letter -> the formula (without "=") the template holds in the first body row of `sheet`."""
    from xlsales.sharing.xlsxrows import Package  # the template build is only needed when a stand-in is used
    from xlsales.templates.build import workbook_bytes
    from xlsales.templates.registry import TEMPLATES
    package = Package(workbook_bytes(TEMPLATES[template], lang))
    xml = package.text(package.sheet_part(sheet))
    found = re.search(rf'<row r="{FIRST_ROW}"[^>]*>(.*?)</row>', xml, re.DOTALL)
    cells = re.findall(r'<c r="([A-Z]+)\d+"[^>]*>\s*<f>(.*?)</f>', found.group(1) if found else "", re.DOTALL)
    return {letter: unescape(text, {"&quot;": '"', "&apos;": "'"}) for letter, text in cells}


def _moved(template: str, sheet: Text, letter: str) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        first = _template_formulas(template, sheet(lang), lang)[letter]
        return _ROW_RELATIVE.sub(lambda m: f"{m[1]}{r}" if int(m[2]) == FIRST_ROW else m[0], first)
    return formula


def _table(name: str, inputs: list[Column], computed: dict[str, Text], template: str, sheet: Text) -> Table:
    letters = {key: column_letter(i) for i, key in enumerate([c.key for c in inputs] + list(computed))}
    return Table(name, "A1", tuple(Col(c.key, c.label, read=c) for c in inputs)
                 + tuple(Col(key, label, formula=_moved(template, sheet, letters[key])) for key, label in computed.items()))


@cache
def quota_weekly() -> Table:
    return _table(QL.TABLE_WEEKLY, WEEKLY_COLUMNS, QL.WEEKLY_COMPUTED, "quota", SHEET_WEEKLY)


@cache
def accounts_customers() -> Table:
    from xlsales.templates.accounts import CUSTOMER_CALC  # the calculated columns' headers live in the template
    return _table(AL.TABLE_CUSTOMERS, CUSTOMER_COLUMNS, CUSTOMER_CALC, "accounts", SHEET_CUSTOMERS)
