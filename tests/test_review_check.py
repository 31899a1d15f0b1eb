"""`check` (xlsales/review/workbook.py) agrees with the sheets: each kind of bad data pasted into the demo workbook
is one error for `check`, one for the summary's data-problem counter (LibreOffice), and what the summaries leave
out — never a silently wrong figure."""

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.review_cases import column_index, rating_cell
from tests.workbook_values import block_rows, cell, values_by_sheet
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.review import history, scoring
from xlsales.review import layout as L
from xlsales.review.demo import demo_review
from xlsales.review.inputs import parse_history, parse_projects, table_block
from xlsales.review.session import parse_session
from xlsales.review.vocab import MAX_ELEMENTS, MAX_REPS
from xlsales.review.workbook import check
from xlsales.sheets import TableExtent
from xlsales.templates.build import write_workbook
from xlsales.templates.review import SPEC, build

DATE = dt.date(2026, 11, 23)
G = L.GRID


def _errors(problems):
    return [(p.where, p.expected_en) for p in problems if p.severity == "error"]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_demo_and_the_empty_template_have_no_errors(lang):
    assert _errors(check(values_by_sheet(build(lang, demo_review(DATE))))) == []
    empty = check(values_by_sheet(build(lang)))
    assert _errors(empty) == [] and [p.expected_en for p in empty] == ["the grid has no rep × listener columns yet"]


def test_missing_sheets_are_named():
    sheets = values_by_sheet(build("en"))
    del sheets[L.SHEET_HISTORY.en], sheets[L.SHEET_SESSION.en]
    assert _errors(check(sheets)) == [("历史", "missing sheet 'History'"), ("过堂评分", "missing sheet 'Session scoring'")]


def test_rows_below_a_table_are_reported_when_the_file_says_where_it_ends():
    wb = build("zh-CN", demo_review(DATE))
    sheets = values_by_sheet(wb)
    catalogue = sheets[L.SHEET_CATALOGUE.zh]
    catalogue += [[None] * 4, [99, "分组", "表格外的要素?"]]
    t = L.CATALOGUE  # the demo's 73 checkpoints
    extents = {t.name: TableExtent(L.SHEET_CATALOGUE.zh, t.header_row, t.header_row + 73, t.first_col,
                                   t.first_col + len(t.columns) - 1)}
    assert _errors(check(sheets)) == []  # without extents: every row from the header down is the table's
    assert _errors(check(sheets, extents)) == [
        (f"要素目录!{t.letter('no')}{len(catalogue)}", "this row is outside the table, so no summary counts it: move it into the table")]


def test_more_checkpoints_or_reps_than_the_blocks_hold_is_one_error_each():
    sheets = values_by_sheet(build("en"))
    catalogue, projects = sheets[L.SHEET_CATALOGUE.en], sheets[L.SHEET_PROJECTS.en]
    header = catalogue[0]
    catalogue[:] = [header] + [[n, "g", f"q{n}"] for n in range(1, MAX_ELEMENTS + 2)]
    first = L.PROJECTS.first_row
    projects[first - 1:] = [[f"r{i}"] for i in range(MAX_REPS + 1)]
    assert _errors(check(sheets)) == [
        (f"Catalogue!A{MAX_ELEMENTS + 2}", f"at most {MAX_ELEMENTS} checkpoints; there are {MAX_ELEMENTS + 1}, and "
                                           "the summary leaves out the rest"),
        (f"Three needs and next actions!A{first + MAX_REPS}", f"at most {MAX_REPS} reps; there are {MAX_REPS + 1}, and "
                                                               "the summary leaves out the rest")]


# ---------------------------------------------------------------------------------------------
# pasted bad data, recalculated by LibreOffice

def _paste_bad_data(wb) -> dict[str, int]:
    """Each kind of bad data, with how many errors it is."""
    catalogue, projects = wb[L.SHEET_CATALOGUE.zh], wb[L.SHEET_PROJECTS.zh]
    session, past = wb[L.SHEET_SESSION.zh], wb[L.SHEET_HISTORY.zh]
    last = L.CATALOGUE.first_row + 72
    catalogue[f"A{last}"] = "73"  # a number stored as text
    catalogue[f"A{last - 1}"] = 71  # a number an earlier row has
    catalogue[f"A{last + 2}"] = 99  # below the table
    rep, amount = L.PROJECTS.letter("rep"), L.PROJECTS.letter("target_amount")
    projects[f"{rep}{L.PROJECTS.first_row + 3}"] = "小王"  # a rep twice
    projects[f"{amount}{L.PROJECTS.first_row}"] = "30000"
    projects[f"{rep}{L.PROJECTS.first_row + 6}"] = "小赵"  # below the table
    rows = [list(r) for r in session.iter_rows(values_only=True)]
    session[rating_cell(column_index(rows, "小王", "销售主管"), 5)] = "还行"
    session[G.cell("logic", column_index(rows, "小李", "渠道经理"))] = "15"
    session[rating_cell(column_index(rows, "小张", "小崔"), 9)] = " 清楚"  # untrimmed: = does not match it
    session[rating_cell(18, 0)] = "C"  # a column without names
    session[f"{G.letter(G.columns)}{G.first_element_row}"] = "C"  # beyond the grid's capacity
    other = column_index(rows, "小张", "小刘")  # the other language, any case: accepted, no problem
    for n in range(73):
        typed = session[rating_cell(other, n)].value
        session[rating_cell(other, n)] = {"清楚": "Clear", "模糊": "FUZZY", "不知道": "unknown"}.get(typed, typed)
    date, name = L.HISTORY.letter("date"), L.HISTORY.letter("rep")
    past[f"{date}{L.HISTORY.first_row + 1}"] = "2026-10-26"  # a date stored as text (小李's first session)
    past[f"{name}{L.HISTORY.first_row + 4}"] = "小王"  # 小王 twice on the second date: both rows
    past[f"{date}{L.HISTORY.first_row + 7}"] = DATE  # below the table
    return {"catalogue": 3, "projects": 3, "grid": 5, "history": 4}


@pytest.fixture(scope="module")
def pasted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-bad")
    source = write_workbook(SPEC, "zh-CN", folder / "review-demo.xlsx", demo_review(DATE))
    wb = load_workbook(source)
    kinds = _paste_bad_data(wb)
    wb.save(source)
    result = libreoffice.recalculate(source, folder / "out")
    return kinds, result, load_workbook(result, data_only=True)


needs_libreoffice = pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")


@needs_libreoffice
@pytest.mark.libreoffice
def test_check_the_counter_and_the_kinds_pasted_agree(pasted):
    kinds, result, wb = pasted
    assert libreoffice.error_cells(result) == []
    errors = [p for p in check(read_sheets(result), read_tables(result)) if p.severity == "error"]
    assert len(errors) == sum(kinds.values()) == cell(wb, L.SUMMARY, "zh-CN")("problems")
    by_sheet = pd.Series([p.sheet for p in errors]).value_counts().to_dict()
    assert by_sheet == {L.SHEET_CATALOGUE.zh: kinds["catalogue"], L.SHEET_PROJECTS.zh: kinds["projects"],
                        L.SHEET_SESSION.zh: kinds["grid"], L.SHEET_HISTORY.zh: kinds["history"]}
    ws = wb[L.SHEET_SESSION.zh]
    assert sum(ws[G.cell("problems", i)].value for i in range(G.columns)) == 4  # the fifth is beyond the grid


@needs_libreoffice
@pytest.mark.libreoffice
def test_the_summaries_leave_out_exactly_what_check_reports(pasted):
    """A grid column with a problem counts nowhere, in Python as on the sheet; the repeated rep is listed once; the
    history rows with a problem are not in the progress; the catalogue counts its usable checkpoints."""
    _, result, wb = pasted
    values, ends = values_by_sheet(load_workbook(result, data_only=True)), read_tables(result)
    projects = parse_projects(table_block(values[L.SHEET_PROJECTS.zh], L.PROJECTS, ends[L.PROJECTS.name].last_row),
                              L.SHEET_PROJECTS.zh, L.PROJECTS.header_row - 1)
    session = parse_session(values[L.SHEET_SESSION.zh], L.SHEET_SESSION.zh, list(projects.frame["rep"]))
    table = scoring.ranking(scoring.listener_scores(session.ratings, session.panel), list(projects.frame["rep"]))
    rows = block_rows(wb, L.SUMMARY, "ranking", "zh-CN")
    assert [row["rep"] for row in rows[:4]] == ["小王", "小李", "小张", None]
    assert list(table["listeners"]) == [5, 5, 5]  # each lost the column with a problem
    for r, row in zip(table.itertuples(), rows):
        for key in ("listeners", "element", "logic", "presentation", "total", "spread", "rank"):
            assert row[key] == pytest.approx(getattr(r, key)), (r.rep, key)
    past = parse_history(table_block(values[L.SHEET_HISTORY.zh], L.HISTORY, ends[L.HISTORY.name].last_row),
                         L.SHEET_HISTORY.zh)
    bad_rows = {int(p.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for p in past.problems}
    clean = past.frame[~past.frame["row"].isin(bad_rows)]
    expected = history.progress(clean, "小王")
    shown = [row for row in block_rows(wb, L.SUMMARY, "progress", "zh-CN") if row["date"] not in (None, "")]
    assert [row["date"].date() for row in shown] == [d.date() for d in expected["date"]] == [
        DATE - dt.timedelta(days=28)]
    assert cell(wb, L.CATALOGUE_SHEET, "zh-CN")("checkpoints") == 71
