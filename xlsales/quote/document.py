"""The customer-facing quotation, cell by cell: Chinese with English whatever the workbook's language.

The build_quote_sheet script writes these cells; the template writes the same labels and
native formulas that compute the same values (tests compare the two). Internal figures
(floor, room left) never appear here.
"""

from typing import Any

import pandas as pd

from xlsales.i18n import Text
from xlsales.quote import layout as L
from xlsales.quote.details import QuoteDetails
from xlsales.quote.inputs import SHARE
from xlsales.quote.pricing import QuoteSummary
from xlsales.quote.vocab import LOT, PART, SERVICE, UNIT, WAIVED, YEAR
from xlsales.quote.words import amount_in_words
from xlsales.problems import UserError

TITLE = Text("报价单", "QUOTATION")
SHARE_OF_LICENSE = Text("占软件价", "of license")
VALUE = Text("价值", "value")
CURRENCY_PREFIX = "人民币 / RMB "
TERMS = [  # 2 rows each on the quotation: layout.QUOTE_TERMS_ROW .. QUOTE_LAST_ROW
    Text("1. 报价分为软件许可、培训/交付、服务年费三部分;赠送项目照列其价值,金额为 0。",
         "1. The quote has three parts: license, training & delivery, annual service; waived items are listed "
         "at their value with an amount of 0."),
    Text("2. 服务年费为首年费用,次年起按年收取。", "2. Annual service covers the first year and is charged yearly after."),
    Text("3. 金额单位:人民币元。", "3. Amounts in Chinese yuan (RMB)."),
]


def percent(share: float) -> str:
    """15% for 0.15, 12.5% for 0.125: as the template's TEXT(…) formula writes it."""
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
    """The line rows of the quotation (columns A–J), in the quote lines' order."""
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
        "discount": priced["applied_discount"].to_numpy(),
        "amount": priced["amount"].to_numpy(),
        "note": line_notes(priced).to_numpy(),
    })
    return frame.astype(object).where(frame.notna() & frame.ne(""), None).values.tolist()


def quotation_cells(details: QuoteDetails, priced: pd.DataFrame, summary: QuoteSummary) -> dict[str, Any]:
    """Every cell of the quotation sheet the script writes: address -> value (labels and figures)."""
    if len(priced) > L.MAX_LINES:
        raise UserError(f"报价单最多 {L.MAX_LINES} 行,报价明细有 {len(priced)} 行 / "
                         f"the quotation holds {L.MAX_LINES} lines; the quote has {len(priced)}")
    cells: dict[str, Any] = {"A1": TITLE.both()}
    header_values: dict[str, Any] = {
        "customer": details.customer, "quote_no": details.quote_no, "project": details.project,
        "revision": details.revision, "seller": details.seller, "quote_date": details.quote_date,
        "contact": details.contact, "valid_until": details.valid_until,
    }
    for key, (row, label_col, value_col) in L.QUOTE_HEADER.items():
        label = L.VALID_UNTIL if key == "valid_until" else L.DETAILS[key][1]
        cells[f"{label_col}{row}"] = label.both()
        cells[f"{value_col}{row}"] = header_values[key] if header_values[key] not in ("", None) else None
    for i, label in enumerate(L.QUOTE_COLUMNS):
        cells[f"{_column(i)}{L.QUOTE_LINES_HEADER_ROW}"] = f"{label.zh}\n{label.en}"
    rows = quotation_lines(priced)
    for r in range(L.MAX_LINES):
        values = rows[r] if r < len(rows) else [None] * len(L.QUOTE_COLUMNS)
        for i, value in enumerate(values):
            cells[f"{_column(i)}{L.QUOTE_FIRST_LINE + r}"] = value
    figures = {"license": summary.license, "training": summary.training, "service": summary.service,
               "total": summary.total, "words": CURRENCY_PREFIX + amount_in_words(summary.total),
               "list_total": summary.list_total, "given": summary.given}
    for key, (row, label) in L.QUOTE_TOTALS.items():
        cells[f"A{row}"] = label.both()
        cells[f"{'C' if key == 'words' else L.QUOTE_AMOUNT_COLUMN}{row}"] = figures[key]
    given_row = L.QUOTE_TOTALS["given"][0]
    cells[f"J{given_row}"] = summary.given_share
    for i, term in enumerate(TERMS):
        cells[f"A{L.QUOTE_TERMS_ROW + 2 * i}"] = term.zh
        cells[f"A{L.QUOTE_TERMS_ROW + 2 * i + 1}"] = term.en
    return cells


def _column(index: int) -> str:
    return "ABCDEFGHIJ"[index]
