"""The funnel workbook (funnel.xlsx), written from its description in xlsales/funnel/layout.py.

Every figure is a native formula over the Deals/Stages/Reps tables; the Python core computes the
same figures (tests/test_funnel_libreoffice.py checks one against the other). What this module adds
to the description: the instructions, row colours, the charts.
"""

import datetime as dt

from openpyxl import Workbook
from openpyxl.chart import Reference
from openpyxl.formatting.rule import Rule as FormatRule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.funnel import figures
from xlsales.funnel import layout as L
from xlsales.funnel.demo import DemoFunnel, deal_rows, demo_funnel, frames
from xlsales.funnel.vocab import DEFAULT_STAGES, MAX_STAGES, OPEN, stage_table
from xlsales.funnel.workbook import check
from xlsales.i18n import Lang, Text
from xlsales.layout import Table
from xlsales.templates import common as C
from xlsales.templates import dashboard as D
from xlsales.templates.render import define_range, write_sheet


def build(lang: Lang = "zh-CN", data: DemoFunnel | None = None) -> Workbook:
    wb = Workbook()
    C.instructions_sheet(wb, lang, Text("销售漏斗 — 使用说明", "Sales funnel — how to use"), INSTRUCTIONS)
    stages = data.stages if data else DEFAULT_STAGES
    ws = write_sheet(wb, L.STAGES_SHEET, lang, {L.STAGES.name: stage_table(stages, lang)})
    define_range(wb, L.STAGE_LIST, ws.title, L.STAGES.letter("stage"), L.STAGES.first_row,
                 L.STAGES.first_row + MAX_STAGES - 1)
    _problem_colour(ws, L.STAGES, lang)
    ws.freeze_panes = "A2"
    ws = write_sheet(wb, L.DEALS_SHEET, lang, {L.DEALS.name: deal_rows(data, lang) if data else []})
    _deal_colours(ws, lang)
    ws.freeze_panes = "C2"
    ws = write_sheet(wb, L.SETTINGS, lang, {L.REPS.name: [list(r) for r in data.reps] if data else []})
    if data:
        ws[L.SETTINGS.address("as_of")] = data.as_of
    define_range(wb, L.REP_LIST, ws.title, L.REPS.letter("name"), L.REPS.first_row, L.REPS.first_row + L.MAX_REPS - 1)
    _summary(write_sheet(wb, L.SUMMARY, lang), lang, len(stages))
    forecast = write_sheet(wb, L.FORECAST, lang)
    write_sheet(wb, L.HISTORY, lang)
    _dashboard(D.write_dashboard(wb, L.DASHBOARD, lang, TITLE(lang), L.DASHBOARD_PRINT_AREA), forecast, lang,
               len(stages))
    return wb


def _dashboard(ws: Worksheet, forecast: Worksheet, lang: Lang, stages: int) -> None:
    """The funnel by stage (centred bars, first stage on top) and the forecast by month against what was won; the
    charts plot the stages the workbook is built with and the twelve months."""
    heading = ws[L.DASHBOARD.cell("attention").label_address]
    heading.font = D.HEADING_FONT
    D.attention_style(ws, L.ATTENTION)
    data = L.FUNNEL_DATA
    last = data.first_row + stages - 1

    def column(key: str) -> Reference:
        col = data.first_col + data.index(key)
        return Reference(ws, min_col=col, min_row=data.first_row, max_row=last)

    funnel = D.centred_funnel(ws, column("stage"), column("amount"), column("padding"),
                              Text("各阶段跟踪金额", "Open amount by stage")(lang))
    D.place(ws, funnel, L.DASHBOARD_CHARTS[0])
    months = L.MONTHS

    def month(key: str) -> Reference:
        col = months.first_col + months.index(key)
        return Reference(forecast, min_col=col, min_row=months.header_row if key != "start" else months.first_row,
                         max_row=months.last_row)

    by_month = D.bars(ws, month("start"), [(month("weighted"), "open"), (month("won"), "won")],
                      Text("按月加权预测与已赢单", "Weighted forecast and won by month")(lang))
    by_month.x_axis.number_format = L.MONTH
    D.place(ws, by_month, L.DASHBOARD_CHARTS[1])


TITLE = Text("销售漏斗", "Sales funnel")


def _problem_colour(ws: Worksheet, table: Table, lang: Lang) -> None:
    letter = table.letter("problems")
    C.highlight(ws, f"{letter}{table.first_row}:{letter}{_last_row(ws, table)}", f"N(${letter}{table.first_row})>0",
                C.RED_FILL)


def _last_row(ws: Worksheet, table: Table) -> int:
    return int(ws.tables[table.name].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _deal_colours(ws: Worksheet, lang: Lang) -> None:
    """Whole rows red when slipped, amber when stale (the calculated columns say so); repeated IDs marked."""
    deals, first = L.DEALS, L.DEALS.first_row
    last = _last_row(ws, deals)
    rows = deals.body(last)
    C.highlight(ws, rows, f"${deals.letter('slipped')}{first}=TRUE", C.RED_FILL)
    C.highlight(ws, rows, f"${deals.letter('stale')}{first}=TRUE", C.AMBER_FILL)
    _problem_colour(ws, deals, lang)
    ids = f"{deals.letter('id')}{first}:{deals.letter('id')}{last}"
    ws.conditional_formatting.add(ids, FormatRule(type="duplicateValues", dxf=DifferentialStyle(fill=C.RED_FILL)))


def _summary(ws: Worksheet, lang: Lang, stages: int) -> None:
    problems = L.SUMMARY.address("problems")
    C.highlight(ws, problems, f"N({problems})>0", C.RED_FILL)
    block = L.SUMMARY_STAGES
    C.highlight(ws, f"{block.letter('n')}{block.first_row}:{block.letter('bottleneck')}{block.last_row}",
                f'${block.letter("bottleneck")}{block.first_row}<>""', C.RED_FILL)
    last = block.first_row + stages - 1  # the stages in use: empty slots would squeeze the bars to the top

    def column(key: str, header: bool = True) -> Reference:
        col = block.first_col + block.index(key)
        return Reference(ws, min_col=col, min_row=block.header_row if header else block.first_row, max_row=last)

    counts = D.bars(ws, column("stage", False), [(column("count"), "open")],
                    Text("各阶段机会数量", "Deals per stage")(lang), horizontal=True)
    counts.legend = None
    # the weighted amount is an expectation, drawn in the plan's grey beside the open amount
    amounts = D.bars(ws, column("stage", False), [(column("amount"), "open"), (column("weighted"), "plan")],
                     Text("各阶段预期金额与加权金额", "Amount and weighted amount per stage")(lang), horizontal=True)
    charts_row = block.last_row + 3  # below the stage table, so nothing overlaps
    ws.row_dimensions[block.header_row].height = D.HEADER_HEIGHT
    D.fix_row_heights(ws, charts_row + SUMMARY_CHART_ROWS)
    D.place(ws, counts, f"A{charts_row}:C{charts_row + SUMMARY_CHART_ROWS}")
    D.place(ws, amounts, f"D{charts_row}:L{charts_row + SUMMARY_CHART_ROWS}")


SUMMARY_CHART_ROWS = 18


def demo_data() -> DemoFunnel:
    return demo_funnel(dt.date.today())


INSTRUCTIONS = [
    Text("1. 在「阶段」表维护本公司的销售阶段(3–7 个):序号、阶段名、阶段赢率、预测类别、出阶段标准、停留上限、无跟进上限。",
         "1. Keep your company's sales stages (3–7) on 'Stages': order, name, win probability, forecast category, "
         "exit criteria, max days in stage, max days idle."),
    Text("2. 在「设置」填写报告日期(默认今天)与销售人员名单(最多 30 人);在「商机」表逐行录入或粘贴商机,"
         "阶段/状态/分类/负责人用下拉选择。表格会随新行自动扩展,右侧的计算列(加权金额、停留天数、停滞、延误、数据问题)"
         "自动填入新行。",
         "2. Fill the as-of date (defaults to today) and the reps (up to 30) on 'Settings'; type or paste deals into "
         "the table on 'Deals', choosing stage/status/class/owner from the drop-downs. The table grows with new "
         "rows and its calculated columns on the right (weighted amount, days in stage, stale, slipped, data "
         "problems) fill in by themselves."),
    Text("3. 只有状态为「跟踪」的商机计入漏斗;「漏斗汇总」「预测」全部是原生公式,不装插件也能看到正确数字。状态可填中文或英文。",
         "3. Only deals with status 'Open' count in the funnel; the summary and forecast sheets are native "
         "formulas, right without the add-in. Statuses may be typed in Chinese or English."),
    Text("4. 红色 = 延误(推迟 ≥3 次或预计成交日期已过);黄色 = 停滞(停留或未跟进天数超出该阶段上限)。可按「停滞」「延误」列筛选。",
         "4. Red = slipped (pushed 3+ times or close date passed); amber = stale (days in stage or idle over the "
         "stage's limit). Filter the table on its Stale and Slipped columns."),
    Text("5. 「数据问题」列 > 0 的行有汇总不能计入的内容:非数字金额、文本格式的日期、不在阶段表的阶段、不在名单的负责人、"
         "成交早于创建等;「漏斗汇总」的数据问题数与 xlsales check 报告的错误数一致。",
         "5. A row whose 'Data problems' is above 0 holds something the summaries cannot count: a non-numeric amount, "
         "a date stored as text, a stage not on 'Stages', an owner not on the reps list, a close before the created "
         "date... The summary's data-problem count equals the errors `xlsales check` reports."),
    Text("6. 每个商机回答经理四问:刚完成哪一步、证据/反证、现在在做什么、如何准备下一步。8C1F0W 列填 9 个字母 C/F/W(清楚/模糊/不知道),≥8C 且 0W 表示赢率可达 60% 以上。",
         "6. Answer the manager's four questions per deal: step just completed, evidence, doing now, preparing next. "
         "The 8C1F0W column takes 9 letters C/F/W (clear/fuzzy/unknown); 8+ C and no W means a 60%+ win rate."),
    Text("7. 安装 xlwings Lite 后可用函数:=WINRATE(Deals[#All])、=PIPELINE_WEIGHTED(Deals[#All],Stages[#All])、"
         "=STALE_FLAGS(Deals[#All],Stages[#All]) 等;脚本 calibrate_stages 按历史校准阶段赢率,weekly_snapshot 记录每周快照与变化。",
         "7. With xlwings Lite: =WINRATE(Deals[#All]), =PIPELINE_WEIGHTED(Deals[#All],Stages[#All]), "
         "=STALE_FLAGS(Deals[#All],Stages[#All]) and more; the calibrate_stages script sets stage probabilities "
         "from history, weekly_snapshot records the week's changes."),
    Text("8. 阶段赢率是群体统计,对个人少量商机不可靠;已结束商机不足时校准会保留原值并提示。",
         "8. Stage rates are population statistics, unreliable for one rep's few deals; with too few closed deals "
         "calibration keeps the current value and warns."),
    Text("9. 「看板」是打开时的第一页(打印为一页):关键数字与上次快照(「历史」中报告日期之前最近的一次)比较、各阶段漏斗、"
         "按月预测与已赢单、需关注的商机(点「转到」跳到该行)。图表按建表时的阶段数绘制,增减阶段后请用新模板。",
         "9. 'Dashboard' is the first sheet (it prints on one page): the key figures against the last snapshot (the "
         "latest one on 'History' before the as-of date), the funnel by stage, the forecast by month against won, "
         "and the deals that need attention ('Go to' jumps to the row). Charts plot the stages the workbook was "
         "built with: after adding or removing stages, start from a new template."),
]


def summary(data: DemoFunnel) -> list[str]:
    """Headline figures of the demo copy, from the Python core."""
    deals, stages = frames(data)
    rate = figures.win_rate(deals)
    neck = figures.bottleneck(deals, stages)
    return [
        f"{len(deals)} deals, {int((deals['status'] == OPEN).sum())} open; "
        f"pipeline {figures.total_pipeline(deals, stages):,.0f}, weighted {figures.weighted_pipeline(deals, stages):,.0f}",
        f"win rate {rate:.1%}" if rate is not None else "win rate: no closed deals",
        "bottleneck: " + (", ".join(neck.loc[neck["bottleneck"], "stage"]) or "none"),
    ]


SPEC = C.TemplateSpec(name="funnel", title=TITLE, build=build, demo_data=demo_data, check=check,
                      summary=summary)
