"""The review workbook's dashboard in LibreOffice 25.2: first and active, one landscape page, tiles, the ranking by
score and the projects below the pass mark equal to the Python core, no chart series past the reps in use; the demo
prints far fewer pages than the 52 it took before the dashboards (issue 13)."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.dashboard_checks import blank_chart_cells, check_printing
from tests.workbook_values import Recalculated, block_rows, cell
from xlsales import libreoffice
from xlsales.i18n import LANGS
from xlsales.review import layout as L
from xlsales.review import scoring
from xlsales.review.demo import demo_review, frames
from xlsales.templates.build import write_workbook
from xlsales.templates.review import SPEC

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
DATE = dt.date(2026, 11, 23)
PAGES_BEFORE = 52  # the demo printed before issue 13


@pytest.fixture(scope="module", params=LANGS)
def demo(request, tmp_path_factory):
    lang, folder = request.param, tmp_path_factory.mktemp(f"review-dashboard-{request.param}")
    data = demo_review(DATE)
    built = write_workbook(SPEC, lang, folder / "review-demo.xlsx", data)
    result = libreoffice.recalculate(built, folder / "out")
    session, projects = frames(data)
    ranking = scoring.ranking(scoring.listener_scores(session.ratings, session.panel), list(projects.frame["rep"]))
    names = load_workbook(built, read_only=True).sheetnames
    return lang, folder, built, Recalculated.read(result, names), ranking


def test_opens_on_the_dashboard(demo):
    lang, _, built, _, _ = demo
    wb = load_workbook(built)
    assert wb.sheetnames[0] == L.SHEET_DASHBOARD(lang) and wb.active.title == L.SHEET_DASHBOARD(lang)


def test_tiles_equal_the_core(demo):
    lang, _, _, wb, ranking = demo
    tile = cell(wb, L.DASHBOARD, lang)
    totals = ranking["total"].dropna()
    below = scoring.below_pass_mark(ranking, L.PASS_MARK)
    first = ranking.loc[ranking["first"], "rep"].iloc[0]
    assert (tile("reviewed"), tile("reviewed_listed")) == (len(totals), len(ranking))
    assert tile("average") == pytest.approx(totals.mean())
    assert tile("average_pass_mark_delta") == pytest.approx(totals.mean() - L.PASS_MARK)
    assert (tile("best"), tile("best_rep")) == (pytest.approx(totals.max()), first)
    assert (tile("below"), tile("below_reviewed")) == (int(below.sum()), len(totals))
    assert tile("spread") == pytest.approx(ranking["spread"].max()) and tile("problems") == 0
    # the demo session, written out: 55, 70 and 75 points; 小王 is the one below 60
    assert sorted(totals) == [55, 70, 75] and list(ranking.loc[below, "rep"]) == ["小王"]


def test_the_ranking_chart_data_is_in_score_order(demo):
    lang, _, _, wb, ranking = demo
    ordered = ranking.sort_values("total", ascending=False, kind="stable")
    rows = block_rows(wb, L.DASHBOARD, "ranked", lang)
    assert [r["rep"] for r in rows[:len(ordered)]] == list(ordered["rep"])
    assert [r["total"] for r in rows[:len(ordered)]] == pytest.approx(list(ordered["total"]))
    assert all(r["rep"] in (None, "") for r in rows[len(ordered):])


def test_attention_lists_the_projects_below_the_pass_mark_with_links(demo):
    lang, _, _, wb, ranking = demo
    below = ranking[scoring.below_pass_mark(ranking, L.PASS_MARK)]
    rows = [r for r in block_rows(wb, L.DASHBOARD, "attention", lang) if r["rep"] not in (None, "")]
    assert [(r["rep"], r["total"], r["link"]) for r in rows] == [
        (w.rep, pytest.approx(w.total), f"→ {w.rep}") for w in below.itertuples()]


def test_no_chart_series_reaches_past_the_data(demo):
    _, _, built, wb, _ = demo
    assert blank_chart_cells(built, wb) == []


def test_the_dashboard_prints_on_one_page_and_the_demo_far_fewer(demo):
    lang, folder, built, _, _ = demo
    check_printing(lang, built, folder, PAGES_BEFORE // 2)
