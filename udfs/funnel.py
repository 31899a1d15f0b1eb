"""Funnel functions for reps' own cells and the funnel workbook's scripts (xlwings Lite and desktop).

Functions take whole tables with their header row, e.g. =WINRATE(Deals[#All]); columns are
found by header in Chinese or English.
"""

import datetime as dt
from typing import Any

import pandas as pd
import xlwings as xw
from xlwings import func, script

from udfs._book import clear_from, find_sheet, sheet_lang, used_rows, write_block
from udfs._excel import date, flat, friendly_errors, number, rows, text
from xlsales.funnel import figures, history
from xlsales.funnel import layout as L
from xlsales.funnel.clarity import clarity
from xlsales.funnel.inputs import parse_deals, parse_stages
from xlsales.funnel.vocab import CATEGORY, STATUS
from xlsales.problems import InputError, column_letter


def _stages(value: Any) -> pd.DataFrame:
    parsed = parse_stages(rows(value), L.TABLE_STAGES)
    if parsed.problems:
        raise InputError(parsed.problems)
    return parsed.frame


def _deals(value: Any, stages: pd.DataFrame | None = None) -> pd.DataFrame:
    parsed = parse_deals(rows(value), L.TABLE_DEALS, list(stages["stage"]) if stages is not None else None)
    if parsed.problems:
        raise InputError(parsed.problems)
    return parsed.frame


def _table(frame: pd.DataFrame, headers: list[str]) -> list[list[Any]]:
    """A frame as a spilled block: header row, then values with NaN shown as blank."""
    body = frame.astype(object).where(frame.notna(), None).values.tolist()
    return [headers] + body


@func
@friendly_errors
def winrate(deals: Any, owner: Any = None) -> Any:
    """Won ÷ (won + lost) over closed deals, for everyone or one owner. =WINRATE(Deals[#All], "张伟")"""
    rate = figures.win_rate(_deals(deals), text(owner) or None)
    return "" if rate is None else rate


@func
@friendly_errors
def pipeline_weighted(deals: Any, stages: Any) -> float:
    """Σ amount × stage probability over open deals. =PIPELINE_WEIGHTED(Deals[#All], Stages[#All])"""
    stage_frame = _stages(stages)
    return figures.weighted_pipeline(_deals(deals, stage_frame), stage_frame)


@func
@friendly_errors
def forecast_period(deals: Any, stages: Any, start: Any, end: Any) -> float:
    """Weighted forecast of open deals closing in [start, end]. =FORECAST_PERIOD(Deals[#All], Stages[#All], A1, B1)"""
    stage_frame = _stages(stages)
    first = date(start, "开始日期", "start date")
    last = date(end, "结束日期", "end date")
    if last < first:
        raise ValueError("结束日期早于开始日期 / end date is before start date")
    return figures.forecast_period(_deals(deals, stage_frame), stage_frame, first, last)


@func
@friendly_errors
def funnel_stages(deals: Any, stages: Any) -> list[list[Any]]:
    """Spills count, amount and weighted amount of open deals per stage."""
    stage_frame = _stages(stages)
    table = figures.stage_summary(_deals(deals, stage_frame), stage_frame)
    return _table(table, ["阶段 Stage", "序号 Order", "阶段赢率 Probability", "数量 Deals", "金额 Amount",
                          "加权 Weighted"])


@func
@friendly_errors
def stage_conversion(deals: Any, stages: Any) -> list[list[Any]]:
    """Spills, per pair of stages, closed deals that reached each and the conversion between them."""
    stage_frame = _stages(stages)
    table = figures.stage_conversion(_deals(deals, stage_frame), stage_frame)
    return _table(table, ["从 From", "到 To", "到达 Reached from", "到达 Reached to", "转化率 Conversion"])


def _alert(deals: Any, stages: Any, deal_id: Any, as_of: Any, max_pushes: Any) -> pd.Series:
    stage_frame = _stages(stages)
    day = date(as_of, "报告日期", "as-of date", default=dt.date.today())
    pushes = int(number(max_pushes, "推迟次数上限", "max pushes", default=3))
    alerts = figures.deal_alerts(_deals(deals, stage_frame), stage_frame, day, pushes)
    wanted = text(deal_id)
    match = alerts[alerts["id"] == wanted]
    if match.empty:
        raise KeyError(f"找不到跟踪中的商机 {wanted} / no open deal {wanted}")
    return match.iloc[0]


@func
@friendly_errors
def stale_flag(deals: Any, stages: Any, deal_id: Any, as_of: Any = None) -> bool:
    """TRUE when an open deal sat in its stage, or went without activity, longer than its stage allows."""
    return bool(_alert(deals, stages, deal_id, as_of, None)["stale"])


@func
@friendly_errors
def slip_flag(deals: Any, stages: Any, deal_id: Any, as_of: Any = None, max_pushes: Any = None) -> bool:
    """TRUE when an open deal's close date was pushed max_pushes (default 3) times or has passed."""
    return bool(_alert(deals, stages, deal_id, as_of, max_pushes)["slipped"])


@func
@friendly_errors
def sales_cycle_days(deals: Any) -> Any:
    """Average days from created to close over won deals."""
    mean = figures.sales_cycle(_deals(deals))["mean_days"]
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


def _settings_value(book: xw.Book, row: int) -> Any:
    return find_sheet(book, L.SHEET_SETTINGS).range(f"B{row}").value


@script
def calibrate_stages(book: xw.Book) -> None:
    """Set each stage's probability from closed deals; stages with too little history keep theirs."""
    stage_sheet = find_sheet(book, L.SHEET_STAGES)
    stage_rows = used_rows(stage_sheet)
    parsed = parse_stages(stage_rows, stage_sheet.name)
    if parsed.problems:
        raise InputError(parsed.problems)
    deal_sheet = find_sheet(book, L.SHEET_DEALS)
    deals = parse_deals(used_rows(deal_sheet), deal_sheet.name, list(parsed.frame["stage"])).frame
    min_closed = int(number(_settings_value(book, L.PARAMETERS["min_closed"][0]), "最少已结束商机", "min closed deals",
                            default=20))
    result = figures.calibrate(deals, parsed.frame, min_closed)
    column = parsed.column_index["probability"]
    for row, value in zip(parsed.frame["row"], result["calibrated"]):
        stage_sheet.range(f"{column_letter(column)}{row}").value = float(value)
    report_col = "J"
    clear_from(stage_sheet, f"{report_col}1")
    write_block(stage_sheet, f"{report_col}1", [["校准 Calibration", "原赢率 Current", "历史赢率 History",
                                                 "已结束商机 Closed deals", "提示 Note"]] + [
        [r.stage, r.current, None if pd.isna(r.history) else r.history, int(r.closed_deals),
         f"数据不足(<{min_closed}),保留原值 / too few closed deals, kept" if r.thin else "已校准 / calibrated"]
        for r in result.itertuples()])


@script
def weekly_snapshot(book: xw.Book) -> None:
    """Append this week's snapshot to the history sheet and list what moved, slipped, was won or lost."""
    stage_sheet = find_sheet(book, L.SHEET_STAGES)
    stages = parse_stages(used_rows(stage_sheet), stage_sheet.name).frame
    deal_sheet = find_sheet(book, L.SHEET_DEALS)
    deals = parse_deals(used_rows(deal_sheet), deal_sheet.name, list(stages["stage"])).frame
    as_of = date(_settings_value(book, L.PARAMETERS["as_of"][0]), "报告日期", "as-of date", default=dt.date.today())
    sheet = find_sheet(book, L.SHEET_HISTORY)
    lang = sheet_lang(sheet.name, L.SHEET_HISTORY)
    past = read_history(used_rows(sheet))
    current = history.snapshot(deals, as_of)
    past_dates = sorted(past["snapshot"].dropna().unique())
    previous = past[past["snapshot"] == past_dates[-1]] if past_dates else current.iloc[0:0]
    changed = history.changes(previous.drop(columns="snapshot"), current.drop(columns="snapshot"))
    kept = past[past["snapshot"] != pd.Timestamp(as_of)]  # re-running on the same day replaces that day
    block = pd.concat([kept, current], ignore_index=True)
    clear_from(sheet, "A2")
    write_block(sheet, "A2", _history_rows(block, lang))
    write_block(sheet, f"{column_letter(L.CHANGES_COLUMN - 1)}2", [
        [L.CHANGE_LABELS[r.change](lang), r.id, _cell(r.before, lang), _cell(r.now, lang), r.amount]
        for r in changed.itertuples()])


def read_history(sheet_rows: list[list[Any]]) -> pd.DataFrame:
    """Earlier snapshots from the history sheet (columns A–H), statuses back to their keys."""
    statuses = {t.zh: k for k, t in STATUS.items()} | {t.en: k for k, t in STATUS.items()}
    fields = ["snapshot"] + history.SNAPSHOT_FIELDS
    body = [r[:len(fields)] for r in sheet_rows[1:] if r and r[0] not in (None, "")]
    frame = pd.DataFrame(body, columns=fields)
    frame["snapshot"] = pd.to_datetime(frame["snapshot"], errors="coerce")
    frame["close_date"] = pd.to_datetime(frame["close_date"], errors="coerce")
    frame["status"] = frame["status"].map(lambda s: statuses.get(s, s))
    frame["amount"] = pd.to_numeric(frame["amount"], errors="coerce")
    return frame


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
