"""The review workbook (review.xlsx), written from its description in xlsales/review/layout.py.

Every figure is a native formula over the session grid and the ReviewProjects / ReviewHistory / ReviewCatalogue
tables; the Python core computes the same figures (tests/test_review_libreoffice.py checks one against the other).
What this module adds to the description: the session grid's rows (the same rows open_review_session writes),
the instructions, the rating legend, colours and charts. Scripts lay out a new grid and close a session; see
udfs/review.py.
"""

import datetime as dt

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from xlsales import formula as F
from xlsales.i18n import Lang, Text
from xlsales.layout import Block, Rule, Table, split_address
from xlsales.problems import column_letter
from xlsales.review import layout as L
from xlsales.review import scoring
from xlsales.review.catalogue import DEFAULT_ELEMENTS, catalogue_rows
from xlsales.review.demo import DemoReview, demo_review, frames, history_rows, project_rows, session_rows
from xlsales.review.session import sheet_rows
from xlsales.review.vocab import (CLEAR, FUZZY, GRID_NO, MAX_ELEMENTS, MAX_GRID_COLUMNS, MAX_REPS, POINTS,
                                  PROGRESS_SESSIONS, RATING, UNKNOWN, spellings)
from xlsales.review.workbook import check
from xlsales.templates import common as C
from xlsales.templates import dashboard as D
from xlsales.templates.render import define_range, validate, write_sheet

G = L.GRID


def build(lang: Lang = "zh-CN", data: DemoReview | None = None) -> Workbook:
    wb = Workbook()
    C.instructions_sheet(wb, lang, Text("项目过堂(73要素)— 使用说明", "Project review (73 elements) — how to use"),
                         instructions())
    _catalogue(wb, lang, data)
    _session(wb, lang, data)
    _summary(wb, lang, data)
    _projects(wb, lang, data)
    ws = write_sheet(wb, L.HISTORY_SHEET, lang, {L.HISTORY.name: history_rows(data, lang) if data else []})
    _problem_colour(ws, L.HISTORY)
    ws.freeze_panes = f"{L.HISTORY.letter('project')}{L.HISTORY.first_row}"
    _dashboard(D.write_dashboard(wb, L.DASHBOARD, lang, TITLE(lang), L.DASHBOARD_PRINT_AREA), lang, data)
    return wb




def _dashboard(ws: Worksheet, lang: Lang, data: DemoReview | None) -> None:
    """The reps in score order, each bar its three parts; beside it the projects below the pass mark."""
    ws[L.DASHBOARD.cell("attention").label_address].font = D.HEADING_FONT
    D.attention_style(ws, L.ATTENTION)
    chart = score_chart(ws, L.RANKED, ranking_rows(data), Text("得分排名", "Ranking by score")(lang))
    D.place(ws, chart, L.DASHBOARD_CHART)


TITLE = Text("项目过堂", "Project review")


def _problem_colour(ws: Worksheet, table: Table) -> None:
    """A row's data-problem cell red while it is above 0 (the format reaches as far as the table grows)."""
    letter, first = table.letter("problems"), table.first_row
    C.highlight(ws, f"{letter}{first}:{letter}{_last_row(ws, table)}", f"N(${letter}{first})>0", C.RED_FILL)


def _last_row(ws: Worksheet, table: Table) -> int:
    return split_address(ws.tables[table.name].ref.split(":")[1])[0]


def _catalogue(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    elements = data.elements if data else DEFAULT_ELEMENTS
    ws = write_sheet(wb, L.CATALOGUE_SHEET, lang, {L.CATALOGUE.name: catalogue_rows(elements, lang)})
    legend = L.LEGEND
    for n, letter in enumerate((CLEAR, FUZZY, UNKNOWN), start=1):
        word = RATING[letter](lang)
        others = [w for w in spellings(letter) if w != word.lower()]
        ws[legend.cell("rating", n)] = word
        ws[legend.cell("points", n)] = POINTS[letter]
        ws[legend.cell("also", n)] = " / ".join(w.upper() if len(w) == 1 else w.capitalize() for w in others)
    C.style_range(ws, f"{legend.cell('rating', 1)}:{legend.cell('also', legend.rows)}")
    below = L.CATALOGUE_SHEET.cell("scaled_to")
    ws.cell(below.row + 1, below.col - 1, Text(
        f"增删或改写要素都可以(最多 {MAX_ELEMENTS} 项):要素分总按已评要素折算为 60 分。改完后运行 open_review_session 开新一场。",
        f"Add, remove or reword checkpoints freely (up to {MAX_ELEMENTS}): the element score is always scaled to 60 "
        "over the rated checkpoints. Run open_review_session afterwards to start a session on them.")(lang))
    _problem_colour(ws, L.CATALOGUE)
    ws.freeze_panes = f"A{L.CATALOGUE.first_row}"


def _session(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    ws = write_sheet(wb, L.SESSION, lang)
    if data:
        rows = session_rows(data, lang)
    else:
        checkpoints = [row[:3] for row in catalogue_rows(DEFAULT_ELEMENTS, lang)]
        rows = sheet_rows(lang, None, None, [], [], checkpoints)
    for cell in L.SESSION.cells:
        row, col = split_address(cell.at)
        value = rows[row - 1][col - 1] if col <= len(rows[row - 1]) else None
        ws[cell.at] = value
    for r, values in enumerate(rows[G.top_row - 1:], start=G.top_row):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    status = L.SESSION.cell("status")
    ws.cell(status.row, status.col + 2, L.HOW_TO_SCORE(lang))
    last = G.letter(G.columns - 1)
    for spec in G.rows:
        across = f"{G.letter(0)}{spec.row}:{last}{spec.row}"
        ws.cell(spec.row, len(G.checkpoints), spec.label(lang)).font = C.LABEL_FONT
        C.style_range(ws, across, spec.number_format, C.INPUT_FILL if spec.input else None,
                      bold=spec.key in ("rep", "listener"))
        if spec.rule is not None:
            validate(ws, across, spec.rule, lang)
    words = ",".join([RATING[k](lang) for k in (CLEAR, FUZZY, UNKNOWN)] + [CLEAR, FUZZY, UNKNOWN])
    validate(ws, G.area, Rule("list", words, what=Text("评分(清楚/模糊/不知道 或 C/F/W)",
                                                      "rating (Clear/Fuzzy/Unknown or C/F/W)")), lang)
    top_left = f"{G.letter(0)}{G.first_element_row}"
    for letter, fill in ((CLEAR, C.GREEN_FILL), (FUZZY, C.AMBER_FILL), (UNKNOWN, C.RED_FILL)):
        C.highlight(ws, G.area, F.one_of(top_left, spellings(letter)), fill)
    # a listener who left checkpoints blank: their score is scaled over what they rated (see the notes)
    first_rated = G.cell("rated", 0)
    checkpoints = f'COUNTIF({G.numbers},">={GRID_NO.minimum:g}")'
    C.highlight(ws, f"{first_rated}:{last}{G.row('rated')}",
                f'AND({G.letter(0)}${G.row("rep")}<>"",N({first_rated})<{checkpoints})', C.AMBER_FILL)
    first_problem = G.cell("problems", 0)
    C.highlight(ws, f"{first_problem}:{last}{G.row('problems')}", f"N({first_problem})>0", C.RED_FILL)
    C.header_row(ws, G.header_row, 1, [c.label(lang) for c in G.checkpoints])
    C.widths(ws, {column_letter(i): c.width for i, c in enumerate(G.checkpoints) if c.width})
    C.widths(ws, {G.letter(i): L.GRID_WIDTH for i in range(G.columns)})
    ws.freeze_panes = G.cell("logic", 0)


def _summary(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    ws = write_sheet(wb, L.SUMMARY, lang)
    if data:
        ws[L.SUMMARY.address("progress_rep")] = data.projects[0].rep
    problems = L.SUMMARY.address("problems")
    C.highlight(ws, problems, f"N({problems})>0", C.RED_FILL)
    ranking = L.RANKING
    C.highlight(ws, f"{ranking.cell('rep', 1)}:{ranking.cell('first', ranking.rows)}",
                f"${ranking.letter('rank')}{ranking.first_row}=1", C.GREEN_FILL)
    C.style_range(ws, ranking.column("first").replace("$", ""), bold=True)
    chart = score_chart(ws, L.RANKING, ranking_rows(data), Text("各汇报人得分", "Scores per rep")(lang))
    progress = L.PROGRESS
    charts_col = column_letter(progress.first_col + len(progress.columns))  # right of the progress block
    ws.add_chart(chart, f"{charts_col}2")
    line = BarChart()
    line.title = Text("选定汇报人的历次总分", "The chosen rep's total, session by session")(lang)
    last = progress.first_row + progress_rows(data) - 1
    line.add_data(Reference(ws, min_col=progress.first_col + progress.index("total"), min_row=progress.header_row,
                            max_row=last), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=progress.first_col + progress.index("date"), min_row=progress.first_row,
                                  max_row=last))
    line.y_axis.scaling.min, line.y_axis.scaling.max = 0, 100
    line.height, line.width = 8, 16
    ws.add_chart(line, f"{charts_col}21")


DEFAULT_CHART_REPS = 8  # the ranking rows an empty template's chart plots: a usual review session's reps
PART_COLOURS = {"element": C.OPEN, "logic": C.BLUE, "presentation": C.PLAN}  # 60 / 20 / 20 points: blues, grey


def ranking_rows(data: DemoReview | None) -> int:
    """The ranking rows a chart plots: the reps the workbook is built with. LibreOffice draws no series whose range is
    a defined name or an OFFSET, so the range is sized here; empty rows would be empty slots crowding the bars."""
    return min(len(data.projects) if data else DEFAULT_CHART_REPS, MAX_REPS)


def progress_rows(data: DemoReview | None) -> int:
    """The progress rows the chart plots: the chosen rep's sessions in the history built with (as ranking_rows); the
    empty template, every row the block holds."""
    if not data:
        return PROGRESS_SESSIONS
    rep = data.projects[0].rep
    return max(1, min(len({h.date for h in data.history if h.rep == rep}), PROGRESS_SESSIONS))


def score_chart(ws: Worksheet, ranking: Block, reps: int, title: str) -> BarChart:
    """Each rep's score as one horizontal bar of its three parts (60 + 20 + 20), the block's first row on top."""
    last = ranking.first_row + reps - 1
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 50
    for key, colour in PART_COLOURS.items():
        column = ranking.first_col + ranking.index(key)
        chart.add_data(Reference(ws, min_col=column, min_row=ranking.header_row, max_row=last), titles_from_data=True)
        chart.series[-1].graphicalProperties.solidFill = colour
        chart.series[-1].graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(ws, min_col=ranking.first_col + ranking.index("rep"), min_row=ranking.first_row,
                                   max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # the first listed rep at the top
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.y_axis.majorUnit = 20
    chart.y_axis.number_format = "0"
    chart.legend.position = "b"
    D.finish(chart, title)
    chart.width, chart.height = 17, 10  # where it is not placed over cells (the summary sheet)
    return chart


def _projects(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    ws = write_sheet(wb, L.PROJECTS_SHEET, lang, {L.PROJECTS.name: project_rows(data) if data else []})
    ws.cell(L.PROJECTS.header_row - 1, 1, Text(
        "每位汇报人讲一个项目;会后填三大需求。右侧「下一步」由 close_review_session 按最弱分组写出。",
        "One project per rep; fill the three needs after the talk. The next actions on the right are written by "
        "close_review_session from the weakest groups.")(lang))
    table = L.PROJECTS
    define_range(wb, L.REP_LIST, ws.title, table.letter("rep"), table.first_row, table.first_row + MAX_REPS - 1)
    for row in ws[f"{table.letter('project')}{table.first_row}:{table.letter('support')}{_last_row(ws, table)}"]:
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _problem_colour(ws, table)
    ws.freeze_panes = f"{table.letter('project')}{table.first_row}"


def demo_data() -> DemoReview:
    return demo_review(dt.date.today())


def instructions() -> list[Text]:
    """How to use the workbook; the cells it names come from the description."""
    listeners = L.SESSION.address("listeners")
    logic, shown = G.row("logic"), G.row("presentation")
    demo_last = G.first_element_row + len(DEFAULT_ELEMENTS) - 1
    ratings = f"{G.letter(0)}{G.first_element_row}:{G.letter(5)}{demo_last}"
    groups = f"{G.checkpoint_letter('group')}{G.first_element_row}:{G.checkpoint_letter('group')}{demo_last}"
    return [
        Text("1. 项目过堂:每位销售上台按「73要素」讲一个在跟的项目,其余所有人打分:73要素 60 分、逻辑与思路 20 分、形态与展示 20 分,"
             "主管汇总排名并奖励第一名。",
             "1. Project review: each rep presents one live project against the 73 elements; everyone else scores "
             "it: 73 elements 60, logic and reasoning 20, form and presentation 20. The manager totals, ranks and "
             "rewards first place."),
        Text(f"2. 「要素目录」是可编辑的数据(表格,最多 {MAX_ELEMENTS} 项):按 7+3(客户 7 项、我方 3 项)、三大需求、经理四问、"
             "GoalPOST、PRIME、决策角色、演示和报价准备分组,共 73 项。增删要素后,要素分仍折算为 60 分。",
             f"2. 'Catalogue' is editable data (a table, up to {MAX_ELEMENTS} checkpoints): 73 checkpoints grouped "
             "by the 7+3 rule (7 customer-side, 3 company-side), the three needs, the manager's four questions, "
             "GoalPOST, PRIME, decision roles, demo and quote readiness. Add or remove checkpoints: the element score "
             "still scales to 60."),
        Text(f"3. 开会前:在「三大需求与下一步」表列出汇报人和项目(排名最多 {MAX_REPS} 人),在「过堂评分」{listeners} 填听众"
             "(用、分隔),运行脚本 open_review_session 生成评分表(每位听众对每位汇报人一列,本人不给自己打分;"
             f"最多 {MAX_GRID_COLUMNS} 列)。",
             f"3. Before the session: list reps and projects on 'Three needs and next actions' (the ranking shows up "
             f"to {MAX_REPS}), type the listeners in {listeners} of 'Session scoring' (comma-separated) and run the "
             "open_review_session script: one column per listener and rep (nobody scores themself; up to "
             f"{MAX_GRID_COLUMNS} columns)."),
        Text(f"4. 每格选 清楚/模糊/不知道(= 2/1/0 分,也可填 C/F/W,即 8C1F0W 的写法,中英文均可);第 {logic}、{shown} 行填"
             "逻辑与思路、形态与展示(各 0–20)。",
             f"4. Rate each cell Clear/Fuzzy/Unknown (= 2/1/0 points; the 8C1F0W letters C/F/W and either language "
             f"work too); rows {logic} and {shown} take logic and presentation (0–20 each)."),
        Text("5. 缺评不当 0 分:某听众漏评的要素不计入其要素分,按已评要素折算为 60 分,并在结果的「提示」中逐格列出;"
             "整列未评的听众不计入该汇报人的平均。",
             "5. A missing rating is never a zero: it is left out of that listener's element score, which is scaled "
             "to 60 over the checkpoints rated, and listed cell by cell in the result's notes; a listener who rated "
             "nothing for a rep is left out of that rep's averages."),
        Text(f"6. 「汇总排名」用原生公式实时给出平均分、总分、听众分差、名次和第一名,不装插件也能看到;右侧可选一位汇报人看最近 "
             f"{PROGRESS_SESSIONS} 场的进步。「数据问题」= xlsales check 报告的错误数:评分表第 {G.row('problems')} 行和各表"
             "「数据问题」列指出是哪一格;有数据问题的评分列在修正前不计入汇总。「各汇报人得分」图表画出建表时的汇报人行"
             f"(空模板为前 {DEFAULT_CHART_REPS} 行),汇报人更多时请扩展图表的数据范围。",
             f"6. 'Summary and ranking' shows averages, totals, the spread between listeners, ranks and first place "
             f"with native formulas, right without the add-in; pick a rep on the right to see their latest "
             f"{PROGRESS_SESSIONS} sessions. 'Data problems' is the number of errors `xlsales check` reports: row "
             f"{G.row('problems')} of the grid and each table's Data problems column show where; a grid column with "
             "a problem counts in no summary until it is fixed. The 'Scores per rep' chart plots the ranking rows "
             f"the workbook was built with (the first {DEFAULT_CHART_REPS} in the empty template): extend its data "
             "range for more reps."),
        Text("7. 会后运行 close_review_session:写出排名结果与提示、每个项目最弱的分组和下一步(补充/保持/支持),并把本场记入「历史」"
             "(同一天再运行会替换当天的记录)。然后在「三大需求与下一步」填企业需求、个人需求、销售需求。",
             "7. After the session run close_review_session: it writes the ranking and notes, each project's weakest "
             "groups and next actions (fill in / keep / support), and records the session in 'History' (running it "
             "again the same day replaces that day's rows). Then fill the company, personal and sales needs on "
             "'Three needs and next actions'."),
        Text(f"8. 函数(安装 xlwings Lite 后):=REVIEW_ELEMENT_SCORE({ratings})、=REVIEW_TOTAL(30,10,15)、"
             f"=REVIEW_RANKING(评分表)、=REVIEW_RANK(评分表,\"小张\")、=REVIEW_WEAKEST({groups},{ratings})、"
             f"=REVIEW_PROGRESS({L.HISTORY.everything},\"小王\")。",
             f"8. Functions (with xlwings Lite): =REVIEW_ELEMENT_SCORE({ratings}), =REVIEW_TOTAL(30,10,15), "
             f"=REVIEW_RANKING(scores), =REVIEW_RANK(scores,\"Wang\"), =REVIEW_WEAKEST({groups},{ratings}), "
             f"=REVIEW_PROGRESS({L.HISTORY.everything},\"Wang\")."),
        Text(f"9. 「看板」(打开时的第一页,一页横向 A4):已过堂项目、平均与最高总分、低于及格线(默认 {L.PASS_MARK} 分,可改)的项目、"
             "最大听众分差与数据问题;按总分排序的得分图;低于及格线的项目可点击转到「汇总排名」的对应行。",
             f"9. 'Dashboard' (the first sheet, one landscape A4 page): projects reviewed, the average and best totals, "
             f"projects below the pass mark ({L.PASS_MARK} by default, yours to change), the widest spread between "
             "listeners and data problems; the ranking chart in score order; click a project below the pass mark to go "
             "to its row on 'Summary and ranking'."),
    ]


def summary(data: DemoReview) -> list[str]:
    """The demo session's ranking, from the Python core."""
    session, projects = frames(data)
    ranking = scoring.ranking(scoring.listener_scores(session.ratings, session.panel), list(projects.frame["rep"]))
    weakest = scoring.weakest_groups(session.ratings).groupby("rep", sort=False)["group"].agg("、".join)
    below = ranking.loc[scoring.below_pass_mark(ranking, L.PASS_MARK), "rep"]
    return [f"#{int(r.rank)} {r.rep}: {r.element:.0f}/{r.logic:.0f}/{r.presentation:.0f} = {r.total:.0f}"
            f"{' ★' if r.first else ''}; weakest: {weakest.get(r.rep, '-')}"
            for r in ranking.sort_values("rank").itertuples()] + [
        f"below the pass mark ({L.PASS_MARK}): {', '.join(below) or '-'}"]


SPEC = C.TemplateSpec(name="review", title=TITLE, build=build, demo_data=demo_data, check=check,
                      summary=summary)
