"""`xlsales check` for a quote workbook, and the one way the scripts read it.

A workbook arrives as cell values by sheet (and, when the file says so, where its Excel tables end).
Every error `check` reports is one the workbook's own data-problem counter counts (the details sheet's
key figure "problems", layout.FIGURES): each unusable value in the details, the price list, the quote
lines and the revisions, each row typed outside its table (no figure counts it), and a quote with more
lines than the quotation lists. The guardrails a revision trips, a part without a line and a discount
below the price list's lowest are warnings.
"""

from dataclasses import dataclass
from typing import Any

import pandas as pd

from xlsales.layout import Table
from xlsales.problems import Problem, cell_address
from xlsales.quote import guardrails
from xlsales.quote import layout as L
from xlsales.quote.details import QuoteDetails, parse_details
from xlsales.quote.inputs import errors, parse_lines, parse_price_list, parse_revisions
from xlsales.quote.pricing import price_lines, summarise
from xlsales.quote.vocab import PART
from xlsales.sheets import Sheets, TableExtent, missing_sheet, sheet_rows, table_rows
from xlsales.table import ParsedTable, is_blank

NEEDED = (L.SHEET_DETAILS, L.SHEET_PRICES, L.SHEET_LINES)  # what a quote is priced from


@dataclass
class QuoteBook:
    """What a quote workbook holds, read the sheets' way."""

    details: QuoteDetails
    priced: pd.DataFrame  # the lines every figure counts, priced (pricing.price_lines)
    revisions: ParsedTable | None  # None: no revisions sheet
    problems: list[Problem]  # every problem, errors and warnings, by sheet!cell
    sheet_names: dict[str, str]  # sheet key (layout) -> the name it has in this workbook


def read_quote(sheets: Sheets, tables: dict[str, TableExtent] | None = None) -> QuoteBook:
    """The quote from cell values by sheet; raises nothing for bad data (it is in `problems`)."""
    found = {name.en: sheet_rows(sheets, name) for name in NEEDED + (L.SHEET_REVISIONS,)}
    names = {sheet.key: found[sheet.name.en][0] for sheet in L.SHEETS if found.get(sheet.name.en) is not None}
    details_sheet, details_grid = found[L.SHEET_DETAILS.en]
    details, problems = parse_details(details_grid, details_sheet)
    price_sheet, price_grid = found[L.SHEET_PRICES.en]
    prices = parse_price_list(_table(price_grid, L.PRICES, tables), price_sheet, *_corner(L.PRICES))
    line_sheet, line_grid = found[L.SHEET_LINES.en]
    lines = parse_lines(_table(line_grid, L.LINES, tables), line_sheet, prices.frame, details.service_rate,
                        *_corner(L.LINES))
    priced = price_lines(lines.frame)
    problems += prices.problems + lines.problems + too_many_lines(lines)
    revisions = None
    if found[L.SHEET_REVISIONS.en] is not None:
        revision_sheet, revision_grid = found[L.SHEET_REVISIONS.en]
        revisions = parse_revisions(_table(revision_grid, L.REVISIONS, tables), revision_sheet,
                                    *_corner(L.REVISIONS))
        problems += revisions.problems
    for name, table, key in L.OUTSIDE:
        if found[name.en] is not None:
            sheet_name, grid = found[name.en]
            problems += outside(grid, sheet_name, table, key, tables)
    return QuoteBook(details, priced, revisions, problems, names)


def check(sheets: Sheets, tables: dict[str, TableExtent] | None = None) -> list[Problem]:
    """Every unusable value by sheet!cell; the guardrails each revision trips, parts missing, as warnings."""
    missing = [missing_sheet(name) for name in NEEDED if sheet_rows(sheets, name) is None]
    if missing:
        return missing
    book = read_quote(sheets, tables)
    problems = list(book.problems)
    lines_sheet = book.sheet_names[L.LINES_SHEET.key]
    for part in summarise(book.priced).missing_parts if not book.priced.empty else []:
        problems.append(Problem(lines_sheet, f"{L.LINES.letter('part')}:{L.LINES.letter('part')}",
                                f"报价未列出「{PART[part].zh}」:即使免费也应列出",
                                f"the quote lists no '{PART[part].en}': list it even when free", severity="warning",
                                column="part"))
    if book.revisions is not None:
        problems += guardrail_warnings(book.revisions, book.details)
    return problems


def guardrail_warnings(revisions: ParsedTable, details: QuoteDetails) -> list[Problem]:
    limits = {"max_swing": details.max_swing, "min_room": details.min_room, "far_ratio": details.far_ratio}
    checked = guardrails.check_revisions(revisions.frame, **limits)
    return [Problem(revisions.sheet, f"{L.REVISIONS.letter(key)}{int(checked.at[i, 'row'])}", why.zh, why.en,
                    str(checked.at[i, "revision"]), "warning", column=key)
            for i in checked.index for key, why in guardrails.warnings(checked.loc[i], **limits)]


def errors_in(book: QuoteBook, sheets: tuple[str, ...]) -> list[Problem]:
    """The errors on the sheets named (layout keys), e.g. what stops a script that prices the quote."""
    wanted = {book.sheet_names[key] for key in sheets if key in book.sheet_names}
    return [p for p in errors(book.problems) if p.sheet in wanted]


def _table(grid: list[list[Any]], table: Table, tables: dict[str, TableExtent] | None) -> list[list[Any]]:
    """The rows and columns `table` occupies (header first): beside it may stand other things with headers."""
    first = table.first_col - 1
    return [list(row[first:first + len(table.columns)]) for row in table_rows(grid, table, tables)]


def _corner(table: Table) -> tuple[int, int]:
    return table.header_row - 1, table.first_col - 1


def outside(grid: list[list[Any]], sheet: str, table: Table, key: str,
            tables: dict[str, TableExtent] | None) -> list[Problem]:
    """Values typed in column `key` below `table`: Excel did not take those rows in, so no figure counts them."""
    extent = (tables or {}).get(table.name)
    if extent is None:
        return []
    col = table.first_col - 1 + table.index(key)
    return [Problem(sheet, cell_address(r, col), f"这一行在表格 {table.name} 之外,任何数字都不计入:请把它移进表格",
                    f"this row is outside the {table.name} table, so no figure counts it: move it into the table",
                    str(row[col]), column=key)
            for r, row in enumerate(grid) if r + 1 > extent.last_row and col < len(row) and not is_blank(row[col])]


def too_many_lines(lines: ParsedTable) -> list[Problem]:
    """More lines than the quotation lists: its totals count them all, but it cannot show them."""
    frame = lines.frame
    if len(frame) <= L.QUOTATION_LINES:
        return []
    row = int(frame["row"].iloc[L.QUOTATION_LINES])
    return [Problem(lines.sheet, lines.address("item", row),
                    f"报价单最多列出 {L.QUOTATION_LINES} 行,现有 {len(frame)} 行:请合并或删减报价明细",
                    f"the quotation lists at most {L.QUOTATION_LINES} lines; there are {len(frame)}: merge or remove "
                    f"lines", str(len(frame)), column="item")]


def extents(sheets: Sheets) -> dict[str, TableExtent]:
    """Where each input table ends, read from its data-problems column, which every row of the table fills (0 when
    fine) and no row outside it has: for a script, which sees values but not the tables themselves. A table whose
    column shows nothing (a file never calculated) is left out: every row from its header down counts."""
    out = {}
    for sheet in L.SHEETS:
        found = sheet_rows(sheets, sheet.name)
        for table in sheet.tables if found is not None else ():
            if "problems" not in [c.key for c in table.columns]:
                continue
            name, grid = found
            col = table.first_col - 1 + table.index("problems")
            filled = [r for r in range(table.first_row, len(grid) + 1)
                      if col < len(grid[r - 1]) and not is_blank(grid[r - 1][col])]
            if filled:
                out[table.name] = TableExtent(name, table.header_row, filled[-1], table.first_col,
                                              table.first_col + len(table.columns) - 1)
    return out

