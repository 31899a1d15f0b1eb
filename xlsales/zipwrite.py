"""Packages written as zips, deflated by ISA-L, and a part deflated in pieces made apart.

python-isal (Intel's ISA-L) deflates about 4× as fast as zlib at level 1, about as small (the team
workbook's 128 MB deals sheet: 0.56 s with zlib, 0.15 s with ISA-L). Both let go of Python's lock
while they work, so a part can be deflated in a second thread while the next piece of it is made.
Deflated pieces ending on a sync flush join into one part (their checksums combined), so a sheet's
rows can be deflated before the rest of the sheet is known.
"""

import io
import queue
import struct
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any, Iterator

from isal import isal_zlib

from xlsales.deflate import LOCAL_HEADER

CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
ZIP32_LIMIT = 0xFFFFFFFF  # a part or an offset past this needs the ZIP64 records zipfile writes
UTF8_NAME = 0x800
UNIX, ZIP_VERSION = 3, 20
READ_WRITE = 0o600 << 16  # the mode zipfile gives a part written from bytes


@dataclass(frozen=True)
class Deflated:
    """Bytes deflated (raw, as a zip holds them), with the checksum and size of what they inflate to. A piece that is
    not `final` ends on a sync flush: more pieces may follow it (`joined`)."""

    data: bytes
    crc: int
    size: int
    final: bool = True


def _deflater(compresslevel: int) -> Any:
    """ISA-L for levels 0 to 3 (1: as fast as it gets, about as small as zlib's 1); zlib above, smaller and slower
    (at 6, its default: a fifth smaller than ISA-L's 3, four times as slow)."""
    codec = isal_zlib if compresslevel <= 3 else zlib
    return codec.compressobj(compresslevel, zlib.DEFLATED, -15)


def deflate(data: bytes, compresslevel: int, final: bool = True) -> Deflated:
    deflater = _deflater(compresslevel)
    return Deflated(deflater.compress(data) + _end(deflater, final), isal_zlib.crc32(data), len(data), final)


def deflate_chunks(chunks: Iterator[bytes], compresslevel: int, final: bool = True) -> Deflated:
    """The chunks, one after the other, deflated: each in a second thread while the next is made here."""
    deflater = _deflater(compresslevel)
    waiting: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    out: list[bytes] = []
    sums = [0, 0]  # crc, size
    failed: list[BaseException] = []

    def work() -> None:
        try:
            while (chunk := waiting.get()) is not None:
                out.append(deflater.compress(chunk))
                sums[0], sums[1] = isal_zlib.crc32(chunk, sums[0]), sums[1] + len(chunk)
        except BaseException as error:  # raised again in the caller's thread
            failed.append(error)
            while waiting.get() is not None:  # let the caller finish putting
                pass

    worker = threading.Thread(target=work, name="deflate", daemon=True)
    worker.start()
    try:
        for chunk in chunks:
            waiting.put(chunk)
    finally:
        waiting.put(None)
        worker.join()
    if failed:
        raise failed[0]
    return Deflated(b"".join(out) + _end(deflater, final), sums[0], sums[1], final)


def _end(deflater: Any, final: bool) -> bytes:
    return deflater.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)


def joined(pieces: list[Deflated]) -> Deflated:
    """Pieces deflated apart as one deflated part: every piece but the last must not be final, the last must be."""
    if not pieces or not pieces[-1].final or any(piece.final for piece in pieces[:-1]):
        raise ValueError("only the last piece may end the deflated data")
    crc, size = pieces[0].crc, pieces[0].size
    for piece in pieces[1:]:
        crc, size = isal_zlib.crc32_combine(crc, piece.crc, piece.size), size + piece.size
    return Deflated(b"".join(piece.data for piece in pieces), crc, size)


def zip_parts(parts: list[tuple[str, bytes | Deflated]], compresslevel: int = 6) -> bytes:
    """A zip of `parts` (name, bytes or already deflated) in that order, each deflated, dated now: what zipfile would
    write for them with `writestr`, only faster."""
    if len(parts) >= 0xFFFF or sum(_size(data) for _, data in parts) >= ZIP32_LIMIT:
        return _zipfile_parts(parts, compresslevel)
    stamp = time.localtime(time.time())
    dos_time = (stamp.tm_hour << 11) | (stamp.tm_min << 5) | (stamp.tm_sec // 2)
    dos_date = ((stamp.tm_year - 1980) << 9) | (stamp.tm_mon << 5) | stamp.tm_mday
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data in parts:
        encoded = name.encode("utf-8")
        packed = data if isinstance(data, Deflated) else deflate(data, compresslevel)
        if not packed.final:
            raise ValueError(f"{name}: deflated data that does not end")
        fields = (ZIP_VERSION, 0 if name.isascii() else UTF8_NAME, zipfile.ZIP_DEFLATED, dos_time, dos_date,
                  packed.crc, len(packed.data), packed.size, len(encoded))
        chunks += [LOCAL_HEADER.pack(b"PK\x03\x04", *fields, 0), encoded, packed.data]
        directory += [CENTRAL_HEADER.pack(b"PK\x01\x02", (UNIX << 8) | ZIP_VERSION, *fields, 0, 0, 0, 0, READ_WRITE,
                                          offset), encoded]
        offset += LOCAL_HEADER.size + len(encoded) + len(packed.data)
    if offset >= ZIP32_LIMIT:
        return _zipfile_parts(parts, compresslevel)
    central = b"".join(directory)
    end = END_OF_DIRECTORY.pack(b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), offset, 0)
    return b"".join(chunks) + central + end


def _size(data: bytes | Deflated) -> int:
    return data.size if isinstance(data, Deflated) else len(data)


def _zipfile_parts(parts: list[tuple[str, bytes | Deflated]], compresslevel: int) -> bytes:
    """Past 4 GB: zipfile, which writes the ZIP64 records."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, data in parts:
            if isinstance(data, Deflated):
                data = isal_zlib.decompressobj(-15).decompress(data.data)
            archive.writestr(name, data, compresslevel=compresslevel)
    return buffer.getvalue()
