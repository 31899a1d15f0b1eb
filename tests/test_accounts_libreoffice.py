"""The demo and the empty accounts workbook recalculated by LibreOffice 25.2: no error cells, and every native
figure equals the Python core on the same data. Addresses come from the workbook's description
(xlsales/accounts/layout.py), never typed here."""

import datetime as dt

import pandas as pd
import pytest

from tests.lo_compare import LIBREOFFICE, recalculated_template
from tests.workbook_values import block_rows, cell, table_frame
from xlsales import libreoffice
from xlsales.accounts import calls, classes, plan, qualify, relations, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.demo import demo_accounts, parsed_tables
from xlsales.accounts.labels import COVERAGE, DUE, PRIORITY
from xlsales.accounts.levels import rep_levels
from xlsales.accounts.settings import MAX_CALLS_PER_DAY, PARAMETERS, ClassRules, TierRules
from xlsales.accounts.vocab import PROGRESS, REP_LEVELS, ROLES, VERDICTS
from xlsales.templates.accounts import SPEC

pytestmark = LIBREOFFICE
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def recalculated(request, tmp_path_factory):
    lang, data = request.param, demo_accounts(AS_OF)
    result, wb = recalculated_template(SPEC, lang, tmp_path_factory.mktemp(f"accounts-{lang}"), data)
    return lang, result, wb, data, {k: v.frame for k, v in parsed_tables(data, lang).items()}


def blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def text(value) -> str:
    return "" if blank(value) else value


def same(got, want) -> bool:
    """A sheet value equals the Python figure (blank for NaN/None; numbers to float precision)."""
    if want is None or (isinstance(want, float) and pd.isna(want)) or want is pd.NaT:
        return blank(got)
    if isinstance(want, str):
        return got == want
    if isinstance(want, (bool,)) or hasattr(want, "dtype") and want.dtype == bool:
        return bool(got) == bool(want)
    if isinstance(want, pd.Timestamp):
        return got == want.to_pydatetime()
    return isinstance(got, (int, float)) and got == pytest.approx(float(want), rel=1e-12, abs=1e-9)


def test_no_error_cells(recalculated):
    _, result, *_ = recalculated
    assert libreoffice.error_cells(result) == []


def test_settings_in_use_and_the_data_check(recalculated):
    lang, _, wb, data, frames = recalculated
    value = cell(wb, L.SETTINGS, lang)
    much, large = tiers.thresholds(frames["accounts"], TierRules())
    assert value("much_business_min_in_use") == pytest.approx(much)
    assert value("large_potential_min_in_use") == pytest.approx(large)
    assert value("as_of_in_use").date() == AS_OF and value("call_owner_in_use") == data.reps[0][0]
    for p in PARAMETERS:
        assert value(f"{p.key}_problem") == 0, p.key
        if p.default is not None:
            assert value(f"{p.key}_in_use") == pytest.approx(p.default), p.key
    assert value("problems") == 0 and all(value(k) == 0 for k in L.CHECK_KEYS)
    weights = block_rows(wb, L.SETTINGS, "weights_in_use", lang)
    assert [r["weight"] for r in weights] == [1, 1, 1, 3, 2, 1, 2, 5, 4, 3, 2, 1]


def test_accounts_tiers_classes_and_closeness(recalculated):
    lang, _, wb, _, frames = recalculated
    accounts = frames["accounts"]
    tiered = tiers.tiers(accounts).set_index("account")
    classed = classes.classify(accounts).set_index("account")
    closeness = relations.account_closeness(frames["people"])
    shown = table_frame(wb, L.ACCOUNTS_SHEET, L.ACCOUNTS, lang)
    assert list(shown["account"]) == list(accounts["account"])
    for row in shown.to_dict("records"):
        name = row["account"]
        expected = tiered.loc[name]
        for key in ("target", "headroom", "share", "tier", "rank"):
            assert same(row[key], expected[key]), (name, key)
        assert (row["suggested"] == L.CHECK) == bool(expected["suggested"])
        assert same(row["ahead"], classed.at[name, "ahead"])
        assert row["class"] == classed.at[name, "class"]
        people = closeness.loc[name] if name in closeness.index else None
        assert row["people"] == (0 if people is None else people["people"])
        assert same(row["overall"], None if people is None else people["overall"])
        assert row["problems"] == 0
    assert (shown["suggested"] == L.CHECK).sum() == 15


def test_people_weights_and_overall(recalculated):
    lang, _, wb, _, frames = recalculated
    scored = relations.people_closeness(frames["people"])
    shown = table_frame(wb, L.PEOPLE_SHEET, L.PEOPLE, lang)
    assert list(shown["role_std"]) == [ROLES[r](lang) for r in scored["role"]]
    assert list(shown["weight"]) == pytest.approx(list(scored["weight"]))
    assert list(shown["overall"]) == pytest.approx(list(scored["overall"]))
    assert list(shown["weighted"]) == pytest.approx(list(scored["weight"] * scored["overall"]))
    assert (shown["problems"] == 0).all()


def test_plan_and_monthly_review(recalculated):
    lang, _, wb, _, frames = recalculated
    review = plan.review(frames["plan"], frames["monthly"], AS_OF)
    tiered = tiers.tiers(frames["accounts"]).set_index("account")
    shown = table_frame(wb, L.PLAN_SHEET, L.PLAN, lang)
    assert list(shown["account"]) == list(review["account"])
    for row, expected in zip(shown.itertuples(), review.itertuples()):
        for key in ("expected", "actual", "gap", "attainment"):
            assert same(getattr(row, key), getattr(expected, key)), key
        assert same(row.target, tiered.at[expected.account, "target"])
        assert same(row.headroom, tiered.at[expected.account, "headroom"])
        assert row.problems == 0
    monthly = table_frame(wb, L.MONTHLY_SHEET, L.MONTHLY, lang)
    assert list(monthly["month_start"]) == list(frames["monthly"]["month"].dt.to_pydatetime())
    assert (monthly["in_plan"] == 1).all() and (monthly["problems"] == 0).all()
    months = plan.review_months(frames["plan"], frames["monthly"], AS_OF)
    rows = block_rows(wb, L.REVIEW, "months", lang)
    assert len(months) == 12
    for got, want in zip(rows, months.itertuples()):
        for key in L.REVIEW_MONTHS_BLOCK.columns:
            assert same(got[key.key], getattr(want, key.key)), (want.month, key.key)
    assert all(blank(r["month"]) for r in rows[len(months):])
    value = cell(wb, L.REVIEW, lang)
    assert value("start") == months["month"].iloc[0] and value("end") == months["month"].iloc[-1]
    by_tier = plan.review_by_tier(frames["plan"], frames["monthly"], AS_OF)
    for got, want in zip(block_rows(wb, L.REVIEW, "tiers", lang), by_tier.itertuples()):
        assert [got[k] for k in plan.TIER_COLUMNS] == [pytest.approx(getattr(want, k)) for k in plan.TIER_COLUMNS]


def test_team_health(recalculated):
    lang, _, wb, data, frames = recalculated
    accounts = frames["accounts"]
    reps = [r for r, _ in data.reps]
    classed = classes.classify(accounts)
    pareto = classes.accounts_for(accounts)
    by_reps = classes.reps_for(classed, reps)
    value = cell(wb, L.HEALTH, lang)
    assert value("total_revenue") == accounts["revenue"].sum()
    assert (value("accounts"), value("accounts_80")) == (pareto.of, pareto.count)
    assert value("accounts_share") == pytest.approx(pareto.share_of_items)
    assert (value("reps"), value("reps_80")) == (by_reps.of, by_reps.count)
    assert value("reps_share") == pytest.approx(by_reps.share_of_items)
    effort = classes.effort(classed, ClassRules(), reps=len(reps))
    for got, want in zip(block_rows(wb, L.HEALTH, "classes", lang), effort.itertuples()):
        assert got["class"] == want._1 and got["accounts"] == want.accounts
        for key in ("revenue", "revenue_share", "effort_share", "days_per_account"):
            assert same(got[key], getattr(want, key)), key
    rows = block_rows(wb, L.HEALTH, "reps", lang)
    per_rep = classes.revenue_by_rep(classed, reps)
    for got, want in zip(rows, per_rep.itertuples()):
        assert got["rep"] == want.rep
        assert [got[k] for k in ("revenue", "share", "A", "B", "C")] == pytest.approx(
            [want.revenue, want.share, want.A, want.B, want.C])
    assert all(blank(r["rep"]) for r in rows[len(reps):])


def test_qualification_and_decision_chains(recalculated):
    lang, _, wb, _, frames = recalculated
    result = qualify.qualify(frames["qualification"])
    chains = relations.chain_closeness(frames["people"])
    shown = table_frame(wb, L.QUALIFY_SHEET, L.QUALIFY, lang)
    assert list(shown["deal"]) == list(result["deal"])
    separator = "、" if lang == "zh-CN" else ", "
    for row, expected in zip(shown.itertuples(), result.itertuples()):
        assert row.score == pytest.approx(expected.score)
        assert row.verdict == VERDICTS[expected.verdict](lang)
        assert text(row.missing) == qualify.item_list(expected.missing, lang)
        chain = chains.loc[expected.deal]
        assert row.chain_people == chain["people"]
        assert row.chain_overall == pytest.approx(chain["overall"])
        assert text(row.chain_missing) == separator.join(ROLES[k](lang) for k in relations.missing_roles(chain))
        assert row.problems == 0
    assert set(shown["verdict"]) == {t(lang) for t in VERDICTS.values()}  # the demo shows every verdict


def test_rep_levels(recalculated):
    lang, _, wb, _, frames = recalculated
    expected = rep_levels(frames["levels"])
    shown = table_frame(wb, L.LEVELS_SHEET, L.LEVELS, lang)
    assert list(shown["rated"]) == list(expected["rated"])
    assert list(shown["mean"]) == pytest.approx(list(expected["mean"]))
    assert list(shown["level"]) == [REP_LEVELS[k](lang) for k in expected["level"]]


def test_customers_and_the_call_list(recalculated):
    lang, _, wb, data, frames = recalculated
    customers = frames["customers"]
    owner = data.reps[0][0]
    ranked = calls.priorities(customers, AS_OF, owner)
    shown = table_frame(wb, L.CUSTOMERS_SHEET, L.CUSTOMERS, lang)
    assert len(shown) == len(customers) == 1000
    for row, expected in zip(shown.itertuples(), ranked.itertuples()):
        assert (row.due, row.hot, row.callable) == (expected.due, expected.hot, expected.callable)
        assert same(row.score, expected.score) and same(row.rank, expected.rank)
        assert row.progress_label == PROGRESS[int(expected.progress)](lang)
        label = DUE if expected.due else PRIORITY if expected.hot else COVERAGE
        assert text(row.reason) == (label(lang) if expected.callable else "")
    chosen = calls.call_list(customers, AS_OF, 60, owner)
    coverage = calls.coverage(int((customers["owner"] == owner).sum()))
    value = cell(wb, L.CALLS, lang)
    assert (value("customers"), value("calls"), value("days_to_cover")) == (
        coverage.customers, len(chosen), coverage.days_to_cover)
    assert value("monthly_share") == pytest.approx(coverage.monthly_share)
    assert value("limit") == MAX_CALLS_PER_DAY
    listed = [r for r in block_rows(wb, L.CALLS, "calls", lang) if not blank(r["n"])]
    assert len(listed) == len(chosen) == 60
    assert [r["customer"] for r in listed] == list(chosen["customer"])
    assert all(r["owner"] == owner for r in listed) and listed[0]["reason"] == DUE(lang)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_empty_template_has_no_error_cells(lang, tmp_path):
    result, wb = recalculated_template(SPEC, lang, tmp_path)
    assert libreoffice.error_cells(result) == []
    assert cell(wb, L.SETTINGS, lang)("problems") == 0
    assert cell(wb, L.SETTINGS, lang)("as_of_in_use").date() == dt.date.today()
    assert blank(cell(wb, L.HEALTH, lang)("accounts_share")) and cell(wb, L.CALLS, lang)("calls") == 0
    assert blank(cell(wb, L.REVIEW, lang)("start"))
