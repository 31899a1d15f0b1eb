"""One input file's bytes -> what the roll-up needs (sheet values, stamp, saved time), or why it cannot be used.

Works on bytes, never on paths, so the same code runs in the command line and inside xlwings
Lite (files imported into Lite's /data folder). Values are read with python-calamine (cached
values only, nothing evaluated, nothing written), within xlsales.limits: the zip directory and
the sheets' sizes are checked before calamine sees the file. Only the sheets our templates keep
the tables on are read; a workbook without them (renamed sheets, a foreign layout) is read whole
and searched by header.

Where nothing limits this process's memory (Lite: Pyodide has no child processes) `full_scan`
also scans every sheet read before calamine does; the command line reads each file in a child
process with a memory limit instead (xlsales.sharing.cli, xlsales.isolation).
"""

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from typing import Any

from xlsales import limits as L
from xlsales.book import CUSTOM_PROPS, UnreadableWorkbook, sheet_values, stamp_of
from xlsales.i18n import Text
from xlsales.problems import Problem, cell_address
from xlsales.sharing import layout as S
from xlsales.sharing.kinds import DEALS, PLAN_SHEETS, REPS, STAGES, WEEKLY
from xlsales.sharing.rollup import SourceBook
from xlsales.sharing.safety import EXCEL_CELL_CHARS, cut_to_cell, without_surrogates

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: legacy .xls, or an encrypted xlsx
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # what Office puts a password-protected file in
CORE_PROPS = "docProps/core.xml"
DCTERMS = "{http://purl.org/dc/terms/}"
WORKBOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin")
KIND_SHEETS = {name for texts in [k.sheets for k in (DEALS, STAGES, REPS, WEEKLY)] + [PLAN_SHEETS]
               for text in texts for name in (text.zh, text.en)}
MAIN_SHEETS = {name for kind in (DEALS, WEEKLY) for text in kind.sheets for name in (text.zh, text.en)}
TEXT_CUT = Text(f"文字超过 Excel 单元格上限 {EXCEL_CELL_CHARS:,} 个字符,已截断",
                f"text longer than Excel's {EXCEL_CELL_CHARS:,}-character cell limit: cut")
SHOWN_CHARS = 40  # of a cut text, in the problem that reports it
METADATA_UNREADABLE = Text("文件属性无法读取(已按未知处理)", "document properties cannot be read (taken as unknown)")


@dataclass
class ReadBook(SourceBook):
    """A SourceBook as read from a file, with what reading had to change in it."""

    notes: list[Problem] = field(default_factory=list)  # warnings, e.g. texts cut at Excel's cell limit

    # A reading worker pickles the book to send it back (xlsales.isolation). A date object pickles through a
    # Python-level reduce call: of a 500-deal file's pickling, four fifths went on its 2,000 dates. So dates
    # cross as day numbers with their positions, and become the same date objects again on arrival.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("heads", None)  # worked out again where needed (SourceBook.heads)
        state["sheets"] = {name: _dates_as_days(rows) for name, rows in self.sheets.items()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["sheets"] = {name: _days_as_dates(*packed) for name, packed in state["sheets"].items()}
        self.__dict__.update(state)


_DATE = dt.date


def _dates_as_days(rows: list[list[Any]]) -> tuple[list[list[Any]], list[int]]:
    """(rows with each date as its day number, [row, column, row, column...] of those dates); rows without a
    date are the same lists (nothing is copied that need not be, nothing of `rows` is changed)."""
    out, where = [], []
    for r, row in enumerate(rows):
        dates = [c for c, v in enumerate(row) if v.__class__ is _DATE]  # exactly date: datetimes stay as they are
        if dates:
            row = list(row)
            for c in dates:
                row[c] = row[c].toordinal()
                where += (r, c)
        out.append(row)
    return out, where


def _days_as_dates(rows: list[list[Any]], where: list[int]) -> list[list[Any]]:
    from_days = _DATE.fromordinal
    for r, c in zip(where[::2], where[1::2]):
        rows[r][c] = from_days(rows[r][c])
    return rows


def read_source(name: str, data: bytes, file_modified: dt.datetime | None = None, limits: L.Limits = L.DEFAULT,
                full_scan: bool = True) -> ReadBook:
    """Never raises for a bad file: the returned book's `failure` says what is wrong with it."""
    book = ReadBook(without_surrogates(name), {}, file_modified=file_modified)
    if data[:8] == OLE_MAGIC:
        if ENCRYPTED_STREAM in data:
            book.failure = S.ENCRYPTED
            return book
    elif data[:4] not in ZIP_MAGICS:
        book.failure = S.NOT_EXCEL
        return book
    try:
        if data[:4] in ZIP_MAGICS:
            with L.open_package(data, limits) as archive:
                if not set(archive.namelist()) & set(WORKBOOK_PARTS):
                    book.failure = S.NOT_EXCEL
                    return book
                book.modified, book.stamp, book.notes = _metadata(archive)
                book.sheets = sheet_values(data, limits, _wanted, full_scan, archive)
        else:
            book.sheets = sheet_values(data, limits, _wanted, full_scan)
    except (L.LimitExceeded, UnreadableWorkbook) as error:
        book.failure, book.notes = error.reason, []  # the failure says all: nothing of the file is used
        return book
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        book.failure, book.notes = S.DAMAGED, []
        return book
    book.notes += _cut_long_texts(book.sheets)
    return book


def _wanted(names: list[str]) -> list[str]:
    wanted = [n for n in names if n in KIND_SHEETS]
    return wanted if MAIN_SHEETS & set(wanted) else names  # renamed sheets or a foreign layout: every sheet


def _cut_long_texts(sheets: dict[str, list[list[Any]]]) -> list[Problem]:
    """Cut every text past Excel's cell limit (the team workbook could not hold it), each cut a warning."""
    longest = EXCEL_CELL_CHARS // 2  # a text of fewer code points cannot reach the limit in UTF-16 units
    if not _any_longer(sheets, longest):
        return []  # nearly always: this one pass is all it costs
    notes = []
    for sheet, rows in sheets.items():
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value.__class__ is str and len(value) > longest:
                    row[c], cut = cut_to_cell(value)
                    if cut:
                        notes.append(Problem(sheet, cell_address(r, c), TEXT_CUT.zh, TEXT_CUT.en,
                                             value[:SHOWN_CHARS] + "…", severity="warning"))
    return notes


def _any_longer(sheets: dict[str, list[list[Any]]], length: int) -> bool:
    for rows in sheets.values():
        for row in rows:
            for value in row:
                if value.__class__ is str and len(value) > length:
                    return True
    return False


def _metadata(archive: zipfile.ZipFile) -> tuple[dt.datetime | None, dict[str, str], list[Problem]]:
    """(saved time, xlsales stamp, a warning for each document-properties part that is there but unreadable: a
    bomb, entities, a time UTC cannot hold...). Whatever is wrong there makes that field unknown, nothing more."""
    names = set(archive.namelist())
    core, custom = L.metadata(archive, CORE_PROPS), L.metadata(archive, CUSTOM_PROPS)
    saved = core.find(f"{DCTERMS}modified") if core is not None else None
    modified = utc(saved.text) if saved is not None and saved.text else None
    unreadable = [part for part, broken in ((CORE_PROPS, core is None or (saved is not None and modified is None)),
                                            (CUSTOM_PROPS, custom is None)) if part in names and broken]
    notes = [Problem(part, "", METADATA_UNREADABLE.zh, METADATA_UNREADABLE.en, severity="warning")
             for part in unreadable]
    return modified, stamp_of(custom), notes


def utc(value: Any) -> dt.datetime | None:
    """An ISO time (or datetime) as naive UTC; None if it is not one, or not one UTC can hold (year 1, east of it)."""
    try:
        stamp_ = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value).strip())
        return stamp_.astimezone(dt.timezone.utc).replace(tzinfo=None) if stamp_.tzinfo else stamp_
    except (ValueError, OverflowError):
        return None


def file_time(seconds: float) -> dt.datetime:
    """A file system modification time (seconds since the epoch) as naive UTC."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)
