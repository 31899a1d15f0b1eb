"""Each guardrail of seed 001's 报价误区 triggered and not triggered, at and around its limit; price moves."""

import datetime as dt

import pandas as pd
import pytest

from tests.quote_cases import REVISION_HEADER, REVISIONS, priced
from xlsales.quote import layout as L
from xlsales.quote.guardrails import (BIG_SWING, BUDGET_MATCH, FAR_ABOVE, GUARDRAILS, NO_ROOM, SINGLE_TOTAL,
                                      check_revisions, warnings)
from xlsales.quote.inputs import parse_revisions
from xlsales.quote.revisions import block_lines, block_rows, line_moves, split_blocks

LIMITS = {"max_swing": 0.10, "min_room": 0.05, "far_ratio": 1.5}


def _checked(rows=REVISIONS, **limits):
    parsed = parse_revisions([REVISION_HEADER] + [list(r) for r in rows], "报价版本")
    assert parsed.problems == []
    return check_revisions(parsed.frame, **(LIMITS | limits))


def _flags(checked: pd.DataFrame) -> list[set[str]]:
    return [{k for k in GUARDRAILS if row[k]} for _, row in checked.iterrows()]


def test_each_guardrail_fires_where_the_text_says_and_nowhere_else():
    checked = _checked()
    assert _flags(checked) == [set(), {BUDGET_MATCH, SINGLE_TOTAL, BIG_SWING}, {BIG_SWING, NO_ROOM}, {FAR_ABOVE}]
    assert checked["total"].tolist() == [28000, 40000, 30000, 28800]
    assert checked["change"].tolist()[1:] == [12000, -10000, -1200]
    assert checked["change_share"].tolist()[1:] == pytest.approx([12000 / 28000, -0.25, -0.04])
    assert checked["room"].tolist()[0] == 8000 and pd.isna(checked["room"][1])


@pytest.mark.parametrize("budget, fires", [(28000, True), (28000.004, True), (28000.01, False), (None, False)])
def test_budget_match_is_to_the_fen(budget, fires):
    checked = _checked([["R1", dt.date(2026, 10, 1), 20000, 5000, 3000, 28000, 20000, budget]])
    assert bool(checked.at[0, BUDGET_MATCH]) is fires


@pytest.mark.parametrize("parts, fires", [((1, 1, 1), False), ((1, 1, 0), False), ((1, 1, None), True),
                                          ((None, None, None), True)])
def test_single_total_needs_all_three_parts_listed_zero_counts(parts, fires):
    total = sum(p or 0 for p in parts) or 3
    checked = _checked([["R1", dt.date(2026, 10, 1), *parts, total, None, None]])
    assert bool(checked.at[0, SINGLE_TOTAL]) is fires


@pytest.mark.parametrize("second, fires", [(11000, False), (9000, False), (11000.01, True), (8999.99, True)])
def test_swing_over_the_limit_either_way(second, fires):
    rows = [["R1", dt.date(2026, 10, 1), 10000, 0, 0, 10000, None, None],
            ["R2", dt.date(2026, 10, 2), second, 0, 0, second, None, None]]
    assert bool(_checked(rows).at[1, BIG_SWING]) is fires
    assert not _checked(rows, max_swing=0.5).at[1, BIG_SWING]  # the limit is a setting


@pytest.mark.parametrize("floor, fires", [(9500, False), (9500.01, True), (10000, True), (10500, True), (None, False)])
def test_no_room_below_the_least_share_or_below_the_floor(floor, fires):
    checked = _checked([["R1", dt.date(2026, 10, 1), 10000, 0, 0, 10000, floor, None]])
    assert bool(checked.at[0, NO_ROOM]) is fires


@pytest.mark.parametrize("budget, fires", [(10000, False), (6666.67, False), (6666.66, True), (0, False)])
def test_far_above_budget_at_the_ratio(budget, fires):
    checked = _checked([["R1", dt.date(2026, 10, 1), 10000, 0, 0, 10000, None, budget]])
    assert bool(checked.at[0, FAR_ABOVE]) is fires


def test_warnings_say_why_with_the_figures_in_both_languages():
    checked = _checked()
    r2 = dict(warnings(checked.iloc[1], **LIMITS))
    assert set(r2) == {BUDGET_MATCH, SINGLE_TOTAL, BIG_SWING}
    assert "软件许可、培训/交付、服务年费" in r2[SINGLE_TOTAL].zh and "License" in r2[SINGLE_TOTAL].en
    assert "+42.9%" in r2[BIG_SWING].zh and "10%" in r2[BIG_SWING].en
    r3 = dict(warnings(checked.iloc[2], **LIMITS))
    assert "¥1,000.00" in r3[NO_ROOM].zh and "3.3%" in r3[NO_ROOM].en
    assert "1.60" in dict(warnings(checked.iloc[3], **LIMITS))[FAR_ABOVE].zh
    assert warnings(checked.iloc[0], **LIMITS) == []


def test_revision_rows_without_a_total_adding_up_or_with_a_repeated_label_are_named_by_cell():
    rows = [REVISION_HEADER, ["R1", dt.date(2026, 10, 1), 1, 2, 3, 7, None, None],
            ["R1", dt.date(2026, 10, 2), 1, 1, 1, None],
            ["R3", dt.date(2026, 10, 3), 1, None, None, None]]
    problems = parse_revisions(rows, "报价版本").problems
    total, label = L.REVISIONS.letter("total"), L.REVISIONS.letter("revision")  # the grid is laid out as the table
    assert [(p.cell, p.expected_en.split(";")[0][:24]) for p in problems] == [
        (f"{total}3", "'Total' is required"), (f"{total}4", "'Total' is required"),
        (f"{total}2", "the total must equal lic"), (f"{label}3", "revision labels must be ")]


def test_price_moves_between_revisions_line_by_line():
    before = priced()
    after = before.drop(index=6).copy()  # 报表开发 removed
    after.loc[1, "amount"] = 15000  # 供应链 down 1,000
    moves = line_moves(before, after).set_index("item")
    assert moves.at["报表开发", "move"] == "removed" and moves.at["报表开发", "change"] == -1400
    assert moves.at["供应链", "move"] == "changed" and moves.at["供应链", "change"] == -1000
    assert moves.at["总账", "move"] == "same"
    added = line_moves(after, before).set_index("item")
    assert added.at["报表开发", "move"] == "added"


def test_a_revision_block_reads_back_and_lists_what_was_removed():
    before = priced()
    after = before.drop(index=6)
    first = block_rows("R1", dt.date(2026, 10, 1), before, None, "zh-CN")
    second = block_rows("R2", dt.date(2026, 10, 8), after, before, "zh-CN")
    assert first[0] == ["版本", "R1", dt.date(2026, 10, 1), "合计", 35400]
    assert second[-1][1] == "报表开发" and second[-1][-2:] == [1400, "删除"]
    assert {r[-1] for r in second[2:-1]} == {"不变"}
    area = first + [[]] + second
    blocks = split_blocks(area)
    assert [(label, start) for label, start, _ in blocks] == [("R1", 0), ("R2", len(first) + 1)]
    read = block_lines(blocks[1][2], "报价版本", blocks[1][1], L.BLOCKS.first_col - 1)
    assert read["item"].tolist() == after["item"].tolist()  # the removed line is not part of R2
    assert read["amount"].sum() == 34000
