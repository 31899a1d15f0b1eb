"""The quota workbook (quota.xlsx), written from its description in xlsales/quota/layout.py.

Every figure is a native formula over the QuotaReps / QuotaMix / QuotaWeekly tables and the parameter
cells; the Python core computes the same figures (tests/test_quota_libreoffice.py and
tests/test_quota_growth.py check one against the other). What this module adds to the description: the
instructions, the defined names, colours, per-activity number formats, notes and the pace charts. The full
decomposition per rep, line by line, is written by the write_quota_plan script.
"""

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.i18n import Lang, Text
from xlsales.layout import Block, Table
from xlsales.problems import column_letter
from xlsales.quota import layout as L
from xlsales.quota.demo import DemoQuota, demo_quota, parameter_values, sheets, table_rows
from xlsales.quota.team import plan_team
from xlsales.quota.vocab import COLLECTED, DEFAULT_WORKING_WEEKS, EVERYONE, FUNNEL_ORDER, SIGNED
from xlsales.quota.workbook import check, parse_workbook
from xlsales.templates import common as C
from xlsales.templates import dashboard as D
from xlsales.templates.render import define_range, write_sheet


def build(lang: Lang = "zh-CN", data: DemoQuota | None = None) -> Workbook:
    wb = Workbook()
    C.instructions_sheet(wb, lang, Text("业绩分解 — 使用说明", "Quota decomposition — how to use"), INSTRUCTIONS)
    rows = table_rows(data) if data else {}
    _target(wb, write_sheet(wb, L.TARGET, lang, rows), lang, data)
    _mix(write_sheet(wb, L.MIX_SHEET, lang, rows), lang)
    _plan(write_sheet(wb, L.PLAN, lang), lang)
    _weekly(write_sheet(wb, L.TRACKING, lang, rows), lang)
    _summary(write_sheet(wb, L.SUMMARY, lang), lang)
    chart = write_sheet(wb, L.CHART, lang)
    _chart(chart, lang, data)
    ws = wb.create_sheet(L.SHEET_FULL_PLAN(lang))
    ws["A1"] = Text("运行脚本 write_quota_plan,在此写出每个人的完整分解(产品线、节奏、跟踪、提示)。",
                    "Run the write_quota_plan script to write each rep's full decomposition here "
                    "(lines, pace, tracking, warnings).")(lang)
    _dashboard(D.write_dashboard(wb, L.DASHBOARD, lang, TITLE(lang), L.DASHBOARD_PRINT_AREA), chart, lang, data)
    return wb


DEFAULT_CHART_REPS = 8  # the reps an empty template's per-rep chart plots: a usual team


def _dashboard(ws: Worksheet, chart_sheet: Worksheet, lang: Lang, data: DemoQuota | None) -> None:
    """The team's signings against pace week by week, each rep's signings against pace to date, and the reps behind
    pace. Charts plot the weeks and reps the workbook is built with (LibreOffice draws no defined-name range)."""
    ws[L.DASHBOARD.cell("attention").label_address].font = D.HEADING_FONT
    D.attention_style(ws, L.ATTENTION)
    team = pace_chart(chart_sheet, L.CHART_WEEKS, ("team_signed", "team_pace"), chart_last_row(data),
                      Text("团队累计签单 vs 应完成", "Team signed to date vs pace")(lang), Text("周次", "Week")(lang))
    D.place(ws, team, L.DASHBOARD_CHARTS[0])
    block = L.REP_DATA
    last = block.first_row + min(len(data.reps) if data else DEFAULT_CHART_REPS, L.MAX_REPS) - 1

    def column(key: str, header: bool = True) -> Reference:
        col = block.first_col + block.index(key)
        return Reference(ws, min_col=col, min_row=block.header_row if header else block.first_row, max_row=last)

    reps = D.bars(ws, column("rep", header=False), [(column("signed"), "won"), (column("pace"), "plan")],
                  Text("各销售累计签单 vs 应完成", "Signed to date vs pace per rep")(lang), horizontal=True)
    reps.y_axis.number_format = L.MONEY0
    D.place(ws, reps, L.DASHBOARD_CHARTS[1])


TITLE = Text("业绩分解", "Quota decomposition")


def _last_row(ws: Worksheet, table: Table) -> int:
    return int(ws.tables[table.name].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _column(ws: Worksheet, table: Table, key: str) -> str:
    """A table column's body cells as built (Excel and fill_described extend colours with the table)."""
    letter = table.letter(key)
    return f"{letter}{table.first_row}:{letter}{_last_row(ws, table)}"


def _problem_colour(ws: Worksheet, table: Table) -> None:
    C.highlight(ws, _column(ws, table, "problems"), f"N(${table.letter('problems')}{table.first_row})>0", C.RED_FILL)


def _target(wb: Workbook, ws: Worksheet, lang: Lang, data: DemoQuota | None) -> None:
    if data:
        for key, value in parameter_values(data, lang).items():
            ws[L.TARGET.address(key)] = value
    for name, formula in L.defined_names(lang).items():
        wb.defined_names[name] = DefinedName(name, attr_text=formula)
    define_range(wb, L.REP_LIST, ws.title, *L.rep_list_range())
    for cell in L.PARAMETERS:
        C.highlight(ws, cell.at, f"{L.parameter_problems(cell.key, lang)}>0", C.RED_FILL)
    note = ws.cell(L.REPS.header_row - 1, 1, Text(
        f"销售人员(最多 {L.MAX_REPS} 人;能力权重只在按能力权重分解时使用;「{EVERYONE.zh}」不能作为姓名)",
        f"Reps (at most {L.MAX_REPS}; the ability weight is used only when splitting by weight; "
        f"'{EVERYONE.en}' is not a name)")(lang))
    note.font = C.LABEL_FONT
    _problem_colour(ws, L.REPS)
    ws.freeze_panes = f"A{L.REPS.first_row}"


def _mix(ws: Worksheet, lang: Lang) -> None:
    mix, first = L.MIX, L.MIX.first_row
    _problem_colour(ws, mix)
    by_win, override = mix.letter("opportunities_by_win"), mix.letter("opportunities_override")
    C.highlight(ws, f"{by_win}{first}:{override}{_last_row(ws, mix)}",
                f"AND(ISNUMBER(${by_win}{first}),ISNUMBER(${override}{first}),"
                f"ABS(${override}{first}-${by_win}{first})>{L.TOLERANCE})", C.AMBER_FILL)
    # in the header row, right of the table: a note under or beside the rows would be filtered with them
    ws.cell(mix.header_row, mix.first_col + len(mix.columns) + 1, Text(
        f"负责人留空或填「{EVERYONE.zh}」= 全员标准组合,用于没有自己组合的人;黄色 = 手填每单商机数与 数量÷赢率 "
        "不一致(两者都显示);「数据问题」> 0 的行不计入任何汇总。",
        f"Rep blank or '{EVERYONE.en}' = the team's standard mix, for reps without lines of their own; amber = the "
        "override differs from count ÷ win rate (both shown); a row whose 'Data problems' is above 0 counts in no "
        "figure.")(lang))
    ws.freeze_panes = f"C{first}"


def _plan(ws: Worksheet, lang: Lang) -> None:
    block, first, last = L.PLAN_REPS, L.PLAN_REPS.first_row, L.PLAN_REPS.last_row

    def cells(start: str, end: str | None = None) -> str:
        return f"{block.letter(start)}{first}:{block.letter(end or start)}{last}"

    for key in ("mix_short", "over_capacity", "problems", "outside"):
        address = L.PLAN.address(key)
        C.highlight(ws, address, f"N({address})>0", C.RED_FILL)
    gap, over, bottom_up_gap = (f"${block.letter(k)}{first}" for k in ("mix_gap", "over_capacity", "gap"))
    C.highlight(ws, cells("mix_amount", "mix_gap"), f"AND(ISNUMBER({gap}),{gap}<-{L.TOLERANCE})", C.RED_FILL)
    C.highlight(ws, cells("visits_per_week"), f"{over}=1", C.RED_FILL)
    C.highlight(ws, cells("over_capacity"), f"{over}=1", C.RED_FILL)
    C.style_range(ws, cells("over_capacity"), number_format=L.OVER_CAPACITY_FORMAT(lang))
    C.highlight(ws, cells("gap"), f"AND(ISNUMBER({bottom_up_gap}),{bottom_up_gap}<0)", C.AMBER_FILL)
    ws.cell(last + 2, 1, Text(f"签单与回款节奏 = 分解目标 ÷ 工作周数;商机节奏按计划商机数(有手填按手填);"
                              f"拜访 = 每单拜访 × 数量 ÷ 赢率。本表最多列出 {L.MAX_REPS} 人。",
                              "Signing and collection pace = top-down target ÷ working weeks; the opportunity pace "
                              "follows planned opportunities (the override where given); visits = visits per deal × "
                              f"count ÷ win rate. This sheet lists up to {L.MAX_REPS} reps.")(lang))
    C.widths(ws, {"A": 30})
    ws.freeze_panes = f"C{first}"


def _weekly(ws: Worksheet, lang: Lang) -> None:
    weekly, first = L.WEEKLY, L.WEEKLY.first_row
    for activity in FUNNEL_ORDER:  # behind pace in red: the week's figure and the total to date
        done, due = (f"${weekly.letter(f'{activity}{suffix}')}{first}" for suffix in ("_to_date", "_pace_to_date"))
        behind = f"AND(ISNUMBER({done}),ISNUMBER({due}),{done}<{due}-{L.TOLERANCE})"
        C.highlight(ws, _column(ws, weekly, activity), behind, C.RED_FILL)
        C.highlight(ws, _column(ws, weekly, f"{activity}_to_date"), behind, C.RED_FILL)
    _problem_colour(ws, weekly)
    ws.freeze_panes = f"C{first}"


def _summary(ws: Worksheet, lang: Lang) -> None:
    block, first = L.TRACK, L.TRACK.first_row
    for r in range(first, block.last_row + 1):
        activity = FUNNEL_ORDER[(r - first) % len(FUNNEL_ORDER)]
        for key in L.TRACK_MONEY:
            ws[f"{block.letter(key)}{r}"].number_format = C.MONEY0 if activity in (SIGNED, COLLECTED) else "0.00"
    cells = f"{block.letter('rep')}{first}:{block.letter('needed_per_week')}{block.last_row}"
    shortfall = f"${block.letter('shortfall')}{first}"
    C.highlight(ws, cells, f'${block.letter("bottleneck")}{first}<>""', C.RED_FILL)
    C.highlight(ws, cells, f"AND(ISNUMBER({shortfall}),{shortfall}>{L.TOLERANCE})", C.AMBER_FILL)
    ws.freeze_panes = f"C{first}"


# Line colours by meaning (signed = won, pace = plan): actual solid, pace dashed, so no line hides another of the
# same look; opportunities and visits are two blues, each with its own dashed pace.
ACTUAL_LINES = {"opportunities": C.OPEN, "visits": C.BLUE, "signed": C.WON, "collected": C.OPEN, "team_signed": C.WON}
PACE_LINES = {"opportunities_pace": C.OPEN, "visits_pace": C.BLUE, "amount_pace": C.PLAN, "team_pace": C.PLAN}


def pace_chart(ws: Worksheet, block: Block, keys: tuple[str, ...], last: int, title: str, week_label: str) -> LineChart:
    """Cumulative actual (solid) against pace (dashed) by week, rows first_row..last of the block; #N/A ends a line."""
    chart = LineChart()
    for key in keys:
        column = block.first_col + block.index(key)
        chart.add_data(Reference(ws, min_col=column, min_row=block.header_row, max_row=last), titles_from_data=True)
        line = chart.series[-1]
        line.smooth = False
        line.marker.symbol = "none"
        line.graphicalProperties.line.solidFill = ACTUAL_LINES.get(key) or PACE_LINES[key]
        line.graphicalProperties.line.width = 28575  # 2.25 pt
        if key in PACE_LINES:
            line.graphicalProperties.line.dashStyle = "dash"
    chart.set_categories(Reference(ws, min_col=block.first_col + block.index("week"), min_row=block.first_row,
                                   max_row=last))
    # "span": LibreOffice then leaves #N/A out (with "gap" it plots it as 0, dropping the line to the axis); Excel
    # leaves #N/A out either way. Nothing follows the last tracked week, so the line simply ends there.
    chart.display_blanks = "span"
    chart.x_axis.title = week_label
    chart.x_axis.tickLblSkip = 4
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.legend.position = "b"  # below: the series names are long and a side legend cuts them
    D.finish(chart, title)
    return chart


def _chart(ws: Worksheet, lang: Lang, data: DemoQuota | None) -> None:
    ws[L.CHART.address("rep")] = data.reps[0]["rep"] if data and data.reps else None
    ws.column_dimensions[L.PLAN_ROW_COLUMN].hidden = True
    block = L.CHART_WEEKS
    last = chart_last_row(data)
    series = {"counts": ("opportunities", "opportunities_pace", "visits", "visits_pace"),
              "amounts": ("signed", "collected", "amount_pace")}
    titles = {"counts": Text("商机与拜访:累计实际 vs 应完成", "Opportunities and visits: to date vs pace"),
              "amounts": Text("签单与回款:累计实际 vs 应完成", "Signed and collected: to date vs pace")}
    anchor_col = column_letter(block.first_col + len(block.columns))  # right of the block
    for (key, keys), row in zip(series.items(), (3, 24)):
        chart = pace_chart(ws, block, keys, last, titles[key](lang), Text("周次", "Week")(lang))
        chart.width, chart.height = 19, 10
        ws.add_chart(chart, f"{anchor_col}{row}")
    # the weeks not tracked yet hold #N/A for the charts: pale, so the table reads as the figures to date
    top_left = f"{block.letter('opportunities')}{block.first_row}"
    ws.conditional_formatting.add(f"{top_left}:{block.letter('team_pace')}{block.last_row}",
                                  FormulaRule(formula=[f"ISNA({top_left})"], font=Font(color="D9D9D9")))
    ws.freeze_panes = f"A{block.first_row}"


def chart_last_row(data: DemoQuota | None) -> int:
    """The pace charts' last row: the period's weeks as built (rows past the period would plot as zeros)."""
    weeks = data.settings.working_weeks if data else DEFAULT_WORKING_WEEKS
    return L.CHART_WEEKS.first_row + min(weeks, L.MAX_WEEKS) - 1


def demo_data() -> DemoQuota:
    return demo_quota()


def summary(data: DemoQuota) -> list[str]:
    """Headline figures of the demo copy, from the Python core."""
    inputs = parse_workbook(sheets(data))
    team = plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)
    first = team.reps.iloc[0]
    necks = team.tracking[team.tracking["bottleneck"]]
    return [
        f"target {team.settings.company_target:,.0f} → " + ", ".join(
            f"{r.rep} {r.top_down:,.0f}" for r in team.split.itertuples()),
        f"per rep: mix {first['mix_amount']:,.0f} ({first['mix_gap']:+,.0f} vs target); visits {first['visits']:g} "
        f"({first['visits_per_week']:.2f}/week → {first['visits_per_week_rounded']:g}); opportunities "
        f"{first['opportunities_planned']:g} planned vs {first['opportunities_by_win']:g} by win rate",
        f"week {team.week}: " + "; ".join(f"{r.rep} behind most on {r.activity} (short {r.shortfall:,.1f})"
                                          for r in necks.itertuples()),
    ]


INSTRUCTIONS = [
    Text("1. 「目标与人员」:填写公司本期目标(数字,如 600000,不要输入「60万」这样的文本)、工作周数(文中按年,52 周,最多 "
         f"{L.MAX_WEEKS})、月数、分解方式和每周拜访能力;下方人员表填写姓名、能力权重(按能力分解时用)、自报目标(自下而上)"
         f"与个人每周拜访能力。人员最多 {L.MAX_REPS} 人。",
         "1. 'Target and reps': the company target for the period (a number such as 600000, not text like '60万'), "
         f"working weeks (the text plans per year: 52; at most {L.MAX_WEEKS}), months, the split method and visit "
         "capacity; below, each rep's name, ability weight (for a weighted split), own target (bottom up) and visits "
         f"per week capacity. Up to {L.MAX_REPS} reps."),
    Text("2. 「产品组合」:每行一条产品线:单价 × 数量 = 金额;每单拜访次数与赢率决定商机数(数量 ÷ 赢率)和拜访次数"
         "(每单拜访 × 数量 ÷ 赢率)。约数金额与每单商机数(手填)可照文中数字填写,与计算值并排显示,不会替换计算值。",
         "2. 'Product mix': one product line a row: unit price × count = amount; visits per deal and win rate give "
         "opportunities (count ÷ win rate) and visits (visits per deal × count ÷ win rate). The rounded amount and "
         "the opportunities-per-deal override may carry the text's own figures; they show beside the computed "
         "ones and never replace them."),
    Text("3. 负责人留空或填「全员」的行是全员标准组合,没有自己组合的人使用它;组合合计低于目标时差额以红色显示。",
         "3. Lines with a blank rep or 'Everyone' form the team's standard mix, used by every rep without lines of "
         "their own; a mix short of the target shows the difference in red."),
    Text("4. 「人员计划」全部是原生公式:分解目标、自报差额、组合合计、商机、拜访,以及每周/每月节奏(每周另给向上取整值);"
         "每周拜访超过个人能力时标红。",
         "4. 'Plan per rep' is all native formulas: top-down target, bottom-up gap, mix total, opportunities, visits "
         "and the weekly/monthly pace (weekly also rounded up); a visit pace above the rep's capacity is red."),
    Text("5. 「周跟踪」每人每周一行(表格随新行自动扩展,右侧计算列自动填入):新增商机、拜访次数、签单金额、回款金额。"
         "累计低于节奏的格子标红。「跟踪汇总」给出每人每项的差额、完成率、瓶颈(最落后的一项)与余下每周所需。",
         "5. 'Weekly tracking': one row per rep and week (the table grows with new rows and its calculated columns "
         "fill in by themselves): new opportunities, visits, signed and collected amounts. Cells whose total to date "
         "is behind pace are red. 'Tracking summary' gives each rep's shortfall, attainment, bottleneck (the activity "
         "furthest behind) and what is needed per week from now."),
    Text("6. 每张表的「数据问题」列 > 0 的行有汇总不能使用的内容(存成文本的数字、名单外的姓名、重复的周次、超出范围的赢率等),"
         "这些行不计入任何汇总;「人员计划」的数据问题数(含参数与表格外的行)与 xlsales check 报告的错误数一致。",
         "6. A row whose 'Data problems' column is above 0 holds something the figures cannot use (a number stored "
         "as text, a name not on the reps table, a repeated week, a win rate out of range...) and counts in no "
         "figure; the data-problem count on 'Plan per rep' (parameters and rows outside the tables included) equals "
         "the errors `xlsales check` reports."),
    Text(f"7. 「进度图」选择一个人,查看累计实际与累计节奏(最多 {L.MAX_WEEKS} 周)。图表覆盖建表时的工作周数"
         "(默认 52 周),工作周数改动较大时请调整图表的数据范围。",
         f"7. 'Pace chart': choose a rep to see actual to date against pace to date (up to {L.MAX_WEEKS} weeks). The "
         "charts cover the working weeks the workbook was built with (52 by default): adjust their data range after "
         "changing the weeks a lot."),
    Text("8. 安装 xlwings Lite 后可用函数:=QUOTA_SPLIT(QuotaTarget,QuotaReps[#All])、=QUOTA_PLAN(QuotaMix[#All],\"小王\","
         "300000)、=QUOTA_PACE(...)、=PACE_GAP(...)、=DEALS_NEEDED / OPPORTUNITIES_NEEDED / VISITS_NEEDED;"
         "脚本 write_quota_plan 在「分解明细」写出每个人的完整分解与所有提示。",
         "8. With xlwings Lite: =QUOTA_SPLIT(QuotaTarget,QuotaReps[#All]), =QUOTA_PLAN(QuotaMix[#All],\"小王\",300000), "
         "=QUOTA_PACE(...), =PACE_GAP(...), =DEALS_NEEDED / OPPORTUNITIES_NEEDED / VISITS_NEEDED; the "
         "write_quota_plan script writes every rep's full decomposition and all warnings to 'Full plan'."),
    Text("9. 「看板」(打开时的第一页,一页横向 A4):公司目标、自报合计与目标之差、团队累计签单与应完成之差、跟踪周次、"
         "落后节奏的人数与数据问题;团队累计签单与节奏(只画到跟踪周)、各销售签单与节奏;落后的销售可点击转到「跟踪汇总」的瓶颈行。"
         "图表覆盖建表时的周数与人数(空模板 8 人)。",
         "9. 'Dashboard' (the first sheet, one landscape A4 page): the company target, the reps' own targets against it, "
         "the team's signings against pace, the tracked week, reps behind pace and data problems; the team's "
         "cumulative signings against pace (drawn up to the tracked week) and each rep's; click a rep behind pace to "
         "go to their bottleneck row on 'Tracking summary'. The charts cover the weeks and reps the workbook was "
         "built with (8 reps in the empty template)."),
]

SPEC = C.TemplateSpec(name="quota", title=TITLE, build=build, demo_data=demo_data, check=check,
                      summary=summary)
