"""The review's tables from sheet rows — scores, projects, history — with every unusable value named by sheet!cell."""

from typing import Any

from xlsales.problems import Problem
from xlsales.review.vocab import HISTORY_COLUMNS, PART, PART_MAX, PROJECT_COLUMNS, SCORE_COLUMNS
from xlsales.table import ParsedTable, parse_table


def parse_scores(rows: list[list[Any]], sheet: str, first_row: int = 0) -> ParsedTable:
    """One row per listener's score of a rep (the seed's 人员 | 73要素 | 逻辑与思路 | 形态与展示 table);
    each part must lie within its maximum (60, 20, 20)."""
    parsed = parse_table(rows, SCORE_COLUMNS, sheet, first_row)
    frame = parsed.frame
    for part, maximum in PART_MAX.items():
        over = frame[part] > maximum
        for i in frame.index[over]:
            parsed.problems.append(Problem(sheet, parsed.address(part, int(frame.at[i, "row"])),
                                           f"「{PART[part].zh}」应为 0–{maximum:g} 分",
                                           f"'{PART[part].en}' must be from 0 to {maximum:g}", f"{frame.at[i, part]:g}"))
        frame.loc[over, part] = float("nan")
    return parsed


def parse_projects(rows: list[list[Any]], sheet: str, first_row: int = 0) -> ParsedTable:
    """The session's projects (header first): each rep presents one project, so a rep appears once."""
    parsed = parse_table(rows, PROJECT_COLUMNS, sheet, first_row)
    frame = parsed.frame
    dupes = frame["rep"].notna() & frame["rep"].duplicated(keep="first")
    for i in frame.index[dupes]:
        parsed.problems.append(Problem(sheet, parsed.address("rep", int(frame.at[i, "row"])),
                                       "每位汇报人只讲一个项目,汇报人不能重复",
                                       "each rep presents one project; a rep cannot appear twice", str(frame.at[i, "rep"])))
    parsed.frame = frame[frame["rep"].notna() & ~dupes].reset_index(drop=True)
    return parsed


def parse_history(rows: list[list[Any]], sheet: str) -> ParsedTable:
    """Earlier sessions' closing records (header in row 1)."""
    parsed = parse_table(rows, HISTORY_COLUMNS, sheet)
    parsed.frame = parsed.frame[parsed.frame["date"].notna() & parsed.frame["rep"].notna()].reset_index(drop=True)
    return parsed
