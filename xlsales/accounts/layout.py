"""The key-accounts workbook, described once: its sheets, tables, cells and blocks, and every native formula.

The template builder writes the workbook from this description; `xlsales check`, the scripts, the demo and
the tests read addresses from it.

Per-row figures (tiers, classes, closeness, plan to date, 7+3 verdicts, rep levels, call priorities and
each row's data problems) are calculated columns of the input tables, so Excel fills them into every row a
user types or pastes, however many. Summaries read those columns over whole table columns. Blocks that list
reps or months have a documented capacity that `check` enforces (MAX_REPS, REVIEW_MONTHS), and the call
list lists up to MAX_CALLS_PER_DAY, the largest calls-a-day setting the settings accept.

Names typed by users (accounts, owners, reps) are matched exactly (`formula.equals`, `formula.unwild`), and
choices are read in either language, as the Python side reads them.
"""

from xlsales import formula as F
from xlsales.accounts import calls
from xlsales.accounts.classes import TOP_SHARE
from xlsales.accounts.columns import (ACCOUNT_COLUMNS, CUSTOMER_COLUMNS, MONTHLY_COLUMNS, PEOPLE_COLUMNS,
                                      PLAN_COLUMNS, QUALIFY_COLUMNS, REP_COLUMNS, REP_LEVEL_COLUMNS, WEIGHT_COLUMNS)
from xlsales.accounts.inputs import REVIEW_MONTHS
from xlsales.accounts.labels import COVERAGE, DUE, LABELS, PRIORITY
from xlsales.accounts.settings import (MAX_CALLS_PER_DAY, PARAMETERS, ClosenessWeights, Parameter, QualifyRules,
                                       TierRules)
from xlsales.accounts.vocab import (AGAINST, CONTRACT, CONTRACT_EXPIRED, COACH, DECISION_MAKER, DIMENSIONS, GO,
                                    HOLD, INTENT, ITEM_STATUS, KNOWN, MIDDLE, NO_GO, PARTLY, PASS, PROGRESS,
                                    QUALIFY_ITEMS, REP_LEVELS, ROLES, RUBRIC, TOP, UNDER_CONTRACT, VERDICTS,
                                    WEIGHT_ITEMS, involvement_label)
from xlsales.funnel.vocab import ACCOUNT_CLASS
from xlsales.i18n import Lang, Text
from xlsales.dashboard import attention
from xlsales.layout import (Block, Cell, Col, Comparison, Formula, Rule, Sheet, Table, Tile, quote_sheet,
                            split_address)
from xlsales.precision import native_round_up, native_tolerance
from xlsales.problems import column_letter
from xlsales.table import LAST_SERIAL, Column

MAX_REPS = 30  # rows of Team health's per-rep block, and of the owner drop-down
MONEY0 = "#,##0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
MONTH = "yyyy-mm"
CHECK = "✓"
LAST_ROW = 1048576  # a sheet's last row (Excel)
PROBLEMS = Text("数据问题", "Data problems")

SHEET_INSTRUCTIONS = Text("说明", "Instructions")


def _cell(table: Table, r: int):
    """key -> the key's cell in sheet row r of `table` (column fixed, row relative)."""
    return lambda key: table.this(key, r)


def _rows_above(table: Table, key: str, r: int) -> str:
    """The column from the table's first row down to row r (an expanding range: $A$2:$A7)."""
    letter = table.letter(key)
    return f"${letter}${table.first_row}:${letter}{r}"


def _ok(column: Column, cell: str) -> str:
    """TRUE when `cell` holds a value `column` accepts (or is blank where that is allowed)."""
    return f"{F.problems_in_cell(column, cell)}=0"


def _number(column: Column, cell: str) -> str:
    """TRUE when `cell` holds a usable number for `column` (what the parser reads as a number, not a gap)."""
    return f"AND(ISNUMBER({cell}),{_ok(column, cell)})"


def _standard(cell: str, vocab: dict, lang: Lang) -> str:
    """A choice typed in either language, in the workbook's language ("" when it is not one)."""
    out = '""'
    for text in reversed(list(vocab.values())):
        out = f"IF({F.either(cell, text)},{F.text(text(lang))},{out})"
    return f'IF(ISERROR({cell}),"",{out})'


def _count_either(cells: str, text: Text) -> str:
    """Cells of a range holding `text` in either language (COUNTIF compares case-insensitively, as the parser)."""
    spellings = dict.fromkeys((text.zh, text.en))
    return "+".join(f"COUNTIF({cells},{F.equals_text(s)})" for s in spellings)


def _repeated(table: Table, keys: list[str], r: int) -> str:
    """1 when an earlier row of `table` holds the same values in `keys` (compared as the parser compares: case
    does not count), 0 for the first and for a row with a blank or an error in them."""
    this = _cell(table, r)
    criteria = ",".join(f"{_rows_above(table, k, r)},{F.equals(this(k))}" for k in keys)
    guard = ",".join(f"ISERROR({this(k)})" for k in keys)
    blank = ",".join(f'{this(k)}=""' for k in keys)
    return f"IF(OR({guard}),0,IF(OR({blank}),0,--(COUNTIFS({criteria})>1)))"


def _row_problems(table: Table, columns: list[Column], r: int, *rules: str) -> str:
    """How many of the row's cells `check` reports as errors: each input's own rule and the table's
    cross-field `rules` (0 for an empty row)."""
    this = _cell(table, r)
    every = [F.problems_in_cell(c, this(c.key)) for c in columns] + list(rules)
    return f"IF(COUNTA({table.span(columns[0].key, columns[-1].key, r)})=0,0,{F.count_true(*every)})"


def _inputs(columns: list[Column], formats: dict, rules: dict, widths: dict, default_width: float = 13) -> tuple:
    return tuple(Col(c.key, c.label, read=c, number_format=formats.get(c.key), rule=rules.get(c.key),
                     width=widths.get(c.key, default_width)) for c in columns)


def _outside(sheet: Text, table: Table, lang: Lang, last_row: int = LAST_ROW) -> str:
    """Rows typed below `table` (its first column, down to `last_row`): no figure counts them."""
    letter = table.letter(table.columns[0].key)
    below = f"{quote_sheet(sheet(lang))}!${letter}${table.header_row}:${letter}${last_row}"
    return f"COUNTA({below})-1-COUNTA({table.ref(table.columns[0].key, lang)})"


def _choices(vocab: dict) -> Rule:
    return Rule("list", lambda lang: ",".join(t(lang) for t in vocab.values()))


# ---------------------------------------------------------------------------------------------
# Settings: parameters (what is typed, what is in use), data check, closeness weights, the reps

SHEET_SETTINGS = Text("设置", "Settings")
PARAMETER_HEADER_ROW = 2
PARAMETER_HEADER = (Text("参数", "Parameter"), Text("填写", "Your value"), Text("生效值", "In use"),
                    Text("数据问题", "Data problems"), Text("说明", "Note"))
PARAMETER_ROW = {p.key: PARAMETER_HEADER_ROW + 1 + i for i, p in enumerate(PARAMETERS)}
VALUE, IN_USE, PROBLEM = "B", "C", "D"  # a parameter's columns: typed value, value in use, data problem
# The value in use of each parameter, by name, for every formula that needs it.
NAMES = {"as_of": "AsOf", "much_business_min": "MuchBusinessMin", "large_potential_min": "LargePotentialMin",
         "max_share": "MaxShare", "a_share": "AShare", "b_share": "BShare", "effort_a": "EffortA",
         "effort_b": "EffortB", "effort_c": "EffortC", "working_days": "WorkingDays", "go_threshold": "GoThreshold",
         "middle_min": "MiddleMin", "top_min": "TopMin", "calls_per_day": "CallsPerDay", "call_owner": "CallOwner"}
PARAMETER_FORMATS = {"as_of": DATE, "much_business_min": MONEY0, "large_potential_min": MONEY0, "max_share": "0%",
                     "a_share": "0%", "b_share": "0%", "effort_a": "0%", "effort_b": "0%", "effort_c": "0%",
                     "go_threshold": "0%", "middle_min": "0.00", "top_min": "0.00", "calls_per_day": "0",
                     "working_days": "0"}
PARAMETER_NOTES = {
    "as_of": Text("空 = 今天;填日期可按历史日期复盘", "Blank = today; type a date to review as of that day"),
    "much_business_min": Text("空 = 有业务客户的平均业务额", "Blank = the average revenue of accounts with business"),
    "large_potential_min": Text("空 = 平均目标市场容量", "Blank = the average target capacity"),
    "a_share": Text("A类 = 贡献前 80% 业务额的客户", "Class A = the accounts making the first 80% of revenue"),
    "b_share": Text("不能小于 A类占比", "Not below the class A share"),
    "effort_a": Text("文中未给比例,60/30/10 为建议值", "The texts give no split; 60/30/10 is a suggestion"),
    "working_days": Text("原文:每月平均 22 个工作日", "The text: 22 working days a month on average"),
    "top_min": Text("不能低于中等销售员的平均分", "Not below the average rep's mean score"),
    "calls_per_day": Text(f"原文:1000 家客户,每天 60 个,一个月覆盖 100%;「今日拨打」最多列出 {MAX_CALLS_PER_DAY} 个",
                          f"The text: 1000 customers, 60 a day covers all in a month; 'Call list' lists up to "
                          f"{MAX_CALLS_PER_DAY}"),
    "call_owner": Text("须在下方销售人员名单中", "Must be on the reps list below"),
}


def _parameter_rule(p: Parameter) -> Rule | None:
    if p.kind == "date":
        return Rule("date")
    if p.kind == "text":
        return Rule("list", "=" + REP_LIST, what=Text("负责人", "owner"))
    return Rule("whole" if p.whole else "decimal", minimum=p.minimum, maximum=p.maximum)


def _parameter(column: str, key: str) -> str:
    """A parameter's cell in one of its columns, absolute."""
    return f"${column}${PARAMETER_ROW[key]}"


def parameter_problem(p: Parameter, lang: Lang) -> str:
    """1 when the typed value of `p` is unusable (the native twin of workbook.parameter_problem), else 0."""
    cell = _parameter(VALUE, p.key)
    if p.kind == "text":  # the call list's owner: a rep on the reps list
        listed = f"--(COUNTIF({REPS.ref('rep', lang)},{F.equals(cell)})=0)"
        return f'IF(ISERROR({cell}),1,IF({cell}="",0,{listed}))'
    if p.kind == "date":
        broken = [f"{cell}<1", f"{cell}>{LAST_SERIAL}"]
    else:
        broken = []
        if p.minimum is not None:
            broken.append(f"{cell}{'<=' if p.above_minimum else '<'}{p.minimum:.15g}")
        if p.maximum is not None:
            broken.append(f"{cell}>{p.maximum:.15g}")
        if p.whole:
            broken.append(f"{cell}<>INT({cell})")
        if p.at_least is not None:
            broken.append(f"{cell}<{NAMES[p.at_least]}")
    return f'IF(ISERROR({cell}),1,IF({cell}="",0,IF(ISNUMBER({cell}),--OR({",".join(broken)}),1)))'


def _fallback(p: Parameter, lang: Lang) -> str:
    """What is in use when the parameter is blank or unusable."""
    if p.key == "as_of":
        return "TODAY()"
    if p.key == "much_business_min":
        return f'IFERROR(AVERAGEIF({ACCOUNTS.ref("revenue", lang)},">0"),0)'
    if p.key == "large_potential_min":
        return f'IFERROR(AVERAGEIF({ACCOUNTS.ref("target", lang)},">0"),0)'
    if p.kind == "text":
        return '""'
    default = f"{p.default:.15g}"
    return f"MAX({default},{NAMES[p.at_least]})" if p.at_least is not None else default


def parameter_in_use(p: Parameter, lang: Lang) -> str:
    cell, problem = _parameter(VALUE, p.key), _parameter(PROBLEM, p.key)
    value = f"INT({cell})" if p.kind == "date" else f"{cell}&\"\"" if p.kind == "text" else cell
    return f'IF({problem}<>0,{_fallback(p, lang)},IF({cell}="",{_fallback(p, lang)},{value}))'


def _parameter_cells(p: Parameter) -> tuple[Cell, ...]:
    row = PARAMETER_ROW[p.key]
    return (
        Cell(p.key, f"{VALUE}{row}", p.label, value=p.default, number_format=PARAMETER_FORMATS.get(p.key),
             rule=_parameter_rule(p), input=True),
        Cell(f"{p.key}_in_use", f"{IN_USE}{row}", formula=lambda lang, p=p: parameter_in_use(p, lang),
             number_format=PARAMETER_FORMATS.get(p.key), name=NAMES[p.key]),
        Cell(f"{p.key}_problem", f"{PROBLEM}{row}", formula=lambda lang, p=p: parameter_problem(p, lang),
             number_format="0", note=PARAMETER_NOTES.get(p.key)),
    )


# the closeness weights: the table users edit, and the weight in use of each item (its default when left out)

WEIGHTS_CAPTION = ("A19", Text("综合紧密度权重(可改)", "Closeness weights (editable)"))


def _weight_item(lang: Lang, r: int) -> str:
    """The item in the workbook's language, whichever language it was typed in."""
    item = WEIGHTS.this("item", r)
    out = '""'
    for entry in reversed(WEIGHT_ITEMS):
        out = f"IF({F.either(item, entry.label)},{F.text(entry.label(lang))},{out})"
    return f'IF(ISERROR({item}),"",{out})'


def _weight_problems(lang: Lang, r: int) -> str:
    return _row_problems(WEIGHTS, WEIGHT_COLUMNS, r, _repeated(WEIGHTS, ["item_std"], r))


WEIGHTS = Table("ClosenessWeights", "A20", _inputs(WEIGHT_COLUMNS, {}, {
    "item": Rule("list", lambda lang: ",".join(i.label(lang) for i in WEIGHT_ITEMS), what=Text("项目", "item")),
    "weight": Rule("decimal", minimum=0)}, {}) + (
    Col("item_std", Text("项目(规范)", "Item (normalised)"), formula=_weight_item),
    Col("problems", PROBLEMS, formula=_weight_problems, number_format="0"),
), min_rows=len(WEIGHT_ITEMS))
DEFAULT_WEIGHTS = ClosenessWeights()


def _weight_in_use(lang: Lang, r: int) -> str:
    """The item's weight from the weights table (the first row naming it), or its default when the table has
    no usable weight for it — as workbook.read_settings reads it."""
    entry = WEIGHT_ITEMS[r - WEIGHTS_IN_USE.first_row]
    default = f"{getattr(DEFAULT_WEIGHTS, entry.group)[entry.key]:.15g}"
    found = (f"INDEX({WEIGHTS.ref('weight', lang)},MATCH({F.text(entry.label(lang))},"
             f"{WEIGHTS.ref('item_std', lang)},0))")
    return f"IFERROR(IF(AND(ISNUMBER({found}),{found}>=0),{found},{default}),{default})"


WEIGHTS_IN_USE = Block("weights_in_use", "G20", (
    Col("item", Text("权重项目", "Weight item"),
        formula=lambda lang, r: F.text(WEIGHT_ITEMS[r - WEIGHTS_IN_USE.first_row].label(lang))),
    Col("weight", Text("生效权重", "Weight in use"), formula=_weight_in_use, number_format="0.##"),
), rows=len(WEIGHT_ITEMS))


def weight_of(item: Text, lang: Lang) -> str:
    """The weight in use of one item (a label in the workbook's language)."""
    return weight_lookup(F.text(item(lang)), lang)


def weight_lookup(label: str, lang: Lang) -> str:
    """The weight in use of the item whose label (in the workbook's language) `label` evaluates to."""
    items = SETTINGS.block_column("weights_in_use", "item", lang)
    values = SETTINGS.block_column("weights_in_use", "weight", lang)
    return f"INDEX({values},MATCH({label},{items},0))"


# the reps: last on the sheet, so the table grows down with nothing beside it

REPS_CAPTION = ("A34", Text(f"销售人员(最多 {MAX_REPS} 人)", f"Reps (up to {MAX_REPS})"))
REP_LIST = "RepList"  # the first MAX_REPS names, for the owner drop-downs
WEIGHTS_LAST_ROW = split_address(REPS_CAPTION[0])[0] - 1  # rows below the weights table, up to the reps caption


def _rep_problems(lang: Lang, r: int) -> str:
    return _row_problems(REPS, REP_COLUMNS, r, _repeated(REPS, ["rep"], r))


REPS = Table("AccountReps", "A35", _inputs(REP_COLUMNS, {}, {}, {}) + (
    Col("problems", PROBLEMS, formula=_rep_problems, number_format="0"),), min_rows=4)


def rep_capacity(lang: Lang) -> str:
    """1 when a rep is listed past the MAX_REPS-th row of the reps table (Team health lists MAX_REPS)."""
    letter = REPS.letter("rep")
    first = f"${letter}${REPS.first_row}:${letter}${REPS.first_row + MAX_REPS - 1}"
    return f"--(COUNTA({REPS.ref('rep', lang)})>COUNTA({quote_sheet(SHEET_SETTINGS(lang))}!{first}))"


# the data check: every problem `xlsales check` reports as an error, by where it is


def _sum(table: Table) -> Formula:
    return lambda lang: f"SUM({table.ref('problems', lang)})"


def _dimension_weights(lang: Lang) -> str:
    """1 when the three rating weights in use sum to 0 (no overall closeness can be weighted)."""
    return "--(" + "+".join(weight_of(t, lang) for t in DIMENSIONS.values()) + "<=0)"


def _outside_all(lang: Lang) -> str:
    return "+".join(_outside(sheet, table, lang, last) for sheet, table, last in OUTSIDE)


CHECK_KEYS = ["problems_parameters", "problems_accounts", "problems_people", "problems_plan", "problems_monthly",
              "problems_qualification", "problems_levels", "problems_customers", "problems_weights",
              "problems_reps", "outside", "capacity"]


def _total(lang: Lang) -> str:
    return "SUM(" + ",".join(SETTINGS.address(k) for k in CHECK_KEYS) + ")"


def _check_cells() -> tuple[Cell, ...]:
    parameters = f"{_parameter(PROBLEM, PARAMETERS[0].key)}:{_parameter(PROBLEM, PARAMETERS[-1].key)}"
    sources = [
        ("problems_parameters", Text("参数", "Parameters"), lambda lang: f"SUM({parameters})"),
        ("problems_accounts", Text("客户", "Accounts"), _sum(ACCOUNTS)),
        ("problems_people", Text("关键人", "Key people"), _sum(PEOPLE)),
        ("problems_plan", Text("分层计划", "Tier plan"), _sum(PLAN)),
        ("problems_monthly", Text("月度跟踪", "Monthly"), _sum(MONTHLY)),
        ("problems_qualification", Text("商机评估", "Qualification"), _sum(QUALIFY)),
        ("problems_levels", Text("销售水平", "Rep levels"), _sum(LEVELS)),
        ("problems_customers", Text("客户名单", "Customers"), _sum(CUSTOMERS)),
        ("problems_weights", Text("紧密度权重(含三项评分权重合计须大于 0)", "Closeness weights (incl. rating weights above 0)"),
         lambda lang: f"SUM({WEIGHTS.ref('problems', lang)})+{_dimension_weights(lang)}"),
        ("problems_reps", Text("销售人员名单", "Reps list"), _sum(REPS)),
        ("outside", Text("表格(Excel 表)之外的行", "Rows outside the tables"), _outside_all),
        ("capacity", Text(f"销售人员超过 {MAX_REPS} 人", f"More than {MAX_REPS} reps"), rep_capacity),
    ]
    total = Text("数据问题合计(= xlsales check 的错误数)", "Data problems (= errors of xlsales check)")
    cells = [Cell("problems", "H3", total, formula=_total, number_format="0")]
    cells += [Cell(key, f"H{5 + i}", label, formula=formula, number_format="0")
              for i, (key, label, formula) in enumerate(sources)]
    return tuple(cells)


CHECK_CAPTION = ("G2", Text("数据检查(各表「数据问题」列 > 0 的行须修正)",
                            "Data check (fix the rows whose 'Data problems' is above 0)"))
CHECK_DETAIL_CAPTION = ("G4", Text("其中", "of which"))

# ---------------------------------------------------------------------------------------------
# Accounts: the inputs, then target capacity, headroom, tiers, classes and closeness per account

SHEET_ACCOUNTS = Text("客户", "Accounts")
ACCOUNT_LIST = "AccountList"  # the accounts' names, for drop-downs (as many as are typed)


def _a(key: str, r: int) -> str:
    return ACCOUNTS.this(key, r)


def _target(lang: Lang, r: int) -> str:
    total = _a("total_market", r)
    return f'IF(OR({_a("account", r)}="",NOT(ISNUMBER({total}))),"",{total}-N({_a("other_channels", r)}))'


def _headroom(lang: Lang, r: int) -> str:
    """Target capacity − revenue with us, never below 0 (revenue above the target is a warning, headroom 0)."""
    target, revenue = _a("target", r), _a("revenue", r)
    return f'IF(OR({target}="",NOT(ISNUMBER({revenue}))),"",MAX({target}-{revenue},0))'


def _share(lang: Lang, r: int) -> str:
    target = _a("target", r)
    return f'IF(OR({_a("headroom", r)}="",N({target})<=0),"",{_a("revenue", r)}/{target})'


def _tier(lang: Lang, r: int) -> str:
    """5+5+5 (settings.TierRules): 1 much business below potential, 2 some business below potential, 3 no
    business and a large target."""
    revenue, target, share = _a("revenue", r), _a("target", r), _a("share", r)
    below = f'AND({share}<>"",{share}<MaxShare)'
    return (f'IF({_a("headroom", r)}="","",IF(AND({revenue}>0,{below},{revenue}>=MuchBusinessMin),1,'
            f'IF(AND({revenue}>0,{below}),2,IF(AND({revenue}=0,{target}>0,{target}>=LargePotentialMin),3,""))))')


def _rank(lang: Lang, r: int) -> str:
    """Place in the tier by headroom, largest first; equal headroom goes to the account higher up."""
    tier, headroom = _a("tier", r), _a("headroom", r)
    tiers, headrooms = ACCOUNTS.ref("tier", lang), ACCOUNTS.ref("headroom", lang)
    return (f'IF({tier}="","",SUMPRODUCT(({tiers}={tier})*({headrooms}>{headroom}))'
            f'+SUMPRODUCT(({tiers}={tier})*({headrooms}={headroom})*(ROW({headrooms})<ROW({headroom})))+1)')


def _suggested(lang: Lang, r: int) -> str:
    rank = _a("rank", r)
    return f'IF(AND({rank}<>"",N({rank})<={TierRules().per_tier}),{F.text(CHECK)},"")'


def _ahead(lang: Lang, r: int) -> str:
    """Revenue ranked ahead of the account (larger first, equal ones higher up first): classes.classify."""
    revenue, column = _a("revenue", r), ACCOUNTS.ref("revenue", lang)
    return (f'IF(NOT(ISNUMBER({revenue})),"",SUMPRODUCT(ISNUMBER({column})*({column}>{revenue}),{column})'
            f'+{revenue}*SUMPRODUCT(({column}={revenue})*(ROW({column})<ROW({revenue}))))')


def _class(lang: Lang, r: int) -> str:
    """A manual class wins; else A while the revenue ahead is under the A share of the total, B under the B
    share, else C (an account without a usable revenue counts as none: C)."""
    revenue, ahead, total = _a("revenue", r), _a("ahead", r), f"SUM({ACCOUNTS.ref('revenue', lang)})"
    manual = _standard(_a("class_manual", r), ACCOUNT_CLASS, lang)
    computed = (f'IF(NOT(ISNUMBER({ahead})),"C",IF(AND({revenue}>0,{ahead}<AShare*{total}),"A",'
                f'IF(AND({revenue}>0,{ahead}<BShare*{total}),"B","C")))')
    return f'IF({_a("account", r)}="","",IF({manual}<>"",{manual},{computed}))'


def _of_account(key: str, lang: Lang, r: int) -> str:
    return F.sumifs(PEOPLE.ref(key, lang), (PEOPLE.ref("account", lang), F.equals(_a("account", r))))


def _people(lang: Lang, r: int) -> str:
    account = _a("account", r)
    return F.unless_blank(account, F.countifs((PEOPLE.ref("account", lang), F.equals(account))))


def _account_overall(lang: Lang, r: int) -> str:
    """Its people's overall closeness weighted by role × involvement (relations.account_closeness)."""
    return (f'IF(N({_a("people", r)})=0,"",'
            f'{F.ratio(_of_account("weighted", lang, r), _of_account("weight", lang, r))})')


def _account_problems(lang: Lang, r: int) -> str:
    columns = {c.key: c for c in ACCOUNT_COLUMNS}
    total, other, owner = _a("total_market", r), _a("other_channels", r), _a("owner", r)
    too_much = (f"IF(AND({_number(columns['other_channels'], other)},{_number(columns['total_market'], total)}),"
                f"--({other}>{total}),0)")
    unlisted = (f'IF(ISERROR({owner}),0,IF({owner}="",0,'
                f'--(COUNTIF({REPS.ref("rep", lang)},{F.equals(owner)})=0)))')
    return _row_problems(ACCOUNTS, ACCOUNT_COLUMNS, r, too_much, _repeated(ACCOUNTS, ["account"], r), unlisted)


ACCOUNTS = Table("Accounts", "A1", _inputs(ACCOUNT_COLUMNS, {
    "revenue": MONEY0, "total_market": MONEY0, "other_channels": MONEY0}, {
    "owner": Rule("list", "=" + REP_LIST, what=Text("负责人", "owner")),
    "revenue": Rule("decimal", minimum=0), "total_market": Rule("decimal", minimum=0),
    "other_channels": Rule("decimal", minimum=0),
    "class_manual": Rule("list", "A,B,C", what=Text("分类", "class"))}, {"account": 18}) + (
    Col("target", LABELS["target"], formula=_target, number_format=MONEY0, width=13),
    Col("headroom", Text("潜力缺口(≥0)", "Headroom (≥0)"), formula=_headroom, number_format=MONEY0, width=13),
    Col("share", LABELS["share"], formula=_share, number_format=PERCENT, width=11),
    Col("tier", LABELS["tier"], formula=_tier, width=9),
    Col("rank", LABELS["rank"], formula=_rank, width=9),
    Col("suggested", LABELS["suggested"], formula=_suggested, width=9),
    Col("ahead", Text("排在前面的业务额", "Revenue ranked ahead"), formula=_ahead, number_format=MONEY0, width=13),
    Col("class", LABELS["class"], formula=_class, width=7),
    Col("people", Text("关键人数", "Key people"), formula=_people, number_format="0", width=9),
    Col("overall", Text("综合紧密度", "Overall closeness"), formula=_account_overall, number_format=PERCENT,
        width=11),
    Col("problems", PROBLEMS, formula=_account_problems, number_format="0", width=9),
), min_rows=20)
ACCOUNTS_SHEET = Sheet("accounts", SHEET_ACCOUNTS, tables=(ACCOUNTS,))

# ---------------------------------------------------------------------------------------------
# Key people: role in the workbook's language, weight and overall closeness per person

SHEET_PEOPLE = Text("关键人", "Key people")


def _p(key: str, r: int) -> str:
    return PEOPLE.this(key, r)


def _person_weight(lang: Lang, r: int) -> str:
    """Role weight × involvement weight (relations.people_closeness)."""
    role, involvement = _p("role_std", r), _p("involvement", r)
    prefix = F.text(involvement_label(1)(lang)[:-1])  # "参与程度" / "Involvement "
    weight = f"{weight_lookup(role, lang)}*{weight_lookup(f'{prefix}&{involvement}', lang)}"
    return (f'IF(OR({_p("account", r)}="",{role}="",NOT(ISNUMBER({involvement}))),"",IFERROR({weight},""))')


def _person_overall(lang: Lang, r: int) -> str:
    """The dimension-weighted mean of the three ratings, each (r − 1) ÷ 4 (relations.overall)."""
    columns = {c.key: c for c in PEOPLE_COLUMNS}
    ratings = {k: _p(k, r) for k in DIMENSIONS}
    weights = {k: weight_of(t, lang) for k, t in DIMENSIONS.items()}
    usable = ",".join(_number(columns[k], ratings[k]) for k in DIMENSIONS)
    weighted = "+".join(f"({ratings[k]}-1)/4*{weights[k]}" for k in DIMENSIONS)
    overall = F.ratio(f"({weighted})", "(" + "+".join(weights.values()) + ")")
    return f'IF({_p("account", r)}="","",IF(AND({usable}),{overall},""))'


def _weighted(lang: Lang, r: int) -> str:
    weight, overall = _p("weight", r), _p("overall", r)
    return f'IF(OR({weight}="",{overall}=""),"",{weight}*{overall})'


def _people_problems(lang: Lang, r: int) -> str:
    return _row_problems(PEOPLE, PEOPLE_COLUMNS, r, _repeated(PEOPLE, ["account", "name"], r))


PEOPLE = Table("KeyPeople", "A1", _inputs(PEOPLE_COLUMNS, {}, {
    "account": Rule("list", "=" + ACCOUNT_LIST, what=Text("客户", "account"), strict=False),
    "role": Rule("list", lambda lang: ",".join(t(lang) for t in ROLES.values()), what=Text("角色", "role")),
    "involvement": Rule("whole", minimum=1, maximum=5),
    "closeness": Rule("decimal", minimum=1, maximum=5), "solution": Rule("decimal", minimum=1, maximum=5),
    "price": Rule("decimal", minimum=1, maximum=5)}, {"account": 18, "interests": 20}, 12) + (
    Col("role_std", Text("角色(规范)", "Role (normalised)"),
        formula=lambda lang, r: _standard(_p("role", r), ROLES, lang), width=12),
    Col("weight", Text("人员权重", "Person weight"), formula=_person_weight, number_format="0.##", width=10),
    Col("overall", Text("个人综合紧密度", "Overall closeness (person)"), formula=_person_overall,
        number_format=PERCENT, width=12),
    Col("weighted", Text("加权紧密度", "Weighted closeness"), formula=_weighted, hidden=True),
    Col("problems", PROBLEMS, formula=_people_problems, number_format="0", width=9),
), min_rows=20)
PEOPLE_SHEET = Sheet("people", SHEET_PEOPLE, tables=(PEOPLE,))

# ---------------------------------------------------------------------------------------------
# Tier plan: the 15 accounts, their capacity and expected/actual to date

SHEET_PLAN = Text("分层计划", "Tier plan")
PLAN_ACCOUNTS = "PlanAccounts"  # the plan's accounts, for the monthly drop-down
PLAN_ROWS = 15  # 5 + 5 + 5: the rows an empty plan shows


def _of_plan_account(key: str):
    def formula(lang: Lang, r: int) -> str:
        name = PLAN.this("account", r)
        found = f"INDEX({ACCOUNTS.ref(key, lang)},MATCH({F.unwild(name)},{ACCOUNTS.ref('account', lang)},0))"
        return f'IF({name}="","",IFERROR({found},""))'
    return formula


def month_of(day: str) -> str:
    """The first day of `day`'s month."""
    return f"DATE(YEAR({day}),MONTH({day}),1)"


def _to_date(key: str):
    """Expected or actual of the account's months up to the as-of month (plan.review)."""
    def formula(lang: Lang, r: int) -> str:
        name = PLAN.this("account", r)
        return F.unless_blank(name, F.sumifs(MONTHLY.ref(key, lang), (MONTHLY.ref("account", lang), F.equals(name)),
                                             (MONTHLY.ref("month_start", lang), f'"<="&{month_of("AsOf")}')))
    return formula


def _plan_problems(lang: Lang, r: int) -> str:
    return _row_problems(PLAN, PLAN_COLUMNS, r, _repeated(PLAN, ["account"], r))


PLAN = Table("TierPlan", "A1", _inputs(PLAN_COLUMNS, {"goal": MONEY0, "when": DATE}, {
    "tier": Rule("whole", minimum=1, maximum=3),
    "account": Rule("list", "=" + ACCOUNT_LIST, what=Text("客户", "account"), strict=False),
    "owner": Rule("list", "=" + REP_LIST, what=Text("负责人", "owner"), strict=False),
    "goal": Rule("decimal", minimum=0), "when": Rule("date")},
    {"tier": 7, "account": 18, "objective": 22, "who": 16, "how": 24, "why": 26}) + (
    Col("target", LABELS["target"], formula=_of_plan_account("target"), number_format=MONEY0, width=13),
    Col("headroom", LABELS["headroom"], formula=_of_plan_account("headroom"), number_format=MONEY0, width=13),
    Col("expected", LABELS["expected"], formula=_to_date("expected"), number_format=MONEY0, width=13),
    Col("actual", LABELS["actual"], formula=_to_date("actual"), number_format=MONEY0, width=13),
    Col("gap", LABELS["gap"], formula=lambda lang, r: F.unless_blank(
        PLAN.this("account", r), f'{PLAN.this("actual", r)}-{PLAN.this("expected", r)}'), number_format=MONEY0,
        width=12),
    Col("attainment", LABELS["attainment"], formula=lambda lang, r: F.unless_blank(
        PLAN.this("account", r), F.ratio(PLAN.this("actual", r), PLAN.this("expected", r))), number_format=PERCENT,
        width=10),
    Col("problems", PROBLEMS, formula=_plan_problems, number_format="0", width=9),
    # TRUE when actual to date is short of expected (the twin of plan.behind): the dashboard's attention list
    Col("behind", Text("落后计划", "Behind plan"), formula=lambda lang, r: (
        f'AND(ISNUMBER({PLAN.this("attainment", r)}),{PLAN.this("attainment", r)}<1-{native_tolerance()})'),
        hidden=True),
), min_rows=PLAN_ROWS)
PLAN_SHEET = Sheet("plan", SHEET_PLAN, tables=(PLAN,))

# ---------------------------------------------------------------------------------------------
# Monthly: expected and actual per account and month

SHEET_MONTHLY = Text("月度跟踪", "Monthly")


def _month_start(lang: Lang, r: int) -> str:
    month = MONTHLY.this("month", r)
    return f'IF({_number(MONTHLY.col("month").read, month)},{month_of(month)},"")'


def _in_plan(lang: Lang, r: int) -> str:
    account = MONTHLY.this("account", r)
    return F.unless_blank(account, f"--(COUNTIF({PLAN.ref('account', lang)},{F.equals(account)})>0)")


def _monthly_problems(lang: Lang, r: int) -> str:
    start = MONTHLY.this("month_start", r)
    beyond = f'IF({start}="",0,--({start}>DATE(YEAR(ReviewStart),MONTH(ReviewStart)+{REVIEW_MONTHS - 1},1)))'
    return _row_problems(MONTHLY, MONTHLY_COLUMNS, r, _repeated(MONTHLY, ["account", "month_start"], r), beyond)


MONTHLY = Table("TierMonthly", "A1", _inputs(MONTHLY_COLUMNS, {
    "month": MONTH, "expected": MONEY0, "actual": MONEY0}, {
    "account": Rule("list", "=" + PLAN_ACCOUNTS, what=Text("客户", "account"), strict=False),
    "month": Rule("date"), "expected": Rule("decimal", minimum=0), "actual": Rule("decimal", minimum=0)},
    {"account": 18, "month": 12, "expected": 14, "actual": 14}) + (
    Col("month_start", Text("月初", "Month start"), formula=_month_start, number_format=MONTH, width=10),
    Col("in_plan", Text("在计划中", "In the plan"), formula=_in_plan, number_format="0", width=9),
    Col("problems", PROBLEMS, formula=_monthly_problems, number_format="0", width=9),
), min_rows=12)
MONTHLY_SHEET = Sheet("monthly", SHEET_MONTHLY, tables=(MONTHLY,))

# ---------------------------------------------------------------------------------------------
# Monthly review: every month from the first in the monthly table (up to REVIEW_MONTHS), and per tier

SHEET_REVIEW = Text("月度回顾", "Monthly review")


def _rv(key: str, r: int) -> str:
    return f"{REVIEW_MONTHS_BLOCK.letter(key)}{r}"


def _review_month(lang: Lang, r: int) -> str:
    n = r - REVIEW_MONTHS_BLOCK.first_row  # months after the first
    start, end = REVIEW.address("start"), REVIEW.address("end")
    span = f"(YEAR({end})-YEAR({start}))*12+MONTH({end})-MONTH({start})"
    return f'IF({start}="","",IF({n}>{span},"",DATE(YEAR({start}),MONTH({start})+{n},1)))'


def _review_sum(key: str):
    def formula(lang: Lang, r: int) -> str:
        month = _rv("month", r)
        return F.unless_blank(month, F.sumifs(MONTHLY.ref(key, lang), (MONTHLY.ref("in_plan", lang), "1"),
                                              (MONTHLY.ref("month_start", lang), month)))
    return formula


def _cumulative(key: str, to_date: bool):
    def formula(lang: Lang, r: int) -> str:
        month, letter = _rv("month", r), REVIEW_MONTHS_BLOCK.letter(key)
        total = f"SUM(${letter}${REVIEW_MONTHS_BLOCK.first_row}:{letter}{r})"
        return f'IF(OR({month}="",{month}>AsOf),"",{total})' if to_date else F.unless_blank(month, total)
    return formula


REVIEW_MONTHS_BLOCK = Block("months", "A7", (
    Col("month", Text("月份", "Month"), formula=_review_month, number_format=MONTH, width=12),
    Col("expected", Text("预期", "Expected"), formula=_review_sum("expected"), number_format=MONEY0, width=14),
    Col("actual", Text("实际", "Actual"), formula=_review_sum("actual"), number_format=MONEY0, width=14),
    Col("cum_expected", Text("累计预期", "Expected, cumulative"), formula=_cumulative("expected", False),
        number_format=MONEY0, width=16),
    Col("cum_actual", Text("累计实际", "Actual, cumulative"), formula=_cumulative("actual", True),
        number_format=MONEY0, width=16),
    Col("attainment", Text("累计达成率", "Attainment, cumulative"), formula=lambda lang, r: F.unless_blank(
        _rv("cum_actual", r), F.ratio(_rv("cum_actual", r), _rv("cum_expected", r))), number_format=PERCENT,
        width=14),
), rows=REVIEW_MONTHS)


def _tier_sum(key: str):
    def formula(lang: Lang, r: int) -> str:
        return F.sumifs(PLAN.ref(key, lang), (PLAN.ref("tier", lang), f"${REVIEW_TIERS.letter('tier')}{r}"))
    return formula


REVIEW_TIERS = Block("tiers", "A34", (
    Col("tier", Text("层级", "Tier"), formula=lambda lang, r: str(r - REVIEW_TIERS.header_row)),
    Col("goal", LABELS["goal"], formula=_tier_sum("goal"), number_format=MONEY0),
    Col("expected", LABELS["expected"], formula=_tier_sum("expected"), number_format=MONEY0),
    Col("actual", LABELS["actual"], formula=_tier_sum("actual"), number_format=MONEY0),
    Col("attainment", LABELS["attainment"], formula=lambda lang, r: F.ratio(
        f"{REVIEW_TIERS.letter('actual')}{r}", f"{REVIEW_TIERS.letter('expected')}{r}"), number_format=PERCENT),
), rows=3)


def _first_month(lang: Lang) -> str:
    starts = MONTHLY.ref("month_start", lang)
    return f'IF(COUNT({starts})=0,"",MIN({starts}))'


def _last_month(lang: Lang) -> str:
    starts = MONTHLY.ref("month_start", lang)
    return f'IF(COUNT({starts})=0,"",MAX({starts}))'


REVIEW = Sheet("review", SHEET_REVIEW, title=Text("15 客户月度回顾:预期与实际", "15-account monthly review: expected vs actual"),
               cells=(
    Cell("as_of", "B2", Text("报告日期", "As of"), formula=lambda lang: "AsOf", number_format=DATE),
    Cell("start", "B3", Text("第一个月", "First month"), formula=_first_month, number_format=MONTH, name="ReviewStart"),
    Cell("end", "B4", Text("最后一个月", "Last month"), formula=_last_month, number_format=MONTH,
         note=Text(f"本表最多列出从第一个月起的 {REVIEW_MONTHS} 个月", f"This sheet lists up to {REVIEW_MONTHS} months from the "
                   "first")),
), blocks=(REVIEW_MONTHS_BLOCK, REVIEW_TIERS), widths=(("A", 14),))

# ---------------------------------------------------------------------------------------------
# Team health: 80/20 for accounts and reps, A/B/C effort, revenue per rep

SHEET_HEALTH = Text("团队健康", "Team health")


def _revenue(lang: Lang) -> str:
    return ACCOUNTS.ref("revenue", lang)


def _accounts_80(lang: Lang) -> str:
    revenue, ahead = _revenue(lang), ACCOUNTS.ref("ahead", lang)
    return f"SUMPRODUCT(({revenue}>0)*ISNUMBER({ahead})*({ahead}<AShare*SUM({revenue})))"


def _reps_80(lang: Lang) -> str:
    revenue, ahead = HEALTH_REPS.column("revenue"), HEALTH_REPS.column("ahead")
    return f'IF(SUM({revenue})<=0,"",SUMPRODUCT(ISNUMBER({ahead})*({ahead}<AShare*SUM({revenue}))))'


def _h(key: str) -> str:
    return HEALTH.address(key)


HEALTH_CLASSES_KEYS = ("A", "B", "C")


def _hc(key: str, r: int) -> str:
    return f"{HEALTH_CLASSES.letter(key)}{r}"


def _class_of(lang: Lang, r: int) -> tuple[str, str]:
    return (ACCOUNTS.ref("class", lang), F.equals_text(HEALTH_CLASSES_KEYS[r - HEALTH_CLASSES.first_row]))


HEALTH_CLASSES = Block("classes", "A11", (
    Col("class", LABELS["class"], formula=lambda lang, r: F.text(HEALTH_CLASSES_KEYS[r - HEALTH_CLASSES.first_row])),
    Col("accounts", Text("客户数", "Accounts"), formula=lambda lang, r: F.countifs(_class_of(lang, r)),
        number_format="0"),
    Col("revenue", Text("业务额", "Revenue"), formula=lambda lang, r: F.sumifs(_revenue(lang), _class_of(lang, r)),
        number_format=MONEY0),
    Col("revenue_share", Text("业务额占比", "Revenue share"),
        formula=lambda lang, r: F.ratio(_hc("revenue", r), f"SUM({HEALTH_CLASSES.column('revenue')})"),
        number_format=PERCENT),
    Col("effort_share", Text("精力占比", "Effort share"),
        formula=lambda lang, r: NAMES[f"effort_{HEALTH_CLASSES_KEYS[r - HEALTH_CLASSES.first_row].lower()}"],
        number_format=PERCENT),
    Col("days_per_account", Text("每客户每月人天", "Days a month per account"),
        formula=lambda lang, r: F.ratio(f"({_hc('effort_share', r)}*WorkingDays*{_h('reps')})", _hc("accounts", r)),
        number_format="0.0"),
    Col("accounts_share", Text("客户数占比", "Share of accounts"),
        formula=lambda lang, r: F.ratio(_hc("accounts", r), f"SUM({HEALTH_CLASSES.column('accounts')})"),
        number_format=PERCENT),
), rows=len(HEALTH_CLASSES_KEYS))


def _hr(key: str, r: int) -> str:
    return f"${HEALTH_REPS.letter(key)}{r}"


def _listed_rep(lang: Lang, r: int) -> str:
    """The n-th name of the reps table, in its order."""
    n, names = r - HEALTH_REPS.header_row, REPS.ref("rep", lang)
    return f'IF({n}>ROWS({names}),"",IF(INDEX({names},{n})="","",INDEX({names},{n})))'


def _listed_revenue(lang: Lang, r: int) -> str:
    return F.unless_blank(_hr("listed", r), F.sumifs(_revenue(lang), (ACCOUNTS.ref("owner", lang),
                                                                      F.equals(_hr("listed", r)))))


def _revenue_order(lang: Lang, r: int) -> str:
    """The listed rep's place by revenue, largest first; equal revenue keeps the list's order (as classes.revenue_by_rep
    sorts). Counting, not SORT or LARGE over an array: plain formulas every spreadsheet recalculates."""
    letter, mine = HEALTH_REPS.letter("listed_revenue"), _hr("listed_revenue", r)
    above = f"${letter}${HEALTH_REPS.header_row}:{letter}{r - 1}"
    return F.unless_blank(_hr("listed", r), f'1+COUNTIF({HEALTH_REPS.column("listed_revenue")},">"&{mine})'
                                            f"+COUNTIF({above},{mine})")


def _health_rep(lang: Lang, r: int) -> str:
    """The rep in the n-th place by revenue."""
    n = r - HEALTH_REPS.header_row
    return (f'IFERROR(INDEX({HEALTH_REPS.column("listed")},MATCH({n},{HEALTH_REPS.column("order")},0)),"")')


def _of_rep(lang: Lang, r: int) -> tuple[str, str]:
    return (ACCOUNTS.ref("owner", lang), F.equals(_hr("rep", r)))


def _rep_class(key: str):
    def formula(lang: Lang, r: int) -> str:
        return F.unless_blank(_hr("rep", r), F.countifs(_of_rep(lang, r),
                                                        (ACCOUNTS.ref("class", lang), F.equals_text(key))))
    return formula


def _rep_ahead(lang: Lang, r: int) -> str:
    revenue, mine = HEALTH_REPS.column("revenue"), _hr("revenue", r)
    return F.unless_blank(_hr("rep", r), f"SUMPRODUCT(ISNUMBER({revenue})*({revenue}>{mine}),{revenue})"
                                         f"+{mine}*SUMPRODUCT(ISNUMBER({revenue})*({revenue}={mine})"
                                         f"*(ROW({revenue})<ROW({mine})))")


HEALTH_REPS = Block("reps", "A18", (
    Col("n", Text("序号", "No."), formula=lambda lang, r: str(r - HEALTH_REPS.header_row)),
    Col("rep", Text("销售", "Rep"), formula=_health_rep),
    Col("revenue", LABELS["revenue"],
        formula=lambda lang, r: F.unless_blank(_hr("rep", r), F.sumifs(_revenue(lang), _of_rep(lang, r))),
        number_format=MONEY0),
    Col("share", Text("业务额占比", "Revenue share"), formula=lambda lang, r: F.unless_blank(
        _hr("rep", r), F.ratio(_hr("revenue", r), f"SUM({HEALTH_REPS.column('revenue')})")), number_format=PERCENT),
    Col("A", Text("A类客户", "Class A"), formula=_rep_class("A"), number_format="0"),
    Col("B", Text("B类客户", "Class B"), formula=_rep_class("B"), number_format="0"),
    Col("C", Text("C类客户", "Class C"), formula=_rep_class("C"), number_format="0"),
    Col("ahead", Text("排在前面的业务额", "Revenue ranked ahead"), formula=_rep_ahead, number_format=MONEY0),
    # the reps table in its own order, and each one's place by revenue: what puts the rows above in revenue order
    Col("listed", Text("名单中的销售", "Rep as listed"), formula=_listed_rep, width=16, hidden=True),
    Col("listed_revenue", Text("名单顺序的业务额", "Revenue as listed"), formula=_listed_revenue, width=16,
        hidden=True),
    Col("order", Text("业务额名次", "Place by revenue"), formula=_revenue_order, width=16, hidden=True),
), rows=MAX_REPS)

HEALTH = Sheet("health", SHEET_HEALTH, title=Text("团队健康:80/20 与精力分配", "Team health: 80/20 and effort"), cells=(
    Cell("total_revenue", "B3", Text("总业务额", "Total revenue"), formula=lambda lang: f"SUM({_revenue(lang)})",
         number_format=MONEY0),
    Cell("accounts", "B4", Text("有业务的客户数", "Accounts with business"),
         formula=lambda lang: f'COUNTIF({_revenue(lang)},">0")', number_format="0"),
    Cell("accounts_80", "B5", Text("贡献 80% 业务额的客户数", "Accounts making 80% of revenue"), formula=_accounts_80,
         number_format="0"),
    Cell("accounts_share", "B6", Text("占有业务客户的比例", "Share of accounts with business"),
         formula=lambda lang: F.ratio(_h("accounts_80"), _h("accounts")), number_format=PERCENT,
         note=Text("20/80 法则:约 20% 的核心客户带来 80% 的业务额",
                   "The 20/80 rule: about 20% of customers make 80% of revenue")),
    Cell("reps", "B7", Text("销售人员数", "Reps"), formula=lambda lang: f"COUNTA({REPS.ref('rep', lang)})",
         number_format="0"),
    Cell("reps_80", "B8", Text("贡献 80% 业务额的销售人数", "Reps making 80% of revenue"), formula=_reps_80,
         number_format="0"),
    Cell("reps_share", "B9", Text("占销售人员的比例(健康团队问题 2)", "Share of reps (healthy-team question 2)"),
         formula=lambda lang: f'IF(OR(N({_h("reps")})=0,{_h("reps_80")}=""),"",{_h("reps_80")}/{_h("reps")})',
         number_format=PERCENT),
), blocks=(HEALTH_CLASSES, HEALTH_REPS), widths=(("A", 34), ("B", 14), ("C", 16), ("D", 12), ("E", 10), ("F", 14),
                                                ("G", 10), ("H", 16)))

# ---------------------------------------------------------------------------------------------
# Qualification: 7+3 score and verdict, and the deal's decision chain from the key people

SHEET_QUALIFY = Text("商机评估", "Qualification")


def _q(key: str, r: int) -> str:
    return QUALIFY.this(key, r)


def _items(r: int) -> str:
    return QUALIFY.span(QUALIFY_ITEMS[0].key, QUALIFY_ITEMS[-1].key, r)


def _separator(lang: Lang) -> str:
    return "、" if lang == "zh-CN" else ", "


def _listing(parts: list[tuple[str, Text]], lang: Lang) -> str:
    """The labels whose condition holds, joined by the language's separator."""
    sep = _separator(lang)
    joined = "&".join(f'IF({condition},{F.text(sep + label(lang))},"")' for condition, label in parts)
    return f"MID({joined},{len(sep) + 1},999)"


def _score(lang: Lang, r: int) -> str:
    known, partly = _count_either(_items(r), ITEM_STATUS[KNOWN]), _count_either(_items(r), ITEM_STATUS[PARTLY])
    return F.unless_blank(_q("deal", r), f"(({known})+({partly})/2)/{len(QUALIFY_ITEMS)}")


def _verdict(lang: Lang, r: int) -> str:
    """No-go with anything against us; go with the score at the threshold and the must-know items known;
    otherwise find out more (qualify.qualify)."""
    known = ",".join(F.either(_q(k, r), ITEM_STATUS[KNOWN]) for k in QualifyRules().must_know)
    return F.unless_blank(_q("deal", r), (
        f"IF(({_count_either(_items(r), ITEM_STATUS[AGAINST])})>0,{F.text(VERDICTS[NO_GO](lang))},"
        f"IF(AND({_q('score', r)}>=GoThreshold,{known}),{F.text(VERDICTS[GO](lang))},"
        f"{F.text(VERDICTS[HOLD](lang))}))"))


def _missing(lang: Lang, r: int) -> str:
    parts = [(f"NOT(OR({F.either(_q(i.key, r), ITEM_STATUS[KNOWN])},{F.either(_q(i.key, r), ITEM_STATUS[AGAINST])}))",
              i.label) for i in QUALIFY_ITEMS]
    return F.unless_blank(_q("deal", r), _listing(parts, lang))


def _chain(lang: Lang, r: int) -> str:
    """1 for each key person whose deals cell lists the deal (commas of either width, 、, ; or spaces)."""
    cleaned = PEOPLE.ref("deals", lang)
    for separator in (" ", "，", "、", ";", "；"):
        cleaned = f'SUBSTITUTE({cleaned},"{separator}",",")'
    return f'ISNUMBER(FIND(","&{_q("deal", r)}&",",","&{cleaned}&","))*1'


def _chain_overall(lang: Lang, r: int) -> str:
    chain = _chain(lang, r)
    return (f'IF(N({_q("chain_people", r)})=0,"",IFERROR(SUMPRODUCT({chain},{PEOPLE.ref("weighted", lang)})'
            f'/SUMPRODUCT({chain},{PEOPLE.ref("weight", lang)}),""))')


def _chain_missing(lang: Lang, r: int) -> str:
    """The roles the chain lacks: a decision-maker, a coach (relations.missing_roles)."""
    roles = PEOPLE.ref("role_std", lang)
    parts = [(f"SUMPRODUCT({_chain(lang, r)}*({roles}={F.text(ROLES[role](lang))}))=0", ROLES[role])
             for role in (DECISION_MAKER, COACH)]
    return F.unless_blank(_q("deal", r), _listing(parts, lang))


def _qualify_problems(lang: Lang, r: int) -> str:
    return _row_problems(QUALIFY, QUALIFY_COLUMNS, r, _repeated(QUALIFY, ["deal"], r))


QUALIFY = Table("Qualification", "A1", _inputs(QUALIFY_COLUMNS, {}, {
    "account": Rule("list", "=" + ACCOUNT_LIST, what=Text("客户", "account"), strict=False),
    "owner": Rule("list", "=" + REP_LIST, what=Text("负责人", "owner"), strict=False),
    **{i.key: _choices(ITEM_STATUS) for i in QUALIFY_ITEMS}}, {"account": 16}, 11) + (
    Col("score", Text("得分", "Score"), formula=_score, number_format="0%", width=8),
    Col("verdict", Text("结论", "Verdict"), formula=_verdict, width=12),
    Col("missing", Text("待补信息", "Still to find out"), formula=_missing, width=36),
    Col("chain_people", Text("决策链人数", "People in decision chain"),
        formula=lambda lang, r: F.unless_blank(_q("deal", r), f"SUMPRODUCT({_chain(lang, r)})"), width=10),
    Col("chain_overall", Text("决策链综合紧密度", "Decision chain closeness"), formula=_chain_overall,
        number_format=PERCENT, width=11),
    Col("chain_missing", Text("决策链缺少", "Chain lacks"), formula=_chain_missing, width=16),
    Col("problems", PROBLEMS, formula=_qualify_problems, number_format="0", width=9),
), min_rows=10)
QUALIFY_SHEET = Sheet("qualification", SHEET_QUALIFY, tables=(QUALIFY,))

# ---------------------------------------------------------------------------------------------
# Rep levels: the rubric rows rated, their mean and the level

SHEET_LEVELS = Text("销售水平", "Rep levels")


def _ratings(r: int) -> str:
    return LEVELS.span(RUBRIC[0].key, RUBRIC[-1].key, r)


def _rated(level: str, r: int) -> str:
    return f"({_count_either(_ratings(r), REP_LEVELS[level])})"


def _level(lang: Lang, r: int) -> str:
    mean = LEVELS.this("mean", r)
    return F.unless_blank(mean, f"IF({mean}>=TopMin,{F.text(REP_LEVELS[TOP](lang))},"
                                f"IF({mean}>=MiddleMin,{F.text(REP_LEVELS[MIDDLE](lang))},"
                                f"{F.text(REP_LEVELS[PASS](lang))}))")


def _level_problems(lang: Lang, r: int) -> str:
    return _row_problems(LEVELS, REP_LEVEL_COLUMNS, r, _repeated(LEVELS, ["rep"], r))


LEVELS = Table("RepLevels", "A1", _inputs(REP_LEVEL_COLUMNS, {}, {
    "rep": Rule("list", "=" + REP_LIST, what=Text("销售", "rep"), strict=False),
    **{row.key: Rule("list", lambda lang: ",".join(t(lang) for t in REP_LEVELS.values()), what=Text("水平", "level"))
       for row in RUBRIC}}, {}, 12) + (
    Col("rated", Text("已评项数", "Rows rated"), formula=lambda lang, r: F.unless_blank(
        LEVELS.this("rep", r), f"{_rated(PASS, r)}+{_rated(MIDDLE, r)}+{_rated(TOP, r)}"), number_format="0",
        width=9),
    Col("mean", Text("平均分", "Mean score"), formula=lambda lang, r: (
        f'IF(N({LEVELS.this("rated", r)})=0,"",({_rated(PASS, r)}+2*{_rated(MIDDLE, r)}+3*{_rated(TOP, r)})'
        f'/{LEVELS.this("rated", r)})'), number_format="0.00", width=9),
    Col("level", Text("水平", "Level"), formula=_level, width=11),
    Col("problems", PROBLEMS, formula=_level_problems, number_format="0", width=9),
), min_rows=10)
LEVELS_SHEET = Sheet("levels", SHEET_LEVELS, tables=(LEVELS,))

# ---------------------------------------------------------------------------------------------
# Rubric: the CES rubric as a reference (text the template writes into the block's rows)

SHEET_RUBRIC = Text("评级标准", "Rubric")
RUBRIC_BLOCK = Block("rubric", "A3", (
    Col("row", Text("评级项", "Rubric row"), width=26),
    *(Col(key, REP_LEVELS[key], width=38) for key in (PASS, MIDDLE, TOP)),
), rows=len(RUBRIC))
RUBRIC_SHEET = Sheet("rubric", SHEET_RUBRIC, title=Text("销售人员水平评级标准(CES)", "Rep level rubric (CES)"),
                     blocks=(RUBRIC_BLOCK,))

# ---------------------------------------------------------------------------------------------
# Customers: today's priority of each customer (calls.priorities), in calculated columns

SHEET_CUSTOMERS = Text("客户名单", "Customers")


def _c(key: str, r: int) -> str:
    return CUSTOMERS.this(key, r)


def _code(lang: Lang, r: int) -> str:
    """The progress code when it is a usable one (0-7, whole), else blank."""
    progress = _c("progress", r)
    return f'IF({_number(CUSTOMERS.col("progress").read, progress)},{progress},"")'


def _progress_label(lang: Lang, r: int) -> str:
    code = _c("code", r)
    labels = ",".join(F.text(PROGRESS[c](lang)) for c in range(8))
    return f'IF(OR({_c("customer", r)}="",{code}=""),"",CHOOSE({code}+1,{labels}))'


def _intent_level(lang: Lang, r: int) -> str:
    """1 (poor) to 5 (very likely), 0 when blank or not one (calls.INTENT_LEVEL)."""
    intent, out = _c("intent", r), "0"
    for level, text in reversed(list(enumerate(INTENT.values(), start=1))):
        out = f"IF({F.either(intent, text)},{level},{out})"
    return f"IF(ISERROR({intent}),0,{out})"


def _due(lang: Lang, r: int) -> str:
    following = _c("next_call", r)
    return f'AND({_c("customer", r)}<>"",ISNUMBER({following}),INT({following})<=AsOf)'


def _hot(lang: Lang, r: int) -> str:
    code, contract = _c("code", r), _c("contract", r)
    hot = [f"{code}={c}" for c in calls.HOT_CODES] + [f"{_c('intent_level', r)}>={calls.HOT_INTENT}", f"{code}=7",
                                                     F.either(contract, CONTRACT[CONTRACT_EXPIRED])]
    return f'AND({_c("customer", r)}<>"",OR({",".join(hot)}))'


def _callable(lang: Lang, r: int) -> str:
    code, contract = _c("code", r), _c("contract", r)
    under = f"OR({code}=6,{F.either(contract, CONTRACT[UNDER_CONTRACT])})"
    return (f'AND({_c("customer", r)}<>"",OR(CallOwner="",{_c("owner", r)}=CallOwner),'
            f'OR({_c("due", r)},AND({code}<>"",{_c("next_call", r)}="",NOT({under}))))')


def _score_of_customer(lang: Lang, r: int) -> str:
    """calls.priorities' whole-number score: due, priority, stage, intent, days overdue, days idle."""
    w, code, cap = calls.WEIGHTS, _c("code", r), calls.DAY_CAP
    stages = ",".join(str(c) for c in calls.STAGE_ORDER)
    due, following, last = _c("due", r), _c("next_call", r), _c("last_contact", r)
    return (f'IF(NOT({_c("callable", r)}),"",{due}*{w["due"]}+{_c("hot", r)}*{w["hot"]}'
            f'+IF({code}="",0,MATCH({code},{{{stages}}},0)-1)*{w["stage"]}'
            f'+{_c("intent_level", r)}*{w["intent"]}'
            f'+IF({due},MIN(AsOf-INT({following}),{cap}),0)*{w["overdue"]}'
            f'+IF(ISNUMBER({last}),MAX(0,MIN(AsOf-INT({last}),{cap})),{cap})*{w["idle"]})')


ROW_SPAN = 10 ** 7  # above any sheet row: the sort key's room for the row


def _sort_key(lang: Lang, r: int) -> str:
    """One whole number per customer: the score, then the row (higher up first) to break ties (exact below
    2^53: scores stay under 1.2e7)."""
    score = _c("score", r)
    return f'IF({score}="","",{score}*{ROW_SPAN}+{ROW_SPAN}-ROW())'


def _call_rank(lang: Lang, r: int) -> str:
    key = _c("sort_key", r)
    return F.unless_blank(key, f"COUNTIF({CUSTOMERS.ref('sort_key', lang)},\">\"&{key})+1")


def _reason(lang: Lang, r: int) -> str:
    return (f'IF(NOT({_c("callable", r)}),"",IF({_c("due", r)},{F.text(DUE(lang))},'
            f'IF({_c("hot", r)},{F.text(PRIORITY(lang))},{F.text(COVERAGE(lang))})))')


CUSTOMERS = Table("Customers", "A1", _inputs(CUSTOMER_COLUMNS, {"next_call": DATE, "last_contact": DATE}, {
    "owner": Rule("list", "=" + REP_LIST, what=Text("负责人", "owner"), strict=False),
    "progress": Rule("whole", minimum=0, maximum=7), "intent": _choices(INTENT), "contract": _choices(CONTRACT),
    "next_call": Rule("date"), "last_contact": Rule("date")}, {"customer": 16}, 12) + (
    Col("code", Text("进程代码", "Progress code"), formula=_code, hidden=True),
    Col("progress_label", Text("进程说明", "Progress meaning"), formula=_progress_label, width=24),
    Col("intent_level", Text("意向级别", "Intent level"), formula=_intent_level, hidden=True),
    Col("due", Text("到期", "Due"), formula=_due, width=7),
    Col("hot", Text("重点", "Priority"), formula=_hot, width=7),
    Col("callable", Text("今日可拨", "Callable today"), formula=_callable, width=9),
    Col("score", LABELS["score"], formula=_score_of_customer, number_format="0", width=11),
    Col("sort_key", Text("排序键", "Sort key"), formula=_sort_key, number_format="0", hidden=True),
    Col("rank", Text("今日序号", "Order today"), formula=_call_rank, number_format="0", width=9),
    Col("reason", LABELS["reason"], formula=_reason, width=11),
    Col("problems", PROBLEMS, formula=lambda lang, r: _row_problems(CUSTOMERS, CUSTOMER_COLUMNS, r),
        number_format="0", width=9),
), min_rows=20)
CUSTOMERS_SHEET = Sheet("customers", SHEET_CUSTOMERS, tables=(CUSTOMERS,))

# ---------------------------------------------------------------------------------------------
# Call list: today's customers in calling order, up to the calls a day (at most MAX_CALLS_PER_DAY)

SHEET_CALLS = Text("今日拨打", "Call list")


def _calls_cell(key: str) -> str:
    """A cell of the call-list sheet, absolute."""
    cell = CALLS.cell(key)
    return f"${column_letter(cell.col - 1)}${cell.row}"


def _in_scope(lang: Lang) -> str:
    customers, owners = CUSTOMERS.ref("customer", lang), CUSTOMERS.ref("owner", lang)
    return (f'IF(CallOwner="",COUNTIF({customers},"<>"),'
            f'COUNTIFS({owners},{F.equals("CallOwner")},{customers},"<>"))')


CALL_COLUMNS = ("customer", "owner", "progress_label", "intent", "contract", "next_call", "last_contact", "phone",
                "reason")


def _call_n(lang: Lang, r: int) -> str:
    n = r - CALL_LIST.header_row
    return f'IF({n}>{_calls_cell("calls")},"",{n})'


def _call_row(lang: Lang, r: int) -> str:
    n = f"${CALL_LIST.letter('n')}{r}"
    return F.unless_blank(n, f"MATCH({n},{CUSTOMERS.ref('rank', lang)},0)")


def _call_value(key: str):
    def formula(lang: Lang, r: int) -> str:
        row = f"${CALL_LIST.letter('row')}{r}"
        value = f"INDEX({CUSTOMERS.ref(key, lang)},{row})"
        return F.unless_blank(row, f'IF({value}="","",{value})')
    return formula


CALL_LIST = Block("calls", "A12", (
    Col("n", LABELS["call_rank"], formula=_call_n, width=8),
    *(Col(key, CUSTOMERS.col(key).label, formula=_call_value(key),
          number_format=DATE if key in ("next_call", "last_contact") else None,
          width={"customer": 18, "progress_label": 26, "phone": 16}.get(key, 12)) for key in CALL_COLUMNS),
    Col("row", Text("表中行", "Table row"), formula=_call_row, width=8),
), rows=MAX_CALLS_PER_DAY)
CALLS_RULES = ("D3", Text("规则:到期回访优先,其次进程 4/5、意向好、合同到期的重点客户,再按进程、意向、逾期天数、未联系天数排序;"
                          "合同中且未到期、下次拨打日期在以后的客户今天不拨。",
                          "Rules: calls due first, then the priority customers (progress 4/5, good intent, contract "
                          "expired), then by progress, intent, days overdue, days since last contact; customers under "
                          "contract with nothing due, or with a later next-call date, are not called today."))

CALLS = Sheet("calls", SHEET_CALLS, title=Text("今日拨打名单", "Today's call list"), cells=(
    Cell("as_of", "B3", Text("报告日期", "As of"), formula=lambda lang: "AsOf", number_format=DATE),
    Cell("owner", "B4", Text("负责人(空 = 全部)", "Owner (blank = everyone)"), formula=lambda lang: "CallOwner",
         number_format="@"),
    Cell("customers", "B5", Text("名下客户数", "Customers"), formula=_in_scope, number_format="0"),
    Cell("calls", "B6", Text("今日拨打数", "Calls today"),
         formula=lambda lang: f"MIN(CallsPerDay,COUNT({CUSTOMERS.ref('rank', lang)}))", number_format="0"),
    Cell("days_to_cover", "B7", Text("轮访一遍所需工作日", "Working days to call everyone once"),
         formula=lambda lang: f'IF({_calls_cell("customers")}=0,"",'
                              f'{native_round_up(_calls_cell("customers") + "/CallsPerDay")})',
         number_format="0"),
    Cell("monthly_share", "B8", Text("一个月覆盖率", "Share reached in a month"),
         formula=lambda lang: F.unless_blank(_calls_cell("days_to_cover"),
                                             f'MIN(1,CallsPerDay*WorkingDays/{_calls_cell("customers")})'),
         number_format="0%"),
    Cell("limit", "B9", Text("本表最多列出", "This sheet lists at most"), value=MAX_CALLS_PER_DAY, number_format="0",
         note=Text("「设置」的每日拨打数不能超过此数", "the calls a day on Settings may not exceed it")),
), blocks=(CALL_LIST,), widths=(("A", 30),))

# ---------------------------------------------------------------------------------------------
# Call lists by rep: written by the todays_call_lists script

SHEET_CALLS_ALL = Text("全员拨打名单", "Call lists by rep")
CALLS_ALL_KEYS = ["call_rank", "customer", "owner", "progress", "intent", "contract", "next_call", "last_contact",
                  "reason"]
CALLS_ALL_BLOCK = Block("calls", "A3", tuple(Col(k, LABELS[k]) for k in CALLS_ALL_KEYS), rows=0)
CALLS_ALL = Sheet("calls_all", SHEET_CALLS_ALL, cells=(Cell("note", "A1"),), blocks=(CALLS_ALL_BLOCK,))

# ---------------------------------------------------------------------------------------------
# the settings sheet, now that the tables its formulas read are described

SETTINGS = Sheet("settings", SHEET_SETTINGS, title=Text("参数、数据检查、紧密度权重与销售人员",
                                                          "Parameters, data check, closeness weights and reps"),
                 cells=tuple(c for p in PARAMETERS for c in _parameter_cells(p)) + _check_cells(),
                 tables=(WEIGHTS, REPS), blocks=(WEIGHTS_IN_USE,),
                 widths=(("A", 40), ("B", 16), ("C", 16), ("D", 12), ("E", 48), ("G", 40), ("H", 12)))

# every table with the sheet it is on, and how far below it a row counts as typed outside it
OUTSIDE: tuple[tuple[Text, Table, int], ...] = (
    (SHEET_ACCOUNTS, ACCOUNTS, LAST_ROW), (SHEET_PEOPLE, PEOPLE, LAST_ROW), (SHEET_PLAN, PLAN, LAST_ROW),
    (SHEET_MONTHLY, MONTHLY, LAST_ROW), (SHEET_QUALIFY, QUALIFY, LAST_ROW), (SHEET_LEVELS, LEVELS, LAST_ROW),
    (SHEET_CUSTOMERS, CUSTOMERS, LAST_ROW), (SHEET_SETTINGS, WEIGHTS, WEIGHTS_LAST_ROW),
    (SHEET_SETTINGS, REPS, LAST_ROW))

# ---------------------------------------------------------------------------------------------
# Dashboard: revenue and its concentration (80/20), the 5+5+5 plan against actual, who is behind, today's calls


def _top_accounts(lang: Lang) -> str:
    """How many accounts the top TOP_SHARE are: of those with business, rounded up (the twin of
    classes.top_accounts)."""
    return native_round_up(f'COUNTIF({_revenue(lang)},">0")*{TOP_SHARE}')


def _top_share(lang: Lang) -> str:
    """The top accounts' share of revenue: those above the n-th largest, plus as many at it as make n (equal revenue
    counted once each)."""
    revenue, n = _revenue(lang), DASHBOARD.address("top_share_accounts")
    nth = f"LARGE({revenue},{n})"
    return (f'IF(N({n})=0,"",(SUMIF({revenue},">"&{nth})+({n}-COUNTIF({revenue},">"&{nth}))*{nth})'
            f"/SUM({revenue}))")


def _plan_total(key: str) -> Formula:
    return lambda lang: f"SUM({REVIEW.block_column('tiers', key, lang)})"


TILE_ROW = 4
DASHBOARD_TILES = (
    Tile("revenue", f"B{TILE_ROW}", Text("总业务额", "Total revenue"), lambda lang: HEALTH.ref("total_revenue", lang),
         MONEY0, (Comparison("accounts", Text("有业务的客户", "Accounts with business"),
                             lambda lang: HEALTH.ref("accounts", lang), kind="none", number_format="0"),)),
    Tile("top_share", f"E{TILE_ROW}", Text(f"前 {TOP_SHARE:.0%} 客户的业务额占比", f"Revenue from the top {TOP_SHARE:.0%}"),
         _top_share, PERCENT, (Comparison("accounts", Text("客户数", "Accounts"), _top_accounts, kind="none",
                                          number_format="0"),)),
    Tile("actual", f"H{TILE_ROW}", Text("15 客户实际(至今)", "15 accounts: actual to date"), _plan_total("actual"),
         MONEY0, (Comparison("expected", Text("预期(至今)", "Expected to date"), _plan_total("expected"), kind="share"),),
         meaning="won"),
    Tile("behind", f"K{TILE_ROW}", Text("落后计划的客户", "Accounts behind plan"),
         lambda lang: f"COUNTIF({PLAN.ref('behind', lang)},TRUE)", "0",
         (Comparison("plan", Text("计划客户", "Accounts in the plan"), lambda lang: f'COUNTIF({PLAN.ref("account", lang)},"<>")',
                     kind="share", number_format="0"),), meaning="at_risk"),
    Tile("calls", f"N{TILE_ROW}", Text("今日拨打", "Calls today"), lambda lang: CALLS.ref("calls", lang), "0",
         (Comparison("customers", Text("名下客户", "Customers"), lambda lang: CALLS.ref("customers", lang), kind="none",
                     number_format="0"),)),
    Tile("problems", f"Q{TILE_ROW}", Text("数据问题", "Data problems"), lambda lang: SETTINGS.ref("problems", lang), "0",
         meaning="plan"),
)
ATTENTION = attention("attention", "A30", PLAN, SHEET_PLAN, (("behind", Text("落后计划", "behind plan")),),
                      ("account", "owner", "tier", "expected", "actual", "attainment"), rows=8)
SHEET_DASHBOARD = Text("看板", "Dashboard")
DASHBOARD = Sheet("dashboard", SHEET_DASHBOARD, title=Text("大客户与团队健康看板", "Key accounts and team health dashboard"),
                  cells=(
    Cell("as_of", "C2", Text("报告日期", "As of"), formula=lambda lang: "AsOf", number_format=DATE),
    Cell("top_share_accounts", "X2", formula=_top_accounts, number_format="0"),  # beside the page, for _top_share
    Cell("attention", "J29", Text("落后计划的客户(15 客户中)", "Accounts behind plan (of the 15)"),
         formula=lambda lang: f"COUNTIF({PLAN.ref('behind', lang)},TRUE)", number_format="0", label_at="B29"),
), tiles=DASHBOARD_TILES, blocks=(ATTENTION,),
    widths=tuple((letter, 11.0) for letter in "BCDEFGHIJKLMNOPQRS") + (("T", 3.0),))
# the printed page (tiles, charts, the attention list) and the charts' cells
DASHBOARD_PRINT_AREA = f"A1:S{ATTENTION.last_row}"
DASHBOARD_CHARTS = (f"B{TILE_ROW + Tile.HEIGHT_ROWS + 2}:J{ATTENTION.header_row - 3}",
                    f"K{TILE_ROW + Tile.HEIGHT_ROWS + 2}:S{ATTENTION.header_row - 3}")

SHEETS = (DASHBOARD, SETTINGS, ACCOUNTS_SHEET, PEOPLE_SHEET, PLAN_SHEET, MONTHLY_SHEET, REVIEW, HEALTH, QUALIFY_SHEET,
          LEVELS_SHEET, RUBRIC_SHEET, CUSTOMERS_SHEET, CALLS)
