"""The demo funnel recalculated by LibreOffice 25.2: no error cells, and every native figure equals the Python core.

Addresses come from the workbook's description (xlsales/funnel/layout.py), never typed here.
"""

import datetime as dt

import pandas as pd
import pytest

from tests.lo_compare import LIBREOFFICE, recalculated_template
from tests.workbook_values import block_rows, cell, sheet, table_frame
from xlsales import libreoffice
from xlsales.funnel import figures
from xlsales.funnel import layout as L
from xlsales.funnel.demo import demo_funnel, frames
from xlsales.funnel.vocab import CATEGORY, STATUS
from xlsales.templates.funnel import SPEC

pytestmark = LIBREOFFICE
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def recalculated(request, tmp_path_factory):
    lang, data = request.param, demo_funnel(AS_OF)
    result, wb = recalculated_template(SPEC, lang, tmp_path_factory.mktemp(f"funnel-{lang}"), data)
    return lang, result, wb, *frames(data, lang)


def test_no_error_cells(recalculated):
    _, result, *_ = recalculated
    assert libreoffice.error_cells(result) == []


def test_summary_matches_core(recalculated):
    lang, _, wb, deals, stages = recalculated
    summary = figures.stage_summary(deals, stages)
    neck = figures.bottleneck(deals, stages)
    reached = figures.win_rate_by_stage_reached(deals, stages)
    conversion = figures.stage_conversion(deals, stages)
    alerts = figures.deal_alerts(deals, stages, AS_OF)
    value = cell(wb, L.SUMMARY, lang)
    assert value("open_deals") == summary["count"].sum()
    assert value("pipeline") == pytest.approx(figures.total_pipeline(deals, stages))
    assert value("weighted") == pytest.approx(figures.weighted_pipeline(deals, stages))
    assert value("win_rate") == pytest.approx(figures.win_rate(deals))
    assert value("cycle") == pytest.approx(figures.sales_cycle(deals)["mean_days"])
    assert value("stale") == alerts["stale"].sum() > 0
    assert value("slipped") == alerts["slipped"].sum() > 0
    assert value("problems") == 0 and value("outside") == 0
    rows = block_rows(wb, L.SUMMARY, "stages", lang)
    for i in range(len(stages)):
        row = rows[i]
        assert row["stage"] == summary.at[i, "stage"]
        assert row["count"] == summary.at[i, "count"]
        assert row["amount"] == pytest.approx(summary.at[i, "amount"])
        assert row["weighted"] == pytest.approx(summary.at[i, "weighted"])
        assert row["expected_share"] == pytest.approx(neck.at[i, "expected_share"])
        assert row["ratio"] == pytest.approx(neck.at[i, "ratio"])
        assert bool(row["bottleneck"]) == bool(neck.at[i, "bottleneck"])
        assert row["reached"] == reached.at[i, "reached"]
        assert row["win_rate"] == pytest.approx(reached.at[i, "win_rate"])
        if i < len(conversion):
            assert row["conversion"] == pytest.approx(conversion.at[i, "conversion"])
    assert rows[len(stages)]["stage"] in (None, "")


def test_forecast_matches_core(recalculated):
    lang, _, wb, deals, stages = recalculated
    months = figures.forecast_by_month(deals, stages).set_index("period")
    for row in block_rows(wb, L.FORECAST, "months", lang):
        key = f"{row['start'].year}-{row['start'].month:02d}"
        expected = months.loc[key] if key in months.index else pd.Series({"weighted": 0, "open_amount": 0, "won": 0})
        assert row["weighted"] == pytest.approx(expected["weighted"])
        assert row["open_amount"] == pytest.approx(expected["open_amount"])
        assert row["won"] == pytest.approx(expected["won"])
    quarters = figures.forecast_by_quarter(deals, stages).set_index("period")
    for row in block_rows(wb, L.FORECAST, "quarters", lang):
        key = f"{row['start'].year}Q{(row['start'].month - 1) // 3 + 1}"
        expected = quarters.loc[key] if key in quarters.index else pd.Series({"weighted": 0, "won": 0})
        assert row["weighted"] == pytest.approx(expected["weighted"])
        assert row["won"] == pytest.approx(expected["won"])
    value = cell(wb, L.FORECAST, lang)
    start, end = value("period_start").date(), value("period_end").date()
    assert (start, end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert value("period_weighted") == pytest.approx(figures.forecast_period(deals, stages, start, end))
    by_category = figures.forecast_by_category(deals, stages, start, end)
    labels = {text(lang): key for key, text in CATEGORY.items()}
    categories = block_rows(wb, L.FORECAST, "categories", lang)
    for row in categories:
        assert row["amount"] == pytest.approx(by_category.get(labels[row["category"]], 0))
    assert any(row["amount"] > 0 for row in categories if labels[row["category"]] == "closed")
    rates = figures.win_rates_by_owner(deals).set_index("owner")
    weighted = figures.weighted_by_owner(deals, stages)
    reps = [row for row in block_rows(wb, L.FORECAST, "reps", lang) if row["owner"] not in (None, "")]
    assert len(reps) == 4
    for row in reps:
        assert row["weighted"] == pytest.approx(weighted[row["owner"]])
        assert row["win_rate"] == pytest.approx(rates.loc[row["owner"], "win_rate"])


def test_every_calculated_column_matches_its_python_twin(recalculated):
    """Deals[加权金额], days, stale, slipped...: the per-deal columns every summary reads (issue 10: one native
    builder and one Python function per figure, pinned equal here)."""
    lang, _, wb, deals, stages = recalculated
    shown = table_frame(wb, L.DEALS_SHEET, L.DEALS, lang)
    twin = figures.deal_figures(deals, stages, AS_OF)
    labels = {text(lang): key for key, text in STATUS.items()}
    categories = {text(lang): key for key, text in CATEGORY.items()}
    assert len(shown) == len(twin)
    blank = lambda v: v is None or v == "" or (isinstance(v, float) and v != v)  # noqa: E731
    for i in range(len(twin)):
        got, want = shown.iloc[i], twin.iloc[i]
        assert labels[got["status_std"]] == want["status"]
        assert categories.get(got["category"]) == (want["category"] if isinstance(want["category"], str) else None)
        for key in ("stage_order", "probability", "weighted", "days_in_stage", "days_idle"):
            assert (blank(got[key]) and pd.isna(want[key])) or got[key] == pytest.approx(want[key]), key
        for key in ("stale", "slipped"):
            assert (blank(got[key]) and pd.isna(want[key])) or bool(got[key]) == bool(want[key]), key
        assert got["problems"] == 0


def test_the_settings_sheet_feeds_the_figures(recalculated):
    lang, _, wb, *_ = recalculated
    value = cell(wb, L.SETTINGS, lang)
    assert value("as_of").date() == AS_OF and value("max_pushes") == 3
    assert sheet(wb, L.SUMMARY, lang)[L.SUMMARY.address("as_of")].value.date() == AS_OF
