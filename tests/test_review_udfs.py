"""Review Excel functions and scripts, called as Excel would call them (ranges as lists of lists), the scripts on
the demo workbook, on the empty template, on a half-filled one and twice in a row."""

import datetime as dt

import pytest

import udfs.review as R
from tests.fakebook import FakeBook
from tests.review_cases import SEED_TABLE, ExcelLikeBook, rating_cell
from tests.workbook_values import values_by_sheet
from xlsales.problems import InputError, UserError
from xlsales.review import layout as L
from xlsales.review.catalogue import GROUPS
from xlsales.review.demo import demo_review, history_rows
from xlsales.review.vocab import HISTORY_COLUMNS, MAX_ELEMENTS, MAX_GRID_COLUMNS, MAX_RATING_CELLS
from xlsales.templates.review import build

DATE = dt.date(2026, 11, 23)
BLOCK = [["C", "清楚"], ["F", "clear"], ["W", "模糊"]]  # two listeners: 3/6 → 30, 5/6 → 50
G = L.GRID


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


@pytest.mark.parametrize("checkpoints", [1, 7, 73, MAX_ELEMENTS])
def test_element_score_is_60_times_points_over_twice_the_rated_for_any_size(checkpoints):
    """Points 2/1/0 in turn: 60 × points ÷ (2 × rated), whatever the catalogue's size."""
    letters = ["C", "F", "W"]
    block = [[letters[i % 3], "clear"] for i in range(checkpoints)]
    points = sum(2 - i % 3 for i in range(checkpoints))
    assert R.review_element_score(block) == pytest.approx((60 * points / (2 * checkpoints) + 60) / 2)


def test_a_missing_rating_is_refused_unless_rescaling_is_asked_for():
    block = [["C", "清楚"], [None, "clear"], ["W", "模糊"]]
    assert R.review_element_score(block) == "#XLSALES! 评分区域 ratings!A2: 未评分 / not rated"
    assert R.review_element_score(block, True) == pytest.approx((30 + 50) / 2)  # A: 2 points over 2 rated
    assert R.review_element_score([["C", None], ["F", None]]) == pytest.approx(45)  # an unscored listener
    assert R.review_element_score([["C", ""], ["F", ""]]) == pytest.approx(45)  # Lite hands empty cells as ""


def test_a_range_past_the_documented_size_gets_a_message_before_any_work():
    """Issue 14: 200,000 ratings took 13 s in a cell. Past a whole session grid the answer is a message."""
    big = ["清楚"] * 200_000
    for call in (lambda: R.review_element_score(big), lambda: R.review_weakest(big, big)):
        assert call() == ("#XLSALES! 「评分区域」最多 18,000 个单元格,收到 200,000:请只选所需的区域 / 'ratings' takes at "
                          "most 18,000 cells, got 200,000: select only the range needed")
    grid = [["C"] * MAX_GRID_COLUMNS for _ in range(MAX_ELEMENTS)]
    assert MAX_RATING_CELLS == len(grid) * len(grid[0]) and R.review_element_score(grid) == pytest.approx(60)
    too_many = [["汇报人", "73要素", "逻辑与思路", "形态与展示"]] + [["甲", 30, 10, 15]] * 10_001
    assert "takes at most 10,000 rows" in R.review_ranking(too_many)
    assert "at most 120" in R.review_total(30, [10] * 121, 15)
    assert R.review_ranking(too_many[:10_001])[1][:2] == ["甲", 10_000]


def test_progress_from_the_history_table():
    rows = [[c.label.zh for c in HISTORY_COLUMNS]] + history_rows(demo_review(DATE), "zh-CN")
    assert R.review_progress(rows, "小王") == [["会议日期 Date", "总分 Total", "变化 Change", "名次 Rank"],
                                              [dt.date(2026, 10, 26), 44, "", 3], [dt.date(2026, 11, 9), 50, 6, 3]]
    # a gap in a column the progress does not use is not its problem
    rows[1][HISTORY_COLUMNS.index(next(c for c in HISTORY_COLUMNS if c.key == "spread"))] = "宽"
    assert R.review_progress(rows, "小王")[1] == [dt.date(2026, 10, 26), 44, "", 3]


@pytest.mark.parametrize("call, fragment", [
    (lambda: R.review_total(61, 10, 15), "0–60"),
    (lambda: R.review_total(None, 10, 15), "'73 elements' is missing"),
    (lambda: R.review_total(30, "十", 15), "must be a number"),
    (lambda: R.review_element_score([["C", "好"]]), "ratings!B1: 评分应为 清楚/模糊/不知道 或 C/F/W"),
    (lambda: R.review_element_score([["C", "#N/A"]]), "ratings!B1: 「评分」是错误值 #N/A"),
    (lambda: R.review_element_score([[None, None]]), "no ratings given"),
    (lambda: R.review_rank(SEED_TABLE, "老周"), "no rep '老周'"),
    (lambda: R.review_rank([["汇报人", "73要素", "逻辑与思路"], ["小王", 30, 10]], "小王"), "has no rank"),
    (lambda: R.review_ranking([["汇报人", "73要素"], ["小王", 70]]), "评分表 scores!B2"),
    (lambda: R.review_ranking([["汇报人", "73要素"], ["小王", "30"]]), "stored as text"),
    (lambda: R.review_ranking([["姓名"], ["小王"]]), "missing column 'Rep'"),
    (lambda: R.review_weakest([["预算"]], BLOCK), "1 group rows for 3 rating rows"),
    (lambda: R.review_weakest([["预算"], [None], ["预算"]], BLOCK), "ratings!A2: 该行评分没有分组"),
    (lambda: R.review_weakest([["预算"]] * 3, BLOCK, 0), "at least 1"),
    (lambda: R.review_progress([["会议日期", "汇报人"], [DATE, "小王"]], "老周"), "no sessions for '老周'"),
    (lambda: R.review_progress([["会议日期", "汇报人"], ["2026-11-23", "小王"]], "小王"), "date stored as text"),
])
def test_bad_arguments_give_a_readable_message(call, fragment):
    result = call()
    assert isinstance(result, str) and result.startswith("#XLSALES! ") and fragment in result, result


# ------------------------------------------------------------------------------------------------
# scripts

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


def _history(book):
    table = L.HISTORY
    inputs = [c for c in table.columns if c.read is not None]
    return _rows(_sheet(book, L.SHEET_HISTORY), table.first_row, table.first_col, len(inputs))


def _result(book):
    return _rows(_sheet(book, L.SHEET_SUMMARY), L.RESULT.first_row, L.RESULT.first_col, len(L.RESULT.columns))


def _actions(book):
    block = L.NEXT_ACTIONS
    return _rows(_sheet(book, L.SHEET_PROJECTS), block.first_row, block.first_col, len(block.columns))


@pytest.fixture(params=["zh-CN", "en"])
def demo_book(request):
    return request.param, FakeBook(build(request.param, demo_review(DATE)))


def test_open_refuses_while_a_session_is_not_closed(demo_book):
    _, book = demo_book
    before = values_by_sheet(book.wb)
    with pytest.raises(UserError, match="run close_review_session first"):
        R.open_review_session(book)
    assert values_by_sheet(book.wb) == before


def test_close_ranks_writes_next_actions_and_records_history_and_twice_changes_nothing(demo_book):
    lang, book = demo_book
    R.close_review_session(book)
    result = _result(book)
    assert [(r[0], r[1], r[6], r[9] is not None) for r in result] == [
        (1, "小张", 75, True), (2, "小李", 70, False), (3, "小王", 55, False)]
    assert result[2][3:6] == [30, 10, 15] and result[2][7] == 6
    timeline, budget, decision = (GROUPS[k].name(lang) for k in ("timeline", "budget", "decision"))
    assert result[2][10] == ("、" if lang == "zh-CN" else ", ").join([timeline, budget, decision])
    summary = _sheet(book, L.SHEET_SUMMARY)
    assert summary.ws.cell(L.RESULT.first_row + 3 + 2, 1).value in ("无", "None")
    actions = _actions(book)
    assert [a[0] for a in actions].count("小王") == 4  # three gaps to fill, one row of strengths to keep
    assert actions[0][1] == ("补充" if lang == "zh-CN" else "Fill in") and actions[0][2] == timeline
    history = _history(book)
    assert len(history) == 9 and [h[0] for h in history[-3:]] == [DATE] * 3
    assert [(h[1], h[6], h[7]) for h in history[-3:]] == [("小张", 75, 1), ("小李", 70, 2), ("小王", 55, 3)]
    assert history[-1][11].startswith("企业客户60多家")  # the three needs recorded with the project
    assert _sheet(book, L.SHEET_HISTORY).ws.tables[L.HISTORY.name].ref == f"{L.HISTORY.at}:{L.HISTORY.last_letter()}10"
    problems = _sheet(book, L.SHEET_HISTORY).range(f"{L.HISTORY.letter('problems')}10").value
    assert problems == "=" + L.HISTORY.col("problems").formula(lang, 10)  # each new row has the table's formula
    assert _sheet(book, L.SHEET_SESSION).range(L.SESSION.address("status")).value == L.SESSION_STATUS[L.CLOSED](lang)
    once = values_by_sheet(book.wb)
    R.close_review_session(book)  # closing again replaces the day's rows: nothing lost, nothing doubled
    assert values_by_sheet(book.wb) == once


def test_open_after_close_lays_out_a_fresh_grid_and_keeps_history_and_needs(demo_book):
    lang, book = demo_book
    R.close_review_session(book)
    width = len(L.PROJECTS.columns)
    history, projects = _history(book), [r[:width] for r in values_by_sheet(book.wb)[L.SHEET_PROJECTS(lang)]]
    session = _sheet(book, L.SHEET_SESSION)
    session.range(L.SESSION.address("listeners")).value = "销售主管, 小王, 小李"
    R.open_review_session(book)
    names = _rows(session, G.row("rep"), G.first_col, 20)
    assert names[0][:8] == ["小王", "小王", "小李", "小李", "小张", "小张", "小张", None]  # nobody scores themself
    assert names[1][:7] == ["销售主管", "小李", "销售主管", "小王", "销售主管", "小王", "小李"]
    assert session.range(G.cell("logic", 0)).value is None and session.range(rating_cell(5, 0)).value is None
    assert session.range(G.cell("element", 0)).value == "=" + G.grid_row("element").formula(lang, 0)
    assert session.range(G.cell("element", G.columns - 1)).value.startswith("=IF(")  # every column of the capacity
    assert session.range(f"{G.checkpoint_letter('no')}{G.first_element_row + 72}").value == 73
    assert session.range(rating_cell(7, 0)).value is None  # the old 18 columns are gone
    assert session.range(L.SESSION.address("status")).value == L.SESSION_STATUS[L.OPEN](lang)
    assert session.range(L.SESSION.address("date")).value == dt.date.today()  # not the closed session's date
    assert _result(book) == [] and _actions(book) == []
    assert _sheet(book, L.SHEET_SUMMARY).range(f"A{L.RESULT_TITLE_ROW}").value is None
    assert _history(book) == history
    assert [r[:width] for r in values_by_sheet(book.wb)[L.SHEET_PROJECTS(lang)]] == projects  # the three needs stay
    once = values_by_sheet(book.wb)
    R.open_review_session(book)  # no scores yet: laying it out again gives the same grid
    assert values_by_sheet(book.wb) == once


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_scripts_on_the_empty_template_say_what_is_missing_and_change_nothing(lang):
    book = FakeBook(build(lang))
    before = values_by_sheet(book.wb)
    with pytest.raises(InputError, match="no reps given") as opened:
        R.open_review_session(book)
    assert "no listeners given" in str(opened.value)
    with pytest.raises(InputError, match="the session date is missing"):
        R.close_review_session(book)
    assert values_by_sheet(book.wb) == before


def test_a_half_filled_workbook_from_reps_and_listeners_to_a_closed_session():
    book = FakeBook(build("zh-CN"))
    projects, session = _sheet(book, L.SHEET_PROJECTS), _sheet(book, L.SHEET_SESSION)
    projects.range(f"{L.PROJECTS.letter('rep')}{L.PROJECTS.first_row}").value = [["小王", "汽配厂"], ["小李", "食品批发"]]
    session.range(L.SESSION.address("listeners")).value = "主管、小王、小李"
    R.open_review_session(book)
    R.open_review_session(book)  # twice: the same empty grid
    assert session.range(L.SESSION.address("date")).value == dt.date.today()
    with pytest.raises(UserError, match="no rep has complete scores yet"):
        R.close_review_session(book)
    # 小王: 主管 rates everything clear, 小李 leaves one checkpoint blank; 小李: only 主管 scores
    for i, value in ((0, "清楚"), (1, "C"), (2, "模糊")):
        for n in range(73):
            session.range(rating_cell(i, n)).value = value
    session.range(rating_cell(1, 5)).value = None
    for i, logic, shown in ((0, 16, 18), (1, 14, 12), (2, 10, 10)):
        session.range(G.cell("logic", i)).value = logic
        session.range(G.cell("presentation", i)).value = shown
    session.range(L.SESSION.address("date")).value = DATE
    R.close_review_session(book)
    result = _result(book)
    assert [(r[0], r[1], r[6]) for r in result] == [(1, "小王", 60 + 15 + 15), (2, "小李", 30 + 10 + 10)]
    notes = [r[0] for r in _rows(_sheet(book, L.SHEET_SUMMARY), L.RESULT.first_row + len(result) + 2, 1, 1)]
    assert notes == [f"[提示 warning] 过堂评分!{G.cell('listener', 3)}: 「小王」没有给「小李」打分,不计入平均 / "
                     "小王 gave 小李 no scores; left out of the averages",
                     f"[提示 warning] 过堂评分!{rating_cell(1, 5)}: 未评分:「小李」给「小王」的要素分按已评的 72 项折算 / "
                     "not rated: 小李's element score for 小王 is scaled over the 72 rated"]
    assert [h[1] for h in _history(book)] == ["小王", "小李"]
    projects.range(f"{L.PROJECTS.letter('company_need')}{L.PROJECTS.first_row}").value = "对账"
    once = values_by_sheet(book.wb)
    R.close_review_session(book)
    assert values_by_sheet(book.wb) != once and _history(book)[0][11] == "对账"  # the needs typed since are recorded
    assert len(_history(book)) == 2


def test_names_excel_would_read_as_patterns_or_formulas_keep_their_own_scores():
    """王?, 李*, ~x, =赵六, <5 and >3 are names, not COUNTIF patterns or formulas."""
    reps = ["王?", "李*", "~x", "=赵六", "<5", ">3"]
    book = ExcelLikeBook(build("zh-CN"))
    projects, session = _sheet(book, L.SHEET_PROJECTS), _sheet(book, L.SHEET_SESSION)
    projects.range(f"{L.PROJECTS.letter('rep')}{L.PROJECTS.first_row}").value = [[f"'{r}"] for r in reps]
    session.range(L.SESSION.address("listeners")).value = "主管"
    R.open_review_session(book)
    assert [session.range(G.cell("rep", i)).value for i in range(len(reps))] == reps
    for i in range(len(reps)):  # rep i: i checkpoints clear, the rest unknown; logic and presentation i
        for n in range(73):
            session.range(rating_cell(i, n)).value = "C" if n < i else "W"
        session.range(G.cell("logic", i)).value = i
        session.range(G.cell("presentation", i)).value = i
    session.range(L.SESSION.address("date")).value = DATE
    R.close_review_session(book)
    result = {r[1]: r for r in _result(book)}
    assert list(result) == list(reversed(reps))
    for i, rep in enumerate(reps):
        assert result[rep][3] == pytest.approx(60 * 2 * i / 146) and result[rep][6] == pytest.approx(
            60 * 2 * i / 146 + 2 * i)


def test_close_refuses_bad_ratings_naming_the_cell(demo_book):
    _, book = demo_book
    session = _sheet(book, L.SHEET_SESSION)
    session.range(rating_cell(1, 1)).value = "差不多"
    before = _history(book)
    with pytest.raises(InputError) as error:
        R.close_review_session(book)
    assert [p.where for p in error.value.problems] == [f"{session.name}!{rating_cell(1, 1)}"]
    assert _history(book) == before  # nothing recorded


def test_open_refuses_more_than_the_grid_holds():
    book = FakeBook(build("en"))
    projects, session = _sheet(book, L.SHEET_PROJECTS), _sheet(book, L.SHEET_SESSION)
    projects.range(f"{L.PROJECTS.letter('rep')}{L.PROJECTS.first_row}").value = [[f"r{i}"] for i in range(11)]
    session.range(L.SESSION.address("listeners")).value = ", ".join(f"l{i}" for i in range(11))
    with pytest.raises(InputError, match=f"the grid holds {MAX_GRID_COLUMNS}"):
        R.open_review_session(book)
    session.range(L.SESSION.address("listeners")).value = "l1"
    catalogue = _sheet(book, L.SHEET_CATALOGUE)
    first, no = L.CATALOGUE.first_row, L.CATALOGUE.letter("no")
    catalogue.range(f"{no}{first}").value = [[n, "g", f"q{n}"] for n in range(1, MAX_ELEMENTS + 2)]
    with pytest.raises(InputError, match=f"at most {MAX_ELEMENTS} checkpoints; there are {MAX_ELEMENTS + 1}"):
        R.open_review_session(book)
    catalogue.range(f"{no}{first + MAX_ELEMENTS}").value = [[None, None, None]]
    R.open_review_session(book)
    assert session.range(f"A{G.last_element_row}").value == MAX_ELEMENTS
