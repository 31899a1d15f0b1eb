"""A small hand-computed quote used by several test modules (figures worked out in test_quote_pricing.py).

Values are held as a spreadsheet holds them: numbers and shares as numbers, dates as dates.
"""

import datetime as dt

from xlsales.quote.inputs import parse_lines, parse_price_list
from xlsales.quote.pricing import price_lines
from xlsales.quote.vocab import LINE_COLUMNS, PRICE_COLUMNS, REVISION_COLUMNS

PRICE_HEADER = [c.label.zh for c in PRICE_COLUMNS]
PRICES = [
    # product  edition   unit    list    standard lowest
    ["总账", "专业版", "模块", 10000, 0.90, 0.70],
    ["供应链", "专业版", "模块", 20000, 0.90, 0.70],
    ["站点", "专业版", "站点", 1000, 1, 0.8],
    ["实施", None, "人天", 1500, 1, 0.9],
]
LINE_HEADER = [c.label.zh for c in LINE_COLUMNS]
LINES = [
    # part        item        edition  qty discount rate  waived keep
    ["软件许可", "总账", "专业版", 1, None, None, None, None],     # 10,000 × 90% = 9,000
    ["软件许可", "供应链", "专业版", 1, 0.8, None, "否", None],    # 20,000 × 80% = 16,000
    ["软件许可", "站点", "专业版", 3, None, None, None, None],     # 3 × 1,000 × 100% = 3,000
    ["培训/交付", "实施", None, 4, None, None, "否", "是"],        # 4 days × 1,500 = 6,000, must keep
    ["培训/交付", "用户培训", None, None, None, 0.10, "是", None],  # 10% of 28,000 = 2,800, free: listed, 0
    ["服务年费", "服务年费", None, None, None, None, "是", None],   # 15% of 28,000 = 4,200, waived
    ["培训/交付", "报表开发", None, None, None, 0.05, None, None],  # 5% of 28,000 = 1,400
]
REVISION_HEADER = [c.label.zh for c in REVISION_COLUMNS]
#            revision date          license training service total   floor   budget
REVISIONS = [
    ["R1", dt.date(2026, 10, 1), 20000, 5000, 3000, 28000, 20000, 40000],  # clean: room 28.6%, 0.7 × budget
    ["R2", dt.date(2026, 10, 8), None, None, None, 40000, None, 40000],   # one lump sum, exactly the budget, +42.9%
    ["R3", dt.date(2026, 10, 15), 25000, 3000, 2000, 30000, 29000, 40000],  # −25%, room 1,000 < 5% × 30,000
    ["R4", dt.date(2026, 10, 22), 25000, 2000, 1800, 28800, 26000, 18000],  # 1.6 × budget; −4%, room 9.7%
]


def price_rows() -> list[list[object]]:
    return [PRICE_HEADER] + [row + [None] for row in PRICES]


def line_rows() -> list[list[object]]:
    return [LINE_HEADER] + [list(row) for row in LINES]


def priced():
    prices = parse_price_list(price_rows(), "价格表")
    lines = parse_lines(line_rows(), "报价明细", prices.frame, 0.15)
    assert prices.problems == [] and lines.problems == []
    return price_lines(lines.frame)
