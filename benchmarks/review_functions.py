"""Review functions at the sizes they take and past them (issue 14: 200,000 ratings took 13 s in a cell).

Prints the time of each call beside its floor (goal) and the ratio. Inside the documented sizes the work is
vectorised; past them the answer is a message before any work.

Run: .venv/bin/python benchmarks/review_functions.py
"""

import datetime as dt
import random
import time
from typing import Any, Callable

import udfs.review as R
from xlsales.review.vocab import HISTORY_COLUMNS, MAX_ELEMENTS, MAX_GRID_COLUMNS, MAX_HISTORY_ROWS, MAX_SCORE_ROWS

WORDS = ["清楚", "模糊", "不知道", "C", "F", "W", "clear", "Fuzzy", None]


def timed(label: str, call: Callable[[], Any], floor_ms: float, repeat: int = 3) -> None:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    shown = result if not isinstance(result, list) else f"{len(result)} rows"
    print(f"{label:<44} {best * 1000:8.1f} ms  floor {floor_ms:6.0f} ms  ratio {best * 1000 / floor_ms:5.2f}  "
          f"-> {str(shown)[:50]}")


def main() -> None:
    rng = random.Random(14)
    grid = [[rng.choice(WORDS) for _ in range(MAX_GRID_COLUMNS)] for _ in range(MAX_ELEMENTS)]
    groups = [[f"group{i % 17}"] for i in range(MAX_ELEMENTS)]
    demo = [row[:6] for row in grid[:73]]
    flood = [rng.choice(WORDS) for _ in range(200_000)]
    scores = [["汇报人", "听众", "73要素", "逻辑与思路", "形态与展示"]] + [
        [f"rep{i % 40}", f"l{i}", rng.uniform(0, 60), rng.uniform(0, 20), rng.uniform(0, 20)] for i in range(MAX_SCORE_ROWS)]
    reps = [f"rep{i}" for i in range(20)]  # 20 reps meeting weekly since 1980
    history = [[c.label.zh for c in HISTORY_COLUMNS]] + [
        [dt.date(1980, 1, 7) + dt.timedelta(days=7 * (i // len(reps))), reps[i % len(reps)], "项目", 30, 10, 15, 55,
         1 + i % len(reps), 6, 2.5, "预算", None, None, None] for i in range(MAX_HISTORY_ROWS)]
    print("review functions (best of 3)")
    timed("REVIEW_ELEMENT_SCORE 73 × 6 (a session)", lambda: R.review_element_score(demo, True), 20)
    timed(f"REVIEW_ELEMENT_SCORE {MAX_ELEMENTS} × {MAX_GRID_COLUMNS} (the limit)",
          lambda: R.review_element_score(grid, True), 200)
    timed(f"REVIEW_WEAKEST {MAX_ELEMENTS} × {MAX_GRID_COLUMNS} (the limit)",
          lambda: R.review_weakest(groups, grid, 3, True), 250)
    timed("REVIEW_ELEMENT_SCORE 200,000 (past it: message)", lambda: R.review_element_score(flood, True), 5)
    timed(f"REVIEW_RANKING {MAX_SCORE_ROWS:,} rows (the limit)", lambda: R.review_ranking(scores), 200)
    timed(f"REVIEW_PROGRESS {len(history) - 1:,} rows (the limit)", lambda: R.review_progress(history, "rep7"), 500)


if __name__ == "__main__":
    main()
