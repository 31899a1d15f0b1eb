"""Reps, contract mix and weekly actuals from sheet rows, with every unusable value named by sheet!cell.

Beyond what each column accepts on its own (xlsales.table), the cross-field rules live here. They are
the rules the workbook's own "data problems" columns apply (xlsales/quota/layout.py), one problem per
rule and cell, so `check`, the sheets and the functions agree:
- reps: a name an earlier row has (compared as Excel compares, ignoring case), the reserved 全员/Everyone,
  a weight above 0 when splitting by ability;
- mix lines: a rep of the plan (or blank/全员/Everyone for the standard mix), a unit price above 0, a win
  rate in (0, 100%], a win rate wherever visits per deal are planned;
- weeks: a rep of the plan, a week inside the working weeks, one row per rep and week.
A rule looks only at values their own column accepts (a text number is one problem, not two).
A row with a problem is left out of the frame: no figure counts it until it is fixed. Names typed in
another case are read as the reps table spells them (Excel's SUMIFS would count them for that rep).
"""

import re
from typing import Any, Callable

import pandas as pd

from xlsales.problems import Problem, column_letter
from xlsales.quota.vocab import EVERYONE, MIX_COLUMNS, REP_COLUMNS, WEEKLY_COLUMNS, WEIGHTED, folded, is_everyone
from xlsales.table import ParsedTable, casefolded, is_blank, parse_table


def _shown(value: object) -> str:
    if is_blank(value):
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _flag(parsed: ParsedTable, mask: pd.Series, key: str, zh: str, en: str) -> None:
    """An error naming the `key` cell of every row where `mask` holds."""
    frame = parsed.frame
    for i in frame.index[mask.fillna(False).astype(bool)]:
        parsed.problems.append(Problem(parsed.sheet, parsed.address(key, int(frame.at[i, "row"])), zh, en,
                                       _shown(frame.at[i, key]), column=key))


def _uses(needed: set[str] | None) -> Callable[..., bool]:
    return (lambda *keys: True) if needed is None else (lambda *keys: set(keys) <= needed)


_CELL_ROW = re.compile(r"[A-Z]+(\d+)")


def _rows_named(problems: list[Problem]) -> set[int]:
    return {int(match.group(1)) for p in problems if (match := _CELL_ROW.fullmatch(p.cell))}


def _usable(parsed: ParsedTable, key: str) -> pd.Series:
    """Rows whose `key` value passed its own column's rule (blank or a usable value)."""
    return ~parsed.frame["row"].isin(_rows_named([p for p in parsed.problems if p.column == key]))


def _without_problems(parsed: ParsedTable) -> pd.Series:
    """Rows no error names: the rows every figure counts."""
    return ~parsed.frame["row"].isin(_rows_named([p for p in parsed.problems if p.severity == "error"]))


def _spelled_as(names: pd.Series, reps: list[str]) -> tuple[pd.Series, pd.Series]:
    """(each name as the reps table spells it, whether it is a rep of the plan), compared ignoring case."""
    spelling = {folded(r): r for r in reversed(reps)}  # the first of equal names wins, as MATCH finds it
    mapped = names.map(lambda v: spelling.get(folded(v)) if isinstance(v, str) else None)
    return mapped.where(mapped.notna(), names), mapped.notna()


def parse_reps(rows: list[list[object]], sheet: str, split: str, first_row: int = 0,
               needed: set[str] | None = None) -> ParsedTable:
    """The reps of the plan, in order: every named row but repeats and the reserved 全员/Everyone."""
    parsed = parse_table(rows, REP_COLUMNS, sheet, first_row, needed=needed)
    frame = parsed.frame
    names = frame["rep"]
    repeated = names.notna() & casefolded(names).duplicated(keep="first")
    reserved = is_everyone(names) & names.notna()
    _flag(parsed, repeated, "rep", "姓名不能重复", "rep names must be unique")
    _flag(parsed, reserved, "rep", f"「{EVERYONE.zh}」表示全员标准组合,不能作为姓名",
          f"'{EVERYONE.en}' stands for the team's standard mix: not a name")
    if split == WEIGHTED and _uses(needed)("weight"):
        _flag(parsed, ~(frame["weight"] > 0) & _usable(parsed, "weight"), "weight",
              "按能力权重分解时,每人的能力权重应大于 0", "splitting by ability weight needs every weight > 0")
    parsed.frame = frame[names.notna() & ~repeated & ~reserved].reset_index(drop=True)
    return parsed


def rep_count_problem(reps: ParsedTable, maximum: int) -> list[Problem]:
    """More reps than the plan and tracking sheets list: those after the first `maximum` are left out there."""
    count = len(reps.frame)
    if count <= maximum:
        return []
    row = int(reps.frame["row"].iloc[maximum])
    return [Problem(reps.sheet, reps.address("rep", row),
                    f"销售人员最多 {maximum} 人(人员计划与跟踪汇总按人列出 {maximum} 行),现有 {count} 人:"
                    "多出的人不在汇总中,请分成几个工作簿",
                    f"at most {maximum} reps (the plan and the tracking summary list {maximum}); there are "
                    f"{count}: the others are left out of them, split the team into several workbooks",
                    str(count), column="rep")]


def parse_mix(rows: list[list[object]], sheet: str, reps: list[str] | None = None, first_row: int = 0,
              needed: set[str] | None = None) -> ParsedTable:
    """Contract-mix lines without problems; standard lines get rep None. Reps are checked when `reps` is given."""
    parsed = parse_table(rows, MIX_COLUMNS, sheet, first_row, needed=needed)
    frame = parsed.frame
    uses = _uses(needed)
    if uses("rep"):
        standard = is_everyone(frame["rep"])
        if reps is not None:
            frame["rep"], known = _spelled_as(frame["rep"], reps)
            _flag(parsed, ~standard & ~known, "rep", f"负责人应为人员表中的姓名,或留空/「{EVERYONE.zh}」表示全员",
                  f"rep must be a name from the reps table, or blank/'{EVERYONE.en}' for everyone")
        frame["rep"] = frame["rep"].astype(object).where(~standard, None)
    if uses("unit_price"):
        _flag(parsed, frame["unit_price"] == 0, "unit_price", "单价应大于 0", "unit price must be > 0")
    if uses("win_rate"):
        win = frame["win_rate"]
        _flag(parsed, win.notna() & ~((win > 0) & (win <= 1)), "win_rate", "赢率应在 (0, 100%] 之内,如 1/3 或 50%",
              "win rate must be in (0, 100%], e.g. 1/3 or 50%")
        if uses("visits_per_deal"):
            _flag(parsed, frame["visits_per_deal"].notna() & win.isna() & _usable(parsed, "win_rate"), "win_rate",
                  "填了每单拜访次数就要填赢率(拜访数 = 每单拜访 × 数量 ÷ 赢率)",
                  "visits per deal need a win rate (visits = visits per deal × count ÷ win rate)")
    keep = _without_problems(parsed)
    if uses("product_line"):
        keep &= frame["product_line"].notna()
    parsed.frame = frame[keep].reset_index(drop=True)
    return parsed


def parse_weekly(rows: list[list[object]], sheet: str, reps: list[str] | None = None, weeks: int | None = None,
                 first_row: int = 0, needed: set[str] | None = None) -> ParsedTable:
    """Weekly actuals without problems: one row per rep and week; an empty activity cell means none that week."""
    parsed = parse_table(rows, WEEKLY_COLUMNS, sheet, first_row, needed=needed)
    frame = parsed.frame
    if weeks is not None:
        _flag(parsed, frame["week"] > weeks, "week", f"周次应在 1–{weeks} 之内(工作周数)",
              f"week must be within 1–{weeks} (the working weeks)")
    if reps is not None:
        frame["rep"], known = _spelled_as(frame["rep"], reps)
        _flag(parsed, frame["rep"].notna() & ~known, "rep", "姓名应为人员表中的一位", "name must be one from the reps "
              "table")
    key = pd.DataFrame({"rep": casefolded(frame["rep"]), "week": frame["week"]})
    repeated = frame["rep"].notna() & frame["week"].notna() & key.duplicated(keep="first")
    _flag(parsed, repeated, "week", "同一人同一周只能有一行", "one row per rep and week")
    activity_keys = [c.key for c in WEEKLY_COLUMNS[2:] if c.key in frame]
    frame[activity_keys] = frame[activity_keys].fillna(0.0)
    parsed.frame = frame[frame["rep"].notna() & frame["week"].notna() & _without_problems(parsed)] \
        .reset_index(drop=True)
    return parsed


def outside_rows(grid: list[list[Any]], sheet: str, header_row: int, last_row: int, col: int, key: str,
                 what: tuple[str, str]) -> list[Problem]:
    """Values typed below a table (its header at 1-based `header_row`, its last row `last_row`) in its 0-based
    column `col`: Excel did not take those rows in, so no figure counts them."""
    return [Problem(sheet, f"{column_letter(col)}{r + 1}", f"这一行在{what[0]}(Excel 表格)之外,汇总不会计入:请把它移进表格",
                    f"this row is outside the {what[1]} table, so no figure counts it: move it into the table",
                    str(row[col]), column=key)
            for r, row in enumerate(grid) if r + 1 > max(last_row, header_row) and col < len(row)
            and row[col] not in (None, "")]
