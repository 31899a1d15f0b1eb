"""Review Excel functions and scripts, called as Excel would call them (ranges as lists of lists)."""

import datetime as dt

import pytest
from openpyxl.utils.formulas import FORMULAE

import udfs.review as R
from tests.fakebook import FakeBook
from tests.review_cases import SEED_TABLE
from xlsales.problems import InputError
from xlsales.review import layout as L
from xlsales.review.catalogue import GROUPS
from xlsales.review.demo import demo_review, history_rows
from xlsales.review.vocab import HISTORY_COLUMNS
from xlsales.templates.review import build

PUBLIC = ["review_element_score", "review_total", "review_ranking", "review_rank", "review_weakest",
          "review_progress"]
SCRIPTS = ["open_review_session", "close_review_session"]
DATE = dt.date(2026, 11, 23)
BLOCK = [["C", "清楚"], ["F", "clear"], ["W", "模糊"]]  # two listeners: 3/6 → 30, 5/6 → 50


def test_names_do_not_collide_with_excel_builtins():
    for name in PUBLIC + SCRIPTS:
        assert name.upper() not in FORMULAE and callable(getattr(R, name))


def test_functions_on_the_seed_table_and_a_hand_block():
    assert R.review_total(30, 10, 15) == 55
    assert R.review_total(45, [[15], [16], [14]], 15) == 75  # listeners' logic scores averaged
    assert R.review_element_score(BLOCK) == pytest.approx(40)
    table = R.review_ranking(SEED_TABLE)
    assert table[0][0] == "汇报人 Rep"
    assert [(r[0], r[5], r[7], r[8]) for r in table[1:]] == [("小王", 55, 3, False), ("小李", 70, 2, False),
                                                              ("小张", 75, 1, True)]
    assert R.review_rank(SEED_TABLE, "小张") == 1 and R.review_rank(SEED_TABLE, "小王") == 3
    weakest = R.review_weakest([["预算"], ["预算"], ["竞争对手"]], BLOCK)
    assert weakest == [["分组 Group", "清楚度 Clarity"], ["竞争对手", pytest.approx(0.25)]]  # 预算 7/8 is kept
    assert R.review_weakest(["预算", "竞争对手", "竞争对手"], BLOCK, 1) == [["分组 Group", "清楚度 Clarity"],
                                                                          ["竞争对手", pytest.approx(4 / 8)]]


def test_a_missing_rating_is_refused_unless_rescaling_is_asked_for():
    block = [["C", "清楚"], [None, "clear"], ["W", "模糊"]]
    assert R.review_element_score(block) == "#XLSALES! 评分区域 ratings!A2: 未评分 / not rated"
    assert R.review_element_score(block, True) == pytest.approx((30 + 50) / 2)  # A: 2 points over 2 rated
    assert R.review_element_score([["C", None], ["F", None]]) == pytest.approx(45)  # an unscored listener


def test_progress_from_the_history_sheet():
    rows = [[c.label.zh for c in HISTORY_COLUMNS]] + history_rows(demo_review(DATE), "zh-CN")
    assert R.review_progress(rows, "小王") == [["会议日期 Date", "总分 Total", "变化 Change", "名次 Rank"],
                                              [dt.date(2026, 10, 26), 44, "", 3], [dt.date(2026, 11, 9), 50, 6, 3]]


@pytest.mark.parametrize("call, fragment", [
    (lambda: R.review_total(61, 10, 15), "0–60"),
    (lambda: R.review_total(None, 10, 15), "'73 elements' is missing"),
    (lambda: R.review_total(30, "十", 15), "must be a number"),
    (lambda: R.review_element_score([["C", "好"]]), "ratings!B1: 评分应为 清楚/模糊/不知道 或 C/F/W"),
    (lambda: R.review_element_score([[None, None]]), "no ratings given"),
    (lambda: R.review_rank(SEED_TABLE, "老周"), "no rep '老周'"),
    (lambda: R.review_rank([["汇报人", "73要素", "逻辑与思路"], ["小王", 30, 10]], "小王"), "has no rank"),
    (lambda: R.review_ranking([["汇报人", "73要素"], ["小王", 70]]), "评分表 scores!B2"),
    (lambda: R.review_ranking([["姓名"], ["小王"]]), "missing column 'Rep'"),
    (lambda: R.review_weakest([["预算"]], BLOCK), "1 group rows for 3 rating rows"),
    (lambda: R.review_weakest([["预算"], [None], ["预算"]], BLOCK), "ratings!A2: 该行评分没有分组"),
    (lambda: R.review_weakest([["预算"]] * 3, BLOCK, 0), "at least 1"),
    (lambda: R.review_progress([["会议日期", "汇报人"], ["2026-11-23", "小王"]], "老周"), "no sessions for '老周'"),
])
def test_bad_arguments_give_a_readable_message(call, fragment):
    result = call()
    assert isinstance(result, str) and result.startswith("#XLSALES! ") and fragment in result, result


# ------------------------------------------------------------------------------------------------
# scripts on the demo workbook

@pytest.fixture(params=["zh-CN", "en"])
def demo_book(request):
    return request.param, FakeBook(build(request.param, demo_review(DATE)))


def _sheet(book, name):
    return next(s for s in book.sheets if s.name in (name.zh, name.en))


def _rows(sheet, top: int, left: int, width: int):
    out = []
    for r in range(top, sheet.ws.max_row + 1):
        values = [sheet.ws.cell(r, c).value for c in range(left, left + width)]
        if all(v is None for v in values):
            break
        out.append(values)
    return out


def test_open_refuses_while_a_session_is_not_closed(demo_book):
    _, book = demo_book
    with pytest.raises(ValueError, match="run close_review_session first"):
        R.open_review_session(book)


def test_close_ranks_writes_next_actions_and_appends_history(demo_book):
    lang, book = demo_book
    R.close_review_session(book)
    result = _rows(_sheet(book, L.SHEET_SUMMARY), L.RESULT_ROW + 2, 1, 11)
    assert [(r[0], r[1], r[6], r[9] is not None) for r in result] == [
        (1, "小张", 75, True), (2, "小李", 70, False), (3, "小王", 55, False)]
    assert result[2][3:6] == [30, 10, 15] and result[2][7] == 6
    timeline, budget, decision = (GROUPS[k].name(lang) for k in ("timeline", "budget", "decision"))
    assert result[2][10] == ("、" if lang == "zh-CN" else ", ").join([timeline, budget, decision])
    notes = _sheet(book, L.SHEET_SUMMARY).ws.cell(L.RESULT_ROW + 2 + 3 + 2, 1).value
    assert notes in ("无", "None")
    actions = _rows(_sheet(book, L.SHEET_PROJECTS), L.PROJECTS_HEADER_ROW + 1, L.NEXT_ACTIONS_COL, 5)
    assert [a[0] for a in actions].count("小王") == 4  # three gaps to fill, one row of strengths to keep
    assert actions[0][1] == ("补充" if lang == "zh-CN" else "Fill in") and actions[0][2] == timeline
    history = _rows(_sheet(book, L.SHEET_HISTORY), 2, 1, len(HISTORY_COLUMNS))
    assert len(history) == 9 and [h[0] for h in history[-3:]] == [DATE] * 3
    assert [(h[1], h[6], h[7]) for h in history[-3:]] == [("小张", 75, 1), ("小李", 70, 2), ("小王", 55, 3)]
    assert history[-1][11].startswith("企业客户60多家")  # the three needs recorded with the project
    assert _sheet(book, L.SHEET_SESSION).range(L.STATUS_CELL).value == L.SESSION_STATUS[L.CLOSED](lang)
    R.close_review_session(book)  # closing again replaces the day's rows
    assert len(_rows(_sheet(book, L.SHEET_HISTORY), 2, 1, len(HISTORY_COLUMNS))) == 9


def test_open_after_close_lays_out_a_fresh_grid(demo_book):
    lang, book = demo_book
    R.close_review_session(book)
    session = _sheet(book, L.SHEET_SESSION)
    session.range(L.LISTENERS_CELL).value = "销售主管, 小王, 小李"
    R.open_review_session(book)
    names = _rows(session, L.REP_ROW, L.FIRST_RATING_COL, 20)
    assert names[0][:8] == ["小王", "小王", "小李", "小李", "小张", "小张", "小张", None]  # nobody scores themself
    assert names[1][:7] == ["销售主管", "小李", "销售主管", "小王", "销售主管", "小王", "小李"]
    assert session.range(f"D{L.LOGIC_ROW}").value is None and session.range(f"I{L.FIRST_ELEMENT_ROW}").value is None
    assert session.range(f"D{L.ELEMENT_ROW}").value.startswith("=IF(N(D9)=0")
    assert session.range(f"A{L.FIRST_ELEMENT_ROW + 72}").value == 73
    assert session.range(f"K{L.FIRST_ELEMENT_ROW}").value is None  # the old 18 columns are gone
    assert session.range(L.STATUS_CELL).value == L.SESSION_STATUS[L.OPEN](lang)
    assert session.range(L.DATE_CELL).value == dt.date.today()  # not the closed session's date
    assert _sheet(book, L.SHEET_SUMMARY).range(f"A{L.RESULT_ROW}").value is None
    assert _sheet(book, L.SHEET_PROJECTS).range(f"J{L.PROJECTS_HEADER_ROW + 1}").value is None


def test_a_new_workbook_from_reps_and_listeners_to_a_closed_session():
    book = FakeBook(build("zh-CN"))
    projects, session = _sheet(book, L.SHEET_PROJECTS), _sheet(book, L.SHEET_SESSION)
    with pytest.raises(InputError, match="no reps given"):
        R.open_review_session(book)
    projects.range(f"A{L.PROJECTS_HEADER_ROW + 1}").value = [["小王", "汽配厂"], ["小李", "食品批发"]]
    session.range(L.LISTENERS_CELL).value = "主管、小王、小李"
    R.open_review_session(book)
    assert session.range(L.DATE_CELL).value == dt.date.today()
    # 小王: 主管 rates everything clear, 小李 leaves one checkpoint blank; 小李: only 主管 scores
    for col, value in (("D", "清楚"), ("E", "C"), ("F", "模糊")):
        for r in range(L.FIRST_ELEMENT_ROW, L.FIRST_ELEMENT_ROW + 73):
            session.range(f"{col}{r}").value = value
    session.range(f"E{L.FIRST_ELEMENT_ROW + 5}").value = None
    for col, logic, shown in (("D", 16, 18), ("E", 14, 12), ("F", 10, 10)):
        session.range(f"{col}{L.LOGIC_ROW}").value = logic
        session.range(f"{col}{L.PRESENTATION_ROW}").value = shown
    session.range(L.DATE_CELL).value = DATE
    R.close_review_session(book)
    summary = _sheet(book, L.SHEET_SUMMARY)
    result = _rows(summary, L.RESULT_ROW + 2, 1, 11)
    assert [(r[0], r[1], r[6]) for r in result] == [(1, "小王", 60 + 15 + 15), (2, "小李", 30 + 10 + 10)]
    notes = [r[0] for r in _rows(summary, L.RESULT_ROW + 2 + len(result) + 2, 1, 1)]
    assert notes == ["[提示 warning] 过堂评分!G6: 「小王」没有给「小李」打分,不计入平均 / "
                     "小王 gave 小李 no scores; left out of the averages",
                     f"[提示 warning] 过堂评分!E{L.FIRST_ELEMENT_ROW + 5}: 未评分:「小李」给「小王」的要素分按已评的 72 项折算 / "
                     "not rated: 小李's element score for 小王 is scaled over the 72 rated"]
    assert _sheet(book, L.SHEET_HISTORY).range("B3").value == "小李"


def test_close_refuses_bad_ratings_naming_the_cell(demo_book):
    lang, book = demo_book
    session = _sheet(book, L.SHEET_SESSION)
    session.range(f"E{L.FIRST_ELEMENT_ROW + 1}").value = "差不多"
    with pytest.raises(InputError) as error:
        R.close_review_session(book)
    assert [p.where for p in error.value.problems] == [f"{session.name}!E{L.FIRST_ELEMENT_ROW + 1}"]
    assert _sheet(book, L.SHEET_HISTORY).range("A8").value is None  # nothing appended
