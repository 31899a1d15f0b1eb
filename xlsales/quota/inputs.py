"""Reps, contract mix and weekly actuals from sheet rows, with every unusable value named by sheet!cell.

Beyond what each column accepts on its own (xlsales.table), the cross-field rules live here:
unique rep names, weights when splitting by ability, win rates in (0, 1], a win rate wherever
visits per deal are planned, reps known to the reps table, weeks inside the period.
"""

import pandas as pd

from xlsales.problems import Problem
from xlsales.quota.vocab import EVERYONE, MIX_COLUMNS, REP_COLUMNS, WEEKLY_COLUMNS, WEIGHTED
from xlsales.table import ParsedTable, is_blank, normalise, parse_table


def _shown(value: object) -> str:
    if is_blank(value):
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _flag(parsed: ParsedTable, mask: pd.Series, key: str, zh: str, en: str) -> None:
    """An error naming the `key` cell of every row where `mask` holds."""
    frame = parsed.frame
    for i in frame.index[mask.fillna(False).astype(bool)]:
        parsed.problems.append(Problem(parsed.sheet, parsed.address(key, int(frame.at[i, "row"])), zh, en,
                                       _shown(frame.at[i, key])))


def parse_reps(rows: list[list[object]], sheet: str, split: str, first_row: int = 0) -> ParsedTable:
    """Reps with unique names; splitting by ability needs every weight > 0."""
    parsed = parse_table(rows, REP_COLUMNS, sheet, first_row)
    frame = parsed.frame
    dupes = frame["rep"].notna() & frame["rep"].duplicated(keep="first")
    _flag(parsed, dupes, "rep", "姓名不能重复", "rep names must be unique")
    if split == WEIGHTED:
        _flag(parsed, ~(frame["weight"] > 0), "weight", "按能力权重分解时,每人的能力权重应大于 0",
              "splitting by ability weight needs every weight > 0")
    parsed.frame = frame[frame["rep"].notna() & ~dupes].reset_index(drop=True)
    return parsed


def is_everyone(rep: pd.Series) -> pd.Series:
    """Blank, 全员 or Everyone: a line of the team's standard mix."""
    return rep.isna() | rep.map(normalise).isin({normalise(EVERYONE.zh), normalise(EVERYONE.en)})


def parse_mix(rows: list[list[object]], sheet: str, reps: list[str] | None = None, first_row: int = 0) -> ParsedTable:
    """Contract-mix lines; standard lines get rep None. Unknown reps are checked when `reps` is given."""
    parsed = parse_table(rows, MIX_COLUMNS, sheet, first_row)
    frame = parsed.frame
    frame["rep"] = frame["rep"].astype(object).where(~is_everyone(frame["rep"]), None)
    if reps is not None:
        _flag(parsed, frame["rep"].notna() & ~frame["rep"].isin(set(reps)), "rep",
              f"负责人应为人员表中的姓名,或留空/「{EVERYONE.zh}」表示全员",
              f"rep must be a name from the reps table, or blank/'{EVERYONE.en}' for everyone")
    _flag(parsed, frame["unit_price"] == 0, "unit_price", "单价应大于 0", "unit price must be > 0")
    bad_win = frame["win_rate"].notna() & ~((frame["win_rate"] > 0) & (frame["win_rate"] <= 1))
    _flag(parsed, bad_win, "win_rate", "赢率应在 (0, 100%] 之内,如 1/3 或 50%",
          "win rate must be in (0, 100%], e.g. 1/3 or 50%")
    frame.loc[bad_win, "win_rate"] = float("nan")
    needs_win = frame["visits_per_deal"].notna() & frame["win_rate"].isna() & ~bad_win
    _flag(parsed, needs_win, "win_rate", "填了每单拜访次数就要填赢率(拜访数 = 每单拜访 × 数量 ÷ 赢率)",
          "visits per deal need a win rate (visits = visits per deal × count ÷ win rate)")
    parsed.frame = frame[frame["product_line"].notna()].reset_index(drop=True)
    return parsed


def parse_weekly(rows: list[list[object]], sheet: str, reps: list[str] | None = None, weeks: int | None = None,
                 first_row: int = 0) -> ParsedTable:
    """Weekly actuals: one row per rep and week; an empty activity cell means none that week."""
    parsed = parse_table(rows, WEEKLY_COLUMNS, sheet, first_row)
    frame = parsed.frame
    _flag(parsed, frame["week"].notna() & (frame["week"] % 1 != 0), "week", "周次应为整数", "week must be a whole number")
    if weeks is not None:
        _flag(parsed, frame["week"] > weeks, "week", f"周次应在 1–{weeks} 之内(工作周数)",
              f"week must be within 1–{weeks} (the working weeks)")
    if reps is not None:
        _flag(parsed, frame["rep"].notna() & ~frame["rep"].isin(set(reps)), "rep", "姓名应为人员表中的一位",
              "name must be one from the reps table")
    dupes = frame["rep"].notna() & frame["week"].notna() & frame.duplicated(["rep", "week"], keep="first")
    _flag(parsed, dupes, "week", "同一人同一周只能有一行", "one row per rep and week")
    activity_keys = [c.key for c in WEEKLY_COLUMNS[2:]]
    frame[activity_keys] = frame[activity_keys].fillna(0.0)
    parsed.frame = frame[frame["rep"].notna() & frame["week"].notna() & ~dupes].reset_index(drop=True)
    return parsed
