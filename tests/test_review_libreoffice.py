"""The review workbook recalculated by LibreOffice 25.2: no error cells, and every native figure equals the Python core.

Two cases: the demo session (小王/小李/小张, complete), and the same session after a listener
skipped a rep, another left ratings blank and a logic score was removed — so the native
formulas are checked on missing ratings too.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from xlsales import libreoffice
from xlsales.review import history, scoring
from xlsales.review import layout as L
from xlsales.review.demo import demo_review
from xlsales.review.inputs import parse_history, parse_projects
from xlsales.review.session import parse_session
from xlsales.review.vocab import PROJECT_COLUMNS
from xlsales.templates.build import write_workbook
from xlsales.templates.review import FIRST_RANK_ROW, PROGRESS_COL, PROGRESS_SESSIONS, SPEC

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
DATE = dt.date(2026, 11, 23)


def _gaps(path: Path, lang: str) -> None:
    """小张 skips 小王 (column I), 小刘 leaves two of 小李's checkpoints blank, 小崔's logic for 小王 is removed."""
    wb = load_workbook(path)
    ws = wb[L.SHEET_SESSION(lang)]
    for r in [L.LOGIC_ROW, L.PRESENTATION_ROW] + list(range(L.FIRST_ELEMENT_ROW, L.FIRST_ELEMENT_ROW + 73)):
        ws[f"I{r}"] = None
    ws[f"M{L.FIRST_ELEMENT_ROW + 3}"] = None
    ws[f"M{L.FIRST_ELEMENT_ROW + 40}"] = None
    ws[f"F{L.LOGIC_ROW}"] = None
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
    session_sheet, projects_sheet, history_sheet = (L.SHEET_SESSION(lang), L.SHEET_PROJECTS(lang),
                                                    L.SHEET_HISTORY(lang))
    session = parse_session(_values(typed[session_sheet]), session_sheet)
    projects_rows = [r[:len(PROJECT_COLUMNS)] for r in _values(typed[projects_sheet])[L.PROJECTS_HEADER_ROW - 1:]]
    projects = parse_projects(projects_rows, projects_sheet, L.PROJECTS_HEADER_ROW - 1).frame
    past = parse_history(_values(typed[history_sheet]), history_sheet).frame
    return lang, gaps, result, load_workbook(result, data_only=True), session, projects, past


def test_no_error_cells(recalculated):
    result = recalculated[2]
    assert libreoffice.error_cells(result) == []


def test_listener_rows_match_core(recalculated):
    lang, gaps, _, wb, session, _, _ = recalculated
    ws = wb[L.SHEET_SESSION(lang)]
    scores = scoring.listener_scores(session.ratings, session.panel)
    assert len(scores) == 18
    for (_, row), col in zip(scores.iterrows(), session.panel["col"]):
        assert ws[f"{col}{L.REP_ROW}"].value == row["rep"]
        assert ws[f"{col}{L.RATED_ROW}"].value == row["rated"]
        element, total = ws[f"{col}{L.ELEMENT_ROW}"].value, ws[f"{col}{L.TOTAL_ROW}"].value
        if pd.isna(row["element"]):
            assert element in (None, "")
        else:
            assert element == pytest.approx(row["element"])
        listener_total = row[["element", "logic", "presentation"]].sum(min_count=3)
        assert total in (None, "") if pd.isna(listener_total) else total == pytest.approx(listener_total)
    scored = scores[scores["rated"] > 0]
    assert scored["missing"].sum() == (2 if gaps else 0) and len(scored) == (17 if gaps else 18)


def test_ranking_matches_core(recalculated):
    lang, gaps, _, wb, session, projects, _ = recalculated
    ws = wb[L.SHEET_SUMMARY(lang)]
    table = scoring.ranking(scoring.listener_scores(session.ratings, session.panel), list(projects["rep"]))
    for i, r in enumerate(table.itertuples()):
        row = FIRST_RANK_ROW + i
        assert ws[f"A{row}"].value == r.rep
        assert ws[f"C{row}"].value == r.listeners
        for col, value in zip("DEFGH", (r.element, r.logic, r.presentation, r.total, r.spread)):
            assert ws[f"{col}{row}"].value == pytest.approx(value)
        assert ws[f"I{row}"].value == r.rank
        assert bool(ws[f"J{row}"].value) == r.first
    assert ws[f"A{FIRST_RANK_ROW + len(table)}"].value in (None, "")
    assert [ws[f"G{FIRST_RANK_ROW + i}"].value for i in range(3)] == (
        pytest.approx([55, 70, 75]) if not gaps else [pytest.approx(t) for t in table["total"]])
    assert ws[f"J{FIRST_RANK_ROW + 2}"].value == L.FIRST_PLACE(lang)
    if gaps:  # 小王 has five listeners now, and the logic average is over four of them
        assert table.loc[0, "listeners"] == 5 and table.loc[0, "logic"] == pytest.approx((10 + 9 + 10 + 10) / 4)


def test_progress_matches_core(recalculated):
    lang, _, _, wb, _, _, past = recalculated
    ws = wb[L.SHEET_SUMMARY(lang)]
    chosen = ws.cell(2, PROGRESS_COL + 1).value
    expected = history.progress(past, chosen)
    assert chosen == "小王" and len(expected) == 2
    for k in range(PROGRESS_SESSIONS):
        date, total, change, rank = (ws.cell(FIRST_RANK_ROW + k, PROGRESS_COL + i).value for i in range(4))
        if k >= len(expected):
            assert date in (None, "")
            continue
        assert date.date() == expected.at[k, "date"].date()
        assert total == pytest.approx(expected.at[k, "total"]) and rank == expected.at[k, "rank"]
        assert change in (None, "") if k == 0 else change == pytest.approx(expected.at[k, "change"])


def test_catalogue_count(recalculated):
    lang, wb = recalculated[0], recalculated[3]
    assert wb[L.SHEET_CATALOGUE(lang)]["G6"].value == 73


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_empty_template_has_no_error_cells(lang, tmp_path):
    source = write_workbook(SPEC, lang, tmp_path / "review.xlsx")
    assert libreoffice.error_cells(libreoffice.recalculate(source, tmp_path / "out")) == []
