"""Price list, quote lines and revisions from sheet rows; every unusable value named by sheet!cell.

The rules are the ones the quote workbook's own formulas apply (xlsales/quote/layout.py: each
table's "data problems" column), so `check`, the sheets and the functions agree. A row with a
problem in a column the figures read is left out of the frame, as the sheet leaves it out of every
figure; so no figure silently counts it as zero: the Excel functions refuse to answer while an
error remains in a column they read, `xlsales check` lists them all.

Items are found on the price list as the sheet's MATCH finds them: product and edition trimmed as
Excel's TRIM trims (spaces only) and compared case-insensitively.
"""

import re
from collections.abc import Callable
from typing import Any, Iterable

import numpy as np
import pandas as pd

from xlsales.precision import TOLERANCE
from xlsales.problems import Problem, Severity
from xlsales.quote.layout import LIST, SHARED
from xlsales.quote.vocab import (GUARDED, HALF_FEN, LICENSE, LINE_COLUMNS, PARTS, PERSON_DAY, PRICE_COLUMNS, PRICED,
                                 REVISION_COLUMNS, SERVICE, TRAINING, YES)
from xlsales.table import ParsedTable, parse_table

SHARE = SHARED  # how a line is priced: LIST (quantity × price-list price) or SHARE (a share of the license)
_SPACES = re.compile(" {2,}")


def excel_trim(text: Any) -> str:
    """Text as Excel's TRIM leaves it: spaces (only U+0020) removed at both ends and runs of them made one."""
    return _SPACES.sub(" ", str(text)).strip(" ")


def _distinct_texts(values: pd.Series, convert: Callable[[Any], Any]) -> tuple[np.ndarray, list[Any]]:
    """(a code per value, the converted value of each code): convert runs once per distinct text (a table repeats its
    products), once for every blank as convert(None), once per cell for anything else (1.0 and True are one value
    to a hash table, not to `str`)."""
    cells = values.to_numpy(dtype=object)
    blank = pd.isna(cells)
    if isinstance(values.dtype, pd.StringDtype):
        is_text = ~blank
    else:
        is_text = np.fromiter((isinstance(v, str) for v in cells), dtype=bool, count=len(cells))
    other = np.flatnonzero(~(is_text | blank))
    text_codes, texts = pd.factorize(cells[is_text])
    codes = np.zeros(len(cells), dtype=np.int64)  # 0: blank
    codes[is_text] = text_codes + 1
    codes[other] = np.arange(len(other)) + 1 + len(texts)
    return codes, [convert(None)] + [convert(v) for v in texts] + [convert(v) for v in cells[other]]


def _name_part(name: Any) -> str | None:
    if name is None or (isinstance(name, float) and pd.isna(name)):
        return None
    return excel_trim(name).casefold()


def _edition_part(edition: Any) -> str:
    return excel_trim(edition).casefold() if isinstance(edition, str) else ""


def lookup_keys(names: pd.Series, editions: pd.Series, broken: pd.Series | None = None) -> pd.Series:
    """product|edition as the sheet's key column writes it and MATCH compares it (trimmed, case-insensitive); None
    where the name is blank or a cell is `broken` (holds a value the parser refused). Case folding goes character
    by character, so each part is folded on its own; a key is written once per distinct pair of parts."""
    name_codes, name_parts = _distinct_texts(names, _name_part)
    edition_codes, edition_parts = _distinct_texts(editions, _edition_part)
    pair_codes, pairs = pd.factorize(name_codes * len(edition_parts) + edition_codes)
    keys = [None if (name := name_parts[pair // len(edition_parts)]) is None
            else f"{name}|{edition_parts[pair % len(edition_parts)]}" for pair in pairs.tolist()]
    out = pd.Series(np.array(keys, dtype=object)[pair_codes], index=names.index, dtype=object)
    return out.where(~broken, None) if broken is not None else out


def _report(parsed: ParsedTable, mask: pd.Series, key: str, zh: str, en: str, severity: Severity = "error") -> None:
    """One problem per flagged row, at the row's `key` cell; a cell already reported keeps its first problem (the
    sheet's data-problems column counts cells)."""
    frame = parsed.frame
    reported = {p.cell for p in parsed.problems}
    for i in frame.index[mask.fillna(False).astype(bool)]:
        cell = parsed.address(key, int(frame.at[i, "row"]))
        if cell in reported:
            continue
        value = frame.at[i, key]
        found = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
        parsed.problems.append(Problem(parsed.sheet, cell, zh, en, str(found), severity, column=key))


def _rows_with_errors(parsed: ParsedTable, columns: Iterable[str]) -> set[int]:
    wanted = set(columns)
    return {int(found.group()) for p in parsed.problems
            if p.severity == "error" and p.column in wanted and (found := re.search(r"\d+", p.cell)) is not None}


def _usable(parsed: ParsedTable, frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The rows of `frame` with no error in `columns`: a row with a value we could not read is not half-used."""
    return frame[~frame["row"].isin(_rows_with_errors(parsed, columns))].reset_index(drop=True)


def _repeated(values: pd.Series) -> pd.Series:
    """Values an earlier row already holds, compared as MATCH compares them (case-insensitively)."""
    folded = values.map(lambda v: v.casefold() if isinstance(v, str) else v)
    return values.notna() & folded.duplicated(keep="first")


def _broken(parsed: ParsedTable, keys: Iterable[str]) -> pd.Series:
    """Rows where one of the `keys` cells holds a value the parser refused."""
    return parsed.frame["row"].isin(_rows_with_errors(parsed, keys))


def parse_price_list(rows: list[list[Any]], sheet: str, first_row: int = 0, first_col: int = 0,
                     needed: set[str] | None = None) -> ParsedTable:
    """The price list; `frame` holds the rows lines can be priced from (no problem in a PRICED column) with their
    lookup `key`. `needed`: PRICED for a figure (the note is not read), None for `check` (every column)."""
    parsed = parse_table(rows, PRICE_COLUMNS, sheet, first_row, first_col, needed=needed)
    frame = parsed.frame
    for column in PRICE_COLUMNS[4:6]:  # standard and lowest discount
        key, label = column.key, column.label
        _report(parsed, (frame[key] <= 0) | (frame[key] > 1), key, f"「{label.zh}」应在 0–100% 之间(八五折填 85%)",
                f"'{label.en}' must be between 0% and 100% (85% = pays 85% of list)")
    deeper = frame["floor_discount"] > frame["std_discount"]
    _report(parsed, deeper, "floor_discount", "最低折扣不能高于标准折扣",
            "the lowest discount allowed cannot be above the standard one")
    frame["key"] = lookup_keys(frame["product"], frame["edition"], _broken(parsed, ["product", "edition"]))
    _report(parsed, _repeated(frame["key"]), "product", "同一产品与版本只能有一个价格", "one price per product and edition")
    frame["edition"] = frame["edition"].fillna("")
    parsed.frame = _usable(parsed, frame, PRICED)
    return parsed


def parse_lines(rows: list[list[Any]], sheet: str, prices: pd.DataFrame, default_service_rate: float,
                first_row: int = 0, first_col: int = 0) -> ParsedTable:
    """Quote lines joined to their price-list row (`prices`: parse_price_list's frame), with `basis` (list / share)
    and every conflict reported; `frame` holds the lines without an error, in table order.

    License: a product and edition on the price list, a quantity; discount defaults to the list's standard.
    Training/delivery: a share of the license, or person-days of a price-list item priced per person-day.
    Annual service: a share of the license (default `default_service_rate`).
    Every figure of a line depends on all its inputs (a share takes the license total), so all are read.
    """
    parsed = parse_table(rows, LINE_COLUMNS, sheet, first_row, first_col)
    frame = parsed.frame
    for key in ("waived", "keep"):  # choices are compared while still categorical (by code, not text by text)
        frame[key] = frame[key].eq(YES)
    frame["key"] = lookup_keys(frame["item"], frame["edition"], _broken(parsed, ["item", "edition"]))
    frame["edition"] = frame["edition"].fillna("")
    priced = prices[["key", "unit", "list_price", "std_discount", "floor_discount"]]
    frame = frame.merge(priced, on="key", how="left", validate="many_to_one")
    part, qty, rate = frame["part"], frame["qty"], frame["rate"]
    license_, training, service = part.eq(LICENSE), part.eq(TRAINING), part.eq(SERVICE)
    per_day = frame["unit"].eq(PERSON_DAY)
    frame["part"] = part.astype(object)
    frame["unit"] = frame["unit"].astype(object)
    parsed.frame = frame
    on_list = frame["list_price"].notna()
    shared = service | (training & rate.notna() & qty.isna())
    frame["basis"] = None
    frame.loc[license_ | (training & qty.notna() & rate.isna()), "basis"] = LIST
    frame.loc[shared, "basis"] = SHARE
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
        (discount.notna() & shared, "discount", "按比例计价的项目不打折,可赠送或删减",
         "a line priced as a share takes no discount; waive or remove it"),
    ]
    for mask, key, zh, en in checks:
        _report(parsed, mask, key, zh, en)
    parsed.frame = usable = _usable(parsed, frame, [c.key for c in LINE_COLUMNS])
    usable.loc[usable["part"].eq(SERVICE) & usable["rate"].isna(), "rate"] = default_service_rate
    below = usable["basis"].eq(LIST) & (usable["discount"] < usable["floor_discount"] - TOLERANCE)
    _report(parsed, below, "discount", "折扣低于价格表的最低折扣",
            "the discount is below the lowest the price list allows", "warning")
    return parsed


def parse_revisions(rows: list[list[Any]], sheet: str, first_row: int = 0, first_col: int = 0,
                    needed: set[str] | None = None) -> ParsedTable:
    """Revisions in table order; a total that is not the sum of its three parts, or a label an earlier row has, is an
    error. `frame` holds the rows the guardrails can read (no problem in a GUARDED column: a date or note may have
    one). `needed`: GUARDED for the guardrail functions, None for `check`."""
    parsed = parse_table(rows, REVISION_COLUMNS, sheet, first_row, first_col, needed=needed)
    frame = parsed.frame
    parts = frame[PARTS]
    mismatch = parts.notna().all(axis=1) & ((parts.sum(axis=1) - frame["total"]).abs() > HALF_FEN)
    _report(parsed, mismatch, "total", "合计应等于软件许可、培训/交付、服务年费之和",
            "the total must equal license + training & delivery + annual service")
    _report(parsed, _repeated(frame["revision"]), "revision", "版本号不能重复", "revision labels must be unique")
    parsed.frame = _usable(parsed, frame, GUARDED)
    return parsed


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]

