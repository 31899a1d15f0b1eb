"""The quota workbook (quota.xlsx): target and reps, product mix, plan per rep, weekly tracking, pace chart.

Every figure is a native formula over the QuotaReps / QuotaMix / QuotaWeekly tables and the
parameter cells (named QuotaTarget, QuotaWeeks, ...); the Python core computes the same figures
(tests/test_quota_libreoffice.py checks one against the other). The full decomposition per rep,
line by line, is written by the write_quota_plan script.
"""

from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment
from openpyxl.utils.cell import absolute_coordinate
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.i18n import Lang, Text
from xlsales.precision import native_round_up, native_tolerance
from xlsales.problems import Problem
from xlsales.quota import layout as L
from xlsales.quota.demo import DemoQuota, demo_quota, parameter_values
from xlsales.quota.demo import sheets as demo_sheets
from xlsales.quota.labels import BOTTLENECK_MARK, LABELS
from xlsales.quota.settings import DEFAULT_CAPACITY, DEFAULT_MONTHS, DEFAULT_WORKING_WEEKS
from xlsales.quota.team import plan_team
from xlsales.quota.vocab import (ACTIVITIES, COLLECTED, EQUAL, EVERYONE, FUNNEL_ORDER, MIX_COLUMNS, OPPORTUNITIES,
                                 REP_COLUMNS, SIGNED, SPLIT_METHODS, VISITS, WEEKLY_COLUMNS, WEIGHTED)
from xlsales.quota.workbook import parse_workbook
from xlsales.templates import common as C

MIN_REP_ROWS = 10
MIN_MIX_ROWS = 30
MIN_WEEKLY_ROWS = 260  # five reps for a year; Excel extends the formulas when rows are added
EPSILON = native_tolerance()  # float noise is not "behind" or "over"


def _letter(keys: list[str], key: str, first_col: int = 1) -> str:
    return get_column_letter(first_col + keys.index(key))


MIX_KEYS = [c.key for c in MIX_COLUMNS] + list(L.MIX_COMPUTED)
WEEKLY_KEYS = [c.key for c in WEEKLY_COLUMNS] + list(L.WEEKLY_COMPUTED)
PLAN = {key: _letter(L.PLAN_COLUMNS, key) for key in L.PLAN_COLUMNS}
TRACK = {key: _letter(L.TRACKING_COLUMNS, key, L.TRACKING_COLUMN) for key in L.TRACKING_COLUMNS}
MIX = {key: _letter(MIX_KEYS, key) for key in MIX_KEYS}
WEEK = {key: _letter(WEEKLY_KEYS, key) for key in WEEKLY_KEYS}
# the plan column that gives each activity's pace per week, and its period total
PACE_COLUMN = {OPPORTUNITIES: "opportunities_per_week", VISITS: "visits_per_week", SIGNED: "signed_per_week",
               COLLECTED: "signed_per_week"}
TOTAL_COLUMN = {OPPORTUNITIES: "opportunities_planned", VISITS: "visits", SIGNED: "top_down", COLLECTED: "top_down"}

# Parameter cells by name; weeks, months and capacity fall back to the core's defaults when blank.
NAMES = {"company_target": "QuotaTarget", "working_weeks": "QuotaWeeks", "months": "QuotaMonths",
         "split": "QuotaSplit", "default_capacity": "QuotaCapacity", "current_week": "QuotaWeek"}
DEFAULTS = {"working_weeks": DEFAULT_WORKING_WEEKS, "months": DEFAULT_MONTHS, "default_capacity": DEFAULT_CAPACITY}


class Refs:
    """Structured references to the tables' columns, in the workbook's language."""

    def __init__(self, lang: Lang):
        self.lang = lang
        self.everyone = f'"{EVERYONE(lang)}"'

    def _column(self, table: str, columns: list[Any], computed: dict[str, Text], key: str) -> str:
        label = computed[key] if key in computed else next(c.label for c in columns if c.key == key)
        return f"{table}[{label(self.lang)}]"

    def rep(self, key: str) -> str:
        return self._column(L.TABLE_REPS, REP_COLUMNS, {}, key)

    def mix(self, key: str) -> str:
        return self._column(L.TABLE_MIX, MIX_COLUMNS, L.MIX_COMPUTED, key)

    def weekly(self, key: str) -> str:
        return self._column(L.TABLE_WEEKLY, WEEKLY_COLUMNS, L.WEEKLY_COMPUTED, key)


def build(lang: Lang = "zh-CN", data: DemoQuota | None = None) -> Workbook:
    wb = Workbook()
    refs = Refs(lang)
    C.instructions_sheet(wb, lang, Text("业绩分解 — 使用说明", "Quota decomposition — how to use"), INSTRUCTIONS)
    _target_sheet(wb, lang, data)
    _mix_sheet(wb, lang, data, refs)
    _plan_sheet(wb, lang, refs)
    _weekly_sheet(wb, lang, data, refs)
    _chart_sheet(wb, lang, data, refs)
    ws = wb.create_sheet(L.SHEET_FULL_PLAN(lang))
    ws["A1"] = Text("运行脚本 write_quota_plan,在此写出每个人的完整分解(产品线、节奏、跟踪、提示)。",
                    "Run the write_quota_plan script to write each rep's full decomposition here "
                    "(lines, pace, tracking, warnings).")(lang)
    return wb


def _validation(ws: Worksheet, cells: str, lang: Lang, message: Text, **rule: Any) -> None:
    check = DataValidation(allow_blank=True, showErrorMessage=True, errorTitle=Text("输入无效", "Invalid entry")(lang),
                           error=message(lang), **rule)
    check.add(cells)
    ws.add_data_validation(check)


PARAMETER_NOTES = {
    "company_target": Text("本期全公司的签单目标,如 600000(文中 60 万)", "The company's signing target for the period, "
                           "e.g. 600000 (the text's 60万)"),
    "period": Text("仅作标注,如 2026", "A label only, e.g. 2026"),
    "working_weeks": Text("文中按年计划(30万元/年);每周拜访 5 次 = 252 次 ÷ 52 周 ≈ 4.85,向上取整",
                          "The text plans per year (30万/year); 5 visits a week = 252 ÷ 52 weeks ≈ 4.85, rounded up"),
    "months": Text("每月节奏 = 本期合计 ÷ 月数", "Pace per month = period total ÷ months"),
    "split": Text("平均分配(文中做法),或按人员表的能力权重", "Equal split (the text's), or by the reps' ability weights"),
    "default_capacity": Text("未填个人能力时用此值;每周拜访节奏超过能力会提示(本默认值为假设,非文中数字)",
                             "Used where a rep has no capacity of their own; a visit pace above capacity is flagged "
                             "(this default is our assumption, not the text's)"),
    "current_week": Text("留空 = 已填报的最近一周", "Blank = the latest week anyone reported"),
}


def _target_sheet(wb: Workbook, lang: Lang, data: DemoQuota | None) -> None:
    ws = wb.create_sheet(L.SHEET_TARGET(lang))
    C.title(ws, "A1", Text("公司目标与销售人员", "Company target and reps")(lang))
    values = parameter_values(data, lang) if data else dict(DEFAULTS, split=SPLIT_METHODS[EQUAL](lang))
    for key, (row, label) in L.PARAMETERS.items():
        ws.cell(row, 1, label(lang)).font = C.LABEL_FONT
        cell = ws.cell(row, L.PARAMETER_COLUMN, values.get(key) if values.get(key) not in ("", None) else None)
        cell.fill, cell.border = C.INPUT_FILL, C.BOX
        ws.cell(row, L.PARAMETER_COLUMN + 1, PARAMETER_NOTES[key](lang))
    sheet = C.formula_sheet(ws.title)
    for key, name in NAMES.items():
        cell = f"{sheet}!${get_column_letter(L.PARAMETER_COLUMN)}${L.PARAMETERS[key][0]}"
        value = f"IF(ISNUMBER({cell}),{cell},{DEFAULTS[key]})" if key in DEFAULTS else cell
        wb.defined_names[name] = DefinedName(name, attr_text=value)
    cell = {key: f"B{row}" for key, (row, _) in L.PARAMETERS.items()}
    ws[cell["company_target"]].number_format = C.MONEY0
    C.number_validation(ws, cell["company_target"], lang, 0)
    for key in ("working_weeks", "current_week"):
        C.number_validation(ws, cell[key], lang, 1, kind="whole")
    for key in ("months", "default_capacity"):
        _validation(ws, cell[key], lang, Text("请输入大于 0 的数字", "Enter a number > 0"), type="decimal",
                    operator="greaterThan", formula1="0")
    C.list_validation(ws, cell["split"], ",".join(t(lang) for t in SPLIT_METHODS.values()), lang,
                      Text("分解方式", "split method"))
    reps = [[rep.get(c.key) for c in REP_COLUMNS] for rep in data.reps] if data else []
    ref = C.add_table(ws, L.TABLE_REPS, L.REPS_HEADER_ROW, 1, [c.label(lang) for c in REP_COLUMNS], reps,
                      min_rows=MIN_REP_ROWS)
    first, last = L.REPS_HEADER_ROW + 1, L.REPS_HEADER_ROW + L.MAX_REPS
    C.number_validation(ws, f"B{first}:D{last}", lang, 0)
    C.style_range(ws, f"C{first}:C{int(ref.split(':')[1][1:])}", C.MONEY0)
    C.define_name(wb, "QuotaRepList", ws.title, f"$A${first}:$A${last}")
    ws.cell(L.REPS_HEADER_ROW - 1, 1, Text("销售人员(能力权重只在按能力权重分解时使用)",
                                          "Reps (the ability weight is used only when splitting by weight)")(lang)
            ).font = C.LABEL_FONT
    C.widths(ws, {"A": 30, "B": 16, "C": 18, "D": 18})
    ws.freeze_panes = f"A{first}"


def _mix_sheet(wb: Workbook, lang: Lang, data: DemoQuota | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_MIX(lang))
    inputs = [[line.get(c.key) for c in MIX_COLUMNS] for line in data.mix] if data else []
    count = max(len(inputs), MIN_MIX_ROWS)
    inputs += [[None] * len(MIX_COLUMNS) for _ in range(count - len(inputs))]
    rows = [values + _mix_formulas(r, lang, refs) for r, values in enumerate(inputs, start=L.MIX_HEADER_ROW + 1)]
    headers = [c.label(lang) for c in MIX_COLUMNS] + [t(lang) for t in L.MIX_COMPUTED.values()]
    C.add_table(ws, L.TABLE_MIX, L.MIX_HEADER_ROW, 1, headers, rows)
    first, last = L.MIX_HEADER_ROW + 1, L.MIX_HEADER_ROW + count
    for key in ("unit_price", "stated_amount", "amount", "rounding"):
        C.style_range(ws, f"{MIX[key]}{first}:{MIX[key]}{last}", C.MONEY0)
    for key in ("opportunities_by_win", "opportunities_override", "opportunities_planned", "visits"):
        C.style_range(ws, f"{MIX[key]}{first}:{MIX[key]}{last}", "0.##")
    C.style_range(ws, f"{MIX['win_rate']}{first}:{MIX['win_rate']}{last}", C.PERCENT)
    span = f"{first}:{{}}{L.MIX_HEADER_ROW + L.MAX_MIX_LINES}"
    for key in ("unit_price", "count", "stated_amount", "visits_per_deal", "opportunities_per_deal"):
        C.number_validation(ws, f"{MIX[key]}{span.format(MIX[key])}", lang, 0)
    _validation(ws, f"{MIX['win_rate']}{span.format(MIX['win_rate'])}", lang,
                Text("赢率应在 (0, 100%] 之内,如 33.3% 或 =1/3", "Win rate must be in (0, 100%], e.g. 33.3% or =1/3"),
                type="decimal", operator="between", formula1="0.000001", formula2="1")
    # reps from the list, or 全员 / blank for the standard mix: offered, never enforced
    reps = DataValidation(type="list", formula1="=QuotaRepList", allow_blank=True, showErrorMessage=False)
    reps.add(f"{MIX['rep']}{span.format(MIX['rep'])}")
    ws.add_data_validation(reps)
    win, visits_per_deal = MIX["win_rate"], MIX["visits_per_deal"]
    C.highlight(ws, f"{win}{first}:{win}{last}",
                f'OR(AND({win}{first}<>"",OR(NOT(ISNUMBER({win}{first})),N({win}{first})<=0,N({win}{first})>1)),'
                f'AND(ISNUMBER({visits_per_deal}{first}),{win}{first}=""))', C.RED_FILL)
    by_win, override = MIX["opportunities_by_win"], MIX["opportunities_override"]
    C.highlight(ws, f"{by_win}{first}:{override}{last}",
                f"AND(ISNUMBER(${by_win}{first}),ISNUMBER(${override}{first}),"
                f"ABS(${override}{first}-${by_win}{first})>{EPSILON})", C.AMBER_FILL)
    # beside the table, not under it: a note under it would read as a mix line
    ws.cell(first, len(headers) + 2, Text(f"负责人留空或填「{EVERYONE.zh}」= 全员标准组合,用于没有自己组合的人;"
                              "黄色 = 手填每单商机数与 数量÷赢率 不一致(两者都显示);红色 = 赢率不在 (0,100%]。",
                              f"Rep blank or '{EVERYONE.en}' = the team's standard mix, for reps without lines of "
                              "their own; amber = the override differs from count ÷ win rate (both shown); red = win "
                              "rate outside (0, 100%].")(lang))
    C.widths(ws, {get_column_letter(i + 1): 13 for i in range(len(headers))})
    C.widths(ws, {MIX["note"]: 40, MIX["opportunities_by_win"]: 16, MIX["opportunities_per_deal"]: 16,
                  get_column_letter(len(headers) + 2): 60})
    ws.cell(first, len(headers) + 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"


def _mix_formulas(r: int, lang: Lang, refs: Refs) -> list[str]:
    m = {key: f"{letter}{r}" for key, letter in MIX.items()}
    note_override = Text("商机按手填 ", "opportunities: override ")(lang)
    note_win = Text(",按赢率 ", ", by win rate ")(lang)
    note_rounding = Text("约数差 ", "rounding ")(lang)
    note_no_visits = Text("不需拜访", "no visits planned")(lang)
    separator = Text(";", "; ")(lang)
    rep = f"TRIM({m['rep']})"
    amount = f'=IF(AND(ISNUMBER({m["unit_price"]}),ISNUMBER({m["count"]})),{m["unit_price"]}*{m["count"]},"")'
    note = (f'=IF({m["product_line"]}="","",'
            f'IF(AND(ISNUMBER({m["opportunities_override"]}),ISNUMBER({m["opportunities_by_win"]})),'
            f'IF(ABS({m["opportunities_override"]}-{m["opportunities_by_win"]})>{EPSILON},'
            f'"{note_override}"&ROUND({m["opportunities_override"]},2)&"{note_win}"'
            f'&ROUND({m["opportunities_by_win"]},2)&"{separator}",""),"")'
            f'&IF(AND(ISNUMBER({m["rounding"]}),ABS(N({m["rounding"]}))>0.005),'
            f'"{note_rounding}"&ROUND({m["rounding"]},0)&"{separator}","")'
            f'&IF(ISNUMBER({m["visits"]}),"","{note_no_visits}"))')
    return [
        amount,
        f'=IF(AND(ISNUMBER({m["stated_amount"]}),ISNUMBER({m["amount"]})),{m["stated_amount"]}-{m["amount"]},"")',
        f'=IF(AND(ISNUMBER({m["count"]}),ISNUMBER({m["win_rate"]})),'
        f'IF(AND({m["win_rate"]}>0,{m["win_rate"]}<=1),{m["count"]}/{m["win_rate"]},""),"")',
        f'=IF(AND(ISNUMBER({m["count"]}),ISNUMBER({m["opportunities_per_deal"]})),'
        f'{m["count"]}*{m["opportunities_per_deal"]},"")',
        f'=IF(ISNUMBER({m["opportunities_override"]}),{m["opportunities_override"]},{m["opportunities_by_win"]})',
        f'=IF(AND(ISNUMBER({m["visits_per_deal"]}),ISNUMBER({m["opportunities_by_win"]})),'
        f'{m["visits_per_deal"]}*{m["opportunities_by_win"]},"")',
        f'=IF({m["product_line"]}="","",IF(OR({rep}="",{rep}="{EVERYONE.zh}",{rep}="{EVERYONE.en}"),'
        f'{refs.everyone},{rep}))',
        note,
    ]


def _plan_sheet(wb: Workbook, lang: Lang, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_PLAN(lang))
    C.title(ws, "A1", Text("人员计划:目标 → 组合 → 商机 → 拜访 → 每周节奏",
                           "Plan per rep: target → mix → opportunities → visits → weekly pace")(lang))
    first, last = L.PLAN_FIRST_ROW, L.PLAN_FIRST_ROW + L.MAX_REPS - 1
    col = {key: f"${letter}${first}:${letter}${last}" for key, letter in PLAN.items()}
    figures = {
        "company_target": "=N(QuotaTarget)",
        "top_down_total": f"=SUM({col['top_down']})",
        "bottom_up_total": f"=SUM({col['bottom_up']})",
        "reconciliation_gap": "=B5-B3",
        "reps_without_bottom_up": f'=SUMPRODUCT(({col["rep"]}<>"")*NOT(ISNUMBER({col["bottom_up"]})))',
        "working_weeks": "=QuotaWeeks",
        "tracked_week": f"=IF(ISNUMBER(QuotaWeek),QuotaWeek,MAX({refs.weekly('week')}))",
        "mix_short": f'=COUNTIF({col["mix_gap"]},"<-0.000001")',
        "over_capacity": f"=COUNTIF({col['over_capacity']},TRUE)",
    }
    formats = {"company_target": C.MONEY0, "top_down_total": C.MONEY0, "bottom_up_total": C.MONEY0,
               "reconciliation_gap": C.MONEY0}
    for key, (row, label) in L.PLAN_FIGURES.items():
        ws.cell(row, 1, label(lang)).font = C.LABEL_FONT
        cell = ws.cell(row, 2, figures[key])
        cell.number_format, cell.border = formats.get(key, "0"), C.BOX
    C.define_name(wb, "QuotaTrackWeek", ws.title, f"$B${L.PLAN_FIGURES['tracked_week'][0]}")
    for key in ("mix_short", "over_capacity"):
        row = L.PLAN_FIGURES[key][0]
        C.highlight(ws, f"B{row}", f"$B${row}>0", C.RED_FILL)
    C.header_row(ws, L.PLAN_HEADER_ROW, 1, [LABELS[key](lang) for key in L.PLAN_COLUMNS])
    for n in range(1, L.MAX_REPS + 1):
        r = first + n - 1
        for key, formula in _plan_formulas(r, refs).items():
            ws[f"{PLAN[key]}{r}"] = formula
    formats = {C.MONEY0: ["top_down", "bottom_up", "gap", "mix_amount", "mix_gap", "stated_amount",
                          "signed_per_week", "signed_per_month"],
               "0.00": ["weight", "visits_per_week", "opportunities_per_week", "opportunities_by_win_per_week",
                        "visits_per_month"],
               "0.##": ["opportunities_by_win", "opportunities_planned", "visits", "capacity"],
               "0": ["n", "deals", "visits_per_week_rounded", "opportunities_per_week_rounded"]}
    for number_format, keys in formats.items():
        for key in keys:
            C.style_range(ws, f"{PLAN[key]}{first}:{PLAN[key]}{last}", number_format)
    for key in ("rep", "mix_source", "over_capacity"):
        C.style_range(ws, f"{PLAN[key]}{first}:{PLAN[key]}{last}")
    C.highlight(ws, f"{PLAN['mix_amount']}{first}:{PLAN['mix_gap']}{last}",
                f"AND(ISNUMBER(${PLAN['mix_gap']}{first}),${PLAN['mix_gap']}{first}<-0.000001)", C.RED_FILL)
    C.highlight(ws, f"{PLAN['visits_per_week']}{first}:{PLAN['visits_per_week']}{last}",
                f"${PLAN['over_capacity']}{first}=TRUE", C.RED_FILL)
    C.highlight(ws, f"{PLAN['over_capacity']}{first}:{PLAN['over_capacity']}{last}",
                f"${PLAN['over_capacity']}{first}=TRUE", C.RED_FILL)
    C.highlight(ws, f"{PLAN['gap']}{first}:{PLAN['gap']}{last}",
                f"AND(ISNUMBER(${PLAN['gap']}{first}),${PLAN['gap']}{first}<0)", C.AMBER_FILL)
    ws.cell(last + 2, 1, Text("签单与回款节奏 = 分解目标 ÷ 工作周数;商机节奏按计划商机数(有手填按手填);"
                              "拜访 = 每单拜访 × 数量 ÷ 赢率。",
                              "Signing and collection pace = top-down target ÷ working weeks; the opportunity pace "
                              "follows planned opportunities (the override where given); visits = visits per deal × "
                              "count ÷ win rate.")(lang))
    C.widths(ws, {get_column_letter(i + 1): 13 for i in range(len(L.PLAN_COLUMNS))})
    C.widths(ws, {"A": 30, "B": 14})
    ws.freeze_panes = f"C{first}"


def _plan_formulas(r: int, refs: Refs) -> dict[str, Any]:
    p = {key: f"{letter}{r}" for key, letter in PLAN.items()}
    first, last = L.PLAN_FIRST_ROW, L.PLAN_FIRST_ROW + L.MAX_REPS - 1
    weights = f"${PLAN['weight']}${first}:${PLAN['weight']}${last}"
    name = refs.rep("rep")
    n = p["n"]
    blank = f'{p["rep"]}=""'
    source = f"{refs.mix('applies_to')},{p['mix_source']}"
    weighted = f'QuotaSplit="{SPLIT_METHODS[WEIGHTED].zh}",QuotaSplit="{SPLIT_METHODS[WEIGHTED].en}"'  # either language

    def own(key: str) -> str:
        value = f"INDEX({refs.rep(key)},{n})"
        return f"IF(ISNUMBER({value}),{value},\"\")"

    def when(formula: str) -> str:
        return f'=IF({blank},"",{formula})'

    return {
        "n": r - first + 1,
        "rep": f'=IF({n}>COUNTA({name}),"",INDEX({name},{n}))',
        "weight": when(f"IF(OR({weighted}),N(INDEX({refs.rep('weight')},{n})),1)"),
        "top_down": when(f'IF(SUM({weights})=0,"",QuotaTarget*{p["weight"]}/SUM({weights}))'),
        "bottom_up": when(own("bottom_up")),
        "gap": f'=IF(OR({blank},NOT(ISNUMBER({p["bottom_up"]}))),"",{p["bottom_up"]}-{p["top_down"]})',
        "mix_source": when(f"IF(COUNTIF({refs.mix('applies_to')},{p['rep']})>0,{p['rep']},{refs.everyone})"),
        "mix_amount": when(f"SUMIFS({refs.mix('amount')},{source})"),
        "mix_gap": when(f"{p['mix_amount']}-{p['top_down']}"),
        "stated_amount": when(f'IF(SUMPRODUCT(({refs.mix("applies_to")}={p["mix_source"]})'
                              f'*ISNUMBER({refs.mix("stated_amount")}))=0,"",'
                              f"SUMIFS({refs.mix('stated_amount')},{source}))"),
        "deals": when(f'SUMIFS({refs.mix("count")},{source},{refs.mix("opportunities_by_win")},">=0")'),
        "opportunities_by_win": when(f"SUMIFS({refs.mix('opportunities_by_win')},{source})"),
        "opportunities_planned": when(f"SUMIFS({refs.mix('opportunities_planned')},{source})"),
        "visits": when(f"SUMIFS({refs.mix('visits')},{source})"),
        "visits_per_week": when(f"{p['visits']}/QuotaWeeks"),
        "visits_per_week_rounded": when(native_round_up(p["visits_per_week"])),
        "visits_per_month": when(f"{p['visits']}/QuotaMonths"),
        "opportunities_per_week": when(f"{p['opportunities_planned']}/QuotaWeeks"),
        "opportunities_per_week_rounded": when(native_round_up(p["opportunities_per_week"])),
        "opportunities_by_win_per_week": when(f"{p['opportunities_by_win']}/QuotaWeeks"),
        "signed_per_week": when(f"N({p['top_down']})/QuotaWeeks"),
        "signed_per_month": when(f"N({p['top_down']})/QuotaMonths"),
        "capacity": when(f"IF(ISNUMBER(INDEX({refs.rep('capacity')},{n})),INDEX({refs.rep('capacity')},{n}),"
                         f"QuotaCapacity)"),
        "over_capacity": when(f"{p['visits_per_week']}>{p['capacity']}+{EPSILON}"),
    }


def _plan_column(lang: Lang, key: str) -> str:
    """A column of the plan sheet's per-rep rows, as an absolute reference from another sheet."""
    letter = PLAN[key]
    return (f"{C.formula_sheet(L.SHEET_PLAN(lang))}!${letter}${L.PLAN_FIRST_ROW}:"
            f"${letter}${L.PLAN_FIRST_ROW + L.MAX_REPS - 1}")


def _weekly_sheet(wb: Workbook, lang: Lang, data: DemoQuota | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_TRACKING(lang))
    inputs = [[week.get(c.key) for c in WEEKLY_COLUMNS] for week in data.weekly] if data else []
    count = max(len(inputs) + 50, MIN_WEEKLY_ROWS)
    inputs += [[None] * len(WEEKLY_COLUMNS) for _ in range(count - len(inputs))]
    rows = []
    for r, values in enumerate(inputs, start=L.WEEKLY_HEADER_ROW + 1):
        rep, week = f"$A{r}", f"$B{r}"
        live = f'OR({rep}="",NOT(ISNUMBER({week})))'
        computed = []
        for activity in FUNNEL_ORDER:
            computed.append(f'=IF({live},"",SUMIFS({refs.weekly(activity)},{refs.weekly("rep")},{rep},'
                            f'{refs.weekly("week")},"<="&{week}))')
            computed.append(f'=IF({live},"",IFERROR(INDEX({_plan_column(lang, PACE_COLUMN[activity])},'
                            f'MATCH({rep},{_plan_column(lang, "rep")},0))*{week},""))')
        rows.append(values + computed)
    headers = [c.label(lang) for c in WEEKLY_COLUMNS] + [t(lang) for t in L.WEEKLY_COMPUTED.values()]
    C.add_table(ws, L.TABLE_WEEKLY, L.WEEKLY_HEADER_ROW, 1, headers, rows)
    first, last = L.WEEKLY_HEADER_ROW + 1, L.WEEKLY_HEADER_ROW + count
    C.number_validation(ws, f"B{first}:B{last}", lang, 1, kind="whole")
    C.number_validation(ws, f"C{first}:F{last}", lang, 0)
    C.list_validation(ws, f"A{first}:A{last}", "=QuotaRepList", lang, Text("姓名", "rep"))
    for activity in FUNNEL_ORDER:  # behind pace in red: the week's figure and the total to date
        done, due = WEEK[f"{activity}_to_date"], WEEK[f"{activity}_pace_to_date"]
        behind = f"AND(ISNUMBER(${done}{first}),ISNUMBER(${due}{first}),${done}{first}<${due}{first}-{EPSILON})"
        C.highlight(ws, f"{WEEK[activity]}{first}:{WEEK[activity]}{last}", behind, C.RED_FILL)
        C.highlight(ws, f"{done}{first}:{done}{last}", behind, C.RED_FILL)
        number_format = C.MONEY0 if activity in (SIGNED, COLLECTED) else "0.##"
        for key in (activity, f"{activity}_to_date", f"{activity}_pace_to_date"):
            C.style_range(ws, f"{WEEK[key]}{first}:{WEEK[key]}{last}", number_format)
    _tracking_summary(ws, lang, refs)
    C.widths(ws, {get_column_letter(i + 1): 12 for i in range(len(headers))})
    C.widths(ws, {TRACK["rep"]: 10, TRACK["activity"]: 14, TRACK["bottleneck"]: 12})
    ws.freeze_panes = "C2"


def _tracking_summary(ws: Worksheet, lang: Lang, refs: Refs) -> None:
    """One row per rep and activity up to the tracked week: pace, actual, shortfall, bottleneck."""
    top = L.TRACKING_HEADER_ROW
    ws.cell(top - 1, L.TRACKING_COLUMN, f'="{Text("跟踪汇总:截至第 ", "Tracking up to week ")(lang)}"&QuotaTrackWeek'
            f'&"{Text(" 周", "")(lang)}"').font = C.TITLE_FONT
    C.header_row(ws, top, L.TRACKING_COLUMN, [LABELS[key](lang) for key in L.TRACKING_COLUMNS])
    name = refs.rep("rep")
    t = TRACK
    weeks_left = "(QuotaWeeks-QuotaTrackWeek)"
    for n in range(1, L.MAX_REPS + 1):
        block_first = top + 1 + (n - 1) * len(FUNNEL_ORDER)
        block = f"${t['behind_attainment']}${block_first}:${t['behind_attainment']}${block_first + 3}"
        for a, activity in enumerate(FUNNEL_ORDER):
            r = block_first + a
            c = {key: f"{letter}{r}" for key, letter in t.items()}
            blank = f'{c["rep"]}=""'
            above = (f"COUNTIF(${t['behind_attainment']}${block_first}:{t['behind_attainment']}{r - 1},"
                     f"{c['behind_attainment']})" if a else "0")
            ws[c["rep"]] = f'=IF({n}>COUNTA({name}),"",INDEX({name},{n}))'
            ws[c["activity"]] = f'=IF({blank},"","{ACTIVITIES[activity](lang)}")'
            ws[c["per_week"]] = f'=IF({blank},"",INDEX({_plan_column(lang, PACE_COLUMN[activity])},{n}))'
            ws[c["pace_to_date"]] = f'=IF({blank},"",{c["per_week"]}*QuotaTrackWeek)'
            ws[c["actual_to_date"]] = (f'=IF({blank},"",SUMIFS({refs.weekly(activity)},{refs.weekly("rep")},'
                                       f'{c["rep"]},{refs.weekly("week")},"<="&QuotaTrackWeek))')
            ws[c["shortfall"]] = f'=IF({blank},"",MAX({c["pace_to_date"]}-{c["actual_to_date"]},0))'
            ws[c["attainment"]] = (f'=IF(OR({blank},N({c["pace_to_date"]})<=0),"",'
                                   f'{c["actual_to_date"]}/{c["pace_to_date"]})')
            ws[c["behind_attainment"]] = (f'=IF(OR({blank},N({c["shortfall"]})<={EPSILON}),"",'
                                          f'{c["attainment"]})')
            ws[c["bottleneck"]] = (f'=IF({c["behind_attainment"]}="","",IF(AND({c["behind_attainment"]}=MIN({block}),'
                                   f'{above}=0),"{BOTTLENECK_MARK(lang)}",""))')
            total = f"INDEX({_plan_column(lang, TOTAL_COLUMN[activity])},{n})"
            ws[c["needed_per_week"]] = (f'=IF(OR({blank},{weeks_left}<=0),"",'
                                        f'MAX(N({total})-{c["actual_to_date"]},0)/{weeks_left})')
            number_format = C.MONEY0 if activity in (SIGNED, COLLECTED) else "0.00"
            for key in ("per_week", "pace_to_date", "actual_to_date", "shortfall", "needed_per_week"):
                ws[c[key]].number_format = number_format
            for key in ("attainment", "behind_attainment"):
                ws[c[key]].number_format = C.PERCENT
    last = top + L.MAX_REPS * len(FUNNEL_ORDER)
    cells = f"{t['rep']}{top + 1}:{t['needed_per_week']}{last}"
    C.highlight(ws, cells, f'${t["bottleneck"]}{top + 1}<>""', C.RED_FILL)
    C.highlight(ws, cells, f"AND(ISNUMBER(${t['shortfall']}{top + 1}),${t['shortfall']}{top + 1}>{EPSILON})",
                C.AMBER_FILL)


def _chart_sheet(wb: Workbook, lang: Lang, data: DemoQuota | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_CHART(lang))
    C.title(ws, "A1", Text("进度图:累计实际 vs 累计节奏", "Pace chart: actual to date vs pace to date")(lang))
    ws["A3"] = Text("销售人员(下拉选择)", "Rep (choose)")(lang)
    ws["A3"].font = C.LABEL_FONT
    rep_cell = ws[L.CHART_REP_CELL]
    rep_cell.value = data.reps[0]["rep"] if data and data.reps else None
    rep_cell.fill, rep_cell.border = C.INPUT_FILL, C.BOX
    C.list_validation(ws, L.CHART_REP_CELL, "=QuotaRepList", lang, Text("姓名", "rep"))
    rep_cell_ref = absolute_coordinate(L.CHART_REP_CELL)
    ws["C3"] = Text("计划行", "Plan row")(lang)
    ws["D3"] = f'=IFERROR(MATCH({rep_cell_ref},{_plan_column(lang, "rep")},0),"")'
    columns = [("week", Text("周次", "Week"), None, None),
               ("opportunities", Text("累计商机", "Opportunities to date"), OPPORTUNITIES, None),
               ("opportunities_pace", Text("商机应完成", "Opportunities pace"), None, "opportunities_per_week"),
               ("visits", Text("累计拜访", "Visits to date"), VISITS, None),
               ("visits_pace", Text("拜访应完成", "Visits pace"), None, "visits_per_week"),
               ("signed", Text("累计签单", "Signed to date"), SIGNED, None),
               ("collected", Text("累计回款", "Collected to date"), COLLECTED, None),
               ("amount_pace", Text("签单/回款应完成", "Signing/collection pace"), None, "signed_per_week")]
    C.header_row(ws, L.CHART_HEADER_ROW, 1, [label(lang) for _, label, _, _ in columns])
    for k in range(1, L.MAX_CHART_WEEKS + 1):
        r = L.CHART_FIRST_ROW + k - 1
        ws.cell(r, 1, f'=IF({k}>QuotaWeeks,"",{k})')
        blank = f'OR($A{r}="",$D$3="")'
        for c, (_, _, activity, pace) in enumerate(columns[1:], start=2):
            if activity:
                formula = (f'=IF({blank},"",SUMIFS({refs.weekly(activity)},{refs.weekly("rep")},'
                           f'{rep_cell_ref},{refs.weekly("week")},"<="&$A{r}))')
            else:
                formula = f'=IF({blank},"",$A{r}*INDEX({_plan_column(lang, pace)},$D$3))'
            ws.cell(r, c, formula).number_format = C.MONEY0 if c >= 6 else "0.##"
    # the charts span the period's weeks as built (rows past the period would plot as zeros)
    weeks = data.settings.working_weeks if data else DEFAULT_WORKING_WEEKS
    chart_last = L.CHART_FIRST_ROW + min(weeks, L.MAX_CHART_WEEKS) - 1
    counts = LineChart()
    counts.title = Text("商机与拜访:累计实际 vs 应完成", "Opportunities and visits: to date vs pace")(lang)
    counts.add_data(Reference(ws, min_col=2, max_col=5, min_row=L.CHART_HEADER_ROW, max_row=chart_last),
                    titles_from_data=True)
    amounts = LineChart()
    amounts.title = Text("签单与回款:累计实际 vs 应完成", "Signed and collected: to date vs pace")(lang)
    amounts.add_data(Reference(ws, min_col=6, max_col=8, min_row=L.CHART_HEADER_ROW, max_row=chart_last),
                     titles_from_data=True)
    for chart, anchor in ((counts, "J3"), (amounts, "J22")):
        chart.set_categories(Reference(ws, min_col=1, min_row=L.CHART_FIRST_ROW, max_row=chart_last))
        for series in chart.series:
            series.smooth = False
        chart.x_axis.title = Text("周次", "Week")(lang)
        chart.height, chart.width = 9, 18
        ws.add_chart(chart, anchor)
    C.widths(ws, {"A": 20, "B": 14, "C": 14, "D": 14, "E": 14, "F": 14, "G": 14, "H": 16})
    ws.freeze_panes = f"A{L.CHART_FIRST_ROW}"


def check(sheets: dict[str, list[list[Any]]], tables: Any = None) -> list[Problem]:
    """Every unusable value on the target, mix and tracking sheets by sheet!cell, then the plan's warnings."""
    inputs = parse_workbook(sheets)
    if not inputs.usable:
        return inputs.problems
    team = plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)
    return inputs.problems + team.warnings


def demo_data() -> DemoQuota:
    return demo_quota()


def summary(data: DemoQuota) -> list[str]:
    """Headline figures of the demo copy, from the Python core."""
    inputs = parse_workbook(demo_sheets(data))
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
    Text("1. 「目标与人员」:填写公司本期目标、工作周数(文中按年,52 周)、月数、分解方式和每周拜访能力;下方人员表填写姓名、"
         "能力权重(按能力分解时用)、自报目标(自下而上)与个人每周拜访能力。",
         "1. 'Target and reps': the company target for the period, working weeks (the text plans per year: 52), "
         "months, the split method and visit capacity; below, each rep's name, ability weight (for a weighted "
         "split), own target (bottom up) and visits per week capacity."),
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
    Text("5. 「周跟踪」每人每周一行:新增商机、拜访次数、签单金额、回款金额。累计低于节奏的格子标红;右侧汇总给出每人每项的"
         "差额、完成率、瓶颈(最落后的一项)与余下每周所需。",
         "5. 'Weekly tracking': one row per rep and week: new opportunities, visits, signed and collected amounts. "
         "Cells whose total to date is behind pace are red; the summary on the right gives each rep's shortfall, "
         "attainment, bottleneck (the activity furthest behind) and what is needed per week from now."),
    Text("6. 「进度图」选择一个人,查看累计实际与累计节奏。表格最多列 53 周;图表覆盖建表时的工作周数(默认 52 周),"
         "工作周数改动较大时请调整图表的数据范围。",
         "6. 'Pace chart': choose a rep to see actual to date against pace to date. The table lists up to 53 weeks; "
         "the charts cover the working weeks the workbook was built with (52 by default): adjust their data range "
         "after changing the weeks a lot."),
    Text("7. 安装 xlwings Lite 后可用函数:=QUOTA_SPLIT(QuotaTarget,QuotaReps[#All])、=QUOTA_PLAN(QuotaMix[#All],\"小王\","
         "300000)、=QUOTA_PACE(...)、=PACE_GAP(...)、=DEALS_NEEDED / OPPORTUNITIES_NEEDED / VISITS_NEEDED;"
         "脚本 write_quota_plan 在「分解明细」写出每个人的完整分解与所有提示。",
         "7. With xlwings Lite: =QUOTA_SPLIT(QuotaTarget,QuotaReps[#All]), =QUOTA_PLAN(QuotaMix[#All],\"小王\",300000), "
         "=QUOTA_PACE(...), =PACE_GAP(...), =DEALS_NEEDED / OPPORTUNITIES_NEEDED / VISITS_NEEDED; the "
         "write_quota_plan script writes every rep's full decomposition and all warnings to 'Full plan'."),
]

SPEC = C.TemplateSpec(
    name="quota",
    title=Text("业绩分解", "Quota decomposition"),
    build=build,
    demo_data=demo_data,
    check=check,
    udfs_module="udfs.quota",
    summary=summary,
)
