"""The team workbook: the funnel template built for the team's stages and reps, the combined deals in
its Deals table, and the roll-up's own sheets (by rep, sources, conflicts, problems).

The template builder makes everything a funnel workbook has (native summary, forecast, charts,
validation, the embedded Lite code); the deals are written into its Deals table at XML level
(`xlsxrows`), because openpyxl would take minutes for a large team. The team workbook is a report:
its summaries, forecast and by-rep figures are live native formulas over the Deals table, while
the table's per-deal columns (weighted amount, days in stage, stale, slipped...) hold the values
the roll-up computed as of its date, so a 100,000-deal team recalculates in seconds. Every text
that came from someone else's file is written as text (see `put` and xlsxrows), never as a formula.
"""

import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlsales import __version__, lite
from xlsales import formula as F
from xlsales.forked import in_two
from xlsales.funnel import figures
from xlsales.funnel import layout as FL
from xlsales.funnel.demo import DemoFunnel
from xlsales.funnel.vocab import CATEGORY, DEAL_COLUMNS, STATUS
from xlsales.i18n import Lang, Text
from xlsales.layout import Table
from xlsales.sharing import layout as S
from xlsales.sharing import sheets
from xlsales.sharing.rollup import RollUp, by_rep
from xlsales.sharing.safety import is_formula_like, ooxml_text
from xlsales.sharing.team_dashboard import add_ranking
from xlsales.sharing.pinned import PinnedStyles, pin_table_styles
from xlsales.sharing.xlsxrows import CellKind, Package, RenderedRows, deflate_rows, put_rows, render_values
from xlsales.templates import common as C
from xlsales.templates.common import TEMPLATE_VERSION
from xlsales.templates.funnel import SPEC, build
from xlsales.zipwrite import Deflated

TIME = "yyyy-mm-dd hh:mm"
COMPRESSION = 1  # the fastest: a 100,000-deal team workbook is 18 MB at 1, 15 MB at 6, which takes 2 s longer
CORE_PROPS = "docProps/core.xml"
_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> None:
    """Write a value; text stays text (never a formula), with a quote prefix when it looks like one."""
    cell = ws.cell(row, col)
    if isinstance(value, str):
        # openpyxl drops xml:space="preserve" on whitespace-only text, and readers then read it as empty
        cell.value = "".join(f"_x{ord(c):04X}_" for c in value) if value and not value.strip() else ooxml_text(value)
        cell.data_type = "s"
        cell.quotePrefix = is_formula_like(value)
    else:
        cell.value = value
    if number_format or isinstance(value, dt.datetime):
        cell.number_format = number_format or C.DATE


def formula(ws: Worksheet, row: int, col: int, text: str, number_format: str) -> None:
    """A formula we wrote ourselves (never one built from someone else's text)."""
    cell = ws.cell(row, col, text)
    cell.number_format = number_format


# The team workbook carries the roll-up script (udfs/sharing.py) so the manager can roll up again inside
# Excel; it reads the imported files with python-calamine (in Pyodide's package set) and defusedxml.
TEAM_REQUIREMENTS = lite.REQUIREMENTS_TXT + "python-calamine\ndefusedxml\n"
TEAM_TITLE = Text("销售漏斗团队汇总", "Sales funnel team roll-up")


def team_main_py() -> str:
    return lite.bundle_main_py("udfs.sharing", TEAM_TITLE.both())


def team_workbook(rollup: RollUp, now: dt.datetime, code: str | None = None) -> bytes:
    """The finished team workbook's bytes; `now` (naive UTC) becomes its created and saved time; `code`: its main.py
    when already bundled (team_main_py).

    The deals' rows are written while a forked copy of this process builds the rest (xlsales.forked): with the
    Deals table's formats pinned (xlsales.sharing.pinned), neither needs the other's result until both are done."""
    pinned = PinnedStyles.of(FL.DEALS)

    def deal_rows() -> tuple[RenderedRows, Deflated]:
        rows = render_values(deal_columns(rollup, rollup.lang), pinned.first_col, FL.DEALS.first_row, pinned.styles(),
                             pinned.quoted)
        return rows, deflate_rows(rows, COMPRESSION)

    (rows, deflated), parts = in_two(deal_rows, lambda: _workbook_without_deals(rollup, now, code, pinned))
    package = Package.of_parts(parts)
    put_rows(package, FL.SHEET_DEALS(rollup.lang), FL.DEALS.name, rows, deflated, pinned.first_col, pinned.width,
             COMPRESSION)
    return package.to_bytes(COMPRESSION)


def _workbook_without_deals(rollup: RollUp, now: dt.datetime, code: str | None,
                            pinned: PinnedStyles) -> dict[str, bytes]:
    """The team workbook's parts, its Deals table still empty, with the table's formats pinned."""
    lang = rollup.lang
    wb = build(lang, DemoFunnel(as_of=rollup.as_of, stages=rollup.stages, reps=rollup.reps, deals=[]))
    _text_only(wb[FL.SHEET_STAGES(lang)], FL.STAGES)
    _text_only(wb[FL.SHEET_SETTINGS(lang)], FL.REPS)
    _by_rep_sheet(wb, rollup)
    add_ranking(wb, rollup)
    _sources_sheet(wb, rollup)
    _conflicts_sheet(wb, rollup)
    _problems_sheet(wb, rollup)
    _pace_sheet(wb, rollup)
    wb.properties.creator = "xlsales"
    wb.properties.title = f"{SPEC.title(lang)} — {Text('团队汇总', 'team roll-up')(lang)}"
    C.finish(wb, wb.properties.title)
    for ws in wb.worksheets:  # the funnel template's sheets were set up with its title: every page is the team's
        C.footer(ws, wb.properties.title)
    for name, value in (("xlsales.template", SPEC.name), ("xlsales.template_version", TEMPLATE_VERSION),
                        ("xlsales.version", __version__), ("xlsales.lang", lang)):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    buffer = io.BytesIO()
    wb.save(buffer)
    package = Package(lite.embed(buffer.getvalue(), code if code is not None else team_main_py(), TEAM_REQUIREMENTS))
    pin_table_styles(package, FL.SHEET_DEALS(lang), FL.DEALS.name, pinned)
    _values_not_formulas(package, FL.SHEET_DEALS(lang), FL.DEALS.name)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ").encode()  # the template build fixes these; a roll-up is dated
    package.parts[CORE_PROPS] = _CORE_TIME.sub(lambda m: m.group(1) + stamp + m.group(3), package.parts[CORE_PROPS])
    return package.parts


def deal_columns(rollup: RollUp, lang: Lang) -> list[tuple[CellKind, Any]]:
    """The deals as the Deals table's columns, labels in `lang`: the inputs, then the calculated columns' values
    as of the roll-up's date (xlsales.funnel.figures.deal_figures, the Python twin of those columns)."""
    deals = rollup.deals
    labels = {key: text(lang) for key, text in STATUS.items()}
    out: list[tuple[CellKind, Any]] = []
    for column in DEAL_COLUMNS:
        series = deals[column.key]
        if column.kind == "number":
            out.append(("number", series.to_numpy(dtype=np.float64, na_value=np.nan)))
        elif column.kind == "date":
            out.append(("date", series.to_numpy(dtype="datetime64[D]")))
        elif column.key == "status":
            out.append(("text", _texts(series.map(labels))))
        else:
            out.append(("text", _texts(series)))
    calculated = figures.deal_figures(deals, rollup.stage_frame, rollup.as_of)
    categories = {key: text(lang) for key, text in CATEGORY.items()}
    for column in FL.CALCULATED:
        if column.key == "problems":  # the roll-up left out every row with a problem
            out.append(("number", np.zeros(len(deals))))
        elif column.key == "status_std":
            out.append(("text", calculated["status"].map(labels).tolist()))
        elif column.key == "category":
            out.append(("text", calculated["category"].map(categories).tolist()))
        elif column.key in ("stale", "slipped"):
            out.append(("bool", calculated[column.key].astype(object).tolist()))
        else:
            out.append(("number", calculated[column.key].to_numpy(dtype=np.float64, na_value=np.nan)))
    return out


def _texts(series: pd.Series) -> Any:
    """A text column as the rows are written from it: a categorical one as it is (its codes say which text)."""
    return series.array if isinstance(series.dtype, pd.CategoricalDtype) else series.astype(object).tolist()


def _values_not_formulas(package: Package, sheet: str, table: str) -> None:
    """The table's columns hold values now: drop their calculated-column formulas, so Excel does not flag every
    cell as inconsistent with its column."""
    part = package.table_part(package.sheet_part(sheet), table)
    xml = re.sub(r"<calculatedColumnFormula>.*?</calculatedColumnFormula>", "", package.text(part), flags=re.DOTALL)
    package.put(part, re.sub(r"<(tableColumn\b[^>]*?)>\s*</tableColumn>", r"<\1/>", xml))


def _text_only(ws: Worksheet, table: Table) -> None:
    """The input cells of a table the builder filled from other people's data: none of them is a formula. Its
    calculated columns keep their formulas (ours)."""
    inputs = {table.first_col + i for i, column in enumerate(table.columns) if column.formula is None}
    for row in ws[ws.tables[table.name].ref][1:]:
        for cell in row:
            if cell.column in inputs and isinstance(cell.value, str):
                put(ws, cell.row, cell.column, cell.value)


def _header(ws: Worksheet, labels: list[Text], lang: Lang, widths: list[float]) -> None:
    C.header_row(ws, 1, 1, [t(lang) for t in labels])
    C.widths(ws, {get_column_letter(i + 1): w for i, w in enumerate(widths)})
    ws.freeze_panes = "A2"


def _rows(ws: Worksheet, rows: Iterable[list[Any]], formats: dict[int, str] | None = None) -> None:
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value, (formats or {}).get(c))


def _by_rep_sheet(wb: Workbook, rollup: RollUp) -> None:
    """Per rep, as native formulas over the Deals table: all reps, however many (the forecast sheet shows 30)."""
    lang = rollup.lang
    ws = wb.create_sheet(S.SHEET_BY_REP(lang))
    _header(ws, S.BY_REP_COLUMNS, lang, [16, 40, 12, 16, 16, 8, 8, 10])
    per_rep = by_rep(rollup)
    files = dict(zip(per_rep["owner"], per_rep["files"]))
    last = len(rollup.reps) + 1
    for r, (name, _team) in enumerate(rollup.reps, start=2):
        put(ws, r, 1, name)
        put(ws, r, 2, "、".join(files.get(name, [])))
        owner = (FL.deals("owner", lang), F.equals(f"$A{r}"))
        in_funnel = (FL.open_deals(lang), FL.in_known_stage(lang))
        formula(ws, r, 3, "=" + F.countifs(owner, *in_funnel), "0")
        formula(ws, r, 4, "=" + F.sumifs(FL.deals("amount", lang), owner, *in_funnel), C.MONEY0)
        formula(ws, r, 5, "=" + FL.weighted_pipeline(lang, owner), C.MONEY0)
        formula(ws, r, 6, "=" + F.countifs(owner, FL.status_is("won", lang)), "0")
        formula(ws, r, 7, "=" + F.countifs(owner, FL.status_is("lost", lang)), "0")
        formula(ws, r, 8, f'=IF(F{r}+G{r}=0,"",F{r}/(F{r}+G{r}))', C.PERCENT)
    total = last + 1
    put(ws, total, 1, Text("合计", "Total")(lang))
    for col in range(3, 8):
        letter = get_column_letter(col)
        formula(ws, total, col, f"=SUM({letter}2:{letter}{last})", C.MONEY0 if col in (4, 5) else "0")
    formula(ws, total, 8, f'=IF(F{total}+G{total}=0,"",F{total}/(F{total}+G{total}))', C.PERCENT)
    C.style_range(ws, f"A{total}:H{total}", bold=True)


def _sources_sheet(wb: Workbook, rollup: RollUp) -> None:
    ws = wb.create_sheet(S.SHEET_SOURCES(rollup.lang))
    _header(ws, S.SOURCE_COLUMNS, rollup.lang, [28, 20, 10, 10, 10, 8, 18, 18, 12, 12, 10, 10, 12, 50])
    _rows(ws, sheets.source_rows(rollup), {7: TIME, 8: TIME})
    for col in (7, 8):
        ws.cell(1, col).value = f"{ws.cell(1, col).value} (UTC)"


def _conflicts_sheet(wb: Workbook, rollup: RollUp) -> None:
    ws = wb.create_sheet(S.SHEET_CONFLICTS(rollup.lang))
    _header(ws, S.CONFLICT_COLUMNS, rollup.lang, [8, 12, 16, 24, 20, 24, 20, 40])
    _rows(ws, sheets.conflict_rows(rollup))


def _problems_sheet(wb: Workbook, rollup: RollUp) -> None:
    ws = wb.create_sheet(S.SHEET_PROBLEMS(rollup.lang))
    _header(ws, S.PROBLEM_COLUMNS, rollup.lang, [28, 16, 60, 20, 8])
    _rows(ws, sheets.problem_rows(rollup))


def _pace_sheet(wb: Workbook, rollup: RollUp) -> None:
    """Weekly pace by rep (values from xlsales.quota), when quota workbooks with weekly rows were rolled up."""
    rows = sheets.pace_rows(rollup)
    if not rows:
        return
    ws = wb.create_sheet(S.SHEET_PACE(rollup.lang))
    _header(ws, S.PACE_COLUMNS, rollup.lang, [12, 12, 12, 14, 14, 12, 10, 8, 8, 14, 10, 28])
    _rows(ws, rows, {3: "0.0", 4: "#,##0.0", 5: "#,##0", 6: "#,##0.0", 7: C.PERCENT, 10: "#,##0.0"})
