"""The default 73-element catalogue, and edits to it: the element score stays on the 60 scale."""

import re
from collections import Counter

import pytest

from tests.review_cases import sheet_rows, session
from xlsales.review import layout as L
from xlsales.review import scoring
from xlsales.review.vocab import FILL, KEEP
from xlsales.review.catalogue import (DEFAULT_ELEMENTS, DEFAULT_GROUPS, GROUPS, catalogue_header, catalogue_rows,
                                      find_group, parse_catalogue)

SEVEN = ["basics", "timeline", "budget", "needs", "key_person", "decision", "competitors"]
THREE = ["strength", "fit", "service"]


def test_exactly_73_checkpoints_numbered_in_order():
    assert len(DEFAULT_ELEMENTS) == 73
    assert [e.no for e in DEFAULT_ELEMENTS] == list(range(1, 74))


def test_grouped_under_7_plus_3_and_the_planning_methods():
    groups = Counter(e.group for e in DEFAULT_ELEMENTS)
    assert [g.key for g in DEFAULT_GROUPS if g.side == "customer"][:7] == SEVEN
    assert [g.key for g in DEFAULT_GROUPS if g.side == "company"][:3] == THREE
    assert set(groups) == set(GROUPS)
    assert groups["four_questions"] == 4 and groups["goalpost"] == 7 and groups["prime"] == 5
    assert groups["needs"] == 5  # S, P, I, N and the confirmed key needs
    three_needs = [e.question.zh for e in DEFAULT_ELEMENTS if e.group == "three_needs"]
    assert [q[:4] for q in three_needs[:3]] == ["企业需求", "个人需求", "销售需求"]
    goalpost = [e.question.en.split(":")[0] for e in DEFAULT_ELEMENTS if e.group == "goalpost"]
    assert goalpost == ["Goal", "Profile", "Objective, specific", "Objective, measurable", "Objective, time-bound",
                        "Strategy", "Tactics"]
    prime = [e.question.en.split(":")[0] for e in DEFAULT_ELEMENTS if e.group == "prime"]
    assert prime == ["Prove value", "Retrieve", "Insulate", "Minimise", "Emphasise"]


def test_each_checkpoint_is_a_short_question_in_both_languages():
    for e in DEFAULT_ELEMENTS:
        assert e.question.zh.endswith("?") and len(e.question.zh) <= 32
        assert e.question.en.endswith("?") and len(e.question.en) <= 100
        assert re.search(r"[\u4e00-\u9fff]", e.question.zh) and not re.search(r"[\u4e00-\u9fff]", e.question.en)
    assert len({e.question.zh for e in DEFAULT_ELEMENTS}) == 73 and len({e.question.en for e in DEFAULT_ELEMENTS}) == 73


def test_catalogue_sheet_round_trips_in_both_languages():
    for lang in ("zh-CN", "en"):
        parsed = parse_catalogue([catalogue_header(lang)] + catalogue_rows(DEFAULT_ELEMENTS, lang), "要素目录")
        assert parsed.problems == [] and len(parsed.frame) == 73
        assert find_group(parsed.frame.at[10, "group"]).key == "budget"


def test_bad_catalogue_rows_are_named_by_cell():
    rows = [catalogue_header("zh-CN")] + catalogue_rows(DEFAULT_ELEMENTS[:4], "zh-CN")
    first = L.CATALOGUE.first_row
    rows[2][0] = 1  # duplicate number
    rows[3][2] = None  # no question
    rows[4][0] = "四"
    parsed = parse_catalogue(rows, "要素目录", L.CATALOGUE.header_row - 1, L.CATALOGUE.first_col - 1)
    no, question = (L.CATALOGUE.letter(k) for k in ("no", "question"))
    assert sorted(p.cell for p in parsed.problems) == [f"{no}{first + 1}", f"{no}{first + 3}", f"{question}{first + 2}"]
    assert parsed.frame["no"].tolist() == [1]
    empty = parse_catalogue([catalogue_header("en")], "Catalogue")
    assert empty.problems[0].expected_en.startswith("the catalogue is empty")


@pytest.mark.parametrize("checkpoints", [5, 12, 73, 140])
def test_any_catalogue_size_scales_to_60(checkpoints):
    """All clear → 60, all fuzzy → 30, all unknown → 0, whatever the number of checkpoints."""
    rows = [[i, "预算", f"q{i}"] for i in range(1, checkpoints + 1)]
    columns = {("A", "X"): (["C"] * checkpoints, 10, 10), ("A", "Y"): (["F"] * checkpoints, 10, 10),
               ("A", "Z"): (["W"] * checkpoints, 10, 10)}
    current = session(sheet_rows(columns, rows, listeners=("X", "Y", "Z"), reps=("A",)))
    scores = scoring.listener_scores(current.ratings, current.panel)
    assert scores["element"].tolist() == pytest.approx([60, 30, 0])
    assert scoring.ranking(scores).loc[0, "element"] == pytest.approx(30)


def test_removing_or_adding_checkpoints_rescales():
    """Eight of 73 answered clear and the rest unknown: 60 × 16/146; after removing 60 unknown ones, 60 × 16/26."""
    full = [[e.no, GROUPS[e.group].name.zh, e.question.zh] for e in DEFAULT_ELEMENTS]
    ratings = ["C"] * 8 + ["W"] * 65
    scored = session(sheet_rows({("A", "X"): (ratings, 10, 10)}, full, listeners=("X",), reps=("A",)))
    assert scoring.element_scores(scored.ratings).loc[0, "element"] == pytest.approx(60 * 16 / 146)
    trimmed = session(sheet_rows({("A", "X"): (ratings[:13], 10, 10)}, full[:13], listeners=("X",), reps=("A",)))
    assert scoring.element_scores(trimmed.ratings).loc[0, "element"] == pytest.approx(60 * 16 / 26)
    extra = full[:13] + [[74, "自定义分组", "客户的IT负责人是谁?"]]  # basics, timeline, budget + the company's own
    grown = session(sheet_rows({("A", "X"): (ratings[:13] + ["W"], 10, 10)}, extra, listeners=("X",), reps=("A",)))
    assert scoring.element_scores(grown.ratings).loc[0, "element"] == pytest.approx(60 * 16 / 28)
    actions = scoring.next_actions(grown.ratings)
    assert [(g.zh, kind) for g, kind in zip(actions["group"], actions["kind"])] == [
        ("预算", FILL), ("自定义分组", FILL), ("基本情况、项目时间表", KEEP)]
    assert actions.loc[1, "action"].zh == "补齐「自定义分组」。待弄清:客户的IT负责人是谁?"
