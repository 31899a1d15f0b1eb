"""The quote details sheet: who, what, when, the customer's budget, and the guardrail parameters.

One value a cell, where layout.DETAILS_SHEET puts it, read by the one parser (xlsales.table) with
the specs in vocab.DETAIL_COLUMNS: a number or date typed as text, a value out of range or an error
is reported by cell and the default kept, exactly as the sheet's formulas fall back to it
(layout.setting) and its data-problem cell counts it.
"""

import datetime as dt
from typing import Any

import pandas as pd
from pydantic import BaseModel, Field

from xlsales.problems import Problem
from xlsales.quote import layout as L
from xlsales.quote.vocab import DEFAULT_PARAMETERS, DETAIL_COLUMNS, YES
from xlsales.table import parse_table


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
    payment_terms: str = ""
    service_rate: float = Field(default=DEFAULT_PARAMETERS["service_rate"], ge=0, le=1)
    max_swing: float = Field(default=DEFAULT_PARAMETERS["max_swing"], ge=0)
    min_room: float = Field(default=DEFAULT_PARAMETERS["min_room"], ge=0, le=1)
    far_ratio: float = Field(default=DEFAULT_PARAMETERS["far_ratio"], gt=1)
    target: float | None = Field(default=None, ge=0)

    @property
    def valid_until(self) -> dt.date | None:
        if self.quote_date is None or self.valid_days is None:
            return None
        return self.quote_date + dt.timedelta(days=self.valid_days)


def parse_details(grid: list[list[Any]], sheet: str) -> tuple[QuoteDetails, list[Problem]]:
    """The quote details sheet (rows from A1); a bad value is reported at its cell and its default kept."""
    cells = {c.key: L.DETAILS_SHEET.cell(c.key) for c in DETAIL_COLUMNS}
    values = [grid[cell.row - 1][cell.col - 1] if len(grid) >= cell.row and len(grid[cell.row - 1]) >= cell.col
              else None for cell in cells.values()]
    # the cells as a one-row table, so each value follows the parser's rules; problems move back to their cells
    parsed = parse_table([[c.label.zh for c in DETAIL_COLUMNS], values], DETAIL_COLUMNS, sheet)
    problems = [Problem(sheet, cells[p.column].at, p.expected_zh, p.expected_en, p.found, p.severity, p.column)
                for p in parsed.problems]
    row = parsed.frame.iloc[0] if len(parsed.frame) else pd.Series(dtype=object)
    found = {key: row[key] for key in cells if key in row and not _missing(row[key])}
    far = found.get("far_ratio")
    if far is not None and far <= 1:
        label = L.DETAIL["far_ratio"].label
        problems.append(Problem(sheet, cells["far_ratio"].at, f"「{label.zh}」应大于 1", f"'{label.en}' must be above 1",
                                f"{far:g}", column="far_ratio"))
        del found["far_ratio"]
    if "quote_date" in found:
        found["quote_date"] = found["quote_date"].date()
    if "valid_days" in found:
        found["valid_days"] = int(found["valid_days"])
    if "new_customer" in found:
        found["new_customer"] = found["new_customer"] == YES
    return QuoteDetails(**found), problems


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))
