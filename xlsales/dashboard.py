"""What a dashboard sheet is made of, beside its tiles (xlsales.layout.Tile): the attention list.

Pure (formula text only), so a capability's layout can describe its dashboard and the description is bundled
into main.py like the rest of the layout.
"""

from dataclasses import dataclass

from xlsales.i18n import Lang, Text
from xlsales import formula as F
from xlsales.layout import Block, Col, RowFormula, Sheet, Table, quote_sheet, split_address
from xlsales.problems import column_letter

NOT_FOUND = "9E+9"  # a position past any table: MIN skips it, and the shown columns stay blank
GO_TO = Text("转到", "Go to")


@dataclass(frozen=True)
class BlockRows:
    """A block of another sheet (one row per rep, per activity...) as the attention list reads a table: whole columns
    by key, the column's label and format, its letter and header row. For figures that live in blocks, not tables."""

    sheet: Sheet
    block: Block
    # a visible block in the same rows whose column the link goes to, when `block` is hidden helper columns
    beside: Block | None = None

    def ref(self, key: str, lang: Lang) -> str:
        return self.sheet.block_column(self.block.key, key, lang)

    def col(self, key: str) -> Col:
        return self.block.columns[self.block.index(key)]

    def letter(self, key: str) -> str:
        return (self.beside or self.block).letter(key)

    @property
    def header_row(self) -> int:
        return self.block.header_row


def attention(key: str, at: str, table: Table | BlockRows, sheet: Text, flags: tuple[tuple[str, Text], ...],
              shown: tuple[str, ...], rows: int) -> Block:
    """The first `rows` rows of `table` (or a block) where any of the `flags` columns is TRUE, in order: the `shown`
    columns, why (the flags' labels) and a link to the row.

    Without FILTER (not in Excel 2016, WPS or older LibreOffice) and without array formulas: each row finds the
    next flagged row after the previous one's with MATCH(TRUE, ...) over the rest of each flag column, so it is
    plain formulas that any spreadsheet recalculates, and the list follows the table however long it grows."""
    header_row, first_col = split_address(at)
    letter = column_letter(first_col - 1)  # the hidden position column comes first

    def found(r: int) -> str:
        return f"${letter}{r}"

    def position(lang: Lang, r: int) -> str:
        previous = found(r - 1) if r > header_row + 1 else "0"
        after = []
        for flag, _ in flags:
            ref = table.ref(flag, lang)
            rest = f"INDEX({ref},{previous}+1):INDEX({ref},ROWS({ref}))"
            after.append(f"IFERROR({previous}+MATCH(TRUE,{rest},0),{NOT_FOUND})")
        return f"MIN({','.join(after)})"

    def show(column: str) -> RowFormula:
        def formula(lang: Lang, r: int) -> str:
            ref = table.ref(column, lang)
            return f'IF({found(r)}>ROWS({ref}),"",INDEX({ref},{found(r)}))'
        return formula

    def why(lang: Lang, r: int) -> str:
        parts = "&".join(f'IF(INDEX({table.ref(flag, lang)},{found(r)})=TRUE,{F.text(label(lang) + " ")},"")'
                         for flag, label in flags)
        return f'IF({found(r)}>ROWS({table.ref(flags[0][0], lang)}),"",TRIM({parts}))'

    def link(lang: Lang, r: int) -> str:
        target = F.text(f"#{quote_sheet(sheet(lang))}!{table.letter(shown[0])}")
        ref = table.ref(shown[0], lang)
        return (f'IF({found(r)}>ROWS({ref}),"",HYPERLINK({target}&({found(r)}+{table.header_row}),'
                f'"→ "&INDEX({ref},{found(r)})))')

    # the position column is a helper, not for reading: kept narrow, its numbers not drawn (format ";;;"), but not
    # hidden, so a sheet title in A1 still shows when the list starts in column A
    columns = (Col("position", Text("", ""), formula=position, number_format=";;;", width=2),) + tuple(
        Col(c, table.col(c).label, formula=show(c), number_format=table.col(c).number_format) for c in shown) + (
        Col("why", Text("原因", "Why"), formula=why),
        Col("link", GO_TO, formula=link),
    )
    return Block(key, at, columns, rows)
