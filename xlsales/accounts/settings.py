"""The rules' editable thresholds and weights, validated. Defaults are the texts' figures where they give
one (80/20, 60 calls a day, 22 working days, 5 accounts a tier); the rest are ours and say so.

The settings sheet's parameters are described here once (`PARAMETERS`): what each accepts and what is used
when it is blank or unusable. `xlsales.accounts.workbook` reads them by this rule and the workbook's own
formulas apply the same rule (xlsales.accounts.layout), so a blank or bad parameter gives the same figures
in both and is one data problem in both.
"""

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from xlsales.accounts.vocab import CLOSENESS, COACH, DECISION_MAKER, INFLUENCER, PRICE, SOLUTION, USER
from xlsales.i18n import Text
from xlsales.problems import UserError

WORKING_DAYS = 22  # seed 002: a month has 22 working days on average
CALLS_PER_DAY = 60  # seed 002: 1000 customers a rep, 60 calls a day covers them all in a month
# The call-list sheet lists at most this many customers a day (its rows); a larger setting is a data problem.
MAX_CALLS_PER_DAY = 500
PARETO_SHARE = 0.8  # seed 000 / 002: the 20:80 rule


@dataclass(frozen=True)
class Parameter:
    """One parameter of the settings sheet: the value it accepts and the value in use when it is blank or
    unusable (`default`; None: today for a date, the accounts' average for a threshold, nobody for text)."""

    key: str
    label: Text
    kind: Literal["date", "number", "text"] = "number"
    default: float | None = None
    minimum: float | None = None
    above_minimum: bool = False  # the minimum itself is not allowed (a share above 0)
    maximum: float | None = None
    whole: bool = False
    at_least: str | None = None  # another parameter this one may not be below (B share >= A share)

    def expected(self) -> Text:
        """What the parameter accepts, for a problem's message."""
        if self.kind == "date":
            return Text("日期(如 2026-11-23)", "a date (e.g. 2026-11-23)")
        if self.kind == "text":
            return Text("文本", "text")
        zh, en = ("整数", "a whole number") if self.whole else ("数字", "a number")
        bounds_zh, bounds_en = [], []
        if self.minimum is not None:
            bounds_zh.append(f"{'大于' if self.above_minimum else '不小于'} {self.minimum:g}")
            bounds_en.append(f"{'>' if self.above_minimum else '>='} {self.minimum:g}")
        if self.maximum is not None:
            bounds_zh.append(f"不大于 {self.maximum:g}")
            bounds_en.append(f"<= {self.maximum:g}")
        if bounds_zh:
            return Text(f"{'、'.join(bounds_zh)}的{zh}", f"{en} {' and '.join(bounds_en)}")
        return Text(zh, en)


def _share(key: str, label: Text, default: float, above: bool = True, at_least: str | None = None) -> Parameter:
    return Parameter(key, label, default=default, minimum=0, above_minimum=above, maximum=1, at_least=at_least)


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("as_of", Text("报告日期", "As-of date"), "date"),
    Parameter("much_business_min", Text("「业务量大」门槛:我方年业务额 ≥", "'Much business' from revenue with us of"),
              minimum=0),
    Parameter("large_potential_min", Text("「潜力大」门槛:目标市场容量 ≥", "'Large potential' from a target capacity of"),
              minimum=0),
    _share("max_share", Text("「未达潜力」:占目标市场容量低于", "'Below potential': share of target capacity under"),
           0.8),
    _share("a_share", Text("A类 / 80/20:累计业务额占比", "Class A / 80-20: cumulative revenue share"), PARETO_SHARE),
    _share("b_share", Text("B类:累计业务额占比至", "Class B: cumulative revenue share up to"), 0.95,
           at_least="a_share"),
    _share("effort_a", Text("A类精力占比", "Effort share, class A"), 0.6, above=False),
    _share("effort_b", Text("B类精力占比", "Effort share, class B"), 0.3, above=False),
    _share("effort_c", Text("C类精力占比", "Effort share, class C"), 0.1, above=False),
    Parameter("working_days", Text("每月工作日", "Working days a month"), default=WORKING_DAYS, minimum=0,
              above_minimum=True, maximum=31),
    _share("go_threshold", Text("7+3 跟进门槛(得分 ≥)", "7+3 go threshold (score at least)"), 0.7, above=False),
    Parameter("middle_min", Text("中等销售员:平均分 ≥", "Average rep: mean score at least"), default=1.5, minimum=1,
              maximum=3),
    Parameter("top_min", Text("TOPSALES:平均分 ≥", "Top sales: mean score at least"), default=2.5, minimum=1,
              maximum=3, at_least="middle_min"),
    Parameter("calls_per_day", Text("每日拨打客户数", "Customers to call a day"), default=CALLS_PER_DAY, minimum=1,
              maximum=MAX_CALLS_PER_DAY, whole=True),
    Parameter("call_owner", Text("今日拨打:负责人(空 = 全部)", "Call list: owner (blank = everyone)"), "text"),
)
PARAMETER = {p.key: p for p in PARAMETERS}


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
