"""The tables a roll-up collects from each input, and how to find them by header in either language.

A table kind names its columns (the capability's own Column specs), the sheets it usually
lives on and the columns that identify a row across inputs. Another capability's table (e.g.
quota weekly tracking) joins the roll-up by adding a kind here and a combine step in rollup.py.
"""

from dataclasses import dataclass
from typing import Any

from xlsales.funnel import layout as FL
from xlsales.funnel.vocab import DEAL_COLUMNS, STAGE_COLUMNS
from xlsales.quota import layout as QL
from xlsales.quota.vocab import FUNNEL_ORDER, WEEKLY_COLUMNS
from xlsales.i18n import Text
from xlsales.table import Column, normalise

SCAN_ROWS = 30  # a header further down than this is not looked for


@dataclass(frozen=True)
class TableKind:
    key: str
    label: Text
    sheets: tuple[Text, ...]  # where our templates put it: looked at first
    columns: list[Column]
    identity: tuple[str, ...] = ()  # columns that identify a row across inputs (conflicts)

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    @property
    def fields(self) -> list[str]:
        return [c.key for c in self.columns if c.key not in self.identity]


@dataclass(frozen=True)
class Located:
    sheet: str
    header_row: int  # 0-based
    missing: tuple[Column, ...]  # required columns whose header is not on the header row


DEALS = TableKind("deals", Text("商机", "Deals"), (FL.SHEET_DEALS,), DEAL_COLUMNS, ("id",))
STAGES = TableKind("stages", Text("阶段", "Stages"), (FL.SHEET_STAGES,), STAGE_COLUMNS)
REPS = TableKind("reps", Text("销售人员", "Reps"), (FL.SHEET_SETTINGS,), [FL.REP_NAME, FL.REP_TEAM])
WEEKLY = TableKind("weekly", Text("周跟踪", "Weekly tracking"), (QL.SHEET_TRACKING,), WEEKLY_COLUMNS, ("rep", "week"))
# The quota plan (target, reps, mix) the weekly pace is measured against: read whole by xlsales.quota.
PLAN_SHEETS = (QL.SHEET_TARGET, QL.SHEET_MIX, QL.SHEET_TRACKING)
ACTIVITY_KEYS = FUNNEL_ORDER


def sheet_order(names: list[str], kind: TableKind) -> list[str]:
    """The workbook's sheets, those our templates use for this kind first."""
    preferred = {n for t in kind.sheets for n in (t.zh, t.en)}
    return [n for n in names if n in preferred] + [n for n in names if n not in preferred]


Heads = dict[str, list[frozenset[str]]]  # sheet -> its first SCAN_ROWS rows, each as the set of its texts normalised


def heads_of(sheets: dict[str, list[list[Any]]]) -> Heads:
    """Where tables are looked for, in the form `locate` compares: normalised once for every kind looked for."""
    return {name: [frozenset(normalise(v) for v in row if isinstance(v, str)) for row in rows[:SCAN_ROWS]]
            for name, rows in sheets.items()}


def locate(heads: Heads, kind: TableKind) -> Located | None:
    """The header row holding the most of the kind's required headers (at least two, or all when fewer).

    A table with some required headers missing is still returned (with `missing` set), so the
    caller can say which columns a rep deleted instead of "no table".
    """
    wanted = [c.headers() for c in kind.required]
    enough = min(2, len(wanted))
    best: Located | None = None
    best_hits = 0
    for name in sheet_order(list(heads), kind):
        for row_number, cells in enumerate(heads[name]):
            hits = [bool(headers & cells) for headers in wanted]
            if sum(hits) >= enough and sum(hits) > best_hits:
                missing = tuple(c for c, hit in zip(kind.required, hits) if not hit)
                best, best_hits = Located(name, row_number, missing), sum(hits)
                if not missing:
                    return best
    return best


def headers_text(*kinds: TableKind) -> Text:
    """The required headers of each kind, "or" between kinds."""
    return Text(" 或 ".join("、".join(c.label.zh for c in k.required) for k in kinds),
                " or ".join(", ".join(c.label.en for c in k.required) for k in kinds))
