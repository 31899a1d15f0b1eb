"""A/B/C account classes, effort per class, and the 80/20 questions: what share of accounts and what share
of reps make 80% of revenue (seed 000, healthy-team question 2; seed 002, the 20:80 rule).

Largest first, ties to the account higher up the list; the template's native formulas do the same.
"""

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from xlsales.accounts.settings import PARETO_SHARE, ClassRules
from xlsales.precision import round_up

CLASS_KEYS = ["A", "B", "C"]
EFFORT_COLUMNS = ["class", "accounts", "revenue", "revenue_share", "effort_share", "days_per_account"]
REP_COLUMNS = ["rep", "revenue", "share", "A", "B", "C"]


class Pareto(NamedTuple):
    """The smallest number of items (largest first) whose total reaches `share` of the whole."""

    count: int  # items needed
    of: int  # items there are
    share_of_items: float  # count ÷ of


def _before(values: pd.Series) -> pd.Series:
    """Sum of the values ranked ahead of each one (larger first, ties by position)."""
    order = np.argsort(-values.to_numpy(dtype=float), kind="stable")
    ranked = values.iloc[order]
    return (ranked.cumsum() - ranked).reindex(values.index)


def pareto(values: pd.Series, share: float = PARETO_SHARE) -> Pareto | None:
    """None when there is nothing to share (total 0)."""
    clean = values.fillna(0.0)
    total = float(clean.sum())
    if total <= 0:
        return None
    count = int((_before(clean) < share * total).sum())
    return Pareto(count, len(clean), count / len(clean))


def classify(accounts: pd.DataFrame, rules: ClassRules | None = None) -> pd.DataFrame:
    """Per account: the revenue ranked ahead of it (an amount, and as a share of the total), the computed
    class, and the class in force (a manual class wins)."""
    rules = rules or ClassRules()
    revenue = accounts["revenue"].fillna(0.0)
    total = float(revenue.sum())
    before = _before(revenue)  # compared as amounts, not shares, exactly as `pareto` and the template do
    computed = np.select([(revenue > 0) & (before < rules.a_share * total),
                          (revenue > 0) & (before < rules.b_share * total)], ["A", "B"], "C")
    out = accounts[["account", "owner", "revenue"]].copy()
    out["ahead"] = before.where(accounts["revenue"].notna())  # revenue ranked ahead, as an amount
    out["before_share"] = before / total if total > 0 else float("nan")
    out["computed"] = computed
    manual = accounts["class_manual"].astype(object)
    out["class"] = manual.where(manual.notna(), out["computed"])
    return out


def accounts_for(accounts: pd.DataFrame, share: float = PARETO_SHARE) -> Pareto | None:
    """Accounts with business that make `share` of revenue, out of all accounts with business."""
    return pareto(accounts.loc[accounts["revenue"] > 0, "revenue"], share)


def revenue_by_rep(classes: pd.DataFrame, reps: list[str] | None = None) -> pd.DataFrame:
    """Per rep, largest revenue first (equal revenue in the order of the reps list, or of the owners as they first
    appear): revenue, share of the total, and A/B/C accounts owned."""
    names = reps if reps is not None else list(dict.fromkeys(classes["owner"].dropna()))
    # owners match reps as Excel's SUMIFS matches them: letter case does not count
    owner = classes["owner"].astype(object).map(lambda v: v.casefold() if isinstance(v, str) else v)
    owned = classes.assign(owner=owner)[owner.isin({n.casefold() for n in names})]
    revenue = owned.groupby("owner")["revenue"].sum()
    counts = pd.crosstab(owned["owner"], owned["class"]).reindex(columns=CLASS_KEYS, fill_value=0)
    out = pd.DataFrame({"rep": names})
    key_of_rep = out["rep"].map(str.casefold)
    out["revenue"] = key_of_rep.map(revenue).fillna(0.0)
    total = float(out["revenue"].sum())
    out["share"] = out["revenue"] / total if total > 0 else float("nan")
    for key in CLASS_KEYS:
        out[key] = key_of_rep.map(counts[key]).fillna(0).astype(int)
    return out[REP_COLUMNS].sort_values("revenue", ascending=False, kind="stable").reset_index(drop=True)


TOP_SHARE = 0.2  # the 80/20 question the other way round: what the top 20% of accounts bring


def top_accounts(revenue: pd.Series, share: float = TOP_SHARE) -> tuple[int, float] | None:
    """The top `share` of the accounts with business (rounded up: at least one): how many, and their share of the
    revenue. None without revenue."""
    with_business = revenue[revenue > 0].sort_values(ascending=False)
    if with_business.empty:
        return None
    count = int(round_up(len(with_business) * share))
    return count, float(with_business.iloc[:count].sum() / revenue.sum())


def account_shares(effort_by_class: pd.DataFrame) -> pd.Series:
    """Per class of `effort`: its share of the accounts (the other side of the revenue share)."""
    total = effort_by_class["accounts"].sum()
    return effort_by_class["accounts"] / total if total > 0 else effort_by_class["accounts"] * math.nan


def reps_for(classes: pd.DataFrame, reps: list[str] | None = None, share: float = PARETO_SHARE) -> Pareto | None:
    """Reps who make `share` of revenue, out of all reps (a rep with no revenue still counts)."""
    return pareto(revenue_by_rep(classes, reps)["revenue"], share)


def effort(classes: pd.DataFrame, rules: ClassRules | None = None, reps: int = 1) -> pd.DataFrame:
    """Per class: accounts, revenue and its share, the effort share, and working days a month each account
    gets when `reps` reps split their month by the effort shares."""
    rules = rules or ClassRules()
    grouped = classes.groupby("class")["revenue"].agg(["size", "sum"]).reindex(CLASS_KEYS, fill_value=0)
    total = float(grouped["sum"].sum())
    rows = []
    for key in CLASS_KEYS:
        count, revenue = int(grouped.at[key, "size"]), float(grouped.at[key, "sum"])
        days = rules.effort[key] * rules.working_days * reps
        rows.append([key, count, revenue, revenue / total if total > 0 else math.nan, rules.effort[key],
                     days / count if count else math.nan])
    return pd.DataFrame(rows, columns=EFFORT_COLUMNS)
