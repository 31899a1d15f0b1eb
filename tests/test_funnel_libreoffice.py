"""The demo funnel recalculated by LibreOffice 25.2: no error cells, and every native figure equals the Python core."""

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from xlsales import libreoffice
from xlsales.funnel import figures
from xlsales.funnel.demo import demo_funnel, frames
from xlsales.templates.build import write_workbook
from xlsales.templates.funnel import SPEC, SUMMARY_FIRST

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def recalculated(request, tmp_path_factory):
    lang = request.param
    data = demo_funnel(AS_OF)
    folder = tmp_path_factory.mktemp(f"funnel-{lang}")
    source = write_workbook(SPEC, lang, folder / "funnel-demo.xlsx", data)
    result = libreoffice.recalculate(source, folder / "out")
    deals, stages = frames(data, lang)
    return lang, result, load_workbook(result, data_only=True), deals, stages


def _sheet(wb, zh: str, en: str):
    return wb[zh] if zh in wb.sheetnames else wb[en]


def test_no_error_cells(recalculated):
    _, result, *_ = recalculated
    assert libreoffice.error_cells(result) == []


def test_summary_matches_core(recalculated):
    _, _, wb, deals, stages = recalculated
    ws = _sheet(wb, "漏斗汇总", "Funnel summary")
    summary = figures.stage_summary(deals, stages)
    neck = figures.bottleneck(deals, stages)
    reached = figures.win_rate_by_stage_reached(deals, stages)
    conversion = figures.stage_conversion(deals, stages)
    assert ws["B4"].value == summary["count"].sum()
    assert ws["B5"].value == pytest.approx(figures.total_pipeline(deals, stages))
    assert ws["B6"].value == pytest.approx(figures.weighted_pipeline(deals, stages))
    assert ws["B7"].value == pytest.approx(figures.win_rate(deals))
    assert ws["B8"].value == pytest.approx(figures.sales_cycle(deals)["mean_days"])
    alerts = figures.deal_alerts(deals, stages, AS_OF)
    assert ws["B9"].value == alerts["stale"].sum() and ws["B9"].value > 0
    assert ws["B10"].value == alerts["slipped"].sum() and ws["B10"].value > 0
    assert ws["B11"].value == 0
    for i, row in enumerate(range(SUMMARY_FIRST, SUMMARY_FIRST + len(stages))):
        assert ws[f"B{row}"].value == summary.at[i, "stage"]
        assert ws[f"D{row}"].value == summary.at[i, "count"]
        assert ws[f"E{row}"].value == pytest.approx(summary.at[i, "amount"])
        assert ws[f"F{row}"].value == pytest.approx(summary.at[i, "weighted"])
        assert ws[f"H{row}"].value == pytest.approx(neck.at[i, "expected_share"])
        assert ws[f"I{row}"].value == pytest.approx(neck.at[i, "ratio"])
        assert bool(ws[f"J{row}"].value) == bool(neck.at[i, "bottleneck"])
        assert ws[f"K{row}"].value == reached.at[i, "reached"]
        assert ws[f"L{row}"].value == pytest.approx(reached.at[i, "win_rate"])
        if i < len(conversion):
            assert ws[f"M{row}"].value == pytest.approx(conversion.at[i, "conversion"])
    assert ws[f"B{SUMMARY_FIRST + len(stages)}"].value in (None, "")


def test_forecast_matches_core(recalculated):
    lang, _, wb, deals, stages = recalculated
    ws = _sheet(wb, "预测", "Forecast")
    months = figures.forecast_by_month(deals, stages).set_index("period")
    for row in range(4, 16):
        start = ws[f"A{row}"].value
        key = f"{start.year}-{start.month:02d}"
        expected = months.loc[key] if key in months.index else pd.Series({"weighted": 0, "open_amount": 0, "won": 0})
        assert ws[f"C{row}"].value == pytest.approx(expected["weighted"])
        assert ws[f"D{row}"].value == pytest.approx(expected["open_amount"])
        assert ws[f"E{row}"].value == pytest.approx(expected["won"])
    quarters = figures.forecast_by_quarter(deals, stages).set_index("period")
    for row in range(18, 22):
        start = ws[f"A{row}"].value
        key = f"{start.year}Q{(start.month - 1) // 3 + 1}"
        expected = quarters.loc[key] if key in quarters.index else pd.Series({"weighted": 0, "won": 0})
        assert ws[f"C{row}"].value == pytest.approx(expected["weighted"])
        assert ws[f"E{row}"].value == pytest.approx(expected["won"])
    start, end = ws["H3"].value.date(), ws["H4"].value.date()
    assert (start, end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert ws["H5"].value == pytest.approx(figures.forecast_period(deals, stages, start, end))
    by_category = figures.forecast_by_category(deals, stages, start, end)
    for row, key in zip(range(8, 13), ["pipeline", "best_case", "commit", "closed", "omitted"]):
        assert ws[f"H{row}"].value == pytest.approx(by_category.get(key, 0))
    assert ws["H11"].value > 0  # the demo has won deals in the quarter
    rates = figures.win_rates_by_owner(deals).set_index("owner")
    weighted = figures.weighted_by_owner(deals, stages)
    for row in range(16, 20):
        owner = ws[f"G{row}"].value
        assert ws[f"H{row}"].value == pytest.approx(weighted[owner])
        assert ws[f"K{row}"].value == pytest.approx(rates.loc[owner, "win_rate"])
    assert ws["G20"].value in (None, "")


def test_alert_rows_match_core(recalculated):
    _, _, wb, deals, stages = recalculated
    ws = _sheet(wb, "预警", "Alerts")
    alerts = figures.deal_alerts(deals, stages, AS_OF).set_index("id")
    seen = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        deal_id = row[1]
        if deal_id in (None, ""):
            continue
        seen += 1
        expected = alerts.loc[deal_id]
        assert (row[4], row[5], row[6], row[7]) == (expected["days_in_stage"], expected["days_idle"],
                                                    bool(expected["stale"]), bool(expected["slipped"]))
    assert seen == len(alerts)
