"""Comparing what LibreOffice Calc computed through the bridge (tests/lo_bridge.py) with Python's own result."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from tests.lo_bridge import BRIDGE_ERROR, excel_functions, make_profile
from xlsales import libreoffice
from xlsales.i18n import Lang
from xlsales.templates.build import write_workbook
from xlsales.templates.common import TemplateSpec

EXCEL_EPOCH = dt.date(1899, 12, 30)
LIBREOFFICE = [pytest.mark.libreoffice,
               pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]


def recalculated_template(spec: TemplateSpec, lang: Lang, folder: Path, data: Any = None) -> tuple[Path, Any]:
    """The template (filled with `data`, else empty) written to `folder` and recalculated by LibreOffice: the
    recalculated file and its values (openpyxl)."""
    source = write_workbook(spec, lang, folder / f"{spec.name}.xlsx", data)
    result = libreoffice.recalculate(source, folder / "out")
    return result, load_workbook(result, data_only=True)


def spill(sheet, top: int, rows: int, columns: int) -> tuple[str, list[list[Any]]]:
    """The block an array formula at A{top} fills, as a reference and as its cell values."""
    last = sheet.cell(top + rows - 1, columns).coordinate
    return f"A{top}:{last}", [[c.value for c in row] for row in sheet[f"A{top}:{last}"]]


def same_value(got: Any, want: Any) -> bool:
    if want is None or want == "":
        return got in (None, "")
    if isinstance(want, bool):
        return got is want
    if isinstance(want, (int, float)):
        # xlsx keeps 15 significant digits
        return isinstance(got, (int, float)) and got == pytest.approx(want, rel=1e-12, abs=1e-9)
    return got == want


def serial(value: Any) -> Any:
    return float((value - EXCEL_EPOCH).days) if isinstance(value, dt.date) else value


def in_matrix(value: Any) -> Any:
    """A cell value as a spilled result holds it in Calc: a matrix element is a number or a text, so a date
    is its serial number and TRUE/FALSE are 1/0 (a single-cell result keeps its boolean type)."""
    return int(value) if isinstance(value, bool) else serial(value)


def differences(got: list[list[Any]], want: list[list[Any]]) -> list[tuple[int, int, Any, Any]]:
    """(row, column, Calc's value, Python's value) wherever a spilled table differs from the Python result."""
    width = max(len(row) for row in want)
    padded = [row + [None] * (width - len(row)) for row in want]
    return [(i, j, g, w) for i, (got_row, want_row) in enumerate(zip(got, padded))
            for j, (g, w) in enumerate(zip(got_row, want_row)) if not same_value(g, in_matrix(w))]


def assert_every_function_called(module: str, names: list[str], texts: list[str]) -> None:
    """The module's Excel functions are `names` (in source order), and each is called by one of the formulas."""
    found = [f.name.upper() for f in excel_functions(module)]
    assert found == names
    assert [n for n in found if not any(f"={n}(" in t for t in texts)] == []


def assert_calc_equals_python(values: dict[str, Any], expected: dict[str, Any]) -> None:
    """Every cell and spilled table Calc computed through the bridge equals Python's own result (no bridge error)."""
    assert not [v for v in values.values() if isinstance(v, str) and v.startswith(BRIDGE_ERROR)]
    for key, want in expected.items():
        if isinstance(want, list):
            assert len(values[key]) == len(want) and len(values[key][0]) == max(len(row) for row in want), key
            assert differences(values[key], want) == [], key
        else:
            assert same_value(values[key], want), (key, values[key], want)


def compute_in_calc(wb: Workbook, folder: Path, spec: TemplateSpec, sheet_name: str, formulas: dict[str, str],
                    blocks: dict[str, tuple[str, list[list[Any]]]], first_block_row: int) -> tuple[Any, dict]:
    """Add a sheet of `formulas` (cell -> formula) and `blocks` (name -> (formula, Python's table), each entered
    as an array formula sized to the table, one below the other from `first_block_row`), recalculate it in Calc
    through the bridge running `spec`'s main.py, and return the recalculated sheet and each block's values."""
    sheet = wb.create_sheet(sheet_name)
    for cell, formula in formulas.items():
        sheet[cell] = formula
    spills, top = {}, first_block_row
    for name, (formula, table) in blocks.items():
        assert isinstance(table, list), table  # the Python call itself must succeed
        spills[name] = (top, len(table), max(len(row) for row in table))
        ref, _ = spill(sheet, *spills[name])
        sheet[f"A{top}"] = ArrayFormula(ref, formula)
        top += len(table) + 1
    with_functions = folder / "with-functions.xlsx"
    wb.save(with_functions)
    result = libreoffice.recalculate(with_functions, folder / "out", profile=make_profile(folder / "bridge", spec))
    log = folder / "bridge" / "bridge.log"
    assert not log.exists(), log.read_text(encoding="utf-8")
    ws = load_workbook(result, data_only=True)[sheet_name]
    return ws, {name: spill(ws, *where)[1] for name, where in spills.items()}
