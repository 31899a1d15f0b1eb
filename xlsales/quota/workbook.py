"""The quota workbook's inputs parsed together, and `xlsales check` for it.

Sheets come as rows from A1 keyed by sheet name (either language), as `xlsales.book.read_sheets` and the
scripts give them, and, when the file says so, where its Excel tables end: only the rows a table
occupies are its rows, and a row typed below it is a problem (no figure counts it). The errors `check`
reports are exactly what the plan sheet's data-problem counter counts (xlsales/quota/layout.py).
"""

from dataclasses import dataclass, field
from typing import Any

from xlsales.i18n import Text
from xlsales.layout import Table
from xlsales.problems import Problem
from xlsales.quota import layout as L
from xlsales.quota.inputs import outside_rows, parse_mix, parse_reps, parse_weekly, rep_count_problem
from xlsales.quota.settings import QuotaSettings, read_parameters
from xlsales.quota.team import plan_team
from xlsales.sheets import Sheets, TableExtent, missing_sheet, sheet_rows, table_rows
from xlsales.table import ParsedTable

# what each table is called in a message about a row outside it
TABLE_WORDS = {L.REPS.name: ("人员表", "reps"), L.MIX.name: ("产品组合表", "product mix"),
               L.WEEKLY.name: ("周跟踪表", "weekly tracking")}


@dataclass
class QuotaInputs:
    target_sheet: str
    settings: QuotaSettings | None
    reps: ParsedTable | None
    mix: ParsedTable | None
    weekly: ParsedTable | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return (self.settings is not None and self.reps is not None and self.mix is not None
                and self.weekly is not None and not any(p.severity == "error" for p in self.problems))


def _table(sheets: Sheets, name: Text, table: Table, tables: dict[str, TableExtent] | None,
           problems: list[Problem]) -> tuple[str, list[list[Any]]] | None:
    """(sheet name, the table's rows from its header) and any row typed below it, or None without the sheet."""
    found = sheet_rows(sheets, name)
    if found is None:
        problems.append(missing_sheet(name))
        return None
    sheet, grid = found
    extent = (tables or {}).get(table.name)
    for key_table, key, _ in L.OUTSIDE:
        if key_table is table and extent is not None:
            problems += outside_rows(grid, sheet, table.header_row, extent.last_row,
                                     table.first_col - 1 + table.index(key), key, TABLE_WORDS[table.name])
    return sheet, table_rows(grid, table, tables) or [[]]


def parse_workbook(sheets: Sheets, tables: dict[str, TableExtent] | None = None) -> QuotaInputs:
    """Every input of the workbook, each problem at its cell; the plan's settings only when they are all usable."""
    target = sheet_rows(sheets, L.SHEET_TARGET)
    if target is None:
        return QuotaInputs(L.SHEET_TARGET.zh, None, None, None, None, [missing_sheet(L.SHEET_TARGET)])
    target_sheet, target_grid = target
    parameters = read_parameters(target_grid, target_sheet)
    problems = list(parameters.problems)
    settings = None if problems else QuotaSettings(**parameters.effective)
    effective = parameters.effective
    _, rep_rows = _table(sheets, L.SHEET_TARGET, L.REPS, tables, problems)  # type: ignore[misc]
    reps = parse_reps(rep_rows, target_sheet, effective["split"], L.REPS.header_row - 1)
    problems += reps.problems + rep_count_problem(reps, L.MAX_REPS)
    names = reps.frame["rep"].tolist()
    mix = weekly = None
    found = _table(sheets, L.SHEET_MIX, L.MIX, tables, problems)
    if found is not None:
        mix = parse_mix(found[1], found[0], names, L.MIX.header_row - 1)
        problems += mix.problems
    found = _table(sheets, L.SHEET_TRACKING, L.WEEKLY, tables, problems)
    if found is not None:
        weekly = parse_weekly(found[1], found[0], names, effective["working_weeks"], L.WEEKLY.header_row - 1)
        problems += weekly.problems
    return QuotaInputs(target_sheet, settings, reps, mix, weekly, problems)


def check(sheets: Sheets, tables: dict[str, TableExtent] | None = None) -> list[Problem]:
    """Every unusable value on the target, mix and tracking sheets by sheet!cell (the errors the workbook's
    data-problem counter counts), then, when the inputs are usable, the plan's warnings."""
    inputs = parse_workbook(sheets, tables)
    if not inputs.usable:
        return inputs.problems
    team = plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)
    return inputs.problems + team.warnings
