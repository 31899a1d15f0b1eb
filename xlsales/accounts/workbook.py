"""The whole accounts workbook from its sheets' rows: settings as validated rules, every table parsed, every
problem named by sheet!cell. `xlsales check` and the scripts read the workbook through here."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from xlsales.accounts import inputs
from xlsales.accounts import layout as L
from xlsales.accounts.relations import parse_weights
from xlsales.accounts.settings import (ClassRules, ClosenessWeights, LevelRules, QualifyRules, TierRules,
                                       rule_message)
from xlsales.i18n import Text
from xlsales.problems import Problem
from xlsales.sheets import missing_sheet, sheet_rows
from xlsales.table import ParsedTable, is_blank, to_date, to_number


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
    tables: dict[str, ParsedTable] = field(default_factory=dict)  # by table name (layout.TABLE_*)
    problems: list[Problem] = field(default_factory=list)


def _value(rows: list[list[Any]], key: str) -> Any:
    row = L.PARAMETERS[key][0]
    value = rows[row - 1][1] if len(rows) >= row and len(rows[row - 1]) > 1 else None
    # a formula read without its result (openpyxl) leaves the parameter at its default
    return None if is_blank(value) or (isinstance(value, str) and value.startswith("=")) else value


def _numbers(rows: list[list[Any]], sheet: str, problems: list[Problem]) -> dict[str, float]:
    out: dict[str, float] = {}
    for key in L.PARAMETERS:
        if key in ("as_of", "call_owner"):
            continue
        value = _value(rows, key)
        if value is None:
            continue
        number = to_number(value)
        if number is None or number < 0:
            problems.append(Problem(sheet, L.parameter_cell(key), f"「{L.PARAMETERS[key][1].zh}」应为不小于 0 的数字",
                                    f"'{L.PARAMETERS[key][1].en}' must be a number >= 0", str(value)))
        else:
            out[key] = number
    return out


def _model(build: Any, cell_key: str, sheet: str, problems: list[Problem], fallback: Any) -> Any:
    """A rules model from the sheet's numbers; a rule the numbers break is a problem at `cell_key`."""
    try:
        return build()
    except ValidationError as error:
        problems.append(Problem(sheet, L.parameter_cell(cell_key), *rule_message(error)))
        return fallback


def read_settings(rows: list[list[Any]], sheet: str) -> tuple[Settings, list[Problem]]:
    problems: list[Problem] = []
    n = _numbers(rows, sheet, problems)
    as_of_value = _value(rows, "as_of")
    as_of = to_date(as_of_value) if as_of_value is not None else None
    if as_of_value is not None and as_of is None:
        problems.append(Problem(sheet, L.parameter_cell("as_of"), "报告日期应为日期", "the as-of date must be a date",
                                str(as_of_value)))
    tiers = _model(lambda: TierRules(much_business_min=n.get("much_business_min"),
                                     large_potential_min=n.get("large_potential_min"),
                                     max_share=n.get("max_share", L.DEFAULTS["max_share"])),
                   "max_share", sheet, problems, TierRules())
    classes = _model(lambda: ClassRules(a_share=n.get("a_share", L.DEFAULTS["a_share"]),
                                        b_share=n.get("b_share", L.DEFAULTS["b_share"]),
                                        effort={c: n.get(f"effort_{c.lower()}", L.DEFAULTS[f"effort_{c.lower()}"])
                                                for c in "ABC"},
                                        working_days=n.get("working_days", L.DEFAULTS["working_days"])),
                     "b_share", sheet, problems, ClassRules())
    qualify = _model(lambda: QualifyRules(go_threshold=n.get("go_threshold", L.DEFAULTS["go_threshold"])),
                     "go_threshold", sheet, problems, QualifyRules())
    levels = _model(lambda: LevelRules(middle_min=n.get("middle_min", L.DEFAULTS["middle_min"]),
                                       top_min=n.get("top_min", L.DEFAULTS["top_min"])),
                    "top_min", sheet, problems, LevelRules())
    calls = n.get("calls_per_day", L.DEFAULTS["calls_per_day"])
    if calls < 1 or calls % 1:
        problems.append(Problem(sheet, L.parameter_cell("calls_per_day"), "每日拨打数应为正整数",
                                "calls a day must be a whole number above 0", f"{calls:g}"))
        calls = L.DEFAULTS["calls_per_day"]
    owner = _value(rows, "call_owner")
    header = L.TABLES_HEADER_ROW
    reps = inputs.parse_reps(L.block(rows, header, L.REPS_FIRST_COL, 2), sheet, header - 1)
    weights, weight_problems = parse_weights(L.block(rows, header, L.WEIGHTS_FIRST_COL, 2), sheet, header - 1,
                                             L.WEIGHTS_FIRST_COL - 1)
    problems += reps.problems + weight_problems
    day = as_of.date() if as_of is not None else dt.date.today()
    settings = Settings(day, tiers, classes, qualify, levels, int(calls),
                        None if owner is None else str(owner).strip(), weights, list(reps.frame["rep"]))
    return settings, problems


def read_workbook(sheets: dict[str, list[list[Any]]]) -> AccountsBook:
    """Every sheet that exists is read; a missing input sheet is one problem."""
    problems: list[Problem] = []
    found = sheet_rows(sheets, L.SHEET_SETTINGS)
    if found is None:
        problems.append(missing_sheet(L.SHEET_SETTINGS))
        settings, _ = read_settings([], L.SHEET_SETTINGS.zh)
    else:
        settings, settings_problems = read_settings(found[1], found[0])
        problems += settings_problems
    book = AccountsBook(settings)

    def table(name: Text, key: str, parse: Any) -> ParsedTable | None:
        found = sheet_rows(sheets, name)
        if found is None:
            problems.append(missing_sheet(name))
            return None
        book.tables[key] = parse(found[1], found[0])
        return book.tables[key]

    accounts = table(L.SHEET_ACCOUNTS, L.TABLE_ACCOUNTS, inputs.parse_accounts)
    names = list(accounts.frame["account"]) if accounts is not None else None
    if accounts is not None and settings.reps:
        frame = accounts.frame
        inputs.flag(accounts, frame["owner"].notna() & ~frame["owner"].isin(set(settings.reps)), "owner",
                    "负责人不在「设置」的销售人员名单中,不计入按人统计", "owner is not on the reps list in Settings; "
                    "left out of the per-rep figures", "warning")
    table(L.SHEET_PEOPLE, L.TABLE_PEOPLE, lambda r, s: inputs.parse_people(r, s, names))
    plan = table(L.SHEET_PLAN, L.TABLE_PLAN, lambda r, s: inputs.parse_plan(r, s, settings.tiers.per_tier))
    if plan is not None and names is not None:
        inputs.flag(plan, plan.frame["account"].notna() & ~plan.frame["account"].isin(set(names)), "account",
                    "客户不在客户表中", "account is not on the accounts sheet", "warning")
    plan_accounts = list(plan.frame["account"]) if plan is not None else None
    table(L.SHEET_MONTHLY, L.TABLE_MONTHLY, lambda r, s: inputs.parse_monthly(r, s, plan_accounts))
    table(L.SHEET_QUALIFY, L.TABLE_QUALIFY, inputs.parse_qualification)
    table(L.SHEET_LEVELS, L.TABLE_LEVELS, inputs.parse_rep_levels)
    table(L.SHEET_CUSTOMERS, L.TABLE_CUSTOMERS, inputs.parse_customers)
    book.problems = problems + [p for parsed in book.tables.values() for p in parsed.problems]
    return book
