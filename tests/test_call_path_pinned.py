"""QUOTA_PLAN, QUOTE_BREAKDOWN and ACCOUNT_TIERS pinned cell for cell (value and type) on varied inputs: names a
pattern would misread (王? 李* =赵六), blanks as None and as "", text numbers, error values, numbers in text
columns. The expected cells are what the functions gave before their call paths were vectorised (issue 11);
a spill must not change by a byte, nor a message by a character."""

from typing import Any

import numpy as np
import pandas as pd

import udfs.accounts as A
import udfs.quota as Q
import udfs.quote as QT
from tests.quota_cases import header
from tests.quote_cases import line_rows, price_rows
from xlsales.accounts import layout as AL
from xlsales.quota import plan as P
from xlsales.quota.inputs import parse_mix
from xlsales.quota.labels import line_notes
from xlsales.quota.vocab import MIX_COLUMNS
from xlsales.quote.inputs import lookup_keys


def typed(block: Any) -> Any:
    """Each cell with its type: 1.0 is not True, np.float64 is not float, None is not ""."""
    if isinstance(block, list):
        return [typed(v) for v in block]
    return type(block), block


def blanked(rows: list[list[Any]], blank: Any) -> list[list[Any]]:
    return [[blank if v is None else v for v in row] for row in rows]


# ---- QUOTA_PLAN: notes --------------------------------------------------------------------------

MIX = [header(MIX_COLUMNS),
       [None, "ERP", 40000, 3, 120000, 8, 1 / 3, 10],         # override differs from 1 ÷ win rate
       ["王?", "ERP", 40000, 3, 120000, 8, 1 / 3, 10],        # the same figures for another rep
       ["李*", "耗材", 8000, 12, 100000, None, None, None],    # rounded amount, no visits
       ["=赵六", "服务费", 12345.67, 2.5, None, 1.5, 0.3, 1 / 3],
       ["=赵六", "ERP", 40000, 3, 119999.4, 8, 1 / 3, 3],     # override = count ÷ win rate; rounded −0.6
       ["小王", "=SUM(A1)", 3, 0, 0, 0, 1, 0]]                # nothing to say
PLAN_HEADER = ["产品线 Product line", "单价 Unit price", "数量 Count", "金额(单价×数量) Amount (price × count)",
               "约数金额 Rounded amount", "每单拜访次数 Visits per deal", "赢率 Win rate",
               "商机数(数量÷赢率) Opportunities (count ÷ win rate)", "商机数(按手填) Opportunities (override)",
               "计划商机数 Planned opportunities", "拜访次数 Visits", "说明 Note"]
ERP_NOTE = ("每单商机数(手填)10 ≠ 1÷赢率 3:计划商机 30,按赢率为 9;拜访按赢率计 / override 10 opportunities per deal ≠ "
            "1 ÷ win rate 3: planned 30, by win rate 9; visits follow the win rate")
ERP_LINE = ["ERP", 40000.0, 3.0, 120000.0, 120000.0, 8.0, 1 / 3, 9.0, 30.0, 30.0, 72.0, ERP_NOTE]
PLAN = [
    PLAN_HEADER, ERP_LINE, ERP_LINE,
    ["耗材", 8000.0, 12.0, 96000.0, 100000.0, None, None, None, None, None, None,
     "约数 100,000 与 单价×数量 96,000 相差 +4,000;不需拜访(未填每单拜访次数) / rounded 100,000 vs price × count 96,000: "
     "+4,000; no visits planned (no visits per deal)"],
    ["服务费", 12345.67, 2.5, 30864.175, None, 1.5, 0.3, 8.333333333333334, 0.8333333333333333, 0.8333333333333333, 12.5,
     "每单商机数(手填)0.333333 ≠ 1÷赢率 3.33333:计划商机 0.833333,按赢率为 8.33333;拜访按赢率计 / override 0.333333 "
     "opportunities per deal ≠ 1 ÷ win rate 3.33333: planned 0.833333, by win rate 8.33333; visits follow the win rate"],
    ["ERP", 40000.0, 3.0, 120000.0, 119999.4, 8.0, 1 / 3, 9.0, 9.0, 9.0, 72.0,
     "约数 119,999 与 单价×数量 120,000 相差 -1 / rounded 119,999 vs price × count 120,000: -1"],
    ["=SUM(A1)", 3.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, None],
    ["合计 Total", None, None, 486864.175, 459999.4, None, None, 35.333333333333336, 69.83333333333334,
     69.83333333333334, 228.5, None],
    ["目标 Target", None, None, 300000.0, None, None, None, None, None, None, None, None],
    ["组合−目标 Mix − target", None, None, 186864.175, None, None, None, None, None, None, None, None]]


def test_quota_plan_spill_is_pinned():
    assert typed(Q.quota_plan(MIX, None, 300000)) == typed(PLAN)
    assert typed(Q.quota_plan(blanked(MIX, ""), "王?")) == typed(
        [PLAN_HEADER, ERP_LINE, ["合计 Total", None, None, 120000.0, 120000.0, None, None, 9.0, 30.0, 30.0, 72.0, None]])


def test_quota_plan_messages_are_pinned():
    assert Q.quota_plan(MIX[:2] + [["李*", "耗材", "8000", 12, None, None, None, None]]) == (
        "#XLSALES! QuotaMix!C3: 「单价」是存成文本的数字,表格公式不会计入,请改为数字格式 / 'Unit price' holds a number "
        "stored as text, which the sheet's formulas skip: enter it as a number")
    assert Q.quota_plan(MIX[:2] + [["李*", "耗材", 8000, "#N/A", None, None, None, None]]) == (
        "#XLSALES! QuotaMix!D3: 「数量」是错误值 #N/A,请先修正该单元格的公式或内容 / 'Count' holds the error #N/A: fix "
        "that cell first")


def test_each_line_gets_its_own_note_among_many():
    """Notes are worded once per distinct set of figures: each of 600 lines still gets the note of its figures."""
    body = MIX[1:]
    many = [MIX[0]] + [[f"{row[0] or ''}{i}"] + row[1:] for i in range(100) for row in body]
    single = [note.both() for note in line_notes(P.line_plan(parse_mix(MIX, "QuotaMix").frame))]
    notes = [note.both() for note in line_notes(P.line_plan(parse_mix(many, "QuotaMix").frame))]
    assert notes == single * 100 and single[0] == ERP_NOTE and single[-1] == ""


# ---- QUOTE_BREAKDOWN: price-list keys ----------------------------------------------------------

def test_lookup_keys_are_pinned():
    names = pd.Series(["  ERP   云 ", None, float("nan"), "erp 云", 123.0, "Ｘ", "Straße", "=赵六", "王?", True, "李*",
                       "a\u3000 "], dtype=object)
    editions = pd.Series([" 专业版 ", "x", "y", None, "z", float("nan"), 2024.0, "", "  ", "E", "E", None], dtype=object)
    assert lookup_keys(names, editions).tolist() == [
        "erp 云|专业版", None, None, "erp 云|", "123.0|z", "ｘ|", "strasse|", "=赵六|", "王?|", "true|e", "李*|e", "a\u3000|"]
    broken = pd.Series([i % 3 == 0 for i in range(12)])
    assert lookup_keys(names, editions, broken).tolist() == [
        None, None, None, None, "123.0|z", "ｘ|", None, "=赵六|", "王?|", None, "李*|e", "a\u3000|"]


PRICES = price_rows() + [["  ERP   云  ", "  专业版 ", "模块", 5000, 0.9, 0.8, None],
                         ["erp 云", "旗舰版", "模块", 7000, 0.9, 0.8, "x"], ["王?", None, "人天", 1000, 1, 0.9, None],
                         ["李*", "", "模块", 300, 1, 0.5, None], ["=赵六", "2024", "模块", 100, 1, 0.5, None],
                         ["Straße", "Pro", "模块", 11, 1, 0.5, None]]
LINES = line_rows() + [["软件许可", "erp  云", "专业版  ", 2, None, None, None, None],
                       ["软件许可", "ERP 云", " 旗舰版", 1, 0.85, None, None, None],
                       ["培训/交付", "王?", None, 3, None, None, None, None],
                       ["软件许可", "李*", None, 2, None, None, None, None],
                       ["软件许可", "=赵六", "2024", 1, None, None, None, None],
                       ["软件许可", "STRASSE", "pro", 1, None, None, None, None]]
BREAKDOWN = [
    ["类别 Part", "行数 Lines", "标准金额 At list", "价值 Value", "金额 Amount", "赠送价值 Waived", "底价 Floor"],
    ["软件许可 / License", 8, np.float64(50711.0), np.float64(43661.0), np.float64(43661.0), np.float64(0.0),
     np.float64(37355.5)],
    ["培训/交付 / Training & delivery", 4, np.float64(15549.150000000001), np.float64(15549.150000000001),
     np.float64(11183.05), np.float64(4366.1), np.float64(5400.0)],
    ["服务年费 / Annual service", 1, np.float64(6549.15), np.float64(6549.15), np.float64(0.0), np.float64(6549.15),
     np.float64(0.0)],
    ["合计 / Total", 13, np.float64(72809.29999999999), np.float64(65759.3), np.float64(54844.05),
     np.float64(10915.25), np.float64(42755.5)]]


def test_quote_breakdown_is_pinned():
    assert typed(QT.quote_breakdown(LINES, PRICES)) == typed(BREAKDOWN)
    assert typed(QT.quote_breakdown(blanked(LINES, ""), blanked(PRICES, ""))) == typed(BREAKDOWN)
    assert QT.quote_breakdown(LINES + [["软件许可", "李 *", None, 2, None, None, None, None]], PRICES) == (
        "#XLSALES! QuoteLines!B15: 软件许可的产品与版本应在价格表中 / a license line needs a product and edition on the "
        "price list")
    assert QT.quote_breakdown(LINES + [["软件许可", "李*", None, "2", None, None, None, None]], PRICES) == (
        "#XLSALES! QuoteLines!D15: 「数量」是存成文本的数字,表格公式不会计入,请改为数字格式 / 'Quantity' holds a number "
        "stored as text, which the sheet's formulas skip: enter it as a number")


# ---- ACCOUNT_TIERS: the spilled table ----------------------------------------------------------

ACCOUNT_KEYS = [c.key for c in AL.ACCOUNTS.columns if c.read is not None]


def account(name: Any, owner: Any, revenue: Any, total: Any, other: Any) -> list[Any]:
    given = {"account": name, "owner": owner, "revenue": revenue, "total_market": total, "other_channels": other}
    return [given.get(k) for k in ACCOUNT_KEYS]


ACCOUNTS = [[c.label.zh for c in AL.ACCOUNTS.columns if c.read is not None],
            account("王?", "张伟", 300000, 1000000, 100000), account("李*", None, 0, 2000000, None),
            account("=赵六", 123, 900000, 1000000, 0), account("苏州恒达", "王?", 50000, 400000, 50000),
            account("无锡", "=赵六", 0, 0, None), account("常州", "张伟", 250000.5, 3000000, 2000000)]
TIERS_HEADER = ["客户 Account", "负责人 Owner", "我方年业务额 Revenue with us", "目标市场容量 Target capacity",
                "潜力缺口 Headroom", "占目标市场容量 Share of target", "建议层级 Suggested tier", "层内排名 Rank in tier",
                "建议入选 Suggested"]


def test_account_tiers_spill_is_pinned():
    assert typed(A.account_tiers(ACCOUNTS)) == typed([
        TIERS_HEADER,
        ["王?", "张伟", 300000.0, 900000.0, 600000.0, 0.3333333333333333, 2.0, 2.0, True],
        ["李*", None, 0.0, 2000000.0, 2000000.0, 0.0, 3.0, 1.0, True],
        ["=赵六", "123", 900000.0, 1000000.0, 100000.0, 0.9, None, None, False],
        ["苏州恒达", "王?", 50000.0, 350000.0, 300000.0, 0.14285714285714285, 2.0, 3.0, True],
        ["无锡", "=赵六", 0.0, 0.0, 0.0, None, None, None, False],
        ["常州", "张伟", 250000.5, 1000000.0, 749999.5, 0.2500005, 2.0, 1.0, True]])
    assert typed(A.account_tiers(blanked(ACCOUNTS, ""), 100000, 500000, 0.5)) == typed([
        TIERS_HEADER,
        ["王?", "张伟", 300000.0, 900000.0, 600000.0, 0.3333333333333333, 1.0, 2.0, True],
        ["李*", None, 0.0, 2000000.0, 2000000.0, 0.0, 3.0, 1.0, True],
        ["=赵六", "123", 900000.0, 1000000.0, 100000.0, 0.9, None, None, False],
        ["苏州恒达", "王?", 50000.0, 350000.0, 300000.0, 0.14285714285714285, 2.0, 1.0, True],
        ["无锡", "=赵六", 0.0, 0.0, 0.0, None, None, None, False],
        ["常州", "张伟", 250000.5, 1000000.0, 749999.5, 0.2500005, 1.0, 1.0, True]])


def test_account_tiers_messages_are_pinned():
    assert A.account_tiers(ACCOUNTS[:3] + [account("常州", "张伟", "12,000", 3000000, None)]) == (
        "#XLSALES! Accounts!D4: 「我方年业务额」是存成文本的数字,表格公式不会计入,请改为数字格式 / 'Revenue with us' holds "
        "a number stored as text, which the sheet's formulas skip: enter it as a number")
    assert A.account_tiers(ACCOUNTS[:3] + [account("常州", "张伟", 1, "#VALUE!", None)]) == (
        "#XLSALES! Accounts!E4: 「总市场容量」是错误值 #VALUE!,请先修正该单元格的公式或内容 / 'Total market' holds the "
        "error #VALUE!: fix that cell first")
