"""The accounts workbook's dashboard in LibreOffice 25.2: first and active, one landscape page, tiles (revenue, the
top 20% of accounts' share, the 15 accounts' actual against expected, accounts behind plan, today's calls) and the
accounts behind plan equal to the Python core; no chart series past the rows in use; the demo prints far fewer pages
than the 194 it took before the dashboards (issue 13)."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.dashboard_checks import blank_chart_cells, check_printing
from tests.workbook_values import Recalculated, block_rows, cell
from xlsales import libreoffice
from xlsales.accounts import calls, classes, plan
from xlsales.accounts import layout as L
from xlsales.accounts.demo import demo_accounts, parsed_tables
from xlsales.i18n import LANGS
from xlsales.templates.accounts import SPEC
from xlsales.templates.build import write_workbook

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
AS_OF = dt.date(2026, 11, 23)
PAGES_BEFORE = 194  # the demo printed before issue 13


@pytest.fixture(scope="module", params=LANGS)
def demo(request, tmp_path_factory):
    lang, folder = request.param, tmp_path_factory.mktemp(f"accounts-dashboard-{request.param}")
    data = demo_accounts(AS_OF)
    built = write_workbook(SPEC, lang, folder / "accounts-demo.xlsx", data)
    result = libreoffice.recalculate(built, folder / "out")
    frames = {k: v.frame for k, v in parsed_tables(data, lang).items()}
    return lang, folder, built, Recalculated.read(result, load_workbook(built, read_only=True).sheetnames), data, frames


def test_opens_on_the_dashboard(demo):
    lang, _, built, *_ = demo
    wb = load_workbook(built)
    assert wb.sheetnames[0] == L.SHEET_DASHBOARD(lang) and wb.active.title == L.SHEET_DASHBOARD(lang)


def test_tiles_equal_the_core(demo):
    lang, _, _, wb, data, frames = demo
    tile = cell(wb, L.DASHBOARD, lang)
    revenue = frames["accounts"]["revenue"]
    top = classes.top_accounts(revenue)
    reviewed = plan.review(frames["plan"], frames["monthly"], AS_OF)
    behind = plan.behind(reviewed)
    owner = data.reps[0][0]
    customers = frames["customers"]
    assert (tile("revenue"), tile("revenue_accounts")) == (revenue.sum(), int((revenue > 0).sum()))
    assert (tile("top_share_accounts"), tile("top_share")) == (top[0], pytest.approx(top[1]))
    assert tile("actual") == pytest.approx(reviewed["actual"].sum())
    assert tile("actual_expected") == pytest.approx(reviewed["expected"].sum())
    assert tile("actual_expected_delta") == pytest.approx(reviewed["actual"].sum() / reviewed["expected"].sum())
    assert (tile("behind"), tile("behind_plan")) == (int(behind.sum()), len(reviewed))
    assert tile("calls") == len(calls.call_list(customers, AS_OF, 60, owner))
    assert tile("problems") == 0
    # the demo written out: 22 accounts with business, the top 5 (20%, rounded up) bring more than half the revenue
    assert top[0] == 5 and 0.5 < top[1] < 0.8 and 0 < behind.sum() < len(reviewed)


def test_the_pareto_chart_data(demo):
    lang, _, _, wb, data, frames = demo
    effort = classes.effort(classes.classify(frames["accounts"]), reps=len(data.reps))
    rows = block_rows(wb, L.HEALTH, "classes", lang)
    assert [r["accounts_share"] for r in rows] == pytest.approx(list(classes.account_shares(effort)))


def test_attention_lists_the_accounts_behind_plan_with_links(demo):
    lang, _, _, wb, _, frames = demo
    reviewed = plan.review(frames["plan"], frames["monthly"], AS_OF)
    behind = reviewed[plan.behind(reviewed)].head(L.ATTENTION.rows)
    rows = [r for r in block_rows(wb, L.DASHBOARD, "attention", lang) if r["account"] not in (None, "")]
    assert [(r["account"], r["attainment"], r["link"]) for r in rows] == [
        (w.account, pytest.approx(w.attainment), f"→ {w.account}") for w in behind.itertuples()]


def test_no_chart_series_reaches_past_the_data(demo):
    _, _, built, wb, _, _ = demo
    assert blank_chart_cells(built, wb) == []


def test_the_dashboard_prints_on_one_page_and_the_demo_far_fewer(demo):
    lang, folder, built, *_ = demo
    check_printing(lang, built, folder, PAGES_BEFORE // 3)
