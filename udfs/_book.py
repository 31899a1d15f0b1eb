"""The few workbook operations scripts need, on the xlwings Book API shared by Lite and desktop.

Scripts find sheets by their name in either language, read a sheet's used block as rows and
write blocks of values. Only `book.sheets`, `sheet.name`, `sheet.used_range`,
`sheet.range(address)`, `.value`, `.clear_contents()`, `sheet.tables[name].resize()`
and `book.sheets.add` are used, so a small fake Book in the tests stands in for Excel.
"""

from typing import Any

from xlsales.i18n import Lang, Text
from xlsales.problems import UserError, column_number


def find_sheet(book: Any, name: Text) -> Any:
    wanted = {name.zh, name.en}
    for sheet in book.sheets:
        if sheet.name in wanted:
            return sheet
    raise UserError(f"找不到工作表「{name.zh}」 / sheet '{name.en}' not found")


def sheet_lang(sheet_name: str, name: Text) -> Lang:
    """The workbook's language, from which of its two names a sheet carries."""
    return "zh-CN" if sheet_name == name.zh else "en"


def sheet_or_new(book: Any, name: Text, lang_of: Any) -> Any:
    """The sheet in either language, or a new one named in the language of `lang_of` (a sheet)."""
    try:
        return find_sheet(book, name)
    except UserError:
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in lang_of.name)
        return book.sheets.add(name.zh if chinese else name.en, after=book.sheets[len(book.sheets) - 1])


def used_rows(sheet: Any) -> list[list[Any]]:
    """The sheet's used block from A1 as rows (ragged edges padded with None)."""
    value = sheet.used_range.value
    address = sheet.used_range.address.replace("$", "")
    start = address.split(":")[0]
    if value is None:
        return []
    grid = [list(r) for r in value] if isinstance(value, list) and value and isinstance(value[0], list) else (
        [list(value)] if isinstance(value, list) else [[value]])
    col0 = _column_number(start) - 1
    row0 = _row_number(start) - 1
    width = col0 + max(len(r) for r in grid)
    return [[None] * width for _ in range(row0)] + [[None] * col0 + r + [None] * (width - col0 - len(r)) for r in grid]


def write_block(sheet: Any, top_left: str, block: list[list[Any]]) -> None:
    if block:
        sheet.range(top_left).value = block


def clear_from(sheet: Any, top_left: str) -> None:
    """Clear values from `top_left` down and right to the end of the used range (nothing when the used
    range ends above or left of it: Excel would read "J1:G6" as G1:J6 and clear the wrong cells)."""
    last = sheet.used_range.address.replace("$", "").split(":")[-1]
    if _column_number(last) < _column_number(top_left) or _row_number(last) < _row_number(top_left):
        return
    sheet.range(f"{top_left}:{last}").clear_contents()


def resize_table(sheet: Any, name: str, address: str) -> None:
    """Make the Excel table `name` on `sheet` cover `address` (its header row included)."""
    sheet.tables[name].resize(sheet.range(address))


def _row_number(address: str) -> int:
    return int("".join(ch for ch in address if ch.isdigit()))


def _column_number(address: str) -> int:
    return column_number("".join(ch for ch in address if ch.isalpha()))
