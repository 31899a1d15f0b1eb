"""Zip parts read (xlsales.deflate) and written (xlsales.zipwrite) without zipfile's zlib: the same bytes as zipfile
reads and writes them, and every damage zipfile refuses, refused."""

import io
import zipfile
import zlib

import pytest

from xlsales import deflate, zipwrite
from xlsales.zipwrite import Deflated

PARTS = [("[Content_Types].xml", b"<Types/>" * 50), ("xl/worksheets/sheet1.xml", bytes(range(256)) * 400),
         ("xl/空.xml", b""), ("docProps/core.xml", "统一 <时间/>".encode() * 1000)]


def _zip(compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in PARTS:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2])
def test_a_part_inflates_as_zipfile_reads_it(compression):
    data = _zip(compression)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            assert deflate.inflate(data, info) == archive.read(info) == dict(PARTS)[info.filename]


def _damaged(data: bytes, info: zipfile.ZipInfo, **changes: int) -> zipfile.ZipInfo:
    damaged = zipfile.ZipInfo(info.filename, info.date_time)
    for key in ("compress_type", "flag_bits", "header_offset", "compress_size", "file_size", "CRC"):
        setattr(damaged, key, changes.get(key, getattr(info, key)))
    return damaged


def test_a_damaged_part_is_refused_as_zipfile_refuses_it():
    data = _zip(zipfile.ZIP_DEFLATED)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    for changes in ({"CRC": info.CRC ^ 1}, {"file_size": info.file_size - 1}, {"file_size": info.file_size + 1},
                    {"header_offset": info.header_offset + 1}, {"compress_size": len(data)}):
        with pytest.raises(zipfile.BadZipFile):
            deflate.inflate(data, _damaged(data, info, **changes))


def test_a_part_that_inflates_past_its_declared_size_stops_there():
    """A bomb whose directory declares 1 KB: what inflates past that is never produced."""
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = bomb.compress(b"\0" * (64 << 20)) + bomb.flush()
    data = zipwrite.zip_parts([("x.xml", Deflated(packed, zlib.crc32(b"\0" * 1024), 1024))])
    with pytest.raises(zipfile.BadZipFile):
        deflate.inflate(data, zipfile.ZipFile(io.BytesIO(data)).getinfo("x.xml"))


@pytest.mark.parametrize("level", [0, 1, 3, 6, 9])
def test_written_zips_read_back_in_zipfile_with_their_checksums(level):
    data = zipwrite.zip_parts(PARTS, level)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == PARTS
        assert archive.getinfo("xl/空.xml").flag_bits & 0x800  # a name that is not ASCII is marked UTF-8


def test_isal_levels_deflate_as_fast_zlib_above():
    big = b"<row><c r='A1'><v>1</v></c></row>" * 20000
    sizes = {level: len(zipwrite.deflate(big, level).data) for level in (1, 6)}
    assert sizes[6] < sizes[1]  # 6 is zlib's: smaller


def test_pieces_deflated_apart_join_into_one_part():
    head, rows, tail = b"<sheetData>", b"".join(b"<row r='%d'/>" % n for n in range(50000)), b"</sheetData>"
    pieces = [zipwrite.deflate(head, 1, final=False),
              zipwrite.deflate_chunks(iter([rows[:100000], rows[100000:]]), 1, final=False),
              zipwrite.deflate(tail, 1)]
    whole = zipwrite.joined(pieces)
    assert whole.size == len(head + rows + tail) and whole.crc == zlib.crc32(head + rows + tail)
    data = zipwrite.zip_parts([("s.xml", whole), ("t.xml", b"t")])
    assert zipfile.ZipFile(io.BytesIO(data)).read("s.xml") == head + rows + tail
    with pytest.raises(ValueError):
        zipwrite.joined([zipwrite.deflate(head, 1), zipwrite.deflate(tail, 1)])  # a final piece in the middle
    with pytest.raises(ValueError):
        zipwrite.zip_parts([("s.xml", pieces[0])])  # a piece that does not end


def test_an_error_while_the_chunks_are_made_is_raised_and_the_thread_ends():
    def chunks():
        yield b"a" * 1000
        raise RuntimeError("made badly")

    with pytest.raises(RuntimeError, match="made badly"):
        zipwrite.deflate_chunks(chunks(), 1)
