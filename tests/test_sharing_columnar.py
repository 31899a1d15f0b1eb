"""The roll-up's one-pass parser gives exactly what xlsales.table.parse_table gives, table by table."""

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.funnel.vocab import DEAL_COLUMNS
from xlsales.sharing.columnar import Block, parse_blocks
from xlsales.table import parse_table

VALUES = st.one_of(
    st.none(), st.just(""), st.just("  "), st.text(max_size=8), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**6, max_value=10**6), st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2200, 1, 1)),
    st.sampled_from(["1,000", "¥2,500", "30%", "2026-11-23", "2026/1/5", "跟踪", "Won", " lost ", "b", "A",
                     "45000", "-3", "nan", "inf", "D0001"]),
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
    if isinstance(a, pd.Timestamp) or isinstance(b, pd.Timestamp):
        return pd.Timestamp(a) == pd.Timestamp(b)
    return a == b


def _check(rows, first_row, one, many, sheet):
    expected = one.frame
    got = many.frame[many.frame["block"] == sheet].reset_index(drop=True)
    assert list(got["row"]) == list(expected["row"])
    for column in DEAL_COLUMNS:
        left, right = expected[column.key].astype(object).tolist(), got[column.key].astype(object).tolist()
        assert all(_same(a, b) for a, b in zip(left, right)), (column.key, left, right)


@settings(max_examples=300, deadline=None)
@given(st.lists(tables(), min_size=1, max_size=3), st.integers(min_value=0, max_value=4))
def test_same_frames_and_problems_as_parse_table(grids, first_row):
    blocks = [Block(i, f"sheet{i}", rows, first_row) for i, rows in enumerate(grids)]
    many = parse_blocks(blocks, DEAL_COLUMNS)
    for i, rows in enumerate(grids):
        one = parse_table(rows, DEAL_COLUMNS, f"sheet{i}", first_row)
        _check(rows, first_row, one, many, i)
        assert sorted(map(repr, one.problems)) == sorted(repr(p) for source, p in many.problems if source == i)
        bad_rows = {int(p.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for p in one.problems if p.cell[-1].isdigit()
                    and int(p.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) > first_row + 1}
        flagged = many.frame[(many.frame["block"] == i) & many.frame["unusable"]]["row"]
        assert set(flagged) == bad_rows


def test_a_hand_made_table():
    rows = [["编号", "客户", "Owner", "金额", "阶段", "Status", "创建日期", "预计成交日期"],
            ["D1", " 恒达 ", "张伟", "1,000", "放入漏斗", "跟踪", dt.date(2026, 1, 5), "2026-02-01"],
            [None, None, None, None, None, None, None, None],
            [1001.0, "云帆", "王芳", -5, "判断赢率", "maybe", 46000, dt.datetime(2026, 3, 1, 15, 30)]]
    parsed = parse_blocks([Block(7, "商机", rows, 2)], DEAL_COLUMNS)
    frame = parsed.frame
    assert list(frame["row"]) == [4, 6] and list(frame["source"]) == [7, 7]
    assert list(frame["id"]) == ["D1", "1001"] and frame.at[0, "customer"] == "恒达"
    assert frame.at[0, "amount"] == 1000.0 and pd.isna(frame.at[1, "amount"])
    assert frame.at[1, "created"] == pd.Timestamp("2025-12-09") and frame.at[1, "close_date"] == pd.Timestamp("2026-03-01")
    assert list(frame["unusable"]) == [False, True]
    assert sorted((p.where, p.found) for _, p in parsed.problems) == [("商机!D6", "-5"), ("商机!F6", "maybe")]
