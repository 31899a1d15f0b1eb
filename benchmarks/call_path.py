"""The Excel call path: each funnel function called through its @func with the table exactly as xlwings hands it
over (a list of rows, the header first, dates as serial numbers, empty cells as "" in Lite or None on the desktop),
beside the floor measured in the same run: `pd.DataFrame(rows)`, the least any pandas-based function must do
with those rows. Prints milliseconds and the ratio to the floor.

Then the heaviest function of each other capability, the same way: QUOTA_PLAN (the contract mix, a plan line
per row, spilled), QUOTE_BREAKDOWN (quote lines priced from the price list), ACCOUNT_TIERS (every account's
5+5+5 tier, spilled) at the same row counts, and REVIEW_ELEMENT_SCORE on rating grids up to its documented
bound (a whole session grid: 150 checkpoints x 120 listeners); their tables are the demos' rows repeated.

Goal (issue 11): every funnel function at or under 2x the floor at 100,000 rows; the others near it (about 3x).
Machines vary and are shared: compare ratios, each against the floor of the same run, over several runs.
Run: .venv/bin/python benchmarks/call_path.py [--sizes 1000,10000,100000] [--blank none|empty] [--only funnel|others]
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import udfs.accounts as A  # noqa: E402
import udfs.funnel as F  # noqa: E402
import udfs.quota as Q  # noqa: E402
import udfs.quote as QT  # noqa: E402
import udfs.review as R  # noqa: E402
from xlsales.accounts import layout as AL  # noqa: E402
from xlsales.accounts.demo import demo_accounts  # noqa: E402
from xlsales.funnel import layout as L  # noqa: E402
from xlsales.funnel.vocab import DEFAULT_STAGES, STATUS, stage_table  # noqa: E402
from xlsales.quota import layout as QL  # noqa: E402
from xlsales.quota.demo import demo_quota, sheets  # noqa: E402
from xlsales.quote.demo import demo_quote, line_rows, price_rows  # noqa: E402
from xlsales.quote.vocab import LINE_COLUMNS, PRICE_COLUMNS  # noqa: E402
from xlsales.review.vocab import MAX_ELEMENTS, MAX_GRID_COLUMNS  # noqa: E402

AS_OF = dt.date(2026, 11, 23)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def serial(day: np.ndarray) -> list[float]:
    return ((day - np.datetime64(EXCEL_EPOCH)) // np.timedelta64(1, "D")).astype(float).tolist()


def deal_rows(n: int, blank: Any, seed: int = 11) -> list[list[Any]]:
    """n deals with the header, shaped as xlwings delivers Deals[#All]."""
    rng = np.random.default_rng(seed)
    stages = [s.name.zh for s in DEFAULT_STAGES]
    statuses = [STATUS[k].zh for k in ("open", "won", "lost", "paused")]
    created = np.datetime64("2025-01-01") + rng.integers(0, 680, n)
    columns = {
        "id": [f"D{i:06d}" for i in range(n)], "customer": [f"客户{i % 500}" for i in range(n)],
        "account_class": [["A", "B", "C"][i % 3] for i in range(n)],
        "owner": [f"销售{k:02d}" for k in rng.integers(0, 40, n)], "product_line": ["ERP"] * n,
        "amount": (rng.integers(10, 1000, n) * 1000.0).tolist(),
        "stage": [stages[k] for k in rng.integers(0, len(stages), n)],
        "status": [statuses[k] for k in rng.choice(4, n, p=[0.6, 0.18, 0.18, 0.04])],
        "created": serial(created), "close_date": serial(created + rng.integers(10, 300, n)),
        "pushes": rng.integers(0, 5, n).astype(float).tolist(),
        "stage_since": serial(created + rng.integers(0, 60, n)),
        "last_activity": serial(created + rng.integers(0, 90, n)),
    }
    inputs = [c for c in L.DEALS.columns if c.read is not None]
    header = [c.label.zh for c in inputs]
    body = [list(row) for row in zip(*[columns.get(c.key, [blank] * n) for c in inputs])]
    return [header] + body


def stage_rows() -> list[list[Any]]:
    inputs = [c for c in L.STAGES.columns if c.read is not None]
    return [[c.label.zh for c in inputs]] + stage_table(DEFAULT_STAGES, "zh-CN")


def as_xlwings(rows: list[list[Any]], blank: Any) -> list[list[Any]]:
    """Rows as xlwings hands them over: numbers as floats, dates as serial numbers, empty cells as `blank`."""
    def cell(value: Any) -> Any:
        if value is None or value == "":
            return blank
        if isinstance(value, dt.date):
            return float((value - EXCEL_EPOCH).days)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return value

    return [[cell(v) for v in row] for row in rows]


def repeated(header: list[Any], body: list[list[Any]], n: int, name_at: int | None, blank: Any) -> list[list[Any]]:
    """The header and n rows: `body` over and over, the text at `name_at` made distinct per repetition."""
    out = []
    for i in range(n):
        row = list(body[i % len(body)])
        if name_at is not None:
            row[name_at] = f"{row[name_at] or ''}{i // len(body):05d}"
        out.append(row)
    return as_xlwings([header] + out, blank)


def mix_rows(n: int, blank: Any) -> list[list[Any]]:
    """QuotaMix[#All]: the demo's contract mix, one rep per repetition."""
    mix = sheets(demo_quota())[QL.SHEET_MIX.zh][QL.MIX.header_row - 1:]
    return repeated(mix[0], mix[1:], n, 0, blank)


def quote_tables(n: int, blank: Any) -> tuple[list[list[Any]], list[list[Any]]]:
    """(QuoteLines[#All] of n lines, PriceList[#All]): the demo quote's lines over and over."""
    data = demo_quote()
    lines = line_rows(data.lines, "zh-CN")
    return (repeated([c.label.zh for c in LINE_COLUMNS], lines, n, None, blank),
            as_xlwings([[c.label.zh for c in PRICE_COLUMNS]] + price_rows(data, "zh-CN"), blank))


def account_rows(n: int, blank: Any) -> list[list[Any]]:
    """Accounts[#All]: the demo's accounts, each name made distinct per repetition."""
    inputs = [c for c in AL.ACCOUNTS.columns if c.read is not None]
    records = demo_accounts(AS_OF).accounts
    body = [[record.get(c.key) for c in inputs] for record in records]
    return repeated([c.label.zh for c in inputs], body, n, [c.key for c in inputs].index("account"), blank)


def rating_grid(checkpoints: int, listeners: int, blank: Any) -> list[list[Any]]:
    """A session grid of ratings (no header: one row per checkpoint, one column per listener)."""
    rng = np.random.default_rng(14)
    words = ["清楚", "模糊", "不知道", "C", "F", "W"]
    return [[words[k] for k in rng.integers(0, len(words), listeners)] for _ in range(checkpoints)]


def best_of(call: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
        if isinstance(result, str) and result.startswith("#XLSALES!"):
            raise SystemExit(f"the call failed: {result}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--blank", choices=["none", "empty"], default="empty",
                        help='how an empty cell arrives: None (desktop xlwings) or "" (xlwings Lite)')
    parser.add_argument("--only", choices=["funnel", "others"], help="only the funnel functions, or only the others")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    blank = None if args.blank == "none" else ""
    if args.only != "others":
        funnel(sizes, blank)
    if args.only != "funnel":
        others(sizes, blank)


def timed_row(name: str, tables: dict[int, Any], call: Callable[[Any], Any], floors: dict[int, float]) -> float:
    """Prints the function's times and ratios at each size; returns the ratio at the largest."""
    line, ratio = f"{name:<24}", 0.0
    for n, table in tables.items():
        took = best_of(lambda: call(table), 5 if n < 100_000 else 3)
        ratio = took / floors[n]
        line += f"{took * 1000:>12.1f} ms {ratio:5.2f}x"
    print(line)
    return ratio


def others(sizes: list[int], blank: Any) -> None:
    print(f"\nthe heaviest function of quota, quote, accounts and review through @func (empty cells as {blank!r}); "
          "best of 5 (3 at 100k), ms, and the ratio to the floor pd.DataFrame(rows) of the same table")
    cases: list[tuple[str, Callable[[int], Any], Callable[[Any], Any], Callable[[Any], Any], list[int]]] = [
        ("QUOTA_PLAN", lambda n: mix_rows(n, blank), Q.quota_plan, pd.DataFrame, sizes),
        ("QUOTE_BREAKDOWN", lambda n: quote_tables(n, blank), lambda t: QT.quote_breakdown(*t),
         lambda t: pd.DataFrame(t[0]), sizes),
        ("ACCOUNT_TIERS", lambda n: account_rows(n, blank), A.account_tiers, pd.DataFrame, sizes),
        ("REVIEW_ELEMENT_SCORE", lambda n: rating_grid(MAX_ELEMENTS, n // MAX_ELEMENTS, blank),
         lambda t: R.review_element_score(t, True), pd.DataFrame,
         [73 * 6 // MAX_ELEMENTS * MAX_ELEMENTS or MAX_ELEMENTS * 3, MAX_ELEMENTS * 60, MAX_ELEMENTS * MAX_GRID_COLUMNS]),
    ]
    for name, make, call, floor, counts in cases:
        tables = {n: make(n) for n in counts}
        floors = {n: best_of(lambda: floor(tables[n]), 5 if n < 100_000 else 3) for n in counts}
        unit = "cells" if name.startswith("REVIEW") else "rows"
        print(f"{'':<24}" + "".join(f"{f'{n:,} {unit}':>22}" for n in counts))
        print(f"{'  floor: pd.DataFrame':<24}" + "".join(f"{floors[n] * 1000:>14.1f} ms     " for n in counts))
        timed_row(name, tables, call, floors)


def funnel(sizes: list[int], blank: Any) -> None:
    stages = stage_rows()
    calls: dict[str, Callable[[list[list[Any]]], Any]] = {
        "WINRATE": lambda d: F.winrate(d),
        "WINRATE(owner)": lambda d: F.winrate(d, "销售07"),
        "PIPELINE_WEIGHTED": lambda d: F.pipeline_weighted(d, stages),
        "FORECAST_PERIOD": lambda d: F.forecast_period(d, stages, 46000.0, 46100.0),
        "FUNNEL_STAGES": lambda d: F.funnel_stages(d, stages),
        "STAGE_CONVERSION": lambda d: F.stage_conversion(d, stages),
        "STALE_FLAG": lambda d: F.stale_flag(d, stages, d[1][0], 46300.0),
        "SLIP_FLAG": lambda d: F.slip_flag(d, stages, d[1][0], 46300.0),
        "STALE_FLAGS (spilled)": lambda d: F.stale_flags(d, stages, 46300.0),
        "SLIP_FLAGS (spilled)": lambda d: F.slip_flags(d, stages, 46300.0),
        "SALES_CYCLE_DAYS": lambda d: F.sales_cycle_days(d),
    }
    print(f"funnel functions through @func, Deals[#All] as xlwings delivers it (empty cells as {blank!r}); "
          "best of 5 (3 at 100k), ms, and the ratio to the floor pd.DataFrame(rows)")
    print(f"{'function':<24}" + "".join(f"{n:>22,}" for n in sizes))
    tables = {n: deal_rows(n, blank) for n in sizes}
    floors = {n: best_of(lambda: pd.DataFrame(tables[n]), 5 if n < 100_000 else 3) for n in sizes}
    print(f"{'floor: pd.DataFrame':<24}" + "".join(f"{floors[n] * 1000:>14.1f} ms     " for n in sizes))
    worst = 0.0
    for name, call in calls.items():
        worst = max(worst, timed_row(name, tables, call, floors))
    print(f"worst ratio at {max(sizes):,} rows: {worst:.2f}x the floor (goal <= 2x)")


if __name__ == "__main__":
    main()
