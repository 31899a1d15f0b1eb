"""Weekly tracking against the pace (seed 001: reps are checked weekly on opportunities, visits and
signings, and on collections; "如果不能实现,则马上能找到瓶颈所在,快速弥补数量,达到漏斗平衡").

Up to the week tracked, each rep's actuals are summed per activity and set against the pace
to date (pace per week × weeks elapsed). Shortfall = what is missing to be back on pace; the
bottleneck is the activity furthest behind (lowest actual ÷ pace to date; the earlier one in the
funnel on a tie), i.e. the one to refill first.
"""

import numpy as np
import pandas as pd

from xlsales.precision import TOLERANCE
from xlsales.problems import ArgumentError, UserError
from xlsales.quota.vocab import FUNNEL_ORDER, folded

TRACK_COLUMNS = ["rep", "activity", "per_week", "pace_to_date", "actual_to_date", "shortfall", "attainment",
                 "behind", "bottleneck", "remaining", "needed_per_week"]


def tracked_week(weekly: pd.DataFrame, current_week: int | None) -> int:
    """The week tracked up to: the one set, else the latest week anyone reported (0 when none)."""
    if current_week is not None:
        return current_week
    return int(weekly["week"].max()) if len(weekly) else 0


def cumulative_by_week(weekly: pd.DataFrame, pace: pd.DataFrame, weeks: int) -> pd.DataFrame:
    """Per rep (of `pace`) and week 1..weeks, per activity: the total reported up to that week
    (`<activity>_to_date`) and the pace to that week (`<activity>_pace_to_date` = pace per week × week)."""
    reps = pace["rep"].drop_duplicates()
    grid = pd.MultiIndex.from_product([reps, range(1, weeks + 1)], names=["rep", "week"])
    per_week = weekly.groupby(["rep", "week"])[FUNNEL_ORDER].sum()
    per_week.index = per_week.index.set_levels(per_week.index.levels[1].astype(int), level="week")
    filled = per_week.reindex(grid, fill_value=0.0)
    to_date = filled.groupby(level="rep", sort=False).cumsum().add_suffix("_to_date").reset_index()
    rate = pace.pivot(index="rep", columns="activity", values="per_week")
    for activity in FUNNEL_ORDER:
        to_date[f"{activity}_pace_to_date"] = to_date["rep"].map(rate[activity]).astype("float64") * to_date["week"]
    return to_date


def pace_chart(weekly: pd.DataFrame, pace: pd.DataFrame, weeks: int, week: int) -> pd.DataFrame:
    """cumulative_by_week as the pace chart plots it: the totals reported only up to the tracked `week` (NaN after),
    so a rep's line ends where tracking ends instead of running flat to the period's end; the pace runs on."""
    running = cumulative_by_week(weekly, pace, weeks)
    running.loc[running["week"] > week, [f"{activity}_to_date" for activity in FUNNEL_ORDER]] = np.nan
    return running


def team_signing_chart(weekly: pd.DataFrame, pace: pd.DataFrame, weeks: int, week: int) -> pd.DataFrame:
    """Per week 1..weeks: the team's signings to date (NaN past the tracked `week`) and its signing pace to date."""
    running = pace_chart(weekly, pace, weeks, week)
    return running.groupby("week")[["signed_to_date", "signed_pace_to_date"]].sum(min_count=1).reset_index()


def weekly_against_pace(weekly: pd.DataFrame, pace: pd.DataFrame, weeks: int) -> pd.DataFrame:
    """Every weekly row with, per activity, the rep's total and pace up to that week and whether the
    rep is behind. Cumulative, because signings and collections come in lumps: one quiet week is
    not yet behind pace."""
    running = cumulative_by_week(weekly, pace, weeks)
    out = weekly.merge(running, on=["rep", "week"], how="left")
    for activity in FUNNEL_ORDER:
        out[f"{activity}_behind"] = out[f"{activity}_to_date"] < out[f"{activity}_pace_to_date"] - TOLERANCE
    return out


def track(weekly: pd.DataFrame, pace: pd.DataFrame, weeks: int, week: int) -> pd.DataFrame:
    """Per rep and activity, up to `week` (1 ≤ week ≤ weeks): pace to date, actual, shortfall,
    attainment, behind, bottleneck, and the per-week rate that still makes the period total."""
    if not 0 <= week <= weeks:
        raise UserError(f"周次应在 0–{weeks} 之内: {week} / week must be within 0–{weeks}: {week}")
    done = weekly[weekly["week"] <= week]
    actual = (done.groupby("rep")[FUNNEL_ORDER].sum().reset_index()
              .melt(id_vars="rep", var_name="activity", value_name="actual_to_date"))
    out = pace.merge(actual, on=["rep", "activity"], how="left")
    out["actual_to_date"] = out["actual_to_date"].fillna(0.0)
    out["pace_to_date"] = out["per_week"] * week
    out["shortfall"] = (out["pace_to_date"] - out["actual_to_date"]).clip(lower=0)
    out["attainment"] = out["actual_to_date"] / out["pace_to_date"].where(out["pace_to_date"] > 0)
    out["behind"] = out["shortfall"] > TOLERANCE
    out["remaining"] = (out["total"] - out["actual_to_date"]).clip(lower=0)
    weeks_left = weeks - week
    out["needed_per_week"] = out["remaining"] / weeks_left if weeks_left else np.nan
    out["funnel_rank"] = out["activity"].map({a: i for i, a in enumerate(FUNNEL_ORDER)})
    behind = out[out["behind"]]
    worst = behind.sort_values(["attainment", "funnel_rank"], kind="stable").drop_duplicates("rep").index
    out["bottleneck"] = out.index.isin(worst)
    return out[TRACK_COLUMNS]


def rep_tracking(weekly: pd.DataFrame, rep: str, pace: pd.DataFrame, weeks: int, week: float) -> pd.DataFrame:
    """`track` for one rep's weekly rows (the name compared as Excel compares it) up to a week in 1..weeks."""
    if not rep:
        raise ArgumentError("请指定姓名", "name the rep")
    if not float(week).is_integer() or not 1 <= week <= weeks:
        raise ArgumentError(f"周次应为 1–{weeks} 的整数", f"week must be a whole number within 1–{weeks}")
    mine = weekly[weekly["rep"].map(folded) == folded(rep)].assign(rep=rep)
    return track(mine, pace, weeks, int(week))
