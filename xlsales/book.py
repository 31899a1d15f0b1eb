"""Reading users' workbooks: cell values by sheet (python-calamine) and the xlsales stamp, within limits.

calamine reads a 20-sheet workbook about 14× faster than openpyxl (design.md) and never
evaluates or writes anything; inputs are opened read-only and never saved. Workbooks come from
anyone, so nothing reaches calamine before xlsales.limits has checked it (see there in what
order), and the `xlsales check` command reads in a child process (xlsales.isolation).
"""

import io
import re
import zipfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Callable, Iterator

from python_calamine import CalamineWorkbook

from xlsales import limits as L
from xlsales.deflate import inflate
from xlsales.i18n import Text
from xlsales.problems import ReasonError, column_number
from xlsales.sharing.layout import DAMAGED, NOT_EXCEL, UNREADABLE  # the words the roll-up's sources sheet shows
from xlsales.sheets import TableExtent

CUSTOM_PROPS = "docProps/custom.xml"
VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: legacy .xls, or an encrypted xlsx
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
XLSB_WORKBOOK = "xl/workbook.bin"
Rows = list[list[Any]]


class UnreadableWorkbook(ReasonError):
    """The file is not a workbook we can read; `reason` says why in Chinese and English."""


def read_sheets(path: Path, limits: L.Limits = L.DEFAULT) -> dict[str, Rows]:
    """Every sheet's values from A1 (blank cells as None), keyed by sheet name.

    Read in a child process where there can be one. Raises OSError when the file cannot be opened,
    UnreadableWorkbook (naming the file) when it is not a workbook we can read, too large ones included.
    """
    from xlsales import isolation  # the command line's; never bundled into a workbook

    with open(path, "rb"):  # missing, a folder, no permission: the OS's own error, before any child starts
        pass
    outcome = isolation.run([(_sheets_of_path, (str(path), limits))], limits)[0]
    reason = outcome.reason if isinstance(outcome, (isolation.Failed, UnreadableWorkbook)) else None
    if reason is not None:
        raise UnreadableWorkbook(Text(f"无法读取工作簿 {path.name}: {reason.zh}",
                                      f"cannot read workbook {path.name}: {reason.en}"))
    return outcome


def _sheets_of_path(path: str, limits: L.Limits, memory_limited: bool = False) -> dict[str, Rows] | UnreadableWorkbook:
    """In the child: the sheets, or the reason they cannot be read (returned, not raised, to cross the pipe)."""
    try:
        L.check_file_size(Path(path).stat().st_size, limits)
        data = Path(path).read_bytes()
        sheets = sheet_values(data, limits, full_scan=not memory_limited)
    except L.LimitExceeded as error:
        return UnreadableWorkbook(error.reason)
    except UnreadableWorkbook as error:
        return error
    except OSError as error:
        return UnreadableWorkbook(L.say(UNREADABLE, error=error.strerror or str(error)))
    return {name: [[None if v == "" else v for v in row] for row in rows] for name, rows in sheets.items()}


def sheet_values(data: bytes, limits: L.Limits = L.DEFAULT, choose: Callable[[list[str]], list[str]] = list,
                 full_scan: bool = True, package: zipfile.ZipFile | None = None) -> dict[str, Rows]:
    """The values (blank as "", as calamine gives them) of the sheets `choose` picks from the sheet names.

    `full_scan`: decompress and scan every part calamine will read before calamine does (see
    xlsales.limits); needed wherever nothing limits this process's memory, skipped in a child process
    that has a memory limit. `package`: `data` already opened by xlsales.limits.open_package. Raises
    LimitExceeded (too large, or damaged in a way found before reading) and UnreadableWorkbook (not a
    workbook, or calamine refused it).
    """
    is_zip = data[:4] in ZIP_MAGICS
    if not is_zip and data[:8] != OLE_MAGIC:
        raise UnreadableWorkbook(NOT_EXCEL)
    with ExitStack() as opened:
        archive, parts, checked = None, {}, None  # checked: the sheets whose parts passed the limits (None: not a zip)
        if is_zip:  # the package is opened once: checked, then scanned for error cells after calamine read it
            try:
                archive = package if package is not None else opened.enter_context(L.open_package(data, limits))
                parts = L.sheet_parts(archive)
                checked = _check_package(archive, parts, limits, choose, full_scan)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError) as error:
                raise UnreadableWorkbook(DAMAGED) from error
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            names = [n for n in choose(list(workbook.sheet_names)) if checked is None or n in checked]
            sizes = L.SheetSizes(limits)
            out = {}
            for name in names:
                sheet = workbook.get_sheet_by_name(name)
                end = sheet.end or (-1, -1)  # to_python(skip_empty_area=False) starts at A1
                sizes.check(name, end[0] + 1, end[1] + 1)
                out[name] = sheet.to_python(skip_empty_area=False)
        except L.LimitExceeded:
            raise
        except Exception as error:  # calamine raises several types for damaged or foreign content
            raise UnreadableWorkbook(DAMAGED if is_zip else L.say(UNREADABLE, error=error)) from error
        if archive is not None:
            _show_errors(data, archive, parts, out)
    return out


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # a namespace prefix some writers put on every element (x:c)
_ROW_OR_CELL = re.compile(rb"<" + _PREFIX + rb"(row|c)\b([^>]*?)(?P<closed>/?)>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]+)(\d+)["']""")
_IS_ERROR = re.compile(rb"""\bt\s*=\s*["']e["']""")
_ERROR_CELL = re.compile(rb"<" + _PREFIX + rb"""c\b([^>]*?\bt\s*=\s*["']e["'][^>]*?)(?P<closed>/?)>""")
_CELL_END = re.compile(rb"</" + _PREFIX + rb"c>")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>([^<]*)</" + _PREFIX + rb"v>")
UNNAMED_ERROR = "#VALUE!"  # an error cell that does not say which error (no value written)


def error_cells(xml: bytes) -> Iterator[tuple[int, int, str]]:
    """(row, column, error text), 0-based, of each cell of a sheet part that holds an error. Read as the format
    allows it to be written: either quote, spaces around `=`, a namespace prefix, and rows and cells without
    their optional `r` (then each follows the one before, as calamine places them)."""
    errors = list(_ERROR_CELL.finditer(xml))
    refs = [_CELL_REF.search(tag.group(1)) for tag in errors]
    if all(refs):  # the usual: each error cell says where it is
        for tag, ref in zip(errors, refs):
            yield int(ref.group(2)) - 1, column_number(ref.group(1).decode()) - 1, _error_text(xml, tag)
        return
    row, col = -1, -1  # else every row and cell, in order
    for tag in _ROW_OR_CELL.finditer(xml):
        name, attributes = tag.group(1), tag.group(2)
        if name == b"row":
            number = _ROW_NUMBER.search(attributes)
            row, col = (int(number.group(1)) - 1 if number else row + 1), -1
            continue
        ref = _CELL_REF.search(attributes)
        row, col = (int(ref.group(2)) - 1, column_number(ref.group(1).decode()) - 1) if ref else (row, col + 1)
        if _IS_ERROR.search(attributes):
            yield row, col, _error_text(xml, tag)


def _error_text(xml: bytes, tag: re.Match[bytes]) -> str:
    """The error an error cell's start tag opens: its value up to the cell's end."""
    if tag.group("closed"):  # <c t="e"/>
        return UNNAMED_ERROR
    end = _CELL_END.search(xml, tag.end())
    value = _VALUE.search(xml, tag.end(), end.start() if end else len(xml))
    return value.group(1).decode("utf-8", "replace") if value else UNNAMED_ERROR


def _show_errors(data: bytes, archive: zipfile.ZipFile, parts: dict[str, list[str]], sheets: dict[str, Rows]) -> None:
    """Cells holding an error (#N/A, #DIV/0!...) as their error text: calamine reads them as blank, and a blank
    would be reported as "required" (or, in a column that may be empty, not at all) where the cell in fact holds
    an error. `archive`: `data` opened; `parts`: L.sheet_parts(archive)."""
    for name, rows in sheets.items():
        for part in parts.get(name, [])[:1]:
            xml = inflate(data, archive.getinfo(part))  # its size passed the limits before calamine read it
            if b'"e"' not in xml and b"'e'" not in xml:  # no cell says t="e" (the fast test; most files)
                continue
            for r, c, error in error_cells(xml):
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = error


def read_tables(path: Path) -> dict[str, TableExtent]:
    """Where each Excel table of the file is (what `check` needs to tell rows inside a table from rows typed
    below it); empty when the file has none or they cannot be read. Call it after `read_sheets` accepted the
    file: only the small table parts are read then, within the limits the file already passed."""
    try:
        book = CalamineWorkbook.from_path(str(path), load_tables=True)
        tables = {}
        for name in book.table_names:
            table = book.get_table_by_name(name)
            (first_row, first_col), (last_row, last_col) = table.start, table.end
            # calamine's start is the first data row (0-based); the header is the row above it
            tables[name] = TableExtent(table.sheet, first_row, last_row + 1, first_col + 1, last_col + 1)
        return tables
    except Exception:  # a file calamine reads without its tables: check then reads sheets whole
        return {}


def _check_package(archive: zipfile.ZipFile, parts: dict[str, list[str]], limits: L.Limits,
                   choose: Callable[[list[str]], list[str]], full_scan: bool) -> set[str] | None:
    """The sheets to read, once their parts passed the limits (None: an xlsb, whose binary sheets are not
    scanned: the zip directory's limits and, on the command line, the reading process's hold)."""
    if not parts and XLSB_WORKBOOK in archive.namelist():
        if full_scan:
            L.verify_parts(archive, archive.namelist())
        return None
    if not parts:
        raise UnreadableWorkbook(NOT_EXCEL)
    if full_scan:
        L.verify_parts(archive, L.reader_parts(archive))
    names = [n for n in choose(list(parts)) if n in parts]
    claims, scans = L.SheetSizes(limits), L.SheetSizes(limits)
    for name in names:
        for part in parts[name]:
            claim = L.claimed(archive, part)
            if claim is not None:
                claims.check(name, *claim, claimed=True)
        if full_scan:
            extents = [L.cell_extent(archive, part) for part in parts[name]]
            scans.check(name, max((e[0] for e in extents), default=0), max((e[1] for e in extents), default=0))
    return set(names)


def stamp(source: Path | zipfile.ZipFile, limits: L.Limits = L.DEFAULT) -> dict[str, str]:
    """The xlsales.* custom document properties a template carries (empty for a foreign file, and whenever
    anything about that part is wrong: it is metadata, see xlsales.limits.metadata)."""
    if isinstance(source, zipfile.ZipFile):
        return stamp_of(L.metadata(source, CUSTOM_PROPS))
    try:
        with open(source, "rb") as handle, L.open_package(handle, limits) as archive:
            return stamp_of(L.metadata(archive, CUSTOM_PROPS))
    except (L.LimitExceeded, zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        return {}


def stamp_of(custom: Any) -> dict[str, str]:
    """The xlsales.* properties in a parsed docProps/custom.xml (None: none)."""
    props: dict[str, str] = {}
    for prop in custom if custom is not None else []:
        name = prop.get("name", "")
        if isinstance(name, str) and name.startswith("xlsales."):
            value = prop.find(f"{VT}lpwstr")
            props[name.removeprefix("xlsales.")] = value.text if value is not None and value.text else ""
    return props
