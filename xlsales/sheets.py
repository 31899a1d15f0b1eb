"""A workbook's cell values by sheet ({sheet name: rows from A1}), found by either of a sheet's names, and the
rows an Excel table occupies."""

from dataclasses import dataclass
from typing import Any

from xlsales.i18n import Text
from xlsales.layout import Table
from xlsales.problems import Problem

Sheets = dict[str, list[list[Any]]]


@dataclass(frozen=True)
class TableExtent:
    """Where an Excel table is, as the file records it (1-based, header row included)."""

    sheet: str
    first_row: int
    last_row: int
    first_col: int
    last_col: int


def sheet_rows(sheets: Sheets, name: Text) -> tuple[str, list[list[Any]]] | None:
    """The sheet's rows under either of its names, with the name found."""
    for candidate in (name.zh, name.en):
        if candidate in sheets:
            return candidate, sheets[candidate]
    return None


def missing_sheet(name: Text) -> Problem:
    return Problem(name.zh, "", f"缺少工作表「{name.zh}」", f"missing sheet '{name.en}'")


def table_rows(grid: list[list[Any]], table: Table, tables: dict[str, TableExtent] | None) -> list[list[Any]]:
    """The rows `table` occupies, header first. Where the file does not say how far the table reaches (a copy
    saved by a program that drops tables), every row from the header down."""
    extent = (tables or {}).get(table.name)
    last = extent.last_row if extent is not None else len(grid)
    return grid[table.header_row - 1:last]
