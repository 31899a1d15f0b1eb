"""Contract mix → deals → opportunities → visits → pace (seed 001, 业务量分解).

Per mix line (product line, unit price, count):
- amount = unit price × count; the text's own rounded amounts (8千 × 12 = 9.6万 "≈ 10万") are
  kept beside it, never in its place;
- opportunities needed = count ÷ win rate (every opportunity worked, won or lost);
- visits needed = visits per deal × count ÷ win rate, i.e. visits over every opportunity worked
  (the text's 252 = 8×3×3 + 3×12×3 + 1.5×24×2);
- an optional opportunities-per-deal override (the text's 10/6/5, giving its 222) is kept
  beside count ÷ win rate (93 for the same lines), and it is the one the opportunity pace uses,
  since a manager who types it means it. Visits always follow the win rate.
Lines without a win rate or visits per deal (耗材, 服务费: repeat or attached sales) need no
opportunities or visits; they count in the amount only.

Pace = period total ÷ working weeks (per week) or ÷ months (per month); weekly figures are also
given rounded up, as a rep plans whole visits.
"""

import math

import pandas as pd

from xlsales.precision import TOLERANCE, round_up
from xlsales.problems import ArgumentError, UserError
from xlsales.quota.vocab import COLLECTED, FUNNEL_ORDER, MIX_COLUMNS, OPPORTUNITIES, SIGNED, VISITS, folded


LINE_COLUMNS = ["rep", "product_line", "unit_price", "count", "amount", "stated_amount", "rounding",
                "visits_per_deal", "win_rate", "opportunities_by_win", "opportunities_per_deal",
                "opportunities_override", "opportunities_planned", "visits", "override_differs", "row"]
REP_PLAN_COLUMNS = ["rep", "target", "mix_amount", "mix_gap", "stated_amount", "deals", "opportunities_by_win",
                    "opportunities_planned", "visits", "lines", "standard_mix", "visits_per_week",
                    "visits_per_week_rounded", "visits_per_month", "opportunities_per_week",
                    "opportunities_per_week_rounded", "opportunities_by_win_per_week", "signed_per_week",
                    "signed_per_month", "capacity", "over_capacity"]
PACE_COLUMNS = ["rep", "activity", "total", "per_week", "per_week_rounded", "per_month"]


def opportunities_from_win(deals: float | pd.Series, win_rate: float | pd.Series) -> float | pd.Series:
    return deals / win_rate


def visits_from_win(deals: float | pd.Series, visits_per_deal: float | pd.Series,
                    win_rate: float | pd.Series) -> float | pd.Series:
    return visits_per_deal * opportunities_from_win(deals, win_rate)


def _win_rate(win_rate: float) -> float:
    if not 0 < win_rate <= 1:  # also false for NaN
        raise UserError(f"赢率应在 (0, 100%] 之内: {win_rate:g} / win rate must be in (0, 100%]: {win_rate:g}")
    return win_rate


def _finite_non_negative(value: float, zh: str, en: str) -> float:
    if not 0 <= value < math.inf:
        raise UserError(f"「{zh}」应为不小于 0 的有限数字: {value:g} / '{en}' must be a finite number >= 0: {value:g}")
    return value


def _finite(result: float) -> float:
    if not math.isfinite(result):
        raise UserError("结果超出数字范围 / the result is too large to be a number")
    return result


def working_weeks(value: float) -> int:
    if value < 1 or not float(value).is_integer():
        raise ArgumentError("工作周数应为不小于 1 的整数", "working weeks must be a whole number >= 1")
    return int(value)


def months_in_period(value: float) -> float:
    if not value > 0:
        raise ArgumentError("月数应大于 0", "months must be > 0")
    return value


def target_amount(value: float) -> float:
    if value < 0:
        raise ArgumentError("目标不能为负", "the target cannot be negative")
    return value


def deals_needed(amount: float, unit_price: float) -> int:
    """Whole deals needed to reach `amount` at `unit_price` (12万 at 4万 → 3; 10万 at 8千 → 13)."""
    if not 0 < unit_price < math.inf:
        raise UserError(f"单价应大于 0: {unit_price:g} / unit price must be > 0: {unit_price:g}")
    return int(round_up(_finite(_finite_non_negative(amount, "金额", "amount") / unit_price)))


def opportunities_needed(deals: float, win_rate: float) -> float:
    """Opportunities to work so that `deals` are won: deals ÷ win rate (3 at 1/3 → 9)."""
    return _finite(opportunities_from_win(_finite_non_negative(deals, "签单数", "deals"), _win_rate(win_rate)))


def visits_needed(deals: float, visits_per_deal: float, win_rate: float) -> float:
    """Visits over every opportunity worked: visits per deal × deals ÷ win rate (8 × 3 ÷ 1/3 → 72)."""
    return _finite(visits_from_win(_finite_non_negative(deals, "签单数", "deals"),
                                   _finite_non_negative(visits_per_deal, "每单拜访次数", "visits per deal"),
                                   _win_rate(win_rate)))


def line_plan(mix: pd.DataFrame) -> pd.DataFrame:
    """Each mix line's amount, opportunities (by win rate, by override, planned) and visits.

    `mix` is the frame of `xlsales.quota.inputs.parse_mix` (win rates already checked); a column it was not read
    with (parse_mix's `needed`) is blank, so only the figures that use it are blank."""
    out = mix.reindex(columns=list(dict.fromkeys([*mix.columns, *(c.key for c in MIX_COLUMNS)])))
    out["amount"] = out["unit_price"] * out["count"]
    out["rounding"] = out["stated_amount"] - out["amount"]
    out["opportunities_by_win"] = opportunities_from_win(out["count"], out["win_rate"])
    out["opportunities_override"] = out["count"] * out["opportunities_per_deal"]
    out["opportunities_planned"] = out["opportunities_override"].fillna(out["opportunities_by_win"])
    out["visits"] = visits_from_win(out["count"], out["visits_per_deal"], out["win_rate"])
    out["override_differs"] = ((out["opportunities_override"] - out["opportunities_by_win"]).abs()
                               > TOLERANCE).fillna(False).astype(bool)
    return out[LINE_COLUMNS].reset_index(drop=True)


def mix_gap(mix_amount: float | pd.Series, target: float | pd.Series) -> float | pd.Series:
    """What the mix adds up to beyond the target (negative: short of it)."""
    return mix_amount - target


def is_short(gap: float | pd.Series) -> bool | pd.Series:
    """A mix short of its target: by more than the tolerance (float noise is not short)."""
    return gap < -TOLERANCE


def assign_lines(lines: pd.DataFrame, reps: list[str]) -> pd.DataFrame:
    """Each rep's mix lines: their own, or the standard mix (rep blank) when they have none. Names are compared
    as Excel compares them (ignoring case); a line takes the spelling of the rep in `reps`.

    Adds `standard` (the line came from the standard mix); lines of unknown reps are dropped."""
    spelling = {folded(r): r for r in reversed(reps)}
    named = lines.assign(rep=lines["rep"].map(lambda v: spelling.get(folded(v)) if isinstance(v, str) else None))
    own = named[named["rep"].notna()].assign(standard=False)
    without = [r for r in reps if r not in set(own["rep"])]
    shared = (lines[lines["rep"].isna()].drop(columns="rep")
              .merge(pd.DataFrame({"rep": pd.Series(without, dtype=object)}), how="cross").assign(standard=True))
    out = pd.concat([own, shared[own.columns]], ignore_index=True)
    order = {rep: i for i, rep in enumerate(reps)}
    return out.sort_values(["rep", "row"], key=lambda s: s.map(order) if s.name == "rep" else s,
                           kind="stable").reset_index(drop=True)


def lines_for(mix: pd.DataFrame, rep: str) -> pd.DataFrame:
    """The planned lines of one rep (their own or the standard mix); every line of the mix when no rep is named."""
    lines = line_plan(mix)
    if not rep:
        return lines.assign(standard=lines["rep"].isna())
    assigned = assign_lines(lines, [rep])
    if assigned.empty:
        raise ArgumentError(f"{rep} 没有产品组合行,也没有全员标准组合", f"no mix lines for {rep} and no standard mix")
    return assigned


def single_rep_plan(mix: pd.DataFrame, rep: str, name: str, target: float, weeks: int, months: float,
                    default_capacity: float) -> pd.DataFrame:
    """One rep's plan (rep_plan's row) from a mix: `rep` picks the lines ("" for all), `name` labels the row."""
    targets = pd.DataFrame({"rep": [name], "target": [target_amount(target)], "capacity": [None]})
    return rep_plan(targets, lines_for(mix, rep).assign(rep=name), weeks, months, default_capacity)


def rep_plan(targets: pd.DataFrame, assigned: pd.DataFrame, weeks: int, months: float,
             default_capacity: float) -> pd.DataFrame:
    """Per rep (targets: rep, target, capacity): mix totals against the target, deals worked through
    the funnel (lines with a win rate), opportunities, visits and the weekly/monthly pace."""
    if weeks < 1 or months <= 0:
        raise UserError("工作周数应 ≥ 1,月数应 > 0 / working weeks must be >= 1 and months > 0")
    funnel_count = assigned["count"].where(assigned["win_rate"].notna())
    grouped = assigned.assign(funnel_count=funnel_count).groupby("rep", sort=False)
    sums = grouped[["amount", "funnel_count", "opportunities_by_win", "opportunities_planned", "visits"]].sum()
    stated = grouped["stated_amount"].sum(min_count=1)
    out = targets[["rep", "target"]].copy().reset_index(drop=True)
    rep = out["rep"]
    out["mix_amount"] = rep.map(sums["amount"]).fillna(0.0)
    out["mix_gap"] = mix_gap(out["mix_amount"], out["target"])
    out["stated_amount"] = rep.map(stated).astype("float64")
    out["deals"] = rep.map(sums["funnel_count"]).fillna(0.0)
    for key in ("opportunities_by_win", "opportunities_planned", "visits"):
        out[key] = rep.map(sums[key]).fillna(0.0)
    out["lines"] = rep.map(grouped.size()).fillna(0).astype(int)
    standard = grouped["standard"].all()
    out["standard_mix"] = rep.isin(standard.index[standard.to_numpy(dtype=bool)])
    out["visits_per_week"] = out["visits"] / weeks
    out["visits_per_week_rounded"] = round_up(out["visits_per_week"])
    out["visits_per_month"] = out["visits"] / months
    out["opportunities_per_week"] = out["opportunities_planned"] / weeks
    out["opportunities_per_week_rounded"] = round_up(out["opportunities_per_week"])
    out["opportunities_by_win_per_week"] = out["opportunities_by_win"] / weeks
    out["signed_per_week"] = out["target"] / weeks
    out["signed_per_month"] = out["target"] / months
    out["capacity"] = targets["capacity"].astype("float64").fillna(default_capacity).to_numpy()
    out["over_capacity"] = out["visits_per_week"] > out["capacity"] + TOLERANCE
    return out[REP_PLAN_COLUMNS]


def pace_table(plan: pd.DataFrame, weeks: int, months: float) -> pd.DataFrame:
    """Per rep and activity (funnel order): the period total, per week (exact and rounded up), per month.

    Opportunities follow the planned figure (override where given); signings and collections
    follow the rep's target, as everything signed in the period is to be collected in it."""
    totals = pd.DataFrame({"rep": plan["rep"], OPPORTUNITIES: plan["opportunities_planned"],
                           VISITS: plan["visits"], SIGNED: plan["target"], COLLECTED: plan["target"]})
    long = totals.melt(id_vars="rep", var_name="activity", value_name="total")
    long["per_week"] = long["total"] / weeks
    long["per_week_rounded"] = round_up(long["per_week"])
    long["per_month"] = long["total"] / months
    order = {rep: i for i, rep in enumerate(plan["rep"])}
    activity_order = {a: i for i, a in enumerate(FUNNEL_ORDER)}
    long = long.sort_values(["rep", "activity"], kind="stable",
                            key=lambda s: s.map(order) if s.name == "rep" else s.map(activity_order))
    return long[PACE_COLUMNS].reset_index(drop=True)
