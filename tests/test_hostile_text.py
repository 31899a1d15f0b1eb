"""Every file written is one Excel, openpyxl and calamine open: text from anyone is sanitised to characters XML
can carry and cut at Excel's 32,767 characters a cell, and the cut is reported."""

import datetime as dt
import io
import os
import re

import numpy as np
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from tests import hostile_files as H
from tests.sharing_cases import deal, funnel_bytes, roll
from xlsales import cli
from xlsales.book import read_sheets
from xlsales.funnel import layout as FL
from xlsales.sharing.safety import EXCEL_CELL_CHARS, cut_to_cell, ooxml_text, without_surrogates
from xlsales.sharing.teambook import team_workbook
from xlsales.sharing.xlsxrows import Package, fill_table

GBK_NAME = "张伟.xlsx".encode("gbk")  # as a zip made on Chinese Windows names it


def _opens(path_or_bytes) -> dict:
    """Both readers open it; calamine's values."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    load_workbook(io.BytesIO(data)).close()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_file_names_that_are_not_utf8_become_text(tmp_path):
    folder = os.fsencode(tmp_path / "inbox")
    os.mkdir(folder)
    for name, number in ((GBK_NAME, 1), (b"\xff\xfe-rep.xlsx", 2)):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(H.good(number, owner=f"销售{number}"))
    output = tmp_path / "team.xlsx"
    assert cli.main(["rollup", str(tmp_path / "inbox"), "-o", str(output)]) == 0
    sheets = _opens(output)
    assert sorted(row[0] for row in sheets["来源"][1:]) == ["张伟.xlsx", "\ufffd\ufffd-rep.xlsx"]
    assert {row[1] for row in sheets["按人汇总"][1:3]} == {"\ufffd\ufffd-rep.xlsx", "张伟.xlsx"}


NEXT_STEP = f"{FL.DEALS.letter('next_step')}{FL.DEALS.first_row}"  # the first deal's next step


def _with_next_step(data: bytes, text: str) -> bytes:
    """The first deal's next step holding `text`, written at XML level (openpyxl would cut it itself)."""
    part = H.deals_part(data)
    xml = H.parts_of(data)[part].decode()
    cell = re.search(rf'<c r="{NEXT_STEP}"[^>]*>.*?</c>', xml).group()
    return H.replaced(data, part, xml.replace(cell, f'<c r="{NEXT_STEP}" t="inlineStr"><is><t>{text}</t></is></c>')
                      .encode())


def test_a_40000_character_cell_is_cut_and_the_cut_reported(tmp_path):
    long_text = "跟进" * 20_000  # 40,000 characters
    source = tmp_path / "long.xlsx"
    source.write_bytes(_with_next_step(funnel_bytes([deal(1), deal(2)]), long_text))
    output = tmp_path / "team.xlsx"
    assert cli.main(["rollup", str(source), "-o", str(output)]) == 0
    sheets = _opens(output)
    next_steps = {row[FL.DEALS.index("id")]: row[FL.DEALS.index("next_step")] for row in sheets["商机"][1:3]}
    assert next_steps[deal(1)["id"]] == long_text[:EXCEL_CELL_CHARS]
    problems = [row for row in read_sheets(output)["问题"][1:]]
    assert [(p[0], p[1], p[4]) for p in problems] == [("long.xlsx", f"商机!{NEXT_STEP}", "提示")]
    assert "32,767" in problems[0][2] and problems[0][3] == "跟进" * 20 + "…"


def test_cutting_counts_utf16_units_and_never_splits_a_pair():
    emoji = "😀" * 20_000  # 40,000 UTF-16 units
    cut, was_cut = cut_to_cell(emoji)
    assert was_cut and cut == "😀" * 16_383 and len(cut.encode("utf-16-le")) // 2 == 32_766
    assert cut_to_cell("a" * EXCEL_CELL_CHARS) == ("a" * EXCEL_CELL_CHARS, False)
    assert cut_to_cell("a" * (EXCEL_CELL_CHARS + 1)) == ("a" * EXCEL_CELL_CHARS, True)


def test_lone_surrogates_never_reach_xml():
    assert without_surrogates(os.fsdecode(GBK_NAME)) == "张伟.xlsx"
    assert without_surrogates("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert ooxml_text("x\udcd5") == "x\ufffd" and ooxml_text("plain") == "plain"


def test_written_at_xml_level_too(tmp_path):
    wb = Workbook()
    wb.active.append(["Text", "N"])
    wb.active.append([None, None])
    from openpyxl.worksheet.table import Table

    wb.active.add_table(Table(displayName="Data", ref="A1:B2"))
    buffer = io.BytesIO()
    wb.save(buffer)
    package = Package(buffer.getvalue())
    texts = ["x\udcffy", "長" * 40_000, "ok"]  # 0xFF: neither UTF-8 nor GB18030
    fill_table(package, "Sheet", "Data", [("text", texts), ("number", np.array([1.0, 2.0, 3.0]))])
    values = _opens(package.to_bytes())["Sheet"]
    assert [row[0] for row in values[1:]] == ["x\ufffdy", "長" * EXCEL_CELL_CHARS, "ok"]


def test_the_team_workbook_from_a_roll_up_with_hostile_names_opens():
    rollup = roll({os.fsdecode(GBK_NAME): funnel_bytes([deal(1)])})
    assert rollup.sources[0].name == "张伟.xlsx"
    _opens(team_workbook(rollup, dt.datetime(2026, 11, 23)))
