"""Helpers for the accounts tests: rows typed into a built workbook's tables the way Excel holds them, a
workbook read back as `check` reads a file, and the rows of many generated accounts, people and customers.

Every address comes from the workbook's description (xlsales/accounts/layout.py).
"""

import datetime as dt
import io
import random
from typing import Any

from openpyxl.workbook.workbook import Workbook

from tests.workbook_values import table_extents, values_by_sheet
from xlsales.accounts import layout as L
from xlsales.i18n import Lang
from xlsales.layout import Sheet, Table, split_address
from xlsales.sheets import TableExtent

SHEET_OF = {table.name: sheet for sheet in L.SHEETS for table in sheet.tables}


def worksheet(wb: Workbook, table: Table) -> Any:
    sheet = SHEET_OF[table.name]
    return wb[sheet.name.zh] if sheet.name.zh in wb.sheetnames else wb[sheet.name.en]


def sheet_of(wb: Workbook, description: Sheet) -> Any:
    return wb[description.name.zh] if description.name.zh in wb.sheetnames else wb[description.name.en]


def body_rows(wb: Workbook, table: Table) -> int:
    return split_address(worksheet(wb, table).tables[table.name].ref.split(":")[1])[0] - table.header_row


def type_rows(wb: Workbook, table: Table, records: list[dict[str, Any]], lang: Lang, start: int = 0) -> None:
    """Type `records` (values by column key, as a user types them) into the table's rows from body row `start`
    (0-based); the table grows to take them, with its calculated columns' formulas in the new rows, as Excel
    does."""
    ws = worksheet(wb, table)
    for i, record in enumerate(records):
        row = table.first_row + start + i
        for key, value in record.items():
            ws[f"{table.letter(key)}{row}"] = value
    rows = max(body_rows(wb, table), start + len(records))
    for row in range(table.first_row, table.first_row + rows):
        for column in table.calculated():
            ws[f"{table.letter(column.key)}{row}"] = "=" + column.formula(lang, row)
    ws.tables[table.name].ref = f"{table.at}:{table.last_letter()}{table.header_row + rows}"


def as_check_reads(wb: Workbook) -> tuple[dict[str, list[list[Any]]], dict[str, TableExtent]]:
    """A workbook's cell values by sheet (blank as None, as xlsales.book reads a file) and its tables."""
    sheets = {name: [[None if v == "" else v for v in row] for row in rows]
              for name, rows in values_by_sheet(wb).items()}
    return sheets, table_extents(wb)


def snapshot(wb: Workbook) -> dict[str, Any]:
    """Every cell value and every table's extent, to compare a workbook before and after."""
    return {"sheets": values_by_sheet(wb), "tables": table_extents(wb)}


# ---- generated data ---------------------------------------------------------------------------------------

def accounts(n: int, owners: list[str], seed: int = 5) -> list[dict[str, Any]]:
    """n accounts with business, prospects and a few over their target; names a COUNTIF would read as
    patterns among them."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        total = rng.choice([0, 200_000, 500_000, 1_000_000, 3_000_000]) + 10_000 * (i % 37)
        other = rng.choice([None, 0, 50_000, 100_000]) if total >= 100_000 else None
        revenue = 0 if i % 5 == 0 else rng.randint(0, 90) * 10_000
        out.append({"account": f"客户{i:04d}", "owner": owners[i % len(owners)], "industry": "制造",
                    "revenue": revenue, "total_market": total, "other_channels": other,
                    "class_manual": "B" if i % 53 == 7 else None})
    return out


def people(accounts_: list[dict[str, Any]], per_account: int, lang: Lang, seed: int = 6) -> list[dict[str, Any]]:
    from xlsales.accounts.vocab import ROLES
    rng = random.Random(seed)
    roles = list(ROLES.values())
    out = []
    for a, account in enumerate(accounts_):
        for p in range(per_account if a % 3 else per_account - 1):
            role = roles[(a + p) % len(roles)]
            out.append({"account": account["account"], "deals": f"K{a:04d}" if p < 2 else None, "name": f"P{a}-{p}",
                        "role": role.en if (a + p) % 5 == 0 else role(lang),  # some typed in English
                        "involvement": 1 + (a + p) % 5, "closeness": rng.randint(1, 5),
                        "solution": rng.randint(1, 5), "price": rng.randint(1, 5)})
    return out


def customers(n: int, owners: list[str], as_of: dt.date, lang: Lang, seed: int = 7) -> list[dict[str, Any]]:
    from xlsales.accounts.vocab import CONTRACT, INTENT
    rng = random.Random(seed)
    intents, contracts = [None] + list(INTENT.values()), [None] + list(CONTRACT.values())
    out = []
    for i in range(n):
        intent, contract = rng.choice(intents), rng.choice(contracts)
        out.append({
            "customer": f"C{i:05d}", "owner": owners[i % len(owners)], "progress": rng.randint(0, 7),
            "intent": None if intent is None else intent.en if i % 7 == 0 else intent(lang),
            "contract": None if contract is None else contract(lang),
            "next_call": as_of + dt.timedelta(days=rng.randint(-30, 30)) if rng.random() < 0.3 else None,
            "last_contact": as_of - dt.timedelta(days=rng.randint(0, 150)) if rng.random() < 0.8 else None,
        })
    return out


# ---- a workbook filled the way Excel holds it ---------------------------------------------------------------

def filled(lang: Lang, tables: dict[str, list[dict[str, Any]]], settings: dict[str, Any] | None = None) -> bytes:
    """The EMPTY template with `settings` typed and each table (by name) holding `records` (values by input
    column key) plus its calculated columns' formulas in every row (xlsxrows.fill_described), as an xlsx."""
    from xlsales.sharing.xlsxrows import Package, fill_described
    from xlsales.templates.accounts import build

    wb = build(lang)
    ws = sheet_of(wb, L.SETTINGS)
    for key, value in (settings or {}).items():
        ws[L.SETTINGS.address(key)] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    package = Package(buffer.getvalue())
    for name, records in tables.items():
        sheet = SHEET_OF[name]
        table = sheet.table(name)
        values = {c.key: [r.get(c.key) for r in records] for c in table.columns if c.read is not None}
        fill_described(package, sheet.name(lang), table, lang, values)
    return package.to_bytes()
