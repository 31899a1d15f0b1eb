"""What an import reads, what it decides and what it reports: plain data, and the few helpers every step uses."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from xlsales.i18n import Lang, Text
from xlsales.importing.headers import Found
from xlsales.importing.targets import Target
from xlsales.importing.values import is_blank
from xlsales.layout import Table

UNPLACED = Text("无法对应到工作簿的取值", "a value the workbook has no place for")
IssueKind = Literal["unreadable", "unplaced", "rule", "duplicate", "conflict", "capacity"]


@dataclass
class Grid:
    """A source table as read: its header, its body rows and the number each row has in the source (1-based, as a
    spreadsheet shows the file), plus what reading decided (encoding, delimiter, sheet, lines left out)."""

    name: str
    header: list[Any]
    rows: list[list[Any]]
    numbers: list[int]
    notes: list[Text] = field(default_factory=list)


@dataclass(frozen=True)
class Issue:
    """Something about one source value (row and target column), or one row when `key` is ""."""

    row: int
    key: str
    value: str
    reason: Text
    kind: IssueKind
    severity: Literal["error", "warning"] = "error"


@dataclass
class Destination:
    """Where the rows go: a new workbook from the template, or below the rows of an existing one (--into)."""

    lang: Lang
    new_workbook: bool = True
    stages: list[Text] = field(default_factory=list)  # funnel: the stages a deal may be in, as the workbook has them
    reps: list[str] = field(default_factory=list)  # funnel --into: the workbook's reps list
    identities: dict[str, str] = field(default_factory=dict)  # folded identity value -> where it is (sheet!cell)
    first_row: int = 0  # the sheet row the first imported row goes to (0: the table's first body row)


@dataclass
class Extra:
    """Another table the import fills in a new workbook (the funnel's stages and reps)."""

    sheet: Text
    table: Table
    values: dict[str, list[Any]]


@dataclass
class Conversion:
    target: Target
    destination: Destination
    source: str
    found: dict[str, Found]  # column key -> where it is in the source
    values: dict[str, list[Any]]  # per input column key, one value per imported row
    numbers: list[int]  # each imported row's number in the source
    declared_absent: list[str] = field(default_factory=list)  # the mapping file says the source has none
    unused: list[str] = field(default_factory=list)  # source headers no column takes
    refusals: list[Text] = field(default_factory=list)  # why a real import would stop (the dry run shows them)
    # number/date column -> (its rule as [formats] writes it, None if undecided; how ambiguous text was read)
    rules: dict[str, tuple[str | None, Text]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    placed: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)  # key -> (source value, meaning) -> rows
    unplaced: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # key -> source value -> source rows
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # funnel: (status, stage) -> deals
    notes: list[Text] = field(default_factory=list)  # decisions the user should know about
    extras: list[Extra] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


def text_value(value: Any) -> str | None:
    """Text as the workbook keeps it: trimmed; a whole number as digits (an ID such as 1001); a date as 2026-11-23."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value)


def unplaced(conversion: Conversion, key: str, text: str, i: int) -> None:
    row = conversion.numbers[i]
    conversion.unplaced.setdefault(key, {}).setdefault(text, []).append(row)
    conversion.issues.append(Issue(row, key, text, UNPLACED, "unplaced"))
