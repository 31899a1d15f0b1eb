"""Tiered selling 5+5+5 (seed 004): target market capacity, headroom, the three tiers and the 15 suggestions.

The rule and its thresholds are `settings.TierRules`; the template's native formulas follow it exactly
(ties in headroom go to the account higher up the list).
"""

import pandas as pd

from xlsales.accounts.settings import TierRules

TIER_COLUMNS = ["account", "owner", "revenue", "target", "headroom", "share", "tier", "rank", "suggested"]


def thresholds(accounts: pd.DataFrame, rules: TierRules) -> tuple[float, float]:
    """(much-business revenue, large-potential target): the rules' numbers, or the averages they default to."""
    target = accounts["total_market"] - accounts["other_channels"]
    revenue = accounts["revenue"]
    much = rules.much_business_min
    if much is None:
        much = float(revenue[revenue > 0].mean()) if (revenue > 0).any() else 0.0
    large = rules.large_potential_min
    if large is None:
        large = float(target[target > 0].mean()) if (target > 0).any() else 0.0
    return much, large


def tiers(accounts: pd.DataFrame, rules: TierRules | None = None) -> pd.DataFrame:
    """Per account: target capacity, headroom, share of target, tier (1-3 or NaN), rank in tier, suggested."""
    rules = rules or TierRules()
    much, large = thresholds(accounts, rules)
    out = accounts[["account", "owner", "revenue"]].copy()
    out["target"] = accounts["total_market"] - accounts["other_channels"]
    out["headroom"] = (out["target"] - out["revenue"]).clip(lower=0)
    out["share"] = out["revenue"] / out["target"].where(out["target"] > 0)
    below = out["share"] < rules.max_share
    has_business = out["revenue"] > 0
    tier = pd.Series(float("nan"), index=out.index)
    tier[has_business & below & (out["revenue"] >= much)] = 1.0
    tier[has_business & below & (out["revenue"] < much)] = 2.0
    tier[(out["revenue"] == 0) & (out["target"] > 0) & (out["target"] >= large)] = 3.0
    out["tier"] = tier
    ordered = out[out["tier"].notna()].sort_values("headroom", ascending=False, kind="stable")
    out["rank"] = ordered.groupby("tier").cumcount().add(1).reindex(out.index)
    out["suggested"] = out["rank"] <= rules.per_tier
    return out[TIER_COLUMNS]


def suggested_accounts(tiered: pd.DataFrame) -> pd.DataFrame:
    """The suggested accounts (5+5+5 by default) in plan order: tier 1 first, largest headroom first."""
    chosen = tiered[tiered["suggested"]]
    return chosen.sort_values(["tier", "rank"], kind="stable").reset_index(drop=True)
