"""Our Excel functions typed into LibreOffice Calc cells, computed by our Python through the bridge profile
(tests/lo_bridge.py), read back and compared with the Python core."""

import datetime as dt
import os

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table

import udfs.funnel as F
from tests.lo_bridge import BRIDGE_ERROR, excel_functions, make_profile
from xlsales import libreoffice, lite
from xlsales.funnel import figures
from xlsales.funnel import layout as L
from xlsales.funnel.clarity import clarity
from xlsales.funnel.demo import REPS, demo_funnel, frames
from xlsales.templates.build import write_workbook
from xlsales.templates.funnel import SPEC

# Skip where LibreOffice is missing, but never in CI, where scripts/test.sh installs it.
pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available() and not os.environ.get("CI"),
                                 reason="LibreOffice (soffice) not installed")]
AS_OF = dt.date(2026, 11, 23)
LANG = "zh-CN"
SHEET = "函数"
BAD_DATE = "#XLSALES! 「开始日期」应为日期 / 'start date' must be a date"


def _pick(alerts, column: str, flagged: bool) -> str:
    return str(alerts.loc[alerts[column] == flagged, "id"].iloc[0])


@pytest.fixture(scope="module")
def funnel(tmp_path_factory):
    """The zh-CN demo funnel with a sheet of formulas calling our functions, recalculated by LibreOffice
    with the bridge running the workbook's own main.py. Returns (cell -> value, expected values)."""
    folder = tmp_path_factory.mktemp("lo-functions")
    data = demo_funnel(AS_OF)
    deals, stages = frames(data)
    alerts = figures.deal_alerts(deals, stages, AS_OF)
    alerts_one_push = figures.deal_alerts(deals, stages, AS_OF, max_pushes=1)
    # slipped after one push but not after the default three: proves the optional argument arrives
    pushed_once = alerts_one_push.loc[alerts_one_push["slipped"] & ~alerts["slipped"], "id"].iloc[0]
    stale, fresh = _pick(alerts, "stale", True), _pick(alerts, "stale", False)
    slipped, on_time = _pick(alerts, "slipped", True), _pick(alerts, "slipped", False)

    source = write_workbook(SPEC, LANG, folder / "funnel-demo.xlsx", data)
    wb = load_workbook(source)
    deals_name, settings_name = L.SHEET_DEALS(LANG), L.SHEET_SETTINGS(LANG)
    deal_sheet = wb[deals_name]
    clarity_column, stage_column = (L.DEALS.first_col + L.DEALS.index(key) for key in ("clarity", "stage"))
    third_stage_row = next(r for r in range(L.DEALS.first_row, deal_sheet.max_row + 1)
                           if deal_sheet.cell(r, stage_column).value == stages.at[2, "stage"]
                           and deal_sheet.cell(r, clarity_column).value)
    clarity_cell = deal_sheet.cell(third_stage_row, clarity_column)
    first_rep = f"{L.REPS.letter('name')}{L.REPS.first_row}"
    as_of = f"{settings_name}!{L.SETTINGS.address('as_of')}"
    period = [f"{L.SHEET_FORECAST(LANG)}!{L.FORECAST.address(key)}" for key in ("period_start", "period_end")]
    assert wb[settings_name][first_rep].value == REPS[0][0]
    assert wb[settings_name][L.SETTINGS.address("as_of")].value.date() == AS_OF
    # the deals' header and four rows of their first two columns: a table without most columns
    short = f"{L.DEALS.at}:{L.DEALS.letter(L.DEALS.columns[1].key)}{L.DEALS.header_row + 4}"
    short_table = [[c.value for c in row] for row in deal_sheet[short]]
    stages_sheet = wb[L.SHEET_STAGES(LANG)]
    stage_rows = [[c.value for c in row] for row in stages_sheet[stages_sheet.tables[L.STAGES.name].ref]]

    formulas = {
        "A1": "=WINRATE(Deals[#All])",
        "A2": f"=WINRATE(Deals[#All],{settings_name}!{first_rep})",  # the rep's name from a cell
        "A7": "=PIPELINE_WEIGHTED(Deals[#All],Stages[#All])",
        "A8": "=FORECAST_PERIOD(Deals[#All],Stages[#All],DATE(2026,11,1),DATE(2026,11,30))",
        "A9": f"=FORECAST_PERIOD(Deals[#All],Stages[#All],{period[0]},{period[1]})",  # the quarter's date cells
        "A10": f'=STALE_FLAG(Deals[#All],Stages[#All],"{stale}",{as_of})',
        "A11": f'=STALE_FLAG(Deals[#All],Stages[#All],"{fresh}",{as_of})',
        "A12": f'=SLIP_FLAG(Deals[#All],Stages[#All],"{slipped}",{as_of})',
        "A13": f'=SLIP_FLAG(Deals[#All],Stages[#All],"{on_time}",{as_of})',
        "A14": f'=SLIP_FLAG(Deals[#All],Stages[#All],"{pushed_once}",{as_of})',
        "A15": f'=SLIP_FLAG(Deals[#All],Stages[#All],"{pushed_once}",{as_of},1)',
        "A16": '=CLARITY_CODE("CCCCCCCCF")',
        "A17": f"=CLARITY_CODE({deals_name}!{clarity_cell.coordinate})",
        "A18": "=SALES_CYCLE_DAYS(Deals[#All])",
        "A19": '=FORECAST_PERIOD(Deals[#All],Stages[#All],"不是日期",DATE(2026,12,31))',
        "A20": f"=PIPELINE_WEIGHTED({deals_name}!{short},Stages[#All])",  # a table without most columns
    }
    for offset, (name, _) in enumerate(REPS[1:]):
        formulas[f"A{3 + offset}"] = f'=WINRATE(Deals[#All],"{name}")'
    sheet = wb.create_sheet(SHEET)
    for cell, formula in formulas.items():
        sheet[cell] = formula
    spill = f"A22:F{22 + len(stages)}"  # header row + one row per stage
    sheet["A22"] = ArrayFormula(spill, "=FUNNEL_STAGES(Deals[#All],Stages[#All])")
    with_functions = folder / "with-functions.xlsx"
    wb.save(with_functions)

    profile = make_profile(folder / "bridge", SPEC)
    # the engine runs exactly the code the workbook embeds
    assert (folder / "bridge" / "main.py").read_text(encoding="utf-8") == lite.extract(source.read_bytes())["main.py"]
    result = libreoffice.recalculate(with_functions, folder / "out", profile=profile)
    assert not (folder / "bridge" / "bridge.log").exists()
    ws = load_workbook(result, data_only=True)[SHEET]
    values = {cell: ws[cell].value for cell in formulas}
    values["spill"] = [[c.value for c in row] for row in ws[spill]]

    expected = {
        "A1": figures.win_rate(deals),
        "A2": figures.win_rate(deals, REPS[0][0]),
        "A7": figures.weighted_pipeline(deals, stages),
        "A8": figures.forecast_period(deals, stages, dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
        "A9": figures.forecast_period(deals, stages, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        "A10": True, "A11": False, "A12": True, "A13": False, "A14": False, "A15": True,
        "A16": "8C1F0W",
        "A17": clarity(clarity_cell.value).code,
        "A18": figures.sales_cycle(deals)["mean_days"],
        "A19": BAD_DATE,
        # the same cells handed to the function directly, as xlwings would
        "A20": F.pipeline_weighted(short_table, stage_rows),
    }
    for offset, (name, _) in enumerate(REPS[1:]):
        expected[f"A{3 + offset}"] = figures.win_rate(deals, name)
    return values, expected, figures.stage_summary(deals, stages)


def test_every_formula_equals_the_python_core(funnel):
    values, expected, _ = funnel
    assert not [v for v in values.values() if isinstance(v, str) and v.startswith(BRIDGE_ERROR)]
    for cell, want in expected.items():
        if isinstance(want, float):
            # xlsx keeps 15 significant digits
            assert values[cell] == pytest.approx(want, rel=1e-12), cell
        else:
            assert values[cell] == want, cell


def test_figures_are_real_numbers(funnel):
    """Figures checked without the core, so the core and the bridge cannot pass by agreeing on nothing."""
    values, _, _ = funnel
    assert values["A1"] == pytest.approx(26 / (26 + 30))  # the demo closes 26 deals won and 30 lost
    assert 0 < values["A2"] < 1
    # two functions computed separately in Calc agree: weighted pipeline = Σ weighted per stage
    assert values["A7"] == pytest.approx(sum(row[5] for row in values["spill"][1:])) and values["A7"] > 0
    assert 0 < values["A8"] <= values["A9"]  # November lies inside the fourth quarter
    assert values["A18"] > 0
    assert values["A20"].startswith("#XLSALES! ") and "Deals" in values["A20"]


def test_table_result_spills_as_an_array_formula(funnel):
    values, _, summary = funnel
    header, *body = values["spill"]
    assert header == ["阶段 Stage", "序号 Order", "阶段赢率 Probability", "数量 Deals", "金额 Amount", "加权 Weighted"]
    assert [row[0] for row in body] == list(summary["stage"])
    assert [row[3] for row in body] == list(summary["count"])
    assert [row[4] for row in body] == pytest.approx(list(summary["amount"]))
    assert [row[5] for row in body] == pytest.approx(list(summary["weighted"]))


def test_functions_are_found_from_the_func_decorator():
    """Scripts and helpers get no Basic function; every Excel function does, with its parameters."""
    functions = {f.name: f.parameters for f in excel_functions("udfs.funnel")}
    assert list(functions) == ["winrate", "pipeline_weighted", "forecast_period", "funnel_stages",
                               "stage_conversion", "stale_flag", "slip_flag", "stale_flags", "slip_flags",
                               "sales_cycle_days", "clarity_code", "clarity_60"]
    assert functions["slip_flag"] == ["deals", "stages", "deal_id", "as_of", "max_pushes"]


def test_module_bridge_on_a_hand_made_table(tmp_path):
    """A udfs module imported from the repository (no template needed): four deals typed as dates, numbers and
    blanks, English headers. Won D1 took 30 days, won D2 60 days, D3 lost, D4 open: win rate 2/3, cycle 45."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Deals"
    ws.append(["Deal ID", "Customer", "Owner", "Amount", "Stage", "Status", "Created", "Expected close",
               "Close-date pushes"])
    ws.append(["D1", "苏州恒达", "Ann", 100_000, "Negotiation", "Won", dt.date(2026, 1, 1), dt.date(2026, 1, 31), None])
    ws.append(["D2", "杭州云帆", "Ann", 50_000, "Negotiation", "Won", dt.date(2026, 2, 1), dt.date(2026, 4, 2), None])
    ws.append(["D3", "宁波海越", "Bo", 80_000, "Proposal", "Lost", dt.date(2026, 3, 1), dt.date(2026, 3, 20), 1])
    ws.append(["D4", "上海申联", "Bo", 20_000, "Proposal", "Open", dt.date(2026, 3, 5), dt.date(2026, 6, 30), None])
    ws.add_table(Table(displayName="Deals", ref="A1:I5"))
    ws["K1"] = "=WINRATE(Deals[#All])"
    ws["K2"] = '=WINRATE(Deals[#All],"Bo")'
    ws["K3"] = "=SALES_CYCLE_DAYS(Deals[#All])"
    ws["K4"] = "=CLARITY_CODE(\"CCCCCCCFF\")"
    wb.save(tmp_path / "hand.xlsx")
    result = libreoffice.recalculate(tmp_path / "hand.xlsx", tmp_path / "out",
                                     profile=make_profile(tmp_path / "bridge", "udfs.funnel"))
    out = load_workbook(result, data_only=True)["Deals"]
    assert out["K1"].value == pytest.approx(2 / 3)
    assert out["K2"].value == 0
    assert out["K3"].value == 45
    assert out["K4"].value == "7C2F0W"


def test_a_profile_must_force_recalculation(tmp_path):
    (tmp_path / "profile" / "user").mkdir(parents=True)
    (tmp_path / "book.xlsx").write_bytes(b"")
    with pytest.raises(ValueError, match="force recalculation on load"):
        libreoffice.recalculate(tmp_path / "book.xlsx", tmp_path / "out", profile=tmp_path / "profile")
