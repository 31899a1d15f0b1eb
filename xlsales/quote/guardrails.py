"""The quoting pitfalls of seed 001 (报价误区), checked on every revision.

- 完全套客户的预算: the total equals the customer's budget exactly (to the fen);
- 一个总价,讲不清楚价格是如何计算出来的: a total without all three parts listed;
- 几次报价差别太大,失去客户信任: the total moved more than `max_swing` from the previous revision;
- 一次到底,再无余地: room left (total − floor) below `min_room` × total, or negative;
- 报价和客户的预算差距巨大: the total above `far_ratio` × the budget.
"""

import pandas as pd

from xlsales.i18n import Text
from xlsales.precision import TOLERANCE
from xlsales.quote.vocab import HALF_FEN, PART, PARTS

BUDGET_MATCH, SINGLE_TOTAL, BIG_SWING, NO_ROOM, FAR_ABOVE = (
    "budget_match", "single_total", "big_swing", "no_room", "far_above_budget")
GUARDRAILS = {
    BUDGET_MATCH: Text("完全套客户预算", "Equals the budget"),
    SINGLE_TOTAL: Text("一个总价没有拆分", "One total, no parts"),
    BIG_SWING: Text("与上版差别太大", "Big swing"),
    NO_ROOM: Text("一次到底无余地", "No room left"),
    FAR_ABOVE: Text("远超客户预算", "Far above budget"),
}
WHY = {
    BUDGET_MATCH: Text("合计与客户预算分毫不差,客户会认为价格是按预算凑出来的",
                       "the total equals the customer's budget to the fen; the price looks made to fit the budget"),
    SINGLE_TOTAL: Text("缺少{parts}:报价应拆成软件许可、培训/交付、服务年费,免费的也列出",
                       "{parts} missing: split the quote into license, training & delivery and annual service, "
                       "listing free items too"),
    BIG_SWING: Text("合计比上一版变动 {change},超过 {limit},几次报价差别太大会失去客户信任",
                    "the total moved {change} from the previous revision, over {limit}; quotes that jump lose "
                    "the customer's trust"),
    NO_ROOM: Text("余地只剩 {room}(合计的 {share}),低于 {limit},再要降价已无处可让",
                  "only {room} of room left ({share} of the total), under {limit}; nothing left to give "
                  "next time"),
    FAR_ABOVE: Text("合计是客户预算的 {ratio} 倍,超过 {limit} 倍,差距巨大",
                    "the total is {ratio} × the customer's budget, over {limit} ×; too far apart"),
}


def check_revisions(revisions: pd.DataFrame, max_swing: float, min_room: float, far_ratio: float) -> pd.DataFrame:
    """Per revision (table order): change and change share vs the previous one, room, and one flag per guardrail
    (the native twins: the revisions table's calculated columns, xlsales.quote.layout.REVISION_FIGURES)."""
    out = revisions.copy()
    previous = out["total"].shift(1)
    out["change"] = out["total"] - previous
    out["change_share"] = out["change"] / previous.where(previous > 0)
    out["room"] = out["total"] - out["floor"]
    budget = out["budget"]
    out[BUDGET_MATCH] = budget.notna() & ((out["total"] - budget).abs() < HALF_FEN)
    out[SINGLE_TOTAL] = out[PARTS].isna().any(axis=1)
    out[BIG_SWING] = out["change_share"].abs() > max_swing + TOLERANCE
    out[NO_ROOM] = out["room"].notna() & (out["room"] < min_room * out["total"] - TOLERANCE)
    out[FAR_ABOVE] = (budget > 0) & (out["total"] > far_ratio * budget + TOLERANCE)
    return out


def warnings(checked: pd.Series, max_swing: float, min_room: float, far_ratio: float) -> list[tuple[str, Text]]:
    """The triggered guardrails of one checked revision, each with why in both languages and its figures."""
    missing = [p for p in PARTS if pd.isna(checked[p])]
    total, budget, room = checked["total"], checked["budget"], checked["room"]
    shared = {
        "change": f"{checked['change_share']:+.1%}" if pd.notna(checked["change_share"]) else "",
        "room": f"¥{room:,.2f}" if pd.notna(room) else "",
        "share": f"{room / total:.1%}" if pd.notna(room) and total else "",
        "ratio": f"{total / budget:.2f}" if pd.notna(budget) and budget else "",
        "limit": "",
    }
    limits = {BIG_SWING: f"{max_swing:.0%}", NO_ROOM: f"{min_room:.0%}", FAR_ABOVE: f"{far_ratio:g}"}
    found = []
    for key in GUARDRAILS:
        if bool(checked[key]):
            figures = shared | {"limit": limits.get(key, "")}
            found.append((key, Text(WHY[key].zh.format(parts="、".join(PART[p].zh for p in missing), **figures),
                                    WHY[key].en.format(parts=", ".join(PART[p].en for p in missing), **figures))))
    return found
