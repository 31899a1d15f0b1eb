"""Small hand-computed review sessions used by several test modules (figures worked out in test_review_scoring.py),
and lookups by the workbook's description (xlsales/review/layout.py) so no test types a grid address."""

import datetime as dt
from typing import Any

from tests.fakebook import FakeBook, FakeRange, FakeSheet, FakeSheets
from xlsales.layout import split_address
from xlsales.problems import column_letter
from xlsales.review import layout as L
from xlsales.review.session import Session, parse_session
from xlsales.review.session import sheet_rows as session_sheet_rows

G = L.GRID
SHEET = "过堂评分"
DATE = dt.date(2026, 11, 23)
# seed 001's scoring table: 人员 | 73要素(60分) | 逻辑与思路(20分) | 形态与展示(20分)
SEED_TABLE = [["汇报人", "73要素", "逻辑与思路", "形态与展示"],
              ["小王", 30, 10, 15], ["小李", 40, 15, 15], ["小张", 45, 15, 15]]
CHECKPOINTS = [[1, "我方优势", "q1"], [2, "我方优势", "q2"], [3, "预算", "q3"]]
# (rep, listener): ratings on the three checkpoints, logic, presentation.
# A|B is blank on purpose: B did not score A. B|Y left q2 blank.
COLUMNS: dict[tuple[str, str], tuple[list[Any], Any, Any]] = {
    ("A", "X"): (["C", "F", "W"], 12, 14),
    ("A", "Y"): (["清楚", "clear", "模糊"], 16, 18),
    ("A", "B"): ([None, None, None], None, None),
    ("B", "X"): (["c", "Clear", "C"], 18, 16),
    ("B", "Y"): (["F", None, "C"], 14, 15),
    ("B", "A"): (["W", "不知道", "F"], 10, 11),
}


def put(rows: list[list[Any]], address: str, value: Any) -> None:
    """Type `value` into a sheet held as rows from A1."""
    row, col = split_address(address)
    while len(rows) < row:
        rows.append([])
    line = rows[row - 1]
    line += [None] * (col - len(line))
    line[col - 1] = value


def rating_cell(i: int, n: int) -> str:
    """The i-th (0-based) grid column's cell of the n-th (0-based) checkpoint."""
    return f"{G.letter(i)}{G.first_element_row + n}"


def grid_index(letter: str) -> int:
    """Which grid column (0-based) a letter is."""
    return [G.letter(j) for j in range(G.columns)].index(letter)


def sheet_rows(columns: dict[tuple[str, str], tuple[list[Any], Any, Any]] = COLUMNS,
               checkpoints: list[list[Any]] = CHECKPOINTS, listeners: tuple[str, ...] = ("X", "Y", "A", "B"),
               reps: tuple[str, ...] = ("A", "B"), date: Any = DATE) -> list[list[Any]]:
    """A session sheet from A1 with the given ratings typed into the grid open_review_session lays out."""
    rows = session_sheet_rows("zh-CN", date, L.OPEN, list(listeners), list(reps), checkpoints)
    for (rep, listener), (ratings, logic, presentation) in columns.items():
        i = column_index(rows, rep, listener)
        put(rows, G.cell("logic", i), logic)
        put(rows, G.cell("presentation", i), presentation)
        for n, rating in enumerate(ratings):
            put(rows, rating_cell(i, n), rating)
    return rows


def session(rows: list[list[Any]] | None = None, listed: list[str] | None = None) -> Session:
    return parse_session(rows if rows is not None else sheet_rows(), SHEET, listed)


def column_index(rows: list[list[Any]], rep: str, listener: str) -> int:
    """Which grid column (0-based) is (rep, listener) in `rows`."""
    first = G.first_col - 1
    names = list(zip(rows[G.row("rep") - 1][first:], rows[G.row("listener") - 1][first:]))
    return names.index((rep, listener))


def column_of(rows: list[list[Any]], rep: str, listener: str) -> str:
    """Letter of the (rep, listener) column in `rows`."""
    return column_letter(G.first_col - 1 + column_index(rows, rep, listener))


class _ExcelRange(FakeRange):
    """Excel's rule for a written text that starts with an apostrophe: the cell holds the rest, as text (and so does
    the file openpyxl saves)."""

    @property
    def value(self) -> Any:
        return FakeRange.value.fget(self)

    @value.setter
    def value(self, data: Any) -> None:
        FakeRange.value.fset(self, data)
        r0, c0, _, _ = self.bounds
        block = data if isinstance(data, list) and data and isinstance(data[0], list) else (
            [data] if isinstance(data, list) else [[data]])
        for i, row in enumerate(block):
            for j, v in enumerate(row):
                if isinstance(v, str) and v.startswith("'"):
                    cell = self.ws.cell(r0 + i, c0 + j)
                    cell.value = v[1:]
                    cell.data_type = "s"
                    cell.quotePrefix = True


class _ExcelSheet(FakeSheet):
    @property
    def used_range(self) -> FakeRange:
        return _ExcelRange(self.ws, super().used_range.address.replace("$", ""))

    def range(self, address: str) -> FakeRange:
        return _ExcelRange(self.ws, address)


class _ExcelSheets(FakeSheets):
    def __iter__(self):
        return (_ExcelSheet(ws) for ws in self.wb.worksheets)

    def __getitem__(self, key: int | str) -> FakeSheet:
        return _ExcelSheet(self.wb.worksheets[key] if isinstance(key, int) else self.wb[key])


class ExcelLikeBook(FakeBook):
    """tests/fakebook.FakeBook where text written with a leading apostrophe is held without it, as Excel holds it
    (scripts write names such as =赵六 that way so Excel never takes them for formulas)."""

    def __init__(self, wb: Any):
        super().__init__(wb)
        self.sheets = _ExcelSheets(wb)
