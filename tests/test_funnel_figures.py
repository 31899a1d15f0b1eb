"""Funnel figures on a hand-computed case (tests/funnel_cases.py).

Stage probabilities 10/25/50/75/90%. Open: D1 100 @ stage 1, D2 200 @ 3, D3 400 @ 5.
Closed: D4 won 300; D5 lost at stage 2; D6 lost at stage 4. D7 paused 50.
"""

import datetime as dt

import pytest

from tests.funnel_cases import AS_OF, frames
from xlsales.funnel import figures
from xlsales.funnel.clarity import clarity


@pytest.fixture(scope="module")
def data():
    return frames()


def test_stage_summary_counts_open_deals_only(data):
    deals, stages = data
    summary = figures.stage_summary(deals, stages)
    assert summary["count"].tolist() == [1, 0, 1, 0, 1]
    assert summary["amount"].tolist() == [100, 0, 200, 0, 400]
    assert summary["weighted"].tolist() == pytest.approx([10, 0, 100, 0, 360])


def test_pipeline(data):
    deals, stages = data
    assert figures.weighted_pipeline(deals, stages) == pytest.approx(470)  # 10 + 100 + 360
    assert figures.total_pipeline(deals, stages) == 700


def test_forecast_period_and_months(data):
    deals, stages = data
    assert figures.forecast_period(deals, stages, dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == pytest.approx(100)
    assert figures.forecast_period(deals, stages, dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == pytest.approx(10)
    months = figures.forecast_by_month(deals, stages).set_index("period")
    assert months.loc["2027-01", "weighted"] == pytest.approx(360)
    assert months.loc["2026-08", "won"] == 300
    quarters = figures.forecast_by_quarter(deals, stages).set_index("period")
    assert quarters.loc["2026Q4", "weighted"] == pytest.approx(110)
    assert quarters.loc["2026Q4", "open_amount"] == 300


def test_forecast_by_category(data):
    deals, stages = data
    by = figures.forecast_by_category(deals, stages).to_dict()
    assert by == {"pipeline": 100, "best_case": 200, "commit": 400, "closed": 300, "omitted": 50}
    november = figures.forecast_by_category(deals, stages, dt.date(2026, 11, 1), dt.date(2026, 11, 30)).to_dict()
    assert november == {"best_case": 200}


def test_win_rates(data):
    deals, _ = data
    assert figures.win_rate(deals) == pytest.approx(1 / 3)
    assert figures.win_rate(deals, "张伟") == pytest.approx(0.5)
    assert figures.win_rate(deals, "王芳") == 0
    assert figures.win_rate(deals, "nobody") is None
    by_owner = figures.win_rates_by_owner(deals).set_index("owner")
    assert by_owner.loc["张伟", ["won", "lost"]].tolist() == [1, 1]


def test_win_rate_by_stage_reached_and_conversion(data):
    deals, stages = data
    reached = figures.win_rate_by_stage_reached(deals, stages)
    assert reached["reached"].tolist() == [3, 3, 2, 2, 1]
    assert reached["win_rate"].tolist() == pytest.approx([1 / 3, 1 / 3, 0.5, 0.5, 1.0])
    conversion = figures.stage_conversion(deals, stages)
    assert conversion["conversion"].tolist() == pytest.approx([1.0, 2 / 3, 1.0, 0.5])


def test_calibration_keeps_thin_stages(data):
    deals, stages = data
    result = figures.calibrate(deals, stages, min_closed=2)
    assert result["thin"].tolist() == [False, False, False, False, True]
    assert result["calibrated"].tolist() == pytest.approx([1 / 3, 1 / 3, 0.5, 0.5, 0.9])


def test_bottleneck_flags_the_first_of_the_stages_tied_for_shortest(data):
    deals, stages = data
    neck = figures.bottleneck(deals, stages)
    # expected shares ∝ 1/p = 10, 4, 2, 1.33, 1.11 (sum 18.44); stages 2 and 4 are empty
    assert neck["expected_share"].iloc[0] == pytest.approx(10 / (10 + 4 + 2 + 4 / 3 + 10 / 9))
    # both empty stages are equally short; the first is the one to refill (issue 15: all tied ones were flagged)
    assert neck["bottleneck"].tolist() == [False, True, False, False, False]


def test_alerts(data):
    deals, stages = data
    alerts = figures.deal_alerts(deals, stages, AS_OF).set_index("id")
    assert alerts.loc["D1", "days_in_stage"] == 53 and alerts.loc["D1", "stale"]  # 53 > 30
    assert not alerts.loc["D2", "stale"]  # 13 days in stage (45 allowed), 3 idle (10)
    assert alerts.loc["D3", "days_idle"] == 22 and alerts.loc["D3", "stale"]  # no activity: since stage date
    assert alerts["slipped"].to_dict() == {"D1": True, "D2": True, "D3": False}  # 3 pushes; close date passed
    assert alerts.index[alerts["stale"]].tolist() == ["D1", "D3"]


def test_sales_cycle(data):
    deals, _ = data
    assert figures.sales_cycle(deals) == {"deals": 1, "mean_days": 90.0, "median_days": 90.0}


@pytest.mark.parametrize("ratings, code, sixty", [
    ("CCCCCCCCF", "8C1F0W", True),
    ("CCCCCCCCC", "9C0F0W", True),
    ("CCCCCCCFF", "7C2F0W", False),
    ("CCCCCCCCW", "8C0F1W", False),
    (["清楚"] * 8 + ["模糊"], "8C1F0W", True),
    ("CCCCCCCC", "8C0F0W", False),  # one checkpoint not rated yet
])
def test_clarity(ratings, code, sixty):
    result = clarity(ratings)
    assert (result.code, result.sixty_percent) == (code, sixty)


def test_clarity_rejects_other_letters():
    with pytest.raises(ValueError, match="C/F/W"):
        clarity("CCX")
