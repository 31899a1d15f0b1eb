"""A review session sheet: one column per (rep, listener), one row per checkpoint.

Reading it gives the ratings as a long table (one row per rep, listener and checkpoint) and the
listeners' logic and presentation scores; every unusable cell is an error naming sheet!cell.

Missing ratings are never zero: a blank checkpoint in a column that has other ratings is left
out of that listener's element score, which is scaled over the checkpoints they did rate, and
each blank is reported as a warning by cell. A column with no ratings at all means the listener
did not score that rep; they are left out of the rep's averages, with a warning.
"""

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xlsales.i18n import Lang, Text
from xlsales.problems import Problem, UserError, column_letter
from xlsales.review import layout as L
from xlsales.review.catalogue import parse_checkpoints
from xlsales.review.vocab import (CATALOGUE_COLUMNS, LOGIC_MAX, PART, POINTS, PRESENTATION_MAX, RATING_CHOICES,
                                  RATING_HELP)
from xlsales.table import Column, is_blank, normalise, to_date, to_number

NAME_SEPARATORS = re.compile(r"[、,，;；\n]+")
RATINGS_COLUMNS = ["rep", "listener", "no", "group", "question", "letter", "points", "cell"]
PANEL_COLUMNS = ["rep", "listener", "col", "logic", "presentation"]
_LOOKUP = {normalise(k): v for k, v in RATING_CHOICES.items()}


@dataclass
class Session:
    sheet: str
    date: pd.Timestamp | None
    status: str | None  # layout.OPEN / layout.CLOSED, None when blank
    listeners: list[str]
    checkpoints: pd.DataFrame  # no, group, question, row — the session's own copy of the catalogue
    ratings: pd.DataFrame  # RATINGS_COLUMNS; points NaN where not rated
    panel: pd.DataFrame  # PANEL_COLUMNS: one row per (rep, listener) column, logic/presentation NaN if blank
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_scores(self) -> bool:
        return bool(self.ratings["points"].notna().any() or self.panel[["logic", "presentation"]].notna().any().any())


def split_names(value: Any) -> list[str]:
    """Names typed in one cell, separated by 、 , ， ; ； or line breaks."""
    if is_blank(value):
        return []
    return [name.strip() for name in NAME_SEPARATORS.split(str(value)) if name.strip()]


def _cell(rows: list[list[Any]], address_row: int, col0: int) -> Any:
    row = rows[address_row - 1] if len(rows) >= address_row else []
    return row[col0] if col0 < len(row) else None


def _score_value(raw: Any, maximum: float, sheet: str, cell: str, label: Text,
                 problems: list[Problem]) -> float:
    if is_blank(raw):
        return float("nan")
    value = to_number(raw)
    if value is None or not 0 <= value <= maximum:
        problems.append(Problem(sheet, cell, f"「{label.zh}」应为 0–{maximum:g} 的数字",
                                f"'{label.en}' must be a number from 0 to {maximum:g}", str(raw)))
        return float("nan")
    return value


def parse_session(rows: list[list[Any]], sheet: str) -> Session:
    """The session sheet's values from A1 (as `used_rows` or calamine give them)."""
    problems: list[Problem] = []
    width = max((len(r) for r in rows), default=0)
    date = to_date(_cell(rows, 2, 1))
    status_text = normalise(_cell(rows, 2, 3))
    status = next((k for k, t in L.SESSION_STATUS.items() if status_text in (normalise(t.zh), normalise(t.en))), None)
    listeners = split_names(_cell(rows, 3, 1))

    columns: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for col0 in range(L.FIRST_RATING_COL - 1, width):
        rep, listener = (_cell(rows, r, col0) for r in (L.REP_ROW, L.LISTENER_ROW))
        typed = [_cell(rows, r, col0) for r in (L.LOGIC_ROW, L.PRESENTATION_ROW)]
        typed += [r[col0] if col0 < len(r) else None for r in rows[L.FIRST_ELEMENT_ROW - 1:]]
        if is_blank(rep) and is_blank(listener) and all(is_blank(v) for v in typed):
            continue
        letter = column_letter(col0)
        if is_blank(rep) or is_blank(listener):
            row = L.REP_ROW if is_blank(rep) else L.LISTENER_ROW
            problems.append(Problem(sheet, f"{letter}{row}", "有评分的列必须写明汇报人和听众",
                                    "a column with scores must name its rep and its listener"))
            continue
        pair = (str(rep).strip(), str(listener).strip())
        if pair in seen:
            problems.append(Problem(sheet, f"{letter}{L.LISTENER_ROW}", f"「{pair[1]}」给「{pair[0]}」的评分列重复",
                                    f"a second column for '{pair[1]}' scoring '{pair[0]}'"))
            continue
        seen.add(pair)
        columns.append({"key": f"#{letter}", "col0": col0, "rep": pair[0], "listener": pair[1], "col": letter,
                        "logic": _score_value(typed[0], LOGIC_MAX, sheet, f"{letter}{L.LOGIC_ROW}", PART["logic"],
                                              problems),
                        "presentation": _score_value(typed[1], PRESENTATION_MAX, sheet, f"{letter}{L.PRESENTATION_ROW}",
                                                     PART["presentation"], problems)})
    panel = pd.DataFrame(columns, columns=["key", "col0"] + PANEL_COLUMNS)

    grid = [list(r) + [None] * (width - len(r)) for r in rows[L.GRID_HEADER_ROW - 1:]]
    if not grid:
        problems.append(Problem(sheet, f"A{L.GRID_HEADER_ROW}", "没有评分表,请先运行 open_review_session",
                                "no scoring grid; run open_review_session first"))
        return Session(sheet, date, status, listeners, pd.DataFrame(columns=["no", "group", "question", "row"]),
                       _no_ratings(), panel[PANEL_COLUMNS], problems)
    header = grid[0][:L.FIRST_RATING_COL - 1] + [None] * max(0, width - L.FIRST_RATING_COL + 1)
    for spec in columns:  # rating columns are found by these keys, not by whatever row 12 shows above them
        header[spec["col0"]] = spec["key"]
    extra = [Column(key, Text(key, key)) for key in panel["key"]]
    parsed = parse_checkpoints([header] + grid[1:], sheet, L.GRID_HEADER_ROW - 1, extra=extra)
    problems.extend(parsed.problems)
    checkpoints = parsed.frame[["no", "group", "question", "row"]].copy()
    ratings, rating_problems = _ratings(parsed.frame, panel, sheet, {p.cell for p in problems})
    problems.extend(rating_problems)
    if panel.empty:
        problems.append(Problem(sheet, f"{column_letter(L.FIRST_RATING_COL - 1)}{L.REP_ROW}",
                                "评分表还没有汇报人×听众列", "the grid has no rep × listener columns yet",
                                severity="warning"))
    return Session(sheet, date, status, listeners, checkpoints, ratings, panel[PANEL_COLUMNS], problems)


def _ratings(frame: pd.DataFrame, panel: pd.DataFrame, sheet: str,
             reported: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Long ratings from the grid's rating columns, with bad and missing cells reported (a score cell
    already `reported` as unusable is not reported again as missing)."""
    if panel.empty or frame.empty:
        return _no_ratings(), []
    long = frame.melt(id_vars=["row", "no", "group", "question"], value_vars=list(panel["key"]), var_name="key",
                      value_name="raw")
    long = long.merge(panel[["key", "rep", "listener", "col"]], on="key", how="left")
    long["letter"] = letters(long["raw"])
    long["points"] = long["letter"].map(POINTS).astype("float64")
    long["cell"] = long["col"] + long["row"].astype(int).astype(str)
    problems: list[Problem] = []
    bad = long["raw"].notna() & long["letter"].isna()
    for r in long[bad].itertuples():
        problems.append(Problem(sheet, r.cell, RATING_HELP.zh, RATING_HELP.en, str(r.raw)))
    rated = long.groupby("key", sort=False)["letter"].count()
    typed = long.groupby("key", sort=False)["raw"].count()
    by_key = panel.set_index("key")
    for key in panel["key"]:
        spec = by_key.loc[key]
        who = f"{spec['col']}{L.LISTENER_ROW}"
        if typed.get(key, 0) == 0:
            problems.append(_missing_column(sheet, who, spec))
            continue
        if rated.get(key, 0) == 0:
            continue  # every typed rating is bad, already an error
        for part, row, label in (("logic", L.LOGIC_ROW, L.ROW_LABELS[L.LOGIC_ROW]),
                                 ("presentation", L.PRESENTATION_ROW, L.ROW_LABELS[L.PRESENTATION_ROW])):
            if pd.isna(spec[part]) and f"{spec['col']}{row}" not in reported:
                problems.append(Problem(sheet, f"{spec['col']}{row}", f"缺少{label.zh},该听众不计入此项平均",
                                        f"no {label.en}; this listener is left out of that average", severity="warning"))
    blank = long["raw"].isna() & long["key"].map(typed).gt(0)
    count = long["key"].map(rated)
    for r, n in zip(long[blank].itertuples(), count[blank]):
        problems.append(Problem(sheet, r.cell, f"未评分:「{r.listener}」给「{r.rep}」的要素分按已评的 {n} 项折算",
                                f"not rated: {r.listener}'s element score for {r.rep} is scaled over the {n} rated",
                                severity="warning"))
    return long[RATINGS_COLUMNS].reset_index(drop=True), problems


def _no_ratings() -> pd.DataFrame:
    return pd.DataFrame(columns=RATINGS_COLUMNS).astype({"points": "float64"})


def letters(raw: pd.Series) -> pd.Series:
    """Typed ratings -> C/F/W (None where blank or not a rating), spelled any accepted way."""
    text = raw.astype("string").str.strip().str.lower().str.replace(" ", "", regex=False)
    return text.map(_LOOKUP).astype(object)


def block_ratings(block: list[list[Any]], groups: list[Any] | None, sheet: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Ratings typed in a plain range, as an Excel function gets them: one column per listener, one row per
    checkpoint, `groups` (if given) naming each row's group. Cells are named relative to the range (A1 =
    its top-left cell). A blank in a column with other ratings is a warning; an all-blank column is a
    listener who did not score."""
    width = max((len(r) for r in block), default=0)
    frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in block], dtype=object)
    if groups is not None and len(groups) != len(frame):
        raise UserError(f"分组有 {len(groups)} 行,评分有 {len(frame)} 行 / "
                         f"{len(groups)} group rows for {len(frame)} rating rows")
    long = frame.rename_axis("i").reset_index().melt(id_vars="i", var_name="j", value_name="raw")
    long["raw"] = long["raw"].where(~long["raw"].map(is_blank), None)
    long["letter"] = letters(long["raw"])
    long["points"] = long["letter"].map(POINTS).astype("float64")
    long["cell"] = long["j"].map({j: column_letter(j) for j in range(width)}) + (long["i"] + 1).astype(str)
    long["rep"], long["listener"], long["no"], long["question"] = "", long["j"].astype(str), long["i"] + 1, ""
    long["group"] = pd.Series(groups, dtype=object).reindex(long["i"]).to_numpy() if groups is not None else ""
    problems = [Problem(sheet, r.cell, RATING_HELP.zh, RATING_HELP.en, str(r.raw))
                for r in long[long["raw"].notna() & long["letter"].isna()].itertuples()]
    typed = long.groupby("j")["raw"].count()
    blank = long["raw"].isna() & long["j"].map(typed).gt(0)
    problems += [Problem(sheet, cell, "未评分", "not rated", severity="warning") for cell in long.loc[blank, "cell"]]
    if groups is not None:
        ungrouped = long["raw"].notna() & long["group"].map(is_blank)
        problems += [Problem(sheet, cell, "该行评分没有分组", "this rating's row has no group")
                     for cell in long.loc[ungrouped, "cell"]]
    kept = long[long["j"].map(typed).gt(0)]
    return kept[RATINGS_COLUMNS].reset_index(drop=True), problems


def _missing_column(sheet: str, cell: str, spec: pd.Series) -> Problem:
    if pd.isna(spec["logic"]) and pd.isna(spec["presentation"]):
        zh = f"「{spec['listener']}」没有给「{spec['rep']}」打分,不计入平均"
        en = f"{spec['listener']} gave {spec['rep']} no scores; left out of the averages"
    else:
        zh = f"「{spec['listener']}」没有给「{spec['rep']}」的要素评分,只计入逻辑/形态分"
        en = f"{spec['listener']} rated none of {spec['rep']}'s checkpoints; only their logic/presentation count"
    return Problem(sheet, cell, zh, en, severity="warning")


def pairs(reps: list[str], listeners: list[str]) -> list[tuple[str, str]]:
    """The grid's columns: every listener scores every rep but themself."""
    return [(rep, listener) for rep in reps for listener in listeners if listener != rep]


def check_names(reps: list[str], listeners: list[str], sheet_reps: str, sheet_listeners: str) -> list[Problem]:
    """Reps and listeners must be given, unique, and give at least one column."""
    problems = []
    for names, where, label in ((reps, sheet_reps, Text("汇报人", "reps")),
                                (listeners, sheet_listeners, Text("听众", "listeners"))):
        sheet, _, cell = where.partition("!")
        if not names:
            problems.append(Problem(sheet, cell, f"请填写{label.zh}", f"no {label.en} given"))
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            problems.append(Problem(sheet, cell, f"{label.zh}重复", f"{label.en} listed twice", "、".join(dupes)))
    if reps and listeners and not pairs(reps, listeners):
        sheet, _, cell = sheet_listeners.partition("!")
        problems.append(Problem(sheet, cell, "除汇报人本人外至少需要一位听众",
                                "at least one listener other than the rep is needed"))
    return problems


def session_head(lang: Lang, date: Any, status: str | None, listeners: list[str]) -> list[list[Any]]:
    """Rows 1–4 of the session sheet: title, date and status, the listeners, how to score."""
    separator = "、" if lang == "zh-CN" else ", "
    return [
        [Text("项目过堂评分", "Project review scoring")(lang)],
        [L.HEAD_LABELS["date"](lang), date, L.HEAD_LABELS["status"](lang),
         L.SESSION_STATUS[status](lang) if status else None],
        [L.HEAD_LABELS["listeners"](lang), separator.join(listeners) or None],
        [Text("每格填 清楚/模糊/不知道(或 C/F/W);逻辑与思路、形态与展示各 0–20 分;听众不给自己打分。",
              "Rate each cell Clear/Fuzzy/Unknown (or C/F/W); logic and presentation 0–20 each; "
              "listeners do not score themselves.")(lang)],
    ]


def session_block(reps: list[str], listeners: list[str], checkpoints: list[list[Any]], lang: Lang) -> list[list[Any]]:
    """The session sheet from row REP_ROW down: names, score rows with their formulas, the grid.

    `checkpoints` are [no, group, question] rows, copied so the session keeps the catalogue it was scored on.
    """
    columns = pairs(reps, listeners)
    last_row = L.FIRST_ELEMENT_ROW + len(checkpoints) - 1
    cols = [L.rating_col(i) for i in range(len(columns))]
    label = {row: [None, None, text(lang)] for row, text in L.ROW_LABELS.items()}
    block = [
        label[L.REP_ROW] + [rep for rep, _ in columns],
        label[L.LISTENER_ROW] + [listener for _, listener in columns],
        label[L.LOGIC_ROW] + [None] * len(columns),
        label[L.PRESENTATION_ROW] + [None] * len(columns),
        label[L.RATED_ROW] + [L.rated_formula(c, last_row) for c in cols],
        label[L.ELEMENT_ROW] + [L.element_formula(c, last_row) for c in cols],
        label[L.TOTAL_ROW] + [L.total_formula(c) for c in cols],
        [c.label(lang) for c in CATALOGUE_COLUMNS[:3]] + [None] * len(columns),
    ]
    block += [list(row[:3]) + [None] * len(columns) for row in checkpoints]
    return block
