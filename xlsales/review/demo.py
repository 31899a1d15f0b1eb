"""The demo session: seed 001's review of 小王, 小李 and 小张, scored by six listeners each.

The text gives each rep's averaged scores — 小王 30/10/15, 小李 40/15/15, 小张 45/15/15 — and
says 小王 could state neither the key needs nor the budget, timeline or decision process. The
listeners' ratings below are built so that their averages are exactly those figures: each rep
has a clarity profile per group (小王 knows nothing of budget, timeline and decision process),
every listener departs from it a little, and each listener's points are set so that the six
element scores average 30, 40 and 45 (60 × mean points ÷ 146 with 73 checkpoints).
"""

import datetime as dt
import random
from typing import Any

from pydantic import BaseModel

from xlsales.i18n import Lang
from xlsales.review import layout as L
from xlsales.review.catalogue import DEFAULT_ELEMENTS, GROUPS, Element, catalogue_rows
from xlsales.review.history import HISTORY_KEYS
from xlsales.review.inputs import parse_projects
from xlsales.review.session import Session, pairs, parse_session, sheet_rows
from xlsales.review.vocab import CLEAR, FUZZY, PROJECT_COLUMNS, RATING, UNKNOWN
from xlsales.table import ParsedTable

LISTENERS = ["销售主管", "渠道经理", "小崔", "小刘", "小王", "小李", "小张"]
LETTER_LISTENER = "渠道经理"  # types the 8C1F0W letters instead of the words: both are accepted
# Clarity profile per rep (points 0/1/2 per checkpoint, catalogue order, one block a group).
PROFILE = {
    "小王": "22222 0000 0000 11111 2210 0000 1111 222 111 222 1111 2111 1111111 11111 1010 11111 01001",
    "小李": "22222 2111 1110 22111 2221 2111 1101 222 212 222 2111 2222 1221111 21111 2110 11110 11011",
    "小张": "22222 2222 2211 22221 2222 2211 2111 212 221 111 2212 2222 2222111 11110 2121 11101 21101",
}
# Each listener's rating points (in pairs() order): means 73, 97⅓, 109.5 → element scores 30, 40, 45.
POINTS_BY_LISTENER = {"小王": [70, 76, 72, 74, 73, 73], "小李": [95, 99, 97, 98, 96, 99],
                      "小张": [108, 111, 109, 110, 109, 110]}
LOGIC = {"小王": [10, 9, 11, 10, 10, 10], "小李": [15, 14, 16, 15, 15, 15], "小张": [15, 16, 15, 14, 15, 15]}
PRESENTATION = {"小王": [15, 14, 16, 15, 15, 15], "小李": [15, 16, 14, 15, 15, 15], "小张": [15, 15, 16, 15, 14, 15]}
LETTERS = {2: CLEAR, 1: FUZZY, 0: UNKNOWN}


class DemoProject(BaseModel):
    rep: str
    project: str
    company_need: str
    personal_need: str
    sales_need: str
    target_amount: float
    support: str


class DemoColumn(BaseModel):
    rep: str
    listener: str
    letters: str  # one of C/F/W per checkpoint
    logic: float
    presentation: float


class DemoHistory(BaseModel):
    date: dt.date
    rep: str
    project: str
    element: float
    logic: float
    presentation: float
    rank: int
    listeners: int
    spread: float
    weakest: list[str]  # group keys


class DemoReview(BaseModel):
    session_date: dt.date
    elements: list[Element]
    listeners: list[str]
    projects: list[DemoProject]
    columns: list[DemoColumn]
    history: list[DemoHistory]


PROJECTS = [
    DemoProject(rep="小王", project="北京某汽车配件企业(KIS专业版)",
                company_need="企业客户60多家,每月往来业务上百笔,应收账款月底对账很麻烦",
                personal_need="总经理是老板不久前外聘的职业经理人、项目发起人:要靠项目树立地位,又怕项目失败",
                sales_need="老板没有具体预算;推荐账表、应收、销售、库存,成交额约3万",
                target_amount=30_000, support="主管陪同再拜访一次,弄清关键需求、预算、进度和决策流程"),
    DemoProject(rep="小李", project="天津某食品批发公司(KIS商贸版)",
                company_need="门店订单和库存对不上,月底盘点差异大",
                personal_need="财务经理想少加班,在老板面前做出成绩",
                sales_need="商贸版加移动订货,约2万", target_amount=20_000, support="同行业客户案例资料"),
    DemoProject(rep="小张", project="廊坊某机械加工厂(KIS旗舰版)",
                company_need="生产常因缺料停工,采购计划靠经验",
                personal_need="生产副总要证明计划管理改革见效",
                sales_need="旗舰版供应链加生产,约12万", target_amount=120_000, support="售前做一次生产模块演示"),
]


def _listener_points(profile: list[int], target: int, rng: random.Random) -> list[int]:
    """The profile with a little disagreement (points moved between checkpoints), then brought to `target`."""
    points = list(profile)
    for _ in range(3):
        up = rng.choice([i for i, p in enumerate(points) if p < 2])
        down = rng.choice([i for i, p in enumerate(points) if p > 0 and i != up])
        points[up] += 1
        points[down] -= 1
    order = list(range(len(points)))
    rng.shuffle(order)
    # raise fuzzy to clear (or lower clear to fuzzy) first, so the profile's weak groups stay weak
    steps = [(1, 2), (0, 1)] if target > sum(points) else [(2, 1), (1, 0)]
    for before, after in steps:
        for i in order:
            if sum(points) == target:
                return points
            if points[i] == before:
                points[i] = after
    if sum(points) != target:
        raise ValueError(f"cannot reach {target} points from the profile")
    return points


def _columns() -> list[DemoColumn]:
    out = []
    for rep_index, rep in enumerate(PROFILE):
        profile = [int(ch) for ch in PROFILE[rep].replace(" ", "")]
        for i, (_, listener) in enumerate(pairs([rep], LISTENERS)):
            points = _listener_points(profile, POINTS_BY_LISTENER[rep][i], random.Random(100 * rep_index + i))
            out.append(DemoColumn(rep=rep, listener=listener, letters="".join(LETTERS[p] for p in points),
                                  logic=LOGIC[rep][i], presentation=PRESENTATION[rep][i]))
    return out


def _history(session_date: dt.date) -> list[DemoHistory]:
    """Two earlier sessions, a fortnight apart, so the history shows each rep's progress."""
    earlier = [
        (28, {"小王": (24, 8, 12, 3, 9, ["budget", "decision", "timeline"]),
              "小李": (35, 13, 14, 2, 7, ["competitors", "budget", "quote"]),
              "小张": (41, 14, 15, 1, 5, ["demo", "prime", "service"])}),
        (14, {"小王": (27, 9, 14, 3, 8, ["timeline", "budget", "decision"]),
              "小李": (38, 14, 15, 2, 6, ["competitors", "budget", "demo"]),
              "小张": (44, 15, 14, 1, 4, ["prime", "demo", "service"])}),
    ]
    projects = {p.rep: p.project for p in PROJECTS}
    return [DemoHistory(date=session_date - dt.timedelta(days=days), rep=rep, project=projects[rep], element=e,
                        logic=lg, presentation=pr, rank=rank, listeners=6, spread=spread, weakest=weak)
            for days, reps in earlier for rep, (e, lg, pr, rank, spread, weak) in reps.items()]


def demo_review(session_date: dt.date) -> DemoReview:
    return DemoReview(session_date=session_date, elements=DEFAULT_ELEMENTS, listeners=LISTENERS, projects=PROJECTS,
                      columns=_columns(), history=_history(session_date))


def session_rows(data: DemoReview, lang: Lang) -> list[list[Any]]:
    """The session sheet from A1 as the demo workbook holds it: ratings as words (letters for one listener)."""
    reps = [p.rep for p in data.projects]
    checkpoints = [row[:3] for row in catalogue_rows(data.elements, lang)]
    rows = sheet_rows(lang, data.session_date, L.OPEN, data.listeners, reps, checkpoints)
    grid = L.GRID
    first = grid.first_col - 1
    for j, column in enumerate(data.columns):
        for key in ("logic", "presentation"):
            line = rows[grid.row(key) - 1]
            line += [None] * (first + j + 1 - len(line))
            line[first + j] = getattr(column, key)
        for i, letter in enumerate(column.letters):
            line = rows[grid.first_element_row - 1 + i]
            line += [None] * (first + j + 1 - len(line))
            line[first + j] = letter if column.listener == LETTER_LISTENER else RATING[letter](lang)
    return rows


def project_rows(data: DemoReview) -> list[list[Any]]:
    return [[getattr(p, c.key) for c in PROJECT_COLUMNS] for p in data.projects]


def history_rows(data: DemoReview, lang: Lang) -> list[list[Any]]:
    """Earlier sessions as the history table holds them (no header), in HISTORY_COLUMNS order."""
    out = []
    separator = "、" if lang == "zh-CN" else ", "
    for h in data.history:
        values = h.model_dump() | {"total": h.element + h.logic + h.presentation,
                                   "weakest": separator.join(GROUPS[g].name(lang) for g in h.weakest)}
        out.append([values.get(key) for key in HISTORY_KEYS])
    return out


def frames(data: DemoReview, lang: Lang = "zh-CN") -> tuple[Session, ParsedTable]:
    """The session and projects parsed from exactly the rows the demo workbook holds."""
    header = [c.label(lang) for c in PROJECT_COLUMNS]
    projects = parse_projects([header] + project_rows(data), L.SHEET_PROJECTS(lang), L.PROJECTS.header_row - 1)
    session = parse_session(session_rows(data, lang), L.SHEET_SESSION(lang), list(projects.frame["rep"]))
    return session, projects
