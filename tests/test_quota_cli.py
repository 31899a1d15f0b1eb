"""`xlsales check`, `new` and `demo` on quota workbooks."""

from xlsales.cli import main
from xlsales.quota.demo import demo_quota
from xlsales.templates.build import write_workbook
from xlsales.templates.quota import SPEC


def test_check_names_each_bad_cell_and_fails(tmp_path, capsys):
    data = demo_quota()
    data.mix[0]["win_rate"] = 1.5  # 产品组合!G2
    data.weekly[0]["visits"] = "五次"  # 周跟踪!D2
    data.reps[1]["rep"] = "小王"  # 目标与人员!A14: a second 小王
    path = write_workbook(SPEC, "zh-CN", tmp_path / "bad.xlsx", data)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "产品组合!G2 ('1.5')" in out and "win rate must be in (0, 100%]" in out
    assert "周跟踪!D2 ('五次')" in out and "'Visits' must be a number" in out
    assert "目标与人员!A14 ('小王')" in out and "rep names must be unique" in out


def test_check_passes_the_demo_with_its_warnings(tmp_path, capsys):
    path = write_workbook(SPEC, "en", tmp_path / "demo.xlsx", demo_quota())
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Product mix!D2:D6" in out and "6,000 short of the target 300,000" in out
    assert "demo.xlsx: 0 个错误 errors, 2 个提示 warnings" in out


def test_check_flags_a_visit_pace_above_capacity(tmp_path, capsys):
    data = demo_quota()
    data.reps[0]["capacity"] = 4  # 4.85 visits a week needed
    path = write_workbook(SPEC, "zh-CN", tmp_path / "busy.xlsx", data)
    assert main(["check", str(path)]) == 0
    assert "目标与人员!D13" in capsys.readouterr().out


def test_new_and_demo(tmp_path, capsys):
    assert main(["new", "quota", str(tmp_path / "mine.xlsx"), "--lang", "en"]) == 0
    assert main(["check", str(tmp_path / "mine.xlsx")]) == 1  # an empty template: the company target is required
    assert "Target and reps!B3" in capsys.readouterr().out
    assert main(["demo", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    assert "业绩分解 / Quota decomposition: quota.xlsx, quota-demo.xlsx" in out
    assert "visits 252 (4.85/week → 5); opportunities 222 planned vs 93 by win rate" in out
