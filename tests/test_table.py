"""The one parser (xlsales.table): the rules the sheets' formulas apply, column by column, and the same result
for a table read alone or among many (the roll-up)."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.funnel.vocab import DEAL_COLUMNS
from xlsales.quote.vocab import LINE_COLUMNS, YES
from xlsales.table import (ERROR_VALUES, LAST_SERIAL, Block, parse_blocks, parse_table, rows_reading, to_date,
                           to_number)

VALUES = st.one_of(
    st.none(), st.just(""), st.just("  "), st.text(max_size=8), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**6, max_value=10**6), st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2200, 1, 1)),
    st.sampled_from(["1,000", "¥2,500", "30%", "2026-11-23", "2026/1/5", "跟踪", "Won", " lost ", "b", "A",
                     "45000", "-3", "nan", "inf", "D0001", "#N/A", "CCF", "XYZ"]),
)


@st.composite
def tables(draw):
    labels = [draw(st.sampled_from([c.label.zh, c.label.en, c.key])) for c in DEAL_COLUMNS]
    keep = draw(st.lists(st.booleans(), min_size=len(labels), max_size=len(labels)))
    header = [label for label, k in zip(labels, keep) if k] + draw(st.lists(st.sampled_from(["备注", "Notes"]),
                                                                            max_size=1))
    header = draw(st.permutations(header))
    rows = draw(st.lists(st.lists(VALUES, min_size=0, max_size=len(header) + 1), max_size=6))
    return [list(header)] + rows


def _same(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    return a == b


@settings(max_examples=300)
@given(st.lists(tables(), min_size=1, max_size=3), st.integers(min_value=0, max_value=4))
def test_many_tables_at_once_give_what_each_gives_alone(grids, first_row):
    blocks = [Block(i, f"sheet{i}", rows, first_row) for i, rows in enumerate(grids)]
    many = parse_blocks(blocks, DEAL_COLUMNS)
    for i, rows in enumerate(grids):
        one = parse_table(rows, DEAL_COLUMNS, f"sheet{i}", first_row)
        got = many.frame[many.frame["block"] == i].reset_index(drop=True)
        assert list(got["row"]) == list(one.frame["row"])
        for column in DEAL_COLUMNS:
            left, right = one.frame[column.key].astype(object).tolist(), got[column.key].astype(object).tolist()
            assert all(_same(a, b) for a, b in zip(left, right)), (column.key, left, right)
        assert sorted(map(repr, one.problems)) == sorted(repr(p) for source, p in many.problems if source == i)
        bad_rows = {int(p.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for p in one.problems if p.cell[-1].isdigit()
                    and int(p.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) > first_row + 1}
        flagged = many.frame[(many.frame["block"] == i) & many.frame["unusable"]]["row"]
        assert set(flagged) == bad_rows


HEADER = ["编号", "客户", "Owner", "金额", "阶段", "Status", "创建日期", "预计成交日期", "推迟次数", "8C1F0W评估"]


def test_values_are_read_as_the_sheet_reads_them():
    rows = [HEADER,
            ["D1", " 恒达 ", "张伟", 1000, "放入漏斗", "跟踪", dt.date(2026, 1, 5), dt.datetime(2026, 3, 1, 15, 30), 1,
             "CCCCCCCCF"],
            [None, None, None, None, None, None, None, None, None, None],
            [1001.0, "云帆", "王芳", 500.0, "判断赢率", "won", 46000, 46100.0, "", ""]]
    parsed = parse_blocks([Block(7, "商机", rows, 2)], DEAL_COLUMNS)
    frame = parsed.frame
    assert parsed.problems == []
    assert list(frame["row"]) == [4, 6] and list(frame["source"]) == [7, 7]
    assert list(frame["id"]) == ["D1", "1001"] and frame.at[0, "customer"] == " 恒达 "  # as typed: no trimming
    assert list(frame["status"]) == ["open", "won"]  # either language, any case (Excel's = ignores case)
    assert frame.at[1, "created"] == pd.Timestamp("2025-12-09")  # a serial number, as Lite hands dates over
    assert frame.at[0, "close_date"] == pd.Timestamp("2026-03-01")


def test_what_the_sheet_cannot_use_is_a_problem_by_cell():
    rows = [HEADER,
            ["D1", "恒达", "张伟", "1,000", "放入漏斗", " 跟踪", "2026-01-05", "#N/A", 1.5, "XYZ"],
            ["D2", "云帆", "王芳", -5, "判断赢率", "maybe", True, 0.0, -1, "CCCCCCCCCC"]]
    parsed = parse_table(rows, DEAL_COLUMNS, "商机")
    found = {(p.cell, p.column): p.expected_en for p in parsed.problems}
    assert "stored as text" in found[("D2", "amount")] and "stored as text" in found[("G2", "created")]
    assert "error #N/A" in found[("H2", "close_date")]
    assert found[("F2", "status")].startswith("'Status' must be one of")  # " 跟踪": Excel would not match it either
    assert "whole number" in found[("I2", "pushes")] and "C/F/W" in found[("J2", "clarity")]
    assert {cell for cell, _ in found} >= {"D3", "F3", "G3", "H3", "I3", "J3"}  # -5, maybe, TRUE, 0, -1, 10 letters
    assert parsed.frame["amount"].isna().all() and parsed.frame["pushes"].isna().all()


def test_a_figure_reads_only_the_columns_it_needs():
    rows = [HEADER, ["D1", "", "", "lots", "放入漏斗", "赢单", "", "", "", ""],
            [None, "only a customer", None, None, None, None, None, None, None, None]]
    parsed = parse_table(rows, DEAL_COLUMNS, "Deals", needed={"status"})
    assert list(parsed.frame.columns) == ["row", "status"]
    assert [p.where for p in parsed.problems] == ["Deals!F3"]  # the second row counts, and lacks a status
    assert parsed.frame.at[0, "status"] == "won" and pd.isna(parsed.frame.at[1, "status"])


def test_a_missing_column_matters_only_to_a_figure_that_needs_it():
    rows = [["编号", "状态"], ["D1", "赢单"]]
    assert parse_table(rows, DEAL_COLUMNS, "Deals", needed={"status"}).problems == []
    missing = parse_table(rows, DEAL_COLUMNS, "Deals").problems
    assert {p.expected_en for p in missing} >= {"missing column 'Amount'", "missing column 'Expected close'"}


@pytest.mark.parametrize("text, number", [("1,200", 1200.0), ("¥1,200.50", 1200.5), ("1,234,567.8", 1234567.8),
                                          ("15%", 0.15), ("-3", -3.0), (7, 7.0)])
def test_an_argument_reads_as_a_number(text, number):
    assert to_number(text) == number


@pytest.mark.parametrize("text", ["1.234,56", "1,5", "12,34", "1,2345", "abc", "inf", True])
def test_an_ambiguous_or_foreign_number_is_never_guessed(text):
    assert to_number(text) is None  # issue 14: "1.234,56" became 1.23456 and "1,5" became 15


@pytest.mark.parametrize("text, day", [("2026-06-20", dt.date(2026, 6, 20)), ("2026/6/7", dt.date(2026, 6, 7)),
                                       ("2026.06.07", dt.date(2026, 6, 7)), ("2026年6月7日", dt.date(2026, 6, 7)),
                                       (46000, dt.date(2025, 12, 9))])
def test_an_argument_reads_as_a_date(text, day):
    assert to_date(text) == pd.Timestamp(day)


@pytest.mark.parametrize("text", ["20/06/2026", "06/07/2026", "2026-13-01", "June 7", "0"])
def test_a_day_first_or_month_first_date_is_never_guessed(text):
    assert to_date(text) is None  # issue 14: 20/06/2026 was read day-first and 06/07/2026 month-first


# ---------------------------------------------------------------------------------------------
# cell by cell: the column-wise reading equals a plain reading of each cell

def _read_cell(column, value):
    """(value, bad) for one cell, the rules of the module docstring applied to it alone; blank: (None, False)."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None, False
    if column.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) == float("inf"):
            return None, True
        low = column.minimum is not None and value < column.minimum
        high = column.maximum is not None and value > column.maximum
        return (None, True) if low or high or (column.whole and value != int(value)) else (float(value), False)
    if column.kind == "date":
        if isinstance(value, (dt.date, dt.datetime)):
            day = value.date() if isinstance(value, dt.datetime) else value
            serial = (day - dt.date(1899, 12, 30)).days
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            serial = int(value // 1)
        else:
            return None, True
        if not 1 <= serial <= LAST_SERIAL:
            return None, True
        return pd.Timestamp(dt.date(1899, 12, 30) + dt.timedelta(days=serial)), False
    if column.kind == "choice":
        spelled = (value if isinstance(value, str) else repr(value)).casefold()
        found = {s.casefold(): c for s, c in column.choices.items()}.get(spelled)
        return (None, True) if found is None else (found, False)
    if isinstance(value, bool) or value in ERROR_VALUES:
        return None, True
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    else:
        text = str(value)
    if column.rule is not None and column.rule(pd.Series([text], dtype=object))[0]:
        return None, True
    return text, False


READ_ALONE = [c for c in DEAL_COLUMNS if c.key in ("amount", "pushes", "created", "status", "id", "clarity")]
NUMBERS_MOSTLY = st.one_of(st.floats(min_value=-10, max_value=60000, allow_nan=False), st.none(), st.just(""),
                           st.integers(min_value=-3, max_value=60000), VALUES)


@settings(max_examples=400)
@given(st.lists(st.lists(st.one_of(NUMBERS_MOSTLY, VALUES), min_size=len(READ_ALONE), max_size=len(READ_ALONE)),
                max_size=12), st.booleans())
def test_each_cell_reads_as_it_would_alone(body, texts_only):
    if texts_only:  # a column of texts only: the path most text columns take
        body = [[v if isinstance(v, str) else "x" for v in row] for row in body]
    rows = [[c.label.en for c in READ_ALONE]] + body
    parsed = parse_table(rows, READ_ALONE, "Deals")
    read = [[_read_cell(c, v) for c, v in zip(READ_ALONE, row)] for row in body]
    kept = [i for i, cells in enumerate(read) if any(v is not None or bad for v, bad in cells)]
    assert list(parsed.frame["row"]) == [i + 2 for i in kept]
    bad_cells = set()
    for out_row, i in enumerate(kept):
        for j, (column, (value, bad)) in enumerate(zip(READ_ALONE, read[i])):
            got = parsed.frame.at[out_row, column.key]
            assert _same(got, value), (column.key, body[i][j], got, value)
            if bad:
                bad_cells.add(f"{'ABCDEF'[j]}{i + 2}")
    required = {f"{'ABCDEF'[j]}{i + 2}" for i in kept for j, column in enumerate(READ_ALONE)
                if column.required and read[i][j] == (None, False)}
    assert {p.cell for p in parsed.problems} == bad_cells | required


@pytest.mark.parametrize("cells", [[1.0, True], [True, 1.0], [1, 1.0, True, "true"]])
def test_true_and_one_are_different_cells(cells):
    """pandas counts TRUE, 1 and 1.0 as one value when it groups values; a sheet does not. A TRUE in a yes/no
    column means yes, a 1 does not; in a text column 1 reads "1" and TRUE is a problem. Found by reading
    through pandas.factorize (whichever came first decided for the others)."""
    waived = next(c for c in LINE_COLUMNS if c.key == "waived")
    customer = next(c for c in DEAL_COLUMNS if c.key == "customer")
    parsed = parse_table([["赠送", "客户"]] + [[v, v] for v in cells], [waived, customer], "Lines")
    expected_waived = [YES if v is True or v == "true" else None for v in cells]
    assert [None if pd.isna(v) else v for v in parsed.frame["waived"]] == expected_waived
    assert [None if pd.isna(v) else v for v in parsed.frame["customer"]] == \
        [None if v is True else ("1" if v == 1 else v) for v in cells]
    assert sorted(p.cell for p in parsed.problems) == sorted(
        [f"A{i + 2}" for i, v in enumerate(cells) if expected_waived[i] is None] +
        [f"B{i + 2}" for i, v in enumerate(cells) if v is True])


@pytest.mark.parametrize("cell", [132321.0, dt.date(2300, 1, 1), dt.datetime(9999, 12, 31, 8, 0)])
def test_a_date_past_2262_is_a_problem_not_a_date_in_1677(cell):
    """pandas' timestamps end on 2262-04-11; a later date used to come back wrapped round to 1677 (found by
    test_each_cell_reads_as_it_would_alone). The sheets' data-problem formulas use the same last day."""
    rows = [["创建日期", "预计成交日期"], [132320.0, cell]]
    parsed = parse_table(rows, [c for c in DEAL_COLUMNS if c.key in ("created", "close_date")], "Deals")
    assert parsed.frame.at[0, "created"] == pd.Timestamp("2262-04-11")
    assert pd.isna(parsed.frame.at[0, "close_date"])
    assert [(p.cell, p.expected_en) for p in parsed.problems] == [("B2", "'Expected close' must be a date (e.g. 2026-11-23)")]


@settings(max_examples=300)
@given(tables(), st.data())
def test_picked_rows_read_as_in_the_whole_table(rows, data):
    """parse_table(picked=...) (a function about one deal): those rows, values and problems exactly as the whole
    table's parse gives them, each at its own sheet row; a missing column named once, at the header."""
    picked = sorted(data.draw(st.sets(st.integers(min_value=0, max_value=max(len(rows) - 2, 0)),
                                      max_size=len(rows) - 1)))
    whole = parse_table(rows, DEAL_COLUMNS, "Deals", 3)
    some = parse_table(rows, DEAL_COLUMNS, "Deals", 3, picked=picked)
    at = {5 + i for i in picked}  # the header is on sheet row 4
    expected = whole.frame[whole.frame["row"].isin(at)].reset_index(drop=True)
    assert list(some.frame["row"]) == list(expected["row"])
    for column in DEAL_COLUMNS:
        left, right = expected[column.key].astype(object).tolist(), some.frame[column.key].astype(object).tolist()
        assert all(_same(a, b) for a, b in zip(left, right)), (column.key, left, right)

    def row_of(problem):
        return int(problem.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert some.problems == [p for p in whole.problems if row_of(p) in at | {4}]


def test_rows_reading_an_id_find_it_as_the_id_column_reads_it():
    deal_id = next(c for c in DEAL_COLUMNS if c.key == "id")
    rows = [["备注", "编号"], ["", "D1"], ["x"], ["", 1001.0], ["", "1001"], ["", True], ["", None], ["", "D1 "]]
    assert rows_reading(rows, deal_id, "D1") == [0]
    assert rows_reading(rows, deal_id, "1001") == [2, 3]
    assert rows_reading(rows, deal_id, "true") == [] and rows_reading([["备注"], ["D1"]], deal_id, "D1") == []


def test_a_block_without_rows_beside_a_ragged_one():
    """The rows of a ragged hand-made block are padded when a column is gathered; a block with no rows at all (not
    even a header) has nothing to pad: it reads as no rows, its columns missing."""
    blocks = [Block(0, "a", []), Block(1, "b", [["编号", "状态", "金额"], ["D1", "赢单"]])]
    parsed = parse_blocks(blocks, DEAL_COLUMNS, needed={"id", "status", "amount"})
    assert list(parsed.frame["id"]) == ["D1"] and list(parsed.frame["status"]) == ["won"]
    assert [p.where for source, p in parsed.problems if source == 1] == ["b!C2"]  # the amount is required
    assert {p.expected_en for source, p in parsed.problems if source == 0} == \
        {"missing column 'Deal ID'", "missing column 'Status'", "missing column 'Amount'"}
