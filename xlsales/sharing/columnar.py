"""Many sheets' tables parsed in one vectorised pass, with exactly the rules of `xlsales.table.parse_table`.

A roll-up reads hundreds of tables of a few hundred rows each. `parse_table` costs a few
milliseconds per call plus a few microseconds per cell, which is most of a roll-up's time;
here every table's columns are concatenated first and each column converted once. Values that
are already what the column wants (a str for text, a float for a number, a date for a date, an
exact spelling for a choice) take a fast path; every other value goes through table.py's own
converter, so both give the same frame and the same problems (tests/test_sharing_columnar.py
checks this on generated tables).
"""

import datetime as dt
from dataclasses import dataclass, replace
from itertools import chain, repeat, zip_longest
from typing import Any

import numpy as np
import pandas as pd

from xlsales.problems import Problem, cell_address
from xlsales.table import Column, _choice_lookup, _convert, _expected, normalise, parse_table

UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_SLOW = object()  # marks a value the fast path leaves to table.py's converter


@dataclass(frozen=True)
class Block:
    """One table: `rows` from its header row down, the header at 0-based sheet row `first_row`, column A first."""

    source: int  # which input it came from (the caller's index)
    sheet: str
    rows: list[list[Any]]
    first_row: int = 0


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


def header_positions(header: list[Any], columns: list[Column]) -> tuple[dict[str, int], list[Problem]]:
    """Where each column's header is, and a problem per missing required column (as parse_table finds them)."""
    parsed = parse_table([list(header)], columns, "", 0)
    return parsed.column_index, parsed.problems


def parse_blocks(blocks: list[Block], columns: list[Column]) -> ParsedBlocks:
    headers: dict[tuple[Any, ...], tuple[dict[str, int], list[Problem]]] = {}
    problems: list[tuple[int, Problem]] = []
    positions: list[dict[str, int]] = []
    raw: dict[str, list[Any]] = {c.key: [] for c in columns}
    block_of: list[np.ndarray] = []
    sheet_rows: list[np.ndarray] = []
    for number, block in enumerate(blocks):
        header = tuple(block.rows[0]) if block.rows else ()
        if header not in headers:  # most inputs share one template's header: match it once
            headers[header] = header_positions(list(header), columns)
        index, missing = headers[header]
        positions.append(index)
        problems += [(block.source, replace(p, sheet=block.sheet, cell=cell_address(block.first_row, len(header))))
                     for p in missing]
        body = block.rows[1:]
        cells = list(zip_longest(*body, fillvalue=None))
        for column in columns:
            pos = index.get(column.key)
            raw[column.key].append(cells[pos] if pos is not None and pos < len(cells) else repeat(None, len(body)))
        block_of.append(np.full(len(body), number, dtype=np.int64))
        sheet_rows.append(np.arange(block.first_row + 2, block.first_row + 2 + len(body), dtype=np.int64))
    blocks_col = np.concatenate(block_of) if block_of else np.zeros(0, dtype=np.int64)
    rows_col = np.concatenate(sheet_rows) if sheet_rows else np.zeros(0, dtype=np.int64)
    flat = {key: list(chain.from_iterable(parts)) for key, parts in raw.items()}
    converted = {c.key: _convert_column(c, flat[c.key]) for c in columns}

    # A row counts when any of our columns holds something (as in parse_table).
    kept = np.zeros(len(rows_col), dtype=bool)
    for values, bad in converted.values():
        kept |= _present(values) | bad
    source_of = np.array([b.source for b in blocks], dtype=np.int64)
    unusable = np.zeros(len(rows_col), dtype=bool)
    for column in columns:
        values, bad = converted[column.key]
        problems += _value_problems(column, flat[column.key], bad & kept, blocks, positions, blocks_col, rows_col)
        unusable |= bad
        if column.required:
            has_column = np.array([column.key in p for p in positions], dtype=bool)[blocks_col]
            missing = kept & ~_present(values) & ~bad & has_column
            unusable |= missing
            for i in np.flatnonzero(missing):
                block = int(blocks_col[i])
                problems.append((blocks[block].source, Problem(
                    blocks[block].sheet, cell_address(int(rows_col[i]) - 1, positions[block][column.key]),
                    f"「{column.label.zh}」必填", f"'{column.label.en}' is required")))

    frame = pd.DataFrame({"row": rows_col[kept]})
    for column in columns:
        frame[column.key] = _as_series(column, converted[column.key][0], kept)
    frame["source"] = source_of[blocks_col[kept]]
    frame["block"] = blocks_col[kept]
    frame["unusable"] = unusable[kept]
    return ParsedBlocks(frame, problems, positions, blocks)


def _value_problems(column: Column, raw: list[Any], bad: np.ndarray, blocks: list[Block],
                    positions: list[dict[str, int]], blocks_col: np.ndarray, rows_col: np.ndarray
                    ) -> list[tuple[int, Problem]]:
    zh, en = _expected(column)
    out = []
    for i in np.flatnonzero(bad):
        block = int(blocks_col[i])
        cell = cell_address(int(rows_col[i]) - 1, positions[block][column.key])
        out.append((blocks[block].source, Problem(blocks[block].sheet, cell, zh, en, str(raw[i]))))
    return out


def _present(values: np.ndarray) -> np.ndarray:
    if values.dtype.kind == "f":
        return ~np.isnan(values)
    if values.dtype.kind == "M":
        return ~np.isnat(values)
    return values != None  # noqa: E711 (elementwise on an object array)


def _as_series(column: Column, values: np.ndarray, kept: np.ndarray) -> Any:
    if column.kind == "date":
        return pd.Series(values[kept].astype("datetime64[s]"))
    series = pd.Series(values[kept])
    return series.astype("category") if column.kind == "choice" else series


def _slow(column: Column, value: Any) -> tuple[Any, bool]:
    """table.py's conversion of one value: (converted or None, whether it was unusable)."""
    values, bad = _convert(column, [value])
    return values[0], bool(bad)


def _convert_column(column: Column, raw: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Converted values (float64 for numbers, datetime64[D] for dates, objects otherwise) and a bad mask."""
    bad = np.zeros(len(raw), dtype=bool)
    if column.kind == "number":
        fast = [float(v) if ((c := v.__class__) is float and v == v) or c is int else
                (np.nan if v is None or c is float or v == "" else _SLOW) for v in raw]
        for i in _slow_indexes(fast):
            value, bad[i] = _slow(column, raw[i])
            fast[i] = np.nan if value is None else value
        numbers = np.array(fast, dtype=np.float64)
        infinite = np.isinf(numbers)  # not a number a cell can hold: as parse_table, reported and dropped
        bad |= infinite
        numbers[infinite] = np.nan
        if column.minimum is not None:
            below = numbers < column.minimum  # NaN compares False
            bad |= below
            numbers[below] = np.nan
        return numbers, bad
    if column.kind == "date":
        ordinals = [v.toordinal() if (c := v.__class__) is dt.date or (c is dt.datetime and v.tzinfo is None) else
                    (-1 if v is None or v == "" else _SLOW) for v in raw]
        for i in _slow_indexes(ordinals):
            value, bad[i] = _slow(column, raw[i])
            ordinals[i] = -1 if value is None else value.toordinal()
        days = np.array(ordinals, dtype=np.int64)
        dates = (days - UNIX_EPOCH_ORDINAL).astype("datetime64[D]")
        dates[days < 0] = np.datetime64("NaT")
        return dates, bad
    if column.kind == "choice":
        normalised = _choice_lookup(column)
        exact = {spelling: normalised[normalise(spelling)] for spelling in [*column.choices, *column.choices.values()]}
        values = [exact.get(v, _SLOW) if v.__class__ is str else (None if v is None else _SLOW) for v in raw]
    else:
        values = [(v.strip() or None) if v.__class__ is str else (None if v is None else _SLOW) for v in raw]
    for i in _slow_indexes(values):
        values[i], bad[i] = _slow(column, raw[i])
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out, bad


def _slow_indexes(values: list[Any]) -> list[int]:
    return [i for i, v in enumerate(values) if v is _SLOW] if _SLOW in values else []
