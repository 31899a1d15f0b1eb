"""The review's words and limits: ratings, score parts, capacities, and the column specs of its tables.

Ratings reuse the 8C1F0W vocabulary of `xlsales.funnel.clarity` (one list of spellings for
both methods, for Python and for the native formulas): 清楚/Clear/C = 2 points, 模糊/Fuzzy/F = 1,
不知道/Unknown/Wrong/W = 0, compared case-insensitively and untrimmed, as Excel's = compares.
"""

from xlsales.funnel.clarity import RATING_LETTERS
from xlsales.i18n import Text
from xlsales.table import Column

ELEMENT_MAX = 60.0  # 73要素: 60 points, whatever the catalogue's size
LOGIC_MAX = 20.0  # 逻辑与思路
PRESENTATION_MAX = 20.0  # 形态与展示

CLEAR, FUZZY, UNKNOWN = "C", "F", "W"
POINTS = {CLEAR: 2, FUZZY: 1, UNKNOWN: 0}
MAX_POINTS = POINTS[CLEAR]
RATING = {CLEAR: Text("清楚", "Clear"), FUZZY: Text("模糊", "Fuzzy"), UNKNOWN: Text("不知道", "Unknown")}
# every accepted spelling (either language, the 8C1F0W letters) -> C/F/W
RATING_CHOICES: dict[str, str] = dict(RATING_LETTERS)
RATING_HELP = Text("评分应为 清楚/模糊/不知道 或 C/F/W", "a rating must be Clear/Fuzzy/Unknown or C/F/W")
RATING_COLUMN = Column("rating", Text("评分", "Rating"), "choice", choices=RATING_CHOICES)

# Capacities of the workbook's fixed blocks, enforced by `check` (xlsales/review/workbook.py).
MAX_REPS = 20  # rows of the summary's ranking, and of the rep drop-down
MAX_ELEMENTS = 150  # checkpoint rows of the session grid
MAX_GRID_COLUMNS = 120  # rep × listener columns of the session grid (e.g. 10 reps × 12 listeners)
PROGRESS_SESSIONS = 12  # the chosen rep's latest sessions the summary shows (the history itself grows)


def spellings(letter: str) -> list[str]:
    """Every accepted spelling of one rating, as native formulas count them (case-insensitive)."""
    return [word for word, value in RATING_CHOICES.items() if value == letter]


PART = {"element": Text("73要素", "73 elements"), "logic": Text("逻辑与思路", "Logic and reasoning"),
        "presentation": Text("形态与展示", "Form and presentation")}
PART_MAX = {"element": ELEMENT_MAX, "logic": LOGIC_MAX, "presentation": PRESENTATION_MAX}

# Next actions (seed 001): what to fill in, what to keep, what support to ask for.
FILL, KEEP, SUPPORT = "fill", "keep", "support"
ACTION = {FILL: Text("补充", "Fill in"), KEEP: Text("保持", "Keep"), SUPPORT: Text("支持", "Support")}

CATALOGUE_COLUMNS: list[Column] = [
    Column("no", Text("序号", "No."), "number", required=True, minimum=1),
    Column("group", Text("分组", "Group"), "text", required=True),
    Column("question", Text("要素", "Checkpoint"), "text", required=True),
    Column("translation", Text("英文对照", "Chinese original")),
]

# A score part as typed (a listener's logic score) or recorded (the history's averages): 0 to its maximum.
SCORE_PARTS = {part: Column(part, PART[part], "number", minimum=0, maximum=maximum) for part, maximum in PART_MAX.items()}
REP = Column("rep", Text("汇报人", "Rep"), "text", required=True)
PROJECT = Column("project", Text("项目/客户", "Project / customer"))

# One row per listener's score of one rep: the seed's 人员 | 73要素 | 逻辑与思路 | 形态与展示 table.
SCORE_COLUMNS: list[Column] = [REP, Column("listener", Text("听众", "Listener")), *SCORE_PARTS.values()]

# The session grid (laid out by open_review_session): a checkpoint's number in column A; the session's date.
GRID_NO = Column("no", CATALOGUE_COLUMNS[0].label, "number", minimum=1)
SESSION_DATE = Column("date", Text("会议日期", "Session date"), "date")

NEEDS: list[Column] = [
    Column("company_need", Text("企业需求", "Company need")),
    Column("personal_need", Text("个人需求", "Personal need")),
    Column("sales_need", Text("销售需求", "Sales need")),
]
PROJECT_COLUMNS: list[Column] = [
    REP, PROJECT, *NEEDS,
    Column("target_amount", Text("目标金额", "Target amount"), "number", minimum=0),
    Column("support", Text("需要的支持", "Support needed")),
]

HISTORY_COLUMNS: list[Column] = [
    Column("date", SESSION_DATE.label, "date", required=True),
    REP, PROJECT, *SCORE_PARTS.values(),
    Column("total", Text("总分", "Total"), "number", minimum=0, maximum=sum(PART_MAX.values())),
    Column("rank", Text("名次", "Rank"), "number", minimum=1),
    Column("listeners", Text("听众数", "Listeners"), "number", minimum=0),
    Column("spread", Text("听众分差", "Spread between listeners"), "number", minimum=0),
    Column("weakest", Text("最弱分组", "Weakest groups")),
    *NEEDS,
]

# What an Excel function takes at most (issue 14): a larger range gets a message at once instead of minutes of
# work in the cell. Sized from what the workbook itself holds.
MAX_RATING_CELLS = MAX_ELEMENTS * MAX_GRID_COLUMNS  # a whole session grid: 18,000 ratings
MAX_PART_VALUES = MAX_GRID_COLUMNS  # one score part of one rep: a value per listener
MAX_SCORE_ROWS = 10_000  # a score table, one row per listener's score of a rep
MAX_HISTORY_ROWS = 50_000  # sessions × reps (20 reps meeting weekly for 48 years)
