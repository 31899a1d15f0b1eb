"""Key people and closeness (seeds 003, 004): per person, per account and per deal's decision chain.

Ratings are 1-5; a rating r counts as (r − 1) ÷ 4, so 1 → 0% and 5 → 100%. A person's overall closeness
(综合紧密度) is the dimension-weighted mean of the three. An account's or a chain's figures are the means
over its people weighted by role weight × involvement weight (involvement 1 is the highest, seed 004).
"""

import re

import pandas as pd

from xlsales.accounts.columns import RATING_KEYS
from xlsales.accounts.settings import ClosenessWeights
from xlsales.accounts.vocab import COACH, DECISION_MAKER, WEIGHT_ITEMS
from xlsales.i18n import Lang

GROUP_COLUMNS = ["people", "decision_makers", "coaches", "weight", *RATING_KEYS, "overall"]
DEAL_SEPARATORS = re.compile(r"[,，、;；\s]+")


def weight_rows(weights: ClosenessWeights, lang: Lang) -> list[list[object]]:
    """The weights table's rows (item, weight) for `weights`."""
    return [[item.label(lang), getattr(weights, item.group)[item.key]] for item in WEIGHT_ITEMS]


def overall(ratings: pd.DataFrame, weights: ClosenessWeights) -> pd.Series:
    """Overall closeness 0-1 from the three 1-5 ratings (columns closeness, solution, price)."""
    total = sum(weights.dimensions.values())
    return sum(((ratings[key] - 1) / 4 * weights.dimensions[key] for key in RATING_KEYS),
               start=pd.Series(0.0, index=ratings.index)) / total


def people_closeness(people: pd.DataFrame, weights: ClosenessWeights | None = None) -> pd.DataFrame:
    """Per person: the three ratings as 0-1, the overall closeness and the person's weight in groups."""
    weights = weights or ClosenessWeights()
    out = people.copy()
    out["overall"] = overall(people, weights)
    for key in RATING_KEYS:
        out[key] = (people[key] - 1) / 4
    out["weight"] = (people["role"].astype(object).map(weights.roles).astype(float)
                     * people["involvement"].map(weights.involvement).astype(float))
    return out


def _groups(scored: pd.DataFrame, key: str) -> pd.DataFrame:
    """Weighted means per group; a group whose weights sum to 0 has no figures."""
    weighted = scored[RATING_KEYS + ["overall"]].mul(scored["weight"], axis=0)
    weighted[key] = scored[key]
    weighted["weight"] = scored["weight"]
    sums = weighted.groupby(key, sort=False)[["weight"] + RATING_KEYS + ["overall"]].sum()
    out = sums[RATING_KEYS + ["overall"]].div(sums["weight"].where(sums["weight"] > 0), axis=0)
    role = scored["role"].astype(object)
    out.insert(0, "weight", sums["weight"])
    out.insert(0, "coaches", (role == COACH).groupby(scored[key], sort=False).sum())
    out.insert(0, "decision_makers", (role == DECISION_MAKER).groupby(scored[key], sort=False).sum())
    out.insert(0, "people", scored.groupby(key, sort=False).size())
    return out[GROUP_COLUMNS]


def account_closeness(people: pd.DataFrame, weights: ClosenessWeights | None = None) -> pd.DataFrame:
    """Per account (index): people, decision-makers, coaches, total weight, the three measures and overall."""
    return _groups(people_closeness(people, weights), "account")


def deal_ids(cell: object) -> list[str]:
    """Deal IDs in one cell: comma (either width), 、, semicolon or space separated."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return [part for part in DEAL_SEPARATORS.split(str(cell).strip()) if part]


def chain_closeness(people: pd.DataFrame, weights: ClosenessWeights | None = None) -> pd.DataFrame:
    """Per deal's decision chain (index: deal ID): as account_closeness, over the people listed on the deal."""
    scored = people_closeness(people, weights)
    scored = scored.assign(deal=scored["deals"].map(deal_ids)).explode("deal")
    return _groups(scored[scored["deal"].notna()], "deal")


def missing_roles(group: pd.Series) -> list[str]:
    """What a chain still lacks: no decision-maker known, no coach (inside contact, funnel layer 3)."""
    return [key for key, count in ((DECISION_MAKER, group["decision_makers"]), (COACH, group["coaches"]))
            if count == 0]
