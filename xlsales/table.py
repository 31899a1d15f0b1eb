"""The one parser: a grid of cell values (header row first) -> a typed table plus every problem by sheet!cell.

Used by the Excel functions (rows as xlwings hands them over), by `xlsales check` and scripts (a
sheet read whole) and by the roll-up (hundreds of tables at once, `parse_blocks`). Columns are
found by their header in either language, so users may reorder columns.

Values are read as a spreadsheet holds them, and the rule is the native formulas' rule: what a
template's own formulas cannot use is a problem here too, so `check`, the sheets and the
functions agree. A number or a date typed as text (pasted from a CSV) is a problem, not a guess;
a choice is one of its spellings in either language, compared case-insensitively as Excel does,
without trimming; text is kept exactly as typed. A problem names its cell and its column key, so a
figure can ignore problems in columns it does not use. Conversion is column by column with
numpy/pandas: the per-cell Python work is one pass per column used to gather its cells, plus a
closer look at the few cells the fast path cannot take; text and choice columns are looked at once
per distinct value.
"""

import datetime as dt
import gc
import math
import re
from contextlib import contextmanager
from itertools import chain, repeat
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Literal, Sequence

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from xlsales.i18n import Text
from xlsales.problems import Problem, cell_address

Kind = Literal["text", "number", "date", "choice"]
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
# 2262-04-11, the last day a pandas timestamp holds (Excel goes on to 9999): a later date would come back as one in
# 1677, so it is a problem here and in the sheets' own data-problem formulas alike. No deal or plan is dated
# that late except by a typo.
LAST_SERIAL = 132320
EXPECTED = {
    "number": ("数字", "a number"),
    "date": ("日期(如 2026-11-23)", "a date (e.g. 2026-11-23)"),
}


@dataclass(frozen=True)
class Column:
    """How a column is read: its key, header in both languages, kind and the rules its values follow."""

    key: str
    label: Text
    kind: Kind = "text"
    required: bool = False
    # accepted spellings (either language; compared case-insensitively) -> canonical value
    choices: dict[str, str] = field(default_factory=dict)
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False  # numbers must be whole (counts)
    # what a bad-choice message lists, per language (default: the canonical values)
    options: tuple[Text, ...] = ()
    # a further rule for text values: bad mask of the (non-blank, str) values, and what was expected
    rule: Callable[[pd.Series], np.ndarray] | None = None
    rule_expected: Text | None = None

    def headers(self) -> set[str]:
        return {normalise(self.label.zh), normalise(self.label.en), normalise(self.key)}


@dataclass
class ParsedTable:
    sheet: str
    frame: pd.DataFrame  # one column per known key, plus "row" (1-based sheet row)
    problems: list[Problem]
    column_index: dict[str, int]  # key -> 0-based sheet column
    header_row: int  # 0-based sheet row of the header

    def address(self, key: str, sheet_row: int) -> str:
        col = self.column_index.get(key)
        return cell_address(sheet_row - 1, col) if col is not None else f"{sheet_row}:{sheet_row}"


@dataclass(frozen=True)
class Block:
    """One table among many for `parse_blocks`: `rows` from its header down, the header at 0-based sheet row
    `first_row`, column A first; `source` is the caller's index for where it came from. `picked`: only these
    body rows (0-based, ascending), None: all."""

    source: int
    sheet: str
    rows: list[list[Any]]
    first_row: int = 0
    picked: list[int] | None = None

    def body(self) -> list[list[Any]]:
        return self.rows[1:] if self.picked is None else [self.rows[1 + i] for i in self.picked]

    def sheet_rows(self) -> np.ndarray:
        """The 1-based sheet row of each body row read."""
        first = self.first_row + 2
        if self.picked is None:
            return np.arange(first, first + max(len(self.rows) - 1, 0), dtype=np.int64)
        return first + np.asarray(self.picked, dtype=np.int64)


@dataclass
class ParsedBlocks:
    # one column per key, plus "row" (1-based sheet row), "source", "block" (index into blocks) and
    # "unusable" (the row has a value problem)
    frame: pd.DataFrame
    problems: list[tuple[int, Problem]]  # (source, problem), each naming sheet!cell
    positions: list[dict[str, int]]  # per block: key -> 0-based sheet column of that key's header
    blocks: list[Block]

    def address(self, block: int, key: str, sheet_row: int) -> str:
        col = self.positions[block].get(key)
        return cell_address(sheet_row - 1, col) if col is not None else f"{sheet_row}:{sheet_row}"


# ---------------------------------------------------------------------------------------------
# single values (function arguments, parameter cells)

def normalise(text: Any) -> str:
    """A header (or a word typed in an argument) as compared: trimmed, lower case, no spaces."""
    return str(text).strip().lower().replace(" ", "") if text is not None else ""


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")  # 1,234,567.89: the only comma a number may carry
_ISO_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def to_number(value: Any) -> float | None:
    """A number from a number or from text an argument may hold ("1,200", "¥1,200.50", "15%"); None if it is
    not one. Text with a decimal comma ("1,5", "1.234,56") is not read: it is ambiguous, never guessed."""
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace("¥", "").replace("￥", "").replace(" ", "")
    percent = text.endswith("%")
    text = text.rstrip("%")
    if "," in text:
        if not _GROUPED.fullmatch(text):
            return None
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return number / 100 if percent else number


def to_date(value: Any) -> pd.Timestamp | None:
    """A date from a date, an Excel serial number or text in year-first form (2026-11-23, 2026/11/23,
    2026.11.23, 2026年11月23日, with or without a time); None otherwise. Day-first and month-first text
    (20/06/2026, 06/07/2026) is not read: the same text means two dates, so it is never guessed."""
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        stamp = pd.Timestamp(value)
        return None if pd.isna(stamp) else stamp.normalize()
    if isinstance(value, (int, float)):
        if 1 <= value <= LAST_SERIAL:
            return pd.Timestamp(EXCEL_EPOCH + np.timedelta64(int(value), "D"))
        return None
    match = _ISO_DATE.match(str(value).strip())
    if match is None:
        return None
    try:
        return pd.Timestamp(dt.date(*map(int, match.groups())))
    except ValueError:
        return None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector off for a moment. Reading a table allocates a few objects per cell while the
    caller's grid of 100,000 rows sits in memory, and the collector would walk that grid again and again:
    paused, a call takes half the time. Reference counting still frees everything meanwhile; the few cycles
    pandas makes wait for the collector's next run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _factorized(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """(codes, distinct values, how many of them are texts) as `pandas.factorize` gives codes and values (-1 for
    a missing value), except that each cell that is not text gets a code of its own, after the texts: pandas
    counts TRUE, 1 and 1.0 as one value, a spreadsheet does not. Such cells are few (a column holds texts, or is
    read as numbers)."""
    cells_values = np.asarray(values, dtype=object)
    codes, distinct = pd.factorize(cells_values, use_na_sentinel=True)
    if pd.api.types.infer_dtype(distinct, skipna=False) in ("string", "empty"):
        return codes, distinct, len(distinct)
    is_text = np.array([isinstance(v, str) for v in distinct.tolist()], dtype=bool)
    texts = int(is_text.sum())
    renumbered = np.full(len(distinct) + 1, -1, dtype=np.int64)  # the last place keeps a missing value's -1
    renumbered[np.flatnonzero(is_text)] = np.arange(texts)
    cells = np.flatnonzero(np.append(~is_text, False)[codes])
    codes = renumbered[codes]
    codes[cells] = texts + np.arange(len(cells))
    return codes, np.concatenate([distinct[is_text], cells_values[cells]]), texts


def each_distinct(values: pd.Series | np.ndarray, function: Callable[[Any], Any]) -> pd.Categorical:
    """`function` applied once per distinct value (a column of 100,000 cells holds a few dozen stages or
    owners), as a categorical over the results; a missing value, or a result of None, is missing."""
    codes, distinct, _ = _factorized(values)
    return _categorical(codes, [function(v) for v in distinct.tolist()])


def _categorical(codes: np.ndarray, results: list[Any]) -> pd.Categorical:
    """Per cell, the result of its code (None: missing), as a categorical in order of first result."""
    categories = list(dict.fromkeys(r for r in results if r is not None))
    position = {c: i for i, c in enumerate(categories)}
    lookup = np.array([position[r] if r is not None else -1 for r in results] + [-1], dtype=np.int64)
    return pd.Categorical.from_codes(lookup[codes], categories=categories)


def casefolded(values: pd.Series) -> pd.Series:
    """Names as Excel's `=`, MATCH and COUNTIF compare them (letter case does not count), folded once per distinct
    value; other values as they are, a missing one missing. For comparing and finding repeats."""
    codes, distinct, texts = _factorized(values)
    folded = [v.casefold() for v in distinct[:texts].tolist()] + distinct[texts:].tolist() + [np.nan]
    return pd.Series(np.array(folded, dtype=object)[codes], index=values.index, dtype=object)


# ---------------------------------------------------------------------------------------------
# tables

def header_positions(header: Sequence[Any], columns: list[Column]) -> dict[str, int]:
    """Where each column's header is (0-based position in `header`)."""
    by_header = {normalise(h): i for i, h in enumerate(header) if not is_blank(h)}
    positions = {}
    for column in columns:
        found = next((by_header[h] for h in column.headers() if h in by_header), None)
        if found is not None:
            positions[column.key] = found
    return positions


def missing_columns(positions: dict[str, int], columns: list[Column], sheet: str, cell: str) -> list[Problem]:
    return [Problem(sheet, cell, f"缺少列「{c.label.zh}」", f"missing column '{c.label.en}'")
            for c in columns if c.required and c.key not in positions]


def parse_table(rows: list[list[Any]], columns: list[Column], sheet: str, first_row: int = 0, first_col: int = 0,
                needed: set[str] | None = None, picked: list[int] | None = None) -> ParsedTable:
    """Parse `rows` (header first) that start at 0-based sheet position (first_row, first_col).

    `needed`: the column keys a figure uses; only those are converted and checked, so a value the figure
    does not use is never its problem (a row still counts when any of the table's columns holds something).
    None: every column (what `check` does).
    `picked`: only these body rows (0-based, ascending; see `rows_reading`), for a figure about one row, as the
    sheet's own per-row formulas read only their row; each keeps its sheet row. None: every row.
    """
    with paused_gc():
        values, problems, positions = _parse_blocks([Block(0, sheet, rows, first_row, picked)], columns, needed,
                                                    first_col)
        frame = pd.DataFrame({key: v for key, v in values.items() if key not in AMONG_BLOCKS})
    where = {k: first_col + p for k, p in positions[0].items()}
    return ParsedTable(sheet, frame, [p for _, p in problems], where, first_row)


def rows_reading(rows: list[list[Any]], column: Column, text: str) -> list[int]:
    """The body rows (0-based) whose cell in `column` (a text column) reads as `text`, found without reading
    the rest of the table; none when the column is missing."""
    where = header_positions(rows[0], [column]).get(column.key) if rows else None
    if where is None:
        return []
    body = rows[1:]
    try:
        cells = _gather([body], [{column.key: where}], column.key)
    except IndexError:  # a short hand-made row
        cells = _gather([_rectangular(body, where + 1)], [{column.key: where}], column.key)
    same = cells == text
    if pd.api.types.infer_dtype(cells, skipna=True) != "string":  # a number or a date among the texts
        for i, value in enumerate(cells.tolist()):
            if value is not None and not isinstance(value, str):
                same[i] = cell_text(value) == text
    return np.flatnonzero(same).tolist()


def parse_blocks(blocks: list[Block], columns: list[Column], needed: set[str] | None = None,
                 first_col: int = 0) -> ParsedBlocks:
    """Many tables with the same columns, converted column by column in one pass (the roll-up's hundreds of
    reps' tables). Rows of every block are concatenated; `frame["block"]` says which block a row came from."""
    with paused_gc():
        values, problems, positions = _parse_blocks(blocks, columns, needed, first_col)
        return ParsedBlocks(pd.DataFrame(values), problems, positions, blocks)


AMONG_BLOCKS = ("source", "block", "unusable")  # the columns parse_blocks adds to say where each row came from


def _parse_blocks(blocks: list[Block], columns: list[Column], needed: set[str] | None,
                  first_col: int) -> tuple[dict[str, Any], list[tuple[int, Problem]], list[dict[str, int]]]:
    """(the columns of the frame, by key, the problems, where each block's columns are)"""
    used = [c for c in columns if needed is None or c.key in needed]
    problems: list[tuple[int, Problem]] = []
    positions: list[dict[str, int]] = []
    known_headers: dict[tuple[Any, ...], dict[str, int]] = {}
    bodies: list[list[list[Any]]] = []
    for block in blocks:
        header = tuple(block.rows[0]) if block.rows else ()
        if header not in known_headers:  # reps' copies of one template share a header: match it once
            known_headers[header] = header_positions(header, columns)
        where = known_headers[header]
        positions.append(where)
        problems += [(block.source, p) for p in missing_columns(where, used, block.sheet,
                                                                 cell_address(block.first_row, first_col + len(header)))]
        bodies.append(block.body())
    counts = np.array([len(b) for b in bodies], dtype=np.int64)
    block_of = np.repeat(np.arange(len(blocks), dtype=np.int64), counts)
    sheet_row = np.concatenate([b.sheet_rows() for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)

    try:
        raw = {c.key: _gather(bodies, positions, c.key) for c in used}
    except IndexError:  # xlwings and calamine give rectangles; hand-made rows may be short
        bodies = [_rectangular(body, len(block.rows[0]) if block.rows else 0) for body, block in zip(bodies, blocks)]
        raw = {c.key: _gather(bodies, positions, c.key) for c in used}
    converted = {c.key: _convert(c, raw[c.key]) for c in used}
    kept = _rows_with_data(bodies, positions, columns, {key: c.blank for key, c in converted.items()}, block_of)

    every = bool(kept.all())  # the usual case: no empty row to take out, no copies to make
    block_kept, row_kept = (block_of, sheet_row) if every else (block_of[kept], sheet_row[kept])
    columns_out: dict[str, Any] = {"row": row_kept}
    unusable = np.zeros(len(row_kept), dtype=bool)
    for column in used:
        found, values = converted[column.key], raw[column.key]
        if not every:
            found, values = found.rows(kept), values[kept]
        has_column = np.array([column.key in p for p in positions], dtype=bool)[block_kept]
        required = column.required & found.blank & has_column
        for i in np.flatnonzero(found.bad | required).tolist():
            block = int(block_kept[i])
            cell = cell_address(int(row_kept[i]) - 1, first_col + positions[block][column.key])
            if required[i]:
                zh, en, shown = f"「{column.label.zh}」必填", f"'{column.label.en}' is required", ""
            else:
                (zh, en), shown = found.reasons.get(i, found.expected), str(values[i])
            problems.append((blocks[block].source, Problem(blocks[block].sheet, cell, zh, en, shown, column=column.key)))
        unusable |= found.bad | required
        columns_out[column.key] = found.values
    columns_out["source"] = np.array([b.source for b in blocks], dtype=np.int64)[block_kept]
    columns_out["block"] = block_kept
    columns_out["unusable"] = unusable
    return columns_out, problems, positions


def joined_parses(parts: list[ParsedBlocks]) -> ParsedBlocks:
    """Blocks parsed a few at a time, as if parsed in one `parse_blocks` call: the same rows, problems and values
    (categories as where each first appears)."""
    if len(parts) == 1:
        return parts[0]
    blocks = [block for part in parts for block in part.blocks]
    offsets = np.cumsum([0] + [len(part.blocks) for part in parts[:-1]])
    columns: dict[str, Any] = {}
    for key in parts[0].frame.columns:
        pieces = [part.frame[key] for part in parts]
        if key == "block":
            pieces = [piece + offset for piece, offset in zip(pieces, offsets)]
        if all(isinstance(piece.dtype, pd.CategoricalDtype) for piece in pieces):
            columns[key] = union_categoricals(pieces)
        else:  # built as _parse_blocks builds it, so pandas gives each column the type one parse would
            columns[key] = np.concatenate([piece.to_numpy(dtype=object) if piece.dtype.kind == "O" else
                                           piece.to_numpy() for piece in pieces])
    return ParsedBlocks(pd.DataFrame(columns), [p for part in parts for p in part.problems],
                        [where for part in parts for where in part.positions], blocks)


def _rectangular(body: list[list[Any]], width: int) -> list[list[Any]]:
    """Rows padded to the header's width (xlwings and calamine give rectangles; hand-made rows may be ragged)."""
    if not body:
        return body
    if min(map(len, body)) >= width:
        return body
    return [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in body]


def _gather(bodies: list[list[list[Any]]], positions: list[dict[str, int]], key: str) -> np.ndarray:
    """One column's raw values over every block, as an object array (None where a block lacks the column)."""
    parts = [map(itemgetter(where[key]), body) if key in where else repeat(None, len(body))
             for body, where in zip(bodies, positions)]
    return np.fromiter(chain.from_iterable(parts), dtype=object, count=sum(len(b) for b in bodies))


def _blank(values: np.ndarray) -> np.ndarray:
    """Empty as a spreadsheet means it: no value, or an empty string (Lite hands an empty cell over as "")."""
    return pd.isna(values) | (values == "")


def _rows_with_data(bodies: list[list[list[Any]]], positions: list[dict[str, int]], columns: list[Column],
                    blank: dict[str, np.ndarray], block_of: np.ndarray) -> np.ndarray:
    """A row counts when any of the table's known columns holds something; notes beside the table do not make
    a row. The columns already gathered decide most rows; only rows blank in all of them look at the rest."""
    total = len(block_of)
    kept = np.zeros(total, dtype=bool)
    for mask in blank.values():
        kept |= ~mask
    undecided = np.flatnonzero(~kept)
    others = [c.key for c in columns if c.key not in blank]
    if len(undecided) and others:
        starts = np.concatenate([[0], np.cumsum([len(b) for b in bodies])])
        for i in undecided.tolist():
            block = int(block_of[i])
            row = bodies[block][i - starts[block]]
            kept[i] = any(p < len(row) and row[p] is not None and row[p] != "" for p in
                          (positions[block][k] for k in others if k in positions[block]))
    return kept


# ---------------------------------------------------------------------------------------------
# conversion of one column

# What a cell holding an error shows; Lite hands error cells over as these texts, our readers likewise.
ERROR_VALUES = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                          "#GETTING_DATA", "#BUSY!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!"})


NUMERIC = ("floating", "integer", "mixed-integer-float", "empty")  # pandas' names for numbers, or nothing


@dataclass
class Converted:
    values: Any  # float64 or datetime64[ns] array, categorical or object array: a value per cell
    bad: np.ndarray  # non-blank values that cannot be used
    blank: np.ndarray  # empty cells: no value, or "" (as Lite hands an empty cell over)
    expected: tuple[str, str]  # what the column wants, for a bad value
    reasons: dict[int, tuple[str, str]] = field(default_factory=dict)  # a more telling message for some values

    def rows(self, kept: np.ndarray) -> "Converted":
        """Only the kept rows; a reason moves with its row (a bad value's row is never blank, so it is kept)."""
        position = np.cumsum(kept) - 1
        return Converted(self.values[kept], self.bad[kept], self.blank[kept], self.expected,
                         {int(position[i]): reason for i, reason in self.reasons.items()})


def _convert(column: Column, values: np.ndarray) -> Converted:
    converted = {"number": _numbers, "date": _dates, "choice": _choices}.get(column.kind, _texts)(column, values)
    if converted.bad.any():  # say why where the value tells more than "must be a number"
        for i in np.flatnonzero(converted.bad).tolist():
            value = values[i]
            if isinstance(value, str) and value in ERROR_VALUES:
                converted.reasons[i] = (f"「{column.label.zh}」是错误值 {value},请先修正该单元格的公式或内容",
                                        f"'{column.label.en}' holds the error {value}: fix that cell first")
            elif isinstance(value, str) and column.kind in ("number", "date") and (
                    to_number(value) if column.kind == "number" else to_date(value)) is not None:
                converted.reasons[i] = _as_text(column)
    return converted


def _as_numbers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(blank cells, every cell as a float, NaN where blank) when every cell that is not blank holds a number (a
    column of numbers, or of dates as Excel serial numbers); (blank cells, None) when some hold something else."""
    if pd.api.types.infer_dtype(values, skipna=True) in NUMERIC:  # None and NaN skipped: the desktop's blanks
        blank = pd.isna(values)
        if not blank.any():  # the usual full column: no copies
            return blank, values.astype(np.float64)
    else:
        blank = _blank(values)
    present = np.flatnonzero(~blank)
    taken = values[present]
    if pd.api.types.infer_dtype(taken, skipna=False) not in NUMERIC:
        return blank, None
    floats = np.full(len(values), np.nan)
    floats[present] = taken.astype(np.float64)
    return blank, floats


def _numbers(column: Column, values: np.ndarray) -> Converted:
    blank, out = _as_numbers(values)
    bad = np.zeros(len(values), dtype=bool)
    if out is None:  # a few odd cells: booleans, text, dates
        out = np.full(len(values), np.nan)
        for i in np.flatnonzero(~blank).tolist():
            v = values[i]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[i] = v
            else:
                bad[i] = True
    bad |= ~blank & ~np.isfinite(out)
    with np.errstate(invalid="ignore"):
        if column.minimum is not None:
            bad |= out < column.minimum
        if column.maximum is not None:
            bad |= out > column.maximum
        if column.whole:
            bad |= np.isfinite(out) & (out != np.floor(out))
    out[bad] = np.nan
    return Converted(out, bad, blank, _expected(column))


def _dates(column: Column, values: np.ndarray) -> Converted:
    blank, serials = _as_numbers(values)  # Excel serial numbers: Lite, desktop xlwings, LibreOffice
    if serials is None:
        serials = _serials_of_dates(values, blank)
    day = np.floor(serials)
    fine = (day >= 1) & (day <= LAST_SERIAL)  # a missing (NaN) serial is neither
    out = (EXCEL_EPOCH + np.where(fine, day, 0).astype("timedelta64[D]")).astype("datetime64[ns]")
    out[~fine] = np.datetime64("NaT")
    return Converted(out, ~blank & ~fine, blank, _expected(column))


def _serials_of_dates(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """Excel serial numbers of cells handed over as dates (our readers give date objects), or of a mix with text
    and other values; NaN where a cell holds no date."""
    serials = np.full(len(values), np.nan)
    present = np.flatnonzero(~blank)
    taken = values[present]
    if pd.api.types.infer_dtype(taken, skipna=False) in ("datetime", "datetime64", "date"):
        day = pd.to_datetime(pd.Series(taken, dtype=object), errors="coerce").dt.normalize().to_numpy(
            dtype="datetime64[D]")
        found = ~np.isnat(day)
        serials[present[found]] = (day[found] - EXCEL_EPOCH) / np.timedelta64(1, "D")
        return serials
    for i, v in zip(present.tolist(), taken.tolist()):
        stamp = None if isinstance(v, str) else to_date(v)
        if stamp is not None:
            serials[i] = (stamp.to_datetime64().astype("datetime64[D]") - EXCEL_EPOCH) / np.timedelta64(1, "D")
    return serials


def _choices(column: Column, values: np.ndarray) -> Converted:
    """A spelling from `column.choices`, compared case-insensitively like Excel's = and COUNTIFS (no trimming:
    Excel would not match " Won" either). Matched once per distinct value."""
    lookup = {spelling.casefold(): canonical for spelling, canonical in column.choices.items()}
    codes, distinct, _ = _factorized(values)
    empty = [v == "" for v in distinct.tolist()]
    out = _categorical(codes, [None if e else lookup.get((v if isinstance(v, str) else repr(v)).casefold())
                               for v, e in zip(distinct.tolist(), empty)])  # a TRUE cell reads as "true"
    blank = np.array(empty + [True], dtype=bool)[codes]
    return Converted(out, np.asarray(out.isna()) & ~blank, blank, _expected(column))


def cell_text(value: Any) -> str | None:
    """A cell as a text column reads it: text as typed, a number as its text (an ID such as 1001), a date as
    2026-11-23; None for a blank, TRUE/FALSE or an error value."""
    if isinstance(value, str):
        return None if value == "" or value in ERROR_VALUES else value
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _texts(column: Column, values: np.ndarray) -> Converted:
    """Text exactly as typed (the sheet's formulas compare it untrimmed); a number becomes its text (an ID such
    as 1001), an error value is unusable. Looked at once per distinct value: a column of 100,000 cells holds a
    few dozen stages, or a few hundred codes."""
    codes, distinct, texts = _factorized(values)
    shown = distinct.copy()  # what each distinct value reads as
    blank = distinct == ""
    bad = np.array(pd.Series(distinct, dtype=object).isin(ERROR_VALUES), dtype=bool)
    for i in range(texts, len(distinct)):  # a number, date or TRUE in a text column
        shown[i] = cell_text(distinct[i])
        bad[i] = shown[i] is None
    expected = _expected(column)
    if column.rule is not None:
        checked = np.flatnonzero(~blank & ~bad)
        if len(checked):
            bad[checked] = np.asarray(column.rule(pd.Series(shown[checked], dtype=object)), dtype=bool)
        label = column.rule_expected or Text("", "")
        expected = (f"「{column.label.zh}」应为{label.zh}", f"'{column.label.en}' must be {label.en}")
    shown[blank | bad] = None
    return Converted(np.append(shown, None)[codes], np.append(bad, False)[codes], np.append(blank, True)[codes],
                     expected)


def _expected(column: Column) -> tuple[str, str]:
    if column.kind == "choice" and column.options:
        return (f"「{column.label.zh}」应为: {'、'.join(t.zh for t in column.options)}",
                f"'{column.label.en}' must be one of: {', '.join(t.en for t in column.options)}")
    if column.kind == "choice":
        options = sorted(set(column.choices.values()))
        return (f"「{column.label.zh}」应为: {'、'.join(options)}", f"'{column.label.en}' must be one of: {', '.join(options)}")
    if column.kind == "number":
        what_zh, what_en = ("整数", "a whole number") if column.whole else ("数字", "a number")
        bounds_zh, bounds_en = [], []
        if column.minimum is not None:
            bounds_zh.append(f"不小于 {column.minimum:g}")
            bounds_en.append(f">= {column.minimum:g}")
        if column.maximum is not None:
            bounds_zh.append(f"不大于 {column.maximum:g}")
            bounds_en.append(f"<= {column.maximum:g}")
        if bounds_zh:
            return (f"「{column.label.zh}」应为{'、'.join(bounds_zh)}的{what_zh}",
                    f"'{column.label.en}' must be {what_en} {' and '.join(bounds_en)}")
        return (f"「{column.label.zh}」应为{what_zh}", f"'{column.label.en}' must be {what_en}")
    zh, en = EXPECTED.get(column.kind, ("文本", "text"))
    return (f"「{column.label.zh}」应为{zh}", f"'{column.label.en}' must be {en}")


def _as_text(column: Column) -> tuple[str, str]:
    what_zh, what_en = ("日期", "date") if column.kind == "date" else ("数字", "number")
    return (f"「{column.label.zh}」是存成文本的{what_zh},表格公式不会计入,请改为{what_zh}格式",
            f"'{column.label.en}' holds a {what_en} stored as text, which the sheet's formulas skip: "
            f"enter it as a {what_en}")
