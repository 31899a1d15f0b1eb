"""Funnel functions for reps' own cells and the funnel workbook's scripts (xlwings Lite and desktop).

Functions take whole tables with their header row, e.g. =WINRATE(Deals[#All]); columns are
found by header in Chinese or English. Each reads only the columns its figure uses, so a gap
elsewhere in the table is not its problem.
"""

import datetime as dt
import functools
from typing import Any

import numpy as np
import pandas as pd
import xlwings as xw
from xlwings import func, script

from udfs._book import clear_from, find_sheet, sheet_lang, used_rows, write_block
from udfs._excel import date, flat, friendly_errors, number, rows, text
from xlsales.funnel import figures, history
from xlsales.funnel import layout as L
from xlsales.funnel.clarity import clarity
from xlsales.funnel.inputs import parse_deal, parse_deals, parse_stages
from xlsales.funnel.vocab import CATEGORY, STATUS
from xlsales.i18n import Text
from xlsales.problems import InputError, UserError
from xlsales.table import ParsedTable, cell_text

WIN_RATE = {"status"}
PIPELINE = {"status", "stage", "amount"}
FORECAST = PIPELINE | {"close_date"}
CONVERSION = {"status", "stage"}
STALE_NEEDS = {"status", "stage", "created", "stage_since", "last_activity"}
SLIPPED_NEEDS = {"status", "pushes", "close_date"}
CYCLE = {"status", "created", "close_date"}
STALE = Text("停滞", "Stale")
SLIPPED = Text("延误", "Slipped")


def _stages(value: Any) -> pd.DataFrame:
    """The stages table, read once per content: every funnel function of a recalculation passes the same few rows,
    and reading them costs more than the rest of a call on a thousand deals. Each call gets its own copy."""
    return _stages_read(tuple(tuple((type(v), v) for v in row) for row in rows(value))).copy()


@functools.lru_cache(maxsize=16)
def _stages_read(cells: tuple[tuple[tuple[type, Any], ...], ...]) -> pd.DataFrame:
    """`cells`: each cell's type beside its value, as TRUE and 1.0 are equal values but not equal cells."""
    parsed = parse_stages([[v for _, v in row] for row in cells], L.STAGES.name)
    if parsed.problems:
        raise InputError(parsed.problems)
    return parsed.frame


def _deals(value: Any, needed: set[str], stages: pd.DataFrame | None = None) -> pd.DataFrame:
    return _usable(parse_deals(rows(value), L.DEALS.name, _names(stages), needed=needed))


def _deal(value: Any, needed: set[str], deal_id: Any, stages: pd.DataFrame | None = None) -> tuple[pd.DataFrame, str]:
    """The rows of the deal asked about, and its ID as the ID column reads a cell (the number 1001 as "1001")."""
    wanted = cell_text(deal_id)
    if wanted is None:
        raise UserError("商机编号应为文本或数字 / the deal ID must be text or a number")
    return _usable(parse_deal(rows(value), L.DEALS.name, _names(stages), wanted, needed)), wanted


def _names(stages: pd.DataFrame | None) -> list[str] | None:
    return list(stages["stage"]) if stages is not None else None


def _usable(parsed: ParsedTable) -> pd.DataFrame:
    errors = [p for p in parsed.problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    return parsed.frame


def _table(frame: pd.DataFrame, headers: list[str]) -> list[list[Any]]:
    """A frame as a spilled block: header row, then values with NaN shown as blank."""
    body = frame.astype(object).where(frame.notna(), None).values.tolist()
    return [headers] + body


@func
@friendly_errors
def winrate(deals: Any, owner: Any = None) -> Any:
    """Won ÷ (won + lost) over closed deals, for everyone or one owner. =WINRATE(Deals[#All], "张伟")"""
    name = text(owner) or None
    rate = figures.win_rate(_deals(deals, WIN_RATE | ({"owner"} if name else set())), name)
    return "" if rate is None else rate


@func
@friendly_errors
def pipeline_weighted(deals: Any, stages: Any) -> float:
    """Σ amount × stage probability over open deals. =PIPELINE_WEIGHTED(Deals[#All], Stages[#All])"""
    stage_frame = _stages(stages)
    return figures.weighted_pipeline(_deals(deals, PIPELINE, stage_frame), stage_frame)


@func
@friendly_errors
def forecast_period(deals: Any, stages: Any, start: Any, end: Any) -> float:
    """Weighted forecast of open deals closing in [start, end]. =FORECAST_PERIOD(Deals[#All], Stages[#All], A1, B1)"""
    stage_frame = _stages(stages)
    first = date(start, "开始日期", "start date")
    last = date(end, "结束日期", "end date")
    if last < first:
        raise UserError("结束日期早于开始日期 / end date is before start date")
    return figures.forecast_period(_deals(deals, FORECAST, stage_frame), stage_frame, first, last)


@func
@friendly_errors
def funnel_stages(deals: Any, stages: Any) -> list[list[Any]]:
    """Spills count, amount and weighted amount of open deals per stage."""
    stage_frame = _stages(stages)
    table = figures.stage_summary(_deals(deals, PIPELINE, stage_frame), stage_frame)
    return _table(table, ["阶段 Stage", "序号 Order", "阶段赢率 Probability", "数量 Deals", "金额 Amount",
                          "加权 Weighted"])


@func
@friendly_errors
def stage_conversion(deals: Any, stages: Any) -> list[list[Any]]:
    """Spills, per pair of stages, closed deals that reached each and the conversion between them."""
    stage_frame = _stages(stages)
    table = figures.stage_conversion(_deals(deals, CONVERSION, stage_frame), stage_frame)
    return _table(table, ["从 From", "到 To", "到达 Reached from", "到达 Reached to", "转化率 Conversion"])


def _as_of(value: Any) -> dt.date:
    return date(value, "报告日期", "as-of date", default=dt.date.today())


def _max_pushes(value: Any) -> float:
    return number(value, "推迟次数上限", "max pushes", default=L.DEFAULT_PARAMETERS["max_pushes"])


def _flag(flags: pd.DataFrame, key: str, deals: pd.DataFrame, wanted: str) -> bool:
    """The flag of the open deal with this ID (the first such row)."""
    rows = deals.loc[deals["id"] == wanted, "row"]
    match = flags.loc[flags["row"].isin(rows), key]
    if match.empty:
        raise UserError(f"找不到跟踪中的商机 {wanted} / no open deal {wanted}")
    return bool(match.iloc[0])


def _column(flags: pd.DataFrame, key: str, body_rows: int, header: Text) -> list[list[Any]]:
    """One flag per row of the passed table, header first, blank for deals that are not open, so the spill lines
    up beside Deals[#All]."""
    column: list[Any] = [""] * body_rows
    for row, flag in zip((flags["row"].to_numpy(dtype=np.int64) - 2).tolist(), flags[key].to_numpy(dtype=bool).tolist()):
        column[row] = flag  # Python's bool: what xlwings turns into TRUE/FALSE
    return [[header.both()]] + [[flag] for flag in column]


@func
@friendly_errors
def stale_flag(deals: Any, stages: Any, deal_id: Any, as_of: Any = None) -> bool:
    """TRUE when an open deal sat in its stage, or went without activity, longer than its stage allows. Reads
    only that deal's row, as the sheet's own stale column does."""
    stage_frame = _stages(stages)
    frame, wanted = _deal(deals, STALE_NEEDS, deal_id, stage_frame)
    return _flag(figures.stale(frame, stage_frame, _as_of(as_of)), "stale", frame, wanted)


@func
@friendly_errors
def slip_flag(deals: Any, stages: Any, deal_id: Any, as_of: Any = None, max_pushes: Any = None) -> bool:
    """TRUE when an open deal's close date was pushed max_pushes (default 3) times or has passed. Reads only
    that deal's row, as the sheet's own slipped column does."""
    frame, wanted = _deal(deals, SLIPPED_NEEDS, deal_id)
    return _flag(figures.slipped(frame, _as_of(as_of), _max_pushes(max_pushes)), "slipped", frame, wanted)


@func
@friendly_errors
def stale_flags(deals: Any, stages: Any, as_of: Any = None) -> list[list[Any]]:
    """STALE_FLAG for every row of the table at once, spilled beside it: =STALE_FLAGS(Deals[#All], Stages[#All])."""
    stage_frame, grid = _stages(stages), rows(deals)
    flags = figures.stale(_deals(grid, STALE_NEEDS, stage_frame), stage_frame, _as_of(as_of))
    return _column(flags, "stale", len(grid) - 1, STALE)


@func
@friendly_errors
def slip_flags(deals: Any, stages: Any, as_of: Any = None, max_pushes: Any = None) -> list[list[Any]]:
    """SLIP_FLAG for every row of the table at once, spilled beside it: =SLIP_FLAGS(Deals[#All], Stages[#All])."""
    grid = rows(deals)
    flags = figures.slipped(_deals(grid, SLIPPED_NEEDS), _as_of(as_of), _max_pushes(max_pushes))
    return _column(flags, "slipped", len(grid) - 1, SLIPPED)


@func
@friendly_errors
def sales_cycle_days(deals: Any) -> Any:
    """Average days from created to close over won deals."""
    mean = figures.sales_cycle(_deals(deals, CYCLE))["mean_days"]
    return "" if mean is None else mean


@func
@friendly_errors
def clarity_code(ratings: Any) -> str:
    """The 8C1F0W code of nine C/F/W ratings, e.g. =CLARITY_CODE(P2) with "CCCCCCCCF" -> "8C1F0W"."""
    return clarity(_ratings(ratings)).code


@func
@friendly_errors
def clarity_60(ratings: Any) -> bool:
    """TRUE when nine ratings are 8C1F0W or better: the text's 60%-or-more win rate."""
    return clarity(_ratings(ratings)).sixty_percent


def _ratings(value: Any) -> Any:
    cells = flat(value)
    return str(cells[0]) if len(cells) == 1 else cells


def _setting(book: xw.Book, key: str) -> Any:
    return find_sheet(book, L.SHEET_SETTINGS).range(L.SETTINGS.address(key)).value


@script
def calibrate_stages(book: xw.Book) -> None:
    """Set each stage's probability from closed deals; stages with too little history keep theirs."""
    stage_sheet = find_sheet(book, L.SHEET_STAGES)
    parsed = parse_stages(used_rows(stage_sheet), stage_sheet.name)
    if parsed.problems:
        raise InputError(parsed.problems)
    deal_sheet = find_sheet(book, L.SHEET_DEALS)
    deals = parse_deals(used_rows(deal_sheet), deal_sheet.name, list(parsed.frame["stage"]), needed=CONVERSION).frame
    min_closed = int(number(_setting(book, "min_closed"), "最少已结束商机", "min closed deals",
                            default=L.DEFAULT_PARAMETERS["min_closed"]))
    result = figures.calibrate(deals, parsed.frame, min_closed)
    for row, value in zip(parsed.frame["row"], result["calibrated"]):
        stage_sheet.range(parsed.address("probability", int(row))).value = float(value)
    report = L.CALIBRATION
    clear_from(stage_sheet, report.at)
    write_block(stage_sheet, report.at, [[c.label.both() for c in report.columns]] + [
        [r.stage, r.current, None if pd.isna(r.history) else r.history, int(r.closed_deals),
         f"数据不足(<{min_closed}),保留原值 / too few closed deals, kept" if r.thin else "已校准 / calibrated"]
        for r in result.itertuples()])


@script
def weekly_snapshot(book: xw.Book) -> None:
    """Append this week's snapshot to the history sheet and list what moved, slipped, was won or lost since
    the previous week (running it again the same day gives the same history and the same list)."""
    stage_sheet = find_sheet(book, L.SHEET_STAGES)
    stages = parse_stages(used_rows(stage_sheet), stage_sheet.name).frame
    deal_sheet = find_sheet(book, L.SHEET_DEALS)
    deals = parse_deals(used_rows(deal_sheet), deal_sheet.name, list(stages["stage"]),
                        needed=set(history.SNAPSHOT_FIELDS)).frame
    as_of = date(_setting(book, "as_of"), "报告日期", "as-of date", default=dt.date.today())
    sheet = find_sheet(book, L.SHEET_HISTORY)
    lang = sheet_lang(sheet.name, L.SHEET_HISTORY)
    snapshots, changes = L.SNAPSHOTS, L.CHANGES
    past = history.read_snapshots([r[snapshots.first_col - 1:] for r in used_rows(sheet)])
    block, changed = history.take_snapshot(past, deals, as_of)
    clear_from(sheet, snapshots.cell("snapshot", 1))
    write_block(sheet, snapshots.cell("snapshot", 1), _history_rows(block, lang))
    write_block(sheet, changes.cell("change", 1), [
        [L.CHANGE_LABELS[r.change](lang), r.id, _cell(r.before, lang), _cell(r.now, lang), r.amount]
        for r in changed.itertuples()])


def _history_rows(frame: pd.DataFrame, lang: str) -> list[list[Any]]:
    return [[r.snapshot.date(), r.id, r.owner, r.customer, r.stage, STATUS[r.status](lang) if r.status in STATUS
             else r.status, r.amount, r.close_date.date() if not pd.isna(r.close_date) else None]
            for r in frame.itertuples()]


def _cell(value: Any, lang: str) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str) and value in STATUS:
        return STATUS[value](lang)
    if isinstance(value, str) and value in CATEGORY:
        return CATEGORY[value](lang)
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value
