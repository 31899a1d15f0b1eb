"""Each workbook's embedded main.py (extracted from the built file, run outside the repository) called as
xlwings Lite calls it gives what the repository's code gives: every function with its arguments in the
shapes Office.js and xlwings hand them, every script on the demo workbook. See tests/lite_path.py.

Two paths:
- "shapes" (always): the functions get what xlwings' conversion makes of Office.js' values (a one-cell
  range a scalar, one row or column a flat list, empty cells None, dates serial numbers); the scripts
  run on a FakeBook.
- "xlwings" (only with an xlwings licence key in the environment): xlwings' own Lite-side code,
  `xlwings.server` with its remote engine. Those modules are xlwings PRO, licensed for noncommercial use
  (PolyForm Noncommercial 1.0.0) or under a paid licence, so this repository never supplies a key; see
  README, "What runs where".

CI runs this module a second time in .venv-lite (scripts/lite-env.sh): Python 3.12 with Pyodide 0.27.5's
pandas, numpy and pydantic, and the lowest xlwings the workbooks' requirements.txt allows.
"""

import datetime as dt
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.table import Table

from tests import lite_path as P
from tests.fakebook import FakeBook
from tests.lite_runner import apply_actions, book_json
from udfs._excel import ERROR_PREFIX
from xlsales import lite

LICENCE_KEY = os.environ.get("XLWINGS_LICENSE_KEY")
XLWINGS_CONFIG = Path.home() / ".xlwings" / "xlwings.conf"  # where xlwings also looks for a key
LICENSED = bool(LICENCE_KEY) or (XLWINGS_CONFIG.exists() and '"LICENSE_KEY"' in XLWINGS_CONFIG.read_text())


@pytest.fixture(scope="module", params=P.WORKBOOKS)
def built(request, tmp_path_factory):
    return P.build(request.param, tmp_path_factory.mktemp(f"{request.param}-built"))


@pytest.fixture(scope="module")
def shaped(built, tmp_path_factory):
    """The workbook's main.py run on the "shapes" path, with every call in both single-cell shapes."""
    return _run(built, tmp_path_factory.mktemp(f"{built.name}-shapes"), "shapes")


def _run(built, folder, mode, env=None):
    wb = load_workbook(io.BytesIO(built.data))
    made, _ = P.calls(built.name, built.code["main.py"])
    job = []
    for call in made:
        cells = P.values(wb, call)
        for single in ("scalar", "matrix"):
            job.append((f"{call.id}/{single}", call.function, [P.officejs(v, single) for v in cells]))
    return wb, made, P.run(built, folder, mode, job, env=env)


def test_every_function_and_script_has_a_case(built):
    """A function or script the workbook registers without arguments or a run here fails: add it to
    tests/lite_path.py (ARGUMENTS / CALLS / SCRIPT_RUNS)."""
    main_py = built.code["main.py"]
    _, missing = P.calls(built.name, main_py)
    assert missing == [], f"{built.name}: no Lite-path test argument for {missing}"
    assert P.uncovered_scripts(built.name, main_py) == [], f"{built.name}: scripts not run"
    functions, scripts = P.registered(main_py)
    assert functions or scripts, f"{built.name}: main.py registers nothing"


def test_main_py_comes_from_the_workbook_not_the_repository(built, shaped):
    _, _, report = shaped
    assert report["origins"] == ["main.py"]


def _against_repository(built, wb, made, report) -> tuple[list[str], list[Any]]:
    """Each call whose result in Lite (an argument of one cell as a scalar, or as a matrix) differs from the
    repository's, and the repository's results."""
    mismatches, wanted = [], []
    for call in made:
        want = P.expected(built, wb, call)
        wanted.append(want)
        for single in ("scalar", "matrix"):
            got = report["calls"][f"{call.id}/{single}"]
            if not P.same(got, want):
                mismatches.append(f"{call.function}{call.arguments} [{single}]: Lite {got!r} != {want!r}")
    return mismatches, wanted


def test_functions_in_lite_shapes_give_what_the_repository_gives(built, shaped):
    wb, made, report = shaped
    mismatches, wanted = _against_repository(built, wb, made, report)
    assert mismatches == []
    errors = [f"{call.function}{call.arguments}: {want!r}" for call, want in zip(made, wanted)
              if (isinstance(want, str) and want.startswith(ERROR_PREFIX)) != call.checks_message]
    assert errors == [], "a main case gave a message (or a message case a value): fix the case or the code"


def test_one_column_tables_keep_their_rows():
    """Excel hands a one-column range over flat, like a row: its cells must stay in column A, rows 2, 3, …"""
    from udfs import review

    one_listener = ["清楚", "x", "模糊"]  # one listener's ratings, D13:D15
    assert review.review_element_score(one_listener) == (
        "#XLSALES! 评分区域 ratings!A2: 评分应为 清楚/模糊/不知道 或 C/F/W / "
        "a rating must be Clear/Fuzzy/Unknown or C/F/W")
    assert review.review_element_score(["清楚", "清楚", "模糊"]) == review.review_element_score(
        [["清楚"], ["清楚"], ["模糊"]]) == 50.0


def test_scripts_on_the_demo_workbook_do_what_the_repository_does(built, shaped):
    _, _, report = shaped
    _check_scripts(built, report)


def _check_scripts(built, report):
    want = P.script_runs_in_repo(built)
    assert set(report["scripts"]) == set(want)
    for run_id, outcome in report["scripts"].items():
        assert all(step == "ok" for step in outcome["steps"]), f"{built.name} {run_id}: {outcome['steps']}"
        got = P.saved_values(outcome["workbook"])
        assert got.keys() == want[run_id].keys(), f"{built.name} {run_id}: sheets"
        for sheet in got:
            assert got[sheet] == want[run_id][sheet], f"{built.name} {run_id}: sheet {sheet} differs"


STRUCTURE = Path(__file__).parent / "data" / "lite-structure"
FIXED = {"id", "storeType", "version", "uri", "name", "dockstate"}  # values that are identifiers, not content


def _structure(xml: bytes) -> list[tuple]:
    """Each element's tag, attribute names and identifier values, in document order (ids compared in lower
    case: the samples write the alternate reference either way; the extension's own id is a GUID)."""
    out = []
    for depth, element in _walk(ElementTree.fromstring(xml)):
        fixed = {k: v.lower() for k, v in element.attrib.items() if k in FIXED and not v.startswith("{") or k == "uri"}
        out.append((depth, element.tag, sorted(element.attrib), sorted(fixed.items())))
    return out


def _walk(element, depth=0):
    yield depth, element
    for child in element:
        yield from _walk(child, depth + 1)


@pytest.mark.parametrize("part", ["webextension1.xml", "taskpanes.xml"])
def test_the_web_extension_parts_have_the_structure_lite_saves(built, part):
    """Field by field as in workbooks Excel saved with Lite (tests/data/lite-structure); the values that
    differ on purpose: the taskpane is visible (visibility 1) so Excel opens it, offering Lite when it is
    missing, and the store locale is en-US."""
    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        ours = archive.read(f"xl/webextensions/{part}")
    assert _structure(ours) == _structure((STRUCTURE / part).read_bytes())
    if part == "webextension1.xml":
        properties = {p.get("name"): p.get("value") for p in ElementTree.fromstring(ours).iter(f"{{{lite.NS_WE}}}property")}
        assert json.loads(properties["pyodideVersion"]) == lite.PYODIDE_VERSION
        code = ours.decode("utf-8").split('name="main.py" value="')[1].split('"')[0]
        assert "\\/" in code and "/" not in code.replace("\\\\", "").replace("\\/", "")  # "/" as Lite writes it
    assert lite.extract(built.data)["main.py"] == built.code["main.py"]


def _action(func, args=None, values=None, sheet=0, block=None):
    top, left, rows, columns = block or (None, None, None, None)
    return {"func": func, "args": args, "values": values, "sheet_position": sheet, "start_row": top,
            "start_column": left, "row_count": rows, "column_count": columns}


def test_actions_a_script_returns_are_applied_as_excel_would():
    """The harness side of the xlwings path (runs without xlwings PRO): the workbook xlwings is given, and
    what the actions it returns do."""
    wb = Workbook()
    ws = wb.active
    ws.title = "商机"
    for row in [["编号", "金额", "两倍"], ["D1", 10, "=B2*2"], ["D2", 20, "=B3*2"]]:
        ws.append(row)
    ws["D5"] = dt.datetime(2026, 11, 23)
    ws.add_table(Table(displayName="Deals", ref="A1:C3"))
    book = FakeBook(wb)
    sent = book_json(book)["sheets"][0]
    assert sent["values"][1] == ["D1", 10, "=B2*2", ""] and sent["values"][4][3] == "2026-11-23T00:00:00.000Z"
    assert sent["tables"][0]["range_address"] == "A1:C3" and sent["tables"][0]["data_body_range_address"] == "A2:C3"
    apply_actions(book, [
        _action("setValues", values=[["D3", 30], ["D4", "2026-12-01T00:00:00.000Z"]], block=(3, 0, 2, 2)),
        _action("resizeTable", args=[0, "$A$1:$C$5"]),
        _action("rangeClearContents", block=(4, 3, 1, 1)),
        _action("addSheet", args=[1, "来源"], sheet=None),
        _action("setValues", values=[["文件"]], sheet=1, block=(0, 0, 1, 1)),
    ])
    assert [[c.value for c in row] for row in ws["A4:B5"]] == [["D3", 30], ["D4", dt.datetime(2026, 12, 1)]]
    assert ws.tables["Deals"].ref == "A1:C5" and ws["D5"].value is None
    assert wb.sheetnames == ["商机", "来源"] and wb["来源"]["A1"].value == "文件"
    with pytest.raises(NotImplementedError, match="setRangeColor"):
        apply_actions(book, [_action("setRangeColor", args=["#FF0000"], block=(0, 0, 1, 1))])


# ---- xlwings' own Lite-side path (licensed) ---------------------------------------------------------------

needs_licence = pytest.mark.skipif(
    not LICENSED, reason="xlwings.server and its remote engine are xlwings PRO: set XLWINGS_LICENSE_KEY to a key "
                         "your use is licensed for (README, 'What runs where'); this repository supplies none")


@pytest.fixture(scope="module")
def through_xlwings(built, tmp_path_factory):
    env = {"HOME": str(Path.home())} | ({"XLWINGS_LICENSE_KEY": LICENCE_KEY} if LICENCE_KEY else {})
    return _run(built, tmp_path_factory.mktemp(f"{built.name}-xlwings"), "xlwings", env)


@needs_licence
def test_xlwings_registers_every_function_and_script_as_lite_does(built, through_xlwings):
    """Names upper-case without a namespace, optional parameters marked, every script listed."""
    _, _, report = through_xlwings
    functions, scripts = P.registered(built.code["main.py"])
    registered = {f["name"]: f for f in report["meta"]["functions"]}
    assert sorted(registered) == sorted(f.name.upper() for f in functions)
    for node in functions:
        entry = registered[node.name.upper()]
        assert [(p["name"], p["optional"]) for p in entry["parameters"]] == P.parameters(node)
    assert report["meta"]["scripts"] == sorted(scripts)


@needs_licence
def test_xlwings_custom_functions_call_gives_what_the_repository_gives(built, through_xlwings):
    wb, made, report = through_xlwings
    assert _against_repository(built, wb, made, report)[0] == []


@needs_licence
def test_xlwings_scripts_on_book_json_do_what_the_repository_does(built, through_xlwings):
    _, _, report = through_xlwings
    _check_scripts(built, report)
