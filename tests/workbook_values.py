"""Reading a recalculated workbook's values by the keys its description (xlsales.layout) gives them, so no test
types a cell address the description knows."""

from typing import Any, Callable

import pandas as pd

from xlsales.i18n import Lang
from xlsales.layout import Sheet, Table, split_address


def sheet(wb: Any, description: Sheet, lang: Lang) -> Any:
    return wb[description.name(lang)]


def cell(wb: Any, description: Sheet, lang: Lang) -> Callable[[str], Any]:
    """key -> the value of that labelled cell."""
    ws = sheet(wb, description, lang)
    return lambda key: ws[description.address(key)].value


def block_rows(wb: Any, description: Sheet, block: str, lang: Lang) -> list[dict[str, Any]]:
    """Every row of a block, as {column key: value}."""
    ws, found = sheet(wb, description, lang), description.block(block)
    return [{c.key: ws.cell(r, found.first_col + i).value for i, c in enumerate(found.columns)}
            for r in range(found.first_row, found.last_row + 1)]


def table_frame(wb: Any, description: Sheet, table: Table, lang: Lang) -> pd.DataFrame:
    """The table's body rows that hold any input, one column per key."""
    ws = sheet(wb, description, lang)
    inputs = [i for i, c in enumerate(table.columns) if c.read is not None]
    rows = []
    for values in ws.iter_rows(min_row=table.first_row, min_col=table.first_col,
                               max_col=table.first_col + len(table.columns) - 1, values_only=True):
        if any(values[i] not in (None, "") for i in inputs):
            rows.append(values)
    return pd.DataFrame(rows, columns=[c.key for c in table.columns])


class Recalculated:
    """Sheets of a recalculated file read once as rows, looked up like an openpyxl workbook (wb[name][address],
    ws.cell(row, column)): openpyxl's read-only mode is slow to address cell by cell on big sheets."""

    def __init__(self, path: Any, names: list[str]):
        from openpyxl import load_workbook

        wb = load_workbook(path, data_only=True, read_only=True)
        try:
            self.sheets = {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in names}
        finally:
            wb.close()

    def __getitem__(self, name: str) -> "_Rows":
        return _Rows(self.sheets[name])


class _Value:
    def __init__(self, value: Any):
        self.value = value


class _Rows:
    def __init__(self, rows: list[list[Any]]):
        self.rows = rows

    def cell(self, row: int, column: int) -> _Value:
        line = self.rows[row - 1] if row <= len(self.rows) else []
        return _Value(line[column - 1] if column <= len(line) else None)

    def __getitem__(self, address: str) -> _Value:
        row, column = split_address(address)
        return self.cell(row, column)
