"""The 15-account plan (seed 004): one row per tiered account with its owner and action (who, how, when,
why), expected versus actual per month, reviewed monthly.

Accounts are matched by name as Excel's SUMIFS and MATCH match them (letter case does not count), so these
figures are the workbook's figures.
"""

import datetime as dt

import pandas as pd

from xlsales.accounts.columns import PLAN_TEXT_KEYS
from xlsales.accounts.inputs import REVIEW_MONTHS
from xlsales.precision import TOLERANCE
from xlsales.table import casefolded

PLAN_MONTHS = 12  # the action plan spans a whole year (seed 004)
REVIEW_COLUMNS = ["tier", "account", "owner", "goal", "expected", "actual", "gap", "attainment"]
MONTH_COLUMNS = ["month", "expected", "actual", "cum_expected", "cum_actual", "attainment"]
TIER_COLUMNS = ["tier", "goal", "expected", "actual", "attainment"]
TIERS = (1, 2, 3)


def month_start(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day.year, day.month, 1)


def plan_rows(suggested: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """The new plan: the suggested accounts in order, each keeping what was typed for it in `current`."""
    typed = current.assign(_key=casefolded(current["account"])).drop_duplicates("_key").set_index("_key")
    out = suggested[["tier", "account", "owner"]].copy().reset_index(drop=True)
    keys = casefolded(out["account"])
    for key in PLAN_TEXT_KEYS:
        out[key] = typed[key].reindex(keys).to_numpy() if key in typed else None
    return out


def monthly_rows(accounts: list[str], start: dt.date, current: pd.DataFrame) -> pd.DataFrame:
    """Twelve months from `start`'s month for every plan account, keeping expected/actual already entered;
    then every other row of `current` holding a figure (an account that left the plan keeps its history)."""
    months = pd.date_range(month_start(start), periods=PLAN_MONTHS, freq="MS")
    grid = pd.DataFrame({"account": pd.Series([a for a in accounts for _ in months], dtype=object),
                         "month": pd.Series([m for _ in accounts for m in months], dtype="datetime64[ns]")})
    grid["_key"] = casefolded(grid["account"])
    typed = current.assign(_key=casefolded(current["account"]), month=current["month"].astype("datetime64[ns]"))
    kept = typed[["_key", "month", "expected", "actual"]].dropna(subset=["_key", "month"])
    kept = kept.drop_duplicates(["_key", "month"])
    planned = grid.merge(kept, on=["_key", "month"], how="left")
    in_grid = typed.set_index(["_key", "month"]).index.isin(planned.set_index(["_key", "month"]).index)
    others = typed[~in_grid & (typed["expected"].notna() | typed["actual"].notna())]
    out = pd.concat([planned, others[planned.columns]], ignore_index=True) if len(others) else planned
    return out.drop(columns="_key")[["account", "month", "expected", "actual"]]


def _in_plan(plan: pd.DataFrame, monthly: pd.DataFrame) -> pd.DataFrame:
    return monthly[casefolded(monthly["account"]).isin(set(casefolded(plan["account"]))) & monthly["month"].notna()]


def review(plan: pd.DataFrame, monthly: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per plan account, months up to and including as_of's month: expected, actual, gap and attainment."""
    to_date = monthly[monthly["month"] <= month_start(as_of)]
    sums = to_date.groupby(casefolded(to_date["account"]))[["expected", "actual"]].sum(min_count=0)
    out = plan[["tier", "account", "owner", "goal"]].copy()
    keys = casefolded(out["account"])
    out["expected"] = keys.map(sums["expected"]).fillna(0.0)
    out["actual"] = keys.map(sums["actual"]).fillna(0.0)
    out["gap"] = out["actual"] - out["expected"]
    out["attainment"] = out["actual"] / out["expected"].where(out["expected"] > 0)
    return out[REVIEW_COLUMNS].reset_index(drop=True)


def behind(reviewed: pd.DataFrame) -> pd.Series:
    """Per account of `review`: actual to date short of expected (attainment under 100% by more than TOLERANCE)."""
    return reviewed["attainment"] < 1 - TOLERANCE


def review_months(plan: pd.DataFrame, monthly: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The monthly review: every month from the first to the last in the monthly table (at most REVIEW_MONTHS),
    the plan accounts' expected and actual, both cumulated (actual up to as_of's month only) and the
    cumulative attainment."""
    months = monthly["month"].dropna()
    if months.empty:
        return pd.DataFrame(columns=MONTH_COLUMNS)
    span = pd.date_range(months.min(), min(months.max(), months.min() + pd.DateOffset(months=REVIEW_MONTHS - 1)),
                         freq="MS")
    sums = _in_plan(plan, monthly).groupby("month")[["expected", "actual"]].sum(min_count=0)
    out = pd.DataFrame({"month": span})
    out["expected"] = out["month"].map(sums["expected"]).fillna(0.0)
    out["actual"] = out["month"].map(sums["actual"]).fillna(0.0)
    out["cum_expected"] = out["expected"].cumsum()
    out["cum_actual"] = out["actual"].cumsum().where(out["month"] <= month_start(as_of))
    out["attainment"] = out["cum_actual"] / out["cum_expected"].where(out["cum_expected"] > 0)
    return out[MONTH_COLUMNS]


def review_by_tier(plan: pd.DataFrame, monthly: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Goal, expected and actual to date of each tier's plan accounts, and the tier's attainment."""
    sums = review(plan, monthly, as_of).groupby("tier")[["goal", "expected", "actual"]].sum(min_count=0)
    out = sums.reindex(list(TIERS), fill_value=0.0).fillna(0.0).rename_axis("tier").reset_index()
    out["attainment"] = out["actual"] / out["expected"].where(out["expected"] > 0)
    return out[TIER_COLUMNS]
