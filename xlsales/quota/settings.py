"""The plan's parameters (target sheet, column B): validated into one pydantic model.

Working weeks default to 52. The text plans per year ("30万元/年") and never says how many
working weeks it counts; its "平均每周:拜访5次商机5个" is 252 visits and 222 opportunities over
52 weeks rounded up (4.85 → 5, 4.27 → 5). With 50 weeks the visits would round up to 6, so 52
is the reading that reproduces both figures; it stays an input.
"""

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from xlsales.i18n import Text
from xlsales.problems import Problem, UserError, cell_address
from xlsales.quota import layout as L
from xlsales.quota.vocab import EQUAL, SPLIT_CHOICES, SPLIT_METHODS, canonical
from xlsales.table import is_blank, to_number

DEFAULT_WORKING_WEEKS = 52
DEFAULT_MONTHS = 12
# Not from the texts: two customer visits a working day is a common field-sales ceiling.
DEFAULT_CAPACITY = 10.0


class QuotaSettings(BaseModel):
    company_target: float = Field(ge=0)
    period: str = ""
    working_weeks: int = Field(default=DEFAULT_WORKING_WEEKS, ge=1)
    months: float = Field(default=DEFAULT_MONTHS, gt=0)
    split: Literal["equal", "weighted"] = EQUAL
    default_capacity: float = Field(default=DEFAULT_CAPACITY, gt=0)
    current_week: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _current_week_inside_period(self) -> "QuotaSettings":
        if self.current_week is not None and self.current_week > self.working_weeks:
            raise UserError(f"当前周次 {self.current_week} 超出工作周数 {self.working_weeks} / "
                             f"current week {self.current_week} is past the {self.working_weeks} working weeks")
        return self


def _number(value: Any, *, whole: bool, minimum: float, above: bool) -> float | None:
    number = to_number(value)
    if number is None or (whole and not number.is_integer()):
        return None
    return number if (number > minimum if above else number >= minimum) else None


# key -> (how to read the cell, what is expected (zh, en)); blank cells keep the model's default
READERS: dict[str, tuple[Any, Text]] = {
    "company_target": (lambda v: _number(v, whole=False, minimum=0, above=False),
                       Text("不小于 0 的金额", "an amount >= 0")),
    "period": (lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip(),
               Text("文本", "text")),
    "working_weeks": (lambda v: _number(v, whole=True, minimum=1, above=False),
                      Text("不小于 1 的整数", "a whole number >= 1")),
    "months": (lambda v: _number(v, whole=False, minimum=0, above=True), Text("大于 0 的数字", "a number > 0")),
    "split": (lambda v: canonical(SPLIT_CHOICES, v),
              Text("、".join(t.zh for t in SPLIT_METHODS.values()), ", ".join(t.en for t in SPLIT_METHODS.values()))),
    "default_capacity": (lambda v: _number(v, whole=False, minimum=0, above=True),
                         Text("大于 0 的数字", "a number > 0")),
    "current_week": (lambda v: _number(v, whole=True, minimum=1, above=False),
                     Text("不小于 1 的整数", "a whole number >= 1")),
}


def parameter_cell(key: str) -> str:
    return cell_address(L.PARAMETERS[key][0] - 1, L.PARAMETER_COLUMN - 1)


def parse_settings(rows: list[list[Any]], sheet: str) -> tuple[QuotaSettings | None, list[Problem]]:
    """The parameters from the target sheet's rows (from A1); None when any of them cannot be used."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, (row, label) in L.PARAMETERS.items():
        line = rows[row - 1] if row - 1 < len(rows) else []
        raw = line[L.PARAMETER_COLUMN - 1] if L.PARAMETER_COLUMN - 1 < len(line) else None
        if is_blank(raw):
            if key == "company_target":
                problems.append(Problem(sheet, parameter_cell(key), f"「{label.zh}」必填", f"'{label.en}' is required"))
            continue
        read, expected = READERS[key]
        value = read(raw)
        if value is None:
            problems.append(Problem(sheet, parameter_cell(key), f"「{label.zh}」应为{expected.zh}",
                                    f"'{label.en}' must be {expected.en}", str(raw)))
        else:
            values[key] = int(value) if key in ("working_weeks", "current_week") else value
    if problems:
        return None, problems
    try:
        return QuotaSettings(**values), []
    except ValueError:  # the one cross-field rule: current week inside the period
        return None, [Problem(sheet, parameter_cell("current_week"), "当前周次不能超过工作周数",
                              "current week cannot be past the working weeks", str(values.get("current_week", "")))]
