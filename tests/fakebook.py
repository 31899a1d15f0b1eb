"""A small stand-in for xlwings' Book, backed by an openpyxl workbook, for running scripts in tests.

It implements only what udfs/_book.py uses, with xlwings' value shapes: one cell gives a
scalar, one row or column a list, a block a list of lists.
"""

from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import range_boundaries, get_column_letter


class FakeRange:
    def __init__(self, ws: Any, address: str):
        self.ws = ws
        col0, row0, col1, row1 = range_boundaries(address)
        col1, row1 = col1 or col0, row1 or row0
        # like Excel, a reversed range ("J1:G6") means the same block as G1:J6
        self.bounds = (min(row0, row1), min(col0, col1), max(row0, row1), max(col0, col1))

    @property
    def address(self) -> str:
        r0, c0, r1, c1 = self.bounds
        return f"${get_column_letter(c0)}${r0}:${get_column_letter(c1)}${r1}"

    @property
    def value(self) -> Any:
        r0, c0, r1, c1 = self.bounds
        grid = [[self.ws.cell(r, c).value for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]
        if r0 == r1 and c0 == c1:
            return grid[0][0]
        if r0 == r1:
            return grid[0]
        if c0 == c1:
            return [row[0] for row in grid]
        return grid

    @value.setter
    def value(self, data: Any) -> None:
        r0, c0, _, _ = self.bounds
        block = data if isinstance(data, list) and data and isinstance(data[0], list) else (
            [data] if isinstance(data, list) else [[data]])
        for i, row in enumerate(block):
            for j, v in enumerate(row):
                self.ws.cell(r0 + i, c0 + j).value = v

    def clear_contents(self) -> None:
        r0, c0, r1, c1 = self.bounds
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                self.ws.cell(r, c).value = None


class FakeTable:
    def __init__(self, ws: Any, table: Any):
        self.ws, self.table = ws, table

    def resize(self, range_: FakeRange) -> None:
        self.table.ref = range_.address.replace("$", "")
        if self.table.autoFilter is not None:
            self.table.autoFilter.ref = self.table.ref


class FakeSheet:
    def __init__(self, ws: Any):
        self.ws = ws

    @property
    def name(self) -> str:
        return self.ws.title

    @property
    def used_range(self) -> FakeRange:
        return FakeRange(self.ws, f"A1:{get_column_letter(max(self.ws.max_column, 1))}{max(self.ws.max_row, 1)}")

    def range(self, address: str) -> FakeRange:
        return FakeRange(self.ws, address)

    @property
    def tables(self) -> dict[str, FakeTable]:
        return {name: FakeTable(self.ws, self.ws.tables[name]) for name in self.ws.tables}

    def __getitem__(self, address: str) -> FakeRange:
        return FakeRange(self.ws, address)


class FakeSheets:
    def __init__(self, wb: Workbook):
        self.wb = wb

    def __iter__(self):
        return (FakeSheet(ws) for ws in self.wb.worksheets)

    def __len__(self) -> int:
        return len(self.wb.worksheets)

    def __getitem__(self, key: int | str) -> FakeSheet:
        return FakeSheet(self.wb.worksheets[key] if isinstance(key, int) else self.wb[key])

    def add(self, name: str, before: Any = None, after: Any = None) -> FakeSheet:
        return FakeSheet(self.wb.create_sheet(name))


class FakeBook:
    def __init__(self, wb: Workbook):
        self.wb = wb
        self.sheets = FakeSheets(wb)

    @classmethod
    def open(cls, path: Any) -> "FakeBook":
        return cls(load_workbook(path))
