"""LibreOffice 25.2 headless as an independent engine: forced recalculation over Excel tables with
structured references, error cells found by address, PDF export, concurrent runs."""

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.table import Table

from xlsales import libreoffice

# Skip where LibreOffice is missing, but never in CI, where scripts/test.sh installs it.
pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available() and not os.environ.get("CI"),
                                 reason="LibreOffice (soffice) not installed")]

DEALS = [
    ["编号", "阶段", "负责人", "金额", "状态"],
    ["D1", "方案", "张伟", 120_000, "跟踪"],
    ["D2", "方案", "李娜", 80_000, "赢单"],
    ["D3", "谈判", "张伟", 200_000, "跟踪"],
    ["D4", "线索", "王芳", 15_000, "丢单"],
    ["D5", "谈判", "李娜", 60_000, "跟踪"],
    ["D6", "方案", "张伟", 35_500.5, "跟踪"],
]


def _workbook(path: Path) -> Path:
    """Deals as an Excel table and a summary of native formulas over it; the cached values openpyxl
    writes are empty, so every number read back was computed by LibreOffice."""
    wb = Workbook()
    deals = wb.active
    deals.title = "商机"
    for row in DEALS:
        deals.append(row)
    deals.add_table(Table(displayName="Deals", ref=f"A1:E{len(DEALS)}"))
    summary = wb.create_sheet("汇总")
    summary["A1"], summary["B1"] = "方案阶段金额", '=SUMIFS(Deals[金额],Deals[阶段],"方案")'
    summary["A2"], summary["B2"] = "张伟跟踪中", '=COUNTIFS(Deals[负责人],"张伟",Deals[状态],"跟踪")'
    summary["A3"], summary["B3"] = "跟踪中金额", '=SUMIFS(Deals[金额],Deals[状态],"跟踪")'
    summary["A4"], summary["B4"] = "赢单率", ('=COUNTIFS(Deals[状态],"赢单")'
                                          '/(COUNTIFS(Deals[状态],"赢单")+COUNTIFS(Deals[状态],"丢单"))')
    summary["A5"], summary["B5"] = "文字", '="#N/A"'  # text that looks like an error is not one
    summary["A6"], summary["B6"] = "错误", "=1/0"
    summary["A7"], summary["B7"] = "错误", "=B1+商机!B2"  # text in arithmetic
    wb.save(path)
    return path


def test_recalculates_structured_references_to_hand_computed_figures(tmp_path):
    result = libreoffice.recalculate(_workbook(tmp_path / "深圳 团队.xlsx"), tmp_path / "out")
    assert result == tmp_path / "out" / "深圳 团队.xlsx"
    ws = load_workbook(result, data_only=True)["汇总"]
    assert ws["B1"].value == pytest.approx(120_000 + 80_000 + 35_500.5)  # 方案: D1, D2, D6
    assert ws["B2"].value == 3  # 张伟 open: D1, D3, D6
    assert ws["B3"].value == pytest.approx(120_000 + 200_000 + 60_000 + 35_500.5)
    assert ws["B4"].value == pytest.approx(0.5)  # one won (D2), one lost (D4)
    assert ws["B5"].value == "#N/A"
    assert (tmp_path / "深圳 团队.xlsx").exists()  # the source is untouched


def test_error_cells_are_reported_by_sheet_and_cell(tmp_path):
    result = libreoffice.recalculate(_workbook(tmp_path / "book.xlsx"), tmp_path / "out")
    assert libreoffice.error_cells(result) == ["汇总!B6", "汇总!B7"]
    assert load_workbook(result, data_only=True)["汇总"]["B6"].value == "#DIV/0!"


def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def test_pdf_export_prints_pages_or_one_page_per_sheet(tmp_path):
    wb = Workbook()
    wide = wb.active
    wide.title = "宽表"
    for r in range(1, 61):
        wide.append([f"R{r}C{c}" for c in range(1, 31)])  # too wide and long for one printed page
    wb.create_sheet("小表")["A1"] = "一页 / one page"
    wb.save(tmp_path / "wide.xlsx")
    printed = libreoffice.export_pdf(tmp_path / "wide.xlsx", tmp_path / "printed")
    whole = libreoffice.export_pdf(tmp_path / "wide.xlsx", tmp_path / "whole", one_page_per_sheet=True)
    assert printed.name == whole.name == "wide.pdf"
    assert printed.read_bytes().startswith(b"%PDF-") and whole.read_bytes().startswith(b"%PDF-")
    assert _pages(printed) > 3
    assert _pages(whole) == 2


def test_concurrent_runs_do_not_interfere(tmp_path):
    sources = [_workbook(tmp_path / f"book{i}.xlsx") for i in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda s: libreoffice.recalculate(s, tmp_path / f"out-{s.stem}"), sources))
    for result in results:
        assert load_workbook(result, data_only=True)["汇总"]["B2"].value == 3


def test_failures_say_what_went_wrong(tmp_path):
    with pytest.raises(FileNotFoundError, match="file not found"):
        libreoffice.recalculate(tmp_path / "missing.xlsx", tmp_path / "out")
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook\x00\x01")
    with pytest.raises(libreoffice.LibreOfficeError, match="could not convert damaged.xlsx"):
        libreoffice.recalculate(damaged, tmp_path / "out")
    source = _workbook(tmp_path / "book.xlsx")
    with pytest.raises(ValueError, match="overwrite the source"):
        libreoffice.recalculate(source, tmp_path)
