"""The EMPTY accounts workbook grows with its data (issue 15): rows appended to its tables the way Excel holds
them (xlsxrows.fill_described: inputs plus every calculated column's formula), recalculated by LibreOffice,
give every figure the Python core computes from the same file — past every fixed block the old template had
(100 accounts, 200 key people, 30 deals, 10 rep rows, 1,000 customers, 15 plan rows, 180 monthly rows, 200
call-list rows). Names a COUNTIF would read as patterns (王?, 李*, =赵六, ~x, <5, >3) sit beside the names
those patterns would match, and each gets its own figures.

Python reads the recalculated file exactly as `xlsales check` reads one (values by sheet, table extents), so
the two sides see the same rows.
"""

import datetime as dt
import random
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests import accounts_book as B
from tests.workbook_values import block_rows, cell, table_frame
from xlsales import libreoffice
from xlsales.accounts import calls, classes, plan, qualify, relations, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.levels import rep_levels
from xlsales.accounts.vocab import ITEM_STATUS, QUALIFY_ITEMS, REP_LEVELS, ROLES, RUBRIC, VERDICTS
from xlsales.accounts.workbook import check, read_workbook

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
AS_OF = dt.date(2026, 11, 23)
PATTERNS = ["王?", "王一", "李*", "李四五", "=赵六", "赵六", "~x", "x", "<5", ">3"]  # each beside what it would match
REPS = PATTERNS + ["张伟", "王芳"]
CALLS_PER_DAY = 250  # issue 15.11: more than the old sheet's 200 rows
SIZES = {"zh-CN": (300, 5000), "en": (120, 1200)}  # accounts, customers (key people: three an account)


def _data(lang: str, n_accounts: int, n_customers: int) -> dict[str, list[dict]]:
    rng = random.Random(n_accounts)
    accounts = B.accounts(n_accounts, REPS)
    for account, name in zip(accounts[1:], PATTERNS):  # accounts named like the patterns, with people and plans
        account["account"] = name
    people = B.people(accounts, 3, lang)
    planned = accounts[:20]  # five more than the old 15-row plan
    plan_rows = [{"tier": 1 + i % 3, "account": a["account"], "owner": a["owner"], "goal": 120_000 + 1000 * i}
                 for i, a in enumerate(planned)]
    months = pd.date_range("2026-01-01", periods=12, freq="MS")
    monthly = [{"account": a["account"], "month": m.date(), "expected": 10_000 + 100 * i,
                "actual": rng.choice([None, 8_000, 12_000]) if m.date() <= AS_OF else None}
               for i, a in enumerate(planned) for m in months]
    def choice(vocab: dict, english: bool) -> str | None:
        text = rng.choice([None, *vocab.values()])
        return None if text is None else text("en" if english else lang)

    qualification = [{"deal": f"K{a:04d}", "account": accounts[a]["account"],
                      **{item.key: choice(ITEM_STATUS, (a + j) % 4 == 0) for j, item in enumerate(QUALIFY_ITEMS)}}
                     for a in range(40)]  # past the old 30 rows, some statuses in English
    levels = [{"rep": rep, **{row.key: choice(REP_LEVELS, j % 3 == 0) for j, row in enumerate(RUBRIC)}}
              for rep in REPS]
    return {L.REPS.name: [{"rep": r} for r in REPS], L.ACCOUNTS.name: accounts, L.PEOPLE.name: people,
            L.PLAN.name: plan_rows, L.MONTHLY.name: monthly, L.QUALIFY.name: qualification, L.LEVELS.name: levels,
            L.CUSTOMERS.name: B.customers(n_customers, REPS, AS_OF, lang)}


@pytest.fixture(scope="module", params=list(SIZES))
def grown(request, tmp_path_factory):
    lang = request.param
    data = _data(lang, *SIZES[lang])
    folder = tmp_path_factory.mktemp(f"accounts-grown-{lang}")
    source = folder / "accounts-grown.xlsx"
    source.write_bytes(B.filled(lang, data, {"as_of": dt.datetime(2026, 11, 23), "calls_per_day": CALLS_PER_DAY}))
    started = time.perf_counter()
    result = libreoffice.recalculate(source, folder / "out")
    print(f"\nLibreOffice recalculation, {lang}, {SIZES[lang]}: {time.perf_counter() - started:.1f} s")
    wb = load_workbook(result, data_only=True)
    sheets, extents = B.as_check_reads(wb)
    return lang, result, wb, data, read_workbook(sheets, extents), check(sheets, extents)


def blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def same(got, want) -> bool:
    if want is None or want is pd.NaT or (isinstance(want, float) and pd.isna(want)):
        return blank(got)
    if isinstance(want, str):
        return got == want
    return isinstance(got, (int, float)) and got == pytest.approx(float(want), rel=1e-12, abs=1e-6)


def test_the_tables_grew_and_nothing_is_an_error(grown):
    lang, result, wb, data, book, problems = grown
    for name, records in data.items():
        assert B.body_rows(wb, B.SHEET_OF[name].table(name)) == len(records), name
    assert libreoffice.error_cells(result) == []
    assert [p for p in problems if p.severity == "error"] == []
    value = cell(wb, L.SETTINGS, lang)
    assert value("problems") == 0 and value("calls_per_day_in_use") == CALLS_PER_DAY


def test_accounts_figures(grown):
    lang, _, wb, _, book, _ = grown
    accounts = book.tables[L.ACCOUNTS.name].frame
    settings = book.settings
    tiered = tiers.tiers(accounts, settings.tiers).set_index("account")
    classed = classes.classify(accounts, settings.classes).set_index("account")
    closeness = relations.account_closeness(book.tables[L.PEOPLE.name].frame, settings.weights)
    shown = table_frame(wb, L.ACCOUNTS_SHEET, L.ACCOUNTS, lang)
    assert len(shown) == len(accounts) > 100
    for row in shown.to_dict("records"):
        name = row["account"]
        for key in ("target", "headroom", "share", "tier", "rank"):
            assert same(row[key], tiered.at[name, key]), (name, key)
        assert (row["suggested"] == L.CHECK) == bool(tiered.at[name, "suggested"])
        assert same(row["ahead"], classed.at[name, "ahead"]) and row["class"] == classed.at[name, "class"]
        people = closeness.loc[name] if name in closeness.index else None
        assert row["people"] == (0 if people is None else people["people"]), name
        assert same(row["overall"], None if people is None else people["overall"]), name
    patterns = shown.set_index("account").loc[PATTERNS]
    assert (patterns["people"] > 0).all()  # 王? counts its own people, not 王一's too
    value = cell(wb, L.SETTINGS, lang)
    much, large = tiers.thresholds(accounts, settings.tiers)
    assert (value("much_business_min_in_use"), value("large_potential_min_in_use")) == pytest.approx((much, large))


def test_people_figures(grown):
    lang, _, wb, _, book, _ = grown
    people = book.tables[L.PEOPLE.name].frame
    scored = relations.people_closeness(people, book.settings.weights)
    shown = table_frame(wb, L.PEOPLE_SHEET, L.PEOPLE, lang)
    assert len(shown) == len(people) > 200
    assert list(shown["role_std"]) == [ROLES[r](lang) for r in people["role"]]  # English roles read too
    assert list(shown["weight"]) == pytest.approx(list(scored["weight"]))
    assert list(shown["overall"]) == pytest.approx(list(scored["overall"]))


def test_plan_monthly_and_review(grown):
    lang, _, wb, _, book, _ = grown
    tier_plan, monthly = book.tables[L.PLAN.name].frame, book.tables[L.MONTHLY.name].frame
    review = plan.review(tier_plan, monthly, AS_OF)
    tiered = tiers.tiers(book.tables[L.ACCOUNTS.name].frame, book.settings.tiers).set_index("account")
    shown = table_frame(wb, L.PLAN_SHEET, L.PLAN, lang)
    assert len(shown) == len(review) == 20
    for row, want in zip(shown.to_dict("records"), review.itertuples()):
        for key in ("expected", "actual", "gap", "attainment"):
            assert same(row[key], getattr(want, key)), (want.account, key)
        assert same(row["target"], tiered.at[want.account, "target"])
    assert (table_frame(wb, L.MONTHLY_SHEET, L.MONTHLY, lang)["in_plan"] == 1).all()
    months = plan.review_months(tier_plan, monthly, AS_OF)
    rows = block_rows(wb, L.REVIEW, "months", lang)
    for got, want in zip(rows, months.to_dict("records")):
        assert all(same(got[k], want[k]) for k in plan.MONTH_COLUMNS if k != "month") and got["month"] == want["month"]
    assert all(blank(r["month"]) for r in rows[len(months):])
    by_tier = plan.review_by_tier(tier_plan, monthly, AS_OF)
    for got, want in zip(block_rows(wb, L.REVIEW, "tiers", lang), by_tier.to_dict("records")):
        assert all(same(got[k], want[k]) for k in plan.TIER_COLUMNS)


def test_team_health_per_rep_with_pattern_names(grown):
    lang, _, wb, _, book, _ = grown
    accounts, settings = book.tables[L.ACCOUNTS.name].frame, book.settings
    classed = classes.classify(accounts, settings.classes)
    per_rep = classes.revenue_by_rep(classed, settings.reps)
    rows = block_rows(wb, L.HEALTH, "reps", lang)
    for got, want in zip(rows, per_rep.to_dict("records")):
        assert got["rep"] == want["rep"]
        assert [got[k] for k in ("revenue", "share", "A", "B", "C")] == pytest.approx(
            [want[k] for k in ("revenue", "share", "A", "B", "C")]), want["rep"]
    assert all(blank(r["rep"]) for r in rows[len(per_rep):])
    assert per_rep.set_index("rep").loc[["王?", "李*", "=赵六", "~x", "<5"], "revenue"].gt(0).all()
    pareto, reps = classes.accounts_for(accounts, settings.classes.a_share), classes.reps_for(classed, settings.reps)
    value = cell(wb, L.HEALTH, lang)
    assert (value("accounts"), value("accounts_80"), value("reps"), value("reps_80")) == (
        pareto.of, pareto.count, reps.of, reps.count)
    effort = classes.effort(classed, settings.classes, reps=len(settings.reps))
    for got, want in zip(block_rows(wb, L.HEALTH, "classes", lang), effort.to_dict("records")):
        assert all(same(got[k], want[k]) for k in ("accounts", "revenue", "revenue_share", "days_per_account"))


def test_qualification_and_levels(grown):
    lang, _, wb, _, book, _ = grown
    result = qualify.qualify(book.tables[L.QUALIFY.name].frame, book.settings.qualify)
    chains = relations.chain_closeness(book.tables[L.PEOPLE.name].frame, book.settings.weights)
    shown = table_frame(wb, L.QUALIFY_SHEET, L.QUALIFY, lang)
    assert len(shown) == len(result) == 40
    for row, want in zip(shown.to_dict("records"), result.itertuples()):
        assert row["score"] == pytest.approx(want.score) and row["verdict"] == VERDICTS[want.verdict](lang)
        assert ("" if blank(row["missing"]) else row["missing"]) == qualify.item_list(want.missing, lang)
        chain = chains.loc[want.deal] if want.deal in chains.index else None
        assert row["chain_people"] == (0 if chain is None else chain["people"])
        assert same(row["chain_overall"], None if chain is None else chain["overall"])
    levels = rep_levels(book.tables[L.LEVELS.name].frame, book.settings.levels)
    shown = table_frame(wb, L.LEVELS_SHEET, L.LEVELS, lang)
    assert list(shown["rated"]) == list(levels["rated"])
    assert [("" if blank(v) else v) for v in shown["level"]] == [
        "" if pd.isna(k) else REP_LEVELS[k](lang) for k in levels["level"]]


def test_customers_and_the_whole_call_list(grown):
    """Issue 15.11: with 250 calls a day the call list lists all 250, not 200."""
    lang, _, wb, _, book, _ = grown
    customers, settings = book.tables[L.CUSTOMERS.name].frame, book.settings
    ranked = calls.priorities(customers, settings.as_of, settings.call_owner)
    shown = table_frame(wb, L.CUSTOMERS_SHEET, L.CUSTOMERS, lang)
    assert len(shown) == len(customers) > 1000
    assert list(shown["callable"]) == list(ranked["callable"])
    assert [None if blank(v) else v for v in shown["score"]] == [None if pd.isna(v) else v for v in ranked["score"]]
    assert [None if blank(v) else v for v in shown["rank"]] == [None if pd.isna(v) else v for v in ranked["rank"]]
    chosen = calls.call_list(customers, settings.as_of, settings.calls_per_day, settings.call_owner)
    value = cell(wb, L.CALLS, lang)
    assert value("calls") == len(chosen) == CALLS_PER_DAY and value("customers") == len(customers)
    listed = [r for r in block_rows(wb, L.CALLS, "calls", lang) if not blank(r["n"])]
    assert [r["customer"] for r in listed] == list(chosen["customer"])
    assert [r["owner"] for r in listed] == list(chosen["owner"])
