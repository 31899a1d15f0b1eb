"""Company target → reps (seed 001: "根据公司总体业绩完成目标和销售人员的能力,将总的业绩分摊到每个销售人员").

Top-down: an equal split, or a split in proportion to each rep's ability/capacity weight.
Bottom-up: what each rep commits to. Both are shown side by side with the gap.
"""

import pandas as pd
from pydantic import BaseModel

from xlsales.quota.vocab import WEIGHTED
from xlsales.problems import UserError

SPLIT_COLUMNS = ["rep", "weight", "share", "top_down", "bottom_up", "gap"]


def split_target(company_target: float, reps: pd.DataFrame, method: str) -> pd.DataFrame:
    """Per rep: the weight used, its share, the top-down target, the bottom-up number and
    gap = bottom-up − top-down (blank where the rep gave no number). Shares sum to 1, so the
    top-down targets sum to the company target exactly up to float rounding."""
    if company_target < 0:
        raise UserError("公司目标不能为负 / the company target cannot be negative")
    weight = reps["weight"].astype("float64") if method == WEIGHTED else pd.Series(1.0, index=reps.index)
    if (weight.isna() | (weight <= 0)).any():
        raise UserError("按能力权重分解时,每人的能力权重应大于 0 / splitting by weight needs every weight > 0")
    out = pd.DataFrame({"rep": reps["rep"], "weight": weight})
    out["share"] = weight / weight.sum()
    out["top_down"] = company_target * out["share"]
    out["bottom_up"] = reps["bottom_up"].astype("float64")
    out["gap"] = out["bottom_up"] - out["top_down"]
    return out[SPLIT_COLUMNS].reset_index(drop=True)


class Reconciliation(BaseModel):
    """The team's top-down target against the sum of the reps' own numbers."""

    company_target: float
    top_down_total: float
    bottom_up_total: float  # over the reps who gave a number
    reps_without_bottom_up: list[str]
    gap: float  # bottom_up_total − company_target; negative: the reps commit to less than the company needs


def reconcile(company_target: float, split: pd.DataFrame) -> Reconciliation:
    bottom_up = float(split["bottom_up"].sum(skipna=True))
    return Reconciliation(company_target=company_target, top_down_total=float(split["top_down"].sum()),
                          bottom_up_total=bottom_up,
                          reps_without_bottom_up=split.loc[split["bottom_up"].isna(), "rep"].tolist(),
                          gap=bottom_up - company_target)
