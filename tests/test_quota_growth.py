"""The EMPTY quota template filled as a user fills it — reps, mix lines and weekly rows typed or pasted into its
tables, Excel extending the tables and their calculated columns — at sizes past every fixed block the old
template had, recalculated by LibreOffice: every figure equals the Python core, and the data-problem counter
equals the errors `check` reports (issue 15).

Before: the weekly table had 260 formula rows, the mix validation 60 lines, the plan 30 rep rows (silently), the
empty template showed 156 #VALUE! cells on the pace chart, and reps named 王? or 李* got other reps' figures."""

import pytest

from tests.quota_bulk import TRICKY, filled_template, set_cells, team
from tests.quota_compare import chart_gaps, chart_rows, core, key_figures, mix_rows, plan_rows, tracking_rows, weekly_rows
from tests.workbook_values import Recalculated, cell
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.quota import layout as L
from xlsales.quota.workbook import check
from xlsales.sharing.xlsxrows import Package

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
LANG = "zh-CN"
# (reps, weeks, mix lines, current week): one of each; every block full (30 reps × 53 weeks = 1,590 weekly rows
# against the old 260 formula rows, 62 lines against 60, the pace chart's 53 weeks); past the reps' capacity with
# 5,000 weekly rows (100 reps × 50 weeks: check names the 31st rep, the plan lists the first 30).
SIZES = {"one": (1, 1, 1, None), "full": (L.MAX_REPS, L.MAX_WEEKS, 62, None), "past-capacity": (100, 50, 100, 40)}


@pytest.fixture(scope="module", params=list(SIZES))
def grown(request, tmp_path_factory):
    reps, weeks, lines, week = SIZES[request.param]
    folder = tmp_path_factory.mktemp(f"quota-{request.param}")
    data = team(reps, weeks, lines, LANG, current_week=week)
    source = filled_template(folder / "quota.xlsx", data, LANG)
    package = Package(source.read_bytes())  # the chart shows the first rep: 王?, a name COUNTIFS reads as a pattern
    set_cells(package, L.SHEET_CHART(LANG), {L.CHART.address("rep"): data.reps["rep"][0]})
    source.write_bytes(package.to_bytes())
    result = libreoffice.recalculate(source, folder / "out")
    sheets, tables = read_sheets(result), read_tables(result)
    errors = [p for p in check(sheets, tables) if p.severity == "error"]
    return request.param, data, result, Recalculated(read_sheets(result)), errors, *core(sheets, tables)


def test_no_error_cells(grown):
    """Nothing but the #N/A that ends the pace chart's lines after the tracked week."""
    assert set(libreoffice.error_cells(grown[2])) == chart_gaps(grown[3], LANG)


def test_the_problem_counter_equals_what_check_reports(grown):
    name, data, _, wb, errors, _, _ = grown
    assert cell(wb, L.PLAN, LANG)("problems") == len(errors)
    if name == "past-capacity":  # the plan lists 30 reps: the 31st is named, the counter counts it
        (problem,) = errors
        assert problem.column == "rep" and problem.found == str(len(data.reps["rep"]))
        assert problem.cell == f"{L.REPS.letter('rep')}{L.REPS.first_row + L.MAX_REPS}"
    else:
        assert errors == []


def test_key_figures_and_the_plan_match_the_core(grown):
    _, _, _, wb, errors, team, _ = grown
    assert key_figures(wb, LANG, team, len(errors)) == []
    assert plan_rows(wb, LANG, team) == []
    assert len(team.reps) == min(len(team.split), L.MAX_REPS)


def test_the_tracking_summary_matches_the_core(grown):
    name, _, _, wb, _, team, _ = grown
    assert tracking_rows(wb, LANG, team) == []
    if name != "one":
        assert team.tracking["bottleneck"].sum() > 1  # the case is not vacuous


def test_every_weekly_row_and_mix_line_matches_the_core(grown):
    name, data, _, wb, _, team, inputs = grown
    assert weekly_rows(wb, LANG, team) == []
    assert mix_rows(wb, LANG, inputs) == []
    assert len(inputs.weekly.frame) == len(data.weekly["rep"]) and len(inputs.mix.frame) == len(data.mix["rep"])


def test_the_pace_chart_matches_the_core(grown):
    _, _, _, wb, _, team, _ = grown
    assert chart_rows(wb, LANG, team) == []


def test_every_rep_gets_their_own_figures_whatever_their_name(grown):
    """王? must not count 王五's weeks, 李* not 李四's, =赵六 not 赵六's, ~x not x's, <5 not 4's."""
    name, _, _, _, _, team, _ = grown
    if name == "one":
        return
    actual = team.tracking.set_index(["rep", "activity"])["actual_to_date"]
    for pattern, lookalike in zip(TRICKY[::2], TRICKY[1::2]):
        assert actual[(pattern, "visits")] > 0 and actual[(lookalike, "visits")] > 0  # both there, to be confused
