"""The EMPTY funnel template filled as a user fills it — rows typed or pasted into its tables, Excel extending the
tables and their calculated columns — at sizes from 1 to 50,000 deals, recalculated by LibreOffice: every figure
equals the Python core, and the data-problem counter equals the errors `check` reports (issue 15).

Before: the alerts sheet had 200 formula rows (201 slipped deals showed as 200; 5,000 deals counted 66 stale
instead of 1,438) and owners named 王? or 李* got other reps' figures."""

import datetime as dt

import pandas as pd
import pytest

from tests.funnel_bulk import LOOKALIKES, REPS, deals, filled_template, rows
from tests.workbook_values import Recalculated, block_rows, cell
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.funnel import figures
from xlsales.funnel import layout as L
from xlsales.funnel.inputs import parse_deals, parse_stages
from xlsales.funnel.vocab import DEFAULT_STAGES, STAGE_COLUMNS, stage_table
from xlsales.funnel.workbook import check

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
LANG = "zh-CN"
AS_OF = dt.date.today()  # the empty template's as-of date is =TODAY(), recalculated now


@pytest.fixture(scope="module", params=[1, 250, 5_000, 50_000])
def grown(request, tmp_path_factory):
    n = request.param
    folder = tmp_path_factory.mktemp(f"grown-{n}")
    values = deals(n, AS_OF, LANG)
    source = filled_template(folder / "funnel.xlsx", values, LANG)
    result = libreoffice.recalculate(source, folder / "out")
    stages = parse_stages([[c.label(LANG) for c in STAGE_COLUMNS]] + stage_table(DEFAULT_STAGES, LANG), "阶段").frame
    parsed = parse_deals(rows(values, LANG), "商机", list(stages["stage"]))
    # only the summary and forecast sheets are read with openpyxl: 50,000 deal rows that way are slow
    sheets = Recalculated.read(result, [L.SHEET_SUMMARY(LANG), L.SHEET_FORECAST(LANG)])
    return n, result, sheets, parsed.frame, stages


def test_no_error_cells(grown):
    assert libreoffice.error_cells(grown[1]) == []


def test_every_deal_counts_in_the_summary(grown):
    n, _, sheets, deals_frame, stages = grown
    value = cell(sheets, L.SUMMARY, LANG)
    alerts = figures.deal_alerts(deals_frame, stages, AS_OF)
    assert value("open_deals") == figures.stage_summary(deals_frame, stages)["count"].sum()
    assert value("pipeline") == pytest.approx(figures.total_pipeline(deals_frame, stages))
    assert value("weighted") == pytest.approx(figures.weighted_pipeline(deals_frame, stages))
    rate = figures.win_rate(deals_frame)
    assert value("win_rate") in (None, "") if rate is None else value("win_rate") == pytest.approx(rate)
    cycle = figures.sales_cycle(deals_frame)["mean_days"]
    assert value("cycle") in (None, "") if cycle is None else value("cycle") == pytest.approx(cycle)
    assert value("stale") == alerts["stale"].sum() and value("slipped") == alerts["slipped"].sum()
    if n >= 5_000:  # far past the 200 alert rows the template used to have
        assert value("stale") > 200 and value("slipped") > 200


def test_per_stage_and_forecast_match_the_core(grown):
    n, _, sheets, deals_frame, stages = grown
    summary = figures.stage_summary(deals_frame, stages)
    for i, row in enumerate(block_rows(sheets, L.SUMMARY, "stages", LANG)[:len(stages)]):
        assert row["count"] == summary.at[i, "count"]
        assert row["weighted"] == pytest.approx(summary.at[i, "weighted"])
    months = figures.forecast_by_month(deals_frame, stages).set_index("period")
    for row in block_rows(sheets, L.FORECAST, "months", LANG):
        key = f"{row['start'].year}-{row['start'].month:02d}"
        want = months.loc[key] if key in months.index else pd.Series({"weighted": 0.0, "won": 0.0})
        assert row["weighted"] == pytest.approx(want["weighted"]) and row["won"] == pytest.approx(want["won"])


def test_every_rep_gets_their_own_figures_whatever_their_name(grown):
    """王? must not count 王五's deals, 李* not 李四's, =赵六 not 赵六's, ~x not x's, <5 not 4's."""
    n, _, sheets, deals_frame, stages = grown
    reps = {row["owner"]: row for row in block_rows(sheets, L.FORECAST, "reps", LANG) if row["owner"]}
    assert list(reps) == REPS
    weighted = figures.weighted_by_owner(deals_frame, stages)
    rates = figures.win_rates_by_owner(deals_frame).set_index("owner")
    for name, row in reps.items():
        assert row["weighted"] == pytest.approx(weighted.get(name, 0.0)), name
        won = int(rates.loc[name, "won"]) if name in rates.index else 0
        assert row["won"] == won, name
    if n >= 50:  # the look-alikes are there, to be missed
        assert set(LOOKALIKES[:2]) <= set(deals_frame["owner"].astype(object))


def test_the_problem_counter_equals_what_check_reports(grown):
    n, result, sheets, _, _ = grown
    errors = [p for p in check(read_sheets(result), read_tables(result)) if p.severity == "error"]
    assert cell(sheets, L.SUMMARY, LANG)("problems") == len(errors)
    if n >= 50:
        # the planted ones: text number, text date, unknown stage, owner not listed, status, 8C1F0W, 1.5 pushes
        assert {p.column for p in errors} >= {"amount", "created", "stage", "owner", "status", "clarity", "pushes"}
