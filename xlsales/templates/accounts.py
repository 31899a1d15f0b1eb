"""The key-accounts workbook (accounts.xlsx): settings, accounts with 5+5+5 tiers and A/B/C classes, key
people and closeness, the 15-account plan with its monthly review and chart, team health (80/20, effort),
7+3 qualification, rep levels, and today's call list.

Every figure is a native formula over the workbook's tables (row formulas use plain A1 references, column
aggregates use structured references); the Python core computes the same figures and
tests/test_accounts_libreoffice.py checks one against the other.
"""

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.accounts import calls, classes, qualify, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.columns import (ACCOUNT_COLUMNS, CUSTOMER_COLUMNS, MONTHLY_COLUMNS, PEOPLE_COLUMNS,
                                      PLAN_COLUMNS, QUALIFY_COLUMNS, REP_COLUMNS, REP_LEVEL_COLUMNS, WEIGHT_COLUMNS)
from xlsales.accounts.demo import DemoAccounts, demo_accounts, parsed_tables
from xlsales.accounts.labels import COVERAGE, DUE, LABELS, PRIORITY
from xlsales.accounts.levels import rep_levels
from xlsales.accounts.relations import involvement_label, weight_rows
from xlsales.accounts.render import header, sheet_rows
from xlsales.accounts.settings import ClosenessWeights, QualifyRules, TierRules
from xlsales.accounts.vocab import (AGAINST, CONTRACT, CONTRACT_EXPIRED, COACH, DECISION_MAKER, DIMENSIONS,
                                    INTENT, ITEM_STATUS, KNOWN, MIDDLE, PARTLY, PASS, PROGRESS, QUALIFY_ITEMS,
                                    REP_LEVELS, ROLES, RUBRIC, TOP, UNDER_CONTRACT, VERDICTS, GO, HOLD, NO_GO)
from xlsales.accounts.workbook import read_workbook
from xlsales.funnel.vocab import ACCOUNT_CLASS
from xlsales.i18n import Lang, Text
from xlsales.problems import Problem
from xlsales.table import Column
from xlsales.templates import common as C

MIN_ACCOUNT_ROWS = 100
MIN_PEOPLE_ROWS = 200
MIN_QUALIFY_ROWS = 30
MIN_LEVEL_ROWS = 10
MIN_CUSTOMER_ROWS = 1000  # one rep's book in the text: 1000 customers
CHECK = "✓"

# Calculated columns each table carries after its input columns: key -> header.
ACCOUNT_CALC = {key: LABELS[key] for key in ("target", "headroom", "share", "tier", "rank", "suggested")} | {
    "ahead": Text("排在前面的业务额", "Revenue ranked ahead"), "class": LABELS["class"],
    "people": Text("关键人数", "Key people"), "overall": Text("综合紧密度", "Overall closeness")}
# no apostrophes in headers that formulas name: a structured reference would need them escaped
PEOPLE_CALC = {"weight": Text("人员权重", "Person weight"),
               "overall": Text("个人综合紧密度", "Overall closeness (person)")}
PLAN_CALC = {key: LABELS[key] for key in ("target", "headroom", "expected", "actual", "gap", "attainment")}
QUALIFY_CALC = {"score": Text("得分", "Score"), "verdict": Text("结论", "Verdict"),
                "missing": Text("待补信息", "Still to find out"),
                "chain_people": Text("决策链人数", "People in decision chain"),
                "chain_overall": Text("决策链综合紧密度", "Decision chain closeness"),
                "chain_missing": Text("决策链缺少", "Chain lacks")}
LEVEL_CALC = {"rated": Text("已评项数", "Rows rated"), "mean": Text("平均分", "Mean score"),
              "level": Text("水平", "Level")}
CUSTOMER_CALC = {"progress_label": Text("进程说明", "Progress meaning"), "due": Text("到期", "Due"),
                 "hot": Text("重点", "Priority"), "callable": Text("今日可拨", "Callable today"),
                 "score": LABELS["score"], "sort_key": Text("排序键", "Sort key"),
                 "rank": Text("今日序号", "Order today"), "reason": LABELS["reason"]}


def _letters(columns: list[Column], calc: dict[str, Text]) -> dict[str, str]:
    keys = [c.key for c in columns] + list(calc)
    return {key: get_column_letter(i + 1) for i, key in enumerate(keys)}


def _headers(columns: list[Column], calc: dict[str, Text], lang: Lang) -> list[str]:
    return header(columns, lang) + [t(lang) for t in calc.values()]


class Refs:
    """Structured references to table columns and absolute references to settings, in the workbook's language."""

    def __init__(self, lang: Lang):
        self.lang = lang
        self.settings = C.formula_sheet(L.SHEET_SETTINGS(lang))

    def param(self, key: str) -> str:
        return f"{self.settings}!$B${L.PARAMETERS[key][0]}"

    def col(self, table: str, columns: list[Column], calc: dict[str, Text], key: str) -> str:
        label = next((c.label for c in columns if c.key == key), None) or calc[key]
        return f"{table}[{label(self.lang)}]"

    def account(self, key: str) -> str:
        return self.col(L.TABLE_ACCOUNTS, ACCOUNT_COLUMNS, ACCOUNT_CALC, key)

    def person(self, key: str) -> str:
        return self.col(L.TABLE_PEOPLE, PEOPLE_COLUMNS, PEOPLE_CALC, key)

    def plan(self, key: str) -> str:
        return self.col(L.TABLE_PLAN, PLAN_COLUMNS, PLAN_CALC, key)

    def month(self, key: str) -> str:
        return self.col(L.TABLE_MONTHLY, MONTHLY_COLUMNS, {}, key)

    def customer(self, key: str) -> str:
        return self.col(L.TABLE_CUSTOMERS, CUSTOMER_COLUMNS, CUSTOMER_CALC, key)

    def weight(self, label: Text) -> str:
        """The weight of one item of the weights table, found by its label."""
        items = f"{L.TABLE_WEIGHTS}[{WEIGHT_COLUMNS[0].label(self.lang)}]"
        values = f"{L.TABLE_WEIGHTS}[{WEIGHT_COLUMNS[1].label(self.lang)}]"
        return f'INDEX({values},MATCH("{label(self.lang)}",{items},0))'

    def quoted(self, text: Text) -> str:
        return f'"{text(self.lang)}"'


def build(lang: Lang = "zh-CN", data: DemoAccounts | None = None) -> Workbook:
    wb = Workbook()
    refs = Refs(lang)
    C.instructions_sheet(wb, lang, Text("大客户与团队健康 — 使用说明", "Key accounts and team health — how to use"),
                         INSTRUCTIONS)
    _settings_sheet(wb, lang, data, refs)
    _accounts_sheet(wb, lang, data, refs)
    _people_sheet(wb, lang, data, refs)
    _plan_sheet(wb, lang, data, refs)
    _monthly_sheet(wb, lang, data)
    _review_sheet(wb, lang, refs)
    _health_sheet(wb, lang, refs)
    _qualify_sheet(wb, lang, data, refs)
    _levels_sheet(wb, lang, data, refs)
    _rubric_sheet(wb, lang)
    _customers_sheet(wb, lang, data, refs)
    _calls_sheet(wb, lang, refs)
    return wb


def _fill_formulas(ws: Worksheet, first_row: int, last_row: int, letters: dict[str, str],
                   formulas: dict[str, str]) -> None:
    """Row formulas (with {r} for the row) into their columns, for every row of a table."""
    for r in range(first_row, last_row + 1):
        for key, formula in formulas.items():
            ws[f"{letters[key]}{r}"] = formula.replace("{r}", str(r))


def _settings_sheet(wb: Workbook, lang: Lang, data: DemoAccounts | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_SETTINGS(lang))
    C.title(ws, "A1", Text("参数、销售人员与紧密度权重", "Parameters, reps and closeness weights")(lang))
    values: dict[str, Any] = dict(L.DEFAULTS)
    values["as_of"] = data.as_of if data else "=TODAY()"
    # blank thresholds are averages (settings.TierRules); the formulas show the number in use
    values["much_business_min"] = f'=IFERROR(AVERAGEIF({refs.account("revenue")},">0"),0)'
    values["large_potential_min"] = f'=IFERROR(AVERAGEIF({refs.account("target")},">0"),0)'
    values["call_owner"] = data.reps[0][0] if data else None
    notes = {
        "as_of": Text("默认今天;填日期可按历史日期复盘", "Defaults to today; type a date to review as of that day"),
        "much_business_min": Text("默认:有业务客户的平均业务额", "Default: average revenue of accounts with business"),
        "large_potential_min": Text("默认:平均目标市场容量", "Default: average target capacity"),
        "a_share": Text("A类 = 贡献前 80% 业务额的客户", "Class A = the accounts making the first 80% of revenue"),
        "effort_a": Text("文中未给比例,60/30/10 为建议值", "The texts give no split; 60/30/10 is a suggestion"),
        "working_days": Text("原文:每月平均 22 个工作日", "The text: 22 working days a month on average"),
        "calls_per_day": Text("原文:1000 家客户,每天 60 个,一个月覆盖 100%",
                              "The text: 1000 customers, 60 a day covers all in a month"),
    }
    for key, (row, label) in L.PARAMETERS.items():
        ws.cell(row, 1, label(lang)).font = C.LABEL_FONT
        cell = ws.cell(row, 2, values.get(key))
        cell.fill = C.INPUT_FILL
        cell.border = C.BOX
        if key in notes:
            ws.cell(row, 3, notes[key](lang))
    ws[L.parameter_cell("as_of")].number_format = C.DATE
    for key in ("much_business_min", "large_potential_min"):
        ws[L.parameter_cell(key)].number_format = C.MONEY0
    for key in ("max_share", "a_share", "b_share", "effort_a", "effort_b", "effort_c", "go_threshold"):
        ws[L.parameter_cell(key)].number_format = "0%"
    for key in ("max_share", "a_share", "b_share", "effort_a", "effort_b", "effort_c", "go_threshold"):
        C.number_validation(ws, L.parameter_cell(key), lang, 0, 1)
    C.number_validation(ws, L.parameter_cell("calls_per_day"), lang, 1, kind="whole")
    C.number_validation(ws, f"{L.parameter_cell('middle_min')}:{L.parameter_cell('top_min')}", lang, 1, 3)
    header_row = L.TABLES_HEADER_ROW
    reps = [list(r) for r in data.reps] if data else []
    C.add_table(ws, L.TABLE_REPS, header_row, L.REPS_FIRST_COL, header(REP_COLUMNS, lang), reps, min_rows=4)
    C.define_name(wb, "RepList", ws.title, f"$A${header_row + 1}:$A${header_row + L.MAX_REPS}")
    C.list_validation(ws, L.parameter_cell("call_owner"), "=RepList", lang, Text("负责人", "owner"))
    weights = data.weights if data else ClosenessWeights()
    C.add_table(ws, L.TABLE_WEIGHTS, header_row, L.WEIGHTS_FIRST_COL, header(WEIGHT_COLUMNS, lang),
                weight_rows(weights, lang))
    ws.cell(header_row - 1, L.WEIGHTS_FIRST_COL, Text("综合紧密度权重(可改)", "Closeness weights (editable)")(lang)).font = \
        C.LABEL_FONT
    C.widths(ws, {"A": 40, "B": 16, "C": 48, "D": 18, "E": 10})


def _accounts_sheet(wb: Workbook, lang: Lang, data: DemoAccounts | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_ACCOUNTS(lang))
    rows = sheet_rows(data.accounts, ACCOUNT_COLUMNS, lang) if data else []
    last = max(len(rows), MIN_ACCOUNT_ROWS) + 1
    rows += [[None] * len(ACCOUNT_COLUMNS) for _ in range(last - 1 - len(rows))]
    C.add_table(ws, L.TABLE_ACCOUNTS, 1, 1, _headers(ACCOUNT_COLUMNS, ACCOUNT_CALC, lang), rows)
    x = _letters(ACCOUNT_COLUMNS, ACCOUNT_CALC)
    rev, total, other, manual = (f"${x[k]}{{r}}" for k in ("revenue", "total_market", "other_channels",
                                                          "class_manual"))
    name, target, headroom, share, tier, rank = (f"${x[k]}{{r}}" for k in ("account", "target", "headroom", "share",
                                                                           "tier", "rank"))
    ahead = f"${x['ahead']}{{r}}"
    below = f'AND({share}<>"",{share}<{refs.param("max_share")})'
    revenue_col = refs.account("revenue")
    total_revenue = f"SUM({revenue_col})"
    people_weight, people_overall = refs.person("weight"), refs.person("overall")
    formulas = {
        "target": f'=IF(OR({name}="",NOT(ISNUMBER({total}))),"",{total}-N({other}))',
        "headroom": f'=IF(OR({target}="",NOT(ISNUMBER({rev}))),"",MAX({target}-{rev},0))',
        "share": f'=IF(OR({headroom}="",N({target})<=0),"",{rev}/{target})',
        "tier": (f'=IF({headroom}="","",IF(AND({rev}>0,{below},{rev}>={refs.param("much_business_min")}),1,'
                 f'IF(AND({rev}>0,{below}),2,IF(AND({rev}=0,{target}>0,{target}>={refs.param("large_potential_min")}),'
                 f'3,""))))'),
        # ties in headroom go to the account higher up the list, as in the Python core
        "rank": (f'=IF({tier}="","",SUMPRODUCT(({refs.account("tier")}={tier})*({refs.account("headroom")}>{headroom}))'
                 f'+SUMPRODUCT(({refs.account("tier")}={tier})*({refs.account("headroom")}={headroom})'
                 f'*(ROW({refs.account("headroom")})<ROW({headroom})))+1)'),
        "suggested": f'=IF(AND({rank}<>"",N({rank})<={TierRules().per_tier}),"{CHECK}","")',
        "ahead": (f'=IF(NOT(ISNUMBER({rev})),"",SUMPRODUCT(ISNUMBER({revenue_col})*({revenue_col}>{rev}),{revenue_col})'
                  f'+{rev}*SUMPRODUCT(({revenue_col}={rev})*(ROW({revenue_col})<ROW({rev}))))'),
        "class": (f'=IF({name}="","",IF({manual}<>"",{manual},IF(NOT(ISNUMBER({ahead})),"",'
                  f'IF(AND({rev}>0,{ahead}<{refs.param("a_share")}*{total_revenue}),"A",'
                  f'IF(AND({rev}>0,{ahead}<{refs.param("b_share")}*{total_revenue}),"B","C")))))'),
        "people": f'=IF({name}="","",COUNTIF({refs.person("account")},{name}))',
        "overall": (f'=IF(N(${x["people"]}{{r}})=0,"",IFERROR(SUMPRODUCT(--({refs.person("account")}={name}),'
                    f'{people_weight},{people_overall})/SUMPRODUCT(--({refs.person("account")}={name}),'
                    f'{people_weight}),""))'),
    }
    _fill_formulas(ws, 2, last, x, formulas)
    span = max(last, 1000)
    for key in ("revenue", "total_market", "other_channels", "target", "headroom", "ahead"):
        C.style_range(ws, f"{x[key]}2:{x[key]}{last}", C.MONEY0)
    for key in ("share", "overall"):
        C.style_range(ws, f"{x[key]}2:{x[key]}{last}", C.PERCENT)
    for key in ("revenue", "total_market", "other_channels"):
        C.number_validation(ws, f"{x[key]}2:{x[key]}{span}", lang, 0)
    C.list_validation(ws, f"{x['owner']}2:{x['owner']}{span}", "=RepList", lang, Text("负责人", "owner"))
    C.list_validation(ws, f"{x['class_manual']}2:{x['class_manual']}{span}", "A,B,C", lang, Text("分类", "class"))
    C.define_name(wb, "AccountList", ws.title, f"$A$2:$A${last}")
    C.highlight(ws, f"A2:{x['overall']}{last}", f'${x["suggested"]}2="{CHECK}"', C.GREEN_FILL)
    C.widths(ws, {get_column_letter(i): 13 for i in range(1, len(x) + 1)} | {"A": 18, x["suggested"]: 9})
    ws.freeze_panes = "B2"


def _people_sheet(wb: Workbook, lang: Lang, data: DemoAccounts | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_PEOPLE(lang))
    rows = sheet_rows(data.people, PEOPLE_COLUMNS, lang) if data else []
    last = max(len(rows), MIN_PEOPLE_ROWS) + 1
    rows += [[None] * len(PEOPLE_COLUMNS) for _ in range(last - 1 - len(rows))]
    C.add_table(ws, L.TABLE_PEOPLE, 1, 1, _headers(PEOPLE_COLUMNS, PEOPLE_CALC, lang), rows)
    x = _letters(PEOPLE_COLUMNS, PEOPLE_CALC)
    name, role, involvement = (f"${x[k]}{{r}}" for k in ("account", "role", "involvement"))
    rating = {k: f"${x[k]}{{r}}" for k in DIMENSIONS}
    prefix = involvement_label(1)(lang)[:-1]  # "参与程度" / "Involvement "
    items = f"{L.TABLE_WEIGHTS}[{WEIGHT_COLUMNS[0].label(lang)}]"
    values = f"{L.TABLE_WEIGHTS}[{WEIGHT_COLUMNS[1].label(lang)}]"
    weights = {k: refs.weight(t) for k, t in DIMENSIONS.items()}
    weighted = "+".join(f"({rating[k]}-1)/4*{weights[k]}" for k in DIMENSIONS)
    formulas = {
        "weight": (f'=IF(OR({name}="",{role}="",NOT(ISNUMBER({involvement}))),"",IFERROR('
                   f'INDEX({values},MATCH({role},{items},0))'
                   f'*INDEX({values},MATCH("{prefix}"&{involvement},{items},0)),""))'),
        "overall": (f'=IF(OR({name}="",COUNT({rating["closeness"]},{rating["solution"]},{rating["price"]})<3),"",'
                    f'({weighted})/({"+".join(weights.values())}))'),
    }
    _fill_formulas(ws, 2, last, x, formulas)
    span = max(last, 1000)
    C.list_validation(ws, f"{x['account']}2:{x['account']}{span}", "=AccountList", lang, Text("客户", "account"))
    C.list_validation(ws, f"{x['role']}2:{x['role']}{span}", ",".join(t(lang) for t in ROLES.values()), lang,
                      Text("角色", "role"))
    C.number_validation(ws, f"{x['involvement']}2:{x['involvement']}{span}", lang, 1, 5, kind="whole")
    C.number_validation(ws, f"{x['closeness']}2:{x['price']}{span}", lang, 1, 5)
    C.style_range(ws, f"{x['overall']}2:{x['overall']}{last}", C.PERCENT)
    C.highlight(ws, f"{x['overall']}2:{x['overall']}{last}", f'AND(${x["overall"]}2<>"",${x["overall"]}2<0.4)',
                C.RED_FILL)
    C.highlight(ws, f"{x['overall']}2:{x['overall']}{last}", f'AND(${x["overall"]}2<>"",${x["overall"]}2>=0.7)',
                C.GREEN_FILL)
    C.widths(ws, {get_column_letter(i): 12 for i in range(1, len(x) + 1)} | {"A": 18, x["interests"]: 20})
    ws.freeze_panes = "B2"


def _plan_sheet(wb: Workbook, lang: Lang, data: DemoAccounts | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_PLAN(lang))
    rows = sheet_rows(data.plan, PLAN_COLUMNS, lang) if data else []
    rows += [[None] * len(PLAN_COLUMNS) for _ in range(L.PLAN_ROWS - len(rows))]
    C.add_table(ws, L.TABLE_PLAN, 1, 1, _headers(PLAN_COLUMNS, PLAN_CALC, lang), rows)
    last = L.PLAN_ROWS + 1
    x = _letters(PLAN_COLUMNS, PLAN_CALC)
    name = f"${x['account']}{{r}}"
    expected, actual = f"${x['expected']}{{r}}", f"${x['actual']}{{r}}"
    month_end = f"EOMONTH({refs.param('as_of')},0)"

    def lookup(key: str) -> str:
        return f'=IF({name}="","",IFERROR(INDEX({refs.account(key)},MATCH({name},{refs.account("account")},0)),""))'

    def to_date(key: str) -> str:
        return (f'=IF({name}="","",SUMIFS({refs.month(key)},{refs.month("account")},{name},'
                f'{refs.month("month")},"<="&{month_end}))')

    formulas = {"target": lookup("target"), "headroom": lookup("headroom"), "expected": to_date("expected"),
                "actual": to_date("actual"), "gap": f'=IF({name}="","",{actual}-{expected})',
                "attainment": f'=IF(OR({name}="",N({expected})<=0),"",{actual}/{expected})'}
    _fill_formulas(ws, 2, last, x, formulas)
    C.list_validation(ws, f"{x['tier']}2:{x['tier']}{last}", "1,2,3", lang, Text("层级", "tier"))
    C.list_validation(ws, f"{x['account']}2:{x['account']}{last}", "=AccountList", lang, Text("客户", "account"))
    C.list_validation(ws, f"{x['owner']}2:{x['owner']}{last}", "=RepList", lang, Text("负责人", "owner"))
    C.date_validation(ws, f"{x['when']}2:{x['when']}{last}", lang)
    C.number_validation(ws, f"{x['goal']}2:{x['goal']}{last}", lang, 0)
    C.style_range(ws, f"{x['when']}2:{x['when']}{last}", C.DATE)
    for key in ("goal", "target", "headroom", "expected", "actual", "gap"):
        C.style_range(ws, f"{x[key]}2:{x[key]}{last}", C.MONEY0)
    C.style_range(ws, f"{x['attainment']}2:{x['attainment']}{last}", C.PERCENT)
    attainment = f"{x['attainment']}2:{x['attainment']}{last}"
    C.highlight(ws, attainment, f'AND(${x["attainment"]}2<>"",${x["attainment"]}2<1)', C.RED_FILL)
    C.highlight(ws, attainment, f'AND(${x["attainment"]}2<>"",${x["attainment"]}2>=1)', C.GREEN_FILL)
    C.define_name(wb, "PlanAccounts", ws.title, f"${x['account']}$2:${x['account']}${last}")
    chart = BarChart()
    chart.title = Text("15 个分层客户:预期与实际(至今)", "The 15 tiered accounts: expected vs actual to date")(lang)
    expected_col = column_index_from_string(x["expected"])  # expected, then actual beside it
    chart.add_data(Reference(ws, min_col=expected_col, max_col=expected_col + 1, min_row=1, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=column_index_from_string(x["account"]), min_row=2, max_row=last))
    chart.height, chart.width = 9, 26
    ws.add_chart(chart, f"A{last + 3}")
    C.widths(ws, {get_column_letter(i): 13 for i in range(1, len(x) + 1)} | {"B": 18, "E": 22, "F": 16, "G": 24,
                                                                               "I": 26})
    ws.freeze_panes = "C2"


def _monthly_sheet(wb: Workbook, lang: Lang, data: DemoAccounts | None) -> None:
    ws = wb.create_sheet(L.SHEET_MONTHLY(lang))
    rows = sheet_rows(data.monthly, MONTHLY_COLUMNS, lang) if data else []
    rows += [[None] * len(MONTHLY_COLUMNS) for _ in range(L.PLAN_MONTH_ROWS - len(rows))]
    C.add_table(ws, L.TABLE_MONTHLY, 1, 1, header(MONTHLY_COLUMNS, lang), rows)
    last = len(rows) + 1
    C.list_validation(ws, f"A2:A{last}", "=PlanAccounts", lang, Text("客户", "account"))
    C.date_validation(ws, f"B2:B{last}", lang)
    C.number_validation(ws, f"C2:D{last}", lang, 0)
    C.style_range(ws, f"B2:B{last}", C.MONTH)
    C.style_range(ws, f"C2:D{last}", C.MONEY0)
    C.widths(ws, {"A": 18, "B": 12, "C": 14, "D": 14})
    ws.freeze_panes = "A2"


REVIEW_FIRST = 5  # first month row on the review sheet
TIER_FIRST = 21  # first tier row on the review sheet


def _review_sheet(wb: Workbook, lang: Lang, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_REVIEW(lang))
    C.title(ws, "A1", Text("15 客户月度回顾:预期与实际", "15-account monthly review: expected vs actual")(lang))
    ws["A2"] = Text("报告日期", "As of")(lang)
    ws["B2"] = f"={refs.param('as_of')}"
    ws["B2"].number_format = C.DATE
    C.header_row(ws, REVIEW_FIRST - 1, 1, [t(lang) for t in (
        Text("月份", "Month"), Text("预期", "Expected"), Text("实际", "Actual"), Text("累计预期", "Expected, cumulative"),
        Text("累计实际", "Actual, cumulative"), Text("累计达成率", "Attainment, cumulative"))])
    months = refs.month("month")
    in_plan = f"(COUNTIF({refs.plan('account')},{refs.month('account')})>0)"
    last = REVIEW_FIRST + 11
    for k in range(12):
        r = REVIEW_FIRST + k
        ws.cell(r, 1, f'=IF(COUNT({months})=0,"",DATE(YEAR(MIN({months})),MONTH(MIN({months}))+{k},1))')
        in_month = f'({months}>=$A{r})*({months}<=EOMONTH($A{r},0))'
        ws.cell(r, 2, f'=IF($A{r}="","",SUMPRODUCT({in_month}*{in_plan},{refs.month("expected")}))')
        ws.cell(r, 3, f'=IF($A{r}="","",SUMPRODUCT({in_month}*{in_plan},{refs.month("actual")}))')
        ws.cell(r, 4, f'=IF($A{r}="","",SUM($B${REVIEW_FIRST}:B{r}))')
        ws.cell(r, 5, f'=IF(OR($A{r}="",$A{r}>{refs.param("as_of")}),"",SUM($C${REVIEW_FIRST}:C{r}))')
        ws.cell(r, 6, f'=IF(OR($E{r}="",N($D{r})<=0),"",$E{r}/$D{r})')
    C.style_range(ws, f"A{REVIEW_FIRST}:A{last}", C.MONTH)
    C.style_range(ws, f"B{REVIEW_FIRST}:E{last}", C.MONEY0)
    C.style_range(ws, f"F{REVIEW_FIRST}:F{last}", C.PERCENT)
    C.header_row(ws, TIER_FIRST - 1, 1, [t(lang) for t in (
        Text("层级", "Tier"), LABELS["goal"], LABELS["expected"], LABELS["actual"], LABELS["attainment"])])
    for tier in (1, 2, 3):
        r = TIER_FIRST + tier - 1
        ws.cell(r, 1, tier)
        for col, key in ((2, "goal"), (3, "expected"), (4, "actual")):
            ws.cell(r, col, f"=SUMIFS({refs.plan(key)},{refs.plan('tier')},$A{r})")
        ws.cell(r, 5, f'=IF(N($C{r})<=0,"",$D{r}/$C{r})')
    C.style_range(ws, f"A{TIER_FIRST}:A{TIER_FIRST + 2}")
    C.style_range(ws, f"B{TIER_FIRST}:D{TIER_FIRST + 2}", C.MONEY0)
    C.style_range(ws, f"E{TIER_FIRST}:E{TIER_FIRST + 2}", C.PERCENT)
    chart = LineChart()
    chart.title = Text("每月预期与实际(15 客户合计)", "Expected vs actual per month (15 accounts)")(lang)
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=REVIEW_FIRST - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=REVIEW_FIRST, max_row=last))
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, "H4")
    C.widths(ws, {"A": 12, "B": 14, "C": 14, "D": 16, "E": 16, "F": 14})


HEALTH_CLASS_FIRST = 12
HEALTH_REP_FIRST = 19


def _health_sheet(wb: Workbook, lang: Lang, refs: Refs) -> None:
    """80/20 for accounts and reps, A/B/C effort, revenue per rep."""
    ws = wb.create_sheet(L.SHEET_HEALTH(lang))
    C.title(ws, "A1", Text("团队健康:80/20 与精力分配", "Team health: 80/20 and effort")(lang))
    revenue, ahead = refs.account("revenue"), refs.account("ahead")
    share = refs.param("a_share")
    reps_revenue = f"$C${HEALTH_REP_FIRST}:$C${HEALTH_REP_FIRST + L.MAX_REPS - 1}"
    rep_ahead = f"$H${HEALTH_REP_FIRST}:$H${HEALTH_REP_FIRST + L.MAX_REPS - 1}"
    figures = [
        (Text("总业务额", "Total revenue"), f"=SUM({revenue})", C.MONEY0),
        (Text("有业务的客户数", "Accounts with business"), f'=COUNTIF({revenue},">0")', "0"),
        (Text("贡献 80% 业务额的客户数", "Accounts making 80% of revenue"),
         f'=SUMPRODUCT(({revenue}>0)*ISNUMBER({ahead})*({ahead}<{share}*$B$3))', "0"),
        (Text("占有业务客户的比例", "Share of accounts with business"), '=IF(N($B$4)=0,"",$B$5/$B$4)', C.PERCENT),
        (Text("销售人员数", "Reps"), f'=COUNTA({L.TABLE_REPS}[{REP_COLUMNS[0].label(lang)}])', "0"),
        (Text("贡献 80% 业务额的销售人数", "Reps making 80% of revenue"),
         f'=IF(SUM({reps_revenue})<=0,"",SUMPRODUCT(ISNUMBER({rep_ahead})*({rep_ahead}<{share}*SUM({reps_revenue}))))',
         "0"),
        (Text("占销售人员的比例(健康团队问题 2)", "Share of reps (healthy-team question 2)"),
         '=IF(OR(N($B$7)=0,$B$8=""),"",$B$8/$B$7)', C.PERCENT),
    ]
    for i, (label, formula, fmt) in enumerate(figures, start=3):
        ws.cell(i, 1, label(lang)).font = C.LABEL_FONT
        ws.cell(i, 2, formula).number_format = fmt
        ws.cell(i, 2).border = C.BOX
    ws["C6"] = Text("20/80 法则:约 20% 的核心客户带来 80% 的业务额", "The 20/80 rule: about 20% of customers make "
                                                                 "80% of revenue")(lang)
    # A/B/C effort
    C.header_row(ws, HEALTH_CLASS_FIRST - 1, 1, [t(lang) for t in (
        LABELS["class"], Text("客户数", "Accounts"), Text("业务额", "Revenue"), Text("业务额占比", "Revenue share"),
        Text("精力占比", "Effort share"), Text("每客户每月人天", "Days a month per account"))])
    class_col = refs.account("class")
    for i, key in enumerate(classes.CLASS_KEYS):
        r = HEALTH_CLASS_FIRST + i
        ws.cell(r, 1, ACCOUNT_CLASS[key](lang))
        ws.cell(r, 2, f'=COUNTIF({class_col},$A{r})')
        ws.cell(r, 3, f'=SUMIFS({revenue},{class_col},$A{r})')
        ws.cell(r, 4, f'=IF(SUM($C${HEALTH_CLASS_FIRST}:$C${HEALTH_CLASS_FIRST + 2})<=0,"",'
                      f'$C{r}/SUM($C${HEALTH_CLASS_FIRST}:$C${HEALTH_CLASS_FIRST + 2}))')
        ws.cell(r, 5, f"={refs.param('effort_' + key.lower())}")
        ws.cell(r, 6, f'=IF(N($B{r})=0,"",$E{r}*{refs.param("working_days")}*$B$7/$B{r})')
    last_class = HEALTH_CLASS_FIRST + 2
    C.style_range(ws, f"A{HEALTH_CLASS_FIRST}:B{last_class}", "0")
    C.style_range(ws, f"C{HEALTH_CLASS_FIRST}:C{last_class}", C.MONEY0)
    C.style_range(ws, f"D{HEALTH_CLASS_FIRST}:E{last_class}", C.PERCENT)
    C.style_range(ws, f"F{HEALTH_CLASS_FIRST}:F{last_class}", "0.0")
    # per rep (the reps on the settings sheet, in their order)
    C.header_row(ws, HEALTH_REP_FIRST - 1, 1, [t(lang) for t in (
        Text("序号", "No."), Text("销售", "Rep"), LABELS["revenue"], Text("业务额占比", "Revenue share"),
        Text("A类客户", "Class A"), Text("B类客户", "Class B"), Text("C类客户", "Class C"),
        Text("排在前面的业务额", "Revenue ranked ahead"))])
    names = f"{L.TABLE_REPS}[{REP_COLUMNS[0].label(lang)}]"
    for n in range(1, L.MAX_REPS + 1):
        r = HEALTH_REP_FIRST + n - 1
        ws.cell(r, 1, n)
        ws.cell(r, 2, f'=IF({n}>COUNTA({names}),"",INDEX({names},{n}))')
        ws.cell(r, 3, f'=IF($B{r}="","",SUMIFS({revenue},{refs.account("owner")},$B{r}))')
        ws.cell(r, 4, f'=IF(OR($B{r}="",SUM({reps_revenue})<=0),"",$C{r}/SUM({reps_revenue}))')
        for col, key in zip((5, 6, 7), classes.CLASS_KEYS):
            ws.cell(r, col, f'=IF($B{r}="","",COUNTIFS({refs.account("owner")},$B{r},{class_col},"{key}"))')
        ws.cell(r, 8, f'=IF($B{r}="","",SUMPRODUCT(ISNUMBER({reps_revenue})*({reps_revenue}>$C{r}),{reps_revenue})'
                      f'+$C{r}*SUMPRODUCT(ISNUMBER({reps_revenue})*({reps_revenue}=$C{r})'
                      f'*(ROW({reps_revenue})<ROW($C{r}))))')
    last_rep = HEALTH_REP_FIRST + L.MAX_REPS - 1
    C.style_range(ws, f"C{HEALTH_REP_FIRST}:C{last_rep}", C.MONEY0)
    C.style_range(ws, f"D{HEALTH_REP_FIRST}:D{last_rep}", C.PERCENT)
    C.style_range(ws, f"H{HEALTH_REP_FIRST}:H{last_rep}", C.MONEY0)
    effort = BarChart()
    effort.title = Text("业务额占比与精力占比", "Revenue share vs effort share")(lang)
    effort.add_data(Reference(ws, min_col=4, max_col=5, min_row=HEALTH_CLASS_FIRST - 1, max_row=last_class),
                    titles_from_data=True)
    effort.set_categories(Reference(ws, min_col=1, min_row=HEALTH_CLASS_FIRST, max_row=last_class))
    effort.height, effort.width = 7, 12
    ws.add_chart(effort, "J2")
    per_rep = BarChart()
    per_rep.title = Text("各销售业务额", "Revenue per rep")(lang)
    per_rep.add_data(Reference(ws, min_col=3, min_row=HEALTH_REP_FIRST - 1, max_row=HEALTH_REP_FIRST + 9),
                     titles_from_data=True)
    per_rep.set_categories(Reference(ws, min_col=2, min_row=HEALTH_REP_FIRST, max_row=HEALTH_REP_FIRST + 9))
    per_rep.height, per_rep.width = 7, 12
    ws.add_chart(per_rep, "J17")
    C.widths(ws, {"A": 34, "B": 14, "C": 16, "D": 12, "E": 10, "F": 14, "G": 10, "H": 16})


def _chain(deal: str, refs: Refs) -> str:
    """1 for each key person whose deals cell lists `deal` (commas of either width, 、, ; or spaces)."""
    deals = refs.person("deals")
    cleaned = deals
    for separator in (" ", "，", "、", ";", "；"):
        cleaned = f'SUBSTITUTE({cleaned},"{separator}",",")'
    return f'ISNUMBER(FIND(","&{deal}&",",","&{cleaned}&","))*1'


def _qualify_sheet(wb: Workbook, lang: Lang, data: DemoAccounts | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_QUALIFY(lang))
    rows = sheet_rows(data.qualification, QUALIFY_COLUMNS, lang) if data else []
    last = max(len(rows), MIN_QUALIFY_ROWS) + 1
    rows += [[None] * len(QUALIFY_COLUMNS) for _ in range(last - 1 - len(rows))]
    C.add_table(ws, L.TABLE_QUALIFY, 1, 1, _headers(QUALIFY_COLUMNS, QUALIFY_CALC, lang), rows)
    x = _letters(QUALIFY_COLUMNS, QUALIFY_CALC)
    first_item, last_item = x[QUALIFY_ITEMS[0].key], x[QUALIFY_ITEMS[-1].key]
    items = f"${first_item}{{r}}:${last_item}{{r}}"
    deal = "$A{r}"
    known, partly, against = (refs.quoted(ITEM_STATUS[k]) for k in (KNOWN, PARTLY, AGAINST))
    must_known = ",".join(f"${x[k]}{{r}}={known}" for k in QualifyRules().must_know)
    separator = "、" if lang == "zh-CN" else ", "
    missing = "&".join(f'IF(AND(${x[item.key]}{{r}}<>{known},${x[item.key]}{{r}}<>{against}),'
                       f'"{separator}{item.label(lang)}","")' for item in QUALIFY_ITEMS)
    chain = _chain(deal, refs)
    chain_roles = "&".join(
        f'IF(SUMPRODUCT({chain}*({refs.person("role")}={refs.quoted(ROLES[role])}))=0,'
        f'"{separator}{ROLES[role](lang)}","")'
        for role in (DECISION_MAKER, COACH))
    formulas = {
        "score": f'=IF({deal}="","",(COUNTIF({items},{known})+COUNTIF({items},{partly})/2)/{len(QUALIFY_ITEMS)})',
        "verdict": (f'=IF({deal}="","",IF(COUNTIF({items},{against})>0,{refs.quoted(VERDICTS[NO_GO])},'
                    f'IF(AND(${x["score"]}{{r}}>={refs.param("go_threshold")},{must_known}),'
                    f'{refs.quoted(VERDICTS[GO])},'
                    f'{refs.quoted(VERDICTS[HOLD])})))'),
        "missing": f'=IF({deal}="","",MID({missing},{len(separator) + 1},999))',
        "chain_people": f'=IF({deal}="","",SUMPRODUCT({chain}))',
        "chain_overall": (f'=IF(N(${x["chain_people"]}{{r}})=0,"",IFERROR(SUMPRODUCT({chain},{refs.person("weight")},'
                          f'{refs.person("overall")})/SUMPRODUCT({chain},{refs.person("weight")}),""))'),
        "chain_missing": f'=IF({deal}="","",MID({chain_roles},{len(separator) + 1},999))',
    }
    _fill_formulas(ws, 2, last, x, formulas)
    span = max(last, 500)
    statuses = ",".join(t(lang) for t in ITEM_STATUS.values())
    C.list_validation(ws, f"{first_item}2:{last_item}{span}", statuses, lang, Text("状态", "status"))
    C.list_validation(ws, f"{x['account']}2:{x['account']}{span}", "=AccountList", lang, Text("客户", "account"))
    C.list_validation(ws, f"{x['owner']}2:{x['owner']}{span}", "=RepList", lang, Text("负责人", "owner"))
    C.style_range(ws, f"{x['score']}2:{x['score']}{last}", "0%")
    C.style_range(ws, f"{x['chain_overall']}2:{x['chain_overall']}{last}", C.PERCENT)
    verdicts = f"{x['verdict']}2:{x['verdict']}{last}"
    for key, fill in ((GO, C.GREEN_FILL), (HOLD, C.AMBER_FILL), (NO_GO, C.RED_FILL)):
        C.highlight(ws, verdicts, f'${x["verdict"]}2={refs.quoted(VERDICTS[key])}', fill)
    grid = f"{first_item}2:{last_item}{last}"
    C.highlight(ws, grid, f"{first_item}2={known}", C.GREEN_FILL)
    C.highlight(ws, grid, f"{first_item}2={against}", C.RED_FILL)
    C.widths(ws, {get_column_letter(i): 11 for i in range(1, len(x) + 1)} | {"B": 16, x["missing"]: 36,
                                                                              x["chain_missing"]: 16})
    ws.freeze_panes = "B2"


def _levels_sheet(wb: Workbook, lang: Lang, data: DemoAccounts | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_LEVELS(lang))
    rows = sheet_rows(data.levels, REP_LEVEL_COLUMNS, lang) if data else []
    last = max(len(rows), MIN_LEVEL_ROWS) + 1
    rows += [[None] * len(REP_LEVEL_COLUMNS) for _ in range(last - 1 - len(rows))]
    C.add_table(ws, L.TABLE_LEVELS, 1, 1, _headers(REP_LEVEL_COLUMNS, LEVEL_CALC, lang), rows)
    x = _letters(REP_LEVEL_COLUMNS, LEVEL_CALC)
    first, final = x[RUBRIC[0].key], x[RUBRIC[-1].key]
    ratings = f"${first}{{r}}:${final}{{r}}"
    count = {k: f"COUNTIF({ratings},{refs.quoted(REP_LEVELS[k])})" for k in (PASS, MIDDLE, TOP)}
    rated = f"${x['rated']}{{r}}"
    mean = f"${x['mean']}{{r}}"
    formulas = {
        "rated": f'=IF($A{{r}}="","",{count[PASS]}+{count[MIDDLE]}+{count[TOP]})',
        "mean": f'=IF(N({rated})=0,"",({count[PASS]}+2*{count[MIDDLE]}+3*{count[TOP]})/{rated})',
        "level": (f'=IF({mean}="","",IF({mean}>={refs.param("top_min")},{refs.quoted(REP_LEVELS[TOP])},'
                  f'IF({mean}>={refs.param("middle_min")},{refs.quoted(REP_LEVELS[MIDDLE])},'
                  f'{refs.quoted(REP_LEVELS[PASS])})))'),
    }
    _fill_formulas(ws, 2, last, x, formulas)
    span = max(last, 100)
    C.list_validation(ws, f"{first}2:{final}{span}", ",".join(t(lang) for t in REP_LEVELS.values()), lang,
                      Text("水平", "level"))
    C.list_validation(ws, f"A2:A{span}", "=RepList", lang, Text("销售", "rep"))
    C.style_range(ws, f"{x['mean']}2:{x['mean']}{last}", "0.00")
    levels = f"{x['level']}2:{x['level']}{last}"
    C.highlight(ws, levels, f'${x["level"]}2={refs.quoted(REP_LEVELS[TOP])}', C.GREEN_FILL)
    C.highlight(ws, levels, f'${x["level"]}2={refs.quoted(REP_LEVELS[PASS])}', C.AMBER_FILL)
    C.widths(ws, {get_column_letter(i): 12 for i in range(1, len(x) + 1)})
    ws.freeze_panes = "B2"


def _rubric_sheet(wb: Workbook, lang: Lang) -> None:
    """The CES rubric (seed 000) as a reference for rating reps."""
    ws = wb.create_sheet(L.SHEET_RUBRIC(lang))
    C.title(ws, "A1", Text("销售人员水平评级标准(CES)", "Rep level rubric (CES)")(lang))
    C.header_row(ws, 3, 1, [Text("评级项", "Rubric row")(lang)] + [t(lang) for t in REP_LEVELS.values()])
    for i, row in enumerate(RUBRIC, start=4):
        ws.cell(i, 1, row.label(lang)).font = C.LABEL_FONT
        for j, level in enumerate(row.levels, start=2):
            ws.cell(i, j, level(lang))
    C.widths(ws, {"A": 26, "B": 36, "C": 36, "D": 40})


def _customers_sheet(wb: Workbook, lang: Lang, data: DemoAccounts | None, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_CUSTOMERS(lang))
    rows = sheet_rows(data.customers, CUSTOMER_COLUMNS, lang) if data else []
    last = max(len(rows), MIN_CUSTOMER_ROWS) + 1
    rows += [[None] * len(CUSTOMER_COLUMNS) for _ in range(last - 1 - len(rows))]
    C.add_table(ws, L.TABLE_CUSTOMERS, 1, 1, _headers(CUSTOMER_COLUMNS, CUSTOMER_CALC, lang), rows)
    x = _letters(CUSTOMER_COLUMNS, CUSTOMER_CALC)
    customer, owner, code, intent, contract, next_call, last_contact = (
        f"${x[k]}{{r}}" for k in ("customer", "owner", "progress", "intent", "contract", "next_call", "last_contact"))
    due, hot, callable_, score, sort_key = (f"${x[k]}{{r}}" for k in ("due", "hot", "callable", "score", "sort_key"))
    as_of, selected = refs.param("as_of"), refs.param("call_owner")
    progress_labels = ",".join(f'"{PROGRESS[code_](lang)}"' for code_ in range(8))
    intents = ",".join(f'"{t(lang)}"' for t in INTENT.values())
    stage_order = ",".join(str(code_) for code_ in calls.STAGE_ORDER)
    under = f'OR({code}=6,{contract}={refs.quoted(CONTRACT[UNDER_CONTRACT])})'
    intent_level = f"IFERROR(MATCH({intent},{{{intents}}},0),0)"
    w = calls.WEIGHTS
    formulas = {
        "progress_label": (f'=IF(OR({customer}="",NOT(ISNUMBER({code}))),"",'
                           f'IFERROR(CHOOSE({code}+1,{progress_labels}),""))'),
        "due": f'=AND({customer}<>"",ISNUMBER({next_call}),N({next_call})<={as_of})',
        "hot": (f'=AND({customer}<>"",OR({code}={calls.HOT_CODES[0]},{code}={calls.HOT_CODES[1]},'
                f'{intent_level}>={calls.HOT_INTENT},{code}=7,{contract}={refs.quoted(CONTRACT[CONTRACT_EXPIRED])}))'),
        "callable": (f'=AND({customer}<>"",OR({selected}="",{owner}={selected}),'
                     f'OR({due},AND(ISNUMBER({code}),{next_call}="",NOT({under}))))'),
        "score": (f'=IF(NOT({callable_}),"",{due}*{w["due"]}+{hot}*{w["hot"]}'
                  f'+IF(ISNUMBER({code}),IFERROR(MATCH({code},{{{stage_order}}},0)-1,0),0)*{w["stage"]}'
                  f'+{intent_level}*{w["intent"]}'
                  f'+IF({due},MIN({as_of}-{next_call},{calls.DAY_CAP}),0)*{w["overdue"]}'
                  f'+IF(ISNUMBER({last_contact}),MAX(0,MIN({as_of}-{last_contact},{calls.DAY_CAP})),{calls.DAY_CAP})'
                  f'*{w["idle"]})'),
        # one number per customer: the score, then the row (higher up first) to break ties
        "sort_key": f'=IF({score}="","",{score}*100000+99999-ROW())',
        "rank": f'=IF({sort_key}="","",COUNTIF({refs.customer("sort_key")},">"&{sort_key})+1)',
        "reason": (f'=IF(NOT({callable_}),"",IF({due},{refs.quoted(DUE)},IF({hot},{refs.quoted(PRIORITY)},'
                   f'{refs.quoted(COVERAGE)})))'),
    }
    _fill_formulas(ws, 2, last, x, formulas)
    span = max(last, 2000)
    C.list_validation(ws, f"{x['owner']}2:{x['owner']}{span}", "=RepList", lang, Text("负责人", "owner"))
    C.number_validation(ws, f"{x['progress']}2:{x['progress']}{span}", lang, 0, 7, kind="whole")
    C.list_validation(ws, f"{x['intent']}2:{x['intent']}{span}", ",".join(t(lang) for t in INTENT.values()), lang,
                      Text("成交意向", "intent"))
    C.list_validation(ws, f"{x['contract']}2:{x['contract']}{span}", ",".join(t(lang) for t in CONTRACT.values()),
                      lang, Text("合同状态", "contract status"))
    for key in ("next_call", "last_contact"):
        C.date_validation(ws, f"{x[key]}2:{x[key]}{span}", lang)
        C.style_range(ws, f"{x[key]}2:{x[key]}{last}", C.DATE)
    C.style_range(ws, f"{x['sort_key']}2:{x['sort_key']}{last}", "0")
    C.highlight(ws, f"A2:{x['reason']}{last}", f'${x["due"]}2=TRUE', C.AMBER_FILL)
    C.widths(ws, {get_column_letter(i): 12 for i in range(1, len(x) + 1)} | {"A": 16, x["progress_label"]: 24,
                                                                              x["sort_key"]: 16})
    ws.freeze_panes = "B2"


CALLS_FIRST = 11  # below the six figures at rows 3-8


def _calls_sheet(wb: Workbook, lang: Lang, refs: Refs) -> None:
    ws = wb.create_sheet(L.SHEET_CALLS(lang))
    C.title(ws, "A1", Text("今日拨打名单", "Today's call list")(lang))
    customers = refs.customer("customer")
    owners = refs.customer("owner")
    selected = refs.param("call_owner")
    in_scope = f'SUMPRODUCT(({customers}<>"")*(({selected}="")+({owners}={selected})>0))'
    figures = [
        (Text("报告日期", "As of"), f"={refs.param('as_of')}", C.DATE),
        (Text("负责人(空 = 全部)", "Owner (blank = everyone)"), f'=IF({selected}="","",{selected})', "@"),
        (Text("名下客户数", "Customers"), f"={in_scope}", "0"),
        (Text("今日拨打数", "Calls today"), f"=MIN({refs.param('calls_per_day')},COUNT({refs.customer('rank')}))", "0"),
        (Text("轮访一遍所需工作日", "Working days to call everyone once"),
         f'=IF($B$5=0,"",ROUNDUP($B$5/{refs.param("calls_per_day")},0))', "0"),
        (Text("一个月覆盖率", "Share reached in a month"),
         f'=IF($B$5=0,"",MIN(1,{refs.param("calls_per_day")}*{refs.param("working_days")}/$B$5))', "0%"),
    ]
    for i, (label, formula, fmt) in enumerate(figures, start=3):
        ws.cell(i, 1, label(lang)).font = C.LABEL_FONT
        ws.cell(i, 2, formula).number_format = fmt
        ws.cell(i, 2).border = C.BOX
    ws["D3"] = Text("规则:到期回访优先,其次进程 4/5、意向好、合同到期的重点客户,再按进程、意向、逾期天数、未联系天数排序;"
                    "合同中且未到期、下次拨打日期在以后的客户今天不拨。",
                    "Rules: calls due first, then the priority customers (progress 4/5, good intent, contract "
                    "expired), then by progress, intent, days overdue, days since last contact; customers under "
                    "contract with nothing due, or with a later next-call date, are not called today.")(lang)
    keys = ["customer", "owner", "progress_label", "intent", "contract", "next_call", "last_contact", "phone",
            "reason"]
    labels = [LABELS["call_rank"]] + [next((c.label for c in CUSTOMER_COLUMNS if c.key == k), None)
                                      or CUSTOMER_CALC[k] for k in keys]
    C.header_row(ws, CALLS_FIRST - 1, 1, [t(lang) for t in labels] + [Text("表中行", "Table row")(lang)])
    helper = get_column_letter(len(labels) + 1)
    for n in range(1, L.CALL_ROWS + 1):
        r = CALLS_FIRST + n - 1
        ws.cell(r, 1, f'=IF({n}>$B$6,"",{n})')
        ws[f"{helper}{r}"] = f'=IF($A{r}="","",MATCH($A{r},{refs.customer("rank")},0))'
        for j, key in enumerate(keys, start=2):
            value = f'INDEX({refs.customer(key)},${helper}{r})'
            ws.cell(r, j, f'=IF(${helper}{r}="","",IF({value}="","",{value}))')
    last = CALLS_FIRST + L.CALL_ROWS - 1
    C.style_range(ws, f"G{CALLS_FIRST}:H{last}", C.DATE)
    C.highlight(ws, f"A{CALLS_FIRST}:J{last}", f'$J{CALLS_FIRST}="{DUE(lang)}"', C.AMBER_FILL)
    C.widths(ws, {"A": 30, "B": 16, "C": 10, "D": 26, "E": 14, "F": 12, "G": 12, "H": 12, "I": 16, "J": 12, "K": 8})
    ws.freeze_panes = f"A{CALLS_FIRST}"


def check(sheets: dict[str, list[list[Any]]], tables: Any = None) -> list[Problem]:
    """Every unusable value on the input sheets, by sheet!cell."""
    return read_workbook(sheets).problems


def demo_data() -> DemoAccounts:
    return demo_accounts(dt.date.today())


def summary(data: DemoAccounts) -> list[str]:
    """Headline figures of the demo copy, from the Python core."""
    tables = parsed_tables(data)
    accounts = tables["accounts"].frame
    tiered = tiers.tiers(accounts)
    counted = tiered.groupby("tier")["suggested"].sum()
    pareto = classes.accounts_for(accounts)
    reps = classes.reps_for(classes.classify(accounts), [r for r, _ in data.reps])
    verdicts = qualify.qualify(tables["qualification"].frame)["verdict"].value_counts()
    levels = rep_levels(tables["levels"].frame)["level"].value_counts()
    today = calls.call_list(tables["customers"].frame, data.as_of, per_owner=True)
    return [
        f"{len(accounts)} accounts; suggested 5+5+5: "
        + ", ".join(f"tier {int(t)}: {int(n)}" for t, n in counted.items()),
        f"80/20: {pareto.share_of_items:.0%} of accounts with business and {reps.share_of_items:.0%} of reps make 80%"
        if pareto and reps else "80/20: no revenue",
        "qualification: " + ", ".join(f"{VERDICTS[k].en} {n}" for k, n in verdicts.items()),
        "rep levels: " + ", ".join(f"{REP_LEVELS[k].en} {n}" for k, n in levels.items()),
        f"today's calls: {len(today)} across {today['owner'].nunique()} reps",
    ]


INSTRUCTIONS = [
    Text("1. 「设置」:报告日期(默认今天)、各项门槛与比例、销售人员名单、综合紧密度权重。黄色格可改。",
         "1. 'Settings': as-of date (defaults to today), thresholds and shares, the reps, closeness weights. "
         "Yellow cells are yours to change."),
    Text("2. 「客户」:每个重点客户一行:我方年业务额、总市场容量、未参与渠道供应。目标市场容量 = 总市场容量 − 未参与渠道供应;"
         "潜力缺口 = 目标市场容量 − 我方业务额。",
         "2. 'Accounts': one row per key account: revenue with us, total market, supply via channels we are not "
         "in. Target capacity = total market − those channels; headroom = target capacity − revenue with us."),
    Text("3. 5+5+5 分层规则:占目标市场容量低于「未达潜力」比例即未达潜力;业务额 ≥「业务量大」门槛为第一层,"
         "有业务但低于门槛为第二层;没有业务且目标市场容量 ≥「潜力大」门槛为第三层。每层按潜力缺口从大到小取前 5 个(✓)。",
         "3. 5+5+5 rule: below potential = share of target capacity under the 'below potential' share; tier 1 = "
         "revenue at or above the 'much business' threshold, tier 2 = some business below it, tier 3 = no "
         "business and a target capacity at or above the 'large potential' threshold. Each tier takes its 5 "
         "largest headrooms (✓)."),
    Text("4. 「分层计划」:15 个客户,每个写明负责人、目的、谁、如何、何时、为什么;「月度跟踪」填每月预期与实际;"
         "「月度回顾」与图表在月度销售会议上公开审查。脚本 build_tier_plan 按建议重排 15 个客户,保留已填写的内容。",
         "4. 'Tier plan': the 15 accounts, each with owner, objective, who, how, when, why; fill expected and "
         "actual per month on 'Monthly'; review 'Monthly review' and its chart at the monthly sales meeting. The "
         "build_tier_plan script refills the 15 from the suggestions, keeping what was typed."),
    Text("5. A/B/C:按业务额从大到小累计,前 80% 为 A 类,到 95% 为 B 类,其余 C 类(可手动指定)。"
         "「团队健康」回答:多少比例的客户、多少比例的销售贡献了 80% 的业务额,以及各类客户的精力分配。",
         "5. A/B/C: largest revenue first, the accounts making the first 80% are A, up to 95% B, the rest C (or "
         "set by hand). 'Team health' answers what share of accounts and of reps make 80% of revenue, and how "
         "effort is split by class."),
    Text("6. 「关键人」:按部门列出关键人,角色(决策者/影响者/使用者/教练)、参与程度 1-5(1 最高)、关系紧密度、"
         "方案认可度、价格接受度(1-5)。综合紧密度按权重计算到人、客户和商机决策链(一人多个商机用逗号分隔)。",
         "6. 'Key people': by department, with role (decision-maker / influencer / user / coach), involvement 1-5 "
         "(1 highest), closeness, solution and price acceptance (1-5). Overall closeness is weighted per person, "
         "account and deal decision chain (several deals in one cell, comma-separated)."),
    Text("7. 「商机评估」7+3:客户 7 项 + 公司 3 项,各为 已知/部分了解/未知/不利(空 = 未知)。已知 1 分、部分 0.5 分;"
         "有「不利」即放弃;得分 ≥ 门槛且基本需求已知为跟进;否则先补信息。",
         "7. 'Qualification' 7+3: 7 customer items + 3 company items, each known / partly known / unknown / "
         "against us (blank = unknown). Known 1 point, partly ½; anything against us = no-go; score at or above "
         "the threshold with needs known = go; otherwise find out more first."),
    Text("8. 「销售水平」:按「评级标准」14 项给每位销售评 及格/中等/TOPSALES,平均分决定水平。",
         "8. 'Rep levels': rate each rep Pass / Average / Top sales on the 14 rows of 'Rubric'; the mean decides."),
    Text("9. 「客户名单」与「今日拨打」:销售进程 0-7、成交意向、合同状态、下次拨打日期;每天按规则选出 60 个客户。"
         "拨打后更新下次拨打日期。脚本 todays_call_lists 为每位销售各列一份。客户表预留 1000 行公式,"
         "客户更多时把最后一行的公式向下填充。",
         "9. 'Customers' and 'Call list': progress 0-7, intent, contract status, next-call date; each day the "
         "rules pick 60 customers. After a call, set the next-call date. The todays_call_lists script lists one "
         "per rep. The customers table holds formulas for 1000 rows; for more customers, fill the last row's "
         "formulas down."),
    Text("10. 安装 xlwings Lite 后可用函数:=ACCOUNT_TIER(Accounts[#All],A2)、=ACCOUNT_CLASS、=PARETO_ACCOUNTS、"
         "=PARETO_REPS、=PERSON_CLOSENESS、=ACCOUNT_CLOSENESS、=DEAL_CLOSENESS、=QUALIFY_SCORE、=QUALIFY_VERDICT、"
         "=QUALIFY_MISSING、=REP_LEVEL、=CALL_RANK、=CALL_LIST。",
         "10. With xlwings Lite: =ACCOUNT_TIER(Accounts[#All],A2), =ACCOUNT_CLASS, =PARETO_ACCOUNTS, =PARETO_REPS, "
         "=PERSON_CLOSENESS, =ACCOUNT_CLOSENESS, =DEAL_CLOSENESS, =QUALIFY_SCORE, =QUALIFY_VERDICT, "
         "=QUALIFY_MISSING, =REP_LEVEL, =CALL_RANK, =CALL_LIST."),
]


SPEC = C.TemplateSpec(
    name="accounts",
    title=Text("大客户与团队健康", "Key accounts and team health"),
    build=build,
    demo_data=demo_data,
    check=check,
    udfs_module="udfs.accounts",
    summary=summary,
)
