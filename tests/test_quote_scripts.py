"""Every quote script on the EMPTY template, on a half-filled one, and twice in a row without losing anything (issue
15), on tests/fakebook.py's FakeBook. Addresses come from xlsales/quote/layout.py."""

import copy
import datetime as dt

import pytest

import udfs.quote as Q
from tests.fakebook import FakeBook
from xlsales.problems import UserError
from xlsales.quote import layout as L
from xlsales.quote.demo import demo_quote
from xlsales.templates.quote import build

SCRIPTS = [Q.build_quote_sheet, Q.save_revision, Q.reduce_to_target]


def _values(book: FakeBook) -> dict[str, list[list[object]]]:
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.wb.worksheets}


def _type(book: FakeBook, sheet, table, n: int, values: dict[str, object]) -> None:
    """Values typed into the n-th body row of a table; past its end the table takes the row in, with its calculated
    columns, as Excel does when a row is typed right below a table."""
    found = book.sheets[sheet.name.zh]
    row = table.first_row + n - 1
    for key, value in values.items():
        found.range(f"{table.letter(key)}{row}").value = value
    excel = book.wb[sheet.name.zh].tables[table.name]
    if int(excel.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) < row:
        for column in table.calculated():
            found.range(f"{table.letter(column.key)}{row}").value = "=" + column.formula("zh-CN", row)
        excel.ref = f"{table.at}:{table.last_letter()}{row}"


def _half_filled() -> FakeBook:
    """Two products, two lines (no service line yet), a revision label and a target: what a rep has typed so far."""
    book = FakeBook(build("zh-CN"))
    for n, (product, unit, price) in enumerate([("总账", "模块", 10000), ("实施", "人天", 1500)], start=1):
        _type(book, L.PRICES_SHEET, L.PRICES, n, {"product": product, "unit": unit, "list_price": price,
                                                   "std_discount": 0.9, "floor_discount": 0.8})
    _type(book, L.LINES_SHEET, L.LINES, 1, {"part": "软件许可", "item": "总账", "qty": 2})
    _type(book, L.LINES_SHEET, L.LINES, 2, {"part": "Training & delivery", "item": "实施", "qty": 3})
    details = book.sheets[L.SHEET_DETAILS.zh]
    details.range(L.DETAILS_SHEET.address("revision")).value = "R1"
    details.range(L.DETAILS_SHEET.address("quote_date")).value = dt.date(2026, 11, 2)
    details.range(L.DETAILS_SHEET.address("target")).value = 20000
    return book


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.__name__)
def test_every_script_on_the_empty_template_runs_or_says_what_it_needs(script):
    """The quotation of an empty quote is written; saving needs a revision label and reducing a target price, and
    each says so (a message for the user, never a crash), leaving the workbook as it was."""
    book = FakeBook(build("zh-CN"))
    before = _values(book)
    if script is Q.build_quote_sheet:
        script(book)
        quotation = book.sheets[L.SHEET_QUOTE.zh]
        assert quotation.range(L.QUOTATION.address("total")).value == 0
        assert quotation.range(L.QUOTATION.address("words")).value == "人民币 / RMB 零元整"
        return
    with pytest.raises(UserError, match="revision|target price"):
        script(book)
    assert _values(book) == before


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.__name__)
def test_every_script_on_a_half_filled_quote_twice_in_a_row_gives_the_same_workbook(script):
    book = _half_filled()
    script(book)
    once = copy.deepcopy(_values(book))
    script(book)
    assert _values(book) == once


def test_the_half_filled_quote_is_what_the_scripts_write():
    book = _half_filled()
    for script in SCRIPTS:
        script(book)
    quotation = book.sheets[L.SHEET_QUOTE.zh]
    assert quotation.range(L.QUOTATION.address("total")).value == 2 * 10000 * 0.9 + 3 * 1500 * 0.9 == 22050
    revisions = book.sheets[L.SHEET_REVISIONS.zh]
    row = L.REVISIONS.first_row
    assert revisions.range(f"{L.REVISIONS.letter('revision')}{row}").value == "R1"
    assert revisions.range(f"{L.REVISIONS.letter('total')}{row}").value == 22050
    plan = book.sheets[L.SHEET_DETAILS.zh]  # 3 days of 实施 (4,050) come off: 18,000 is under the 20,000 target
    written = [plan.range(f"{L.PLAN.at[0]}{L.PLAN.header_row + r}").value for r in range(5)]
    assert written[2] == "培训/交付 / Training & delivery" and "删去 1 项服务内容" in written[4]


def test_save_revision_grows_the_table_past_its_empty_rows():
    """The old sheet held 12 revisions and refused the 13th; the table now grows, each new row with the calculated
    columns Excel fills in."""
    data = demo_quote()
    book = FakeBook(build("zh-CN", data))
    details = book.sheets[L.SHEET_DETAILS.zh]
    labels = [r.label for r in data.revisions] + [f"R{n}" for n in range(4, 16)]
    for label in labels[3:]:
        details.range(L.DETAILS_SHEET.address("revision")).value = label
        Q.save_revision(book)
    table, sheet = L.REVISIONS, book.sheets[L.SHEET_REVISIONS.zh]
    grown = f"{table.at}:{table.last_letter()}{table.header_row + 15}"
    assert book.wb[L.SHEET_REVISIONS.zh].tables[table.name].ref == grown
    column = table.letter("revision")
    assert [sheet.range(f"{column}{table.first_row + i}").value for i in range(15)] == labels
    last = table.first_row + 14
    for key in (c.key for c in table.calculated()):
        assert sheet.range(f"{table.letter(key)}{last}").value == "=" + table.col(key).formula("zh-CN", last), key
    first = L.BLOCKS.first_col - 1
    titles = [r[first + 1] for r in sheet.used_range.value if len(r) > first + 1 and r[first] == "版本"]
    assert titles == labels


def test_build_quote_sheet_refuses_more_lines_than_the_quotation_lists():
    book = _half_filled()
    for n in range(3, L.QUOTATION_LINES + 2):
        _type(book, L.LINES_SHEET, L.LINES, n, {"part": "软件许可", "item": "总账", "qty": 1})
    with pytest.raises(UserError, match=f"lists at most {L.QUOTATION_LINES} lines|lists {L.QUOTATION_LINES} lines"):
        Q.build_quote_sheet(book)


def test_a_line_typed_below_the_table_stops_a_script_and_is_named():
    """A row Excel did not take into the table counts in no figure on the sheet: a script does not price it
    either, it says where it is."""
    book = _half_filled()
    table = book.wb[L.SHEET_LINES.zh].tables[L.LINES.name]
    below = int(table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) + 2
    cell = f"{L.LINES.letter('item')}{below}"
    book.sheets[L.SHEET_LINES.zh].range(cell).value = "总账"
    with pytest.raises(UserError, match=f"{L.SHEET_LINES.zh}!{cell}.*outside the QuoteLines table"):
        Q.build_quote_sheet(book)
