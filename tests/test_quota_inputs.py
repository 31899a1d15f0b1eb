"""Every unusable quota input is named by sheet!cell with what was expected, in Chinese and English."""

import copy

import pytest

from tests.quota_cases import WORKED
from xlsales.quota.inputs import parse_mix, parse_reps
from xlsales.quota.vocab import MIX_COLUMNS
from xlsales.quota.workbook import parse_workbook

TARGET, MIX, WEEKLY = "目标与人员", "产品组合", "周跟踪"


def _with(sheet: str, row: int, col: int, value) -> dict:
    """The worked workbook with one cell (1-based row and column) changed."""
    sheets = copy.deepcopy(WORKED)
    grid = sheets[sheet]
    while len(grid) < row:
        grid.append([])
    grid[row - 1] += [None] * (col - len(grid[row - 1]))
    grid[row - 1][col - 1] = value
    return sheets


def _errors(sheets: dict) -> list:
    return [p for p in parse_workbook(sheets).problems if p.severity == "error"]


@pytest.mark.parametrize("sheet, row, col, value, where, fragment", [
    (TARGET, 3, 2, "六十万", "目标与人员!B3", "amount >= 0"),
    (TARGET, 3, 2, None, "目标与人员!B3", "required"),
    (TARGET, 5, 2, 0, "目标与人员!B5", "whole number >= 1"),
    (TARGET, 5, 2, 52.5, "目标与人员!B5", "whole number >= 1"),
    (TARGET, 6, 2, 0, "目标与人员!B6", "> 0"),
    (TARGET, 7, 2, "随便分", "目标与人员!B7", "Equal split, By ability weight"),
    (TARGET, 8, 2, -3, "目标与人员!B8", "> 0"),
    (TARGET, 9, 2, 60, "目标与人员!B9", "past the working weeks"),
    (TARGET, 13, 3, "很多", "目标与人员!C13", "Own target (bottom up)"),
    (TARGET, 13, 4, -1, "目标与人员!D13", ">= 0"),
    (MIX, 2, 7, 1.5, "产品组合!G2", "(0, 100%]"),
    (MIX, 2, 7, 0, "产品组合!G2", "(0, 100%]"),
    (MIX, 2, 7, 33, "产品组合!G2", "(0, 100%]"),
    (MIX, 2, 7, None, "产品组合!G2", "visits per deal need a win rate"),
    (MIX, 3, 3, 0, "产品组合!C3", "unit price must be > 0"),
    (MIX, 3, 4, "十二", "产品组合!D3", "'Count' must be a number"),
    (MIX, 4, 1, "小张", "产品组合!A4", "name from the reps table"),
    (MIX, 5, 2, None, "产品组合!B5", "required"),
    (WEEKLY, 2, 2, 60, "周跟踪!B2", "within 1–52"),
    (WEEKLY, 2, 2, 2.5, "周跟踪!B2", "whole number"),
    (WEEKLY, 3, 2, 1, "周跟踪!B3", "one row per rep and week"),
    (WEEKLY, 4, 1, "小张", "周跟踪!A4", "one from the reps table"),
    (WEEKLY, 5, 4, "八次", "周跟踪!D5", "'Visits' must be a number"),
    (WEEKLY, 5, 6, -100, "周跟踪!F5", ">= 0"),
])
def test_bad_cell_is_named(sheet, row, col, value, where, fragment):
    errors = _errors(_with(sheet, row, col, value))
    assert [p.where for p in errors] == [where], [p.message() for p in errors]
    assert fragment in errors[0].expected_en and errors[0].expected_zh


def test_duplicate_rep_is_named_and_the_second_one_is_not_used():
    errors = _errors(_with(TARGET, 14, 1, "小王"))
    assert errors[0].where == "目标与人员!A14" and "unique" in errors[0].expected_en
    assert {p.sheet for p in errors[1:]} == {WEEKLY}  # 小李's weeks now name nobody on the reps table


def test_weights_are_required_only_when_splitting_by_ability():
    sheets = _with(TARGET, 7, 2, "按能力权重")
    sheets[TARGET][12][1] = None  # 小王's weight
    assert [p.where for p in _errors(sheets)] == ["目标与人员!B13"]
    sheets[TARGET][12][1] = 0
    assert [p.where for p in _errors(sheets)] == ["目标与人员!B13"]
    assert parse_workbook(_with(TARGET, 13, 2, None)).problems == []  # equal split: weight unused


def test_split_method_and_standard_mix_accept_both_languages():
    assert parse_workbook(_with(TARGET, 7, 2, "by ability weight")).settings.split == "weighted"
    header = [c.label.en for c in MIX_COLUMNS]
    mix = parse_mix([header, ["Everyone", "X", 1, 1], ["全员", "Y", 1, 1], [None, "Z", 1, 1], ["甲", "W", 1, 1]],
                    "Product mix", ["甲"]).frame
    assert mix["rep"].tolist() == [None, None, None, "甲"]


def test_percent_text_win_rate_is_read():
    header = [c.label.zh for c in MIX_COLUMNS]
    mix = parse_mix([header, [None, "X", 100, 2, None, 1, "50%"]], "产品组合")
    assert mix.problems == [] and mix.frame["win_rate"].tolist() == [0.5]


def test_missing_sheets_are_named():
    sheets = copy.deepcopy(WORKED)
    del sheets[MIX], sheets[WEEKLY]
    problems = parse_workbook(sheets).problems
    assert [(p.sheet, p.cell) for p in problems] == [(MIX, ""), (WEEKLY, "")]
    assert parse_workbook({}).problems[0].expected_en == "missing sheet 'Target and reps'"


def test_missing_column_is_named():
    reps = parse_reps([["姓名x", "能力权重"], ["A", 1]], "目标与人员", "equal")
    assert reps.problems[0].expected_en == "missing column 'Name'"
