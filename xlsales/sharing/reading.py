"""One input file's bytes -> what the roll-up needs (sheet values, stamp, saved time), or why it cannot be used.

Works on bytes, never on paths, so the same code runs in the command line and inside xlwings
Lite (files imported into Lite's /data folder). Values are read with python-calamine (cached
values only, nothing evaluated, nothing written). Only the sheets our templates keep the
tables on are read; a workbook without them (renamed sheets, a foreign layout) is read whole
and searched by header.
"""

import datetime as dt
import io
import zipfile
import zlib
from typing import Any

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook

from xlsales.book import stamp
from xlsales.i18n import Text
from xlsales.sharing import layout as S
from xlsales.sharing.kinds import DEALS, PLAN_SHEETS, REPS, STAGES, WEEKLY
from xlsales.sharing.rollup import SourceBook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: legacy .xls, or an encrypted xlsx
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # what Office puts a password-protected file in
CORE_PROPS = "docProps/core.xml"
DCTERMS = "{http://purl.org/dc/terms/}"
WORKBOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin")
KIND_SHEETS = {name for texts in [k.sheets for k in (DEALS, STAGES, REPS, WEEKLY)] + [PLAN_SHEETS]
               for text in texts for name in (text.zh, text.en)}
MAIN_SHEETS = {name for kind in (DEALS, WEEKLY) for text in kind.sheets for name in (text.zh, text.en)}


def read_source(name: str, data: bytes, file_modified: dt.datetime | None = None) -> SourceBook:
    """Never raises for a bad file: the returned book's `failure` says what is wrong with it."""
    book = SourceBook(name, {}, file_modified=file_modified)
    if data[:8] == OLE_MAGIC:
        if ENCRYPTED_STREAM in data:
            book.failure = S.ENCRYPTED
            return book
    elif data[:4] not in ZIP_MAGICS:
        book.failure = S.NOT_EXCEL
        return book
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if not names & set(WORKBOOK_PARTS):
                    book.failure = S.NOT_EXCEL
                    return book
                book.modified = _saved_time(archive.read(CORE_PROPS)) if CORE_PROPS in names else None
            book.stamp = stamp(io.BytesIO(data))  # type: ignore[arg-type]  # ZipFile takes a file object too
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, KeyError):
            book.failure = S.DAMAGED
            return book
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        wanted = [n for n in workbook.sheet_names if n in KIND_SHEETS]
        if not MAIN_SHEETS & set(wanted):  # renamed sheets or a foreign layout: search every sheet
            wanted = list(workbook.sheet_names)
        book.sheets = {n: workbook.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wanted}
    except Exception as error:  # calamine raises several types for damaged or foreign content
        book.failure = S.DAMAGED if data[:4] in ZIP_MAGICS else Text(S.UNREADABLE.zh.format(error=error),
                                                                      S.UNREADABLE.en.format(error=error))
        book.sheets = {}
    return book


def _saved_time(xml: bytes) -> dt.datetime | None:
    """dcterms:modified as naive UTC (None when absent or not a time)."""
    try:
        element = ElementTree.fromstring(xml).find(f"{DCTERMS}modified")
    except ElementTree.ParseError:
        return None
    return utc(element.text) if element is not None and element.text else None


def utc(value: Any) -> dt.datetime | None:
    """An ISO time (or datetime) as naive UTC; None if it is not one."""
    try:
        stamp_ = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return stamp_.astimezone(dt.timezone.utc).replace(tzinfo=None) if stamp_.tzinfo else stamp_


def file_time(seconds: float) -> dt.datetime:
    """A file system modification time (seconds since the epoch) as naive UTC."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)
