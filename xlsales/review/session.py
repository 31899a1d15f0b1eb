"""A review session sheet: one column per (rep, listener), one row per checkpoint (layout.GRID).

Reading it gives the ratings as a long table (one row per rep, listener and checkpoint) and the listeners' logic
and presentation scores; every unusable cell is an error naming sheet!cell. The rules are the grid's own "data
problems" row (layout._column_problems): a column that has something but lacks its rep or listener, repeats an
earlier column's pair or names a rep the projects table does not list is one error; otherwise each score that
is not a number 0–20 and each typed cell that is not a rating of a checkpoint row is one. A column with an error
counts nowhere — in no Python figure and no summary formula — until it is fixed. Cells typed beyond the grid's
capacity are errors too (no formula reads them).

Missing ratings are never zero: a blank checkpoint in a column that has other ratings is left out of that
listener's element score, which is scaled over the checkpoints they did rate, and each blank is reported as a
warning by cell. A column with no ratings at all means the listener did not score that rep; they are left out
of the rep's averages, with a warning.
"""

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xlsales.i18n import Lang, Text
from xlsales.layout import split_address
from xlsales.problems import Problem, UserError, cell_address, column_letter
from xlsales.review import layout as L
from xlsales.review.inputs import read_cell, relocated
from xlsales.review.vocab import GRID_NO, POINTS, RATING_COLUMN, RATING_HELP, SCORE_PARTS, SESSION_DATE
from xlsales.table import is_blank, normalise, parse_table

NAME_SEPARATORS = re.compile(r"[、,，;；\n]+")
RATINGS_COLUMNS = ["rep", "listener", "no", "group", "question", "letter", "points", "cell"]
PANEL_COLUMNS = ["rep", "listener", "col", "logic", "presentation"]
G = L.GRID


@dataclass
class Session:
    sheet: str
    date: pd.Timestamp | None
    status: str | None  # layout.OPEN / layout.CLOSED, None when blank
    listeners: list[str]
    checkpoints: pd.DataFrame  # no, group, question, row — the session's own copy of the catalogue
    ratings: pd.DataFrame  # RATINGS_COLUMNS of the columns that count; points NaN where not rated
    panel: pd.DataFrame  # PANEL_COLUMNS: one row per column that counts, logic/presentation NaN if blank
    problems: list[Problem] = field(default_factory=list)
    has_scores: bool = False  # anything typed as a score or rating, in any column


def split_names(value: Any) -> list[str]:
    """Names typed in one cell, separated by 、 , ， ; ； or line breaks."""
    if is_blank(value):
        return []
    return [name.strip() for name in NAME_SEPARATORS.split(str(value)) if name.strip()]


def _empty(values: np.ndarray) -> np.ndarray:
    """Blank as a spreadsheet means it (the parser's rule): no value, or an empty string."""
    return np.asarray(pd.isna(values) | (values == ""), dtype=bool)


def _matrix(rows: list[list[Any]], first_row: int, last_row: int, first_col: int, last_col: int) -> np.ndarray:
    """Cells rows first_row..last_row × columns first_col..last_col (1-based, inclusive) as an object array."""
    out = np.full((max(last_row - first_row + 1, 0), max(last_col - first_col + 1, 0)), None, dtype=object)
    for i, row in enumerate(rows[first_row - 1:last_row]):
        part = row[first_col - 1:last_col]
        out[i, :len(part)] = part
    return out


def _name(value: Any) -> str | None:
    """A name as the parser keeps text: exactly as typed; a whole number as its digits."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _at(rows: list[list[Any]], address: str) -> Any:
    row, col = split_address(address)
    line = rows[row - 1] if len(rows) >= row else []
    return line[col - 1] if col - 1 < len(line) else None


def parse_session(rows: list[list[Any]], sheet: str, listed: list[str] | None = None) -> Session:
    """The session sheet's values from A1 (as `used_rows` or calamine give them). `listed`: the projects table's
    reps (a column of any other rep is an error); None when not known."""
    date_cell = L.SESSION.address("date")
    date, problems = read_cell(_at(rows, date_cell), SESSION_DATE, sheet, date_cell)
    status_text = normalise(_at(rows, L.SESSION.address("status")))
    status = next((k for k, t in L.SESSION_STATUS.items() if status_text in (normalise(t.zh), normalise(t.en))), None)
    listeners = split_names(_at(rows, L.SESSION.address("listeners")))

    names = _matrix(rows, G.row("rep"), G.row("presentation"), G.first_col, G.last_col)  # rep, listener, logic, shown
    body = _matrix(rows, G.first_element_row, G.last_element_row, 1, G.last_col)
    ratings = body[:, G.first_col - 1:]
    checkpoints, checkpoint_problems = _checkpoints(body, sheet)
    problems += checkpoint_problems
    is_checkpoint = np.zeros(G.elements, dtype=bool)
    is_checkpoint[checkpoints["row"].to_numpy(dtype=int) - G.first_element_row] = True

    typed = ~_empty(ratings)
    present = (~_empty(names)).any(axis=0) | typed.any(axis=0)
    candidates, structural = _columns(names, present, sheet, listed)
    problems += structural
    scores, score_problems = _scores(names, candidates, sheet)
    read, rating_problems = _ratings(ratings, candidates, is_checkpoint, sheet)
    problems += score_problems + rating_problems
    bad_columns = {G.letter(j) for j in candidates} & {_letters(p.cell) for p in score_problems + rating_problems}
    good = [j for j in candidates if G.letter(j) not in bad_columns]
    panel = pd.DataFrame([{"rep": _name(names[0, j]), "listener": _name(names[1, j]), "col": G.letter(j),
                           "logic": scores[j][0], "presentation": scores[j][1]} for j in good], columns=PANEL_COLUMNS)
    long = _long(read, good, panel, checkpoints)
    problems += _outside(rows, sheet)
    problems += _warnings(long, panel, sheet) if len(panel) else []
    if not present.any():
        problems.append(Problem(sheet, G.cell("rep", 0), "评分表还没有汇报人×听众列",
                                "the grid has no rep × listener columns yet", severity="warning"))
    has_scores = bool((~_empty(names[2:])).any() or typed.any())
    return Session(sheet, date, status, listeners, checkpoints, long, panel, problems, has_scores)


def _letters(cell: str) -> str:
    return "".join(ch for ch in cell if ch.isalpha())


def _checkpoints(body: np.ndarray, sheet: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The grid's checkpoint rows: a number >= 1 in column A (what open_review_session copies from the catalogue),
    with the group and wording beside it as typed."""
    col = {k: [c.key for c in G.checkpoints].index(k) for k in ("no", "group", "question")}
    parsed = parse_table([[GRID_NO.key]] + [[v] for v in body[:, col["no"]]], [GRID_NO], sheet, G.header_row - 1,
                         col["no"])
    frame = parsed.frame[parsed.frame["no"].notna()]
    at = frame["row"].to_numpy(dtype=int) - G.first_element_row
    checkpoints = pd.DataFrame({"no": frame["no"].to_numpy(), "group": [_name(v) for v in body[at, col["group"]]],
                                "question": [_name(v) for v in body[at, col["question"]]],
                                "row": frame["row"].to_numpy(dtype=int)})
    return checkpoints, parsed.problems


def _columns(names: np.ndarray, present: np.ndarray, sheet: str,
             listed: list[str] | None) -> tuple[list[int], list[Problem]]:
    """The columns whose names are right (they may still hold bad cells), and the columns that are one error."""
    known = None if listed is None else {r.casefold() for r in listed}
    seen: set[tuple[str, str]] = set()
    candidates, problems = [], []
    for j in np.flatnonzero(present).tolist():
        rep, listener = _name(names[0, j]), _name(names[1, j])
        if rep is None or listener is None:
            problems.append(Problem(sheet, G.cell("rep" if rep is None else "listener", j),
                                    "有评分的列必须写明汇报人和听众",
                                    "a column with scores must name its rep and its listener"))
            continue
        pair = (rep.casefold(), listener.casefold())
        if pair in seen:
            problems.append(Problem(sheet, G.cell("listener", j), f"「{listener}」给「{rep}」的评分列重复",
                                    f"a second column for '{listener}' scoring '{rep}'", listener))
            continue
        seen.add(pair)
        if known is not None and rep.casefold() not in known:
            problems.append(Problem(sheet, G.cell("rep", j), "汇报人不在「三大需求与下一步」表中,汇总不会列出",
                                    "the rep is not on the projects table, so the summary does not list them", rep))
            continue
        candidates.append(j)
    return candidates, problems


def _scores(names: np.ndarray, candidates: list[int], sheet: str) -> tuple[dict[int, tuple[float, float]], list[Problem]]:
    """Each candidate column's logic and presentation scores (NaN when blank or unusable), read by the parser."""
    keys = ("logic", "presentation")
    rows = [list(keys)] + [[names[2, j], names[3, j]] for j in candidates]
    parsed = parse_table(rows, [SCORE_PARTS[k] for k in keys], sheet)
    where = {cell_address(n + 1, c): G.cell(k, j) for n, j in enumerate(candidates) for c, k in enumerate(keys)}
    values = {j: (float("nan"), float("nan")) for j in candidates}
    for row, logic, shown in zip(parsed.frame["row"], parsed.frame["logic"], parsed.frame["presentation"]):
        values[candidates[int(row) - 2]] = (logic, shown)
    return values, relocated(parsed.problems, where)


def _ratings(ratings: np.ndarray, candidates: list[int], is_checkpoint: np.ndarray,
             sheet: str) -> tuple[np.ndarray, list[Problem]]:
    """The candidate columns' ratings as C/F/W (None where blank or bad), read in one pass by the parser's choice
    rule; a typed cell off the checkpoint rows is an error."""
    letters = np.full(ratings.shape, None, dtype=object)
    rows = np.flatnonzero(is_checkpoint)
    problems: list[Problem] = []
    if candidates and len(rows):
        flat = ratings[np.ix_(rows, candidates)].T.ravel()  # checkpoint rows of each candidate column in turn
        parsed = parse_table([[RATING_COLUMN.key]] + [[v] for v in flat], [RATING_COLUMN], sheet)
        k = parsed.frame["row"].to_numpy(dtype=int) - 2
        letters[rows[k % len(rows)], np.asarray(candidates)[k // len(rows)]] = \
            parsed.frame["rating"].astype(object).to_numpy()
        where = {}
        for p in parsed.problems:
            n = split_address(p.cell)[0] - 2
            where[p.cell] = f"{G.letter(candidates[n // len(rows)])}{G.first_element_row + rows[n % len(rows)]}"
        problems = relocated(parsed.problems, where, RATING_HELP)
    off = ~_empty(ratings[:, candidates]) & ~is_checkpoint[:, None]
    for i, j in zip(*np.nonzero(off)):
        problems.append(Problem(sheet, f"{G.letter(candidates[j])}{G.first_element_row + i}",
                                "这一行没有要素序号,评分不会计入", "this row has no checkpoint number, so the rating "
                                "counts nowhere", str(ratings[i, candidates[j]])))
    return letters, problems


def _long(letters: np.ndarray, good: list[int], panel: pd.DataFrame, checkpoints: pd.DataFrame) -> pd.DataFrame:
    """One row per good column × checkpoint, column by column."""
    if not good or checkpoints.empty:
        return _no_ratings()
    at = checkpoints["row"].to_numpy(dtype=int) - G.first_element_row
    n = len(at)
    picked = letters[np.ix_(at, good)].T.ravel()
    long = pd.DataFrame({
        "rep": np.repeat(panel["rep"].to_numpy(dtype=object), n),
        "listener": np.repeat(panel["listener"].to_numpy(dtype=object), n),
        "no": np.tile(checkpoints["no"].to_numpy(), len(good)),
        "group": np.tile(checkpoints["group"].to_numpy(dtype=object), len(good)),
        "question": np.tile(checkpoints["question"].to_numpy(dtype=object), len(good)),
        "letter": picked,
        "cell": [f"{c}{r}" for c in panel["col"] for r in checkpoints["row"]],
    })
    long["points"] = long["letter"].map(POINTS).astype("float64")
    return long[RATINGS_COLUMNS]


def _no_ratings() -> pd.DataFrame:
    return pd.DataFrame(columns=RATINGS_COLUMNS).astype({"points": "float64"})


def _warnings(long: pd.DataFrame, panel: pd.DataFrame, sheet: str) -> list[Problem]:
    """What is missing in the columns that count: a listener who rated nothing, a missing logic or presentation
    score, each blank checkpoint of a listener who rated others."""
    problems: list[Problem] = []
    rated = long.groupby(["rep", "listener"], sort=False)["points"].count()
    for spec in panel.itertuples():
        if rated.get((spec.rep, spec.listener), 0) == 0:
            problems.append(_missing_column(sheet, f"{spec.col}{G.row('listener')}", spec))
            continue
        for part in ("logic", "presentation"):
            if pd.isna(getattr(spec, part)):
                label = G.grid_row(part).label
                problems.append(Problem(sheet, f"{spec.col}{G.row(part)}", f"缺少{label.zh},该听众不计入此项平均",
                                        f"no {label.en}; this listener is left out of that average", severity="warning"))
    for r in long[long["points"].isna()].itertuples():
        n = int(rated.get((r.rep, r.listener), 0))
        if n:
            problems.append(Problem(sheet, r.cell, f"未评分:「{r.listener}」给「{r.rep}」的要素分按已评的 {n} 项折算",
                                    f"not rated: {r.listener}'s element score for {r.rep} is scaled over the {n} rated",
                                    severity="warning"))
    return problems


def _missing_column(sheet: str, cell: str, spec: Any) -> Problem:
    if pd.isna(spec.logic) and pd.isna(spec.presentation):
        zh = f"「{spec.listener}」没有给「{spec.rep}」打分,不计入平均"
        en = f"{spec.listener} gave {spec.rep} no scores; left out of the averages"
    else:
        zh = f"「{spec.listener}」没有给「{spec.rep}」的要素评分,只计入逻辑/形态分"
        en = f"{spec.listener} rated none of {spec.rep}'s checkpoints; only their logic/presentation count"
    return Problem(sheet, cell, zh, en, severity="warning")


def _outside(rows: list[list[Any]], sheet: str) -> list[Problem]:
    """Cells typed beyond the grid's capacity (the twin of layout.grid_outside): no formula reads them."""
    zh = f"在评分表的容量({G.elements} 个要素 × {G.columns} 列)之外,汇总不会计入"
    en = f"beyond the grid's capacity ({G.elements} checkpoints × {G.columns} columns): no summary counts it"
    out = []
    for r, row in enumerate(rows, start=1):
        if G.row("rep") <= r <= G.row("presentation") or G.first_element_row <= r <= G.last_element_row:
            columns = range(G.last_col, len(row))  # right of the last column
        elif r > G.last_element_row:
            columns = range(min(G.last_col, len(row)))  # below the last checkpoint row
        else:
            continue
        for c in columns:
            value = row[c]
            if not (value is None or value == "" or (isinstance(value, float) and value != value)):
                out.append(Problem(sheet, cell_address(r - 1, c), zh, en, str(value)))
    return out


def block_ratings(block: list[list[Any]], groups: list[Any] | None, sheet: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Ratings typed in a plain range, as an Excel function gets them: one column per listener, one row per
    checkpoint, `groups` (if given) naming each row's group. Cells are named relative to the range (A1 = its
    top-left cell). Read in one pass by the parser's choice rule, as the grid is. A blank in a column with other
    ratings is a warning; an all-blank column is a listener who did not score."""
    width = max((len(r) for r in block), default=0)
    values = np.full((len(block), width), None, dtype=object)
    for i, row in enumerate(block):
        values[i, :len(row)] = row
    if groups is not None and len(groups) != len(block):
        raise UserError(f"分组有 {len(groups)} 行,评分有 {len(block)} 行 / "
                        f"{len(groups)} group rows for {len(block)} rating rows")
    n = len(block)
    flat = values.T.ravel()  # column by column
    parsed = parse_table([[RATING_COLUMN.key]] + [[v] for v in flat], [RATING_COLUMN], sheet)
    letters = np.full(flat.shape, None, dtype=object)
    letters[parsed.frame["row"].to_numpy(dtype=int) - 2] = parsed.frame["rating"].astype(object).to_numpy()
    cells = np.char.add(np.repeat(np.array([column_letter(j) for j in range(width)], dtype=str), n),
                        np.tile(np.arange(1, n + 1).astype(str), width)).astype(object)
    where = {p.cell: cells[split_address(p.cell)[0] - 2] for p in parsed.problems}
    problems = relocated(parsed.problems, where, RATING_HELP)
    blank = _empty(flat)
    listener = np.repeat(np.arange(width), n)
    scored = np.bincount(listener[~blank], minlength=width) > 0 if width else np.zeros(0, dtype=bool)
    missing = blank & scored[listener]
    problems += [Problem(sheet, cell, "未评分", "not rated", severity="warning") for cell in cells[missing]]
    group = np.tile(np.asarray(groups, dtype=object), width) if groups is not None else np.full(len(flat), "")
    if groups is not None:
        ungrouped = ~blank & _empty(group)
        problems += [Problem(sheet, cell, "该行评分没有分组", "this rating's row has no group") for cell in cells[ungrouped]]
    kept = scored[listener]
    long = pd.DataFrame({"rep": "", "listener": listener[kept].astype(str), "no": np.tile(np.arange(1, n + 1), width)[kept],
                         "group": group[kept], "question": "", "letter": letters[kept], "cell": cells[kept]})
    long["points"] = long["letter"].map(POINTS).astype("float64")
    return long[RATINGS_COLUMNS].reset_index(drop=True), problems


def pairs(reps: list[str], listeners: list[str]) -> list[tuple[str, str]]:
    """The grid's columns: every listener scores every rep but themself."""
    return [(rep, listener) for rep in reps for listener in listeners if listener != rep]


def check_names(reps: list[str], listeners: list[str], sheet_reps: str, sheet_listeners: str) -> list[Problem]:
    """Reps and listeners must be given, unique, give at least one column and fit in the grid."""
    problems = []
    for names, where, label in ((reps, sheet_reps, Text("汇报人", "reps")),
                                (listeners, sheet_listeners, Text("听众", "listeners"))):
        sheet, _, cell = where.partition("!")
        if not names:
            problems.append(Problem(sheet, cell, f"请填写{label.zh}", f"no {label.en} given"))
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            problems.append(Problem(sheet, cell, f"{label.zh}重复", f"{label.en} listed twice", "、".join(dupes)))
    columns = len(pairs(reps, listeners))
    sheet, _, cell = sheet_listeners.partition("!")
    if reps and listeners and not columns:
        problems.append(Problem(sheet, cell, "除汇报人本人外至少需要一位听众",
                                "at least one listener other than the rep is needed"))
    if columns > G.columns:
        problems.append(Problem(sheet, cell, f"汇报人×听众共 {columns} 列,评分表最多 {G.columns} 列:请减少听众或分场进行",
                                f"{columns} rep × listener columns; the grid holds {G.columns}: fewer listeners, or "
                                f"split the session", str(columns)))
    return problems


def grid_rows(reps: list[str], listeners: list[str], checkpoints: list[list[Any]], lang: Lang,
              text: Any = lambda v: v) -> list[list[Any]]:
    """The session sheet from the grid's top row down: each row's label, then the names of every column (`text`
    makes a name safe to write) or the row's formula in every column of the capacity; the checkpoints' header and
    rows (`checkpoints` are [no, group, question] rows, copied so the session keeps the catalogue it was scored on).
    """
    columns = pairs(reps, listeners)
    names = {"rep": [text(rep) for rep, _ in columns], "listener": [text(listener) for _, listener in columns]}
    width = len(G.checkpoints)
    out = []
    for row in range(G.top_row, G.header_row):
        spec = next((r for r in G.rows if r.row == row), None)
        line: list[Any] = [None] * (width - 1) + [spec.label(lang) if spec else None]
        if spec is not None and spec.formula is not None:
            line += ["=" + spec.formula(lang, i) for i in range(G.columns)]
        elif spec is not None:
            line += names.get(spec.key, [])
        out.append(line)
    out.append([c.label(lang) for c in G.checkpoints])
    out += [[text(v) if isinstance(v, str) else v for v in row[:width]] for row in checkpoints]
    return out


def sheet_rows(lang: Lang, date: Any, status: str | None, listeners: list[str], reps: list[str],
               checkpoints: list[list[Any]]) -> list[list[Any]]:
    """The whole session sheet from A1 as a new session holds it (the demo, tests and the template start here)."""
    separator = "、" if lang == "zh-CN" else ", "
    cells = {L.SESSION.address("date"): date, L.SESSION.address("status"): L.SESSION_STATUS[status](lang) if status
             else None, L.SESSION.address("listeners"): separator.join(listeners) or None}
    head: list[list[Any]] = [[L.SESSION.title(lang) if L.SESSION.title else None]] + [[] for _ in range(G.top_row - 2)]
    for cell in L.SESSION.cells:
        for address, value in ((cell.label_address, cell.label(lang) if cell.label else None), (cell.at, cells[cell.at])):
            row, col = split_address(address)
            line = head[row - 1]
            line += [None] * (col - len(line))
            line[col - 1] = value
    return head + grid_rows(reps, listeners, checkpoints, lang)
