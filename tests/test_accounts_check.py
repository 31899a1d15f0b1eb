"""`check` agrees with the sheets (issue 15): bad data of every kind pasted into the accounts workbook — numbers
and dates stored as text, values not among the choices, names not on the reps list, repeated names, rows
typed below a table, more reps than Team health lists, months past the review, unusable parameters — is
counted by the workbook's own data-problem counter exactly as `check` reports it, and it is what the
summaries leave out. Values typed in the other language are no problem: the native formulas count them.
"""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests import accounts_book as B
from tests.workbook_values import block_rows, cell, table_frame
from xlsales import libreoffice
from xlsales.accounts import calls
from xlsales.accounts import layout as L
from xlsales.accounts.settings import MAX_CALLS_PER_DAY
from xlsales.accounts.workbook import check, read_workbook
from xlsales.i18n import Text
from xlsales.templates.accounts import build

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
REPS = [f"R{i:02d}" for i in range(L.MAX_REPS + 1)]  # one more than Team health lists
OTHER = {"zh-CN": "en", "en": "zh-CN"}
EXPECTED = {"problems_parameters": 4, "problems_accounts": 6, "problems_people": 4, "problems_plan": 2,
            "problems_monthly": 3, "problems_qualification": 2, "problems_levels": 2, "problems_customers": 3,
            "problems_weights": 3, "problems_reps": 1, "outside": 2, "capacity": 1}


def _bad_workbook(lang: str) -> bytes:
    other = OTHER[lang]
    wb = build(lang)
    settings = B.sheet_of(wb, L.SETTINGS)
    for key, value in {"calls_per_day": MAX_CALLS_PER_DAY + 100, "a_share": 0.9, "b_share": 0.85,
                       "as_of": "2026-11-23", "call_owner": "nobody"}.items():
        settings[L.SETTINGS.address(key)] = value
    weights = L.WEIGHTS
    settings[f"{weights.letter('item')}{weights.first_row + 11}"] = "魅力"  # not a weight item
    settings[f"{weights.letter('item')}{weights.first_row + 10}"] = "关系紧密度"  # an item twice
    settings[f"{weights.letter('weight')}{weights.first_row + 3}"] = -1
    B.type_rows(wb, L.REPS, [{"rep": r} for r in REPS + ["r00"]], lang)  # 31 reps, and R00 again
    settings[f"{L.REPS.letter('rep')}{L.REPS.first_row + len(REPS) + 1}"] = "below"  # outside the table
    B.type_rows(wb, L.ACCOUNTS, [
        {"account": "甲", "owner": "R00", "revenue": 600, "total_market": 1000},
        {"account": "乙", "owner": "R01", "revenue": "1200", "total_market": 2000},  # a number stored as text
        {"account": "丙", "owner": "R02", "revenue": 100, "total_market": "五百"},
        {"account": "甲", "owner": "R00", "revenue": 5, "total_market": 10},  # repeated
        {"account": "丁", "owner": "不在名单", "revenue": 300, "total_market": 900},  # not a rep
        {"account": "戊", "owner": "R30", "revenue": 50, "total_market": 100, "other_channels": 200},
        {"account": "己", "owner": "R03", "revenue": 80, "total_market": 900, "class_manual": "D"},
    ], lang)
    accounts = B.worksheet(wb, L.ACCOUNTS)
    below = L.ACCOUNTS.first_row + B.body_rows(wb, L.ACCOUNTS)
    accounts[f"{L.ACCOUNTS.letter('account')}{below}"] = "外面"  # typed below the table
    accounts[f"{L.ACCOUNTS.letter('revenue')}{below}"] = 999
    roles = ["决策者", "影响者"] if lang == "zh-CN" else ["Decision-maker", "Influencer"]
    person = {"account": "甲", "role": roles[0], "involvement": 1, "closeness": 4, "solution": 4, "price": 4}
    B.type_rows(wb, L.PEOPLE, [
        person | {"name": "P1"}, person | {"name": "P2", "role": Text("教练(内线)", "Coach")(other)},
        person | {"name": "P3", "role": "老板"}, person | {"name": "P4", "involvement": 2.5},
        person | {"name": "P5", "closeness": 7}, person | {"name": "p1", "role": roles[1]},  # P1 again
    ], lang)
    B.type_rows(wb, L.PLAN, [{"tier": 1, "account": "甲"}, {"tier": 4, "account": "乙"},
                             {"tier": 2, "account": "甲"}], lang)
    months = [dt.datetime(2025 + m // 12, m % 12 + 1, 1) for m in range(L.REVIEW_MONTHS + 1)]
    B.type_rows(wb, L.MONTHLY, [{"account": "甲", "month": m, "expected": 10, "actual": 8} for m in months] + [
        {"account": "甲", "month": dt.datetime(2025, 1, 15), "expected": 1},  # the same month again
        {"account": "乙", "month": "2026-01-01", "expected": 1}], lang)  # a date stored as text
    status = {"zh-CN": "已知", "en": "Known"}
    B.type_rows(wb, L.QUALIFY, [{"deal": "K1", "basics": "知道"}, {"deal": "k1"},
                                {"deal": "K2", "needs": status[other]}], lang)
    level = {"zh-CN": "TOPSALES", "en": "Top sales"}
    B.type_rows(wb, L.LEVELS, [{"rep": "R00", "focus": "优秀"}, {"rep": "R00"}, {"rep": "R01", "focus": level[other]}],
                lang)
    expired = Text("合同已到期", "Contract expired")
    B.type_rows(wb, L.CUSTOMERS, [
        {"customer": "c1", "progress": 1, "next_call": "2026-11-20"}, {"customer": "c2", "progress": 8},
        {"customer": "c3", "progress": 2, "intent": "maybe"}, {"customer": "c4", "progress": 3,
                                                              "contract": expired(other)}], lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def recalculated(request, tmp_path_factory):
    lang = request.param
    folder = tmp_path_factory.mktemp(f"accounts-bad-{lang}")
    (folder / "bad.xlsx").write_bytes(_bad_workbook(lang))
    result = libreoffice.recalculate(folder / "bad.xlsx", folder / "out")
    wb = load_workbook(result, data_only=True)
    sheets, tables = B.as_check_reads(wb)
    return lang, result, wb, sheets, tables


def _source(problem, lang: str) -> str:
    """Which of the data check's counts a problem of `check` belongs to."""
    if "outside the" in problem.expected_en:
        return "outside"
    if problem.expected_en.startswith(f"at most {L.MAX_REPS} reps"):
        return "capacity"
    for name, key in ((L.SHEET_ACCOUNTS, "problems_accounts"), (L.SHEET_PEOPLE, "problems_people"),
                      (L.SHEET_PLAN, "problems_plan"), (L.SHEET_MONTHLY, "problems_monthly"),
                      (L.SHEET_QUALIFY, "problems_qualification"), (L.SHEET_LEVELS, "problems_levels"),
                      (L.SHEET_CUSTOMERS, "problems_customers")):
        if problem.sheet == name(lang):
            return key
    row = int("".join(ch for ch in problem.cell if ch.isdigit()))
    return ("problems_parameters" if row < L.WEIGHTS.header_row else
            "problems_weights" if row < L.REPS.header_row else "problems_reps")


def test_no_error_cells(recalculated):
    _, result, *_ = recalculated
    assert libreoffice.error_cells(result) == []


def test_check_the_counter_and_each_count_agree(recalculated):
    lang, _, wb, sheets, tables = recalculated
    errors = [p for p in check(sheets, tables) if p.severity == "error"]
    value = cell(wb, L.SETTINGS, lang)
    found = {key: sum(_source(p, lang) == key for p in errors) for key in L.CHECK_KEYS}
    assert found == EXPECTED, "\n".join(p.message() for p in errors)
    assert {key: value(key) for key in L.CHECK_KEYS} == EXPECTED
    assert value("problems") == len(errors) == sum(EXPECTED.values())


def test_each_table_row_shows_its_own_problems(recalculated):
    lang, _, wb, sheets, tables = recalculated
    errors = [p for p in check(sheets, tables) if p.severity == "error"]
    for sheet in (L.ACCOUNTS_SHEET, L.PEOPLE_SHEET, L.PLAN_SHEET, L.MONTHLY_SHEET, L.QUALIFY_SHEET, L.LEVELS_SHEET,
                  L.CUSTOMERS_SHEET):
        table = sheet.tables[0]
        ws, letter = B.worksheet(wb, table), table.letter("problems")
        shown = {row: ws[f"{letter}{row}"].value for row in range(table.first_row, table.first_row + B.body_rows(
            wb, table)) if ws[f"{letter}{row}"].value}
        reported: dict[int, int] = {}
        for p in errors:
            if p.sheet == sheet.name(lang) and "outside the" not in p.expected_en:
                row = int("".join(ch for ch in p.cell if ch.isdigit()))
                reported[row] = reported.get(row, 0) + 1
        assert shown == reported, sheet.key


def test_what_the_summaries_leave_out_is_what_check_reports(recalculated):
    lang, _, wb, sheets, tables = recalculated
    health = cell(wb, L.HEALTH, lang)
    # the revenue stored as text and the row below the table are not in the total; both are reported
    assert health("total_revenue") == 600 + 100 + 5 + 300 + 50 + 80
    reps = [r for r in block_rows(wb, L.HEALTH, "reps", lang) if r["rep"] not in (None, "")]
    # largest revenue first (R00 605, R02 100, R03 80), the reps without revenue in the list's order; the 31st rep is
    # left out: one problem
    assert [r["rep"] for r in reps] == ["R00", "R02", "R03", "R01"] + REPS[4:L.MAX_REPS]
    # 丁's owner is not a rep and 戊's is the 31st: their revenue is in no rep's figures (each reported)
    assert sum(r["revenue"] for r in reps) == health("total_revenue") - 300 - 50
    book = read_workbook(sheets, tables)
    assert book.settings.calls_per_day == cell(wb, L.SETTINGS, lang)("calls_per_day_in_use") == 60
    assert book.settings.classes.b_share == cell(wb, L.SETTINGS, lang)("b_share_in_use") == 0.95
    review = [r for r in block_rows(wb, L.REVIEW, "months", lang) if r["month"] not in (None, "")]
    assert len(review) == L.REVIEW_MONTHS  # the 25th month is left out: one problem


def test_values_in_the_other_language_are_counted(recalculated):
    lang, _, wb, sheets, tables = recalculated
    people = table_frame(wb, L.PEOPLE_SHEET, L.PEOPLE, lang).set_index("name")
    assert people.at["P2", "role_std"] == Text("教练(内线)", "Coach")(lang) and people.at["P2", "weight"] > 0
    qualification = table_frame(wb, L.QUALIFY_SHEET, L.QUALIFY, lang).set_index("deal")
    assert qualification.at["K2", "score"] == pytest.approx(0.1)
    levels = table_frame(wb, L.LEVELS_SHEET, L.LEVELS, lang)
    assert list(levels["rated"])[2] == 1
    customers = table_frame(wb, L.CUSTOMERS_SHEET, L.CUSTOMERS, lang).set_index("customer")
    book = read_workbook(sheets, tables)
    ranked = calls.priorities(book.tables[L.CUSTOMERS.name].frame, book.settings.as_of).set_index("customer")
    assert customers.at["c4", "hot"] and ranked.at["c4", "hot"]
