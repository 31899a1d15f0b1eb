"""`check` agrees with the sheets: whatever the funnel's native summaries would leave out or miscount is an error
in `check`, named by sheet!cell, and counted by the workbook's own data-problem counter (issue 15).

Each case is the EMPTY template filled as a user would fill it (openpyxl stands in for the user's typing;
tables are not extended where Excel would not extend them), recalculated by LibreOffice."""

import datetime as dt

import pytest

from tests.workbook_values import Recalculated, cell
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.funnel import layout as L
from xlsales.funnel.vocab import DEFAULT_STAGES, MAX_STAGES, stage_table
from xlsales.funnel.workbook import check
from xlsales.templates.funnel import build

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
LANG = "zh-CN"
DEAL = ["D1", "甲公司", "A", "张伟", "ERP", 1000, "放入漏斗", "跟踪", dt.date(2026, 1, 5), dt.date(2026, 6, 30)]


def _typed(ws, table, row, values):
    for offset, value in enumerate(values):
        ws.cell(row, table.first_col + offset, value)


def _reps(wb, names):
    ws = wb[L.SHEET_SETTINGS(LANG)]
    for i, name in enumerate(names):
        ws.cell(L.REPS.first_row + i, L.REPS.first_col, name)


def _stages(wb, count):
    ws = wb[L.SHEET_STAGES(LANG)]
    rows = stage_table(DEFAULT_STAGES, LANG)
    extra = [[n, f"阶段{n}", 0.95, "承诺", "", 10, 5] for n in range(len(rows) + 1, count + 1)]
    problems = L.STAGES.col("problems")
    for r in range(L.STAGES.first_row, L.STAGES.first_row + MAX_STAGES + 2):  # rows deleted, then typed anew
        for c in range(len(L.STAGES.columns)):
            ws.cell(r, L.STAGES.first_col + c).value = None  # ws.cell(r, c, None) would leave the value
    for i, values in enumerate((rows + extra)[:count]):
        row = L.STAGES.first_row + i
        _typed(ws, L.STAGES, row, values)
        ws[f"{L.STAGES.letter('problems')}{row}"] = "=" + problems.formula(LANG, row)  # Excel fills it in
    ws.tables[L.STAGES.name].ref = f"{L.STAGES.at}:{L.STAGES.last_letter()}{L.STAGES.header_row + max(count, 1)}"


CASES = {
    # rows pasted below the table, which Excel did not take in: the summaries leave them out
    "rows outside the table": (lambda wb: [_typed(wb[L.SHEET_DEALS(LANG)], L.DEALS, r, [f"X{r}"] + DEAL[1:])
                                           for r in (L.DEALS.first_row + L.DEALS.min_rows + 3,
                                                     L.DEALS.first_row + L.DEALS.min_rows + 4)], 2),
    # two stages, though the instructions say 3-7
    "two stages": (lambda wb: _stages(wb, 2), 1),
    "more stages than the summary lists": (lambda wb: _stages(wb, MAX_STAGES + 1), 1),
    # 31 reps: the per-rep forecast lists 30
    "more reps than the forecast lists": (lambda wb: _reps(wb, [f"R{i}" for i in range(L.MAX_REPS + 1)]), 1),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_the_counter_agree(case, tmp_path):
    fill, expected = CASES[case]
    wb = build(LANG)
    _reps(wb, ["张伟"])
    _typed(wb[L.SHEET_DEALS(LANG)], L.DEALS, L.DEALS.first_row, DEAL)
    fill(wb)
    wb.save(tmp_path / "funnel.xlsx")
    result = libreoffice.recalculate(tmp_path / "funnel.xlsx", tmp_path / "out")
    assert libreoffice.error_cells(result) == []
    errors = [p for p in check(read_sheets(result), read_tables(result)) if p.severity == "error"]
    counted = cell(Recalculated.read(result, [L.SHEET_SUMMARY(LANG)]), L.SUMMARY, LANG)("problems")
    assert len(errors) == expected == counted, [p.message() for p in errors]
    assert all(p.sheet and p.cell and p.expected_zh and p.expected_en for p in errors)
