"""`xlsales check`, `new`, `build`, `demo` and `code` on funnel workbooks."""

import datetime as dt

import pytest

from xlsales.cli import main
from xlsales.funnel import layout as L
from xlsales.funnel.demo import demo_funnel
from xlsales.templates.build import write_workbook
from xlsales.templates.funnel import SPEC


@pytest.fixture
def demo_data():
    return demo_funnel(dt.date(2026, 11, 23))


def test_check_names_each_bad_cell_and_fails(tmp_path, demo_data, capsys):
    demo_data.deals[0]["amount"] = "十万"  # row 2
    demo_data.deals[1]["stage"] = "老板拍板"  # row 3: not a stage
    demo_data.deals[2]["close_date"] = demo_data.deals[2]["created"] - dt.timedelta(days=5)  # row 4
    path = write_workbook(SPEC, "zh-CN", tmp_path / "bad.xlsx", demo_data)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    at = {key: L.DEALS.letter(key) for key in ("amount", "stage", "close_date")}
    assert f"商机!{at['amount']}2 ('十万')" in out and "Amount" in out
    assert f"商机!{at['stage']}3 ('老板拍板')" in out and "stage must be one on the stages sheet" in out
    assert f"商机!{at['close_date']}4" in out and "expected close date cannot be before the created date" in out
    assert "bad.xlsx: 3 个错误 errors" in out


def test_check_passes_a_clean_workbook_in_english(tmp_path, demo_data, capsys):
    path = write_workbook(SPEC, "en", tmp_path / "good.xlsx", demo_data)
    assert main(["check", str(path)]) == 0
    assert "0 个错误 errors" in capsys.readouterr().out


def test_check_rejects_a_file_that_is_not_a_workbook(tmp_path, capsys):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a spreadsheet")
    assert main(["check", str(path)]) == 2
    assert "cannot read workbook notes.xlsx" in capsys.readouterr().err


def test_new_refuses_to_overwrite_unless_forced(tmp_path, capsys):
    target = tmp_path / "mine.xlsx"
    assert main(["new", "funnel", str(target), "--lang", "en"]) == 0
    before = target.read_bytes()
    assert main(["new", "funnel", str(target)]) == 1
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert main(["new", "funnel", str(target), "--force"]) == 0
    assert target.read_bytes() != before  # now the Chinese one


def test_code_prints_the_lite_files(capsys):
    assert main(["code", "funnel"]) == 0
    assert "def winrate(" in capsys.readouterr().out
    assert main(["code", "funnel", "--requirements"]) == 0
    assert "xlwings" in capsys.readouterr().out
