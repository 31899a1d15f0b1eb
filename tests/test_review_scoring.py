"""Review scores on seed 001's worked case and on a small session worked out by hand."""

import datetime as dt

import pandas as pd
import pytest

from tests.review_cases import SEED_TABLE, session
from xlsales.review import history, scoring
from xlsales.review.demo import demo_review, frames
from xlsales.review.inputs import parse_scores
from xlsales.review.vocab import FILL, KEEP, SUPPORT


def test_seed_table_totals_and_ranks():
    """小王 30/10/15 = 55, 小李 40/15/15 = 70, 小张 45/15/15 = 75 → 小张 first, 小王 last."""
    scores = parse_scores(SEED_TABLE, "评分表").frame
    table = scoring.ranking(scores).set_index("rep")
    assert table["total"].to_dict() == {"小王": 55, "小李": 70, "小张": 75}
    assert table["rank"].to_dict() == {"小王": 3, "小李": 2, "小张": 1}
    assert table["first"].to_dict() == {"小王": False, "小李": False, "小张": True}
    assert (table["listeners"] == 1).all() and (table["spread"] == 0).all()


def test_demo_session_reproduces_the_seed_table_from_listeners_ratings():
    """Six listeners rate 73 checkpoints for each rep; their averages are exactly the text's figures."""
    current, projects = frames(demo_review(dt.date(2026, 11, 23)))
    assert [p for p in current.problems] == []
    scores = scoring.listener_scores(current.ratings, current.panel)
    assert (scores["rated"] == 73).all() and (scores.groupby("rep").size() == 6).all()
    table = scoring.ranking(scores, list(projects.frame["rep"])).set_index("rep")
    for rep, parts in {"小王": (30, 10, 15), "小李": (40, 15, 15), "小张": (45, 15, 15)}.items():
        assert table.loc[rep, ["element", "logic", "presentation"]].tolist() == pytest.approx(parts)
    assert table["total"].tolist() == pytest.approx([55, 70, 75])
    assert table["rank"].tolist() == [3, 2, 1]
    assert table.index[table["first"]].tolist() == ["小张"]
    # 小王 "could not say the budget, the timeline or the decision process" (seed 001)
    weakest = scoring.weakest_groups(current.ratings)
    assert set(weakest.loc[weakest["rep"] == "小王", "group"]) == {"预算", "项目时间表", "决策流程"}


def test_hand_computed_session():
    """A: X 3/6 → 30, Y 5/6 → 50, B scored nothing. B: X 60, Y 3 points over 2 rated → 45, A 1/6 → 10."""
    current = session()
    scores = scoring.listener_scores(current.ratings, current.panel).set_index(["rep", "listener"])
    assert scores["element"].dropna().to_dict() == pytest.approx(
        {("A", "X"): 30, ("A", "Y"): 50, ("B", "X"): 60, ("B", "Y"): 45, ("B", "A"): 10})
    assert pd.isna(scores.loc[("A", "B"), "element"])
    assert scores.loc[("B", "Y"), ["rated", "missing"]].tolist() == [2, 1]
    table = scoring.ranking(scores.reset_index()).set_index("rep")
    assert table.loc["A"].to_dict() == pytest.approx({"listeners": 2, "element": 40, "logic": 14, "presentation": 16,
                                                      "total": 70, "spread": 84 - 56, "rank": 1, "first": True})
    assert table.loc["B", ["element", "logic", "presentation"]].tolist() == pytest.approx([115 / 3, 14, 14])
    assert table.loc["B", "total"] == pytest.approx(115 / 3 + 28)
    assert table.loc["B", "spread"] == pytest.approx(94 - 31)  # listener totals 94, 74, 31
    assert table.loc["B", ["listeners", "rank"]].tolist() == [3, 2]


def test_group_clarity_weakest_and_next_actions():
    current = session()
    clarity = scoring.group_clarity(current.ratings).set_index(["rep", "group"])["clarity"]
    assert clarity.to_dict() == pytest.approx({("A", "我方优势"): 7 / 8, ("A", "预算"): 1 / 4,
                                               ("B", "我方优势"): 5 / 10, ("B", "预算"): 5 / 6})
    weakest = scoring.weakest_groups(current.ratings)
    assert weakest[["rep", "group"]].values.tolist() == [["A", "预算"], ["B", "我方优势"]]
    actions = scoring.next_actions(current.ratings)
    assert [(r.rep, r.kind, r.group.zh) for r in actions.itertuples()] == [
        ("A", FILL, "预算"), ("A", KEEP, "我方优势"), ("B", SUPPORT, "我方优势"), ("B", KEEP, "预算")]
    assert actions.loc[0, "action"].zh.startswith("用同行老客户的花费试探预算范围") and "q3" in actions.loc[0, "action"].zh
    # B's q1 averages (2+1+0)/3 = 1 point, q2 (2+0)/2 = 1: both unclear, least clear first (catalogue order on ties)
    assert actions.loc[2, "action"].en.endswith("To find out: q1; q2")


def test_ties_share_a_rank_and_a_missing_part_means_no_rank():
    scores = pd.DataFrame({"rep": ["甲", "乙", "丙", "丁"], "listener": [None] * 4, "element": [40, 40, 30, 50],
                           "logic": [10, 10, 10, None], "presentation": [10, 10, 10, 10]})
    table = scoring.ranking(scores).set_index("rep")
    assert table["rank"].tolist()[:3] == [1, 1, 3] and table["first"].tolist() == [True, True, False, False]
    assert pd.isna(table.loc["丁", "total"]) and pd.isna(table.loc["丁", "rank"])


def test_totals_equal_but_for_float_noise_share_a_rank():
    """Averages carry noise (0.1 + 0.2 is not 0.3): totals within the tolerance are equal, as on the sheet."""
    scores = pd.DataFrame({"rep": ["甲", "乙", "丙"], "listener": [None] * 3, "element": [0.1 + 0.2, 0.3, 0.3],
                           "logic": [0, 0, 0], "presentation": [0, 0, -1e-6]})
    table = scoring.ranking(scores).set_index("rep")
    assert table["total"]["甲"] != table["total"]["乙"]
    assert table["rank"].tolist() == [1, 1, 3] and table["first"].tolist() == [True, True, False]


def test_reps_listed_without_scores_keep_their_place_in_the_order():
    scores = parse_scores(SEED_TABLE, "评分表").frame
    table = scoring.ranking(scores, ["小张", "老周"])
    assert table["rep"].tolist() == ["小张", "老周", "小王", "小李"]
    assert table.loc[1, "listeners"] == 0 and pd.isna(table.loc[1, "total"])


def test_scores_over_their_maximum_are_named_by_cell():
    rows = [row[:] for row in SEED_TABLE]
    rows[2][1] = 61
    rows[3][2] = "二十"
    parsed = parse_scores(rows, "评分表")
    assert [(p.cell, p.expected_en) for p in parsed.problems] == [
        ("B3", "'73 elements' must be a number >= 0 and <= 60"), ("C4", "'Logic and reasoning' must be a number >= 0 "
                                                                        "and <= 20")]
    assert parsed.frame["element"].isna().tolist() == [False, True, False]


def test_history_record_merge_and_progress():
    current = session()
    ranking = scoring.ranking(scoring.listener_scores(current.ratings, current.panel))
    projects = pd.DataFrame({"rep": ["A"], "project": ["甲项目"], "company_need": ["对账"], "personal_need": ["升职"],
                             "sales_need": ["3万"]})
    record = history.session_record(dt.date(2026, 11, 23), ranking, projects, scoring.weakest_groups(current.ratings),
                                    "zh-CN")
    assert record[["rep", "project", "total", "rank", "weakest", "company_need"]].iloc[0].tolist() == [
        "A", "甲项目", 70, 1, "预算", "对账"]
    assert record.loc[1, ["rep", "total", "rank", "weakest"]].tolist() == ["B", pytest.approx(115 / 3 + 28), 2, "我方优势"]
    assert record.loc[1, ["project", "company_need"]].isna().all()  # B's project is not on the projects table
    earlier = record.assign(date=pd.Timestamp("2026-11-09"), total=[60.0, 70.0], rank=[2.0, 1.0])
    merged = history.merge(history.merge(earlier, record), record)  # closing the same date twice keeps one copy
    assert len(merged) == 4 and merged["date"].tolist() == [pd.Timestamp("2026-11-09")] * 2 + [pd.Timestamp("2026-11-23")] * 2
    progress = history.progress(merged, "A")
    assert progress["total"].tolist() == [60, 70] and progress["change"].tolist()[1] == 10
    assert pd.isna(progress["change"].tolist()[0])
