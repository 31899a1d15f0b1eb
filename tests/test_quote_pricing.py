"""Hand-computed quotes: license × discount, training by share and person-days, free training and waived
service still listed with their value, totals per part, discount given, floor and room left."""

import pandas as pd
import pytest

from tests.quote_cases import priced
from xlsales.quote.demo import demo_quote, priced as demo_priced
from xlsales.quote.pricing import part_totals, round_money, summarise


def test_each_line_by_hand():
    lines = priced()
    assert lines["item"].tolist() == ["总账", "供应链", "站点", "实施", "用户培训", "服务年费", "报表开发"]
    assert lines["applied_discount"].tolist()[:4] == [0.9, 0.8, 1.0, 1.0]  # blank -> the standard discount
    assert lines["list_amount"].tolist() == [10000, 20000, 3000, 6000, 2800, 4200, 1400]
    assert lines["value"].tolist() == [9000, 16000, 3000, 6000, 2800, 4200, 1400]
    # free training and the waived service are listed at their value and charge nothing
    assert lines["amount"].tolist() == [9000, 16000, 3000, 6000, 0, 0, 1400]
    assert lines.loc[5, "rate"] == 0.15  # the service line without a share takes the default 15%
    # floors: license at the lowest discount, kept person-days at theirs, removable or waived content at 0
    assert lines["floor"].tolist() == [7000, 14000, 2400, 5400, 0, 0, 0]


def test_totals_discount_given_and_room():
    s = summarise(priced())
    assert (s.license, s.training, s.service, s.total) == (28000, 7400, 0, 35400)
    assert s.list_total == 47400  # 33,000 license at list + 6,000 + 2,800 + 4,200 + 1,400
    assert s.price_discount == 5000  # 33,000 − 28,000
    assert s.waived_value == 7000  # 2,800 training + 4,200 service
    assert s.given == 12000 == s.price_discount + s.waived_value
    assert s.given_share == pytest.approx(12000 / 47400)
    assert (s.floor, s.room) == (28800, 6600)
    assert s.missing_parts == []


def test_part_totals():
    parts = part_totals(priced())
    assert parts.index.tolist() == ["license", "training", "service"]
    assert parts["lines"].tolist() == [3, 3, 1]
    assert parts["amount"].tolist() == [28000, 7400, 0]
    assert parts["waived_value"].tolist() == [0, 2800, 4200]
    assert parts["floor"].tolist() == [23400, 5400, 0]


def test_a_quote_without_service_is_not_fully_broken_down():
    lines = priced()
    s = summarise(lines[lines["part"] != "service"])
    assert s.missing_parts == ["service"] and s.total == 35400


def test_demo_revision_r3():
    data = demo_quote()
    s = summarise(demo_priced(data, data.lines))
    # license 9,800+6,800+7,800+7,800+2×2,800 = 37,800 at list × 85% = 32,130
    assert s.license == 32130
    # 实施顾问 3×1,500 + 上门培训 2×1,200 (free) + 数据初始化 5% × 32,130 + 报表定制 1×1,500
    assert s.training == 4500 + 0 + 1606.5 + 1500
    assert s.service == 0  # 15% × 32,130 = 4,819.50, waived for the new customer
    assert s.total == 39736.5
    assert s.waived_value == 2400 + 4819.5
    assert s.floor == 37800 * 0.7 + 3 * 1500 * 0.9 and s.room == 39736.5 - 30510


def test_rounding_is_half_up_to_the_fen_like_excel():
    values = pd.Series([2.675, 1.005, 0.125 * 0.1, 1851.8505, 0.0])
    assert round_money(values).tolist() == [2.68, 1.01, 0.01, 1851.85, 0.0]
