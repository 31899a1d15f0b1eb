"""The review's tables from sheet rows — scores, projects, history — with every unusable value named by sheet!cell.

The rules are the ones the workbook's own formulas apply (xlsales/review/layout.py: each table's "data problems"
column), so `check`, the sheets and the functions agree.
"""

from dataclasses import replace
from typing import Any

import pandas as pd

from xlsales.i18n import Text
from xlsales.layout import Table, split_address
from xlsales.problems import ArgumentError, Problem
from xlsales.review.vocab import HISTORY_COLUMNS, PROJECT_COLUMNS, SCORE_COLUMNS
from xlsales.table import Column, ParsedTable, casefolded, parse_table


def table_block(grid: list[list[Any]], table: Table, last_row: int | None = None) -> list[list[Any]]:
    """A described table's rows from a sheet's rows (from A1), header first, cut to the table's columns (so a block
    beside it with the same headers is not read as the table) and, when known, to its last sheet row."""
    first, width = table.first_col - 1, len(table.columns)
    return [row[first:first + width] for row in grid[table.header_row - 1:last_row]]


def read_cell(raw: Any, column: Column, sheet: str, address: str) -> tuple[Any, list[Problem]]:
    """One cell's value by the parser's rules for `column` (None when blank or unusable), and its problem."""
    row, col = split_address(address)
    parsed = parse_table([[column.key], [raw]], [column], sheet, row - 2, col - 1)
    value = parsed.frame[column.key].iloc[0] if len(parsed.frame) else None
    return (None if value is None or pd.isna(value) else value), parsed.problems


def relocated(problems: list[Problem], where: dict[str, str], message: Text | None = None) -> list[Problem]:
    """Problems of a table built from scattered cells, moved to those cells (`where`: parsed cell -> sheet cell);
    a bad value (not an error value) gets `message` instead of the parser's."""
    out = []
    for p in problems:
        moved = replace(p, cell=where.get(p.cell, p.cell))
        if message is not None and "holds the error" not in p.expected_en:
            moved = replace(moved, expected_zh=message.zh, expected_en=message.en)
        out.append(moved)
    return out


def flag(parsed: ParsedTable, mask: pd.Series, key: str, zh: str, en: str) -> None:
    """An error at `key`'s cell of every row where `mask` holds."""
    frame = parsed.frame
    for i in frame.index[mask.fillna(False).to_numpy(dtype=bool)]:
        parsed.problems.append(Problem(parsed.sheet, parsed.address(key, int(frame.at[i, "row"])), zh, en,
                                       str(frame.at[i, key]), column=key))


def over_capacity(parsed: ParsedTable, maximum: int, key: str, what: Text) -> list[Problem]:
    """One problem at the first row past `maximum` usable rows: the workbook's block shows `maximum` of them."""
    count = len(parsed.frame)
    if count <= maximum:
        return []
    row = int(parsed.frame["row"].iloc[maximum])
    return [Problem(parsed.sheet, parsed.address(key, row),
                    f"最多 {maximum} {what.zh},现有 {count}:超出的不在汇总中",
                    f"at most {maximum} {what.en}; there are {count}, and the summary leaves out the rest", str(count),
                    column=key)]


def within(count: int, limit: int, what: Text, unit: Text = Text("个单元格", "cells")) -> None:
    """A function's argument larger than it takes: say so at once, before any work."""
    if count > limit:
        raise ArgumentError(f"「{what.zh}」最多 {limit:,} {unit.zh},收到 {count:,}:请只选所需的区域",
                            f"'{what.en}' takes at most {limit:,} {unit.en}, got {count:,}: select only the range needed")


def parse_scores(rows: list[list[Any]], sheet: str, first_row: int = 0, needed: set[str] | None = None) -> ParsedTable:
    """One row per listener's score of a rep (the seed's 人员 | 73要素 | 逻辑与思路 | 形态与展示 table); each part
    within its maximum (60, 20, 20)."""
    return parse_table(rows, SCORE_COLUMNS, sheet, first_row, needed=needed)


def parse_projects(rows: list[list[Any]], sheet: str, first_row: int = 0, first_col: int = 0) -> ParsedTable:
    """The session's projects (header first): each rep presents one project, so a rep an earlier row has (compared
    as MATCH compares, case-insensitively) is a problem. The frame keeps each rep's first row: the reps listed."""
    parsed = parse_table(rows, PROJECT_COLUMNS, sheet, first_row, first_col)
    frame = parsed.frame
    dupes = frame["rep"].notna() & casefolded(frame["rep"]).duplicated(keep="first")
    flag(parsed, dupes, "rep", "每位汇报人只讲一个项目,汇报人不能重复",
         "each rep presents one project; a rep cannot appear twice")
    parsed.frame = frame[frame["rep"].notna() & ~dupes].reset_index(drop=True)
    return parsed


def parse_history(rows: list[list[Any]], sheet: str, first_row: int = 0, first_col: int = 0,
                  needed: set[str] | None = None) -> ParsedTable:
    """Earlier sessions' closing records (header first). A rep recorded twice for one day is a problem on each of
    those rows (the summary's progress would merge them)."""
    parsed = parse_table(rows, HISTORY_COLUMNS, sheet, first_row, first_col, needed)
    frame = parsed.frame
    if {"date", "rep"} <= set(frame.columns):
        known = frame["date"].notna() & frame["rep"].notna()
        key = pd.DataFrame({"date": frame["date"], "rep": casefolded(frame["rep"])})
        twice = known & key.duplicated(keep=False)  # a known row can only repeat another known row
        flag(parsed, twice, "rep", "同一汇报人在同一天有两行记录", "this rep has two rows for the same date")
        parsed.frame = frame[known].reset_index(drop=True)
    return parsed
