"""The same ID in several inputs: identical copies merge silently, different ones are conflicts.

A conflict is never settled silently. Without `newest_wins` neither version is used; with it
the version from the newest input is kept, and only when exactly one input is newest (two
versions in one input, or inputs saved at the same moment, are left out). Either way every
differing field of every version is listed beside the reference version.
"""

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlsales.i18n import Text
from xlsales.sharing import layout as S


@dataclass(frozen=True)
class Conflict:
    table: str  # which kind of table (xlsales.sharing.kinds key: "deals", "weekly")
    identity: tuple[Any, ...]  # the ID values, e.g. ("D0001",)
    field: str  # the column key that differs
    source_a: int  # the reference version's input (the kept one, or the newest)
    value_a: Any
    source_b: int
    value_b: Any
    resolution: Text


def same(a: Any, b: Any) -> bool:
    """Equal values, with blank equal to blank."""
    a_missing, b_missing = _missing(a), _missing(b)
    return a_missing and b_missing or (not a_missing and not b_missing and a == b)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _plain(value: Any) -> Any:
    """A plain Python value (numpy scalars unwrapped, blanks as None)."""
    if _missing(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def resolve(table: str, frame: pd.DataFrame, identity: list[str], fields: list[str],
            recency: Sequence[tuple[Any, ...]], names: Sequence[str], newest_wins: bool) -> tuple[np.ndarray, list[Conflict]]:
    """Which rows of `frame` to use (a mask), and the conflicts found.

    `frame` has the `identity` and `fields` columns and "source" (an index into `recency`,
    which sorts inputs oldest to newest, and `names`).
    """
    repeated = frame.duplicated(identity, keep=False).to_numpy()
    use = ~repeated
    conflicts: list[Conflict] = []
    if not repeated.any():
        return use, conflicts
    versions = frame[repeated].drop_duplicates(identity + fields)  # identical copies are one version
    for key, group in versions.groupby(identity, sort=True, observed=True, dropna=False):
        if len(group) == 1:
            use[frame.index.get_loc(group.index[0])] = True
            continue
        sources = group["source"].tolist()
        newest_first = sorted(range(len(group)), key=lambda i: recency[sources[i]], reverse=True)
        kept: int | None = None
        if len(set(sources)) < len(sources):
            resolution = S.SAME_FILE
        elif not newest_wins:
            resolution = S.LEFT_OUT
        elif recency[sources[newest_first[0]]] == recency[sources[newest_first[1]]]:
            resolution = S.SAME_TIME
        else:
            kept = newest_first[0]
            name = names[sources[kept]]
            resolution = Text(S.KEPT_NEWEST.zh.format(file=name), S.KEPT_NEWEST.en.format(file=name))
            use[frame.index.get_loc(group.index[kept])] = True
        reference = kept if kept is not None else newest_first[0]
        ref_row = group.iloc[reference]
        identity_values = tuple(_plain(k) for k in (key if isinstance(key, tuple) else (key,)))
        for other in newest_first:
            if other == reference:
                continue
            row = group.iloc[other]
            for field in fields:
                if not same(ref_row[field], row[field]):
                    conflicts.append(Conflict(table, identity_values, field, sources[reference], _plain(ref_row[field]),
                                              sources[other], _plain(row[field]), resolution))
    return use, conflicts
