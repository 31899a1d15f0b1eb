"""Imported workbooks recalculated by LibreOffice 25.2: zero error cells, and every summary figure, per-stage row and
per-rep row equal to the Python core on the deals the workbook holds. Three sources users have: a 10,000-row
Salesforce-style report, a GBK CSV with Chinese headers (into an English workbook), and the shape of a public CRM
sample (8,800 opportunities, 30 agents, open deals without amount or close date); and the GBK export added --into
the demo workbook below its own deals."""

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.lo_compare import LIBREOFFICE
from tests.import_cases import PUBLIC_MAP, SALESFORCE_MAP, chinese_csv, public_crm_csv, salesforce_csv
from tests.quota_compare import chart_gaps
from tests.workbook_values import Recalculated, block_rows, cell
from xlsales import libreoffice
from xlsales.book import read_sheets
from xlsales.cli import main
from xlsales.funnel import figures
from xlsales.funnel import layout as L
from xlsales.funnel.demo import demo_funnel
from xlsales.funnel.inputs import parse_deals, parse_stages
from xlsales.funnel.workbook import check
from xlsales.importing.targets import TARGETS
from xlsales.sharing.xlsxrows import Package
from xlsales.sheets import table_rows
from xlsales.templates.build import write_workbook
from xlsales.templates.funnel import SPEC
from xlsales.templates.registry import TEMPLATES

pytestmark = LIBREOFFICE
AS_OF = dt.date(2026, 11, 23)
DEMO_DEALS = len(demo_funnel(AS_OF).deals)
SOURCES = {  # file name, its bytes, mapping file, language, --into the demo workbook, deals the result holds
    "salesforce": ("salesforce.csv", lambda: salesforce_csv().encode("utf-8"), SALESFORCE_MAP, "zh-CN", False, 10_000),
    "gbk": ("商机导出.csv", lambda: chinese_csv().encode("gbk"), None, "en", False, 300),
    "public": ("sales_pipeline.csv", lambda: public_crm_csv().encode("utf-8"), PUBLIC_MAP, "zh-CN", False, 8_800),
    "into": ("商机导出.csv", lambda: chinese_csv().encode("gbk"), None, "zh-CN", True, DEMO_DEALS + 300),
}


def pin_as_of(path: Path, lang: str) -> None:
    """The settings' as-of date fixed (the template's is =TODAY()), so the recalculation is the same on any day."""
    package = Package(path.read_bytes())
    part = package.sheet_part(L.SETTINGS.name(lang))
    at = L.SETTINGS.address("as_of")
    serial = (AS_OF - dt.date(1899, 12, 30)).days
    xml, count = re.subn(rf'(<c r="{at}"[^>]*?)(?: t="\w+")?>\s*<f>TODAY\(\)</f>.*?</c>', rf"\g<1>><v>{serial}</v></c>",
                         package.text(part), flags=re.DOTALL)
    assert count == 1
    package.put(part, xml)
    path.write_bytes(package.to_bytes())


@pytest.fixture(scope="module", params=list(SOURCES))
def imported(request, tmp_path_factory):
    name, data, mapping, lang, into, rows = SOURCES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    (folder / name).write_bytes(data())
    arguments = ["import", str(folder / name), "-o", str(folder / "imported.xlsx"), "--lang", lang]
    if mapping:
        (folder / "map.toml").write_text(mapping, encoding="utf-8")
        arguments += ["--map", str(folder / "map.toml")]
    if into:  # the demo workbook (its as-of date is AS_OF): embedded code, charts, 127 deals of 4 reps
        arguments += ["--into", str(write_workbook(SPEC, lang, folder / "team.xlsx", demo_funnel(AS_OF)))]
    assert main(arguments) == 0
    if not into:
        pin_as_of(folder / "imported.xlsx", lang)
    result = libreoffice.recalculate(folder / "imported.xlsx", folder / "out")
    sheets = read_sheets(folder / "imported.xlsx")
    stage_sheet, deal_sheet = L.SHEET_STAGES(lang), L.SHEET_DEALS(lang)
    stages = parse_stages(table_rows(sheets[stage_sheet], L.STAGES, None), stage_sheet)
    deals = parse_deals(table_rows(sheets[deal_sheet], L.DEALS, None), deal_sheet, list(stages.frame["stage"]))
    assert len(deals.frame) == rows
    reps = [r[0] for r in table_rows(sheets[L.SHEET_SETTINGS(lang)], L.REPS, None)[1:] if r and r[0] is not None]
    return lang, result, load_workbook(result, data_only=True), deals.frame, stages.frame, check(sheets), reps


def test_no_error_cells(imported):
    _, result, *_ = imported
    assert libreoffice.error_cells(result) == []


def test_summary_matches_core(imported):
    lang, _, wb, deals, stages, problems, _ = imported
    value = cell(wb, L.SUMMARY, lang)
    alerts = figures.deal_alerts(deals, stages, AS_OF)
    summary = figures.stage_summary(deals, stages)
    assert value("open_deals") == summary["count"].sum() > 0
    assert value("pipeline") == pytest.approx(figures.total_pipeline(deals, stages))
    assert value("weighted") == pytest.approx(figures.weighted_pipeline(deals, stages))  # 0 for the public sample:
    # none of its open deals has an amount
    assert value("win_rate") == pytest.approx(figures.win_rate(deals))
    assert value("cycle") == pytest.approx(figures.sales_cycle(deals)["mean_days"])
    assert value("stale") == alerts["stale"].sum()
    assert value("slipped") == alerts["slipped"].sum()
    # the workbook's own data-problem counter counts what `xlsales check` (and the import) reported
    assert value("problems") == sum(p.severity == "error" for p in problems) and value("outside") == 0
    rows = block_rows(wb, L.SUMMARY, "stages", lang)
    reached = figures.win_rate_by_stage_reached(deals, stages)
    for i in range(len(stages)):
        assert rows[i]["stage"] == summary.at[i, "stage"]
        assert rows[i]["count"] == summary.at[i, "count"]
        assert rows[i]["amount"] == pytest.approx(summary.at[i, "amount"])
        assert rows[i]["weighted"] == pytest.approx(summary.at[i, "weighted"])
        assert rows[i]["reached"] == reached.at[i, "reached"]


def test_per_rep_figures_match_core_whatever_the_names(imported):
    lang, _, wb, deals, stages, _, reps = imported
    weighted = figures.weighted_by_owner(deals, stages)
    rates = figures.win_rates_by_owner(deals).set_index("owner")
    shown = [r for r in block_rows(wb, L.FORECAST, "reps", lang) if r["owner"] not in (None, "")]
    assert [r["owner"] for r in shown] == reps[:L.MAX_REPS]  # a new workbook lists its owners
    for row in shown:  # the GBK export has owners named 王?, 李* and =赵六
        owner = row["owner"]
        assert row["weighted"] == pytest.approx(weighted.get(owner, 0.0)), owner
        assert row["won"] == (rates.at[owner, "won"] if owner in rates.index else 0), owner
        assert row["lost"] == (rates.at[owner, "lost"] if owner in rates.index else 0), owner


WEEKLY = ('姓名,周次,新增商机,拜访次数,签单金额,回款金额\n王?,第1周,3,10,"￥12,000",5000\n李*,W2,2,8,1.5万,0\n'
          '王?,2,4,abc,,\n')
CUSTOMERS = ('Account Name,Account Owner,Progress,Intent,Contract status,Next Contact Date,Phone\n'
             'Acme,Ann,"3 Need found, discussing solution",Good,No contract,2026-12-01,13800138000\n'
             'Beta,Bob,4,Poor,Under contract,12/03/2026,+86 10 1234\n=cmd,Ann,9,Meh,,,\n')


@pytest.mark.parametrize("text, target, lang, errors", [(WEEKLY, TARGETS["quota-weekly"], "zh-CN", 1),
                                                        (CUSTOMERS, TARGETS["accounts-customers"], "en", 3)])
def test_weekly_tracking_and_customer_list_recalculate_cleanly(tmp_path, capsys, text, target, lang, errors):
    (tmp_path / "source.csv").write_text(text, encoding="utf-8")
    assert main(["import", str(tmp_path / "source.csv"), "-o", str(tmp_path / "imported.xlsx"), "--lang", lang]) == 0
    assert f"; {errors} 个错误 errors" in capsys.readouterr().err
    result = libreoffice.recalculate(tmp_path / "imported.xlsx", tmp_path / "out")
    # the only error cells: the quota pace chart's #N/A past the tracked week, on purpose (its lines end there)
    expected = chart_gaps(Recalculated(read_sheets(result)), lang) if target.template == "quota" else set()
    assert set(libreoffice.error_cells(result)) == expected
    ws = load_workbook(result, data_only=True)[target.sheet(lang)]
    table = target.table
    counted = [ws.cell(r, table.first_col + table.index("problems")).value for r in range(table.first_row, 5)]
    problems = [p for p in TEMPLATES[target.template].check(read_sheets(tmp_path / "imported.xlsx"), None)
                if p.severity == "error" and p.sheet == target.sheet(lang)]
    assert sum(counted) == len(problems) == errors  # the table's own counter, check and the import agree
