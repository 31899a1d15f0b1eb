"""The whole accounts workbook from its sheets' values: the parameters in use, every table parsed, every
problem named by sheet!cell. `xlsales check`, the scripts and the tests read the workbook through here.

The rules are the sheets' rules (xlsales/accounts/layout.py): a parameter left blank or unusable is replaced
by its default as the settings sheet's "in use" column does, and each is one data problem; a row typed
below a table is one the summaries leave out; a rep past the per-rep block's rows is one problem. So the
errors `check` reports are exactly what the settings sheet's data-problem counter counts.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from xlsales.accounts import inputs
from xlsales.accounts import layout as L
from xlsales.accounts.settings import (PARAMETER, PARAMETERS, ClassRules, ClosenessWeights, LevelRules, Parameter,
                                       QualifyRules, TierRules)
from xlsales.i18n import Text
from xlsales.layout import Table
from xlsales.problems import Problem, cell_address
from xlsales.sheets import Sheets, TableExtent, missing_sheet, sheet_rows, table_rows
from xlsales.table import ERROR_VALUES, LAST_SERIAL, ParsedTable, is_blank, to_date, to_number

Tables = dict[str, TableExtent] | None


@dataclass
class Settings:
    as_of: dt.date
    tiers: TierRules
    classes: ClassRules
    qualify: QualifyRules
    levels: LevelRules
    calls_per_day: int
    call_owner: str | None
    weights: ClosenessWeights
    reps: list[str]


@dataclass
class AccountsBook:
    settings: Settings
    tables: dict[str, ParsedTable] = field(default_factory=dict)  # by table name (layout.ACCOUNTS.name, ...)
    problems: list[Problem] = field(default_factory=list)


def table_grid(grid: list[list[Any]], table: Table, tables: Tables, last_row: int | None = None) -> list[list[Any]]:
    """The rows `table` occupies, header first, cut to its columns (and to `last_row`, 1-based)."""
    rows = table_rows(grid, table, tables)
    if last_row is not None:
        rows = rows[:last_row - table.header_row + 1]
    start = table.first_col - 1
    return [list(r[start:start + len(table.columns)]) for r in rows]


# ---- parameters ------------------------------------------------------------------------------

def _typed(grid: list[list[Any]], key: str) -> Any:
    """A parameter's typed value; a formula read without its result (a file no spreadsheet has calculated yet)
    reads as blank, as its result would be the default."""
    cell = L.SETTINGS.cell(key)
    row = grid[cell.row - 1] if len(grid) >= cell.row else []
    value = row[cell.col - 1] if len(row) >= cell.col else None
    return None if is_blank(value) or (isinstance(value, str) and value.startswith("=")) else value


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _serial(value: Any) -> float | None:
    """A date as its serial number, from a date or a number (not from text: the sheet's formulas skip text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return float((dt.date(value.year, value.month, value.day) - dt.date(1899, 12, 30)).days)
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


def parameter_problem(p: Parameter, value: Any, in_use: dict[str, Any], reps: list[str]) -> Text | None:
    """What is wrong with a parameter's typed value (None: nothing) — the twin of layout.parameter_problem."""
    if value is None:
        return None
    if isinstance(value, str) and value in ERROR_VALUES:
        return Text(f"是错误值 {value},请先修正该单元格", f"holds the error {value}: fix that cell first")
    expected = p.expected()
    if p.kind == "text":
        listed = {r.casefold() for r in reps}
        return None if _text(value).casefold() in listed else Text("不在下方的销售人员名单中", "is not on the reps list")
    if p.kind == "date":
        serial = _serial(value)
        if serial is None:
            stored = isinstance(value, str) and to_date(value) is not None
            return Text("是存成文本的日期,请改为日期格式", "holds a date stored as text: enter it as a date") if stored \
                else Text(f"应为{expected.zh}", f"must be {expected.en}")
        return None if 1 <= serial <= LAST_SERIAL else Text(f"应为{expected.zh}", f"must be {expected.en}")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        if isinstance(value, str) and to_number(value) is not None:
            return Text("是存成文本的数字,请改为数字格式", "holds a number stored as text: enter it as a number")
        return Text(f"应为{expected.zh}", f"must be {expected.en}")
    low = p.minimum
    if (low is not None and (value <= low if p.above_minimum else value < low)) or (
            p.maximum is not None and value > p.maximum) or (p.whole and value != int(value)):
        return Text(f"应为{expected.zh}", f"must be {expected.en}")
    if p.at_least is not None and value < in_use[p.at_least]:
        other = PARAMETER[p.at_least].label
        return Text(f"不能小于「{other.zh}」", f"cannot be below '{other.en}'")
    return None


def _fallback(p: Parameter, in_use: dict[str, Any]) -> Any:
    """The value in use for a blank or unusable parameter (None: today / the accounts' average / nobody)."""
    if p.default is None:
        return None
    return max(p.default, in_use[p.at_least]) if p.at_least is not None else p.default


def read_parameters(grid: list[list[Any]], sheet: str, reps: list[str]) -> tuple[dict[str, Any], list[Problem]]:
    """Every parameter's value in use, and a problem for each one typed unusably."""
    in_use: dict[str, Any] = {}
    problems: list[Problem] = []
    for p in PARAMETERS:
        value = _typed(grid, p.key)
        wrong = parameter_problem(p, value, in_use, reps)
        if wrong is not None:
            problems.append(Problem(sheet, L.SETTINGS.address(p.key), f"「{p.label.zh}」{wrong.zh}",
                                    f"'{p.label.en}' {wrong.en}", _text(value), column=p.key))
        if wrong is not None or value is None:
            in_use[p.key] = _fallback(p, in_use)
        elif p.kind == "date":
            in_use[p.key] = dt.date(1899, 12, 30) + dt.timedelta(days=int(_serial(value) or 0))
        else:
            in_use[p.key] = _text(value) if p.kind == "text" else float(value)
    return in_use, problems


def read_settings(grid: list[list[Any]], sheet: str, tables: Tables = None) -> tuple[Settings, list[Problem]]:
    reps = inputs.parse_reps(table_grid(grid, L.REPS, tables), sheet, L.REPS.header_row - 1,
                             L.REPS.first_row + L.MAX_REPS - 1)
    weights, weight_problems = inputs.parse_weights(table_grid(grid, L.WEIGHTS, tables, L.WEIGHTS_LAST_ROW), sheet,
                                                    L.WEIGHTS.header_row - 1, L.WEIGHTS.first_col - 1)
    names = [str(r) for r in reps.frame["rep"]]
    v, problems = read_parameters(grid, sheet, names)
    settings = Settings(
        as_of=v["as_of"] or dt.date.today(),
        tiers=TierRules(much_business_min=v["much_business_min"], large_potential_min=v["large_potential_min"],
                        max_share=v["max_share"]),
        classes=ClassRules(a_share=v["a_share"], b_share=v["b_share"],
                           effort={c: v[f"effort_{c.lower()}"] for c in "ABC"}, working_days=v["working_days"]),
        qualify=QualifyRules(go_threshold=v["go_threshold"]),
        levels=LevelRules(middle_min=v["middle_min"], top_min=v["top_min"]),
        calls_per_day=int(v["calls_per_day"]), call_owner=v["call_owner"] or None, weights=weights, reps=names)
    return settings, problems + reps.problems + weight_problems


# ---- the workbook ----------------------------------------------------------------------------

def read_workbook(sheets: Sheets, tables: Tables = None) -> AccountsBook:
    """Every sheet that exists is read (only the rows its Excel table occupies, when the file says so); a
    missing input sheet is one problem."""
    problems: list[Problem] = []
    found = sheet_rows(sheets, L.SHEET_SETTINGS)
    if found is None:
        problems.append(missing_sheet(L.SHEET_SETTINGS))
        settings, _ = read_settings([], L.SHEET_SETTINGS.zh)
        reps = None
    else:
        settings, settings_problems = read_settings(found[1], found[0], tables)
        problems += settings_problems
        reps = settings.reps
    book = AccountsBook(settings)

    def table(name: Text, described: Table, parse: Any) -> ParsedTable | None:
        found = sheet_rows(sheets, name)
        if found is None:
            problems.append(missing_sheet(name))
            return None
        book.tables[described.name] = parse(table_grid(found[1], described, tables), found[0],
                                            described.header_row - 1)
        return book.tables[described.name]

    accounts = table(L.SHEET_ACCOUNTS, L.ACCOUNTS, lambda r, s, h: inputs.parse_accounts(r, s, h, reps=reps))
    names = list(accounts.frame["account"]) if accounts is not None else None
    table(L.SHEET_PEOPLE, L.PEOPLE, lambda r, s, h: inputs.parse_people(r, s, names, h))
    plan = table(L.SHEET_PLAN, L.PLAN,
                 lambda r, s, h: inputs.parse_plan(r, s, settings.tiers.per_tier, h, accounts=names))
    plan_accounts = list(plan.frame["account"]) if plan is not None else None
    table(L.SHEET_MONTHLY, L.MONTHLY, lambda r, s, h: inputs.parse_monthly(r, s, plan_accounts, h))
    table(L.SHEET_QUALIFY, L.QUALIFY, lambda r, s, h: inputs.parse_qualification(r, s, h))
    table(L.SHEET_LEVELS, L.LEVELS, lambda r, s, h: inputs.parse_rep_levels(r, s, h))
    table(L.SHEET_CUSTOMERS, L.CUSTOMERS, lambda r, s, h: inputs.parse_customers(r, s, h))
    book.problems = problems + [p for parsed in book.tables.values() for p in parsed.problems]
    return book


def outside_rows(sheets: Sheets, tables: Tables) -> list[Problem]:
    """Rows typed below a table (its first column): Excel did not take them in, so no figure counts them."""
    problems = []
    for name, table, last_row in L.OUTSIDE:
        extent = (tables or {}).get(table.name)
        found = sheet_rows(sheets, name)
        if extent is None or found is None:
            continue
        sheet, grid = found
        col = table.first_col - 1
        for r in range(extent.last_row + 1, min(last_row, len(grid)) + 1):
            row = grid[r - 1]
            if col < len(row) and row[col] not in (None, ""):
                problems.append(Problem(
                    sheet, cell_address(r - 1, col),
                    f"这一行在「{table.name}」表(Excel 表格)之外,汇总不会计入:请把它移进表格",
                    f"this row is outside the {table.name} table, so no figure counts it: move it into the table",
                    str(row[col]), column=table.columns[0].key))
    return problems


def check(sheets: Sheets, tables: Tables = None) -> list[Problem]:
    """Every unusable value on the input sheets and every row typed outside a table, by sheet!cell."""
    return read_workbook(sheets, tables).problems + outside_rows(sheets, tables)
