"""Small hand-computed review sessions used by several test modules (figures worked out in test_review_scoring.py)."""

from typing import Any

from xlsales.problems import column_letter
from xlsales.review import layout as L
from xlsales.review.session import Session, parse_session, session_block, session_head

SHEET = "过堂评分"
# seed 001's scoring table: 人员 | 73要素(60分) | 逻辑与思路(20分) | 形态与展示(20分)
SEED_TABLE = [["汇报人", "73要素", "逻辑与思路", "形态与展示"],
              ["小王", 30, 10, 15], ["小李", 40, 15, 15], ["小张", 45, 15, 15]]
CHECKPOINTS = [[1, "我方优势", "q1"], [2, "我方优势", "q2"], [3, "预算", "q3"]]
# (rep, listener): ratings on the three checkpoints, logic, presentation.
# A|B is blank on purpose: B did not score A. B|Y left q2 blank.
COLUMNS: dict[tuple[str, str], tuple[list[Any], Any, Any]] = {
    ("A", "X"): (["C", "F", "W"], 12, 14),
    ("A", "Y"): (["清楚", "clear", "模糊"], 16, 18),
    ("A", "B"): ([None, None, None], None, None),
    ("B", "X"): (["c", "Clear", "C"], 18, 16),
    ("B", "Y"): (["F", None, "C"], 14, 15),
    ("B", "A"): (["W", "不知道", "F"], 10, 11),
}


def sheet_rows(columns: dict[tuple[str, str], tuple[list[Any], Any, Any]] = COLUMNS,
               checkpoints: list[list[Any]] = CHECKPOINTS, listeners: tuple[str, ...] = ("X", "Y", "A", "B"),
               reps: tuple[str, ...] = ("A", "B"), date: Any = "2026-11-23") -> list[list[Any]]:
    """A session sheet from A1 with the given ratings typed into the grid session_block lays out."""
    block = session_block(list(reps), list(listeners), checkpoints, "zh-CN")
    first = L.FIRST_RATING_COL - 1
    names = list(zip(block[0][first:], block[1][first:]))
    for (rep, listener), (ratings, logic, presentation) in columns.items():
        j = first + names.index((rep, listener))
        block[L.LOGIC_ROW - L.REP_ROW][j] = logic
        block[L.PRESENTATION_ROW - L.REP_ROW][j] = presentation
        for i, rating in enumerate(ratings):
            block[L.FIRST_ELEMENT_ROW - L.REP_ROW + i][j] = rating
    return session_head("zh-CN", date, L.OPEN, list(listeners)) + block


def session(rows: list[list[Any]] | None = None) -> Session:
    return parse_session(rows if rows is not None else sheet_rows(), SHEET)


def column_of(rows: list[list[Any]], rep: str, listener: str) -> str:
    """Letter of the (rep, listener) column in `rows`."""
    for j, (r, lis) in enumerate(zip(rows[L.REP_ROW - 1], rows[L.LISTENER_ROW - 1])):
        if (r, lis) == (rep, listener):
            return column_letter(j)
    raise KeyError((rep, listener))
