"""Review scores: element score per listener, per-rep averages, spread, rank, weakest groups, next actions.

Conventions (the template's native formulas follow the same ones):
- A listener's element score = 60 × rating points ÷ (2 × checkpoints they rated). Checkpoints
  they left blank are excluded (and reported by session.py), so the score stays on the 60 scale
  whatever the catalogue size or the gaps.
- A rep's element, logic and presentation scores are each the average over the listeners who
  gave that part; the total is their sum (out of 100). A rep missing a part has no total and
  no rank.
- Spread = highest minus lowest total among the listeners who gave all three parts.
- Rank: 1 + how many totals are higher; totals within TOLERANCE are equal and share a rank (1, 1, 3), so
  float noise in the averages never splits a tie (the summary's native twin: layout._rank).
- A group's clarity = its rating points ÷ (2 × its rated checkpoints), over all listeners:
  1 when everyone found every checkpoint clear, 0 when nobody knew any. Below 0.75 (e.g. half
  clear, half fuzzy) a group is weak and gets a next action; at or above it, it is kept.
"""

import numpy as np
import pandas as pd

from xlsales.i18n import Text
from xlsales.precision import TOLERANCE
from xlsales.review.catalogue import find_group
from xlsales.review.vocab import ELEMENT_MAX, FILL, KEEP, MAX_POINTS, PART, PART_MAX
from xlsales.problems import UserError

SCORE_PARTS = ["element", "logic", "presentation"]
RANKING_COLUMNS = ["rep", "listeners", "element", "logic", "presentation", "total", "spread", "rank", "first"]
KEEP_AT = 0.75  # a group at least this clear is a strength to keep; below it, a gap to act on
WEAKEST_COUNT = 3
UNCLEAR_LISTED = 3  # checkpoints named in a next action


def element_scores(ratings: pd.DataFrame) -> pd.DataFrame:
    """Per (rep, listener): checkpoints rated, left blank, points and the element score out of 60."""
    grouped = ratings.groupby(["rep", "listener"], sort=False)["points"]
    out = grouped.agg(rated="count", checkpoints="size", points="sum").reset_index()
    out["missing"] = out["checkpoints"] - out["rated"]
    out["element"] = (ELEMENT_MAX * out["points"] / (MAX_POINTS * out["rated"])).where(out["rated"] > 0)
    return out[["rep", "listener", "rated", "missing", "points", "element"]]


def listener_scores(ratings: pd.DataFrame, panel: pd.DataFrame) -> pd.DataFrame:
    """One row per (rep, listener) column: element score from the ratings, logic and presentation as typed."""
    scores = panel[["rep", "listener", "logic", "presentation"]].merge(
        element_scores(ratings)[["rep", "listener", "rated", "missing", "element"]], on=["rep", "listener"], how="left")
    scores["rated"] = scores["rated"].fillna(0).astype(int)
    scores["missing"] = scores["missing"].fillna(0).astype(int)
    return scores[["rep", "listener", "rated", "missing", "element", "logic", "presentation"]]


def total_score(parts: dict[str, list[float]]) -> float:
    """73要素 + 逻辑与思路 + 形态与展示 out of 100, each part the average of its listeners' values."""
    total = 0.0
    for part, maximum in PART_MAX.items():
        values = parts.get(part) or []
        if not values:
            raise UserError(f"缺少「{PART[part].zh}」 / '{PART[part].en}' is missing")
        if not all(0 <= v <= maximum for v in values):
            raise UserError(f"「{PART[part].zh}」应为 0–{maximum:g} 分 / '{PART[part].en}' must be from 0 to {maximum:g}")
        total += sum(values) / len(values)
    return total


def ranking(scores: pd.DataFrame, reps: list[str] | None = None) -> pd.DataFrame:
    """Per rep (in `reps` order, else first appearance): listeners, averages, total, spread, rank, first place.

    `scores` has one row per listener's score of a rep: rep, element, logic, presentation (listener optional).
    """
    frame = scores.dropna(subset=["rep"])
    parts = frame[SCORE_PARTS].astype("float64")
    listener_total = parts.sum(axis=1, min_count=3)
    grouped = parts.assign(rep=frame["rep"], listener_total=listener_total,
                           scored=parts.notna().any(axis=1)).groupby("rep", sort=False)
    out = grouped[SCORE_PARTS].mean()
    out.insert(0, "listeners", grouped["scored"].sum().astype(int))
    out["total"] = out[SCORE_PARTS].sum(axis=1, min_count=3)
    out["spread"] = grouped["listener_total"].max() - grouped["listener_total"].min()
    order = list(dict.fromkeys((reps or []) + list(out.index)))
    out = out.reindex(order)
    out["listeners"] = out["listeners"].fillna(0).astype(int)
    out["rank"] = ranks(out["total"])
    out["first"] = out["rank"] == 1
    return out.rename_axis("rep").reset_index()[RANKING_COLUMNS]


def below_pass_mark(ranking: pd.DataFrame, pass_mark: float) -> pd.Series:
    """Per rep of a ranking: is the total under the pass mark (by more than TOLERANCE)? No total is not below."""
    return ranking["total"] < pass_mark - TOLERANCE


def ranks(totals: pd.Series) -> pd.Series:
    """1 + how many totals are higher by more than TOLERANCE; NaN for a missing total."""
    values = totals.to_numpy(dtype=np.float64)
    known = np.sort(values[~np.isnan(values)])
    higher = len(known) - np.searchsorted(known, values + TOLERANCE, side="right")
    return pd.Series(np.where(np.isnan(values), np.nan, 1.0 + higher), index=totals.index)


def group_clarity(ratings: pd.DataFrame) -> pd.DataFrame:
    """Per (rep, group), groups in catalogue order: rated checkpoints, points and clarity (0–1)."""
    rated = ratings[ratings["points"].notna()]
    out = rated.groupby(["rep", "group"], sort=False)["points"].agg(rated="count", points="sum").reset_index()
    out["clarity"] = out["points"] / (MAX_POINTS * out["rated"])
    order = {g: i for i, g in enumerate(dict.fromkeys(ratings["group"]))}
    out["order"] = out["group"].map(order)
    return out.sort_values(["rep", "order"], kind="stable").drop(columns="order").reset_index(drop=True)


def weakest_groups(ratings: pd.DataFrame, count: int = WEAKEST_COUNT) -> pd.DataFrame:
    """Per rep, the `count` least clear of its weak groups (clarity below KEEP_AT; ties in catalogue order)."""
    clarity = group_clarity(ratings)
    reps = list(dict.fromkeys(ratings["rep"]))
    weak = clarity[clarity["clarity"] < KEEP_AT].sort_values("clarity", kind="stable")
    weak = weak.groupby("rep", sort=False).head(count)
    weak = weak.assign(rep_order=weak["rep"].map({r: i for i, r in enumerate(reps)}))
    return (weak.sort_values(["rep_order", "clarity"], kind="stable").drop(columns="rep_order")
            .reset_index(drop=True))


def next_actions(ratings: pd.DataFrame, count: int = WEAKEST_COUNT) -> pd.DataFrame:
    """Per rep: fill in (or ask support for) each of its weakest groups, naming the least clear checkpoints,
    then keep the groups already clear. Columns: rep, kind, group (Text), clarity, action (Text)."""
    weak = weakest_groups(ratings, count)
    per_element = (ratings[ratings["points"].notna()].groupby(["rep", "group", "no"], sort=False)
                   .agg(question=("question", "first"), points=("points", "mean")).reset_index())
    unclear = per_element[per_element["points"] < MAX_POINTS].sort_values("points", kind="stable")
    clarity = group_clarity(ratings)
    rows: list[dict[str, object]] = []
    for rep in dict.fromkeys(ratings["rep"]):
        for w in weak[weak["rep"] == rep].itertuples():
            known = find_group(str(w.group))
            questions = list(unclear[(unclear["rep"] == rep) & (unclear["group"] == w.group)]["question"])
            questions = questions[:UNCLEAR_LISTED]
            hint = known.hint if known else Text(f"补齐「{w.group}」", f"Complete '{w.group}'")
            rows.append({"rep": rep, "kind": known.action if known else FILL, "group": Text(w.group, w.group),
                         "clarity": w.clarity,
                         "action": Text(f"{hint.zh}。待弄清:{'；'.join(questions)}",
                                        f"{hint.en}. To find out: {'; '.join(questions)}")})
        strong = clarity[(clarity["rep"] == rep) & (clarity["clarity"] >= KEEP_AT)]
        if not strong.empty:
            names = Text("、".join(strong["group"]), ", ".join(strong["group"]))
            rows.append({"rep": rep, "kind": KEEP, "group": names,
                         "clarity": float(strong["points"].sum() / (MAX_POINTS * strong["rated"].sum())),
                         "action": Text(f"保持:{names.zh} 已清楚,照现在的做法继续",
                                        f"Keep: {names.en} are clear; carry on as now")})
    return pd.DataFrame(rows, columns=["rep", "kind", "group", "clarity", "action"])
