"""A realistic sample team for the demo copy: four reps, ~140 deals around an as-of date."""

import datetime as dt
import random

import pandas as pd
from pydantic import BaseModel

from xlsales.funnel.inputs import parse_deals, parse_stages
from xlsales.funnel.vocab import (DEAL_COLUMNS, DEFAULT_STAGES, LOST, OPEN, PAUSED, STAGE_COLUMNS, STATUS, WON, Stage,
                                  stage_table)
from xlsales.i18n import Lang

REPS = [("张伟", "华东一组"), ("王芳", "华东一组"), ("李强", "华南组"), ("刘洋", "华南组")]
CUSTOMERS = ["苏州恒达精密", "杭州云帆物流", "宁波海越贸易", "上海申联医疗", "无锡博锐电子", "南京金陵建设",
             "广州粤海食品", "深圳鹏程科技", "东莞华美家具", "佛山顺德电器", "厦门鹭岛航运", "福州闽江化工",
             "合肥徽商集团", "常州天宁纺织", "嘉兴南湖新材", "绍兴越州酒业", "珠海横琴金融", "中山伟业五金",
             "温州瓯江鞋业", "扬州运河文旅"]
PRODUCTS = [("ERP", 150_000, 600_000), ("财务软件", 20_000, 120_000), ("供应链", 80_000, 400_000),
            ("实施服务", 30_000, 150_000)]
CLARITY_BY_STAGE = {1: "CFFWWWWWW", 2: "CCCFFFWWW", 3: "CCCCCFFFW", 4: "CCCCCCCFF", 5: "CCCCCCCCF"}
QUESTIONS = {
    3: ("内线已确认(信息部王经理)", "王经理主动提供了竞品报价", "整理需求调研纪要", "准备高层拜访与方案演示"),
    4: ("方案评审会通过", "评审会纪要已发给我们", "走采购流程", "准备商务条款与报价拆分"),
    5: ("价格谈判第一轮结束", "采购要求再降 5%", "调整服务内容而非总价", "准备合同文本与付款节点"),
}


class DemoFunnel(BaseModel):
    as_of: dt.date
    stages: list[Stage]
    reps: list[tuple[str, str]]
    deals: list[dict[str, object]]  # canonical keys as in vocab.DEAL_COLUMNS; status is a key, stage an order


def demo_funnel(as_of: dt.date, seed: int = 7) -> DemoFunnel:
    rng = random.Random(seed)
    deals: list[dict[str, object]] = []
    # open deals per stage: stage 3 deliberately thin so the demo shows a bottleneck to refill
    open_per_stage = {1: 30, 2: 18, 3: 3, 4: 8, 5: 6}
    plan = [(OPEN, s) for s, n in open_per_stage.items() for _ in range(n)]
    plan += [(WON, 5)] * 26 + [(LOST, rng.choice([1, 1, 2, 2, 3, 4])) for _ in range(30)] + [(PAUSED, 2)] * 6
    for number, (status, order) in enumerate(plan, start=1):
        owner, _ = REPS[number % len(REPS)]
        product, low, high = PRODUCTS[rng.randrange(len(PRODUCTS))]
        created = as_of - dt.timedelta(days=rng.randint(20, 240))
        if status == OPEN:
            close = as_of + dt.timedelta(days=rng.randint(-10, 200))
        else:
            close = created + dt.timedelta(days=rng.randint(30, 150))
            close = min(close, as_of - dt.timedelta(days=1))
        close = max(close, created)
        stage_since = max(created, as_of - dt.timedelta(days=rng.randint(3, 50)))
        # most reps follow up weekly; a few deals have gone quiet
        quiet = rng.random() < 0.2
        last_activity = max(stage_since, as_of - dt.timedelta(days=rng.randint(15, 40) if quiet else rng.randint(0, 6)))
        if status != OPEN:  # a closed deal's dates stop at its close
            stage_since, last_activity = min(stage_since, close), min(last_activity, close)
        deal: dict[str, object] = {
            "id": f"D{number:04d}", "customer": CUSTOMERS[rng.randrange(len(CUSTOMERS))],
            "account_class": rng.choice("AABBBCC"), "owner": owner, "product_line": product,
            "amount": round(rng.uniform(low, high), -3), "stage": order,  # stage order; the template writes its name in the workbook language
            "status": status, "created": created, "close_date": close,
            "pushes": rng.choice([0, 0, 0, 1, 1, 2, 3]) if status == OPEN else 0,
            "stage_since": stage_since, "last_activity": last_activity,
            "next_step": "" if status != OPEN else rng.choice(["约高层拜访", "发送方案", "安排演示", "报价", "起草合同"]),
            "clarity": CLARITY_BY_STAGE[order] if status == OPEN else "",
        }
        if status == OPEN and order in QUESTIONS:
            deal.update(zip(["q_step_done", "q_evidence", "q_doing_now", "q_next_prep"], QUESTIONS[order]))
        deals.append(deal)
    return DemoFunnel(as_of=as_of, stages=DEFAULT_STAGES, reps=REPS, deals=deals)


def deal_rows(data: DemoFunnel, lang: Lang) -> list[list[object]]:
    """The deals as the deals sheet holds them (no header), labels in the workbook language."""
    names = {s.order: s.name(lang) for s in data.stages}
    out = []
    for deal in data.deals:
        values = dict(deal, stage=names.get(deal["stage"], deal["stage"]),  # type: ignore[arg-type]
                      status=STATUS[str(deal["status"])](lang))
        out.append([None if values.get(c.key) in ("", None) else values.get(c.key) for c in DEAL_COLUMNS])
    return out


def frames(data: DemoFunnel, lang: Lang = "zh-CN") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deals and stages frames parsed from exactly the rows the demo workbook holds."""
    stages = parse_stages([[c.label(lang) for c in STAGE_COLUMNS]] + stage_table(data.stages, lang), "stages").frame
    deals = parse_deals([[c.label(lang) for c in DEAL_COLUMNS]] + deal_rows(data, lang), "deals",
                        list(stages["stage"])).frame
    return deals, stages
