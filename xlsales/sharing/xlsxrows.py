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
from dataclasses import dataclass
from itertools import repeat
from typing import Any, Callable, Literal, Sequence

import numpy as np
import pandas as pd
from defusedxml import ElementTree

from xlsales.i18n import Lang
from xlsales.layout import Table
from xlsales.problems import column_letter
from xlsales.sharing.safety import EXCEL_CELL_CHARS, is_formula_like, ooxml_text
from xlsales.sheets import TableExtent
from xlsales.zipwrite import Deflated, deflate, deflate_chunks, joined, zip_parts

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
_TABLE_REF = re.compile(r'<table\b[^>]*?\bref="([^"]+)"')
_SQREF = re.compile(r'(<(?:conditionalFormatting|dataValidation)\b[^>]*?\bsqref=")([^"]*)(")')
_RANGE = re.compile(r"^(\$?[A-Z]+)(\$?)(\d+)(?::(\$?[A-Z]+)(\$?)(\d+))?$")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_NEEDS_ESCAPE = re.compile(r"[&<>_\x00-\x1f\ud800-\udfff\ufffe\uffff]")  # XML specials, controls, surrogates, _xHHHH_
_NEEDS_ESCAPE_BUT_NUL = re.compile(r"[&<>_\x01-\x1f\ud800-\udfff\ufffe\uffff]")
_TYPED_START = re.compile(r"\x00[=+\-@\s]")  # after a NUL: formula-like, or a space first
_SPACE_FIRST = re.compile(r"\x00\s")


class Package:
    """An xlsx as its parts; the edited ones are written back, the others byte for byte as they were."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
        self.deflated: dict[str, Deflated] = {}
        self._quoted: dict[str, str] = {}

    @classmethod
    def of_parts(cls, parts: dict[str, bytes]) -> "Package":
        package = cls.__new__(cls)
        package.parts, package.deflated, package._quoted = dict(parts), {}, {}
        return package

    def text(self, part: str) -> str:
        return self.parts[part].decode("utf-8")

    def put(self, part: str, text: str | bytes) -> None:
        self.deflated.pop(part, None)
        self.parts[part] = text if isinstance(text, bytes) else text.encode("utf-8")

    def put_deflated(self, part: str, data: Deflated) -> None:
        """A part given already deflated (the team workbook's deals: compressed while its rows were made)."""
        self.parts.pop(part, None)
        self.deflated[part] = data

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
            xfs = cell_xfs(self.text(STYLES))
            self.put(STYLES, with_cell_xfs(self.text(STYLES), xfs + [quote_prefixed(xfs[int(style or 0)])]))
            self._quoted[style] = str(len(xfs))
        return self._quoted[style]

    def to_bytes(self, compresslevel: int = 6) -> bytes:
        """The package as a zip, [Content_Types].xml first; parts deflated at `compresslevel` (those given deflated
        as they are)."""
        every = {**self.parts, **self.deflated}
        return zip_parts([(name, every[name]) for name in sorted(every, key=lambda n: n != CONTENT_TYPES)],
                         compresslevel)


_XF = re.compile(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.DOTALL)


def cell_xfs(styles: str) -> list[str]:
    """The cell formats (`<xf>` elements of cellXfs) of a styles part: a cell's s="n" is the n-th."""
    start = styles.index("<cellXfs")
    return _XF.findall(styles, start, styles.index("</cellXfs>", start))


def with_cell_xfs(styles: str, xfs: list[str]) -> str:
    """The styles part with `xfs` as its cell formats."""
    start = styles.index("<cellXfs")
    opened = styles.index(">", start) + 1
    head = re.sub(r'count="\d+"', f'count="{len(xfs)}"', styles[start:opened], count=1)
    return styles[:start] + head + "".join(xfs) + styles[styles.index("</cellXfs>", start):]


def quote_prefixed(xf: str) -> str:
    """A cell format like `xf` with the quote prefix set (text typed with a leading apostrophe)."""
    return re.sub(r"^<xf\b", '<xf quotePrefix="1"', re.sub(r'\squotePrefix="[^"]*"', "", xf, count=1))


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

@dataclass(frozen=True)
class RenderedRows:
    """Rows as their cells' segments, joined into each row's XML a slice at a time (`joined`): 100,000 rows need
    not all be held as XML at once, and a slice can be compressed while the next is joined."""

    numbers: list[bytes]  # each row's number, as text
    segments: list[Sequence[bytes]]  # per column, each row's segment
    opening: tuple[bytes, bytes]

    def __len__(self) -> int:
        return len(self.numbers)

    def joined(self, start: int, stop: int) -> list[bytes]:
        """The XML of rows start..stop-1 (0-based)."""
        cells = (column[start:stop] for column in self.segments)
        pieces = zip(repeat(self.opening[0]), repeat(self.opening[1]), *cells)
        return [n.join(row) for n, row in zip(self.numbers[start:stop], pieces)]


def fill_table(package: Package, sheet: str, table: str, columns: Sequence[tuple[CellKind, Sequence[Any]]],
               first_row: int | None = None) -> None:
    """Write `columns` (one value list per table column, in order) into Excel table `table` on `sheet`, from sheet
    row `first_row` (default: the first body row, so the body is replaced) down.

    Only the table's own cells in those rows are replaced: cells beside the table stay as they are. Body
    cells keep the style of the table's first body row; the table grows (never shrinks below its current
    size), and validation and conditional formats that reached its old end reach its new end. A shared
    formula of a replaced cell that cells further down still use is refused (they would lose their formula).
    """
    def render(first_col: int, start: int, styles: dict[int, str], shared_id: int) -> RenderedRows:
        return _render_rows(package.quote_style, columns, first_col, start, styles, shared_id)

    _write_rows(package, sheet, table, first_row, len(columns[0][1]) if columns else 0, render, None)


def render_values(columns: Sequence[tuple[CellKind, Sequence[Any]]], first_col: int, first_row: int,
                  styles: dict[int, str], quote_style: Callable[[str], str]) -> RenderedRows:
    """The rows `fill_table` would write for value columns (no "formula"), rendered before the workbook they go
    into exists: `styles` and `quote_style` give the cell styles (xlsales.sharing.pinned). `put_rows` writes them."""
    if any(kind == "formula" for kind, _ in columns):
        raise ValueError("formula columns need the workbook's shared-formula numbers: use fill_table")
    return _render_rows(quote_style, columns, first_col, first_row, styles, 0)


def deflate_rows(rows: RenderedRows, compresslevel: int) -> Deflated:
    """The rows' XML deflated, to go between the rest of their sheet (`put_rows`): joined a slice at a time, each
    slice deflated while the next is joined."""
    slices = (b"".join(rows.joined(low, low + STREAMED_ROWS)) for low in range(0, len(rows), STREAMED_ROWS))
    return deflate_chunks(slices, compresslevel, final=False)


def put_rows(package: Package, sheet: str, table: str, rows: RenderedRows, deflated: Deflated, first_col: int,
             width: int, compresslevel: int) -> None:
    """Rows from `render_values` (columns first_col.. of the table's width, from its first body row), `deflated` by
    `deflate_rows`, into the table, as `fill_table` writes them; the sheet part is deflated at `compresslevel`."""
    def rendered(table_first_col: int, start: int, styles: dict[int, str], shared_id: int) -> RenderedRows:
        return rows

    extent = table_extent(package, sheet, table)
    if (extent.first_col, extent.last_col - extent.first_col + 1) != (first_col, width):
        raise ValueError(f"table {table} is not where its rows were rendered for")
    _write_rows(package, sheet, table, None, len(rows), rendered, (deflated, compresslevel))


def table_body_styles(package: Package, sheet: str, table: str) -> tuple[int, int, dict[int, str]]:
    """(the table's first column, 1-based; its width; sheet column number -> format of its first body row's cells)."""
    extent = table_extent(package, sheet, table)
    _, inner, _ = _split_sheet_data(package.text(package.sheet_part(sheet)))
    return (extent.first_col, extent.last_col - extent.first_col + 1,
            _cell_styles(_rows(inner).get(extent.first_row + 1, "")))


STREAMED_ROWS = 10_000  # rows joined at a time, then deflated while the next ones are joined


def _write_rows(package: Package, sheet: str, table: str, first_row: int | None, count: int,
                render: Callable[[int, int, dict[int, str], int], RenderedRows],
                deflated: tuple[Deflated, int] | None) -> None:
    """Rows `render(first column, first row, the first body row's styles, next shared-formula number)` gives into
    the table, from `first_row` (default: its first body row); see fill_table. `deflated`: (the rows, already
    deflated by `deflate_rows`; the level for the rest of the sheet): the sheet part is put deflated."""
    sheet_part = package.sheet_part(sheet)
    table_part = package.table_part(sheet_part, table)
    table_xml = package.text(table_part)
    old_ref = _table_ref(table_xml)
    first_col, header_row, last_col, old_last = _bounds(old_ref)
    start = header_row + 1 if first_row is None else first_row
    end = start + count - 1  # the last row written
    new_last = max(old_last, end)
    head, inner, tail = _split_sheet_data(package.text(sheet_part))
    rows = _rows(inner)
    styles = _cell_styles(rows.get(header_row + 1, ""))
    replaced = {r: _beside(x, first_col, last_col) for r, x in rows.items() if start <= r <= end}
    _refuse_orphans(rows, replaced, first_col, last_col, end)
    shared = [int(n) for n in re.findall(r'\bsi="(\d+)"', inner)]
    body = render(first_col, start, styles, max(shared, default=-1) + 1)
    before = (_dimension(head, new_last) + "".join(x for r, x in rows.items() if r < start)).encode("utf-8")
    after = ("".join(x for r, x in rows.items() if r > end)
             + _stretch_ranges(tail, old_last, new_last, at_least=True)).encode("utf-8")
    beside = {r - start: pair for r, pair in replaced.items() if pair[0] or pair[1]}
    if deflated is not None and not beside:
        rows_deflated, level = deflated
        package.put_deflated(sheet_part, joined([deflate(before, level, final=False), rows_deflated,
                                                 deflate(after, level)]))
    else:
        body_rows = body.joined(0, count)
        for i, (left, right) in beside.items():  # what was beside the table in a replaced row
            row = body_rows[i]
            opened = row.index(b">") + 1
            body_rows[i] = row[:opened] + left.encode() + row[opened:-len(b"</row>")] + right.encode() + b"</row>"
        package.put(sheet_part, b"".join([before, *body_rows, after]))
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


def _render_rows(quote_style: Callable[[str], str], columns: Sequence[tuple[CellKind, Sequence[Any]]],
                 first_col: int, first_row: int, styles: dict[int, str], shared_id: int) -> RenderedRows:
    """Each row's XML. Every cell is written (a blank one as `<c r=".."/>`), so a row is its number joined
    between per-cell segments: `<row r="` n `"><c r="A` n `"…</c><c r="B` n `"…</c>` … `</row>`."""
    letters = [column_letter(first_col + i - 1) for i in range(len(columns))]
    segments: list[Sequence[bytes]] = []
    count = len(columns[0][1]) if columns else 0
    last_row = first_row + count - 1
    for i, (kind, values) in enumerate(columns):
        after = f'<c r="{letters[i + 1]}' if i + 1 < len(columns) else "</row>"
        style = styles.get(first_col + i, "")
        if kind == "formula":
            segments.append(_shared_formula(values, style, after, f"{letters[i]}{first_row}:{letters[i]}{last_row}",
                                            shared_id))
            shared_id += 1
        else:
            segments.append(_segments(quote_style, kind, values, style, after))
    opening = (b'<row r="', f'"><c r="{letters[0]}'.encode()) if columns else (b"", b"")
    return RenderedRows([str(n).encode() for n in range(first_row, first_row + count)], segments, opening)


def _segments(quote_style: Callable[[str], str], kind: CellKind, values: Sequence[Any], style: str,
              after: str) -> list[bytes]:
    """Per value: the rest of its cell after `<c r="A1` (attributes, content) and the start of the next cell.
    Each distinct value is rendered once (a column of 100,000 cells holds a few dozen stages, or dates)."""
    s = f' s="{style}"' if style else ""
    blank = f'"{s}/>{after}'.encode()
    if kind == "number":
        numbers = np.asarray(values, dtype=np.float64)
        numbers = np.where(np.isfinite(numbers), numbers, np.nan)  # what Excel cannot hold is left blank
        return _each_distinct(numbers, lambda xs: [f'"{s}><v>{_number(x)}</v></c>{after}'.encode() for x in xs], blank)
    if kind == "mixed":
        return [_segments(quote_style, _kind_of(v), [v], style, after)[0] for v in values]
    if kind == "bool":
        true, false = (f'"{s} t="b"><v>{v}</v></c>{after}'.encode() for v in (1, 0))
        return [blank if v is None or (isinstance(v, float) and v != v) or v == "" else true if v else false
                for v in values]
    if kind == "date":
        dates = np.asarray(values, dtype="datetime64[D]")
        days = np.where(np.isnat(dates), np.nan, (dates - EXCEL_EPOCH).astype(np.int64))
        return _each_distinct(days, lambda ds: [f'"{s}><v>{int(d)}</v></c>{after}'.encode() for d in ds], blank)

    def text(value: Any) -> bytes:
        value = str(value)
        quoted = f' s="{quote_style(style)}"' if is_formula_like(value) else s
        space = ' xml:space="preserve"' if value != value.strip() else ""
        if _NEEDS_ESCAPE.search(value) or len(value) > EXCEL_CELL_CHARS // 2:  # ooxml_text also cuts at Excel's limit
            value = ooxml_text(value).translate(_XML_ESCAPES)
        return f'"{quoted} t="inlineStr"><is><t{space}>{value}</t></is></c>{after}'.encode()

    def texts(distinct: list[Any]) -> list[bytes]:
        strings = [v if v.__class__ is str else str(v) for v in distinct]
        if not _plain(strings):
            return [text(v) for v in strings]
        opened, closed = f'"{s} t="inlineStr"><is><t>'.encode(), f"</t></is></c>{after}".encode()
        return [opened + v + closed for v in "\x00".join(strings).encode("utf-8").split(b"\x00")]

    return _each_distinct(values if isinstance(values, pd.Categorical) else np.asarray(values, dtype=object), texts,
                          blank)


def _plain(strings: list[str]) -> bool:
    """Whether every text is written as it is: nothing to escape, no space at either end, not formula-like, within
    the cell limit. Checked over all of them at once (a column of 100,000 IDs): most columns are plain."""
    joined = "\x00" + "\x00".join(strings)  # each text after a NUL
    if joined.count("\x00") != len(strings) or _NEEDS_ESCAPE_BUT_NUL.search(joined) or _TYPED_START.search(joined):
        return False
    if _SPACE_FIRST.search("\x00" + joined[:0:-1]):  # the texts reversed: a space last
        return False
    return len(joined) <= EXCEL_CELL_CHARS // 2 or max(map(len, strings)) <= EXCEL_CELL_CHARS // 2


def _each_distinct(values: np.ndarray | pd.Categorical, render: Callable[[list[Any]], list[bytes]],
                   blank: bytes) -> list[bytes]:
    """`render` of the distinct values, for each value; a missing value (None, NaN) is `blank`. A categorical column
    (the deals' stages and owners) is taken as it is."""
    codes, distinct = ((values.codes, values.categories) if isinstance(values, pd.Categorical)
                       else pd.factorize(values, use_na_sentinel=True))
    rendered = np.empty(len(distinct) + 1, dtype=object)
    rendered[:-1] = render(distinct.tolist())
    rendered[-1] = blank  # code -1, a missing value
    return rendered[codes].tolist()


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
    first_col, header_row, last_col, last_row = _bounds(_table_ref(table_xml))
    return TableExtent(sheet, header_row, last_row, first_col, last_col)


def _table_ref(table_xml: str) -> str:
    """The range a table part says its table covers, header included (A1:S21)."""
    return _TABLE_REF.search(table_xml).group(1)


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
