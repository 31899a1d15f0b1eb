"""The customer-facing quotation: bilingual labels, ¥ amounts, the total in 人民币大写, printed on one page.

The build_quote_sheet script writes these cells; the template writes the same labels and native
formulas that compute the same values (layout.QUOTATION; tests compare the two). Internal figures
(floor, room left) never appear here.
"""

from typing import Any

import pandas as pd

from xlsales.problems import UserError, column_letter
from xlsales.quote import layout as L
from xlsales.quote.details import QuoteDetails
from xlsales.quote.inputs import SHARE
from xlsales.quote.pricing import QuoteSummary
from xlsales.quote.vocab import (CURRENCY_PREFIX, LOT, PART, QUOTATION_TITLE, SERVICE, SHARE_OF_LICENSE, TERMS, UNIT,
                                 VALUE, WAIVED, YEAR, term_rows)
from xlsales.quote.words import amount_in_words

BLOCK = L.QUOTATION_BLOCK
SHOWN = [c.key for c in BLOCK.columns if not c.hidden]  # the printed columns, A to J


def percent(share: float) -> str:
    """15% for 0.15, 12.5% for 0.125: as the template's TEXT(…) formula writes it (layout.percent_text)."""
    hundredths = round(share * 100, 2)
    return f"{int(hundredths)}%" if float(hundredths).is_integer() else f"{hundredths:.2f}".rstrip("0") + "%"


def money(amount: float) -> str:
    return f"¥{amount:,.2f}"


def line_notes(priced: pd.DataFrame) -> pd.Series:
    """占软件价 15% / 15% of license; 赠送,价值 ¥4,819.50 / waived, value ¥4,819.50 (either, both or neither)."""
    share = priced["basis"].eq(SHARE)
    share_note = priced["rate"].map(lambda r: f"{SHARE_OF_LICENSE.zh} {percent(r)} / {percent(r)} "
                                              f"{SHARE_OF_LICENSE.en}" if pd.notna(r) else "")
    waived_note = priced["value"].map(lambda v: f"{WAIVED.zh},{VALUE.zh} {money(v)} / {WAIVED.en}, {VALUE.en} "
                                                f"{money(v)}")
    notes = share_note.where(share, "")
    both = share & priced["waived"]
    return notes.where(~priced["waived"], waived_note).where(~both, notes + "; " + waived_note)


def quotation_lines(priced: pd.DataFrame) -> list[list[Any]]:
    """The line rows of the quotation (its printed columns), in the quote lines' order."""
    if priced.empty:  # an empty frame's columns have no type the notes could be built on
        return []
    share = priced["basis"].eq(SHARE)
    unit = priced["unit"].map(lambda u: UNIT[u].both() if u in UNIT else "")
    unit = unit.where(~share, LOT.both()).where(~(share & priced["part"].eq(SERVICE)), YEAR.both())
    frame = pd.DataFrame({
        "no": range(1, len(priced) + 1),
        "part": priced["part"].map(lambda p: PART[p].both()).to_numpy(),
        "item": priced["item"].to_numpy(),
        "edition": priced["edition"].fillna("").to_numpy(),
        "qty": priced["qty"].where(~share, 1.0).to_numpy(),
        "unit": unit.to_numpy(),
        "unit_price": priced["unit_price"].to_numpy(),
        "discount": priced["applied_discount"].where(priced["applied_discount"] < 1).to_numpy(),  # at list: blank
        "amount": priced["amount"].to_numpy(),
        "note": line_notes(priced).to_numpy(),
    })[SHOWN]
    return frame.astype(object).where(frame.notna() & frame.ne(""), None).values.tolist()


def more_lines(count: int) -> str | None:
    """What the quotation says when the quote has more lines than it lists (layout's native twin: _more_lines)."""
    more = count - L.QUOTATION_LINES
    if more <= 0:
        return None
    return (f"另有 {more} 行报价明细未在此列出,合计已包含 / {more} more quote lines are not listed here; the totals "
            f"include them")


def fits(priced: pd.DataFrame) -> None:
    """A quotation frozen as values must show every line: refuse a quote with more than the page lists."""
    if len(priced) > L.QUOTATION_LINES:
        raise UserError(f"报价单最多列出 {L.QUOTATION_LINES} 行,报价明细有 {len(priced)} 行:请合并或删减 / "
                        f"the quotation lists {L.QUOTATION_LINES} lines; the quote has {len(priced)}: merge or "
                        f"remove some")


def quotation_cells(details: QuoteDetails, priced: pd.DataFrame, summary: QuoteSummary) -> dict[str, Any]:
    """Every printed cell of the quotation sheet: address -> value (labels and figures), as its native formulas
    show them: the first QUOTATION_LINES lines, totals over all of them."""
    sheet = L.QUOTATION
    cells: dict[str, Any] = {"A1": QUOTATION_TITLE.both()}
    figures = {"customer": details.customer, "quote_no": details.quote_no, "project": details.project,
               "revision": details.revision, "seller": details.seller, "quote_date": details.quote_date,
               "contact": details.contact, "valid_until": details.valid_until,
               "payment_terms": details.payment_terms,
               "valid_days": None if details.valid_days is None else f"{details.valid_days:g}{L.DAYS_SUFFIX}",
               "license": summary.license, "training": summary.training, "service": summary.service,
               "total": summary.total, "words": CURRENCY_PREFIX + amount_in_words(summary.total),
               "list_total": summary.list_total, "given": summary.given, "given_share": summary.given_share,
               "more": more_lines(len(priced))}
    for cell in sheet.cells:
        if cell.key in L.INTERNAL:
            continue
        if cell.label is not None:
            cells[cell.label_address] = cell.label.zh
        cells[cell.at] = figures[cell.key] if figures[cell.key] != "" else None
    for i, key in enumerate(SHOWN):
        cells[f"{BLOCK.letter(key)}{BLOCK.header_row}"] = BLOCK.columns[i].label.zh
    rows = quotation_lines(priced.iloc[:BLOCK.rows])
    for n in range(1, BLOCK.rows + 1):
        values = rows[n - 1] if n <= len(rows) else [None] * len(SHOWN)
        for key, value in zip(SHOWN, values):
            cells[BLOCK.cell(key, n)] = value
    for n, term in enumerate(TERMS, start=1):
        cells[f"A{L.TERMS_ROW + 2 * (n - 1)}"], cells[f"A{L.TERMS_ROW + 2 * (n - 1) + 1}"] = term_rows(n, term)
    for column, row, label in L.SIGNATURE:
        cells[f"{column}{row}"] = label.both()
    return cells


def printed_grid(cells: dict[str, Any]) -> list[list[Any]]:
    """The quotation's print area as rows from A1, for a script to write in one go."""
    width = len(SHOWN)
    return [[cells.get(f"{column_letter(c)}{r}") for c in range(width)] for r in range(1, L.QUOTATION_LAST_ROW + 1)]

