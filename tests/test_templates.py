"""Every registered template: committed files equal a fresh build, the embedded Lite code is the
shipped code and works on its own, and nothing in the file is what Excel would "repair"."""

import importlib
import inspect
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.formulas import FORMULAE

from xlsales import lite
from xlsales.book import stamp
from xlsales.templates.build import LITE_DIR, main_py, workbook_bytes
from xlsales.templates.registry import TEMPLATES

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
NAMES = list(TEMPLATES)


@pytest.fixture(scope="module", params=NAMES)
def built(request):
    spec = TEMPLATES[request.param]
    return spec, workbook_bytes(spec, "zh-CN")


@pytest.mark.parametrize("name", NAMES)
def test_function_names_do_not_collide_with_excel_builtins(name):
    """Excel would call its own function of that name."""
    functions = [f.name for f in lite.excel_functions(TEMPLATES[name].udfs_module)]
    assert functions and [f for f in functions if f.upper() in FORMULAE] == []


def test_committed_workbook_equals_fresh_build(built):
    spec, fresh = built
    committed = WORKBOOKS / f"{spec.name}.xlsx"
    assert committed.exists(), "run `xlsales build` and commit workbooks/"
    with zipfile.ZipFile(committed) as old, zipfile.ZipFile(io.BytesIO(fresh)) as new:
        assert old.namelist() == new.namelist()
        for name in new.namelist():
            assert old.read(name) == new.read(name), f"{spec.name}.xlsx: {name} differs from a fresh build"
    assert committed.read_bytes() == fresh


def test_build_is_deterministic(built):
    spec, fresh = built
    assert workbook_bytes(spec, "zh-CN") == fresh


def test_embedded_code_is_the_shipped_code(built, tmp_path):
    spec, fresh = built
    code = lite.extract(fresh)
    assert code is not None
    assert code["main.py"] == main_py(spec)
    assert code["main.py"] == (WORKBOOKS / LITE_DIR / spec.name / "main.py").read_text(encoding="utf-8")
    assert code["requirements.txt"] == lite.REQUIREMENTS_TXT
    assert code["requirements.txt"] == (WORKBOOKS / LITE_DIR / spec.name / "requirements.txt").read_text()
    (tmp_path / "template.xlsx").write_bytes(fresh)
    assert stamp(tmp_path / "template.xlsx")["template"] == spec.name


def _public_functions(module) -> list[str]:
    return sorted(name for name, obj in vars(module).items()
                  if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_"))


PROBE = """
import inspect, json, sys
import main
names = sorted(n for n, o in vars(main).items()
               if inspect.isfunction(o) and o.__module__ == "main" and not n.startswith("_"))
origins = sorted({m.__spec__.origin for n, m in sys.modules.items()
                  if n.partition(".")[0] in ("xlsales", "udfs")})
print(json.dumps({"names": names, "origins": origins}))
"""


def run_main_py(code: str, probe: str, folder: Path) -> str:
    """Run `probe` next to a main.py holding `code`, in a fresh interpreter started in `folder` (no repository
    on sys.path); return its last output line."""
    (folder / "main.py").write_text(code, encoding="utf-8")
    (folder / "probe.py").write_text(probe, encoding="utf-8")
    result = subprocess.run([sys.executable, "probe.py"], cwd=folder, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_embedded_main_py_runs_alone_and_exposes_the_udfs(built, tmp_path):
    """Executed in a fresh interpreter, main.py needs nothing unpublished: every xlsales/udfs module comes
    from the bundle inside it, and it defines the same functions and scripts as the udfs module."""
    spec, _ = built
    import json
    report = json.loads(run_main_py(main_py(spec), PROBE, tmp_path))
    assert report["origins"] == ["main.py"]
    assert report["names"] == _public_functions(importlib.import_module(spec.udfs_module))


def test_workbook_lint(built):
    """What Excel rejects or repairs: duplicate/overlapping tables, non-text headers, long list validation,
    bad defined names."""
    spec, fresh = built
    wb = load_workbook(io.BytesIO(fresh))
    table_names: list[str] = []
    for ws in wb.worksheets:
        boxes = []
        for table in ws.tables.values():
            table_names.append(table.displayName.lower())
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", table.displayName)
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            headers = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
            assert all(isinstance(h, str) and h for h in headers) and len(set(headers)) == len(headers)
            for other in boxes:
                assert max_col < other[0] or min_col > other[2] or max_row < other[1] or min_row > other[3]
            boxes.append((min_col, min_row, max_col, max_row))
        for rule in ws.data_validations.dataValidation:
            if rule.type == "list" and rule.formula1 and rule.formula1.startswith('"'):
                assert len(rule.formula1) - 2 <= 255
    assert len(table_names) == len(set(table_names))
    for name in wb.defined_names:
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", name)
    with zipfile.ZipFile(io.BytesIO(fresh)) as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/"):
                xml = archive.read(part).decode("utf-8").upper()
                for banned in ("LAMBDA(", "_XLFN.LET(", "_XLFN._XLWS.FILTER(", "_XLFN._XLWS.SORT(", "_XLFN.UNIQUE("):
                    assert banned not in xml, f"{spec.name}: {part} uses {banned}"
