"""The quote workbook recalculated by LibreOffice 25.2: no error cells, and every native figure (line values,
key figures, the quotation with its 大写 total, the revision guardrails) equals the Python core reading the
same cells; the quotation exports to a one-page PDF."""

import datetime as dt
import random
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from xlsales import libreoffice
from xlsales.book import read_sheets
from xlsales.quote import document, guardrails
from xlsales.quote import layout as L
from xlsales.quote.inputs import LIST, parse_revisions, read_quote
from xlsales.quote.pricing import price_lines, summarise
from xlsales.quote.vocab import UNIT
from xlsales.quote.words import amount_in_words
from xlsales.templates.build import write_workbook
from xlsales.templates.quote import LINE, REVISION, REVISION_KEYS, SPEC, export_quote_pdf, words_formula

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]


def _names(lang):
    return {n.en: n(lang) for n in L.SHEETS}


def _core(path: Path, lang):
    """The Python core on the recalculated workbook's own cell values."""
    sheets = read_sheets(path)
    names = _names(lang)
    details, _, lines, problems = read_quote(*[(names[n.en], sheets[names[n.en]])
                                               for n in (L.SHEET_DETAILS, L.SHEET_PRICES, L.SHEET_LINES)])
    return details, price_lines(lines), problems, sheets


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def recalculated(request, tmp_path_factory):
    lang = request.param
    folder = tmp_path_factory.mktemp(f"quote-{lang}")
    source = write_workbook(SPEC, lang, folder / "quote-demo.xlsx", SPEC.demo_data())
    result = libreoffice.recalculate(source, folder / "out")
    return lang, result, load_workbook(result, data_only=True)


def test_no_error_cells(recalculated):
    _, result, _ = recalculated
    assert libreoffice.error_cells(result) == []


def _same(native, core) -> bool:
    if core is None or (isinstance(core, float) and pd.isna(core)) or core == "":
        return native in (None, "")
    if isinstance(core, dt.date):
        return native is not None and native.date() == core
    if isinstance(core, (int, float)) and not isinstance(core, bool):
        return isinstance(native, (int, float)) and native == pytest.approx(core, abs=1e-9)
    return native == core


def _check_lines_and_figures(wb, lang, details, lines):
    ws = wb[L.SHEET_LINES(lang)]
    for line in lines.itertuples():
        expected = {
            "unit": UNIT[line.unit](lang) if line.basis == LIST else None,
            "unit_price": line.unit_price, "list_amount": line.list_amount,
            "applied_discount": line.applied_discount, "value": line.value, "amount": line.amount,
            "floor": line.floor,
        }
        for key, value in expected.items():
            assert _same(ws[f"{LINE[key]}{line.row}"].value, value), (line.row, key)
    s = summarise(lines)
    figures = s.model_dump() | {"unpriced": None, "missing_parts": len(s.missing_parts)}
    for key, (row, _) in L.FIGURES.items():
        native = ws.cell(row, L.FIGURES_COLUMN + 1).value
        if key != "unpriced":
            assert _same(native, figures[key]), key


def _check_quotation(wb, lang, details, lines):
    ws = wb[L.SHEET_QUOTE(lang)]
    expected = document.quotation_cells(details, lines, summarise(lines))
    for address, value in expected.items():
        assert _same(ws[address].value, value), (address, ws[address].value, value)
    assert ws[L.CHECK_CELL].value in (None, "")


def test_lines_figures_and_quotation_match_core(recalculated):
    lang, result, wb = recalculated
    details, lines, problems, _ = _core(result, lang)
    assert problems == [] and len(lines) == 10
    _check_lines_and_figures(wb, lang, details, lines)
    _check_quotation(wb, lang, details, lines)
    words_row = L.QUOTE_TOTALS["words"][0]
    assert wb[L.SHEET_QUOTE(lang)][f"C{words_row}"].value == "人民币 / RMB 叁万玖仟柒佰叁拾陆元伍角"


def test_revision_guardrails_match_core(recalculated):
    lang, result, wb = recalculated
    details, _, _, sheets = _core(result, lang)
    name = L.SHEET_REVISIONS(lang)
    parsed = parse_revisions([r[:len(REVISION_KEYS)] for r in sheets[name]], name)
    assert parsed.problems == [] and len(parsed.frame) == 3
    checked = guardrails.check_revisions(parsed.frame, details.max_swing, details.min_room, details.far_ratio)
    ws = wb[name]
    for _, row in checked.iterrows():
        for key in ["change", "change_share", "room"] + list(guardrails.GUARDRAILS):
            core = bool(row[key]) if key in guardrails.GUARDRAILS else row[key]
            assert _same(ws[f"{REVISION[key]}{row['row']}"].value, core), (row["revision"], key)
    # R1 far above the budget (46,956 > 1.5 × 30,000), R2 a −10.3% swing, R3 clean
    assert [bool(ws[f"{REVISION[k]}{r}"].value) for r, k in ((2, guardrails.FAR_ABOVE), (3, guardrails.BIG_SWING))] \
        == [True, True]
    assert not any(ws[f"{REVISION[k]}4"].value for k in guardrails.GUARDRAILS)


def test_edited_lines_unpriceable_and_gaps_still_match_core(tmp_path):
    """A line the core refuses (not on the price list) is left out natively too and counted; a blank row in the
    middle of the lines does not leave a gap on the quotation."""
    lang = "zh-CN"
    source = write_workbook(SPEC, lang, tmp_path / "edited.xlsx", SPEC.demo_data())
    wb = load_workbook(source)
    ws = wb[L.SHEET_LINES(lang)]
    for col in "ABCDEFGH":
        ws[f"{col}9"] = None  # 数据初始化 removed: a gap at row 9
    for col, value in zip("ABCD", ["软件许可", "不存在的模块", "专业版", 1]):
        ws[f"{col}14"] = value
    ws["E3"] = 0.6  # 应收应付 at 60%, below the lowest 70%: priced, warned
    wb.save(source)
    result = libreoffice.recalculate(source, tmp_path / "out")
    assert libreoffice.error_cells(result) == []
    details, lines, problems, _ = _core(result, lang)
    assert [(p.cell, p.severity) for p in problems] == [("B14", "error"), ("E3", "warning")]
    recalculated = load_workbook(result, data_only=True)
    _check_lines_and_figures(recalculated, lang, details, lines)
    _check_quotation(recalculated, lang, details, lines)
    figures = recalculated[L.SHEET_LINES(lang)]
    assert figures.cell(L.FIGURES["unpriced"][0], L.FIGURES_COLUMN + 1).value == 1
    assert "1 行报价明细无法计价" in recalculated[L.SHEET_QUOTE(lang)][L.UNPRICED_CELL].value


def test_words_formula_equals_the_core_on_many_amounts(tmp_path):
    rng = random.Random(20261118)
    fen = [0, 1, 5, 10, 50, 100, 1005, 1000, 100000, 10000000, 10001000010, 100000000000, 10000000000000 - 1,
           100001000 * 100, 100000005 * 100, 1001000100 * 100, 10001000 * 100, 10000000 * 100 + 10, 123456789012]
    fen += [rng.randrange(0, 10 ** 14) for _ in range(150)]
    fen += [int("".join(rng.choice("0001") for _ in range(rng.randint(1, 14)))) for _ in range(150)]
    wb = Workbook()
    ws = wb.active
    for r, amount in enumerate(fen, start=1):
        ws.cell(r, 1, float(Decimal(amount) / 100))
        ws.cell(r, 2, "=" + words_formula(f"A{r}"))
    wb.save(tmp_path / "words.xlsx")
    result = load_workbook(libreoffice.recalculate(tmp_path / "words.xlsx", tmp_path / "out"), data_only=True)
    for r, amount in enumerate(fen, start=1):
        assert result.active.cell(r, 2).value == amount_in_words(Decimal(amount) / 100), amount


def test_quotation_exports_to_one_pdf_page(tmp_path):
    source = write_workbook(SPEC, "zh-CN", tmp_path / "quote-demo.xlsx", SPEC.demo_data())
    pdf = export_quote_pdf(source, tmp_path / "pdf" / "报价单-R3.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "报价单 / QUOTATION" in text and "叁万玖仟柒佰叁拾陆元伍角" in text and "¥39,736.50" in text
        assert "底价" not in text and "价格表" not in text  # internal figures and other sheets stay out
    assert load_workbook(source).sheetnames == [n.zh for n in L.SHEETS]  # the workbook itself is unchanged
