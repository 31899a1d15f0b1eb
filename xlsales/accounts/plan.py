"""The 15-account plan (seed 004): one row per tiered account with its owner and action (who, how, when,
why), expected versus actual per month, reviewed monthly."""

import datetime as dt

import pandas as pd

from xlsales.accounts.columns import PLAN_TEXT_KEYS

PLAN_MONTHS = 12  # the action plan spans a whole year (seed 004)
REVIEW_COLUMNS = ["tier", "account", "owner", "goal", "expected", "actual", "gap", "attainment"]


def month_start(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day.year, day.month, 1)


def plan_rows(suggested: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """The new plan: the suggested accounts in order, each keeping what was typed for it in `current`."""
    typed = current.drop_duplicates("account").set_index("account")
    out = suggested[["tier", "account", "owner"]].copy().reset_index(drop=True)
    for key in PLAN_TEXT_KEYS:
        out[key] = out["account"].map(typed[key]) if key in typed else None
    return out


def monthly_rows(accounts: list[str], start: dt.date, current: pd.DataFrame) -> pd.DataFrame:
    """Twelve months from `start`'s month for every plan account, keeping expected/actual already entered."""
    months = pd.date_range(month_start(start), periods=PLAN_MONTHS, freq="MS")
    grid = pd.DataFrame([(a, m) for a in accounts for m in months], columns=["account", "month"])
    kept = current[["account", "month", "expected", "actual"]].drop_duplicates(["account", "month"])
    return grid.merge(kept, on=["account", "month"], how="left")


def review(plan: pd.DataFrame, monthly: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per plan account, months up to and including as_of's month: expected, actual, gap and attainment."""
    to_date = monthly[monthly["month"] <= month_start(as_of)]
    sums = to_date.groupby("account")[["expected", "actual"]].sum(min_count=0)
    out = plan[["tier", "account", "owner", "goal"]].copy()
    out["expected"] = out["account"].map(sums["expected"]).fillna(0.0)
    out["actual"] = out["account"].map(sums["actual"]).fillna(0.0)
    out["gap"] = out["actual"] - out["expected"]
    out["attainment"] = out["actual"] / out["expected"].where(out["expected"] > 0)
    return out[REVIEW_COLUMNS].reset_index(drop=True)


def by_month(plan: pd.DataFrame, monthly: pd.DataFrame) -> pd.DataFrame:
    """Expected and actual of the plan's accounts per month, every month in the table, in order."""
    mine = monthly[monthly["account"].isin(set(plan["account"])) & monthly["month"].notna()]
    out = mine.groupby("month", sort=True)[["expected", "actual"]].sum(min_count=0).reset_index()
    return out
