"""Key-account functions for reps' and managers' own cells, and the accounts workbook's scripts
(xlwings Lite and desktop).

Functions take whole tables with their header row, e.g. =ACCOUNT_TIER(Accounts[#All], "苏州恒达精密");
columns are found by header in Chinese or English. Spilled headers read "中文 English"; labels a function
returns read "中文 / English"; the scripts write in the workbook's language.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import xlwings as xw
from pydantic import ValidationError
from xlwings import func, script

from udfs._book import clear_from, find_sheet, resize_table, sheet_lang, sheet_or_new, used_rows, write_block
from udfs._excel import date, friendly_errors, number, rows, text
from xlsales.accounts import calls, classes, inputs, plan, qualify, relations, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.columns import MONTHLY_COLUMNS, PLAN_COLUMNS
from xlsales.accounts.labels import headers, reason
from xlsales.accounts.levels import RUBRIC_KEYS, rep_levels
from xlsales.accounts.render import cell, column_cells
from xlsales.accounts.settings import (ClassRules, ClosenessWeights, LevelRules, QualifyRules, TierRules,
                                       rule_message)
from xlsales.accounts.vocab import (CONTRACT, INTENT, ITEM_STATUS, PROGRESS, QUALIFY_ITEMS, REP_LEVELS, RUBRIC,
                                    UNKNOWN, VERDICTS)
from xlsales.accounts.workbook import Settings, read_settings, table_grid
from xlsales.i18n import Lang, Text, choices
from xlsales.layout import Table
from xlsales.problems import ArgumentError, InputError, Problem, column_letter
from xlsales.table import ParsedTable, is_blank, normalise

# ---- arguments -------------------------------------------------------------------------------


def _errors(problems: list[Problem]) -> None:
    """Warnings let the figures through; errors stop them, named by sheet!cell."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)


def _checked(parsed: ParsedTable) -> pd.DataFrame:
    _errors(parsed.problems)
    return parsed.frame


# the columns each figure reads: a gap in another column is not its problem
TIER_FIELDS = {"account", "owner", "revenue", "total_market", "other_channels"}
CLASS_FIELDS = {"account", "owner", "revenue", "class_manual"}
CLOSENESS_FIELDS = {"account", "deals", "role", "involvement", "closeness", "solution", "price"}
CALL_FIELDS = {"customer", "owner", "progress", "intent", "contract", "next_call", "last_contact"}


def _accounts(value: Any, needed: set[str]) -> pd.DataFrame:
    return _checked(inputs.parse_accounts(rows(value), L.ACCOUNTS.name, needed=needed))


def _people(value: Any) -> pd.DataFrame:
    return _checked(inputs.parse_people(rows(value), L.PEOPLE.name, needed=CLOSENESS_FIELDS))


def _customers(value: Any) -> pd.DataFrame:
    return _checked(inputs.parse_customers(rows(value), L.CUSTOMERS.name, needed=CALL_FIELDS))


def _optional(value: Any, name_zh: str, name_en: str) -> float | None:
    return None if is_blank(value) else number(value, name_zh, name_en)


def _share(value: Any, name_zh: str, name_en: str, default: float) -> float:
    share = number(value, name_zh, name_en, default=default)
    if not 0 < share <= 1:
        raise ArgumentError(f"「{name_zh}」应在 0 与 100% 之间", f"'{name_en}' must be between 0 and 100%")
    return share


def _rules(build: Callable[[], Any]) -> Any:
    """A rules model from function arguments; a broken rule is one readable line, not pydantic's report."""
    try:
        return build()
    except ValidationError as error:
        raise ArgumentError(*rule_message(error)) from None


def _weights(value: Any) -> ClosenessWeights:
    if value is None:
        return ClosenessWeights()
    weights, problems = inputs.parse_weights(rows(value), L.WEIGHTS.name)
    _errors(problems)
    return weights


def _one(frame: pd.DataFrame, key: str, wanted: Any, what_zh: str, what_en: str) -> pd.Series:
    name = text(wanted)
    match = frame[frame[key] == name]
    if match.empty:
        raise ArgumentError(f"找不到{what_zh}「{name}」", f"no {what_en} '{name}'")
    return match.iloc[0]


def _cells(value: Any, count: int, name_zh: str, name_en: str) -> list[Any]:
    """Exactly `count` cells of one row or column, blanks kept (a blank has a meaning here)."""
    grid = rows(value)
    cells = grid[0] if len(grid) == 1 else [r[0] for r in grid if r]
    if len(cells) != count:
        raise ArgumentError(f"「{name_zh}」应为 {count} 个单元格(一行)", f"'{name_en}' must be {count} cells in a row")
    return cells


def _table(frame: pd.DataFrame, keys: list[str]) -> list[list[Any]]:
    """A frame as a spilled block: "中文 English" headers, then values with NaN shown as blank."""
    columns = [column_cells(frame[k], k, "zh-CN") for k in keys]
    return [headers(keys)] + [list(r) for r in zip(*columns)]


# ---- tiers, classes, 80/20 -------------------------------------------------------------------


def _tier_rules(much: Any, large: Any, max_share: Any) -> TierRules:
    much_min = _optional(much, "业务量大门槛", "much-business threshold")
    large_min = _optional(large, "潜力大门槛", "large-potential threshold")
    share = _share(max_share, "未达潜力占比", "below-potential share", 0.8)
    return _rules(lambda: TierRules(much_business_min=much_min, large_potential_min=large_min, max_share=share))


@func
@friendly_errors
def account_tier(accounts: Any, account: Any, much_business_min: Any = None, large_potential_min: Any = None,
                 max_share: Any = None) -> Any:
    """Suggested 5+5+5 tier 1, 2 or 3 (blank: none). Blank thresholds are the averages over the accounts.
    =ACCOUNT_TIER(Accounts[#All], "苏州恒达精密")"""
    rules = _tier_rules(much_business_min, large_potential_min, max_share)
    row = _one(tiers.tiers(_accounts(accounts, TIER_FIELDS), rules), "account", account, "客户", "account")
    return "" if pd.isna(row["tier"]) else int(row["tier"])


@func
@friendly_errors
def account_tiers(accounts: Any, much_business_min: Any = None, large_potential_min: Any = None,
                  max_share: Any = None) -> list[list[Any]]:
    """Spills every account's target capacity, headroom, share, tier, rank in tier and whether suggested."""
    rules = _tier_rules(much_business_min, large_potential_min, max_share)
    table = tiers.tiers(_accounts(accounts, TIER_FIELDS), rules)
    return _table(table, tiers.TIER_COLUMNS)


@func
@friendly_errors
def account_class(accounts: Any, account: Any, a_share: Any = None, b_share: Any = None) -> str:
    """A, B or C: A while the revenue ranked ahead is under 80% of the total, B under 95%, else C; a manual
    class in the table wins. =ACCOUNT_CLASS(Accounts[#All], A2)"""
    a = _share(a_share, "A类占比", "A share", 0.8)
    b = _share(b_share, "B类占比", "B share", 0.95)
    rules = _rules(lambda: ClassRules(a_share=a, b_share=b))
    classified = classes.classify(_accounts(accounts, CLASS_FIELDS), rules)
    return str(_one(classified, "account", account, "客户", "account")["class"])


@func
@friendly_errors
def pareto_accounts(accounts: Any, share: Any = None) -> Any:
    """Share of the accounts with business that make 80% (or `share`) of revenue. =PARETO_ACCOUNTS(Accounts[#All])"""
    result = classes.accounts_for(_accounts(accounts, {"account", "revenue"}),
                                  _share(share, "营业额占比", "revenue share", 0.8))
    return "" if result is None else result.share_of_items


@func
@friendly_errors
def pareto_reps(accounts: Any, reps: Any = None, share: Any = None) -> Any:
    """Share of reps whose accounts make 80% (or `share`) of revenue; reps default to the accounts' owners.
    =PARETO_REPS(Accounts[#All], AccountReps[姓名])"""
    names = [text(v) for r in rows(reps) for v in r if not is_blank(v)] if reps is not None else None
    if names and normalise(names[0]) in {normalise("姓名"), normalise("Name")}:
        names = names[1:]  # a column passed with its header
    result = classes.reps_for(classes.classify(_accounts(accounts, CLASS_FIELDS)), names or None,
                              _share(share, "营业额占比", "revenue share", 0.8))
    return "" if result is None else result.share_of_items


# ---- key people ------------------------------------------------------------------------------


def _rating(value: Any, name_zh: str, name_en: str) -> float:
    rating = number(value, name_zh, name_en)
    if not 1 <= rating <= 5:
        raise ArgumentError(f"「{name_zh}」应在 1-5 之间", f"'{name_en}' must be between 1 and 5")
    return rating


@func
@friendly_errors
def person_closeness(closeness: Any, solution: Any, price: Any, weights: Any = None) -> float:
    """One person's overall closeness 0-100% from three 1-5 ratings. =PERSON_CLOSENESS(4, 3, 2)"""
    ratings = pd.DataFrame({"closeness": [_rating(closeness, "关系紧密度", "closeness")],
                            "solution": [_rating(solution, "方案认可度", "solution acceptance")],
                            "price": [_rating(price, "价格接受度", "price acceptance")]})
    return float(relations.overall(ratings, _weights(weights)).iloc[0])


@func
@friendly_errors
def account_closeness(people: Any, account: Any, weights: Any = None) -> Any:
    """An account's overall closeness: its people weighted by role × involvement.
    =ACCOUNT_CLOSENESS(KeyPeople[#All], "苏州恒达精密", ClosenessWeights[#All])"""
    table = relations.account_closeness(_people(people), _weights(weights))
    name = text(account)
    if name not in table.index:
        raise ArgumentError(f"关键人表中没有客户「{name}」", f"no key people for account '{name}'")
    overall = table.at[name, "overall"]
    return "" if pd.isna(overall) else float(overall)


@func
@friendly_errors
def deal_closeness(people: Any, deal: Any, weights: Any = None) -> Any:
    """A deal's decision chain overall closeness. =DEAL_CLOSENESS(KeyPeople[#All], "K-001")"""
    table = relations.chain_closeness(_people(people), _weights(weights))
    name = text(deal)
    if name not in table.index:
        raise ArgumentError(f"关键人表中没有商机「{name}」的决策链", f"no decision chain for deal '{name}'")
    overall = table.at[name, "overall"]
    return "" if pd.isna(overall) else float(overall)


# ---- qualification and rep level --------------------------------------------------------------

STATUS_CHOICES = choices(ITEM_STATUS)
LEVEL_CHOICES = choices(REP_LEVELS)


def _checks(statuses: Any) -> pd.DataFrame:
    cells = _cells(statuses, len(QUALIFY_ITEMS), "7+3 各项", "the 7+3 items")
    lookup = {normalise(k): v for k, v in STATUS_CHOICES.items()}
    row: dict[str, Any] = {"deal": "", "account": "", "owner": ""}
    for item, value in zip(QUALIFY_ITEMS, cells):
        status = UNKNOWN if is_blank(value) else lookup.get(normalise(value))
        if status is None:
            raise ArgumentError(f"「{item.label.zh}」应为: {'、'.join(t.zh for t in ITEM_STATUS.values())}",
                                f"'{item.label.en}' must be one of: {', '.join(t.en for t in ITEM_STATUS.values())}")
        row[item.key] = status
    return pd.DataFrame([row])


@func
@friendly_errors
def qualify_score(statuses: Any) -> float:
    """7+3 score 0-1 from ten cells (known 1, partly ½, unknown/blank/against 0). =QUALIFY_SCORE(D2:M2)"""
    return float(qualify.qualify(_checks(statuses)).at[0, "score"])


@func
@friendly_errors
def qualify_verdict(statuses: Any, go_threshold: Any = None) -> str:
    """跟进 Go / 先补信息 Find out more first / 放弃 No-go for ten 7+3 cells. =QUALIFY_VERDICT(D2:M2, 0.7)"""
    threshold = number(go_threshold, "跟进门槛", "go threshold", default=0.7)
    result = qualify.qualify(_checks(statuses), _rules(lambda: QualifyRules(go_threshold=threshold)))
    return VERDICTS[result.at[0, "verdict"]].both()


@func
@friendly_errors
def qualify_missing(statuses: Any) -> str:
    """The 7+3 items not yet fully known, in the rule's order. =QUALIFY_MISSING(D2:M2)"""
    keys = qualify.qualify(_checks(statuses)).at[0, "missing"]
    return f"{qualify.item_list(keys, 'zh-CN')} / {qualify.item_list(keys, 'en')}" if keys else ""


@func
@friendly_errors
def rep_level(ratings: Any, middle_min: Any = None, top_min: Any = None) -> Any:
    """及格 / 中等 / TOPSALES from the 14 rubric cells (blank = not rated). =REP_LEVEL(B2:O2)"""
    cells = _cells(ratings, len(RUBRIC), "评级各项", "the rubric ratings")
    lookup = {normalise(k): v for k, v in LEVEL_CHOICES.items()}
    row: dict[str, Any] = {"rep": ""}
    for rubric_row, value in zip(RUBRIC, cells):
        level = None if is_blank(value) else lookup.get(normalise(value))
        if level is None and not is_blank(value):
            raise ArgumentError(f"「{rubric_row.label.zh}」应为: 及格、中等、TOPSALES",
                                f"'{rubric_row.label.en}' must be one of: Pass, Average, Top sales")
        row[rubric_row.key] = level
    middle = number(middle_min, "中等下限", "average minimum", default=1.5)
    top = number(top_min, "TOPSALES 下限", "top-sales minimum", default=2.5)
    rules = _rules(lambda: LevelRules(middle_min=middle, top_min=top))
    level = rep_levels(pd.DataFrame([row], columns=["rep"] + RUBRIC_KEYS), rules).at[0, "level"]
    return "" if pd.isna(level) else REP_LEVELS[level].both()


# ---- call list -------------------------------------------------------------------------------


def _day(as_of: Any) -> dt.date:
    return date(as_of, "报告日期", "as-of date", default=dt.date.today())


@func
@friendly_errors
def call_rank(customers: Any, customer: Any, as_of: Any = None, owner: Any = None) -> Any:
    """A customer's place in today's calling order (1 = first; blank: no call today).
    =CALL_RANK(Customers[#All], A2, TODAY(), "张伟")"""
    ranked = calls.priorities(_customers(customers), _day(as_of), text(owner) or None)
    row = _one(ranked, "customer", customer, "客户", "customer")
    return "" if pd.isna(row["rank"]) else int(row["rank"])


CALL_KEYS = ["call_rank", "customer", "owner", "progress", "intent", "contract", "next_call", "last_contact",
             "reason"]


def _call_rows(chosen: pd.DataFrame, label: Callable[[Text], str]) -> list[list[Any]]:
    """Call-list rows with every label through `label` (one language, or both for a spill)."""
    def choice(value: Any, vocab: dict[str, Text]) -> Any:
        return None if pd.isna(value) else label(vocab[value])

    return [[int(r.rank), r.customer, None if pd.isna(r.owner) else r.owner, label(PROGRESS[int(r.progress)]),
             choice(r.intent, INTENT), choice(r.contract, CONTRACT), cell(r.next_call, "next_call", "zh-CN"),
             cell(r.last_contact, "last_contact", "zh-CN"), label(reason(bool(r.due), bool(r.hot)))]
            for r in chosen.itertuples()]


@func
@friendly_errors
def call_list(customers: Any, as_of: Any = None, n: Any = None, owner: Any = None) -> list[list[Any]]:
    """Spills today's N customers to call (default 60), in calling order.
    =CALL_LIST(Customers[#All], TODAY(), 60, "张伟")"""
    count = number(n, "每日拨打数", "calls a day", default=60)
    if count < 1 or count % 1:
        raise ArgumentError("每日拨打数应为正整数", "calls a day must be a whole number above 0")
    chosen = calls.call_list(_customers(customers), _day(as_of), int(count), text(owner) or None)
    return [headers(CALL_KEYS)] + _call_rows(chosen, Text.both)


# ---- scripts ---------------------------------------------------------------------------------

PLAN_SETTINGS = {"as_of", "much_business_min", "large_potential_min", "max_share"}
CALL_SETTINGS = {"as_of", "calls_per_day", "working_days"}


def _settings(book: xw.Book, used: set[str]) -> Settings:
    """The settings in use; a parameter the script uses that is typed unusably stops it, named by its cell."""
    sheet = find_sheet(book, L.SHEET_SETTINGS)
    settings, problems = read_settings(used_rows(sheet), sheet.name)
    _errors([p for p in problems if p.column in used])
    return settings


def _parsed(book: xw.Book, name: Text, table: Table, parse: Callable[..., ParsedTable]) -> tuple[Any, ParsedTable,
                                                                                                   int]:
    """The table's sheet, its rows parsed (an error stops the script: rewriting would lose the value), and how
    many rows below its header the sheet uses."""
    sheet = find_sheet(book, name)
    grid = used_rows(sheet)
    parsed = parse(table_grid(grid, table, None), sheet.name, table.header_row - 1)
    _checked(parsed)
    return sheet, parsed, max(len(grid) - table.header_row, 0)


def _write_rows(sheet: Any, table: Table, parsed: ParsedTable, frame: pd.DataFrame, lang: Lang,
                used: int) -> None:
    """Replace the table's input values with `frame`'s (each column under its header, wherever the user moved
    it) and make the table cover them; it never shrinks, and Excel fills its calculated columns."""
    first = table.first_row
    for key in frame.columns:
        if key not in parsed.column_index:
            continue
        letter = column_letter(parsed.column_index[key])
        if used:
            sheet.range(f"{letter}{first}:{letter}{first + used - 1}").clear_contents()
        write_block(sheet, f"{letter}{first}", [[cell(v, key, lang)] for v in frame[key]])
    body = max(used, len(frame), table.min_rows)
    resize_table(sheet, table.name, f"{table.at}:{table.last_letter()}{table.header_row + body}")


@script
def build_tier_plan(book: xw.Book) -> None:
    """Fill the 15-account plan with the suggested 5+5+5 accounts (keeping goals and actions already typed
    for an account that stays) and give each a row per month for a year on the monthly sheet, keeping every
    expected and actual figure already entered (also those of accounts that leave the plan)."""
    settings = _settings(book, PLAN_SETTINGS)
    _, accounts, _ = _parsed(book, L.SHEET_ACCOUNTS, L.ACCOUNTS,
                             lambda r, s, h: inputs.parse_accounts(r, s, h, needed=TIER_FIELDS))
    plan_sheet, current, plan_used = _parsed(book, L.SHEET_PLAN, L.PLAN, lambda r, s, h: inputs.parse_plan(
        r, s, settings.tiers.per_tier, h))
    lang = sheet_lang(plan_sheet.name, L.SHEET_PLAN)
    chosen = tiers.suggested_accounts(tiers.tiers(accounts.frame, settings.tiers))
    new_plan = plan.plan_rows(chosen, current.frame)
    _write_rows(plan_sheet, L.PLAN, current, new_plan[[c.key for c in PLAN_COLUMNS]], lang, plan_used)
    month_sheet, months, months_used = _parsed(book, L.SHEET_MONTHLY, L.MONTHLY,
                                               lambda r, s, h: inputs.parse_monthly(r, s, first_row=h))
    existing = months.frame["month"].dropna()
    start = existing.min().date() if not existing.empty else settings.as_of
    new_months = plan.monthly_rows(list(new_plan["account"]), start, months.frame)
    _write_rows(month_sheet, L.MONTHLY, months, new_months[[c.key for c in MONTHLY_COLUMNS]], lang, months_used)


@script
def todays_call_lists(book: xw.Book) -> None:
    """Write today's call list of every rep (the settings' calls a day each) to its own sheet; running it
    again replaces the list with the same one."""
    settings = _settings(book, CALL_SETTINGS)
    customer_sheet, customers, _ = _parsed(book, L.SHEET_CUSTOMERS, L.CUSTOMERS,
                                           lambda r, s, h: inputs.parse_customers(r, s, h, needed=CALL_FIELDS))
    lang = sheet_lang(customer_sheet.name, L.SHEET_CUSTOMERS)
    chosen = calls.call_list(customers.frame, settings.as_of, settings.calls_per_day, per_owner=True)
    sheet = sheet_or_new(book, L.SHEET_CALLS_ALL, customer_sheet)
    clear_from(sheet, "A1")
    count = len(customers.frame)
    coverage = calls.coverage(count, settings.calls_per_day, settings.classes.working_days)
    note = (f"{settings.as_of.isoformat()}: {count} 个客户,每天 {settings.calls_per_day} 个,"
            f"{coverage.days_to_cover} 个工作日轮访一遍" if lang == "zh-CN" else
            f"{settings.as_of.isoformat()}: {count} customers at {settings.calls_per_day} a day: "
            f"all called once in {coverage.days_to_cover} working days")
    write_block(sheet, L.CALLS_ALL.address("note"), [[note]])
    write_block(sheet, L.CALLS_ALL_BLOCK.at, [headers(L.CALLS_ALL_KEYS, lang)] + _call_rows(chosen, lambda t: t(lang)))
