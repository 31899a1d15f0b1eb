"""Bad input named by sheet!cell, the settings sheet, the whole workbook, and properties that hold for any
input (hypothesis)."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from tests.test_accounts_core import account_rows, customer_rows, people_rows
from xlsales.accounts import calls, classes, inputs, qualify, relations, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.settings import TierRules
from xlsales.accounts.workbook import read_settings, read_workbook
from xlsales.layout import split_address


def _where(problems) -> list[tuple[str, str]]:
    return [(p.where, p.severity) for p in problems]


def _at(sheet: str, table, key: str, row: int) -> str:
    """Where a problem in a table's column is named: the grids here are laid out as the table's description."""
    return f"{sheet}!{table.letter(key)}{row}"


# ---- each table's bad values ---------------------------------------------------------------------

def test_accounts_bad_values():
    rows = account_rows()
    rows[2][3] = "很多"  # B's revenue
    rows[3][3] = 700  # C: revenue 700 > target 500
    rows.append(["A", None, None, 1, 2, 0, None])  # duplicate name
    rows[5][6] = "D"  # E's manual class
    parsed = inputs.parse_accounts(rows, "客户")
    a = L.ACCOUNTS
    assert _where(parsed.problems) == [(_at("客户", a, "revenue", 3), "error"),
                                       (_at("客户", a, "class_manual", 6), "error"),
                                       (_at("客户", a, "revenue", 4), "warning"), (_at("客户", a, "account", 8), "error")]
    assert "很多" in parsed.problems[0].message() and "Revenue with us" in parsed.problems[0].message()
    assert list(parsed.frame["account"]) == ["A", "B", "C", "D", "E", "F"]  # the duplicate is dropped


def test_accounts_missing_column_is_named():
    rows = [r[:4] for r in account_rows()]  # no total market
    problems = inputs.parse_accounts(rows, "客户").problems
    assert problems[0].expected_en == "missing column 'Total market'" and problems[0].cell == "E1"


def test_people_bad_values():
    rows = people_rows()
    rows[1][6] = 6  # involvement
    rows[2][6] = 2.5
    rows[3][7] = 7  # closeness over 5
    rows[3][5] = "老板"  # role
    rows[2][9] = 0  # price under 1
    rows.append(["Q", None, None, "P9", None, "用户", 3, 3, 3, 3])
    parsed = inputs.parse_people(rows, "关键人", accounts=["A"])
    assert sorted(_where(parsed.problems)) == sorted([
        ("关键人!F4", "error"), ("关键人!J3", "error"), ("关键人!G2", "error"), ("关键人!G3", "error"),
        ("关键人!H4", "error"), ("关键人!F5", "error"), ("关键人!A5", "warning")])  # 用户 is not a role: 使用者


def test_people_listed_twice_for_one_account():
    rows = people_rows() + [people_rows()[1]]
    assert _where(inputs.parse_people(rows, "关键人").problems) == [("关键人!A5", "error")]


def test_plan_bad_values_and_crowded_tier():
    header = ["层级", "客户", "负责人"]
    rows = [header] + [[1, f"客户{i}", None] for i in range(6)] + [[4, "甲", None], [2, "客户0", None]]
    parsed = inputs.parse_plan(rows, "分层计划")
    assert _where(parsed.problems) == [("分层计划!A8", "error"), ("分层计划!A7", "warning"), ("分层计划!B9", "error")]


def test_monthly_bad_values():
    rows = [["客户", "月份", "预期", "实际"], ["X", "下个月", 1, 1], ["X", dt.date(2026, 1, 1), -5, 1],
            ["x", dt.date(2026, 1, 20), 1, 1], ["X", "2026-02-01", 1, 1]]
    # a word, a negative figure, the same account and month again (case does not count), a date stored as text
    problems = inputs.parse_monthly(rows, "月度跟踪").problems
    assert _where(problems) == [("月度跟踪!B2", "error"), ("月度跟踪!B5", "error"), ("月度跟踪!C3", "error"),
                                ("月度跟踪!A4", "error")]
    assert "stored as text" in problems[1].expected_en


def test_customers_bad_values():
    rows = customer_rows()
    rows[1][2] = 8
    rows[2][2] = 2.5
    rows[3][2] = -1
    rows[3][3] = "maybe"
    rows[4][5] = "soon"
    rows.append(["c1", "张伟", 1, None, None, None, None])
    parsed = inputs.parse_customers(rows, "客户名单")
    c = L.CUSTOMERS
    assert sorted(_where(parsed.problems)) == sorted([
        (_at("客户名单", c, "progress", 4), "error"), (_at("客户名单", c, "intent", 4), "error"),
        (_at("客户名单", c, "next_call", 5), "error"), (_at("客户名单", c, "progress", 2), "error"),
        (_at("客户名单", c, "progress", 3), "error"), (_at("客户名单", c, "customer", 11), "warning")])
    ranked = calls.priorities(parsed.frame, dt.date(2026, 11, 23))
    assert not ranked.loc[ranked["customer"] == "c3", "callable"].item()  # unusable code: not called blindly


def test_qualification_and_rep_level_bad_choices():
    qualification = inputs.parse_qualification([["商机", "基本需求"], ["D1", "知道"], ["D1", "已知"]], "商机评估")
    assert _where(qualification.problems) == [("商机评估!B2", "error"), ("商机评估!A3", "error")]
    levels = inputs.parse_rep_levels([["销售", "业绩"], ["甲", "优秀"]], "销售水平")
    assert _where(levels.problems) == [("销售水平!B2", "error")]
    assert "及格" in levels.problems[0].expected_zh and "Top sales" in levels.problems[0].expected_en


# ---- settings and the whole workbook --------------------------------------------------------------

def settings_rows(**values: object) -> list[list[object]]:
    """A settings sheet: the parameters where the layout puts them, reps X, Y, Z and one weight."""
    rows: list[list[object]] = [[None] * 8 for _ in range(L.REPS.first_row + 3)]

    def put(address: str, value: object) -> None:
        row, col = split_address(address)
        rows[row - 1][col - 1] = value

    for key, value in values.items():
        put(L.SETTINGS.address(key), value)
    for table, header in ((L.REPS, ["姓名", "团队"]), (L.WEIGHTS, ["项目", "权重"])):
        for i, label in enumerate(header):
            rows[table.header_row - 1][table.first_col - 1 + i] = label
    for i, name in enumerate(["X", "Y", "Z"]):
        rows[L.REPS.first_row - 1 + i][L.REPS.first_col - 1] = name
    rows[L.WEIGHTS.first_row - 1][L.WEIGHTS.first_col - 1:L.WEIGHTS.first_col + 1] = ["决策者", 5]
    return rows


def test_settings_values_rules_and_defaults():
    settings_, problems = read_settings(settings_rows(as_of=dt.datetime(2026, 11, 23), much_business_min=500,
                                                     large_potential_min="=AVERAGEIF(x)", calls_per_day=40,
                                                     call_owner="x"), "设置")
    assert problems == []
    assert settings_.as_of == dt.date(2026, 11, 23) and settings_.calls_per_day == 40 and settings_.call_owner == "x"
    assert settings_.tiers.much_business_min == 500 and settings_.tiers.large_potential_min is None
    assert settings_.reps == ["X", "Y", "Z"] and settings_.weights.roles["decision_maker"] == 5
    assert settings_.classes.a_share == 0.8 and settings_.levels.top_min == 2.5


def test_settings_bad_values_are_named_and_replaced_by_defaults():
    settings_, problems = read_settings(settings_rows(as_of="明天", max_share=1.5, a_share=0.9, b_share=0.85,
                                                     calls_per_day=0, middle_min="高", top_min="2.8",
                                                     call_owner="W"), "设置")
    assert [p.where for p in problems] == [f"设置!{L.SETTINGS.address(key)}" for key in (
        "as_of", "max_share", "b_share", "middle_min", "top_min", "calls_per_day", "call_owner")]
    assert "不能小于「A类 / 80/20:累计业务额占比」" in problems[2].expected_zh
    assert "number stored as text" in problems[4].expected_en and "reps list" in problems[6].expected_en
    # what is in use instead, as the sheet's "in use" column has it
    assert settings_.as_of == dt.date.today() and settings_.tiers.max_share == 0.8
    assert (settings_.classes.a_share, settings_.classes.b_share) == (0.9, 0.95)
    assert settings_.calls_per_day == 60 and settings_.call_owner is None
    assert (settings_.levels.middle_min, settings_.levels.top_min) == (1.5, 2.5)


def test_the_b_share_in_use_is_never_below_the_a_share():
    settings_, problems = read_settings(settings_rows(a_share=0.97), "设置")
    assert problems == [] and settings_.classes.b_share == 0.97


def test_more_reps_than_the_block_lists_is_one_problem():
    rows = settings_rows()
    rows += [[None] * 8 for _ in range(L.MAX_REPS)]
    for i in range(L.MAX_REPS + 1):
        rows[L.REPS.first_row - 1 + i][0] = f"R{i}"
    _, problems = read_settings(rows, "设置")
    assert [p.where for p in problems] == [f"设置!A{L.REPS.first_row + L.MAX_REPS}"]


def test_workbook_cross_checks_and_missing_sheets():
    accounts = account_rows()
    accounts[6][1] = "W"  # F's owner is not a rep: the per-rep figures leave it out
    plan = [["层级", "客户"], [1, "A"], [2, "不存在"]]
    book = read_workbook({"设置": settings_rows(), "客户": accounts, "关键人": people_rows(), "分层计划": plan})
    assert (_at("客户", L.ACCOUNTS, "owner", 7), "error") in _where(book.problems)
    assert ("分层计划!B3", "warning") in _where(book.problems)
    missing = {p.sheet for p in book.problems if p.cell == ""}
    assert missing == {"月度跟踪", "商机评估", "销售水平", "客户名单"}
    assert set(book.tables) == {L.ACCOUNTS.name, L.PEOPLE.name, L.PLAN.name}


# ---- properties ------------------------------------------------------------------------------------

amounts = st.one_of(st.integers(0, 5_000_000), st.floats(0, 5_000_000, allow_nan=False))
junk = st.one_of(amounts, st.text(max_size=6), st.none(), st.booleans(), st.just(-3))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(junk, junk, junk), min_size=1, max_size=12))
def test_any_cells_parse_without_raising_and_bad_ones_are_named(values):
    rows = [account_rows()[0]] + [[f"客户{i}", None, None, r, t, o, None] for i, (r, t, o) in enumerate(values)]
    parsed = inputs.parse_accounts(rows, "客户")
    for problem in parsed.problems:
        assert problem.sheet == "客户" and problem.cell[0] in "DEF"
    table = tiers.tiers(parsed.frame)  # whatever survived still gives figures, never an exception
    assert (table["headroom"].dropna() >= 0).all()


@st.composite
def account_lists(draw):
    n = draw(st.integers(1, 25))
    rows = [account_rows()[0]]
    for i in range(n):
        total = draw(st.integers(0, 1_000_000))
        other = draw(st.integers(0, total))
        revenue = draw(st.integers(0, total - other)) if draw(st.booleans()) else 0
        rows.append([f"客户{i}", draw(st.sampled_from(["X", "Y", "Z"])), None, revenue, total, other, None])
    return inputs.parse_accounts(rows, "客户").frame


@settings(max_examples=80, deadline=None)
@given(account_lists(), st.integers(1, 6), st.floats(0.1, 1))
def test_tier_properties(frame, per_tier, max_share):
    table = tiers.tiers(frame, TierRules(per_tier=per_tier, max_share=max_share))
    placed = table[table["tier"].notna()]
    assert (placed.loc[placed["tier"] < 3, "share"] < max_share).all()
    assert (placed.loc[placed["tier"] < 3, "revenue"] > 0).all()
    assert (placed.loc[placed["tier"] == 3, "revenue"] == 0).all()
    for _, group in placed.groupby("tier"):
        assert sorted(group["rank"]) == list(range(1, len(group) + 1))
        ordered = group.sort_values("rank")
        assert ordered["headroom"].is_monotonic_decreasing
    assert (table.groupby("tier")["suggested"].sum() <= per_tier).all()
    assert table["suggested"].sum() == len(tiers.suggested_accounts(table))


@settings(max_examples=80, deadline=None)
@given(account_lists(), st.floats(0.05, 1))
def test_pareto_and_classes_agree(frame, share):
    result = classes.accounts_for(frame, share)
    revenue = frame.loc[frame["revenue"] > 0, "revenue"].sort_values(ascending=False)
    if result is None:
        assert revenue.empty
        return
    total = revenue.sum()
    assert revenue.iloc[:result.count].sum() >= share * total
    assert revenue.iloc[:result.count - 1].sum() < share * total
    table = classes.classify(frame, classes.ClassRules(a_share=share, b_share=max(share, 0.95)))
    assert (table["class"] == "A").sum() == result.count
    # a larger revenue never gets a lower class
    rank = table["class"].map({"A": 0, "B": 1, "C": 2})
    by_revenue = pd.DataFrame({"revenue": table["revenue"], "rank": rank}).sort_values("revenue")
    assert by_revenue.groupby("revenue")["rank"].min().is_monotonic_decreasing


ratings = st.integers(1, 5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, ratings, ratings, st.integers(1, 5), st.sampled_from(["决策者", "影响者",
                                                                                        "使用者", "教练(内线)"])),
                min_size=1, max_size=8))
def test_closeness_stays_between_its_people(people):
    rows = [people_rows()[0]] + [["A", "D1", None, f"P{i}", None, role, inv, c, s, p]
                                 for i, (c, s, p, inv, role) in enumerate(people)]
    frame = inputs.parse_people(rows, "关键人").frame
    scored = relations.people_closeness(frame)
    assert scored["overall"].between(0, 1).all()
    account = relations.account_closeness(frame).loc["A", "overall"]
    assert scored["overall"].min() - 1e-12 <= account <= scored["overall"].max() + 1e-12
    assert relations.chain_closeness(frame).loc["D1", "overall"] == pytest.approx(account)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["known", "partly", "unknown", "against"]), min_size=10, max_size=10))
def test_qualification_score_and_verdict(statuses):
    row = {"deal": "D", "account": None, "owner": None} | dict(zip(qualify.ITEM_KEYS, statuses))
    result = qualify.qualify(pd.DataFrame([row])).iloc[0]
    assert result["score"] == pytest.approx((statuses.count("known") + statuses.count("partly") / 2) / 10)
    assert (result["verdict"] == "no_go") == ("against" in statuses)
    assert len(result["missing"]) == statuses.count("partly") + statuses.count("unknown")


day = st.dates(dt.date(2026, 9, 1), dt.date(2027, 1, 31))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.sampled_from([None, "可能性差", "可能成交", "成交意向好"]),
                          st.sampled_from([None, "无合同", "合同中", "合同已到期"]), st.one_of(st.none(), day),
                          st.one_of(st.none(), day), st.sampled_from(["甲", "乙"])), min_size=1, max_size=40),
       st.integers(1, 15))
def test_call_list_properties(customers, n):
    as_of = dt.date(2026, 11, 23)
    rows = [customer_rows()[0]] + [[f"c{i}", owner, code, intent, contract, nxt, last]
                                   for i, (code, intent, contract, nxt, last, owner) in enumerate(customers)]
    frame = inputs.parse_customers(rows, "客户名单").frame
    chosen = calls.call_list(frame, as_of, n)
    ranked = calls.priorities(frame, as_of)
    assert len(chosen) == min(n, int(ranked["callable"].sum()))
    assert list(chosen["rank"]) == list(range(1, len(chosen) + 1))
    assert chosen["score"].is_monotonic_decreasing
    future = chosen["next_call"] > pd.Timestamp(as_of)
    assert not future.any()
    under_contract_undue = (chosen["contract"].astype(object) == "active") & ~chosen["due"]
    assert not under_contract_undue.any()
    # everyone due ranks ahead of everyone not due
    assert chosen["due"].is_monotonic_decreasing
