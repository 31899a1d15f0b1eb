"""The quota workbook recalculated by LibreOffice 25.2: no error cells, and every native figure equals the Python core.

Three copies: the texts' worked case (demo copy, both languages), and a variant that takes the other branches of
the formulas: split by ability weight, a rep with a mix of their own, a visit pace above a rep's capacity, no
current week set (the latest reported week is tracked), and a weekly pace of 4.0000004 visits, which must round
up to 5 in both (issue 10: ceil(round(x, 6)) gave 4). And the empty templates: no error cells either (issue 15.7:
156 #VALUE! on the pace chart). Addresses come from the description (xlsales/quota/layout.py).
"""

import pytest

from tests.lo_compare import LIBREOFFICE
from tests.quota_compare import chart_gaps, chart_rows, core, key_figures, mix_rows, plan_rows, tracking_rows, weekly_rows
from tests.workbook_values import Recalculated, block_rows, cell
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.i18n import LANGS
from xlsales.quota import layout as L
from xlsales.quota.demo import DemoQuota, demo_quota
from xlsales.quota.workbook import check
from xlsales.templates.build import write_workbook
from xlsales.templates.quota import SPEC

pytestmark = LIBREOFFICE
ROUND_UP_PACE = 4.0000004  # visits a week that ceil(round(x, 6)) "rounded up" to 4


def variant() -> DemoQuota:
    data = demo_quota()
    settings = data.settings.model_copy(update={"split": "weighted", "current_week": None})
    reps = [dict(data.reps[0], capacity=4), data.reps[1], {"rep": "小张", "weight": 0.5}]
    own = [{"rep": "小李", "product_line": "旗舰项目", "unit_price": 90_000, "count": 4, "visits_per_deal": 10,
            "win_rate": 0.25},
           {"rep": "小张", "product_line": "巡店", "unit_price": 1_000, "count": 52, "visits_per_deal": ROUND_UP_PACE,
            "win_rate": 1}]
    weekly = [w for w in data.weekly if not (w["rep"] == "小李" and w["week"] == 6)]
    return DemoQuota(settings=settings, reps=reps, mix=data.mix + own, weekly=weekly)


CASES = {"worked-zh": ("zh-CN", demo_quota), "worked-en": ("en", demo_quota), "variant-zh": ("zh-CN", variant)}


@pytest.fixture(scope="module", params=list(CASES))
def recalculated(request, tmp_path_factory):
    lang, make = CASES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    result = libreoffice.recalculate(write_workbook(SPEC, lang, folder / "quota-demo.xlsx", make()), folder / "out")
    sheets, tables = read_sheets(result), read_tables(result)
    assert check(sheets, tables) == check(sheets) and not [p for p in check(sheets, tables) if p.severity == "error"]
    return request.param, lang, result, Recalculated(read_sheets(result)), *core(sheets, tables)


def test_no_error_cells(recalculated):
    """Nothing but the #N/A that ends the pace chart's lines after the tracked week."""
    _, lang, result, wb, *_ = recalculated
    assert set(libreoffice.error_cells(result)) == chart_gaps(wb, lang) != set()


def test_key_figures_and_plan_rows_match_core(recalculated):
    name, lang, _, wb, team, _ = recalculated
    assert key_figures(wb, lang, team, 0) == []
    assert plan_rows(wb, lang, team) == []
    value = cell(wb, L.PLAN, lang)
    assert value("over_capacity") == (1 if name == "variant-zh" else 0) and value("mix_short") >= 1
    if name == "variant-zh":  # the other branches: weights 1 : 1.2 : 0.5, 小李's own mix, 小王 over capacity
        assert team.split["top_down"].tolist() == pytest.approx([600_000 / 2.7, 600_000 * 1.2 / 2.7, 600_000 * 0.5 / 2.7])
        rows = {row["rep"]: row for row in block_rows(wb, L.PLAN, "reps", lang) if row["rep"]}
        assert rows["小李"]["mix_source"] == "小李" and rows["小王"]["over_capacity"] == 1
        assert rows["小张"]["visits_per_week"] == pytest.approx(ROUND_UP_PACE)
        assert rows["小张"]["visits_per_week_rounded"] == 5 == team.reps.set_index("rep").at["小张",
                                                                                             "visits_per_week_rounded"]


def test_mix_columns_match_core(recalculated):
    _, lang, _, wb, _, inputs = recalculated
    assert mix_rows(wb, lang, inputs) == []


def test_weekly_columns_match_core(recalculated):
    _, lang, _, wb, team, _ = recalculated
    assert weekly_rows(wb, lang, team) == []


def test_tracking_summary_matches_core(recalculated):
    _, lang, _, wb, team, _ = recalculated
    assert tracking_rows(wb, lang, team) == []
    assert cell(wb, L.SUMMARY, lang)("tracked_week") == team.week == 6  # the variant: the latest week reported
    assert team.tracking["bottleneck"].sum() >= 2  # the case is not vacuous


def test_chart_rows_match_core(recalculated):
    _, lang, _, wb, team, _ = recalculated
    assert chart_rows(wb, lang, team) == []


def test_the_texts_worked_case(recalculated):
    """The seed's figures written out, not taken from the core: 60万 → 30万 each; mix 294,000 (−6,000 against the
    target); 252 visits → 4.85 a week → 5; 93 opportunities by win rate beside the text's 222."""
    name, lang, _, wb, _, _ = recalculated
    if name == "variant-zh":
        return
    rows = block_rows(wb, L.PLAN, "reps", lang)[:2]
    for row in rows:
        assert (row["top_down"], row["mix_amount"], row["mix_gap"]) == (300_000, 294_000, -6_000)
        assert row["visits"] == pytest.approx(252) and row["visits_per_week"] == pytest.approx(252 / 52)
        assert row["visits_per_week_rounded"] == 5 and row["opportunities_per_week_rounded"] == 5
        assert row["opportunities_by_win"] == pytest.approx(93) and row["opportunities_planned"] == pytest.approx(222)


@pytest.mark.parametrize("lang", LANGS)
def test_the_empty_template_recalculates_without_error_cells(lang, tmp_path):
    """Issue 15.7: the empty template showed 156 #VALUE! on the pace chart. Its one problem is the missing target."""
    result = libreoffice.recalculate(write_workbook(SPEC, lang, tmp_path / "quota.xlsx"), tmp_path / "out")
    assert libreoffice.error_cells(result) == []
    errors = [p for p in check(read_sheets(result), read_tables(result)) if p.severity == "error"]
    assert [p.column for p in errors] == ["company_target"]
    value = cell(Recalculated(read_sheets(result)), L.PLAN, lang)
    assert value("problems") == 1 and value("top_down_total") == 0 and value("tracked_week") == 0

