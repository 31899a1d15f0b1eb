"""Project review (项目过堂) functions for reps' and managers' own cells, and the review workbook's scripts.

Ratings are 清楚/模糊/不知道 (or C/F/W, either language); score tables are the seed's layout, header first:
汇报人 | 听众 | 73要素 | 逻辑与思路 | 形态与展示 (听众 optional), headers in Chinese or English. Each function
takes at most a documented size (xlsales.review.vocab: a whole session grid of ratings, 10,000 score rows,
50,000 history rows) and says so at once past it.
"""

import datetime as dt
from typing import Any

import pandas as pd
import xlwings as xw
from xlwings import func, script

from udfs._book import clear_from, find_sheet, resize_table, sheet_lang, used_rows, write_block
from udfs._excel import flat, friendly_errors, number, rows, text
from xlsales.i18n import Lang, Text
from xlsales.layout import Table
from xlsales.problems import ArgumentError, InputError, Problem, UserError
from xlsales.review import history, scoring
from xlsales.review import layout as L
from xlsales.review.catalogue import parse_catalogue
from xlsales.review.inputs import over_capacity, parse_history, parse_projects, parse_scores, table_block, within
from xlsales.review.session import Session, block_ratings, check_names, grid_rows, parse_session
from xlsales.review.vocab import (ACTION, HISTORY_COLUMNS, MAX_ELEMENTS, MAX_HISTORY_ROWS, MAX_PART_VALUES,
                                  MAX_RATING_CELLS, MAX_SCORE_ROWS, PART)
from xlsales.sharing.safety import typed_as_text

RATINGS_RANGE = "评分区域 ratings"  # functions name cells relative to the range they were given
SCORES_TABLE = "评分表 scores"
HISTORY_RANGE = "历史 history"
RATINGS = Text("评分区域", "ratings")
GROUPS = Text("分组", "groups")
ROWS = Text("行", "rows (below the header)")
RANKING_NEEDS = {"rep", "element", "logic", "presentation"}
PROGRESS_NEEDS = {"date", "rep", "total", "rank"}


def _size(value: Any) -> tuple[int, int]:
    """(rows, columns) of a range as xlwings hands it over, without touching its cells."""
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return len(value), max(len(value[0]), 1)
        return len(value), 1
    return 1, 1


def _cells(value: Any) -> int:
    height, width = _size(value)
    return height * width


def _ratings(value: Any, groups: Any = None, missing_ok: Any = False) -> pd.DataFrame:
    within(_cells(value), MAX_RATING_CELLS, RATINGS)
    if groups is not None:
        within(_cells(groups), MAX_RATING_CELLS, GROUPS)
    block = rows(value)
    group_cells = [row[0] if row else None for row in rows(groups)] if groups is not None else None
    if group_cells is not None and len(group_cells) == 1 and len(block) > 1:  # a row of groups: one per rating row
        group_cells = rows(groups)[0]
    ratings, problems = block_ratings(block, group_cells, RATINGS_RANGE)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    if problems and not _flag(missing_ok):
        raise InputError(problems)  # a blank rating: say so unless the caller accepts rescaling
    if ratings["points"].notna().sum() == 0:
        raise ArgumentError("没有任何评分", "no ratings given")
    return ratings


def _flag(value: Any) -> bool:
    return bool(value) and text(value).lower() not in ("false", "0", "否", "no")


def _scores(value: Any) -> pd.DataFrame:
    within(_size(value)[0] - 1, MAX_SCORE_ROWS, Text("评分表", "scores"), ROWS)
    parsed = parse_scores(rows(value), SCORES_TABLE, needed=RANKING_NEEDS)
    if parsed.problems:
        raise InputError(parsed.problems)
    return parsed.frame


@func
@friendly_errors
def review_element_score(ratings: Any, missing_ok: Any = False) -> float:
    """Element score out of 60, averaged over listeners: one column per listener, one row per checkpoint.

    =REVIEW_ELEMENT_SCORE(D13:I85). A blank among a listener's ratings is refused unless missing_ok is
    TRUE; then that listener's score is scaled over the checkpoints they rated. At most a whole session
    grid (18,000 cells).
    """
    scores = scoring.element_scores(_ratings(ratings, missing_ok=missing_ok))
    return float(scores["element"].mean())


def _values(value: Any, part: str) -> list[float]:
    """A score part as Excel passes it: one number, or a range of listeners' numbers (blanks skipped)."""
    within(_cells(value), MAX_PART_VALUES, PART[part])
    return [number(v, PART[part].zh, PART[part].en) for v in flat(value)]


@func
@friendly_errors
def review_total(element: Any, logic: Any, presentation: Any) -> float:
    """73要素 (≤60) + 逻辑与思路 (≤20) + 形态与展示 (≤20), each a number or listeners' range. =REVIEW_TOTAL(30,10,15) → 55"""
    return scoring.total_score({"element": _values(element, "element"), "logic": _values(logic, "logic"),
                                "presentation": _values(presentation, "presentation")})


RANKING_HEADERS = ["汇报人 Rep", "听众数 Listeners", "73要素 Elements", "逻辑与思路 Logic", "形态与展示 Presentation",
                   "总分 Total", "听众分差 Spread", "名次 Rank", "第一名 First"]


@func
@friendly_errors
def review_ranking(scores: Any) -> list[list[Any]]:
    """Spills per rep: listeners, average of each part, total, spread between listeners, rank, first place."""
    table = scoring.ranking(_scores(scores))
    body = [[r.rep, r.listeners, _blank(r.element), _blank(r.logic), _blank(r.presentation), _blank(r.total),
             _blank(r.spread), "" if pd.isna(r.rank) else int(r.rank), bool(r.first)] for r in table.itertuples()]
    return [RANKING_HEADERS] + body


@func
@friendly_errors
def review_rank(scores: Any, rep: Any) -> Any:
    """A rep's place in the session (1 = highest total; equal totals share a place). =REVIEW_RANK(A1:E4, "小张") → 1"""
    table = scoring.ranking(_scores(scores)).set_index("rep")
    wanted = text(rep)
    if wanted not in table.index:
        raise UserError(f"评分表中没有汇报人「{wanted}」 / no rep '{wanted}' in the scores")
    place = table.at[wanted, "rank"]
    if pd.isna(place):
        raise UserError(f"「{wanted}」缺少某项得分,无法排名 / {wanted} lacks a score part, so has no rank")
    return int(place)


@func
@friendly_errors
def review_weakest(groups: Any, ratings: Any, count: Any = 3, missing_ok: Any = False) -> list[list[Any]]:
    """Spills a project's least clear groups (clarity 0–1, lowest first). =REVIEW_WEAKEST(B13:B85, D13:I85, 3)"""
    n = int(number(count, "数量", "count", default=3))
    if n < 1:
        raise ArgumentError("「数量」至少为 1", "'count' must be at least 1")
    weak = scoring.weakest_groups(_ratings(ratings, groups, missing_ok), n)
    return [["分组 Group", "清楚度 Clarity"]] + [[r.group, float(r.clarity)] for r in weak.itertuples()]


@func
@friendly_errors
def review_progress(history_range: Any, rep: Any) -> list[list[Any]]:
    """Spills a rep's total per session with the change since the previous one.
    =REVIEW_PROGRESS(ReviewHistory[#All], "小王")"""
    within(_size(history_range)[0] - 1, MAX_HISTORY_ROWS, Text("历史", "history"), ROWS)
    parsed = parse_history(rows(history_range), HISTORY_RANGE, needed=PROGRESS_NEEDS)
    if parsed.problems:
        raise InputError(parsed.problems)
    wanted = text(rep)
    table = history.progress(parsed.frame, wanted)
    if table.empty:
        raise UserError(f"历史中没有「{wanted}」 / no sessions for '{wanted}' in the history")
    return [["会议日期 Date", "总分 Total", "变化 Change", "名次 Rank"]] + [
        [r.date.date(), _blank(r.total), _blank(r.change), "" if pd.isna(r.rank) else int(r.rank)]
        for r in table.itertuples()]


def _blank(value: Any) -> Any:
    return "" if value is None or pd.isna(value) else float(value)


# ------------------------------------------------------------------------------------------------
# scripts


def _projects(book: xw.Book) -> tuple[Any, pd.DataFrame]:
    sheet = find_sheet(book, L.SHEET_PROJECTS)
    parsed = parse_projects(table_block(used_rows(sheet), L.PROJECTS), sheet.name, L.PROJECTS.header_row - 1,
                            L.PROJECTS.first_col - 1)
    if parsed.problems:
        raise InputError(parsed.problems)
    return sheet, parsed.frame


def _history(book: xw.Book) -> pd.DataFrame:
    sheet = find_sheet(book, L.SHEET_HISTORY)
    parsed = parse_history(table_block(used_rows(sheet), L.HISTORY), sheet.name, L.HISTORY.header_row - 1,
                           L.HISTORY.first_col - 1)
    if parsed.problems:
        raise InputError(parsed.problems)
    return parsed.frame


def _session(book: xw.Book, listed: list[str] | None = None) -> tuple[Any, Session]:
    sheet = find_sheet(book, L.SHEET_SESSION)
    return sheet, parse_session(used_rows(sheet), sheet.name, listed)


@script
def open_review_session(book: xw.Book) -> None:
    """Lay out a new scoring grid: one column per rep (from the projects table) and listener, one row per
    checkpoint of the catalogue. Refuses while the grid holds a session not yet closed, and beyond the grid's
    capacity."""
    session_sheet, current = _session(book)
    lang = sheet_lang(session_sheet.name, L.SHEET_SESSION)
    if current.has_scores and current.status != L.CLOSED:
        raise UserError("评分表里的会议还没有结束:请先运行 close_review_session,或清空评分 / "
                        "the grid holds a session not yet closed: run close_review_session first, or clear its scores")
    projects_sheet, projects = _projects(book)
    reps = list(projects["rep"])
    first_rep = f"{projects_sheet.name}!{L.PROJECTS.letter('rep')}{L.PROJECTS.first_row}"
    problems = check_names(reps, current.listeners, first_rep,
                           f"{session_sheet.name}!{L.SESSION.address('listeners')}")
    catalogue_sheet = find_sheet(book, L.SHEET_CATALOGUE)
    catalogue = parse_catalogue(table_block(used_rows(catalogue_sheet), L.CATALOGUE), catalogue_sheet.name,
                                L.CATALOGUE.header_row - 1, L.CATALOGUE.first_col - 1)
    problems += [p for p in catalogue.problems if p.severity == "error"]
    problems += over_capacity(catalogue, MAX_ELEMENTS, "no", Text("个要素", "checkpoints"))
    if problems:
        raise InputError(problems)
    checkpoints = [[_cell(r.no), r.group, r.question] for r in catalogue.frame.itertuples()]
    top_left = f"A{L.GRID.top_row}"
    clear_from(session_sheet, top_left)
    write_block(session_sheet, top_left, _rectangle(grid_rows(reps, current.listeners, checkpoints, lang,
                                                              typed_as_text)))
    date_cell = L.SESSION.address("date")
    if current.date is None or current.date in set(_history(book)["date"]):
        # a closed session's date would make closing this one overwrite its history: start from today
        session_sheet.range(date_cell).value = dt.date.today()
    session_sheet.range(L.SESSION.address("status")).value = L.SESSION_STATUS[L.OPEN](lang)
    _clear_results(book)


def _clear_results(book: xw.Book) -> None:
    """A new session starts without the last one's closing result and next actions (their headers stay)."""
    summary = find_sheet(book, L.SHEET_SUMMARY)
    write_block(summary, f"A{L.RESULT_TITLE_ROW}", [[None]])
    clear_from(summary, L.RESULT.cell("rank", 1))
    clear_from(find_sheet(book, L.SHEET_PROJECTS), L.NEXT_ACTIONS.cell("rep", 1))


@script
def close_review_session(book: xw.Book) -> None:
    """Rank the session, write the closing result and notes, each project's next actions, and record the
    session in the history (closing the same date again replaces that date's rows)."""
    _, projects = _projects(book)
    session_sheet, session = _session(book, list(projects["rep"]))
    lang = sheet_lang(session_sheet.name, L.SHEET_SESSION)
    errors = [p for p in session.problems if p.severity == "error"]
    date_cell = L.SESSION.address("date")
    if session.date is None and all(p.cell != date_cell for p in errors):
        errors.append(Problem(session_sheet.name, date_cell, "请填写会议日期", "the session date is missing"))
    if errors or session.date is None:
        raise InputError(errors)
    scores = scoring.listener_scores(session.ratings, session.panel)
    ranking = scoring.ranking(scores, list(projects["rep"]))
    if ranking["total"].isna().all():
        raise UserError("还没有任何汇报人得到完整评分 / no rep has complete scores yet")
    past = _history(book)
    weakest = scoring.weakest_groups(session.ratings)
    notes = [p for p in session.problems if p.severity == "warning"] + [
        Problem(session_sheet.name, "", f"「{r.rep}」缺少评分,未排名", f"{r.rep} lacks scores and is not ranked",
                severity="warning") for r in ranking[ranking["total"].isna()].itertuples()]
    _write_result(book, lang, session.date, ranking, projects, weakest, notes)
    _write_next_actions(book, lang, scoring.next_actions(session.ratings))
    record = history.session_record(session.date.date(), ranking, projects, weakest, lang)
    _write_table(find_sheet(book, L.SHEET_HISTORY), L.HISTORY, lang, _history_rows(history.merge(past, record)))
    session_sheet.range(L.SESSION.address("status")).value = L.SESSION_STATUS[L.CLOSED](lang)


def _write_result(book: xw.Book, lang: Lang, date: pd.Timestamp, ranking: pd.DataFrame, projects: pd.DataFrame,
                  weakest: pd.DataFrame, notes: list[Problem]) -> None:
    sheet = find_sheet(book, L.SHEET_SUMMARY)
    separator = "、" if lang == "zh-CN" else ", "
    weak = weakest.groupby("rep", sort=False)["group"].agg(separator.join)
    project = projects.set_index("rep")["project"]
    ordered = ranking.sort_values("rank", kind="stable", na_position="last")
    body = [[_cell(r.rank), r.rep, _cell(project.get(r.rep)), _cell(r.element), _cell(r.logic),
             _cell(r.presentation), _cell(r.total), _cell(r.listeners), _cell(r.spread),
             L.FIRST_PLACE(lang) if r.first else None, weak.get(r.rep)] for r in ordered.itertuples()]
    title = Text(f"会议结果 {date.date().isoformat()}", f"Session result {date.date().isoformat()}")(lang)
    block = [[title], [c.label(lang) for c in L.RESULT.columns]] + body + [[], [L.NOTES_HEADER(lang)]]
    block += [[p.message()] for p in notes] or [[Text("无", "None")(lang)]]
    top_left = f"A{L.RESULT_TITLE_ROW}"
    clear_from(sheet, top_left)
    write_block(sheet, top_left, _rectangle([[typed_as_text(v) for v in row] for row in block]))


def _write_next_actions(book: xw.Book, lang: Lang, actions: pd.DataFrame) -> None:
    sheet = find_sheet(book, L.SHEET_PROJECTS)
    block = L.NEXT_ACTIONS
    body = [[c.label(lang) for c in block.columns]] + [
        [r.rep, ACTION[r.kind](lang), r.group(lang), round(float(r.clarity), 2), r.action(lang)]
        for r in actions.itertuples()]
    clear_from(sheet, block.at)
    write_block(sheet, block.at, [[typed_as_text(v) for v in row] for row in body])


def _write_table(sheet: Any, table: Table, lang: Lang, values: list[list[Any]]) -> None:
    """Replace a described table's body with `values` (its input columns, in order), each row with the table's
    calculated-column formulas, and fit the table to them."""
    body = []
    for r, inputs in enumerate(values, start=table.first_row):
        given = iter(inputs)
        body.append(["=" + c.formula(lang, r) if c.formula is not None else typed_as_text(next(given))
                     for c in table.columns])
    top_left = f"{table.letter(table.columns[0].key)}{table.first_row}"
    clear_from(sheet, top_left)
    write_block(sheet, top_left, body)
    resize_table(sheet, table.name, f"{table.at}:{table.last_letter()}{table.header_row + max(len(body), 1)}")


def _history_rows(frame: pd.DataFrame) -> list[list[Any]]:
    return [[_cell(v) for v in record] for record in frame[[c.key for c in HISTORY_COLUMNS]].itertuples(index=False)]


def _cell(value: Any) -> Any:
    """A value as Excel takes it: dates as dates, whole numbers as int, missing as blank, and floats
    without binary noise (30.000000000000004 is 30)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, pd.Timestamp):  # numpy scalars from the frames
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float):
        value = round(value, 9)
        return int(value) if value.is_integer() else value
    return value


def _rectangle(block: list[list[Any]]) -> list[list[Any]]:
    width = max(len(r) for r in block)
    return [r + [None] * (width - len(r)) for r in block]
