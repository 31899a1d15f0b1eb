"""The quote details sheet: who, what, when, the customer's budget, and the guardrail parameters.

Label in column A, value in column B, one a row (layout.DETAILS, layout.PARAMETERS); a value that
cannot be used is reported by cell and its default kept.
"""

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from xlsales.problems import Problem, cell_address
from xlsales.quote import layout as L
from xlsales.i18n import choices
from xlsales.quote.vocab import DEFAULT_SERVICE_RATE, YES, YES_NO, YES_NO_ALIASES
from xlsales.table import is_blank, normalise, to_date, to_number


class QuoteDetails(BaseModel):
    """The quote's header (who, what, when, budget) and the guardrail parameters."""

    customer: str = ""
    project: str = ""
    quote_no: str = ""
    revision: str = ""
    quote_date: dt.date | None = None
    valid_days: int | None = Field(default=None, ge=0)
    budget: float | None = Field(default=None, ge=0)
    new_customer: bool = False
    seller: str = ""
    contact: str = ""
    service_rate: float = Field(default=DEFAULT_SERVICE_RATE, ge=0, le=1)
    max_swing: float = Field(default=L.DEFAULT_PARAMETERS["max_swing"], ge=0)
    min_room: float = Field(default=L.DEFAULT_PARAMETERS["min_room"], ge=0, le=1)
    far_ratio: float = Field(default=L.DEFAULT_PARAMETERS["far_ratio"], gt=1)
    target: float | None = Field(default=None, ge=0)

    @property
    def valid_until(self) -> dt.date | None:
        if self.quote_date is None or self.valid_days is None:
            return None
        return self.quote_date + dt.timedelta(days=self.valid_days)


YES_NO_LOOKUP = {normalise(k): v for k, v in choices(YES_NO, YES_NO_ALIASES).items()}
TEXT_DETAILS = ("customer", "project", "quote_no", "revision", "seller", "contact")
SHARE_RULE = ("0–100% 之间的比例", "a share between 0% and 100%")
NUMBER_RULES = {
    "valid_days": ("不小于 0 的整数", "a whole number >= 0"),
    "budget": ("不小于 0 的金额", "an amount >= 0"),
    "service_rate": SHARE_RULE,
    "max_swing": ("不小于 0 的比例(如 10%)", "a share >= 0 (e.g. 10%)"),
    "min_room": SHARE_RULE,
    "far_ratio": ("大于 1 的倍数", "a ratio above 1"),
    "target": ("不小于 0 的金额", "an amount >= 0"),
}


def parse_details(rows: list[list[Any]], sheet: str) -> tuple[QuoteDetails, list[Problem]]:
    """The quote details sheet (label in A, value in B); a bad value is reported and its default kept."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, (row, label) in (L.DETAILS | L.PARAMETERS).items():
        raw = rows[row - 1][1] if len(rows) >= row and len(rows[row - 1]) > 1 else None
        if is_blank(raw):
            continue
        if key in TEXT_DETAILS:
            values[key] = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
            continue
        if key == "quote_date":
            date = to_date(raw)
            value: Any = None if date is None else date.date()
            rule = ("日期", "a date")
        elif key == "new_customer":
            answer = YES_NO_LOOKUP.get(normalise(raw))
            value = None if answer is None else answer == YES
            rule = ("是或否", "yes or no")
        else:
            value = _checked_number(key, to_number(raw))
            rule = NUMBER_RULES[key]
        if value is None:
            problems.append(Problem(sheet, cell_address(row - 1, 1), f"「{label.zh}」应为{rule[0]}",
                                    f"'{label.en}' must be {rule[1]}", str(raw)))
        else:
            values[key] = value
    return QuoteDetails(**values), problems


def _checked_number(key: str, number: float | None) -> float | int | None:
    """The number if QuoteDetails accepts it for `key` (whole days, shares within 0–100% …), else None."""
    if number is None or (key == "valid_days" and not number.is_integer()):
        return None
    value = int(number) if key == "valid_days" else number
    try:
        QuoteDetails.model_validate({key: value})
    except ValueError:
        return None
    return value
