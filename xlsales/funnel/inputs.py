"""Stages and deals from sheet rows, with every unusable value named by sheet!cell.

The rules are the ones the funnel workbook's own formulas apply (see xlsales/funnel/layout.py: the
Stages and Deals tables' "data problems" columns), so `check`, the sheets and the functions agree.
"""

import pandas as pd

from xlsales.funnel.vocab import DEAL_COLUMNS, MAX_STAGES, MIN_STAGES, STAGE_COLUMNS
from xlsales.problems import Problem
from xlsales.table import ParsedTable, casefolded, each_distinct, parse_table, rows_reading

DEAL_ID = next(c for c in DEAL_COLUMNS if c.key == "id")


def _flag(parsed: ParsedTable, mask: pd.Series, key: str, zh: str, en: str, severity: str = "error") -> None:
    frame = parsed.frame
    for i in frame.index[mask.fillna(False).to_numpy(dtype=bool)]:
        value = frame.at[i, key]
        found = value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)
        parsed.problems.append(Problem(parsed.sheet, parsed.address(key, int(frame.at[i, "row"])), zh, en, found,
                                       severity, column=key))  # type: ignore[arg-type]


def _repeated(values: pd.Series) -> pd.Series:
    """Values that occurred in an earlier row, compared as Excel's MATCH compares (case-insensitively)."""
    return values.notna() & casefolded(values).duplicated(keep="first")


def parse_stages(rows: list[list[object]], sheet: str, first_row: int = 0) -> ParsedTable:
    """The stages in order; a repeated name or order number is a problem (the sheet's lookups would find only
    the first), and that row is left out."""
    parsed = parse_table(rows, STAGE_COLUMNS, sheet, first_row)
    frame = parsed.frame
    names, orders = _repeated(frame["stage"]), _repeated(frame["order"])
    _flag(parsed, names, "stage", "阶段名称不能重复", "stage names must be unique")
    _flag(parsed, orders, "order", "阶段序号不能重复", "stage order numbers must be unique")
    parsed.frame = frame[frame["stage"].notna() & ~names & ~orders].sort_values("order", kind="stable") \
        .reset_index(drop=True)
    return parsed


def stage_count_problem(stages: ParsedTable) -> list[Problem]:
    """3-7 stages, as the instructions say; the summary sheet has a row for each of at most 7."""
    count = len(stages.frame)
    if MIN_STAGES <= count <= MAX_STAGES:
        return []
    where = stages.address("stage", stages.header_row + 1)
    return [Problem(stages.sheet, where, f"阶段应为 {MIN_STAGES}–{MAX_STAGES} 个,现有 {count} 个",
                    f"keep {MIN_STAGES}-{MAX_STAGES} stages; there are {count}", str(count), column="stage")]


def parse_deals(rows: list[list[object]], sheet: str, stage_names: list[str] | None, first_row: int = 0,
                needed: set[str] | None = None, picked: list[int] | None = None) -> ParsedTable:
    """Deals with cross-field checks: a stage on the stages sheet (its name as the stages sheet spells it;
    unless stage_names is None), close not before created. A repeated ID is a warning (`check` only): no
    figure miscounts it, but snapshots and roll-ups need IDs to be unique.

    `needed`: the columns a figure uses (None: all, as `check` reads them); `picked`: only these rows; see
    parse_table.
    """
    parsed = parse_table(rows, DEAL_COLUMNS, sheet, first_row, needed=needed, picked=picked)
    frame = parsed.frame
    uses = (lambda *keys: True) if needed is None else (lambda *keys: set(keys) <= needed)
    if stage_names is not None and uses("stage"):
        canonical = {name.casefold(): name for name in reversed(stage_names)}  # the first of equal names wins
        typed = frame["stage"]
        mapped = pd.Series(each_distinct(typed, lambda v: canonical.get(v.casefold()) if isinstance(v, str) else None),
                           index=frame.index)
        names = "、".join(stage_names)
        _flag(parsed, typed.notna() & mapped.isna(), "stage", f"阶段应为阶段表中的一项: {names}",
              f"stage must be one on the stages sheet: {', '.join(stage_names)}")
        frame["stage"] = mapped
    if uses("created", "close_date"):
        _flag(parsed, frame["close_date"] < frame["created"], "close_date", "预计成交日期不能早于创建日期",
              "expected close date cannot be before the created date")
    if needed is None:  # a warning, for `check`: no figure miscounts a repeated ID
        _flag(parsed, _repeated(frame["id"]), "id", "商机编号重复(快照与汇总按编号识别商机)",
              "repeated deal ID (snapshots and roll-ups identify deals by ID)", severity="warning")
    for key in ("stage", "owner"):  # few distinct values: categorical keeps 100k-row figures fast
        if key in frame and not isinstance(frame[key].dtype, pd.CategoricalDtype):
            frame[key] = frame[key].astype("category")
    return parsed


def parse_deal(rows: list[list[object]], sheet: str, stage_names: list[str] | None, deal_id: str,
               needed: set[str]) -> ParsedTable:
    """The rows of one deal (its ID as the ID column reads a cell), read as parse_deals reads the whole table.
    Another deal's problems are not this deal's: the sheet's own per-deal columns read only their row."""
    picked = rows_reading(rows, DEAL_ID, deal_id)
    return parse_deals(rows, sheet, stage_names, needed=needed | {"id"}, picked=picked)


def owners_not_listed(deals: ParsedTable, reps: list[str]) -> list[Problem]:
    """Owners missing from the reps list (compared as COUNTIF compares): the per-rep figures leave them out."""
    listed = {r.casefold() for r in reps}
    frame = deals.frame
    owner = frame["owner"].astype(object)
    missing = owner.map(lambda v: isinstance(v, str) and v.casefold() not in listed)
    rows = frame.loc[missing.to_numpy(dtype=bool)]
    return [Problem(deals.sheet, deals.address("owner", int(row)), "负责人不在「设置」的销售人员名单中",
                    "the owner is not on the reps list (Settings)", str(name), column="owner")
            for row, name in zip(rows["row"], owner[missing.to_numpy(dtype=bool)])]


def rep_count_problem(reps: ParsedTable, maximum: int) -> list[Problem]:
    count = len(reps.frame)
    if count <= maximum:
        return []
    row = int(reps.frame["row"].iloc[maximum])
    return [Problem(reps.sheet, reps.address("name", row), f"销售人员最多 {maximum} 人(预测表按人列出 {maximum} 行)",
                    f"at most {maximum} reps (the forecast lists {maximum} per rep)", str(count), column="name")]

