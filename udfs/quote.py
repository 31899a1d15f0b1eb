"""Quote functions for reps' own cells and the quote workbook's scripts (xlwings Lite and desktop).

Functions take whole tables with their header row, e.g.
=QUOTE_TOTAL(QuoteLines[#All], PriceList[#All]); columns are found by header in Chinese or English.
Each reads the columns its figure uses (vocab.PRICED, GUARDED; a quote line's value depends on all its
inputs): a problem elsewhere, such as a price list's note or a revision's date, is not its problem.
Scripts read the sheets as `check` does (xlsales.quote.workbook) and stop on an error in what they use.
"""

import datetime as dt
from typing import Any

import pandas as pd
import xlwings as xw
from xlwings import func, script

from udfs._book import clear_from, find_sheet, resize_table, sheet_lang, sheet_or_new, used_rows, write_block
from udfs._excel import friendly_errors, number, rows, text
from xlsales.i18n import Lang, Text
from xlsales.problems import ArgumentError, InputError
from xlsales.quote import document, guardrails, layout as L, reduce, revisions
from xlsales.quote.inputs import errors, parse_lines, parse_price_list, parse_revisions
from xlsales.quote.pricing import QuoteSummary, part_totals, price_lines, summarise
from xlsales.quote.vocab import DEFAULT_PARAMETERS, GUARDED, PART, PRICED
from xlsales.quote.workbook import QuoteBook, errors_in, extents, read_quote
from xlsales.quote.words import amount_in_words as words
from xlsales.table import is_blank


def _share(value: Any, zh: str, en: str, default: float) -> float:
    share = number(value, zh, en, default=default)
    if not 0 <= share <= 1:
        raise ArgumentError(f"「{zh}」应在 0–100% 之间", f"'{en}' must be between 0% and 100%")
    return share


def _priced(lines: Any, prices: Any, service_rate: Any = None) -> pd.DataFrame:
    """The lines priced: every line column is read (a line's value depends on all of them), the price list's
    columns except its note."""
    rate = _share(service_rate, "服务年费比例", "service rate", DEFAULT_PARAMETERS["service_rate"])
    price_list = parse_price_list(rows(prices), L.PRICES.name, needed=PRICED)
    parsed = parse_lines(rows(lines), L.LINES.name, price_list.frame, rate)
    problems = errors(price_list.problems + parsed.problems)
    if problems:
        raise InputError(problems)
    return price_lines(parsed.frame)


def _summary(lines: Any, prices: Any, service_rate: Any = None) -> QuoteSummary:
    return summarise(_priced(lines, prices, service_rate))


@func
@friendly_errors
def quote_license(lines: Any, prices: Any) -> float:
    """License total: Σ quantity × list price × discount. =QUOTE_LICENSE(QuoteLines[#All], PriceList[#All])"""
    return _summary(lines, prices).license


@func
@friendly_errors
def quote_training(lines: Any, prices: Any) -> float:
    """Training & delivery charged (waived lines count 0). =QUOTE_TRAINING(QuoteLines[#All], PriceList[#All])"""
    return _summary(lines, prices).training


@func
@friendly_errors
def quote_service(lines: Any, prices: Any, service_rate: Any = None) -> float:
    """Annual service charged; a line without a share takes service_rate (default 15%) of the license."""
    return _summary(lines, prices, service_rate).service


@func
@friendly_errors
def quote_total(lines: Any, prices: Any, service_rate: Any = None) -> float:
    """License + training & delivery + annual service. =QUOTE_TOTAL(QuoteLines[#All], PriceList[#All])"""
    return _summary(lines, prices, service_rate).total


@func
@friendly_errors
def quote_room(lines: Any, prices: Any, service_rate: Any = None) -> float:
    """Room left to move: total − floor (lowest discounts allowed, removable content dropped)."""
    return _summary(lines, prices, service_rate).room


@func
@friendly_errors
def quote_breakdown(lines: Any, prices: Any, service_rate: Any = None) -> list[list[Any]]:
    """Spills per part: lines, value at list, value, amount charged, value waived, floor; then the total row."""
    priced = _priced(lines, prices, service_rate)
    parts = part_totals(priced)
    body = [[PART[p].both(), int(r.lines), r.list_amount, r.value, r.amount, r.waived_value, r.floor]
            for p, r in parts.iterrows()]
    total = parts.sum()
    body.append(["合计 / Total", int(total["lines"]), total["list_amount"], total["value"], total["amount"],
                 total["waived_value"], total["floor"]])
    return [["类别 Part", "行数 Lines", "标准金额 At list", "价值 Value", "金额 Amount", "赠送价值 Waived",
             "底价 Floor"]] + body


def _checked(revisions_range: Any, max_swing: Any, min_room: Any, far_ratio: Any) -> tuple[pd.DataFrame, dict]:
    parsed = parse_revisions(rows(revisions_range), L.REVISIONS.name, needed=GUARDED)
    if errors(parsed.problems):
        raise InputError(errors(parsed.problems))
    defaults = DEFAULT_PARAMETERS
    limits = {
        "max_swing": number(max_swing, "变动上限", "largest change", default=defaults["max_swing"]),
        "min_room": _share(min_room, "至少留有的余地", "least room", defaults["min_room"]),
        "far_ratio": number(far_ratio, "远超预算倍数", "far-above ratio", default=defaults["far_ratio"]),
    }
    if limits["max_swing"] < 0 or limits["far_ratio"] <= 1:
        raise ArgumentError("变动上限应不小于 0,远超预算倍数应大于 1",
                            "the largest change must be >= 0 and the far-above ratio above 1")
    return guardrails.check_revisions(parsed.frame, **limits), limits


@func
@friendly_errors
def quote_guardrails(revisions_range: Any, max_swing: Any = None, min_room: Any = None,
                     far_ratio: Any = None) -> list[list[Any]]:
    """Spills per revision: total, change vs previous, room left and TRUE/FALSE for each guardrail.
    =QUOTE_GUARDRAILS(QuoteRevisions[#All], 10%, 5%, 1.5)"""
    checked, _ = _checked(revisions_range, max_swing, min_room, far_ratio)
    header = ["版本 Revision", "合计 Total", "变动 Change", "变动率 Change %", "余地 Room"] + [
        t.both() for t in guardrails.GUARDRAILS.values()]
    keys = ["revision", "total", "change", "change_share", "room"] + list(guardrails.GUARDRAILS)
    frame = checked[keys].astype(object).where(checked[keys].notna(), None)
    return [header] + [[bool(v) if k in guardrails.GUARDRAILS else v for k, v in zip(keys, r)]
                       for r in frame.values.tolist()]


@func
@friendly_errors
def quote_warnings(revisions_range: Any, revision: Any = None, max_swing: Any = None, min_room: Any = None,
                   far_ratio: Any = None) -> list[list[Any]]:
    """Spills the guardrails one revision (default: the latest) trips, each with why; or a single 'none' row."""
    checked, limits = _checked(revisions_range, max_swing, min_room, far_ratio)
    if checked.empty:
        raise ArgumentError("版本表没有报价", "the revisions table has no quote")
    wanted = text(revision)
    match = checked[checked["revision"] == wanted] if wanted else checked.tail(1)
    if match.empty:
        raise ArgumentError(f"找不到版本 {wanted}", f"no revision {wanted}")
    found = guardrails.warnings(match.iloc[0], **limits)
    if not found:
        return [["无预警 / No warnings", ""]]
    return [[guardrails.GUARDRAILS[key].both(), why.both()] for key, why in found]


@func
@friendly_errors
def quote_to_drop(lines: Any, prices: Any, target: Any, service_rate: Any = None) -> list[list[Any]]:
    """Spills the service content to remove to bring the total to target, then what that gives and how it was chosen."""
    priced = _priced(lines, prices, service_rate)
    goal = number(target, "目标价", "target price")
    if goal < 0:
        raise ArgumentError("目标价不能为负", "the target price cannot be negative")
    return _plan_rows(priced, reduce.content_to_drop(priced, goal))


def _plan_rows(priced: pd.DataFrame, plan: reduce.DropPlan) -> list[list[Any]]:
    dropped = priced.loc[plan.drop]
    body = [[PART[r.part].both(), r.item, r.amount] for r in dropped.itertuples()]
    return ([["类别 Part", "应删减的项目 Item to remove", "金额 Amount"]] + body
            + [["删减后合计 / New total", "", plan.new_total], [plan.explanation().both(), "", None]])


@func
@friendly_errors
def amount_in_words(amount: Any) -> str:
    """人民币大写 of an amount: =AMOUNT_IN_WORDS(10.05) -> 壹拾元零伍分."""
    return words(number(amount, "金额", "amount"))


def _read(book: xw.Book) -> tuple[QuoteBook, Lang]:
    """The quote as the sheets hold it (tables up to where their data-problems column ends) and the workbook's
    language; an error in the details, the price list or the lines stops the script."""
    for name in (L.SHEET_DETAILS, L.SHEET_PRICES, L.SHEET_LINES):
        find_sheet(book, name)  # says which is missing
    wanted = {name for sheet in (L.DETAILS_SHEET, L.PRICES_SHEET, L.LINES_SHEET, L.REVISIONS_SHEET)
              for name in sheet.name}
    sheets = {sheet.name: used_rows(sheet) for sheet in book.sheets if sheet.name in wanted}
    quote = read_quote(sheets, extents(sheets))
    problems = errors_in(quote, (L.DETAILS_SHEET.key, L.PRICES_SHEET.key, L.LINES_SHEET.key))
    if problems:
        raise InputError(problems)
    return quote, sheet_lang(quote.sheet_names[L.LINES_SHEET.key], L.SHEET_LINES)


@script
def build_quote_sheet(book: xw.Book) -> None:
    """Write the customer-facing quotation (Chinese with English, ¥, 大写 total) from the quote lines, as values."""
    quote, _ = _read(book)
    document.fits(quote.priced)
    cells = document.quotation_cells(quote.details, quote.priced, summarise(quote.priced))
    sheet = sheet_or_new(book, L.SHEET_QUOTE, find_sheet(book, L.SHEET_LINES))
    write_block(sheet, "A1", document.printed_grid(cells))


@script
def save_revision(book: xw.Book) -> None:
    """Keep the current quote as the revision named on the details sheet: a row of the revisions table (replacing
    the row of the same name, else after the last one; the table grows when full) and its lines in a block of
    their own, with the moves since the previous revision."""
    quote, lang = _read(book)
    details = quote.details
    if not details.revision:
        raise ArgumentError(f"请在「{L.SHEET_DETAILS.zh}」填写版本号", f"fill in the revision on '{L.SHEET_DETAILS.en}'")
    day = details.quote_date or dt.date.today()
    sheet = find_sheet(book, L.SHEET_REVISIONS)
    grid = used_rows(sheet)
    table = L.REVISIONS
    end = extents({sheet.name: grid}).get(table.name)
    last = end.last_row if end is not None else table.header_row + table.min_rows
    row = _revision_row(grid, details.revision, last)
    figures = revisions.revision_row(details.revision, day, summarise(quote.priced), details.budget)
    write_block(sheet, f"{table.letter('revision')}{row}", [figures[:-1]])  # all but the note: the rep's own
    if row > last:  # a new row of the table, with its calculated columns as Excel fills them
        calculated = table.calculated()
        write_block(sheet, f"{table.letter(calculated[0].key)}{row}",
                    [["=" + c.formula(lang, row) for c in calculated]])  # type: ignore[misc]
        resize_table(sheet, table.name, f"{table.at}:{table.last_letter()}{row}")
    _save_block(sheet, used_rows(sheet), details.revision, day, quote.priced, lang)


def _revision_row(grid: list[list[Any]], label: str, last: int) -> int:
    """The sheet row for revision `label`: its own row (labels compared as the sheet's duplicate rule compares
    them), else the row after the last one holding anything."""
    table = L.REVISIONS
    inputs = [table.first_col - 1 + table.index(c.key) for c in table.columns if c.read is not None]
    label_col = table.first_col - 1 + table.index("revision")
    used = table.header_row
    for r in range(table.first_row, min(last, len(grid)) + 1):
        cells = grid[r - 1]
        typed = cells[label_col] if label_col < len(cells) else None
        if isinstance(typed, str) and typed.casefold() == label.casefold():
            return r
        if any(c < len(cells) and not is_blank(cells[c]) for c in inputs):
            used = r
    return used + 1


def _save_block(sheet: Any, grid: list[list[Any]], label: str, day: dt.date, priced: pd.DataFrame,
                lang: Lang) -> None:
    """Replace the revision's block (or add it after the others) and rewrite the blocks area."""
    first = L.BLOCKS.first_col - 1
    blocks = revisions.split_blocks([r[first:] for r in grid])
    labels = [name for name, _, _ in blocks]
    position = labels.index(label) if label in labels else len(blocks)
    previous = None
    if position > 0:
        _, start, earlier = blocks[position - 1]
        previous = revisions.block_lines(earlier, sheet.name, start, first)
    kept = [block for _, _, block in blocks]
    kept[position:position + 1] = [revisions.block_rows(label, day, priced, previous, lang)]
    out = [list(r) for block in kept for r in block + [[]]]
    width = max(len(r) for r in out)
    clear_from(sheet, L.BLOCKS.at)
    write_block(sheet, L.BLOCKS.at, [r + [None] * (width - len(r)) for r in out])


@script
def reduce_to_target(book: xw.Book) -> None:
    """Write, below the key figures on the details sheet, which service content to remove to reach its target price."""
    quote, lang = _read(book)
    if quote.details.target is None:
        raise ArgumentError(f"请在「{L.SHEET_DETAILS.zh}」填写目标价", f"fill in the target price on '{L.SHEET_DETAILS.en}'")
    plan = reduce.content_to_drop(quote.priced, quote.details.target)
    sheet = find_sheet(book, L.SHEET_DETAILS)
    clear_from(sheet, L.PLAN.at)
    heading = Text("降价方案:删减服务内容", "Price reduction: remove service content")(lang)
    write_block(sheet, L.PLAN.at, [[heading, None, None]] + _plan_rows(quote.priced, plan))
