"""xlwings Lite code in workbooks: the bundled main.py works on its own, the embedded parts are the ones
Excel writes, the code comes back byte-identical, and the zip is deterministic."""

import ast
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.table import Table

from xlsales import __version__, libreoffice, lite

ROOT = Path(__file__).resolve().parents[1]
LITE_BASE = sorted(["xlsales", "xlsales.i18n", "xlsales.problems", "xlsales.table", "udfs", "udfs._excel", "udfs._book"])
TRICKY = 'x = "引号" + \'单引号\' + """三引号""" + \'\'\'\'\'\' # <tag> & \\n \\\\ \t\r\n中文,结尾\''
TRICKY_ALPHABET = st.sampled_from(list("'\"\\\n\r\t\x00\x0c\x7f<>&;ab 中\u2028\ufeff\ufffe\uffff\U0001f600"))

SAMPLE_UDFS = '''\
"""A udfs module made only for this test: functions and a script over the bundled helpers."""

import xlwings as xw
from xlwings import func, script

from udfs._book import find_sheet, write_block
from udfs._excel import friendly_errors, number
from xlsales.i18n import Text
from xlsales.problems import InputError, Problem
from xlsales.table import to_number

NOTES = Text("备注", "Notes")


@func
@friendly_errors
def double_amount(amount):
    return 2 * number(amount, "金额", "amount")


@func
@friendly_errors
def checked_amount(value):
    if to_number(value) is None:
        raise InputError([Problem("商机", "B2", "应为数字", "a number", str(value))])
    return to_number(value)


@script
def stamp_notes(book: xw.Book):
    write_block(find_sheet(book, NOTES), "A1", [["已运行 / done"]])
'''

PROBE = '''\
import importlib.util, inspect, json, sys
from pathlib import Path

here = Path(__file__).parent


def load_main():
    spec = importlib.util.spec_from_file_location("main", here / "main.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["main"] = module
    spec.loader.exec_module(module)
    return module


class Cell:
    def __init__(self, sheet, address):
        self.sheet, self.address = sheet, address

    @property
    def value(self):
        return self.sheet.cells.get(self.address)

    @value.setter
    def value(self, value):
        self.sheet.cells[self.address] = value


class Sheet:
    def __init__(self, name):
        self.name, self.cells = name, {}

    def range(self, address):
        return Cell(self, address)


class Book:
    def __init__(self):
        self.sheets = [Sheet("Notes")]


main = load_main()
main = load_main()  # Lite may run main.py again in the same interpreter
book = Book()
main.stamp_notes(book)
try:
    import xlsales.funnel
    unbundled = "imported"
except ModuleNotFoundError as error:
    unbundled = str(error)
try:
    import xlsales_sample_udfs
    sample_file = "importable"
except ModuleNotFoundError:
    sample_file = "absent"
print(json.dumps({
    "functions": sorted(n for n, o in vars(main).items()
                        if inspect.isfunction(o) and o.__module__ == "main" and not n.startswith("_")),
    "results": [main.double_amount("1,250"), main.double_amount("abc"), main.checked_amount("x"),
                main.checked_amount("7")],
    "script": book.sheets[0].cells,
    "origins": {name: sys.modules[name].__spec__.origin for name in sorted(main._XLSALES_BUNDLE)},
    "importers": sum(type(f).__name__ == "_XlsalesBundleImporter" for f in sys.meta_path),
    "unbundled": unbundled,
    "sample_file": sample_file,
}, ensure_ascii=False))
'''


def _workbook_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "商机"
    for row in [["阶段", "金额"], ["方案", 100], ["谈判", 250.5]]:
        ws.append(row)
    ws.add_table(Table(displayName="Deals", ref="A1:B3"))
    wb.create_sheet("汇总")["A1"] = "=SUM(Deals[金额])"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(parts: dict[str, bytes], order: list[str], date_time, compression) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            archive.writestr(zipfile.ZipInfo(name, date_time=date_time), parts[name], compress_type=compression)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sample_udfs(tmp_path_factory):
    """A udfs module that exists only in a temporary folder on sys.path for this test module."""
    folder = tmp_path_factory.mktemp("sample_udfs")
    (folder / "xlsales_sample_udfs.py").write_text(SAMPLE_UDFS, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        yield "xlsales_sample_udfs"
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("xlsales_sample_udfs", None)


# --- main.py ------------------------------------------------------------------------------------

def test_bundled_main_py_runs_alone_in_a_fresh_interpreter(sample_udfs, tmp_path):
    main_py = lite.bundle_main_py(sample_udfs, "测试 / Test")
    (tmp_path / "main.py").write_text(main_py, encoding="utf-8")
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    # -I: no PYTHONPATH, no current folder, no user site; only the interpreter's own site-packages
    result = subprocess.run([sys.executable, "-I", "probe.py"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    import xlsales_sample_udfs as sample  # the same functions, imported normally in this process
    assert report["functions"] == ["checked_amount", "double_amount", "stamp_notes"]
    assert report["results"] == [2500.0, "#XLSALES! 「金额」应为数字 / 'amount' must be a number",
                                 "#XLSALES! 商机!B2: 应为数字 / a number", 7.0]
    assert report["results"] == [sample.double_amount("1,250"), sample.double_amount("abc"),
                                 sample.checked_amount("x"), sample.checked_amount("7")]
    assert report["script"] == {"A1": [["已运行 / done"]]}
    # every bundled module came from main.py, not from this repository, even if it is installed
    assert report["origins"] == {name: "main.py" for name in sorted(LITE_BASE)}
    assert report["importers"] == 1
    assert "xlsales.funnel is not bundled" in report["unbundled"]
    assert report["sample_file"] == "absent"


def test_bundle_header_and_determinism(sample_udfs):
    main_py = lite.bundle_main_py(sample_udfs, "测试\n/ Test")
    assert main_py == lite.bundle_main_py(sample_udfs, "测试\n/ Test")
    header = main_py.splitlines()[:4]
    assert header[0] == "# 测试 / Test: main.py for xlwings Lite"
    assert f"xlsales {__version__}" in header[1] and "Do not edit" in header[1]
    body = main_py.split("\n", 4)[4]
    assert header[3].endswith(hashlib.sha256(body.encode("utf-8")).hexdigest())
    assert main_py.endswith(SAMPLE_UDFS)  # the udfs module verbatim, last


def test_bundle_embeds_the_installed_sources_exactly(sample_udfs):
    tree = ast.parse(lite.bundle_main_py(sample_udfs, "t"))
    bundle = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                  and getattr(node.targets[0], "id", "") == "_XLSALES_BUNDLE")
    embedded = ast.literal_eval(bundle)
    assert list(embedded) == LITE_BASE
    for name, (is_package, source) in embedded.items():
        module = sys.modules.get(name) or __import__(name)
        assert is_package == hasattr(module, "__path__")
        assert source == Path(module.__file__).read_text(encoding="utf-8")


@settings(max_examples=300)
@given(st.one_of(st.text(TRICKY_ALPHABET), st.text(st.characters(codec="utf-8"))))
def test_source_literal_round_trips_any_text(text):
    assert ast.literal_eval(lite._source_literal(text)) == text


def test_source_literal_keeps_lines_readable():
    literal = lite._source_literal('def f():\n    return "中文"\n')
    assert literal == "'''\\\ndef f():\n    return \"中文\"\n'''"


def test_the_bundle_is_every_module_of_ours_the_udfs_module_needs(sample_udfs):
    """Found from the import statements, through every module imported, with their packages."""
    assert lite.dependencies(sample_udfs) == LITE_BASE
    funnel = lite.dependencies("udfs.funnel")
    assert {"xlsales.funnel.figures", "xlsales.funnel.layout", "xlsales.layout", "xlsales.formula"} <= set(funnel)
    assert "udfs.funnel" not in funnel and not any(m.startswith("xlsales.templates") for m in funnel)


def test_bundle_refuses_future_annotations_in_the_udfs_module(tmp_path, monkeypatch):
    (tmp_path / "xlsales_future_udfs.py").write_text("from __future__ import annotations\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match="__future__"):
        lite.bundle_main_py("xlsales_future_udfs", "t")


def test_requirements_only_name_what_pyodide_loads():
    lines = [line for line in lite.REQUIREMENTS_TXT.splitlines() if line and not line.startswith("#")]
    assert lines == ["xlwings>=0.37.0,<1.0.0", "pandas", "pydantic"]


def test_the_package_needs_the_xlwings_floor_the_workbooks_state():
    """pyproject.toml and every workbook's requirements.txt name the same lowest xlwings."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    xlwings = [d.split("#")[0].strip() for d in project["dependencies"] if d.startswith("xlwings")]
    assert xlwings == [f"xlwings>={lite.XLWINGS_FLOOR}"]
    assert f"xlwings>={lite.XLWINGS_FLOOR}," in lite.REQUIREMENTS_TXT


# --- embedding ------------------------------------------------------------------------------------

def test_embed_extract_round_trip_is_byte_identical():
    main_py = TRICKY + "\n" + lite.bundle_main_py("xlsales.problems", "漏斗 / Funnel")
    requirements = 'xlwings<1.0.0\npandas  # "内置" & <pinned by Pyodide>\n'
    embedded = lite.embed(_workbook_bytes(), main_py, requirements)
    code = lite.extract(embedded)
    assert code == {"main.py": main_py, "requirements.txt": requirements}
    assert code["main.py"].encode("utf-8") == main_py.encode("utf-8")


@settings(max_examples=60, deadline=None)
@given(st.text(TRICKY_ALPHABET), st.text(st.characters(codec="utf-8")))
def test_any_text_survives_embedding(main_py, requirements):
    assert lite.extract(lite.embed(_workbook_bytes(), main_py, requirements)) == {
        "main.py": main_py, "requirements.txt": requirements}


def test_embedded_parts_are_linked_as_excel_links_them():
    parts = _parts(lite.embed(_workbook_bytes(), "print('hi')\n", lite.REQUIREMENTS_TXT))
    rels = ElementTree.fromstring(parts["_rels/.rels"])
    taskpane_links = [r for r in rels if r.get("Type") == lite.REL_TASKPANES]
    assert [r.get("Target") for r in taskpane_links] == ["xl/webextensions/taskpanes.xml"]
    assert len({r.get("Id") for r in rels}) == len(rels)

    panes = ElementTree.fromstring(parts["xl/webextensions/taskpanes.xml"])
    assert panes.tag == f"{{{lite.NS_WETP}}}taskpanes"
    pane = panes.find(f"{{{lite.NS_WETP}}}taskpane")
    assert [pane.get(a) for a in ("dockstate", "visibility", "width", "row")] == ["right", "1", "350", "1"]
    ref_id = pane.find(f"{{{lite.NS_WETP}}}webextensionref").get(f"{{{lite.NS_R}}}id")
    pane_rels = ElementTree.fromstring(parts["xl/webextensions/_rels/taskpanes.xml.rels"])
    target = next(r for r in pane_rels if r.get("Id") == ref_id)
    assert (target.get("Type"), target.get("Target")) == (lite.REL_WEBEXTENSION, "webextension1.xml")

    extension = ElementTree.fromstring(parts["xl/webextensions/webextension1.xml"])
    assert extension.tag == f"{{{lite.NS_WE}}}webextension"
    reference = extension.find(f"{{{lite.NS_WE}}}reference")
    assert (reference.get("id"), reference.get("store"), reference.get("storeType")) == ("wa200008175", "en-US", "OMEX")
    names = [p.get("name") for p in extension.iterfind(f"{{{lite.NS_WE}}}properties/{{{lite.NS_WE}}}property")]
    assert names == ["main.py", "pyodideVersion", "addinVersion", "requirements.txt"]  # Lite's order

    types = ElementTree.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.tag.endswith("Override")}
    assert overrides["/xl/webextensions/webextension1.xml"] == "application/vnd.ms-office.webextension+xml"
    assert overrides["/xl/webextensions/taskpanes.xml"] == "application/vnd.ms-office.webextensiontaskpanes+xml"


def test_property_value_is_json_then_xml_escaped_like_excel():
    assert lite.property_value('a "b" <c> & d\n中') == '&quot;a \\&quot;b\\&quot; &lt;c&gt; &amp; d\\n中&quot;'


def test_property_value_escapes_slashes_as_lite_does():
    value = lite.property_value("https://lite.xlwings.org/a/b")
    assert value == '&quot;https:\\/\\/lite.xlwings.org\\/a\\/b&quot;'
    assert json.loads(value.replace("&quot;", '"')) == "https://lite.xlwings.org/a/b"


def test_reembedding_replaces_instead_of_duplicating():
    once = lite.embed(_workbook_bytes(), "old = 1\n", "xlwings")
    twice = lite.embed(once, "new = 2\n", lite.REQUIREMENTS_TXT)
    assert lite.extract(twice) == {"main.py": "new = 2\n", "requirements.txt": lite.REQUIREMENTS_TXT}
    parts = _parts(twice)
    assert sorted(n for n in parts if n.startswith("xl/webextensions/")) == [
        "xl/webextensions/_rels/taskpanes.xml.rels", "xl/webextensions/taskpanes.xml",
        "xl/webextensions/webextension1.xml"]
    assert parts["_rels/.rels"].count(lite.REL_TASKPANES.encode()) == 1
    assert parts["[Content_Types].xml"].count(b"/xl/webextensions/") == 2
    assert twice == lite.embed(lite.embed(_workbook_bytes(), "something else\n", "x"), "new = 2\n",
                               lite.REQUIREMENTS_TXT)


def test_extracts_code_from_a_workbook_saved_by_excel():
    """The shape Excel gives a Lite workbook: locale store, upper-case alternate reference, Lite's own
    extra properties, and values escaped by Excel (not by our encoder)."""
    webextension = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" '
        'id="{088E5477-CB73-4F56-B02C-77858D8016F4}"><we:reference id="wa200008175" version="1.0.0.0" '
        'store="zh-CN" storeType="OMEX"/><we:alternateReferences><we:reference id="WA200008175" '
        'version="1.0.0.0" store="WA200008175" storeType="OMEX"/></we:alternateReferences><we:properties>'
        '<we:property name="main.py" value="&quot;import xlwings as xw\\nprint(\\&quot;a &amp; b &gt; c 中\\&quot;)'
        '\\n&quot;"/><we:property name="pyodideVersion" value="&quot;0.27.5&quot;"/>'
        '<we:property name="requirements.txt" value="&quot;xlwings==0.33.15\\npandas&quot;"/></we:properties>'
        '<we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
        '</we:webextension>')
    parts = _parts(lite.embed(_workbook_bytes(), "", ""))  # the task pane that opens the part, as Excel links it
    parts["xl/webextensions/webextension1.xml"] = webextension.encode("utf-8")
    saved_by_excel = _rezip(parts, list(parts), (2025, 5, 1, 12, 0, 0), zipfile.ZIP_DEFLATED)
    assert lite.extract(saved_by_excel) == {"main.py": 'import xlwings as xw\nprint("a & b > c 中")\n',
                                            "requirements.txt": "xlwings==0.33.15\npandas"}
    replaced = lite.embed(saved_by_excel, "x = 1\n", lite.REQUIREMENTS_TXT)
    assert lite.extract(replaced) == {"main.py": "x = 1\n", "requirements.txt": lite.REQUIREMENTS_TXT}


def test_extract_without_lite_code_is_none():
    assert lite.extract(_workbook_bytes()) is None


def test_embedded_workbook_still_opens_in_openpyxl():
    wb = load_workbook(io.BytesIO(lite.embed(_workbook_bytes(), "x = 1\n", lite.REQUIREMENTS_TXT)))
    assert wb.sheetnames == ["商机", "汇总"]
    assert wb["商机"]["B3"].value == 250.5 and wb["汇总"]["A1"].value == "=SUM(Deals[金额])"
    assert list(wb["商机"].tables) == ["Deals"]


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice.available() and not os.environ.get("CI"),
                    reason="LibreOffice (soffice) not installed")  # never skipped in CI, which installs it
def test_embedded_workbook_opens_and_recalculates_in_libreoffice(tmp_path):
    source = tmp_path / "embedded.xlsx"
    source.write_bytes(lite.embed(_workbook_bytes(), "x = 1\n", lite.REQUIREMENTS_TXT))
    result = libreoffice.recalculate(source, tmp_path / "out")
    wb = load_workbook(result, data_only=True)
    assert wb["汇总"]["A1"].value == 350.5
    assert wb["商机"]["A3"].value == "谈判"


# --- deterministic zip, atomic write ------------------------------------------------------------------

def test_normalise_zip_gives_the_same_bytes_for_the_same_content():
    parts = _parts(_workbook_bytes())
    first = _rezip(parts, list(parts), (2026, 3, 4, 5, 6, 8), zipfile.ZIP_DEFLATED)
    second = _rezip(_with_core_times(parts, "2031-12-31T23:59:58Z"), sorted(parts, reverse=True),
                    (2027, 1, 1, 0, 0, 0), zipfile.ZIP_STORED)
    assert first != second
    assert lite.normalise_zip(first) == lite.normalise_zip(second)
    normalised = lite.normalise_zip(first)
    assert lite.normalise_zip(normalised) == normalised
    with zipfile.ZipFile(io.BytesIO(normalised)) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) and i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
        core_xml = archive.read("docProps/core.xml").decode()
        assert core_xml.count("2026-01-01T00:00:00Z") == 2
        for name in names:
            if name != "docProps/core.xml":
                assert archive.read(name) == parts[name]


def _with_core_times(parts: dict[str, bytes], stamp: str) -> dict[str, bytes]:
    core = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*", lambda m: m.group(1) + stamp,
                  parts["docProps/core.xml"].decode())
    assert stamp in core
    return dict(parts, **{"docProps/core.xml": core.encode()})


def test_embed_output_is_normalised():
    embedded = lite.embed(_workbook_bytes(), "x = 1\n", lite.REQUIREMENTS_TXT)
    assert lite.normalise_zip(embedded) == embedded


def test_write_atomic_refuses_to_overwrite_unless_asked(tmp_path):
    target = tmp_path / "new folder" / "漏斗.xlsx"
    lite.write_atomic(target, b"first")
    with pytest.raises(FileExistsError, match="已存在.*already exists"):
        lite.write_atomic(target, b"second")
    assert target.read_bytes() == b"first"
    lite.write_atomic(target, b"second", overwrite=True)
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["漏斗.xlsx"]  # no temporary file left behind
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
