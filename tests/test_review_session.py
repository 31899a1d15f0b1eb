"""Reading a session sheet: bad ratings and scores named by cell, missing ratings reported, never zero."""

import pandas as pd
import pytest

from tests.review_cases import COLUMNS, SHEET, column_of, session, sheet_rows
from xlsales.review import layout as L
from xlsales.review import scoring
from xlsales.review.session import check_names, pairs, session_block, split_names


def _messages(current, severity):
    return [(p.cell, p.expected_en) for p in current.problems if p.severity == severity]


def test_the_hand_session_reads_cleanly_apart_from_two_warnings():
    current = session()
    assert current.date == pd.Timestamp("2026-11-23") and current.status == L.OPEN
    assert current.listeners == ["X", "Y", "A", "B"]
    assert _messages(current, "error") == []
    assert _messages(current, "warning") == [
        ("F6", "B gave A no scores; left out of the averages"),
        ("H14", "not rated: Y's element score for B is scaled over the 2 rated")]
    assert len(current.ratings) == 6 * 3 and current.ratings["cell"].iloc[0] == "D13"


def test_bad_ratings_and_scores_are_named_by_cell_and_count_as_missing_not_zero():
    rows = sheet_rows()
    d = column_of(rows, "A", "X")
    rows[L.FIRST_ELEMENT_ROW][3] = "还行"  # A|X on checkpoint 2 (row 14)
    rows[L.LOGIC_ROW - 1][3] = 21
    rows[L.PRESENTATION_ROW - 1][4] = "很好"
    current = session(rows)
    assert _messages(current, "error") == [
        (f"{d}{L.LOGIC_ROW}", "'Logic and reasoning' must be a number from 0 to 20"),
        (f"E{L.PRESENTATION_ROW}", "'Form and presentation' must be a number from 0 to 20"),
        (f"{d}14", "a rating must be Clear/Fuzzy/Unknown or C/F/W")]
    assert f"{d}{L.LOGIC_ROW}" not in [cell for cell, _ in _messages(current, "warning")]  # reported once, as an error
    scores = scoring.listener_scores(current.ratings, current.panel).set_index(["rep", "listener"])
    assert scores.loc[("A", "X"), "rated"] == 2 and scores.loc[("A", "X"), "element"] == pytest.approx(60 * 2 / 4)
    assert pd.isna(scores.loc[("A", "X"), "logic"]) and pd.isna(scores.loc[("A", "Y"), "presentation"])


def test_missing_logic_or_presentation_is_a_warning_and_leaves_the_average():
    columns = dict(COLUMNS)
    columns[("B", "X")] = (["C", "C", "C"], None, 16)
    current = session(sheet_rows(columns))
    assert ("G7", "no Logic and reasoning (0–20); this listener is left out of that average") in _messages(
        current, "warning")
    table = scoring.ranking(scoring.listener_scores(current.ratings, current.panel)).set_index("rep")
    assert table.loc["B", "logic"] == pytest.approx((14 + 10) / 2)
    assert table.loc["B", "spread"] == pytest.approx(74 - 31)  # X has no total any more


def test_a_column_with_scores_must_name_its_rep_and_listener():
    rows = sheet_rows()
    rows[L.LISTENER_ROW - 1][3] = None
    rows[L.REP_ROW - 1].extend([None, None, "A"])  # rep L5 with no listener, and K with ratings but no names
    rows[L.FIRST_ELEMENT_ROW - 1].extend([None, "C"])
    current = session(rows)
    assert _messages(current, "error") == [("D6", "a column with scores must name its rep and its listener"),
                                           ("K5", "a column with scores must name its rep and its listener"),
                                           ("L6", "a column with scores must name its rep and its listener")]
    assert "X" not in set(current.panel.loc[current.panel["rep"] == "A", "listener"])


def test_a_second_column_for_the_same_pair_is_refused():
    rows = sheet_rows()
    for r in range(L.REP_ROW - 1, len(rows)):
        rows[r].append(rows[r][3])
    current = session(rows)
    assert _messages(current, "error") == [("J6", "a second column for 'X' scoring 'A'")]


def test_rows_with_ratings_need_a_checkpoint():
    rows = sheet_rows()
    rows.append([None, None, None, "C"])
    current = session(rows)
    assert [p.cell for p in current.problems if p.severity == "error"] == ["A16", "B16", "C16"]


def test_names_pairs_and_the_laid_out_grid():
    assert split_names("销售主管、渠道经理,小崔，小刘;小王；\n小李") == ["销售主管", "渠道经理", "小崔", "小刘", "小王", "小李"]
    assert split_names(None) == []
    assert pairs(["A", "B"], ["X", "A", "B"]) == [("A", "X"), ("A", "B"), ("B", "X"), ("B", "A")]
    problems = check_names(["A", "A"], [], "三大需求与下一步!A4", "过堂评分!B3")
    assert [(p.where, p.expected_en) for p in problems] == [("三大需求与下一步!A4", "reps listed twice"),
                                                             ("过堂评分!B3", "no listeners given")]
    assert check_names(["A"], ["A"], "P!A4", "S!B3")[0].expected_en == "at least one listener other than the rep is needed"
    block = session_block(["A"], ["X", "A"], [[1, "预算", "q1"]], "en")
    assert block[0][2:] == ["Rep", "A"] and block[1][2:] == ["Listener", "X"]
    assert block[L.RATED_ROW - L.REP_ROW][3].startswith("=SUMPRODUCT(ISNUMBER(MATCH(D13:D13,")
    assert block[L.GRID_HEADER_ROW - L.REP_ROW][:3] == ["No.", "Group", "Checkpoint"]
    assert block[-1] == [1, "预算", "q1", None]


def test_a_sheet_without_a_grid_says_so_once():
    current = session([["项目过堂评分"], ["会议日期", None]])
    assert [(p.where, p.expected_en) for p in current.problems] == [
        (f"{SHEET}!A12", "no scoring grid; run open_review_session first")]
    assert current.ratings.empty and current.panel.empty and not current.has_scores and current.date is None


def test_a_grid_without_columns_is_only_a_warning():
    current = session(sheet_rows({}, listeners=(), reps=()))
    assert _messages(current, "error") == [] and current.checkpoints["no"].tolist() == [1, 2, 3]
    assert _messages(current, "warning") == [("D5", "the grid has no rep × listener columns yet")]
