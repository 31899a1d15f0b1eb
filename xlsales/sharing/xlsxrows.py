"""Many rows into a workbook at XML level: an Excel table filled, a block of formulas filled down.

openpyxl needs ~0.5 ms a row to build and save a 19-column table (100,000 deals: ~100 s);
writing the rows' XML directly takes a few microseconds a row. The workbook is built by
openpyxl first (styles, formulas, validation, charts), then the big tables are written here,
so the two can never disagree about anything but the rows. Only the parts named are changed.

Text is always written as an inline string, never as a formula; text that a spreadsheet would
take for a formula when edited (starting with = + - @, tab or CR) also gets a quote-prefix
style, like a value typed with a leading apostrophe.
"""

import datetime as dt
import io
import re
import zipfile
from typing import Any, Literal, Sequence

import numpy as np
from defusedxml import ElementTree

from xlsales.i18n import Lang
from xlsales.layout import Table
from xlsales.problems import column_letter
from xlsales.sharing.safety import EXCEL_CELL_CHARS, is_formula_like, ooxml_text
from xlsales.sheets import TableExtent

# "formula": the same formula text in every row (a table's calculated column), written as one shared formula;
# "mixed": each value as what it is (number, date, text, boolean), as a column pasted by a user may hold
CellKind = Literal["text", "number", "date", "bool", "formula", "mixed"]
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
STYLES = "xl/styles.xml"

_ROW = re.compile(r"<row\b[^>]*?(?:/>|>.*?</row>)", re.DOTALL)
_ROW_NUMBER = re.compile(r'<row\b[^>]*?\br="(\d+)"')
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_CELL_XML = re.compile(r"<c\b[^>]*?(?:/>|>.*?</c>)", re.DOTALL)
_CELL_REF = re.compile(r'<c\b[^>]*?\br="([A-Z]+)\d+"')
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_SQREF = re.compile(r'(<(?:conditionalFormatting|dataValidation)\b[^>]*?\bsqref=")([^"]*)(")')
_RANGE = re.compile(r"^(\$?[A-Z]+)(\$?)(\d+)(?::(\$?[A-Z]+)(\$?)(\d+))?$")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_NEEDS_ESCAPE = re.compile(r"[&<>_\x00-\x1f\ud800-\udfff\ufffe\uffff]")  # XML specials, controls, surrogates, _xHHHH_


class Package:
    """An xlsx as its parts; the edited ones are written back, the others byte for byte as they were."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
        self._quoted: dict[str, str] = {}

    def text(self, part: str) -> str:
        return self.parts[part].decode("utf-8")

    def put(self, part: str, text: str | bytes) -> None:
        self.parts[part] = text if isinstance(text, bytes) else text.encode("utf-8")

    def sheet_part(self, sheet: str) -> str:
        workbook = ElementTree.fromstring(self.parts["xl/workbook.xml"])
        for element in workbook.iter(f"{{{NS_MAIN}}}sheet"):
            if element.get("name") == sheet:
                return self.related("xl/workbook.xml")[element.get(f"{{{NS_R}}}id")]
        raise KeyError(f"找不到工作表「{sheet}」 / sheet '{sheet}' not found")

    def related(self, part: str) -> dict[str, str]:
        """Relationship id -> part name, for the relationships of `part`."""
        folder, _, name = part.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels not in self.parts:
            return {}
        out = {}
        for rel in ElementTree.fromstring(self.parts[rels]).iter(f"{{{NS_PKG_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            out[rel.get("Id")] = resolve_target(folder, rel.get("Target", ""))
        return out

    def table_part(self, sheet_part: str, table: str) -> str:
        for target in self.related(sheet_part).values():
            if target.startswith("xl/tables/") and re.search(rf'\bdisplayName="{re.escape(table)}"', self.text(target)):
                return target
        raise KeyError(f"找不到表「{table}」 / table '{table}' not found")

    def quote_style(self, style: str) -> str:
        """A cell style like `style` (an index into cellXfs) with the quote prefix set."""
        if style not in self._quoted:
            styles = self.text(STYLES)
            start = styles.index("<cellXfs")
            end = styles.index("</cellXfs>", start)
            xfs = re.findall(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", styles[start:end], re.DOTALL)
            copy = xfs[int(style or 0)]
            copy = re.sub(r'\squotePrefix="[^"]*"', "", copy, count=1)
            copy = re.sub(r"^<xf\b", '<xf quotePrefix="1"', copy)
            head = re.sub(r'count="\d+"', f'count="{len(xfs) + 1}"', styles[start:styles.index(">", start) + 1], count=1)
            self.put(STYLES, styles[:start] + head + styles[styles.index(">", start) + 1:end] + copy + styles[end:])
            self._quoted[style] = str(len(xfs))
        return self._quoted[style]

    def to_bytes(self, compresslevel: int = 6) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(self.parts, key=lambda n: n != CONTENT_TYPES):
                archive.writestr(name, self.parts[name], compresslevel=compresslevel)
        return buffer.getvalue()


def resolve_target(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = (folder.split("/") if folder else []) + target.split("/")
    out: list[str] = []
    for piece in parts:
        if piece == "..":
            out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)


# ---------------------------------------------------------------------------------------------
# a table's rows

def fill_table(package: Package, sheet: str, table: str, columns: Sequence[tuple[CellKind, Sequence[Any]]],
               first_row: int | None = None) -> None:
    """Write `columns` (one value list per table column, in order) into Excel table `table` on `sheet`, from sheet
    row `first_row` (default: the first body row, so the body is replaced) down.

    Only the table's own cells in those rows are replaced: cells beside the table stay as they are. Body
    cells keep the style of the table's first body row; the table grows (never shrinks below its current
    size), and validation and conditional formats that reached its old end reach its new end. A shared
    formula of a replaced cell that cells further down still use is refused (they would lose their formula).
    """
    sheet_part = package.sheet_part(sheet)
    table_part = package.table_part(sheet_part, table)
    table_xml = package.text(table_part)
    old_ref = re.search(r'<table\b[^>]*?\bref="([^"]+)"', table_xml).group(1)
    first_col, header_row, last_col, old_last = _bounds(old_ref)
    start = header_row + 1 if first_row is None else first_row
    count = len(columns[0][1]) if columns else 0
    end = start + count - 1  # the last row written
    new_last = max(old_last, end)
    head, inner, tail = _split_sheet_data(package.text(sheet_part))
    rows = _rows(inner)
    styles = _cell_styles(rows.get(header_row + 1, ""))
    replaced = {r: _beside(x, first_col, last_col) for r, x in rows.items() if start <= r <= end}
    _refuse_orphans(rows, replaced, first_col, last_col, end)
    shared = [int(n) for n in re.findall(r'\bsi="(\d+)"', inner)]
    body = _render_rows(package, columns, first_col, start, styles, max(shared, default=-1) + 1)
    for r, (before, after) in replaced.items():  # what was beside the table in a replaced row
        if before or after:
            row = body[r - start]
            opened = row.index(b">") + 1
            body[r - start] = row[:opened] + before.encode() + row[opened:-len(b"</row>")] + after.encode() + b"</row>"
    kept_before = "".join(x for r, x in rows.items() if r < start)
    kept_after = "".join(x for r, x in rows.items() if r > end)
    package.put(sheet_part, b"".join([(_dimension(head, new_last) + kept_before).encode("utf-8"), *body,
                                      (kept_after + _stretch_ranges(tail, old_last, new_last, at_least=True))
                                      .encode("utf-8")]))
    new_ref = f"{column_letter(first_col - 1)}{header_row}:{column_letter(last_col - 1)}{new_last}"
    package.put(table_part, table_xml.replace(f'ref="{old_ref}"', f'ref="{new_ref}"'))


def _beside(row: str, first_col: int, last_col: int) -> tuple[str, str]:
    """The cells of a row left and right of columns first_col..last_col, as XML."""
    cells = _CELL_XML.findall(row)
    left = "".join(c for c in cells if _column_of(c) < first_col)
    right = "".join(c for c in cells if _column_of(c) > last_col)
    return left, right


def _column_of(cell: str) -> int:
    """The column number of a `<c r="B7" …>` element."""
    return _cell_column(f'r="{_CELL_REF.match(cell).group(1)}1"')


def _refuse_orphans(rows: dict[int, str], replaced: dict[int, tuple[str, str]], first_col: int, last_col: int,
                    end: int) -> None:
    masters = set()
    for r in replaced:
        for cell in _CELL_XML.findall(rows[r]):
            if first_col <= _column_of(cell) <= last_col:
                masters.update(re.findall(r'<f\b(?=[^>]*\bref=")[^>]*?\bsi="(\d+)"', cell))
    if not masters:
        return
    for r, row in rows.items():
        if r > end and any(si in masters for si in re.findall(r'<f\b[^>]*?\bsi="(\d+)"', row)):
            raise ValueError(f"第 {r} 行的公式共用了被替换的单元格的公式,无法安全写入;请在 Excel 中打开并保存一次后再试 / "
                             f"row {r} shares the formula of a cell that would be replaced, so the rows cannot be "
                             f"written safely; open and save the workbook in Excel once, then try again")


def _render_rows(package: Package, columns: Sequence[tuple[CellKind, Sequence[Any]]], first_col: int,
                 first_row: int, styles: dict[int, str], shared_id: int) -> list[bytes]:
    """Each row's XML. Every cell is written (a blank one as `<c r=".."/>`), so a row is its number joined
    between per-cell segments: `<row r="` n `"><c r="A` n `"…</c><c r="B` n `"…</c>` … `</row>`."""
    if not columns:
        return []
    letters = [column_letter(first_col + i - 1) for i in range(len(columns))]
    segments = []
    last_row = first_row + len(columns[0][1]) - 1
    for i, (kind, values) in enumerate(columns):
        after = f'<c r="{letters[i + 1]}' if i + 1 < len(columns) else "</row>"
        style = styles.get(first_col + i, "")
        if kind == "formula":
            segments.append(_shared_formula(values, style, after, f"{letters[i]}{first_row}:{letters[i]}{last_row}",
                                            shared_id))
            shared_id += 1
        else:
            segments.append(_segments(package, kind, values, style, after))
    opening = (b'<row r="', f'"><c r="{letters[0]}'.encode())
    numbers = [str(n).encode() for n in range(first_row, first_row + len(columns[0][1]))]
    return [n.join(opening + cells) for n, cells in zip(numbers, zip(*segments))]


def _segments(package: Package, kind: CellKind, values: Sequence[Any], style: str, after: str) -> list[bytes]:
    """Per value: the rest of its cell after `<c r="A1` (attributes, content) and the start of the next cell."""
    s = f' s="{style}"' if style else ""
    blank = f'"{s}/>{after}'.encode()
    memo: dict[Any, bytes] = {}
    if kind == "number":
        numbers = np.asarray(values, dtype=np.float64)
        finite = np.isfinite(numbers).tolist()
        return [(memo[x] if x in memo else memo.setdefault(x, f'"{s}><v>{_number(x)}</v></c>{after}'.encode()))
                if ok else blank for x, ok in zip(numbers.tolist(), finite)]
    if kind == "mixed":
        return [_segments(package, _kind_of(v), [v], style, after)[0] for v in values]
    if kind == "bool":
        true, false = (f'"{s} t="b"><v>{v}</v></c>{after}'.encode() for v in (1, 0))
        return [blank if v is None or (isinstance(v, float) and v != v) or v == "" else true if v else false
                for v in values]
    if kind == "date":
        dates = np.asarray(values, dtype="datetime64[D]")
        days = np.where(np.isnat(dates), -1, (dates - EXCEL_EPOCH).astype(np.int64)).tolist()
        return [blank if d < 0 else memo[d] if d in memo else memo.setdefault(d, f'"{s}><v>{d}</v></c>{after}'.encode())
                for d in days]

    def text(value: Any) -> bytes:
        if value is None or (isinstance(value, float) and value != value):
            return blank
        value = str(value)
        quoted = f' s="{package.quote_style(style)}"' if is_formula_like(value) else s
        space = ' xml:space="preserve"' if value != value.strip() else ""
        if _NEEDS_ESCAPE.search(value) or len(value) > EXCEL_CELL_CHARS // 2:  # ooxml_text also cuts at Excel's limit
            value = ooxml_text(value).translate(_XML_ESCAPES)
        return f'"{quoted} t="inlineStr"><is><t{space}>{value}</t></is></c>{after}'.encode()

    return [memo[v] if v in memo else memo.setdefault(v, text(v)) for v in values]


def _kind_of(value: Any) -> CellKind:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return "number"
    if isinstance(value, (dt.date, np.datetime64)):
        return "date"
    return "text"


def _shared_formula(values: Sequence[Any], style: str, after: str, ref: str, shared_id: int) -> list[bytes]:
    """A column whose every row holds the same formula (values[0], without "="): the first cell carries it as a
    shared formula over `ref`, the others point at it, as Excel stores a filled-down column."""
    if not values:
        return []
    s = f' s="{style}"' if style else ""
    text = str(values[0]).removeprefix("=").translate(_XML_ESCAPES)
    master = f'"{s}><f t="shared" ref="{ref}" si="{shared_id}">{text}</f></c>{after}'.encode()
    follower = f'"{s}><f t="shared" si="{shared_id}"/></c>{after}'.encode()
    return [master] + [follower] * (len(values) - 1)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


# ---------------------------------------------------------------------------------------------
# sheet XML pieces

def _split_sheet_data(xml: str) -> tuple[str, str, str]:
    """(everything up to and including <sheetData>, the rows, </sheetData> and everything after)."""
    if "<sheetData/>" in xml or "<sheetData />" in xml:
        at = xml.index("<sheetData")
        end = xml.index(">", at) + 1
        return xml[:at] + "<sheetData>", "", "</sheetData>" + xml[end:]
    start = xml.index(">", xml.index("<sheetData")) + 1
    end = xml.index("</sheetData>")
    return xml[:start], xml[start:end], xml[end:]


def _rows(inner: str) -> dict[int, str]:
    return {int(_ROW_NUMBER.match(row).group(1)): row for row in _ROW.findall(inner)}


def _cell_column(attrs: str) -> int:
    ref = dict(_ATTR.findall(attrs))["r"]
    letters = "".join(ch for ch in ref if ch.isalpha())
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _cell_styles(row: str) -> dict[int, str]:
    """Column number -> style index of the cells in `row`."""
    out = {}
    for attrs, _ in _CELL.findall(row):
        values = dict(_ATTR.findall(attrs))
        if values.get("s"):
            out[_cell_column(attrs)] = values["s"]
    return out


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """A1:S21 -> (first column, first row, last column, last row), 1-based."""
    first, _, last = ref.replace("$", "").partition(":")
    last = last or first

    def split(cell: str) -> tuple[int, int]:
        letters = "".join(ch for ch in cell if ch.isalpha())
        return _cell_column(f'r="{letters}1"'), int(cell[len(letters):])

    (c0, r0), (c1, r1) = split(first), split(last)
    return c0, r0, c1, r1


def _stretch_ranges(xml: str, old_end: int, new_end: int, at_least: bool) -> str:
    """Validation and conditional-format ranges that ended at `old_end` (or, with at_least, below
    `new_end` but at or past `old_end`) end at `new_end`."""
    def one(text: str) -> str:
        match = _RANGE.match(text)
        if not match or match.group(4) is None:
            return text
        end = int(match.group(6))
        if end == old_end or (at_least and old_end <= end < new_end):
            return f"{match.group(1)}{match.group(2)}{match.group(3)}:{match.group(4)}{match.group(5)}{new_end}"
        return text

    return _SQREF.sub(lambda m: m.group(1) + " ".join(one(t) for t in m.group(2).split()) + m.group(3), xml)


def _dimension(xml: str, last_row: int) -> str:
    def widen(match: re.Match[str]) -> str:
        first, _, last = match.group(2).partition(":")
        if not last:
            return match.group()
        letters = "".join(ch for ch in last if ch.isalpha())
        end = max(int(last[len(letters):]), last_row)
        return f'{match.group(1)}{first}:{letters}{end}"'

    return re.sub(r'(<dimension\b[^>]*?\bref=")([^"]*)"', widen, xml, count=1)



def fill_described(package: Package, sheet: str, table: Table, lang: Lang, values: dict[str, Sequence[Any]],
                   first_row: int | None = None) -> None:
    """Fill a described table (xlsales.layout) from `first_row` (default its first body row): `values` per input
    column key (missing keys blank), every calculated column's formula in every row — what Excel holds after
    rows are typed or pasted into the table. A number or date column may hold text (a value that could not be
    read, kept as it was so the table's own rules flag it)."""
    start = table.first_row if first_row is None else first_row
    count = len(next(iter(values.values()))) if values else 0
    kinds = {"number": "number", "date": "date"}
    columns: list[tuple[CellKind, Sequence[Any]]] = []
    for column in table.columns:
        if column.formula is not None:
            columns.append(("formula", [column.formula(lang, start)] * count))
        elif column.read is not None and column.key in values and column.read.kind in kinds:
            column_values = values[column.key]
            typed = all(v is None or _kind_of(v) == kinds[column.read.kind] for v in column_values)
            columns.append((kinds[column.read.kind] if typed else "mixed", column_values))  # type: ignore[arg-type]
        else:
            columns.append(("text", values.get(column.key, [None] * count)))
    fill_table(package, sheet, table.name, columns, start)


def table_extent(package: Package, sheet: str, table: str) -> TableExtent:
    """Where Excel table `table` on `sheet` is, as the file records it."""
    table_xml = package.text(package.table_part(package.sheet_part(sheet), table))
    first_col, header_row, last_col, last_row = _bounds(re.search(r'<table\b[^>]*?\bref="([^"]+)"', table_xml).group(1))
    return TableExtent(sheet, header_row, last_row, first_col, last_col)


def table_headers(package: Package, sheet: str, table: str) -> list[str]:
    """The table's column names, in order, as the file records them."""
    root = ElementTree.fromstring(package.parts[package.table_part(package.sheet_part(sheet), table)])
    return [c.get("name", "") for c in root.iter(f"{{{NS_MAIN}}}tableColumn")]


def last_filled_row(package: Package, sheet: str, table: Table) -> int:
    """The last row of the Excel table holding anything in an input column (its header row when none does): rows
    added after it go below the table's existing rows."""
    extent = table_extent(package, sheet, table.name)
    inputs = {extent.first_col + i for i, c in enumerate(table.columns) if c.read is not None}
    _, inner, _ = _split_sheet_data(package.text(package.sheet_part(sheet)))
    filled = extent.first_row
    for r, row in _rows(inner).items():
        if extent.first_row < r <= extent.last_row and any(_column_of(c) in inputs and _holds_value(c)
                                                           for c in _CELL_XML.findall(row)):
            filled = r
    return filled


def _holds_value(cell: str) -> bool:
    """A cell with content: a value, an inline string or a formula (an empty `<v/>` is none)."""
    return bool(re.search(r"<v>[^<]|<is>|<f[ >]", cell))
