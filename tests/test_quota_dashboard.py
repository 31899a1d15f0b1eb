"""The quota workbook's dashboard in LibreOffice 25.2: first and active, one landscape page, its tiles and lists equal
to the Python core, and no chart series reaching past the weeks and reps in use; the demo prints far fewer pages
than the 37 it took before the dashboards (issue 13)."""

import pytest
from openpyxl import load_workbook

from tests.dashboard_checks import blank_chart_cells, check_printing
from tests.quota_compare import core
from tests.workbook_values import Recalculated, block_rows, cell
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.i18n import LANGS
from xlsales.quota import layout as L
from xlsales.quota.demo import demo_quota
from xlsales.quota.tracking import team_signing_chart
from xlsales.quota.vocab import SIGNED
from xlsales.templates.build import write_workbook
from xlsales.templates.quota import SPEC

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
PAGES_BEFORE = 37  # the demo printed before issue 13


@pytest.fixture(scope="module", params=LANGS)
def demo(request, tmp_path_factory):
    lang, folder = request.param, tmp_path_factory.mktemp(f"quota-dashboard-{request.param}")
    built = write_workbook(SPEC, lang, folder / "quota-demo.xlsx", demo_quota())
    result = libreoffice.recalculate(built, folder / "out")
    team, _ = core(read_sheets(result), read_tables(result))
    return lang, folder, built, Recalculated(read_sheets(result)), team


def test_opens_on_the_dashboard(demo):
    lang, _, built, _, _ = demo
    wb = load_workbook(built)
    assert wb.sheetnames[0] == L.SHEET_DASHBOARD(lang) and wb.active.title == L.SHEET_DASHBOARD(lang)


def test_tiles_equal_the_core(demo):
    lang, _, _, wb, team = demo
    tile = cell(wb, L.DASHBOARD, lang)
    target = team.settings.company_target
    bottom_up = team.reconciliation.bottom_up_total
    running = team_signing_chart(team.weekly, team.pace, team.settings.working_weeks, team.week).set_index("week")
    signed, pace = running.at[team.week, "signed_to_date"], running.at[team.week, "signed_pace_to_date"]
    behind = int(team.tracking["bottleneck"].sum())
    assert (tile("target"), tile("bottom_up"), tile("bottom_up_target_delta")) == (target, bottom_up, bottom_up - target)
    assert tile("signed") == pytest.approx(signed) and tile("signed_pace") == pytest.approx(pace)
    assert tile("signed_pace_delta") == pytest.approx(signed - pace)
    assert (tile("week"), tile("behind"), tile("behind_reps"), tile("problems")) == (team.week, behind, len(team.reps), 0)
    # the worked case, written out: 6 weeks of 600,000 over 52 → 69,231 due; 96,000 signed; both reps behind somewhere
    assert (round(pace), signed, behind) == (69_231, 96_000, 2)


def test_each_rep_signed_against_pace(demo):
    lang, _, _, wb, team = demo
    signed = team.tracking[team.tracking["activity"] == SIGNED].reset_index(drop=True)
    rows = block_rows(wb, L.DASHBOARD, "rep_signed", lang)
    for got, want in zip(rows, signed.to_dict("records")):
        assert (got["rep"], got["signed"]) == (want["rep"], want["actual_to_date"])
        assert got["pace"] == pytest.approx(want["pace_to_date"])
    assert all(row["rep"] in (None, "") for row in rows[len(signed):])


def test_attention_lists_each_rep_behind_with_a_link(demo):
    lang, _, _, wb, team = demo
    necks = team.tracking[team.tracking["bottleneck"]]
    rows = [r for r in block_rows(wb, L.DASHBOARD, "attention", lang) if r["rep"] not in (None, "")]
    assert [r["rep"] for r in rows] == list(necks["rep"])
    assert [r["shortfall"] for r in rows] == pytest.approx(list(necks["shortfall"]))
    assert all(r["link"] == f"→ {r['rep']}" for r in rows)


def test_no_chart_series_reaches_past_the_data(demo):
    _, _, built, wb, _ = demo
    assert blank_chart_cells(built, wb) == []


def test_the_dashboard_prints_on_one_page_and_the_demo_far_fewer(demo):
    lang, folder, built, _, _ = demo
    check_printing(lang, built, folder, PAGES_BEFORE // 2)
