"""The review workbook, described once: its sheets, tables, cells, blocks and the session grid, and every native
formula.

The template builder writes the workbook from this description; the scripts, `xlsales check`, the demo and the
tests read addresses from it.

The catalogue, the projects (three needs) and the history are Excel tables that grow with their data; each
carries a 数据问题 / Data problems calculated column. The session grid is laid out by open_review_session (one
column per rep × listener, one row per checkpoint) inside a documented capacity (MAX_ELEMENTS rows ×
MAX_GRID_COLUMNS columns): its formula rows (data problems, checkpoints rated, element score, total) are written
in every column of that capacity, so the summary reads whole grid rows. The ranking lists up to MAX_REPS reps
and the progress block the chosen rep's latest PROGRESS_SESSIONS sessions; `check` says when data passes a
capacity, and the summary's data-problem counter counts exactly what `check` reports as errors.
"""

from dataclasses import dataclass
from typing import Callable

from xlsales import formula as F
from xlsales.i18n import Lang, Text
from xlsales.dashboard import BlockRows, attention
from xlsales.layout import Block, Cell, Col, Comparison, Rule, Sheet, Table, Tile, quote_sheet
from xlsales.precision import native_tolerance
from xlsales.problems import column_letter
from xlsales.review.vocab import (CATALOGUE_COLUMNS, CLEAR, ELEMENT_MAX, FUZZY, GRID_NO, HISTORY_COLUMNS,
                                  LOGIC_MAX, MAX_ELEMENTS, MAX_GRID_COLUMNS, MAX_POINTS, MAX_REPS, POINTS,
                                  PRESENTATION_MAX, PROGRESS_SESSIONS, PROJECT_COLUMNS, RATING_CHOICES, SCORE_PARTS,
                                  SESSION_DATE, spellings)
from xlsales.table import LAST_SERIAL

SCORE = "0.0"
DATE = "yyyy-mm-dd"
MONEY0 = "#,##0"
LAST_ROW = 1048576  # a sheet's last row: rows typed below a table are counted up to it
LAST_COLUMN = "XFD"

SHEET_INSTRUCTIONS = Text("说明", "Instructions")
SHEET_CATALOGUE = Text("要素目录", "Catalogue")
SHEET_SESSION = Text("过堂评分", "Session scoring")
SHEET_SUMMARY = Text("汇总排名", "Summary and ranking")
SHEET_PROJECTS = Text("三大需求与下一步", "Three needs and next actions")
SHEET_HISTORY = Text("历史", "History")
PROBLEMS = Text("数据问题", "Data problems")


def _position(table: Table, key: str, r: int) -> str:
    """Row r's place in the table (1 for its first row), written so that one formula serves every row (a calculated
    column's formula is the same relative formula in every row: Excel copies the first row's into new rows)."""
    letter = table.letter(key)
    return f"ROWS(${letter}${table.first_row}:{table.this(key, r)})"


def _problem_column(formula: Callable[[Lang, int], str]) -> Col:
    return Col("problems", PROBLEMS, formula=formula, number_format="0", width=9)


def outside_rows(table: Table, key: str, sheet: Text, lang: Lang) -> str:
    """Values typed in the table's `key` column below the table: rows Excel did not take in, so no figure counts
    them (the header is the 1 subtracted)."""
    letter = table.letter(key)
    below = f"{quote_sheet(sheet(lang))}!${letter}${table.header_row}:${letter}${LAST_ROW}"
    return f"(COUNTA({below})-1-COUNTA({table.ref(key, lang)}))"


# ---------------------------------------------------------------------------------------------
# Catalogue: the checkpoints, editable; the session copies them


def _catalogue_problems(lang: Lang, r: int) -> str:
    """How many of the row's cells `check` reports: each input's own rule, and a number an earlier row already
    has (both rows would be the same checkpoint)."""
    this = {c.key: CATALOGUE.this(c.key, r) for c in CATALOGUE_COLUMNS}
    no, index = this["no"], _position(CATALOGUE, "no", r)
    repeated = (f"IF(ISNUMBER({no}),IF({no}>={NUMBER.minimum:g},"
                f"--(MATCH({no},{CATALOGUE.ref('no', lang)},0)<{index}),0),0)")
    rules = [F.problems_in_cell(c, this[c.key]) for c in CATALOGUE_COLUMNS] + [repeated]
    first, last = CATALOGUE_COLUMNS[0].key, CATALOGUE_COLUMNS[-1].key
    return f"IF(COUNTA({CATALOGUE.span(first, last, r)})=0,0,{F.count_true(*rules)})"


NUMBER = CATALOGUE_COLUMNS[0]  # a checkpoint's number: a number from 1
CATALOGUE_WIDTHS = {"no": 7, "group": 18, "question": 52, "translation": 60}
CATALOGUE = Table("ReviewCatalogue", "A1", tuple(
    Col(c.key, c.label, read=c, width=CATALOGUE_WIDTHS[c.key],
        rule=Rule("whole", minimum=1) if c.key == "no" else None) for c in CATALOGUE_COLUMNS)
    + (_problem_column(_catalogue_problems),))


def usable_checkpoints(lang: Lang) -> str:
    """Catalogue rows without a problem: the checkpoints a new session gets."""
    return F.countifs((CATALOGUE.ref("problems", lang), "0"), (CATALOGUE.ref("no", lang), f'">={NUMBER.minimum:g}"'))


# The rating words and their points, beside the table (values written by the template).
LEGEND = Block("legend", "G1", (
    Col("rating", Text("评分", "Rating"), width=16), Col("points", Text("分值", "Points"), width=8),
    Col("also", Text("也可填", "Also accepted"), width=26)), rows=3)
CATALOGUE_SHEET = Sheet("catalogue", SHEET_CATALOGUE, cells=(
    Cell("checkpoints", "H6", Text("要素数", "Checkpoints"), formula=usable_checkpoints, number_format="0"),
    Cell("points_per_checkpoint", "H7", Text("每项满分", "Points per checkpoint"), value=MAX_POINTS),
    Cell("scaled_to", "H8", Text("折算为", "Scaled to"), value=int(ELEMENT_MAX)),
), tables=(CATALOGUE,), blocks=(LEGEND,), widths=(("F", 3),))

# ---------------------------------------------------------------------------------------------
# Session scoring: the head, then the grid


@dataclass(frozen=True)
class GridRow:
    """A row above the grid: one value per rep × listener column (typed, written by the script, or a formula)."""

    key: str
    row: int
    label: Text  # in column C
    formula: Callable[[Lang, int], str] | None = None  # for the i-th (0-based) column
    number_format: str | None = None
    rule: Rule | None = None
    input: bool = False  # the listeners' scores, typed by the manager


@dataclass(frozen=True)
class Grid:
    """The session grid, laid out by open_review_session: each checkpoint a row (its number, group and wording in
    the checkpoint columns), each rep × listener a column from `first_col`, with the rows above. Its capacity is
    `elements` rows × `columns` columns: the formula rows, validation and colours reach that far, and `check`
    reports anything typed beyond it."""

    rows: tuple[GridRow, ...]
    header_row: int  # the checkpoint columns' header
    checkpoints: tuple[Col, ...]  # columns A.. left of the first rep × listener column
    elements: int
    columns: int

    def row(self, key: str) -> int:
        return next(r.row for r in self.rows if r.key == key)

    def grid_row(self, key: str) -> GridRow:
        return next(r for r in self.rows if r.key == key)

    @property
    def top_row(self) -> int:
        return min(r.row for r in self.rows)

    @property
    def first_col(self) -> int:
        return len(self.checkpoints) + 1

    @property
    def first_element_row(self) -> int:
        return self.header_row + 1

    @property
    def last_element_row(self) -> int:
        return self.header_row + self.elements

    @property
    def last_col(self) -> int:
        return self.first_col + self.columns - 1

    def letter(self, i: int) -> str:
        """The i-th (0-based) rep × listener column."""
        return column_letter(self.first_col - 1 + i)

    def checkpoint_letter(self, key: str) -> str:
        return column_letter([c.key for c in self.checkpoints].index(key))

    def cell(self, key: str, i: int) -> str:
        return f"{self.letter(i)}{self.row(key)}"

    def ratings(self, i: int) -> str:
        """The i-th column's checkpoint cells: D13:D162."""
        letter = self.letter(i)
        return f"{letter}{self.first_element_row}:{letter}{self.last_element_row}"

    @property
    def area(self) -> str:
        """Every rating cell of the capacity: D13:DS162."""
        return f"{self.letter(0)}{self.first_element_row}:{self.letter(self.columns - 1)}{self.last_element_row}"

    def across(self, key: str, lang: Lang) -> str:
        """A row over every column, absolute, from another sheet: '过堂评分'!$D$5:$DS$5."""
        row = self.row(key)
        return f"{quote_sheet(SHEET_SESSION(lang))}!${self.letter(0)}${row}:${self.letter(self.columns - 1)}${row}"

    @property
    def numbers(self) -> str:
        """The checkpoint numbers' cells, absolute: $A$13:$A$162."""
        letter = self.checkpoint_letter("no")
        return f"${letter}${self.first_element_row}:${letter}${self.last_element_row}"


def _count(i: int, words: list[str]) -> str:
    """How many of column i's checkpoint cells hold one of `words` (exact, case-insensitive, as the parser reads a
    rating), on rows that have a checkpoint number."""
    return "+".join(F.countifs((GRID.numbers, f'">={GRID_NO.minimum:g}"'), (GRID.ratings(i), F.equals_text(w)))
                    for w in words)


def _rated(lang: Lang, i: int) -> str:
    names = f"{GRID.cell('rep', i)}:{GRID.cell('listener', i)}"
    return f'IF(COUNTA({names})=0,"",{_count(i, list(RATING_CHOICES))})'


def _element(lang: Lang, i: int) -> str:
    """One listener's element score: 60 × rating points ÷ (2 × checkpoints rated), the twin of
    `scoring.element_scores`."""
    rated = GRID.cell("rated", i)
    points = "+".join(f"{POINTS[k]}*({_count(i, spellings(k))})" for k in (CLEAR, FUZZY))
    return f'IF(N({rated})=0,"",{ELEMENT_MAX:g}*({points})/({MAX_POINTS}*{rated}))'


def _total(lang: Lang, i: int) -> str:
    parts = [GRID.cell(k, i) for k in ("element", "logic", "presentation")]
    return f'IF(COUNT({",".join(parts)})=3,{"+".join(parts)},"")'


def _column_problems(lang: Lang, i: int) -> str:
    """How many errors `check` reports in column i (the twin of session.parse_session): one when the column has
    something but lacks its rep or listener, repeats an earlier column's pair, or names a rep the projects table
    does not list; else each score not a number 0–20 and each typed cell that is not a rating of a checkpoint row.
    A column with a problem counts in no summary."""
    rep, listener = GRID.cell("rep", i), GRID.cell("listener", i)
    logic, shown = GRID.cell("logic", i), GRID.cell("presentation", i)
    present = f"COUNTA({rep}:{shown})+COUNTA({GRID.ratings(i)})"
    if i == 0:
        repeated = "FALSE"
    else:
        first, before = GRID.letter(0), GRID.letter(i - 1)
        pairs = [(f"${first}${GRID.row(k)}:{before}{GRID.row(k)}", F.equals(GRID.cell(k, i)))
                 for k in ("rep", "listener")]
        repeated = f"{F.countifs(*pairs)}>0"
    unlisted = f"COUNTIF({PROJECTS.ref('rep', lang)},{F.equals(rep)})=0"
    # the rated row holds the count of ratings on checkpoint rows whenever the column has both names
    cells = (f"{F.problems_in_cell(SCORE_PARTS['logic'], logic)}+{F.problems_in_cell(SCORE_PARTS['presentation'], shown)}"
             f"+COUNTA({GRID.ratings(i)})-N({GRID.cell('rated', i)})")
    return f'IF({present}=0,0,IF(OR({rep}="",{listener}=""),1,IF({repeated},1,IF({unlisted},1,{cells}))))'


GRID = Grid(rows=(
    GridRow("problems", 4, PROBLEMS, formula=_column_problems, number_format="0;-0;"),  # 0 shown blank
    GridRow("rep", 5, Text("汇报人", "Rep")),
    GridRow("listener", 6, Text("听众", "Listener")),
    GridRow("logic", 7, Text(f"逻辑与思路(0–{LOGIC_MAX:g})", f"Logic and reasoning (0–{LOGIC_MAX:g})"),
            number_format="0", rule=Rule("decimal", minimum=0, maximum=LOGIC_MAX), input=True),
    GridRow("presentation", 8, Text(f"形态与展示(0–{PRESENTATION_MAX:g})", f"Form and presentation (0–{PRESENTATION_MAX:g})"),
            number_format="0", rule=Rule("decimal", minimum=0, maximum=PRESENTATION_MAX), input=True),
    GridRow("rated", 9, Text("已评要素数", "Checkpoints rated"), formula=_rated, number_format="0"),
    GridRow("element", 10, Text(f"73要素得分(折算为{ELEMENT_MAX:g}分)", f"Element score (scaled to {ELEMENT_MAX:g})"),
            formula=_element, number_format=SCORE),
    GridRow("total", 11, Text("合计(100)", "Total (100)"), formula=_total, number_format=SCORE),
), header_row=12, checkpoints=tuple(Col(c.key, c.label, width=w) for c, w in zip(CATALOGUE_COLUMNS[:3], (6, 16, 46))),
    elements=MAX_ELEMENTS, columns=MAX_GRID_COLUMNS)
GRID_WIDTH = 9  # each rep × listener column

OPEN, CLOSED = "open", "closed"
SESSION_STATUS = {OPEN: Text("进行中", "Open"), CLOSED: Text("已结束", "Closed")}
SESSION = Sheet("session", SHEET_SESSION, title=Text("项目过堂评分", "Project review scoring"), cells=(
    Cell("date", "B2", SESSION_DATE.label, number_format=DATE, rule=Rule("date"), input=True),
    Cell("status", "D2", Text("状态", "Status")),
    Cell("listeners", "B3", Text("听众(用、分隔)", "Listeners (separated by commas)"), input=True),
))
HOW_TO_SCORE = Text("每格填 清楚/模糊/不知道(或 C/F/W);逻辑与思路、形态与展示各 0–20 分;听众不给自己打分。",
                    "Rate each cell Clear/Fuzzy/Unknown (or C/F/W); logic and presentation 0–20 each; "
                    "listeners do not score themselves.")


def grid_outside(lang: Lang) -> str:
    """Cells typed beyond the grid's capacity: below its last checkpoint row, right of its last column."""
    sheet, after = quote_sheet(SHEET_SESSION(lang)), GRID.letter(GRID.columns)
    below = f"{sheet}!$A${GRID.last_element_row + 1}:${GRID.letter(GRID.columns - 1)}${LAST_ROW}"
    names = f"{sheet}!${after}${GRID.row('rep')}:${LAST_COLUMN}${GRID.row('presentation')}"
    ratings = f"{sheet}!${after}${GRID.first_element_row}:${LAST_COLUMN}${LAST_ROW}"
    return f"(COUNTA({below})+COUNTA({names})+COUNTA({ratings}))"


def grid_numbers(lang: Lang) -> str:
    """Checkpoint numbers in the grid that are not a number >= 1 (the twin of GRID_NO's rule)."""
    numbers = f"{quote_sheet(SHEET_SESSION(lang))}!{GRID.numbers}"
    return f'(COUNTA({numbers})-COUNTIFS({numbers},">={GRID_NO.minimum:g}"))'


# ---------------------------------------------------------------------------------------------
# Three needs and next actions: the session's reps and their projects


def _listed(lang: Lang, r: int) -> str:
    """1 for a rep's first row (the ranking lists it), 0 for an empty row or a rep an earlier row has."""
    rep, index = PROJECTS.this("rep", r), _position(PROJECTS, "rep", r)
    return (f'IF(ISERROR({rep}),0,IF({rep}="",0,'
            f'--(IFERROR(MATCH({F.unwild(rep)},{PROJECTS.ref("rep", lang)},0),{index})={index})))')


def _order(lang: Lang, r: int) -> str:
    """The listed rep's place: the summary's n-th ranking row shows the row whose order is n."""
    listed = PROJECTS.letter("listed")
    return f'IF({PROJECTS.this("listed", r)}=1,SUM(${listed}${PROJECTS.first_row}:{PROJECTS.this("listed", r)}),"")'


def _projects_problems(lang: Lang, r: int) -> str:
    """Each input's own rule, and a rep an earlier row already has (each rep presents one project)."""
    this = {c.key: PROJECTS.this(c.key, r) for c in PROJECT_COLUMNS}
    rep = this["rep"]
    rules = [F.problems_in_cell(c, this[c.key]) for c in PROJECT_COLUMNS] + [
        f'IF(ISERROR({rep}),0,IF({rep}="",0,1-{PROJECTS.this("listed", r)}))']
    first, last = PROJECT_COLUMNS[0].key, PROJECT_COLUMNS[-1].key
    return f"IF(COUNTA({PROJECTS.span(first, last, r)})=0,0,{F.count_true(*rules)})"


PROJECT_WIDTHS = {"rep": 10, "project": 28, "company_need": 36, "personal_need": 36, "sales_need": 36,
                  "target_amount": 12, "support": 28}
PROJECTS = Table("ReviewProjects", "A3", tuple(
    Col(c.key, c.label, read=c, width=PROJECT_WIDTHS[c.key],
        number_format=MONEY0 if c.key == "target_amount" else None,
        rule=Rule("decimal", minimum=0) if c.key == "target_amount" else None) for c in PROJECT_COLUMNS)
    + (_problem_column(_projects_problems),
       Col("listed", Text("列入排名", "Listed"), formula=_listed, hidden=True),
       Col("order", Text("排名行", "Ranking row"), formula=_order, hidden=True)), min_rows=5)
REP_LIST = "RepList"  # the projects' reps, for the progress drop-down (MAX_REPS rows)
NEXT_ACTIONS = Block("next_actions", "L3", (
    Col("rep", Text("汇报人", "Rep"), width=10), Col("kind", Text("类型", "Kind"), width=8),
    Col("group", Text("分组", "Group"), width=22), Col("clarity", Text("清楚度", "Clarity"), width=8),
    Col("action", Text("下一步行动", "Next action"), width=90)), rows=0)
PROJECTS_SHEET = Sheet("projects", SHEET_PROJECTS, title=Text("项目与三大需求", "Projects and the three needs"),
                       tables=(PROJECTS,), blocks=(NEXT_ACTIONS,), widths=(("K", 3),))


def listed_reps(lang: Lang) -> str:
    return f"COUNT({PROJECTS.ref('order', lang)})"


# ---------------------------------------------------------------------------------------------
# History: each closed session's record per rep


def _history_problems(lang: Lang, r: int) -> str:
    """Each input's own rule, and a rep recorded twice for one day (the progress block would merge the two)."""
    this = {c.key: HISTORY.this(c.key, r) for c in HISTORY_COLUMNS}
    date, rep, day = this["date"], this["rep"], f"INT({this['date']})"
    dates = HISTORY.ref("date", lang)
    twice = F.countifs((dates, f'">="&{day}'), (dates, f'"<"&({day}+1)'), (HISTORY.ref("rep", lang), F.equals(rep)))
    repeated = (f'IF(ISERROR({rep}),0,IF({rep}="",0,IF(ISNUMBER({date}),'
                f'IF(AND({date}>=1,{date}<{LAST_SERIAL + 1}),--({twice}>1),0),0)))')
    rules = [F.problems_in_cell(c, this[c.key]) for c in HISTORY_COLUMNS] + [repeated]
    first, last = HISTORY_COLUMNS[0].key, HISTORY_COLUMNS[-1].key
    return f"IF(COUNTA({HISTORY.span(first, last, r)})=0,0,{F.count_true(*rules)})"


HISTORY_WIDTHS = {"date": 12, "rep": 10, "project": 28, "weakest": 30, "company_need": 30, "personal_need": 30,
                  "sales_need": 30}
HISTORY_FORMATS = {"date": DATE, "element": SCORE, "logic": SCORE, "presentation": SCORE, "total": SCORE,
                   "spread": SCORE}
HISTORY = Table("ReviewHistory", "A1", tuple(
    Col(c.key, c.label, read=c, width=HISTORY_WIDTHS.get(c.key, 10), number_format=HISTORY_FORMATS.get(c.key))
    for c in HISTORY_COLUMNS) + (_problem_column(_history_problems),))
HISTORY_SHEET = Sheet("history", SHEET_HISTORY, tables=(HISTORY,))

# ---------------------------------------------------------------------------------------------
# Summary and ranking: per rep from the grid, the chosen rep's progress from the history, the data problems


def _at(block: Block, key: str, r: int) -> str:
    return f"${block.letter(key)}{r}"


def _rep(r: int) -> str:
    return _at(RANKING, "rep", r)


def _of_rep(lang: Lang, r: int) -> tuple[tuple[str, str], ...]:
    """The grid columns of the rep on row r that count: theirs, and without a data problem."""
    return ((GRID.across("rep", lang), F.equals(_rep(r))), (GRID.across("problems", lang), "0"))


def _of_project(key: str) -> Callable[[Lang, int], str]:
    """The n-th listed rep's `key` on the projects table (blank past the last)."""
    def formula(lang: Lang, r: int) -> str:
        row = f"MATCH({r - RANKING.header_row},{PROJECTS.ref('order', lang)},0)"
        value = f"INDEX({PROJECTS.ref(key, lang)},{row})"
        return f'IFERROR(IF({value}="","",{value}),"")'
    return formula


def _listeners(lang: Lang, r: int) -> str:
    """Listeners who gave the rep any part (an element score, logic or presentation), in columns that count."""
    grid = {k: GRID.across(k, lang) for k in ("rep", "problems", "element", "logic", "presentation")}
    scored = f"((ISNUMBER({grid['element']})+ISNUMBER({grid['logic']})+ISNUMBER({grid['presentation']}))>0)"
    return F.unless_blank(_rep(r), f"SUMPRODUCT(({grid['rep']}={_rep(r)})*({grid['problems']}=0)*{scored})")


def _average(key: str) -> Callable[[Lang, int], str]:
    def formula(lang: Lang, r: int) -> str:
        criteria = _of_rep(lang, r) + (((GRID.across("rated", lang), '">0"'),) if key == "element" else ())
        return F.unless_blank(_rep(r), f'IFERROR(AVERAGEIFS({GRID.across(key, lang)},{_args(criteria)}),"")')
    return formula


def _rep_total(lang: Lang, r: int) -> str:
    parts = f"{_at(RANKING, 'element', r)}:{_at(RANKING, 'presentation', r)}"
    return f'IF(COUNT({parts})=3,SUM({parts}),"")'


def _spread(lang: Lang, r: int) -> str:
    """Highest minus lowest listener total among the rep's listeners who gave all three parts."""
    totals, criteria = GRID.across("total", lang), _of_rep(lang, r)
    scored = F.countifs(*criteria, (totals, '">=0"'))
    return (f'IF(OR({_rep(r)}="",{scored}=0),"",'
            f"_xlfn.MAXIFS({totals},{_args(criteria)})-_xlfn.MINIFS({totals},{_args(criteria)}))")


def _rank(lang: Lang, r: int) -> str:
    """1 + how many totals are higher by more than the tolerance (equal totals share a place): the twin of
    `scoring.ranks`."""
    total, totals = _at(RANKING, "total", r), RANKING.column("total")
    return f'IF({total}="","",1+SUMPRODUCT(ISNUMBER({totals})*({totals}>{total}+{native_tolerance()})))'


def _below(lang: Lang, r: int) -> str:
    """TRUE for a total under the pass mark (the twin of scoring.below_pass_mark)."""
    total = _at(RANKING, "total", r)
    return f"AND(ISNUMBER({total}),{total}<ReviewPassMark-{native_tolerance()})"


def _place(lang: Lang, r: int) -> str:
    """1, 2, ... by total, highest first; equal totals in the ranking's order; blank without a total."""
    letter, total = RANKING.letter("total"), _at(RANKING, "total", r)
    above = f"${letter}${RANKING.header_row}:{letter}{r - 1}"
    return (f'IF(ISNUMBER({total}),1+COUNTIF({RANKING.column("total")},">"&{total})'
            f'+COUNTIF({above},{total}),"")')


FIRST_PLACE = Text("★ 第一名", "★ First")
RANKING = Block("ranking", "A4", (
    Col("rep", Text("汇报人", "Rep"), formula=_of_project("rep"), width=14),
    Col("project", Text("项目/客户", "Project / customer"), formula=_of_project("project"), width=30),
    Col("listeners", Text("听众数", "Listeners"), formula=_listeners, number_format="0", width=8),
    Col("element", Text("73要素(60)", "73 elements (60)"), formula=_average("element"), number_format=SCORE, width=11),
    Col("logic", Text("逻辑与思路(20)", "Logic (20)"), formula=_average("logic"), number_format=SCORE, width=11),
    Col("presentation", Text("形态与展示(20)", "Presentation (20)"), formula=_average("presentation"),
        number_format=SCORE, width=11),
    Col("total", Text("总分(100)", "Total (100)"), formula=_rep_total, number_format=SCORE, width=11),
    Col("spread", Text("听众分差", "Spread"), formula=_spread, number_format=SCORE, width=9),
    Col("rank", Text("名次", "Rank"), formula=_rank, number_format="0", width=7),
    Col("first", Text("第一名", "First place"),
        formula=lambda lang, r: f'IF({_at(RANKING, "rank", r)}=1,{F.text(FIRST_PLACE(lang))},"")', width=11),
), rows=MAX_REPS)


def _ranking_cell(key: str) -> Callable[[Lang, int], str]:
    return lambda lang, r: f'IF({_at(RANKING, key, r)}="","",{_at(RANKING, key, r)})'


# For the dashboard, row for row beside the ranking in hidden columns (its own columns end where the progress block
# and the closing result's columns begin): below the pass mark (the attention list) and the place by score (the
# ranking chart), with the ranking's figures the attention list shows.
RANKING_FLAGS = Block("ranking_flags", f"Z{RANKING.header_row}", (
    *(Col(key, RANKING.columns[RANKING.index(key)].label, formula=_ranking_cell(key), hidden=True,
          number_format=RANKING.columns[RANKING.index(key)].number_format) for key in ("rep", "project", "total", "rank")),
    Col("below", Text("低于及格线", "Below pass mark"), formula=_below, hidden=True),
    Col("place", Text("得分顺序", "Place by score"), formula=_place, hidden=True),
), rows=MAX_REPS)

PROGRESS_REP = "$M$2"  # the chooser (SUMMARY's progress_rep cell), absolute for the block's formulas


def _history_of(lang: Lang) -> tuple[tuple[str, str], ...]:
    """History rows of the chosen rep that count: theirs, and without a data problem."""
    return ((HISTORY.ref("rep", lang), F.equals(PROGRESS_REP)), (HISTORY.ref("problems", lang), "0"))


def _args(criteria: tuple[tuple[str, str], ...]) -> str:
    return ",".join(f"{a},{b}" for a, b in criteria)


def _latest(lang: Lang, r: int) -> str:
    """The chosen rep's sessions, latest first (0 past the first): the n-th latest date."""
    dates, mine = HISTORY.ref("date", lang), _args(_history_of(lang))
    if r == PROGRESS.first_row:
        return f'IF({PROGRESS_REP}="",0,_xlfn.MAXIFS({dates},{mine}))'
    before = _at(PROGRESS, "latest", r - 1)
    return f'IF(N({before})=0,0,_xlfn.MAXIFS({dates},{mine},{dates},"<"&{before}))'


def _progress_date(lang: Lang, r: int) -> str:
    """The latest PROGRESS_SESSIONS sessions, oldest first."""
    latest, n = PROGRESS.column("latest"), r - PROGRESS.header_row
    shown = f'COUNTIF({latest},">0")'
    return f'IF({n}>{shown},"",INDEX({latest},{shown}+1-{n}))'


def _session_value(key: str, day: Callable[[Lang, int], str]) -> Callable[[Lang, int], str]:
    def formula(lang: Lang, r: int) -> str:
        criteria = ((HISTORY.ref("date", lang), day(lang, r)),) + _history_of(lang)
        return f'IFERROR(AVERAGEIFS({HISTORY.ref(key, lang)},{_args(criteria)}),"")'
    return formula


def _shown(lang: Lang, r: int) -> str:
    return _at(PROGRESS, "date", r)


def _previous(lang: Lang, r: int) -> str:
    """The chosen rep's session before the one on row r (0 if none)."""
    dates = HISTORY.ref("date", lang)
    return f'_xlfn.MAXIFS({dates},{_args(_history_of(lang))},{dates},"<"&{_shown(lang, r)})'


def _change(lang: Lang, r: int) -> str:
    total, before = _session_value("total", _shown)(lang, r), _session_value("total", _previous)(lang, r)
    return F.unless_blank(_shown(lang, r), f'IF({_previous(lang, r)}=0,"",{total}-{before})')


PROGRESS = Block("progress", "L4", (
    Col("date", Text("会议日期", "Session date"), formula=_progress_date, number_format=DATE, width=12),
    Col("total", Text("总分", "Total"),
        formula=lambda lang, r: F.unless_blank(_shown(lang, r), _session_value("total", _shown)(lang, r)),
        number_format=SCORE, width=9),
    Col("change", Text("变化", "Change"), formula=_change, number_format="+0.0;-0.0;0.0", width=9),
    Col("rank", Text("名次", "Rank"),
        formula=lambda lang, r: F.unless_blank(_shown(lang, r), _session_value("rank", _shown)(lang, r)),
        number_format="0", width=7),
    Col("latest", Text("最近场次", "Latest sessions"), formula=_latest, number_format=DATE, hidden=True),
), rows=PROGRESS_SESSIONS)


def data_problems(lang: Lang) -> str:
    """Every error `check` reports: the tables' problem cells and rows typed below them, the grid's problem row,
    cells beyond its capacity and bad checkpoint numbers, the session date, an empty catalogue, and more
    checkpoints or reps than the grid and the ranking hold."""
    usable = usable_checkpoints(lang)
    return "+".join([
        f"SUM({CATALOGUE.ref('problems', lang)})", outside_rows(CATALOGUE, "no", SHEET_CATALOGUE, lang),
        f"--({usable}=0)", f"--({usable}>{MAX_ELEMENTS})",
        f"SUM({GRID.across('problems', lang)})", grid_outside(lang), grid_numbers(lang),
        F.problems_in_cell(SESSION_DATE, SESSION.ref("date", lang)),
        f"SUM({PROJECTS.ref('problems', lang)})", outside_rows(PROJECTS, "rep", SHEET_PROJECTS, lang),
        f"--({listed_reps(lang)}>{MAX_REPS})",
        f"SUM({HISTORY.ref('problems', lang)})", outside_rows(HISTORY, "date", SHEET_HISTORY, lang),
    ])


RESULT_TITLE_ROW = RANKING.last_row + 3  # the closing result, written by close_review_session below the ranking
RESULT = Block("result", f"A{RESULT_TITLE_ROW + 1}", (
    Col("rank", Text("名次", "Rank")), Col("rep", Text("汇报人", "Rep")),
    Col("project", Text("项目/客户", "Project / customer")), Col("element", Text("73要素", "73 elements")),
    Col("logic", Text("逻辑与思路", "Logic and reasoning")),
    Col("presentation", Text("形态与展示", "Form and presentation")), Col("total", Text("总分", "Total")),
    Col("listeners", Text("听众数", "Listeners")), Col("spread", Text("听众分差", "Spread")),
    Col("first", Text("第一名", "First place")), Col("weakest", Text("最弱分组", "Weakest groups"))), rows=0)
NOTES_HEADER = Text("提示(缺评等)", "Notes (missing ratings etc.)")

SUMMARY = Sheet("summary", SHEET_SUMMARY, title=Text("过堂汇总与排名", "Review summary and ranking"), cells=(
    Cell("date", "B2", SESSION_DATE.label, number_format=DATE,
         formula=lambda lang: F.unless_blank(SESSION.ref("date", lang), SESSION.ref("date", lang))),
    Cell("problems", "B3", PROBLEMS, formula=data_problems, number_format="0",
         note=Text("即 xlsales check 报告的错误数:见各表「数据问题」列与评分表的数据问题行",
                   "the errors `xlsales check` reports: see each table's Data problems column and the grid's row")),
    Cell("progress_rep", PROGRESS_REP.replace("$", ""), Text("查看汇报人", "Progress of"), input=True,
         rule=Rule("list", "=" + REP_LIST, what=Text("汇报人", "rep"))),
), blocks=(RANKING, PROGRESS, RESULT, RANKING_FLAGS), widths=(("K", 24),))  # K: the closing result's weakest groups

# ---------------------------------------------------------------------------------------------
# Dashboard: how the session went, the ranking by score, the projects below the pass mark

PASS_MARK = 60  # of 100: our assumption (the texts rank and reward, they set no pass mark); the dashboard's input


def _totals(lang: Lang) -> str:
    return SUMMARY.block_column("ranking", "total", lang)


def _ranking_column(key: str, lang: Lang) -> str:
    return SUMMARY.block_column("ranking", key, lang)


def _ranked(key: str) -> Callable[[Lang, int], str]:
    """The ranking's `key` of the rep in the n-th place by score."""
    def formula(lang: Lang, r: int) -> str:
        place = f'MATCH({r - RANKED.header_row},{SUMMARY.block_column("ranking_flags", "place", lang)},0)'
        return f'IFERROR(INDEX({_ranking_column(key, lang)},{place}),"")'
    return formula


# the ranking chart's data, beside the printed page: the reps in score order with their three parts
RANKED = Block("ranked", "V4", (
    Col("rep", Text("汇报人", "Rep"), formula=_ranked("rep"), width=12),
    Col("element", Text("73要素(60)", "73 elements (60)"), formula=_ranked("element"), number_format=SCORE, width=11),
    Col("logic", Text("逻辑与思路(20)", "Logic (20)"), formula=_ranked("logic"), number_format=SCORE, width=11),
    Col("presentation", Text("形态与展示(20)", "Presentation (20)"), formula=_ranked("presentation"),
        number_format=SCORE, width=11),
    Col("total", Text("总分(100)", "Total (100)"), formula=_ranked("total"), number_format=SCORE, width=11),
), rows=MAX_REPS)

TILE_ROW = 4
DASHBOARD_TILES = (
    Tile("reviewed", f"B{TILE_ROW}", Text("已过堂项目", "Projects reviewed"),
         lambda lang: f"COUNT({_totals(lang)})", "0",
         (Comparison("listed", Text("列出的汇报人", "Reps listed"),
                     lambda lang: f'SUMPRODUCT(--({_ranking_column("rep", lang)}<>""))', kind="share"),)),
    Tile("average", f"E{TILE_ROW}", Text("平均总分", "Average total"),
         lambda lang: f'IF(COUNT({_totals(lang)})=0,"",AVERAGE({_totals(lang)}))', SCORE,
         (Comparison("pass_mark", Text("较及格线", "vs pass mark"), lambda lang: "ReviewPassMark", number_format="0"),)),
    Tile("best", f"H{TILE_ROW}", Text("最高总分", "Best total"),
         lambda lang: f'IF(COUNT({_totals(lang)})=0,"",MAX({_totals(lang)}))', SCORE,
         (Comparison("rep", Text("第一名", "First place"), lambda lang: RANKED.cell("rep", 1), kind="none",
                     number_format="@"),), meaning="won"),
    Tile("below", f"K{TILE_ROW}", Text("低于及格线的项目", "Projects below the pass mark"),
         lambda lang: f"COUNTIF({SUMMARY.block_column('ranking_flags', 'below', lang)},TRUE)", "0",
         (Comparison("reviewed", Text("占已过堂", "of those reviewed"), lambda lang: f"COUNT({_totals(lang)})",
                     kind="share"),), meaning="at_risk"),
    Tile("spread", f"N{TILE_ROW}", Text("最大听众分差", "Widest spread between listeners"),
         lambda lang: f'IF(COUNT({_ranking_column("spread", lang)})=0,"",MAX({_ranking_column("spread", lang)}))',
         SCORE, meaning="plan"),
    Tile("problems", f"Q{TILE_ROW}", Text("数据问题", "Data problems"), lambda lang: SUMMARY.ref("problems", lang), "0",
         meaning="plan"),
)
ATTENTION = attention("attention", "K11", BlockRows(SUMMARY, RANKING_FLAGS, beside=RANKING), SHEET_SUMMARY,
                      (("below", Text("低于及格线", "below the pass mark")),), ("rep", "project", "total", "rank"),
                      rows=8)
SHEET_DASHBOARD = Text("看板", "Dashboard")
DASHBOARD = Sheet("dashboard", SHEET_DASHBOARD, title=Text("项目过堂看板", "Project review dashboard"), cells=(
    Cell("date", "C2", SESSION_DATE.label, formula=lambda lang: SUMMARY.ref("date", lang), number_format=DATE),
    Cell("pass_mark", "F2", Text("及格线", "Pass mark"), value=PASS_MARK, input=True, name="ReviewPassMark",
         number_format="0", rule=Rule("decimal", minimum=0, maximum=100),
         note=Text("总分低于此数的项目列入下方(假设值,可改)", "totals below it are listed below (our assumption: change it)")),
    Cell("attention", "Q10", Text("低于及格线的项目", "Projects below the pass mark"),
         formula=lambda lang: f"COUNTIF({SUMMARY.block_column('ranking_flags', 'below', lang)},TRUE)",
         number_format="0", label_at="L10"),
), tiles=DASHBOARD_TILES, blocks=(RANKED, ATTENTION),
    widths=tuple((letter, 11.0) for letter in "BCDEFGHIJKLMNOPQRS") + (("T", 3.0),))
# the printed page (tiles, the chart, the attention list beside it; the chart data further right) and the chart's cells
DASHBOARD_CHART = f"B{TILE_ROW + Tile.HEIGHT_ROWS + 3}:J{TILE_ROW + Tile.HEIGHT_ROWS + 22}"
DASHBOARD_PRINT_AREA = f"A1:S{TILE_ROW + Tile.HEIGHT_ROWS + 22}"

SHEETS = (DASHBOARD, CATALOGUE_SHEET, SESSION, SUMMARY, PROJECTS_SHEET, HISTORY_SHEET)
