"""Reading a CRM export's amounts and dates: one rule per column, decided from the column's unambiguous values."""

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from xlsales.importing.values import read_dates, read_numbers

D = dt.date


def amounts(*values, **options):
    return read_numbers(list(values), money=True, **options)


@pytest.mark.parametrize("text, value", [
    ("¥1,200.50", 1200.5), ("￥1,200.50", 1200.5), ("1.2万", 12000), ("1.2 万元", 12000), ("3亿", 3e8),
    ("12,000元", 12000), ("USD 3,500", 3500), ("$1.5k", 1500), ("2.5M", 2.5e6), ("1.2w", 12000), ("５００", 500),
    ("-1,200", -1200), ("(1,200.00)", -1200), ("RMB1200", 1200), ("1 234 567,5", 1234567.5), (".5", 0.5),
])
def test_amounts_in_the_forms_exports_write(text, value):
    reading = amounts(text)
    assert reading.bad == {} and reading.values == [pytest.approx(value)]


@pytest.mark.parametrize("text, why", [
    ("abc", "not an amount"), ("15%", "a percentage is not an amount"), ("1,2,3", "not an amount"),
    ("$-", "not an amount"), ("12 34", "not an amount"), ("¥1,200 USD", "not an amount"),
])
def test_unreadable_amounts_keep_their_text_and_say_why(text, why):
    reading = amounts("100", text)
    assert reading.values == [100.0, text]  # the text stays: the workbook shows it and flags it
    assert reading.bad[1].en == why and reading.bad[1].zh


def test_one_decimal_rule_per_column_from_its_unambiguous_values():
    point = amounts("1,234", "12,345.60", "7")  # 12,345.60 can only be 1,234.56 form
    assert point.values == [1234.0, 12345.6, 7.0] and point.form == "1,234.56" and point.decided
    comma = amounts("1.234", "12,5", "1.234.567")  # 12,5 and 1.234.567 only read as 1.234,56
    assert comma.values == [1234.0, 12.5, 1234567.0] and comma.form == "1.234,56"
    assert "12,5" in comma.rule.en


def test_a_column_holding_both_forms_reports_every_ambiguous_value():
    mixed = amounts("1,234", "12,345.60", "1.234,56", "1.234", "99")
    assert mixed.form is None
    assert mixed.values == ["1,234", 12345.6, 1234.56, "1.234", 99.0]  # the unambiguous ones are read
    assert set(mixed.bad) == {0, 3} and "1234 or 1.234" in mixed.bad[0].en


def test_no_deciding_value_reads_the_default_form_and_says_so():
    reading = amounts("1,200", "3,400")
    assert reading.values == [1200.0, 3400.0] and reading.form == "1,234.56"
    assert "default" in reading.rule.en


def test_the_mapping_file_can_force_the_form():
    reading = amounts("1.234", "1,5", "1,234.5", form="1.234,56")
    assert reading.values == [1234.0, 1.5, "1,234.5"] and "form 1.234,56" in reading.bad[2].en


def test_a_second_currency_is_reported_not_converted():
    reading = amounts("¥100", "¥200", "$300", "400")
    assert reading.values == [100.0, 200.0, "$300", 400.0]
    assert reading.bad[2].en == "currency USD differs from the column's CNY: not converted"


def test_a_unit_in_the_header_multiplies_and_a_second_unit_is_reported():
    reading = amounts("1.5", "2", "3万", unit=1e4)
    assert reading.values == [15000.0, 20000.0, "3万"] and "count twice" in reading.bad[2].en


def test_plain_number_columns_take_no_currency_or_unit():
    reading = read_numbers(["3", "3万", "¥3", 4.0, True])
    assert reading.values == [3.0, "3万", "¥3", 4.0, "True"] and set(reading.bad) == {1, 2, 4}


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
@example(1000, 5)
def test_grouped_amounts_read_back_exactly_in_either_form(whole, cents):
    point = f"{whole:,}.{cents:02d}"
    comma = point.replace(",", " ").replace(".", ",").replace(" ", ".")
    expected = whole + cents / 100
    assert amounts(point, "1,234.56").values[0] == pytest.approx(expected)
    assert amounts(comma, "1.234,56").values[0] == pytest.approx(expected)


@pytest.mark.parametrize("text", [
    "2026-11-23", "2026/11/23", "2026.11.23", "2026年11月23日", "2026年11月23日 下午3:00", "2026-11-23 14:30:05",
    "2026-11-23T14:30:00Z", "2026-11-23T23:30:00+08:00", "20261123", "23 Nov 2026", "Nov 23, 2026", "23-Nov-2026",
    "November 23rd, 2026", "2026 / 11 / 23", "２０２６-１１-２３",
])
def test_dates_in_chinese_and_iso_forms_with_times(text):
    reading = read_dates([text])
    assert reading.bad == {} and reading.values == [D(2026, 11, 23)]


def test_dates_from_a_workbook_are_taken_as_they_are():
    reading = read_dates([dt.datetime(2026, 11, 23, 15, 0), D(2026, 1, 2), 46349.0])
    assert reading.values[:2] == [D(2026, 11, 23), D(2026, 1, 2)]
    assert reading.values[2] == "46349.0" and reading.bad[2].en.startswith("not a date")  # a bare number is not


def test_day_first_or_month_first_is_decided_by_the_column_not_per_cell():
    day_first = read_dates(["06/07/2026", "23/11/2026"])
    assert day_first.values == [D(2026, 7, 6), D(2026, 11, 23)] and day_first.form == "DMY"
    month_first = read_dates(["06/07/2026", "11/23/2026 2:30 PM"])
    assert month_first.values == [D(2026, 6, 7), D(2026, 11, 23)] and month_first.form == "MDY"
    assert "11/23/2026" in month_first.rule.en


def test_undecidable_or_contradicting_columns_report_each_ambiguous_date():
    nothing_decides = read_dates(["06/07/2026", "07/07/2026", "2026-01-05"])
    assert nothing_decides.values == ["06/07/2026", D(2026, 7, 7), D(2026, 1, 5)]  # 07/07 is one date either way
    assert nothing_decides.bad[0].en == "ambiguous: 2026-06-07 or 2026-07-06, and the column does not say which comes first"
    both = read_dates(["23/11/2026", "11/23/2026", "06/07/2026"])
    assert both.values == [D(2026, 11, 23), D(2026, 11, 23), "06/07/2026"] and set(both.bad) == {2}


def test_forced_order_and_unreadable_dates():
    forced = read_dates(["06/07/2026", "23/11/2026"], order="MDY")
    assert forced.values == [D(2026, 6, 7), "23/11/2026"] and "(MDY)" in forced.bad[1].en
    bad = read_dates(["23/11/26", "2026-02-30", "soon", "2026-11"])
    assert bad.values == ["23/11/26", "2026-02-30", "soon", "2026-11"]
    assert bad.bad[0].en.startswith("a two-digit year") and all(bad.bad[i].en.startswith("not a date") for i in (1, 2, 3))
