"""Issue 14, the parser's part: what a hostile or careless value gives.

A value that cannot be read one way only is a problem naming sheet!cell in Chinese and English (or is read by
one documented rule for the whole column), never a guess made cell by cell. Cells are named by the funnel's
layout (column of a key, row of a deal).
"""

import pytest

from tests import hostile_files as H
from tests.sharing_cases import deal, funnel_bytes, roll
from udfs._excel import ERROR_PREFIX
from udfs.review import review_element_score
from xlsales.book import read_sheets
from xlsales.funnel import layout as L
from xlsales.templates.funnel import SPEC



def at(key: str, row: int) -> str:
    return f"{L.DEALS.letter(key)}{row}"


def where(key: str, row: int) -> str:
    return f"商机!{at(key, row)}"


def _rolled(typed: dict[str, str]):
    rollup = roll({"rep.xlsx": funnel_bytes([deal(n) for n in (1, 2, 3)], typed=typed)})
    problems = {p.where: p for _, p in rollup.problems}
    amounts = dict(zip(rollup.deals["id"], rollup.deals["amount"]))
    return rollup, problems, amounts


def _bilingual(problem) -> bool:
    return bool(problem.expected_zh) and bool(problem.expected_en) and problem.expected_zh != problem.expected_en


def test_a_comma_decimal_amount_is_a_problem_not_a_thousandth():
    """`1.234,56` (German style) was read as 1.23456."""
    _, problems, amounts = _rolled({at("amount", 2): "1.234,56", at("amount", 4): "12,500"})
    cell = where("amount", 2)
    assert cell in problems and problems[cell].found == "1.234,56" and _bilingual(problems[cell])
    assert deal(1)["id"] not in amounts  # left out, as every row with an unusable value
    # a number typed as text is a problem too (the sheet's formulas skip it): never a guess, never a silent 0
    assert where("amount", 4) in problems and deal(3)["id"] not in amounts


def test_a_comma_that_is_not_a_thousands_separator_is_a_problem():
    """`1,5` was read as 15."""
    _, problems, amounts = _rolled({at("amount", 3): "1,5"})
    cell = where("amount", 3)
    assert cell in problems and problems[cell].found == "1,5" and _bilingual(problems[cell])
    assert deal(2)["id"] not in amounts


def test_one_date_column_is_never_read_day_first_here_and_month_first_there():
    """20/06/2026 was read day-first and 06/07/2026 month-first, in the same column."""
    rollup, problems, _ = _rolled({at("created", 2): "20/06/2026", at("created", 3): "06/07/2026"})
    created = dict(zip(rollup.deals["id"], rollup.deals["created"]))
    # a date typed as text is a problem, as the sheet's formulas skip it: the row is left out, never guessed
    for row, text in ((2, "20/06/2026"), (3, "06/07/2026")):
        cell = where("created", row)
        assert problems[cell].found == text and _bilingual(problems[cell])
        assert deal(row - 1)["id"] not in created


def _checked(tmp_path, data: bytes) -> dict:
    path = tmp_path / "filled.xlsx"
    path.write_bytes(data)
    return {p.where: p for p in SPEC.check(read_sheets(path))}


def test_check_reports_a_fractional_push_count(tmp_path):
    problems = _checked(tmp_path, funnel_bytes([deal(1), deal(2)], typed={at("pushes", 2): 1.5}))
    assert where("pushes", 2) in problems and _bilingual(problems[where("pushes", 2)])


def test_check_reports_an_8c1f0w_value_that_is_not_one(tmp_path):
    problems = _checked(tmp_path, funnel_bytes([deal(1), deal(2)], typed={at("clarity", 2): "XYZ"}))
    cell = where("clarity", 2)
    assert cell in problems and problems[cell].found == "XYZ" and _bilingual(problems[cell])


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!"])
def test_check_reports_an_error_cell_as_an_error_not_as_missing(tmp_path, error):
    data = funnel_bytes([deal(1), deal(2)])
    part = H.deals_part(data)
    xml = H.parts_of(data)[part].decode()
    start = xml.index(f'<c r="{at("amount", 2)}"')
    end = xml.index("</c>", start) + len("</c>")
    data = H.replaced(data, part, (xml[:start] + f'<c r="{at("amount", 2)}" t="e"><v>{error}</v></c>'
                                   + xml[end:]).encode())
    problem = _checked(tmp_path, data)[where("amount", 2)]
    assert problem.found == error and _bilingual(problem)
    assert "required" not in problem.expected_en and "必填" not in problem.expected_zh


def test_a_function_refuses_an_input_past_its_documented_size():
    """REVIEW_ELEMENT_SCORE over 200,000 ratings took 13 s in a cell (Pyodide); a review grid has at most
    MAX_ELEMENTS x MAX_GRID_COLUMNS cells: past a documented size the function answers with a message."""
    result = review_element_score([["C"] for _ in range(200_000)])
    assert isinstance(result, str) and result.startswith(ERROR_PREFIX) and " / " in result
