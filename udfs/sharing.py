"""Roll up reps' funnel workbooks inside Excel with xlwings Lite.

Import the reps' files into Lite (xlwings Lite menu > Files > Import/Export: they land in
/data), open the team's funnel workbook and run `rollup_imported_files`: their deals replace
this workbook's deals, and the sources, conflicts, problems and by-rep sheets are (re)written.
The team keeps this workbook's own stages and as-of date. Adapter only: the files are read
here, everything else is xlsales.sharing (the same code the `xlsales rollup` command runs).
"""

import datetime as dt
import os
from typing import Any

import xlwings as xw
from xlwings import script

from udfs._book import clear_from, find_sheet, resize_table, sheet_lang, sheet_or_new, used_rows, write_block
from xlsales.funnel import layout as FL
from xlsales.funnel.inputs import parse_stages
from xlsales.i18n import Text
from xlsales.problems import InputError, UserError
from xlsales.sharing import layout as S
from xlsales.sharing import sheets
from xlsales.sharing.reading import file_time, read_source
from xlsales.sharing.rollup import RollUp, combine, stage_list
from xlsales.sharing.safety import typed_as_text
from xlsales.table import to_date

IMPORT_FOLDER = "/data"  # where xlwings Lite puts imported files
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


@script
def rollup_imported_files(book: xw.Book) -> None:
    """Combine the workbooks imported into Lite into this one; a deal ID with two different versions is left out."""
    roll_up_into(book, IMPORT_FOLDER, newest_wins=False)


@script
def rollup_imported_files_newest_wins(book: xw.Book) -> None:
    """The same, but a conflicting deal keeps the newer file's version (still listed on the conflicts sheet)."""
    roll_up_into(book, IMPORT_FOLDER, newest_wins=True)


def imported_files(folder: str) -> list[tuple[str, bytes, dt.datetime]]:
    """(name relative to the folder, bytes, modified) of every workbook under `folder`, by name."""
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.lower().endswith(EXCEL_SUFFIXES) and not name.startswith("~$"):  # ~$: Excel's lock files
                path = os.path.join(root, name)
                with open(path, "rb") as handle:
                    found.append((os.path.relpath(path, folder), handle.read(), file_time(os.stat(path).st_mtime)))
    return sorted(found, key=lambda f: f[0])


def roll_up_into(book: Any, folder: str, newest_wins: bool) -> RollUp:
    stage_sheet = find_sheet(book, FL.SHEET_STAGES)
    stages = parse_stages(used_rows(stage_sheet), stage_sheet.name)
    if stages.problems:
        raise InputError(stages.problems)
    deal_sheet = find_sheet(book, FL.SHEET_DEALS)
    lang = sheet_lang(deal_sheet.name, FL.SHEET_DEALS)
    as_of = to_date(find_sheet(book, FL.SHEET_SETTINGS).range(FL.SETTINGS.address("as_of")).value)
    books = [read_source(name, data, modified) for name, data, modified in imported_files(folder)]
    rollup = combine(books, lang, as_of.date() if as_of is not None else dt.date.today(), newest_wins,
                     stage_list(stages.frame))
    _sheet(book, deal_sheet, S.SHEET_SOURCES, S.SOURCE_COLUMNS, sheets.source_rows(rollup), rollup)
    if not rollup.usable:
        raise UserError(f"{Text('没有可用的文件,商机未改动', 'nothing usable: deals left as they were').both()} "
                         f"({folder}: {len(books)})")
    _deals(book, deal_sheet, rollup)
    _sheet(book, deal_sheet, S.SHEET_BY_REP, S.BY_REP_COLUMNS, sheets.by_rep_rows(rollup), rollup)
    _sheet(book, deal_sheet, S.SHEET_CONFLICTS, S.CONFLICT_COLUMNS, sheets.conflict_rows(rollup), rollup)
    _sheet(book, deal_sheet, S.SHEET_PROBLEMS, S.PROBLEM_COLUMNS, sheets.problem_rows(rollup), rollup)
    if rollup.weekly.tracking is not None:
        _sheet(book, deal_sheet, S.SHEET_PACE, S.PACE_COLUMNS, sheets.pace_rows(rollup), rollup)
    return rollup


def _deals(book: Any, deal_sheet: Any, rollup: RollUp) -> None:
    """The team's deals into the Deals table, each row with the table's calculated-column formulas."""
    first = FL.DEALS.first_row
    rows = [[typed_as_text(v) for v in row] + [f"={column.formula(rollup.lang, r)}" for column in FL.CALCULATED]
            for r, row in enumerate(sheets.deal_rows(rollup), start=first)]
    top_left = f"{FL.DEALS.letter('id')}{FL.DEALS.first_row}"
    clear_from(deal_sheet, top_left)
    write_block(deal_sheet, top_left, rows)
    resize_table(deal_sheet, FL.DEALS.name,
                 f"{FL.DEALS.at}:{FL.DEALS.last_letter()}{FL.DEALS.header_row + max(len(rows), 1)}")


def _sheet(book: Any, beside: Any, name: Text, columns: list[Text], rows: list[list[Any]], rollup: RollUp) -> None:
    sheet = sheet_or_new(book, name, beside)
    clear_from(sheet, "A1")
    write_block(sheet, "A1", [sheets.header(columns, rollup)] + [[typed_as_text(v) for v in row] for row in rows])
