"""A realistic sample for the demo copy: four reps, 32 key accounts, their key people, the 15-account plan
with a year of months, eight qualified deals, rubric ratings and 1000 call-list customers."""

import datetime as dt
import random
from typing import Any

import pandas as pd
from pydantic import BaseModel

from xlsales.accounts import inputs, plan, tiers
from xlsales.accounts.columns import (ACCOUNT_COLUMNS, CUSTOMER_COLUMNS, MONTHLY_COLUMNS, PEOPLE_COLUMNS,
                                      PLAN_COLUMNS, QUALIFY_COLUMNS, REP_LEVEL_COLUMNS)
from xlsales.accounts.render import header, sheet_rows
from xlsales.accounts.settings import ClosenessWeights, TierRules
from xlsales.accounts.vocab import (AGAINST, CONTRACT_EXPIRED, KNOWN, MIDDLE, NO_CONTRACT, PARTLY, PASS,
                                    QUALIFY_ITEMS, RUBRIC, TOP, UNDER_CONTRACT, UNKNOWN)
from xlsales.i18n import Lang
from xlsales.table import ParsedTable

REPS = [("张伟", "华东一组"), ("王芳", "华东一组"), ("李强", "华南组"), ("刘洋", "华南组")]
# (name, industry, revenue with us, total market, supply via channels we are not in), amounts in yuan
ACCOUNTS = [
    ("苏州恒达精密", "机械制造", 1_850_000, 4_200_000, 400_000),
    ("杭州云帆物流", "物流", 1_320_000, 3_100_000, 0),
    ("上海申联医疗", "医疗器械", 2_400_000, 5_600_000, 900_000),
    ("无锡博锐电子", "电子", 980_000, 2_600_000, 300_000),
    ("南京金陵建设", "建筑", 1_150_000, 4_800_000, 1_200_000),
    ("广州粤海食品", "食品", 860_000, 2_000_000, 150_000),
    ("深圳鹏程科技", "电子", 2_050_000, 3_900_000, 200_000),
    ("宁波海越贸易", "贸易", 420_000, 1_900_000, 300_000),
    ("东莞华美家具", "家具", 260_000, 1_400_000, 100_000),
    ("佛山顺德电器", "家电", 380_000, 2_300_000, 500_000),
    ("厦门鹭岛航运", "航运", 150_000, 1_600_000, 200_000),
    ("福州闽江化工", "化工", 310_000, 1_200_000, 0),
    ("合肥徽商集团", "综合", 520_000, 3_000_000, 800_000),
    ("常州天宁纺织", "纺织", 90_000, 900_000, 100_000),
    ("嘉兴南湖新材", "新材料", 0, 3_400_000, 400_000),
    ("绍兴越州酒业", "酒业", 0, 2_200_000, 600_000),
    ("珠海横琴金融", "金融", 0, 4_100_000, 1_000_000),
    ("中山伟业五金", "五金", 0, 1_900_000, 100_000),
    ("温州瓯江鞋业", "制鞋", 0, 2_700_000, 300_000),
    ("扬州运河文旅", "文旅", 0, 2_500_000, 0),
    ("泉州晋江服饰", "服装", 0, 600_000, 100_000),
    ("台州椒江汽配", "汽配", 0, 450_000, 0),
    ("湖州吴兴竹业", "林产", 0, 300_000, 0),
    ("昆山玉山光电", "光电", 1_900_000, 2_100_000, 0),
    ("江阴长江钢构", "钢构", 720_000, 800_000, 0),
    ("惠州大亚湾石化", "石化", 1_600_000, 1_900_000, 150_000),
    ("汕头潮南玩具", "玩具", 120_000, 140_000, 0),
    ("江门新会陈皮", "食品", 60_000, 500_000, 100_000),
    ("肇庆端州电池", "新能源", 540_000, 2_900_000, 700_000),
    ("清远英德茶业", "茶叶", 40_000, 380_000, 0),
    ("南通海门船舶", "船舶", 1_050_000, 2_500_000, 0),
    ("徐州淮海工程机械", "工程机械", 0, 5_200_000, 2_000_000),
]
DEPARTMENTS = ["总经办", "财务部", "信息部", "采购部", "生产部"]
SURNAMES = "陈林黄周吴郑孙马朱胡郭何高罗梁宋谢唐韩冯"
TITLES = {"总经办": "总经理", "财务部": "财务总监", "信息部": "信息部经理", "采购部": "采购经理", "生产部": "生产厂长"}
ROLE_BY_DEPARTMENT = {"总经办": "decision_maker", "财务部": "influencer", "信息部": "coach", "采购部": "influencer",
                      "生产部": "user"}
ACTIONS = [
    ("提高份额至目标市场容量的 60%", "负责人 + 销售经理", "高层拜访,联合制定年度采购框架", "每季度首月",
     "业务量大但份额仍低,竞争对手在分流"),
    ("打入新事业部", "负责人 + 方案顾问", "以现有成功案例做现场演示", "本月内",
     "新事业部有独立预算,尚未接触"),
    ("建立内线,拿到决策流程", "负责人", "与信息部经理定期非正式沟通", "每两周",
     "决策链不清楚,没有教练"),
    ("首单突破", "负责人 + 技术支持", "免费诊断 + 小范围试点", "下月中旬",
     "尚无业务但潜力大,需要证明价值"),
]


class DemoAccounts(BaseModel):
    as_of: dt.date
    reps: list[tuple[str, str]]
    accounts: list[dict[str, Any]]  # canonical keys as in columns.*_COLUMNS; choices as keys
    people: list[dict[str, Any]]
    plan: list[dict[str, Any]]
    monthly: list[dict[str, Any]]
    qualification: list[dict[str, Any]]
    levels: list[dict[str, Any]]
    customers: list[dict[str, Any]]
    weights: ClosenessWeights


def demo_accounts(as_of: dt.date, seed: int = 11) -> DemoAccounts:
    rng = random.Random(seed)
    accounts = [{"account": name, "owner": REPS[i % len(REPS)][0], "industry": industry, "revenue": revenue,
                 "total_market": total, "other_channels": other or None,
                 "class_manual": "A" if name == "嘉兴南湖新材" else None}  # a manager's call: treat a prospect as A
                for i, (name, industry, revenue, total, other) in enumerate(ACCOUNTS)]
    parsed = inputs.parse_accounts([header(ACCOUNT_COLUMNS, "en")] + sheet_rows(accounts, ACCOUNT_COLUMNS, "en"), "")
    chosen = tiers.suggested_accounts(tiers.tiers(parsed.frame, TierRules()))
    plan_records = []
    for i, row in enumerate(chosen.itertuples()):
        objective, who, how, when, why = ACTIONS[(i + int(row.tier)) % len(ACTIONS)]
        plan_records.append({"tier": int(row.tier), "account": row.account, "owner": row.owner,
                             "goal": _goal(row), "objective": objective, "who": who, "how": how,
                             "when": as_of + dt.timedelta(days=7 * (i % 6 + 1)), "why": why})
    return DemoAccounts(as_of=as_of, reps=REPS, accounts=accounts, people=_people(rng, plan_records),
                        plan=plan_records, monthly=_monthly(rng, plan_records, as_of),
                        qualification=_qualification(plan_records), levels=_levels(rng),
                        customers=_customers(rng, as_of), weights=ClosenessWeights())


# The year's goal per tier: tier 1 keeps its business and wins a good part of its headroom, tier 2 grows from a small
# base, tier 3 (no business yet) aims at first orders only. So goals fall from tier 1 to tier 3, as a plan would.
GOAL_SHARE_OF_HEADROOM = {1: 0.3, 2: 0.2, 3: 0.05}


def _goal(row: Any) -> float:
    return round(row.revenue + row.headroom * GOAL_SHARE_OF_HEADROOM[int(row.tier)], -4)


def _people(rng: random.Random, plan_records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    people = []
    for n, record in enumerate(plan_records):
        departments = DEPARTMENTS[:2 + n % 4]
        deal = f"K-{n + 1:03d}" if n < 8 else None
        for d, department in enumerate(departments):
            closeness = min(5, max(1, 4 - record["tier"] + rng.randint(-1, 2)))
            people.append({
                "account": record["account"], "deals": deal if d < 3 else None, "department": department,
                "name": SURNAMES[(n * 3 + d) % len(SURNAMES)] + ("总" if department == "总经办" else "经理"),
                "title": TITLES[department], "role": ROLE_BY_DEPARTMENT[department],
                "involvement": min(5, d + 1 + rng.randint(0, 1)), "closeness": closeness,
                "solution": min(5, max(1, closeness + rng.randint(-1, 1))),
                "price": min(5, max(1, closeness + rng.randint(-2, 0))),
                "contact": f"1{rng.randint(3, 8)}{rng.randint(100000000, 999999999)}",
                "interests": rng.choice(["降低库存", "年内上线", "个人晋升", "控制成本", "减少加班"]),
            })
    return people


def _monthly(rng: random.Random, plan_records: list[dict[str, Any]], as_of: dt.date) -> list[dict[str, Any]]:
    months = pd.date_range(plan.month_start(dt.date(as_of.year, 1, 1)), periods=plan.PLAN_MONTHS, freq="MS")
    rows = []
    for record in plan_records:
        expected = round(record["goal"] / 12, -3)
        for number, month in enumerate(months):
            done = month <= plan.month_start(as_of)
            # a tier-3 account has no business yet: its first order comes after a few months of work
            first_order = record["tier"] < 3 or number >= 4
            actual = round(expected * rng.uniform(0.75, 1.3), -3) if first_order else 0
            rows.append({"account": record["account"], "month": month.date(), "expected": expected,
                         "actual": actual if done else None})
    return rows


# Eight deals' 7+3 checks: (known, partly, against) item keys; the rest unknown. Chosen so the demo shows
# every verdict: go, find out more (score low, or needs not known), no-go.
QUALIFY_PATTERNS = [
    ({"basics", "timeline", "budget", "needs", "key_person", "decision", "strength", "product"}, {"competitors"},
     set()),
    ({"basics", "needs", "key_person", "strength", "product", "service"}, {"budget", "timeline"}, set()),
    ({"basics", "timeline", "budget", "key_person", "decision", "strength", "product", "service"}, {"needs"}, set()),
    ({"basics", "needs"}, {"key_person"}, set()),
    ({"basics", "timeline", "needs", "key_person", "strength"}, set(), {"product"}),
    ({"basics", "timeline", "budget", "needs", "key_person", "decision", "competitors", "strength", "product",
      "service"}, set(), set()),
    ({"needs", "strength", "product"}, {"budget"}, {"basics"}),  # the text's example: pays its suppliers badly
    ({"timeline", "budget", "needs", "decision", "strength", "product", "service"}, {"basics"}, set()),
]


def _qualification(plan_records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for n, (known, partly, against) in enumerate(QUALIFY_PATTERNS):
        record = plan_records[n]
        row: dict[str, Any] = {"deal": f"K-{n + 1:03d}", "account": record["account"], "owner": record["owner"]}
        for item in QUALIFY_ITEMS:
            status = KNOWN if item.key in known else PARTLY if item.key in partly else UNKNOWN
            row[item.key] = AGAINST if item.key in against else status
        rows.append(row)
    return rows


def _levels(rng: random.Random) -> list[dict[str, Any]]:
    profiles = {"张伟": (TOP, TOP, MIDDLE), "王芳": (MIDDLE, MIDDLE, PASS), "李强": (PASS, PASS, MIDDLE),
                "刘洋": (MIDDLE, TOP, MIDDLE)}
    return [{"rep": rep, **{row.key: rng.choice(profile) for row in RUBRIC}} for rep, profile in profiles.items()]


PROGRESS_MIX = [0] * 15 + [1] * 20 + [2] * 20 + [3] * 15 + [4] * 8 + [5] * 4 + [6] * 12 + [7] * 6
INTENT_BY_PROGRESS = {0: ["poor", "unclear"], 1: ["poor", "unclear", "possible"], 2: ["unclear", "possible"],
                      3: ["possible", "good"], 4: ["good", "very_likely"], 5: ["very_likely"], 6: ["very_likely"],
                      7: ["possible", "good"]}
CONTRACT_BY_PROGRESS = {6: UNDER_CONTRACT, 7: CONTRACT_EXPIRED}
CITIES = ["苏州", "杭州", "宁波", "无锡", "南京", "广州", "深圳", "东莞", "佛山", "厦门", "福州", "合肥"]
TRADES = ["机电", "贸易", "科技", "包装", "电子", "材料", "食品", "物流", "服饰", "家居"]


def _customers(rng: random.Random, as_of: dt.date) -> list[dict[str, Any]]:
    rows = []
    for number in range(1000):
        owner = REPS[number % len(REPS)][0]
        progress = rng.choice(PROGRESS_MIX)
        next_call = None
        if rng.random() < 0.3 or progress == 6 and rng.random() < 0.2:
            next_call = as_of + dt.timedelta(days=rng.randint(-20, 25))
        last = None if progress == 0 and rng.random() < 0.6 else as_of - dt.timedelta(days=rng.randint(1, 120))
        rows.append({
            "customer": f"{rng.choice(CITIES)}{rng.choice(TRADES)}{number + 1:04d}", "owner": owner,
            "progress": progress, "intent": rng.choice(INTENT_BY_PROGRESS[progress]) if progress else None,
            # most rows carry the status; some leave it blank and let the code speak (6 → under contract)
            "contract": CONTRACT_BY_PROGRESS.get(progress, NO_CONTRACT) if rng.random() < 0.8 else None,
            "next_call": next_call, "last_contact": last,
            "phone": f"0{rng.randint(510, 599)}-{rng.randint(60000000, 89999999)}",
        })
    return rows


def parsed_tables(data: DemoAccounts, lang: Lang = "zh-CN") -> dict[str, ParsedTable]:
    """The demo's tables parsed from exactly the rows the demo workbook holds, keyed by column set name."""
    def rows(records: list[dict[str, Any]], columns: list) -> list[list[Any]]:
        return [header(columns, lang)] + sheet_rows(records, columns, lang)

    accounts = inputs.parse_accounts(rows(data.accounts, ACCOUNT_COLUMNS), "accounts")
    plan_table = inputs.parse_plan(rows(data.plan, PLAN_COLUMNS), "plan")
    return {
        "accounts": accounts,
        "people": inputs.parse_people(rows(data.people, PEOPLE_COLUMNS), "people", list(accounts.frame["account"])),
        "plan": plan_table,
        "monthly": inputs.parse_monthly(rows(data.monthly, MONTHLY_COLUMNS), "monthly",
                                        list(plan_table.frame["account"])),
        "qualification": inputs.parse_qualification(rows(data.qualification, QUALIFY_COLUMNS), "qualification"),
        "levels": inputs.parse_rep_levels(rows(data.levels, REP_LEVEL_COLUMNS), "levels"),
        "customers": inputs.parse_customers(rows(data.customers, CUSTOMER_COLUMNS), "customers"),
    }
