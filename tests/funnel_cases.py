"""A small hand-computed funnel used by several test modules (figures worked out in test_funnel_figures.py)."""

import datetime as dt

from xlsales.funnel.inputs import parse_deals, parse_stages
from xlsales.funnel.vocab import DEAL_COLUMNS, DEFAULT_STAGES, STAGE_COLUMNS, stage_table

AS_OF = dt.date(2026, 11, 23)
d = dt.date.fromisoformat  # dates as a spreadsheet holds them
HEADER = [c.label.zh for c in DEAL_COLUMNS]
#          id    customer class owner product amount stage     status  created       close        pushes since         activity
DEALS = [
    ["D1", "甲公司", "A", "张伟", "ERP", 100, "放入漏斗", "跟踪", d("2026-09-01"), d("2026-12-10"), 3, d("2026-10-01"), d("2026-11-20")],
    ["D2", "乙公司", "B", "王芳", "ERP", 200, "建立内线", "跟踪", d("2026-09-01"), d("2026-11-20"), 0, d("2026-11-10"), d("2026-11-20")],
    ["D3", "丙公司", "A", "张伟", "ERP", 400, "谈判签约", "跟踪", d("2026-09-01"), d("2027-01-15"), 1, d("2026-11-01"), None],
    ["D4", "丁公司", "C", "张伟", "ERP", 300, "谈判签约", "赢单", d("2026-06-01"), d("2026-08-30"), 0, None, None],
    ["D5", "戊公司", "C", "王芳", "ERP", 150, "判断赢率", "丢单", d("2026-05-01"), d("2026-07-01"), 0, None, None],
    ["D6", "己公司", "B", "张伟", "ERP", 250, "正式场合达成共识", "丢单", d("2026-05-01"), d("2026-07-01"), 0, None, None],
    ["D7", "庚公司", "B", "王芳", "ERP", 50, "判断赢率", "暂停", d("2026-05-01"), d("2026-12-05"), 0, None, None],
]


def stage_rows() -> list[list[object]]:
    return [[c.label.zh for c in STAGE_COLUMNS]] + stage_table(DEFAULT_STAGES, "zh-CN")


def deal_rows() -> list[list[object]]:
    return [HEADER] + [row + [None] * (len(HEADER) - len(row)) for row in DEALS]


def frames():
    stages = parse_stages(stage_rows(), "阶段").frame
    deals = parse_deals(deal_rows(), "商机", list(stages["stage"]))
    assert deals.problems == []
    return deals.frame, stages
