"""The rules' editable thresholds and weights, validated. Defaults are the texts' figures where they give
one (80/20, 60 calls a day, 22 working days, 5 accounts a tier); the rest are ours and say so."""

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from xlsales.accounts.vocab import CLOSENESS, COACH, DECISION_MAKER, INFLUENCER, PRICE, SOLUTION, USER
from xlsales.problems import UserError

WORKING_DAYS = 22  # seed 002: a month has 22 working days on average
CALLS_PER_DAY = 60  # seed 002: 1000 customers a rep, 60 calls a day covers them all in a month
PARETO_SHARE = 0.8  # seed 000 / 002: the 20:80 rule


class TierRules(BaseModel):
    """How an account is put in a tier (seed 004, 5+5+5).

    target capacity = total market − supply through channels we are not in; share = revenue ÷ target.
    An account is *below potential* when its share is under `max_share`.
    Tier 1: revenue ≥ much_business_min and below potential.
    Tier 2: 0 < revenue < much_business_min and below potential.
    Tier 3: no revenue and target ≥ large_potential_min.
    In each tier the `per_tier` accounts with the largest headroom (target − revenue) are suggested.
    A threshold left as None is the average over the accounts: revenue of those with business, target of
    those with a target — so a new list gets a sensible split before anyone types a number.
    """

    much_business_min: float | None = Field(None, ge=0)
    large_potential_min: float | None = Field(None, ge=0)
    max_share: float = Field(0.8, gt=0, le=1)
    per_tier: int = Field(5, ge=1)


class ClassRules(BaseModel):
    """A/B/C by cumulative revenue: largest accounts first, an account is A while the revenue before it is
    under `a_share` of the total (so A is exactly the accounts that make the first 80%), B while under
    `b_share`, C after. Effort shares (our default 60/30/10; the texts give none) split the team's days."""

    a_share: float = Field(PARETO_SHARE, gt=0, le=1)
    b_share: float = Field(0.95, gt=0, le=1)
    effort: dict[str, float] = Field(default_factory=lambda: {"A": 0.6, "B": 0.3, "C": 0.1})
    working_days: float = Field(WORKING_DAYS, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> "ClassRules":
        if self.b_share < self.a_share:
            raise UserError("B类累计占比不能小于A类 / the B cumulative share cannot be below the A share")
        if set(self.effort) != {"A", "B", "C"} or any(v < 0 for v in self.effort.values()):
            raise UserError("精力占比需 A、B、C 三项且不为负 / effort shares need A, B and C, none negative")
        return self


class ClosenessWeights(BaseModel):
    """Weights of the overall closeness (seed 003 names the measures but gives no weights; these are ours).

    A person's overall = weighted mean of the three 1-5 ratings, rescaled to 0-100%.
    An account's or a decision chain's figures = means over its people weighted by role × involvement.
    """

    dimensions: dict[str, float] = Field(default_factory=lambda: {CLOSENESS: 1.0, SOLUTION: 1.0, PRICE: 1.0})
    roles: dict[str, float] = Field(default_factory=lambda: {DECISION_MAKER: 3.0, INFLUENCER: 2.0, COACH: 2.0,
                                                             USER: 1.0})
    involvement: dict[int, float] = Field(default_factory=lambda: {1: 5.0, 2: 4.0, 3: 3.0, 4: 2.0, 5: 1.0})

    @field_validator("dimensions", "roles", "involvement")
    @classmethod
    def _not_negative(cls, value: dict) -> dict:
        if any(v < 0 for v in value.values()):
            raise UserError("权重不能为负 / weights cannot be negative")
        return value

    @model_validator(mode="after")
    def _complete(self) -> "ClosenessWeights":
        if set(self.dimensions) != {CLOSENESS, SOLUTION, PRICE} or sum(self.dimensions.values()) <= 0:
            raise UserError("三项评分权重需齐全且合计大于 0 / the three rating weights must all be given and sum above 0")
        if set(self.roles) != {DECISION_MAKER, INFLUENCER, USER, COACH}:
            raise UserError("四种角色的权重需齐全 / all four role weights are needed")
        if set(self.involvement) != {1, 2, 3, 4, 5}:
            raise UserError("参与程度 1-5 的权重需齐全 / weights for involvement 1-5 are needed")
        return self


class QualifyRules(BaseModel):
    """7+3 (seed 001): known = 1 point, partly = ½, unknown or against = 0; score = points ÷ 10.
    No-go when any item is against us; go when score ≥ go_threshold and every must-know item is known
    (needs: only a deal with a known reason and urgency enters the funnel); otherwise find out more first."""

    go_threshold: float = Field(0.7, ge=0, le=1)
    must_know: tuple[str, ...] = ("needs",)


class LevelRules(BaseModel):
    """Rep level from the rubric (seed 000): 及格 = 1, 中等 = 2, TOPSALES = 3 on each rated row; the mean
    decides: ≥ top_min TOPSALES, ≥ middle_min 中等, else 及格."""

    middle_min: float = Field(1.5, ge=1, le=3)
    top_min: float = Field(2.5, ge=1, le=3)

    @model_validator(mode="after")
    def _ordered(self) -> "LevelRules":
        if self.top_min < self.middle_min:
            raise UserError("TOPSALES 下限不能低于中等下限 / the TOPSALES minimum cannot be below the average minimum")
        return self


def rule_message(error: ValidationError) -> tuple[str, str]:
    """The first broken rule as (Chinese, English): our own rules already carry both languages."""
    first = error.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "value_error" and " / " in message:
        zh, en = message.split(" / ", 1)
        return zh, en
    where = ".".join(str(part) for part in first["loc"])
    return f"参数「{where}」不合规则: {message}", f"'{where}' breaks a rule: {message}"
