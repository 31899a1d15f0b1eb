"""The quota workbook, described once: its sheets, tables, cells and blocks, and every native formula.

The template builder writes the workbook from this description; `xlsales check`, the scripts, the
demo, the roll-up and the tests read addresses from it.

Per-line and per-week figures are calculated columns of the QuotaMix and QuotaWeekly tables, so Excel
fills them into every row a user types or pastes, however many. Each input table carries a "data
problems" column (the parser's rules plus the table's cross-field rules); the plan sheet's counter sums
them with the parameters' problems and the rows typed outside the tables, which is exactly what
`xlsales.quota.workbook.check` reports as errors. A row with a problem is left out of every figure.

The per-rep plan and tracking blocks and the pace chart have a documented capacity (MAX_REPS reps,
MAX_WEEKS weeks) that `check` enforces.
"""

from xlsales import formula as F
from xlsales.i18n import Lang, Text
from xlsales.dashboard import BlockRows, attention
from xlsales.layout import (Block, Cell, Col, Comparison, Formula, Rule, RowFormula, Sheet, Table, Tile,
                            quote_sheet)
from xlsales.precision import native_round_up, native_tolerance
from xlsales.quota.labels import BOTTLENECK_MARK, LABELS
from xlsales.quota.vocab import (ACTIVITIES, COLLECTED, DEFAULT_CAPACITY, DEFAULT_MONTHS, DEFAULT_WORKING_WEEKS, EQUAL,
                                 EVERYONE, FUNNEL_ORDER, MIX_COLUMNS, OPPORTUNITIES, PARAMETER_COLUMNS, REP_COLUMNS,
                                 SIGNED, SPLIT_METHODS, VISITS, WEEKLY_COLUMNS, WEIGHTED)

MAX_REPS = 30  # rows of the per-rep plan (and 4 × as many of the tracking summary): `check` says when there are more
MAX_WEEKS = 53  # rows of the pace chart: the most weeks a year has; `check` says when the period has more
MONEY0 = "#,##0"
PERCENT = "0.0%"
COUNT = "0.##"
TOLERANCE = native_tolerance()  # float noise is not "behind", "over" or "short"

SHEET_INSTRUCTIONS = Text("说明", "Instructions")
SHEET_TARGET = Text("目标与人员", "Target and reps")
SHEET_MIX = Text("产品组合", "Product mix")
SHEET_PLAN = Text("人员计划", "Plan per rep")
SHEET_TRACKING = Text("周跟踪", "Weekly tracking")
SHEET_SUMMARY = Text("跟踪汇总", "Tracking summary")
SHEET_CHART = Text("进度图", "Pace chart")
SHEET_FULL_PLAN = Text("分解明细", "Full plan")  # written by the write_quota_plan script

# ---------------------------------------------------------------------------------------------
# Target and reps: the parameters (column B), then the reps table


def _parameter(key: str, at: str, *, value: object = None, number_format: str | None = None,
               rule: Rule | None = None, note: Text) -> Cell:
    return Cell(key, at, PARAMETER_COLUMNS[key].label, value=value, number_format=number_format, rule=rule,
                note=note, input=True)


PARAMETERS = (
    _parameter("company_target", "B3", number_format=MONEY0, rule=Rule("decimal", minimum=0),
               note=Text("本期全公司的签单目标,如 600000(文中 60 万);请输入数字,不要输入「60万」这样的文本",
                         "The company's signing target for the period, e.g. 600000 (the text's 60万): a number, "
                         "not text such as '60万'")),
    _parameter("period", "B4", note=Text("仅作标注,如 2026", "A label only, e.g. 2026")),
    _parameter("working_weeks", "B5", value=DEFAULT_WORKING_WEEKS, rule=Rule("whole", minimum=1, maximum=MAX_WEEKS),
               note=Text(f"文中按年计划(30万元/年);每周拜访 5 次 = 252 次 ÷ 52 周 ≈ 4.85,向上取整;最多 {MAX_WEEKS} 周",
                         f"The text plans per year (30万/year); 5 visits a week = 252 ÷ 52 weeks ≈ 4.85, rounded "
                         f"up; at most {MAX_WEEKS} weeks")),
    _parameter("months", "B6", value=DEFAULT_MONTHS, rule=Rule("decimal", minimum=0),
               note=Text("每月节奏 = 本期合计 ÷ 月数(大于 0)", "Pace per month = period total ÷ months (above 0)")),
    _parameter("split", "B7", value=SPLIT_METHODS[EQUAL],
               rule=Rule("list", lambda lang: ",".join(t(lang) for t in SPLIT_METHODS.values()),
                         what=Text("分解方式", "split method")),
               note=Text("平均分配(文中做法),或按人员表的能力权重", "Equal split (the text's), or by the reps' ability "
                         "weights")),
    _parameter("default_capacity", "B8", value=DEFAULT_CAPACITY, rule=Rule("decimal", minimum=0),
               note=Text("未填个人能力时用此值(大于 0);每周拜访节奏超过能力会提示(本默认值为假设,非文中数字)",
                         "Used where a rep has no capacity of their own (above 0); a visit pace above capacity is "
                         "flagged (this default is our assumption, not the text's)")),
    _parameter("current_week", "B9", rule=Rule("whole", minimum=1, maximum=MAX_WEEKS),
               note=Text("留空 = 已填报的最近一周", "Blank = the latest week anyone reported")),
)


def parameter_ref(key: str, lang: Lang) -> str:
    return TARGET.ref(key, lang)


def _is_number_and(cell: str, condition: str, otherwise: str) -> str:
    """`cell` when it is a number meeting `condition`, else `otherwise` (text, errors and blanks alike)."""
    return f"IF(ISNUMBER({cell}),IF({condition},{cell},{otherwise}),{otherwise})"


# The parameters as the formulas use them (defined names): a blank or unusable cell falls back to the default,
# as xlsales.quota.settings.read_parameters does; the target and current week have none (blank).
def defined_names(lang: Lang) -> dict[str, str]:
    target, weeks, months, capacity, week = (parameter_ref(k, lang) for k in (
        "company_target", "working_weeks", "months", "default_capacity", "current_week"))
    return {
        "QuotaTarget": _is_number_and(target, f"{target}>=0", '""'),
        "QuotaWeeks": _is_number_and(weeks, f"AND({weeks}>=1,{weeks}=INT({weeks}))", str(DEFAULT_WORKING_WEEKS)),
        "QuotaMonths": _is_number_and(months, f"{months}>0", f"{DEFAULT_MONTHS:g}"),
        "QuotaCapacity": _is_number_and(capacity, f"{capacity}>0", f"{DEFAULT_CAPACITY:g}"),
        "QuotaWeek": _is_number_and(week, f"AND({week}>=1,{week}=INT({week}),{week}<=QuotaWeeks)", '""'),
        "QuotaSplit": parameter_ref("split", lang),
    }


def weighted_split() -> str:
    """TRUE when the split method is "by ability weight" in either language."""
    return f"IFERROR({F.either('QuotaSplit', SPLIT_METHODS[WEIGHTED])},FALSE)"


def parameter_problems(key: str, lang: Lang) -> str:
    """How many problems `check` reports at a parameter cell: its own rule, months and capacity of 0, more working
    weeks than the pace chart lists, a current week past the working weeks."""
    cell = parameter_ref(key, lang)
    rules = [F.problems_in_cell(PARAMETER_COLUMNS[key], cell)]
    whole = f"AND({cell}>=1,{cell}=INT({cell}))"
    if key in ("months", "default_capacity"):
        rules.append(f"IF(ISNUMBER({cell}),--({cell}=0),0)")
    elif key == "working_weeks":
        rules.append(f"IF(ISNUMBER({cell}),IF({whole},--({cell}>{MAX_WEEKS}),0),0)")
    elif key == "current_week":
        rules.append(f"IF(ISNUMBER({cell}),IF({whole},--({cell}>QuotaWeeks),0),0)")
    return F.count_true(*rules)


def _reps_this(key: str, r: int) -> str:
    return REPS.this(key, r)


def _row_index(table: Table) -> str:
    """The row's place in the table (1 for the first body row), as a calculated column computes it: a constant
    would be the first row's in every row Excel fills."""
    return f"(ROW()-{table.header_row})"


def _rep_listed(lang: Lang, r: int) -> str:
    """TRUE when the row's name is a rep of the plan: a name, not 全员/Everyone, not one an earlier row has."""
    name, index = _reps_this("rep", r), _row_index(REPS)
    first = f"IFERROR(MATCH({F.unwild(name)},{REPS.ref('rep', lang)},0),{index})"
    return f'IF(ISERROR({name}),FALSE,IF(OR({name}="",{F.either(name, EVERYONE)}),FALSE,{first}={index}))'


def _rep_number(lang: Lang, r: int) -> str:
    """The rep's place in the plan (1, 2, ...), blank for a row that is not a rep of the plan."""
    letter = REPS.letter("n")
    return f'IF({_rep_listed(lang, r)},MAX(${letter}${REPS.header_row}:${letter}{r - 1})+1,"")'


def _rep_problems(lang: Lang, r: int) -> str:
    this = {c.key: _reps_this(c.key, r) for c in REP_COLUMNS}
    name, weight, index = this["rep"], this["weight"], _row_index(REPS)
    rules = [F.problems_in_cell(c, this[c.key]) for c in REP_COLUMNS] + [
        f'IF(ISERROR({name}),0,IF({name}="",0,'
        f'--(IFERROR(MATCH({F.unwild(name)},{REPS.ref("rep", lang)},0),{index})<{index})))',
        f"IF(ISERROR({name}),0,--{F.either(name, EVERYONE)})",
        f'IF({weighted_split()},IF(ISERROR({weight}),0,IF({weight}="",1,IF(ISNUMBER({weight}),--({weight}=0),0))),0)',
    ]
    first, last = REP_COLUMNS[0].key, REP_COLUMNS[-1].key
    return f"IF(COUNTA({REPS.span(first, last, r)})=0,0,{F.count_true(*rules)})"


PROBLEMS = Text("数据问题", "Data problems")
REP_FORMATS = {"weight": "0.00", "bottom_up": MONEY0, "capacity": COUNT}
REPS = Table("QuotaReps", "A12", tuple(Col(c.key, c.label, read=c, number_format=REP_FORMATS.get(c.key),
                                           rule=Rule("decimal", minimum=0) if c.kind == "number" else None,
                                           width=30 if c.key == "rep" else 18)
                                       for c in REP_COLUMNS) + (
    Col("n", Text("计划序号", "Plan number"), formula=_rep_number, number_format="0", width=10),
    Col("problems", PROBLEMS, formula=_rep_problems, number_format="0", width=10),
), min_rows=10)
REP_LIST = "QuotaRepList"  # the first MAX_REPS name cells, for drop-downs
TARGET = Sheet("target", SHEET_TARGET, title=Text("公司目标与销售人员", "Company target and reps"),
               cells=PARAMETERS, tables=(REPS,))


def listed_rep(lang: Lang, name: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """COUNTIFS criteria: a rep of the plan called `name` (a cell), compared exactly."""
    return (REPS.ref("n", lang), '">0"'), (REPS.ref("rep", lang), F.equals(name))


# ---------------------------------------------------------------------------------------------
# Product mix: the lines, then what each line needs (calculated columns)


def _mix(key: str, r: int) -> str:
    return MIX.this(key, r)


def _both_numbers(*cells: str) -> str:
    return f"AND({','.join(f'ISNUMBER({c})' for c in cells)})"


def _amount(lang: Lang, r: int) -> str:
    price, count = _mix("unit_price", r), _mix("count", r)
    return f'IF({_both_numbers(price, count)},{price}*{count},"")'


def _rounding(lang: Lang, r: int) -> str:
    stated, amount = _mix("stated_amount", r), _mix("amount", r)
    return f'IF({_both_numbers(stated, amount)},{stated}-{amount},"")'


def _opportunities_by_win(lang: Lang, r: int) -> str:
    count, win = _mix("count", r), _mix("win_rate", r)
    return f'IF({_both_numbers(count, win)},IF(AND({win}>0,{win}<=1),{count}/{win},""),"")'


def _opportunities_override(lang: Lang, r: int) -> str:
    count, per_deal = _mix("count", r), _mix("opportunities_per_deal", r)
    return f'IF({_both_numbers(count, per_deal)},{count}*{per_deal},"")'


def _opportunities_planned(lang: Lang, r: int) -> str:
    override = _mix("opportunities_override", r)
    return f"IF(ISNUMBER({override}),{override},{_mix('opportunities_by_win', r)})"


def _visits(lang: Lang, r: int) -> str:
    per_deal, by_win = _mix("visits_per_deal", r), _mix("opportunities_by_win", r)
    return f'IF({_both_numbers(per_deal, by_win)},{per_deal}*{by_win},"")'


def _applies_to(lang: Lang, r: int) -> str:
    """Whose mix the line is: the rep typed, or 全员/Everyone (in the workbook's language) for the standard mix."""
    rep, line = _mix("rep", r), _mix("product_line", r)
    return (f'IFERROR(IF({line}="","",IF(OR({rep}="",{F.either(rep, EVERYONE)}),'
            f'{F.text(EVERYONE(lang))},{rep})),"")')


def _note(lang: Lang, r: int) -> str:
    """Why the line's figures differ from the text's or carry no visits (the twin of labels.line_notes)."""
    override, by_win, rounding = _mix("opportunities_override", r), _mix("opportunities_by_win", r), _mix("rounding", r)
    separator = F.text(Text(";", "; ")(lang))
    differs = (f'IF({_both_numbers(override, by_win)},IF(ABS({override}-{by_win})>{TOLERANCE},'
               f'{F.text(Text("商机按手填 ", "opportunities: override ")(lang))}&ROUND({override},2)'
               f'&{F.text(Text(",按赢率 ", ", by win rate ")(lang))}&ROUND({by_win},2)&{separator},""),"")')
    rounded = (f'IF(ISNUMBER({rounding}),IF(ABS({rounding})>0.005,'
               f'{F.text(Text("约数差 ", "rounding ")(lang))}&ROUND({rounding},0)&{separator},""),"")')
    no_visits = f'IF(ISNUMBER({_mix("visits", r)}),"",{F.text(Text("不需拜访", "no visits planned")(lang))})'
    return f'IF({_mix("applies_to", r)}="","",{differs}&{rounded}&{no_visits})'


def _mix_problems(lang: Lang, r: int) -> str:
    """How many of the line's cells `check` reports: each input's own rule, a rep not on the reps table, a unit
    price of 0, a win rate outside (0, 100%], visits per deal without a win rate."""
    this = {c.key: _mix(c.key, r) for c in MIX_COLUMNS}
    rep, price, win, per_deal = this["rep"], this["unit_price"], this["win_rate"], this["visits_per_deal"]
    rules = [F.problems_in_cell(c, this[c.key]) for c in MIX_COLUMNS] + [
        f'IF(ISERROR({rep}),0,IF(OR({rep}="",{F.either(rep, EVERYONE)}),0,'
        f'--({F.countifs(*listed_rep(lang, rep))}=0)))',
        f"IF(ISNUMBER({price}),--({price}=0),0)",
        f"IF(ISNUMBER({win}),--OR({win}<=0,{win}>1),0)",
        f'IF(ISNUMBER({per_deal}),IF({per_deal}<0,0,IF(ISERROR({win}),0,--({win}=""))),0)',
    ]
    first, last = MIX_COLUMNS[0].key, MIX_COLUMNS[-1].key
    return f"IF(COUNTA({MIX.span(first, last, r)})=0,0,{F.count_true(*rules)})"


MIX_FORMATS = {"unit_price": MONEY0, "stated_amount": MONEY0, "win_rate": PERCENT}
MIX_RULES = {"win_rate": Rule("decimal", minimum=0, maximum=1),
             # reps from the list, or 全员 / blank for the standard mix: offered, never enforced
             "rep": Rule("list", "=" + REP_LIST, what=Text("负责人", "rep"), strict=False)}
MIX_CALCULATED = (
    # Headers are referenced as QuotaMix[header]: no characters structured references treat specially.
    Col("amount", Text("金额", "Amount"), formula=_amount, number_format=MONEY0, width=13),
    Col("rounding", Text("约数差", "Rounding difference"), formula=_rounding, number_format=MONEY0, width=13),
    Col("opportunities_by_win", Text("商机数(数量÷赢率)", "Opportunities (count ÷ win rate)"),
        formula=_opportunities_by_win, number_format=COUNT, width=16),
    Col("opportunities_override", Text("商机数(按手填)", "Opportunities (override)"), formula=_opportunities_override,
        number_format=COUNT, width=13),
    Col("opportunities_planned", Text("计划商机数", "Planned opportunities"), formula=_opportunities_planned,
        number_format=COUNT, width=13),
    Col("visits", Text("需拜访次数", "Visits needed"), formula=_visits, number_format=COUNT, width=13),
    Col("applies_to", Text("适用于", "Applies to"), formula=_applies_to, width=13),
    Col("note", Text("说明", "Note"), formula=_note, width=40),
    Col("problems", PROBLEMS, formula=_mix_problems, number_format="0", width=10),
)
MIX = Table("QuotaMix", "A1", tuple(Col(c.key, c.label, read=c, number_format=MIX_FORMATS.get(c.key),
                                        rule=MIX_RULES.get(c.key, Rule("decimal", minimum=0) if c.kind == "number"
                                                           else None),
                                        width=16 if c.key == "opportunities_per_deal" else 13)
                                    for c in MIX_COLUMNS) + MIX_CALCULATED, min_rows=10)
MIX_SHEET = Sheet("mix", SHEET_MIX, tables=(MIX,))


def mix(key: str, lang: Lang) -> str:
    return MIX.ref(key, lang)


# ---------------------------------------------------------------------------------------------
# Plan per rep: key figures, then one row per rep (MAX_REPS)


def _plan(key: str, r: int) -> str:
    return f"{PLAN_REPS.letter(key)}{r}"


def _plan_all(key: str) -> str:
    return PLAN_REPS.column(key)


def _when_rep(formula: RowFormula) -> RowFormula:
    def guarded(lang: Lang, r: int) -> str:
        return F.unless_blank(_plan("rep", r), formula(lang, r))
    return guarded


def _reps_row(lang: Lang, r: int) -> str:
    """Which row of the reps table holds the n-th rep of the plan."""
    n, numbers = r - PLAN_REPS.header_row, REPS.ref("n", lang)
    return f'IF({n}>MAX({numbers}),"",MATCH({n},{numbers},0))'


def _own(key: str) -> RowFormula:
    """The rep's own number from the reps table, blank when they gave none."""
    def formula(lang: Lang, r: int) -> str:
        value = f"INDEX({REPS.ref(key, lang)},{_plan('reps_row', r)})"
        return f'IF(ISNUMBER({value}),{value},"")'
    return formula


def _weight(lang: Lang, r: int) -> str:
    return f"IF({weighted_split()},N(INDEX({REPS.ref('weight', lang)},{_plan('reps_row', r)})),1)"


def _top_down(lang: Lang, r: int) -> str:
    weights = f"SUM({_plan_all('weight')})"
    return f'IF(OR(NOT(ISNUMBER(QuotaTarget)),{weights}=0),"",QuotaTarget*{_plan("weight", r)}/{weights})'


def _bottom_up_gap(lang: Lang, r: int) -> str:
    bottom_up, top_down = _plan("bottom_up", r), _plan("top_down", r)
    return f'IF({_both_numbers(bottom_up, top_down)},{bottom_up}-{top_down},"")'


def _source(lang: Lang, r: int) -> tuple[str, str]:
    """The criterion: lines of the mix the rep uses."""
    return mix("applies_to", lang), F.equals(_plan("mix_source", r))


def usable(table: Table, lang: Lang) -> tuple[str, str]:
    """The criterion: rows without a data problem (a row with one is left out of every figure)."""
    return table.ref("problems", lang), "0"


def _mix_source(lang: Lang, r: int) -> str:
    rep = _plan("rep", r)
    own = F.countifs((mix("applies_to", lang), F.equals(rep)), usable(MIX, lang))
    return f"IF({own}>0,{rep},{F.text(EVERYONE(lang))})"


def _mix_sum(key: str, *more: tuple[str, str]) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        return F.sumifs(mix(key, lang), _source(lang, r), usable(MIX, lang), *more)
    return formula


def _mix_gap(lang: Lang, r: int) -> str:
    top_down = _plan("top_down", r)
    return f'IF(ISNUMBER({top_down}),{_plan("mix_amount", r)}-{top_down},"")'


def _stated_amount(lang: Lang, r: int) -> str:
    criteria = (_source(lang, r), usable(MIX, lang), (mix("stated_amount", lang), '">=0"'))
    return f'IF({F.countifs(*criteria)}=0,"",{F.sumifs(mix("stated_amount", lang), *criteria)})'


def _per(key: str, divisor: str) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        value = _plan(key, r)
        return f'IF(ISNUMBER({value}),{value}/{divisor},"")'
    return formula


def _rounded(key: str) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        value = _plan(key, r)
        return f'IF(ISNUMBER({value}),{native_round_up(value)},"")'
    return formula


def _capacity(lang: Lang, r: int) -> str:
    own = f"INDEX({REPS.ref('capacity', lang)},{_plan('reps_row', r)})"
    return f"IF(ISNUMBER({own}),{own},QuotaCapacity)"


def _over_capacity(lang: Lang, r: int) -> str:
    """1 or 0, not TRUE/FALSE: a number format shows it as words (OVER_CAPACITY_FORMAT), a logical value would show
    as a raw TRUE/FALSE (number formats do not apply to logical values in Excel)."""
    return f"--({_plan('visits_per_week', r)}>{_plan('capacity', r)}+{TOLERANCE})"


OVER_CAPACITY_FORMAT = Text('"超出";;"—"', '"Over";;"—"')  # 1 / 0


def _col(key: str, width: float = 13, number_format: str | None = None, formula: RowFormula | None = None,
           hidden: bool = False) -> Col:
    return Col(key, LABELS[key], formula=formula, number_format=number_format, width=width, hidden=hidden)


PLAN_REPS = Block("reps", "A15", (
    _col("n", 8, "0", lambda lang, r: str(r - PLAN_REPS.header_row)),
    _col("rep", 16, None, lambda lang, r: F.unless_blank(_plan("reps_row", r),
                                                           f"INDEX({REPS.ref('rep', lang)},{_plan('reps_row', r)})")),
    _col("weight", 10, "0.00", _when_rep(_weight)),
    _col("top_down", 14, MONEY0, _when_rep(_top_down)),
    _col("bottom_up", 14, MONEY0, _when_rep(_own("bottom_up"))),
    _col("gap", 14, MONEY0, _when_rep(_bottom_up_gap)),
    _col("mix_source", 12, None, _when_rep(_mix_source)),
    _col("mix_amount", 14, MONEY0, _when_rep(_mix_sum("amount"))),
    _col("mix_gap", 14, MONEY0, _when_rep(_mix_gap)),
    _col("stated_amount", 14, MONEY0, _when_rep(_stated_amount)),
    _col("deals", 12, "0", _when_rep(lambda lang, r: _mix_sum("count", (mix("opportunities_by_win", lang),
                                                                           '">=0"'))(lang, r))),
    _col("opportunities_by_win", 14, COUNT, _when_rep(_mix_sum("opportunities_by_win"))),
    _col("opportunities_planned", 12, COUNT, _when_rep(_mix_sum("opportunities_planned"))),
    _col("visits", 10, COUNT, _when_rep(_mix_sum("visits"))),
    _col("visits_per_week", 10, "0.00", _when_rep(_per("visits", "QuotaWeeks"))),
    _col("visits_per_week_rounded", 10, "0", _when_rep(_rounded("visits_per_week"))),
    _col("visits_per_month", 10, "0.00", _when_rep(_per("visits", "QuotaMonths"))),
    _col("opportunities_per_week", 10, "0.00", _when_rep(_per("opportunities_planned", "QuotaWeeks"))),
    _col("opportunities_per_week_rounded", 10, "0", _when_rep(_rounded("opportunities_per_week"))),
    _col("opportunities_by_win_per_week", 12, "0.00", _when_rep(_per("opportunities_by_win", "QuotaWeeks"))),
    _col("signed_per_week", 13, MONEY0, _when_rep(_per("top_down", "QuotaWeeks"))),
    _col("signed_per_month", 13, MONEY0, _when_rep(_per("top_down", "QuotaMonths"))),
    _col("capacity", 10, COUNT, _when_rep(_capacity)),
    _col("over_capacity", 10, None, _when_rep(_over_capacity)),
    Col("reps_row", Text("人员表行", "Reps table row"), formula=_reps_row, hidden=True),
), rows=MAX_REPS)
# the plan column that gives each activity's pace per week, and its period total
PACE_COLUMN = {OPPORTUNITIES: "opportunities_per_week", VISITS: "visits_per_week", SIGNED: "signed_per_week",
               COLLECTED: "signed_per_week"}
TOTAL_COLUMN = {OPPORTUNITIES: "opportunities_planned", VISITS: "visits", SIGNED: "top_down", COLLECTED: "top_down"}


def plan_column(key: str, lang: Lang) -> str:
    """A column of the per-rep plan, from another sheet: '人员计划'!$D$16:$D$45."""
    return PLAN.block_column("reps", key, lang)


def outside_rows(table: Table, key: str, sheet: Text, lang: Lang) -> str:
    """Values typed below the table in its `key` column: rows Excel did not take in, so no figure counts them."""
    letter = table.letter(key)
    return (f"COUNTA({quote_sheet(sheet(lang))}!${letter}${table.first_row}:${letter}$1048576)"
            f"-COUNTA({table.ref(key, lang)})")


def _all_outside(lang: Lang) -> str:
    return "+".join(outside_rows(*where, lang) for where in OUTSIDE)


def _data_problems(lang: Lang) -> str:
    """Everything `check` reports as an error: the parameters', reps', lines' and weeks' problem cells, rows typed
    outside the tables, more reps than the plan lists."""
    tables = "+".join(f"SUM({t.ref('problems', lang)})" for t in (REPS, MIX, WEEKLY))
    parameters = "+".join(parameter_problems(key, lang) for key in PARAMETER_COLUMNS)
    return (f"{parameters}+{tables}+{_all_outside(lang)}"
            f"+--(MAX({REPS.ref('n', lang)})>{MAX_REPS})")


def _reconciliation_gap() -> str:
    target = PLAN.address("company_target")
    return f'IF(ISNUMBER({target}),{PLAN.address("bottom_up_total")}-{target},"")'


def _tracked_week(lang: Lang) -> str:
    return f"IF(ISNUMBER(QuotaWeek),QuotaWeek,MAX({WEEKLY.ref('counted_week', lang)}))"


PLAN = Sheet("plan", SHEET_PLAN, title=Text("人员计划:目标 → 组合 → 商机 → 拜访 → 每周节奏",
                                            "Plan per rep: target → mix → opportunities → visits → weekly pace"), cells=(
    Cell("company_target", "B3", Text("公司目标", "Company target"), formula=lambda lang: "QuotaTarget",
         number_format=MONEY0),
    Cell("top_down_total", "B4", Text("分解合计(自上而下)", "Top-down total"),
         formula=lambda lang: f"SUM({_plan_all('top_down')})", number_format=MONEY0),
    Cell("bottom_up_total", "B5", Text("自报合计(自下而上)", "Bottom-up total"),
         formula=lambda lang: f"SUM({_plan_all('bottom_up')})", number_format=MONEY0),
    Cell("reconciliation_gap", "B6", Text("自报合计−公司目标", "Bottom-up total − company target"),
         formula=lambda lang: _reconciliation_gap(), number_format=MONEY0),
    Cell("reps_without_bottom_up", "B7", Text("未填自报目标的人数", "Reps without their own target"),
         formula=lambda lang: f'SUMPRODUCT(({_plan_all("rep")}<>"")*NOT(ISNUMBER({_plan_all("bottom_up")})))',
         number_format="0"),
    Cell("working_weeks", "B8", Text("工作周数", "Working weeks"), formula=lambda lang: "QuotaWeeks", number_format="0"),
    Cell("tracked_week", "B9", Text("跟踪至第几周", "Tracked up to week"), formula=_tracked_week, number_format="0",
         name="QuotaTrackWeek"),
    Cell("mix_short", "B10", Text("组合不足目标的人数", "Reps whose mix is short of target"),
         formula=lambda lang: f'COUNTIF({_plan_all("mix_gap")},"<-{TOLERANCE}")', number_format="0"),
    Cell("over_capacity", "B11", Text("超出拜访能力的人数", "Reps over their visit capacity"),
         formula=lambda lang: f"COUNTIF({_plan_all('over_capacity')},1)", number_format="0"),
    Cell("problems", "B12", Text("数据问题(各表「数据问题」列与参数)", "Data problems (the tables' problem columns and "
                                                                   "the parameters)"),
         formula=_data_problems, number_format="0"),
    Cell("outside", "B13", Text("其中:表格外的行", "of which: rows outside the tables"), formula=_all_outside,
         number_format="0"),
), blocks=(PLAN_REPS,))

# ---------------------------------------------------------------------------------------------
# Weekly tracking: one row per rep and week, and per activity the total and the pace to that week


def _week(key: str, r: int) -> str:
    return WEEKLY.this(key, r)


def _week_problems(lang: Lang, r: int) -> str:
    """How many of the row's cells `check` reports: each input's own rule, a week past the working weeks, a name
    not on the reps table, a rep and week an earlier row already has."""
    this = {c.key: _week(c.key, r) for c in WEEKLY_COLUMNS}
    rep, week = this["rep"], this["week"]
    a_week = f"AND({week}>=1,{week}=INT({week}))"
    rep_letter, week_letter = WEEKLY.letter("rep"), WEEKLY.letter("week")
    earlier = (f"COUNTIFS(${rep_letter}${WEEKLY.first_row}:${rep_letter}{r},{F.equals(rep)},"
               f"${week_letter}${WEEKLY.first_row}:${week_letter}{r},{week})>1")
    rules = [F.problems_in_cell(c, this[c.key]) for c in WEEKLY_COLUMNS] + [
        f"IF(ISNUMBER({week}),IF({a_week},--({week}>QuotaWeeks),0),0)",
        f'IF(ISERROR({rep}),0,IF({rep}="",0,--({F.countifs(*listed_rep(lang, rep))}=0)))',
        f'IF(ISERROR({rep}),0,IF({rep}="",0,IF(ISNUMBER({week}),IF({a_week},--({earlier}),0),0)))',
    ]
    first, last = WEEKLY_COLUMNS[0].key, WEEKLY_COLUMNS[-1].key
    return f"IF(COUNTA({WEEKLY.span(first, last, r)})=0,0,{F.count_true(*rules)})"


def _counted_week(lang: Lang, r: int) -> str:
    """The week, for a row every figure counts (a rep and week, no data problem); blank otherwise."""
    return f'IF({_week("problems", r)}=0,IF({_week("rep", r)}="","",{_week("week", r)}),"")'


def _week_plan_row(lang: Lang, r: int) -> str:
    """Which row of the per-rep plan is the row's rep."""
    return F.unless_blank(_week("counted_week", r),
                          f'IFERROR(MATCH({F.unwild(_week("rep", r))},{plan_column("rep", lang)},0),"")')


def reported(activity: str, rep: str, week: str, lang: Lang) -> str:
    """Σ of an activity a rep (a cell) reported up to a week, over the rows every figure counts."""
    return F.sumifs(WEEKLY.ref(activity, lang), (WEEKLY.ref("rep", lang), F.equals(rep)),
                    (WEEKLY.ref("counted_week", lang), f'"<="&{week}'))


def _to_date(activity: str) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        week = _week("counted_week", r)
        return F.unless_blank(week, reported(activity, _week("rep", r), week, lang))
    return formula


def _pace_to_date(activity: str) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        row = _week("plan_row", r)
        pace = f"INDEX({plan_column(PACE_COLUMN[activity], lang)},{row})"
        return F.unless_blank(row, f'IF(ISNUMBER({pace}),{pace}*{_week("counted_week", r)},"")')
    return formula


def _activity_format(activity: str) -> str:
    return MONEY0 if activity in (SIGNED, COLLECTED) else COUNT


WEEKLY_CALCULATED = (
    Col("counted_week", Text("计入周次", "Week counted"), formula=_counted_week, number_format="0", width=10),
    Col("plan_row", Text("计划行", "Plan row"), formula=_week_plan_row, hidden=True),
) + tuple(col for activity in FUNNEL_ORDER for col in (
    Col(f"{activity}_to_date", {OPPORTUNITIES: Text("累计商机", "Opportunities to date"),
                                VISITS: Text("累计拜访", "Visits to date"),
                                SIGNED: Text("累计签单", "Signed to date"),
                                COLLECTED: Text("累计回款", "Collected to date")}[activity],
        formula=_to_date(activity), number_format=_activity_format(activity), width=12),
    Col(f"{activity}_pace_to_date", {OPPORTUNITIES: Text("商机应完成", "Opportunities pace to date"),
                                     VISITS: Text("拜访应完成", "Visits pace to date"),
                                     SIGNED: Text("签单应完成", "Signed pace to date"),
                                     COLLECTED: Text("回款应完成", "Collections pace to date")}[activity],
        formula=_pace_to_date(activity), number_format=_activity_format(activity), width=12),
)) + (Col("problems", PROBLEMS, formula=_week_problems, number_format="0", width=10),)
WEEKLY_RULES = {"rep": Rule("list", "=" + REP_LIST, what=Text("姓名", "rep")), "week": Rule("whole", minimum=1)}
WEEKLY = Table("QuotaWeekly", "A1", tuple(Col(c.key, c.label, read=c, rule=WEEKLY_RULES.get(c.key, Rule(
    "decimal", minimum=0)), number_format=None if c.key in ("rep", "week") else _activity_format(c.key), width=12)
                                           for c in WEEKLY_COLUMNS) + WEEKLY_CALCULATED, min_rows=10)
TRACKING = Sheet("tracking", SHEET_TRACKING, tables=(WEEKLY,))

# Tables whose rows typed below them `check` reports, by the column that always holds something in a row.
OUTSIDE = ((REPS, "rep", SHEET_TARGET), (MIX, "product_line", SHEET_MIX), (WEEKLY, "rep", SHEET_TRACKING))

# ---------------------------------------------------------------------------------------------
# Tracking summary: one row per rep and activity, up to the tracked week


def _track(key: str, r: int) -> str:
    return f"{TRACK.letter(key)}{r}"


def _track_position(r: int) -> tuple[int, int]:
    """(n-th rep of the plan, index of the activity) of the block's row r."""
    n, a = divmod(r - TRACK.first_row, len(FUNNEL_ORDER))
    return n + 1, a


def _plan_cell(key: str, n: int, lang: Lang) -> str:
    return f"{quote_sheet(SHEET_PLAN(lang))}!${PLAN_REPS.letter(key)}${PLAN_REPS.first_row + n - 1}"


def _track_rep(lang: Lang, r: int) -> str:
    rep = _plan_cell("rep", _track_position(r)[0], lang)
    return f'IF({rep}="","",{rep})'


def _track_when(formula: RowFormula) -> RowFormula:
    def guarded(lang: Lang, r: int) -> str:
        return F.unless_blank(_track("rep", r), formula(lang, r))
    return guarded


def _activity_of(r: int) -> str:
    return FUNNEL_ORDER[_track_position(r)[1]]


def _track_per_week(lang: Lang, r: int) -> str:
    pace = _plan_cell(PACE_COLUMN[_activity_of(r)], _track_position(r)[0], lang)
    return f'IF(ISNUMBER({pace}),{pace},"")'


def _track_pace(lang: Lang, r: int) -> str:
    per_week = _track("per_week", r)
    return f'IF(ISNUMBER({per_week}),{per_week}*QuotaTrackWeek,"")'


def _track_shortfall(lang: Lang, r: int) -> str:
    pace = _track("pace_to_date", r)
    return f'IF(ISNUMBER({pace}),MAX({pace}-{_track("actual_to_date", r)},0),"")'


def _behind_attainment(lang: Lang, r: int) -> str:
    """The attainment of an activity behind pace (shortfall above the tolerance), else blank."""
    return f'IF(N({_track("shortfall", r)})<={TOLERANCE},"",{_track("attainment", r)})'


def _bottleneck(lang: Lang, r: int) -> str:
    """◀ on the rep's activity furthest behind; on a tie, the earlier one in the funnel."""
    n, a = _track_position(r)
    first = TRACK.first_row + (n - 1) * len(FUNNEL_ORDER)
    letter = TRACK.letter("behind_attainment")
    group = f"${letter}${first}:${letter}${first + len(FUNNEL_ORDER) - 1}"
    behind = _track("behind_attainment", r)
    earlier = f"COUNTIF(${letter}${first}:{letter}{r - 1},{behind})" if a else "0"
    return f'IF({behind}="","",IF(AND({behind}=MIN({group}),{earlier}=0),{F.text(BOTTLENECK_MARK(lang))},""))'


def _needed_per_week(lang: Lang, r: int) -> str:
    total = _plan_cell(TOTAL_COLUMN[_activity_of(r)], _track_position(r)[0], lang)
    left = "(QuotaWeeks-QuotaTrackWeek)"
    return (f'IF(OR(NOT(ISNUMBER({total})),{left}<=0),"",'
            f'MAX({total}-{_track("actual_to_date", r)},0)/{left})')


TRACK = Block("tracking", "A5", (
    _col("rep", 12, None, _track_rep),
    _col("activity", 14, None, _track_when(lambda lang, r: F.text(ACTIVITIES[_activity_of(r)](lang)))),
    _col("per_week", 13, None, _track_when(_track_per_week)),
    _col("pace_to_date", 13, None, _track_when(_track_pace)),
    _col("actual_to_date", 13, None,
           _track_when(lambda lang, r: reported(_activity_of(r), _track("rep", r), "QuotaTrackWeek", lang))),
    _col("shortfall", 13, None, _track_when(_track_shortfall)),
    _col("attainment", 10, PERCENT,
           _track_when(lambda lang, r: F.ratio(_track("actual_to_date", r), _track("pace_to_date", r)))),
    _col("bottleneck", 12, None, _track_when(_bottleneck)),
    _col("needed_per_week", 13, None, _track_when(_needed_per_week)),
    _col("behind_attainment", 10, PERCENT, _track_when(_behind_attainment), hidden=True),
    # TRUE on the rep's bottleneck row: what the dashboard's attention list looks for
    Col("bottleneck_flag", Text("瓶颈行", "Bottleneck row"), formula=lambda lang, r: f'{_track("bottleneck", r)}<>""',
        hidden=True),
), rows=MAX_REPS * len(FUNNEL_ORDER))
TRACK_MONEY = ("per_week", "pace_to_date", "actual_to_date", "shortfall", "needed_per_week")  # per activity's format
SUMMARY = Sheet("summary", SHEET_SUMMARY, title=Text("跟踪汇总:每人每项的节奏、实际、差额与瓶颈",
                                                     "Tracking summary: pace, actual, shortfall and bottleneck per "
                                                     "rep and activity"), cells=(
    Cell("tracked_week", "B3", Text("跟踪至第几周", "Tracked up to week"), formula=lambda lang: "QuotaTrackWeek",
         number_format="0"),
), blocks=(TRACK,))

# ---------------------------------------------------------------------------------------------
# Pace chart: the chosen rep, one row per week (MAX_WEEKS)


def _chart(key: str, r: int) -> str:
    return f"${CHART_WEEKS.letter(key)}{r}"


def _chart_cell(key: str) -> str:
    """A cell of the chart sheet, absolute: $B$3."""
    at = CHART.address(key)
    letters = at.rstrip("0123456789")
    return f"${letters}${at[len(letters):]}"


def _chart_actual(activity: str) -> RowFormula:
    """The chosen rep's total to a week, #N/A past the tracked week: a chart leaves #N/A out, so the line ends where
    tracking ends instead of running flat to the period's end as if the rep had stopped working. Blank while nothing
    is tracked (week 0), so an empty workbook shows no error."""
    def formula(lang: Lang, r: int) -> str:
        week = _chart("week", r)
        return (f'IF(OR({week}="",{_chart_cell("plan_row")}="",QuotaTrackWeek=0),"",IF({week}>QuotaTrackWeek,NA(),'
                f'{reported(activity, _chart_cell("rep"), week, lang)}))')
    return formula


def team_signed(week: str, lang: Lang) -> str:
    """The team's signings up to a week: the rows every figure counts, of the reps the plan lists (the ones the pace
    is for; a rep past MAX_REPS has no plan row)."""
    return F.sumifs(WEEKLY.ref(SIGNED, lang), (WEEKLY.ref("counted_week", lang), f'"<="&{week}'),
                    (WEEKLY.ref("plan_row", lang), '">0"'))


def team_pace(week: str, lang: Lang) -> str:
    """The team's signing pace up to a week: every planned rep's pace per week, times the week."""
    return f'{week}*SUM({plan_column("signed_per_week", lang)})'


def _team_signed(lang: Lang, r: int) -> str:
    """The team's signings to a week, #N/A past the tracked week (see _chart_actual)."""
    week = _chart("week", r)
    return f'IF(OR({week}="",QuotaTrackWeek=0),"",IF({week}>QuotaTrackWeek,NA(),{team_signed(week, lang)}))'


def _team_pace(lang: Lang, r: int) -> str:
    week = _chart("week", r)
    return f'IF({week}="","",{team_pace(week, lang)})'


def _chart_pace(plan_key: str) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        week, row = _chart("week", r), _chart_cell("plan_row")
        pace = f"INDEX({plan_column(plan_key, lang)},{row})"
        return f'IF(OR({week}="",{row}=""),"",IF(ISNUMBER({pace}),{week}*{pace},""))'
    return formula


PLAN_ROW_COLUMN = "Z"  # right of the block and the charts, hidden
CHART_WEEKS = Block("weeks", "A5", (
    Col("week", LABELS["week"], formula=lambda lang, r: f'IF({r - CHART_WEEKS.header_row}>QuotaWeeks,"",'
                                                        f'{r - CHART_WEEKS.header_row})', width=20),
    Col("opportunities", Text("累计商机", "Opportunities to date"), formula=_chart_actual(OPPORTUNITIES),
        number_format=COUNT, width=14),
    Col("opportunities_pace", Text("商机应完成", "Opportunities pace"), formula=_chart_pace("opportunities_per_week"),
        number_format=COUNT, width=14),
    Col("visits", Text("累计拜访", "Visits to date"), formula=_chart_actual(VISITS), number_format=COUNT, width=14),
    Col("visits_pace", Text("拜访应完成", "Visits pace"), formula=_chart_pace("visits_per_week"), number_format=COUNT,
        width=14),
    Col("signed", Text("累计签单", "Signed to date"), formula=_chart_actual(SIGNED), number_format=MONEY0, width=14),
    Col("collected", Text("累计回款", "Collected to date"), formula=_chart_actual(COLLECTED), number_format=MONEY0,
        width=14),
    Col("amount_pace", Text("签单/回款应完成", "Signing/collection pace"), formula=_chart_pace("signed_per_week"),
        number_format=MONEY0, width=16),
    Col("team_signed", Text("团队累计签单", "Team signed to date"), formula=_team_signed, number_format=MONEY0,
        width=14),
    Col("team_pace", Text("团队签单应完成", "Team signing pace"), formula=_team_pace, number_format=MONEY0, width=14),
), rows=MAX_WEEKS)
CHART = Sheet("chart", SHEET_CHART, title=Text("进度图:累计实际 vs 累计节奏", "Pace chart: actual to date vs pace to date"),
              cells=(
    Cell("rep", "B3", Text("销售人员(下拉选择)", "Rep (choose)"), input=True,
         rule=Rule("list", "=" + REP_LIST, what=Text("姓名", "rep"))),
    Cell("tracked_week", "D3", Text("跟踪至第几周", "Tracked up to week"), formula=lambda lang: "QuotaTrackWeek",
         number_format="0"),
    # which row of the plan is the chosen rep: a helper for the formulas, in a hidden column (PLAN_ROW_COLUMN)
    Cell("plan_row", f"{PLAN_ROW_COLUMN}3",
         formula=lambda lang: F.unless_blank(_chart_cell("rep"), f'IFERROR(MATCH({F.unwild(_chart_cell("rep"))},'
                                                                 f'{plan_column("rep", lang)},0),"")')),
), blocks=(CHART_WEEKS,))

# ---------------------------------------------------------------------------------------------
# Dashboard: the target, the reps' own plan against it, the team's signings against pace, who is behind


def _plan_reps(lang: Lang) -> str:
    """The reps the plan lists."""
    return f'SUMPRODUCT(--({plan_column("rep", lang)}<>""))'


def _behind_reps(lang: Lang) -> str:
    """Reps behind pace on any activity: each has exactly one bottleneck row."""
    return f"COUNTIF({SUMMARY.block_column('tracking', 'bottleneck_flag', lang)},TRUE)"


def _tracked(formula: Formula) -> Formula:
    """A to-date figure, blank before any week is tracked."""
    return lambda lang: f'IF(QuotaTrackWeek=0,"",{formula(lang)})'


TILE_ROW = 4
DASHBOARD_TILES = (
    Tile("target", f"B{TILE_ROW}", Text("公司目标", "Company target"), lambda lang: "QuotaTarget", MONEY0,
         (Comparison("weeks", Text("工作周数", "Working weeks"), lambda lang: "QuotaWeeks", kind="none",
                     number_format="0"),), meaning="plan"),
    Tile("bottom_up", f"E{TILE_ROW}", Text("自报目标合计", "Reps' own targets"),
         lambda lang: PLAN.ref("bottom_up_total", lang), MONEY0,
         (Comparison("target", Text("较公司目标", "vs company target"), lambda lang: "QuotaTarget"),)),
    Tile("signed", f"H{TILE_ROW}", Text("团队累计签单", "Team signed to date"),
         _tracked(lambda lang: team_signed("QuotaTrackWeek", lang)), MONEY0,
         (Comparison("pace", Text("较应完成", "vs pace to date"), _tracked(lambda lang: team_pace("QuotaTrackWeek", lang))),),
         meaning="won"),
    Tile("week", f"K{TILE_ROW}", Text("跟踪至第几周", "Tracked up to week"), lambda lang: "QuotaTrackWeek", "0",
         (Comparison("weeks", Text("共", "of"), lambda lang: "QuotaWeeks", kind="share", number_format="0"),)),
    Tile("behind", f"N{TILE_ROW}", Text("落后节奏的人数", "Reps behind pace"), _behind_reps, "0",
         (Comparison("reps", Text("销售人员", "Reps"), _plan_reps, kind="share", number_format="0"),),
         meaning="at_risk"),
    Tile("problems", f"Q{TILE_ROW}", Text("数据问题", "Data problems"), lambda lang: PLAN.ref("problems", lang), "0",
         meaning="plan"),
)
ATTENTION = attention("attention", "A30", BlockRows(SUMMARY, TRACK), SHEET_SUMMARY,
                      (("bottleneck_flag", Text("最落后的一项", "furthest behind")),),
                      ("rep", "activity", "pace_to_date", "actual_to_date", "shortfall", "attainment"), rows=8)


def _rep_data(key: str, r: int) -> str:
    return f"${REP_DATA.letter(key)}{r}"


def _rep_data_rep(lang: Lang, r: int) -> str:
    rep = _plan_cell("rep", r - REP_DATA.header_row, lang)
    return f'IF({rep}="","",{rep})'


def _rep_signed(lang: Lang, r: int) -> str:
    return F.unless_blank(_rep_data("rep", r), f'IF(QuotaTrackWeek=0,"",'
                                               f'{reported(SIGNED, _rep_data("rep", r), "QuotaTrackWeek", lang)})')


def _rep_pace(lang: Lang, r: int) -> str:
    pace = _plan_cell("signed_per_week", r - REP_DATA.header_row, lang)
    return F.unless_blank(_rep_data("rep", r), f'IF(ISNUMBER({pace}),{pace}*QuotaTrackWeek,"")')


# the per-rep chart's data, beside the printed page: each planned rep's signings and pace up to the tracked week
REP_DATA = Block("rep_signed", "V4", (
    Col("rep", LABELS["rep"], formula=_rep_data_rep, width=12),
    Col("signed", Text("累计签单", "Signed to date"), formula=_rep_signed, number_format=MONEY0, width=12),
    Col("pace", Text("签单应完成", "Signing pace to date"), formula=_rep_pace, number_format=MONEY0, width=12),
), rows=MAX_REPS)
SHEET_DASHBOARD = Text("看板", "Dashboard")
DASHBOARD = Sheet("dashboard", SHEET_DASHBOARD, title=Text("业绩分解看板", "Quota dashboard"), cells=(
    Cell("attention", "J29", Text("落后节奏的销售(各自最落后的一项)", "Reps behind pace (each one's activity furthest behind)"),
         formula=_behind_reps, number_format="0", label_at="B29"),
), tiles=DASHBOARD_TILES, blocks=(REP_DATA, ATTENTION),
    widths=tuple((letter, 11.0) for letter in "BCDEFGHIJKLMNOPQRS") + (("T", 3.0),))
# the printed page (tiles, charts, the attention list; the chart data is beside it) and the charts' cells
DASHBOARD_PRINT_AREA = f"A1:S{ATTENTION.last_row}"
DASHBOARD_CHARTS = (f"B{TILE_ROW + Tile.HEIGHT_ROWS + 2}:J{ATTENTION.header_row - 3}",
                    f"K{TILE_ROW + Tile.HEIGHT_ROWS + 2}:S{ATTENTION.header_row - 3}")

SHEETS = (DASHBOARD, TARGET, MIX_SHEET, PLAN, TRACKING, SUMMARY, CHART)


def rep_list_range() -> tuple[str, int, int]:
    """(column letter, first row, last row) of the names the drop-downs offer: the reps table's first MAX_REPS."""
    return REPS.letter("rep"), REPS.first_row, REPS.first_row + MAX_REPS - 1
