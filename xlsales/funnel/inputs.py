"""Stages and deals from sheet rows, with every unusable value named by sheet!cell."""

from xlsales.funnel.vocab import DEAL_COLUMNS, STAGE_COLUMNS
from xlsales.problems import Problem
from xlsales.table import ParsedTable, parse_table


def parse_stages(rows: list[list[object]], sheet: str, first_row: int = 0) -> ParsedTable:
    parsed = parse_table(rows, STAGE_COLUMNS, sheet, first_row)
    frame = parsed.frame
    for i in frame.index[frame["probability"] > 1]:
        parsed.problems.append(Problem(sheet, parsed.address("probability", int(frame.at[i, "row"])),
                                       "阶段赢率应在 0%–100% 之间", "win probability must be between 0% and 100%",
                                       f"{frame.at[i, 'probability']:g}"))
    frame.loc[frame["probability"] > 1, "probability"] = float("nan")
    dupes = frame["stage"].notna() & frame["stage"].duplicated(keep="first")
    for i in frame.index[dupes]:
        parsed.problems.append(Problem(sheet, parsed.address("stage", int(frame.at[i, "row"])),
                                       "阶段名称不能重复", "stage names must be unique", str(frame.at[i, "stage"])))
    parsed.frame = frame[frame["stage"].notna() & ~dupes].sort_values("order", kind="stable").reset_index(drop=True)
    return parsed


def parse_deals(rows: list[list[object]], sheet: str, stage_names: list[str] | None,
                first_row: int = 0) -> ParsedTable:
    """Deals with cross-field checks: known stage (unless stage_names is None), close not before created, unique id."""
    parsed = parse_table(rows, DEAL_COLUMNS, sheet, first_row)
    frame = parsed.frame
    unknown = frame["stage"].notna() & ~frame["stage"].isin(set(stage_names or []))
    if stage_names is None:
        unknown &= False
    for i in frame.index[unknown]:
        parsed.problems.append(Problem(sheet, parsed.address("stage", int(frame.at[i, "row"])),
                                       f"阶段应为阶段表中的一项: {'、'.join(stage_names or [])}",
                                       f"stage must be one on the stages sheet: {', '.join(stage_names or [])}",
                                       str(frame.at[i, "stage"])))
    early = frame["close_date"] < frame["created"]
    for i in frame.index[early]:
        parsed.problems.append(Problem(sheet, parsed.address("close_date", int(frame.at[i, "row"])),
                                       "预计成交日期不能早于创建日期", "expected close date cannot be before the created date",
                                       frame.at[i, "close_date"].date().isoformat()))
    dupes = frame["id"].notna() & frame["id"].duplicated(keep="first")
    for i in frame.index[dupes]:
        parsed.problems.append(Problem(sheet, parsed.address("id", int(frame.at[i, "row"])),
                                       "商机编号不能重复", "deal IDs must be unique", str(frame.at[i, "id"])))
    for key in ("stage", "owner"):  # few distinct values: categorical keeps 100k-row figures fast
        frame[key] = frame[key].astype("category")
    return parsed

