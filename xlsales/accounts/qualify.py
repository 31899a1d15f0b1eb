"""Qualify an opportunity by the 7+3 rule (seed 001, 商机穿透): seven things to know about the customer,
three about ourselves; a score, a go / find-out-more / no-go suggestion and the items still missing.
The rule and its threshold are `settings.QualifyRules`."""

import numpy as np
import pandas as pd

from xlsales.accounts.settings import QualifyRules
from xlsales.accounts.vocab import AGAINST, GO, HOLD, ITEM_POINTS, KNOWN, NO_GO, PARTLY, QUALIFY_ITEMS, UNKNOWN
from xlsales.i18n import Lang

ITEM_KEYS = [item.key for item in QUALIFY_ITEMS]
LABELS = {item.key: item.label for item in QUALIFY_ITEMS}
RESULT_COLUMNS = ["deal", "account", "owner", "score", "known", "partly", "unknown", "against", "verdict",
                  "missing", "against_items"]


def qualify(checks: pd.DataFrame, rules: QualifyRules | None = None) -> pd.DataFrame:
    """Per deal: score (0-1), how many items are known / partly / unknown / against, the verdict, the items
    not yet known (in the rule's order) and the items against us."""
    rules = rules or QualifyRules()
    statuses = checks[ITEM_KEYS].astype(object)
    out = checks[["deal", "account", "owner"]].copy()
    out["score"] = statuses.apply(lambda column: column.map(ITEM_POINTS)).sum(axis=1) / len(ITEM_KEYS)
    for status in (KNOWN, PARTLY, UNKNOWN, AGAINST):
        out[status] = (statuses == status).sum(axis=1)
    must_known = (statuses[list(rules.must_know)] == KNOWN).all(axis=1)
    out["verdict"] = np.select([out[AGAINST] > 0, (out["score"] >= rules.go_threshold) & must_known],
                               [NO_GO, GO], HOLD)
    out["missing"] = _keys_where(statuses.isin([UNKNOWN, PARTLY]))
    out["against_items"] = _keys_where(statuses == AGAINST)
    return out[RESULT_COLUMNS]


def _keys_where(mask: pd.DataFrame) -> list[list[str]]:
    keys = np.array(ITEM_KEYS, dtype=object)
    return [list(keys[row]) for row in mask.to_numpy()]


def item_list(keys: list[str], lang: Lang) -> str:
    return ("、" if lang == "zh-CN" else ", ").join(LABELS[k](lang) for k in keys)
