"""Quote workbooks for the LibreOffice tests: tables filled the way Excel holds them (xlsxrows.fill_described), cells
typed where a user typed something odd, the table extents the file records, and every native figure compared with
the Python core reading the same recalculated values. Addresses come from xlsales/quote/layout.py."""

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from tests.workbook_values import cell, sheet, table_body
from xlsales.book import read_sheets
from xlsales.i18n import Lang
from xlsales.layout import Sheet, Table
from xlsales.quote import document, guardrails
from xlsales.quote import layout as L
from xlsales.quote.inputs import errors
from xlsales.quote.pricing import summarise
from xlsales.quote.vocab import LICENSE, PART, SERVICE, TRAINING, UNIT, YES_NO
from xlsales.quote.workbook import QuoteBook, check, read_quote
from xlsales.sharing.xlsxrows import Package, fill_described
from xlsales.sheets import TableExtent

SHEET_OF = {table.name: description for description in L.SHEETS for table in description.tables}


def fill(source: Path, target: Path, lang: Lang, tables: dict[str, dict[str, list[Any]]]) -> Path:
    """`source` with each named table's body replaced by `tables[name]` (values per input column key), every
    calculated column filled into every row, as Excel holds a table after rows were pasted into it."""
    package = Package(source.read_bytes())
    for name, values in tables.items():
        fill_described(package, SHEET_OF[name].name(lang), SHEET_OF[name].table(name), lang, values)
    target.write_bytes(package.to_bytes())
    return target


def type_into(path: Path, lang: Lang, typed: list[tuple[Sheet, str, Any]]) -> None:
    """Values typed into cells (text where a number belongs, rows below a table...), saved in place."""
    wb = load_workbook(path)
    for description, address, value in typed:
        wb[description.name(lang)][address] = value
    wb.save(path)


def body(wb: Any, table: Table, lang: Lang) -> dict[int, dict[str, Any]]:
    """Every body row of a table with any input, by sheet row: {column key: value}; rows typed below it left out."""
    ws = sheet(wb, SHEET_OF[table.name], lang)
    last = range_boundaries(dict(ws.tables.items())[table.name])[3]
    return table_body(wb, SHEET_OF[table.name], table, lang, last_row=last)


def same(native: Any, core: Any) -> bool:
    if core is None or (isinstance(core, float) and pd.isna(core)) or core is pd.NaT or core == "":
        return native in (None, "")
    if isinstance(core, dt.date):
        return native is not None and native.date() == core
    if isinstance(core, (bool,)):
        return native is core or native == int(core)
    if isinstance(core, (int, float)):
        return isinstance(native, (int, float)) and not isinstance(native, bool) and native == pytest.approx(core,
                                                                                                             abs=1e-9)
    return native == core


def core(result: Path, tables: dict[str, TableExtent] | None) -> QuoteBook:
    """The Python core on the recalculated workbook's own cell values."""
    return read_quote(read_sheets(result), tables)


def assert_matches_core(wb: Any, lang: Lang, book: QuoteBook, outside: int = 0) -> None:
    """Every per-line calculated column, key figure, quotation cell and revision flag the workbook shows equals the
    Python core's; the data-problem counter equals the errors check reports."""
    found = errors(book.problems)
    shown = body(wb, L.LINES, lang)
    priced = book.priced.set_index("row")
    for position, (row, line) in enumerate(priced.iterrows(), start=1):
        native = shown[row]
        expected = {"part_std": PART[line["part"]](lang), "basis": line["basis"],
                    "unit": UNIT[line["unit"]](lang) if line["basis"] == L.LIST else None,
                    "unit_price": line["unit_price"], "list_amount": line["list_amount"],
                    "applied_discount": line["applied_discount"], "value": line["value"], "amount": line["amount"],
                    "floor": line["floor"], "listed": position, "problems": 0}
        for key, value in expected.items():
            assert same(native[key], value), (row, key, native[key], value)
    error_rows = {int("".join(ch for ch in p.cell if ch.isdigit())) for p in found if p.sheet == L.SHEET_LINES(lang)}
    left = set(shown) - set(priced.index)
    for row in left:  # a line with a problem: counted, never valued
        assert shown[row]["problems"] > 0 and shown[row]["value"] in (None, "") and row in error_rows, row
    s = summarise(book.priced)
    figure = cell(wb, L.DETAILS_SHEET, lang)
    expected_figures = s.model_dump() | {"missing_parts": len(s.missing_parts), "quoted": len(book.priced),
                                         "left_out": len(left), "problems": len(found), "outside": outside}
    for key, *_ in L.FIGURES:
        assert same(figure(key), expected_figures[key]), (key, figure(key), expected_figures[key])
    details = [p for p in found if p.sheet == L.SHEET_DETAILS(lang) and p.column in L.DETAIL]
    assert cell(wb, L.DETAILS_SHEET, lang)("sheet_problems") == len(details)
    quotation = sheet(wb, L.QUOTATION, lang)
    for address, value in document.quotation_cells(book.details, book.priced, s).items():
        assert same(quotation[address].value, value), (address, quotation[address].value, value)
    assert quotation[L.QUOTATION.address("stale")].value in (None, "")
    if book.revisions is not None:
        checked = guardrails.check_revisions(book.revisions.frame, book.details.max_swing, book.details.min_room,
                                             book.details.far_ratio)
        revisions = body(wb, L.REVISIONS, lang)
        for _, row in checked.iterrows():
            native = revisions[int(row["row"])]
            for key in ["change", "change_share", "room"] + list(guardrails.GUARDRAILS):
                value = bool(row[key]) if key in guardrails.GUARDRAILS else row[key]
                assert same(native[key], value), (row["revision"], key, native[key], value)
        for r in set(revisions) - set(checked["row"]):  # a revision the guardrails cannot read shows no flag
            assert all(revisions[r][key] in (None, "") for key in guardrails.GUARDRAILS), r


def assert_check_agrees(wb: Any, lang: Lang, sheets: dict[str, list[list[Any]]],
                        tables: dict[str, TableExtent]) -> int:
    """check's errors == the workbook's data-problem counter; returns the count."""
    reported = [p for p in check(sheets, tables) if p.severity == "error"]
    counter = cell(wb, L.DETAILS_SHEET, lang)("problems")
    assert counter == len(reported), (counter, [p.message() for p in reported])
    return counter


# ---- generated quotes ----------------------------------------------------------------------------------------

SPECIAL_NAMES = ["王?", "李*", "~x", "=赵六", "<5", ">3"]  # names COUNTIFS/MATCH would read as patterns or comparisons


def generated(lang: Lang, prices: int, lines: int, revisions: int, seed: int = 15) -> dict[str, dict[str, list[Any]]]:
    """A clean quote of the given sizes: products (some named like patterns) in both languages' units, lines of every
    kind typed in either language, revisions; values as a spreadsheet holds them."""
    rng = random.Random(seed)
    units = [("site", 4), ("user", 2), ("module", 4), ("person_day", 2)]
    price_rows = []
    for i in range(prices):
        name = SPECIAL_NAMES[i] if i < len(SPECIAL_NAMES) else f"模块{i:05d}"
        unit = rng.choices([u for u, _ in units], [w for _, w in units])[0] if i > 1 else ("module", "person_day")[i]
        standard = rng.choice([0.8, 0.85, 0.9, 1.0])
        price_rows.append({"product": name, "edition": rng.choice([None, "专业版", "Pro"]),
                           "unit": UNIT[unit](rng.choice(["zh-CN", "en"])),
                           "list_price": float(rng.randrange(100, 40000)),
                           "std_discount": standard, "floor_discount": round(standard - rng.choice([0, 0.1, 0.15]), 2),
                           "note": None, "_unit": unit})
    listable = [p for p in price_rows if p["_unit"] != "person_day"]
    per_day = [p for p in price_rows if p["_unit"] == "person_day"]
    yes_no = [YES_NO["yes"].zh, YES_NO["yes"].en, YES_NO["no"].zh, YES_NO["no"].en, "TRUE", None, None]
    line_rows = []
    for i in range(lines):
        special = price_rows[i] if i < min(prices, len(SPECIAL_NAMES)) else None  # each pattern-like name quoted
        if special is not None:
            kind = "days" if special["_unit"] == "person_day" else "license"
        else:
            kind = "license" if not (i % 4) else rng.choice(["license", "days", "share", "service"])
            kind = "license" if kind == "days" and not per_day else kind
        part = {"license": LICENSE, "days": TRAINING, "share": TRAINING, "service": SERVICE}[kind]
        row = {"part": PART[part](rng.choice(["zh-CN", "en"])), "item": None, "edition": None, "qty": None,
               "discount": None, "rate": None, "waived": None, "keep": rng.choice(yes_no)}
        if kind in ("license", "days"):
            price = special or rng.choice(listable if kind == "license" else per_day)
            item = price["product"]
            if rng.random() < 0.2:  # typed as MATCH still finds it: other case, spaces around
                item = f" {item.upper()}  "
            row.update(item=item, edition=price["edition"], qty=float(rng.randrange(1, 20)),
                       discount=rng.choice([None, price["std_discount"], price["floor_discount"]]))
            if kind == "days":
                row["waived"] = rng.choice(yes_no)
        else:
            row.update(item=f"服务内容{i}", rate=rng.choice([None, 0.05, 0.125, 0.15]) if kind == "service"
                       else rng.choice([0.05, 0.1, 0.2]), waived=rng.choice(yes_no))
        line_rows.append(row)
    revision_rows = []
    labels = ["R*", "R?", "~R", "=R1", "<5", ">3"]
    for i in range(revisions):
        total = float(rng.randrange(20000, 60000))
        parts = [round(total * 0.7, 2), round(total * 0.2, 2)]
        parts.append(round(total - sum(parts), 2))
        lump = rng.random() < 0.1
        revision_rows.append({"revision": labels[i] if i < len(labels) else f"R{i + 1}",
                              "date": dt.date(2026, 1, 1) + dt.timedelta(days=i),
                              LICENSE: None if lump else parts[0], TRAINING: None if lump else parts[1],
                              SERVICE: None if lump else parts[2], "total": total,
                              "floor": rng.choice([None, round(total * rng.choice([0.8, 0.97, 1.02]), 2)]),
                              "budget": rng.choice([None, 0.0, total, round(total / 1.6, 2), 40000.0]), "note": None})
    return {L.PRICES.name: _columns(price_rows, L.PRICES), L.LINES.name: _columns(line_rows, L.LINES),
            L.REVISIONS.name: _columns(revision_rows, L.REVISIONS)}


def _columns(rows: list[dict[str, Any]], table: Table) -> dict[str, list[Any]]:
    return {c.key: [r.get(c.key) for r in rows] for c in table.columns if c.read is not None}
