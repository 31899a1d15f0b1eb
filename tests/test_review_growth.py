"""The review workbook grows with its data (issue 15): rows appended to the EMPTY template's tables the way Excel
holds them (xlsales.sharing.xlsxrows.fill_described: inputs plus the calculated columns' formulas), a grid laid out
by open_review_session, recalculated in LibreOffice, every figure compared with the Python core.

Sizes: one of everything, and past every fixed block the old template had — the grid at its full capacity
(MAX_ELEMENTS checkpoints × MAX_GRID_COLUMNS columns), more reps than the ranking lists (check reports it, and the
summary's counter says 1), 5,000 history rows with a rep who has more sessions than the progress block shows.
Names Excel would read as patterns or formulas (王?, 李*, ~x, =赵六, <5, >3) get their own figures.
"""

import datetime as dt
import io
import random
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

import udfs.review as R
from tests.review_cases import ExcelLikeBook, rating_cell
from tests.workbook_values import block_rows, cell, sheet
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.layout import Table
from xlsales.review import history, scoring
from xlsales.review import layout as L
from xlsales.review.inputs import parse_history, parse_projects, table_block
from xlsales.review.session import parse_session, pairs
from xlsales.review.vocab import (MAX_ELEMENTS, MAX_GRID_COLUMNS, MAX_REPS, PROGRESS_SESSIONS, RATING_CHOICES,
                                  SCORE_PARTS)
from xlsales.review.workbook import check
from xlsales.sharing.xlsxrows import Package, fill_described
from xlsales.templates.review import build

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
G = L.GRID
LANG = "zh-CN"
ODD = ["王?", "李*", "~x", "=赵六", "<5", ">3"]
LOOKALIKES = ["王x", "李四", "赵六", "5", "3x"]  # what those names would match as patterns or comparisons
LISTENERS = ["主管", "经理", "甲", "乙", "丙"]
SPELLINGS = list(RATING_CHOICES) + [w.upper() for w in RATING_CHOICES] + [w.capitalize() for w in RATING_CHOICES]


def typed_rows(ws, table: Table, lang: str, values: dict[str, list]) -> None:
    """Rows typed into a described table from its first body row, each with the calculated columns' formulas, the
    table stretched over them: what Excel holds. (openpyxl, for a table with cells beside it on its rows, which
    fill_described would drop: it rewrites whole rows.)"""
    count = len(next(iter(values.values())))
    for k in range(count):
        r = table.first_row + k
        for i, column in enumerate(table.columns):
            target = ws.cell(r, table.first_col + i)
            if column.formula is not None:
                target.value = "=" + column.formula(lang, r)
            elif column.key in values:
                target.value = values[column.key][k]
    excel = ws.tables[table.name]
    *_, r1 = range_boundaries(excel.ref)
    excel.ref = f"{table.at}:{table.last_letter()}{max(r1, table.header_row + count)}"
    if excel.autoFilter is not None:
        excel.autoFilter.ref = excel.ref


def _history_values(reps: list[str], sessions: int, first: dt.date) -> dict[str, list]:
    rng = random.Random(15)
    rows = [(first + dt.timedelta(days=7 * s), rep) for s in range(sessions) for rep in reps]
    parts = {k: [round(rng.uniform(0, SCORE_PARTS[k].maximum), 1) for _ in rows] for k in SCORE_PARTS}
    return {"date": [d for d, _ in rows], "rep": [r for _, r in rows], "project": [f"项目{r}" for _, r in rows],
            **parts, "total": [sum(p[i] for p in parts.values()) for i in range(len(rows))],
            "rank": [rng.randint(1, len(reps)) for _ in rows], "listeners": [5] * len(rows),
            "spread": [round(rng.uniform(0, 10), 1) for _ in rows]}


def _grown(folder: Path, checkpoints: int, reps: list[str], listeners: list[str], history_rows: dict[str, list],
           chosen: str) -> tuple[Path, float]:
    """The empty template with its tables filled, a grid laid out by the script and rated; recalculated."""
    buffer = io.BytesIO()
    build(LANG).save(buffer)
    package = Package(buffer.getvalue())
    fill_described(package, L.SHEET_PROJECTS(LANG), L.PROJECTS, LANG, {
        "rep": reps, "project": [f"项目{r}" for r in reps], "target_amount": [10_000.0 * (i + 1) for i in range(len(reps))]})
    fill_described(package, L.SHEET_HISTORY(LANG), L.HISTORY, LANG, history_rows)
    book = ExcelLikeBook(load_workbook(io.BytesIO(package.to_bytes())))
    shown = max(checkpoints, 73)  # the template holds 73 checkpoints: blank the rest, as a user deleting them
    typed_rows(book.wb[L.SHEET_CATALOGUE(LANG)], L.CATALOGUE, LANG, {
        "no": [n if n <= checkpoints else None for n in range(1, shown + 1)],
        "group": [f"分组{n % 17}" if n <= checkpoints else None for n in range(1, shown + 1)],
        "question": [f"要素{n}?" if n <= checkpoints else None for n in range(1, shown + 1)],
        "translation": [None] * shown})
    session = next(s for s in book.sheets if s.name == L.SHEET_SESSION(LANG))
    session.range(L.SESSION.address("listeners")).value = "、".join(listeners)
    R.open_review_session(book)
    rng = random.Random(checkpoints)
    ws = session.ws
    for i in range(len(pairs(reps, listeners))):
        for n in range(checkpoints):
            ws[rating_cell(i, n)] = None if rng.random() < 0.05 else rng.choice(SPELLINGS)
        for key in ("logic", "presentation"):
            ws[G.cell(key, i)] = None if rng.random() < 0.05 else rng.randint(0, 20)
    ws[L.SESSION.address("date")] = dt.date(2026, 11, 23)
    summary = book.wb[L.SHEET_SUMMARY(LANG)]
    summary[L.SUMMARY.address("progress_rep")] = chosen
    summary[L.SUMMARY.address("progress_rep")].data_type = "s"
    source = folder / "grown.xlsx"
    book.wb.save(source)
    start = time.perf_counter()
    result = libreoffice.recalculate(source, folder / "out")
    return result, time.perf_counter() - start


def _core(path: Path):
    """What Python reads from the file: the projects, the session, the history."""
    wb = load_workbook(path, data_only=True)
    grid = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    projects = parse_projects(table_block(grid[L.SHEET_PROJECTS(LANG)], L.PROJECTS), L.SHEET_PROJECTS(LANG),
                              L.PROJECTS.header_row - 1)
    session = parse_session(grid[L.SHEET_SESSION(LANG)], L.SHEET_SESSION(LANG), list(projects.frame["rep"]))
    past = parse_history(table_block(grid[L.SHEET_HISTORY(LANG)], L.HISTORY), L.SHEET_HISTORY(LANG))
    return wb, projects, session, past


CASES = {
    "one of each": dict(checkpoints=1, reps=["王?"], listeners=["主管"], sessions=1, chosen="王?"),
    "past every block": dict(checkpoints=MAX_ELEMENTS, reps=ODD + LOOKALIKES + [f"代表{i}" for i in range(13)],
                             listeners=LISTENERS, sessions=210, chosen="王?"),
}


@pytest.fixture(scope="module", params=list(CASES))
def grown(request, tmp_path_factory):
    case = CASES[request.param]
    reps = case["reps"]
    rows = _history_values(reps[:25], case["sessions"], dt.date(2023, 1, 2))
    result, seconds = _grown(tmp_path_factory.mktemp("grown"), case["checkpoints"], reps, case["listeners"], rows,
                             case["chosen"])
    print(f"\n{request.param}: {case['checkpoints']} checkpoints × {len(pairs(reps, case['listeners']))} columns, "
          f"{len(reps)} reps, {len(rows['date'])} history rows: LibreOffice recalculation {seconds:.1f} s")
    return request.param, case, result, _core(result)


def test_sizes_reach_past_the_old_blocks(grown):
    name, case, _, (_, projects, session, past) = grown
    if name == "past every block":
        assert len(session.panel) == MAX_GRID_COLUMNS and len(session.checkpoints) == MAX_ELEMENTS
        assert len(projects.frame) > MAX_REPS and len(past.frame) >= 5_000
        assert (past.frame["rep"] == case["chosen"]).sum() > PROGRESS_SESSIONS


def test_no_error_cells_and_the_counter_equals_check(grown):
    name, _, result, (wb, *_) = grown
    assert libreoffice.error_cells(result) == []
    errors = [p for p in check(read_sheets(result), read_tables(result)) if p.severity == "error"]
    assert cell(wb, L.SUMMARY, LANG)("problems") == len(errors)
    if name == "past every block":  # more reps than the ranking lists: one problem, where the 21st rep is
        assert [(p.cell, p.expected_en.split(";")[0]) for p in errors] == [
            (f"{L.PROJECTS.letter('rep')}{L.PROJECTS.first_row + MAX_REPS}", f"at most {MAX_REPS} reps")]
    else:
        assert errors == []


def test_every_grid_column_matches_the_core(grown):
    _, _, _, (wb, _, session, _) = grown
    ws = sheet(wb, L.SESSION, LANG)
    scores = scoring.listener_scores(session.ratings, session.panel).set_index(["rep", "listener"])
    for spec in session.panel.itertuples():
        i = [G.letter(j) for j in range(G.columns)].index(spec.col)
        row = scores.loc[(spec.rep, spec.listener)]
        assert ws[G.cell("rep", i)].value == spec.rep
        assert ws[G.cell("problems", i)].value == 0
        assert ws[G.cell("rated", i)].value == row["rated"]
        assert ws[G.cell("element", i)].value == pytest.approx(row["element"])
        total = row[["element", "logic", "presentation"]].sum(min_count=3)
        assert ws[G.cell("total", i)].value in (None, "") if pd.isna(total) else \
            ws[G.cell("total", i)].value == pytest.approx(total)


def test_ranking_lists_the_first_reps_with_their_own_figures(grown):
    _, case, _, (wb, projects, session, _) = grown
    reps = list(projects.frame["rep"])
    table = scoring.ranking(scoring.listener_scores(session.ratings, session.panel), reps)
    rows = block_rows(wb, L.SUMMARY, "ranking", LANG)
    shown = table.head(MAX_REPS)
    assert [row["rep"] for row in rows[:len(shown)]] == list(shown["rep"]) == case["reps"][:MAX_REPS]
    # ranks on the sheet are among the reps it lists
    ranks = scoring.ranks(shown["total"])
    for r, row, rank in zip(shown.itertuples(), rows, ranks):
        assert row["listeners"] == r.listeners, r.rep
        for key in ("element", "logic", "presentation", "total", "spread"):
            assert row[key] == pytest.approx(getattr(r, key)), (r.rep, key)
        assert row["rank"] == rank and (row["first"] not in (None, "")) == (rank == 1), r.rep
    assert all(row["rep"] in (None, "") for row in rows[len(shown):])


def test_progress_shows_the_latest_sessions_of_exactly_that_rep(grown):
    _, case, _, (wb, _, _, past) = grown
    expected = history.progress(past.frame, case["chosen"]).tail(PROGRESS_SESSIONS).reset_index(drop=True)
    rows = block_rows(wb, L.SUMMARY, "progress", LANG)
    for k, row in enumerate(rows):
        if k >= len(expected):
            assert row["date"] in (None, "")
            continue
        assert row["date"].date() == expected.at[k, "date"].date()
        assert row["total"] == pytest.approx(expected.at[k, "total"]) and row["rank"] == expected.at[k, "rank"]
        change = expected.at[k, "change"]
        assert row["change"] in (None, "") if pd.isna(change) else row["change"] == pytest.approx(change)


def test_catalogue_counts_its_usable_checkpoints(grown):
    _, case, _, (wb, *_) = grown
    assert cell(wb, L.CATALOGUE_SHEET, LANG)("checkpoints") == case["checkpoints"]
