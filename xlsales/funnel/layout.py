"""The funnel workbook, described once: its sheets, tables, cells and blocks, and every native formula.

The template builder writes the workbook from this description; `xlsales check`, the scripts, the
demo, the roll-up's team workbook and the tests read addresses from it.

Per-deal figures (stage, weighted amount, days in stage and idle, stale, slipped, data problems)
are calculated columns of the Deals table, so Excel fills them into every row a user types or
pastes, however many. Summaries read those columns. The per-stage and per-rep blocks have a
documented capacity (MAX_STAGES, MAX_REPS) that `check` enforces.
"""

from xlsales import formula as F
from xlsales.funnel.vocab import (BEST_CASE, CATEGORY, CLOSED, COMMIT, DEAL_COLUMNS, LOST, MAX_STAGES, OMITTED, OPEN,
                                  MIN_STAGES, PAUSED, PIPELINE, STAGE_COLUMNS, STATUS, WON)
from xlsales.i18n import Lang, Text
from xlsales.dashboard import attention
from xlsales.layout import Block, Cell, Col, Comparison, Formula, Rule, RowFormula, Sheet, Table, Tile, quote_sheet
from xlsales.table import Column

MAX_REPS = 30  # rows of the per-rep forecast, and of the owner drop-down
MONEY0 = "#,##0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
MONTH = "yyyy-mm"

SHEET_INSTRUCTIONS = Text("说明", "Instructions")

# ---------------------------------------------------------------------------------------------
# Stages

STAGE_LIST = "StageList"  # the stage names, for the deals' drop-down
STAGE_FORMATS = {"probability": PERCENT}
STAGE_RULES = {
    "probability": Rule("decimal", minimum=0, maximum=1),
    "category": Rule("list", lambda lang: ",".join(CATEGORY[k](lang) for k in (PIPELINE, BEST_CASE, COMMIT, CLOSED,
                                                                                  OMITTED)),
                     what=Text("预测类别", "forecast category")),
    "max_days_in_stage": Rule("whole", minimum=1),
    "max_days_idle": Rule("whole", minimum=1),
}
STAGE_WIDTHS = {"order": 8, "stage": 20, "probability": 12, "category": 14, "exit_criteria": 44,
                "max_days_in_stage": 14, "max_days_idle": 14}


def _stage_problems(lang: Lang, r: int) -> str:
    """How many of the stage row's cells `check` reports: each input's own rule, and a name or order number an
    earlier row already has (the sheet's lookups find only the first)."""
    this = {c.key: STAGES.this(c.key, r) for c in STAGE_COLUMNS}
    index = f"(ROW()-{STAGES.header_row})"  # the row's place in the table (relative: Excel copies it to new rows)
    name, order = this["stage"], this["order"]
    rules = [F.problems_in_cell(c, this[c.key]) for c in STAGE_COLUMNS] + [
        f'IF(ISERROR({name}),0,IF({name}="",0,'
        f'--(IFERROR(MATCH({F.unwild(name)},{STAGES.ref("stage", lang)},0),{index})<{index})))',
        f'IF(ISNUMBER({order}),--(MATCH({order},{STAGES.ref("order", lang)},0)<{index}),0)',
    ]
    first, last = STAGE_COLUMNS[0].key, STAGE_COLUMNS[-1].key
    return f"IF(COUNTA({STAGES.span(first, last, r)})=0,0,{F.count_true(*rules)})"


STAGES = Table("Stages", "A1", tuple(Col(c.key, c.label, read=c, number_format=STAGE_FORMATS.get(c.key),
                                         rule=STAGE_RULES.get(c.key), width=STAGE_WIDTHS[c.key])
                                     for c in STAGE_COLUMNS)
               + (Col("problems", Text("数据问题", "Data problems"), formula=_stage_problems, number_format="0",
                      width=10),))
SHEET_STAGES = Text("阶段", "Stages")
# What calibrate_stages reports beside the stages table.
CALIBRATION = Block("calibration", "J1", (
    Col("stage", Text("校准", "Calibration"), width=20), Col("current", Text("原赢率", "Current"), width=10),
    Col("history", Text("历史赢率", "History"), width=10), Col("closed", Text("已结束商机", "Closed deals"), width=12),
    Col("note", Text("提示", "Note"), width=40),
), rows=0)
STAGES_SHEET = Sheet("stages", SHEET_STAGES, tables=(STAGES,), blocks=(CALIBRATION,))

# ---------------------------------------------------------------------------------------------
# Settings: parameters, and the reps the owner drop-down and the per-rep forecast list

SHEET_SETTINGS = Text("设置", "Settings")
REP_LIST = "RepList"
REP_NAME = Column("name", Text("姓名", "Name"), "text", required=True)
REP_TEAM = Column("team", Text("团队", "Team"))
REPS = Table("Reps", "A9", (Col("name", REP_NAME.label, read=REP_NAME, width=36),
                            Col("team", REP_TEAM.label, read=REP_TEAM, width=14)), min_rows=4)
DEFAULT_PARAMETERS = {"max_pushes": 3, "bottleneck_threshold": 0.5, "min_closed": 20}
SETTINGS = Sheet("settings", SHEET_SETTINGS, title=Text("参数与销售人员", "Parameters and reps"), cells=(
    Cell("as_of", "B3", Text("报告日期", "As-of date"), value="=TODAY()", number_format=DATE, name="AsOf",
         input=True, rule=Rule("date"),
         note=Text("默认今天;填日期可按历史日期复盘", "Defaults to today; type a date to review as of that day")),
    Cell("max_pushes", "B4", Text("推迟几次算延误", "Pushes that count as slipped"),
         value=DEFAULT_PARAMETERS["max_pushes"], name="MaxPushes", input=True, rule=Rule("whole", minimum=1)),
    Cell("bottleneck_threshold", "B5", Text("瓶颈阈值(实际/应有占比)", "Bottleneck threshold (actual/expected share)"),
         value=DEFAULT_PARAMETERS["bottleneck_threshold"], number_format="0.00", name="BottleneckThreshold",
         input=True, rule=Rule("decimal", minimum=0, maximum=1)),
    Cell("min_closed", "B6", Text("校准所需最少已结束商机", "Closed deals needed to calibrate a stage"),
         value=DEFAULT_PARAMETERS["min_closed"], name="MinClosed", input=True, rule=Rule("whole", minimum=1)),
), tables=(REPS,), widths=(("C", 50),))

# ---------------------------------------------------------------------------------------------
# Deals: the inputs, then the calculated columns every summary reads


def _this(key: str, r: int) -> str:
    return DEALS.this(key, r)


def _label(key: str, lang: Lang) -> str:
    return F.text(STATUS[key](lang))


def _status(lang: Lang, r: int) -> str:
    """The status in the workbook's language, whichever language it was typed in ("" if it is not one)."""
    typed = _this("status", r)
    out = '""'
    for key in (PAUSED, LOST, WON, OPEN):
        out = f"IF({F.either(typed, STATUS[key])},{_label(key, lang)},{out})"
    return out


def _is(status: str, lang: Lang, r: int) -> str:
    return f"{_this('status_std', r)}={_label(status, lang)}"


def _stage_row(lang: Lang, r: int) -> str:
    """Which row of the Stages table the deal's stage is (exact name, case-insensitive as Excel compares)."""
    stage = _this("stage", r)
    return f'IF({stage}="","",IFERROR(MATCH({F.unwild(stage)},{STAGES.ref("stage", lang)},0),""))'


def _of_stage(key: str) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        row = _this("stage_row", r)
        return f'IF(ISNUMBER({row}),INDEX({STAGES.ref(key, lang)},{row}),"")'
    return formula


def _weighted(lang: Lang, r: int) -> str:
    amount, probability = _this("amount", r), _this("probability", r)
    return f'IF(AND({_is(OPEN, lang, r)},ISNUMBER({amount}),ISNUMBER({probability})),{amount}*{probability},"")'


def _category(lang: Lang, r: int) -> str:
    """The deal's forecast category: an open deal takes its stage's; won → Closed, paused → Omitted."""
    stage_category = f"INDEX({STAGES.ref('category', lang)},{_this('stage_row', r)})"
    of_stage = '""'
    for key in (OMITTED, CLOSED, COMMIT, BEST_CASE, PIPELINE):
        of_stage = f"IF({F.either(stage_category, CATEGORY[key])},{F.text(CATEGORY[key](lang))},{of_stage})"
    return (f'IF({_is(OPEN, lang, r)},IF(ISNUMBER({_this("stage_row", r)}),{of_stage},""),'
            f'IF({_is(WON, lang, r)},{F.text(CATEGORY[CLOSED](lang))},'
            f'IF({_is(PAUSED, lang, r)},{F.text(CATEGORY[OMITTED](lang))},"")))')


def _since(lang: Lang, r: int) -> str:
    since, created = _this("stage_since", r), _this("created", r)
    return f"IF(ISNUMBER({since}),{since},{created})"


def _idle_from(lang: Lang, r: int) -> str:
    activity = _this("last_activity", r)
    return f"IF(ISNUMBER({activity}),{activity},{_since(lang, r)})"


def _days(start: RowFormula) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        return f'IF(AND({_is(OPEN, lang, r)},ISNUMBER({start(lang, r)})),AsOf-{start(lang, r)},"")'
    return formula


def _stale(lang: Lang, r: int) -> str:
    row = _this("stage_row", r)
    over = (f"OR(N({_this('days_in_stage', r)})>INDEX({STAGES.ref('max_days_in_stage', lang)},{row}),"
            f"N({_this('days_idle', r)})>INDEX({STAGES.ref('max_days_idle', lang)},{row}))")
    return f'IF({_is(OPEN, lang, r)},IF(ISNUMBER({row}),{over},FALSE),"")'


def _slipped(lang: Lang, r: int) -> str:
    close = _this("close_date", r)
    return (f'IF({_is(OPEN, lang, r)},OR(N({_this("pushes", r)})>=MaxPushes,'
            f'AND(ISNUMBER({close}),{close}<AsOf)),"")')


def clarity_problem(cell: str) -> str:
    """The native twin of xlsales.funnel.clarity.unreadable_codes: up to nine letters C/F/W."""
    letters = f'SUBSTITUTE(SUBSTITUTE({cell}," ",""),",","")'
    rest = letters
    for letter in "CFW":
        rest = f'SUBSTITUTE({rest},"{letter}","")'
    rest = rest.replace(letters, f"UPPER({letters})", 1)
    return f'IF(ISERROR({cell}),1,IF({cell}="",0,--OR(LEN({letters})>9,LEN({rest})>0)))'


def _problems(lang: Lang, r: int) -> str:
    """How many of the row's cells `check` reports as errors: each input's own rule, a stage not on the
    Stages sheet, an owner not on the reps list, a close date before the created date (0 for an empty row)."""
    this = {c.key: _this(c.key, r) for c in DEAL_COLUMNS}
    rules = [clarity_problem(this[c.key]) if c.key == "clarity" else F.problems_in_cell(c, this[c.key])
             for c in DEAL_COLUMNS]
    stage, owner = this["stage"], this["owner"]
    created, close = this["created"], this["close_date"]
    rules += [
        f'IF(ISERROR({stage}),0,IF({stage}="",0,--NOT(ISNUMBER({_this("stage_row", r)}))))',
        f'IF(ISERROR({owner}),0,IF({owner}="",0,--(COUNTIF({REP_LIST},{F.equals(owner)})=0)))',
        f"IF(AND(ISNUMBER({created}),ISNUMBER({close})),--({close}<{created}),0)",
    ]
    first, last = DEAL_COLUMNS[0].key, DEAL_COLUMNS[-1].key
    return f"IF(COUNTA({DEALS.span(first, last, r)})=0,0,{F.count_true(*rules)})"


DEAL_FORMATS = {"amount": MONEY0, "created": DATE, "close_date": DATE, "stage_since": DATE, "last_activity": DATE}
DEAL_RULES = {
    "account_class": Rule("list", "A,B,C", what=Text("客户分类", "class")),
    "owner": Rule("list", "=" + REP_LIST, what=Text("负责人", "owner")),
    "amount": Rule("decimal", minimum=0),
    "stage": Rule("list", "=" + STAGE_LIST, what=Text("阶段", "stage")),
    "status": Rule("list", lambda lang: ",".join(t(lang) for t in STATUS.values()), what=Text("状态", "status")),
    "created": Rule("date"), "close_date": Rule("date"), "stage_since": Rule("date"), "last_activity": Rule("date"),
    "pushes": Rule("whole", minimum=0),
}
DEAL_WIDTHS = {"customer": 18, "stage": 16, "next_step": 16, "clarity": 12, "q_evidence": 22, "q_next_prep": 22}
CALCULATED = (
    Col("status_std", Text("状态(规范)", "Status (normalised)"), formula=_status, width=10),
    Col("stage_row", Text("阶段行", "Stage row"), formula=_stage_row, hidden=True),
    Col("stage_order", Text("阶段序号", "Stage order"), formula=_of_stage("order"), width=9),
    Col("probability", Text("阶段赢率(查)", "Stage probability"), formula=_of_stage("probability"),
        number_format=PERCENT, width=10),
    Col("weighted", Text("加权金额", "Weighted amount"), formula=_weighted, number_format=MONEY0, width=13),
    Col("category", Text("预测类别", "Forecast category"), formula=_category, width=10),
    Col("days_in_stage", Text("停留天数", "Days in stage"), formula=_days(_since), number_format="0", width=9),
    Col("days_idle", Text("未跟进天数", "Days idle"), formula=_days(_idle_from), number_format="0", width=9),
    Col("stale", Text("停滞", "Stale"), formula=_stale, width=7),
    Col("slipped", Text("延误", "Slipped"), formula=_slipped, width=7),
    Col("problems", Text("数据问题", "Data problems"), formula=_problems, number_format="0", width=9),
)
DEALS = Table("Deals", "A1", tuple(Col(c.key, c.label, read=c, number_format=DEAL_FORMATS.get(c.key),
                                       rule=DEAL_RULES.get(c.key), width=DEAL_WIDTHS.get(c.key, 13))
                                   for c in DEAL_COLUMNS) + CALCULATED, min_rows=20)
SHEET_DEALS = Text("商机", "Deals")
DEALS_SHEET = Sheet("deals", SHEET_DEALS, tables=(DEALS,))


def deals(key: str, lang: Lang) -> str:
    return DEALS.ref(key, lang)


def open_deals(lang: Lang) -> tuple[str, str]:
    """The criterion pair: open deals (any language) in a known stage count in the funnel."""
    return (deals("status_std", lang), F.equals_text(STATUS[OPEN](lang)))


def in_known_stage(lang: Lang) -> tuple[str, str]:
    return (deals("stage_row", lang), '">0"')


def status_is(status: str, lang: Lang) -> tuple[str, str]:
    return (deals("status_std", lang), F.equals_text(STATUS[status](lang)))


def weighted_pipeline(lang: Lang, *criteria: tuple[str, str]) -> str:
    """Σ amount × stage probability over open deals (the weighted column is blank for any other deal):
    the one native builder of the figure `xlsales.funnel.figures.weighted_pipeline` computes."""
    column = deals("weighted", lang)
    return F.sumifs(column, *criteria) if criteria else f"SUM({column})"


def win_rate(lang: Lang, *criteria: tuple[str, str]) -> str:
    """won ÷ (won + lost), blank with no closed deal: the native twin of `figures.win_rate`."""
    won = F.countifs(status_is(WON, lang), *criteria)
    lost = F.countifs(status_is(LOST, lang), *criteria)
    return f'IF({won}+{lost}=0,"",{won}/({won}+{lost}))'


def outside_rows(lang: Lang) -> str:
    """Deal IDs typed below or beside the table: nothing the summaries count (Excel did not take them in)."""
    letter = DEALS.letter("id")
    return f"COUNTA({quote_sheet(SHEET_DEALS(lang))}!${letter}:${letter})-COUNTA({DEALS.name}[[#All],[{DEALS.col('id').label(lang)}]])"


# ---------------------------------------------------------------------------------------------
# Funnel summary: key figures, then one row per stage


def _at(key: str, r: int) -> str:
    """A cell of the stage block's row r."""
    return f"{SUMMARY_STAGES.letter(key)}{r}"


def _all(key: str) -> str:
    return SUMMARY_STAGES.column(key)


def _stage_n(lang: Lang, r: int) -> str:
    """Which Stages row holds the n-th stage in order."""
    order, n = STAGES.ref("order", lang), f"${_at('n', r)}"
    return f'IF({n}>COUNT({order}),"",MATCH(SMALL({order},{n}),{order},0))'


def _per_stage(key: str) -> RowFormula:
    def formula(lang: Lang, r: int) -> str:
        row = _at("stage_row", r)
        return F.unless_blank(row, f"INDEX({STAGES.ref(key, lang)},{row})")
    return formula


def _in_stage(lang: Lang, r: int) -> tuple[str, str]:
    return (deals("stage_row", lang), _at("stage_row", r))


def _stage_count(lang: Lang, r: int) -> str:
    return F.unless_blank(_at("stage_row", r), F.countifs(_in_stage(lang, r), open_deals(lang)))


def _stage_amount(lang: Lang, r: int) -> str:
    return F.unless_blank(_at("stage_row", r), F.sumifs(deals("amount", lang), _in_stage(lang, r), open_deals(lang)))


def _stage_weighted(lang: Lang, r: int) -> str:
    return F.unless_blank(_at("stage_row", r), weighted_pipeline(lang, _in_stage(lang, r)))


def _share(lang: Lang, r: int) -> str:
    total = f"SUM({_all('count')})"
    return f'IF(OR({_at("stage", r)}="",{total}=0),"",{_at("count", r)}/{total})'


def _expected_share(lang: Lang, r: int) -> str:
    """1/p of the stage over the sum of 1/p: the share of open deals a healthy funnel holds there."""
    weight = _at("weight", r)
    return f'IF(N({weight})=0,"",{weight}/SUM({_all("weight")}))'


def _ratio(lang: Lang, r: int) -> str:
    share, expected = _at("share", r), _at("expected_share", r)
    return f'IF(OR({share}="",{expected}=""),"",{share}/{expected})'


def _bottleneck(lang: Lang, r: int) -> str:
    """◀ on the stage furthest below its expected share, if under the threshold; when several are equally
    short, the first of them (deals must pass it before reaching the others)."""
    ratio, ratios, first = _at("ratio", r), _all("ratio"), SUMMARY_STAGES.first_row
    letter = SUMMARY_STAGES.letter("ratio")
    earlier = f"COUNTIF(${letter}${first}:{letter}{r - 1},MIN({ratios}))" if r > first else "0"
    return (f'IF({ratio}="","",IF(AND({ratio}=MIN({ratios}),{ratio}<BottleneckThreshold,{earlier}=0),'
            f'{F.text(BOTTLENECK(lang))},""))')


def _reached(lang: Lang, r: int) -> str:
    """Closed deals that reached the stage: every won deal, and the lost ones lost at this stage or later."""
    row = _at("stage_row", r)
    lost_later = F.countifs(status_is(LOST, lang),
                            (deals("stage_order", lang), f'">="&INDEX({STAGES.ref("order", lang)},{row})'))
    return F.unless_blank(row, f"{F.countifs(status_is(WON, lang))}+{lost_later}")


def _won_once_reached(lang: Lang, r: int) -> str:
    reached = _at("reached", r)
    return f'IF(OR({_at("stage", r)}="",N({reached})=0),"",{F.countifs(status_is(WON, lang))}/{reached})'


def _conversion(lang: Lang, r: int) -> str:
    if r == SUMMARY_STAGES.last_row:
        return '""'
    here, next_ = _at("reached", r), _at("reached", r + 1)
    return f'IF(OR({_at("stage", r)}="",{_at("stage", r + 1)}="",N({here})=0),"",{next_}/{here})'


def _weight(lang: Lang, r: int) -> str:
    probability = _at("probability", r)
    return f'IF({_at("stage", r)}="","",IF({probability}>0,1/{probability},""))'


BOTTLENECK = Text("◀ 瓶颈", "◀ bottleneck")
SUMMARY_STAGES = Block("stages", "A15", (
    Col("n", Text("层", "No."), formula=lambda lang, r: str(r - SUMMARY_STAGES.header_row), width=34),
    Col("stage", Text("阶段", "Stage"), formula=_per_stage("stage"), width=18),
    Col("probability", Text("阶段赢率", "Win probability"), formula=_per_stage("probability"),
        number_format=PERCENT, width=12),
    Col("count", Text("机会数量", "Deals"), formula=_stage_count, number_format="0", width=10),
    Col("amount", Text("预期金额", "Amount"), formula=_stage_amount, number_format=MONEY0, width=14),
    Col("weighted", Text("加权金额", "Weighted"), formula=_stage_weighted, number_format=MONEY0, width=14),
    Col("share", Text("数量占比", "Share"), formula=_share, number_format=PERCENT, width=10),
    Col("expected_share", Text("应有占比", "Expected share"), formula=_expected_share, number_format=PERCENT,
        width=10),
    Col("ratio", Text("实际/应有", "Actual/expected"), formula=_ratio, number_format="0.00", width=10),
    Col("bottleneck", Text("瓶颈", "Bottleneck"), formula=_bottleneck, width=12),
    Col("reached", Text("到达该阶段的已结束商机", "Closed deals that reached it"), formula=_reached, width=14),
    Col("win_rate", Text("到达后赢单率", "Win rate once reached"), formula=_won_once_reached, number_format=PERCENT,
        width=12),
    Col("conversion", Text("转化到下一阶段", "Conversion to next"), formula=_conversion, number_format=PERCENT,
        width=12),
    Col("weight", Text("权重(1/赢率)", "Weight (1/probability)"), formula=_weight, number_format="0.00", width=12),
    Col("stage_row", Text("阶段表行", "Stages row"), formula=_stage_n, hidden=True),
), rows=MAX_STAGES)


def _won_rows(lang: Lang) -> tuple[tuple[str, str], ...]:
    return (status_is(WON, lang), (deals("created", lang), '">0"'), (deals("close_date", lang), '">0"'))


def _cycle(lang: Lang) -> str:
    rows = _won_rows(lang)
    count = F.countifs(*rows)
    return (f'IF({count}=0,"",({F.sumifs(deals("close_date", lang), *rows)}'
            f'-{F.sumifs(deals("created", lang), *rows)})/{count})')


def _data_problems(lang: Lang) -> str:
    """Everything `check` reports as an error: the deals' and stages' problem cells, deal rows outside the table,
    a stage count outside 3-7 and more reps than the per-rep forecast lists."""
    stages = f"COUNT({STAGES.ref('order', lang)})"
    return (f"SUM({deals('problems', lang)})+SUM({STAGES.ref('problems', lang)})+{outside_rows(lang)}"
            f"+--OR({stages}<{MIN_STAGES},{stages}>{MAX_STAGES})+--(COUNTA({REPS.ref('name', lang)})>{MAX_REPS})")


SHEET_SUMMARY = Text("漏斗汇总", "Funnel summary")
SUMMARY = Sheet("summary", SHEET_SUMMARY, title=Text("销售漏斗汇总", "Funnel summary"), cells=(
    Cell("as_of", "B3", Text("报告日期", "As of"), formula=lambda lang: "AsOf", number_format=DATE),
    Cell("open_deals", "B4", Text("漏斗内商机数(跟踪)", "Open deals in funnel"),
         formula=lambda lang: f"SUM({_all('count')})", number_format="0"),
    Cell("pipeline", "B5", Text("漏斗总金额", "Total pipeline"),
         formula=lambda lang: f"SUM({_all('amount')})", number_format=MONEY0),
    Cell("weighted", "B6", Text("加权金额(按阶段赢率)", "Weighted pipeline"),
         formula=lambda lang: weighted_pipeline(lang), number_format=MONEY0),
    Cell("win_rate", "B7", Text("赢单率(已结束商机)", "Win rate (closed deals)"),
         formula=lambda lang: win_rate(lang), number_format=PERCENT),
    Cell("cycle", "B8", Text("平均销售周期(天,赢单)", "Average sales cycle (days, won)"), formula=_cycle,
         number_format="0.0"),
    Cell("stale", "B9", Text("停滞商机数", "Stale deals"),
         formula=lambda lang: f"COUNTIF({deals('stale', lang)},TRUE)", number_format="0"),
    Cell("slipped", "B10", Text("延误商机数", "Slipped deals"),
         formula=lambda lang: f"COUNTIF({deals('slipped', lang)},TRUE)", number_format="0"),
    Cell("problems", "B11", Text("数据问题(见商机表「数据问题」列)", "Data problems (see the Deals' problems column)"),
         formula=_data_problems, number_format="0"),
    Cell("outside", "B12", Text("其中:表格外的商机行", "of which: deal rows outside the table"),
         formula=outside_rows, number_format="0"),
), blocks=(SUMMARY_STAGES,))

# ---------------------------------------------------------------------------------------------
# Forecast: twelve months and four quarters from the as-of date, categories for a period, per rep


def _in_period(lang: Lang, start: str, end: str) -> tuple[tuple[str, str], ...]:
    close = deals("close_date", lang)
    return ((close, f'">="&{start}'), (close, f'"<="&{end}'))


def _period_columns(block: str) -> tuple[Col, ...]:
    """Weighted forecast, open amount and won amount for the period in the block's start and end columns."""
    def period(lang: Lang, r: int) -> tuple[tuple[str, str], ...]:
        found = FORECAST.block(block)
        return _in_period(lang, f"${found.letter('start')}{r}", f"${found.letter('end')}{r}")

    def weighted(lang: Lang, r: int) -> str:
        return weighted_pipeline(lang, *period(lang, r))

    def open_amount(lang: Lang, r: int) -> str:
        return F.sumifs(deals("amount", lang), open_deals(lang), in_known_stage(lang), *period(lang, r))

    def won(lang: Lang, r: int) -> str:
        return F.sumifs(deals("amount", lang), status_is(WON, lang), *period(lang, r))

    return (Col("weighted", Text("加权预测", "Weighted forecast"), formula=weighted, number_format=MONEY0, width=16),
            Col("open_amount", Text("跟踪金额", "Open amount"), formula=open_amount, number_format=MONEY0, width=16),
            Col("won", Text("已赢单", "Won"), formula=won, number_format=MONEY0, width=14))


MONTHS = Block("months", "A3", (
    Col("start", Text("月份", "Month"),
        formula=lambda lang, r: f"DATE(YEAR(AsOf),MONTH(AsOf)+{r - MONTHS.first_row},1)", number_format=MONTH,
        width=12),
    Col("end", Text("月末", "Month end"), formula=lambda lang, r: f"EOMONTH({MONTHS.cell('start', r - MONTHS.header_row)},0)",
        number_format=DATE, width=12),
) + _period_columns("months"), rows=12)
QUARTERS = Block("quarters", "A17", (
    Col("start", Text("季度起", "Quarter start"),
        formula=lambda lang, r: f"DATE(YEAR(AsOf),INT((MONTH(AsOf)-1)/3)*3+1+3*{r - QUARTERS.first_row},1)",
        number_format=DATE),
    Col("end", Text("季度末", "Quarter end"),
        formula=lambda lang, r: f"EOMONTH({QUARTERS.cell('start', r - QUARTERS.header_row)},2)", number_format=DATE),
) + _period_columns("quarters"), rows=4)


def _category_amount(lang: Lang, r: int) -> str:
    category = f"${CATEGORIES.letter('category')}{r}"
    return F.sumifs(deals("amount", lang), (deals("category", lang), F.equals(category)),
                    *_in_period(lang, "PeriodStart", "PeriodEnd"))


CATEGORY_ORDER = (PIPELINE, BEST_CASE, COMMIT, CLOSED, OMITTED)
CATEGORIES = Block("categories", "G7", (
    Col("category", Text("预测类别", "Forecast category"),
        formula=lambda lang, r: F.text(CATEGORY[CATEGORY_ORDER[r - CATEGORIES.first_row]](lang)), width=22),
    Col("amount", Text("金额", "Amount"), formula=_category_amount, number_format=MONEY0, width=16),
), rows=len(CATEGORY_ORDER))


def _rep(lang: Lang, r: int) -> str:
    n = r - PER_REP.header_row
    names = REPS.ref("name", lang)
    return f'IF({n}>COUNTA({names}),"",INDEX({names},{n}))'


def _owner(r: int) -> str:
    return f"${PER_REP.letter('owner')}{r}"


def _for_rep(lang: Lang, r: int) -> tuple[str, str]:
    return (deals("owner", lang), F.equals(_owner(r)))


def _rep_win_rate(lang: Lang, r: int) -> str:
    won, lost = f"{PER_REP.letter('won')}{r}", f"{PER_REP.letter('lost')}{r}"
    return f'IF(OR({_owner(r)}="",N({won})+N({lost})=0),"",{won}/({won}+{lost}))'


PER_REP = Block("reps", "G15", (
    Col("owner", Text("负责人", "Owner"), formula=_rep, width=22),
    Col("weighted", Text("加权金额", "Weighted pipeline"),
        formula=lambda lang, r: F.unless_blank(_owner(r), weighted_pipeline(lang, _for_rep(lang, r))),
        number_format=MONEY0, width=16),
    Col("won", Text("赢单", "Won"),
        formula=lambda lang, r: F.unless_blank(_owner(r), F.countifs(_for_rep(lang, r), status_is(WON, lang))),
        width=8),
    Col("lost", Text("丢单", "Lost"),
        formula=lambda lang, r: F.unless_blank(_owner(r), F.countifs(_for_rep(lang, r), status_is(LOST, lang))),
        width=8),
    Col("win_rate", Text("赢单率", "Win rate"), formula=_rep_win_rate, number_format=PERCENT, width=10),
), rows=MAX_REPS)

SHEET_FORECAST = Text("预测", "Forecast")
FORECAST = Sheet("forecast", SHEET_FORECAST, title=Text("销售预测", "Forecast"), cells=(
    Cell("period_start", "H3", Text("期间起", "Period start"), formula=lambda lang: QUARTERS.cell("start", 1),
         number_format=DATE, name="PeriodStart", input=True),
    Cell("period_end", "H4", Text("期间止", "Period end"), formula=lambda lang: QUARTERS.cell("end", 1),
         number_format=DATE, name="PeriodEnd", input=True),
    Cell("period_weighted", "H5", Text("期间加权预测", "Weighted forecast for the period"),
         formula=lambda lang: weighted_pipeline(lang, *_in_period(lang, "PeriodStart", "PeriodEnd")),
         number_format=MONEY0),
), blocks=(MONTHS, QUARTERS, CATEGORIES, PER_REP), widths=(("F", 3),))

# ---------------------------------------------------------------------------------------------
# History: weekly snapshots (from A1) and the changes since the previous one (from K1), written by a script

SHEET_HISTORY = Text("历史", "History")
SNAPSHOTS = Block("snapshots", "A1", (
    Col("snapshot", Text("快照日期", "Snapshot"), number_format=DATE, width=12),
    Col("id", Text("编号", "Deal ID"), width=10), Col("owner", Text("负责人", "Owner"), width=10),
    Col("customer", Text("客户", "Customer"), width=18), Col("stage", Text("阶段", "Stage"), width=16),
    Col("status", Text("状态", "Status"), width=8), Col("amount", Text("金额", "Amount"), number_format=MONEY0, width=12),
    Col("close_date", Text("预计成交日期", "Expected close"), number_format=DATE, width=12),
), rows=0)
CHANGES = Block("changes", "K1", (
    Col("change", Text("变化", "Change"), width=10), Col("id", Text("编号", "Deal ID"), width=10),
    Col("before", Text("之前", "Before"), width=16), Col("now", Text("现在", "Now"), width=16),
    Col("amount", Text("金额", "Amount"), number_format=MONEY0, width=12),
), rows=0)
HISTORY = Sheet("history", SHEET_HISTORY, blocks=(SNAPSHOTS, CHANGES))
CHANGE_LABELS = {
    "new": Text("新增", "New"), "moved": Text("阶段变化", "Moved"), "slipped": Text("推迟", "Slipped"),
    "won": Text("赢单", "Won"), "lost": Text("丢单", "Lost"), "removed": Text("移除", "Removed"),
}

# ---------------------------------------------------------------------------------------------
# Dashboard: the headline figures against the latest snapshot before the as-of date, the funnel's chart data,
# the deals that need attention


def _history(key: str, lang: Lang) -> str:
    """A History column, whole (the weekly_snapshot script appends to it, in date order)."""
    letter = SNAPSHOTS.letter(key)
    return f"{quote_sheet(SHEET_HISTORY(lang))}!${letter}:${letter}"


def _previous_snapshot(lang: Lang) -> str:
    """The latest snapshot taken before the as-of date (the one weekly_snapshot compares with), blank if none:
    the snapshots are in date order, so it is the last of those before AsOf."""
    dates = _history("snapshot", lang)
    before = f'COUNTIF({dates},"<"&AsOf)'
    return f'IF({before}=0,"",INDEX({dates},{before}+{SNAPSHOTS.header_row}))'


def _in_snapshot(lang: Lang, spelling: Lang, status: str) -> tuple[tuple[str, str], ...]:
    """Criteria for the previous snapshot's deals with a status, spelled in `spelling` (History keeps the status
    as written, in either language)."""
    return ((_history("snapshot", lang), "PreviousSnapshot"),
            (_history("status", lang), F.equals_text(STATUS[status](spelling))))


def _spellings(status: str) -> tuple[Lang, ...]:
    """One language per distinct spelling of the status."""
    return ("zh-CN",) if STATUS[status].zh == STATUS[status].en else ("zh-CN", "en")


def _snapshot_count(lang: Lang, status: str) -> str:
    return "(" + "+".join(F.countifs(*_in_snapshot(lang, spelling, status)) for spelling in _spellings(status)) + ")"


def _snapshot_figure(build: Formula) -> Formula:
    def formula(lang: Lang) -> str:
        return f'IF(PreviousSnapshot="","",{build(lang)})'
    return formula


def _snapshot_pipeline(lang: Lang) -> str:
    return "+".join(F.sumifs(_history("amount", lang), *_in_snapshot(lang, spelling, OPEN))
                    for spelling in _spellings(OPEN))


def _snapshot_weighted(lang: Lang) -> str:
    """Σ over the stages of the open amount in that stage at the snapshot × the stage's probability now."""
    stages = (_history("stage", lang), F.equals(STAGES.ref("stage", lang)))
    amounts = "+".join(F.sumifs(_history("amount", lang), *_in_snapshot(lang, spelling, OPEN), stages)
                       for spelling in _spellings(OPEN))
    return f"SUMPRODUCT(({amounts})*{STAGES.ref('probability', lang)})"


def _snapshot_win_rate(lang: Lang) -> str:
    won, lost = _snapshot_count(lang, WON), _snapshot_count(lang, LOST)
    return f'IF({won}+{lost}=0,"",{won}/({won}+{lost}))'


def _this_quarter(key: str) -> Formula:
    return lambda lang: FORECAST.ref_block(QUARTERS.key, key, 1, lang)


SINCE_SNAPSHOT = Text("较上次快照", "vs last snapshot")
TILE_ROW = 4
DASHBOARD_TILES = (
    Tile("pipeline", f"B{TILE_ROW}", Text("漏斗总金额(跟踪)", "Open pipeline"),
         lambda lang: SUMMARY.ref("pipeline", lang), MONEY0,
         (Comparison("snapshot", SINCE_SNAPSHOT, _snapshot_figure(_snapshot_pipeline)),)),
    Tile("weighted", f"E{TILE_ROW}", Text("加权金额", "Weighted pipeline"),
         lambda lang: SUMMARY.ref("weighted", lang), MONEY0,
         (Comparison("snapshot", SINCE_SNAPSHOT, _snapshot_figure(_snapshot_weighted)),)),
    Tile("win_rate", f"H{TILE_ROW}", Text("赢单率", "Win rate"), lambda lang: SUMMARY.ref("win_rate", lang), PERCENT,
         (Comparison("snapshot", SINCE_SNAPSHOT, _snapshot_figure(_snapshot_win_rate)),), meaning="won"),
    Tile("forecast", f"K{TILE_ROW}", Text("本季加权预测", "Forecast this quarter"), _this_quarter("weighted"),
         MONEY0, (Comparison("won", Text("本季已赢单", "Won this quarter"), _this_quarter("won"), kind="none"),)),
    Tile("stale", f"N{TILE_ROW}", Text("停滞商机", "Stale deals"), lambda lang: SUMMARY.ref("stale", lang), "0",
         (Comparison("open", Text("占跟踪商机", "of open deals"), lambda lang: SUMMARY.ref("open_deals", lang),
                     kind="share"),), meaning="at_risk"),
    Tile("slipped", f"Q{TILE_ROW}", Text("延误商机", "Slipped deals"), lambda lang: SUMMARY.ref("slipped", lang), "0",
         (Comparison("open", Text("占跟踪商机", "of open deals"), lambda lang: SUMMARY.ref("open_deals", lang),
                     kind="share"),), meaning="lost"),
)


def _funnel_column(key: str) -> RowFormula:
    """The summary's per-stage figure in the funnel chart's row."""
    return lambda lang, r: f"{quote_sheet(SHEET_SUMMARY(lang))}!{SUMMARY_STAGES.cell(key, r - FUNNEL_DATA.header_row)}"


def _padding(lang: Lang, r: int) -> str:
    """Half the gap to the largest stage: drawn invisible before the bar, it centres the bar."""
    amount, amounts = f"{FUNNEL_DATA.letter('amount')}{r}", FUNNEL_DATA.column("amount")
    return f'IF(ISNUMBER({amount}),(MAX({amounts})-{amount})/2,"")'


FUNNEL_DATA = Block("funnel", "V4", (
    Col("stage", Text("阶段", "Stage"), formula=_funnel_column("stage"), width=16),
    Col("padding", Text("居中留白", "Centring"), formula=_padding, number_format=MONEY0, width=12),
    Col("amount", Text("跟踪金额", "Open amount"), formula=_funnel_column("amount"), number_format=MONEY0, width=14),
), rows=MAX_STAGES)
ATTENTION = attention("attention", "A36", DEALS, SHEET_DEALS, (("slipped", Text("延误", "slipped")),
                                                                ("stale", Text("停滞", "stale"))),
                      ("id", "customer", "owner", "stage", "amount", "close_date"), rows=10)


def _attention_count(lang: Lang) -> str:
    stale, slipped = (deals("stale", lang), "TRUE"), (deals("slipped", lang), "TRUE")
    return f"{F.countifs(stale)}+{F.countifs(slipped)}-{F.countifs(stale, slipped)}"


SHEET_DASHBOARD = Text("看板", "Dashboard")
DASHBOARD = Sheet("dashboard", SHEET_DASHBOARD, title=Text("销售漏斗看板", "Sales funnel dashboard"), cells=(
    Cell("as_of", "C2", Text("报告日期", "As of"), formula=lambda lang: "AsOf", number_format=DATE),
    Cell("previous_snapshot", "G2", Text("上次快照", "Last snapshot"), formula=_previous_snapshot, number_format=DATE,
         name="PreviousSnapshot", label_at="E2"),
    Cell("attention", f"F{ATTENTION.header_row - 1}", Text("需关注商机(延误或停滞)", "Needs attention (slipped or stale)"),
         formula=_attention_count, number_format="0", label_at=f"B{ATTENTION.header_row - 1}"),
), tiles=DASHBOARD_TILES, blocks=(FUNNEL_DATA, ATTENTION),
    widths=tuple((letter, 11.0) for letter in "BCDEFGHIJKLMNOPQRS") + (("T", 3.0),))
# the printed page: tiles, charts and the attention list; the chart data is beside it
DASHBOARD_PRINT_AREA = f"A1:S{ATTENTION.last_row}"
# the funnel and the forecast by month, side by side between the tiles and the attention list
DASHBOARD_CHARTS = (f"B{TILE_ROW + Tile.HEIGHT_ROWS + 2}:J{ATTENTION.header_row - 3}",
                    f"K{TILE_ROW + Tile.HEIGHT_ROWS + 2}:S{ATTENTION.header_row - 3}")

SHEETS = (DASHBOARD, STAGES_SHEET, DEALS_SHEET, SETTINGS, SUMMARY, FORECAST, HISTORY)
