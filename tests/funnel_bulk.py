"""Deals at any size, as users type or paste them into the EMPTY funnel template: the tricky names (王?, 李*,
=赵六, ~x, <5), statuses in both languages, and some values the sheets cannot use (numbers and dates stored
as text, an unknown stage, an owner not on the reps list), so every figure is compared where it is hard."""

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from xlsales.funnel import layout as L
from xlsales.funnel.vocab import DEFAULT_STAGES, STATUS
from xlsales.i18n import Lang
from xlsales.sharing.xlsxrows import Package, fill_described
from xlsales.templates.build import workbook_bytes
from xlsales.templates.funnel import SPEC

REPS = ["张伟", "王?", "李*", "=赵六", "~x", "<5"]  # names COUNTIFS would read as patterns or comparisons
LOOKALIKES = ["王五", "李四", "赵六", "x", "4"]  # what those patterns would wrongly match: not on the list


def deals(n: int, as_of: dt.date, lang: Lang, seed: int = 15) -> dict[str, list[Any]]:
    """n deals by column key (input columns of the Deals table), deterministic for a seed."""
    rng = np.random.default_rng(seed)
    stages = [s.name(lang) for s in DEFAULT_STAGES]
    # both languages, as pasted from a CRM: the sheet and the parser accept either
    statuses = [t.zh for t in STATUS.values()] + [t.en for t in STATUS.values()]
    base = np.datetime64(as_of, "D")
    created = base - rng.integers(20, 400, n)
    values: dict[str, list[Any]] = {
        "id": [f"D{i:06d}" for i in range(n)],
        "customer": [f"客户{i % 97}" for i in range(n)],
        "account_class": [["A", "B", "C", None][i % 4] for i in range(n)],
        "owner": [(REPS + LOOKALIKES[:1])[i] if i < len(REPS) + 1 else REPS[k]
                  for i, k in enumerate(rng.integers(0, len(REPS), n))],
        "product_line": ["ERP"] * n,
        "amount": (rng.integers(1, 900, n).astype(float) * 1000).tolist(),
        "stage": [stages[k] for k in rng.integers(0, len(stages), n)],
        "status": [statuses[k] for k in rng.integers(0, len(statuses), n)],
        "created": created.tolist(),
        "close_date": (created + rng.integers(10, 300, n)).tolist(),
        "pushes": rng.integers(0, 4, n).astype(float).tolist(),
        "stage_since": (base - rng.integers(0, 60, n)).tolist(),
        "last_activity": (base - rng.integers(0, 30, n)).tolist(),
        "clarity": [["CCCCCCCCF", "CCFW", None][i % 3] for i in range(n)],
    }
    if n >= 50:  # one of each kind of value the sheet cannot use, at fixed rows
        values["amount"][7] = "12,000"  # a number stored as text
        values["created"][11] = "2026-01-05"  # a date stored as text
        values["stage"][13] = "不存在的阶段"  # not on the stages sheet
        values["owner"][17] = LOOKALIKES[1]  # not on the reps list
        values["status"][19] = "maybe"
        values["clarity"][23] = "XYZ"
        values["pushes"][29] = 1.5
    return values


def rows(values: dict[str, list[Any]], lang: Lang) -> list[list[Any]]:
    """The deals as a sheet holds them (header first), for the Python core."""
    columns = [c for c in L.DEALS.columns if c.read is not None]
    count = len(values["id"])

    def cell(value: Any) -> Any:
        return value.date() if isinstance(value, dt.datetime) else value

    return [[c.label(lang) for c in columns]] + [[cell(values[c.key][i]) if c.key in values else None
                                                  for c in columns] for i in range(count)]


def filled_template(path: Path, values: dict[str, list[Any]], lang: Lang) -> Path:
    """The EMPTY template with the reps list and the deals typed into its tables, as Excel holds them then."""
    package = Package(workbook_bytes(SPEC, lang))
    fill_described(package, L.SHEET_SETTINGS(lang), L.REPS, lang, {"name": REPS, "team": ["T"] * len(REPS)})
    fill_described(package, L.SHEET_DEALS(lang), L.DEALS, lang, values)
    path.write_bytes(package.to_bytes())
    return path
