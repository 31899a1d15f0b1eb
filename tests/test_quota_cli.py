"""`xlsales check`, `new` and `demo` on quota workbooks. Cells are named through the description (layout.py)."""

from openpyxl import load_workbook

from xlsales.cli import main
from xlsales.quota import layout as L
from xlsales.quota.demo import demo_quota
from xlsales.templates.build import write_workbook
from xlsales.templates.quota import SPEC


def at(table, key: str, n: int) -> str:
    return f"{table.letter(key)}{table.first_row + n - 1}"


def test_check_names_each_bad_cell_and_fails(tmp_path, capsys):
    data = demo_quota()
    data.mix[0]["win_rate"] = 1.5
    data.weekly[0]["visits"] = "五次"
    data.reps[1]["rep"] = "小王"  # a second 小王
    path = write_workbook(SPEC, "zh-CN", tmp_path / "bad.xlsx", data)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{L.SHEET_MIX.zh}!{at(L.MIX, 'win_rate', 1)} ('1.5')" in out and "win rate must be in (0, 100%]" in out
    assert f"{L.SHEET_TRACKING.zh}!{at(L.WEEKLY, 'visits', 1)} ('五次')" in out and "'Visits' must be a number" in out
    assert f"{L.SHEET_TARGET.zh}!{at(L.REPS, 'rep', 2)} ('小王')" in out and "rep names must be unique" in out


def test_check_passes_the_demo_with_its_warnings(tmp_path, capsys):
    path = write_workbook(SPEC, "en", tmp_path / "demo.xlsx", demo_quota())
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{L.SHEET_MIX.en}!{at(L.MIX, 'count', 1)}:{at(L.MIX, 'count', 5)}" in out
    assert "6,000 short of the target 300,000" in out
    assert "demo.xlsx: 0 个错误 errors, 2 个提示 warnings" in out


def test_check_flags_a_visit_pace_above_capacity(tmp_path, capsys):
    data = demo_quota()
    data.reps[0]["capacity"] = 4  # 4.85 visits a week needed
    path = write_workbook(SPEC, "zh-CN", tmp_path / "busy.xlsx", data)
    assert main(["check", str(path)]) == 0
    assert f"{L.SHEET_TARGET.zh}!{at(L.REPS, 'capacity', 1)}" in capsys.readouterr().out


def test_check_reports_a_target_typed_as_text(tmp_path, capsys):
    data = demo_quota()
    path = write_workbook(SPEC, "zh-CN", tmp_path / "text.xlsx", data)
    wb = load_workbook(path)  # a cell typed by a user
    wb[L.SHEET_TARGET.zh][L.TARGET.address("company_target")] = "60万"
    wb.save(path)
    assert main(["check", str(path)]) == 1
    assert f"{L.SHEET_TARGET.zh}!{L.TARGET.address('company_target')} ('60万')" in capsys.readouterr().out


def test_new_and_demo(tmp_path, capsys):
    assert main(["new", "quota", str(tmp_path / "mine.xlsx"), "--lang", "en"]) == 0
    assert main(["check", str(tmp_path / "mine.xlsx")]) == 1  # an empty template: the company target is required
    assert f"{L.SHEET_TARGET.en}!{L.TARGET.address('company_target')}" in capsys.readouterr().out
    assert main(["demo", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    assert "业绩分解 / Quota decomposition: quota.xlsx, quota-demo.xlsx" in out
    assert "visits 252 (4.85/week → 5); opportunities 222 planned vs 93 by win rate" in out
