"""Input rows for the quota tests: the texts' worked case (from the demo) and a small hand-computed team."""

from typing import Any

from xlsales.quota import layout as L
from xlsales.quota.demo import demo_quota, sheets
from xlsales.quota.vocab import MIX_COLUMNS, REP_COLUMNS, WEEKLY_COLUMNS

WORKED = sheets(demo_quota())
WORKED_MIX = WORKED[L.SHEET_MIX.zh][L.MIX.header_row - 1:]
WORKED_WEEKLY = WORKED[L.SHEET_TRACKING.zh][L.WEEKLY.header_row - 1:]
WORKED_REPS = WORKED[L.SHEET_TARGET.zh][L.REPS.header_row - 1:]


def header(columns: list[Any]) -> list[str]:
    return [c.label.zh for c in columns]


# Hand-computed team (12-week quarter, 3 months):
#   A: 10,000 × 5, 4 visits/deal, win 1/4          → 20 opportunities, 80 visits
#   B:  5,000 × 4, 2 visits/deal, win 1/2, override 3 → 8 by win rate, 12 planned, 16 visits
#   C:  1,000 × 10, no visits                       → amount only
#   mix = 80,000; visits 96 (8 a week, 32 a month); planned opportunities 32 (2.67 a week → 3)
HAND_MIX = [header(MIX_COLUMNS),
            [None, "A", 10_000, 5, None, 4, 0.25, None],
            [None, "B", 5_000, 4, None, 2, 0.5, 3],
            [None, "C", 1_000, 10, None, None, None, None]]
HAND_REPS = [header(REP_COLUMNS), ["甲", 1, 90_000, 7], ["乙", 1, None, None]]
# 甲 over weeks 1-3: visits 8+6+7 = 21 (pace 24), opportunities 9 (pace 8), signed 25,000 (pace 20,000),
# collected 10,000 (pace 20,000 → the bottleneck)
HAND_WEEKLY = [header(WEEKLY_COLUMNS),
               ["甲", 1, 3, 8, 5_000, 0],
               ["甲", 2, 3, 6, 20_000, 5_000],
               ["甲", 3, 3, 7, None, 5_000],
               ["甲", 4, 9, 9, 9, 9]]  # after the tracked week: never counted
