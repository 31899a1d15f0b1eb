"""The importer's targets: the stand-in quota weekly and accounts customer tables (xlsales.importing.interim) must
write exactly the formulas the current templates hold, in every row."""

import re

import pytest

from xlsales.importing.interim import SHEET_CUSTOMERS, SHEET_WEEKLY
from xlsales.importing.targets import ACCOUNTS_CUSTOMERS, QUOTA_WEEKLY, TARGETS
from xlsales.sharing.xlsxrows import Package, table_extent, table_headers
from xlsales.templates.build import workbook_bytes
from xlsales.templates.registry import TEMPLATES


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("target, sheet", [(QUOTA_WEEKLY, SHEET_WEEKLY), (ACCOUNTS_CUSTOMERS, SHEET_CUSTOMERS)])
def test_stand_in_tables_write_the_templates_own_formulas(target, sheet, lang):
    package = Package(workbook_bytes(TEMPLATES[target.template], lang))
    table = target.table()
    name = sheet(lang)
    assert table_headers(package, name, table.name) == table.headers(lang)
    xml = package.text(package.sheet_part(name))
    last = table_extent(package, name, table.name).last_row
    calculated = table.calculated()
    assert calculated
    for r in (table.first_row, table.first_row + 1, 137, last):
        row = re.search(rf'<row r="{r}"[^>]*>(.*?)</row>', xml, re.DOTALL).group(1)
        for column in calculated:
            cell = re.search(rf'<c r="{table.letter(column.key)}{r}"[^>]*>\s*<f>(.*?)</f>', row, re.DOTALL)
            held = cell.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
            assert column.formula(lang, r) == held, (column.key, r)


def test_every_target_column_spec_is_its_tables_input():
    for target in TARGETS.values():
        table = target.table()
        assert [c.key for c in table.columns if c.read is not None] == target.columns()
        assert set(target.synonyms) - set(target.columns()) <= {"name"}  # the funnel reads a deal's name for its ID
