"""`xlsales import` end to end without LibreOffice: encodings, dry run, every unreadable value by row and column,
open deals without amount or close date, duplicates, --into leaving every other part byte for byte, refusals."""

import datetime as dt
import re
import tomllib
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from tests.import_cases import PUBLIC_MAP, chinese_csv, public_crm_csv, salesforce_csv
from xlsales import lite
from xlsales.accounts import layout as AL
from xlsales.book import read_sheets
from xlsales.cli import main
from xlsales.funnel import layout as FL
from xlsales.funnel.demo import demo_funnel
from xlsales.funnel.workbook import check
from xlsales.importing.cli import LARGE
from xlsales.quota import layout as QL
from xlsales.sharing.xlsxrows import Package
from xlsales.templates.build import write_workbook
from xlsales.templates.funnel import SPEC as FUNNEL_SPEC

SMALL = """编号,客户,负责人,阶段,状态,金额,创建日期,预计成交日期
D1,甲公司,张三,放入漏斗,跟踪,"1,200",2026-01-05,2026-12-01
D2,乙公司,李四,判断赢率,跟踪,1.5万,2026/02/01,2026年12月15日
D3,丙公司,张三,谈判签约,赢单,￥8000,2026-03-01 09:30,2026.06.30
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def deals(path: Path, lang: str = "zh-CN") -> list[list[object]]:
    """The Deals table's input cells, body rows that hold anything."""
    rows = read_sheets(path)[FL.SHEET_DEALS(lang)]
    width = len(FL.DEAL_COLUMNS)
    return [r[:width] for r in rows[1:] if any(v is not None for v in r[:width])]


def errors(path: Path) -> list[str]:
    return [p.where for p in check(read_sheets(path)) if p.severity == "error"]


def deal_cell(key: str, row: int, lang: str = "zh-CN") -> str:
    """sheet!cell of a Deals column in a sheet row, as check names it."""
    return f"{FL.SHEET_DEALS(lang)}!{FL.DEALS.letter(key)}{row}"


def import_small(tmp_path: Path, capsys, more: str) -> str:
    """SMALL and `more` rows imported into a new workbook (out.xlsx): what the import said."""
    source = tmp_path / "small.csv"
    source.write_text(SMALL + more, encoding="utf-8")
    code, _, err = run(capsys, source, "-o", tmp_path / "out.xlsx")
    assert code == 0
    return err


@pytest.mark.parametrize("encoding, said", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("gbk", "GBK"),
                                            ("gb18030", "GB18030"), ("utf-16", "UTF-16")])
def test_each_encoding_is_detected_and_said(tmp_path, capsys, encoding, said):
    text = SMALL + ("D4,𠀀工坊,张三,放入漏斗,跟踪,10,2026-01-01,2026-12-31\n" if encoding == "gb18030" else "")
    source = tmp_path / "deals.csv"
    source.write_bytes(text.encode(encoding))
    code, out, err = run(capsys, source, "-o", tmp_path / "out.xlsx")
    assert code == 0 and out.strip() == str(tmp_path / "out.xlsx")
    assert f"encoding {said}, delimiter comma" in err
    rows = deals(tmp_path / "out.xlsx")
    assert [r[FL.DEALS.index("customer")] for r in rows][:3] == ["甲公司", "乙公司", "丙公司"]
    assert [r[FL.DEALS.index("amount")] for r in rows][:3] == [1200, 15000, 8000]
    assert [r[FL.DEALS.index("close_date")] for r in rows][:3] == [dt.date(2026, 12, 1), dt.date(2026, 12, 15),
                                                                     dt.date(2026, 6, 30)]
    assert errors(tmp_path / "out.xlsx") == []


def test_a_file_in_no_known_encoding_is_refused(tmp_path, capsys):
    source = tmp_path / "latin.csv"
    source.write_bytes("Opportunity ID;Stage;Amount\n1;Café;\xff\n".encode("latin-1"))
    code, out, err = run(capsys, source, "-o", tmp_path / "out.xlsx")
    assert code == 2 and "cannot tell the file's encoding (expected UTF-8, GBK or GB18030)" in err
    assert not (tmp_path / "out.xlsx").exists()


def test_dry_run_prints_a_mapping_file_that_reads_back_and_writes_nothing(tmp_path, capsys):
    source = tmp_path / "cn.csv"
    source.write_bytes(chinese_csv().encode("gbk"))
    code, out, err = run(capsys, source, "--dry-run")
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["cn.csv"]
    mapping = tomllib.loads(out)
    assert mapping["columns"]["amount"] == "商机金额" and mapping["columns"]["close_date"] == "预计成交日期"
    assert mapping["stages"]["放入漏斗"] == "放入漏斗" and mapping["status"] == {"赢单": "赢单", "输单": "丢单",
                                                                          "进行中": "跟踪"}
    counts = [int(line.rsplit("|", 1)[1]) for line in out.splitlines() if re.match(r"#   \S+ \| \S+ \| \d+$", line)]
    assert sum(counts) == 300
    (tmp_path / "map.toml").write_text(out, encoding="utf-8")
    code, again, _ = run(capsys, source, "--dry-run", "--map", tmp_path / "map.toml")
    assert code == 0 and tomllib.loads(again) == mapping


def test_dry_run_lists_every_value_it_cannot_place(tmp_path, capsys):
    source = tmp_path / "sf.csv"
    source.write_text(salesforce_csv(200), encoding="utf-8")
    code, out, err = run(capsys, source, "--dry-run")
    assert code == 0
    unplaced = dict(re.findall(r'^# "([^"]+)" = ""  # (\d+) 行 rows', out, re.MULTILINE))
    assert set(unplaced) == {"Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
                             "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"}
    text = salesforce_csv(200)
    assert int(unplaced["Qualification"]) == text.count(",Qualification,")
    assert re.search(r'\[错误 error\] 阶段 / Stage «Stage» E "Qualification": .* — \d+ 行 rows: \d', err)
    assert '"Closed Won" = "赢单"' in out and "# 未使用的来源列 / source columns not used: Probability (%), Lead Source" in out


def test_every_unreadable_value_is_reported_by_row_and_column_and_kept(tmp_path, capsys):
    err = import_small(tmp_path, capsys, "D4,丁公司,张三,放入漏斗,跟踪,很多,2026-01-01,明年\n"
                                         "D5,戊公司,李四,老板拍板,跟踪,15%,2026-02-30,2026-12-31\n")
    assert '[错误 error] 金额 / Amount «金额» F "很多": 不是金额 / not an amount — 1 行 rows: 5' in err
    assert '[错误 error] 金额 / Amount «金额» F "15%": 百分比不是金额 / a percentage is not an amount — 1 行 rows: 6' in err
    assert '«预计成交日期» H "明年": 不是日期' in err and '«创建日期» G "2026-02-30": 不是日期' in err
    assert '«阶段» D "老板拍板": 无法对应到工作簿的取值 / a value the workbook has no place for — 1 行 rows: 6' in err
    assert "5 行 rows; 5 个错误 errors" in err
    rows = deals(tmp_path / "out.xlsx")
    assert rows[3][FL.DEALS.index("amount")] == "很多" and rows[4][FL.DEALS.index("stage")] == "老板拍板"  # kept
    assert sorted(errors(tmp_path / "out.xlsx")) == sorted([deal_cell("amount", 5), deal_cell("amount", 6),
                                                           deal_cell("stage", 6), deal_cell("created", 6),
                                                           deal_cell("close_date", 5)])


def test_open_deals_without_amount_or_close_date_are_imported_and_flagged(tmp_path, capsys):
    err = import_small(tmp_path, capsys, "D4,丁公司,张三,放入漏斗,跟踪,,2026-01-01,\nD5,戊公司,李四,建立内线,跟踪,,2026-02-01,\n"
                                         "D6,己公司,李四,建立内线,跟踪,500,2026-02-01,\n")
    assert "2 open deals have no 'Amount': imported as they are" in err
    assert "3 open deals have no 'Expected close': imported as they are" in err
    assert "「金额」必填 / 'Amount' is required — 2 行 rows: 5-6" in err
    assert "「预计成交日期」必填 / 'Expected close' is required — 3 行 rows: 5-7" in err
    rows = deals(tmp_path / "out.xlsx")
    assert [r[0] for r in rows] == ["D1", "D2", "D3", "D4", "D5", "D6"]  # nothing dropped
    assert [r[FL.DEALS.index("amount")] for r in rows[3:]] == [None, None, 500]  # nothing zeroed
    assert sorted(errors(tmp_path / "out.xlsx")) == sorted([deal_cell("amount", 5), deal_cell("amount", 6)]
                                                          + [deal_cell("close_date", r) for r in (5, 6, 7)])


def test_stage_values_that_are_outcomes_and_a_contradicting_status(tmp_path, capsys):
    source = tmp_path / "outcomes.csv"
    source.write_text("Opportunity ID,Account Name,Opportunity Owner,Stage,Status,Amount,Created Date,Close Date\n"
                      "A1,Acme,Ann,Closed Won,,100,2026-01-01,2026-02-01\n"
                      "A2,Acme,Ann,Closed Lost,,100,2026-01-01,2026-02-01\n"
                      "A3,Acme,Ann,Closed Won,Open,100,2026-01-01,2026-02-01\n"
                      "A4,Acme,Ann,Dead,,100,2026-01-01,2026-02-01\n", encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[status]\n"Dead" = { status = "lost", stage = "建立内线" }\n', encoding="utf-8")
    code, _, err = run(capsys, source, "-o", tmp_path / "out.xlsx", "--map", mapping, "--lang", "en")
    assert code == 0
    rows = deals(tmp_path / "out.xlsx", "en")
    stage, status = FL.DEALS.index("stage"), FL.DEALS.index("status")
    assert [(r[status], r[stage]) for r in rows] == [("Won", "Negotiate and sign"), ("Lost", "Qualify into funnel"),
                                                     ("Open", None), ("Lost", "Inside coach")]
    assert ('第 4 行 row 4, 状态 / Status «Status» E: "Open / Closed Won" — 状态列与阶段列矛盾,按状态列 / '
            'the status column contradicts the stage column; the status column wins') in err
    assert "1 won deals have no stage of their own: put at 'Negotiate and sign' (a won deal passed every stage)" in err
    assert "1 lost deals have no stage of their own: put at 'Qualify into funnel'" in err


def test_repeated_ids_are_reported_against_the_source_and_the_workbook(tmp_path, capsys):
    book = write_workbook(FUNNEL_SPEC, "zh-CN", tmp_path / "team.xlsx", demo_funnel(dt.date(2026, 11, 23)))
    source = tmp_path / "new.csv"
    source.write_text(SMALL.replace("D1,", "d0002,").replace("D3,", "X9,") + "X9,庚公司,张三,放入漏斗,跟踪,1,2026-01-01,"
                      "2026-12-01\n", encoding="utf-8")
    code, _, err = run(capsys, source, "--into", book, "-o", tmp_path / "out.xlsx")
    assert code == 0
    second = deal_cell("id", FL.DEALS.first_row + 1)  # the demo's second deal, D0002
    assert (f'[提示 warning] 第 2 行 row 2, 编号 / Deal ID «编号» A: "d0002" — 工作簿中已有({second}) / '
            f'already in the workbook ({second})') in err
    assert '[提示 warning] 第 5 行 row 5, 编号 / Deal ID «编号» A: "X9" — 与来源第 4 行重复 / repeats source row 4' in err
    assert len(deals(tmp_path / "out.xlsx")) == len(deals(book)) + 4  # repeats are imported and flagged, not dropped


def test_into_adds_rows_below_and_leaves_every_other_part_byte_for_byte(tmp_path, capsys):
    book = write_workbook(FUNNEL_SPEC, "zh-CN", tmp_path / "team.xlsx", demo_funnel(dt.date(2026, 11, 23)))
    before = zipfile.ZipFile(book)
    assert any(n.startswith("xl/charts/") for n in before.namelist()) and lite.extract(book.read_bytes())
    source = tmp_path / "new.csv"
    source.write_text(SMALL.replace("张三", "张伟").replace("李四", "王芳"), encoding="utf-8")  # reps of the workbook
    code, _, err = run(capsys, source, "--into", book, "-o", tmp_path / "out.xlsx")
    below = FL.DEALS.first_row + len(deals(book))  # the first row below the demo's deals
    added = f"{deal_cell(FL.DEALS.columns[0].key, below)}:{FL.DEALS.last_letter()}{below + 2}"  # SMALL's three
    assert code == 0 and added in err
    after = zipfile.ZipFile(tmp_path / "out.xlsx")
    assert sorted(after.namelist()) == sorted(before.namelist())
    changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    package = Package(book.read_bytes())
    deals_part = package.sheet_part(FL.SHEET_DEALS.zh)
    assert sorted(changed) == sorted([deals_part, package.table_part(deals_part, FL.DEALS.name)])
    old, new = (z.read(deals_part).decode() for z in (before, after))
    existing = re.search(r"<sheetData>(.*)</sheetData>", old, re.DOTALL).group(1)
    assert re.search(r"<sheetData>(.*)<row r=\"129\"", new, re.DOTALL).group(1) == existing  # old rows untouched
    rows = deals(tmp_path / "out.xlsx")
    assert [r[0] for r in rows[-4:]] == ["D0127", "D1", "D2", "D3"] and errors(tmp_path / "out.xlsx") == []
    assert book.read_bytes() == (tmp_path / "team.xlsx").read_bytes()  # the input is never touched


def test_into_names_owners_missing_from_the_reps_list(tmp_path, capsys):
    book = write_workbook(FUNNEL_SPEC, "en", tmp_path / "team.xlsx", demo_funnel(dt.date(2026, 11, 23)))
    source = tmp_path / "new.csv"
    source.write_text(SMALL, encoding="utf-8")
    code, _, err = run(capsys, source, "--into", book, "-o", tmp_path / "out.xlsx")
    assert code == 0
    assert ("2 names are not on the workbook's reps list ('Settings'): 张三, 李四. The import changes only the "
            "'Deals' sheet") in err
    assert "the owner is not on the reps list (Settings) — 3 行 rows: 2-4" in err


def test_text_from_the_crm_is_data_never_a_formula(tmp_path, capsys):
    source = tmp_path / "evil.csv"
    source.write_text('编号,客户,负责人,阶段,金额,创建日期,预计成交日期,下一步\n'
                      '"=1+1","+cmd|\' /C calc\'!A0",=赵六,放入漏斗,5,2026-01-01,2026-12-01,"@SUM(A1)"\n',
                      encoding="utf-8")
    code, _, _ = run(capsys, source, "-o", tmp_path / "out.xlsx")
    assert code == 0
    package = Package((tmp_path / "out.xlsx").read_bytes())
    sheet = package.text(package.sheet_part(FL.SHEET_DEALS.zh))
    row = re.search(r'<row r="2">(.*?)</row>', sheet).group(1)
    inputs = re.findall(r'<c r="([A-S])2"[^>]*?(?:/>|>(.*?)</c>)', row)
    assert len(inputs) == len(FL.DEAL_COLUMNS) and not any("<f" in content for _, content in inputs)
    assert len(re.findall(r'<c r="[T-Z]2|<c r="A[A-D]2', row)) == len(FL.CALCULATED) == row.count("<f ")
    assert deals(tmp_path / "out.xlsx")[0][:4] == ["=1+1", "+cmd|' /C calc'!A0", None, "=赵六"]


def test_more_owners_than_the_per_rep_forecast_holds_are_reported(tmp_path, capsys):
    source = tmp_path / "many.csv"
    lines = [f"N{i},客户{i},销售{i:02d},放入漏斗,跟踪,100,2026-01-01,2026-12-01" for i in range(32)]
    source.write_text("编号,客户,负责人,阶段,状态,金额,创建日期,预计成交日期\n" + "\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, source, "-o", tmp_path / "out.xlsx")
    assert code == 0
    assert ("[错误 error] 负责人 / Owner «负责人» C: 人员名单最多 30 人(下拉列表与按人汇总按 30 人设计),现有 32 人;"
            "之后的人(销售30、销售31)的行会被工作簿标为不在名单中") in err
    settings = read_sheets(tmp_path / "out.xlsx")[FL.SHEET_SETTINGS.zh]
    assert [r[0] for r in settings[FL.REPS.first_row - 1:FL.REPS.first_row + 31]] == [f"销售{i:02d}" for i in range(32)]


def test_a_workbook_export_with_a_title_and_a_hidden_sheet(tmp_path, capsys):
    wb = Workbook()
    wb.active.title = "hidden"
    wb.active.sheet_state = "hidden"
    ws = wb.create_sheet("Opportunities")
    ws.append(["Opportunity Pipeline report"])
    ws.append([])
    ws.append(["Opportunity ID", "Account Name", "Opportunity Owner", "Stage", "Amount", "Created Date", "Close Date"])
    ws.append([1001, "Acme", "Ann", "Closed Won", 1200.5, dt.datetime(2026, 1, 5, 10, 30), dt.date(2026, 3, 1)])
    ws.append([1002, "Beta", "Bob", "Closed Lost", 0, dt.datetime(2026, 2, 5), dt.date(2026, 4, 1)])
    wb.save(tmp_path / "export.xlsx")
    code, _, err = run(capsys, tmp_path / "export.xlsx", "-o", tmp_path / "out.xlsx")
    assert code == 0 and "sheet 'Opportunities'" in err and "the header is row 3; the 2 rows above it are left out" in err
    rows = deals(tmp_path / "out.xlsx")
    assert [r[:4] for r in rows] == [["1001", "Acme", None, "Ann"], ["1002", "Beta", None, "Bob"]]
    assert rows[0][FL.DEALS.index("created")] == dt.date(2026, 1, 5)


def test_footer_lines_ids_from_names_and_a_progress_bar(tmp_path, capsys):
    text = salesforce_csv(LARGE + 1).replace("Opportunity ID", "Legacy Key")
    source = tmp_path / "sf.csv"
    source.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, source, "-o", tmp_path / "out.xlsx")
    assert code == 0
    assert ("2 footer lines after the data left out: Confidential Information - Do Not Distribute | Copyright (c) "
            "2000-2026 salesforce.com, inc.") in err
    assert "the deal name ('Opportunity Name') is used as the deal ID" in err
    assert "导入 / importing [##############################] 4/4 out.xlsx" in err
    ids = [r[0] for r in deals(tmp_path / "out.xlsx")]
    assert len(ids) == LARGE + 1 and ids[:2] == ["Deal 0", "Deal 1"]


def test_refusals_write_nothing(tmp_path, capsys):
    source = tmp_path / "deals.csv"
    source.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"mine")
    code, _, err = run(capsys, source, "-o", out)
    assert code == 1 and out.read_bytes() == b"mine" and "use --force to overwrite" in err
    code, _, err = run(capsys, source, "-o", source, "--force")
    assert code == 1 and "is one of the inputs: it is never overwritten" in err
    assert run(capsys, source)[0] == 1
    (tmp_path / "bad.toml").write_text("[columns]\namout = \"Amount\"\n", encoding="utf-8")
    code, _, err = run(capsys, source, "-o", tmp_path / "x.xlsx", "--map", tmp_path / "bad.toml")
    assert code == 1 and "映射文件 bad.toml: columns.amout: 不是「销售漏斗:商机」的列" in err
    assert "mapping file bad.toml: columns.amout: not a column of 'Funnel: deals'" in err
    (tmp_path / "no-created.csv").write_text(SMALL.replace("创建日期", "备注"), encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "no-created.csv", "-o", tmp_path / "x.xlsx")
    assert code == 1 and "the source has no 'Created' column" in err and 'or created = "" to import without it' in err
    assert "未写入任何文件 / nothing written" in err and not (tmp_path / "x.xlsx").exists()
    (tmp_path / "map.toml").write_text('[columns]\ncreated = ""\n', encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "no-created.csv", "-o", tmp_path / "x.xlsx", "--map", tmp_path / "map.toml")
    assert code == 0 and "「创建日期」必填 / 'Created' is required — 3 行 rows: 2-4" in err


def test_quota_weekly_tracking_and_a_customer_list(tmp_path, capsys):
    weekly = tmp_path / "weekly.csv"
    weekly.write_text('姓名,周次,新增商机,拜访次数,签单金额,回款金额\n张三,第1周,3,10,"￥12,000",5000\n'
                      '张三,W2,4,abc,1.5万,\n', encoding="utf-8")
    code, _, err = run(capsys, weekly, "-o", tmp_path / "quota.xlsx")
    assert code == 0 and "目标 target: 业绩分解:周跟踪 / Quota: weekly tracking" in err
    assert '[错误 error] 拜访次数 / Visits «拜访次数» D "abc": 不是数字 / not a number — 1 行 rows: 3' in err
    assert "2 行 rows; 1 个错误 errors" in err  # the reps are listed (目标与人员), so the template's check has no more
    book = CalamineWorkbook.from_path(str(tmp_path / "quota.xlsx"))
    sheet = book.get_sheet_by_name("周跟踪").to_python()
    assert [r[:6] for r in sheet[1:3]] == [["张三", 1, 3, 10, 12000, 5000], ["张三", 2, 4, "abc", 15000, ""]]
    reps = book.get_sheet_by_name("目标与人员").to_python(skip_empty_area=False)
    assert [r[0] for r in reps[QL.REPS.first_row - 1:] if r and r[0]] == ["张三"]
    customers = tmp_path / "customers.csv"
    customers.write_text("Account Name,Account Owner,Progress,Intent,Next Contact Date,Phone\n"
                         '"Acme","Ann","3 有需求,方案沟通中","Good","2026-12-01","13800138000"\n', encoding="utf-8")
    code, _, err = run(capsys, customers, "-o", tmp_path / "accounts.xlsx", "--lang", "en")
    assert code == 0 and "Key accounts: customer list" in err
    book = CalamineWorkbook.from_path(str(tmp_path / "accounts.xlsx"))
    sheet = book.get_sheet_by_name("Customers").to_python()
    assert sheet[1][:8] == ["Acme", "Ann", 3, "Good", "", dt.date(2026, 12, 1), "", "13800138000"]
    settings = book.get_sheet_by_name("Settings").to_python(skip_empty_area=False)
    assert settings[AL.REPS.first_row - 1][0] == "Ann"


def test_a_semicolon_export_with_decimal_commas_and_day_first_dates(tmp_path, capsys):
    source = tmp_path / "eu.csv"
    source.write_text("Opportunity ID;Account Name;Opportunity Owner;Stage;Amount;Created Date;Close Date\n"
                      "E1;Acme;Ann;Closed Won;1.234,56 €;05/01/2026;23/11/2026\n"
                      "E2;Beta;Bob;Closed Lost;12.500;06/02/2026;07/03/2026\n", encoding="utf-8")
    code, _, err = run(capsys, source, "-o", tmp_path / "out.xlsx", "--lang", "en")
    assert code == 0 and "encoding UTF-8, delimiter semicolon" in err
    assert "read as 1.234,56 (1 distinct value such as 1.234,56 € can only be read so)" in err
    assert "xx/xx/yyyy read day first (23/11/2026 can only be read so)" in err
    assert "no value decides day-first" in err  # Created Date: 05/01/2026 and 06/02/2026 are either
    rows = deals(tmp_path / "out.xlsx", "en")
    amount, created, close = (FL.DEALS.index(k) for k in ("amount", "created", "close_date"))
    assert [r[amount] for r in rows] == [1234.56, 12500]
    assert [r[close] for r in rows] == [dt.date(2026, 11, 23), dt.date(2026, 3, 7)]
    assert [r[created] for r in rows] == ["05/01/2026", "06/02/2026"]  # reported, kept, never guessed
    assert ('«Created Date» F "05/01/2026": 有歧义:可能是 2026-01-05 或 2026-05-01,本列无法判定日/月顺序 / ambiguous: '
            '2026-01-05 or 2026-05-01, and the column does not say which comes first — 1 行 rows: 2') in err
    (tmp_path / "map.toml").write_text('[formats]\ncreated = "DMY"\n', encoding="utf-8")
    code, _, err = run(capsys, source, "-o", tmp_path / "out.xlsx", "--force", "--map", tmp_path / "map.toml")
    assert code == 0 and [r[created] for r in deals(tmp_path / "out.xlsx")] == [dt.date(2026, 1, 5),
                                                                                 dt.date(2026, 2, 6)]


def test_the_public_crm_sample_needs_a_mapping_then_imports_every_deal(tmp_path, capsys):
    source = tmp_path / "sales_pipeline.csv"
    source.write_text(public_crm_csv(), encoding="utf-8")
    code, out, err = run(capsys, source, "--dry-run")
    assert code == 1  # no created-date column: the dry run says what the mapping file must say
    assert "the source has no 'Created' column" in err
    assert '# created = ""  # 创建日期 / Created: 必填,来源中没有' in out
    assert re.search(r'^# "Prospecting" = ""  # 500 行 rows', out, re.MULTILINE)
    assert re.search(r'^# "Engaging" = ""  # 1589 行 rows', out, re.MULTILINE)
    assert '"Won" = "赢单"  # 4238 行 rows (阶段列 stage column)' in out
    assert '"Lost" = "丢单"  # 2473 行 rows (阶段列 stage column)' in out
    (tmp_path / "map.toml").write_text(PUBLIC_MAP, encoding="utf-8")
    code, _, err = run(capsys, source, "--map", tmp_path / "map.toml", "-o", tmp_path / "out.xlsx")
    assert code == 0
    assert "2089 open deals have no 'Amount': imported as they are" in err
    assert "2089 open deals have no 'Expected close': imported as they are" in err
    assert "「创建日期」必填 / 'Created' is required — 500 行 rows" in err  # Prospecting deals were never engaged
    rows = deals(tmp_path / "out.xlsx")
    status, stage = FL.DEALS.index("status"), FL.DEALS.index("stage")
    assert len(rows) == 8800
    assert Counter((r[status], r[stage]) for r in rows) == {("跟踪", "放入漏斗"): 500, ("跟踪", "判断赢率"): 1589,
                                                            ("赢单", "谈判签约"): 4238, ("丢单", "放入漏斗"): 2473}
    settings = read_sheets(tmp_path / "out.xlsx")[FL.SHEET_SETTINGS.zh]
    assert len([r for r in settings[FL.REPS.first_row - 1:] if r[0]]) == 30
