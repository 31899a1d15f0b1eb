"""How much one workbook from anyone may make us read, decided before anything is decompressed.

An xlsx is a zip, and a zip can claim anything: a few kilobytes can unpack to gigabytes of spaces (a zip
bomb); a sheet can put one cell at A1 and one at XFD1048576 (python-calamine then allocates 17 billion
cells and the process aborts); a part can declare one size in the zip directory and unpack to another.
So a workbook is opened in this order:

1. the zip's central directory, before any part is decompressed: its size, the number of parts,
   duplicated part names, the total unpacked size and each part's compression ratio (`open_package`);
2. the workbook's structure (workbook.xml and its relationships, small, parsed with defusedxml) to find
   the parts of the sheets that will be read, and each one's `<dimension>` claim (`sheet_parts`, `claimed`);
3. where nothing limits the reader's memory (xlwings Lite runs Pyodide, which has no child processes;
   also macOS and Windows), every part python-calamine will read is first decompressed here, in a
   stream cut at its declared size and checked against its CRC, and each sheet's cells are scanned for
   their real extent (`verify_parts`, `cell_extent`). On Linux the command line reads each file in a
   child process with a memory and a time limit instead (`xlsales.isolation`);
4. after python-calamine has built a sheet's range and before any Python value is made, its real size
   (`check_sheet`).

Metadata (docProps/*) is read with its own small limit: whatever is wrong there makes that field
unknown, never the file unreadable (`metadata`).
"""

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any, Iterable, Iterator

from defusedxml import ElementTree

from xlsales.i18n import Text
from xlsales.problems import ReasonError

MB = 2**20
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384  # an Excel sheet's size: more cannot come from Excel
MAX_PARTS = 10_000  # a workbook with many sheets and images has a few hundred
MAX_DIRECTORY_BYTES = 4 * MB  # the zip's central directory (about 80 bytes a part)
RATIO_FROM_BYTES = MB  # parts smaller than this are not bombs, however well they compress
METADATA_BYTES = MB  # docProps/core.xml, custom.xml, app.xml: a few kilobytes in real files
STRUCTURE_BYTES = 16 * MB  # workbook.xml (sheets, defined names) and its relationships
METADATA_FOLDER = "docProps/"
LONGEST_TAG = MB  # an XML start tag longer than this is not from a spreadsheet program
SCAN_CHUNK = 4 * MB
DIMENSION_WITHIN = 16 * 1024  # <dimension> comes second in a sheet, after the small <sheetPr>


@dataclass(frozen=True)
class Limits:
    """Per input file. The defaults, and why, are in the README ("Files from anyone: limits")."""

    unpacked_mb: float = 512  # total unpacked size of the parts (docProps aside), and the file's own size
    ratio: float = 100  # unpacked : packed, for each part of RATIO_FROM_BYTES or more
    rows: int = EXCEL_ROWS  # of any sheet read
    columns: int = EXCEL_COLUMNS
    cells: int = 5_000_000  # rows x columns of the sheets read, summed (each counted from A1)
    seconds: float = 60  # wall clock to read the file (child process only)
    memory_mb: float = 1024  # memory the reading process may add (child process on Linux only)


DEFAULT = Limits()

# Why a file is too large or damaged ("skipped: ..."); each limit names the flag that raises it.
TOO_LARGE = Text("文件太大: {what}", "too large: {what}")
DAMAGED = Text("文件已损坏: {what}", "damaged file: {what}")
_UNPACKED = Text("解压后 {size:,.0f} MB,超过上限 {limit:,.0f} MB(--max-unpacked-mb)",
                 "unpacks to {size:,.0f} MB, over the {limit:,.0f} MB limit (--max-unpacked-mb)")
_FILE_SIZE = Text("文件 {size:,.0f} MB,超过上限 {limit:,.0f} MB(--max-unpacked-mb)",
                  "the file is {size:,.0f} MB, over the {limit:,.0f} MB limit (--max-unpacked-mb)")
_RATIO = Text("部件 {part} 压缩比 {ratio:,.0f}:1,超过上限 {limit:,.0f}:1,疑似压缩炸弹(--max-ratio)",
              "part {part} is packed {ratio:,.0f}:1, over the {limit:,.0f}:1 limit, like a zip bomb (--max-ratio)")
_PARTS = Text("包含 {count:,} 个部件,超过上限 {limit:,}", "{count:,} parts, over the limit of {limit:,}")
_DIRECTORY = Text("zip 目录 {size:,.1f} MB,部件过多", "a zip directory of {size:,.1f} MB: far too many parts")
_PART_SIZE = Text("部件 {part} 解压后 {size:,.0f} MB,超过上限 {limit:,.0f} MB",
                  "part {part} unpacks to {size:,.0f} MB, over the {limit:,.0f} MB limit")
_ROWS = Text("工作表「{sheet}」{how} {count:,} 行,超过上限 {limit:,} 行(--max-rows)",
             "sheet '{sheet}' {how} {count:,} rows, over the {limit:,}-row limit (--max-rows)")
_COLUMNS = Text("工作表「{sheet}」{how} {count:,} 列,超过上限 {limit:,} 列(--max-columns)",
                "sheet '{sheet}' {how} {count:,} columns, over the {limit:,}-column limit (--max-columns)")
_CELLS = Text("读取的工作表共有 {count:,} 个单元格(行 × 列),超过上限 {limit:,}(--max-cells)",
              "the sheets read have {count:,} cells (rows x columns), over the {limit:,}-cell limit (--max-cells)")
_CLAIMED_CELLS = Text("工作表「{sheet}」声明有 {count:,} 个单元格(行 × 列),超过上限 {limit:,}(--max-cells)",
                      "sheet '{sheet}' claims {count:,} cells (rows x columns), over the {limit:,}-cell limit "
                      "(--max-cells)")
_HAS, _CLAIMS = Text("有", "has"), Text("声明有", "claims")  # the real extent, or the <dimension> element's claim
_TWICE = Text("部件 {part} 出现了两次", "the part {part} is there twice")
_LONG_TAG = Text("部件 {part} 中有超过 1 MB 的 XML 标记", "part {part} holds an XML tag over 1 MB long")
_BAD_REF = Text("部件 {part} 中的单元格地址 {ref} 无效", "part {part} holds an invalid cell reference {ref}")
_UNPACKING = Text("部件 {part} 无法解压({error})", "part {part} cannot be unpacked ({error})")


class LimitExceeded(ReasonError):
    """The file is too large, or damaged in a way found before reading it; `reason` says which in both languages."""


def say(template: Text, **values: Any) -> Text:
    """`template` filled in: a Text value gives its Chinese to the Chinese line and its English to the English."""
    def side(index: int) -> dict[str, Any]:
        return {k: v[index] if isinstance(v, Text) else v for k, v in values.items()}

    return Text(template.zh.format(**side(0)), template.en.format(**side(1)))


def too_large(template: Text, **values: Any) -> LimitExceeded:
    return LimitExceeded(say(TOO_LARGE, what=say(template, **values)))


def damaged(template: Text, **values: Any) -> LimitExceeded:
    return LimitExceeded(say(DAMAGED, what=say(template, **values)))


# ---------------------------------------------------------------------------------------------
# 1. the zip directory

def check_file_size(size: int, limits: Limits) -> None:
    """Before a file is read into memory at all."""
    if size > limits.unpacked_mb * MB:
        raise too_large(_FILE_SIZE, size=size / MB, limit=limits.unpacked_mb)


def open_package(data: bytes | IO[bytes], limits: Limits) -> zipfile.ZipFile:
    """The zip, once its central directory passes the limits. Raises LimitExceeded, or zipfile.BadZipFile
    (and OSError, EOFError) for what is not a zip."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    directory = _directory_size(stream)
    if directory > MAX_DIRECTORY_BYTES:
        raise too_large(_DIRECTORY, size=directory / MB)
    archive = zipfile.ZipFile(stream)
    try:
        check_parts(archive.infolist(), limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_parts(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Number of parts, names given twice, total unpacked size and each part's ratio, as the directory declares them.
    Metadata parts are left to `metadata`, which makes a field unknown rather than the file unusable."""
    if len(infos) > MAX_PARTS:
        raise too_large(_PARTS, count=len(infos), limit=MAX_PARTS)
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename.casefold()  # part names are case-insensitive (Open Packaging Conventions)
        if name in seen:
            raise damaged(_TWICE, part=info.filename)
        seen.add(name)
        if name.startswith(METADATA_FOLDER.casefold()):
            continue
        total += info.file_size
        if info.file_size >= RATIO_FROM_BYTES and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise too_large(_RATIO, part=info.filename, ratio=info.file_size / max(info.compress_size, 1),
                            limit=limits.ratio)
    if total > limits.unpacked_mb * MB:
        raise too_large(_UNPACKED, size=total / MB, limit=limits.unpacked_mb)


def _directory_size(stream: IO[bytes]) -> int:
    """The central directory's size from the end-of-directory record (zip64 too), before zipfile reads it;
    0 when there is no such record (zipfile then says it is not a zip)."""
    stream.seek(0, io.SEEK_END)
    length = stream.tell()
    stream.seek(max(0, length - 22 - 65_535))
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return 0
    size = struct.unpack("<L", tail[at + 12:at + 16])[0]
    locator = tail[at - 20:at] if at >= 20 else b""
    if size == 0xFFFFFFFF and locator[:4] == b"PK\x06\x07":
        stream.seek(struct.unpack("<Q", locator[8:16])[0])
        record = stream.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            size = struct.unpack("<Q", record[40:48])[0]
    return size


# ---------------------------------------------------------------------------------------------
# metadata

def metadata(archive: zipfile.ZipFile, name: str) -> Any | None:
    """The parsed XML of a docProps part, or None when it is missing or anything about it is wrong."""
    try:
        info = archive.getinfo(name)
        if info.file_size > METADATA_BYTES:
            return None
        return ElementTree.fromstring(archive.read(info))
    except Exception:  # bomb, entities, bad CRC, bad XML, unknown compression: the field is unknown, nothing more
        return None


# ---------------------------------------------------------------------------------------------
# 2. the workbook's structure

NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DEFAULT_WORKBOOK = "xl/workbook.xml"


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Sheet name -> every part a reader might take for it, in sheet order.

    Readers differ on odd files (a relationship id given twice, a target given as absolute or relative),
    and python-calamine is not asked which part it reads; so every reading is listed, and whatever limit
    applies to a sheet applies to each of its parts.
    """
    names = set(archive.namelist())
    out: dict[str, list[str]] = {}
    for workbook in _workbook_parts(archive, names):
        targets = _relationships(archive, workbook, names)
        for element in _parse(archive, workbook).iter():
            if _local(element.tag) != "sheet":
                continue
            ids = [v for k, v in element.attrib.items() if _local(k) == "id"]
            name = element.get("name", "")
            out[name] = list(dict.fromkeys(out.get(name, []) + [p for i in ids for p in targets.get(i, [])]))
    return out


def reader_parts(archive: zipfile.ZipFile) -> list[str]:
    """The parts python-calamine reads on opening a workbook, before any sheet: the package and workbook
    relationships, the workbook, and what the workbook points at other than sheets (styles, shared strings...)."""
    names = set(archive.namelist())
    sheets = {p for ps in sheet_parts(archive).values() for p in ps}
    parts = [n for n in ("_rels/.rels", "xl/sharedStrings.xml", "xl/styles.xml") if n in names]
    for workbook in _workbook_parts(archive, names):
        parts += [workbook, *[p for p in [_rels_name(workbook)] if p in names]]
        parts += [p for targets in _relationships(archive, workbook, names).values() for p in targets
                  if p not in sheets]
    return list(dict.fromkeys(parts))


def _workbook_parts(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    found = [DEFAULT_WORKBOOK] if DEFAULT_WORKBOOK in names else []
    for targets in _relationships(archive, "", names, REL_OFFICE_DOCUMENT).values():
        found += [t for t in targets if t not in found]
    return found


def _relationships(archive: zipfile.ZipFile, part: str, names: set[str], kind: str | None = None
                   ) -> dict[str, list[str]]:
    """Relationship id -> the existing parts its target may mean (relative to the part's folder, or to the root)."""
    rels = _rels_name(part)
    if rels not in names:
        return {}
    folder = part.rpartition("/")[0]
    out: dict[str, list[str]] = {}
    for element in _parse(archive, rels).iter():
        if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
            continue
        if kind is not None and element.get("Type") != kind:
            continue
        target = element.get("Target", "")
        readings = [resolve(folder, target), resolve("", target), resolve("xl", target)]
        rel_id = element.get("Id", "")
        out[rel_id] = list(dict.fromkeys(out.get(rel_id, []) + [r for r in readings if r in names]))
    return out


def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def resolve(folder: str, target: str) -> str:
    """A relationship's target as a part name: relative to `folder` unless it starts with "/"; never above the root."""
    pieces: list[str] = [] if target.startswith("/") else [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if pieces:
                pieces.pop()
        elif piece not in ("", "."):
            pieces.append(piece)
    return "/".join(pieces)


def _parse(archive: zipfile.ZipFile, part: str) -> Any:
    info = archive.getinfo(part)
    if info.file_size > STRUCTURE_BYTES:
        raise too_large(_PART_SIZE, part=part, size=info.file_size / MB, limit=STRUCTURE_BYTES / MB)
    try:
        return ElementTree.fromstring(_read(archive, info))
    except (ElementTree.ParseError, ValueError) as error:  # defusedxml's refusals are ValueErrors
        raise damaged(_UNPACKING, part=part, error=type(error).__name__) from error


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes: zipfile stops at the declared size and checks the CRC, so a part cannot unpack to more."""
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise damaged(_UNPACKING, part=info.filename, error=str(error)[:80]) from error


# ---------------------------------------------------------------------------------------------
# sizes of sheets: claimed, scanned, built

_DIMENSION = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def claimed(archive: zipfile.ZipFile, part: str) -> tuple[int, int] | None:
    """(last row, last column) that the sheet's `<dimension>` element claims; None without a readable one."""
    try:
        with archive.open(part) as stream:
            head = stream.read(DIMENSION_WITHIN)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, KeyError):
        return None  # the reader will say the part is damaged
    match = _DIMENSION.search(head)
    if match is None:
        return None
    corners = [_cell(ref) for ref in match.group(1).decode("ascii", "replace").split(":")]
    if any(c is None for c in corners):
        return None
    return max(c[0] for c in corners), max(c[1] for c in corners)  # type: ignore[index]


def _cell(ref: str) -> tuple[int, int] | None:
    """(row, column), 1-based, of an A1 reference; None when it is not one."""
    match = _REF.match(ref.strip())
    return None if match is None else (int(match.group(2)), _column(match.group(1)))


def _column(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


class SheetSizes:
    """Rows and columns of each sheet read, checked against the limits as they are learnt."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.cells = 0

    def check(self, sheet: str, rows: int, columns: int, claimed: bool = False) -> None:
        """A sheet's real extent adds to the file's cells; one its `<dimension>` `claimed` is checked on its own."""
        limits = self.limits
        if rows > limits.rows:
            raise too_large(_ROWS, sheet=sheet, how=_CLAIMS if claimed else _HAS, count=rows, limit=limits.rows)
        if columns > limits.columns:
            raise too_large(_COLUMNS, sheet=sheet, how=_CLAIMS if claimed else _HAS, count=columns,
                            limit=limits.columns)
        cells = rows * columns + (0 if claimed else self.cells)
        if cells > limits.cells:
            raise (too_large(_CLAIMED_CELLS, sheet=sheet, count=cells, limit=limits.cells) if claimed
                   else too_large(_CELLS, count=cells, limit=limits.cells))
        if not claimed:
            self.cells = cells


_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|row)(?=[\s/>])([^>]*)>")
_R_ATTRIBUTE = re.compile(rb"""\sr\s*=\s*(["'])(.*?)\1""", re.DOTALL)
# What spreadsheet programs write: every cell `<c r="A1"`, no namespace prefix. Then one C-level pass finds them all.
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_OTHER_CELL = re.compile(rb'<c(?:[\t\n\r/>]| (?!r="[A-Z]))')
_PREFIXED = (b":c ", b":c>", b":c/", b":c\t", b":c\n", b":c\r", b":row")


def cell_extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(last row, last column) holding a cell in a sheet part, from its XML, without building anything.

    Read in chunks, cut at the declared size and CRC-checked (a part cannot unpack to more than the zip
    directory says). A cell with an `r` attribute is where it says; one without follows the cell before
    it in its row, and a row without `r` follows the row before it, as spreadsheet readers place them.
    """
    try:
        chunks = _tag_chunks(archive, part)
        extent = _plain_extent(chunks)
        return extent if extent is not None else _any_extent(_tag_chunks(archive, part), part)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise damaged(_UNPACKING, part=part, error=str(error)[:80]) from error


def _tag_chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's XML in pieces that never split a tag."""
    carry = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(SCAN_CHUNK)
            buffer = carry + chunk
            start = buffer.rfind(b"<")
            cut = start if chunk and start >= 0 and buffer.find(b">", start) < 0 else len(buffer)
            carry = buffer[cut:]
            if len(carry) > LONGEST_TAG:
                raise damaged(_LONG_TAG, part=part)
            yield buffer[:cut]
            if not chunk:
                return


def _plain_extent(chunks: Iterable[bytes]) -> tuple[int, int] | None:
    """The extent when every cell is written `<c r="A1"` (None otherwise: then every tag must be read)."""
    rows, columns = {b"0"}, {b""}
    for chunk in chunks:
        if _OTHER_CELL.search(chunk) or any(p in chunk for p in _PREFIXED):
            return None
        found = _PLAIN_CELL.findall(chunk)
        if found:
            letters, digits = zip(*found)
            columns.update(letters)
            rows.update(digits)
    return max(map(int, rows)), max(_column(c.decode()) for c in columns)


def _any_extent(chunks: Iterable[bytes], part: str) -> tuple[int, int]:
    last_row = last_column = row = column = 0
    for chunk in chunks:
        for match in _TAG.finditer(chunk):
            reference = _R_ATTRIBUTE.search(match.group(2))
            if match.group(1) == b"row":
                row = int(reference.group(2)) if reference and reference.group(2).isdigit() else row + 1
                column = 0
                continue
            if reference is None:
                column += 1
            else:
                place = _cell(reference.group(2).decode("ascii", "replace"))
                if place is None:
                    raise damaged(_BAD_REF, part=part, ref=reference.group(2)[:20].decode("ascii", "replace"))
                row, column = place
            last_row, last_column = max(last_row, row), max(last_column, column)
    return last_row, last_column


def verify_parts(archive: zipfile.ZipFile, parts: Iterable[str]) -> None:
    """Decompress each part (cut at its declared size, CRC-checked) and throw the bytes away: after this, a reader
    that trusts neither can still not be handed more than the directory declared."""
    for part in parts:
        try:
            with archive.open(part) as stream:
                while stream.read(SCAN_CHUNK):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
            raise damaged(_UNPACKING, part=part, error=str(error)[:80]) from error


# ---------------------------------------------------------------------------------------------
# command-line flags

_FLAGS = {  # field -> (flag, type, help)
    "unpacked_mb": ("--max-unpacked-mb", float, "total unpacked size of a file's parts, and its own size, in MB"),
    "ratio": ("--max-ratio", float, "unpacked : packed size of any part over 1 MB"),
    "rows": ("--max-rows", int, "rows of any sheet read"),
    "columns": ("--max-columns", int, "columns of any sheet read"),
    "cells": ("--max-cells", int, "rows x columns of the sheets read in one file, summed"),
    "seconds": ("--max-seconds", float, "seconds to read one file"),
    "memory_mb": ("--max-memory-mb", float, "memory one reading process may add, in MB (Linux)"),
}
PACKAGE_FIELDS = ("unpacked_mb", "ratio")  # for commands that only open the zip (publish, verify, pdf)


def add_arguments(parser: Any, fields: Iterable[str] = tuple(_FLAGS)) -> None:
    """The flags that raise (or lower) each limit, with the defaults shown."""
    group = parser.add_argument_group("limits for each input file (README: Files from anyone)")
    for field_name in fields:
        flag, kind, help_text = _FLAGS[field_name]
        group.add_argument(flag, dest=f"limit_{field_name}", type=_positive(kind), metavar="N",
                           default=getattr(DEFAULT, field_name), help=f"{help_text} (default %(default)s)")


def from_arguments(args: Any) -> Limits:
    return Limits(**{f: getattr(args, f"limit_{f}") for f in _FLAGS if hasattr(args, f"limit_{f}")})


def _positive(kind: type) -> Any:
    def parse(text: str) -> Any:
        value = kind(text)
        if value <= 0:
            raise ValueError(text)
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its message
    return parse
