"""Accounts Excel functions and scripts, called as Excel would call them (lists of lists with headers) and
run on a fake Book over the built template."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st
from openpyxl.utils.formulas import FORMULAE

import udfs.accounts as U
from tests.fakebook import FakeBook
from tests.test_accounts_core import AS_OF, account_rows, customer_rows, people_rows
from xlsales.accounts import calls, inputs, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.columns import MONTHLY_COLUMNS
from xlsales.accounts.demo import demo_accounts, parsed_tables
from xlsales.accounts.render import header
from xlsales.templates.accounts import build

FUNCTIONS = ["account_tier", "account_tiers", "account_class", "pareto_accounts", "pareto_reps", "person_closeness",
             "account_closeness", "deal_closeness", "qualify_score", "qualify_verdict", "qualify_missing",
             "rep_level", "call_rank", "call_list"]
SEVEN_KNOWN = [["已知"] * 7 + ["未知", None, "部分了解"]]


def test_names_do_not_collide_with_excel_builtins():
    for name in FUNCTIONS:
        assert name.upper() not in FORMULAE and callable(getattr(U, name))


def test_functions_on_the_hand_computed_case():
    accounts, people, customers = account_rows(), people_rows(), customer_rows()
    assert [U.account_tier(accounts, name) for name in "ABCDEF"] == [1, "", 2, 3, "", 2]
    assert U.account_tier(accounts, "F", 250) == 1  # F's 300 counts as much business from 250
    table = U.account_tiers(accounts)
    assert table[0][0] == "客户 Account" and [r[4] for r in table[1:]] == [400, 100, 400, 1500, 300, 700]
    assert [U.account_class(accounts, name) for name in "ABCDEF"] == ["A", "A", "B", "C", "C", "A"]
    assert U.account_class(accounts, "F", 0.7) == "B"  # 1500 ahead of F is not under 70% × 1900
    assert U.pareto_accounts(accounts) == pytest.approx(0.75)
    assert U.pareto_reps(accounts) == pytest.approx(2 / 3)
    assert U.pareto_reps(accounts, [["X"], ["Y"], ["Z"], ["W"]]) == pytest.approx(0.5)
    assert U.pareto_reps(accounts, [["姓名"], ["X"], ["Y"], ["Z"], ["W"]]) == pytest.approx(0.5)
    assert U.person_closeness(5, 4, 3) == pytest.approx(0.75)
    weights = [["项目", "权重"], ["关系紧密度", 2]]
    assert U.person_closeness(5, 4, 3, weights) == pytest.approx(3.25 / 4)
    assert U.account_closeness(people, "A") == pytest.approx(13.25 / 22)
    assert U.deal_closeness(people, "D2") == pytest.approx(11.25 / 16)
    assert U.qualify_score(SEVEN_KNOWN) == pytest.approx(0.75)
    assert U.qualify_verdict(SEVEN_KNOWN) == "跟进 / Go"
    assert U.qualify_verdict(SEVEN_KNOWN, 0.8) == "先补信息 / Find out more first"
    assert U.qualify_verdict([["不利"] + ["已知"] * 9]) == "放弃 / No-go"
    assert U.qualify_missing(SEVEN_KNOWN) == "公司实力、产品优势、服务能力 / Our strength, Product fit, Service capability"
    assert U.qualify_missing([[c] for c in ["Known"] * 10]) == ""  # a column works as well as a row
    assert U.rep_level([["TOPSALES"] * 7 + ["中等"] * 7]) == "TOPSALES / Top sales"
    assert U.rep_level([["Pass"] * 7 + [None] * 7]) == "及格 / Pass"
    assert U.rep_level([[None] * 14]) == ""
    assert [U.call_rank(customers, f"c{i}", AS_OF) for i in range(1, 10)] == ["", 2, 6, "", 3, 7, 4, 5, 1]
    assert U.call_rank(customers, "c8", dt.datetime(2026, 11, 23), "张伟") == 2
    listed = U.call_list(customers, AS_OF, 3)
    assert listed[0][:2] == ["序号 No.", "客户 Customer"] and [r[1] for r in listed[1:]] == ["c9", "c2", "c5"]
    assert listed[1][3] == "3 有需求,方案沟通中 / 3 Need found, discussing solution"
    assert listed[1][8] == "到期回访 / Call due" and listed[3][8] == "重点客户 / Priority customer"


@pytest.mark.parametrize("call, fragment", [
    (lambda: U.account_tier(account_rows(), "Q"), "no account 'Q'"),
    (lambda: U.account_tier(account_rows(), "A", "很多"), "much-business threshold"),
    (lambda: U.account_tiers(account_rows(), None, None, 1.5), "between 0 and 100%"),
    (lambda: U.account_class(account_rows(), "A", 0.9, 0.5), "the B cumulative share cannot be below the A share"),
    (lambda: U.pareto_accounts([["客户"], ["A"]]), "missing column"),
    (lambda: U.person_closeness(6, 3, 3), "between 1 and 5"),
    (lambda: U.person_closeness(3, 3, 3, [["项目", "权重"], ["魅力", 1]]), "weight item must be one of"),
    (lambda: U.deal_closeness(people_rows(), "D9"), "no decision chain for deal 'D9'"),
    (lambda: U.qualify_score([["已知"] * 9]), "must be 10 cells"),
    (lambda: U.qualify_verdict([["也许"] + ["已知"] * 9]), "'Customer basics' must be one of"),
    (lambda: U.rep_level([["优秀"] * 14]), "must be one of: Pass, Average, Top sales"),
    (lambda: U.rep_level([["及格"] * 14], 2.8, 2.0), "the TOPSALES minimum cannot be below"),
    (lambda: U.call_list(customer_rows(), "明天"), "as-of date"),
    (lambda: U.call_list(customer_rows(), AS_OF, 2.5), "whole number"),
])
def test_bad_arguments_give_a_readable_message(call, fragment):
    result = call()
    assert isinstance(result, str) and result.startswith("#XLSALES! ") and fragment in result
    assert "\n" not in result


def test_a_bad_cell_in_the_range_is_named_not_ignored():
    accounts = account_rows()
    accounts[3][4] = "六百"  # C's total market, row 4
    result = U.pareto_accounts(accounts)
    assert result.startswith("#XLSALES! Accounts!E4") and "Total market" in result
    people = people_rows()
    people[2][6] = 9
    assert U.account_closeness(people, "A").startswith("#XLSALES! KeyPeople!G3")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=4), st.integers(-5, 5), st.floats(allow_nan=True)),
                min_size=0, max_size=16))
def test_functions_never_raise_on_junk(cells):
    for result in (U.qualify_score([cells]), U.qualify_verdict([cells]), U.rep_level([cells]),
                   U.person_closeness(*(cells + [None, None, None])[:3])):
        assert isinstance(result, (str, float))
        if isinstance(result, str) and result.startswith("#XLSALES!"):
            assert "Traceback" not in result


# ---- scripts on the built template ------------------------------------------------------------------

def _book(lang: str = "zh-CN"):
    return FakeBook(build(lang, demo_accounts(AS_OF)))


def _sheet(book, name):
    return book.wb[name.zh] if name.zh in book.wb.sheetnames else book.wb[name.en]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_build_tier_plan_refills_the_15_and_keeps_what_was_typed(lang):
    book = _book(lang)
    plan_ws, months_ws = _sheet(book, L.SHEET_PLAN), _sheet(book, L.SHEET_MONTHLY)
    kept_goal, kept_how = plan_ws["D4"].value, plan_ws["G4"].value  # third plan row, typed by hand
    kept_account = plan_ws["B4"].value
    for row in plan_ws.iter_rows(min_row=2, max_row=16):
        if row[1].value != kept_account:
            for cell in row[:9]:
                cell.value = None
    months_ws["C2"].value = 12345  # an expected figure already entered stays
    entered = months_ws["A2"].value
    U.build_tier_plan(book)
    data = demo_accounts(AS_OF)
    expected = tiers.suggested_accounts(tiers.tiers(parsed_tables(data, lang)["accounts"].frame))
    assert [plan_ws[f"B{r}"].value for r in range(2, 17)] == list(expected["account"])
    assert [plan_ws[f"A{r}"].value for r in range(2, 17)] == [int(t) for t in expected["tier"]]
    row = 2 + list(expected["account"]).index(kept_account)
    assert (plan_ws[f"D{row}"].value, plan_ws[f"G{row}"].value) == (kept_goal, kept_how)
    assert plan_ws["D2"].value is None or plan_ws["B2"].value == kept_account
    assert str(plan_ws["J2"].value).startswith("=")  # calculated columns untouched
    monthly = inputs.parse_monthly([header(MONTHLY_COLUMNS, lang)] + [
        [c.value for c in r[:4]] for r in months_ws.iter_rows(min_row=2)], "m").frame
    assert len(monthly) == 180 and monthly["month"].min() == dt.datetime(2026, 1, 1)
    assert set(monthly["account"]) == set(expected["account"])
    first = monthly[(monthly["account"] == entered) & (monthly["month"] == "2026-01-01")]
    assert first["expected"].item() == 12345


def test_build_tier_plan_reports_a_bad_cell():
    book = _book()
    _sheet(book, L.SHEET_ACCOUNTS)["D3"].value = "很多"
    with pytest.raises(ValueError, match="客户!D3"):
        U.build_tier_plan(book)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_todays_call_lists_one_per_rep(lang):
    book = _book(lang)
    U.todays_call_lists(book)
    ws = _sheet(book, L.SHEET_CALLS_ALL)
    data = demo_accounts(AS_OF)
    customers = parsed_tables(data, lang)["customers"].frame
    expected = calls.call_list(customers, AS_OF, 60, per_owner=True)
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4) if r[0].value is not None]
    assert len(rows) == len(expected) == 240
    assert [(r[2], r[1]) for r in rows] == list(zip(expected["owner"], expected["customer"]))
    assert ws["A3"].value == ("序号" if lang == "zh-CN" else "No.")
    assert "17" in ws["A1"].value  # 1000 customers at 60 a day: 17 working days
    assert rows[0][8] in ("到期回访", "Call due")


def test_check_reads_the_built_workbook_clean_and_names_bad_cells():
    from xlsales.templates.accounts import check
    book = _book()
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.wb.worksheets}
    assert [p for p in check(sheets) if p.severity == "error"] == []
    sheets["客户名单"][5][2] = 9
    assert [p.where for p in check(sheets) if p.severity == "error"] == ["客户名单!C6"]

