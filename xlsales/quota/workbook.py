"""The quota workbook's input sheets (target and reps, product mix, weekly tracking) parsed together.

Sheets come as rows from A1 keyed by sheet name, as `xlsales.book.read_sheets` and the scripts
give them; either language's sheet names are accepted.
"""

from dataclasses import dataclass, field
from typing import Any

from xlsales.problems import Problem
from xlsales.sheets import missing_sheet, sheet_rows
from xlsales.quota import layout as L
from xlsales.quota.inputs import parse_mix, parse_reps, parse_weekly
from xlsales.quota.settings import QuotaSettings, parse_settings
from xlsales.quota.vocab import EQUAL
from xlsales.table import ParsedTable


@dataclass
class QuotaInputs:
    target_sheet: str
    settings: QuotaSettings | None
    reps: ParsedTable | None
    mix: ParsedTable | None
    weekly: ParsedTable | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return (self.settings is not None and self.reps is not None and self.mix is not None
                and self.weekly is not None and not any(p.severity == "error" for p in self.problems))


def parse_workbook(sheets: dict[str, list[list[Any]]]) -> QuotaInputs:
    target = sheet_rows(sheets, L.SHEET_TARGET)
    if target is None:
        return QuotaInputs(L.SHEET_TARGET.zh, None, None, None, None, [missing_sheet(L.SHEET_TARGET)])
    target_sheet, target_rows = target
    settings, problems = parse_settings(target_rows, target_sheet)
    header = L.REPS_HEADER_ROW - 1
    reps = parse_reps(target_rows[header:] or [[]], target_sheet, settings.split if settings else EQUAL, header)
    problems += reps.problems
    names = reps.frame["rep"].tolist()
    mix = weekly = None
    found = sheet_rows(sheets, L.SHEET_MIX)
    if found is None:
        problems.append(missing_sheet(L.SHEET_MIX))
    else:
        mix = parse_mix(found[1][L.MIX_HEADER_ROW - 1:] or [[]], found[0], names, L.MIX_HEADER_ROW - 1)
        problems += mix.problems
    found = sheet_rows(sheets, L.SHEET_TRACKING)
    if found is None:
        problems.append(missing_sheet(L.SHEET_TRACKING))
    else:
        weekly = parse_weekly(found[1][L.WEEKLY_HEADER_ROW - 1:] or [[]], found[0], names,
                              settings.working_weeks if settings else None, L.WEEKLY_HEADER_ROW - 1)
        problems += weekly.problems
    return QuotaInputs(target_sheet, settings, reps, mix, weekly, problems)
