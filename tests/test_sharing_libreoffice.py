"""The team workbook recalculated by LibreOffice 25.2: no error cells, and its native figures (team funnel,
forecast by category, by rep) and its per-deal columns equal the sum of the reps' parts as the Python core
computes them.

Three copies of the demo team (381 deals) so the deals table goes far past what the template holds on its own."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.lo_compare import LIBREOFFICE
from tests.sharing_cases import AS_OF, rep_files, team_frames
from tests.workbook_values import block_rows, cell, table_frame
from xlsales import cli, libreoffice
from xlsales.funnel import figures
from xlsales.funnel import layout as L
from xlsales.funnel.vocab import BEST_CASE, CATEGORY, CLOSED, COMMIT, OMITTED, PIPELINE
from xlsales.sharing.reading import read_source
from xlsales.sharing.rollup import by_rep, combine

pytestmark = LIBREOFFICE
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
    lang, _, wb, rollup = recalculated
    deals, stages = team_frames(COPIES)  # the whole team as one file would hold it
    value = cell(wb, L.SUMMARY, lang)
    assert len(rollup.deals) == len(deals) == 381
    assert value("open_deals") == int((deals["status"] == "open").sum())
    assert value("pipeline") == pytest.approx(figures.total_pipeline(deals, stages))
    assert value("weighted") == pytest.approx(figures.weighted_pipeline(deals, stages))
    assert value("win_rate") == pytest.approx(figures.win_rate(deals))
    alerts = figures.deal_alerts(deals, stages, AS_OF)
    assert value("stale") == alerts["stale"].sum() and value("slipped") == alerts["slipped"].sum()
    assert value("problems") == 0


def test_forecast_by_category_equals_the_core(recalculated):
    lang, _, wb, rollup = recalculated
    value = cell(wb, L.FORECAST, lang)
    start, end = value("period_start").date(), value("period_end").date()
    expected = figures.forecast_by_category(rollup.deals, rollup.stage_frame, start, end)
    keys = {CATEGORY[k](lang): k for k in (PIPELINE, BEST_CASE, COMMIT, CLOSED, OMITTED)}
    for row in block_rows(wb, L.FORECAST, "categories", lang):
        assert row["amount"] == pytest.approx(float(expected.get(keys[row["category"]], 0.0)))
    assert value("period_weighted") == pytest.approx(figures.forecast_period(rollup.deals, rollup.stage_frame,
                                                                              start, end))


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


def test_the_per_deal_columns_hold_the_roll_ups_values(recalculated):
    """The team workbook is a report: its per-deal columns are values as of the roll-up, equal to the Python
    twin of the funnel template's calculated columns."""
    lang, _, wb, rollup = recalculated
    shown = table_frame(wb, L.DEALS_SHEET, L.DEALS, lang)
    twin = figures.deal_figures(rollup.deals, rollup.stage_frame, AS_OF)
    assert len(shown) == len(twin) == 381
    for key in ("weighted", "days_in_stage", "days_idle"):
        assert shown[key].fillna(-1).tolist() == pytest.approx(twin[key].fillna(-1).tolist()), key
    for key in ("stale", "slipped"):
        assert shown[key].tolist() == [None if pd.isna(v) else bool(v) for v in twin[key]], key
