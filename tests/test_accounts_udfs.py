"""Accounts Excel functions and scripts, called as Excel would call them (lists of lists with headers) and
run on a fake Book over the built template."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

import udfs.accounts as U
from tests.accounts_book import as_check_reads, body_rows, sheet_of, snapshot, type_rows, worksheet
from tests.fakebook import FakeBook
from tests.test_accounts_core import AS_OF, account_rows, customer_rows, people_rows
from xlsales.accounts import calls, inputs, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.columns import MONTHLY_COLUMNS, PLAN_COLUMNS
from xlsales.accounts.demo import demo_accounts, parsed_tables
from xlsales.accounts.workbook import check
from xlsales.templates.accounts import build

SEVEN_KNOWN = [["已知"] * 7 + ["未知", None, "部分了解"]]


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
    (lambda: U.person_closeness(3, 3, 3, [["项目", "权重"], ["魅力", 1]]), "'Item' must be one of"),
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
    result = U.account_tier(accounts, "A")
    assert result.startswith("#XLSALES! Accounts!E4") and "Total market" in result
    # a figure that does not read the total market is not stopped by it (issue 15.6)
    assert U.pareto_accounts(accounts) == pytest.approx(0.75)
    assert U.account_class(accounts, "B") == "A"
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


# ---- scripts on the built template: empty, half-filled, twice in a row -------------------------------------

def _book(lang: str = "zh-CN", data=None):
    return FakeBook(build(lang, data))


def _values(ws, table, key: str, count: int) -> list:
    letter = table.letter(key)
    return [ws[f"{letter}{table.first_row + i}"].value for i in range(count)]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_scripts_run_on_the_empty_template_and_again(lang):
    """Issue 15.9: build_tier_plan raised TypeError on an empty tier plan."""
    book = _book(lang)
    before = snapshot(book.wb)
    U.build_tier_plan(book)
    assert snapshot(book.wb) == before  # no accounts: nothing to plan, nothing changed
    U.todays_call_lists(book)
    once = snapshot(book.wb)
    calls_ws = sheet_of(book.wb, L.CALLS_ALL)
    assert calls_ws[L.CALLS_ALL.address("note")].value.endswith(("0 个工作日轮访一遍", "once in 0 working days"))
    assert [c.value for c in calls_ws[L.CALLS_ALL_BLOCK.first_row - 1]][:2] == (
        ["序号", "客户"] if lang == "zh-CN" else ["No.", "Customer"])
    U.build_tier_plan(book)
    U.todays_call_lists(book)
    assert snapshot(book.wb) == once


def _half_filled(lang: str):
    """The empty template with eight accounts, a plan row typed by hand for an account that stays and one for an
    account that will leave, a monthly figure for each, and a few customers."""
    book = _book(lang)
    rows = [{"account": name, "owner": None, "revenue": revenue, "total_market": total}
            for name, revenue, total in [("甲", 600, 1000), ("乙", 0, 2000), ("丙", 100, 500), ("丁", 0, 300),
                                         ("戊", 300, 1000), ("己", 900, 1000), ("庚", 50, 900), ("辛", 0, 900)]]
    type_rows(book.wb, L.ACCOUNTS, rows, lang)
    type_rows(book.wb, L.PLAN, [{"tier": 2, "account": "戊", "goal": 500, "how": "演示"},
                                {"tier": 2, "account": "己", "goal": 99, "how": "旧计划"}], lang)
    type_rows(book.wb, L.MONTHLY, [{"account": "戊", "month": dt.datetime(2026, 11, 1), "actual": 40},
                                   {"account": "己", "month": dt.datetime(2026, 10, 1), "expected": 7}], lang)
    type_rows(book.wb, L.CUSTOMERS, [{"customer": "c1", "owner": "甲", "progress": 4},
                                     {"customer": "c2", "owner": "乙", "progress": 6},
                                     {"customer": "c3", "owner": "甲", "progress": 2,
                                      "next_call": dt.datetime(2026, 11, 20)}], lang)
    settings = sheet_of(book.wb, L.SETTINGS)
    settings[L.SETTINGS.address("as_of")] = dt.datetime(2026, 11, 23)
    return book


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_build_tier_plan_on_a_half_filled_workbook_keeps_everything_typed(lang):
    book = _half_filled(lang)
    U.build_tier_plan(book)
    plan_ws, months_ws = worksheet(book.wb, L.PLAN), worksheet(book.wb, L.MONTHLY)
    # averages: revenue 490 over 5 accounts with business; target 7500/8 = 937.5
    # tier 1 (≥ 490, below 80%): 甲 (600/1000); tier 2: 戊 700, 丙 400, 庚 850 by headroom; 己 is at 90%: none
    # tier 3 (no business, target ≥ 937.5): 乙 2000
    assert body_rows(book.wb, L.PLAN) == L.PLAN.min_rows
    assert _values(plan_ws, L.PLAN, "account", 6) == ["甲", "庚", "戊", "丙", "乙", None]
    assert _values(plan_ws, L.PLAN, "tier", 5) == [1, 2, 2, 2, 3]
    assert _values(plan_ws, L.PLAN, "goal", 5) == [None, None, 500, None, None]
    assert _values(plan_ws, L.PLAN, "how", 5) == [None, None, "演示", None, None]
    # twelve months from the first month typed (October) for the five, then 己's figure kept
    count = 5 * 12 + 1
    assert body_rows(book.wb, L.MONTHLY) == count
    months = _values(months_ws, L.MONTHLY, "month", count)
    assert months[0] == dt.datetime(2026, 10, 1) and months[11] == dt.datetime(2027, 9, 1)
    assert _values(months_ws, L.MONTHLY, "account", count)[-1] == "己"
    assert _values(months_ws, L.MONTHLY, "expected", count)[-1] == 7
    row = 2 * 12 + 1  # 戊's November
    assert (_values(months_ws, L.MONTHLY, "account", count)[row], months[row],
            _values(months_ws, L.MONTHLY, "actual", count)[row]) == ("戊", dt.datetime(2026, 11, 1), 40)
    once = snapshot(book.wb)
    U.build_tier_plan(book)
    assert snapshot(book.wb) == once


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_build_tier_plan_refills_the_demo_plan_and_keeps_what_was_typed(lang):
    book = _book(lang, demo_accounts(AS_OF))
    plan_ws, months_ws = worksheet(book.wb, L.PLAN), worksheet(book.wb, L.MONTHLY)
    third = L.PLAN.first_row + 2  # typed by hand
    kept = {key: plan_ws[f"{L.PLAN.letter(key)}{third}"].value for key in ("account", "goal", "how")}
    for row in range(L.PLAN.first_row, L.PLAN.first_row + L.PLAN_ROWS):
        if row != third:
            for column in PLAN_COLUMNS:
                plan_ws[f"{L.PLAN.letter(column.key)}{row}"] = None
    entered = months_ws[f"{L.MONTHLY.letter('account')}{L.MONTHLY.first_row}"].value
    months_ws[f"{L.MONTHLY.letter('expected')}{L.MONTHLY.first_row}"] = 12345
    U.build_tier_plan(book)
    expected = tiers.suggested_accounts(tiers.tiers(parsed_tables(demo_accounts(AS_OF), lang)["accounts"].frame))
    assert _values(plan_ws, L.PLAN, "account", 15) == list(expected["account"])
    assert _values(plan_ws, L.PLAN, "tier", 15) == [int(t) for t in expected["tier"]]
    row = list(expected["account"]).index(kept["account"])
    assert (_values(plan_ws, L.PLAN, "goal", 15)[row], _values(plan_ws, L.PLAN, "how", 15)[row]) == (
        kept["goal"], kept["how"])
    assert str(plan_ws[f"{L.PLAN.letter('target')}{L.PLAN.first_row}"].value).startswith("=")  # untouched
    monthly = inputs.parse_monthly([[c.label(lang) for c in MONTHLY_COLUMNS]] + [
        [c.value for c in r[:4]] for r in months_ws.iter_rows(min_row=L.MONTHLY.first_row)], "m").frame
    assert len(monthly) == 180 and monthly["month"].min() == dt.datetime(2026, 1, 1)
    assert set(monthly["account"]) == set(expected["account"])
    first = monthly[(monthly["account"] == entered) & (monthly["month"] == "2026-01-01")]
    assert first["expected"].item() == 12345


def test_build_tier_plan_reports_a_bad_cell_and_changes_nothing():
    book = _book("zh-CN", demo_accounts(AS_OF))
    worksheet(book.wb, L.ACCOUNTS)[f"{L.ACCOUNTS.letter('revenue')}3"] = "很多"
    before = snapshot(book.wb)
    with pytest.raises(ValueError, match=f"客户!{L.ACCOUNTS.letter('revenue')}3"):
        U.build_tier_plan(book)
    assert snapshot(book.wb) == before


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_todays_call_lists_one_per_rep_and_again(lang):
    book = _book(lang, demo_accounts(AS_OF))
    U.todays_call_lists(book)
    ws = sheet_of(book.wb, L.CALLS_ALL)
    customers = parsed_tables(demo_accounts(AS_OF), lang)["customers"].frame
    expected = calls.call_list(customers, AS_OF, 60, per_owner=True)
    block = L.CALLS_ALL_BLOCK
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=block.first_row) if r[0].value is not None]
    assert len(rows) == len(expected) == 240
    assert [(r[block.index("owner")], r[block.index("customer")]) for r in rows] == list(
        zip(expected["owner"], expected["customer"]))
    assert ws[block.cell("call_rank", 0)].value == ("序号" if lang == "zh-CN" else "No.")
    assert "17" in ws[L.CALLS_ALL.address("note")].value  # 1000 customers at 60 a day: 17 working days
    assert rows[0][block.index("reason")] in ("到期回访", "Call due")
    once = snapshot(book.wb)
    U.todays_call_lists(book)
    assert snapshot(book.wb) == once


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_todays_call_lists_on_a_half_filled_workbook(lang):
    book = _half_filled(lang)
    U.todays_call_lists(book)
    ws = sheet_of(book.wb, L.CALLS_ALL)
    block = L.CALLS_ALL_BLOCK
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=block.first_row) if r[0].value is not None]
    # c3 due (甲), c1 priority (甲); c2 under contract: not today
    assert [(r[block.index("owner")], r[block.index("customer")]) for r in rows] == [("甲", "c3"), ("甲", "c1")]


def test_a_parameter_a_script_does_not_use_does_not_stop_it():
    book = _book("zh-CN", demo_accounts(AS_OF))
    settings = sheet_of(book.wb, L.SETTINGS)
    settings[L.SETTINGS.address("top_min")] = "高"  # rep levels only
    U.todays_call_lists(book)
    settings[L.SETTINGS.address("calls_per_day")] = 0
    with pytest.raises(ValueError, match=f"设置!{L.SETTINGS.address('calls_per_day')}"):
        U.todays_call_lists(book)


def test_check_reads_the_built_workbook_clean_and_names_bad_cells():
    book = _book("zh-CN", demo_accounts(AS_OF))
    sheets, tables = as_check_reads(book.wb)
    assert [p for p in check(sheets, tables) if p.severity == "error"] == []
    progress = f"{L.CUSTOMERS.letter('progress')}{L.CUSTOMERS.first_row + 4}"
    worksheet(book.wb, L.CUSTOMERS)[progress] = 9
    sheets, tables = as_check_reads(book.wb)
    assert [p.where for p in check(sheets, tables) if p.severity == "error"] == [f"客户名单!{progress}"]
