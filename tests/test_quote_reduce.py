"""Lowering the price by removing service content: which lines, exact versus greedy, and when it cannot reach."""

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.quote_cases import priced
from xlsales.quote import reduce
from xlsales.quote.reduce import content_to_drop, removable


def _content(values: list[float], keep: list[bool] | None = None) -> pd.DataFrame:
    """A license line of 100,000 and charged training lines of the given values."""
    n = len(values)
    return pd.DataFrame({
        "part": ["license"] + ["training"] * n, "item": ["总账"] + [f"服务{i}" for i in range(n)],
        "qty": [1.0] + [None] * n, "list_price": [100000.0] + [None] * n,
        "amount": [100000.0] + values, "floor": [70000.0] + [0.0] * n,
        "keep": [True] + (keep or [False] * n), "waived": [False] * (n + 1),
    })


def test_only_charged_removable_service_content_is_a_candidate():
    lines = priced()
    # license, the kept implementation days, the free training and the waived service are not candidates
    assert removable(lines)["item"].tolist() == ["报表开发"]


def test_hand_computed_plans():
    lines = priced()  # total 35,400; the only removable content is 报表开发 1,400
    plan = content_to_drop(lines, 34500)
    assert (plan.method, plan.drop, plan.dropped_value, plan.new_total) == ("exact", [6], 1400, 34000)
    assert plan.reached
    assert "删去 1 项服务内容共 ¥1,400.00" in plan.explanation().zh
    none = content_to_drop(lines, 36000)
    assert (none.method, none.drop, none.new_total) == ("none_needed", [], 35400)
    short = content_to_drop(lines, 30000)  # even without 报表开发, 34,000 is 4,000 above the target
    assert (short.method, short.drop, short.still_missing, short.reached) == ("unreachable", [6], 4000, False)
    # the license (33,000 at list, 28,000 now) would need (28,000 − 4,000) ÷ 33,000 = 72.7% of list: within policy
    assert short.license_discount_needed == pytest.approx(24000 / 33000) and not short.below_floor
    deep = content_to_drop(lines, 28000)  # 22,000 ÷ 33,000 = 66.7% < lowest allowed 23,400 ÷ 33,000 = 70.9%
    assert deep.below_floor and "低于价格表最低折扣" in deep.explanation().zh


def test_exact_finds_the_smallest_cover_where_greedy_overshoots(monkeypatch):
    lines = _content([5000, 4000, 3000, 3000])
    exact = content_to_drop(lines, 100000 + 15000 - 6000)  # must come off: 6,000
    assert exact.method == "exact" and exact.dropped_value == 6000 and exact.drop == [3, 4]
    monkeypatch.setattr(reduce, "EXACT_LIMIT", 0)
    greedy = content_to_drop(lines, 109000)
    assert greedy.method == "greedy" and greedy.dropped_value == 9000 and "greedy" in greedy.explanation().en


def test_a_tie_drops_fewer_lines():
    plan = content_to_drop(_content([2000, 3000, 5000]), 105000)  # 5,000 off: {5,000} rather than {2,000, 3,000}
    assert plan.drop == [3]


def test_lines_marked_must_keep_are_never_dropped():
    plan = content_to_drop(_content([5000, 4000], keep=[True, False]), 104000)  # 5,000 off; 4,000 removable
    assert plan.method == "unreachable" and plan.drop == [2]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1, 500_000), min_size=1, max_size=9), st.integers(0, 3_000_000))
def test_exact_plan_is_the_best_cover_by_brute_force(fen_values, cut_fen):
    values = [v / 100 for v in fen_values]
    lines = _content(values)
    total = 100000 + sum(values)
    target = round(total - cut_fen / 100, 2)
    plan = content_to_drop(lines, target)
    need = round(total - target, 2)
    sums = [sum(c) for k in range(len(values) + 1) for c in itertools.combinations(fen_values, k)]
    covers = [s for s in sums if s >= round(need * 100)]
    if need <= 0:
        assert plan.method == "none_needed"
    elif not covers:
        assert plan.method == "unreachable" and plan.new_total > target
    else:
        assert plan.method == "exact" and round(plan.dropped_value * 100) == min(covers)
        assert plan.new_total <= target + 0.005 and plan.new_total == pytest.approx(total - plan.dropped_value)
