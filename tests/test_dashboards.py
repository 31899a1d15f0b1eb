"""What every workbook gets without LibreOffice: print setup on every sheet (A4, fit to width, header rows repeated,
title and page numbers in the footer), one font family, and the dashboard first and active where there is one."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.sharing_cases import AS_OF, rep_files
from xlsales import cli
from xlsales.accounts import layout as AL
from xlsales.funnel import layout as FL
from xlsales.quota import layout as QuL
from xlsales.quote import layout as QL
from xlsales.review import layout as RL
from xlsales.templates import common as C
from xlsales.templates.build import workbook_bytes
from xlsales.templates.registry import TEMPLATES

DASHBOARDS = {"funnel": FL.DASHBOARD, "quote": QL.QUOTE_DASHBOARD, "quota": QuL.DASHBOARD, "review": RL.DASHBOARD,
              "accounts": AL.DASHBOARD}


@pytest.fixture(scope="module")
def team_workbook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    output = folder / "team.xlsx"
    assert cli.main(["rollup", *map(str, rep_files(folder / "reps")), "-o", str(output),
                     "--as-of", AS_OF.isoformat()]) == 0
    return load_workbook(output)


def _built(name: str, demo: bool):
    spec = TEMPLATES[name]
    return spec, load_workbook(io.BytesIO(workbook_bytes(spec, "zh-CN", spec.demo_data() if demo else None)))


@pytest.mark.parametrize("demo", [False, True], ids=["empty", "demo"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_sheet_prints_on_a4_fitted_to_width_with_title_and_page_numbers(name, demo):
    spec, wb = _built(name, demo)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.paperSize == int(ws.PAPERSIZE_A4) and setup.fitToWidth == 1, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.oddFooter.right.text == "&P / &N", ws.title
        # the workbook's title (the bilingual quotation carries it in both languages)
        assert ws.oddFooter.left.text.startswith(spec.title("zh-CN").replace("&", "&&")), ws.title


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_header_rows_repeat_on_every_page_of_a_table(name):
    """A sheet whose first table starts below row 1, or whose panes are frozen, repeats the rows above its body."""
    _, wb = _built(name, True)
    for ws in wb.worksheets:
        if ws.freeze_panes:
            expected = int("".join(ch for ch in ws.freeze_panes if ch.isdigit())) - 1
        elif ws.tables:
            expected = min(int("".join(ch for ch in t.ref.split(":")[0] if ch.isdigit())) for t in ws.tables.values())
        else:
            continue
        assert ws.print_title_rows == f"$1:${expected}", ws.title


def test_the_funnel_deals_repeat_their_header():
    _, wb = _built("funnel", True)
    assert wb[FL.SHEET_DEALS.zh].print_title_rows == f"$1:${FL.DEALS.header_row}"
    assert wb[FL.SHEET_SUMMARY.zh].page_setup.fitToHeight == 0  # as many pages down as it needs, never squeezed


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_the_dashboard_is_first_active_and_one_landscape_page(name):
    _, wb = _built(name, True)
    ws = wb.worksheets[0]
    assert ws.title == DASHBOARDS[name].name.zh and wb.active is ws and ws.sheet_view.tabSelected
    assert not any(other.sheet_view.tabSelected for other in wb.worksheets[1:])
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 1


def test_the_team_workbook_opens_on_its_dashboard_and_prints_every_sheet(team_workbook):
    ws = team_workbook.worksheets[0]
    assert ws.title == FL.SHEET_DASHBOARD.zh and team_workbook.active is ws
    for sheet in team_workbook.worksheets:
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.oddFooter.right.text == "&P / &N", sheet.title
        # every page says it is the team's roll-up, not a rep's funnel
        assert sheet.oddFooter.left.text == team_workbook.properties.title, sheet.title


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_font_is_the_one_family(name):
    """No cell's font is left to the reader's default (LibreOffice drew bold Latin text in a serif)."""
    _, wb = _built(name, True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.has_style:
                    assert cell.font.name == C.FONT_NAME, (ws.title, cell.coordinate, cell.font.name)


_RELATIVE_ROW = re.compile(r"(?<![A-Za-z_$\d!'])\$?[A-Z]{1,3}(\d+)(?![\d(])")  # A2, $A2: a row that moves; not $A$2


def _misaligned(workbook) -> list[str]:
    """Conditional formats whose formula's moving rows start elsewhere than their range: each row would take the
    colour another row calls for."""
    found = []
    for ws in workbook.worksheets:
        for rng in ws.conditional_formatting:
            if all(r.min_row == r.max_row for r in rng.sqref.ranges):
                continue  # one row: its formula may well name cells on other rows
            first_row = min(cell_range.min_row for cell_range in rng.sqref.ranges)
            for rule in rng.rules:
                rows = [int(r) for f in rule.formula for r in _RELATIVE_ROW.findall(f.replace('""', ""))]
                if rows and min(rows) != first_row:
                    found.append(f"{ws.title}!{rng.sqref} {rule.formula}")
    return found


@pytest.mark.parametrize("demo", [False, True], ids=["empty", "demo"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_row_colours_follow_their_own_row(name, demo):
    """Stale and slipped deals, suggested tiers, customers due: a whole-row colour starts at the first body row, the
    row its formula names (it started at the header, so every row showed the next row's colour)."""
    assert _misaligned(_built(name, demo)[1]) == []


def test_the_team_workbook_s_row_colours_follow_their_own_row(team_workbook):
    assert _misaligned(team_workbook) == []
