"""The quote workbook recalculated by LibreOffice 25.2: no error cells, and every native figure (line values,
key figures, the quotation with its 大写 total, the revision guardrails, the data-problem counter) equals the
Python core reading the same cells; the quotation exports to a one-page PDF.

Addresses come from the workbook's description (xlsales/quote/layout.py), never typed here.
"""

import random
import re
import shutil
import subprocess
import time
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tests.quote_book import (SPECIAL_NAMES, assert_check_agrees, assert_matches_core, body, core, fill,
                              generated, same, type_into)
from tests.lo_compare import LIBREOFFICE, recalculated_template
from tests.workbook_values import cell, sheet
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.quote import layout as L
from xlsales.quote.guardrails import BIG_SWING, FAR_ABOVE, GUARDRAILS
from xlsales.quote.layout import words_formula
from xlsales.quote.words import amount_in_words
from xlsales.templates.build import write_workbook
from xlsales.templates.quote import SPEC, export_quote_pdf

pytestmark = LIBREOFFICE


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def recalculated(request, tmp_path_factory):
    lang = request.param
    folder = tmp_path_factory.mktemp(f"quote-{lang}")
    return lang, *recalculated_template(SPEC, lang, folder, SPEC.demo_data())


def test_no_error_cells(recalculated):
    _, result, _ = recalculated
    assert libreoffice.error_cells(result) == []


def test_lines_figures_quotation_and_guardrails_match_core(recalculated):
    lang, result, wb = recalculated
    book = core(result, None)
    assert book.problems == []
    assert len(book.priced) == 10 and len(book.revisions.frame) == 3
    assert_matches_core(wb, lang, book)
    assert cell(wb, L.QUOTATION, lang)("words") == "人民币 / RMB 叁万玖仟柒佰叁拾陆元伍角"
    revisions = body(wb, L.REVISIONS, lang)  # R1 far above the budget (46,956 > 1.5 × 30,000), R2 a −10.3% swing
    flags = [{key for key in GUARDRAILS if revisions[row][key] is True} for row in sorted(revisions)]
    assert flags == [{FAR_ABOVE}, {BIG_SWING}, set()]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_empty_template_recalculates_clean(lang, tmp_path):
    source = write_workbook(SPEC, lang, tmp_path / "quote.xlsx")
    result = libreoffice.recalculate(source, tmp_path / "out")
    assert libreoffice.error_cells(result) == []
    wb = load_workbook(result, data_only=True)
    figure = cell(wb, L.DETAILS_SHEET, lang)
    assert [figure(k) for k in ("total", "quoted", "left_out", "problems", "missing_parts")] == [0, 0, 0, 0, 3]
    assert cell(wb, L.QUOTATION, lang)("words") == "人民币 / RMB 零元整"
    assert_matches_core(wb, lang, core(result, read_tables(source)))


def test_edited_lines_unpriceable_and_gaps_still_match_core(tmp_path):
    """A line the core refuses (not on the price list) is left out natively too and counted; a blank row in the
    middle of the lines does not leave a gap on the quotation; a discount below the policy is only a warning."""
    lang = "zh-CN"
    source = write_workbook(SPEC, lang, tmp_path / "edited.xlsx", SPEC.demo_data())
    lines, first = L.LINES, L.LINES.first_row
    typed = [(L.LINES_SHEET, f"{lines.letter(c.key)}{first + 7}", None) for c in lines.columns if c.read is not None]
    typed += [(L.LINES_SHEET, f"{lines.letter(key)}{first + 12}", value)
              for key, value in zip(("part", "item", "edition", "qty"), ["软件许可", "不存在的模块", "专业版", 1])]
    typed += [(L.LINES_SHEET, f"{lines.letter('discount')}{first + 1}", 0.6)]  # 应收应付 at 60%, below the lowest 70%
    type_into(source, lang, typed)
    result = libreoffice.recalculate(source, tmp_path / "out")
    assert libreoffice.error_cells(result) == []
    book = core(result, read_tables(source))
    assert [(p.cell, p.severity) for p in book.problems if p.sheet == L.SHEET_LINES(lang)] == [
        (f"{lines.letter('item')}{first + 12}", "error"), (f"{lines.letter('discount')}{first + 1}", "warning")]
    wb = load_workbook(result, data_only=True)
    assert_matches_core(wb, lang, book)
    assert cell(wb, L.DETAILS_SHEET, lang)("left_out") == 1
    assert "1 行报价明细有数据问题" in cell(wb, L.QUOTATION, lang)("left_out")


@pytest.mark.parametrize("lang, prices, lines, revisions", [
    ("zh-CN", 1, 1, 1),
    ("en", 150, 45, 20),  # past the old 100 prices, 20 lines and 12 revisions; past the quotation's 30 lines
    ("zh-CN", 1000, 400, 80),
])
def test_the_tables_grow_with_their_data(lang, prices, lines, revisions, tmp_path):
    """Rows appended to the EMPTY template's tables the way Excel holds them (calculated columns filled in): every
    figure equals the Python core at sizes past every fixed block the old template had; more lines than the
    quotation lists is the one data problem, said on the quotation and counted."""
    empty = write_workbook(SPEC, lang, tmp_path / "empty.xlsx")
    source = fill(empty, tmp_path / "filled.xlsx", lang, generated(lang, prices, lines, revisions))
    started = time.perf_counter()
    result = libreoffice.recalculate(source, tmp_path / "out")
    seconds = time.perf_counter() - started
    print(f"{prices} prices, {lines} lines, {revisions} revisions: recalculated in {seconds:.1f} s")
    assert libreoffice.error_cells(result) == []
    wb = load_workbook(result, data_only=True)
    tables = read_tables(source)
    book = core(result, tables)
    assert len(book.priced) == lines and len(book.revisions.frame) == revisions
    quoted = {item.strip().casefold() for item in book.priced["item"]}
    assert {name.casefold() for name in SPECIAL_NAMES[:min(prices, lines)]} <= quoted  # 王?, 李*, =赵六... priced
    assert_matches_core(wb, lang, book)
    assert assert_check_agrees(wb, lang, read_sheets(result), tables) == (1 if lines > L.QUOTATION_LINES else 0)
    more = cell(wb, L.QUOTATION, lang)("more")
    assert (f"{lines - L.QUOTATION_LINES} more quote lines" in more) if lines > L.QUOTATION_LINES else not more


def test_check_the_counter_and_the_figures_agree_on_bad_data(tmp_path):
    """Each kind of bad data pasted into a Chinese workbook: numbers and dates stored as text, values out of range,
    an item not on the price list, conflicting inputs, a repeated price or revision, rows below the tables, a
    text parameter, more lines than the quotation lists; values in English are good data and counted. check's
    errors == the counter; every figure equals the core's, which leaves out exactly the rows the sheet leaves out."""
    lang = "zh-CN"
    data = generated(lang, 12, 56, 6, seed=7)
    prices, lines, revisions = (data[t.name] for t in (L.PRICES, L.LINES, L.REVISIONS))
    prices["product"][10:12] = [prices["product"][0].lower() + " ", prices["product"][1]]  # repeats (as MATCH sees)
    prices["edition"][10:12] = [prices["edition"][0], prices["edition"][1]]
    lines["part"][:3] = ["License", "Annual service", "服务"]  # English is fine; 服务 is no part
    lines["item"][5] = "不在价格表"
    revisions["revision"][5] = revisions["revision"][4].lower()
    empty = write_workbook(SPEC, lang, tmp_path / "empty.xlsx")
    source = fill(empty, tmp_path / "bad.xlsx", lang, data)
    P, Q, R = L.PRICES, L.LINES, L.REVISIONS
    typed = [
        (L.PRICES_SHEET, f"{P.letter('list_price')}{P.first_row + 2}", "1,000"),  # a number stored as text
        (L.PRICES_SHEET, f"{P.letter('std_discount')}{P.first_row + 3}", 1.2),
        (L.PRICES_SHEET, f"{P.letter('unit')}{P.first_row + 4}", "套"),
        (L.LINES_SHEET, f"{Q.letter('qty')}{Q.first_row + 6}", "3"),
        (L.LINES_SHEET, f"{Q.letter('rate')}{Q.first_row + 7}", "15%"),
        (L.LINES_SHEET, f"{Q.letter('waived')}{Q.first_row + 8}", "也许"),
        (L.LINES_SHEET, f"{Q.letter('waived')}{Q.first_row + 4}", True),  # TRUE: yes, on a license line: a problem
        (L.REVISIONS_SHEET, f"{R.letter('date')}{R.first_row}", "2026-10-01"),  # a date stored as text: guardrails
        (L.REVISIONS_SHEET, f"{R.letter('total')}{R.first_row + 1}", 1.0),  # no longer the sum of its parts
        (L.DETAILS_SHEET, L.DETAILS_SHEET.address("service_rate"), "12%"),  # the default 15% is used
        (L.PRICES_SHEET, f"{P.letter('product')}{P.first_row + 60}", "表格外的产品"),
        (L.LINES_SHEET, f"{Q.letter('item')}{Q.first_row + 60}", "表格外的行"),
        (L.REVISIONS_SHEET, f"{R.letter('revision')}{R.first_row + 60}", "R99"),
    ]
    type_into(source, lang, typed)
    result = libreoffice.recalculate(source, tmp_path / "out")
    assert libreoffice.error_cells(result) == []
    wb = load_workbook(result, data_only=True)
    tables = read_tables(source)
    book = core(result, tables)
    assert_matches_core(wb, lang, book, outside=3)
    counted = assert_check_agrees(wb, lang, read_sheets(result), tables)
    kinds = {p.column for p in book.problems if p.severity == "error"}
    assert {"list_price", "std_discount", "unit", "product", "part", "item", "qty", "rate", "waived", "date", "total",
            "revision", "service_rate"} <= kinds
    assert counted >= 20 and cell(wb, L.DETAILS_SHEET, lang)("outside") == 3
    assert len(book.priced) > L.QUOTATION_LINES  # one more problem: the quotation cannot list them all
    assert any("the quotation lists at most" in p.expected_en for p in book.problems)
    note = cell(wb, L.QUOTATION, lang)("problems")
    assert note.startswith(f"⚠ {counted} 个数据问题")


def test_saved_revisions_grow_the_table_and_match_core(tmp_path):
    """save_revision, run past the table's empty rows on the fake book, writes rows Excel would hold; LibreOffice
    computes their guardrails as the core does."""
    from tests.fakebook import FakeBook
    import udfs.quote as Q

    lang = "zh-CN"
    book = FakeBook(SPEC.build(lang, SPEC.demo_data()))
    details = book.sheets[L.SHEET_DETAILS(lang)]
    for n in range(4, 4 + L.REVISIONS.min_rows + 3):
        details.range(L.DETAILS_SHEET.address("revision")).value = f"R{n}"
        details.range(L.DETAILS_SHEET.address("budget")).value = 30000 - 500 * n
        Q.save_revision(book)
    path = tmp_path / "saved.xlsx"
    book.wb.save(path)
    result = libreoffice.recalculate(path, tmp_path / "out")
    assert libreoffice.error_cells(result) == []
    wb = load_workbook(result, data_only=True)
    saved = core(result, read_tables(path))
    assert saved.revisions.frame["revision"].tolist() == [f"R{n}" for n in range(1, 4 + L.REVISIONS.min_rows + 3)]
    assert_matches_core(wb, lang, saved)


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
    assert load_workbook(source).sheetnames == [n.zh for n in L.SHEET_NAMES]  # the workbook itself is unchanged


def test_a_full_quotation_still_prints_on_one_page(tmp_path):
    """Every line the quotation lists, with notes, still fits its one A4 page."""
    lang = "zh-CN"
    empty = write_workbook(SPEC, lang, tmp_path / "empty.xlsx")
    source = fill(empty, tmp_path / "full.xlsx", lang, generated(lang, 40, L.QUOTATION_LINES, 1))
    pdf = export_quote_pdf(source, tmp_path / "full.pdf")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())) == 1
    wb = load_workbook(libreoffice.recalculate(source, tmp_path / "out"), data_only=True)
    block = L.QUOTATION_BLOCK
    assert same(sheet(wb, L.QUOTATION, lang)[block.cell("no", block.rows)].value, block.rows)
