"""Funnel figures. Each takes the deals and stages frames from `xlsales.funnel.inputs` and is vectorised.

Conventions (the template's native formulas follow the same ones):
- Only open deals (跟踪) count in the funnel, the pipeline and the forecast of what is still to win.
- A won deal has reached every stage; a lost deal reached the stage it was lost in. So among
  closed deals, those that reached stage s are all won deals plus the lost ones at stage >= s.
- Dates are whole days; a period is inclusive at both ends.
"""

import datetime as dt

import numpy as np
import pandas as pd

from xlsales.funnel.vocab import CLOSED, LOST, OMITTED, OPEN, PAUSED, WON

SUMMARY_COLUMNS = ["stage", "order", "probability", "count", "amount", "weighted"]


def _open(deals: pd.DataFrame) -> pd.DataFrame:
    return deals[deals["status"] == OPEN]


def _of_stage(deals: pd.DataFrame, stages: pd.DataFrame, key: str) -> pd.Series:
    """Each deal's stage's `key` (order, probability, category...); NaN for a deal in no known stage."""
    return deals["stage"].map(stages.set_index("stage")[key]).astype(object if key == "category" else "float64")


def weighted_amounts(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    """Per deal: amount × its stage's probability when open in a known stage, else 0. Every weighted figure
    (pipeline, forecast, per stage, per rep) sums this; the workbook's Deals[加权金额] column is its twin."""
    probability = _of_stage(deals, stages, "probability")
    counts = (deals["status"] == OPEN).to_numpy() & probability.notna().to_numpy()
    return pd.Series(np.where(counts, deals["amount"].fillna(0).to_numpy() * probability.fillna(0).to_numpy(), 0.0),
                     index=deals.index)


def _in_funnel(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    """Open deals in a known stage: what the funnel counts."""
    return (deals["status"] == OPEN) & _of_stage(deals, stages, "order").notna()


def stage_summary(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Count, amount and weighted amount of open deals per stage, every stage listed in order."""
    counted = deals[_in_funnel(deals, stages)]
    grouped = counted.groupby("stage", sort=False, observed=True)["amount"].agg(["size", "sum"])
    out = stages[["stage", "order", "probability"]].copy()
    out["count"] = out["stage"].map(grouped["size"]).fillna(0).astype(int)
    out["amount"] = out["stage"].map(grouped["sum"]).fillna(0.0)
    out["weighted"] = out["amount"] * out["probability"].fillna(0.0)
    return out[SUMMARY_COLUMNS].reset_index(drop=True)


def weighted_pipeline(deals: pd.DataFrame, stages: pd.DataFrame) -> float:
    """Σ amount × stage probability over open deals."""
    return float(weighted_amounts(deals, stages).sum())


def total_pipeline(deals: pd.DataFrame, stages: pd.DataFrame) -> float:
    """Σ amount over open deals in a known stage (the unweighted counterpart of weighted_pipeline)."""
    return float(deals.loc[_in_funnel(deals, stages), "amount"].fillna(0).sum())


def _closing(deals: pd.DataFrame, start: dt.date, end: dt.date) -> pd.Series:
    return (deals["close_date"] >= pd.Timestamp(start)) & (deals["close_date"] <= pd.Timestamp(end))


def forecast_period(deals: pd.DataFrame, stages: pd.DataFrame, start: dt.date, end: dt.date) -> float:
    """Weighted amount of open deals expected to close in [start, end] (销售预测)."""
    return float(weighted_amounts(deals, stages)[_closing(deals, start, end)].sum())


def _by_period(deals: pd.DataFrame, stages: pd.DataFrame, months: int) -> pd.DataFrame:
    """Sums per period of `months` months, keyed by the period's first month (integer arithmetic, no Periods)."""
    dated = deals["close_date"].notna().to_numpy()
    weighted = weighted_amounts(deals, stages).to_numpy()[dated]
    in_funnel = _in_funnel(deals, stages).to_numpy()[dated]
    amount = deals["amount"].fillna(0).to_numpy()[dated]
    close = deals["close_date"][dated]
    month_index = close.dt.year.to_numpy() * 12 + close.dt.month.to_numpy() - 1
    frame = pd.DataFrame({
        "key": month_index - month_index % months,
        "weighted": weighted,
        "open_amount": np.where(in_funnel, amount, 0.0),
        "won": np.where((deals["status"] == WON).to_numpy()[dated], amount, 0.0),
    })
    out = frame.groupby("key", sort=True)[["weighted", "open_amount", "won"]].sum().reset_index()
    year, month = out["key"] // 12, out["key"] % 12 + 1
    label = (year.astype(str) + "Q" + ((month - 1) // 3 + 1).astype(str) if months == 3
             else year.astype(str) + "-" + month.map("{:02d}".format))
    out.insert(0, "period", label)
    return out.drop(columns="key")


def weighted_by_owner(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    """Weighted open pipeline per owner."""
    return weighted_amounts(deals, stages).groupby(deals["owner"], observed=True).sum()


def forecast_by_month(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Per close month (YYYY-MM): weighted open amount, open amount, won amount."""
    return _by_period(deals, stages, 1)


def forecast_by_quarter(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Per close quarter (YYYYQn): weighted open amount, open amount, won amount."""
    return _by_period(deals, stages, 3)


def deal_categories(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    """Forecast category per deal: open deals take their stage's; won → Closed; paused → Omitted; lost → none."""
    category = _of_stage(deals, stages, "category")
    category = category.where(deals["status"] == OPEN)
    category = category.mask(deals["status"] == WON, CLOSED).mask(deals["status"] == PAUSED, OMITTED)
    return category


def forecast_by_category(deals: pd.DataFrame, stages: pd.DataFrame, start: dt.date | None = None,
                         end: dt.date | None = None) -> pd.Series:
    """Unweighted amount per forecast category, for deals closing in [start, end] when given."""
    category = deal_categories(deals, stages)
    inside = pd.Series(True, index=deals.index)
    if start is not None:
        inside &= deals["close_date"] >= pd.Timestamp(start)
    if end is not None:
        inside &= deals["close_date"] <= pd.Timestamp(end)
    return deals.loc[inside, "amount"].fillna(0).groupby(category[inside], observed=True).sum()


def win_rate(deals: pd.DataFrame, owner: str | None = None) -> float | None:
    """Won ÷ (won + lost); None when there is no closed deal to judge by."""
    scope = deals if owner is None else deals[deals["owner"] == owner]
    won = int((scope["status"] == WON).sum())
    lost = int((scope["status"] == LOST).sum())
    return won / (won + lost) if won + lost else None


def win_rates_by_owner(deals: pd.DataFrame) -> pd.DataFrame:
    closed = deals[deals["status"].isin([WON, LOST]) & deals["owner"].notna()]
    counts = pd.crosstab(closed["owner"], closed["status"]).reindex(columns=[WON, LOST], fill_value=0)
    out = pd.DataFrame({"owner": counts.index, "won": counts[WON].to_numpy(), "lost": counts[LOST].to_numpy()})
    out["win_rate"] = out["won"] / (out["won"] + out["lost"])
    return out.reset_index(drop=True)


def win_rate_by_stage_reached(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Per stage: closed deals that reached it, how many were won, and the win rate (the calibrated probability)."""
    won = int((deals["status"] == WON).sum())
    lost = deals[deals["status"] == LOST]
    lost_at = _of_stage(lost, stages, "order").dropna().value_counts()
    out = stages[["stage", "order", "probability"]].copy()
    lost_from = [int(lost_at[lost_at.index >= order].sum()) for order in out["order"]]
    out["reached"] = [won + lost for lost in lost_from]
    out["won"] = won
    out["win_rate"] = out["won"] / out["reached"].replace(0, np.nan)
    return out.reset_index(drop=True)


def stage_conversion(deals: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Closed deals that reached each stage and the share of them that went on to the next one."""
    reached = win_rate_by_stage_reached(deals, stages)
    out = pd.DataFrame({
        "from_stage": reached["stage"].iloc[:-1].to_numpy(),
        "to_stage": reached["stage"].iloc[1:].to_numpy(),
        "reached_from": reached["reached"].iloc[:-1].to_numpy(),
        "reached_to": reached["reached"].iloc[1:].to_numpy(),
    })
    out["conversion"] = out["reached_to"] / out["reached_from"].replace(0, np.nan)
    return out


def calibrate(deals: pd.DataFrame, stages: pd.DataFrame, min_closed: int = 20) -> pd.DataFrame:
    """Stage probabilities from closed history; stages with fewer than `min_closed` closed deals keep theirs.

    Stage rates are population statistics (seed 002): with thin data one lucky deal moves a
    rate a lot, so a thin stage is flagged and left unchanged rather than overwritten.
    """
    reached = win_rate_by_stage_reached(deals, stages)
    thin = reached["reached"] < min_closed
    return pd.DataFrame({
        "stage": reached["stage"],
        "current": reached["probability"],
        "history": reached["win_rate"],
        "closed_deals": reached["reached"],
        "thin": thin,
        "calibrated": reached["probability"].where(thin, reached["win_rate"]),
    })


def bottleneck(deals: pd.DataFrame, stages: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Which stage breaks the funnel's proportion.

    A deal in stage s wins with probability p_s, so the share of deals that reach s is
    p_1/p_s and, with similar time spent per stage, a healthy funnel holds open deals in
    proportion to 1/p_s. A stage holding under `threshold` × its expected share is short;
    the shortest one is the bottleneck to refill (seed 001). When several are equally short (three
    empty stages), the first of them is: deals must pass it before they can reach the others.
    """
    summary = stage_summary(deals, stages)
    inverse = 1 / summary["probability"].where(summary["probability"] > 0)
    total = summary["count"].sum()
    summary["share"] = summary["count"] / total if total else np.nan
    summary["expected_share"] = inverse / inverse.sum()
    summary["ratio"] = summary["share"] / summary["expected_share"]
    shortest = (summary["ratio"] == summary["ratio"].min()) & (summary["ratio"] < threshold)
    summary["bottleneck"] = shortest & ~shortest.shift(fill_value=False).cumsum().astype(bool)
    return summary[["stage", "count", "share", "expected_share", "ratio", "bottleneck"]]


def _days_since(dates: pd.Series, as_of: dt.date) -> pd.Series:
    return (pd.Timestamp(as_of) - dates).dt.days


def stale(deals: pd.DataFrame, stages: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per open deal: days in stage, days idle and whether either is over its stage's limit (停滞).

    Missing 'in stage since' falls back to the created date, missing last activity to the
    stage date: a deal nobody dated is treated as old, not as fresh.
    """
    scope = _open(deals)
    limits = stages.set_index("stage")[["max_days_in_stage", "max_days_idle"]]
    since = scope["stage_since"].fillna(scope["created"])
    activity = scope["last_activity"].fillna(since)
    out = pd.DataFrame({"row": scope["row"], "days_in_stage": _days_since(since, as_of),
                        "days_idle": _days_since(activity, as_of)})
    stage_limit = scope["stage"].map(limits["max_days_in_stage"]).astype("float64")
    idle_limit = scope["stage"].map(limits["max_days_idle"]).astype("float64")
    out["stale"] = (out["days_in_stage"] > stage_limit) | (out["days_idle"] > idle_limit)
    return out.reset_index(drop=True)


def slipped(deals: pd.DataFrame, as_of: dt.date, max_pushes: float = 3) -> pd.DataFrame:
    """Per open deal: pushed `max_pushes` times or more, or its expected close date has passed (延误)."""
    scope = _open(deals)
    late = (scope["pushes"].fillna(0) >= max_pushes) | (scope["close_date"] < pd.Timestamp(as_of))
    return pd.DataFrame({"row": scope["row"], "slipped": late}).reset_index(drop=True)


def deal_alerts(deals: pd.DataFrame, stages: pd.DataFrame, as_of: dt.date, max_pushes: float = 3) -> pd.DataFrame:
    """Per open deal: its ID and stage, days in stage, days idle, stale and slipped."""
    out = stale(deals, stages, as_of)
    out.insert(0, "id", _open(deals)["id"].to_numpy())
    out.insert(1, "stage", _open(deals)["stage"].to_numpy())
    out["slipped"] = slipped(deals, as_of, max_pushes)["slipped"].to_numpy()
    return out


def sales_cycle(deals: pd.DataFrame) -> dict[str, float | int | None]:
    """Days from deal created to close for won deals (the close date of a won deal is its expected close date)."""
    won = deals[(deals["status"] == WON) & deals["created"].notna() & deals["close_date"].notna()]
    days = (won["close_date"] - won["created"]).dt.days
    if days.empty:
        return {"deals": 0, "mean_days": None, "median_days": None}
    return {"deals": int(days.size), "mean_days": float(days.mean()), "median_days": float(days.median())}


def deal_figures(deals: pd.DataFrame, stages: pd.DataFrame, as_of: dt.date, max_pushes: float = 3) -> pd.DataFrame:
    """Per deal, what the Deals table's calculated columns show: the stage's row, order and probability, the
    weighted amount and forecast category, and for open deals days in stage, days idle, stale and slipped
    (NaN where the sheet shows a blank)."""
    positions = pd.Series(range(1, len(stages) + 1), index=stages["stage"])
    in_funnel = _in_funnel(deals, stages)
    out = pd.DataFrame({
        "status": deals["status"].astype(object),
        "stage_row": deals["stage"].map(positions).astype("float64"),
        "stage_order": _of_stage(deals, stages, "order"),
        "probability": _of_stage(deals, stages, "probability"),
        "weighted": weighted_amounts(deals, stages).where(in_funnel),
        "category": deal_categories(deals, stages),
    }, index=deals.index)
    alerts = deal_alerts(deals, stages, as_of, max_pushes).set_axis(deals.index[deals["status"] == OPEN])
    for key in ("days_in_stage", "days_idle", "stale", "slipped"):
        out[key] = alerts[key].reindex(deals.index)
    return out
