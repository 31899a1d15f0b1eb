"""`xlsales check` for a funnel workbook: every problem the sheets' own data-problem counter counts, by sheet!cell.

A filled workbook arrives as cell values by sheet (and, when the file says so, where its Excel tables
end). The rules are the sheets' rules: a deal row outside the Deals table is one the summaries leave
out; a stage count outside 3-7 or more reps than the per-rep forecast lists is one problem each.
"""

from typing import Any

from xlsales.funnel import layout as L
from xlsales.funnel.inputs import (owners_not_listed, parse_deals, parse_stages, rep_count_problem,
                                   stage_count_problem)
from xlsales.problems import Problem, cell_address
from xlsales.sheets import Sheets, TableExtent, missing_sheet, sheet_rows, table_rows
from xlsales.table import parse_table


def check(sheets: Sheets, tables: dict[str, TableExtent] | None = None) -> list[Problem]:
    """Every unusable value on the stages, settings and deals sheets, by sheet!cell."""
    found = {key: sheet_rows(sheets, name) for key, name in (("stages", L.SHEET_STAGES), ("deals", L.SHEET_DEALS),
                                                              ("settings", L.SHEET_SETTINGS))}
    missing = [missing_sheet(name) for key, name in (("stages", L.SHEET_STAGES), ("deals", L.SHEET_DEALS))
               if found[key] is None]
    if missing:
        return missing
    stage_sheet, stage_grid = found["stages"]
    stages = parse_stages(table_rows(stage_grid, L.STAGES, tables), stage_sheet, L.STAGES.header_row - 1)
    problems = stages.problems + stage_count_problem(stages)
    reps: list[str] = []
    if found["settings"] is not None:
        settings_sheet, settings_grid = found["settings"]
        listed = parse_table(table_rows(settings_grid, L.REPS, tables), [L.REP_NAME], settings_sheet,
                             L.REPS.header_row - 1)
        reps = [str(name) for name in listed.frame["name"].dropna()]
        problems += rep_count_problem(listed, L.MAX_REPS)
    deal_sheet, deal_grid = found["deals"]
    deals = parse_deals(table_rows(deal_grid, L.DEALS, tables), deal_sheet, list(stages.frame["stage"]),
                        L.DEALS.header_row - 1)
    problems += deals.problems + owners_not_listed(deals, reps)
    problems += outside_rows(deal_grid, deal_sheet, tables)
    return problems


def outside_rows(grid: list[list[Any]], sheet: str, tables: dict[str, TableExtent] | None) -> list[Problem]:
    """Deal IDs typed below the Deals table: Excel did not take those rows in, so no figure counts them."""
    extent = (tables or {}).get(L.DEALS.name)
    if extent is None:
        return []
    col = L.DEALS.first_col - 1 + L.DEALS.index("id")
    return [Problem(sheet, cell_address(r, col), "这一行在商机表(Excel 表格)之外,汇总不会计入:请把它移进表格",
                    "this row is outside the Deals table, so no summary counts it: move it into the table",
                    str(row[col]), column="id")
            for r, row in enumerate(grid) if r + 1 > extent.last_row and col < len(row)
            and row[col] not in (None, "")]
