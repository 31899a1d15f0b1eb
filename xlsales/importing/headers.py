"""Finding a target table's columns among a source's headers: by synonym, in Chinese or English.

Headers are compared folded: full-width characters folded, case ignored, and spaces, `_`, `-`, `.`,
`:` and `/` dropped (so `Est. Close Date`, `est_close_date` and `EST CLOSE DATE` are one header).
A bracketed tail that is a unit or a currency (`金额(万元)`, `Amount (USD)`) is dropped for matching
and the unit kept: it multiplies the column's values.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from xlsales.problems import column_letter

_DROPPED = re.compile(r"[\s_\-.:/·]+")
_BRACKETED = re.compile(r"^(.*?)\s*[(\[【]\s*([^()\[\]【】]*?)\s*[)\]】]$")
HEADER_UNITS = {"元": 1.0, "千元": 1e3, "千": 1e3, "k": 1e3, "万元": 1e4, "万": 1e4, "百万": 1e6, "百万元": 1e6,
                "m": 1e6, "亿": 1e8, "亿元": 1e8}
HEADER_CURRENCIES = {"¥", "$", "rmb", "cny", "usd", "eur", "人民币", "人民币元"}
SCANNED_ROWS = 30  # a header is looked for in the first rows (exports may start with a title and filters)


def fold(text: Any) -> str:
    """A header (or a value) as compared."""
    if text is None:
        return ""
    return _DROPPED.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def split_unit(header: Any) -> tuple[str, float | None]:
    """(the header without a bracketed unit or currency, the unit's multiplier); (header, None) without one."""
    text = unicodedata.normalize("NFKC", str(header or "")).strip()
    match = _BRACKETED.match(text)
    if match:
        inside = fold(match[2])
        if inside in HEADER_UNITS:
            return match[1], HEADER_UNITS[inside]
        if inside in HEADER_CURRENCIES:
            return match[1], 1.0
    return text, None


@dataclass(frozen=True)
class Found:
    """Where a target column is in the source."""

    position: int  # 0-based source column
    header: str  # as the source spells it
    unit: float  # from the header's bracket (1 without)

    @property
    def letter(self) -> str:
        return column_letter(self.position)


def match_columns(header: Sequence[Any], synonyms: Mapping[str, Sequence[str]],
                  named: Mapping[str, str] | None = None) -> tuple[dict[str, Found], dict[str, str]]:
    """Which source column holds each target column: `named` (from a mapping file: key -> header, "" for none) first,
    then synonyms, each in the order listed (the first synonym found wins), each source column used once.
    Returns (key -> Found, key -> the named header that is not in the source)."""
    folded = [fold(h) for h in header]
    bases = [split_unit(h) for h in header]
    used: set[int] = set()
    found: dict[str, Found] = {}
    missing: dict[str, str] = {}
    for key, wanted in (named or {}).items():
        if wanted == "":
            continue
        at = next((i for i, f in enumerate(folded) if f == fold(wanted)), None)
        if at is None:
            missing[key] = wanted
        else:
            found[key] = Found(at, str(header[at]), bases[at][1] or 1.0)
            used.add(at)
    for key, names in synonyms.items():
        if key in found or key in (named or {}):
            continue
        for name in names:
            wanted = fold(name)
            at = next((i for i, f in enumerate(folded) if i not in used and f == wanted), None)
            if at is None:
                at = next((i for i, (base, unit) in enumerate(bases)
                           if i not in used and unit is not None and fold(base) == wanted), None)
            if at is not None:
                found[key] = Found(at, str(header[at]), bases[at][1] or 1.0)
                used.add(at)
                break
    return found, missing


def header_row(rows: Sequence[Sequence[Any]], synonyms: Mapping[str, Sequence[str]],
               named: Mapping[str, str] | None = None) -> tuple[int, int]:
    """(0-based index of the row that looks most like the header, how many target columns it names): the first of
    the first SCANNED_ROWS rows naming the most; the first non-empty row when none names two."""
    best, best_count = None, 0
    for i, row in enumerate(rows[:SCANNED_ROWS]):
        found, _ = match_columns(row, synonyms, named)
        if len(found) > best_count:
            best, best_count = i, len(found)
    if best is not None and best_count >= 2:
        return best, best_count
    first = next((i for i, row in enumerate(rows) if any(v not in (None, "") for v in row)), 0)
    return first, best_count if best == first else 0
