"""The dashboards in LibreOffice 25: each prints on one page, the funnel demo prints in far fewer pages than the 39
it took before, no chart series reaches past the data it plots, the tiles, lists and chart data equal the Python
core, and the attention list's links land on their deals' rows.

Addresses come from the descriptions (xlsales/funnel/layout.py, xlsales/quote/layout.py,
xlsales/sharing/team_dashboard.py)."""

import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.sharing_cases import rep_files
from tests.workbook_values import block_rows, cell
from xlsales import cli, libreoffice
from xlsales.funnel import figures, history
from xlsales.funnel import layout as FL
from xlsales.funnel.demo import demo_funnel, frames
from xlsales.funnel.vocab import LOST, OPEN, STATUS, WON
from xlsales.layout import quote_sheet, split_address
from xlsales.problems import column_letter
from xlsales.quote import layout as QL
from xlsales.quote.demo import priced
from xlsales.quote.pricing import part_totals, summarise
from xlsales.sharing import team_dashboard as T
from xlsales.sharing.reading import read_source
from xlsales.sharing.rollup import by_rep, combine
from xlsales.templates import common as C
from xlsales.templates import funnel as funnel_template
from xlsales.templates.build import write_workbook
from xlsales.templates.funnel import SPEC as FUNNEL
from xlsales.templates.quote import SPEC as QUOTE

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed"),
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")]
AS_OF = dt.date(2026, 11, 23)
LANG = "zh-CN"
PAGES_BEFORE = 39  # the funnel demo printed on 39 pages before the print setup (issue 13)
CHART_REF = re.compile(r"<(?:c:)?f>([^<]+)</(?:c:)?f>")


class Built:
    """A built workbook, recalculated by LibreOffice and printed to PDF."""

    def __init__(self, source: Path, folder: Path):
        self.source = source
        self.recalculated = libreoffice.recalculate(source, folder / "out")
        self.values = load_workbook(self.recalculated, data_only=True)
        self.pdf = libreoffice.export_pdf(source, folder / "pdf")

    def pages(self) -> list[str]:
        """Each printed page's text."""
        text = subprocess.run(["pdftotext", "-layout", str(self.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        return text.split("\f")[:-1]

    def dashboard_pages(self) -> int:
        """Pages before the one where the second sheet (the instructions) starts."""
        heading = load_workbook(self.source, read_only=True).worksheets[1]["A1"].value
        return next(n for n, page in enumerate(self.pages()) if heading in page)

    def chart_refs(self) -> list[str]:
        with zipfile.ZipFile(self.source) as package:
            return [ref for name in package.namelist() if name.startswith("xl/charts/chart")
                    for ref in CHART_REF.findall(package.read(name).decode())]


@pytest.fixture(scope="module")
def funnel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("funnel")
    return Built(write_workbook(FUNNEL, LANG, folder / "funnel-demo.xlsx", demo_funnel(AS_OF)), folder)


@pytest.fixture(scope="module")
def empty_funnel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("funnel-empty")
    return Built(write_workbook(FUNNEL, LANG, folder / "funnel.xlsx"), folder)


@pytest.fixture(scope="module")
def quote(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quote")
    return Built(write_workbook(QUOTE, LANG, folder / "quote-demo.xlsx", QUOTE.demo_data()), folder)


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    reps = rep_files(folder / "reps")
    output = folder / "team.xlsx"
    assert cli.main(["rollup", *map(str, reps), "-o", str(output), "--lang", LANG, "--as-of", AS_OF.isoformat()]) == 0
    rollup = combine([read_source(p.name, p.read_bytes()) for p in reps], LANG, AS_OF)
    return Built(output, folder), rollup


@pytest.fixture(scope="module", params=["funnel", "quote", "team"])
def with_dashboard(request):
    built = request.getfixturevalue(request.param)
    return built[0] if isinstance(built, tuple) else built


def test_the_dashboard_prints_on_one_page(with_dashboard):
    assert with_dashboard.dashboard_pages() == 1


def test_the_funnel_demo_prints_far_fewer_pages_than_before(funnel):
    pages = funnel.pages()
    assert len(pages) <= PAGES_BEFORE // 3, len(pages)
    assert all(f"{n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))  # the footer's page numbers
    deals_header = FL.DEALS.col("id").label(LANG)
    deal_pages = [page for page in pages if re.search(r"\bD\d{4}\b", page) and FL.SHEET_DASHBOARD(LANG) not in page]
    assert deal_pages and all(deals_header in page for page in deal_pages)  # every page of deals has its header


@pytest.fixture(scope="module", params=["empty_funnel", "funnel", "quote", "team"])
def charted(request):
    built = request.getfixturevalue(request.param)
    return built[0] if isinstance(built, tuple) else built


def test_no_chart_series_reaches_past_its_data(charted):
    """Every cell a chart plots (names, values, series titles) holds something once recalculated: a range sized
    past the rows in use would draw empty slots (the summary's bars bunched at the top of 10 slots)."""
    refs = charted.chart_refs()
    assert refs
    for ref in refs:
        sheet, cells = ref.rsplit("!", 1)
        ws = charted.values[sheet.strip("'").replace("''", "'")]
        first, last = (cells.replace("$", "").split(":") + [cells.replace("$", "")])[:2]
        (top, left), (bottom, right) = split_address(first), split_address(last)
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                assert ws.cell(row, col).value not in (None, ""), f"{ref}: {column_letter(col - 1)}{row} is empty"


def test_the_funnel_charts_plot_the_stages_in_use(empty_funnel, funnel):
    """The empty template plots its default five stages; the summary's ten slots are not all plotted."""
    block, letter = FL.SUMMARY_STAGES, FL.SUMMARY_STAGES.letter("stage")
    five = f"{quote_sheet(FL.SHEET_SUMMARY(LANG))}!${letter}${block.first_row}:${letter}${block.first_row + 4}"
    for built in (empty_funnel, funnel):
        on_summary = [ref for ref in built.chart_refs() if ref.startswith(quote_sheet(FL.SHEET_SUMMARY(LANG)))]
        assert five in on_summary
        assert all(split_address(ref.replace("$", "").split(":")[-1].split("!")[-1])[0] <= block.first_row + 4
                   for ref in on_summary), on_summary


def _quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    end = (pd.Timestamp(start) + pd.offsets.QuarterEnd(0)).date()
    return start, end


def test_the_funnel_tiles_equal_the_core(funnel):
    deals, stages = frames(demo_funnel(AS_OF), LANG)
    value = cell(funnel.values, FL.DASHBOARD, LANG)
    start, end = _quarter(AS_OF)
    closing = (deals["close_date"] >= pd.Timestamp(start)) & (deals["close_date"] <= pd.Timestamp(end))
    alerts = figures.deal_alerts(deals, stages, AS_OF)
    open_count = int(figures.stage_summary(deals, stages)["count"].sum())
    assert value("pipeline") == pytest.approx(figures.total_pipeline(deals, stages))
    assert value("weighted") == pytest.approx(figures.weighted_pipeline(deals, stages))
    assert value("win_rate") == pytest.approx(figures.win_rate(deals))
    assert value("forecast") == pytest.approx(figures.forecast_period(deals, stages, start, end))
    assert value("forecast_won") == pytest.approx(deals.loc[closing & (deals["status"] == WON), "amount"].sum())
    assert value("stale") == alerts["stale"].sum() > 0 and value("slipped") == alerts["slipped"].sum() > 0
    assert value("stale_open") == value("slipped_open") == open_count
    assert value("stale_open_delta") == pytest.approx(alerts["stale"].sum() / open_count)
    flagged = alerts[alerts["stale"] | alerts["slipped"]]
    assert value("attention") == len(flagged)
    assert value("previous_snapshot") in (None, "") and value("pipeline_snapshot") in (None, "")  # no history yet
    listed = [r for r in block_rows(funnel.values, FL.DASHBOARD, "attention", LANG) if r["id"] not in (None, "")]
    assert [r["id"] for r in listed] == list(flagged["id"][:FL.ATTENTION.rows])
    words = {"slipped": "延误", "stale": "停滞"}
    for row, (_, alert) in zip(listed, flagged.iterrows()):
        assert set(row["why"].split()) == {words[k] for k in words if alert[k]}
        assert row["link"] == f"→ {alert['id']}"


def _funnel_with_history(folder: Path) -> tuple[Path, pd.DataFrame]:
    """The demo funnel with three snapshots on its History sheet, as weekly_snapshot writes them: two weeks ago,
    last week (changed: other amounts, two won deals still open, one lost deal still open) and today."""
    data = demo_funnel(AS_OF)
    deals, _ = frames(data, LANG)
    last_week = deals.copy()
    last_week["amount"] = last_week["amount"] * 0.8
    won, lost = last_week.index[last_week["status"] == WON][:2], last_week.index[last_week["status"] == LOST][:1]
    last_week.loc[won.union(lost), "status"] = OPEN
    snapshots = pd.concat([history.snapshot(deals, AS_OF - dt.timedelta(days=14)),
                           history.snapshot(last_week, AS_OF - dt.timedelta(days=7)), history.snapshot(deals, AS_OF)])
    wb = funnel_template.build(LANG, data)
    ws = wb[FL.SHEET_HISTORY(LANG)]
    for r, row in enumerate(snapshots.itertuples(index=False), start=FL.SNAPSHOTS.first_row):
        values = [row.snapshot.date(), row.id, row.owner, row.customer, row.stage, STATUS[row.status](LANG),
                  row.amount, row.close_date.date() if pd.notna(row.close_date) else None]
        for c, value in enumerate(values, start=FL.SNAPSHOTS.first_col):
            ws.cell(r, c, value)
    C.finish(wb, FUNNEL.title(LANG))
    path = folder / "funnel-history.xlsx"
    wb.save(path)
    return path, last_week


def test_the_comparisons_with_the_last_snapshot_equal_the_core(tmp_path):
    """Against the latest snapshot before the as-of date (today's is not "last"), each figure as the core computes
    it from that snapshot's deals and today's stage probabilities."""
    path, last_week = _funnel_with_history(tmp_path)
    values = load_workbook(libreoffice.recalculate(path, tmp_path / "out"), data_only=True)
    value = cell(values, FL.DASHBOARD, LANG)
    deals, stages = frames(demo_funnel(AS_OF), LANG)
    assert value("previous_snapshot") == dt.datetime.combine(AS_OF - dt.timedelta(days=7), dt.time())
    assert value("pipeline_snapshot") == pytest.approx(figures.total_pipeline(last_week, stages))
    assert value("weighted_snapshot") == pytest.approx(figures.weighted_pipeline(last_week, stages))
    assert value("win_rate_snapshot") == pytest.approx(figures.win_rate(last_week))
    assert value("pipeline_snapshot_delta") == pytest.approx(
        figures.total_pipeline(deals, stages) - figures.total_pipeline(last_week, stages))
    assert value("win_rate_snapshot_delta") == pytest.approx(figures.win_rate(deals) - figures.win_rate(last_week))


def test_the_quote_dashboard_equals_the_core(quote):
    data = QUOTE.demo_data()
    lines = priced(data, data.lines)
    summary = summarise(lines)
    value = cell(quote.values, QL.QUOTE_DASHBOARD, LANG)
    assert value("total") == pytest.approx(summary.total) and value("list_total") == pytest.approx(summary.list_total)
    assert value("given") == pytest.approx(summary.given) and value("room") == pytest.approx(summary.room)
    assert value("given_list_delta") == pytest.approx(summary.given_share)
    assert value("room_floor") == pytest.approx(summary.floor)
    assert value("total_budget_delta") == pytest.approx(summary.total / data.details.budget)
    parts = part_totals(lines)
    split = block_rows(quote.values, QL.QUOTE_DASHBOARD, "parts", LANG)
    assert [r["at_list"] for r in split] == pytest.approx(list(parts["list_amount"]))
    assert [r["quoted"] for r in split] == pytest.approx([summary.license, summary.training, summary.service])
    levels = {key: r["amount"] for (key, _, _), r in zip(QL.PRICE_LEVEL_ROWS,
                                                         block_rows(quote.values, QL.QUOTE_DASHBOARD, "levels", LANG))}
    assert levels == pytest.approx({"floor": summary.floor, "total": summary.total, "list_total": summary.list_total,
                                    "budget": data.details.budget})


def test_the_team_ranking_equals_the_core(team):
    built, rollup = team
    ws = built.values[FL.SHEET_DASHBOARD(LANG)]
    ranked = T.ranking(T.rep_figures(len(rollup.reps)), len(rollup.reps))
    shown = [(ws.cell(r, ranked.first_col).value, ws.cell(r, ranked.first_col + 1).value)
             for r in range(ranked.first_row, ranked.last_row + 1)]
    expected = by_rep(rollup).sort_values("weighted", ascending=False, kind="stable")[:T.SHOWN]
    assert [name for name, _ in shown] == list(expected["owner"])
    assert [w for _, w in shown] == pytest.approx(list(expected["weighted"]))
    assert ws["A1"].value == T.TITLE(LANG)


def _uno_python() -> str | None:
    python = shutil.which("python3", path="/usr/bin")
    if python is None or python == sys.executable:
        return None
    found = subprocess.run([python, "-c", "import uno"], capture_output=True)
    return python if found.returncode == 0 else None


@pytest.mark.skipif(_uno_python() is None, reason="no python3 with LibreOffice's uno module")
def test_the_attention_links_land_on_their_deals_rows(funnel):
    """Followed in LibreOffice as a click follows them, each link selects its deal's ID cell on the deals sheet."""
    block = FL.ATTENTION
    links = [block.cell("link", n) for n in (1, 2, block.rows)]
    ids = [funnel.values[FL.SHEET_DASHBOARD(LANG)][block.cell("id", n)].value for n in (1, 2, block.rows)]
    run = subprocess.run([_uno_python(), str(Path(__file__).with_name("lo_links.py")), str(funnel.source), "0", *links],
                         capture_output=True, text=True, timeout=300, check=True)
    deals = funnel.values[FL.SHEET_DEALS(LANG)]
    for line, deal in zip(run.stdout.splitlines(), ids):
        _, sheet, address = line.split("\t")
        assert sheet == FL.SHEET_DEALS(LANG) and address.startswith(f"${FL.DEALS.letter('id')}$")
        assert deals[address.replace("$", "")].value == deal
