"""Price list, quote lines and revisions from sheet rows; every unusable value named by sheet!cell.

A line that cannot be priced (unknown product, no quantity, both a share and person-days …)
is reported and left out of the frame, so figures never silently count it as zero: the
Excel functions refuse to answer while any error remains, `xlsales check` lists them all.
"""

import re
from typing import Any

import pandas as pd

from xlsales.precision import TOLERANCE
from xlsales.problems import Problem, Severity
from xlsales.quote.details import QuoteDetails, parse_details
from xlsales.quote.vocab import (LICENSE, LINE_COLUMNS, PERSON_DAY, PRICE_COLUMNS, REVISION_COLUMNS, SERVICE,
                                 TRAINING, YES)
from xlsales.table import ParsedTable, parse_table

LIST, SHARE = "list", "share"  # how a line is priced: quantity × price-list price, or a share of the license


def _report(parsed: ParsedTable, mask: pd.Series, key: str, zh: str, en: str, severity: Severity = "error") -> None:
    """One problem per flagged row, at the row's `key` cell; a cell already reported keeps its first problem."""
    frame = parsed.frame
    reported = {p.cell for p in parsed.problems}
    for i in frame.index[mask.fillna(False).astype(bool)]:
        if parsed.address(key, int(frame.at[i, "row"])) in reported:
            continue
        value = frame.at[i, key]
        found = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
        parsed.problems.append(Problem(parsed.sheet, parsed.address(key, int(frame.at[i, "row"])), zh, en,
                                       str(found), severity))


def _without_error_rows(parsed: ParsedTable, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of `frame` no error points at: a row with a value we could not read is not half-used."""
    bad = {int(found.group()) for p in parsed.problems
           if p.severity == "error" and (found := re.search(r"\d+", p.cell)) is not None}
    return frame[~frame["row"].isin(bad)].reset_index(drop=True)


def _edition(series: pd.Series) -> pd.Series:
    """Editions compared as the user sees them: blank and None are the same edition."""
    return series.fillna("").astype(str).str.strip()


def parse_price_list(rows: list[list[Any]], sheet: str, first_row: int = 0) -> ParsedTable:
    parsed = parse_table(rows, PRICE_COLUMNS, sheet, first_row)
    frame = parsed.frame
    frame["edition"] = _edition(frame["edition"])
    for column in PRICE_COLUMNS[4:6]:  # standard and lowest discount
        key, label = column.key, column.label
        bad = (frame[key] <= 0) | (frame[key] > 1)
        _report(parsed, bad, key, f"「{label.zh}」应在 0–100% 之间(八五折填 85%)",
                f"'{label.en}' must be between 0% and 100% (85% = pays 85% of list)")
    deeper = frame["floor_discount"] > frame["std_discount"]
    _report(parsed, deeper, "floor_discount", "最低折扣不能高于标准折扣",
            "the lowest discount allowed cannot be above the standard one")
    dupes = frame["product"].notna() & frame.duplicated(["product", "edition"], keep="first")
    _report(parsed, dupes, "product", "同一产品与版本只能有一个价格", "one price per product and edition")
    parsed.frame = _without_error_rows(parsed, frame)
    return parsed


def parse_lines(rows: list[list[Any]], sheet: str, prices: pd.DataFrame, default_service_rate: float,
                first_row: int = 0) -> ParsedTable:
    """Quote lines joined to their price-list row, with `basis` (list / share) and every conflict reported.

    License: a product and edition on the price list, a quantity; discount defaults to the list's standard.
    Training/delivery: a share of the license, or person-days of a price-list item priced per person-day.
    Annual service: a share of the license (default `default_service_rate`).
    """
    parsed = parse_table(rows, LINE_COLUMNS, sheet, first_row)
    frame = parsed.frame
    frame["part"] = frame["part"].astype(object)
    frame["edition"] = _edition(frame["edition"])
    for key in ("waived", "keep"):
        frame[key] = frame[key].astype(object).eq(YES)
    priced = prices[["product", "edition", "unit", "list_price", "std_discount", "floor_discount"]]
    frame = frame.merge(priced.rename(columns={"product": "item"}), on=["item", "edition"], how="left",
                        validate="many_to_one")
    frame["unit"] = frame["unit"].astype(object)
    parsed.frame = frame
    part, qty, rate = frame["part"], frame["qty"], frame["rate"]
    license_, training, service = part.eq(LICENSE), part.eq(TRAINING), part.eq(SERVICE)
    on_list = frame["list_price"].notna()
    per_day = frame["unit"].eq(PERSON_DAY)
    frame["basis"] = None
    frame.loc[license_ | (training & qty.notna() & rate.isna()), "basis"] = LIST
    frame.loc[service | (training & rate.notna() & qty.isna()), "basis"] = SHARE
    discount = frame["discount"]
    checks = [
        (rate > 1, "rate", "比例应在 0–100% 之间(15% 填 15%)", "the share must be between 0% and 100%"),
        ((discount <= 0) | (discount > 1), "discount", "折扣应在 0–100% 之间(八五折填 85%)",
         "the discount must be between 0% and 100% (85% = pays 85% of list)"),
        (license_ & ~on_list, "item", "软件许可的产品与版本应在价格表中",
         "a license line needs a product and edition on the price list"),
        (license_ & on_list & per_day, "item", "按人天计价的项目应归入「培训/交付」",
         "an item priced per person-day belongs under 'Training & delivery'"),
        (license_ & (qty.isna() | (qty <= 0)), "qty", "软件许可需填数量(站点/用户/模块数)",
         "a license line needs a quantity (sites, users, modules)"),
        (license_ & rate.notna(), "rate", "软件许可按数量计价,不填比例",
         "a license line is priced by quantity, not by a share"),
        (license_ & frame["waived"], "waived", "软件许可不能赠送,请用折扣",
         "license lines cannot be waived; use the discount"),
        (training & qty.notna() & rate.notna(), "rate", "培训/交付按软件价比例或按人天,二选一",
         "training is either a share of the license or person-days, not both"),
        (training & qty.isna() & rate.isna(), "qty", "培训/交付需填人天数或占软件价比例",
         "training needs person-days or a share of the license"),
        (training & qty.notna() & rate.isna() & ~(on_list & per_day), "item",
         "按人天计价的项目应在价格表中且单位为人天", "person-days need a price-list item priced per person-day"),
        (training & (qty <= 0), "qty", "人天数应大于 0", "person-days must be more than 0"),
        (service & qty.notna(), "qty", "服务年费按软件价比例计,不填数量",
         "annual service is a share of the license, without a quantity"),
        (discount.notna() & frame["basis"].eq(SHARE), "discount", "按比例计价的项目不打折,可赠送或删减",
         "a line priced as a share takes no discount; waive or remove it"),
    ]
    for mask, key, zh, en in checks:
        _report(parsed, mask, key, zh, en)
    parsed.frame = usable = _without_error_rows(parsed, frame)
    usable.loc[usable["part"].eq(SERVICE) & usable["rate"].isna(), "rate"] = default_service_rate
    below = usable["basis"].eq(LIST) & (usable["discount"] < usable["floor_discount"] - TOLERANCE)
    _report(parsed, below, "discount", "折扣低于价格表的最低折扣",
            "the discount is below the lowest the price list allows", "warning")
    return parsed


def parse_revisions(rows: list[list[Any]], sheet: str, first_row: int = 0) -> ParsedTable:
    """Revisions in table order; a total that is not the sum of its three parts is an error."""
    parsed = parse_table(rows, REVISION_COLUMNS, sheet, first_row)
    frame = parsed.frame
    parts = frame[["license", "training", "service"]]
    mismatch = parts.notna().all(axis=1) & ((parts.sum(axis=1) - frame["total"]).abs() > 0.005)
    _report(parsed, mismatch, "total", "合计应等于软件许可、培训/交付、服务年费之和",
            "the total must equal license + training & delivery + annual service")
    dupes = frame["revision"].notna() & frame["revision"].duplicated(keep="first")
    _report(parsed, dupes, "revision", "版本号不能重复", "revision labels must be unique")
    parsed.frame = _without_error_rows(parsed, frame)
    return parsed


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def read_quote(details: tuple[str, list[list[Any]]], prices: tuple[str, list[list[Any]]],
               lines: tuple[str, list[list[Any]]]) -> tuple[QuoteDetails, pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Details, price list and quote lines from (sheet name, rows from A1) each: what a script or a check needs.

    Returns the details, the usable price list, the usable lines (joined to their prices) and every problem.
    """
    quote, problems = parse_details(details[1], details[0])
    price_list = parse_price_list(prices[1], prices[0])
    quote_lines = parse_lines(lines[1], lines[0], price_list.frame, quote.service_rate)
    return quote, price_list.frame, quote_lines.frame, problems + price_list.problems + quote_lines.problems
