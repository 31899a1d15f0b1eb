"""Revisions: the summary row each revision adds, its lines kept in a block of their own, price moves between them.

A block on the revisions sheet is a title row (版本 | R2 | date | 合计 | total), a header row,
then the revision's lines with the previous revision's amount and the move (新增 / 删除 /
变动 / 不变); lines the previous revision had and this one dropped are listed after, marked 删除.
"""

import datetime as dt
from typing import Any

import pandas as pd

from xlsales.i18n import Lang, Text
from xlsales.quote.pricing import QuoteSummary
from xlsales.quote.vocab import LINE_COLUMNS, PART, YES_NO, YES, NO
from xlsales.table import Column, is_blank, parse_table

REVISION_MARK = Text("版本", "Revision")
TOTAL = Text("合计", "Total")
ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"
MOVES = {ADDED: Text("新增", "added"), REMOVED: Text("删除", "removed"), CHANGED: Text("变动", "changed"),
         SAME: Text("不变", "same")}
BLOCK_FIGURES = [Column("value", Text("价值", "Value"), "number"), Column("amount", Text("金额", "Amount"), "number"),
                 Column("previous", Text("上版金额", "Previous amount"), "number"),
                 Column("move", Text("变动", "Move"))]
BLOCK_COLUMNS = LINE_COLUMNS + BLOCK_FIGURES
KEY = ["part", "item", "edition"]


def revision_row(label: str, date: dt.date, summary: QuoteSummary, budget: float | None,
                 note: str = "") -> list[Any]:
    """A row of the revisions table (REVISION_COLUMNS order) for a quote priced by the core."""
    return [label, date, summary.license, summary.training, summary.service, summary.total, summary.floor, budget,
            note or None]


def line_moves(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Amounts per part/item/edition in two revisions: before, after (NaN where absent), change and move."""
    sides = [frame.assign(edition=frame["edition"].fillna("")).groupby(KEY, sort=False)["amount"].sum().rename(name)
             for frame, name in ((before, "before"), (after, "after"))]
    merged = pd.concat(sides, axis=1).reset_index()
    merged["change"] = merged["after"].fillna(0) - merged["before"].fillna(0)
    merged["move"] = SAME
    merged.loc[merged["change"].abs() >= 0.005, "move"] = CHANGED
    merged.loc[merged["before"].isna(), "move"] = ADDED
    merged.loc[merged["after"].isna(), "move"] = REMOVED
    return merged


def block_rows(label: str, date: dt.date, priced: pd.DataFrame, previous: pd.DataFrame | None,
               lang: Lang) -> list[list[Any]]:
    """The revision's block: title, header, its lines with the previous amount and move, then removed lines."""
    title = [REVISION_MARK(lang), label, date, TOTAL(lang), round(float(priced["amount"].sum()), 2)]
    header = [c.label(lang) for c in BLOCK_COLUMNS]
    lines = priced.assign(edition=priced["edition"].fillna(""))
    moves = line_moves(previous if previous is not None else lines.iloc[0:0], lines).set_index(KEY)
    yes_no = {True: YES_NO[YES](lang), False: YES_NO[NO](lang)}
    body = []
    for line in lines.itertuples():
        move = moves.loc[(line.part, line.item, line.edition)]
        body.append([PART[line.part](lang), line.item, line.edition or None, _cell(line.qty),
                     _cell(line.discount), _cell(line.rate), yes_no[bool(line.waived)], yes_no[bool(line.keep)],
                     float(line.value), float(line.amount), _cell(move["before"]), MOVES[move["move"]](lang)])
    for key, move in moves[moves["move"] == REMOVED].iterrows():
        part, item, edition = key
        gone = [PART[part](lang), item, edition or None] + [None] * 7  # inputs, value and amount: not quoted now
        body.append(gone + [_cell(move["before"]), MOVES[REMOVED](lang)])
    return [title, header] + body


def _cell(value: Any) -> Any:
    """A frame value as a plain cell value: missing -> None, numpy numbers -> float."""
    if value is None or pd.isna(value):
        return None
    return float(value) if isinstance(value, (int, float)) else value


def split_blocks(rows: list[list[Any]]) -> list[tuple[str, int, list[list[Any]]]]:
    """The blocks area's rows (from its first column) as (revision label, 0-based first row, the block's rows)."""
    marks = {REVISION_MARK.zh, REVISION_MARK.en}
    blocks: list[tuple[str, int, list[list[Any]]]] = []
    for i, row in enumerate(rows):
        if row and row[0] in marks and len(row) > 1 and not is_blank(row[1]):
            blocks.append((str(row[1]).strip(), i, [row]))
        elif blocks and any(not is_blank(v) for v in row):
            blocks[-1][2].append(row)
    return blocks


def block_lines(block: list[list[Any]], sheet: str, first_row: int, first_col: int) -> pd.DataFrame:
    """The lines a stored block holds (part key, item, edition, amount); removed-line rows left out."""
    parsed = parse_table(block[1:], BLOCK_COLUMNS, sheet, first_row + 1, first_col)
    frame = parsed.frame
    frame = frame[frame["amount"].notna() & frame["part"].notna()]
    return pd.DataFrame({"part": frame["part"].astype(object), "item": frame["item"],
                         "edition": frame["edition"].fillna(""), "amount": frame["amount"]}).reset_index(drop=True)
