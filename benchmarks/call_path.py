"""The Excel call path: each funnel function called through its @func with the table exactly as xlwings hands it
over (a list of rows, the header first, dates as serial numbers, empty cells as "" in Lite or None on the desktop),
beside the floor measured in the same run: `pd.DataFrame(rows)`, the least any pandas-based function must do
with those rows. Prints milliseconds and the ratio to the floor.

Goal (issue 11): every funnel function at or under 2x the floor at 100,000 rows.
Run: .venv/bin/python benchmarks/call_path.py [--sizes 1000,10000,100000] [--blank none|empty]
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

import udfs.funnel as F  # noqa: E402
from xlsales.funnel import layout as L  # noqa: E402
from xlsales.funnel.vocab import DEFAULT_STAGES, STATUS, stage_table  # noqa: E402

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
    args = parser.parse_args()
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
    sizes = [int(s) for s in args.sizes.split(",")]
    blank = None if args.blank == "none" else ""
    print(f"funnel functions through @func, Deals[#All] as xlwings delivers it (empty cells as {blank!r}); "
          "best of 5 (3 at 100k), ms, and the ratio to the floor pd.DataFrame(rows)")
    print(f"{'function':<24}" + "".join(f"{n:>22,}" for n in sizes))
    tables = {n: deal_rows(n, blank) for n in sizes}
    floors = {n: best_of(lambda: pd.DataFrame(tables[n]), 5 if n < 100_000 else 3) for n in sizes}
    print(f"{'floor: pd.DataFrame':<24}" + "".join(f"{floors[n] * 1000:>14.1f} ms     " for n in sizes))
    worst = 0.0
    for name, call in calls.items():
        line = f"{name:<24}"
        for n in sizes:
            took = best_of(lambda: call(tables[n]), 5 if n < 100_000 else 3)
            ratio = took / floors[n]
            if n == max(sizes):
                worst = max(worst, ratio)
            line += f"{took * 1000:>12.1f} ms {ratio:5.2f}x"
        print(line)
    print(f"worst ratio at {max(sizes):,} rows: {worst:.2f}x the floor (goal <= 2x)")


if __name__ == "__main__":
    main()
