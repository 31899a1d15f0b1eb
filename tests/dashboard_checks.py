"""What a built workbook prints and plots, for the dashboard tests of each capability: how many pages the dashboard
takes (LibreOffice PDF export of the dashboard alone), how many the whole workbook takes, and every cell a chart
series reads, so a test can say no series reaches past the rows in use."""

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from xlsales import libreoffice

# <f>'看板'!$B$5:$B$7</f> in a chart part (c:f in files other writers saved): a series' values or categories
_CHART_REF = re.compile(r"<(?:c:)?f>(.*?)</(?:c:)?f>")
_SHEET_RANGE = re.compile(r"^'?(.*?)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def printed_pages(xlsx: Path, folder: Path) -> int:
    """Pages the whole workbook prints, with each sheet's print setup."""
    return pages(libreoffice.export_pdf(xlsx, folder))


def dashboard_pages(xlsx: Path, folder: Path) -> int:
    """Pages the first sheet (the dashboard) prints: a copy with every other sheet hidden, which LibreOffice does not
    print; the formulas still see them."""
    copy = folder / f"{xlsx.stem}-dashboard-only.xlsx"
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                for sheet in re.findall(r"<sheet [^>]*/>", text)[1:]:
                    text = text.replace(sheet, sheet.replace('state="visible"', 'state="hidden"'))
                data = text.encode("utf-8")
            target.writestr(item, data)
    return pages(libreoffice.export_pdf(copy, folder / "dashboard"))


def check_printing(lang: str, xlsx: Path, folder: Path, at_most: int) -> None:
    """The dashboard prints on one page and the whole workbook on at most `at_most` pages."""
    if lang != "zh-CN":
        pytest.skip("LibreOffice prints the Chinese build only: one export per workbook keeps the suite short")
    assert dashboard_pages(xlsx, folder) == 1
    assert printed_pages(xlsx, folder / "pdf") <= at_most


def chart_cells(xlsx: Path) -> list[tuple[str, str]]:
    """(sheet name, A1 address) of every cell a chart series or its categories read, header cells (series names)
    left out: a reference of one cell is a series' name."""
    out = []
    with zipfile.ZipFile(xlsx) as package:
        for name in package.namelist():
            if not re.fullmatch(r"xl/charts/chart\d+\.xml", name):
                continue
            for ref in _CHART_REF.findall(package.read(name).decode("utf-8")):
                match = _SHEET_RANGE.match(ref.replace("&apos;", "'"))
                assert match, ref
                sheet, first_col, first_row, last_col, last_row = match.groups()
                if last_col is None:
                    continue
                assert first_col == last_col, ref  # one column a series
                out += [(sheet.replace("''", "'"), f"{first_col}{r}") for r in range(int(first_row), int(last_row) + 1)]
    return out


def blank_chart_cells(xlsx: Path, values: Any) -> list[str]:
    """Chart cells that hold nothing in the recalculated workbook `values` (read like an openpyxl workbook): a series
    or its categories reaching past the rows in use."""
    return [f"{sheet}!{address}" for sheet, address in chart_cells(xlsx)
            if values[sheet][address].value in (None, "")]
