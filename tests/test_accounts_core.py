"""Key accounts core on small hand-computed cases: tiers, classes and 80/20, closeness, 7+3, rep levels,
the call list and the plan review. The cases' rows are shared with test_accounts_udfs.py."""

import datetime as dt

import pandas as pd
import pytest

from xlsales.accounts import calls, classes, inputs, plan, qualify, relations, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.levels import RUBRIC_KEYS, rep_levels
from xlsales.accounts.columns import PLAN_TEXT_KEYS
from xlsales.accounts.settings import ClassRules, ClosenessWeights, LevelRules, QualifyRules, TierRules
from xlsales.accounts.vocab import GO, HOLD, NO_GO
from xlsales.problems import cell_address

AS_OF = dt.date(2026, 11, 23)


def account_rows() -> list[list[object]]:
    """Six accounts. Targets: A 1000, B 1000, C 500, D 1500, E 300, F 1000 (total − other channels).
    Average revenue of those with business = (600+900+100+300)/4 = 475; average target = 5300/6 ≈ 883.3."""
    return [
        ["客户", "负责人", "行业", "我方年业务额", "总市场容量", "未参与渠道供应", "分类(手动)"],
        ["A", "Y", "机械", 600, 1000, None, None],
        ["B", "X", "电子", 900, 1000, 0, None],
        ["C", "X", "化工", 100, 600, 100, None],
        ["D", "Y", "金融", 0, 2000, 500, None],
        ["E", "Z", "食品", 0, 300, None, None],
        ["F", "Z", "物流", 300, 1200, 200, None],
    ]


def accounts() -> pd.DataFrame:
    parsed = inputs.parse_accounts(account_rows(), "客户")
    assert parsed.problems == []
    return parsed.frame


def people_rows() -> list[list[object]]:
    """P1 decision-maker, involvement 1, ratings 5/4/3 → 100%/75%/50%, overall 75%, weight 3×5 = 15.
    P2 coach, involvement 3, ratings 3/3/1 → 50%/50%/0%, overall ⅓, weight 2×3 = 6.
    P3 user, involvement 5, ratings 1/1/1 → overall 0, weight 1×1 = 1."""
    return [
        ["客户", "商机", "部门", "姓名", "职务", "角色", "参与程度(1最高-5)", "关系紧密度(1-5)", "方案认可度(1-5)",
         "价格接受度(1-5)"],
        ["A", "D1, D2", "总经办", "P1", "总经理", "决策者", 1, 5, 4, 3],
        ["A", "D1", "信息部", "P2", "经理", "Coach", 3, 3, 3, 1],
        ["A", "D2", "生产部", "P3", "厂长", "使用者", 5, 1, 1, 1],
    ]


def people() -> pd.DataFrame:
    parsed = inputs.parse_people(people_rows(), "关键人")
    assert parsed.problems == []
    return parsed.frame


def customer_rows() -> list[list[object]]:
    """As of 2026-11-23. Scores (due·10⁷ + priority·10⁶ + stage·10⁵ + intent·10⁴ + overdue·10² + idle):
    c1 under contract, no date: not called; c4 next call in December: not today.
    c9 due today, code 3 (weight 4), intent 3, idle 20          → 10 430 020
    c2 due 3 days ago, code 6 (weight 0), never contacted (99)  → 10 000 399
    c5 priority, code 5 (weight 7), intent 5, idle 1            →  1 750 001
    c7 priority (expired), code 7 (weight 5), idle 30           →  1 500 030
    c8 priority (intent good), code 2 (weight 3), intent 4, idle 3 → 1 340 003
    c3 code 1 (weight 2), intent 1, idle 10                     →    210 010
    c6 code 0 (weight 1), never contacted                        →    100 099"""
    return [
        ["客户", "负责人", "销售进程(0-7)", "成交意向", "合同状态", "下次拨打日期", "最近联系日期"],
        ["c1", "张伟", 6, "成交可能性很大", "合同中", None, dt.date(2026, 11, 1)],
        ["c2", "张伟", 6, None, None, dt.date(2026, 11, 20), None],
        ["c3", "王芳", 1, "可能性差", "无合同", None, dt.date(2026, 11, 13)],
        ["c4", "张伟", 4, "成交意向好", None, dt.date(2026, 12, 1), dt.date(2026, 11, 20)],
        ["c5", "王芳", 5, "Very likely", None, None, dt.date(2026, 11, 22)],
        ["c6", "张伟", 0, None, None, None, None],
        ["c7", "王芳", 7, None, "合同已到期", None, dt.date(2026, 10, 24)],
        ["c8", "张伟", 2, "成交意向好", None, None, dt.date(2026, 11, 20)],
        ["c9", "王芳", 3, "可能成交", None, dt.date(2026, 11, 23), dt.date(2026, 11, 3)],
    ]


def customers() -> pd.DataFrame:
    parsed = inputs.parse_customers(customer_rows(), "客户名单")
    assert parsed.problems == []
    return parsed.frame


# ---- tiers -----------------------------------------------------------------------------------

def test_target_capacity_headroom_and_tiers_by_the_average_thresholds():
    frame = accounts()
    much, large = tiers.thresholds(frame, TierRules())
    assert much == 475 and large == pytest.approx(5300 / 6)
    table = tiers.tiers(frame).set_index("account")
    assert list(table["target"]) == [1000, 1000, 500, 1500, 300, 1000]
    assert list(table["headroom"]) == [400, 100, 400, 1500, 300, 700]
    assert table.at["A", "share"] == pytest.approx(0.6) and table.at["C", "share"] == pytest.approx(0.2)
    # A: much business (600 ≥ 475), 60% of target → tier 1; B: 90% of target, at potential → none;
    # C and F: some business below potential → tier 2, F first (headroom 700 > 400); D: no business,
    # target 1500 ≥ 883 → tier 3; E: no business, target 300 too small → none
    assert table["tier"].to_dict() == pytest.approx({"A": 1, "B": float("nan"), "C": 2, "D": 3, "E": float("nan"),
                                                     "F": 2}, nan_ok=True)
    assert table.at["F", "rank"] == 1 and table.at["C", "rank"] == 2
    assert table["suggested"].to_dict() == {"A": True, "B": False, "C": True, "D": True, "E": False, "F": True}


def test_explicit_thresholds_and_tiers_of_one():
    frame = accounts()
    rules = TierRules(much_business_min=250, large_potential_min=2000, per_tier=1)
    table = tiers.tiers(frame, rules).set_index("account")
    # F (300 ≥ 250) joins tier 1 and leads it by headroom; D's 1500 is under 2000 now
    assert table.at["F", "tier"] == 1 and table.at["F", "rank"] == 1 and table.at["A", "rank"] == 2
    assert pd.isna(table.at["D", "tier"])
    assert list(tiers.suggested_accounts(tiers.tiers(frame, rules))["account"]) == ["F", "C"]


def test_equal_headroom_goes_to_the_account_higher_up():
    rows = [account_rows()[0], ["甲", None, None, 100, 1000, 0, None], ["乙", None, None, 100, 1000, 0, None]]
    table = tiers.tiers(inputs.parse_accounts(rows, "客户").frame, TierRules(much_business_min=1))
    assert list(table["rank"]) == [1, 2]


def test_more_channels_than_market_is_named_and_gets_no_tier():
    rows = account_rows()
    rows[1][5] = 1500  # A: other channels 1500 > total 1000
    parsed = inputs.parse_accounts(rows, "客户")
    other = f"{L.ACCOUNTS.letter('other_channels')}2"  # account_rows is laid out as the table
    assert [(p.cell, p.severity) for p in parsed.problems] == [(other, "error")]
    assert pd.isna(tiers.tiers(parsed.frame).at[0, "tier"])


# ---- classes, effort, 80/20 -------------------------------------------------------------------

def test_abc_classes_by_cumulative_revenue():
    # largest first: B 900 (0 ahead), A 600 (900), F 300 (1500), C 100 (1800), D and E 0 (1900);
    # A while ahead < 80% × 1900 = 1520, B while < 95% × 1900 = 1805
    table = classes.classify(accounts()).set_index("account")
    assert table["class"].to_dict() == {"A": "A", "B": "A", "C": "B", "D": "C", "E": "C", "F": "A"}
    assert table.at["F", "before_share"] == pytest.approx(1500 / 1900)


def test_a_manual_class_wins():
    rows = account_rows()
    rows[4][6] = "A"  # D
    table = classes.classify(inputs.parse_accounts(rows, "客户").frame).set_index("account")
    assert table.at["D", "computed"] == "C" and table.at["D", "class"] == "A"


def test_share_of_accounts_and_reps_making_80_percent():
    frame = accounts()
    # accounts with business: B, A, F, C; B + A + F = 1800 ≥ 1520 → 3 of 4
    assert classes.accounts_for(frame) == classes.Pareto(3, 4, 0.75)
    # reps: X 1000 (B, C), Y 600 (A, D), Z 300 (F, E); X + Y = 1600 ≥ 1520 → 2 of 3; with an idle rep W, 2 of 4
    table = classes.classify(frame)
    assert classes.reps_for(table) == classes.Pareto(2, 3, 2 / 3)
    assert classes.reps_for(table, ["X", "Y", "Z", "W"]) == classes.Pareto(2, 4, 0.5)
    by_rep = classes.revenue_by_rep(table, ["X", "Y", "Z", "W"]).set_index("rep")
    assert list(by_rep["revenue"]) == [1000, 600, 300, 0]
    assert by_rep.loc["X", ["A", "B", "C"]].tolist() == [1, 1, 0]
    assert classes.accounts_for(frame, 0.5) == classes.Pareto(2, 4, 0.5)  # 900 + 600 ≥ 950


def test_nothing_to_share_gives_no_figure():
    assert classes.pareto(pd.Series([0.0, 0.0])) is None


def test_effort_days_per_account():
    # A: B, A, F (1800); B: C (100); C: D, E (0). Two reps × 22 days = 44 days:
    # A 60% × 44 / 3 = 8.8, B 30% × 44 / 1 = 13.2, C 10% × 44 / 2 = 2.2
    table = classes.effort(classes.classify(accounts()), ClassRules(), reps=2).set_index("class")
    assert list(table["accounts"]) == [3, 1, 2]
    assert list(table["days_per_account"]) == pytest.approx([8.8, 13.2, 2.2])
    assert list(table["revenue_share"]) == pytest.approx([1800 / 1900, 100 / 1900, 0])


# ---- key people and closeness ------------------------------------------------------------------

def test_closeness_per_person_account_and_decision_chain():
    scored = relations.people_closeness(people()).set_index("name")
    assert list(scored["overall"]) == pytest.approx([0.75, 1 / 3, 0])
    assert list(scored["weight"]) == [15, 6, 1]
    account = relations.account_closeness(people()).loc["A"]
    assert account["overall"] == pytest.approx((15 * 0.75 + 6 / 3) / 22)
    assert account["closeness"] == pytest.approx((15 * 1 + 6 * 0.5) / 22)
    assert (account["people"], account["decision_makers"], account["coaches"]) == (3, 1, 1)
    chains = relations.chain_closeness(people())
    assert chains.at["D1", "overall"] == pytest.approx((15 * 0.75 + 6 / 3) / 21)
    assert chains.at["D2", "overall"] == pytest.approx(15 * 0.75 / 16)
    assert relations.missing_roles(chains.loc["D2"]) == ["coach"]
    assert relations.missing_roles(chains.loc["D1"]) == []


def test_edited_weights():
    weights = ClosenessWeights(dimensions={"closeness": 2, "solution": 1, "price": 1},
                               roles={"decision_maker": 1, "influencer": 1, "user": 1, "coach": 1},
                               involvement={1: 1, 2: 1, 3: 1, 4: 1, 5: 1})
    scored = relations.people_closeness(people(), weights)
    assert scored.at[0, "overall"] == pytest.approx((2 * 1 + 0.75 + 0.5) / 4)
    assert relations.account_closeness(people(), weights).at["A", "overall"] == pytest.approx(
        (3.25 / 4 + (2 * 0.5 + 0.5 + 0) / 4 + 0) / 3)


def test_weights_table_reads_either_language_and_names_an_unknown_item():
    top, left = 19, 3  # where the grid's header is in its sheet (0-based): problems are named in the sheet
    weights, problems = inputs.parse_weights([["项目", "权重"], ["关系紧密度", 2], ["Coach", 4], ["参与程度1", 9],
                                              ["魅力", 1], ["coach", 7], ["Involvement 2", None]], "设置", top, left)
    assert weights.dimensions["closeness"] == 2 and weights.roles["coach"] == 4 and weights.involvement[1] == 9
    assert weights.dimensions["price"] == 1 and weights.involvement[2] == 4  # left out or blank: default
    # an unknown item, the same item twice (case does not count; the first is used), a blank weight
    assert sorted(p.where for p in problems) == [f"设置!{cell_address(top + row, left + col)}"
                                                 for row, col in ((4, 0), (5, 0), (6, 1))]
    assert "Involvement 5" in problems[0].expected_en


def test_rating_weights_must_leave_something_to_weigh():
    weights, problems = inputs.parse_weights([["项目", "权重"], ["关系紧密度", 0], ["方案认可度", 0],
                                              ["价格接受度", 0]], "设置")
    assert weights == ClosenessWeights() and [p.where for p in problems] == ["设置!B2"]  # the grid's own cell


def test_deal_ids_split_on_any_separator():
    assert relations.deal_ids("D1，D2、D3; D4 D5") == ["D1", "D2", "D3", "D4", "D5"]
    assert relations.deal_ids(None) == []


# ---- 7+3 qualification ---------------------------------------------------------------------------

def _checks(**statuses: str) -> pd.DataFrame:
    row = {"deal": "D", "account": "A", "owner": "X"} | {k: "unknown" for k in qualify.ITEM_KEYS} | statuses
    return pd.DataFrame([row])


def test_qualification_outcomes():
    seven = {k: "known" for k in ["basics", "timeline", "budget", "needs", "key_person", "decision", "competitors"]}
    result = qualify.qualify(_checks(**seven))
    assert result.at[0, "score"] == pytest.approx(0.7) and result.at[0, "verdict"] == GO
    assert result.at[0, "missing"] == ["strength", "product", "service"]
    # 6 known + 1 partly = 6.5 / 10 below 0.7
    lower = qualify.qualify(_checks(**(seven | {"competitors": "partly"})))
    assert lower.at[0, "score"] == pytest.approx(0.65) and lower.at[0, "verdict"] == HOLD
    # needs only partly known: no go whatever the score
    unsure = qualify.qualify(_checks(**({k: "known" for k in qualify.ITEM_KEYS} | {"needs": "partly"})))
    assert unsure.at[0, "score"] == pytest.approx(0.95) and unsure.at[0, "verdict"] == HOLD
    # one item against us: no-go
    against = qualify.qualify(_checks(**(seven | {"product": "against"})))
    assert against.at[0, "verdict"] == NO_GO and against.at[0, "against_items"] == ["product"]
    assert qualify.qualify(_checks(**seven), QualifyRules(go_threshold=0.8)).at[0, "verdict"] == HOLD
    assert qualify.item_list(["budget", "needs"], "zh-CN") == "项目预算、基本需求"


def test_blank_items_read_as_unknown():
    header = ["商机", "客户", "公司实力", "基本需求"]
    parsed = inputs.parse_qualification([header, ["D1", "A", "已知", None]], "商机评估")
    assert parsed.problems == [] and parsed.frame.at[0, "needs"] == "unknown"
    assert qualify.qualify(parsed.frame).at[0, "score"] == pytest.approx(0.1)


# ---- rep levels ------------------------------------------------------------------------------------

def test_rep_level_from_rubric_means():
    keys = RUBRIC_KEYS
    frame = pd.DataFrame([{"rep": "甲", **{k: "top" if i < 7 else "middle" for i, k in enumerate(keys)}},
                          {"rep": "乙", **{k: "pass" for k in keys}},
                          {"rep": "丙", **{k: "middle" if i < 3 else None for i, k in enumerate(keys)}},
                          {"rep": "丁", **{k: None for k in keys}}])
    table = rep_levels(frame).set_index("rep")
    assert table.at["甲", "mean"] == 2.5 and table.at["甲", "level"] == "top"
    assert table.at["乙", "level"] == "pass"
    assert table.at["丙", "rated"] == 3 and table.at["丙", "level"] == "middle"
    assert pd.isna(table.at["丁", "level"])
    assert rep_levels(frame, LevelRules(middle_min=1.5, top_min=2.6)).at[0, "level"] == "middle"


# ---- call list --------------------------------------------------------------------------------------

def test_call_list_order_and_exclusions():
    ranked = calls.priorities(customers(), AS_OF).set_index("customer")
    assert ranked["score"].dropna().to_dict() == {"c2": 10_000_399, "c3": 210_010, "c5": 1_750_001,
                                                  "c6": 100_099, "c7": 1_500_030, "c8": 1_340_003,
                                                  "c9": 10_430_020}
    assert not ranked.at["c1", "callable"] and not ranked.at["c4", "callable"]
    assert list(calls.call_list(customers(), AS_OF, 3)["customer"]) == ["c9", "c2", "c5"]
    assert list(calls.call_list(customers(), AS_OF)["customer"]) == ["c9", "c2", "c5", "c7", "c8", "c3", "c6"]
    mine = calls.call_list(customers(), AS_OF, 60, owner="张伟")
    assert list(mine["customer"]) == ["c2", "c8", "c6"] and list(mine["rank"]) == [1, 2, 3]
    both = calls.call_list(customers(), AS_OF, 2, per_owner=True)
    assert list(zip(both["owner"], both["customer"])) == [("张伟", "c2"), ("张伟", "c8"), ("王芳", "c9"),
                                                          ("王芳", "c5")]


def test_blank_contract_status_reads_from_the_code():
    frame = customers().set_index("customer")
    assert frame.at["c2", "contract"] == "active" and frame.at["c6", "contract"] == "none"


def test_coverage_of_the_texts_figures():
    assert calls.coverage(1000) == calls.Coverage(1000, 17, 1.0)  # 60 a day: 17 days, all within 22
    assert calls.coverage(2000, 60, 22) == calls.Coverage(2000, 34, pytest.approx(0.66))
    with pytest.raises(ValueError):
        calls.coverage(10, 0)


# ---- the 15-account plan -----------------------------------------------------------------------------

def test_plan_review_to_date_by_month_and_by_tier():
    plan_frame = inputs.parse_plan([["层级", "客户", "负责人", "年度目标"], [1, "X", "张伟", 1200],
                                    [2, "Y", "王芳", 600]], "分层计划").frame
    monthly = inputs.parse_monthly([["客户", "月份", "预期", "实际"],
                                    ["X", dt.date(2026, 1, 1), 100, 80], ["x", dt.date(2026, 2, 15), 100, 130],
                                    ["X", dt.date(2026, 4, 1), 100, None], ["Y", dt.date(2026, 1, 1), 50, 50],
                                    ["Z", dt.date(2026, 1, 1), 10, 10]], "月度跟踪", ["X", "Y"])
    assert [(p.cell, p.severity) for p in monthly.problems] == [("A6", "warning")]
    review = plan.review(plan_frame, monthly.frame, dt.date(2026, 2, 10)).set_index("account")
    # "x" is X: names compare as Excel compares them
    assert review.loc["X", ["expected", "actual", "gap"]].tolist() == [200, 210, 10]
    assert review.at["X", "attainment"] == pytest.approx(1.05) and review.at["Y", "attainment"] == 1
    months = plan.review_months(plan_frame, monthly.frame, dt.date(2026, 2, 10))
    # every month from the first to the last, March without rows; Z is not in the plan
    assert list(months["month"]) == list(pd.date_range("2026-01-01", periods=4, freq="MS"))
    assert months["expected"].tolist() == [150, 100, 0, 100] and months["actual"].tolist() == [130, 130, 0, 0]
    assert months["cum_expected"].tolist() == [150, 250, 250, 350]
    assert months["cum_actual"].tolist()[:2] == [130, 260] and months["cum_actual"].iloc[2:].isna().all()
    assert months["attainment"].iloc[1] == pytest.approx(260 / 250)
    by_tier = plan.review_by_tier(plan_frame, monthly.frame, dt.date(2026, 2, 10)).set_index("tier")
    assert by_tier.loc[1, ["goal", "expected", "actual"]].tolist() == [1200, 200, 210]
    assert by_tier.loc[3, ["goal", "expected", "actual"]].tolist() == [0, 0, 0] and pd.isna(by_tier.at[3, "attainment"])


def test_months_past_the_reviews_rows_are_an_error():
    rows = [["客户", "月份", "预期", "实际"]] + [["X", dt.date(2026 + m // 12, m % 12 + 1, 1), 1, 1] for m in range(25)]
    monthly = inputs.parse_monthly(rows, "月度跟踪")
    assert [(p.cell, p.severity) for p in monthly.problems] == [("B26", "error")]  # the 25th month
    assert len(plan.review_months(monthly.frame.assign(account="X"), monthly.frame, AS_OF)) == inputs.REVIEW_MONTHS


def test_new_plan_keeps_what_was_typed_and_a_year_of_months():
    suggested = tiers.suggested_accounts(tiers.tiers(accounts(), TierRules(per_tier=1)))
    current = pd.DataFrame({"tier": [2.0], "account": ["F"], "owner": ["Z"], "goal": [500.0], "objective": ["首单"],
                            "who": ["Z"], "how": ["演示"], "when": [pd.Timestamp("2026-12-01")], "why": ["潜力大"]})
    rows = plan.plan_rows(suggested, current)
    assert list(rows["account"]) == ["A", "F", "D"]
    assert rows.at[1, "goal"] == 500 and rows.at[1, "how"] == "演示" and pd.isna(rows.at[0, "goal"])
    kept = pd.DataFrame({"account": ["F"], "month": [pd.Timestamp("2026-12-01")], "expected": [40.0],
                         "actual": [None]})
    months = plan.monthly_rows(["A", "F"], dt.date(2026, 11, 23), kept)
    assert len(months) == 24 and months["month"].iloc[0] == pd.Timestamp("2026-11-01")
    assert months["month"].iloc[11] == pd.Timestamp("2027-10-01")
    assert months.loc[(months["account"] == "F") & (months["month"] == "2026-12-01"), "expected"].item() == 40


def test_a_new_plan_from_nothing_and_history_that_stays():
    """The empty template: no suggestions, no plan, no months (issue 15.9: this raised TypeError)."""
    empty = inputs.parse_plan([["层级", "客户"]], "分层计划").frame
    rows = plan.plan_rows(tiers.suggested_accounts(tiers.tiers(accounts().iloc[:0])), empty)
    assert rows.empty and list(rows.columns) == ["tier", "account", "owner"] + PLAN_TEXT_KEYS
    months = inputs.parse_monthly([["客户", "月份", "预期", "实际"]], "月度跟踪").frame
    assert plan.monthly_rows([], AS_OF, months).empty
    # an account leaving the plan keeps the figures entered for it; its empty months go
    typed = inputs.parse_monthly([["客户", "月份", "预期", "实际"], ["Old", dt.date(2026, 11, 1), 5, 7],
                                  ["Old", dt.date(2026, 12, 1), None, None]], "月度跟踪").frame
    kept = plan.monthly_rows(["A"], AS_OF, typed)
    assert len(kept) == 13 and kept.iloc[-1][["account", "expected", "actual"]].tolist() == ["Old", 5, 7]
