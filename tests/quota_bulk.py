"""A team at any size, typed or pasted into the EMPTY quota template as a user fills it, for the growth tests.

Reps named like patterns (王?, 李*, =赵六, ~x, <5) sit beside the reps those patterns would match (王五, 李四,
赵六, x, 4), so every per-rep figure is compared where it is hard. Weekly rows come in no particular order.
The tests read the workbook back with calamine (fast on big sheets): tests/workbook_values.Recalculated.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np

from xlsales.i18n import Lang
from xlsales.quota import layout as L
from xlsales.quota.vocab import SPLIT_METHODS
from xlsales.sharing.xlsxrows import Package, fill_described
from xlsales.templates.build import workbook_bytes
from xlsales.templates.quota import SPEC

TRICKY = ["王?", "王五", "李*", "李四", "=赵六", "赵六", "~x", "x", "<5", "4"]  # a pattern, then what it would match


@dataclass
class Team:
    parameters: dict[str, Any]  # parameter key -> value typed
    reps: dict[str, list[Any]]  # per input column key of each table
    mix: dict[str, list[Any]]
    weekly: dict[str, list[Any]]


def rep_names(n: int) -> list[str]:
    return (TRICKY + [f"销售{i:02d}" for i in range(n)])[:n]


def team(reps: int, weeks: int, lines: int, lang: Lang, seed: int = 15, current_week: int | None = None) -> Team:
    """`reps` reps tracked over `weeks` weeks (one row per rep and week, shuffled), `lines` mix lines: a standard
    mix, then two lines of their own for every other rep."""
    rng = np.random.default_rng(seed)
    names = rep_names(reps)
    standard = min(lines, 6)
    owners = [None] * standard + [names[(2 * (i // 2)) % len(names)] for i in range(lines - standard)]
    with_visits = [i % 3 != 2 for i in range(lines)]  # every third line is sold without visits (耗材, 服务费)
    mix = {
        "rep": owners,
        "product_line": [f"产品{i:03d}" for i in range(lines)],
        "unit_price": (rng.integers(1, 50, lines) * 1000.0).tolist(),
        "count": rng.integers(1, 30, lines).astype(float).tolist(),
        "stated_amount": [float(rng.integers(1, 60) * 10_000) if i % 2 else None for i in range(lines)],
        "visits_per_deal": [float(rng.integers(1, 9)) if v else None for v in with_visits],
        "win_rate": [[1 / 3, 0.5, 0.25, 0.2][i % 4] if v else None for i, v in enumerate(with_visits)],
        "opportunities_per_deal": [float(rng.integers(2, 11)) if v and i % 4 == 0 else None
                                   for i, v in enumerate(with_visits)],
    }
    pairs = [(name, week) for name in names for week in range(1, weeks + 1)]
    order = rng.permutation(len(pairs))
    count = len(pairs)
    weekly = {"rep": [pairs[i][0] for i in order], "week": [float(pairs[i][1]) for i in order],
              "opportunities": rng.integers(0, 10, count).astype(float).tolist(),
              "visits": rng.integers(0, 13, count).astype(float).tolist(),
              "signed": (rng.integers(0, 30, count) * 1000.0).tolist(),
              "collected": (rng.integers(0, 30, count) * 1000.0).tolist()}
    return Team(
        parameters={"company_target": 100_000.0 * reps, "working_weeks": float(weeks),
                    "split": SPLIT_METHODS["weighted"](lang), "current_week": current_week},
        reps={"rep": names, "weight": [1.0 + (i % 3) / 2 for i in range(reps)],
              "bottom_up": [float(90_000 + 5_000 * (i % 5)) if i % 4 else None for i in range(reps)],
              "capacity": [float(8 + i % 6) if i % 2 else None for i in range(reps)]},
        mix=mix, weekly=weekly)


def filled_template(path: Path, data: Team, lang: Lang) -> Path:
    """The EMPTY template with the parameters typed and the tables filled, as Excel holds them then."""
    package = Package(workbook_bytes(SPEC, lang))
    set_cells(package, L.SHEET_TARGET(lang), {L.TARGET.address(k): v for k, v in data.parameters.items()})
    for sheet, table, values in ((L.SHEET_TARGET, L.REPS, data.reps), (L.SHEET_MIX, L.MIX, data.mix),
                                 (L.SHEET_TRACKING, L.WEEKLY, data.weekly)):
        if values and len(next(iter(values.values()))):
            fill_described(package, sheet(lang), table, lang, values)
    path.write_bytes(package.to_bytes())
    return path


def set_cells(package: Package, sheet: str, values: dict[str, Any]) -> None:
    """Type values into existing cells of a sheet (keeping their style): a number, or a text; None empties it."""
    part = package.sheet_part(sheet)
    xml = package.text(part)
    for address, value in values.items():
        found = re.search(rf'<c r="{address}"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, re.DOTALL)
        assert found is not None, f"{sheet}!{address} is not in the template"
        style = re.search(r'\ss="\d+"', found.group("attrs"))
        s = style.group() if style else ""
        if value is None:
            cell = f'<c r="{address}"{s}/>'
        elif isinstance(value, (int, float)):
            cell = f'<c r="{address}"{s}><v>{value!r}</v></c>'
        else:
            cell = f'<c r="{address}"{s} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
        xml = xml[:found.start()] + cell + xml[found.end():]
    package.put(part, xml)


def typed_workbook(path: Path, lang: Lang, parameters: dict[str, Any], tables: dict[str, list[dict[str, Any]]],
                   outside: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """The EMPTY template (as built, before saving) with values typed as a user types them, whatever their kind:
    parameters, rows in each table (by table name; Excel extends the table and fills its calculated columns), and
    rows typed below a table, which Excel did not take in (`outside`, a row left empty between)."""
    wb = SPEC.build(lang)
    target = wb[L.SHEET_TARGET(lang)]
    for key, value in parameters.items():
        target[L.TARGET.address(key)] = value
    for table, sheet in ((L.REPS, L.SHEET_TARGET), (L.MIX, L.SHEET_MIX), (L.WEEKLY, L.SHEET_TRACKING)):
        ws, rows = wb[sheet(lang)], tables.get(table.name, [])
        inputs = [i for i, c in enumerate(table.columns) if c.read is not None]
        last = table.header_row + max(len(rows), table.min_rows)
        for r in range(table.first_row, last + 1):
            record = rows[r - table.first_row] if r - table.first_row < len(rows) else {}
            for i in inputs:
                _type(ws, r, table.first_col + i, record.get(table.columns[i].key))
            for i, column in enumerate(table.columns):
                if column.formula is not None:
                    ws.cell(r, table.first_col + i, "=" + column.formula(lang, r))
        excel = ws.tables[table.name]
        excel.ref = f"{table.at}:{table.last_letter()}{last}"
        if excel.autoFilter is not None:
            excel.autoFilter.ref = excel.ref
        for n, record in enumerate((outside or {}).get(table.name, []), start=last + 2):
            for i in inputs:
                _type(ws, n, table.first_col + i, record.get(table.columns[i].key))
    wb.save(path)
    return path


def _type(ws: Any, row: int, col: int, value: Any) -> None:
    """A value as typed: text is text, even when it starts with "=" (a name such as =赵六), as Excel keeps it."""
    target = ws.cell(row, col, value)
    if isinstance(value, str) and value.startswith("="):
        target.data_type = "s"
