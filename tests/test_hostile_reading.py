"""Reading a file from anyone stays within xlsales.limits: what the zip directory declares is checked before
anything is unpacked, sheet sizes before calamine builds anything, and metadata can only make a field unknown.

Each file is read both ways the product reads: `full_scan=True` (no memory limit: xlwings Lite, macOS,
Windows) and `full_scan=False` (a worker process with a memory limit, the command line on Linux)."""

import datetime as dt
import io
import struct
import zipfile

import pytest

from tests import hostile_files as H
from xlsales import limits as L
from xlsales.book import read_sheets, sheet_values
from xlsales.funnel import layout as FL
from xlsales.sharing import layout as S
from xlsales.sharing.reading import METADATA_UNREADABLE, read_source

GOOD = H.good()
BOTH = pytest.mark.parametrize("full_scan", [True, False], ids=["no-memory-limit", "memory-limited"])


def _failure(data: bytes, full_scan: bool = True, limits: L.Limits = L.DEFAULT) -> str:
    book = read_source("x.xlsx", data, limits=limits, full_scan=full_scan)
    assert book.failure is not None and not book.sheets
    assert book.failure.zh and book.failure.en and book.failure.zh != book.failure.en
    return book.failure.en


def test_a_good_file_reads_the_same_both_ways():
    scanned, trusted = (read_source("g.xlsx", GOOD, full_scan=f) for f in (True, False))
    assert scanned.failure is None and scanned.sheets == trusted.sheets
    assert sorted(scanned.sheets) == ["商机", "设置", "阶段"]
    assert [row[0] for row in scanned.sheets["商机"][1:3]] == ["G1-1", "G1-2"]
    assert scanned.modified == dt.datetime(2026, 1, 1) and scanned.stamp["template"] == "funnel"


@BOTH
def test_a_whitespace_bomb_is_refused_from_the_directory(full_scan):
    bomb = H.sheet_bomb(GOOD, megabytes=1024)
    assert len(bomb) < 2 * H.MB  # a gigabyte of spaces, never unpacked anywhere
    assert _failure(bomb, full_scan).startswith(f"too large: part {H.deals_part(GOOD)} is packed 1,0")
    assert "over the 100:1 limit" in _failure(bomb, full_scan) and "--max-ratio" in _failure(bomb, full_scan)


@BOTH
def test_a_shared_strings_bomb_is_refused(full_scan):
    assert "part xl/sharedStrings.xml is packed" in _failure(H.shared_strings_bomb(GOOD, 600), full_scan)


def test_the_total_unpacked_size_is_limited_whatever_the_ratio():
    spread = H.sheet_bomb(GOOD, megabytes=40)
    failure = _failure(spread, limits=L.Limits(unpacked_mb=20, ratio=10_000))
    assert failure.startswith("too large: unpacks to 40 MB, over the 20 MB limit (--max-unpacked-mb)")


def test_raising_the_ratio_lets_a_well_packed_file_through():
    packed = H.sheet_bomb(GOOD, megabytes=2)  # 2 MB of spaces: 1,000:1, harmless
    assert "--max-ratio" in _failure(packed)
    assert read_source("x.xlsx", packed, limits=L.Limits(ratio=2000)).failure is None


def test_too_many_parts_and_a_part_named_twice():
    count = len(H.parts_of(GOOD)) + L.MAX_PARTS
    assert _failure(H.many_parts(GOOD, L.MAX_PARTS)) == f"too large: {count:,} parts, over the limit of {L.MAX_PARTS:,}"
    part = H.deals_part(GOOD)
    assert _failure(H.part_twice(GOOD, part)) == f"damaged file: the part {part} is there twice"
    assert read_source("x.xlsx", H.many_parts(GOOD, 100)).failure is None


def test_a_huge_zip_directory_is_refused_before_zipfile_reads_it():
    data = bytearray(GOOD)
    at = data.rfind(b"PK\x05\x06")
    data[at + 12:at + 16] = struct.pack("<L", 5 * H.MB)  # the end record claims a 5 MB directory
    assert _failure(bytes(data)).startswith("too large: a zip directory of 5.0 MB")


@BOTH
def test_a_dimension_claiming_the_whole_sheet_is_refused(full_scan):
    failure = _failure(H.claimed_dimension(GOOD, "A1:XFD1048576"), full_scan)
    assert failure.startswith("too large: sheet '商机' claims 17,179,869,184 cells") and "--max-cells" in failure
    assert "sheet '商机' claims 1,048,577 rows" in _failure(H.claimed_dimension(GOOD, "A1:B1048577"), full_scan)
    assert read_source("x.xlsx", H.claimed_dimension(GOOD, "A1:S4000"), full_scan=full_scan).failure is None


def test_the_full_scan_finds_a_far_cell_before_calamine_allocates_for_it():
    failure = _failure(H.far_cell(GOOD, "XFD1048576"), full_scan=True)
    assert failure.startswith("too large: the sheets read have 17,179,869,") and "--max-cells" in failure
    assert "sheet '商机' has 2,000,000 rows" in _failure(H.far_cell(GOOD, "A2000000"), full_scan=True)
    assert "16,385 columns" in _failure(H.far_cell(GOOD, "XFE1"), full_scan=True)


def test_calamine_s_range_is_checked_before_any_python_value():
    """Memory-limited reading skips the scan; a far cell within the memory limit is caught from calamine's range."""
    far = H.far_cell(GOOD, "S300000")  # 300,000 rows x the deals table's width: a range past the 5 M cell limit
    failure = _failure(far, full_scan=False)
    cells = int(failure.split("the sheets read have ")[1].split(" cells")[0].replace(",", ""))
    assert 300_000 * len(FL.DEALS.columns) <= cells < 300_000 * len(FL.DEALS.columns) + 1_000  # + the stages


@pytest.mark.parametrize("writer", [
    lambda n: f'<c r="{n}"><v>1</v></c>',
    lambda n: f"<x:c r='{n}'><x:v>1</x:v></x:c>",  # a namespace prefix and single quotes
    lambda n: f'<c t="n"\n r="{n}"><v>1</v></c>',  # another attribute first, a line break
], ids=["plain", "prefixed", "attribute-order"])
def test_the_scan_reads_cells_however_they_are_written(writer):
    part = H.deals_part(GOOD)
    xml = H.parts_of(GOOD)[part].replace(b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/'
                                         b'spreadsheetml/2006/main" ', 1)
    far = xml.replace(b"</sheetData>", f'<row r="900000">{writer("AA900000")}</row></sheetData>'.encode())
    with zipfile.ZipFile(io.BytesIO(H.replaced(GOOD, part, far))) as archive:
        assert L.cell_extent(archive, part) == (900_000, max(27, len(FL.DEALS.columns)))


def test_cells_without_references_follow_the_one_before():
    part = H.deals_part(GOOD)
    xml = H.parts_of(GOOD)[part]
    implicit = xml.replace(b"</sheetData>", b"<row><c><v>1</v></c><c/><c><v>3</v></c></row></sheetData>")
    with zipfile.ZipFile(io.BytesIO(H.replaced(GOOD, part, implicit))) as archive:
        last_row = max(int(r) for r in __import__("re").findall(rb'<row r="(\d+)"', xml))
        assert L.cell_extent(archive, part) == (last_row + 1, len(FL.DEALS.columns))


def test_an_invalid_cell_reference_is_damage():
    part = H.deals_part(GOOD)
    odd = H.parts_of(GOOD)[part].replace(b"</sheetData>", b'<row r="9"><c r="&#88;FD9"/></row></sheetData>')
    expected = f"damaged file: part {part} holds an invalid cell reference &#88;FD9"
    assert _failure(H.replaced(GOOD, part, odd)) == expected


@BOTH
def test_a_part_unpacking_to_more_than_declared_is_damage_before_calamine(full_scan):
    """The directory says a tenth of the real size: zipfile stops there and the CRC fails."""
    lying = H.lying_size(GOOD, H.deals_part(GOOD))
    if full_scan:
        assert _failure(lying, full_scan).startswith(f"damaged file: part {H.deals_part(GOOD)} cannot be unpacked")
    else:  # calamine's own reader: it must fail or read the part, never take the process down
        book = read_source("x.xlsx", lying, full_scan=False)
        assert book.failure is not None or book.sheets


@pytest.mark.parametrize("make, missing", [
    (H.laughs, {"modified", "stamp"}),
    (H.external_entity, {"modified", "stamp"}),
    (H.year_one, {"modified"}),
    (lambda d: H.metadata_bomb(d, H.CORE), {"modified"}),
    (lambda d: H.metadata_bomb(d, H.CUSTOM), {"stamp"}),
    (lambda d: H.metadata_bomb(d, H.APP), set()),  # nobody reads app.xml: nothing to say
], ids=["billion-laughs", "external-entity", "year-1", "core-bomb", "custom-bomb", "app-bomb"])
def test_bad_metadata_makes_the_field_unknown_and_says_so(make, missing):
    book = read_source("meta.xlsx", make(GOOD))
    assert book.failure is None and [row[0] for row in book.sheets["商机"][1:3]] == ["G1-1", "G1-2"]
    assert (book.modified is None) == ("modified" in missing)
    assert (book.stamp == {}) == ("stamp" in missing)
    unreadable = {"modified": H.CORE, "stamp": H.CUSTOM}
    assert {n.where for n in book.notes} == {unreadable[field] for field in missing}
    assert all(n.severity == "warning" and n.expected_en == METADATA_UNREADABLE.en for n in book.notes)


def test_sheet_values_refuses_what_is_not_a_workbook():
    with pytest.raises(ValueError, match="not an Excel workbook"):
        sheet_values(b"%PDF-1.7")
    assert read_source("a.xlsx", b"%PDF-1.7").failure == S.NOT_EXCEL


def test_read_sheets_for_check_is_limited_too(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(H.sheet_bomb(GOOD))
    with pytest.raises(ValueError, match=r"cannot read workbook bomb.xlsx: too large: part .* is packed"):
        read_sheets(path)
    path.write_bytes(GOOD)
    assert read_sheets(path)["商机"][1][0] == "G1-1"


def test_limits_flags_parse_and_refuse_non_positive_values(capsys):
    import argparse

    parser = argparse.ArgumentParser()
    L.add_arguments(parser)
    args = parser.parse_args(["--max-ratio", "250", "--max-cells", "9"])
    assert L.from_arguments(args) == L.Limits(ratio=250, cells=9)
    with pytest.raises(SystemExit):
        parser.parse_args(["--max-seconds", "0"])
    assert "--max-seconds" in capsys.readouterr().err


def _with_cells(cells: bytes) -> bytes:
    """A one-sheet workbook whose second row is `cells`, written as another program may write it; its first row
    is a header and its third row a full row after it."""
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c>'
             b'<c r="C1" t="inlineStr"><is><t>c</t></is></c></row>'
             b'<row r="2">' + cells + b'</row>'
             b'<row r="3"><c r="A3"><v>4</v></c><c r="B3"><v>5</v></c><c r="C3"><v>6</v></c></row>'
             b'</sheetData></worksheet>')
    return H.replaced(GOOD, H.deals_part(GOOD), sheet)


@pytest.mark.parametrize("cells, second_row", [
    (b'<c r="A2"><v>1</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2"><v>3</v></c>', [1.0, "#N/A", 3.0]),
    (b"<c r='A2'><v>1</v></c><c r='B2' t='e'><v>#N/A</v></c><c r='C2'><v>3</v></c>", [1.0, "#N/A", 3.0]),
    (b'<c r="A2"><v>1</v></c><c r = "B2" t = "e" ><v>#REF!</v></c><c r="C2"><v>3</v></c>', [1.0, "#REF!", 3.0]),
    (b'<c r="A2"><v>1</v></c><c t="e"><v>#DIV/0!</v></c><c><v>3</v></c>', [1.0, "#DIV/0!", 3.0]),
    (b'<c r="A2"><v>1</v></c><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C2"><v>3</v></c>',
     [1.0, "#DIV/0!", 3.0]),
    # the old pattern ran on from an empty error cell into the next cell's value, and B2 read "3"
    (b'<c r="A2"><v>1</v></c><c r="B2" t="e"/><c r="C2"><v>3</v></c>', [1.0, "#VALUE!", 3.0]),
], ids=["double-quotes", "single-quotes", "spaces", "no-r", "formula", "no-value"])
def test_an_error_cell_reads_as_its_error_however_it_is_written(cells, second_row):
    """calamine reads an error cell as blank; the reader puts its error back, so a problem says "#N/A", not
    "required", and a column that may be empty does not take an error for nothing."""
    for full_scan in (True, False):
        rows = sheet_values(_with_cells(cells), full_scan=full_scan, choose=lambda names: ["商机"])["商机"]
        assert rows[1] == second_row and rows[2] == [4.0, 5.0, 6.0]


def test_an_error_cell_is_found_with_namespace_prefixes():
    sheet = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
             b'<x:row r="1"><x:c r="A1" t="e"><x:v>#NAME?</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>'
             b'</x:sheetData></x:worksheet>')
    data = H.replaced(GOOD, H.deals_part(GOOD), sheet)
    rows = sheet_values(data, choose=lambda names: ["商机"])["商机"]
    assert rows == [["#NAME?", 2.0]]
