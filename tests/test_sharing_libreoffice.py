"""The team workbook recalculated by LibreOffice 25.2: no error cells, and its native figures (team funnel,
forecast by category, by rep, alerts) equal the sum of the reps' parts as the Python core computes them.

Three copies of the demo team (381 deals) so the deals table and the filled-down alert rows go far past
what the template holds on its own."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.sharing_cases import AS_OF, rep_files, team_frames
from xlsales import cli, libreoffice
from xlsales.funnel import figures
from xlsales.funnel.vocab import BEST_CASE, CATEGORY, CLOSED, COMMIT, OMITTED, PIPELINE
from xlsales.sharing.reading import read_source
from xlsales.sharing.rollup import by_rep, combine

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
COPIES = 3


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def recalculated(request, tmp_path_factory):
    lang = request.param
    folder = tmp_path_factory.mktemp(f"team-{lang}")
    reps = rep_files(folder / "reps", copies=COPIES)
    output = folder / "team.xlsx"
    assert cli.main(["rollup", *map(str, reps), "-o", str(output), "--lang", lang, "--as-of", AS_OF.isoformat()]) == 0
    rollup = combine([read_source(p.name, p.read_bytes()) for p in reps], lang, AS_OF)
    result = libreoffice.recalculate(output, folder / "out")
    return lang, result, load_workbook(result, data_only=True), rollup


def _sheet(wb, zh: str, en: str):
    return wb[zh] if zh in wb.sheetnames else wb[en]


def test_no_error_cells(recalculated):
    assert libreoffice.error_cells(recalculated[1]) == []


def test_team_funnel_equals_the_sum_of_the_parts(recalculated):
    _, _, wb, rollup = recalculated
    deals, stages = team_frames(COPIES)  # the whole team as one file would hold it
    ws = _sheet(wb, "漏斗汇总", "Funnel summary")
    assert len(rollup.deals) == len(deals) == 381
    assert ws["B4"].value == int((deals["status"] == "open").sum())
    assert ws["B5"].value == pytest.approx(figures.total_pipeline(deals, stages))
    assert ws["B6"].value == pytest.approx(figures.weighted_pipeline(deals, stages))
    assert ws["B7"].value == pytest.approx(figures.win_rate(deals))
    alerts = figures.deal_alerts(deals, stages, AS_OF)
    assert ws["B9"].value == alerts["stale"].sum() and ws["B10"].value == alerts["slipped"].sum()
    assert ws["B11"].value == 0


def test_forecast_by_category_equals_the_core(recalculated):
    lang, _, wb, rollup = recalculated
    ws = _sheet(wb, "预测", "Forecast")
    start, end = ws["H3"].value.date(), ws["H4"].value.date()
    expected = figures.forecast_by_category(rollup.deals, rollup.stage_frame, start, end)
    for row in range(8, 13):
        key = next(k for k in (PIPELINE, BEST_CASE, COMMIT, CLOSED, OMITTED) if CATEGORY[k](lang) == ws[f"G{row}"].value)
        assert ws[f"H{row}"].value == pytest.approx(float(expected.get(key, 0.0)))
    assert ws["H5"].value == pytest.approx(figures.forecast_period(rollup.deals, rollup.stage_frame, start, end))


def test_by_rep_sheet_equals_each_reps_own_figures(recalculated):
    _, _, wb, rollup = recalculated
    ws = _sheet(wb, "按人汇总", "By rep")
    expected = by_rep(rollup)
    rows = list(ws.iter_rows(min_row=2, max_row=len(expected) + 2, values_only=True))
    for row, (_, want) in zip(rows, expected.iterrows()):
        assert row[0] == want["owner"] and row[2] == want["open_deals"]
        assert row[3] == pytest.approx(want["open_amount"]) and row[4] == pytest.approx(want["weighted"])
        assert (row[5], row[6]) == (want["won"], want["lost"]) and row[7] == pytest.approx(want["win_rate"])
    total = rows[-1]
    assert total[4] == pytest.approx(figures.weighted_pipeline(rollup.deals, rollup.stage_frame))
    assert total[2] == expected["open_deals"].sum()


def test_alert_rows_cover_every_deal(recalculated):
    _, _, wb, rollup = recalculated
    ws = _sheet(wb, "预警", "Alerts")
    assert ws.max_row == len(rollup.deals) + 51
    flagged = pd.DataFrame([r[1:8] for r in ws.iter_rows(min_row=2, values_only=True) if r[8] is True],
                           columns=["id", "owner", "stage", "days_in_stage", "days_idle", "stale", "slipped"])
    alerts = figures.deal_alerts(rollup.deals, rollup.stage_frame, AS_OF)
    merged = flagged.merge(alerts, on="id", suffixes=("", "_core"))
    assert len(merged) == len(alerts)
    assert (merged["stale"] == merged["stale_core"]).all() and (merged["slipped"] == merged["slipped_core"]).all()
    assert (merged["days_idle"] == merged["days_idle_core"]).all()
    assert [ws["A2"].value, ws[f"A{ws.max_row}"].value] == [1, len(rollup.deals) + 50]  # the series went on
