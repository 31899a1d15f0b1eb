"""The roll-up's own sheets (sources, conflicts, problems, by rep) and the team deals as rows of values,
labels in the team workbook's language: the command line writes them with openpyxl, the Lite
script through Excel."""

from typing import Any

from xlsales.funnel.vocab import DEAL_COLUMNS
from xlsales.quota.vocab import ACTIVITIES
from xlsales.sharing import layout as S
from xlsales.sharing.rollup import KINDS, RollUp, by_rep, display, field_label



def header(labels: list[Any], rollup: RollUp) -> list[str]:
    return [t(rollup.lang) for t in labels]


def source_rows(rollup: RollUp) -> list[list[Any]]:
    return [[s.name, "、".join(s.owners), s.template, s.template_version, s.version, s.lang, s.file_modified,
             s.modified, s.deals, s.weekly_rows, s.rows_left_out, s.conflicts, S.STATUS[s.status](rollup.lang),
             s.reason(rollup.lang) if s.reason else None] for s in rollup.sources]


def conflict_rows(rollup: RollUp) -> list[list[Any]]:
    names = [s.name for s in rollup.sources]
    return [[KINDS[c.table].label(rollup.lang), " ".join(map(str, c.identity)), field_label(c.table, c.field)(rollup.lang),
             names[c.source_a],
             display(c.field, c.value_a, rollup.lang), names[c.source_b], display(c.field, c.value_b, rollup.lang),
             c.resolution(rollup.lang)] for c in rollup.conflicts]


def problem_rows(rollup: RollUp) -> list[list[Any]]:
    names = [s.name for s in rollup.sources]
    return [[names[source], p.where, f"{p.expected_zh} / {p.expected_en}", p.found, S.SEVERITY[p.severity](rollup.lang)]
            for source, p in rollup.problems]


def pace_rows(rollup: RollUp) -> list[list[Any]]:
    """Per rep and activity, tracked against the quota plan (none without weekly rows and a usable plan)."""
    weekly = rollup.weekly
    if weekly.tracking is None:
        return []
    plan = rollup.sources[weekly.plan_source].name if weekly.plan_source is not None else ""
    yes, no = S.YES(rollup.lang), S.NO(rollup.lang)
    return [[r.rep, ACTIVITIES[r.activity](rollup.lang), r.per_week, r.pace_to_date, r.actual_to_date, r.shortfall,
             None if r.attainment != r.attainment else r.attainment, yes if r.behind else no,
             yes if r.bottleneck else no, None if r.needed_per_week != r.needed_per_week else r.needed_per_week,
             weekly.week, plan] for r in weekly.tracking.itertuples()]


def by_rep_rows(rollup: RollUp) -> list[list[Any]]:
    """Per rep, the figures as values (the command line's workbook has native formulas instead)."""
    table = by_rep(rollup)
    return [[r.owner, "、".join(r.files), r.open_deals, r.open_amount, r.weighted, r.won, r.lost,
             None if r.win_rate != r.win_rate else r.win_rate] for r in table.itertuples()]


def deal_rows(rollup: RollUp) -> list[list[Any]]:
    """The team deals as the Deals table holds them, in DEAL_COLUMNS order."""
    columns = [rollup.deals[c.key].astype(object).tolist() for c in DEAL_COLUMNS]
    keys = [c.key for c in DEAL_COLUMNS]
    return [[display(key, value, rollup.lang) for key, value in zip(keys, row)] for row in zip(*columns)]
