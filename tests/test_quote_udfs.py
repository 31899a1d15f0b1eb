"""Quote Excel functions and scripts, called as Excel would call them (lists of lists with headers)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import udfs.quote as Q
from tests.fakebook import FakeBook
from tests.quote_cases import REVISION_HEADER, REVISIONS, line_rows, price_rows
from xlsales.problems import InputError, column_letter
from xlsales.quote import document
from xlsales.quote import layout as L
from xlsales.quote.demo import demo_quote, priced
from xlsales.quote.pricing import summarise
from xlsales.templates.quote import build


def test_totals_on_the_hand_computed_quote():
    lines, prices = line_rows(), price_rows()
    assert Q.quote_license(lines, prices) == 28000
    assert Q.quote_training(lines, prices) == 7400  # 6,000 days + 0 free training + 1,400
    assert Q.quote_service(lines, prices) == 0  # 4,200 waived
    assert Q.quote_total(lines, prices) == 35400
    assert Q.quote_room(lines, prices) == 6600
    lines[6][6] = "否"  # charge the service: 15% of 28,000, or 20% when the default share is 20%
    assert Q.quote_service(lines, prices) == 4200
    assert Q.quote_service(lines, prices, "20%") == 5600
    assert Q.quote_total(lines, prices, 0.2) == 41000


def test_breakdown_spills_parts_and_total():
    table = Q.quote_breakdown(line_rows(), price_rows())
    assert table[0][0] == "类别 Part"
    assert [r[0] for r in table[1:]] == ["软件许可 / License", "培训/交付 / Training & delivery",
                                         "服务年费 / Annual service", "合计 / Total"]
    assert [r[1:] for r in table[1:]] == [[3, 33000, 28000, 28000, 0, 23400], [3, 10200, 10200, 7400, 2800, 5400],
                                          [1, 4200, 4200, 0, 4200, 0], [7, 47400, 42400, 35400, 7000, 28800]]


def test_guardrails_and_warnings_on_a_revisions_range():
    revisions = [REVISION_HEADER] + [list(r) for r in REVISIONS]
    table = Q.quote_guardrails(revisions)
    assert table[0][:5] == ["版本 Revision", "合计 Total", "变动 Change", "变动率 Change %", "余地 Room"]
    assert [r[5:] for r in table[1:]] == [[False] * 5, [True, True, True, False, False],
                                          [False, False, True, True, False], [False, False, False, False, True]]
    assert table[1][2] is None and table[2][2] == 12000
    latest = Q.quote_warnings(revisions)
    assert len(latest) == 1 and latest[0][0].startswith("远超客户预算") and "1.60" in latest[0][1]
    assert len(Q.quote_warnings(revisions, "R2")) == 3
    assert Q.quote_warnings(revisions, "R1") == [["无预警 / No warnings", ""]]
    assert Q.quote_guardrails(revisions, 0.5, 0, 2)[3][5:] == [False] * 5  # limits are arguments


def test_content_to_drop_spills_the_lines_and_the_plan():
    table = Q.quote_to_drop(line_rows(), price_rows(), 34500)
    assert table[1] == ["培训/交付 / Training & delivery", "报表开发", 1400]
    assert table[2] == ["删减后合计 / New total", "", 34000]
    assert "删去 1 项服务内容" in table[3][0] and "Remove 1 service line(s)" in table[3][0]


@pytest.mark.parametrize("amount, words", [(0, "零元整"), (10.05, "壹拾元零伍分"), ("1,000,000", "壹佰万元整"),
                                           (100010000.10, "壹亿零壹万元壹角")])
def test_amount_in_words(amount, words):
    assert Q.amount_in_words(amount) == words


@pytest.mark.parametrize("call, fragment", [
    (lambda l, p: Q.quote_service(l, p, 2), "service rate"),
    (lambda l, p: Q.quote_to_drop(l, p, -1), "cannot be negative"),
    (lambda l, p: Q.quote_to_drop(l, p, "少一点"), "target price"),
    (lambda l, p: Q.quote_total([["类别"], ["软件许可"]], p), "missing column"),
    (lambda l, p: Q.quote_total(l, [["产品/模块"], ["总账"]]), "missing column"),
    (lambda l, p: Q.amount_in_words("一百"), "amount"),
    (lambda l, p: Q.amount_in_words(-5), "cannot be negative"),
    (lambda l, p: Q.quote_warnings([REVISION_HEADER] + [list(r) for r in REVISIONS], "R9"), "no revision R9"),
    (lambda l, p: Q.quote_guardrails([REVISION_HEADER] + [list(r) for r in REVISIONS], None, None, 1), "above 1"),
])
def test_bad_arguments_give_a_readable_message(call, fragment):
    result = call(line_rows(), price_rows())
    assert isinstance(result, str) and result.startswith("#XLSALES! ") and fragment in result


def test_a_bad_cell_in_the_range_is_named_not_ignored():
    lines = line_rows()
    lines[3][3] = "三"  # 站点 quantity, row 4 of the table
    assert Q.quote_total(lines, price_rows()).startswith("#XLSALES! QuoteLines!D4")
    prices = price_rows()
    prices[2][4] = 1.5  # 供应链 standard discount, row 3
    assert "PriceList!E3" in Q.quote_license(line_rows(), prices)


def test_a_discount_below_the_policy_is_priced_not_refused():
    lines = line_rows()
    lines[1][4] = 0.5  # 总账 at 50%, below the 70% allowed: the guardrail, not the function, warns
    assert Q.quote_license(lines, price_rows()) == 24000


@pytest.fixture
def demo_book():
    data = demo_quote()
    return data, FakeBook(build("zh-CN", data))


def test_build_quote_sheet_writes_the_quotation_from_python(demo_book):
    data, book = demo_book
    Q.build_quote_sheet(book)
    sheet = book.sheets[L.SHEET_QUOTE.zh]
    lines = priced(data, data.lines)
    expected = document.quotation_cells(data.details, lines, summarise(lines))
    for address, value in expected.items():
        assert sheet.range(address).value == value, address
    assert sheet.range(L.QUOTATION.address("total")).value == 39736.5
    assert sheet.range(L.QUOTATION.address("words")).value == "人民币 / RMB 叁万玖仟柒佰叁拾陆元伍角"
    block = L.QUOTATION_BLOCK
    assert sheet.range(block.cell("no", len(lines) + 1)).value is None  # no formula left below the lines
    assert sheet.range(L.QUOTATION.address("stale")).value.startswith("=IF(")  # the live consistency check stays


def _line(n: int, first: str = "part", last: str = "keep") -> str:
    """The n-th row of the quote lines table, its input columns."""
    row = L.LINES.first_row + n - 1
    return f"{L.LINES.letter(first)}{row}:{L.LINES.letter(last)}{row}"


def _revision(n: int, first: str = "revision", last: str = "budget") -> str:
    row = L.REVISIONS.first_row + n - 1
    return f"{L.REVISIONS.letter(first)}{row}:{L.REVISIONS.letter(last)}{row}"


def test_save_revision_adds_a_row_and_a_block_with_the_moves(demo_book):
    data, book = demo_book
    details, lines_sheet = book.sheets[L.SHEET_DETAILS.zh], book.sheets[L.SHEET_LINES.zh]
    revisions = book.sheets[L.SHEET_REVISIONS.zh]
    details.range(L.DETAILS_SHEET.address("revision")).value = "R4"
    details.range(L.DETAILS_SHEET.address("quote_date")).value = dt.date(2026, 11, 25)
    lines_sheet.range(_line(8)).value = [None] * 8  # 数据初始化 (5% of license) removed
    Q.save_revision(book)
    assert revisions.range(_revision(4)).value == ["R4", dt.date(2026, 11, 25), 32130, 6000, 0, 38130, 30510, 30000]
    assert revisions.range(_revision(4, "change", "change")).value.startswith("=IF(")  # the table's formulas stay
    first = L.BLOCKS.first_col - 1
    area = [r for r in revisions.used_range.value if len(r) > first and r[first] is not None]
    titles = [r[first:first + 2] for r in area if r[first] == "版本"]
    assert titles == [["版本", "R1"], ["版本", "R2"], ["版本", "R3"], ["版本", "R4"]]
    last = area[-1][first:first + 12]
    assert last[1] == "数据初始化" and last[-2:] == [1606.5, "删除"]
    Q.save_revision(book)  # saving R4 again replaces it
    again = [r[first] for r in revisions.used_range.value if len(r) > first].count("版本")
    assert again == 4 and revisions.range(_revision(5, "revision", "revision")).value is None


def test_reduce_to_target_writes_the_plan_below_the_key_figures(demo_book):
    data, book = demo_book
    Q.reduce_to_target(book)  # target 38,000 on the demo's details sheet; the total is 39,736.50
    sheet = book.sheets[L.SHEET_DETAILS.zh]
    top, col = L.PLAN.header_row, L.PLAN.first_col
    rows = [[sheet.range(f"{column_letter(col - 1 + c)}{top + r}").value for c in range(3)] for r in range(6)]
    assert rows[0][0] == "降价方案:删减服务内容"
    assert [r[1:] for r in rows[2:4]] == [["数据初始化", 1606.5], ["报表定制", 1500]]
    assert rows[4][2] == 36630 and "exact" in rows[5][0]


def test_a_script_stops_on_a_bad_cell_and_names_it(demo_book):
    _, book = demo_book
    qty = f"{L.LINES.letter('qty')}{L.LINES.first_row}"
    book.sheets[L.SHEET_LINES.zh].range(qty).value = "一个"
    with pytest.raises(InputError, match=f"{L.SHEET_LINES.zh}!{qty}"):
        Q.build_quote_sheet(book)


junk = st.one_of(st.none(), st.text(max_size=6), st.floats(allow_nan=True, allow_infinity=True),
                 st.integers(-10 ** 6, 10 ** 12), st.booleans(), st.lists(st.lists(st.one_of(
                     st.none(), st.text(max_size=4), st.integers(-5, 5)), max_size=4), max_size=4))


@settings(max_examples=40, deadline=None)
@given(junk, junk)
def test_no_argument_makes_a_function_raise(first, second):
    lines, prices = line_rows(), price_rows()
    revisions = [REVISION_HEADER] + [list(r) for r in REVISIONS]
    calls = [lambda: Q.quote_total(first, prices), lambda: Q.quote_total(lines, second),
             lambda: Q.quote_service(lines, prices, first), lambda: Q.quote_to_drop(lines, prices, first, second),
             lambda: Q.quote_guardrails(first, second), lambda: Q.quote_warnings(revisions, first, second),
             lambda: Q.amount_in_words(first), lambda: Q.quote_breakdown(first, second)]
    for call in calls:
        result = call()
        assert not isinstance(result, str) or result.startswith("#XLSALES! ") or result[0] in "零壹贰叁肆伍陆柒捌玖"
