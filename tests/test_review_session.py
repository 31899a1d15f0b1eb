"""Reading a session sheet: bad ratings and scores named by cell, missing ratings reported, never zero; a column with
an error counts nowhere; cells beyond the grid's capacity are errors."""

import pandas as pd
import pytest

from tests.review_cases import (COLUMNS, G, SHEET, column_index, column_of, put, rating_cell, session, sheet_rows)
from xlsales.review import layout as L
from xlsales.review import scoring
from xlsales.review.session import block_ratings, check_names, grid_rows, pairs, split_names

NO = G.checkpoint_letter("no")  # the checkpoint numbers' column


def _messages(current, severity):
    return [(p.cell, p.expected_en) for p in current.problems if p.severity == severity]


def test_the_hand_session_reads_cleanly_apart_from_two_warnings():
    rows = sheet_rows()
    current = session(rows)
    assert current.date == pd.Timestamp("2026-11-23") and current.status == L.OPEN
    assert current.listeners == ["X", "Y", "A", "B"]
    assert _messages(current, "error") == []
    a_b, b_y = column_of(rows, "A", "B"), column_of(rows, "B", "Y")
    assert _messages(current, "warning") == [
        (f"{a_b}{G.row('listener')}", "B gave A no scores; left out of the averages"),
        (f"{b_y}{G.first_element_row + 1}", "not rated: Y's element score for B is scaled over the 2 rated")]
    assert len(current.ratings) == 6 * 3 and current.ratings["cell"].iloc[0] == rating_cell(0, 0)


def test_a_column_with_a_bad_cell_is_named_and_counts_nowhere():
    rows = sheet_rows()
    a_x, a_y = column_index(rows, "A", "X"), column_index(rows, "A", "Y")
    put(rows, rating_cell(a_x, 1), "还行")
    put(rows, rating_cell(a_y, 2), " C")  # untrimmed: Excel's = would not match it either
    put(rows, G.cell("logic", a_x), 21)
    put(rows, G.cell("presentation", a_y), "18")  # a number stored as text: the sheet's formulas skip it
    current = session(rows)
    assert _messages(current, "error") == [
        (G.cell("logic", a_x), "'Logic and reasoning' must be a number >= 0 and <= 20"),
        (G.cell("presentation", a_y), "'Form and presentation' holds a number stored as text, which the sheet's "
                                      "formulas skip: enter it as a number"),
        (rating_cell(a_x, 1), "a rating must be Clear/Fuzzy/Unknown or C/F/W"),
        (rating_cell(a_y, 2), "a rating must be Clear/Fuzzy/Unknown or C/F/W")]
    assert set(current.panel["col"]) == {column_of(rows, *pair) for pair in COLUMNS} - {G.letter(a_x), G.letter(a_y)}
    assert set(current.ratings.loc[current.ratings["rep"] == "A", "listener"]) == {"B"}  # who rated nothing


def test_missing_logic_or_presentation_is_a_warning_and_leaves_the_average():
    columns = dict(COLUMNS)
    columns[("B", "X")] = (["C", "C", "C"], None, 16)
    rows = sheet_rows(columns)
    current = session(rows)
    assert (f"{column_of(rows, 'B', 'X')}{G.row('logic')}",
            "no Logic and reasoning (0–20); this listener is left out of that average") in _messages(current, "warning")
    table = scoring.ranking(scoring.listener_scores(current.ratings, current.panel)).set_index("rep")
    assert table.loc["B", "logic"] == pytest.approx((14 + 10) / 2)
    assert table.loc["B", "spread"] == pytest.approx(74 - 31)  # X has no total any more


def test_a_column_with_scores_must_name_its_rep_and_listener():
    rows = sheet_rows()
    put(rows, G.cell("listener", 0), None)
    put(rows, G.cell("rep", 7), "A")  # a rep with no listener
    put(rows, rating_cell(8, 0), "C")  # ratings with no names
    current = session(rows)
    assert _messages(current, "error") == [
        (G.cell("listener", 0), "a column with scores must name its rep and its listener"),
        (G.cell("listener", 7), "a column with scores must name its rep and its listener"),
        (G.cell("rep", 8), "a column with scores must name its rep and its listener")]
    assert "X" not in set(current.panel.loc[current.panel["rep"] == "A", "listener"])


def test_a_second_column_for_the_same_pair_is_refused_as_excel_compares_names():
    rows = sheet_rows()
    last = len(pairs(["A", "B"], ["X", "Y", "A", "B"]))
    put(rows, G.cell("rep", last), "a")  # = compares case-insensitively: the same pair as A|X
    put(rows, G.cell("listener", last), "x")
    put(rows, rating_cell(last, 0), "C")
    current = session(rows)
    assert _messages(current, "error") == [(G.cell("listener", last), "a second column for 'x' scoring 'a'")]


def test_a_rep_the_projects_table_does_not_list_is_an_error_when_the_list_is_known():
    rows = sheet_rows()
    current = session(rows, listed=["a"])  # found as Excel's COUNTIF finds it: case-insensitively
    b_columns = [column_of(rows, "B", listener) for listener in ("X", "Y", "A")]
    assert _messages(current, "error") == [(f"{c}{G.row('rep')}", "the rep is not on the projects table, so the "
                                            "summary does not list them") for c in b_columns]
    assert set(current.panel["rep"]) == {"A"}


def test_ratings_on_rows_without_a_checkpoint_number_and_bad_numbers():
    rows = sheet_rows()
    put(rows, f"{NO}{G.first_element_row + 1}", "二")  # q2's number as text
    put(rows, rating_cell(0, 5), "C")  # a row with no checkpoint at all
    current = session(rows)
    off = "this row has no checkpoint number, so the rating counts nowhere"
    rated_q2 = [column_index(rows, *pair) for pair, (ratings, _, _) in COLUMNS.items() if ratings[1] is not None]
    assert _messages(current, "error") == [(f"{NO}{G.first_element_row + 1}", "'No.' must be a number >= 1")] + [
        (rating_cell(i, 1), off) for i in sorted(rated_q2)] + [(rating_cell(0, 5), off)]
    assert current.checkpoints["no"].tolist() == [1, 3]


def test_cells_beyond_the_grid_capacity_are_errors():
    rows = sheet_rows()
    beyond_col = G.letter(G.columns)  # right of the last column
    put(rows, f"{beyond_col}{G.row('rep')}", "Z")
    put(rows, f"{beyond_col}{G.first_element_row}", "C")
    put(rows, f"{NO}{G.last_element_row + 1}", G.elements + 1)  # a checkpoint row below the capacity
    put(rows, f"{G.letter(0)}{G.last_element_row}", None)  # the last row inside is fine
    current = session(rows)
    assert sorted(p.cell for p in current.problems if p.severity == "error") == sorted(
        [f"{beyond_col}{G.row('rep')}", f"{beyond_col}{G.first_element_row}", f"{NO}{G.last_element_row + 1}"])
    assert all("capacity" in p.expected_en for p in current.problems if p.severity == "error")


def test_a_text_date_is_a_problem():
    current = session(sheet_rows(date="2026-11-23"))
    assert _messages(current, "error") == [(L.SESSION.address("date"), "'Session date' holds a date stored as text, "
                                            "which the sheet's formulas skip: enter it as a date")]
    assert current.date is None


def test_names_pairs_and_the_laid_out_grid():
    assert split_names("销售主管、渠道经理,小崔，小刘;小王；\n小李") == ["销售主管", "渠道经理", "小崔", "小刘", "小王", "小李"]
    assert split_names(None) == []
    assert pairs(["A", "B"], ["X", "A", "B"]) == [("A", "X"), ("A", "B"), ("B", "X"), ("B", "A")]
    problems = check_names(["A", "A"], [], "三大需求与下一步!A4", "过堂评分!B3")
    assert [(p.where, p.expected_en) for p in problems] == [("三大需求与下一步!A4", "reps listed twice"),
                                                             ("过堂评分!B3", "no listeners given")]
    assert check_names(["A"], ["A"], "P!A4", "S!B3")[0].expected_en == "at least one listener other than the rep is needed"
    crowded = check_names([f"r{i}" for i in range(11)], [f"l{i}" for i in range(11)], "P!A4", "S!B3")
    assert [p.expected_en for p in crowded] == [f"121 rep × listener columns; the grid holds {G.columns}: fewer "
                                                "listeners, or split the session"]
    block = grid_rows(["A"], ["X", "A"], [[1, "预算", "q1"]], "en")
    top = G.top_row
    assert block[G.row("rep") - top][2:4] == ["Rep", "A"] and block[G.row("listener") - top][2:4] == ["Listener", "X"]
    assert len(block[G.row("rated") - top]) == 3 + G.columns  # formulas in every column of the capacity
    assert block[G.row("rated") - top][3].startswith(f"=IF(COUNTA({G.cell('rep', 0)}:{G.cell('listener', 0)})=0")
    assert block[G.header_row - top] == ["No.", "Group", "Checkpoint"]
    assert block[-1] == [1, "预算", "q1"]


def test_a_sheet_without_a_grid_has_no_columns():
    current = session([["项目过堂评分"], ["会议日期", None]])
    assert [(p.where, p.expected_en, p.severity) for p in current.problems] == [
        (f"{SHEET}!{G.cell('rep', 0)}", "the grid has no rep × listener columns yet", "warning")]
    assert current.ratings.empty and current.panel.empty and not current.has_scores and current.date is None


def test_a_grid_without_columns_is_only_a_warning():
    current = session(sheet_rows({}, listeners=(), reps=()))
    assert _messages(current, "error") == [] and current.checkpoints["no"].tolist() == [1, 2, 3]
    assert _messages(current, "warning") == [(G.cell("rep", 0), "the grid has no rep × listener columns yet")]


def test_a_block_of_ratings_reads_by_the_same_rule():
    ratings, problems = block_ratings([["C", "清楚"], [None, "wrong"], ["w", " F"]], ["预算", "预算", None], "r")
    assert [(p.cell, p.expected_en, p.severity) for p in problems] == [
        ("B3", "a rating must be Clear/Fuzzy/Unknown or C/F/W", "error"), ("A2", "not rated", "warning"),
        ("A3", "this rating's row has no group", "error"), ("B3", "this rating's row has no group", "error")]
    assert ratings["points"].fillna(-1).tolist() == [2, -1, 0, 2, 0, -1]  # "wrong" is W, as in 8C1F0W
