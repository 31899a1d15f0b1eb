"""The funnel workbook (funnel.xlsx): stages, deals, settings, summary with chart, forecast, alerts, history.

Every figure is a native formula over the Deals/Stages/Reps tables; the Python core computes
the same figures (tests/test_funnel_libreoffice.py checks one against the other).
"""

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.funnel import figures
from xlsales.funnel import layout as L
from xlsales.funnel.demo import DemoFunnel, deal_rows, demo_funnel, frames
from xlsales.funnel.inputs import parse_deals, parse_stages
from xlsales.funnel.vocab import (BEST_CASE, CATEGORY, CLOSED, COMMIT, DEAL_COLUMNS, DEFAULT_STAGES,
                                  LOST, OMITTED, OPEN, PAUSED, PIPELINE, STAGE_COLUMNS, STATUS, WON, stage_table)
from xlsales.i18n import Lang, Text
from xlsales.problems import Problem
from xlsales.sheets import missing_sheet, sheet_rows
from xlsales.templates import common as C

MIN_DEAL_ROWS = 20
MIN_ALERT_ROWS = 200
SUMMARY_FIRST = 14  # first per-stage row on the summary sheet


def _parameter(key: str, lang: Lang) -> str:
    """Absolute reference to a parameter on the settings sheet (rows from layout.PARAMETERS)."""
    return f"{C.formula_sheet(L.SHEET_SETTINGS(lang))}!$B${L.PARAMETERS[key][0]}"


def _h(key: str, columns: list[Any], lang: Lang) -> str:
    return next(c.label(lang) for c in columns if c.key == key)


class Refs:
    """Structured references to the tables' columns, in the workbook's language."""

    def __init__(self, lang: Lang):
        self.lang = lang
        self.open = f'"{STATUS[OPEN](lang)}"'
        self.won = f'"{STATUS[WON](lang)}"'
        self.lost = f'"{STATUS[LOST](lang)}"'
        self.paused = f'"{STATUS[PAUSED](lang)}"'

    def deal(self, key: str) -> str:
        return f"{L.TABLE_DEALS}[{_h(key, DEAL_COLUMNS, self.lang)}]"

    def stage(self, key: str) -> str:
        return f"{L.TABLE_STAGES}[{_h(key, STAGE_COLUMNS, self.lang)}]"

    def rep(self) -> str:
        return f"{L.TABLE_REPS}[{L.REP_COLUMNS[0](self.lang)}]"

    def in_period(self, start: str, end: str) -> str:
        close = self.deal("close_date")
        return f'{close},">="&{start},{close},"<="&{end}'

    def open_by_stage(self, extra: str = "") -> str:
        """SUMIFS of open amounts per stage of the Stages table (an array SUMPRODUCT can weigh)."""
        return (f"SUMIFS({self.deal('amount')},{self.deal('stage')},{self.stage('stage')},"
                f"{self.deal('status')},{self.open}{extra})")


def build(lang: Lang = "zh-CN", data: DemoFunnel | None = None) -> Workbook:
    wb = Workbook()
    refs = Refs(lang)
    C.instructions_sheet(wb, lang, Text("销售漏斗 — 使用说明", "Sales funnel — how to use"), INSTRUCTIONS)
    stages = data.stages if data else DEFAULT_STAGES
    _stages_sheet(wb, lang, stages)
    _deals_sheet(wb, lang, data)
    _settings_sheet(wb, lang, data)
    _summary_sheet(wb, lang, refs)
    _forecast_sheet(wb, lang, refs)
    _alerts_sheet(wb, lang, refs, len(data.deals) if data else 0)
    _history_sheet(wb, lang)
    return wb


def _stages_sheet(wb: Workbook, lang: Lang, stages: list[Any]) -> None:
    ws = wb.create_sheet(L.SHEET_STAGES(lang))
    headers = [c.label(lang) for c in STAGE_COLUMNS]
    ref = C.add_table(ws, L.TABLE_STAGES, 1, 1, headers, stage_table(stages, lang))
    last = int(ref.split(":")[1][1:])
    C.style_range(ws, f"C2:C{last}", C.PERCENT)
    C.define_name(wb, "StageList", ws.title, f"$B$2:$B${L.MAX_STAGES + 1}")
    categories = ",".join(CATEGORY[k](lang) for k in (PIPELINE, BEST_CASE, COMMIT, CLOSED, OMITTED))
    C.list_validation(ws, f"D2:D{L.MAX_STAGES + 1}", categories, lang, Text("预测类别", "forecast category"))
    C.number_validation(ws, f"C2:C{L.MAX_STAGES + 1}", lang, 0, 1)
    C.widths(ws, {"A": 8, "B": 20, "C": 12, "D": 14, "E": 44, "F": 14, "G": 14})
    ws.freeze_panes = "A2"


def _deals_sheet(wb: Workbook, lang: Lang, data: DemoFunnel | None) -> None:
    ws = wb.create_sheet(L.SHEET_DEALS(lang))
    rows = deal_rows(data, lang) if data else []
    headers = [c.label(lang) for c in DEAL_COLUMNS]
    C.add_table(ws, L.TABLE_DEALS, 1, 1, headers, rows, min_rows=MIN_DEAL_ROWS)
    last = max(len(rows), MIN_DEAL_ROWS) + 1
    span = max(last, 1000)  # validation and formats reach past the table so new rows get them
    col = {c.key: i + 1 for i, c in enumerate(DEAL_COLUMNS)}
    letter = {k: get_column_letter(v) for k, v in col.items()}
    for key in ("created", "close_date", "stage_since", "last_activity"):
        C.style_range(ws, f"{letter[key]}2:{letter[key]}{last}", C.DATE)
        C.date_validation(ws, f"{letter[key]}2:{letter[key]}{span}", lang)
    C.style_range(ws, f"{letter['amount']}2:{letter['amount']}{last}", C.MONEY0)
    C.number_validation(ws, f"{letter['amount']}2:{letter['amount']}{span}", lang, 0)
    C.number_validation(ws, f"{letter['pushes']}2:{letter['pushes']}{span}", lang, 0, kind="whole")
    C.list_validation(ws, f"{letter['stage']}2:{letter['stage']}{span}", "=StageList", lang, Text("阶段", "stage"))
    C.list_validation(ws, f"{letter['status']}2:{letter['status']}{span}", ",".join(t(lang) for t in STATUS.values()),
                      lang, Text("状态", "status"))
    C.list_validation(ws, f"{letter['account_class']}2:{letter['account_class']}{span}", "A,B,C", lang,
                      Text("客户分类", "class"))
    C.list_validation(ws, f"{letter['owner']}2:{letter['owner']}{span}", "=RepList", lang, Text("负责人", "owner"))
    # Row colours mirror the alert rules: red = slipped, amber = stale (see the alerts sheet).
    as_of, max_pushes = _parameter("as_of", lang), _parameter("max_pushes", lang)
    stages = C.formula_sheet(L.SHEET_STAGES(lang))
    open_ = STATUS[OPEN](lang)
    s, a, p, cl, cr, ss, la = (letter[k] for k in ("status", "amount", "pushes", "close_date", "created",
                                                  "stage_since", "last_activity"))
    st = letter["stage"]
    slipped = (f'AND(${s}2="{open_}",OR(N(${p}2)>={max_pushes},'
               f'AND(ISNUMBER(${cr}2),ISNUMBER(${cl}2),${cl}2<{as_of})))')
    since = f'IF(ISNUMBER(${ss}2),${ss}2,${cr}2)'
    limit = f"INDEX({stages}!$F$2:$F${L.MAX_STAGES + 1},MATCH(${st}2,{stages}!$B$2:$B${L.MAX_STAGES + 1},0))"
    idle_limit = f"INDEX({stages}!$G$2:$G${L.MAX_STAGES + 1},MATCH(${st}2,{stages}!$B$2:$B${L.MAX_STAGES + 1},0))"
    idle_from = f"IF(ISNUMBER(${la}2),${la}2,{since})"
    stale = (f'AND(${s}2="{open_}",ISNUMBER(MATCH(${st}2,{stages}!$B$2:$B${L.MAX_STAGES + 1},0)),'
             f'OR({as_of}-{since}>{limit},{as_of}-{idle_from}>{idle_limit}))')
    full = f"A2:{get_column_letter(len(DEAL_COLUMNS))}{span}"
    C.highlight(ws, full, slipped, C.RED_FILL)
    C.highlight(ws, full, stale, C.AMBER_FILL)
    C.widths(ws, {get_column_letter(i + 1): 13 for i in range(len(DEAL_COLUMNS))})
    C.widths(ws, {letter["customer"]: 18, letter["stage"]: 16, letter["next_step"]: 16, letter["clarity"]: 12,
                  letter["q_evidence"]: 22, letter["q_next_prep"]: 22})
    ws.freeze_panes = "C2"


def _settings_sheet(wb: Workbook, lang: Lang, data: DemoFunnel | None) -> None:
    ws = wb.create_sheet(L.SHEET_SETTINGS(lang))
    C.title(ws, "A1", Text("参数与销售人员", "Parameters and reps")(lang))
    for key, (row, label) in L.PARAMETERS.items():
        ws.cell(row, 1, label(lang)).font = C.LABEL_FONT
        value: Any = L.DEFAULT_PARAMETERS.get(key)
        if key == "as_of":
            value = data.as_of if data else "=TODAY()"
        cell = ws.cell(row, 2, value)
        cell.fill = C.INPUT_FILL
        cell.border = C.BOX
    as_of_row = L.PARAMETERS["as_of"][0]
    ws.cell(as_of_row, 2).number_format = C.DATE
    ws.cell(L.PARAMETERS["bottleneck_threshold"][0], 2).number_format = "0.00"
    ws.cell(as_of_row, 3, Text("默认今天;填日期可按历史日期复盘", "Defaults to today; type a date to review as of that day")(lang))
    C.define_name(wb, "AsOf", ws.title, f"$B${as_of_row}")
    reps = [list(r) for r in data.reps] if data else []
    C.add_table(ws, L.TABLE_REPS, L.REPS_HEADER_ROW, 1, [t(lang) for t in L.REP_COLUMNS], reps, min_rows=4)
    C.define_name(wb, "RepList", ws.title, f"$A${L.REPS_HEADER_ROW + 1}:$A${L.REPS_HEADER_ROW + L.MAX_REPS}")
    C.widths(ws, {"A": 36, "B": 14, "C": 50})


def _stage_at(n_cell: str, refs: Refs) -> str:
    order = refs.stage("order")
    return (f'IF({n_cell}>COUNT({order}),"",INDEX({refs.stage("stage")},'
            f'MATCH(SMALL({order},{n_cell}),{order},0)))')


def _summary_sheet(wb: Workbook, lang: Lang, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_SUMMARY(lang))
    C.title(ws, "A1", Text("销售漏斗汇总", "Funnel summary")(lang))
    first, last = SUMMARY_FIRST, SUMMARY_FIRST + L.MAX_STAGES - 1
    as_of = _parameter("as_of", lang)
    st, status = refs.deal("stage"), refs.deal("status")
    won = f"COUNTIFS({status},{refs.won})"
    lost = f"COUNTIFS({status},{refs.lost})"
    won_rows = f"{status},{refs.won},{refs.deal('created')},\">0\",{refs.deal('close_date')},\">0\""
    key_figures = [
        (Text("报告日期", "As of"), f"={as_of}", C.DATE),
        (Text("漏斗内商机数(跟踪)", "Open deals in funnel"), f"=SUM(D{first}:D{last})", "0"),
        (Text("漏斗总金额", "Total pipeline"), f"=SUM(E{first}:E{last})", C.MONEY0),
        (Text("加权金额(按阶段赢率)", "Weighted pipeline"), f"=SUM(F{first}:F{last})", C.MONEY0),
        (Text("赢单率(已结束商机)", "Win rate (closed deals)"), f'=IF({won}+{lost}=0,"",{won}/({won}+{lost}))',
         C.PERCENT),
        (Text("平均销售周期(天,赢单)", "Average sales cycle (days, won)"),
         f'=IF(COUNTIFS({won_rows})=0,"",(SUMIFS({refs.deal("close_date")},{won_rows})'
         f'-SUMIFS({refs.deal("created")},{won_rows}))/COUNTIFS({won_rows}))', "0.0"),
        (Text("停滞商机数", "Stale deals"), f"=COUNTIF({C.formula_sheet(L.SHEET_ALERTS(lang))}!$G:$G,TRUE)", "0"),
        (Text("延误商机数", "Slipped deals"), f"=COUNTIF({C.formula_sheet(L.SHEET_ALERTS(lang))}!$H:$H,TRUE)", "0"),
        (Text("数据问题:金额非数字/阶段不在阶段表", "Data problems: non-numeric amounts / unknown stages"),
         f'=SUMPRODUCT(({refs.deal("amount")}<>"")*NOT(ISNUMBER({refs.deal("amount")})))'
         f'+SUMPRODUCT(({st}<>"")*(COUNTIF({refs.stage("stage")},{st})=0))', "0"),
    ]
    for i, (label, formula, fmt) in enumerate(key_figures, start=3):
        ws.cell(i, 1, label(lang)).font = C.LABEL_FONT
        ws.cell(i, 2, formula).number_format = fmt
        ws.cell(i, 2).border = C.BOX
    C.highlight(ws, "B11", "$B$11>0", C.RED_FILL)
    headers = [Text("层", "No."), Text("阶段", "Stage"), Text("阶段赢率", "Win probability"),
               Text("机会数量", "Deals"), Text("预期金额", "Amount"), Text("加权金额", "Weighted"),
               Text("数量占比", "Share"), Text("应有占比", "Expected share"), Text("实际/应有", "Actual/expected"),
               Text("瓶颈", "Bottleneck"), Text("到达该阶段的已结束商机", "Closed deals that reached it"),
               Text("到达后赢单率", "Win rate once reached"), Text("转化到下一阶段", "Conversion to next"),
               Text("权重(1/赢率)", "Weight (1/probability)")]
    C.header_row(ws, first - 1, 1, [h(lang) for h in headers])
    threshold = _parameter("bottleneck_threshold", lang)
    order = refs.stage("order")
    bottleneck = Text("◀ 瓶颈", "◀ bottleneck")(lang)
    for r in range(first, last + 1):
        ws.cell(r, 1, r - first + 1)
        ws.cell(r, 2, "=" + _stage_at(f"$A{r}", refs))
        ws.cell(r, 3, f'=IF(B{r}="","",INDEX({refs.stage("probability")},MATCH(B{r},{refs.stage("stage")},0)))')
        ws.cell(r, 4, f'=IF(B{r}="","",COUNTIFS({st},B{r},{status},{refs.open}))')
        ws.cell(r, 5, f'=IF(B{r}="","",SUMIFS({refs.deal("amount")},{st},B{r},{status},{refs.open}))')
        ws.cell(r, 6, f'=IF(B{r}="","",E{r}*C{r})')
        ws.cell(r, 7, f'=IF(OR(B{r}="",SUM($D${first}:$D${last})=0),"",D{r}/SUM($D${first}:$D${last}))')
        ws.cell(r, 14, f'=IF(B{r}="","",IF(C{r}>0,1/C{r},""))')
        ws.cell(r, 8, f'=IF(N(N{r})=0,"",N{r}/SUM($N${first}:$N${last}))')
        ws.cell(r, 9, f'=IF(OR(G{r}="",H{r}=""),"",G{r}/H{r})')
        ws.cell(r, 10, f'=IF(I{r}="","",IF(AND(I{r}=MIN($I${first}:$I${last}),I{r}<{threshold}),"{bottleneck}",""))')
        ws.cell(r, 11, f'=IF(B{r}="","",COUNTIFS({status},{refs.won})+SUMPRODUCT(COUNTIFS({st},{refs.stage("stage")},'
                       f'{status},{refs.lost})*({order}>=SMALL({order},$A{r}))))')
        ws.cell(r, 12, f'=IF(OR(B{r}="",N(K{r})=0),"",COUNTIFS({status},{refs.won})/K{r})')
        ws.cell(r, 13, f'=IF(OR(B{r}="",B{r + 1}="",N(K{r})=0),"",K{r + 1}/K{r})' if r < last else '=""')
    for col, fmt in {"C": C.PERCENT, "E": C.MONEY0, "F": C.MONEY0, "G": C.PERCENT, "H": C.PERCENT, "I": "0.00",
                     "L": C.PERCENT, "M": C.PERCENT, "N": "0.00"}.items():
        C.style_range(ws, f"{col}{first}:{col}{last}", fmt)
    C.style_range(ws, f"A{first}:B{last}")
    C.style_range(ws, f"D{first}:D{last}", "0")
    C.style_range(ws, f"J{first}:K{last}")
    C.highlight(ws, f"A{first}:J{last}", f'$J{first}<>""', C.RED_FILL)
    chart = BarChart()
    chart.type = "bar"
    chart.title = Text("各阶段机会数量", "Deals per stage")(lang)
    chart.y_axis.title = Text("数量", "Deals")(lang)
    chart.add_data(Reference(ws, min_col=4, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # top of the funnel at the top
    chart.height, chart.width = 8, 16
    charts_row = last + 3  # below the stage table, so nothing overlaps
    ws.add_chart(chart, f"A{charts_row}")
    amounts = BarChart()
    amounts.type = "bar"
    amounts.title = Text("各阶段预期金额与加权金额", "Amount and weighted amount per stage")(lang)
    amounts.add_data(Reference(ws, min_col=5, max_col=6, min_row=first - 1, max_row=last), titles_from_data=True)
    amounts.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    amounts.x_axis.scaling.orientation = "maxMin"
    amounts.height, amounts.width = 8, 18
    ws.add_chart(amounts, f"E{charts_row}")
    C.widths(ws, {"A": 34, "B": 18, "C": 12, "D": 10, "E": 14, "F": 14, "G": 10, "H": 10, "I": 10, "J": 12,
                  "K": 14, "L": 12, "M": 12, "N": 12})


def _forecast_sheet(wb: Workbook, lang: Lang, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_FORECAST(lang))
    C.title(ws, "A1", Text("销售预测", "Forecast")(lang))
    as_of = _parameter("as_of", lang)
    probability, category = refs.stage("probability"), refs.stage("category")
    amount, status = refs.deal("amount"), refs.deal("status")
    # by month: twelve months from the as-of month
    C.header_row(ws, 3, 1, [t(lang) for t in (Text("月份", "Month"), Text("月末", "Month end"),
                                              Text("加权预测", "Weighted forecast"), Text("跟踪金额", "Open amount"),
                                              Text("已赢单", "Won"))])
    for k in range(12):
        r = 4 + k
        ws.cell(r, 1, f"=DATE(YEAR({as_of}),MONTH({as_of})+{k},1)").number_format = C.MONTH
        ws.cell(r, 2, f"=EOMONTH(A{r},0)").number_format = C.DATE
        _period_figures(ws, r, 3, f"A{r}", f"B{r}", refs)
    # by quarter: four quarters from the as-of quarter
    C.header_row(ws, 17, 1, [t(lang) for t in (Text("季度起", "Quarter start"), Text("季度末", "Quarter end"),
                                               Text("加权预测", "Weighted forecast"), Text("跟踪金额", "Open amount"),
                                               Text("已赢单", "Won"))])
    for k in range(4):
        r = 18 + k
        ws.cell(r, 1, f"=DATE(YEAR({as_of}),INT((MONTH({as_of})-1)/3)*3+1+3*{k},1)").number_format = C.DATE
        ws.cell(r, 2, f"=EOMONTH(A{r},2)").number_format = C.DATE
        _period_figures(ws, r, 3, f"A{r}", f"B{r}", refs)
    for r in (4, 18):
        C.style_range(ws, f"C{r}:E{r + (11 if r == 4 else 3)}", C.MONEY0)
    # by category over a chosen period (defaults to the as-of quarter)
    ws["G3"] = Text("期间起", "Period start")(lang)
    ws["H3"] = "=A18"
    ws["G4"] = Text("期间止", "Period end")(lang)
    ws["H4"] = "=B18"
    for c in ("H3", "H4"):
        ws[c].number_format = C.DATE
        ws[c].fill = C.INPUT_FILL
    ws["G5"] = Text("期间加权预测", "Weighted forecast for the period")(lang)
    ws["H5"] = f"=SUMPRODUCT({refs.open_by_stage(',' + refs.in_period('$H$3', '$H$4'))}*{probability})"
    ws["H5"].number_format = C.MONEY0
    C.header_row(ws, 7, 7, [Text("预测类别", "Forecast category")(lang), Text("金额", "Amount")(lang)])
    period = "," + refs.in_period("$H$3", "$H$4")
    for i, key in enumerate((PIPELINE, BEST_CASE, COMMIT, CLOSED, OMITTED)):
        r = 8 + i
        ws.cell(r, 7, CATEGORY[key](lang))
        if key == CLOSED:
            formula = f"=SUMIFS({amount},{status},{refs.won}{period})"
        elif key == OMITTED:
            formula = f"=SUMIFS({amount},{status},{refs.paused}{period})"
        else:
            formula = f"=SUMPRODUCT({refs.open_by_stage(period)}*({category}=G{r}))"
        ws.cell(r, 8, formula).number_format = C.MONEY0
    # by rep
    C.header_row(ws, 15, 7, [t(lang) for t in (Text("负责人", "Owner"), Text("加权金额", "Weighted pipeline"),
                                                Text("赢单", "Won"), Text("丢单", "Lost"), Text("赢单率", "Win rate"))])
    owner = refs.deal("owner")
    for n in range(1, L.MAX_REPS + 1):
        r = 15 + n
        ws.cell(r, 7, f'=IF({n}>COUNTA({refs.rep()}),"",INDEX({refs.rep()},{n}))')
        ws.cell(r, 8, f'=IF(G{r}="","",SUMPRODUCT({refs.open_by_stage(f",{owner},G{r}")}*{probability}))')
        ws.cell(r, 9, f'=IF(G{r}="","",COUNTIFS({owner},G{r},{status},{refs.won}))')
        ws.cell(r, 10, f'=IF(G{r}="","",COUNTIFS({owner},G{r},{status},{refs.lost}))')
        ws.cell(r, 11, f'=IF(OR(G{r}="",N(I{r})+N(J{r})=0),"",I{r}/(I{r}+J{r}))')
        ws.cell(r, 8).number_format = C.MONEY0
        ws.cell(r, 11).number_format = C.PERCENT
    C.widths(ws, {"A": 12, "B": 12, "C": 16, "D": 16, "E": 14, "F": 3, "G": 22, "H": 16, "I": 8, "J": 8, "K": 10})


def _period_figures(ws: Worksheet, r: int, col: int, start: str, end: str, refs: Refs) -> None:
    period = "," + refs.in_period(start, end)
    ws.cell(r, col, f"=SUMPRODUCT({refs.open_by_stage(period)}*{refs.stage('probability')})")
    ws.cell(r, col + 1, f"=SUMPRODUCT({refs.open_by_stage(period)})")
    ws.cell(r, col + 2, f"=SUMIFS({refs.deal('amount')},{refs.deal('status')},{refs.won}{period})")


def _alerts_sheet(wb: Workbook, lang: Lang, refs: Refs, deal_count: int) -> None:
    """One row per deals-table row: days in stage, days idle, stale and slipped flags for open deals."""
    ws = wb.create_sheet(L.SHEET_ALERTS(lang))
    headers = [Text("行", "Row"), Text("编号", "Deal ID"), Text("负责人", "Owner"), Text("阶段", "Stage"),
               Text("停留天数", "Days in stage"), Text("未跟进天数", "Days idle"), Text("停滞", "Stale"),
               Text("延误", "Slipped"), Text("跟踪中", "Open")]
    C.header_row(ws, 1, 1, [h(lang) for h in headers])
    as_of, max_pushes = _parameter("as_of", lang), _parameter("max_pushes", lang)
    d = refs.deal
    rows = max(MIN_ALERT_ROWS, deal_count + 50)
    for n in range(1, rows + 1):
        r = n + 1
        ws.cell(r, 1, n)
        # column I says whether row n of the table is an open deal; the other columns only look when it is
        ws.cell(r, 9, f'=IF($A{r}>ROWS({d("id")}),FALSE,INDEX({d("status")},$A{r})={refs.open})')
        live = f"$I{r}"
        def at(key: str) -> str:
            return f"INDEX({d(key)},$A{r})"
        since = f'IF(ISNUMBER({at("stage_since")}),{at("stage_since")},{at("created")})'
        idle_from = f'IF(ISNUMBER({at("last_activity")}),{at("last_activity")},{since})'
        match = f'MATCH($D{r},{refs.stage("stage")},0)'
        ws.cell(r, 2, f'=IF({live},{at("id")},"")')
        ws.cell(r, 3, f'=IF({live},{at("owner")},"")')
        ws.cell(r, 4, f'=IF({live},{at("stage")},"")')
        ws.cell(r, 5, f'=IF(AND({live},ISNUMBER({since})),{as_of}-{since},"")')
        ws.cell(r, 6, f'=IF(AND({live},ISNUMBER({idle_from})),{as_of}-{idle_from},"")')
        ws.cell(r, 7, f'=IF({live},IF(ISNUMBER({match}),OR(N(E{r})>INDEX({refs.stage("max_days_in_stage")},{match}),'
                      f'N(F{r})>INDEX({refs.stage("max_days_idle")},{match})),FALSE),"")')
        ws.cell(r, 8, f'=IF({live},OR(N({at("pushes")})>={max_pushes},'
                      f'AND(ISNUMBER({at("close_date")}),{at("close_date")}<{as_of})),"")')
    C.highlight(ws, f"B2:G{rows + 1}", "$G2=TRUE", C.AMBER_FILL)
    C.highlight(ws, f"H2:H{rows + 1}", "$H2=TRUE", C.RED_FILL)
    C.highlight(ws, f"B2:F{rows + 1}", "$H2=TRUE", C.RED_FILL)
    C.widths(ws, {"A": 6, "B": 10, "C": 10, "D": 18, "E": 10, "F": 10, "G": 8, "H": 8, "I": 8})
    ws.freeze_panes = "A2"


def _history_sheet(wb: Workbook, lang: Lang) -> None:
    ws = wb.create_sheet(L.SHEET_HISTORY(lang))
    C.header_row(ws, 1, 1, [t(lang) for t in L.HISTORY_COLUMNS])
    C.header_row(ws, 1, L.CHANGES_COLUMN, [t(lang) for t in L.CHANGES_COLUMNS])
    C.widths(ws, {"A": 12, "B": 10, "C": 10, "D": 18, "E": 16, "F": 8, "G": 12, "H": 12, "K": 10, "L": 10, "M": 16,
                  "N": 16, "O": 12})


def check(sheets: dict[str, list[list[Any]]]) -> list[Problem]:
    """Every unusable value on the stages and deals sheets, by sheet!cell."""
    found = sheet_rows(sheets, L.SHEET_STAGES)
    if found is None:
        return [missing_sheet(L.SHEET_STAGES)]
    stages = parse_stages(found[1], found[0])
    deals_found = sheet_rows(sheets, L.SHEET_DEALS)
    if deals_found is None:
        return stages.problems + [missing_sheet(L.SHEET_DEALS)]
    deals = parse_deals(deals_found[1], deals_found[0], list(stages.frame["stage"]))
    return stages.problems + deals.problems


def demo_data() -> DemoFunnel:
    return demo_funnel(dt.date.today())


INSTRUCTIONS = [
    Text("1. 在「阶段」表维护本公司的销售阶段(3–7 个):序号、阶段名、阶段赢率、预测类别、出阶段标准、停留上限、无跟进上限。",
         "1. Keep your company's sales stages (3–7) on 'Stages': order, name, win probability, forecast category, "
         "exit criteria, max days in stage, max days idle."),
    Text("2. 在「设置」填写报告日期(默认今天)与销售人员名单;在「商机」表逐行录入商机,阶段/状态/分类/负责人用下拉选择。",
         "2. Fill the as-of date (defaults to today) and the reps on 'Settings'; enter deals on 'Deals', choosing "
         "stage/status/class/owner from the drop-downs."),
    Text("3. 只有状态为「跟踪」的商机计入漏斗;「漏斗汇总」「预测」「预警」全部是原生公式,不装插件也能看到正确数字。",
         "3. Only deals with status 'Open' count in the funnel; the summary, forecast and alerts sheets are native "
         "formulas, right without the add-in."),
    Text("4. 红色 = 延误(推迟 ≥3 次或预计成交日期已过);黄色 = 停滞(停留或未跟进天数超出该阶段上限)。",
         "4. Red = slipped (pushed 3+ times or close date passed); amber = stale (days in stage or idle over the "
         "stage's limit)."),
    Text("5. 每个商机回答经理四问:刚完成哪一步、证据/反证、现在在做什么、如何准备下一步。8C1F0W 列填 9 个字母 C/F/W(清楚/模糊/不知道),≥8C 且 0W 表示赢率可达 60% 以上。",
         "5. Answer the manager's four questions per deal: step just completed, evidence, doing now, preparing next. "
         "The 8C1F0W column takes 9 letters C/F/W (clear/fuzzy/unknown); 8+ C and no W means a 60%+ win rate."),
    Text("6. 安装 xlwings Lite 后可用函数:=WINRATE(Deals[#All])、=PIPELINE_WEIGHTED(Deals[#All],Stages[#All]) 等;脚本 calibrate_stages 按历史校准阶段赢率,weekly_snapshot 记录每周快照与变化。",
         "6. With xlwings Lite: =WINRATE(Deals[#All]), =PIPELINE_WEIGHTED(Deals[#All],Stages[#All]) and more; the "
         "calibrate_stages script sets stage probabilities from history, weekly_snapshot records the week's changes."),
    Text("7. 阶段赢率是群体统计,对个人少量商机不可靠;已结束商机不足时校准会保留原值并提示。",
         "7. Stage rates are population statistics, unreliable for one rep's few deals; with too few closed deals "
         "calibration keeps the current value and warns."),
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


SPEC = C.TemplateSpec(
    name="funnel",
    title=Text("销售漏斗", "Sales funnel"),
    build=build,
    demo_data=demo_data,
    check=check,
    lite_modules=["xlsales", "xlsales.i18n", "xlsales.problems", "xlsales.table", "xlsales.funnel",
                  "xlsales.funnel.vocab", "xlsales.funnel.inputs", "xlsales.funnel.figures", "xlsales.funnel.clarity",
                  "xlsales.funnel.history", "xlsales.funnel.layout", "udfs", "udfs._excel", "udfs._book"],
    udfs_module="udfs.funnel",
    summary=summary,
)
