"""Finding a workbook's sheets by either of their names, in cell values read as {sheet name: rows from A1}."""

from typing import Any

from xlsales.i18n import Text
from xlsales.problems import Problem

Sheets = dict[str, list[list[Any]]]


def sheet_rows(sheets: Sheets, name: Text) -> tuple[str, list[list[Any]]] | None:
    """The sheet's rows under either of its names, with the name found."""
    for candidate in (name.zh, name.en):
        if candidate in sheets:
            return candidate, sheets[candidate]
    return None


def missing_sheet(name: Text) -> Problem:
    return Problem(name.zh, "", f"缺少工作表「{name.zh}」", f"missing sheet '{name.en}'")
