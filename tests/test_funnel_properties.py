"""Property tests: whatever rows users type, figures stay in range and nothing raises."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.funnel_cases import HEADER, stage_rows
from xlsales.funnel import figures
from xlsales.funnel.inputs import parse_deals, parse_stages

STAGES = parse_stages(stage_rows(), "阶段").frame
NAMES = list(STAGES["stage"])

cell = st.one_of(
    st.none(), st.text(max_size=6), st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**9),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)), st.sampled_from(NAMES + ["跟踪", "赢单", "丢单", "暂停", "A", ""]),
)
plausible = st.tuples(
    st.text(min_size=1, max_size=4), st.text(max_size=4), st.sampled_from(["A", "B", "C", None]),
    st.sampled_from(["张伟", "王芳"]), st.none(), st.floats(0, 1e7), st.sampled_from(NAMES),
    st.sampled_from(["跟踪", "赢单", "丢单", "暂停"]), st.dates(dt.date(2025, 1, 1), dt.date(2026, 6, 1)),
    st.dates(dt.date(2026, 6, 1), dt.date(2027, 12, 31)), st.integers(0, 5),
).map(list)


def _all_figures(deals):
    as_of = dt.date(2026, 11, 23)
    figures.stage_summary(deals, STAGES)
    figures.forecast_by_month(deals, STAGES)
    figures.forecast_by_quarter(deals, STAGES)
    figures.forecast_by_category(deals, STAGES)
    figures.stage_conversion(deals, STAGES)
    figures.calibrate(deals, STAGES)
    figures.bottleneck(deals, STAGES)
    figures.deal_alerts(deals, STAGES, as_of)
    figures.sales_cycle(deals)
    figures.win_rates_by_owner(deals)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cell, min_size=0, max_size=len(HEADER) + 2), max_size=12))
def test_garbage_rows_never_raise(body):
    parsed = parse_deals([HEADER] + body, "商机", NAMES)
    _all_figures(parsed.frame)
    for problem in parsed.problems:
        assert problem.sheet == "商机" and problem.cell[0].isalpha()


@settings(max_examples=60, deadline=None)
@given(st.lists(plausible, max_size=25))
def test_weighted_never_exceeds_total_and_rates_are_probabilities(body):
    deals = parse_deals([HEADER] + body, "商机", NAMES).frame
    assert 0 <= figures.weighted_pipeline(deals, STAGES) <= figures.total_pipeline(deals, STAGES) + 1e-6
    rate = figures.win_rate(deals)
    assert rate is None or 0 <= rate <= 1
    reached = figures.win_rate_by_stage_reached(deals, STAGES)["win_rate"].dropna()
    assert ((reached >= 0) & (reached <= 1)).all()
    conversion = figures.stage_conversion(deals, STAGES)["conversion"].dropna()
    assert ((conversion >= 0) & (conversion <= 1)).all()
    summary = figures.stage_summary(deals, STAGES)
    assert (summary["weighted"] <= summary["amount"] + 1e-6).all()


def test_empty_table():
    deals = parse_deals([HEADER], "商机", NAMES).frame
    assert figures.weighted_pipeline(deals, STAGES) == 0
    assert figures.win_rate(deals) is None
    assert not figures.bottleneck(deals, STAGES)["bottleneck"].any()
    _all_figures(deals)
