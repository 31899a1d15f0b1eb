"""Every workbook's embedded main.py called the way xlwings Lite calls it, for tests/test_lite_path.py.

A workbook here is a registered template (xlsales.templates.registry) or the team workbook, built with
its demo data. Its main.py is extracted from the built file and run by tests/lite_runner.py in a fresh
interpreter in a temporary folder, so nothing is imported from this repository. Functions get their
arguments as Office.js sends them, taken from the demo workbook's own tables and cells; scripts run on
the demo workbook. The same calls on the repository's udfs module, with each range passed as its rows,
give the expected results.

The arguments are chosen by parameter name, per workbook (ARGUMENTS), with a few calls of their own
(CALLS); the scripts run in SCRIPT_RUNS. A function or script without them fails the coverage test:
add them here when a workbook gains one.
"""

import ast
import datetime as dt
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from tests.fakebook import FakeBook
from xlsales import lite
from xlsales.accounts import layout as AL
from xlsales.i18n import Text
from xlsales.review import layout as RL
from xlsales.review.catalogue import DEFAULT_ELEMENTS
from xlsales.templates.build import workbook_bytes
from xlsales.templates.registry import TEMPLATES

HERE = Path(__file__).resolve().parent
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
TEAM = "team"
WORKBOOKS = [*TEMPLATES, TEAM]


# ---- where an argument comes from --------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """An Excel table of the demo workbook with its header, as =F(Name[#All]) passes it."""
    name: str
    first_column_only: bool = False


@dataclass(frozen=True)
class Cells:
    """A block of cells on a demo sheet (named in both languages, so either works); None: its used range."""
    sheet: Text
    address: str | None = None


@dataclass(frozen=True)
class Block:
    """Values typed into a block of cells (dates as dates, None for an empty cell)."""
    rows: tuple[tuple[Any, ...], ...]


def _span(first: str, last: str) -> str:
    return f"{first}:{last}"


# the demo review session: the 73 default checkpoints, 6 rep × listener columns
GRID, DEMO_GRID_COLUMNS = RL.GRID, 6
LAST_CHECKPOINT = GRID.first_element_row + len(DEFAULT_ELEMENTS) - 1
RATINGS = Cells(RL.SHEET_SESSION, _span(f"{GRID.letter(0)}{GRID.first_element_row}",
                         f"{GRID.letter(DEMO_GRID_COLUMNS - 1)}{LAST_CHECKPOINT}"))
FIRST_RATINGS = Cells(RL.SHEET_SESSION, _span(f"{GRID.letter(0)}{GRID.first_element_row}", f"{GRID.letter(0)}{LAST_CHECKPOINT}"))
LOGIC = Cells(RL.SHEET_SESSION, _span(GRID.cell("logic", 0), GRID.cell("logic", DEMO_GRID_COLUMNS - 1)))
GROUPS = Cells(RL.SHEET_SESSION, _span(f"{GRID.checkpoint_letter('group')}{GRID.first_element_row}",
                        f"{GRID.checkpoint_letter('group')}{LAST_CHECKPOINT}"))
Q, LEVELS = AL.QUALIFY, AL.LEVELS
STATUSES = Cells(AL.SHEET_QUALIFY, _span(f"{Q.letter('basics')}{Q.first_row}", f"{Q.letter('service')}{Q.first_row}"))  # 7+3 items
TEN_BASICS = Cells(AL.SHEET_QUALIFY, _span(f"{Q.letter('basics')}{Q.first_row}", f"{Q.letter('basics')}{Q.first_row + 9}"))
LEVEL_RATINGS = Cells(AL.SHEET_LEVELS, _span(f"{LEVELS.letter('focus')}{LEVELS.first_row}",
                               f"{LEVELS.letter('general_attitude')}{LEVELS.first_row}"))  # one rep's 14 items

SCORES = Block((("汇报人", "听众", "73要素", "逻辑与思路", "形态与展示"), ("小王", "甲", 30, 10, 15),
                ("小李", "甲", 40, 15, 15), ("小张", "甲", 45, 15, 15)))

# parameter name -> argument, per workbook; literal values are what a user types into a cell
ARGUMENTS: dict[str, dict[str, Any]] = {
    "funnel": {"deals": Table("Deals"), "stages": Table("Stages"), "owner": "张伟", "deal_id": "D0004",
               "start": dt.date(2026, 12, 1), "end": dt.date(2027, 3, 31), "as_of": dt.date(2026, 12, 1),
               "max_pushes": 2, "ratings": "CCCCCCCCF"},
    "quota": {"target": 300000, "reps": Table("QuotaReps"), "method": "按能力权重", "amount": 120000,
              "unit_price": 40000, "deals": 3, "win_rate": 1 / 3, "visits_per_deal": 8, "mix": Table("QuotaMix"),
              "rep": "小王", "weeks": 52, "months": 12, "weekly": Table("QuotaWeekly"), "week": 6},
    "quote": {"lines": Table("QuoteLines"), "prices": Table("PriceList"), "service_rate": 0.15,
              "revisions_range": Table("QuoteRevisions"), "max_swing": 0.1, "min_room": 0.05, "far_ratio": 1.5,
              "revision": "R2", "target": 36000, "amount": 39736.5},
    "review": {"ratings": RATINGS, "missing_ok": True, "element": 30,
               "logic": LOGIC, "presentation": Block(((15,),)), "scores": SCORES, "rep": "小张",
               "groups": GROUPS, "count": 3, "history_range": Cells(RL.SHEET_HISTORY)},
    "accounts": {"accounts": Table("Accounts"), "account": "苏州恒达精密", "much_business_min": 1000000,
                 "large_potential_min": 2000000, "max_share": 0.8, "a_share": 0.8, "b_share": 0.95, "share": 0.8,
                 "reps": Table("AccountReps", first_column_only=True), "closeness": 4, "solution": 3, "price": 2,
                 "weights": Table("ClosenessWeights"), "people": Table("KeyPeople"), "deal": "K-001",
                 "statuses": STATUSES, "go_threshold": 0.7, "ratings": LEVEL_RATINGS, "middle_min": 1.5,
                 "top_min": 2.5, "customers": Table("Customers"), "customer": "深圳服饰0001",
                 "as_of": dt.date(2026, 12, 1), "n": 20, "owner": "张伟"},
    TEAM: {},
}

# extra calls: (function, {parameter: argument}, the result is a message in the cell), the other
# parameters from ARGUMENTS; every registered function is also called with ARGUMENTS alone and must give
# a value there
MESSAGE, VALUE = True, False
CALLS: dict[str, list[tuple[str, dict[str, Any], bool]]] = {
    "funnel": [("winrate", {"deals": Table("Deals", first_column_only=True)}, MESSAGE),  # names column A
               ("clarity_code", {"ratings": Block((tuple("CCCCCCCFW"),))}, VALUE),
               ("forecast_period", {"start": "2027-01-01", "end": dt.date(2026, 1, 1)}, MESSAGE)],
    "quota": [("pace_gap", {"week": 99}, MESSAGE)],
    "quote": [("amount_in_words", {"amount": "十元"}, MESSAGE)],
    "review": [("review_element_score", {"ratings": FIRST_RATINGS}, VALUE),  # one listener: a column
               ("review_element_score", {"ratings": Block((("清楚",), ("x",), ("模糊",)))}, MESSAGE)],
    "accounts": [("qualify_verdict", {"statuses": TEN_BASICS}, VALUE)],  # ten cells in a column
    TEAM: [],
}

# scripts run in order on one copy of the demo workbook; every script in some run
SCRIPT_RUNS: dict[str, list[list[str]]] = {
    "funnel": [["calibrate_stages"], ["weekly_snapshot", "weekly_snapshot"]],
    "quota": [["write_quota_plan"]],
    "quote": [["build_quote_sheet"], ["save_revision"], ["reduce_to_target"]],
    "review": [["close_review_session", "open_review_session"]],
    "accounts": [["build_tier_plan"], ["todays_call_lists"]],
    TEAM: [["rollup_imported_files"], ["rollup_imported_files_newest_wins"]],
}


# ---- the workbooks -------------------------------------------------------------------------------------

@dataclass
class Built:
    name: str
    data: bytes  # the demo workbook as built, Lite code embedded
    udfs_module: str  # the repository module its main.py carries
    import_folder: Path | None = None  # team workbook: the reps' files, as imported into Lite's /data

    @property
    def code(self) -> dict[str, str]:
        code = lite.extract(self.data)
        assert code is not None, f"{self.name}: no embedded Lite code"
        return code


def build(name: str, folder: Path) -> Built:
    if name != TEAM:
        spec = TEMPLATES[name]
        return Built(name, workbook_bytes(spec, "zh-CN", spec.demo_data()), spec.udfs_module)
    from tests.sharing_cases import rep_files, roll
    from xlsales.sharing.teambook import team_workbook

    imported = folder / "data"
    paths = rep_files(imported / "inbox")
    rollup = roll({p.name: p.read_bytes() for p in paths})
    return Built(TEAM, team_workbook(rollup, dt.datetime(2026, 11, 23)), "udfs.sharing", imported)


def registered(main_py: str) -> tuple[list[ast.FunctionDef], list[str]]:
    """The @func functions and @script names main.py defines (found in its source, as Lite's decorators
    are not applied outside Lite)."""
    def named(node: ast.FunctionDef, decorator: str) -> bool:
        targets = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
        return any(getattr(t, "id", getattr(t, "attr", None)) == decorator for t in targets)
    nodes = [n for n in ast.parse(main_py).body if isinstance(n, ast.FunctionDef)]
    return [n for n in nodes if named(n, "func")], [n.name for n in nodes if named(n, "script")]


def parameters(node: ast.FunctionDef) -> list[tuple[str, bool]]:
    """(name, optional) of each parameter, in order."""
    positional = node.args.args
    first_default = len(positional) - len(node.args.defaults)
    return [(p.arg, i >= first_default) for i, p in enumerate(positional)]


# ---- calls -------------------------------------------------------------------------------------------

@dataclass
class Call:
    id: str
    function: str
    arguments: list[Any]  # sources, one per parameter passed
    checks_message: bool  # the result is a message in the cell on purpose


def calls(name: str, main_py: str) -> tuple[list[Call], list[str]]:
    """Every call to make, and what has no case (function: parameter)."""
    functions, _ = registered(main_py)
    by_name = {f.name: f for f in functions}
    missing, made = [], []
    plans = [(f.name, {}, VALUE) for f in functions] + CALLS[name]
    for function, overrides, message in plans:
        if function not in by_name:
            missing.append(f"{function}: listed in CALLS but not registered")
            continue
        arguments = []
        for param, optional in parameters(by_name[function]):
            source = overrides.get(param, ARGUMENTS[name].get(param))
            if source is None and not optional:
                missing.append(f"{function}: {param}")
            arguments.append(source)
        while arguments and arguments[-1] is None:
            arguments.pop()
        made.append(Call(f"{function}#{len(made)}", function, arguments, message))
    return made, missing


def uncovered_scripts(name: str, main_py: str) -> list[str]:
    _, scripts = registered(main_py)
    listed = {s for run in SCRIPT_RUNS[name] for s in run}
    return sorted(set(scripts) - listed) + sorted(f"{s}: listed but not registered" for s in listed - set(scripts))


def grid(wb: Any, source: Any) -> list[list[Any]]:
    """The cells a range argument covers, as openpyxl holds them (a formula's text stands for its value,
    which needs Excel: a formula cell is passed as empty)."""
    if isinstance(source, Block):
        return [list(r) for r in source.rows]
    if isinstance(source, Table):
        ws, ref = next((ws, t.ref) for ws in wb.worksheets for t in ws.tables.values() if t.displayName == source.name)
    else:
        ws = next(ws for ws in wb.worksheets if ws.title in (source.sheet.zh, source.sheet.en))
        ref = source.address or ws.dimensions
    c0, r0, c1, r1 = range_boundaries(ref)
    if isinstance(source, Table) and source.first_column_only:
        c1 = c0
    return [[None if isinstance(v, str) and v.startswith("=") else v for v in row]
            for row in ws.iter_rows(min_row=r0, max_row=r1, min_col=c0, max_col=c1, values_only=True)]


def officejs(value: Any, single: str = "scalar") -> Any:
    """What Office.js sends for a value: a range as rows ("" for empty, dates as serial numbers), a typed
    value as a scalar, or as [[v]] with single="matrix" (both reach xlwings)."""
    if isinstance(value, list):
        return [[officejs(v) for v in row] for row in value]
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = (value - EXCEL_EPOCH).total_seconds() / 86400
    elif isinstance(value, dt.date):
        value = float((value - EXCEL_EPOCH.date()).days)
    return [[value]] if single == "matrix" else value


def as_meant(value: Any) -> Any:
    """The cells as the function should understand them: a range as its rows (one cell a scalar), dates as
    datetime, as desktop xlwings passes them with ndim=2. Lite's flat lists must mean the same."""
    if not isinstance(value, list):
        return dt.datetime.combine(value, dt.time()) if type(value) is dt.date else value
    rows = [[as_meant(v) for v in row] for row in value]
    return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows


def values(wb: Any, call: Call) -> list[Any]:
    """The call's arguments as cell values: range sources as rows, literals as typed."""
    return [grid(wb, s) if isinstance(s, (Table, Cells, Block)) else s for s in call.arguments]


def expected(built: Built, wb: Any, call: Call) -> Any:
    """The repository's udfs function on the cells as meant, as Excel would show the result."""
    from tests.lite_runner import to_excel

    module = importlib.import_module(built.udfs_module)
    return to_excel(getattr(module, call.function)(*[as_meant(v) for v in values(wb, call)]))


# ---- running main.py outside the repository --------------------------------------------------------------

def run(built: Built, folder: Path, mode: str, jobs_calls: list[tuple[str, str, list[Any]]],
        interpreter: str = sys.executable, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run the built workbook's main.py with lite_runner in `folder` (outside the repository); its report."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(built.code["main.py"], encoding="utf-8")
    for helper in ("lite_runner.py", "fakebook.py"):
        shutil.copy(HERE / helper, folder / helper)
    book = folder / "demo.xlsx"
    book.write_bytes(built.data)
    scripts = {}
    for number, run_steps in enumerate(SCRIPT_RUNS[built.name]):
        steps, current = [], str(book)
        for step, script in enumerate(run_steps):
            out = str(folder / f"run{number}-{step}-{script}.xlsx")
            steps.append((script, current, out))
            current = out
        scripts[f"run{number}"] = steps
    job = {"mode": mode, "calls": jobs_calls, "scripts": scripts,
           "globals": {"IMPORT_FOLDER": str(built.import_folder)} if built.import_folder else {}}
    (folder / "job.json").write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **(env or {})}
    result = subprocess.run([interpreter, "-I", "lite_runner.py", "job.json"], cwd=folder, capture_output=True,
                            text=True, env=clean, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def script_runs_in_repo(built: Built) -> dict[str, dict[str, list[list[Any]]]]:
    """The same script runs with the repository's udfs module on FakeBooks of the demo workbook: each run's
    workbook after its last step, sheet by sheet."""
    module = importlib.import_module(built.udfs_module)
    if built.import_folder is not None:
        original = module.IMPORT_FOLDER
        module.IMPORT_FOLDER = str(built.import_folder)
    try:
        outcome = {}
        for number, steps in enumerate(SCRIPT_RUNS[built.name]):
            book = FakeBook.open(io.BytesIO(built.data))
            for script in steps:
                getattr(module, script)(book)
            outcome[f"run{number}"] = sheet_values(book.wb)
        return outcome
    finally:
        if built.import_folder is not None:
            module.IMPORT_FOLDER = original


def sheet_values(wb: Any) -> dict[str, list[list[Any]]]:
    """Every sheet's cells, comparable across runs (dates as text, floats to 9 places)."""
    def cell(v: Any) -> Any:
        if v == "":  # an empty text is an empty cell once saved, as in Excel
            return None
        if isinstance(v, (dt.date, dt.datetime)):
            # a saved file keeps milliseconds at most
            return v.isoformat()[:10] if not isinstance(v, dt.datetime) or v.time() == dt.time() else \
                v.isoformat(timespec="seconds")
        if isinstance(v, float):
            return round(v, 9)
        return v
    def trimmed(rows: list[list[Any]]) -> list[list[Any]]:  # a saved file drops empty rows and columns at the end
        rows = [list(r) for r in rows]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        width = max((i + 1 for r in rows for i, v in enumerate(r) if v is not None), default=0)
        return [r[:width] + [None] * (width - len(r)) for r in rows]
    return {ws.title: trimmed([[cell(v) for v in row] for row in ws.iter_rows(values_only=True)])
            for ws in wb.worksheets}


def saved_values(path: str) -> dict[str, list[list[Any]]]:
    return sheet_values(load_workbook(path))


def same(a: Any, b: Any) -> bool:
    """Equal results, floats to 1e-9 relative."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b
