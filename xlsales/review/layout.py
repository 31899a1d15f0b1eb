"""Where things live in the review workbook: sheet names, table names, the session grid's rows and columns.

The template builder, the scripts and `xlsales check` all read this one description. The
session sheet's per-listener formulas are written both by the template and by the script that
opens a new session, so their text is made here, from the rating vocabulary.
"""

from xlsales.i18n import Text
from xlsales.problems import column_letter
from xlsales.review.vocab import CLEAR, ELEMENT_MAX, FUZZY, MAX_POINTS, POINTS, RATING_CHOICES, spellings

SHEET_INSTRUCTIONS = Text("说明", "Instructions")
SHEET_CATALOGUE = Text("要素目录", "Catalogue")
SHEET_SESSION = Text("过堂评分", "Session scoring")
SHEET_SUMMARY = Text("汇总排名", "Summary and ranking")
SHEET_PROJECTS = Text("三大需求与下一步", "Three needs and next actions")
SHEET_HISTORY = Text("历史", "History")

TABLE_CATALOGUE = "ReviewCatalogue"  # catalogue sheet, header in row 1
TABLE_PROJECTS = "ReviewProjects"  # projects sheet: reps of the session, their projects and three needs
PROJECTS_HEADER_ROW = 3
MAX_REPS = 20  # rows the projects table and the summary keep
MAX_ELEMENTS = 150  # rows the session grid's validation and formulas reach
MAX_GRID_COLUMNS = 120  # rep × listener columns the session grid's validation and summary formulas reach

# Session sheet (1-based rows). A–C hold the checkpoints; one column per (rep, listener) from D.
DATE_CELL, STATUS_CELL, LISTENERS_CELL = "B2", "D2", "B3"
REP_ROW, LISTENER_ROW = 5, 6
LOGIC_ROW, PRESENTATION_ROW = 7, 8  # typed by the manager from each listener's sheet
RATED_ROW, ELEMENT_ROW, TOTAL_ROW = 9, 10, 11  # native formulas
GRID_HEADER_ROW = 12
FIRST_ELEMENT_ROW = GRID_HEADER_ROW + 1
FIRST_RATING_COL = 4  # D
HEAD_LABELS = {
    "date": Text("会议日期", "Session date"),
    "status": Text("状态", "Status"),
    "listeners": Text("听众(用、分隔)", "Listeners (separated by commas)"),
}
ROW_LABELS = {  # column C of the rows above the grid
    REP_ROW: Text("汇报人", "Rep"),
    LISTENER_ROW: Text("听众", "Listener"),
    LOGIC_ROW: Text("逻辑与思路(0–20)", "Logic and reasoning (0–20)"),
    PRESENTATION_ROW: Text("形态与展示(0–20)", "Form and presentation (0–20)"),
    RATED_ROW: Text("已评要素数", "Checkpoints rated"),
    ELEMENT_ROW: Text("73要素得分(折算为60分)", "Element score (scaled to 60)"),
    TOTAL_ROW: Text("合计(100)", "Total (100)"),
}
OPEN, CLOSED = "open", "closed"
SESSION_STATUS = {OPEN: Text("进行中", "Open"), CLOSED: Text("已结束", "Closed")}

# Projects sheet: next actions written by close_review_session from this column, header on the table's row.
NEXT_ACTIONS_COL = 10  # J
NEXT_ACTION_HEADERS = [Text("汇报人", "Rep"), Text("类型", "Kind"), Text("分组", "Group"),
                       Text("清楚度", "Clarity"), Text("下一步行动", "Next action")]

# Summary sheet: live native ranking from row RANKING_HEADER_ROW; the closing result written below it.
RANKING_HEADER_ROW = 4
RESULT_ROW = RANKING_HEADER_ROW + MAX_REPS + 3
RESULT_HEADERS = [Text("名次", "Rank"), Text("汇报人", "Rep"), Text("项目/客户", "Project / customer"),
                  Text("73要素", "73 elements"), Text("逻辑与思路", "Logic and reasoning"),
                  Text("形态与展示", "Form and presentation"), Text("总分", "Total"), Text("听众数", "Listeners"),
                  Text("听众分差", "Spread"), Text("第一名", "First place"), Text("最弱分组", "Weakest groups")]
FIRST_PLACE = Text("★ 第一名", "★ First")
NOTES_HEADER = Text("提示(缺评等)", "Notes (missing ratings etc.)")


def rating_col(index: int) -> str:
    """Letter of the index-th (0-based) rep × listener column."""
    return column_letter(FIRST_RATING_COL - 1 + index)


def _match(cells: str, letter: str) -> str:
    words = ",".join(f'"{w}"' for w in spellings(letter))
    return f"ISNUMBER(MATCH({cells},{{{words}}},0))"


def rated_formula(col: str, last_row: int) -> str:
    """How many checkpoints of one column hold a rating (any accepted spelling; MATCH ignores case)."""
    cells = f"{col}{FIRST_ELEMENT_ROW}:{col}{last_row}"
    words = ",".join(f'"{w}"' for w in RATING_CHOICES)
    return f"=SUMPRODUCT(ISNUMBER(MATCH({cells},{{{words}}},0))*1)"


def element_formula(col: str, last_row: int) -> str:
    """One listener's element score: rating points over the rated checkpoints, scaled to 60."""
    cells = f"{col}{FIRST_ELEMENT_ROW}:{col}{last_row}"
    points = f"SUMPRODUCT({_match(cells, CLEAR)}*{POINTS[CLEAR]}+{_match(cells, FUZZY)}*{POINTS[FUZZY]})"
    return f'=IF(N({col}{RATED_ROW})=0,"",{ELEMENT_MAX:g}*{points}/({MAX_POINTS}*{col}{RATED_ROW}))'


def total_formula(col: str) -> str:
    element, logic, shown = f"{col}{ELEMENT_ROW}", f"{col}{LOGIC_ROW}", f"{col}{PRESENTATION_ROW}"
    return (f'=IF(OR(NOT(ISNUMBER({element})),NOT(ISNUMBER({logic})),NOT(ISNUMBER({shown}))),"",'
            f"{element}+{logic}+{shown})")
