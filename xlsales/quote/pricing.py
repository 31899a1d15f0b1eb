"""What each quote line is worth and what it charges; totals per part; discount given; room left to move.

Definitions (the template's native formulas compute exactly these):
- a line priced from the list: list amount = quantity × list price; value = ROUND(list amount × discount, 2),
  the discount being the line's own or else the price list's standard one;
- a line priced as a share: value = ROUND(share × license total, 2), where the license total is the
  sum of the license lines' amounts (what the customer pays for software, seed 001: 按软件价格的一定比例);
- amount = value, or 0 when the line is waived (赠送): it stays listed with its value;
- discount given = value at list price − total = price discount on list-priced lines + value waived;
- floor (底价) = the lowest total the price-list policy allows while keeping the content that must
  stay: list-priced lines kept at their lowest discount allowed, kept share lines at their value;
  content that may be removed (and content already waived) floors at 0. Room left = total − floor.
"""

import pandas as pd
from pydantic import BaseModel

from xlsales.quote.inputs import LIST
from xlsales.quote.vocab import LICENSE, PARTS, SERVICE, TRAINING


def round_money(values: pd.Series) -> pd.Series:
    """Half up to the fen, as Excel's and LibreOffice's ROUND(x, 2) do for amounts ≥ 0.

    The product is first cleaned to a millionth of a fen, so binary noise such as
    2.675 × 100 = 267.49999999999997 rounds as the decimal amount it stands for.
    """
    fen = (values.astype("float64") * 100).round(6)
    return ((fen + 0.5) // 1) / 100


def price_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines from inputs.parse_lines with unit_price, list_amount, applied_discount, value, amount, floor."""
    out = lines.copy()
    on_list = out["basis"].eq(LIST)
    kept = out["part"].eq(LICENSE) | out["keep"]
    out["applied_discount"] = out["discount"].fillna(out["std_discount"]).where(on_list)
    list_amount = out["qty"] * out["list_price"]
    on_list_value = round_money(list_amount * out["applied_discount"])
    license_total = on_list_value[out["part"].eq(LICENSE)].sum()
    share_value = round_money(out["rate"] * license_total)
    out["value"] = on_list_value.where(on_list, share_value)
    out["list_amount"] = list_amount.where(on_list, out["value"])
    out["unit_price"] = out["list_price"].where(on_list, out["value"])
    out["amount"] = out["value"].where(~out["waived"], 0.0)
    lowest = round_money(list_amount * out["floor_discount"]).where(on_list, out["value"])
    out["floor"] = lowest.where(kept & ~out["waived"], 0.0)
    return out


def part_totals(priced: pd.DataFrame) -> pd.DataFrame:
    """Per part (license, training, service, in that order): lines, list amount, value, amount, waived value, floor."""
    waived_value = priced["value"].where(priced["waived"], 0.0)
    grouped = priced.assign(waived_value=waived_value, lines=1).groupby("part", observed=True)[
        ["lines", "list_amount", "value", "amount", "waived_value", "floor"]].sum()
    return grouped.reindex(PARTS, fill_value=0)


class QuoteSummary(BaseModel):
    license: float
    training: float
    service: float
    total: float
    list_total: float  # what the same content costs at list price with nothing waived
    price_discount: float  # list amount − value, over list-priced lines
    waived_value: float
    given: float  # price_discount + waived_value = list_total − total
    given_share: float | None  # given ÷ list_total
    floor: float
    room: float  # total − floor
    missing_parts: list[str]  # parts with no line at all: the quote is not fully broken down


def summarise(priced: pd.DataFrame) -> QuoteSummary:
    parts = part_totals(priced)
    # sums of amounts already rounded to the fen; rounding again removes float noise from the additions
    money = {k: round(float(v), 2) for k, v in parts[["list_amount", "value", "amount", "waived_value", "floor"]]
             .sum().items()}
    total = money["amount"]
    return QuoteSummary(
        license=round(float(parts.at[LICENSE, "amount"]), 2),
        training=round(float(parts.at[TRAINING, "amount"]), 2),
        service=round(float(parts.at[SERVICE, "amount"]), 2),
        total=total,
        list_total=money["list_amount"],
        price_discount=round(money["list_amount"] - money["value"], 2),
        waived_value=money["waived_value"],
        given=round(money["list_amount"] - total, 2),
        given_share=(money["list_amount"] - total) / money["list_amount"] if money["list_amount"] else None,
        floor=money["floor"],
        room=round(total - money["floor"], 2),
        missing_parts=[p for p in PARTS if parts.at[p, "lines"] == 0],
    )
