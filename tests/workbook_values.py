"""Reading a recalculated workbook's values by the keys its description (xlsales.layout) gives them, so no test
types a cell address the description knows."""

from typing import Any, Callable, Iterator

import pandas as pd

from xlsales.i18n import Lang
from xlsales.layout import Sheet, Table, split_address
from xlsales.sheets import TableExtent


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


def table_body(wb: Any, description: Sheet, table: Table, lang: Lang,
               last_row: int | None = None) -> dict[int, dict[str, Any]]:
    """The table's body rows that hold any input, by sheet row: {column key: value}; to `last_row` (where the file
    says the table ends, leaving out rows typed below it) or the sheet's end."""
    ws = sheet(wb, description, lang)
    inputs = [i for i, c in enumerate(table.columns) if c.read is not None]
    rows = {}
    for r, values in enumerate(ws.iter_rows(min_row=table.first_row, max_row=last_row, min_col=table.first_col,
                                            max_col=table.first_col + len(table.columns) - 1, values_only=True),
                               start=table.first_row):
        if any(values[i] not in (None, "") for i in inputs):
            rows[r] = {c.key: v for c, v in zip(table.columns, values)}
    return rows


def table_frame(wb: Any, description: Sheet, table: Table, lang: Lang) -> pd.DataFrame:
    """The table's body rows that hold any input, one column per key."""
    return pd.DataFrame(list(table_body(wb, description, table, lang).values()), columns=[c.key for c in table.columns])


def values_by_sheet(wb: Any) -> dict[str, list[list[Any]]]:
    """Every cell value of an openpyxl workbook, by sheet, rows from A1 (what `check` reads; what a script must not
    lose)."""
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def table_extents(wb: Any) -> dict[str, TableExtent]:
    """Where each Excel table of an openpyxl workbook is, as xlsales.book.read_tables reads a saved file."""
    extents = {}
    for ws in wb.worksheets:
        for table in ws.tables.values():
            first, last = table.ref.replace("$", "").split(":")
            (top, left), (bottom, right) = split_address(first), split_address(last)
            extents[table.displayName] = TableExtent(ws.title, top, bottom, left, right)
    return extents


class Recalculated:
    """Sheets of a recalculated file read once as rows (by name, from A1), looked up like an openpyxl workbook
    (wb[name][address], ws.cell(row, column), ws.iter_rows(...)): openpyxl's read-only mode is slow to address cell
    by cell on big sheets. Recalculated(xlsales.book.read_sheets(path)) reads every sheet with calamine;
    Recalculated.read(path, names) the named ones with openpyxl."""

    def __init__(self, sheets: dict[str, list[list[Any]]]):
        self.sheets = sheets

    @classmethod
    def read(cls, path: Any, names: list[str]) -> "Recalculated":
        from openpyxl import load_workbook

        wb = load_workbook(path, data_only=True, read_only=True)
        try:
            return cls({name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in names})
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

    def iter_rows(self, min_row: int, min_col: int, max_col: int, max_row: int | None = None,
                  values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        for r in range(min_row, (len(self.rows) if max_row is None else max_row) + 1):
            yield tuple(self.cell(r, c).value for c in range(min_col, max_col + 1))
