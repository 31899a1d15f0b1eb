"""A KIS-like example for the demo copy: a price list over 财务/商贸/专业/旗舰 editions and three revisions.

The project is seed 001's 项目过堂 case: an auto-parts maker buying KIS 专业版 账表、应收、销售、
库存, about ¥30,000 in the rep's estimate. Prices are illustrative, not Kingdee's.
R1 lists every part but lands far above the budget; R2 waives the first year's service for the
new customer (a drop of more than 10%: the swing guardrail fires); R3 also gives the on-site
training free, keeps every part listed with its value, and leaves room to move.
"""

import datetime as dt
from typing import Any

import pandas as pd
from pydantic import BaseModel

from xlsales.i18n import Lang
from xlsales.quote.details import QuoteDetails
from xlsales.quote.inputs import parse_lines, parse_price_list
from xlsales.quote.pricing import price_lines
from xlsales.quote.vocab import (LICENSE, LINE_COLUMNS, MODULE, NO, PART, PERSON_DAY, PRICE_COLUMNS, SERVICE, SITE,
                                 TRAINING, UNIT, USER, YES, YES_NO)

EDITIONS = ["财务版", "商贸版", "专业版", "旗舰版"]
#        product               edition   unit        list    standard  lowest
PRICES = [
    ("财务软件(总账+报表)", "财务版", SITE, 3980, 0.90, 0.80),
    ("出纳管理", "财务版", SITE, 1280, 0.90, 0.80),
    ("增加站点", "财务版", SITE, 1200, 0.90, 0.80),
    ("商贸版(进销存+账务)", "商贸版", SITE, 6800, 0.85, 0.75),
    ("移动商贸", "商贸版", USER, 680, 0.90, 0.80),
    ("增加站点", "商贸版", SITE, 1800, 0.85, 0.75),
    ("账务与报表", "专业版", MODULE, 9800, 0.85, 0.70),
    ("应收应付", "专业版", MODULE, 6800, 0.85, 0.70),
    ("销售管理", "专业版", MODULE, 7800, 0.85, 0.70),
    ("仓存管理", "专业版", MODULE, 7800, 0.85, 0.70),
    ("采购管理", "专业版", MODULE, 7800, 0.85, 0.70),
    ("增加站点", "专业版", SITE, 2800, 0.85, 0.70),
    ("总账与报表", "旗舰版", MODULE, 19800, 0.80, 0.65),
    ("供应链(采购/销售/仓存)", "旗舰版", MODULE, 36000, 0.80, 0.65),
    ("生产制造(MRP)", "旗舰版", MODULE, 38000, 0.80, 0.65),
    ("增加站点", "旗舰版", SITE, 3800, 0.80, 0.65),
    ("移动应用", "旗舰版", USER, 800, 0.90, 0.80),
    ("实施顾问", "", PERSON_DAY, 1500, 1.00, 0.90),
    ("上门培训", "", PERSON_DAY, 1200, 1.00, 0.90),
    ("报表定制", "", PERSON_DAY, 1500, 1.00, 0.90),
]


class DemoLine(BaseModel):
    part: str
    item: str
    edition: str = ""
    qty: float | None = None
    discount: float | None = None
    rate: float | None = None
    waived: bool = False
    keep: bool = False


class DemoRevision(BaseModel):
    label: str
    date: dt.date
    lines: list[DemoLine]
    note: str = ""


class DemoQuote(BaseModel):
    details: QuoteDetails
    prices: list[tuple[str, str, str, float, float, float]]
    editions: list[str]
    revisions: list[DemoRevision]

    @property
    def lines(self) -> list[DemoLine]:
        """The quote lines sheet holds the latest revision."""
        return self.revisions[-1].lines


def _lines(service_waived: bool, training_waived: bool) -> list[DemoLine]:
    license_ = [DemoLine(part=LICENSE, item=item, edition="专业版", qty=qty)
                for item, qty in (("账务与报表", 1), ("应收应付", 1), ("销售管理", 1), ("仓存管理", 1), ("增加站点", 2))]
    return license_ + [
        DemoLine(part=TRAINING, item="实施顾问", qty=3, keep=True),
        DemoLine(part=TRAINING, item="上门培训", qty=2, waived=training_waived),
        DemoLine(part=TRAINING, item="数据初始化", rate=0.05),
        DemoLine(part=TRAINING, item="报表定制", qty=1),
        DemoLine(part=SERVICE, item="服务年费(首年)", rate=0.15, waived=service_waived),
    ]


def demo_quote() -> DemoQuote:
    details = QuoteDetails(
        customer="苏州恒通汽车配件有限公司", project="KIS专业版 财务业务一体化", quote_no="BJ-2026-118", revision="R3",
        quote_date=dt.date(2026, 11, 18), valid_days=30, budget=30000, new_customer=True,
        seller="北京某数码科技有限公司(金蝶KIS伙伴)", contact="小王 138-0000-0000", target=38000,
        payment_terms="合同签订后付 70%,上线验收后付 30% / 70% on signing, 30% on acceptance")
    revisions = [
        DemoRevision(label="R1", date=dt.date(2026, 11, 2), lines=_lines(False, False), note="首次正式报价"),
        DemoRevision(label="R2", date=dt.date(2026, 11, 10), lines=_lines(True, False), note="新客户首年服务费赠送"),
        DemoRevision(label="R3", date=dt.date(2026, 11, 18), lines=_lines(True, True), note="上门培训赠送"),
    ]
    return DemoQuote(details=details, prices=PRICES, editions=EDITIONS, revisions=revisions)


def price_rows(data: DemoQuote, lang: Lang) -> list[list[Any]]:
    return [[product, edition or None, UNIT[unit](lang), price, standard, lowest, None]
            for product, edition, unit, price, standard, lowest in data.prices]


def line_rows(lines: list[DemoLine], lang: Lang) -> list[list[Any]]:
    yes_no = {True: YES_NO[YES](lang), False: YES_NO[NO](lang)}
    return [[PART[line.part](lang), line.item, line.edition or None, line.qty, line.discount, line.rate,
             yes_no[line.waived], yes_no[line.keep]] for line in lines]


def price_frame(data: DemoQuote, lang: Lang = "zh-CN") -> pd.DataFrame:
    return parse_price_list([[c.label(lang) for c in PRICE_COLUMNS]] + price_rows(data, lang), "prices").frame


def priced(data: DemoQuote, lines: list[DemoLine], lang: Lang = "zh-CN") -> pd.DataFrame:
    """Lines priced by the core from exactly the rows the demo workbook holds."""
    parsed = parse_lines([[c.label(lang) for c in LINE_COLUMNS]] + line_rows(lines, lang), "lines",
                         price_frame(data, lang), data.details.service_rate)
    if parsed.problems:
        raise ValueError("\n".join(p.message() for p in parsed.problems))
    return price_lines(parsed.frame)
