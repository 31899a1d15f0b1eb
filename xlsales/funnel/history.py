"""Weekly snapshots of the funnel and what changed between two of them."""

import datetime as dt
from typing import Any

import pandas as pd

from xlsales.funnel.vocab import LOST, STATUS, WON
from xlsales.table import to_date

SNAPSHOT_FIELDS = ["id", "owner", "customer", "stage", "status", "amount", "close_date"]
NEW, MOVED, SLIPPED, WON_SINCE, LOST_SINCE, GONE = "new", "moved", "slipped", "won", "lost", "removed"


def snapshot(deals: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The deals' fields worth comparing week to week, stamped with the snapshot date."""
    frame = deals.loc[deals["id"].notna(), SNAPSHOT_FIELDS].copy()
    frame.insert(0, "snapshot", pd.Timestamp(as_of))
    return frame.reset_index(drop=True)


def changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """One row per change since `previous`: new, moved (stage), slipped (later close date), won, lost, removed."""
    merged = previous.merge(current, on="id", how="outer", suffixes=("_before", "_now"), indicator=True)
    rows: list[pd.DataFrame] = []

    def pick(mask: pd.Series, kind: str, before: str, now: str) -> None:
        part = merged.loc[mask, ["id"]].copy()
        part["change"] = kind
        part["before"] = merged.loc[mask, before].astype(object) if before else None
        part["now"] = merged.loc[mask, now].astype(object) if now else None
        part["amount"] = merged.loc[mask, "amount_now"].fillna(merged.loc[mask, "amount_before"])
        rows.append(part)

    both = merged["_merge"] == "both"
    pick(merged["_merge"] == "right_only", NEW, "", "stage_now")
    pick(merged["_merge"] == "left_only", GONE, "stage_before", "")
    became = both & (merged["status_before"] != merged["status_now"])
    pick(became & (merged["status_now"] == WON), WON_SINCE, "status_before", "status_now")
    pick(became & (merged["status_now"] == LOST), LOST_SINCE, "status_before", "status_now")
    pick(both & (merged["stage_before"] != merged["stage_now"]), MOVED, "stage_before", "stage_now")
    pick(both & (merged["close_date_now"] > merged["close_date_before"]), SLIPPED, "close_date_before", "close_date_now")
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["id", "change", "before", "now", "amount"])
    return out.sort_values(["change", "id"], kind="stable").reset_index(drop=True)


def read_snapshots(rows: list[list[Any]]) -> pd.DataFrame:
    """Earlier snapshots as the history sheet holds them (header, then snapshot date and SNAPSHOT_FIELDS
    per row), statuses back to their keys."""
    statuses = {spelling: key for key, label in STATUS.items() for spelling in (label.zh, label.en)}
    fields = ["snapshot"] + SNAPSHOT_FIELDS
    body = [list(r[:len(fields)]) + [None] * (len(fields) - len(r)) for r in rows[1:]
            if r and r[0] not in (None, "")]
    frame = pd.DataFrame(body, columns=fields)
    for key in ("snapshot", "close_date"):
        frame[key] = frame[key].map(to_date)
        frame[key] = pd.to_datetime(frame[key])
    frame["status"] = frame["status"].map(lambda s: statuses.get(s, s))
    frame["amount"] = pd.to_numeric(frame["amount"], errors="coerce")
    return frame


def take_snapshot(past: pd.DataFrame, deals: pd.DataFrame, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The history with this week's snapshot (re-running on the same day replaces that day's, never another's),
    and the changes since the latest snapshot taken before `as_of` — the same list however often it is run."""
    current = snapshot(deals, as_of)
    day = pd.Timestamp(as_of)
    earlier = past[past["snapshot"] < day]
    previous = earlier[earlier["snapshot"] == earlier["snapshot"].max()] if len(earlier) else current.iloc[0:0]
    changed = changes(previous.drop(columns="snapshot"), current.drop(columns="snapshot"))
    kept = past[past["snapshot"] != day]
    history = pd.concat([kept, current], ignore_index=True) if len(kept) else current
    return history.sort_values("snapshot", kind="stable").reset_index(drop=True), changed
