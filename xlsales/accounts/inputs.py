"""The accounts workbook's tables from sheet rows, with cross-field checks; every problem names sheet!cell."""

from collections.abc import Iterable

import pandas as pd

from xlsales.accounts.columns import (ACCOUNT_COLUMNS, CUSTOMER_COLUMNS, MONTHLY_COLUMNS, PEOPLE_COLUMNS,
                                      PLAN_COLUMNS, QUALIFY_COLUMNS, RATING_KEYS, REP_COLUMNS, REP_LEVEL_COLUMNS)
from xlsales.accounts.vocab import CONTRACT, CONTRACT_EXPIRED, NO_CONTRACT, QUALIFY_ITEMS, UNDER_CONTRACT, UNKNOWN
from xlsales.problems import Problem, Severity
from xlsales.table import ParsedTable, parse_table


def flag(parsed: ParsedTable, mask: pd.Series, key: str, zh: str, en: str, severity: Severity = "error") -> None:
    """Add a problem at column `key` of every row where `mask` holds."""
    frame = parsed.frame
    for i in frame.index[mask.fillna(False).astype(bool)]:
        value = frame.at[i, key]
        found = "" if value is None or (isinstance(value, float) and value != value) else str(value)
        if isinstance(value, float) and value.is_integer():
            found = str(int(value))
        parsed.problems.append(Problem(parsed.sheet, parsed.address(key, int(frame.at[i, "row"])), zh, en, found,
                                       severity))


def _duplicates(parsed: ParsedTable, keys: list[str], zh: str, en: str, severity: Severity = "error") -> pd.Series:
    frame = parsed.frame
    known = frame[keys].notna().all(axis=1)
    dupes = known & frame.duplicated(subset=keys, keep="first")
    flag(parsed, dupes, keys[0], zh, en, severity)
    return dupes


def _whole_between(parsed: ParsedTable, key: str, low: int, high: int, zh: str, en: str) -> None:
    """Values outside low..high or not whole are reported and become missing."""
    values = parsed.frame[key]
    bad = values.notna() & ((values < low) | (values > high) | (values % 1 != 0))
    flag(parsed, bad, key, zh, en)
    parsed.frame.loc[bad, key] = float("nan")


def parse_accounts(rows: list[list[object]], sheet: str, first_row: int = 0) -> ParsedTable:
    parsed = parse_table(rows, ACCOUNT_COLUMNS, sheet, first_row)
    frame = parsed.frame
    frame["other_channels"] = frame["other_channels"].fillna(0.0)
    too_much = frame["other_channels"] > frame["total_market"]
    flag(parsed, too_much, "other_channels", "未参与渠道供应不能大于总市场容量",
         "supply via channels we are not in cannot exceed the total market")
    frame.loc[too_much, "other_channels"] = float("nan")
    over = frame["revenue"] > frame["total_market"] - frame["other_channels"]
    flag(parsed, over, "revenue", "我方业务额大于目标市场容量(总市场 − 未参与渠道),请核对;潜力缺口按 0 计",
         "revenue with us exceeds the target capacity (total market − other channels); check it, headroom counts "
         "as 0", "warning")
    dupes = _duplicates(parsed, ["account"], "客户名称不能重复", "account names must be unique")
    parsed.frame = frame[frame["account"].notna() & ~dupes].reset_index(drop=True)
    return parsed


def parse_people(rows: list[list[object]], sheet: str, accounts: Iterable[str] | None = None,
                 first_row: int = 0) -> ParsedTable:
    """Key people; with `accounts`, a person of an account not on the accounts list is a warning."""
    parsed = parse_table(rows, PEOPLE_COLUMNS, sheet, first_row)
    _whole_between(parsed, "involvement", 1, 5, "参与程度应为 1-5 的整数(1 最高)",
                   "involvement must be a whole number 1-5 (1 = highest)")
    for key in RATING_KEYS:
        values = parsed.frame[key]
        bad = values > 5
        flag(parsed, bad, key, "评分应在 1-5 之间", "ratings must be between 1 and 5")
        parsed.frame.loc[bad, key] = float("nan")
    if accounts is not None:
        unknown = parsed.frame["account"].notna() & ~parsed.frame["account"].isin(set(accounts))
        flag(parsed, unknown, "account", "客户不在客户表中", "account is not on the accounts sheet", "warning")
    _duplicates(parsed, ["account", "name"], "同一客户的关键人不能重复(一人多个商机请在「商机」列用逗号分隔)",
                "a person is listed twice for the account (list several deals in one 'Deals' cell, comma-separated)")
    return parsed


def parse_plan(rows: list[list[object]], sheet: str, per_tier: int = 5, first_row: int = 0) -> ParsedTable:
    parsed = parse_table(rows, PLAN_COLUMNS, sheet, first_row)
    _whole_between(parsed, "tier", 1, 3, "层级应为 1、2 或 3", "tier must be 1, 2 or 3")
    frame = parsed.frame
    crowded = frame["tier"].notna() & (frame.groupby("tier")["tier"].transform("size") > per_tier)
    crowded &= frame.groupby("tier").cumcount() >= per_tier
    flag(parsed, crowded, "tier", f"每层最多 {per_tier} 个客户(5+5+5)", f"at most {per_tier} accounts a tier (5+5+5)",
         "warning")
    dupes = _duplicates(parsed, ["account"], "计划中的客户不能重复", "an account appears twice in the plan")
    parsed.frame = frame[frame["account"].notna() & ~dupes].reset_index(drop=True)
    return parsed


def parse_monthly(rows: list[list[object]], sheet: str, plan_accounts: Iterable[str] | None = None,
                  first_row: int = 0) -> ParsedTable:
    """Expected and actual per account and month; a date anywhere in a month counts as that month."""
    parsed = parse_table(rows, MONTHLY_COLUMNS, sheet, first_row)
    frame = parsed.frame
    frame["month"] = frame["month"].dt.to_period("M").dt.to_timestamp()
    if plan_accounts is not None:
        outside = frame["account"].notna() & ~frame["account"].isin(set(plan_accounts))
        flag(parsed, outside, "account", "客户不在 15 客户计划中,不计入回顾", "account is not in the 15-account plan; "
             "not reviewed", "warning")
    _duplicates(parsed, ["account", "month"], "同一客户同一月份只能有一行", "one row per account and month")
    return parsed


def parse_qualification(rows: list[list[object]], sheet: str, first_row: int = 0) -> ParsedTable:
    """7+3 checks per deal; a blank item counts as unknown (nobody has found it out)."""
    parsed = parse_table(rows, QUALIFY_COLUMNS, sheet, first_row)
    for item in QUALIFY_ITEMS:
        parsed.frame[item.key] = parsed.frame[item.key].astype(object).fillna(UNKNOWN)
    _duplicates(parsed, ["deal"], "商机不能重复", "each deal once")
    return parsed


def parse_rep_levels(rows: list[list[object]], sheet: str, first_row: int = 0) -> ParsedTable:
    parsed = parse_table(rows, REP_LEVEL_COLUMNS, sheet, first_row)
    _duplicates(parsed, ["rep"], "每位销售一行", "one row per rep")
    return parsed


def parse_customers(rows: list[list[object]], sheet: str, first_row: int = 0) -> ParsedTable:
    """The call-list customers; a blank contract status reads from the progress code (6 → under contract,
    7 → expired, else none)."""
    parsed = parse_table(rows, CUSTOMER_COLUMNS, sheet, first_row)
    _whole_between(parsed, "progress", 0, 7, "销售进程应为 0-7 的整数", "progress must be a whole number 0-7")
    frame = parsed.frame
    from_code = frame["progress"].map({6.0: UNDER_CONTRACT, 7.0: CONTRACT_EXPIRED}).fillna(NO_CONTRACT)
    frame["contract"] = frame["contract"].astype(object).where(frame["contract"].notna(), from_code)
    frame["contract"] = pd.Categorical(frame["contract"], categories=list(CONTRACT))
    _duplicates(parsed, ["customer", "owner"], "同一负责人名下客户重复", "the same customer twice for one owner",
                "warning")
    return parsed


def parse_reps(rows: list[list[object]], sheet: str, first_row: int = 0) -> ParsedTable:
    parsed = parse_table(rows, REP_COLUMNS, sheet, first_row)
    dupes = _duplicates(parsed, ["rep"], "销售人员不能重复", "reps must be unique")
    parsed.frame = parsed.frame[parsed.frame["rep"].notna() & ~dupes].reset_index(drop=True)
    return parsed
