"""The texts' worked case (seed 001, 工序化销售), as the demo copy holds it.

Target 60万 for 2 reps of equal ability → 30万 each; one standard mix for 30万 (小项目 4万 × 3,
大财务 8千 × 12, 小财务 2千 × 24, 耗材 200 × 100 箱, 服务费 1千 × 10 家) with the text's rounded
amounts (12万, 10万, 5万, 2万, 1万) and opportunities per deal (10, 6, 5) kept beside the computed
ones. The reps' own numbers, capacities and six weeks of actuals are ours, chosen so the demo shows
a bottom-up gap and one rep behind on collections, the other on opportunities.
"""

from typing import Any

from pydantic import BaseModel

from xlsales.i18n import Lang
from xlsales.layout import Table, split_address
from xlsales.problems import column_letter
from xlsales.quota import layout as L
from xlsales.quota.settings import QuotaSettings
from xlsales.quota.vocab import SPLIT_METHODS

WORKED_SETTINGS = QuotaSettings(company_target=600_000, period="2026", working_weeks=52, months=12, split="equal",
                                default_capacity=10, current_week=6)
WORKED_MIX: list[dict[str, Any]] = [
    {"product_line": "小项目", "unit_price": 40_000, "count": 3, "stated_amount": 120_000, "visits_per_deal": 8,
     "win_rate": 1 / 3, "opportunities_per_deal": 10},
    {"product_line": "大财务", "unit_price": 8_000, "count": 12, "stated_amount": 100_000, "visits_per_deal": 3,
     "win_rate": 1 / 3, "opportunities_per_deal": 6},
    {"product_line": "小财务", "unit_price": 2_000, "count": 24, "stated_amount": 50_000, "visits_per_deal": 1.5,
     "win_rate": 1 / 2, "opportunities_per_deal": 5},
    {"product_line": "耗材", "unit_price": 200, "count": 100, "stated_amount": 20_000},
    {"product_line": "服务费", "unit_price": 1_000, "count": 10, "stated_amount": 10_000},
]
WORKED_REPS: list[dict[str, Any]] = [
    {"rep": "小王", "weight": 1.0, "bottom_up": 280_000, "capacity": 8},
    {"rep": "小李", "weight": 1.2, "bottom_up": 330_000},
]
# week: (opportunities, visits, signed, collected) per rep
WORKED_WEEKS = {
    "小王": [(5, 5, 0, 0), (4, 6, 12_000, 0), (6, 4, 0, 12_000), (5, 5, 8_000, 0), (4, 6, 2_000, 8_000),
           (5, 5, 20_000, 2_000)],
    "小李": [(3, 4, 8_000, 8_000), (2, 3, 0, 0), (4, 5, 2_000, 2_000), (2, 3, 40_000, 0), (3, 4, 0, 40_000),
           (2, 3, 4_000, 0)],
}


class DemoQuota(BaseModel):
    settings: QuotaSettings
    reps: list[dict[str, Any]]
    mix: list[dict[str, Any]]  # a line without "rep" is the standard mix
    weekly: list[dict[str, Any]]


def demo_quota() -> DemoQuota:
    weekly = [{"rep": rep, "week": week, "opportunities": o, "visits": v, "signed": s, "collected": c}
              for rep, weeks in WORKED_WEEKS.items() for week, (o, v, s, c) in enumerate(weeks, start=1)]
    return DemoQuota(settings=WORKED_SETTINGS, reps=WORKED_REPS, mix=WORKED_MIX, weekly=weekly)


def input_rows(table: Table, records: list[dict[str, Any]]) -> list[list[Any]]:
    """Records as the table's input columns hold them (no header)."""
    return [[record.get(c.key) for c in table.columns if c.read is not None] for record in records]


def parameter_values(data: DemoQuota, lang: Lang) -> dict[str, Any]:
    """The parameter cells' values (key -> value) in the workbook language; blank ones left out."""
    values: dict[str, Any] = data.settings.model_dump()
    values["split"] = SPLIT_METHODS[data.settings.split](lang)
    return {key: value for key, value in values.items() if value not in (None, "")}


def table_rows(data: DemoQuota) -> dict[str, list[list[Any]]]:
    """Each table's input rows, by table name."""
    return {L.REPS.name: input_rows(L.REPS, data.reps), L.MIX.name: input_rows(L.MIX, data.mix),
            L.WEEKLY.name: input_rows(L.WEEKLY, data.weekly)}


def _place(grid: list[list[Any]], address: str, value: Any) -> None:
    row, col = split_address(address)
    while len(grid) < row:
        grid.append([])
    grid[row - 1] += [None] * (col - len(grid[row - 1]))
    grid[row - 1][col - 1] = value


def _with_table(grid: list[list[Any]], table: Table, body: list[list[Any]], lang: Lang) -> list[list[Any]]:
    inputs = [c for c in table.columns if c.read is not None]
    for r, values in enumerate([[c.label(lang) for c in inputs]] + body):
        for c, value in enumerate(values):
            _place(grid, f"{column_letter(table.first_col - 1 + c)}{table.header_row + r}", value)
    return grid


def sheets(data: DemoQuota, lang: Lang = "zh-CN") -> dict[str, list[list[Any]]]:
    """The input sheets' values from A1 as the demo workbook holds them (labels and calculated columns aside)."""
    target: list[list[Any]] = []
    for key, value in parameter_values(data, lang).items():
        _place(target, L.TARGET.address(key), value)
    rows = table_rows(data)
    return {
        L.SHEET_TARGET(lang): _with_table(target, L.REPS, rows[L.REPS.name], lang),
        L.SHEET_MIX(lang): _with_table([], L.MIX, rows[L.MIX.name], lang),
        L.SHEET_TRACKING(lang): _with_table([], L.WEEKLY, rows[L.WEEKLY.name], lang),
    }
