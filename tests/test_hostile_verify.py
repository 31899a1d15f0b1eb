"""`verify` accepts a file only when exactly one web-extension part carries code, it is the one the workbook
opens, its properties are not duplicated and its code is a release; everything else is named. `publish
--strip-code` removes every such part."""

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests import hostile_files as H
from xlsales import cli, lite
from xlsales.sharing import verify as V
from xlsales.sharing.publish import publish
from xlsales.templates.build import main_py, workbook_bytes
from xlsales.templates.funnel import SPEC

SHIPPED = workbook_bytes(SPEC, "zh-CN")
PART = lite.WEBEXTENSION
ALTERED_CODE = lite.embed(SHIPPED, main_py(SPEC).replace("def ", "def  ", 1), lite.REQUIREMENTS_TXT)


def _with(data: bytes, **parts: bytes) -> bytes:
    """The workbook with parts added or replaced (keyword names: / as __, . as _)."""
    contents = H.parts_of(data)
    for key, content in parts.items():
        contents[key.replace("__", "/").replace("_xml", ".xml").replace("_rels", ".rels")] = content
    return H.write_zip(contents)


def _shipped_part() -> bytes:
    return H.parts_of(SHIPPED)[PART]


def _altered_part() -> bytes:
    return H.parts_of(ALTERED_CODE)[PART]


def _verdict(data: bytes) -> V.Verdict:
    verdict = V.verify_workbook(data)
    assert not verdict.released
    assert "do not enable" in verdict.message.en and "请勿启用" in verdict.message.zh
    return verdict


def test_the_shipped_file_is_released_with_lite_s_own_extra_properties():
    """Our part carries what real Lite files carry beside the code (pyodideVersion, addinVersion, a we:extLst):
    they do not change the verdict, and another value of them (Lite saving the file) does not either."""
    part = _shipped_part()
    assert b'name="pyodideVersion"' in part and b'name="addinVersion"' in part and b"<we:extLst>" in part
    assert V.verify_workbook(SHIPPED).released
    resaved = part.replace(b'name="addinVersion" value="&quot;', b'name="addinVersion" value="&quot;9.9.9.9-', 1)
    assert V.verify_workbook(_with(SHIPPED, xl__webextensions__webextension1_xml=resaved)).released


def test_a_second_part_with_altered_code_is_named():
    data = _with(SHIPPED, xl__webextensions__webextension2_xml=_altered_part())
    verdict = _verdict(data)
    assert verdict.message.en.startswith("more than one part carries code: xl/webextensions/webextension1.xml, "
                                         "xl/webextensions/webextension2.xml")


def test_a_second_referenced_task_pane_with_altered_code_is_named():
    parts = H.parts_of(SHIPPED)
    parts["xl/webextensions/webextension2.xml"] = _altered_part()
    parts["xl/webextensions/_rels/taskpanes.xml.rels"] = parts["xl/webextensions/_rels/taskpanes.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rId2" Type="{lite.REL_WEBEXTENSION}" '
        'Target="webextension2.xml"/></Relationships>'.encode())
    parts["xl/webextensions/taskpanes.xml"] = parts["xl/webextensions/taskpanes.xml"].replace(
        b"</wetp:taskpanes>", b'<wetp:taskpane dockstate="right" visibility="1" width="350" row="2">'
        b'<wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        b'r:id="rId2"/></wetp:taskpane></wetp:taskpanes>')
    assert "more than one part carries code" in _verdict(H.write_zip(parts)).message.en


@pytest.mark.parametrize("where", ["xl/webextensions/webextension7.xml", "customXml/item9.xml", "xl/media/x.png"])
def test_an_unreferenced_decoy_is_named_wherever_it_hides(where):
    """The referenced part's code removed, the (altered) code in a part nothing opens: not 'released'."""
    parts = H.parts_of(SHIPPED)
    parts[PART] = re.sub(rb'<we:property name="(main.py|requirements.txt)" value="[^"]*"/>', b"", parts[PART])
    parts[where] = _altered_part()
    verdict = _verdict(H.write_zip(parts))
    assert verdict.message.en.startswith(f"the part {where} carries code but the workbook does not open it")


def test_a_duplicated_main_py_property_is_named():
    twice = _shipped_part().replace(b"</we:properties>", re.search(
        rb'<we:property name="main.py" value="[^"]*"/>', _altered_part()).group() + b"</we:properties>")
    verdict = _verdict(_with(SHIPPED, xl__webextensions__webextension1_xml=twice))
    assert verdict.message.en.startswith(f"the part {PART} holds the properties main.py more than once")


def test_a_code_property_outside_the_property_list_is_named():
    stray = _shipped_part().replace(b"<we:bindings/>", b'<we:bindings><we:property name="main.py" value="&quot;'
                                    b'import os&quot;"/></we:bindings>')
    verdict = _verdict(_with(SHIPPED, xl__webextensions__webextension1_xml=stray))
    assert verdict.message.en.startswith(f"the part {PART} has the properties main.py outside its one list")


def test_a_look_alike_property_name_is_named():
    odd = _shipped_part().replace(b"</we:properties>", b'<we:property name="Main.py " value="&quot;x&quot;"/>'
                                  b"</we:properties>")
    assert "properties named Main.py" in _verdict(_with(SHIPPED, xl__webextensions__webextension1_xml=odd)).message.en


def test_code_for_another_add_in_is_named():
    other = _shipped_part().replace(b'id="wa200008175"', b'id="wa104381999"').replace(b"WA200008175", b"WA104381999")
    assert "is not the xlwings Lite add-in" in _verdict(_with(SHIPPED, xl__webextensions__webextension1_xml=other)
                                                        ).message.en


def test_a_part_with_a_dtd_cannot_be_checked():
    dtd = _shipped_part().replace(b"<we:webextension ", b"<!DOCTYPE x [<!ENTITY e 'x'>]><we:webextension ", 1)
    assert "declare a DTD or entities" in _verdict(_with(SHIPPED, xl__webextensions__webextension1_xml=dtd)).message.en


def test_a_part_named_twice_or_a_bomb_is_refused_as_unreadable(tmp_path, capsys):
    twice, bomb = tmp_path / "twice.xlsx", tmp_path / "bomb.xlsx"
    twice.write_bytes(H.part_twice(SHIPPED, PART))
    bomb.write_bytes(H.replaced(SHIPPED, PART, H.repeated(b"<we:webextension>", b" ", 1024, b"</we:webextension>")))
    assert cli.main(["verify", str(twice)]) == 2 and cli.main(["verify", str(bomb)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"twice.xlsx: 文件已损坏: 部件 {PART} 出现了两次 / damaged file: the part {PART} is there twice"
    assert err[1].startswith(f"bomb.xlsx: 文件太大: 部件 {PART} 压缩比") and "zip bomb" in err[1] and len(err) == 2


def test_the_command_exits_1_and_names_the_part(tmp_path, capsys):
    path = tmp_path / "decoy.xlsx"
    path.write_bytes(_with(SHIPPED, xl__webextensions__webextension2_xml=_altered_part()))
    assert cli.main(["verify", str(path)]) == 1
    assert "xl/webextensions/webextension2.xml" in capsys.readouterr().out


def test_strip_code_removes_every_code_part_and_what_points_at_them():
    parts = H.parts_of(SHIPPED)
    parts["xl/webextensions/webextension2.xml"] = _altered_part()
    parts["customXml/item9.xml"] = _altered_part()
    parts["customXml/_rels/item9.xml.rels"] = H.parts_of(SHIPPED)["xl/webextensions/_rels/taskpanes.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rId99" Type="{lite.REL_WEBEXTENSION}" '
        'Target="../customXml/item9.xml"/></Relationships>'.encode())
    stripped = publish(H.write_zip(parts), strip_code=True).data
    left = H.parts_of(stripped)
    assert not [n for n in left if n.startswith("xl/webextensions/") or n.startswith("customXml/")]
    assert all(lite.root_element(n, lambda name: io.BytesIO(left[name])) not in ("webextension", "taskpanes")
               for n in left)
    assert b"rId99" not in left["xl/_rels/workbook.xml.rels"] and lite.REL_TASKPANES.encode() not in left["_rels/.rels"]
    assert b"webextension" not in left["[Content_Types].xml"]
    assert V.verify_workbook(stripped).status == V.MISSING
    load_workbook(io.BytesIO(stripped)).close()
    assert CalamineWorkbook.from_filelike(io.BytesIO(stripped)).sheet_names == \
        CalamineWorkbook.from_filelike(io.BytesIO(SHIPPED)).sheet_names
    with zipfile.ZipFile(io.BytesIO(stripped)) as archive:
        assert archive.testzip() is None
