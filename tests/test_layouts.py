"""Every workbook's description (xlsales/<capability>/layout.py) is sound: calculated columns are row-relative
(Excel copies a table's calculated-column formula into every new row, moving only relative references), and
every table's headers are unique text."""

import importlib
import pkgutil

import pytest
from openpyxl.formula.translate import Translator

import xlsales
from xlsales.layout import Sheet, Table

LAYOUTS = sorted(f"xlsales.{m.name}.layout" for m in pkgutil.iter_modules(xlsales.__path__)
                 if m.ispkg and importlib.util.find_spec(f"xlsales.{m.name}.layout") is not None)


def _tables() -> list[tuple[str, Table]]:
    found: dict[str, tuple[str, Table]] = {}
    for name in LAYOUTS:
        module = importlib.import_module(name)
        for value in vars(module).values():
            tables = [value] if isinstance(value, Table) else list(value.tables) if isinstance(value, Sheet) else []
            for table in tables:
                found[table.name] = (name, table)
    return sorted(found.values(), key=lambda t: t[1].name)


TABLES = _tables()


def test_every_capability_is_described():
    assert "xlsales.funnel.layout" in LAYOUTS and len(TABLES) >= 3


@pytest.mark.parametrize("module, table", TABLES, ids=[t.name for _, t in TABLES])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_calculated_columns_are_row_relative(module, table, lang):
    first = table.first_row
    for column in table.calculated():
        here = "=" + column.formula(lang, first)
        moved = Translator(here, origin=f"A{first}").translate_formula(f"A{first + 7}")
        assert moved == "=" + column.formula(lang, first + 7), (module, table.name, column.key)


@pytest.mark.parametrize("module, table", TABLES, ids=[t.name for _, t in TABLES])
def test_table_headers_are_unique_text(module, table):
    for lang in ("zh-CN", "en"):
        headers = table.headers(lang)
        assert len(set(headers)) == len(headers) and all(isinstance(h, str) and h for h in headers)
