"""`xlsales publish`: every Python-function cell holds its saved value, nothing else in the file changes."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image

from xlsales import cli, lite
from xlsales.sharing.publish import calls_python, publish, python_function_names
from xlsales.sharing.verify import verify_workbook
from xlsales.templates.build import main_py
from xlsales.templates.funnel import SPEC

SHEET = "xl/worksheets/sheet1.xml"
# cell -> (formula as typed, value Excel saved, saved as text)
FORMULAS = {
    "C2": ("WINRATE(A1:B5)", "0.5", False),
    "C3": ("SUM(A2:A5)", "10", False),
    "C4": ("_xldudf_PIPELINE_WEIGHTED(A1:B5,A1:B5)", "470", False),
    "C5": ("winrate(A1:B5)", "0.25", False),
    "C6": ('IF(1,CLARITY_CODE("CCCCCCCCF"),"")', "8C1F0W", True),
    "E2": ('"WINRATE(" & "x)"', "WINRATE(x)", True),
    "E3": ("_xldudf_XLWINGS_WINRATE(A1:B5)", "0.75", False),
}
OURS = {"C2", "C4", "C5", "C6", "E3", "D2", "D3", "D4"}


class Png(Image):
    """openpyxl's Image without Pillow: the bytes are given, not read through PIL."""

    def __init__(self, data: bytes, width: int, height: int):
        self.ref, self.width, self.height, self.format, self._png = None, width, height, "png", data

    def _data(self) -> bytes:
        return self._png


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def as_saved_by_excel(data: bytes) -> bytes:
    """Cached values for the formula cells, a shared formula group, and a calculation chain, as Excel saves them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: source.read(i) for i in source.infolist()}
    xml = parts[SHEET].decode()
    for ref, (_, value, text) in FORMULAS.items():
        xml = re.sub(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>', lambda m: f'<c r="{ref}"{m.group(1)}'
                     + (' t="str"' if text else "") + f"><f>{m.group(2)}</f><v>{value}</v>", xml)
    shared = ('<c r="D2"><f t="shared" ref="D2:D4" si="0">WINRATE(A2)</f><v>1</v></c>',
              '<c r="D3"><f t="shared" si="0"/><v>2</v></c>', '<c r="D4"><f t="shared" si="0"/><v>3</v></c>',
              '<c r="F2"><f t="shared" ref="F2:F3" si="1">A2*2</f><v>2</v></c>', '<c r="F3"><f t="shared" si="1"/><v>4</v></c>')
    for cell in shared:
        ref = re.match(r'<c r="([A-Z]+)(\d+)"', cell)
        xml = re.sub(rf'(<row r="{ref.group(2)}"[^>]*>.*?)(</row>)', lambda m: m.group(1) + cell + m.group(2), xml,
                     count=1, flags=re.DOTALL)
    parts[SHEET] = xml.encode()
    chain = "".join(f'<c r="{r}" i="1"/>' if n == 0 else f'<c r="{r}"/>'
                    for n, r in enumerate(["C2", "C3", "C4", "C5", "C6", "E2", "E3", "D2", "D3", "D4", "F2", "F3"]))
    parts["xl/calcChain.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns='
                                 f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">{chain}</calcChain>').encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.'
                                                       'openxmlformats.org/officeDocument/2006/relationships/calcChain" '
                                                       'Target="calcChain.xml"/></Relationships>').encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", '<Override PartName="/xl/calcChain.xml" ContentType="'
                                                 'application/vnd.openxmlformats-officedocument.spreadsheetml.'
                                                 'calcChain+xml"/></Types>').encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in [["月份", "金额"], [1, 10], [2, 20], [3, 30], [4, 40]]:
        ws.append(row)
    for ref, (formula, _, _) in FORMULAS.items():
        ws[ref] = "=" + formula
    ws["A1"].comment = Comment("经理批注 / manager's note", "王经理")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=5), titles_from_data=True)
    ws.add_chart(chart, "H10")
    ws.add_image(Png(png(), 20, 20), "H2")
    buffer = io.BytesIO()
    wb.save(buffer)
    return lite.embed(as_saved_by_excel(buffer.getvalue()), main_py(SPEC), lite.REQUIREMENTS_TXT)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _cell(xml: str, ref: str) -> str:
    return re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, re.DOTALL).group()


def test_our_function_names_come_from_the_udfs_modules():
    names = python_function_names()
    assert {"WINRATE", "PIPELINE_WEIGHTED", "CLARITY_CODE"} <= names
    assert "CALIBRATE_STAGES" not in names  # a script, never in a cell
    assert calls_python("IF(A1,_xldudf_CONTOSO_WINRATE(B1),0)", names)
    assert not calls_python('"WINRATE(" & A1', names) and not calls_python("SUM(A1:A3)", names)


def test_python_cells_hold_their_values_and_nothing_else_changes(workbook):
    result = publish(workbook)
    assert result.replaced == len(OURS) and result.without_value == []
    before, after = _parts(workbook), _parts(result.data)
    assert list(after) == list(before)  # same parts, same order
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {SHEET, "xl/calcChain.xml"}
    xml = after[SHEET].decode()
    assert _cell(xml, "C2") == '<c r="C2"><v>0.5</v></c>'
    assert _cell(xml, "C4") == '<c r="C4"><v>470</v></c>'
    assert _cell(xml, "C6") == '<c r="C6" t="inlineStr"><is><t xml:space="preserve">8C1F0W</t></is></c>'
    assert _cell(xml, "D3") == '<c r="D3"><v>2</v></c>'
    for ref in ("C3", "E2", "F2", "F3"):  # native formulas, and one that only mentions a name in text, stay
        assert _cell(xml, ref) == _cell(before[SHEET].decode(), ref)
    chain = after["xl/calcChain.xml"].decode()
    assert re.findall(r'<c r="(\w+)"', chain) == ["C3", "E2", "F2", "F3"] and chain.count('i="1"') == 4
    wb = load_workbook(io.BytesIO(result.data))
    assert wb["数据"]["C2"].value == 0.5 and wb["数据"]["C3"].value == "=SUM(A2:A5)"
    assert lite.extract(result.data) == lite.extract(workbook)


def test_strip_code_removes_only_the_add_in_parts(workbook):
    result = publish(workbook, strip_code=True)
    before, after = _parts(workbook), _parts(result.data)
    assert result.code_removed and lite.extract(result.data) is None
    assert verify_workbook(result.data).status == "missing"
    removed = set(before) - set(after)
    assert removed == {n for n in before if n.startswith("xl/webextensions/")} and len(removed) == 3
    changed = {n for n in after if before[n] != after[n]}
    assert changed == {SHEET, "xl/calcChain.xml", "_rels/.rels", "[Content_Types].xml"}
    assert "webextension" not in after["_rels/.rels"].decode() + after["[Content_Types].xml"].decode()
    for kept in ("xl/media/image1.png", "xl/charts/chart1.xml", "xl/comments/comment1.xml", "xl/drawings/drawing1.xml"):
        assert after[kept] == before[kept]
    load_workbook(io.BytesIO(result.data))


def test_a_cell_without_a_saved_value_is_named(workbook):
    parts = _parts(workbook)
    xml = parts[SHEET].decode().replace("<v>0.5</v>", "")
    stripped = publish(_replace_part(workbook, SHEET, xml.encode()))
    assert stripped.without_value == ["数据!C2"]
    assert _cell(_parts(stripped.data)[SHEET].decode(), "C2") == '<c r="C2"/>'


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return buffer.getvalue()


def test_command(workbook, tmp_path, capsys):
    source, output = tmp_path / "rep.xlsx", tmp_path / "for-wps.xlsx"
    source.write_bytes(workbook)
    assert cli.main(["publish", str(source), "-o", str(output), "--strip-code"]) == 0
    assert lite.extract(output.read_bytes()) is None and source.read_bytes() == workbook
    assert "8" in capsys.readouterr().err
    assert cli.main(["publish", str(source), "-o", str(output)]) == 1  # exists, no --force
    assert cli.main(["publish", str(source), "-o", str(output), "--force"]) == 0
    assert lite.extract(output.read_bytes()) is not None
    assert cli.main(["publish", str(source), "-o", str(source), "--force"]) == 1  # never over the input
    (tmp_path / "junk.xlsx").write_bytes(b"junk")
    assert cli.main(["publish", str(tmp_path / "junk.xlsx"), "-o", str(tmp_path / "x.xlsx")]) == 2
