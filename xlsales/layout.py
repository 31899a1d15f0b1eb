"""A workbook's layout, described once as data: each sheet's cells, tables and blocks by key.

Everything that needs an address reads it here: the template builder writes a sheet from its
description, `check` and the scripts find tables and cells through it, the demo fills it and the
tests look values up by key. A formula is a function of the workbook's language that returns the
native formula text (without "="), built from `xlsales.formula`'s small vocabulary.

Pure (standard library, xlsales.i18n, xlsales.table), so it is bundled into the workbooks'
main.py as well: the scripts running in xlwings Lite use the same addresses.
"""

import re
from dataclasses import dataclass
from typing import Any, Callable, Literal

from xlsales.i18n import Lang, Text
from xlsales.problems import cell_address, column_letter
from xlsales.table import Column

Formula = Callable[[Lang], str]  # a cell's native formula, without the "="
RowFormula = Callable[[Lang, int], str]  # a table's calculated column or a block column: the formula for sheet row r
_ADDRESS = re.compile(r"([A-Z]+)(\d+)")


def split_address(address: str) -> tuple[int, int]:
    """"B4" -> (row 4, column 2), both 1-based."""
    match = _ADDRESS.fullmatch(address)
    if match is None:
        raise ValueError(f"not an A1 address: {address!r}")
    letters, row = match.groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(row), col


def quote_sheet(name: str) -> str:
    """A sheet name as a formula references it: '商机'!A1 (quotes doubled inside)."""
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True)
class Rule:
    """What a cell accepts (Excel data validation): a drop-down list, a number range or a date."""

    kind: Literal["list", "decimal", "whole", "date"]
    # list: "=RepList" (a defined name), or the choices; a function of the language for labels
    source: str | Callable[[Lang], str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    what: Text | None = None  # a list's subject, for the error box ("stage")
    strict: bool = True  # False: the list is offered, other values are accepted

    def list_source(self, lang: Lang) -> str:
        return self.source(lang) if callable(self.source) else str(self.source)


@dataclass(frozen=True)
class Cell:
    """One labelled cell: a parameter the user sets, or a figure."""

    key: str
    at: str  # where the value is, e.g. "B4"
    label: Text | None = None  # written left of the value, unless label_at says where
    formula: Formula | None = None
    value: Any = None  # a fixed value, or an input's default; a Text is written in the workbook's language
    number_format: str | None = None
    rule: Rule | None = None
    name: str | None = None  # a defined name pointing at the cell, for formulas elsewhere
    note: Text | None = None  # written right of the value
    input: bool = False  # the user types here (pale yellow)
    label_at: str | None = None

    @property
    def row(self) -> int:
        return split_address(self.at)[0]

    @property
    def col(self) -> int:
        return split_address(self.at)[1]

    @property
    def label_address(self) -> str:
        return self.label_at or cell_address(self.row - 1, self.col - 2)


@dataclass(frozen=True)
class Col:
    """A column of a table or of a block."""

    key: str
    label: Text
    read: Column | None = None  # an input column: how Python reads it (its label is the same)
    formula: RowFormula | None = None  # a table's calculated column, or a block's column, for sheet row r
    number_format: str | None = None
    rule: Rule | None = None
    width: float | None = None
    hidden: bool = False


def _escape_header(label: str) -> str:
    """A column header as a structured reference writes it: ' before [ ] # and '."""
    return re.sub(r"([\[\]#'])", r"'\1", label)


@dataclass(frozen=True)
class Table:
    """An Excel table: input columns the user fills, calculated columns Excel fills into every new row."""

    name: str  # the table's name in formulas (Deals[金额])
    at: str  # the header's first cell
    columns: tuple[Col, ...]
    min_rows: int = 1  # body rows an empty template shows
    style: str = "TableStyleMedium2"

    def col(self, key: str) -> Col:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"table {self.name} has no column {key!r}")

    def index(self, key: str) -> int:
        """0-based position of a column within the table."""
        return [c.key for c in self.columns].index(key)

    @property
    def header_row(self) -> int:
        return split_address(self.at)[0]

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def first_col(self) -> int:
        return split_address(self.at)[1]

    def letter(self, key: str) -> str:
        return column_letter(self.first_col - 1 + self.index(key))

    def last_letter(self) -> str:
        return column_letter(self.first_col - 1 + len(self.columns) - 1)

    def body(self, last_row: int) -> str:
        """Every column of the rows first_row..last_row: where a whole-row format goes (its formula names the first
        body row, so the range must start there, not at the header)."""
        return f"{column_letter(self.first_col - 1)}{self.first_row}:{self.last_letter()}{last_row}"

    def headers(self, lang: Lang) -> list[str]:
        return [c.label(lang) for c in self.columns]

    def reads(self) -> list[Column]:
        """How Python reads the table: its input columns."""
        return [c.read for c in self.columns if c.read is not None]

    def calculated(self) -> list[Col]:
        return [c for c in self.columns if c.formula is not None]

    def ref(self, key: str, lang: Lang) -> str:
        """The whole column: Deals[金额]."""
        return f"{self.name}[{_escape_header(self.col(key).label(lang))}]"

    def this(self, key: str, row: int) -> str:
        """The column in a calculated column's own row: $H2 (column fixed, row relative). Plain references, not
        structured ones: LibreOffice resolves a [#This Row] reference several times slower, and a table of
        50,000 rows has a dozen of them in every row."""
        return f"${self.letter(key)}{row}"

    def span(self, first: str, last: str, row: int) -> str:
        """Columns `first` to `last` in a calculated column's own row."""
        return f"{self.this(first, row)}:{self.this(last, row)}"

    @property
    def everything(self) -> str:
        """The table with its header, as a function argument takes it: Deals[#All]."""
        return f"{self.name}[#All]"

    @property
    def header_ref(self) -> str:
        return f"{self.name}[#Headers]"


@dataclass(frozen=True)
class Block:
    """Rows of formulas under a header (one row per stage, per rep, per month...): `rows` is its capacity,
    documented, and `check` says so when the data would need more."""

    key: str
    at: str  # the header's first cell; rows follow
    columns: tuple[Col, ...]
    rows: int

    @property
    def header_row(self) -> int:
        return split_address(self.at)[0]

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + self.rows

    @property
    def first_col(self) -> int:
        return split_address(self.at)[1]

    def index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def letter(self, key: str) -> str:
        return column_letter(self.first_col - 1 + self.index(key))

    def cell(self, key: str, n: int) -> str:
        """The n-th row's (1-based) cell of a column."""
        return f"{self.letter(key)}{self.header_row + n}"

    def column(self, key: str) -> str:
        """The column over every row, absolute: $D$14:$D$20."""
        letter = self.letter(key)
        return f"${letter}${self.first_row}:${letter}${self.last_row}"


@dataclass(frozen=True)
class Comparison:
    """A tile's comparison line: a reference figure (last snapshot, target, pace...) and how the tile's value
    compares with it: "change" (value − reference), "share" (value ÷ reference) or "none" (the figure beside
    the value, such as what was already won)."""

    key: str
    label: Text
    formula: Formula  # the reference figure
    kind: Literal["change", "share", "none"] = "change"
    better: Literal["up", "down"] = "up"  # which way is good news (green): fewer stale deals is good
    number_format: str | None = None  # the reference's format; the tile's when None


@dataclass(frozen=True)
class Tile:
    """A dashboard's headline figure: its label on the first row, the value large below it (two rows), then one
    row per comparison (its label, the reference figure, the change or share). Three columns wide."""

    key: str
    at: str  # the label's cell, the tile's top left
    label: Text
    formula: Formula
    number_format: str
    comparisons: tuple[Comparison, ...] = ()
    meaning: str = "open"  # the palette colour of the value (xlsales.templates.common.PALETTE)

    WIDTH = 3
    HEIGHT_ROWS = 3  # label, value over two rows; comparisons below

    @property
    def row(self) -> int:
        return split_address(self.at)[0]

    @property
    def col(self) -> int:
        return split_address(self.at)[1]

    @property
    def value_at(self) -> str:
        return cell_address(self.row, self.col - 1)

    def comparison_row(self, n: int) -> int:
        """The sheet row of the n-th (0-based) comparison."""
        return self.row + self.HEIGHT_ROWS + n

    def cells(self) -> tuple[Cell, ...]:
        """The tile's figures as labelled cells, so tests and other sheets read them by key: the value as the tile's
        key, each comparison's reference as `<tile>_<comparison>` and its change or share as `..._delta`."""
        value = Cell(self.key, self.value_at, formula=self.formula, number_format=self.number_format)
        out = [value]
        for n, comparison in enumerate(self.comparisons):
            row = self.comparison_row(n)
            reference = cell_address(row - 1, self.col)
            delta = cell_address(row - 1, self.col + 1)
            this, other = self.value_at, reference
            both = f"AND(ISNUMBER({this}),ISNUMBER({other}))"
            if comparison.kind == "change":
                formula = f'IF({both},{this}-{other},"")'
            else:
                formula = f'IF(AND({both},N({other})<>0),{this}/{other},"")'
            out.append(Cell(f"{self.key}_{comparison.key}", reference, label=comparison.label,
                            label_at=cell_address(row - 1, self.col - 1),
                            formula=comparison.formula, number_format=comparison.number_format or self.number_format))
            if comparison.kind == "none":
                continue
            out.append(Cell(f"{self.key}_{comparison.key}_delta", delta, formula=lambda lang, f=formula: f,
                            number_format=change_format(self.number_format) if comparison.kind == "change"
                            else "0%"))
        return tuple(out)


def change_format(number_format: str) -> str:
    """A change shown with its direction: ▲1,200 / ▼300 / – (percentages in points of the same format)."""
    return f'"▲"{number_format};"▼"{number_format};"–"'


@dataclass(frozen=True)
class Sheet:
    key: str
    name: Text
    title: Text | None = None  # written in A1
    cells: tuple[Cell, ...] = ()
    tables: tuple[Table, ...] = ()
    blocks: tuple[Block, ...] = ()
    widths: tuple[tuple[str, float], ...] = ()  # column letter -> width, beside those of tables and blocks
    tiles: tuple[Tile, ...] = ()  # a dashboard's headline figures (their cells are looked up like the others)

    def all_cells(self) -> tuple[Cell, ...]:
        return self.cells + tuple(c for tile in self.tiles for c in tile.cells())

    def cell(self, key: str) -> Cell:
        for cell in self.all_cells():
            if cell.key == key:
                return cell
        raise KeyError(f"sheet {self.name.en} has no cell {key!r}")

    def address(self, key: str) -> str:
        return self.cell(key).at

    def ref(self, key: str, lang: Lang) -> str:
        """A cell from another sheet, absolute: '设置'!$B$3."""
        row, col = split_address(self.cell(key).at)
        return f"{quote_sheet(self.name(lang))}!${column_letter(col - 1)}${row}"

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def block(self, key: str) -> Block:
        return next(b for b in self.blocks if b.key == key)

    def ref_block(self, block: str, key: str, n: int, lang: Lang) -> str:
        """The n-th (1-based) row's cell of a block's column, from another sheet: '预测'!$E$18."""
        row, col = split_address(self.block(block).cell(key, n))
        return f"{quote_sheet(self.name(lang))}!${column_letter(col - 1)}${row}"

    def block_column(self, block: str, key: str, lang: Lang) -> str:
        """A block's column from another sheet: '漏斗汇总'!$D$14:$D$20."""
        return f"{quote_sheet(self.name(lang))}!{self.block(block).column(key)}"
