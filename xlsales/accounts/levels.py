"""Rep level 及格 / 中等 / TOPSALES from the CES rubric (seed 000): each rubric row is rated at one of the
three levels; the mean of the rated rows decides (`settings.LevelRules`)."""

import numpy as np
import pandas as pd

from xlsales.accounts.settings import LevelRules
from xlsales.accounts.vocab import LEVEL_SCORE, MIDDLE, PASS, RUBRIC, TOP

RUBRIC_KEYS = [row.key for row in RUBRIC]
LEVEL_COLUMNS = ["rep", "rated", "mean", "level"]


def level_of(mean: pd.Series, rules: LevelRules | None = None) -> pd.Series:
    """The level for each mean score (missing where nothing was rated)."""
    rules = rules or LevelRules()
    level = pd.Series(np.select([mean >= rules.top_min, mean >= rules.middle_min], [TOP, MIDDLE], PASS),
                      index=mean.index)
    return level.where(mean.notna())


def rep_levels(ratings: pd.DataFrame, rules: LevelRules | None = None) -> pd.DataFrame:
    """Per rep: rubric rows rated, their mean (1-3) and the level."""
    scores = ratings[RUBRIC_KEYS].astype(object).apply(lambda column: column.map(LEVEL_SCORE)).astype(float)
    out = ratings[["rep"]].copy()
    out["rated"] = scores.notna().sum(axis=1)
    out["mean"] = scores.mean(axis=1)
    out["level"] = level_of(out["mean"], rules)
    return out[LEVEL_COLUMNS]
