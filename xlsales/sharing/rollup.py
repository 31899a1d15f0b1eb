"""Combine many reps' workbooks into one team: deals (funnel), weekly tracking (quota), and what happened to
each file.

Pure: it takes what `reading` got out of each file (sheet values and a few properties) and
returns frames and reports; writing the team workbook is `teambook`'s job.

Decisions (tests/test_sharing_rollup.py holds each one):
- A row with an unusable value (bad amount, unknown stage, close before created, a required
  value missing, ...) is left out of the team deals and every problem is listed with its file
  and sheet!cell; the file's other rows are used (status "partly used"). A silent zero or a
  half-known deal in the team totals would be worse than a visible gap.
- Stages are matched by name in either language, then by order; the team uses the stages
  (and their win rates) of the newest input with a clean stages table, or the caller's.
- The same deal ID (or rep and week) in several inputs: see `conflicts`.
- Weekly tracking rows and the team's weekly pace: see `pace`.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from xlsales.funnel import figures
from xlsales.funnel.inputs import parse_stages
from xlsales.funnel.vocab import DEAL_COLUMNS, DEFAULT_STAGES, OPEN, STAGE_COLUMNS, STATUS, Stage, stage_table
from xlsales.i18n import Lang, Text
from xlsales.problems import Problem
from xlsales.sharing import layout as S
from xlsales.sharing.conflicts import Conflict, resolve
from xlsales.sharing.kinds import DEALS, REPS, STAGES, WEEKLY, Heads, Located, TableKind, heads_of, headers_text, locate
from xlsales.sharing.pace import WeeklyRollUp, roll_weekly
from xlsales.table import Block, ParsedBlocks, ParsedTable, joined_parses, normalise, parse_blocks

EARLIEST = dt.datetime.min


@dataclass
class SourceBook:
    """What the roll-up needs from one input file."""

    name: str
    sheets: dict[str, list[list[Any]]]  # sheet name -> values from A1 ("" or None for blank)
    stamp: dict[str, str] = field(default_factory=dict)  # xlsales.* document properties
    modified: dt.datetime | None = None  # the workbook's own last-saved time (docProps/core.xml)
    file_modified: dt.datetime | None = None  # the file system's, when there is one
    failure: Text | None = None  # why the file cannot be used at all

    @cached_property
    def heads(self) -> Heads:
        """Its sheets' first rows as the tables are looked for in them (kinds.locate), worked out once: a book's
        sheets are not changed once it is read."""
        return heads_of(self.sheets)

    @property
    def recency(self) -> tuple[dt.datetime, dt.datetime]:
        """Sort key, oldest first: the workbook's saved time, then the file's."""
        return (self.modified or self.file_modified or EARLIEST, self.file_modified or EARLIEST)


@dataclass
class SourceReport:
    name: str
    template: str = ""
    template_version: str = ""
    version: str = ""
    lang: str = ""
    file_modified: dt.datetime | None = None
    modified: dt.datetime | None = None
    owners: list[str] = field(default_factory=list)
    deals: int = 0
    weekly_rows: int = 0
    rows_left_out: int = 0
    conflicts: int = 0
    status: str = S.OK
    reason: Text | None = None


@dataclass
class RollUp:
    lang: Lang
    as_of: dt.date
    stages: list[Stage]
    stage_frame: pd.DataFrame  # as xlsales.funnel.inputs.parse_stages gives it, in `lang`
    deals: pd.DataFrame  # as parse_deals gives it (stage names in `lang`), plus "source"
    reps: list[tuple[str, str]]  # (name, team)
    sources: list[SourceReport]
    conflicts: list[Conflict]
    problems: list[tuple[int, Problem]]  # (source index, problem)
    weekly: WeeklyRollUp

    @property
    def usable(self) -> bool:
        return any(s.status != S.SKIPPED for s in self.sources)


PARSED_TOGETHER = 16  # files whose deals `Combining` parses at a time


class Combining:
    """`combine`, fed one book at a time, in any order: the command line adds each file as its reader sends it.
    The deals tables are parsed a few files at a time, in file order, as soon as those files are there, so most
    of the parsing is done by the time the last file is read; the roll-up is the same as `combine`'s."""

    def __init__(self, count: int):
        self.books: list[SourceBook | None] = [None] * count
        self.queued = 0  # the books before this one are parsed or waiting in `blocks`
        self.blocks: list[Block] = []
        self.parsed: list[ParsedBlocks] = []

    def add(self, index: int, book: SourceBook) -> None:
        self.books[index] = book
        while self.queued < len(self.books) and (arrived := self.books[self.queued]) is not None:
            found = _deals_table(arrived)
            if found is not None:
                self.blocks.append(_block(arrived, self.queued, found))
            self.queued += 1
        if len(self.blocks) >= PARSED_TOGETHER:
            self._parse()

    def _parse(self) -> None:
        if self.blocks:
            self.parsed.append(parse_blocks(self.blocks, DEAL_COLUMNS))
            self.blocks = []

    def combine(self, lang: Lang, as_of: dt.date, newest_wins: bool = False,
                team_stages: list[Stage] | None = None) -> RollUp:
        if self.queued < len(self.books):
            raise ValueError("a book was not added")
        self._parse()
        books = [book for book in self.books if book is not None]
        parsed = joined_parses(self.parsed) if self.parsed else None
        return combine(books, lang, as_of, newest_wins, team_stages, parsed)


def _deals_table(book: SourceBook) -> Located | None:
    return None if book.failure is not None else _usable(locate(book.heads, DEALS))


def combine(books: list[SourceBook], lang: Lang, as_of: dt.date, newest_wins: bool = False,
            team_stages: list[Stage] | None = None, parsed: ParsedBlocks | None = None) -> RollUp:
    """`parsed`: the deals tables already parsed (`Combining`), as parse_blocks parses the deals blocks of `books`."""
    reports = [_report(book) for book in books]
    problems: list[tuple[int, Problem]] = []
    deal_tables: dict[int, Located] = {}
    weekly_tables: dict[int, Located] = {}
    for i, book in enumerate(books):
        if book.failure is not None:
            continue
        found = {kind.key: locate(book.heads, kind) for kind in (DEALS, WEEKLY)}
        deals_found, weekly_found = _usable(found[DEALS.key]), _usable(found[WEEKLY.key])
        if deals_found:
            deal_tables[i] = deals_found
        if weekly_found:
            weekly_tables[i] = weekly_found
        if not (deals_found or weekly_found):
            _skip(reports[i], _why_no_table(book))
            continue
        for kind in (DEALS, WEEKLY):  # one table used, the other there but with columns deleted: say so
            table = found[kind.key]
            if table is not None and table.missing:
                why = _lacks(kind, table)
                problems.append((i, Problem(table.sheet, f"{table.header_row + 1}:{table.header_row + 1}", why.zh,
                                            why.en)))

    stage_tables = _stages_of(books, list(deal_tables), problems)
    stages = team_stages or _newest_clean_stages(books, stage_tables) or DEFAULT_STAGES
    stage_frame = _stage_frame(stages, lang)

    if parsed is None:
        parsed = parse_blocks([_block(books[i], i, found) for i, found in deal_tables.items()], DEAL_COLUMNS)
    elif [block.source for block in parsed.blocks] != list(deal_tables):
        raise ValueError("the deals parsed are not those of these books")
    problems += parsed.problems
    frame = parsed.frame
    unusable = frame.pop("unusable").to_numpy().copy()
    frame["stage"], unknown = _map_stages(parsed, stage_tables, stages, lang, problems)
    unusable |= unknown | _close_before_created(parsed, problems)

    recency = [book.recency for book in books]
    names = [book.name for book in books]
    valid = frame[~unusable].reset_index(drop=True)
    use, conflicts = resolve(DEALS.key, valid, list(DEALS.identity), DEALS.fields, recency, names, newest_wins)
    deals = valid[use].drop(columns="block").reset_index(drop=True)
    for key in ("stage", "owner"):  # as parse_deals gives them
        deals[key] = deals[key].astype("category")
    weekly = roll_weekly([b.sheets for b in books], weekly_tables, recency, names, newest_wins, problems)

    _count(reports, frame, unusable, valid, weekly, conflicts + weekly.conflicts)
    return RollUp(lang, as_of, stages, stage_frame, deals, _reps(books, deal_tables, deals), reports,
                  conflicts + weekly.conflicts, sorted(problems, key=lambda p: p[0]), weekly)


def _usable(found: Located | None) -> Located | None:
    return found if found is not None and not found.missing else None


def _why_no_table(book: SourceBook) -> Text:
    """Why a readable file gave nothing: a table with required columns deleted, or no table at all."""
    for kind in (DEALS, WEEKLY):
        found = locate(book.heads, kind)
        if found is not None and found.missing:
            return _lacks(kind, found)
    headers = headers_text(DEALS, WEEKLY)
    return Text(S.NO_TABLE.zh.format(headers=headers.zh), S.NO_TABLE.en.format(headers=headers.en))


def _lacks(kind: TableKind, found: Located) -> Text:
    return Text(f"{kind.label.zh}表缺少列: {'、'.join(c.label.zh for c in found.missing)}",
                f"the {kind.label.en.lower()} table lacks columns: {', '.join(c.label.en for c in found.missing)}")


def _report(book: SourceBook) -> SourceReport:
    report = SourceReport(book.name, book.stamp.get("template", ""), book.stamp.get("template_version", ""),
                          book.stamp.get("version", ""), book.stamp.get("lang", ""), book.file_modified, book.modified)
    if book.failure is not None:
        _skip(report, book.failure)
    return report


def _skip(report: SourceReport, reason: Text) -> None:
    report.status, report.reason = S.SKIPPED, reason


def _block(book: SourceBook, source: int, found: Located) -> Block:
    return Block(source, found.sheet, book.sheets[found.sheet][found.header_row:], found.header_row)


# ---------------------------------------------------------------------------------------------
# stages

def _stages_of(books: list[SourceBook], sources: list[int],
               problems: list[tuple[int, Problem]]) -> dict[int, ParsedTable | None]:
    """Each file's stages table (None without one); its problems are listed, its clean rows kept."""
    parsed: dict[tuple[Any, ...], ParsedTable] = {}
    out: dict[int, ParsedTable | None] = {}
    for source in sources:
        found = locate(books[source].heads, STAGES)
        if found is None or found.missing:
            out[source] = None
            continue
        rows = books[source].sheets[found.sheet][found.header_row:]
        key = (found.sheet, found.header_row, tuple(tuple(r) for r in rows))
        if key not in parsed:  # reps' copies of one template carry the same stages: parse them once
            parsed[key] = parse_stages(rows, found.sheet, found.header_row)
        out[source] = parsed[key]
        problems += [(source, p) for p in parsed[key].problems]
    return out


def _newest_clean_stages(books: list[SourceBook], tables: dict[int, ParsedTable | None]) -> list[Stage] | None:
    clean = [i for i, t in tables.items() if t is not None and not t.problems and len(t.frame)]
    if not clean:
        return None
    newest = max(clean, key=lambda i: books[i].recency)
    return stage_list(tables[newest].frame)


def stage_list(frame: pd.DataFrame) -> list[Stage]:
    """A clean stages frame (from parse_stages) as Stages; our default stages keep both languages' names."""
    return [_stage(row) for row in frame.itertuples()]


_DEFAULT_NAMES = {normalise(t): s for s in DEFAULT_STAGES for t in (s.name.zh, s.name.en)}
_DEFAULT_CRITERIA = {normalise(t): s.exit_criteria for s in DEFAULT_STAGES for t in (s.exit_criteria.zh,
                                                                                        s.exit_criteria.en)}


def _stage(row: Any) -> Stage:
    default = _DEFAULT_NAMES.get(normalise(row.stage))
    criteria = row.exit_criteria if isinstance(row.exit_criteria, str) else ""
    return Stage(order=int(row.order), name=default.name if default else Text(row.stage, row.stage),
                 probability=float(row.probability), category=str(row.category),
                 exit_criteria=_DEFAULT_CRITERIA.get(normalise(criteria), Text(criteria, criteria)),
                 max_days_in_stage=int(row.max_days_in_stage), max_days_idle=int(row.max_days_idle))


def _stage_frame(stages: list[Stage], lang: Lang) -> pd.DataFrame:
    return parse_stages([[c.label(lang) for c in STAGE_COLUMNS]] + stage_table(stages, lang), "stages").frame


def _map_stages(parsed: ParsedBlocks, tables: dict[int, ParsedTable | None], stages: list[Stage], lang: Lang,
                problems: list[tuple[int, Problem]]) -> tuple[np.ndarray, np.ndarray]:
    """Each deal's stage as the team's stage name; unknown stages are problems (rows left out).

    Reps' copies of one template share one stages table, so names are matched once per distinct
    table and once per distinct stage name, then looked up for every deal at once.
    """
    team_by_name = {normalise(n): s for s in stages for n in (s.name.zh, s.name.en)}
    team_by_order = {s.order: s for s in stages}
    distinct: dict[int, int] = {}  # id(table) -> index into mappings
    mappings: list[dict[str, str]] = []
    allowed: list[list[str]] = []
    notes: list[list[Problem]] = []  # warnings about each distinct table, repeated for each file that has it
    table_of_source: dict[int, int] = {}
    for source, table in tables.items():
        if id(table) not in distinct:
            distinct[id(table)] = len(mappings)
            mapping, names, warnings = _stage_mapping(table, stages, team_by_name, team_by_order, lang)
            mappings.append(mapping)
            allowed.append(names)
            notes.append(warnings)
        table_of_source[source] = distinct[id(table)]
        problems += [(source, p) for p in notes[table_of_source[source]]]
    frame = parsed.frame
    categories = pd.Categorical(frame["stage"])
    lookup = np.full((max(len(mappings), 1), len(categories.categories) + 1), None, dtype=object)
    for t, mapping in enumerate(mappings):
        for c, name in enumerate(categories.categories):
            lookup[t, c] = mapping.get(normalise(name))
    table_by_source = np.zeros(max(tables, default=0) + 1, dtype=np.int64)
    for source, t in table_of_source.items():
        table_by_source[source] = t
    row_table = table_by_source[frame["source"].to_numpy()]
    mapped = lookup[row_table, categories.codes]  # code -1 (blank) picks the last column: None
    unknown = np.equal(mapped, None) & (categories.codes >= 0)
    for i in np.flatnonzero(unknown):
        source, block, row = int(frame.at[i, "source"]), int(frame.at[i, "block"]), int(frame.at[i, "row"])
        names = allowed[table_of_source[source]]
        problems.append((source, Problem(parsed.blocks[block].sheet, parsed.address(block, "stage", row),
                                         f"阶段应为阶段表中的一项: {'、'.join(names)}",
                                         f"stage must be one on the stages sheet: {', '.join(names)}",
                                         str(frame.at[i, "stage"]))))
    return mapped, unknown


def _stage_mapping(table: ParsedTable | None, stages: list[Stage], team_by_name: dict[str, Stage],
                   team_by_order: dict[int, Stage], lang: Lang) -> tuple[dict[str, str], list[str], list[Problem]]:
    """(normalised stage name -> team stage name, the file's stage names, warnings) for one stages table."""
    if table is None:  # no stages table in the file: its deals must name a team stage
        return ({name: s.name(lang) for name, s in team_by_name.items()}, [s.name(lang) for s in stages], [])
    mapping: dict[str, str] = {}
    warnings: list[Problem] = []
    rates_differ = False
    for row in table.frame.itertuples():
        name = normalise(row.stage)
        team = team_by_name.get(name) or team_by_order.get(int(row.order))
        if team is None:
            continue
        mapping[name] = team.name(lang)
        rates_differ |= abs(float(row.probability) - team.probability) > 1e-9
        if name not in team_by_name:
            warnings.append(Problem(table.sheet, table.address("stage", int(row.row)),
                                    f"按序号对应团队阶段「{team.name.zh}」",
                                    f"matched to the team's stage '{team.name.en}' by its order", str(row.stage),
                                    severity="warning"))
    if rates_differ:
        warnings.append(Problem(table.sheet, table.address("probability", int(table.frame["row"].iloc[0])),
                                "本文件的阶段赢率与团队不同,团队汇总按团队阶段赢率计算",
                                "this file's stage win rates differ from the team's; team figures use the team's rates",
                                severity="warning"))
    return mapping, list(table.frame["stage"]), warnings


def _close_before_created(parsed: ParsedBlocks, problems: list[tuple[int, Problem]]) -> np.ndarray:
    frame = parsed.frame
    early = (frame["close_date"] < frame["created"]).to_numpy()
    for i in np.flatnonzero(early):
        block, row = int(frame.at[i, "block"]), int(frame.at[i, "row"])
        problems.append((int(frame.at[i, "source"]), Problem(
            parsed.blocks[block].sheet, parsed.address(block, "close_date", row),
            "预计成交日期不能早于创建日期", "expected close date cannot be before the created date",
            frame.at[i, "close_date"].date().isoformat())))
    return early


# ---------------------------------------------------------------------------------------------
# reports and reps

def _count(reports: list[SourceReport], frame: pd.DataFrame, unusable: np.ndarray, valid: pd.DataFrame,
           weekly: WeeklyRollUp, conflicts: list[Conflict]) -> None:
    # plain dicts: Series.get(i) on an empty (non-integer) index falls back to positions in older pandas
    left_out = pd.Series(unusable).groupby(frame["source"].to_numpy()).sum().to_dict()
    used = valid.groupby("source").size().to_dict()
    weekly_used = weekly.weekly.groupby("source").size().to_dict()
    owners = pd.concat([valid[["source", "owner"]].astype({"owner": object}),
                        weekly.weekly[["source", "rep"]].rename(columns={"rep": "owner"})]).groupby("source")["owner"].unique()
    involved: dict[int, set[tuple[Any, ...]]] = {}
    for c in conflicts:
        for source in (c.source_a, c.source_b):
            involved.setdefault(source, set()).add((c.table, c.identity))
    for i, report in enumerate(reports):
        if report.status == S.SKIPPED:
            continue
        report.deals = int(used.get(i, 0))
        report.weekly_rows = int(weekly_used.get(i, 0))
        report.rows_left_out = int(left_out.get(i, 0)) + weekly.left_out.get(i, 0)
        report.conflicts = len(involved.get(i, ()))
        report.owners = sorted(str(o) for o in owners.get(i, []))
        if report.rows_left_out:
            report.status = S.PARTIAL
            report.reason = Text(S.ROWS_LEFT_OUT.zh.format(count=report.rows_left_out),
                                 S.ROWS_LEFT_OUT.en.format(count=report.rows_left_out))
        elif report.deals == 0 and report.weekly_rows == 0:
            report.status = S.EMPTY


def _reps(books: list[SourceBook], deal_tables: dict[int, Located], deals: pd.DataFrame) -> list[tuple[str, str]]:
    """Every owner of a team deal plus every rep listed on an input's settings sheet, with the newest team label."""
    blocks = []
    for i in sorted(deal_tables, key=lambda i: books[i].recency):
        found = locate(books[i].heads, REPS)
        if found is not None and not found.missing:
            blocks.append(Block(i, found.sheet, _rows_until_blank(books[i].sheets[found.sheet][found.header_row:]),
                                found.header_row))
    listed = parse_blocks(blocks, REPS.columns).frame
    teams = {str(r.name): str(r.team) for r in listed.itertuples() if isinstance(r.team, str)}  # newest last: wins
    names = list(dict.fromkeys([*map(str, deals["owner"].dropna().unique()), *map(str, listed["name"].dropna())]))
    return [(name, teams.get(name, "")) for name in names]


def _rows_until_blank(rows: list[list[Any]]) -> list[list[Any]]:
    """A table's header and body: stops at the first row with nothing in it (what follows is something else)."""
    for n, row in enumerate(rows[1:], start=1):
        if all(v is None or v == "" for v in row):
            return rows[:n]
    return rows


def by_rep(rollup: RollUp) -> pd.DataFrame:
    """Per team rep, in the team's order: the files their deals came from, open deals and amount, weighted
    pipeline, won, lost and win rate (the team workbook's by-rep sheet computes the same natively)."""
    deals = rollup.deals
    names = [s.name for s in rollup.sources]
    pairs = deals[["owner", "source"]].drop_duplicates()
    files: dict[str, list[str]] = {}
    for owner, source in zip(pairs["owner"].astype(object), pairs["source"]):
        files.setdefault(str(owner), []).append(names[int(source)])
    open_deals = deals[deals["status"] == OPEN].groupby("owner", observed=True)["amount"]
    rates = figures.win_rates_by_owner(deals).set_index("owner")
    out = pd.DataFrame({"owner": [name for name, _ in rollup.reps]})
    out["files"] = [files.get(o, []) for o in out["owner"]]
    out["open_deals"] = out["owner"].map(open_deals.size()).fillna(0).astype(int)
    out["open_amount"] = out["owner"].map(open_deals.sum()).fillna(0.0).astype(float)
    out["weighted"] = out["owner"].map(figures.weighted_by_owner(deals, rollup.stage_frame)).fillna(0.0).astype(float)
    out["won"] = out["owner"].map(rates["won"]).fillna(0).astype(int)
    out["lost"] = out["owner"].map(rates["lost"]).fillna(0).astype(int)
    out["win_rate"] = out["owner"].map(rates["win_rate"]).astype(float)
    return out


KINDS: dict[str, TableKind] = {kind.key: kind for kind in (DEALS, WEEKLY)}


def field_label(table: str, key: str) -> Text:
    return next(c.label for c in KINDS[table].columns if c.key == key)


def display(key: str, value: Any, lang: Lang) -> Any:
    """A deal value as the team workbook shows it: labels in `lang`, dates as dates, blanks as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if key == "status":
        return STATUS[str(value)](lang)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value
