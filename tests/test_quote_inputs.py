"""Bad price lists, quote lines and details are reported by sheet!cell in both languages; nothing raises."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.quote_cases import LINE_HEADER, PRICE_HEADER, REVISION_HEADER, line_rows, price_rows
from xlsales.layout import Table
from xlsales.quote import layout as L
from xlsales.quote.details import QuoteDetails, parse_details
from xlsales.quote.inputs import excel_trim, parse_lines, parse_price_list, parse_revisions
from xlsales.quote.pricing import price_lines, summarise

PRICES = parse_price_list(price_rows(), "价格表").frame


def at(table: Table, key: str, row: int) -> str:
    """The cell of a table's column in a sheet row: the grids here are laid out as the tables' descriptions."""
    return f"{table.letter(key)}{row}"


def _line_problems(*rows):
    parsed = parse_lines([LINE_HEADER] + [list(r) + [None] * (8 - len(r)) for r in rows], "报价明细", PRICES, 0.15)
    return parsed, [(p.cell, p.severity) for p in parsed.problems]


@pytest.mark.parametrize("row, key, fragment", [
    (["软件许可", "总账", "旗舰版", 1], "item", "price list"),  # no such edition on the list
    (["软件许可", "实施", None, 1], "item", "per person-day belongs"),
    (["软件许可", "总账", "专业版"], "qty", "needs a quantity"),
    (["软件许可", "总账", "专业版", 0], "qty", "needs a quantity"),
    (["软件许可", "总账", "专业版", 1, None, 0.1], "rate", "not by a share"),
    (["软件许可", "总账", "专业版", 1, None, None, "是"], "waived", "cannot be waived"),
    (["软件许可", "总账", "专业版", 1, 85], "discount", "between 0% and 100%"),
    (["培训/交付", "实施", None, 2, None, 0.1], "rate", "not both"),
    (["培训/交付", "培训"], "qty", "person-days or a share"),
    (["培训/交付", "培训", None, 2], "item", "priced per person-day"),
    (["培训/交付", "培训", None, None, 0.9, 0.1], "discount", "takes no discount"),
    (["服务年费", "服务", None, 1], "qty", "without a quantity"),
    (["服务年费", "服务", None, None, None, 15], "rate", "between 0% and 100%"),
    (["服务", "服务", None, None, None, 0.15], "part", "must be one of"),
    (["软件许可", "总账", "专业版", "一个"], "qty", "must be a number"),
    (["软件许可", "总账", "专业版", 1, None, None, "也许"], "waived", "must be one of"),
])
def test_a_line_that_cannot_be_priced_is_named_and_left_out(row, key, fragment):
    parsed, problems = _line_problems(row)
    assert problems[0] == (at(L.LINES, key, 2), "error")
    assert fragment in parsed.problems[0].expected_en and parsed.problems[0].expected_zh
    assert parsed.frame.empty


def test_a_discount_below_the_policy_is_a_warning_and_the_line_still_counts():
    parsed, problems = _line_problems(["软件许可", "总账", "专业版", 1, 0.6])
    assert problems == [(at(L.LINES, "discount", 2), "warning")]
    assert summarise(price_lines(parsed.frame)).license == 6000


def test_problems_name_the_row_of_the_sheet_not_of_the_frame():
    rows = line_rows()
    rows[3][3] = None  # 站点 line (sheet row 4) loses its quantity
    parsed = parse_lines(rows, "报价明细", PRICES, 0.15, first_row=0)
    assert [p.where for p in parsed.problems] == [f"报价明细!{at(L.LINES, 'qty', 4)}"]
    assert len(parsed.frame) == len(rows) - 2


@pytest.mark.parametrize("row, key, fragment", [
    (["总账", "专业版", "模块", 1000, 0.9, 0.95], "floor_discount", "cannot be above"),
    (["CRM", None, "套", 1000, 0.9, 0.7], "unit", "must be one of"),
    (["CRM", None, "模块", 1000, 1.2, 0.7], "std_discount", "between 0% and 100%"),
    (["CRM", None, "模块", "贵", 0.9, 0.7], "list_price", "must be a number"),
    (["总账", "专业版", "模块", 9000, 0.9, 0.7], "product", "one price per product"),  # same as row 2
])
def test_price_list_problems(row, key, fragment):
    parsed = parse_price_list([PRICE_HEADER, ["总账", "专业版", "模块", 10000, 0.9, 0.7], row], "价格表")
    assert [(p.cell, fragment in p.expected_en) for p in parsed.problems][:1] == [(at(L.PRICES, key, 3), True)]
    assert parsed.frame["list_price"].tolist() == [10000]


def _details(**values):
    rows = [[None, None] for _ in range(25)]
    for key, value in values.items():
        found = L.DETAILS_SHEET.cell(key)
        rows[found.row - 1][found.col - 1] = value
    return parse_details(rows, "报价信息")


def test_details_with_defaults():
    details, problems = _details(customer="甲公司", quote_no=2026118, quote_date=dt.date(2026, 11, 18), valid_days=30,
                                 budget=30000, new_customer="Yes", service_rate=0.12)
    assert problems == []
    assert (details.customer, details.quote_no, details.budget, details.new_customer) == ("甲公司", "2026118", 30000,
                                                                                           True)
    assert details.valid_until == dt.date(2026, 12, 18)
    assert (details.service_rate, details.max_swing, details.min_room, details.far_ratio) == (0.12, 0.1, 0.05, 1.5)
    assert _details(quote_date=46344.0, new_customer=True)[0].quote_date == dt.date(2026, 11, 18)  # a serial number
    assert _details(new_customer=True)[0].new_customer and not _details(new_customer="否")[0].new_customer


@pytest.mark.parametrize("key, value", [("quote_date", "2026-11-18"), ("budget", "¥30,000"), ("service_rate", "12%"),
                                        ("valid_days", "30")])
def test_details_stored_as_text_are_problems_as_the_sheet_skips_them(key, value):
    """The sheet's formulas cannot use a number or date typed as text (they fall back to the default), so the
    details sheet's problem counter and check report it."""
    details, problems = _details(**{key: value})
    assert [(p.cell, "stored as text" in p.expected_en) for p in problems] == [(L.DETAILS_SHEET.address(key), True)]
    assert getattr(details, key) == getattr(QuoteDetails(), key)


@pytest.mark.parametrize("key, value, fragment", [
    ("quote_date", "下周", "a date"), ("valid_days", 7.5, "whole number"),
    ("budget", -1, ">= 0"), ("new_customer", "maybe", "one of: Yes, No"),
    ("service_rate", 15, "<= 1"), ("max_swing", "多", "a number"),
    ("min_room", 1.5, "<= 1"), ("far_ratio", 0.8, ">= 1"), ("far_ratio", 1, "above 1"),
])
def test_bad_details_are_named_and_keep_their_default(key, value, fragment):
    details, problems = _details(**{key: value})
    assert [(p.cell, fragment in p.expected_en) for p in problems] == [(L.DETAILS_SHEET.address(key), True)]
    assert getattr(details, key) == getattr(QuoteDetails(), key)


def test_items_are_found_as_the_sheets_match_finds_them():
    """Trimmed as Excel's TRIM trims (spaces only), case-insensitive, wildcards and comparison signs taken as
    written: the sheet's MATCH and the parser find the same price-list row."""
    prices = parse_price_list([PRICE_HEADER, ["王?", None, "模块", 100, 1, 1], ["李*", None, "模块", 200, 1, 1],
                               ["=赵六", None, "模块", 300, 1, 1], ["Ledger  Pro", "V 9", "模块", 400, 1, 1],
                               ["<5", None, "模块", 500, 1, 1]], "价格表")
    assert prices.problems == []
    rows = [["软件许可", "王?", None, 1], ["软件许可", "李*", None, 1], ["软件许可", "=赵六", None, 1],
            ["软件许可", " ledger pro ", "v 9", 1], ["软件许可", "<5", None, 1], ["软件许可", "王五", None, 1]]
    parsed, problems = _line_problems_with(prices.frame, *rows)
    assert problems == [(at(L.LINES, "item", 7), "error")]  # 王五 is not 王?
    assert price_lines(parsed.frame)["value"].tolist() == [100, 200, 300, 400, 500]
    assert excel_trim("  a   b \u3000") == "a b \u3000"  # TRIM leaves other spaces alone


def _line_problems_with(prices, *rows):
    parsed = parse_lines([LINE_HEADER] + [list(r) + [None] * (8 - len(r)) for r in rows], "报价明细", prices, 0.15)
    return parsed, [(p.cell, p.severity) for p in parsed.problems]


def test_a_price_row_with_a_bad_note_still_prices_and_a_bad_one_is_left_out():
    """Pricing reads every price-list column but the note: a problem there is reported, the row still prices."""
    prices = parse_price_list([PRICE_HEADER, ["总账", "专业版", "模块", 10000, 0.9, 0.7, "#N/A"],
                               ["总账", "专业版", "模块", 9000, 0.9, 0.7], ["供应链", "专业版", "模块", "2万", 0.9, 0.7]],
                              "价格表")
    assert [p.cell for p in prices.problems] == [at(L.PRICES, "list_price", 4), at(L.PRICES, "note", 2),
                                                 at(L.PRICES, "product", 3)]
    assert prices.frame["list_price"].tolist() == [10000]
    assert parse_price_list(price_rows(), "价格表", needed={"product", "edition", "unit", "list_price", "std_discount",
                                                           "floor_discount"}).problems == []


def test_guardrails_read_past_a_bad_date_but_check_reports_it():
    rows = [REVISION_HEADER, ["R1", "2026-10-01", 1, 2, 3, 6, None, None], ["r1", dt.date(2026, 10, 2), 1, 2, 3, 6]]
    everything = parse_revisions(rows, "报价版本")
    assert [(p.cell, p.column) for p in everything.problems] == [(at(L.REVISIONS, "date", 2), "date"),
                                                                  (at(L.REVISIONS, "revision", 3), "revision")]
    assert everything.frame["revision"].tolist() == ["R1"]  # a repeated label (as MATCH compares) is left out
    guarded = parse_revisions(rows, "报价版本", needed={"revision", "license", "training", "service", "total", "floor",
                                                      "budget"})
    assert [p.cell for p in guarded.problems] == [at(L.REVISIONS, "revision", 3)]


cell = st.one_of(st.none(), st.text(max_size=5), st.floats(allow_nan=True, allow_infinity=True),
                 st.integers(-10 ** 6, 10 ** 9), st.booleans(), st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
                 st.sampled_from(["软件许可", "培训/交付", "服务年费", "License", "总账", "专业版", "实施", "是", "否",
                                  "15%", ""]))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(cell, max_size=10), max_size=10))
def test_garbage_lines_never_raise_and_figures_stay_sane(body):
    parsed = parse_lines([LINE_HEADER] + body, "报价明细", PRICES, 0.15)
    for problem in parsed.problems:
        assert problem.sheet == "报价明细" and problem.cell[0].isalpha() and problem.expected_zh and problem.expected_en
    summary = summarise(price_lines(parsed.frame))
    assert summary.total >= 0 and summary.total <= summary.list_total + 0.005
    assert summary.floor <= summary.total + 0.005 or summary.room < 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cell, max_size=8), max_size=8))
def test_garbage_price_lists_never_raise(body):
    parsed = parse_price_list([PRICE_HEADER] + body, "价格表")
    assert all(p.sheet == "价格表" for p in parsed.problems)
    assert ((parsed.frame["floor_discount"] <= parsed.frame["std_discount"]) | parsed.frame.empty).all()
