"""Turn a raw grid of cell values (as Excel, calamine or openpyxl give them) into a typed table.

Columns are found by their header in either language, so users may reorder columns and a
workbook built in English reads the same as one built in Chinese. Every value that cannot
be used is reported with its sheet and cell; the value itself becomes missing (never a
silent zero).
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from xlsales.i18n import Text
from xlsales.problems import Problem, cell_address

Kind = Literal["text", "number", "date", "choice"]
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXPECTED = {
    "number": ("数字", "a number"),
    "date": ("日期(如 2026-11-23)", "a date (e.g. 2026-11-23)"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: Text
    kind: Kind = "text"
    required: bool = False
    # accepted spellings (either language, case-insensitive) -> canonical value
    choices: dict[str, str] = field(default_factory=dict)
    minimum: float | None = None
    # what a bad-choice message lists, per language (default: the canonical values)
    options: tuple[Text, ...] = ()

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


def normalise(text: Any) -> str:
    return str(text).strip().lower().replace(" ", "") if text is not None else ""


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def to_date(value: Any) -> pd.Timestamp | None:
    """Date from a datetime, an Excel serial number or an ISO-like string; None if not a date."""
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, (int, float)):
        if 1 <= value < 2958466:  # Excel's valid serial range (1900-01-01 .. 9999-12-31)
            return (EXCEL_EPOCH + pd.Timedelta(days=int(value))).normalize()
        return None
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        stamp = pd.Timestamp(dt.date.fromisoformat(text))
    except ValueError:
        try:
            stamp = pd.Timestamp(text)
        except (ValueError, OverflowError):
            return None
    if pd.isna(stamp) or not 1900 <= stamp.year <= 9999:  # "nan" parses as NaT, "/0" as year 0: not dates
        return None
    return stamp.normalize()


def to_number(value: Any) -> float | None:
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return number / 100 if percent else number


def _choice_lookup(column: Column) -> dict[str, str]:
    lookup = {normalise(k): v for k, v in column.choices.items()}
    lookup.update({normalise(v): v for v in column.choices.values()})
    return lookup


def parse_table(
    rows: list[list[Any]],
    columns: list[Column],
    sheet: str,
    first_row: int = 0,
    first_col: int = 0,
) -> ParsedTable:
    """Parse `rows` (header first) that start at 0-based sheet position (first_row, first_col)."""
    problems: list[Problem] = []
    header = list(rows[0]) if rows else []
    by_header = {normalise(h): i for i, h in enumerate(header) if not is_blank(h)}
    positions: dict[str, int] = {}
    for column in columns:
        found = next((by_header[h] for h in column.headers() if h in by_header), None)
        if found is not None:
            positions[column.key] = found
        elif column.required:
            problems.append(
                Problem(sheet, cell_address(first_row, first_col + len(header)),
                        f"缺少列「{column.label.zh}」", f"missing column '{column.label.en}'")
            )
    body = [list(r) + [None] * (len(header) - len(r)) for r in rows[1:]]
    sheet_rows = [first_row + 2 + i for i in range(len(body))]
    # a row counts when any of *our* columns holds something; notes beside the table do not make a row
    known = sorted(positions.values())
    kept = [(n, r) for n, r in zip(sheet_rows, body) if not all(is_blank(r[p]) for p in known)]
    data: dict[str, list[Any]] = {"row": [n for n, _ in kept]}
    for column in columns:
        pos = positions.get(column.key)
        raw = [r[pos] if pos is not None and pos < len(r) else None for _, r in kept]
        values, bad = _convert(column, raw)
        data[column.key] = values
        for i in bad:
            zh, en = _expected(column)
            problems.append(Problem(sheet, cell_address(kept[i][0] - 1, first_col + pos), zh, en, str(raw[i])))
        if column.required and pos is not None:
            for i, v in enumerate(values):
                if v is None and i not in bad:
                    problems.append(Problem(sheet, cell_address(kept[i][0] - 1, first_col + pos),
                                            f"「{column.label.zh}」必填", f"'{column.label.en}' is required"))
    frame = pd.DataFrame(data)
    for column in columns:
        if column.kind == "number":
            frame[column.key] = pd.to_numeric(frame[column.key], errors="coerce").astype("float64")
        elif column.kind == "date":
            frame[column.key] = pd.to_datetime(frame[column.key], errors="coerce")
        elif column.kind == "choice":  # categorical: comparisons on 100k rows in a few ms
            frame[column.key] = frame[column.key].astype("category")
    index = {k: first_col + p for k, p in positions.items()}
    return ParsedTable(sheet, frame, problems, index, first_row)


def _expected(column: Column) -> tuple[str, str]:
    if column.kind == "choice" and column.options:
        return (f"「{column.label.zh}」应为: {'、'.join(t.zh for t in column.options)}",
                f"'{column.label.en}' must be one of: {', '.join(t.en for t in column.options)}")
    if column.kind == "choice":
        options = sorted(set(column.choices.values()))
        return (f"「{column.label.zh}」应为: {'、'.join(options)}", f"'{column.label.en}' must be one of: {', '.join(options)}")
    if column.kind == "number" and column.minimum is not None:
        return (f"「{column.label.zh}」应为不小于 {column.minimum:g} 的数字",
                f"'{column.label.en}' must be a number >= {column.minimum:g}")
    zh, en = EXPECTED.get(column.kind, ("文本", "text"))
    return (f"「{column.label.zh}」应为{zh}", f"'{column.label.en}' must be {en}")


def _convert(column: Column, raw: list[Any]) -> tuple[list[Any], set[int]]:
    """Converted values and the indexes of non-blank values that could not be converted."""
    values: list[Any] = []
    bad: set[int] = set()
    lookup = _choice_lookup(column) if column.kind == "choice" else {}
    for i, value in enumerate(raw):
        if is_blank(value):
            values.append(None)
            continue
        if column.kind == "number":
            converted: Any = to_number(value)
            if converted is not None and column.minimum is not None and converted < column.minimum:
                converted = None
        elif column.kind == "date":
            converted = to_date(value)
        elif column.kind == "choice":
            converted = lookup.get(normalise(value))
        else:
            converted = str(value).strip() if not isinstance(value, float) or not value.is_integer() else str(int(value))
        if converted is None:
            bad.add(i)
        values.append(converted)
    return values, bad
