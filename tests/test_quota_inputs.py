"""Every unusable quota input is named by sheet!cell with what was expected, in Chinese and English.

Cells are found through the workbook's description (xlsales/quota/layout.py), never typed here."""

import copy

import pytest

from tests.quota_cases import WORKED
from xlsales.layout import Table, split_address
from xlsales.quota import layout as L
from xlsales.quota.inputs import parse_mix, parse_reps, parse_weekly
from xlsales.quota.settings import read_parameters
from xlsales.quota.vocab import MIX_COLUMNS, WEEKLY_COLUMNS
from xlsales.quota.workbook import parse_workbook

TARGET, MIX, WEEKLY = L.SHEET_TARGET.zh, L.SHEET_MIX.zh, L.SHEET_TRACKING.zh
SHEET_OF = {L.REPS.name: TARGET, L.MIX.name: MIX, L.WEEKLY.name: WEEKLY}


def cell(table: Table, key: str, n: int) -> str:
    """The n-th (1-based) body row's cell of a table column."""
    return f"{table.letter(key)}{table.first_row + n - 1}"


def _set(sheets: dict, sheet: str, address: str, value) -> dict:
    grid = sheets[sheet]
    row, col = split_address(address)
    while len(grid) < row:
        grid.append([])
    grid[row - 1] += [None] * (col - len(grid[row - 1]))
    grid[row - 1][col - 1] = value
    return sheets


def with_parameter(key: str, value) -> dict:
    return _set(copy.deepcopy(WORKED), TARGET, L.TARGET.address(key), value)


def with_cell(table: Table, key: str, n: int, value) -> dict:
    return _set(copy.deepcopy(WORKED), SHEET_OF[table.name], cell(table, key, n), value)


def _errors(sheets: dict) -> list:
    return [p for p in parse_workbook(sheets).problems if p.severity == "error"]


@pytest.mark.parametrize("key, value, fragment", [
    ("company_target", "六十万", "must be a number >= 0"),
    ("company_target", "60万", "must be a number >= 0"),  # the text's own way of writing it: never silently 0
    ("company_target", "600000", "number stored as text"),  # pasted from a CSV: the sheet's formulas skip it
    ("company_target", None, "required"),
    ("working_weeks", 0, "whole number >= 1"),
    ("working_weeks", 52.5, "whole number >= 1"),
    ("working_weeks", "52", "number stored as text"),
    ("working_weeks", 60, f"at most {L.MAX_WEEKS} working weeks"),
    ("months", 0, "must be above 0"),
    ("split", "随便分", "Equal split, By ability weight"),
    ("split", " By ability weight", "Equal split, By ability weight"),  # untrimmed, as the sheet compares
    ("default_capacity", -3, ">= 0"),
    ("default_capacity", 0, "must be above 0"),
    ("current_week", 60, "past the working weeks"),
    ("current_week", "#N/A", "holds the error #N/A"),
])
def test_bad_parameter_is_named(key, value, fragment):
    errors = _errors(with_parameter(key, value))
    assert [p.where for p in errors] == [f"{TARGET}!{L.TARGET.address(key)}"], [p.message() for p in errors]
    assert fragment in errors[0].expected_en and errors[0].expected_zh


@pytest.mark.parametrize("table, key, n, value, fragment", [
    (L.REPS, "bottom_up", 1, "很多", "Own target (bottom up)"),
    (L.REPS, "capacity", 1, -1, ">= 0"),
    (L.REPS, "rep", 3, "Everyone", "standard mix: not a name"),
    (L.MIX, "win_rate", 1, 1.5, "(0, 100%]"),
    (L.MIX, "win_rate", 1, 0, "(0, 100%]"),
    (L.MIX, "win_rate", 1, 33, "(0, 100%]"),
    (L.MIX, "win_rate", 1, None, "visits per deal need a win rate"),
    (L.MIX, "win_rate", 1, "50%", "number stored as text"),
    (L.MIX, "unit_price", 2, 0, "unit price must be > 0"),
    (L.MIX, "count", 2, "十二", "'Count' must be a number"),
    (L.MIX, "rep", 3, "小张", "name from the reps table"),
    (L.MIX, "product_line", 4, None, "required"),
    (L.WEEKLY, "week", 1, 60, "within 1–52"),
    (L.WEEKLY, "week", 1, 2.5, "whole number"),
    (L.WEEKLY, "week", 2, 1, "one row per rep and week"),
    (L.WEEKLY, "rep", 3, "小张", "one from the reps table"),
    (L.WEEKLY, "visits", 4, "八次", "'Visits' must be a number"),
    (L.WEEKLY, "visits", 4, "8", "number stored as text"),
    (L.WEEKLY, "collected", 4, -100, ">= 0"),
])
def test_bad_cell_is_named(table, key, n, value, fragment):
    errors = _errors(with_cell(table, key, n, value))
    assert [p.where for p in errors] == [f"{SHEET_OF[table.name]}!{cell(table, key, n)}"], [p.message() for p in errors]
    assert fragment in errors[0].expected_en and errors[0].expected_zh and errors[0].column == key


def test_duplicate_rep_is_named_and_the_second_one_is_not_used():
    errors = _errors(with_cell(L.REPS, "rep", 2, "小王"))
    assert errors[0].where == f"{TARGET}!{cell(L.REPS, 'rep', 2)}" and "unique" in errors[0].expected_en
    assert {p.sheet for p in errors[1:]} == {WEEKLY}  # 小李's weeks now name nobody on the reps table


def test_names_compare_as_excel_compares_them():
    """Excel's = and SUMIFS ignore case: Wang and wang are one rep; a mix or weekly row may spell them either way."""
    header = [[c.label.zh for c in WEEKLY_COLUMNS]]
    reps = parse_reps([["姓名"], ["Wang"], ["wang"]], TARGET, "equal")
    assert reps.frame["rep"].tolist() == ["Wang"] and "unique" in reps.problems[0].expected_en
    weekly = parse_weekly(header + [["WANG", 1, 1, 1, 1, 1], ["wang", 1, 2, 2, 2, 2]], WEEKLY, ["Wang"], 52)
    assert weekly.frame["rep"].tolist() == ["Wang"]  # the table's spelling; the second row repeats week 1
    assert [p.expected_en for p in weekly.problems] == ["one row per rep and week"]
    mix = parse_mix([[c.label.zh for c in MIX_COLUMNS], ["WANG", "X", 1, 1], ["everyone", "Y", 1, 1]], MIX, ["Wang"])
    assert mix.problems == [] and mix.frame["rep"].tolist() == ["Wang", None]


def test_weights_are_required_only_when_splitting_by_ability():
    sheets = with_parameter("split", "按能力权重")
    _set(sheets, TARGET, cell(L.REPS, "weight", 1), None)  # 小王's weight
    assert [p.where for p in _errors(sheets)] == [f"{TARGET}!{cell(L.REPS, 'weight', 1)}"]
    _set(sheets, TARGET, cell(L.REPS, "weight", 1), 0)
    assert [p.where for p in _errors(sheets)] == [f"{TARGET}!{cell(L.REPS, 'weight', 1)}"]
    _set(sheets, TARGET, cell(L.REPS, "weight", 1), "一")  # its own rule only: one problem, not two
    assert len(_errors(sheets)) == 1
    assert parse_workbook(with_cell(L.REPS, "weight", 1, None)).problems == []  # equal split: weight unused


def test_a_bad_parameter_does_not_change_the_other_rules():
    """The sheet's formulas fall back to each parameter's default on its own; so does check: a text target does not
    turn the weighted split (and its weight rule) off, nor the working weeks the weeks are checked against."""
    sheets = with_parameter("split", "按能力权重")
    _set(sheets, TARGET, L.TARGET.address("company_target"), "60万")
    _set(sheets, TARGET, cell(L.REPS, "weight", 1), None)
    _set(sheets, WEEKLY, cell(L.WEEKLY, "week", 1), 53)
    assert {p.column for p in _errors(sheets)} == {"company_target", "weight", "week"}
    parameters = read_parameters(sheets[TARGET], TARGET)
    assert parameters.effective["company_target"] is None and parameters.effective["split"] == "weighted"


def test_split_method_and_standard_mix_accept_both_languages():
    assert parse_workbook(with_parameter("split", "by ability weight")).settings.split == "weighted"
    header = [c.label.en for c in MIX_COLUMNS]
    mix = parse_mix([header, ["Everyone", "X", 1, 1], ["全员", "Y", 1, 1], [None, "Z", 1, 1], ["甲", "W", 1, 1]],
                    "Product mix", ["甲"]).frame
    assert mix["rep"].tolist() == [None, None, None, "甲"]


def test_rows_with_problems_count_in_no_figure():
    header = [c.label.zh for c in MIX_COLUMNS]
    mix = parse_mix([header, [None, "X", 100, 2, None, 1, "50%"], [None, "Y", 100, 2, None, 1, 0.5]], MIX)
    assert [p.cell for p in mix.problems] == [cell(L.MIX, "win_rate", 1)]
    assert mix.frame["product_line"].tolist() == ["Y"]


def test_a_function_reads_only_the_columns_its_figure_uses():
    header = [c.label.zh for c in MIX_COLUMNS]
    rows = [header, [None, "X", "一百", 2, None, 1, 0.5]]  # a bad unit price: the pace does not use prices
    assert parse_mix(rows, MIX, needed={"rep", "product_line", "count", "visits_per_deal", "win_rate",
                                        "opportunities_per_deal"}).problems == []
    assert [p.column for p in parse_mix(rows, MIX).problems] == ["unit_price"]


def test_missing_sheets_are_named():
    sheets = copy.deepcopy(WORKED)
    del sheets[MIX], sheets[WEEKLY]
    problems = parse_workbook(sheets).problems
    assert [(p.sheet, p.cell) for p in problems] == [(MIX, ""), (WEEKLY, "")]
    assert parse_workbook({}).problems[0].expected_en == "missing sheet 'Target and reps'"


def test_missing_column_is_named():
    reps = parse_reps([["姓名x", "能力权重"], ["A", 1]], TARGET, "equal")
    assert reps.problems[0].expected_en == "missing column 'Name'"
