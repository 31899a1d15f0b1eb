"""Today's call list (seed 002, 确定每日 call list): from each rep's customers, pick the day's N (60).

The text: a rep holds 1000 customers; 60 calls a day over 22 working days covers all of them in a month;
call first those at progress 4 or 5, with good intent, or whose contract has expired; after each call the
rep sets the next call date. The rules, in order:

1. Who is called at all: a customer whose next-call date is today or past (due), or who has no next-call
   date and is not under contract. A future next-call date means "not before then"; a customer under
   contract (code 6 or status 合同中) needs no call until a date is due.
2. Order, each step only breaking the previous one's ties:
   a. due before not due;
   b. the text's priority customers first: progress 4 or 5, intent 成交意向好 or better, or contract expired;
   c. progress stage: 5, 4, 7, 3, 2, 1, 0, then 6 (closest to signing first, renewals next, cold last);
   d. intent, strongest first (blank last);
   e. days overdue, most first (counted up to 99);
   f. days since last contact, longest first; never contacted counts as 99 (counted up to 99);
   g. the customer higher up the list.
Steps a-f are one whole-number priority score (higher first), so a sheet can rank it with COUNTIF.
"""

import datetime as dt
from typing import NamedTuple

import pandas as pd

from xlsales.accounts.settings import CALLS_PER_DAY, WORKING_DAYS
from xlsales.accounts.vocab import CONTRACT_EXPIRED, INTENT_LEVEL, UNDER_CONTRACT
from xlsales.precision import round_up
from xlsales.problems import UserError

HOT_CODES = (4, 5)
HOT_INTENT = 4  # 成交意向好
STAGE_ORDER = [6, 0, 1, 2, 3, 7, 4, 5]  # lowest priority first; the index is the stage's weight
DAY_CAP = 99
# digit positions of the score: due | priority | stage | intent | overdue (2 digits) | idle (2 digits)
WEIGHTS = {"due": 10**7, "hot": 10**6, "stage": 10**5, "intent": 10**4, "overdue": 10**2, "idle": 1}
PRIORITY_COLUMNS = ["customer", "owner", "progress", "intent", "contract", "next_call", "last_contact", "callable",
                    "due", "hot", "score", "rank"]


class Coverage(NamedTuple):
    customers: int
    days_to_cover: int  # working days to call every customer once
    monthly_share: float  # share of customers reached in one month of working days (at most 1)


def coverage(customers: int, per_day: int = CALLS_PER_DAY, working_days: float = WORKING_DAYS) -> Coverage:
    """1000 customers at 60 a day: 17 days, so 100% within a 22-day month."""
    if per_day <= 0:
        raise UserError("每日拨打数须大于 0 / calls per day must be above 0")
    return Coverage(customers, int(round_up(customers / per_day)), min(1.0, per_day * working_days / customers)
                    if customers else 1.0)


def priorities(customers: pd.DataFrame, as_of: dt.date, owner: str | None = None,
               per_owner: bool = False) -> pd.DataFrame:
    """Every customer with callable, due, priority flags, score and rank (1 = call first; NaN = no call
    today). With `owner`, only that owner's customers are ranked; with `per_owner`, each owner's apart."""
    day = pd.Timestamp(as_of)
    out = customers.copy()
    contract = customers["contract"].astype(object)
    intent = customers["intent"].astype(object).map(INTENT_LEVEL).fillna(0).astype(int)
    next_call, last = customers["next_call"], customers["last_contact"]
    out["due"] = next_call.notna() & (next_call <= day)
    under_contract = (customers["progress"] == 6) | (contract == UNDER_CONTRACT)
    out["callable"] = out["due"] | (next_call.isna() & ~under_contract & customers["progress"].notna())
    if owner is not None:  # compared as Excel's = compares: letter case does not count
        out["callable"] &= customers["owner"].astype(object).map(
            lambda v: isinstance(v, str) and v.casefold() == owner.casefold()).astype(bool)
    out["hot"] = (customers["progress"].isin(HOT_CODES) | (intent >= HOT_INTENT) | (contract == CONTRACT_EXPIRED)
                  | (customers["progress"] == 7))
    stage = customers["progress"].map({code: weight for weight, code in enumerate(STAGE_ORDER)}).fillna(0)
    overdue = (day - next_call).dt.days.where(out["due"], 0).clip(0, DAY_CAP)
    idle = (day - last).dt.days.fillna(DAY_CAP).clip(0, DAY_CAP)
    score = (out["due"].astype(int) * WEIGHTS["due"] + out["hot"].astype(int) * WEIGHTS["hot"]
             + stage.astype(int) * WEIGHTS["stage"] + intent * WEIGHTS["intent"]
             + overdue.astype(int) * WEIGHTS["overdue"] + idle.astype(int) * WEIGHTS["idle"])
    out["score"] = score.where(out["callable"])
    ranked = out[out["callable"]].sort_values("score", ascending=False, kind="stable")
    groups = ranked.groupby(ranked["owner"].astype(object).fillna(""), sort=False) if per_owner else None
    order = groups.cumcount() if groups is not None else pd.Series(range(len(ranked)), index=ranked.index)
    out["rank"] = (order + 1).reindex(out.index).astype(float)
    return out[PRIORITY_COLUMNS]


def call_list(customers: pd.DataFrame, as_of: dt.date, n: int = CALLS_PER_DAY, owner: str | None = None,
              per_owner: bool = False) -> pd.DataFrame:
    """Today's list: the first `n` by rank (per owner with `per_owner`), in call order."""
    if n < 1:
        raise UserError("每日拨打数须至少为 1 / calls per day must be at least 1")
    ranked = priorities(customers, as_of, owner, per_owner)
    chosen = ranked[ranked["rank"] <= n]
    if not per_owner:
        return chosen.sort_values("rank", kind="stable").reset_index(drop=True)
    owners = {name: i for i, name in enumerate(dict.fromkeys(customers["owner"].astype(object).fillna("")))}
    position = chosen["owner"].astype(object).fillna("").map(owners)  # owners in the order the list has them
    return chosen.assign(_o=position).sort_values(["_o", "rank"], kind="stable").drop(columns="_o").reset_index(
        drop=True)
