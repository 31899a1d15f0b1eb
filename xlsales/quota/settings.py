"""The plan's parameters (target sheet, column B), read by the parser's rules, validated into one pydantic model.

Each parameter cell is read like a table cell (xlsales.table): a number typed as text ("600000" pasted,
or "60万") is a problem, never a guess and never 0. The rules beyond one cell: months and visit capacity
above 0, at most MAX_WEEKS working weeks (the pace chart's rows), the current week inside the period.
The sheet's own formulas use the same values: a blank or unusable cell falls back to its default there
too (`effective`; the defined names in xlsales.quota.layout), so the workbook's figures and its
data-problem counter agree with `check`.
"""

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from xlsales.layout import split_address
from xlsales.problems import Problem, UserError
from xlsales.quota import layout as L
from xlsales.quota.vocab import DEFAULT_CAPACITY, DEFAULT_MONTHS, DEFAULT_WORKING_WEEKS, EQUAL, PARAMETER_COLUMNS
from xlsales.table import parse_table

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


DEFAULTS: dict[str, Any] = {"company_target": None, "period": "", "working_weeks": DEFAULT_WORKING_WEEKS,
                            "months": DEFAULT_MONTHS, "split": EQUAL, "default_capacity": DEFAULT_CAPACITY,
                            "current_week": None}


@dataclass
class Parameters:
    effective: dict[str, Any]  # what the sheet's formulas use: each usable value, else its default
    problems: list[Problem]


def parameter_cell(key: str) -> str:
    return L.TARGET.address(key)


def _cell(rows: list[list[Any]], address: str) -> Any:
    row, col = split_address(address)
    line = rows[row - 1] if row - 1 < len(rows) else []
    return line[col - 1] if col - 1 < len(line) else None


def read_parameters(rows: list[list[Any]], sheet: str) -> Parameters:
    """Every parameter from the target sheet's rows (from A1), with each problem at its cell."""
    effective = dict(DEFAULTS)
    problems: list[Problem] = []
    for key, column in PARAMETER_COLUMNS.items():
        row, col = split_address(parameter_cell(key))
        raw = _cell(rows, parameter_cell(key))
        if column.required and (raw is None or raw == ""):  # a table row would not exist; the cell does
            problems.append(Problem(sheet, parameter_cell(key), f"「{column.label.zh}」必填",
                                    f"'{column.label.en}' is required", column=key))
            continue
        parsed = parse_table([[column.label.zh], [raw]], [column], sheet, row - 2, col - 1)
        problems += parsed.problems
        if not parsed.problems and len(parsed.frame):
            value = parsed.frame[key].iloc[0]
            if value is not None and value == value:
                effective[key] = value
    problems += _beyond_one_cell(effective, problems, sheet)
    for key in ("working_weeks", "current_week"):
        if effective[key] is not None:
            effective[key] = int(effective[key])
    return Parameters(effective, problems)


def _beyond_one_cell(effective: dict[str, Any], problems: list[Problem], sheet: str) -> list[Problem]:
    """Months or capacity of 0, more weeks than the pace chart lists, a current week past the working weeks.
    A value that broke its own rule is already a problem (and its default is used)."""
    out = []
    for key in ("months", "default_capacity"):
        if effective[key] == 0:
            label = PARAMETER_COLUMNS[key].label
            out.append(Problem(sheet, parameter_cell(key), f"「{label.zh}」应大于 0", f"'{label.en}' must be above 0",
                               "0", column=key))
            effective[key] = DEFAULTS[key]
    weeks = effective["working_weeks"]
    if weeks > L.MAX_WEEKS:
        out.append(Problem(sheet, parameter_cell("working_weeks"),
                           f"工作周数最多 {L.MAX_WEEKS}(进度图按周列出 {L.MAX_WEEKS} 行);更长的期间请分成几个工作簿",
                           f"at most {L.MAX_WEEKS} working weeks (the pace chart lists {L.MAX_WEEKS} weeks); plan a "
                           "longer period in several workbooks", f"{weeks:g}", column="working_weeks"))
    week = effective["current_week"]
    if week is not None and week > weeks:
        out.append(Problem(sheet, parameter_cell("current_week"), "当前周次不能超过工作周数",
                           "current week cannot be past the working weeks", f"{week:g}", column="current_week"))
        effective["current_week"] = None
    return out


def parse_settings(rows: list[list[Any]], sheet: str) -> tuple[QuotaSettings | None, list[Problem]]:
    """The parameters from the target sheet's rows (from A1); None when any of them cannot be used."""
    parameters = read_parameters(rows, sheet)
    if parameters.problems:
        return None, parameters.problems
    return QuotaSettings(**parameters.effective), []
