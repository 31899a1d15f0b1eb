"""The review workbook (review.xlsx): catalogue, session scoring grid, summary and ranking, three needs, history.

Every figure is a native formula over the session grid, the ReviewProjects table and the history
sheet; the Python core computes the same figures (tests/test_review_libreoffice.py checks one
against the other). Scripts lay out a new grid and close a session; see udfs/review.py.
"""

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment

from xlsales.i18n import Lang, Text
from xlsales.problems import Problem, column_letter
from xlsales.review import layout as L
from xlsales.review import scoring
from xlsales.review.catalogue import DEFAULT_ELEMENTS, catalogue_header, catalogue_rows, parse_catalogue
from xlsales.review.demo import DemoReview, demo_review, frames, history_rows, project_rows, session_rows
from xlsales.review.inputs import parse_history, parse_projects
from xlsales.review.session import parse_session, session_block, session_head
from xlsales.review.vocab import (CLEAR, FUZZY, HISTORY_COLUMNS, LOGIC_MAX, POINTS, PROJECT_COLUMNS, RATING,
                                  UNKNOWN, spellings)
from xlsales.sheets import missing_sheet, sheet_rows
from xlsales.templates import common as C

LAST_GRID_COL = column_letter(L.FIRST_RATING_COL - 1 + L.MAX_GRID_COLUMNS - 1)
LAST_GRID_ROW = L.FIRST_ELEMENT_ROW + L.MAX_ELEMENTS - 1
FIRST_RANK_ROW = L.RANKING_HEADER_ROW + 1
LAST_RANK_ROW = L.RANKING_HEADER_ROW + L.MAX_REPS
PROGRESS_COL = 12  # L: one rep's totals session by session
PROGRESS_SESSIONS = 12
SCORE = "0.0"


def _session_row(lang: Lang, row: int) -> str:
    """A whole row of the grid's rep × listener columns, as the summary's formulas reference it."""
    return f"{C.formula_sheet(L.SHEET_SESSION(lang))}!$D${row}:${LAST_GRID_COL}${row}"


def _history_col(lang: Lang, key: str) -> str:
    letter = column_letter([c.key for c in HISTORY_COLUMNS].index(key))
    return f"{C.formula_sheet(L.SHEET_HISTORY(lang))}!${letter}:${letter}"


def _project_col(lang: Lang, key: str) -> str:
    return f"{L.TABLE_PROJECTS}[{next(c.label(lang) for c in PROJECT_COLUMNS if c.key == key)}]"


def build(lang: Lang = "zh-CN", data: DemoReview | None = None) -> Workbook:
    wb = Workbook()
    C.instructions_sheet(wb, lang, Text("项目过堂(73要素)— 使用说明", "Project review (73 elements) — how to use"),
                         INSTRUCTIONS)
    _catalogue_sheet(wb, lang, data)
    _session_sheet(wb, lang, data)
    _summary_sheet(wb, lang, data)
    _projects_sheet(wb, lang, data)
    _history_sheet(wb, lang, data)
    return wb


def _catalogue_sheet(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    ws = wb.create_sheet(L.SHEET_CATALOGUE(lang))
    elements = data.elements if data else DEFAULT_ELEMENTS
    C.add_table(ws, L.TABLE_CATALOGUE, 1, 1, catalogue_header(lang), catalogue_rows(elements, lang))
    C.number_validation(ws, f"A2:A{L.MAX_ELEMENTS + 1}", lang, 1, kind="whole")
    C.header_row(ws, 1, 6, [t(lang) for t in (Text("评分", "Rating"), Text("分值", "Points"),
                                              Text("也可填", "Also accepted"))])
    for i, letter in enumerate((CLEAR, FUZZY, UNKNOWN), start=2):
        ws.cell(i, 6, RATING[letter](lang))
        ws.cell(i, 7, POINTS[letter])
        others = [w for w in spellings(letter) if w != RATING[letter](lang).lower()]
        ws.cell(i, 8, " / ".join(w.upper() if len(w) == 1 else w.capitalize() for w in others))
    C.style_range(ws, "F2:H4")
    notes = [(Text("要素数", "Checkpoints"), f"=COUNT({L.TABLE_CATALOGUE}[{catalogue_header(lang)[0]}])"),
             (Text("每项满分", "Points per checkpoint"), POINTS[CLEAR]),
             (Text("折算为", "Scaled to"), 60)]
    for i, (label, value) in enumerate(notes, start=6):
        ws.cell(i, 6, label(lang)).font = C.LABEL_FONT
        ws.cell(i, 7, value).border = C.BOX
    ws.cell(9, 6, Text("增删或改写要素都可以:要素分总按已评要素折算为 60 分。改完后运行 open_review_session 开新一场。",
                       "Add, remove or reword checkpoints freely: the element score is always scaled to 60 over the "
                       "rated checkpoints. Run open_review_session afterwards to start a session on them.")(lang))
    C.widths(ws, {"A": 7, "B": 18, "C": 52, "D": 60, "E": 3, "F": 16, "G": 8, "H": 26})
    ws.freeze_panes = "A2"


def _session_sheet(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    ws = wb.create_sheet(L.SHEET_SESSION(lang))
    if data:
        rows = session_rows(data, lang)
    else:
        checkpoints = [row[:3] for row in catalogue_rows(DEFAULT_ELEMENTS, lang)]
        rows = session_head(lang, None, None, []) + session_block([], [], checkpoints, lang)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    ws["A1"].font = C.TITLE_FONT
    for cell in (L.DATE_CELL, L.LISTENERS_CELL):
        ws[cell].fill = C.INPUT_FILL
        ws[cell].border = C.BOX
    ws[L.DATE_CELL].number_format = C.DATE
    C.date_validation(ws, L.DATE_CELL, lang)
    for col in ("A2", "A3", "C2"):
        ws[col].font = C.LABEL_FONT
    grid = f"D{L.FIRST_ELEMENT_ROW}:{LAST_GRID_COL}{LAST_GRID_ROW}"
    words = ",".join([RATING[k](lang) for k in (CLEAR, FUZZY, UNKNOWN)] + [CLEAR, FUZZY, UNKNOWN])
    C.list_validation(ws, grid, words, lang, Text("评分(清楚/模糊/不知道 或 C/F/W)", "rating (Clear/Fuzzy/Unknown or C/F/W)"))
    C.number_validation(ws, f"D{L.LOGIC_ROW}:{LAST_GRID_COL}{L.PRESENTATION_ROW}", lang, 0, LOGIC_MAX)
    for letter, fill in ((CLEAR, C.GREEN_FILL), (FUZZY, C.AMBER_FILL), (UNKNOWN, C.RED_FILL)):
        matches = ",".join(f'D{L.FIRST_ELEMENT_ROW}="{w}"' for w in spellings(letter))
        C.highlight(ws, grid, f"OR({matches})", fill)
    # a listener who left checkpoints blank: their score is scaled over what they rated (see the notes)
    checkpoints = f"COUNTA($A${L.FIRST_ELEMENT_ROW}:$A${LAST_GRID_ROW})"
    C.highlight(ws, f"D{L.RATED_ROW}:{LAST_GRID_COL}{L.RATED_ROW}",
                f'AND(D${L.REP_ROW}<>"",N(D{L.RATED_ROW})<{checkpoints})', C.AMBER_FILL)
    for row in (L.REP_ROW, L.LISTENER_ROW):
        for cell in ws[f"D{row}:{LAST_GRID_COL}{row}"][0]:
            cell.font = C.LABEL_FONT
    for row, fmt in ((L.LOGIC_ROW, "0"), (L.PRESENTATION_ROW, "0"), (L.RATED_ROW, "0"), (L.ELEMENT_ROW, SCORE),
                     (L.TOTAL_ROW, SCORE)):
        for cell in ws[f"D{row}:{LAST_GRID_COL}{row}"][0]:
            cell.number_format = fmt
    for row in (L.LOGIC_ROW, L.PRESENTATION_ROW):
        for cell in ws[f"D{row}:{LAST_GRID_COL}{row}"][0]:
            cell.fill = C.INPUT_FILL
    C.header_row(ws, L.GRID_HEADER_ROW, 1, [c for c in rows[L.GRID_HEADER_ROW - 1][:3]])
    C.widths(ws, {"A": 6, "B": 16, "C": 46})
    C.widths(ws, {column_letter(L.FIRST_RATING_COL - 1 + i): 9 for i in range(L.MAX_GRID_COLUMNS)})
    ws.freeze_panes = f"D{L.LOGIC_ROW}"


def _summary_sheet(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    ws = wb.create_sheet(L.SHEET_SUMMARY(lang))
    C.title(ws, "A1", Text("过堂汇总与排名", "Review summary and ranking")(lang))
    ws["A2"] = L.HEAD_LABELS["date"](lang)
    ws["A2"].font = C.LABEL_FONT
    ws["B2"] = f"={C.formula_sheet(L.SHEET_SESSION(lang))}!{L.DATE_CELL}"
    ws["B2"].number_format = C.DATE
    headers = [Text("汇报人", "Rep"), Text("项目/客户", "Project / customer"), Text("听众数", "Listeners"),
               Text("73要素(60)", "73 elements (60)"), Text("逻辑与思路(20)", "Logic (20)"),
               Text("形态与展示(20)", "Presentation (20)"), Text("总分(100)", "Total (100)"),
               Text("听众分差", "Spread"), Text("名次", "Rank"), Text("第一名", "First place")]
    C.header_row(ws, L.RANKING_HEADER_ROW, 1, [h(lang) for h in headers])
    reps, rated = _session_row(lang, L.REP_ROW), _session_row(lang, L.RATED_ROW)
    logic, shown = _session_row(lang, L.LOGIC_ROW), _session_row(lang, L.PRESENTATION_ROW)
    element, total = _session_row(lang, L.ELEMENT_ROW), _session_row(lang, L.TOTAL_ROW)
    rep_list, projects = _project_col(lang, "rep"), _project_col(lang, "project")
    first_place = L.FIRST_PLACE(lang)
    for n in range(1, L.MAX_REPS + 1):
        r = L.RANKING_HEADER_ROW + n
        rep = f"$A{r}"
        ws.cell(r, 1, f'=IF({n}>COUNTA({rep_list}),"",INDEX({rep_list},{n}))')
        ws.cell(r, 2, f'=IF({rep}="","",IF(INDEX({projects},{n})="","",INDEX({projects},{n})))')
        ws.cell(r, 3, f'=IF({rep}="","",SUMPRODUCT(({reps}={rep})*((({rated}>0)+ISNUMBER({logic})'
                      f'+ISNUMBER({shown}))>0)))')
        ws.cell(r, 4, f'=IF({rep}="","",IFERROR(AVERAGEIFS({element},{reps},{rep},{rated},">0"),""))')
        ws.cell(r, 5, f'=IF({rep}="","",IFERROR(AVERAGEIFS({logic},{reps},{rep}),""))')
        ws.cell(r, 6, f'=IF({rep}="","",IFERROR(AVERAGEIFS({shown},{reps},{rep}),""))')
        ws.cell(r, 7, f'=IF(COUNT(D{r}:F{r})=3,SUM(D{r}:F{r}),"")')
        ws.cell(r, 8, f'=IF(OR({rep}="",COUNTIFS({reps},{rep},{total},">=0")=0),"",'
                      f'_xlfn.MAXIFS({total},{reps},{rep})-_xlfn.MINIFS({total},{reps},{rep}))')
        ws.cell(r, 9, f'=IF(G{r}="","",COUNTIF($G${FIRST_RANK_ROW}:$G${LAST_RANK_ROW},">"&G{r})+1)')
        ws.cell(r, 10, f'=IF(I{r}=1,"{first_place}","")')
    for col, fmt in {"C": "0", "D": SCORE, "E": SCORE, "F": SCORE, "G": SCORE, "H": SCORE, "I": "0"}.items():
        C.style_range(ws, f"{col}{FIRST_RANK_ROW}:{col}{LAST_RANK_ROW}", fmt)
    C.style_range(ws, f"A{FIRST_RANK_ROW}:B{LAST_RANK_ROW}")
    C.style_range(ws, f"J{FIRST_RANK_ROW}:J{LAST_RANK_ROW}", bold=True)
    C.highlight(ws, f"A{FIRST_RANK_ROW}:J{LAST_RANK_ROW}", f"$I{FIRST_RANK_ROW}=1", C.GREEN_FILL)
    _progress_block(ws, lang, data)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = Text("各汇报人得分", "Scores per rep")(lang)
    chart.add_data(Reference(ws, min_col=4, max_col=6, min_row=L.RANKING_HEADER_ROW, max_row=LAST_RANK_ROW),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_RANK_ROW, max_row=LAST_RANK_ROW))
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.height, chart.width = 9, 16
    ws.add_chart(chart, "Q2")
    progress = BarChart()
    progress.title = Text("选定汇报人的历次总分", "The chosen rep's total, session by session")(lang)
    progress.add_data(Reference(ws, min_col=PROGRESS_COL + 1, min_row=L.RANKING_HEADER_ROW,
                                max_row=L.RANKING_HEADER_ROW + PROGRESS_SESSIONS), titles_from_data=True)
    progress.set_categories(Reference(ws, min_col=PROGRESS_COL, min_row=FIRST_RANK_ROW,
                                      max_row=L.RANKING_HEADER_ROW + PROGRESS_SESSIONS))
    progress.y_axis.scaling.min, progress.y_axis.scaling.max = 0, 100
    progress.height, progress.width = 8, 16
    ws.add_chart(progress, "Q21")
    C.widths(ws, {"A": 12, "B": 30, "C": 8, "D": 11, "E": 11, "F": 11, "G": 11, "H": 9, "I": 7, "J": 11, "K": 18,
                  "L": 12, "M": 9, "N": 9, "O": 7})


def _progress_block(ws: Any, lang: Lang, data: DemoReview | None) -> None:
    """One rep's sessions from the history: date, total, change since the previous one, rank."""
    col = column_letter(PROGRESS_COL - 1)
    cell = f"{column_letter(PROGRESS_COL)}2"
    chooser = f"${column_letter(PROGRESS_COL)}$2"
    ws.cell(2, PROGRESS_COL, Text("查看汇报人", "Progress of")(lang)).font = C.LABEL_FONT
    ws[cell] = data.projects[0].rep if data else None
    ws[cell].fill = C.INPUT_FILL
    ws[cell].border = C.BOX
    C.list_validation(ws, cell, "=RepList", lang, Text("汇报人", "rep"))
    C.header_row(ws, L.RANKING_HEADER_ROW, PROGRESS_COL, [t(lang) for t in (
        Text("会议日期", "Session date"), Text("总分", "Total"), Text("变化", "Change"), Text("名次", "Rank"))])
    dates, reps = _history_col(lang, "date"), _history_col(lang, "rep")
    totals, ranks = _history_col(lang, "total"), _history_col(lang, "rank")
    t, chg, rk = (column_letter(PROGRESS_COL + i) for i in range(3))
    for k in range(PROGRESS_SESSIONS):
        r = FIRST_RANK_ROW + k
        previous = "0" if k == 0 else f"{col}{r - 1}"
        guard = f'{chooser}=""' if k == 0 else f'OR({col}{r - 1}="",{chooser}="")'
        after = f'{reps},{chooser},{dates},">"&{previous}'
        ws[f"{col}{r}"] = f'=IF({guard},"",IF(COUNTIFS({after})=0,"",_xlfn.MINIFS({dates},{after})))'
        ws[f"{col}{r}"].number_format = C.DATE
        ws[f"{t}{r}"] = f'=IF({col}{r}="","",AVERAGEIFS({totals},{dates},{col}{r},{reps},{chooser}))'
        ws[f"{t}{r}"].number_format = SCORE
        if k:
            ws[f"{chg}{r}"] = f'=IF(OR({t}{r}="",{t}{r - 1}=""),"",{t}{r}-{t}{r - 1})'
        ws[f"{chg}{r}"].number_format = '+0.0;-0.0;0.0'
        ws[f"{rk}{r}"] = f'=IF({col}{r}="","",AVERAGEIFS({ranks},{dates},{col}{r},{reps},{chooser}))'
    C.style_range(ws, f"{col}{FIRST_RANK_ROW}:{rk}{FIRST_RANK_ROW + PROGRESS_SESSIONS - 1}")


def _projects_sheet(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    ws = wb.create_sheet(L.SHEET_PROJECTS(lang))
    C.title(ws, "A1", Text("项目与三大需求", "Projects and the three needs")(lang))
    ws["A2"] = Text("每位汇报人讲一个项目;会后填三大需求。右侧「下一步」由 close_review_session 按最弱分组写出。",
                    "One project per rep; fill the three needs after the talk. The next actions on the right are "
                    "written by close_review_session from the weakest groups.")(lang)
    rows = project_rows(data) if data else []
    C.add_table(ws, L.TABLE_PROJECTS, L.PROJECTS_HEADER_ROW, 1, [c.label(lang) for c in PROJECT_COLUMNS], rows,
                min_rows=L.MAX_REPS)
    first, last = L.PROJECTS_HEADER_ROW + 1, L.PROJECTS_HEADER_ROW + L.MAX_REPS
    C.define_name(wb, "RepList", ws.title, f"$A${first}:$A${last}")
    amount = column_letter([c.key for c in PROJECT_COLUMNS].index("target_amount"))
    C.number_validation(ws, f"{amount}{first}:{amount}{last}", lang, 0)
    C.style_range(ws, f"{amount}{first}:{amount}{last}", C.MONEY0)
    for row in ws[f"B{first}:G{last}"]:
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    C.header_row(ws, L.PROJECTS_HEADER_ROW, L.NEXT_ACTIONS_COL, [t(lang) for t in L.NEXT_ACTION_HEADERS])
    C.widths(ws, {"A": 10, "B": 28, "C": 36, "D": 36, "E": 36, "F": 12, "G": 28, "H": 3, "I": 3, "J": 10, "K": 8,
                  "L": 22, "M": 8, "N": 90})
    ws.freeze_panes = f"B{first}"


def _history_sheet(wb: Workbook, lang: Lang, data: DemoReview | None) -> None:
    ws = wb.create_sheet(L.SHEET_HISTORY(lang))
    C.header_row(ws, 1, 1, [c.label(lang) for c in HISTORY_COLUMNS])
    for r, values in enumerate(history_rows(data, lang) if data else [], start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    for r in range(2, max(ws.max_row, 2) + 1):
        ws.cell(r, 1).number_format = C.DATE
    C.widths(ws, {"A": 12, "B": 10, "C": 28, "D": 10, "E": 10, "F": 10, "G": 8, "H": 6, "I": 8, "J": 10, "K": 30,
                  "L": 30, "M": 30, "N": 30})
    ws.freeze_panes = "C2"


def check(sheets: dict[str, list[list[Any]]], tables: Any = None) -> list[Problem]:
    """Every unusable value on the catalogue, session, projects and history sheets, by sheet!cell."""
    problems: list[Problem] = []
    parsers = [(L.SHEET_CATALOGUE, lambda name, rows: parse_catalogue(rows, name).problems),
               (L.SHEET_SESSION, lambda name, rows: parse_session(rows, name).problems),
               (L.SHEET_PROJECTS, lambda name, rows: parse_projects(
                   [r[:len(PROJECT_COLUMNS)] for r in rows[L.PROJECTS_HEADER_ROW - 1:]], name,
                   L.PROJECTS_HEADER_ROW - 1).problems),
               (L.SHEET_HISTORY, lambda name, rows: parse_history(rows, name).problems)]
    for sheet, parse in parsers:
        found = sheet_rows(sheets, sheet)
        problems += [missing_sheet(sheet)] if found is None else parse(*found)
    return problems


def demo_data() -> DemoReview:
    return demo_review(dt.date.today())


INSTRUCTIONS = [
    Text("1. 项目过堂:每位销售上台按「73要素」讲一个在跟的项目,其余所有人打分:73要素 60 分、逻辑与思路 20 分、形态与展示 20 分,"
         "主管汇总排名并奖励第一名。",
         "1. Project review: each rep presents one live project against the 73 elements; everyone else scores it: "
         "73 elements 60, logic and reasoning 20, form and presentation 20. The manager totals, ranks and rewards "
         "first place."),
    Text("2. 「要素目录」是可编辑的数据:按 7+3(客户 7 项、我方 3 项)、三大需求、经理四问、GoalPOST、PRIME、决策角色、"
         "演示和报价准备分组,共 73 项。增删要素后,要素分仍折算为 60 分。",
         "2. 'Catalogue' is editable data: 73 checkpoints grouped by the 7+3 rule (7 customer-side, 3 company-side), "
         "the three needs, the manager's four questions, GoalPOST, PRIME, decision roles, demo and quote readiness. "
         "Add or remove checkpoints: the element score still scales to 60."),
    Text("3. 开会前:在「三大需求与下一步」表列出汇报人和项目,在「过堂评分」B3 填听众(用、分隔),运行脚本 open_review_session 生成评分表"
         "(每位听众对每位汇报人一列,本人不给自己打分)。",
         "3. Before the session: list reps and projects on 'Three needs and next actions', type the listeners in "
         "B3 of 'Session scoring' (comma-separated) and run the open_review_session script: one column per listener "
         "and rep (nobody scores themself)."),
    Text("4. 每格选 清楚/模糊/不知道(= 2/1/0 分,也可填 C/F/W,即 8C1F0W 的写法);第 7、8 行填逻辑与思路、形态与展示(各 0–20)。",
         "4. Rate each cell Clear/Fuzzy/Unknown (= 2/1/0 points; the 8C1F0W letters C/F/W work too); rows 7 and 8 "
         "take logic and presentation (0–20 each)."),
    Text("5. 缺评不当 0 分:某听众漏评的要素不计入其要素分,按已评要素折算为 60 分,并在结果的「提示」中逐格列出;"
         "整列未评的听众不计入该汇报人的平均。",
         "5. A missing rating is never a zero: it is left out of that listener's element score, which is scaled to "
         "60 over the checkpoints rated, and listed cell by cell in the result's notes; a listener who rated nothing "
         "for a rep is left out of that rep's averages."),
    Text("6. 「汇总排名」用原生公式实时给出平均分、总分、听众分差、名次和第一名,不装插件也能看到;右侧可选一位汇报人看历次进步。",
         "6. 'Summary and ranking' shows averages, totals, the spread between listeners, ranks and first place with "
         "native formulas, right without the add-in; pick a rep on the right to see their progress."),
    Text("7. 会后运行 close_review_session:写出排名结果与提示、每个项目最弱的分组和下一步(补充/保持/支持),并把本场记入「历史」。"
         "然后在「三大需求与下一步」填企业需求、个人需求、销售需求。",
         "7. After the session run close_review_session: it writes the ranking and notes, each project's weakest "
         "groups and next actions (fill in / keep / support), and appends the session to 'History'. Then fill the "
         "company, personal and sales needs on 'Three needs and next actions'."),
    Text("8. 函数(安装 xlwings Lite 后):=REVIEW_ELEMENT_SCORE(D13:I85)、=REVIEW_TOTAL(30,10,15)、=REVIEW_RANKING(评分表)、"
         "=REVIEW_RANK(评分表,\"小张\")、=REVIEW_WEAKEST(B13:B85,D13:I85)、=REVIEW_PROGRESS('历史'!A1:N200,\"小王\")。",
         "8. Functions (with xlwings Lite): =REVIEW_ELEMENT_SCORE(D13:I85), =REVIEW_TOTAL(30,10,15), "
         "=REVIEW_RANKING(scores), =REVIEW_RANK(scores,\"Wang\"), =REVIEW_WEAKEST(B13:B85,D13:I85), "
         "=REVIEW_PROGRESS(History!A1:N200,\"Wang\")."),
]


def summary(data: DemoReview) -> list[str]:
    """The demo session's ranking, from the Python core."""
    session, projects = frames(data)
    ranking = scoring.ranking(scoring.listener_scores(session.ratings, session.panel), list(projects.frame["rep"]))
    weakest = scoring.weakest_groups(session.ratings).groupby("rep", sort=False)["group"].agg("、".join)
    return [f"#{int(r.rank)} {r.rep}: {r.element:.0f}/{r.logic:.0f}/{r.presentation:.0f} = {r.total:.0f}"
            f"{' ★' if r.first else ''}; weakest: {weakest.get(r.rep, '-')}"
            for r in ranking.sort_values("rank").itertuples()]


SPEC = C.TemplateSpec(
    name="review",
    title=Text("项目过堂", "Project review"),
    build=build,
    demo_data=demo_data,
    check=check,
    udfs_module="udfs.review",
    summary=summary,
)
