"""Bad inputs are reported with their name and the reason, and the rest still roll up.

Half-filled files (decision, see xlsales/sharing/rollup.py): a row with an unusable value is
left out and each problem named by file and sheet!cell; the file's good rows are used.
"""

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.sharing_cases import deal, funnel_bytes, replace_text, roll
from xlsales import cli
from xlsales.book import read_sheets
from xlsales.funnel import layout as FL
from xlsales.sharing import layout as S
from xlsales.sharing.reading import read_source
from xlsales.templates.build import workbook_bytes
from xlsales.templates.funnel import SPEC

ENCRYPTED = Path(__file__).with_name("data") / "sharing-encrypted.xlsx"  # made with msoffcrypto-tool, password "secret"


def _good() -> bytes:
    return funnel_bytes([deal(1), deal(2)])


def _foreign() -> bytes:
    wb = Workbook()
    wb.active.append(["Name", "Revenue"])
    wb.active.append(["ACME", 10])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _reason(name: str, data: bytes):
    book = read_source(name, data)
    rollup = roll({name: data, "good.xlsx": _good()})
    source = rollup.sources[0]
    assert source.status == S.SKIPPED and rollup.sources[1].status == S.OK
    assert sorted(rollup.deals["id"]) == ["D0001", "D0002"]  # the rest still rolls up
    return book.failure, source.reason


def test_damaged_zip():
    failure, reason = _reason("cut.xlsx", _good()[:5000])
    assert failure == reason == S.DAMAGED


def test_password_protected_file():
    failure, _ = _reason("locked.xlsx", ENCRYPTED.read_bytes())
    assert failure == S.ENCRYPTED


def test_not_an_excel_file():
    assert _reason("notes.xlsx", "客户名单\n张三,李四\n".encode())[0] == S.NOT_EXCEL
    assert _reason("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")[0] == S.NOT_EXCEL
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _reason("letter.xlsx", docx.getvalue())[0] == S.NOT_EXCEL


def test_foreign_workbook_without_a_deals_table():
    _, reason = _reason("budget.xlsx", _foreign())
    assert reason.en.startswith("no deals or weekly tracking table found") and "Deal ID" in reason.en and "编号" in reason.zh


def test_deals_table_with_a_required_column_deleted():
    renamed = replace_text(funnel_bytes([deal(3)]), "<t>负责人</t>", "<t>跟进人</t>")  # an old or edited layout
    _, reason = _reason("old-version.xlsx", renamed)
    assert reason.en == "the deals table lacks columns: Owner" and "负责人" in reason.zh


def _at(key: str, row: int) -> str:
    return f"{FL.DEALS.letter(key)}{row}"


def test_half_filled_file_keeps_good_rows_and_names_each_bad_cell():
    bad = {("amount", 3): "三万", ("status", 4): "maybe", ("customer", 5): None, ("stage", 7): "第九阶段",
           ("close_date", 6): "2026-02-30"}  # by column and sheet row
    typed = {_at(key, row): value for (key, row), value in bad.items()}
    rollup = roll({"half.xlsx": funnel_bytes([deal(n) for n in range(1, 8)], typed=typed)})
    assert sorted(rollup.deals["id"]) == ["D0001", "D0007"]
    source = rollup.sources[0]
    assert (source.status, source.deals, source.rows_left_out) == (S.PARTIAL, 2, 5)
    assert source.reason.en == "5 rows with errors left out (see 'Problems')"
    found = sorted((p.where, p.found, p.expected_en) for _, p in rollup.problems)
    assert [(w, f) for w, f, _ in found] == sorted((f"商机!{address}", value or "") for address, value in typed.items())
    assert found[0][2] == "'Customer' is required"
    assert found[2][2].startswith("stage must be one on the stages sheet: 放入漏斗, 判断赢率")


def test_empty_template_is_usable_and_says_so():
    rollup = roll({"new.xlsx": workbook_bytes(SPEC, "zh-CN"), "good.xlsx": _good()})
    assert rollup.sources[0].status == S.EMPTY and rollup.usable


def test_nothing_usable_writes_nothing_and_exits_2(tmp_path, capsys):
    (tmp_path / "a.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "b.xlsx").write_bytes(ENCRYPTED.read_bytes())
    output = tmp_path / "team.xlsx"
    assert cli.main(["rollup", str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx"), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert not output.exists()
    assert "跳过 / skipped a.xlsx: 不是 Excel 工作簿 / not an Excel workbook" in err
    assert "b.xlsx: 有密码保护" in err and "nothing usable" in err


def test_a_mix_rolls_up_and_the_sources_sheet_says_why(tmp_path, capsys):
    files = {"good.xlsx": _good(), "cut.xlsx": _good()[:3000], "budget.xlsx": _foreign(),
             "locked.xlsx": ENCRYPTED.read_bytes(), "missing.xlsx": None}
    for name, data in files.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
    output = tmp_path / "team.xlsx"
    assert cli.main(["rollup", *(str(tmp_path / n) for n in files), "-o", str(output)]) == 0
    sources = {r[0]: (r[12], r[13]) for r in read_sheets(output)["来源"][1:]}
    assert sources["good.xlsx"] == ("正常", None)
    assert sources["cut.xlsx"] == ("跳过", S.DAMAGED.zh)
    assert sources["locked.xlsx"] == ("跳过", S.ENCRYPTED.zh)
    assert sources["budget.xlsx"][0] == "跳过" and sources["budget.xlsx"][1].startswith("找不到商机表或周跟踪表")
    assert sources["missing.xlsx"][0] == "跳过" and "No such file" in sources["missing.xlsx"][1]
    assert "missing.xlsx" in capsys.readouterr().err


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_are_reported_never_raised(data):
    book = read_source("random.xlsx", data)
    rollup = roll({"random.xlsx": data})
    assert book.failure is not None or rollup.sources[0].status in (S.SKIPPED, S.EMPTY)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=20_000), st.integers(min_value=0, max_value=255))
def test_a_corrupted_byte_anywhere_is_reported_never_raised(position, value):
    data = bytearray(_good())
    data[position % len(data)] = value
    rollup = roll({"flipped.xlsx": bytes(data)})
    assert rollup.sources[0].status in (S.OK, S.SKIPPED, S.PARTIAL, S.EMPTY)
