"""The importer's targets are the tables the layouts describe, and the templates hold exactly those tables: the import
writes a row by the description, so a template whose table had other columns would get values in the wrong ones."""

import pytest

from xlsales.importing.targets import TARGETS
from xlsales.sharing.xlsxrows import Package, table_headers
from xlsales.templates.build import workbook_bytes
from xlsales.templates.registry import TEMPLATES


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("name", list(TARGETS))
def test_each_targets_template_holds_its_table_as_described(name, lang):
    target = TARGETS[name]
    package = Package(workbook_bytes(TEMPLATES[target.template], lang))
    assert table_headers(package, target.sheet(lang), target.table.name) == target.table.headers(lang)
    assert target.table.calculated()  # the import writes the calculated columns' formulas too


def test_every_synonym_names_a_column_of_its_table():
    for target in TARGETS.values():
        assert [c.key for c in target.table.columns if c.read is not None] == target.columns()
        assert set(target.synonyms) - set(target.columns()) <= {"name"}  # the funnel reads a deal's name for its ID
        assert set(target.values) | target.money <= set(target.columns())
