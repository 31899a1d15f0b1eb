"""Hostile workbooks for the tests, built in memory and bounded: a bomb's gigabyte is one compressed megabyte
repeated (deflate restarts after a full flush, so the same bytes decompress to the same megabyte again), so
no test ever holds more than a few megabytes; the zip is written by hand so that its directory can lie."""

import io
import re
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass

from tests.sharing_cases import deal, funnel_bytes
from xlsales import limits as L

CORE = "docProps/core.xml"
CUSTOM = "docProps/custom.xml"
APP = "docProps/app.xml"
MB = 2**20
UTF8_NAMES = 0x800  # general-purpose flag: names are UTF-8


@dataclass(frozen=True)
class Deflated:
    """A part already compressed (raw deflate), with the CRC and size of what it unpacks to."""

    data: bytes
    crc: int
    size: int


def repeated(head: bytes, unit: bytes, megabytes: int, tail: bytes) -> Deflated:
    """head + (unit repeated to fill a megabyte) x megabytes + tail, compressed without ever being unpacked here."""
    chunk = unit * (MB // len(unit))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every megabyte
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    size = len(head) + len(chunk) * megabytes + len(tail)
    return Deflated(start + block * megabytes + end, zlib.crc32(tail, crc), size)


def write_zip(parts: dict[str, "bytes | Deflated"], declared: dict[str, int] | None = None) -> bytes:
    """A zip of `parts` in order; `declared` gives a part's unpacked size as its directory should (mis)state it."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, content in parts.items():
        if isinstance(content, bytes):
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            content = Deflated(compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content))
        size = (declared or {}).get(name, content.size)
        encoded = name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<4sHHHHHLLLHH", b"PK\x03\x04", 20, UTF8_NAMES, 8, 0, 0x21, content.crc,
                              len(content.data), size, len(encoded), 0) + encoded + content.data)
        directory.write(struct.pack("<4sHHHHHHLLLHHHHHLL", b"PK\x01\x02", 20, 20, UTF8_NAMES, 8, 0, 0x21, content.crc,
                                    len(content.data), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<4sHHHHLLH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory.getvalue()),
                          start, 0))
    return out.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def good(number: int = 1, owner: str = "张伟") -> bytes:
    """A funnel workbook holding two demo deals with their own IDs."""
    return funnel_bytes([deal(1, owner=owner, id=f"G{number}-1"), deal(2, owner=owner, id=f"G{number}-2")])


def deals_part(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return L.sheet_parts(archive)["商机"][0]


def replaced(data: bytes, part: str, content: "bytes | Deflated") -> bytes:
    parts = parts_of(data)
    parts[part] = content
    return write_zip(parts)


# ---------------------------------------------------------------------------------------------
# the hostile ones

def sheet_bomb(data: bytes, megabytes: int = 1024, unit: bytes = b" ") -> bytes:
    """The deals sheet with `megabytes` of `unit` (spaces: a whitespace bomb) inside its sheetData."""
    part = deals_part(data)
    xml = parts_of(data)[part]
    at = xml.index(b"<sheetData>") + len(b"<sheetData>")
    return replaced(data, part, repeated(xml[:at], unit, megabytes, xml[at:]))


def shared_strings_bomb(data: bytes, megabytes: int = 1024) -> bytes:
    """A sharedStrings part of `megabytes` of tiny strings (what python-calamine loads whole)."""
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    return replaced(data, "xl/sharedStrings.xml", repeated(head, b"<si><t>x</t></si>", megabytes, b"</sst>"))


def far_cell(data: bytes, ref: str = "XFD1048576") -> bytes:
    """The deals sheet with one more cell at `ref`: a reader's range then spans A1 to there."""
    part = deals_part(data)
    xml = parts_of(data)[part]
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    cell = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode()
    return replaced(data, part, xml.replace(b"</sheetData>", cell + b"</sheetData>"))


def claimed_dimension(data: bytes, ref: str = "A1:XFD1048576") -> bytes:
    part = deals_part(data)
    xml = parts_of(data)[part]
    return replaced(data, part, re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml, count=1))


LAUGHS_DTD = ('<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
              + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)) + "]>")
XXE_DTD = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def core_xml(modified: str = "2026-11-20T08:00:00Z", dtd: str = "", title: str = "t") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{dtd}'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{title}</dc:title>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified></cp:coreProperties>').encode()


def custom_xml(dtd: str = "", value: str = "funnel") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{dtd}'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="xlsales.template">'
            f'<vt:lpwstr>{value}</vt:lpwstr></property></Properties>').encode()


def laughs(data: bytes) -> bytes:
    """Billion laughs in core.xml and custom.xml."""
    return replaced(replaced(data, CORE, core_xml(dtd=LAUGHS_DTD, title="&lol9;")), CUSTOM,
                    custom_xml(LAUGHS_DTD, "&lol9;"))


def external_entity(data: bytes) -> bytes:
    """An external entity (XXE) in core.xml and custom.xml."""
    return replaced(replaced(data, CORE, core_xml(dtd=XXE_DTD, title="&xxe;")), CUSTOM, custom_xml(XXE_DTD, "&xxe;"))


def entities_in_sheet(data: bytes, dtd: str, entity: str) -> bytes:
    """The deals sheet declaring `dtd` and using `entity` in its first deal's ID."""
    part = deals_part(data)
    xml = parts_of(data)[part].replace(b"<worksheet", dtd.encode() + b"<worksheet", 1)
    return replaced(data, part, re.sub(rb"<t>G\d+-1</t>", f"<t>{entity}</t>".encode(), xml, count=1))


def year_one(data: bytes) -> bytes:
    """A saved time in year 1 east of UTC: as UTC it would be in year 0, which Python cannot hold."""
    return replaced(data, CORE, core_xml(modified="0001-01-01T00:00:00+01:00"))


def metadata_bomb(data: bytes, part: str = CORE, megabytes: int = 1024) -> bytes:
    head = core_xml().split(b"<dc:title>")[0] + b"<dc:title>"
    return replaced(data, part, repeated(head, b"lol ", megabytes, b"</dc:title></cp:coreProperties>"))


def many_parts(data: bytes, count: int) -> bytes:
    parts = parts_of(data)
    parts.update({f"xl/media/empty{n}.bin": b"" for n in range(count)})
    return write_zip(parts)


def part_twice(data: bytes, part: str) -> bytes:
    """The same part name twice in the zip (readers differ on which copy they take)."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        archive.writestr(part, parts_of(data)[part])
    return buffer.getvalue()


def lying_size(data: bytes, part: str) -> bytes:
    """A part whose directory entry declares a tenth of what it unpacks to."""
    parts = parts_of(data)
    return write_zip(parts, declared={part: len(parts[part]) // 10})
