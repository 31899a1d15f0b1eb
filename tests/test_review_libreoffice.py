"""The review workbook recalculated by LibreOffice 25.2: no error cells, and every native figure equals the Python core.

Two cases: the demo session (小王/小李/小张, complete), and the same session after a listener skipped a rep,
another left ratings blank and a logic score was removed — so the native formulas are checked on missing ratings
too. Addresses come from the workbook's description (xlsales/review/layout.py), never typed here.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.lo_compare import LIBREOFFICE, recalculated_template
from tests.review_cases import column_index, grid_index, rating_cell
from tests.workbook_values import block_rows, cell, sheet
from xlsales import libreoffice
from xlsales.review import history, scoring
from xlsales.review import layout as L
from xlsales.review.demo import demo_review
from xlsales.review.inputs import parse_history, parse_projects, table_block
from xlsales.review.session import parse_session
from xlsales.templates.build import write_workbook
from xlsales.templates.review import SPEC

pytestmark = LIBREOFFICE
DATE = dt.date(2026, 11, 23)
G = L.GRID


def _gaps(path: Path, lang: str) -> None:
    """小张 skips 小王, 小刘 leaves two of 小李's checkpoints blank, 小崔's logic for 小王 is removed, and one listener
    rates in the other language, in capitals (the sheet counts what the parser accepts)."""
    wb = load_workbook(path)
    ws = wb[L.SHEET_SESSION(lang)]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    skipped, blanks, no_logic = (column_index(rows, *pair) for pair in (("小王", "小张"), ("小李", "小刘"),
                                                                         ("小王", "小崔")))
    for key in ("logic", "presentation"):
        ws[G.cell(key, skipped)] = None
    for n in range(73):
        ws[rating_cell(skipped, n)] = None
    ws[rating_cell(blanks, 3)] = None
    ws[rating_cell(blanks, 40)] = None
    ws[G.cell("logic", no_logic)] = None
    words = {"清楚": "CLEAR", "模糊": "Fuzzy", "不知道": "unknown"} if lang == "zh-CN" else {
        "Clear": "清楚", "Fuzzy": "模糊", "Unknown": "不知道"}
    shifted = column_index(rows, "小张", "小李")
    for n in range(73):
        typed = ws[rating_cell(shifted, n)].value
        ws[rating_cell(shifted, n)] = words.get(typed, typed)
    wb.save(path)


def _values(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module", params=[("zh-CN", False), ("en", False), ("zh-CN", True)],
                ids=["zh-CN", "en", "zh-CN-with-gaps"])
def recalculated(request, tmp_path_factory):
    lang, gaps = request.param
    folder = tmp_path_factory.mktemp(f"review-{lang}")
    source = write_workbook(SPEC, lang, folder / "review-demo.xlsx", demo_review(DATE))
    if gaps:
        _gaps(source, lang)
    result = libreoffice.recalculate(source, folder / "out")
    typed = load_workbook(source)  # what the user typed: the core reads exactly these cells
    projects_sheet, history_sheet = L.SHEET_PROJECTS(lang), L.SHEET_HISTORY(lang)
    projects = parse_projects(table_block(_values(typed[projects_sheet]), L.PROJECTS), projects_sheet,
                              L.PROJECTS.header_row - 1).frame
    session = parse_session(_values(typed[L.SHEET_SESSION(lang)]), L.SHEET_SESSION(lang), list(projects["rep"]))
    past = parse_history(table_block(_values(typed[history_sheet]), L.HISTORY), history_sheet).frame
    return lang, gaps, result, load_workbook(result, data_only=True), session, projects, past


def test_no_error_cells_and_no_data_problems(recalculated):
    lang, _, result, wb, session, *_ = recalculated
    assert libreoffice.error_cells(result) == []
    assert cell(wb, L.SUMMARY, lang)("problems") == 0
    assert [p for p in session.problems if p.severity == "error"] == []
    ws = sheet(wb, L.SESSION, lang)
    assert {ws[G.cell("problems", i)].value for i in range(G.columns)} == {0}


def test_listener_rows_match_core(recalculated):
    lang, gaps, _, wb, session, _, _ = recalculated
    ws = sheet(wb, L.SESSION, lang)
    scores = scoring.listener_scores(session.ratings, session.panel)
    assert len(scores) == 18
    for (_, row), col in zip(scores.iterrows(), session.panel["col"]):
        i = grid_index(col)
        assert ws[G.cell("rep", i)].value == row["rep"]
        assert ws[G.cell("rated", i)].value == row["rated"]
        element, total = ws[G.cell("element", i)].value, ws[G.cell("total", i)].value
        if pd.isna(row["element"]):
            assert element in (None, "")
        else:
            assert element == pytest.approx(row["element"])
        listener_total = row[["element", "logic", "presentation"]].sum(min_count=3)
        assert total in (None, "") if pd.isna(listener_total) else total == pytest.approx(listener_total)
    scored = scores[scores["rated"] > 0]
    assert scored["missing"].sum() == (2 if gaps else 0) and len(scored) == (17 if gaps else 18)
    unused = G.columns - 1  # every column of the capacity has its formulas, blank while it has no names
    assert ws[G.cell("rated", unused)].value in (None, "") and ws[G.cell("problems", unused)].value == 0


def test_ranking_matches_core(recalculated):
    lang, gaps, _, wb, session, projects, _ = recalculated
    table = scoring.ranking(scoring.listener_scores(session.ratings, session.panel), list(projects["rep"]))
    rows = block_rows(wb, L.SUMMARY, "ranking", lang)
    for r, row in zip(table.itertuples(), rows):
        assert row["rep"] == r.rep and row["listeners"] == r.listeners
        for key in ("element", "logic", "presentation", "total", "spread"):
            assert row[key] == pytest.approx(getattr(r, key)), key
        assert row["rank"] == r.rank and bool(row["first"]) == r.first
    assert rows[len(table)]["rep"] in (None, "")
    assert [row["total"] for row in rows[:3]] == (
        pytest.approx([55, 70, 75]) if not gaps else [pytest.approx(t) for t in table["total"]])
    assert rows[2]["first"] == L.FIRST_PLACE(lang)
    if gaps:  # 小王 has five listeners now, and the logic average is over four of them
        assert table.loc[0, "listeners"] == 5 and table.loc[0, "logic"] == pytest.approx((10 + 9 + 10 + 10) / 4)


def test_progress_matches_core(recalculated):
    lang, _, _, wb, _, _, past = recalculated
    chosen = cell(wb, L.SUMMARY, lang)("progress_rep")
    expected = history.progress(past, chosen)
    assert chosen == "小王" and len(expected) == 2
    for k, row in enumerate(block_rows(wb, L.SUMMARY, "progress", lang)):
        if k >= len(expected):
            assert row["date"] in (None, "")
            continue
        assert row["date"].date() == expected.at[k, "date"].date()
        assert row["total"] == pytest.approx(expected.at[k, "total"]) and row["rank"] == expected.at[k, "rank"]
        assert row["change"] in (None, "") if k == 0 else row["change"] == pytest.approx(expected.at[k, "change"])


def test_catalogue_count_and_session_date(recalculated):
    lang, wb = recalculated[0], recalculated[3]
    assert cell(wb, L.CATALOGUE_SHEET, lang)("checkpoints") == 73
    assert cell(wb, L.SUMMARY, lang)("date").date() == DATE


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_empty_template_has_no_error_cells(lang, tmp_path):
    result, wb = recalculated_template(SPEC, lang, tmp_path)
    assert libreoffice.error_cells(result) == []
    assert cell(wb, L.SUMMARY, lang)("problems") == 0 and cell(wb, L.SUMMARY, lang)("date") in (None, "")
    assert all(row["rep"] in (None, "") for row in block_rows(wb, L.SUMMARY, "ranking", lang))
