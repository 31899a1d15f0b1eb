"""Funnel figures on 100,000 deals: prints the time of each core call (goal: each under 50 ms).

Run: .venv/bin/python benchmarks/funnel_figures.py
"""

import datetime as dt
import time

import numpy as np
import pandas as pd

from xlsales.funnel import figures
from xlsales.funnel.vocab import DEFAULT_STAGES, LOST, OPEN, PAUSED, WON

N = 100_000
AS_OF = dt.date(2026, 11, 23)


def make_frames(n: int = N, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    stages = pd.DataFrame({
        "stage": [s.name.zh for s in DEFAULT_STAGES], "order": [float(s.order) for s in DEFAULT_STAGES],
        "probability": [s.probability for s in DEFAULT_STAGES], "category": [s.category for s in DEFAULT_STAGES],
        "max_days_in_stage": [float(s.max_days_in_stage) for s in DEFAULT_STAGES],
        "max_days_idle": [float(s.max_days_idle) for s in DEFAULT_STAGES],
    })
    created = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 680, n), unit="D")
    deals = pd.DataFrame({
        "row": np.arange(2, n + 2), "id": [f"D{i:06d}" for i in range(n)],
        "owner": rng.choice([f"rep{i}" for i in range(40)], n), "amount": rng.uniform(1e4, 1e6, n).round(-3),
        "stage": rng.choice(stages["stage"].to_numpy(), n),
        "status": rng.choice([OPEN, WON, LOST, PAUSED], n, p=[0.6, 0.18, 0.18, 0.04]),
        "created": created, "close_date": created + pd.to_timedelta(rng.integers(10, 300, n), unit="D"),
        "pushes": rng.integers(0, 5, n).astype(float),
        "stage_since": created + pd.to_timedelta(rng.integers(0, 60, n), unit="D"),
        "last_activity": created + pd.to_timedelta(rng.integers(0, 90, n), unit="D"),
    })
    # the dtypes xlsales.funnel.inputs.parse_deals gives: choice columns are categorical
    for column in ("status", "stage", "owner"):
        deals[column] = deals[column].astype("category")
    return deals, stages


def timed(label: str, call, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<28} {best * 1000:8.1f} ms")
    return best


def main() -> None:
    deals, stages = make_frames()
    print(f"funnel figures, {N:,} deals (best of 5)")
    calls = {
        "stage_summary": lambda: figures.stage_summary(deals, stages),
        "weighted_pipeline": lambda: figures.weighted_pipeline(deals, stages),
        "forecast_period": lambda: figures.forecast_period(deals, stages, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        "forecast_by_month": lambda: figures.forecast_by_month(deals, stages),
        "forecast_by_quarter": lambda: figures.forecast_by_quarter(deals, stages),
        "forecast_by_category": lambda: figures.forecast_by_category(deals, stages),
        "win_rate": lambda: figures.win_rate(deals),
        "win_rates_by_owner": lambda: figures.win_rates_by_owner(deals),
        "win_rate_by_stage_reached": lambda: figures.win_rate_by_stage_reached(deals, stages),
        "stage_conversion": lambda: figures.stage_conversion(deals, stages),
        "calibrate": lambda: figures.calibrate(deals, stages),
        "bottleneck": lambda: figures.bottleneck(deals, stages),
        "deal_alerts (stale+slip)": lambda: figures.deal_alerts(deals, stages, AS_OF),
        "sales_cycle": lambda: figures.sales_cycle(deals),
    }
    slowest = max(timed(label, call) for label, call in calls.items())
    print(f"slowest call: {slowest * 1000:.1f} ms (goal < 50 ms)")


if __name__ == "__main__":
    main()
