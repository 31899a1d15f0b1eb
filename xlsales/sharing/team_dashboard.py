"""The team workbook's dashboard: the funnel dashboard its template builds, for the team (the Deals table holds
every rep's deals, so its tiles, funnel, forecast by month and attention list are the team's), titled for the
team, with the reps ranked by weighted pipeline beside the attention list.

The ranking is native, like every figure: each rep's weighted pipeline (the funnel's one builder of that figure,
for the rep's deals), the rep's rank (ties in list order), then the reps in rank order, which the chart plots.
The blocks hold one row per rep of the roll-up, and the chart the top SHOWN of them.
"""

from openpyxl import Workbook
from openpyxl.chart import Reference

from xlsales import formula as F
from xlsales.funnel import layout as FL
from xlsales.i18n import Lang, Text
from xlsales.layout import Block, Col, RowFormula
from xlsales.sharing.rollup import RollUp
from xlsales.templates import dashboard as D
from xlsales.templates.render import write_block

TITLE = Text("销售漏斗团队看板", "Team funnel dashboard")
SHOWN = 10  # reps in the chart: the top of the ranking, readable on the one-page dashboard
WEIGHTED = Text("加权金额", "Weighted pipeline")
CHART_AT = f"K{FL.ATTENTION.header_row - 1}:S{FL.ATTENTION.last_row}"  # beside the attention list, on the page


def rep_figures(reps: int) -> Block:
    """Each rep on the reps list, their weighted pipeline and rank (beside the printed page: chart data)."""
    def rep(lang: Lang, r: int) -> str:
        return f"INDEX({FL.REPS.ref('name', lang)},{r - block.header_row})"

    def weighted(lang: Lang, r: int) -> str:
        return FL.weighted_pipeline(lang, (FL.deals("owner", lang), F.equals(f"${block.letter('rep')}{r}")))

    def rank(lang: Lang, r: int) -> str:
        value, letter = f"${block.letter('weighted')}{r}", block.letter("weighted")
        earlier = f'+COUNTIF(${letter}${block.first_row}:${letter}{r - 1},{value})' if r > block.first_row else ""
        return f'COUNTIF({block.column("weighted")},">"&{value}){earlier}+1'

    block = Block("rep_figures", "Z4", (
        Col("rep", Text("销售", "Rep"), formula=rep, width=14),
        Col("weighted", WEIGHTED, formula=weighted, number_format="#,##0", width=14),
        Col("rank", Text("名次", "Rank"), formula=rank, number_format="0", width=6),
    ), rows=reps)
    return block


def ranking(figures: Block, reps: int) -> Block:
    """The reps in rank order, the first SHOWN."""
    def nth(key: str) -> RowFormula:
        def formula(lang: Lang, r: int) -> str:
            n = r - block.header_row
            return f"INDEX({figures.column(key)},MATCH({n},{figures.column('rank')},0))"
        return formula

    block = Block("ranking", "AD4", (
        Col("rep", Text("销售(按加权金额排名)", "Rep (by weighted pipeline)"), formula=nth("rep"), width=16),
        Col("weighted", WEIGHTED, formula=nth("weighted"), number_format="#,##0", width=14),
    ), rows=min(reps, SHOWN))
    return block


def add_ranking(wb: Workbook, rollup: RollUp) -> None:
    """The team title on the funnel dashboard, and the reps' ranking with its chart."""
    lang = rollup.lang
    ws = wb[FL.SHEET_DASHBOARD(lang)]
    ws["A1"] = TITLE(lang)
    if not rollup.reps:
        return
    figures = rep_figures(len(rollup.reps))
    ranked = ranking(figures, len(rollup.reps))
    write_block(ws, figures, lang)
    write_block(ws, ranked, lang)
    names = Reference(ws, min_col=ranked.first_col, min_row=ranked.first_row, max_row=ranked.last_row)
    values = Reference(ws, min_col=ranked.first_col + 1, min_row=ranked.header_row, max_row=ranked.last_row)
    chart = D.bars(ws, names, [(values, "open")], Text("各销售加权金额排名", "Reps by weighted pipeline")(lang),
                   horizontal=True)
    chart.legend = None
    D.place(ws, chart, CHART_AT)
