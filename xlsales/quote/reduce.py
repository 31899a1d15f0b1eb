"""Lower the price by removing service content, not by cutting the total (seed 001: 如果再降价就可以去掉相应的服务内容).

Given a target total, choose which charged, removable training/delivery and service lines to
drop so the total comes down to the target or just below it: the set whose value is the
smallest that still covers the gap (total − target), fewest lines on a tie. This is a small
covering knapsack; with up to EXACT_LIMIT candidate lines every subset sum is examined (exact);
beyond that, lines are taken largest first and any line the cover does not need is put back
(greedy: it may drop somewhat more than necessary, and says so).
"""

from typing import Literal

import pandas as pd
from pydantic import BaseModel

from xlsales.i18n import Text
from xlsales.precision import TOLERANCE
from xlsales.quote.vocab import LICENSE

EXACT_LIMIT = 16  # 2^16 subset sums at most: instant here, and in Pyodide
Method = Literal["none_needed", "exact", "greedy", "unreachable"]
METHODS = {
    "exact": Text("逐一比较所有组合(精确)", "every combination compared (exact)"),
    "greedy": Text("从大到小选取,再去掉多余的(近似,可能多删)",
                   "largest first, then unneeded lines put back (greedy; may remove more than needed)"),
}
BELOW_FLOOR = Text(",低于价格表最低折扣", ", below the lowest discount the price list allows")


class DropPlan(BaseModel):
    target: float
    total: float
    gap: float  # total − target: how much must come off (≤ 0: nothing to do)
    drop: list[int]  # row labels of the priced lines to remove
    dropped_value: float
    new_total: float
    method: Method
    still_missing: float  # when unreachable: what dropping every removable line leaves above the target
    license_discount_needed: float | None  # ... as the discount the license lines would then need (× list)
    below_floor: bool  # ... and whether that discount is deeper than the price list allows

    @property
    def reached(self) -> bool:
        return self.new_total <= self.target + 0.005

    def explanation(self) -> Text:
        if self.method == "none_needed":
            return Text("合计已不高于目标价,无需删减", "The total is already at or below the target; nothing to remove")
        n = len(self.drop)
        if self.method == "unreachable":
            deep = BELOW_FLOOR if self.below_floor else Text("", "")
            discount = f"{self.license_discount_needed:.1%}" if self.license_discount_needed is not None else "—"
            return Text(f"删去全部可删减服务内容({n} 项,¥{self.dropped_value:,.2f})后仍高于目标价 "
                        f"¥{self.still_missing:,.2f};软件许可需降到标准价的 {discount}{deep.zh}",
                        f"Removing all removable service content ({n} line(s), ¥{self.dropped_value:,.2f}) still "
                        f"leaves ¥{self.still_missing:,.2f} above the target; the license would need "
                        f"{discount} of list{deep.en}")
        how = METHODS[self.method]
        return Text(f"删去 {n} 项服务内容共 ¥{self.dropped_value:,.2f},合计降为 ¥{self.new_total:,.2f}"
                    f"(目标 ¥{self.target:,.2f});方法:{how.zh}",
                    f"Remove {n} service line(s) worth ¥{self.dropped_value:,.2f}; the total becomes "
                    f"¥{self.new_total:,.2f} (target ¥{self.target:,.2f}); method: {how.en}")


def removable(priced: pd.DataFrame) -> pd.DataFrame:
    """Lines the price can come down by: charged training/service content not marked must-keep."""
    return priced[priced["part"].ne(LICENSE) & ~priced["keep"] & ~priced["waived"] & (priced["amount"] > 0)]


def content_to_drop(priced: pd.DataFrame, target: float) -> DropPlan:
    total = round(float(priced["amount"].sum()), 2)
    gap = round(total - target, 2)
    candidates = removable(priced)
    if gap <= 0:
        return _plan(priced, target, total, gap, [], "none_needed")
    fen = {int(i): int(round(v * 100)) for i, v in candidates["amount"].items()}
    need = int(round(gap * 100))
    if sum(fen.values()) < need:
        return _plan(priced, target, total, gap, list(fen), "unreachable")
    if len(fen) <= EXACT_LIMIT:
        return _plan(priced, target, total, gap, _exact_cover(fen, need), "exact")
    return _plan(priced, target, total, gap, _greedy_cover(fen, need), "greedy")


def _exact_cover(fen: dict[int, int], need: int) -> list[int]:
    """The subset with the smallest sum ≥ need; fewest lines, then earliest lines, on a tie."""
    best: dict[int, tuple[int, ...]] = {0: ()}  # subset sum -> the preferred subset reaching it
    for label, value in fen.items():
        for reached, chosen in list(best.items()):
            candidate = chosen + (label,)
            total = reached + value
            if total not in best or (len(candidate), candidate) < (len(best[total]), best[total]):
                best[total] = candidate
    cover = min((s for s in best if s >= need), key=lambda s: (s, len(best[s]), best[s]))
    return list(best[cover])


def _greedy_cover(fen: dict[int, int], need: int) -> list[int]:
    chosen: list[int] = []
    covered = 0
    for label in sorted(fen, key=lambda k: -fen[k]):
        if covered >= need:
            break
        chosen.append(label)
        covered += fen[label]
    for label in sorted(chosen, key=lambda k: fen[k]):  # put back the smallest lines the cover does not need
        if covered - fen[label] >= need:
            chosen.remove(label)
            covered -= fen[label]
    return sorted(chosen)


def _plan(priced: pd.DataFrame, target: float, total: float, gap: float, drop: list[int], method: Method) -> DropPlan:
    dropped = round(float(priced.loc[drop, "amount"].sum()), 2) if drop else 0.0
    new_total = round(total - dropped, 2)
    missing, needed, below = 0.0, None, False
    if method == "unreachable":
        missing = round(new_total - target, 2)
        license_ = priced[priced["part"].eq(LICENSE)]
        at_list = float((license_["qty"] * license_["list_price"]).sum())
        if at_list > 0:
            needed = (float(license_["amount"].sum()) - missing) / at_list
            lowest = float(license_["floor"].sum()) / at_list
            below = needed < lowest - TOLERANCE
    return DropPlan(target=target, total=total, gap=gap, drop=drop, dropped_value=dropped, new_total=new_total,
                    method=method, still_missing=missing, license_discount_needed=needed, below_floor=below)
