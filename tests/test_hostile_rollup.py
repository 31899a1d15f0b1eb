"""The roll-up of a hostile mix, as the command runs it: [zip bomb, billion laughs, external entity, year-1
date, good]. It writes the team workbook, names every bad file, and stays under 1 GB of memory (this process's
peak plus each reading worker's, measured by the OS)."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests import hostile_files as H
from xlsales.book import read_sheets

ROOT = Path(__file__).resolve().parents[1]
GB = 2**30
MEASURED = """
import json, resource, sys
from xlsales.cli import main
code = main(sys.argv[1:])
usage = {who: resource.getrusage(getattr(resource, who)).ru_maxrss * 1024 for who in ("RUSAGE_SELF", "RUSAGE_CHILDREN")}
print(json.dumps(usage))
sys.exit(code)
"""


def _hostile_folder(folder: Path) -> dict[str, bytes]:
    files = {
        "bomb.xlsx": H.sheet_bomb(H.good(1), megabytes=2048),  # 2 GB of spaces in the deals sheet
        # entities in core.xml and custom.xml (once the end of the run) and in the deals sheet
        "laughs.xlsx": H.laughs(H.entities_in_sheet(H.good(2), H.LAUGHS_DTD, "&lol9;")),
        "xxe.xlsx": H.external_entity(H.entities_in_sheet(H.good(3), H.XXE_DTD, "&xxe;")),
        "year1.xlsx": H.year_one(H.good(4)),  # only its saved time is bad: its deals are used
        "good.xlsx": H.good(5),
    }
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in kilobytes, worker memory caps: Linux")
def test_a_hostile_mix_rolls_up_names_each_bad_file_and_stays_under_1_gb(tmp_path):
    folder = tmp_path / "inbox"
    _hostile_folder(folder)
    output = tmp_path / "team.xlsx"
    run = subprocess.run([sys.executable, "-c", MEASURED, "rollup", str(folder), "-o", str(output)],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    usage = json.loads(run.stdout.strip().splitlines()[-1])
    workers = 2  # at most one per CPU; each worker's peak is at most RUSAGE_CHILDREN's
    assert usage["RUSAGE_SELF"] + workers * usage["RUSAGE_CHILDREN"] < GB, usage

    sheets = read_sheets(output)
    sources = {row[0]: row for row in sheets["来源"][1:]}
    assert sources["bomb.xlsx"][12] == "跳过" and sources["bomb.xlsx"][13].startswith("文件太大: 部件 xl/worksheets/")
    for name in ("laughs.xlsx", "xxe.xlsx"):
        assert sources[name][12:14] == ["跳过", "文件已损坏,无法打开"], name
    for name in ("year1.xlsx", "good.xlsx"):
        assert sources[name][12] == "正常" and sources[name][8] == 2, name
    assert sources["year1.xlsx"][2] == "funnel" and sources["year1.xlsx"][7] is None  # saved time unknown
    assert sources["good.xlsx"][7] == dt.date(2026, 1, 1)  # its core.xml says 2026-01-01T00:00:00Z (the build's)
    assert [(row[0], row[1], row[4]) for row in sheets["问题"][1:]] == [("year1.xlsx", "docProps/core.xml", "提示")]
    assert sorted(row[0] for row in sheets["商机"][1:] if row[0]) == ["G4-1", "G4-2", "G5-1", "G5-2"]
    for name in ("bomb.xlsx", "laughs.xlsx", "xxe.xlsx", "year1.xlsx"):
        assert name in run.stderr
    load_workbook(output, read_only=True).close()  # what we wrote, openpyxl and calamine open
    CalamineWorkbook.from_path(str(output)).get_sheet_by_name("来源").to_python()


def test_the_same_mix_rolls_up_in_one_process_as_xlwings_lite_does(tmp_path, monkeypatch):
    """No processes (Pyodide): the full scan stands in for the memory limit; the outcome is the same."""
    from xlsales.sharing.cli import read_all

    monkeypatch.setattr(sys, "platform", "emscripten")
    folder = tmp_path / "inbox"
    files = _hostile_folder(folder)
    books = read_all([folder / name for name in files])
    assert [b.failure.en if b.failure else None for b in books] == [
        books[0].failure.en, "damaged file, cannot be opened", "damaged file, cannot be opened", None, None]
    assert books[0].failure.en.startswith(f"too large: part {H.deals_part(files['bomb.xlsx'])} is packed")
    assert [n.where for n in books[3].notes] == ["docProps/core.xml"] and books[4].notes == []
