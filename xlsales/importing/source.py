"""Reading a CRM export: a CSV in UTF-8 (with or without BOM), UTF-16 or GBK/GB18030, or a workbook (.xlsx,
.xlsm, .xls, .xlsb, .ods) read with python-calamine (values only, the file opened read-only).

The encoding is found, never assumed: a byte-order mark says UTF-8 or UTF-16; else the text must decode
as UTF-8, else as GBK, else as GB18030 (GBK's superset), in that order (a GBK file almost never decodes
as UTF-8, and UTF-8 Chinese never as GBK without errors). The delimiter is the one of , ; tab | the
header line uses most. Which encoding, delimiter or sheet was used is said, so a wrong guess is seen.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from xlsales.i18n import Text
from xlsales.problems import UserError

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
DELIMITERS = {",": Text("逗号", "comma"), ";": Text("分号", "semicolon"), "\t": Text("制表符", "tab"), "|": Text("竖线", "|")}
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 (BOM)"), (b"\xff\xfe", "utf-16", "UTF-16"),
        (b"\xfe\xff", "utf-16", "UTF-16"))
ENCODINGS = (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030"))


class SourceError(UserError):
    """The source cannot be read; the message says why in Chinese and English."""


@dataclass
class Sheet:
    """A source's cells from its first row (blank cells as None), and what reading it decided."""

    name: str
    rows: list[list[Any]]
    notes: list[Text] = field(default_factory=list)


def read(path: Path) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"无法读取 {path.name}: {error.strerror} / cannot read {path.name}: {error.strerror}") from None
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_workbook(path.name, data)
    return read_csv(path.name, data)


def decode(data: bytes) -> tuple[str, str]:
    """(the text, the encoding's name as said to the user)."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError:
                break
    for codec, name in ENCODINGS:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise SourceError("无法识别文件编码(应为 UTF-8、GBK 或 GB18030),请另存为 UTF-8 CSV / "
                      "cannot tell the file's encoding (expected UTF-8, GBK or GB18030): save it as a UTF-8 CSV")


def _delimiter(text: str) -> str:
    first = next(iter(text.splitlines()), "")
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(name: str, data: bytes) -> Sheet:
    text, encoding = decode(data)
    delimiter = _delimiter(text)
    try:
        rows = [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text, newline=""),
                                                                                       delimiter=delimiter)]
    except csv.Error as error:
        raise SourceError(f"{name} 不是可读的 CSV: {error} / {name} is not a readable CSV: {error}") from None
    return Sheet(name, rows, [Text(f"编码 {encoding},分隔符 {DELIMITERS[delimiter].zh}",
                                   f"encoding {encoding}, delimiter {DELIMITERS[delimiter].en}")])


def read_workbook(name: str, data: bytes) -> Sheet:
    """The first visible sheet that holds anything (an export's hidden helper sheets are skipped)."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [m.name for m in book.sheets_metadata
                   if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet]
        for sheet in visible:
            rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            if any(v not in (None, "") for row in rows for v in row):
                return Sheet(name, [[None if v == "" else v for v in row] for row in rows],
                             [Text(f"工作表「{sheet}」", f"sheet '{sheet}'")])
    except Exception as error:  # calamine raises several types for damaged or foreign files
        raise SourceError(f"无法读取工作簿 {name}: {error} / cannot read workbook {name}: {error}") from None
    raise SourceError(f"{name} 没有数据 / {name} holds no data")
