"""A rep's review scores across sessions: the closing record of each session, and progress over time."""

import datetime as dt

import pandas as pd

from xlsales.i18n import Lang
from xlsales.review.vocab import HISTORY_COLUMNS

HISTORY_KEYS = [c.key for c in HISTORY_COLUMNS]
PROGRESS_COLUMNS = ["date", "total", "change", "rank"]


def session_record(date: dt.date, ranking: pd.DataFrame, projects: pd.DataFrame, weakest: pd.DataFrame,
                   lang: Lang) -> pd.DataFrame:
    """One history row per ranked rep: scores, rank, weakest groups and the project's three needs."""
    record = ranking[ranking["total"].notna()].drop(columns="first").copy()
    record.insert(0, "date", pd.Timestamp(date))
    separator = "、" if lang == "zh-CN" else ", "
    groups = weakest.groupby("rep", sort=False)["group"].agg(separator.join)
    record["weakest"] = record["rep"].map(groups)
    needs = projects.set_index("rep")
    for key in ("project", "company_need", "personal_need", "sales_need"):
        record[key] = record["rep"].map(needs[key])
    return record[HISTORY_KEYS].reset_index(drop=True)


def merge(past: pd.DataFrame, record: pd.DataFrame) -> pd.DataFrame:
    """Past sessions plus this one; closing the same date again replaces that date's rows."""
    dates = set(record["date"])
    kept = past[~past["date"].isin(dates)]
    frames = [frame for frame in (kept, record) if not frame.empty]  # concat warns on empty frames
    both = pd.concat(frames, ignore_index=True) if frames else record
    return both.sort_values(["date", "rank"], kind="stable").reset_index(drop=True)[HISTORY_KEYS]


def progress(history: pd.DataFrame, rep: str) -> pd.DataFrame:
    """The rep's total per session in date order, with the change since their previous session."""
    mine = history[(history["rep"] == rep) & history["date"].notna()].sort_values("date", kind="stable")
    out = mine[["date", "total", "rank"]].copy()
    out["change"] = out["total"].diff()
    return out[PROGRESS_COLUMNS].reset_index(drop=True)
