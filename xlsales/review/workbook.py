"""`xlsales check` for a review workbook: every problem the summary's own data-problem counter counts, by sheet!cell.

A filled workbook arrives as cell values by sheet (and, when the file says so, where its Excel tables end). The
rules are the sheets' rules (xlsales/review/layout.py): each table's data-problem column, rows typed below a
table, the grid's problem row and cells beyond its capacity, the session date, and more checkpoints or reps than
the grid and the ranking hold.
"""

from typing import Any

from xlsales.i18n import Text
from xlsales.layout import Table
from xlsales.problems import Problem, cell_address
from xlsales.review import layout as L
from xlsales.review.catalogue import parse_catalogue
from xlsales.review.inputs import over_capacity, parse_history, parse_projects, table_block
from xlsales.review.session import parse_session
from xlsales.review.vocab import MAX_ELEMENTS, MAX_REPS
from xlsales.sheets import Sheets, TableExtent, missing_sheet, sheet_rows
from xlsales.table import ParsedTable

TABLE_SHEETS = ((L.CATALOGUE, L.SHEET_CATALOGUE, "no"), (L.PROJECTS, L.SHEET_PROJECTS, "rep"),
                (L.HISTORY, L.SHEET_HISTORY, "date"))


def check(sheets: Sheets, tables: dict[str, TableExtent] | None = None) -> list[Problem]:
    """Every unusable value on the catalogue, session, projects and history sheets, by sheet!cell."""
    problems: list[Problem] = []
    parsed: dict[str, ParsedTable] = {}
    for table, name, key in TABLE_SHEETS:
        found = sheet_rows(sheets, name)
        if found is None:
            problems.append(missing_sheet(name))
            continue
        sheet, grid = found
        extent = (tables or {}).get(table.name)
        rows = table_block(grid, table, extent.last_row if extent else None)
        parse = {L.CATALOGUE.name: parse_catalogue, L.PROJECTS.name: parse_projects,
                 L.HISTORY.name: parse_history}[table.name]
        parsed[table.name] = parse(rows, sheet, table.header_row - 1, table.first_col - 1)
        problems += parsed[table.name].problems + outside_rows(grid, sheet, table, key, extent)
    if L.CATALOGUE.name in parsed:
        problems += over_capacity(parsed[L.CATALOGUE.name], MAX_ELEMENTS, "no", Text("个要素", "checkpoints"))
    listed = None
    if L.PROJECTS.name in parsed:
        projects = parsed[L.PROJECTS.name]
        problems += over_capacity(projects, MAX_REPS, "rep", Text("位汇报人", "reps"))
        listed = [str(rep) for rep in projects.frame["rep"]]
    found = sheet_rows(sheets, L.SHEET_SESSION)
    if found is None:
        problems.append(missing_sheet(L.SHEET_SESSION))
    else:
        problems += parse_session(found[1], found[0], listed).problems
    return problems


def outside_rows(grid: list[list[Any]], sheet: str, table: Table, key: str,
                 extent: TableExtent | None) -> list[Problem]:
    """Values typed in the table's `key` column below the table: Excel did not take those rows in, so no figure
    counts them."""
    if extent is None:
        return []
    col = table.first_col - 1 + table.index(key)
    return [Problem(sheet, cell_address(r, col), "这一行在表格(Excel 表)之外,汇总不会计入:请把它移进表格",
                    "this row is outside the table, so no summary counts it: move it into the table",
                    str(row[col]), column=key)
            for r, row in enumerate(grid) if r + 1 > extent.last_row and col < len(row) and row[col] not in (None, "")]
