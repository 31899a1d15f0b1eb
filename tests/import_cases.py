"""CRM exports as users have them, generated deterministically: a Salesforce-style opportunity report, a
纷享销客/销售易-style GBK export with Chinese headers, and the shape of a public CRM sample (8,800
opportunities, stages Prospecting/Engaging/Won/Lost, 30 agents, open deals without amount or close date)."""

import csv
import datetime as dt
import io
import random

SALESFORCE_STAGES = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
                     "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"]
SALESFORCE_MAP = """\
[stages]
"Prospecting" = "放入漏斗"
"Qualification" = "放入漏斗"
"Needs Analysis" = "判断赢率"
"Value Proposition" = "判断赢率"
"Id. Decision Makers" = "建立内线"
"Perception Analysis" = "建立内线"
"Proposal/Price Quote" = "正式场合达成共识"
"Negotiation/Review" = "谈判签约"
"""
PUBLIC_MAP = """\
[columns]
id = "opportunity_id"
created = "engage_date"
[stages]
"Prospecting" = "放入漏斗"
"Engaging" = "判断赢率"
"""


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def salesforce_csv(count: int = 10_000, seed: int = 15) -> str:
    """An opportunity report as Salesforce exports it (US locale: month-first dates, $ amounts), with its footer."""
    rng = random.Random(seed)
    owners = [f"Rep {chr(65 + i // 5)}{i % 5}" for i in range(25)]
    header = ["Opportunity Owner", "Account Name", "Opportunity Name", "Opportunity ID", "Stage", "Amount",
              "Probability (%)", "Close Date", "Created Date", "Next Step", "Lead Source", "Type"]
    rows = []
    for i in range(count):
        created = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600))
        close = created + dt.timedelta(days=rng.randrange(10, 240))
        stage = rng.choice(SALESFORCE_STAGES + ["Closed Won"] * 3 + ["Closed Lost"] * 3)
        amount = "" if rng.random() < 0.03 else f"${rng.randrange(500, 2_000_000) / 4:,.2f}"
        rows.append([rng.choice(owners), f"Account {rng.randrange(1500)}", f"Deal {i}", f"006{i:012d}", stage, amount,
                     rng.choice([10, 20, 50, 75, 90, 100, 0]), f"{close.month}/{close.day}/{close.year}",
                     f"{created.month}/{created.day}/{created.year}", rng.choice(["", "Call back", "Send quote"]),
                     rng.choice(["Web", "Partner", "Trade Show"]), rng.choice(["New Business", "Existing Business"])])
    footer = "\r\n\r\n\"Confidential Information - Do Not Distribute\"\r\n\"Copyright (c) 2000-2026 salesforce.com, inc.\"\r\n"
    return _csv(header, rows) + footer


def chinese_csv(count: int = 300, seed: int = 23) -> str:
    """A 纷享销客/销售易-style export: Chinese headers, ￥ (full-width, as GBK has it) and 万 amounts, Chinese and ISO dates, outcome in the stage
    column and a status column; owners whose names COUNTIFS would read as patterns or a formula."""
    rng = random.Random(seed)
    owners = ["张三", "李四", "王?", "李*", "=赵六", "钱七"]
    stages = ["放入漏斗", "判断赢率", "建立内线", "正式场合达成共识", "谈判签约"]
    header = ["商机编号", "商机名称", "客户名称", "负责人", "销售阶段", "商机金额", "预计成交日期", "创建时间", "商机状态",
              "最后跟进时间", "产品"]
    rows = []
    for i in range(count):
        created = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        close = created + dt.timedelta(days=rng.randrange(15, 200))
        outcome = rng.random()
        stage, status = (("赢单", "赢单") if outcome < 0.2 else ("输单", "输单") if outcome < 0.35
                         else (rng.choice(stages), "进行中"))
        amount = rng.randrange(1, 5000) * 100
        shown = rng.choice([f"￥{amount:,.2f}", f"{amount / 10000:g}万", f"{amount}", f"{amount / 10000:g}万元"])
        close_text = rng.choice([f"{close.year}年{close.month}月{close.day}日", close.isoformat(),
                                 f"{close.year}/{close.month:02d}/{close.day:02d}"])
        created_text = rng.choice([f"{created.year}-{created.month:02d}-{created.day:02d} {rng.randrange(24):02d}:30",
                                   f"{created.year}.{created.month}.{created.day}"])
        last = created + dt.timedelta(days=rng.randrange(0, 60))
        rows.append([f"SJ{i + 1:05d}", f"项目{i}", f"客户{rng.randrange(80)}", rng.choice(owners), stage, shown,
                     close_text, created_text, status, f"{last.year}年{last.month}月{last.day}日",
                     rng.choice(["软件", "硬件", "服务"])])
    return _csv(header, rows)


def public_crm_csv(seed: int = 8800) -> str:
    """The shape of a public CRM sample: 8,800 opportunities, 30 agents; Prospecting deals have no engage date,
    close date or value, Engaging deals no close date or value, and many open deals no account."""
    rng = random.Random(seed)
    agents = [f"Agent {n:02d}" for n in range(1, 31)]
    products = ["GTX Basic", "GTX Pro", "MG Special", "MG Advanced", "GTX Plus Pro", "GTX Plus Basic", "GTK 500"]
    stages = ["Won"] * 4238 + ["Lost"] * 2473 + ["Engaging"] * 1589 + ["Prospecting"] * 500
    rng.shuffle(stages)
    header = ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date",
              "close_value"]
    rows = []
    for i, stage in enumerate(stages):
        engage = dt.date(2016, 10, 20) + dt.timedelta(days=rng.randrange(420))
        close = engage + dt.timedelta(days=rng.randrange(1, 140))
        account = "" if stage in ("Prospecting", "Engaging") and rng.random() < 0.7 else f"Company {rng.randrange(85)}"
        value = rng.randrange(40, 30000) if stage == "Won" else 0
        rows.append([f"{rng.getrandbits(32):08X}", agents[i % 30] if i < 30 else rng.choice(agents),
                     rng.choice(products), account, stage,
                     "" if stage == "Prospecting" else engage.isoformat(),
                     close.isoformat() if stage in ("Won", "Lost") else "",
                     value if stage in ("Won", "Lost") else ""])
    return _csv(header, rows)
