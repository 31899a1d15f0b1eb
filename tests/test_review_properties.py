"""Property tests: whatever users type into the grid or the score table, nothing raises and figures stay in range."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import udfs.review as R
from tests.review_cases import CHECKPOINTS, session, sheet_rows
from xlsales.review import scoring
from xlsales.review.inputs import parse_scores
from xlsales.review.vocab import RATING_CHOICES

WORDS = list(RATING_CHOICES) + [w.upper() for w in RATING_CHOICES]
junk = st.one_of(st.none(), st.text(max_size=5), st.floats(allow_nan=True, allow_infinity=True),
                 st.integers(-100, 100), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)), st.booleans())
rating = st.one_of(st.none(), st.sampled_from(WORDS))
column = st.tuples(st.lists(st.one_of(rating, junk), min_size=3, max_size=3), junk, junk)


@settings(max_examples=80, deadline=None)
@given(st.fixed_dictionaries({("A", "X"): column, ("A", "Y"): column, ("B", "X"): column, ("B", "A"): column}))
def test_garbage_in_the_grid_never_raises_and_is_named_by_cell(columns):
    current = session(sheet_rows(columns, listeners=("X", "Y", "A")))
    for problem in current.problems:
        assert problem.sheet == "过堂评分" and problem.cell[0].isalpha() and problem.cell[-1].isdigit()
    assert set(current.ratings["points"].dropna()) <= {0, 1, 2}
    scores = scoring.listener_scores(current.ratings, current.panel)
    assert scores["element"].dropna().between(0, 60).all()
    table = scoring.ranking(scores)
    assert table["total"].dropna().between(0, 100).all()
    scoring.next_actions(current.ratings)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["C", "F", "W", None]), min_size=3, max_size=3), min_size=1, max_size=4))
def test_a_blank_rating_is_left_out_never_zero(listeners):
    """Each listener's score is 60 × their points ÷ (2 × what they rated): blanks change the divisor only."""
    columns = {("A", f"L{i}"): (ratings, 10, 10) for i, ratings in enumerate(listeners)}
    current = session(sheet_rows(columns, CHECKPOINTS, listeners=tuple(f"L{i}" for i in range(len(listeners))),
                                 reps=("A",)))
    scores = scoring.listener_scores(current.ratings, current.panel).set_index("listener")
    for i, ratings in enumerate(listeners):
        rated = [{"C": 2, "F": 1, "W": 0}[r] for r in ratings if r]
        expected = 60 * sum(rated) / (2 * len(rated)) if rated else None
        got = scores.loc[f"L{i}", "element"]
        assert (pd.isna(got) and expected is None) or got == pytest.approx(expected)


scores_row = st.tuples(st.sampled_from(["甲", "乙", "丙", "丁"]), st.one_of(st.none(), st.floats(0, 60)),
                       st.one_of(st.none(), st.floats(0, 20)), st.one_of(st.none(), st.floats(0, 20))).map(list)


@settings(max_examples=80, deadline=None)
@given(st.lists(scores_row, min_size=1, max_size=12))
def test_ranks_follow_totals(body):
    table = scoring.ranking(parse_scores([["汇报人", "73要素", "逻辑与思路", "形态与展示"]] + body, "评分表").frame)
    ranked = table.dropna(subset=["total"]).sort_values("total", ascending=False)
    assert ranked["rank"].is_monotonic_increasing
    if not ranked.empty:
        assert ranked["rank"].iloc[0] == 1 and ranked["first"].iloc[0]
        assert (ranked["rank"] <= len(ranked)).all()
    assert table.loc[table["total"].isna(), "rank"].isna().all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(junk, min_size=0, max_size=5), max_size=5), junk, junk)
def test_functions_return_a_number_a_table_or_a_message_never_raise(block, a, b):
    for result in (R.review_element_score(block, a), R.review_total(a, b, block), R.review_ranking(block),
                   R.review_rank(block, a), R.review_weakest(block, block, a), R.review_progress(block, a)):
        assert isinstance(result, (int, float, list)) or result.startswith("#XLSALES! ")
