"""The review functions typed into LibreOffice Calc cells of the demo copy, computed by the workbook's own main.py
through the bridge profile (tests/lo_bridge.py), read back and compared with the Python core and with the seed's
scores (小王 30/10/15 = 55, 小李 40/15/15 = 70, 小张 45/15/15 = 75: ranks 3, 2, 1)."""

import os
from typing import Any

import pytest
from openpyxl import load_workbook

import udfs.review as R
from tests.lo_compare import (assert_calc_equals_python, assert_every_function_called, compute_in_calc, in_matrix,
                              serial)
from xlsales import libreoffice
from xlsales.problems import column_letter
from xlsales.review import history, scoring
from xlsales.review import layout as L
from xlsales.review.catalogue import GROUPS
from xlsales.review.demo import frames, history_rows
from xlsales.review.inputs import parse_history
from xlsales.review.vocab import HISTORY_COLUMNS, SCORE_COLUMNS
from xlsales.templates.build import write_workbook
from xlsales.templates.review import SPEC

# Skip where LibreOffice is missing, but never in CI, where scripts/test.sh installs it.
pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available() and not os.environ.get("CI"),
                                 reason="LibreOffice (soffice) not installed")]
SHEET = "函数"
REPS = ["小王", "小李", "小张"]
SEED = {"小王": (30, 10, 15, 55, 3), "小李": (40, 15, 15, 70, 2), "小张": (45, 15, 15, 75, 1)}
SCORES_LEFT = 5  # E: the listeners' score table, linked to the session grid by native formulas
FIRST_BLOCK_ROW = 22
G = L.GRID


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    """The zh-CN demo copy with a sheet of formulas calling every review function over the session grid, the
    projects table and the history sheet, recalculated by LibreOffice with the bridge running the workbook's
    main.py. Returns (cell or block -> value read back, the same calls made in Python, core figures, formulas)."""
    folder = tmp_path_factory.mktemp("lo-review")
    data = SPEC.demo_data()
    source = write_workbook(SPEC, "zh-CN", folder / "review-demo.xlsx", data)
    wb = load_workbook(source)
    grid = wb[L.SHEET_SESSION.zh]
    session, _ = frames(data)
    assert [r.rep for r in data.projects] == REPS
    # the grid's columns of each rep (one per listener), by letter
    columns = {rep: [c.column_letter for c in grid[G.row("rep")] if c.value == rep] for rep in REPS}
    first_row, last_row = G.first_element_row, G.first_element_row + len(data.elements) - 1
    scores = scoring.listener_scores(session.ratings, session.panel)
    ranking = scoring.ranking(scores, REPS).set_index("rep")
    elements = scoring.element_scores(session.ratings).groupby("rep", sort=False)["element"].mean()
    history_table = [[c.label.zh for c in HISTORY_COLUMNS]] + history_rows(data, "zh-CN")
    core = {"ranking": ranking, "elements": elements,
            "weakest": scoring.weakest_groups(session.ratings).query("rep == '小王'"),
            "progress": history.progress(parse_history(history_table, L.SHEET_HISTORY.zh).frame, "小王")}

    def ratings(rep: str) -> str:
        return f"过堂评分!{columns[rep][0]}{first_row}:{columns[rep][-1]}{last_row}"

    def grid_row(rep: str, row: int) -> str:
        return f"过堂评分!{columns[rep][0]}{row}:{columns[rep][-1]}{row}"

    formulas: dict[str, str] = {}
    expected: dict[str, Any] = {}
    # The listeners' score table, one row per grid column, the seed's layout: 汇报人 | 听众 | 73要素 | 逻辑 | 形态
    score_header = [c.label.zh for c in SCORE_COLUMNS]
    score_rows = [score_header] + [[r.rep, r.listener, r.element, r.logic, r.presentation] for r in scores.itertuples()]
    score_cols = [column_letter(SCORES_LEFT - 1 + j) for j in range(len(score_header))]
    grid_rows = [G.row(k) for k in ("rep", "listener", "element", "logic", "presentation")]
    grid_columns = [c for rep in REPS for c in columns[rep]]
    for letter, label in zip(score_cols, score_header):
        formulas[f"{letter}1"] = label
    for i, grid_col in enumerate(grid_columns, start=2):
        for letter, row in zip(score_cols, grid_rows):
            formulas[f"{letter}{i}"] = f"=过堂评分!{grid_col}{row}"
    score_table = f"{score_cols[0]}1:{score_cols[-1]}{len(score_rows)}"
    expected["score table"] = score_rows

    for i, rep in enumerate(REPS, start=1):
        letter = column_letter(i - 1)
        formulas[f"{letter}1"] = f"=REVIEW_ELEMENT_SCORE({ratings(rep)})"
        # the element score just computed, the listeners' logic and presentation rows of the grid
        formulas[f"{letter}2"] = (f"=REVIEW_TOTAL({letter}1,{grid_row(rep, G.row('logic'))},"
                                  f"{grid_row(rep, G.row('presentation'))})")
        # the rep's name from the projects table
        formulas[f"{letter}3"] = f"=REVIEW_RANK({score_table},INDEX({L.PROJECTS.ref('rep', 'zh-CN')},{i}))"
        block = [[grid[f"{c}{r}"].value for c in columns[rep]] for r in range(first_row, last_row + 1)]
        expected[f"{letter}1"] = R.review_element_score(block)
        expected[f"{letter}2"] = R.review_total(
            expected[f"{letter}1"], [grid[f"{c}{G.row('logic')}"].value for c in columns[rep]],
            [grid[f"{c}{G.row('presentation')}"].value for c in columns[rep]])
        expected[f"{letter}3"] = R.review_rank(score_rows, rep)
    formulas["A4"] = f'=REVIEW_RANK({score_table},"老周")'  # nobody of that name presented
    expected["A4"] = R.review_rank(score_rows, "老周")

    group = G.checkpoint_letter("group")
    groups = [[grid[f"{group}{r}"].value] for r in range(first_row, last_row + 1)]
    wang_block = [[grid[f"{c}{r}"].value for c in columns["小王"]] for r in range(first_row, last_row + 1)]
    blocks = {
        "ranking": (f"=REVIEW_RANKING({score_table})", R.review_ranking(score_rows)),
        "weakest": (f"=REVIEW_WEAKEST(过堂评分!{group}{first_row}:{group}{last_row},{ratings('小王')},3)",
                    R.review_weakest(groups, wang_block, 3)),
        "progress": (f'=REVIEW_PROGRESS({L.HISTORY.everything},"小王")', R.review_progress(history_table, "小王")),
    }
    expected.update({name: table for name, (_, table) in blocks.items()})
    ws, block_values = compute_in_calc(wb, folder, SPEC, SHEET, formulas, blocks, FIRST_BLOCK_ROW)
    values = {cell: ws[cell].value for cell in formulas if not cell.startswith(tuple(score_cols))}
    values["score table"] = [[c.value for c in row] for row in ws[score_table]]
    values.update(block_values)
    texts = list(formulas.values()) + [f for f, _ in blocks.values()]
    return values, expected, core, texts


def test_every_review_function_is_called_from_the_sheet(review):
    assert_every_function_called("udfs.review", ["REVIEW_ELEMENT_SCORE", "REVIEW_TOTAL", "REVIEW_RANKING",
                                                 "REVIEW_RANK", "REVIEW_WEAKEST", "REVIEW_PROGRESS"], review[-1])


def test_every_cell_equals_the_python_call(review):
    values, expected, _, _ = review
    assert_calc_equals_python(values, expected)


def test_scores_and_ranks_equal_the_core(review):
    values, _, core, _ = review
    ranking, elements = core["ranking"], core["elements"]
    assert [values[c] for c in ("A1", "B1", "C1")] == pytest.approx([elements[r] for r in REPS])
    assert [values[c] for c in ("A2", "B2", "C2")] == pytest.approx([ranking.at[r, "total"] for r in REPS])
    assert [values[c] for c in ("A3", "B3", "C3")] == [ranking.at[r, "rank"] for r in REPS]
    spilled = {row[0]: row[1:] for row in values["ranking"][1:]}
    assert list(spilled) == REPS
    for j, key in enumerate(scoring.RANKING_COLUMNS[1:]):
        want = [in_matrix(bool(v)) if key == "first" else v for v in (ranking.at[r, key] for r in REPS)]
        assert [spilled[r][j] for r in REPS] == pytest.approx(want), key


def test_weakest_groups_and_progress_equal_the_core(review):
    values, _, core, _ = review
    weakest, progress = core["weakest"], core["progress"]
    assert [row[0] for row in values["weakest"][1:]] == list(weakest["group"])
    assert [row[1] for row in values["weakest"][1:]] == pytest.approx(list(weakest["clarity"]))
    spilled = values["progress"][1:]
    assert [row[0] for row in spilled] == [serial(d.date()) for d in progress["date"]]
    assert [row[1] for row in spilled] == list(progress["total"])
    assert [row[3] for row in spilled] == list(progress["rank"])


def test_the_seeds_scores_and_ranks(review):
    """The seed's figures, written out: not taken from the core, so the core and the bridge cannot agree on
    a wrong number."""
    values, _, _, _ = review
    for letter, rep in zip("ABC", REPS):
        element, logic, presentation, total, rank = SEED[rep]
        assert values[f"{letter}1"] == pytest.approx(element), rep
        assert values[f"{letter}2"] == pytest.approx(total), rep
        assert values[f"{letter}3"] == rank, rep
    header, *rows = values["ranking"]
    assert header == R.RANKING_HEADERS
    assert [(r[0], r[1], r[7], r[8]) for r in rows] == [("小王", 6, 3, 0), ("小李", 6, 2, 0), ("小张", 6, 1, 1)]
    assert [r[2:6] for r in rows] == [pytest.approx(list(SEED[rep][:4])) for rep in REPS]


def test_wang_is_weakest_on_budget_timeline_and_decision(review):
    """The seed: 小王 could state neither the budget, the timeline nor the decision process, so these are his
    least clear groups. His history: 44 then 50 (+6), third both times."""
    values, _, _, _ = review
    assert values["weakest"][0] == ["分组 Group", "清楚度 Clarity"]
    assert sorted(r[0] for r in values["weakest"][1:]) == sorted(GROUPS[k].name.zh
                                                                 for k in ("budget", "timeline", "decision"))
    progress = values["progress"][1:]
    assert [(r[1], r[2], r[3]) for r in progress] == [(44, None, 3), (50, 6, 3)]


def test_listener_scores_arrive_from_the_grid(review):
    """The score table's rows are the grid's own cells (native element formulas); their values are compared
    with the core's listener scores with every other cell."""
    values, _, _, _ = review
    assert values["score table"][0] == [c.label.zh for c in SCORE_COLUMNS]
    assert len(values["score table"]) == 1 + 18  # 3 reps × 6 listeners (nobody scores themself)
    assert {r[0] for r in values["score table"][1:]} == set(REPS)


def test_a_bad_argument_reads_as_a_message_in_the_cell(review):
    values, _, _, _ = review
    assert values["A4"].startswith("#XLSALES! ") and "no rep '老周'" in values["A4"]
