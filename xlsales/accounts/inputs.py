"""The accounts workbook's tables from sheet rows, with cross-field checks; every problem names sheet!cell.

The rules are the ones the workbook's own formulas apply (xlsales/accounts/layout.py: each table's "data
problems" column), so `check`, the sheets and the functions agree: names are compared as Excel compares
them (a repeated account is the same account whatever its letter case), a value is usable by the same
rules, and what an error leaves out of a figure is an error here too. Warnings are things no figure
miscounts. `needed`: the columns a figure uses (None: all, as `check` reads them); a rule needing a
column the figure does not use is not applied.
"""

from collections.abc import Iterable

import pandas as pd

from xlsales.accounts.columns import (ACCOUNT_COLUMNS, CUSTOMER_COLUMNS, MONTHLY_COLUMNS, PEOPLE_COLUMNS,
                                      PLAN_COLUMNS, QUALIFY_COLUMNS, REP_COLUMNS, REP_LEVEL_COLUMNS, WEIGHT_COLUMNS)
from xlsales.accounts.settings import ClosenessWeights
from xlsales.accounts.vocab import CONTRACT, CONTRACT_EXPIRED, NO_CONTRACT, QUALIFY_ITEMS, UNDER_CONTRACT, UNKNOWN
from xlsales.problems import Problem, Severity
from xlsales.table import ParsedTable, casefolded, parse_table

REVIEW_MONTHS = 24  # the monthly review lists this many months from the first one in the monthly table


def flag(parsed: ParsedTable, mask: pd.Series, key: str, zh: str, en: str, severity: Severity = "error") -> None:
    """Add a problem at column `key` of every row where `mask` holds."""
    frame = parsed.frame
    for i in frame.index[mask.fillna(False).to_numpy(dtype=bool)]:
        value = frame.at[i, key]
        found = "" if value is None or (isinstance(value, float) and value != value) else str(value)
        if isinstance(value, float) and value.is_integer():
            found = str(int(value))
        elif isinstance(value, pd.Timestamp):
            found = value.date().isoformat()
        parsed.problems.append(Problem(parsed.sheet, parsed.address(key, int(frame.at[i, "row"])), zh, en, found,
                                       severity, column=key))


def repeated(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Rows whose `keys` all hold values that an earlier row already has (the first stays)."""
    known = frame[keys].notna().all(axis=1)
    return known & pd.DataFrame({k: casefolded(frame[k]) for k in keys}).duplicated(keep="first")


def _duplicates(parsed: ParsedTable, keys: list[str], zh: str, en: str, severity: Severity = "error") -> pd.Series:
    dupes = repeated(parsed.frame, keys)
    flag(parsed, dupes, keys[0], zh, en, severity)
    return dupes


def _uses(needed: set[str] | None):
    return (lambda *keys: True) if needed is None else (lambda *keys: set(keys) <= needed)


def _listed(values: pd.Series, names: Iterable[str]) -> pd.Series:
    known = {n.casefold() for n in names if isinstance(n, str)}
    return values.astype(object).map(lambda v: isinstance(v, str) and v.casefold() in known).astype(bool)


def parse_accounts(rows: list[list[object]], sheet: str, first_row: int = 0, needed: set[str] | None = None,
                   reps: list[str] | None = None) -> ParsedTable:
    """Key accounts. A repeated name is an error and its row is left out; with `reps`, an owner not on the
    reps list is an error (the per-rep figures leave that account out)."""
    needed = None if needed is None else needed | {"account"}
    uses = _uses(needed)
    parsed = parse_table(rows, ACCOUNT_COLUMNS, sheet, first_row, needed=needed)
    frame = parsed.frame
    if uses("other_channels"):
        frame["other_channels"] = frame["other_channels"].fillna(0.0)
    if uses("other_channels", "total_market"):
        too_much = frame["other_channels"] > frame["total_market"]
        flag(parsed, too_much, "other_channels", "未参与渠道供应不能大于总市场容量",
             "supply via channels we are not in cannot exceed the total market")
        frame.loc[too_much, "other_channels"] = float("nan")
    if uses("revenue", "other_channels", "total_market"):
        over = frame["revenue"] > frame["total_market"] - frame["other_channels"]
        flag(parsed, over, "revenue", "我方业务额大于目标市场容量(总市场 − 未参与渠道),请核对;潜力缺口按 0 计",
             "revenue with us exceeds the target capacity (total market − other channels); check it, headroom "
             "counts as 0", "warning")
    if reps is not None and uses("owner"):
        flag(parsed, frame["owner"].notna() & ~_listed(frame["owner"], reps), "owner",
             "负责人不在「设置」的销售人员名单中,按人统计不会计入", "the owner is not on the reps list (Settings), so "
             "the per-rep figures leave this account out")
    dupes = _duplicates(parsed, ["account"], "客户名称不能重复", "account names must be unique")
    parsed.frame = frame[frame["account"].notna() & ~dupes].reset_index(drop=True)
    return parsed


def parse_people(rows: list[list[object]], sheet: str, accounts: Iterable[str] | None = None,
                 first_row: int = 0, needed: set[str] | None = None) -> ParsedTable:
    """Key people; with `accounts`, a person of an account not on the accounts list is a warning (nothing
    miscounts: the person's own figures are on its row)."""
    needed = None if needed is None else needed | {"account"}
    parsed = parse_table(rows, PEOPLE_COLUMNS, sheet, first_row, needed=needed)
    frame = parsed.frame
    if accounts is not None:
        flag(parsed, frame["account"].notna() & ~_listed(frame["account"], accounts), "account",
             "客户不在客户表中", "the account is not on the accounts sheet", "warning")
    if _uses(needed)("name"):
        _duplicates(parsed, ["account", "name"], "同一客户的关键人不能重复(一人多个商机请在「商机」列用逗号分隔)",
                    "a person is listed twice for the account (list several deals in one 'Deals' cell, "
                    "comma-separated)")
    return parsed


def parse_plan(rows: list[list[object]], sheet: str, per_tier: int = 5, first_row: int = 0,
               accounts: Iterable[str] | None = None) -> ParsedTable:
    """The tier plan; more than `per_tier` accounts in a tier, or an account not on the accounts sheet, is a
    warning (every row still counts in the review)."""
    parsed = parse_table(rows, PLAN_COLUMNS, sheet, first_row)
    frame = parsed.frame
    crowded = frame["tier"].notna() & (frame.groupby("tier")["tier"].transform("size") > per_tier)
    crowded &= frame.groupby("tier").cumcount() >= per_tier
    flag(parsed, crowded, "tier", f"每层最多 {per_tier} 个客户(5+5+5)", f"at most {per_tier} accounts a tier (5+5+5)",
         "warning")
    if accounts is not None:
        flag(parsed, frame["account"].notna() & ~_listed(frame["account"], accounts), "account",
             "客户不在客户表中", "the account is not on the accounts sheet", "warning")
    dupes = _duplicates(parsed, ["account"], "计划中的客户不能重复", "an account appears twice in the plan")
    parsed.frame = frame[frame["account"].notna() & ~dupes].reset_index(drop=True)
    return parsed


def parse_monthly(rows: list[list[object]], sheet: str, plan_accounts: Iterable[str] | None = None,
                  first_row: int = 0) -> ParsedTable:
    """Expected and actual per account and month; a date anywhere in a month counts as that month. The review
    lists REVIEW_MONTHS months from the first: a row after those is an error (the review leaves it out)."""
    parsed = parse_table(rows, MONTHLY_COLUMNS, sheet, first_row)
    frame = parsed.frame
    frame["month"] = frame["month"].dt.to_period("M").dt.to_timestamp()
    if frame["month"].notna().any():
        last = frame["month"].min() + pd.DateOffset(months=REVIEW_MONTHS - 1)
        flag(parsed, frame["month"] > last, "month", f"月度回顾只列出从第一个月起的 {REVIEW_MONTHS} 个月,这一行不会计入",
             f"the monthly review lists {REVIEW_MONTHS} months from the first one, so this row is left out")
    if plan_accounts is not None:
        flag(parsed, frame["account"].notna() & ~_listed(frame["account"], plan_accounts), "account",
             "客户不在 15 客户计划中,不计入回顾", "the account is not in the 15-account plan; not reviewed", "warning")
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


def parse_customers(rows: list[list[object]], sheet: str, first_row: int = 0,
                    needed: set[str] | None = None) -> ParsedTable:
    """The call-list customers; a blank contract status reads from the progress code (6 → under contract,
    7 → expired, else none)."""
    uses = _uses(needed)
    parsed = parse_table(rows, CUSTOMER_COLUMNS, sheet, first_row, needed=needed)
    frame = parsed.frame
    if uses("contract", "progress"):
        from_code = frame["progress"].map({6.0: UNDER_CONTRACT, 7.0: CONTRACT_EXPIRED}).fillna(NO_CONTRACT)
        frame["contract"] = frame["contract"].astype(object).where(frame["contract"].notna(), from_code)
        frame["contract"] = pd.Categorical(frame["contract"], categories=list(CONTRACT))
    if uses("customer", "owner"):
        _duplicates(parsed, ["customer", "owner"], "同一负责人名下客户重复", "the same customer twice for one owner",
                    "warning")
    return parsed


def parse_reps(rows: list[list[object]], sheet: str, first_row: int = 0, last_row: int | None = None) -> ParsedTable:
    """The reps list. With `last_row` (1-based): a rep below it is one error, as the per-rep block lists only
    the rows up to it."""
    parsed = parse_table(rows, REP_COLUMNS, sheet, first_row)
    frame = parsed.frame
    if last_row is not None:
        beyond = frame[frame["rep"].notna() & (frame["row"] > last_row)]
        if len(beyond):
            listed = last_row - first_row - 1
            parsed.problems.append(Problem(
                sheet, parsed.address("rep", int(beyond["row"].iloc[0])),
                f"销售人员最多 {listed} 人(「团队健康」按人列出 {listed} 行),这一行起不会计入",
                f"at most {listed} reps (Team health lists {listed}), so reps from this row on are left out",
                str(beyond["rep"].iloc[0]), column="rep"))
    dupes = _duplicates(parsed, ["rep"], "销售人员不能重复", "reps must be unique")
    parsed.frame = frame[frame["rep"].notna() & ~dupes].reset_index(drop=True)
    return parsed


def parse_weights(rows: list[list[object]], sheet: str, first_row: int = 0,
                  first_col: int = 0) -> tuple[ClosenessWeights, list[Problem]]:
    """Weights from the weights table (item in either language, weight); an item left out keeps its default,
    a repeated item is an error (the first counts), and the three rating weights must sum above 0."""
    parsed = parse_table(rows, WEIGHT_COLUMNS, sheet, first_row, first_col)
    frame = parsed.frame
    dupes = _duplicates(parsed, ["item"], "每个权重项目只填一行(以第一行为准)", "each weight item once (the first counts)")
    values = ClosenessWeights().model_dump()
    for code, weight in zip(frame.loc[~dupes, "item"], frame.loc[~dupes, "weight"]):
        if isinstance(code, str) and not pd.isna(weight):
            group, _, key = code.partition(":")
            values[group][int(key) if group == "involvement" else key] = float(weight)
    if sum(values["dimensions"].values()) <= 0:
        parsed.problems.append(Problem(sheet, parsed.address("weight", first_row + 2), "三项评分的权重合计须大于 0",
                                       "the three rating weights must sum above 0", column="weight"))
        return ClosenessWeights(), parsed.problems
    return ClosenessWeights(**values), parsed.problems
