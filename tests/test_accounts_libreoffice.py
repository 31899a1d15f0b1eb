"""The demo accounts workbook recalculated by LibreOffice 25.2: no error cells, and every native figure
equals the Python core on the same data."""

import datetime as dt
import os

import pandas as pd
import pytest
from openpyxl import load_workbook

from xlsales import libreoffice
from xlsales.accounts import calls, classes, plan, qualify, relations, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.demo import demo_accounts, parsed_tables
from xlsales.accounts.labels import COVERAGE, DUE, PRIORITY
from xlsales.accounts.levels import rep_levels
from xlsales.accounts.settings import ClassRules, TierRules
from xlsales.accounts.vocab import PROGRESS, REP_LEVELS, ROLES, VERDICTS
from xlsales.templates.accounts import (ACCOUNT_CALC, CALLS_FIRST, CUSTOMER_CALC, HEALTH_CLASS_FIRST,
                                        HEALTH_REP_FIRST, LEVEL_CALC, PEOPLE_CALC, PLAN_CALC, QUALIFY_CALC,
                                        REVIEW_FIRST, SPEC, TIER_FIRST)
from xlsales.templates.build import write_workbook

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available() and not os.environ.get("CI"),
                                 reason="LibreOffice (soffice) not installed")]
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def recalculated(request, tmp_path_factory):
    lang = request.param
    data = demo_accounts(AS_OF)
    folder = tmp_path_factory.mktemp(f"accounts-{lang}")
    source = write_workbook(SPEC, lang, folder / "accounts-demo.xlsx", data)
    result = libreoffice.recalculate(source, folder / "out")
    frames = {k: v.frame for k, v in parsed_tables(data, lang).items()}
    return lang, result, load_workbook(result, data_only=True), data, frames


def _sheet(wb, name):
    return wb[name.zh] if name.zh in wb.sheetnames else wb[name.en]


def _rows(ws, labels: dict, lang) -> list[dict]:
    """The table at A1 as dicts keyed by `labels`' keys (calculated columns), one per filled first cell."""
    header = [c.value for c in ws[1]]
    position = {key: header.index(text(lang)) for key, text in labels.items()}
    out = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] in (None, ""):
            continue
        out.append({key: row[i] for key, i in position.items()} | {"_first": row[0]})
    return out


def _blank(value) -> bool:
    return value is None or value == ""


def _same(cell, expected) -> bool:
    if expected is None or (isinstance(expected, float) and pd.isna(expected)):
        return _blank(cell)
    if isinstance(expected, str):
        return cell == expected
    return cell == pytest.approx(float(expected))


def test_no_error_cells(recalculated):
    _, result, *_ = recalculated
    assert libreoffice.error_cells(result) == []


def test_accounts_tiers_classes_and_closeness(recalculated):
    lang, _, wb, data, frames = recalculated
    accounts = frames["accounts"]
    settings = _sheet(wb, L.SHEET_SETTINGS)
    much, large = tiers.thresholds(accounts, TierRules())
    assert settings[L.parameter_cell("much_business_min")].value == pytest.approx(much)
    assert settings[L.parameter_cell("large_potential_min")].value == pytest.approx(large)
    tiered = tiers.tiers(accounts).set_index("account")
    classed = classes.classify(accounts).set_index("account")
    closeness = relations.account_closeness(frames["people"])
    total = accounts["revenue"].sum()
    rows = _rows(_sheet(wb, L.SHEET_ACCOUNTS), ACCOUNT_CALC, lang)
    assert len(rows) == len(accounts)
    for row in rows:
        name = row["_first"]
        expected = tiered.loc[name]
        for key in ("target", "headroom", "share", "tier", "rank"):
            assert _same(row[key], expected[key]), (name, key)
        assert (row["suggested"] == "✓") == bool(expected["suggested"])
        assert row["ahead"] == pytest.approx(classed.at[name, "before_share"] * total)
        assert row["class"] == classed.at[name, "class"]
        people = closeness.loc[name] if name in closeness.index else None
        assert (row["people"] or 0) == (0 if people is None else people["people"])
        assert _same(row["overall"], None if people is None else people["overall"])
    assert sum(r["suggested"] == "✓" for r in rows) == 15


def test_people_weights_and_overall(recalculated):
    lang, _, wb, _, frames = recalculated
    scored = relations.people_closeness(frames["people"])
    rows = _rows(_sheet(wb, L.SHEET_PEOPLE), PEOPLE_CALC, lang)
    assert [r["weight"] for r in rows] == pytest.approx(list(scored["weight"]))
    assert [r["overall"] for r in rows] == pytest.approx(list(scored["overall"]))


def test_plan_and_monthly_review(recalculated):
    lang, _, wb, _, frames = recalculated
    review = plan.review(frames["plan"], frames["monthly"], AS_OF)
    tiered = tiers.tiers(frames["accounts"]).set_index("account")
    rows = _rows(_sheet(wb, L.SHEET_PLAN), PLAN_CALC, lang)
    assert len(rows) == 15
    for row, expected in zip(rows, review.itertuples()):
        assert (row["expected"], row["actual"], row["gap"]) == pytest.approx((expected.expected, expected.actual,
                                                                              expected.gap))
        assert row["attainment"] == pytest.approx(expected.attainment)
        assert row["target"] == tiered.at[expected.account, "target"]
        assert row["headroom"] == tiered.at[expected.account, "headroom"]
    ws = _sheet(wb, L.SHEET_REVIEW)
    months = plan.by_month(frames["plan"], frames["monthly"])
    for i, expected in enumerate(months.itertuples()):
        r = REVIEW_FIRST + i
        assert ws[f"A{r}"].value == expected.month
        assert (ws[f"B{r}"].value, ws[f"C{r}"].value) == pytest.approx((expected.expected, expected.actual))
        assert ws[f"D{r}"].value == pytest.approx(months["expected"].iloc[:i + 1].sum())
        if expected.month <= pd.Timestamp(AS_OF):
            assert ws[f"E{r}"].value == pytest.approx(months["actual"].iloc[:i + 1].sum())
        else:
            assert _blank(ws[f"E{r}"].value)
    by_tier = review.groupby("tier")[["goal", "expected", "actual"]].sum()
    for tier in (1, 2, 3):
        r = TIER_FIRST + tier - 1
        assert [ws[f"{c}{r}"].value for c in "BCD"] == pytest.approx(list(by_tier.loc[tier]))
        assert ws[f"E{r}"].value == pytest.approx(by_tier.at[tier, "actual"] / by_tier.at[tier, "expected"])


def test_team_health(recalculated):
    lang, _, wb, data, frames = recalculated
    accounts = frames["accounts"]
    reps = [r for r, _ in data.reps]
    classed = classes.classify(accounts)
    ws = _sheet(wb, L.SHEET_HEALTH)
    pareto = classes.accounts_for(accounts)
    by_reps = classes.reps_for(classed, reps)
    assert ws["B3"].value == accounts["revenue"].sum()
    assert (ws["B4"].value, ws["B5"].value) == (pareto.of, pareto.count)
    assert ws["B6"].value == pytest.approx(pareto.share_of_items)
    assert (ws["B7"].value, ws["B8"].value) == (by_reps.of, by_reps.count)
    assert ws["B9"].value == pytest.approx(by_reps.share_of_items)
    effort = classes.effort(classed, ClassRules(), reps=len(reps))
    for i, expected in enumerate(effort.itertuples()):
        r = HEALTH_CLASS_FIRST + i
        assert (ws[f"A{r}"].value, ws[f"B{r}"].value) == (expected._1, expected.accounts)
        assert [ws[f"{c}{r}"].value for c in "CDEF"] == pytest.approx(
            [expected.revenue, expected.revenue_share, expected.effort_share, expected.days_per_account])
    per_rep = classes.revenue_by_rep(classed, reps)
    for i, expected in enumerate(per_rep.itertuples()):
        r = HEALTH_REP_FIRST + i
        assert ws[f"B{r}"].value == expected.rep
        assert [ws[f"{c}{r}"].value for c in "CDEFG"] == pytest.approx(
            [expected.revenue, expected.share, expected.A, expected.B, expected.C])
    assert _blank(ws[f"B{HEALTH_REP_FIRST + len(reps)}"].value)


def test_qualification_and_decision_chains(recalculated):
    lang, _, wb, _, frames = recalculated
    result = qualify.qualify(frames["qualification"])
    chains = relations.chain_closeness(frames["people"])
    rows = _rows(_sheet(wb, L.SHEET_QUALIFY), QUALIFY_CALC, lang)
    assert [r["_first"] for r in rows] == list(result["deal"])
    for row, expected in zip(rows, result.itertuples()):
        assert row["score"] == pytest.approx(expected.score)
        assert row["verdict"] == VERDICTS[expected.verdict](lang)
        assert (row["missing"] or "") == qualify.item_list(expected.missing, lang)
        chain = chains.loc[expected.deal]
        assert row["chain_people"] == chain["people"]
        assert row["chain_overall"] == pytest.approx(chain["overall"])
        separator = "、" if lang == "zh-CN" else ", "
        assert (row["chain_missing"] or "") == separator.join(ROLES[k](lang) for k in relations.missing_roles(chain))
    assert {r["verdict"] for r in rows} == {t(lang) for t in VERDICTS.values()}  # the demo shows every verdict


def test_rep_levels(recalculated):
    lang, _, wb, _, frames = recalculated
    expected = rep_levels(frames["levels"])
    rows = _rows(_sheet(wb, L.SHEET_LEVELS), LEVEL_CALC, lang)
    assert [r["rated"] for r in rows] == list(expected["rated"])
    assert [r["mean"] for r in rows] == pytest.approx(list(expected["mean"]))
    assert [r["level"] for r in rows] == [REP_LEVELS[k](lang) for k in expected["level"]]


def test_call_list(recalculated):
    lang, _, wb, data, frames = recalculated
    customers = frames["customers"]
    owner = data.reps[0][0]
    ranked = calls.priorities(customers, AS_OF, owner)
    rows = _rows(_sheet(wb, L.SHEET_CUSTOMERS), CUSTOMER_CALC, lang)
    assert len(rows) == len(customers)
    for row, expected in zip(rows, ranked.itertuples()):
        assert row["due"] == expected.due and row["hot"] == expected.hot
        assert row["callable"] == expected.callable
        assert _same(row["score"], expected.score) and _same(row["rank"], expected.rank)
        assert row["progress_label"] == PROGRESS[int(expected.progress)](lang)
        if expected.callable:
            label = DUE if expected.due else PRIORITY if expected.hot else COVERAGE
            assert row["reason"] == label(lang)
    ws = _sheet(wb, L.SHEET_CALLS)
    chosen = calls.call_list(customers, AS_OF, 60, owner)
    mine = int((customers["owner"] == owner).sum())
    coverage = calls.coverage(mine)
    assert (ws["B5"].value, ws["B6"].value, ws["B7"].value) == (mine, len(chosen), coverage.days_to_cover)
    assert ws["B8"].value == pytest.approx(coverage.monthly_share)
    listed = [r for r in ws.iter_rows(min_row=CALLS_FIRST, values_only=True) if not _blank(r[0])]
    assert len(listed) == len(chosen) == 60
    assert [r[1] for r in listed] == list(chosen["customer"])
    assert all(r[2] == owner for r in listed)
    assert listed[0][9] == DUE(lang)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_empty_template_has_no_error_cells(lang, tmp_path):
    source = write_workbook(SPEC, lang, tmp_path / "accounts.xlsx")
    result = libreoffice.recalculate(source, tmp_path / "out")
    assert libreoffice.error_cells(result) == []
    wb = load_workbook(result, data_only=True)
    assert _blank(_sheet(wb, L.SHEET_HEALTH)["B6"].value) and _sheet(wb, L.SHEET_CALLS)["B6"].value == 0
