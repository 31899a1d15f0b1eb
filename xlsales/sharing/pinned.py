"""A table's body styles at known places among a workbook's cell formats, so its rows can be written while the
rest of the workbook is still being built.

A cell names its format by position (s="7": the 8th `<xf>` of cellXfs), and openpyxl numbers formats as
it saves. The team workbook's 100,000 deal rows take longer to write than the rest of the workbook takes
to build; with the table's formats pinned right after the default one (column i of the table: format
1 and on, then the same again with the quote prefix, for text that looks like a formula), the rows are
written in one process while another builds the workbook, and neither waits for the other's numbers.
"""

import re
from dataclasses import dataclass

from xlsales.layout import Table
from xlsales.sharing.xlsxrows import STYLES, Package, cell_xfs, quote_prefixed, table_body_styles, with_cell_xfs

WORKSHEETS = "xl/worksheets/"
# The attributes that hold a cellXfs position: a cell's and a row's s, a column's style.
_STYLE_REFERENCE = re.compile(r'(<(?:c|row)\b[^>]*?\ss="|<col\b[^>]*?\sstyle=")(\d+)(")')


@dataclass(frozen=True)
class PinnedStyles:
    """Where a table's body formats are once pinned: the table starts at column `first_col` (1-based), and column
    i has pinned format 1 + groups[i] (1 + count + groups[i] with the quote prefix). Columns with one number
    format share one format, as the template built them: fewer different numbers in 100,000 rows compress better."""

    first_col: int
    groups: tuple[int, ...]

    @classmethod
    def of(cls, table: Table) -> "PinnedStyles":
        formats = [column.number_format for column in table.columns]
        distinct = list(dict.fromkeys(formats))
        return cls(table.first_col, tuple(distinct.index(f) for f in formats))

    @property
    def width(self) -> int:
        return len(self.groups)

    @property
    def count(self) -> int:
        return max(self.groups, default=-1) + 1

    def styles(self) -> dict[int, str]:
        """Sheet column number -> format, as xlsxrows.render_values takes them."""
        return {self.first_col + i: str(1 + group) for i, group in enumerate(self.groups)}

    def quoted(self, style: str) -> str:
        """The format with the quote prefix of a pinned format."""
        return str(int(style) + self.count)


def pin_table_styles(package: Package, sheet: str, table: str, pinned: PinnedStyles) -> None:
    """Copy the formats of the table's first body row to `pinned`'s places and move every other format after them
    (every worksheet's references to them with it). The table must start at pinned.first_col, be pinned.width
    columns wide, and its columns of one group must have one format."""
    first_col, width, styles = table_body_styles(package, sheet, table)
    if (first_col, width) != (pinned.first_col, pinned.width):
        raise ValueError(f"table {table} is not where its styles are to be pinned")
    xfs = cell_xfs(package.text(STYLES))
    body: dict[int, str] = {}
    for i, group in enumerate(pinned.groups):
        xf = xfs[int(styles.get(first_col + i) or 0)]
        if body.setdefault(group, xf) != xf:
            raise ValueError(f"table {table}: columns with one number format have different formats")
    pinned_xfs = [body[group] for group in range(pinned.count)]
    moved = 2 * pinned.count
    formats = xfs[:1] + pinned_xfs + [quote_prefixed(xf) for xf in pinned_xfs] + xfs[1:]
    package.put(STYLES, with_cell_xfs(package.text(STYLES), formats))

    def shifted(match: re.Match[str]) -> str:
        number = int(match.group(2))
        return f"{match.group(1)}{number + moved if number else 0}{match.group(3)}"

    for part in [p for p in package.parts if p.startswith(WORKSHEETS) and p.endswith(".xml")]:
        package.put(part, _STYLE_REFERENCE.sub(shifted, package.text(part)))
