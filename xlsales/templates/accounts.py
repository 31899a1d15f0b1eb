"""The key-accounts workbook (accounts.xlsx), written from its description in xlsales/accounts/layout.py:
settings and the data check, accounts with 5+5+5 tiers and A/B/C classes, key people and closeness, the
15-account plan with its monthly review, team health (80/20, effort), 7+3 qualification, rep levels and
today's call list.

Every figure is a native formula over the workbook's tables; the Python core computes the same figures
(tests/test_accounts_libreoffice.py and tests/test_accounts_growth.py check one against the other). What
this module adds to the description: the instructions, captions, drop-down lists, colours and charts.
"""

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from xlsales.accounts import calls, classes, plan, qualify, tiers
from xlsales.accounts import layout as L
from xlsales.accounts.columns import (ACCOUNT_COLUMNS, CUSTOMER_COLUMNS, MONTHLY_COLUMNS, PEOPLE_COLUMNS,
                                      PLAN_COLUMNS, QUALIFY_COLUMNS, REP_LEVEL_COLUMNS)
from xlsales.accounts.demo import DemoAccounts, demo_accounts, parsed_tables
from xlsales.accounts.labels import DUE
from xlsales.accounts.levels import rep_levels
from xlsales.accounts.relations import weight_rows
from xlsales.accounts.render import sheet_rows
from xlsales.accounts.settings import MAX_CALLS_PER_DAY, ClosenessWeights
from xlsales.accounts.vocab import (AGAINST, GO, HOLD, ITEM_STATUS, KNOWN, NO_GO, PASS, QUALIFY_ITEMS, REP_LEVELS,
                                    RUBRIC, TOP, VERDICTS)
from xlsales.accounts.workbook import check
from xlsales.i18n import Lang, Text
from xlsales.layout import Block, Sheet, Table, quote_sheet
from xlsales.problems import column_letter
from xlsales.templates import common as C
from xlsales.templates import dashboard as D
from xlsales.templates.render import define_range, table_rows, write_sheet


def build(lang: Lang = "zh-CN", data: DemoAccounts | None = None) -> Workbook:
    wb = Workbook()
    C.instructions_sheet(wb, lang, Text("大客户与团队健康 — 使用说明", "Key accounts and team health — how to use"),
                         INSTRUCTIONS)
    weights = data.weights if data else ClosenessWeights()
    _settings(wb, _write(wb, L.SETTINGS, lang, {L.WEIGHTS.name: weight_rows(weights, lang),
                                                L.REPS.name: [list(r) for r in data.reps] if data else []}),
              lang, data)
    inputs = {
        L.ACCOUNTS.name: (data.accounts, ACCOUNT_COLUMNS), L.PEOPLE.name: (data.people, PEOPLE_COLUMNS),
        L.PLAN.name: (data.plan, PLAN_COLUMNS), L.MONTHLY.name: (data.monthly, MONTHLY_COLUMNS),
        L.QUALIFY.name: (data.qualification, QUALIFY_COLUMNS), L.LEVELS.name: (data.levels, REP_LEVEL_COLUMNS),
        L.CUSTOMERS.name: (data.customers, CUSTOMER_COLUMNS),
    } if data else {}
    rows = {name: sheet_rows(records, columns, lang) for name, (records, columns) in inputs.items()}
    _accounts(wb, _write(wb, L.ACCOUNTS_SHEET, lang, rows), lang, len(rows.get(L.ACCOUNTS.name, [])))
    _people(_write(wb, L.PEOPLE_SHEET, lang, rows), len(rows.get(L.PEOPLE.name, [])))
    _plan(wb, _write(wb, L.PLAN_SHEET, lang, rows), lang, len(rows.get(L.PLAN.name, [])))
    _monthly(_write(wb, L.MONTHLY_SHEET, lang, rows), len(rows.get(L.MONTHLY.name, [])))
    review = _write(wb, L.REVIEW, lang)
    _review(review, lang, data)
    health = _write(wb, L.HEALTH, lang)
    _health(health, lang, data)
    _qualify(_write(wb, L.QUALIFY_SHEET, lang, rows), lang, len(rows.get(L.QUALIFY.name, [])))
    _levels(_write(wb, L.LEVELS_SHEET, lang, rows), lang, len(rows.get(L.LEVELS.name, [])))
    _rubric(_write(wb, L.RUBRIC_SHEET, lang), lang)
    _customers(_write(wb, L.CUSTOMERS_SHEET, lang, rows), len(rows.get(L.CUSTOMERS.name, [])))
    _calls(_write(wb, L.CALLS, lang), lang)
    _dashboard(D.write_dashboard(wb, L.DASHBOARD, lang, TITLE(lang), L.DASHBOARD_PRINT_AREA), review, health, lang)
    return wb



def _dashboard(ws: Worksheet, review: Worksheet, health: Worksheet, lang: Lang) -> None:
    """5+5+5: each tier's expected against actual to date; 80/20: each class's share of the accounts against its
    share of revenue; below, the plan's accounts behind. Both charts have fixed rows (three tiers, three classes)."""
    ws[L.DASHBOARD.cell("attention").label_address].font = D.HEADING_FONT
    D.attention_style(ws, L.ATTENTION)

    def column(sheet: Worksheet, block: Block, key: str, header: bool = True) -> Reference:
        col = block.first_col + block.index(key)
        return Reference(sheet, min_col=col, min_row=block.header_row if header else block.first_row,
                         max_row=block.last_row)

    per_tier = L.REVIEW_TIERS
    by_tier = D.bars(ws, column(review, per_tier, "tier", header=False),
                     [(column(review, per_tier, "expected"), "plan"), (column(review, per_tier, "actual"), "won")],
                     Text("5+5+5:各层预期与实际(至今)", "5+5+5: expected and actual to date per tier")(lang))
    by_tier.x_axis.title = Text("层级", "Tier")(lang)
    by_tier.y_axis.number_format = L.MONEY0
    D.place(ws, by_tier, L.DASHBOARD_CHARTS[0])
    per_class = L.HEALTH_CLASSES
    pareto = D.bars(ws, column(health, per_class, "class", header=False),
                    [(column(health, per_class, "accounts_share"), "plan"),
                     (column(health, per_class, "revenue_share"), "open")],
                    Text("80/20:各类客户的客户数与业务额占比", "80/20: share of accounts and of revenue per class")(lang))
    pareto.y_axis.number_format = "0%"
    D.place(ws, pareto, L.DASHBOARD_CHARTS[1])


TITLE = Text("大客户与团队健康", "Key accounts and team health")


def _write(wb: Workbook, sheet: Sheet, lang: Lang, rows: dict[str, list[list[Any]]] | None = None) -> Worksheet:
    return write_sheet(wb, sheet, lang, rows)


def _body(table: Table, count: int) -> tuple[int, int]:
    """The first and last body row of `table` as written with `count` input rows."""
    return table.first_row, table.header_row + table_rows(table, [[]] * count)


def _column(table: Table, key: str, count: int) -> str:
    """A table column's body cells, for colours over the whole column (they grow with the table)."""
    first, last = _body(table, count)
    return f"{table.letter(key)}{first}:{table.letter(key)}{last}"


def _problem_colour(ws: Worksheet, table: Table, count: int) -> None:
    letter, first = table.letter("problems"), table.first_row
    C.highlight(ws, _column(table, "problems", count), f"N(${letter}{first})>0", C.RED_FILL)


def _caption(ws: Worksheet, caption: tuple[str, Text], lang: Lang) -> None:
    at, text = caption
    ws[at] = text(lang)
    ws[at].font = C.LABEL_FONT


def _dynamic_list(wb: Workbook, name: str, sheet: str, table: Table, key: str) -> None:
    """A defined name over a table column's filled cells, however many: drop-downs offer every one."""
    letter, where = table.letter(key), quote_sheet(sheet)
    wb.defined_names[name] = DefinedName(name, attr_text=(
        f"OFFSET({where}!${letter}${table.first_row},0,0,MAX(1,COUNTA({where}!${letter}:${letter})-1),1)"))


def _settings(wb: Workbook, ws: Worksheet, lang: Lang, data: DemoAccounts | None) -> None:
    C.header_row(ws, L.PARAMETER_HEADER_ROW, 1, [t(lang) for t in L.PARAMETER_HEADER])
    for caption in (L.WEIGHTS_CAPTION, L.REPS_CAPTION, L.CHECK_DETAIL_CAPTION):
        _caption(ws, caption, lang)
    at, text = L.CHECK_CAPTION
    C.title(ws, at, text(lang))
    if data:
        ws[L.SETTINGS.address("as_of")] = data.as_of
        ws[L.SETTINGS.address("call_owner")] = data.reps[0][0]
    define_range(wb, L.REP_LIST, ws.title, L.REPS.letter("rep"), L.REPS.first_row, L.REPS.first_row + L.MAX_REPS - 1)
    first, last = L.PARAMETER_HEADER_ROW + 1, L.PARAMETER_HEADER_ROW + len(L.PARAMETER_ROW)
    C.highlight(ws, f"{L.PROBLEM}{first}:{L.PROBLEM}{last}", f"N(${L.PROBLEM}{first})>0", C.RED_FILL)
    total = L.SETTINGS.address("problems")
    C.highlight(ws, total, f"N({total})>0", C.RED_FILL)
    C.highlight(ws, total, f"N({total})=0", C.GREEN_FILL)
    count = len(data.reps) if data else 0
    _problem_colour(ws, L.REPS, count)
    _problem_colour(ws, L.WEIGHTS, len(L.WEIGHT_ITEMS))
    ws.freeze_panes = "A3"


def _accounts(wb: Workbook, ws: Worksheet, lang: Lang, count: int) -> None:
    table = L.ACCOUNTS
    _dynamic_list(wb, L.ACCOUNT_LIST, ws.title, table, "account")
    first, last = _body(table, count)
    C.highlight(ws, table.body(last), f'${table.letter("suggested")}{first}="{L.CHECK}"',
                C.GREEN_FILL)
    _problem_colour(ws, table, count)
    ws.freeze_panes = "B2"


def _people(ws: Worksheet, count: int) -> None:
    table = L.PEOPLE
    overall, letter = _column(table, "overall", count), table.letter("overall")
    C.highlight(ws, overall, f'AND(${letter}2<>"",${letter}2<0.4)', C.RED_FILL)
    C.highlight(ws, overall, f'AND(${letter}2<>"",${letter}2>=0.7)', C.GREEN_FILL)
    _problem_colour(ws, table, count)
    ws.freeze_panes = "B2"


def _plan(wb: Workbook, ws: Worksheet, lang: Lang, count: int) -> None:
    table = L.PLAN
    _dynamic_list(wb, L.PLAN_ACCOUNTS, ws.title, table, "account")
    attainment, letter = _column(table, "attainment", count), table.letter("attainment")
    C.highlight(ws, attainment, f'AND(${letter}2<>"",${letter}2<1)', C.RED_FILL)
    C.highlight(ws, attainment, f'AND(${letter}2<>"",${letter}2>=1)', C.GREEN_FILL)
    _problem_colour(ws, table, count)
    first, last = _body(table, count)
    for key in ("objective", "who", "how", "why"):  # sentences people type: wrapped, not cut at the column's edge
        for row in ws[_column(table, key, count)]:
            row[0].alignment = Alignment(wrap_text=True, vertical="top")
    chart = BarChart()
    chart.title = Text("15 个分层客户:预期与实际(至今)", "The 15 tiered accounts: expected vs actual to date")(lang)
    expected = table.first_col + table.index("expected")  # expected, then actual beside it
    chart.add_data(Reference(ws, min_col=expected, max_col=expected + 1, min_row=table.header_row, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=table.first_col + table.index("account"), min_row=first, max_row=last))
    chart.height, chart.width = 9, 22
    ws.add_chart(chart, f"{_after(table)}2")  # beside the table, which grows down
    ws.freeze_panes = "C2"


def _after(table: Table) -> str:
    """The column two to the right of a table's last column."""
    return column_letter(table.first_col - 1 + len(table.columns) + 1)


def _monthly(ws: Worksheet, count: int) -> None:
    _problem_colour(ws, L.MONTHLY, count)
    ws.freeze_panes = "A2"


def _review(ws: Worksheet, lang: Lang, data: DemoAccounts | None) -> None:
    block = L.REVIEW_MONTHS_BLOCK
    # the months built with (a year when empty): LibreOffice draws no defined-name range, empty months would flatten
    months = len({row["month"] for row in data.monthly}) if data else plan.PLAN_MONTHS
    last = block.first_row + min(months, block.rows) - 1
    chart = LineChart()
    chart.title = Text("每月预期与实际(15 客户合计)", "Expected vs actual per month (15 accounts)")(lang)
    expected = block.first_col + block.index("expected")
    chart.add_data(Reference(ws, min_col=expected, max_col=expected + 1, min_row=block.header_row, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=block.first_col, min_row=block.first_row, max_row=last))
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, "H4")


def _health(ws: Worksheet, lang: Lang, data: DemoAccounts | None) -> None:
    block = L.HEALTH_CLASSES
    effort = BarChart()
    effort.title = Text("业务额占比与精力占比", "Revenue share vs effort share")(lang)
    share = block.first_col + block.index("revenue_share")
    effort.add_data(Reference(ws, min_col=share, max_col=share + 1, min_row=block.header_row, max_row=block.last_row),
                    titles_from_data=True)
    effort.set_categories(Reference(ws, min_col=block.first_col, min_row=block.first_row, max_row=block.last_row))
    effort.height, effort.width = 7, 12
    ws.add_chart(effort, "J2")
    per_rep = revenue_per_rep_chart(ws, reps_in_use(data), Text("各销售业务额", "Revenue per rep")(lang))
    per_rep.height, per_rep.width = 9, 12
    ws.add_chart(per_rep, "J17")


DEFAULT_CHART_REPS = 8  # the per-rep rows an empty template's chart plots: a usual team


def reps_in_use(data: DemoAccounts | None) -> int:
    """The per-rep rows a chart plots: the reps the workbook is built with. LibreOffice draws no series whose range is
    a defined name or an OFFSET, so the range is sized here; empty rows would be empty slots squeezing the bars."""
    return min(len(data.reps) if data else DEFAULT_CHART_REPS, L.MAX_REPS)


def revenue_per_rep_chart(ws: Worksheet, reps: int, title: str) -> BarChart:
    """Horizontal bars (names read across, not letter by letter), largest revenue at the top: the block is in revenue
    order."""
    block = L.HEALTH_REPS
    last = block.first_row + reps - 1
    chart = BarChart()
    chart.type, chart.gapWidth = "bar", 50
    chart.title = title
    chart.add_data(Reference(ws, min_col=block.first_col + block.index("revenue"), min_row=block.header_row,
                             max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=block.first_col + block.index("rep"), min_row=block.first_row,
                                   max_row=last))
    D.paint(chart.series[0], "open")
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.y_axis.number_format = "#,##0"
    chart.legend = None
    return chart



def _qualify(ws: Worksheet, lang: Lang, count: int) -> None:
    table = L.QUALIFY
    verdicts, letter = _column(table, "verdict", count), table.letter("verdict")
    for key, fill in ((GO, C.GREEN_FILL), (HOLD, C.AMBER_FILL), (NO_GO, C.RED_FILL)):
        C.highlight(ws, verdicts, f'${letter}2="{VERDICTS[key](lang)}"', fill)
    first, last = _body(table, count)
    first_item, last_item = table.letter(QUALIFY_ITEMS[0].key), table.letter(QUALIFY_ITEMS[-1].key)
    grid = f"{first_item}{first}:{last_item}{last}"
    for status, fill in ((KNOWN, C.GREEN_FILL), (AGAINST, C.RED_FILL)):
        text = ITEM_STATUS[status]
        C.highlight(ws, grid, f'OR({first_item}{first}="{text.zh}",{first_item}{first}="{text.en}")', fill)
    _problem_colour(ws, table, count)
    ws.freeze_panes = "B2"


def _levels(ws: Worksheet, lang: Lang, count: int) -> None:
    table = L.LEVELS
    levels, letter = _column(table, "level", count), table.letter("level")
    C.highlight(ws, levels, f'${letter}2="{REP_LEVELS[TOP](lang)}"', C.GREEN_FILL)
    C.highlight(ws, levels, f'${letter}2="{REP_LEVELS[PASS](lang)}"', C.AMBER_FILL)
    _problem_colour(ws, table, count)
    ws.freeze_panes = "B2"


def _rubric(ws: Worksheet, lang: Lang) -> None:
    """The CES rubric (seed 000) as a reference for rating reps."""
    block = L.RUBRIC_BLOCK
    for n, row in enumerate(RUBRIC, start=1):
        ws[block.cell("row", n)] = row.label(lang)
        ws[block.cell("row", n)].font = C.LABEL_FONT
        for key, level in zip(("pass", "middle", "top"), row.levels):
            ws[block.cell(key, n)] = level(lang)


def _customers(ws: Worksheet, count: int) -> None:
    table = L.CUSTOMERS
    first, last = _body(table, count)
    C.highlight(ws, table.body(last), f"${table.letter('due')}{first}=TRUE", C.AMBER_FILL)
    _problem_colour(ws, table, count)
    ws.freeze_panes = "B2"


def _calls(ws: Worksheet, lang: Lang) -> None:
    at, text = L.CALLS_RULES
    block = L.CALL_LIST
    ws[at] = text(lang)
    # beside the figures, over the list's width and down to the last figure, wrapped: one line ran off the page
    ws[at].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"{at}:{column_letter(block.first_col + len(block.columns) - 1)}"
                   f"{L.CALLS.cell('monthly_share').row}")
    reason = block.letter("reason")
    C.highlight(ws, f"{block.letter('n')}{block.first_row}:{reason}{block.last_row}",
                f'${reason}{block.first_row}="{DUE(lang)}"', C.AMBER_FILL)
    ws.freeze_panes = f"A{block.first_row}"


def demo_data() -> DemoAccounts:
    return demo_accounts(dt.date.today())


def summary(data: DemoAccounts) -> list[str]:
    """Headline figures of the demo copy, from the Python core."""
    tables = parsed_tables(data)
    accounts = tables["accounts"].frame
    tiered = tiers.tiers(accounts)
    counted = tiered.groupby("tier")["suggested"].sum()
    pareto = classes.accounts_for(accounts)
    top = classes.top_accounts(accounts["revenue"])
    reps = classes.reps_for(classes.classify(accounts), [r for r, _ in data.reps])
    verdicts = qualify.qualify(tables["qualification"].frame)["verdict"].value_counts()
    levels = rep_levels(tables["levels"].frame)["level"].value_counts()
    today = calls.call_list(tables["customers"].frame, data.as_of, per_owner=True)
    return [
        f"{len(accounts)} accounts; suggested 5+5+5: "
        + ", ".join(f"tier {int(t)}: {int(n)}" for t, n in counted.items()),
        f"80/20: {pareto.share_of_items:.0%} of accounts with business and {reps.share_of_items:.0%} of reps make 80%"
        if pareto and reps else "80/20: no revenue",
        f"the top {top[0]} accounts ({classes.TOP_SHARE:.0%}) make {top[1]:.0%} of revenue" if top else "",
        "qualification: " + ", ".join(f"{VERDICTS[k].en} {n}" for k, n in verdicts.items()),
        "rep levels: " + ", ".join(f"{REP_LEVELS[k].en} {n}" for k, n in levels.items()),
        f"today's calls: {len(today)} across {today['owner'].nunique()} reps",
    ]


INSTRUCTIONS = [
    Text("1. 「设置」:报告日期(空 = 今天)、各项门槛与比例、综合紧密度权重、销售人员名单(最多 30 人)。黄色格可改;"
         "「生效值」列是公式实际使用的值:填写为空或无效时用默认值,「数据问题」列标出无效的填写。",
         "1. 'Settings': as-of date (blank = today), thresholds and shares, closeness weights, the reps (up to 30). "
         "Yellow cells are yours to change; the 'In use' column is what the formulas use: the default when your "
         "value is blank or unusable, and 'Data problems' marks an unusable one."),
    Text("2. 「设置」右上的「数据检查」汇总所有表格的「数据问题」列、表格之外的行和超出容量的内容,"
         "合计数等于 xlsales check 报告的错误数。数据问题 > 0 的行有汇总不能计入的内容:存成文本的数字或日期、"
         "不在选项中的值、不在名单中的负责人、重复的名称等。",
         "2. The 'Data check' at the top right of 'Settings' adds up every table's 'Data problems' column, rows typed "
         "outside the tables and anything past a capacity; its total equals the errors `xlsales check` reports. A "
         "row whose 'Data problems' is above 0 holds something the summaries cannot count: a number or date stored "
         "as text, a value not among the choices, an owner not on the reps list, a repeated name..."),
    Text("3. 所有表格都是 Excel 表:在表格下方直接输入或粘贴,表格自动扩展,右侧的计算列(分层、分类、紧密度、优先分、"
         "数据问题……)自动填入新行,行数不限。选项(角色、成交意向、合同状态、7+3 状态、水平)中文或英文都可以。",
         "3. Every table is an Excel table: type or paste right below it and it grows, its calculated columns on the "
         "right (tiers, classes, closeness, priority score, data problems...) fill into the new rows, however many. "
         "Choices (role, intent, contract status, 7+3 status, level) may be typed in Chinese or English."),
    Text("4. 「客户」:每个重点客户一行:我方年业务额、总市场容量、未参与渠道供应。目标市场容量 = 总市场容量 − 未参与渠道供应;"
         "潜力缺口 = 目标市场容量 − 我方业务额,最小为 0(我方业务额超过目标市场容量时按 0 计,check 会提示核对)。",
         "4. 'Accounts': one row per key account: revenue with us, total market, supply via channels we are not "
         "in. Target capacity = total market − those channels; headroom = target capacity − revenue with us, never "
         "below 0 (revenue above the target capacity counts as 0 headroom, and check asks you to verify it)."),
    Text("5. 5+5+5 分层规则:占目标市场容量低于「未达潜力」比例即未达潜力;业务额 ≥「业务量大」门槛为第一层,"
         "有业务但低于门槛为第二层;没有业务且目标市场容量 ≥「潜力大」门槛为第三层。每层按潜力缺口从大到小取前 5 个(✓)。",
         "5. 5+5+5 rule: below potential = share of target capacity under the 'below potential' share; tier 1 = "
         "revenue at or above the 'much business' threshold, tier 2 = some business below it, tier 3 = no "
         "business and a target capacity at or above the 'large potential' threshold. Each tier takes its 5 "
         "largest headrooms (✓)."),
    Text("6. 「分层计划」:15 个客户,每个写明负责人、目的、谁、如何、何时、为什么;「月度跟踪」填每月预期与实际;"
         "「月度回顾」(最多列出从第一个月起的 24 个月)与图表在月度销售会议上公开审查。脚本 build_tier_plan "
         "按建议重排 15 个客户并为每个客户准备 12 个月的跟踪行,保留已填写的内容,可重复运行。",
         "6. 'Tier plan': the 15 accounts, each with owner, objective, who, how, when, why; fill expected and "
         "actual per month on 'Monthly'; review 'Monthly review' (up to 24 months from the first) and its chart at "
         "the monthly sales meeting. The build_tier_plan script refills the 15 from the suggestions with 12 "
         "monthly rows each, keeping what was typed; it is safe to run again."),
    Text("7. A/B/C:按业务额从大到小累计,前 80% 为 A 类,到 95% 为 B 类,其余 C 类(可手动指定)。"
         "「团队健康」回答:多少比例的客户、多少比例的销售贡献了 80% 的业务额,以及各类客户的精力分配(按人最多 30 人)。",
         "7. A/B/C: largest revenue first, the accounts making the first 80% are A, up to 95% B, the rest C (or "
         "set by hand). 'Team health' answers what share of accounts and of reps make 80% of revenue, and how "
         "effort is split by class (up to 30 reps listed)."),
    Text("8. 「关键人」:按部门列出关键人,角色(决策者/影响者/使用者/教练)、参与程度 1-5(1 最高)、关系紧密度、"
         "方案认可度、价格接受度(1-5)。综合紧密度按权重计算到人、客户和商机决策链(一人多个商机用逗号分隔)。",
         "8. 'Key people': by department, with role (decision-maker / influencer / user / coach), involvement 1-5 "
         "(1 highest), closeness, solution and price acceptance (1-5). Overall closeness is weighted per person, "
         "account and deal decision chain (several deals in one cell, comma-separated)."),
    Text("9. 「商机评估」7+3:客户 7 项 + 公司 3 项,各为 已知/部分了解/未知/不利(空 = 未知)。已知 1 分、部分 0.5 分;"
         "有「不利」即放弃;得分 ≥ 门槛且基本需求已知为跟进;否则先补信息。"
         "「销售水平」:按「评级标准」14 项给每位销售评 及格/中等/TOPSALES,平均分决定水平。",
         "9. 'Qualification' 7+3: 7 customer items + 3 company items, each known / partly known / unknown / "
         "against us (blank = unknown). Known 1 point, partly ½; anything against us = no-go; score at or above "
         "the threshold with needs known = go; otherwise find out more first. 'Rep levels': rate each rep Pass / "
         "Average / Top sales on the 14 rows of 'Rubric'; the mean decides."),
    Text(f"10. 「客户名单」与「今日拨打」:销售进程 0-7、成交意向、合同状态、下次拨打日期;每天按规则选出「每日拨打客户数」个"
         f"(默认 60,最多 {MAX_CALLS_PER_DAY},「今日拨打」全部列出)。拨打后更新下次拨打日期。脚本 todays_call_lists "
         "为每位销售各列一份。",
         f"10. 'Customers' and 'Call list': progress 0-7, intent, contract status, next-call date; each day the "
         f"rules pick the 'customers to call a day' (60 by default, at most {MAX_CALLS_PER_DAY}, all listed on "
         "'Call list'). After a call, set the next-call date. The todays_call_lists script lists one per rep."),
    Text("11. 安装 xlwings Lite 后可用函数:=ACCOUNT_TIER(Accounts[#All],A2)、=ACCOUNT_CLASS、=PARETO_ACCOUNTS、"
         "=PARETO_REPS、=PERSON_CLOSENESS、=ACCOUNT_CLOSENESS、=DEAL_CLOSENESS、=QUALIFY_SCORE、=QUALIFY_VERDICT、"
         "=QUALIFY_MISSING、=REP_LEVEL、=CALL_RANK、=CALL_LIST。",
         "11. With xlwings Lite: =ACCOUNT_TIER(Accounts[#All],A2), =ACCOUNT_CLASS, =PARETO_ACCOUNTS, =PARETO_REPS, "
         "=PERSON_CLOSENESS, =ACCOUNT_CLOSENESS, =DEAL_CLOSENESS, =QUALIFY_SCORE, =QUALIFY_VERDICT, "
         "=QUALIFY_MISSING, =REP_LEVEL, =CALL_RANK, =CALL_LIST."),
    Text("12. 「看板」(打开时的第一页,一页横向 A4):总业务额、前 20% 客户的业务额占比、15 个分层客户的实际与预期(至今)、"
         "落后计划的客户、今日拨打数与数据问题;各层预期与实际、各类客户的客户数与业务额占比(80/20);落后计划的客户可点击转到"
         "「分层计划」的对应行。图表按建表时的分层、月份和销售人数绘制;增加销售后请扩展图表的数据区域或使用新模板。",
         "12. 'Dashboard' (the first sheet, one landscape A4 page): total revenue, the top 20% of accounts' share of it, "
         "the 15 tiered accounts' actual against expected to date, accounts behind plan, today's calls and data "
         "problems; expected against actual per tier, each class's share of accounts against its share of revenue "
         "(80/20); click an account behind plan to go to its row on 'Tier plan'. The charts plot the tiers, months and "
         "reps the workbook was built with: after adding reps, extend a chart's data range or start from a new "
         "template."),
]


SPEC = C.TemplateSpec(name="accounts", title=TITLE, build=build, demo_data=demo_data, check=check,
                      summary=summary)
