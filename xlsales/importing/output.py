"""Where an import goes: a new workbook from the empty template, or a copy of an existing workbook with the rows
added below its own (--into). Both write the rows at XML level (xlsales.sharing.xlsxrows): the inputs, and
every calculated column's formula, as Excel holds rows typed into the table. With --into nothing but the
table's sheet and the table's own part change (and the styles part, when text that looks like a formula
needs a quote-prefix style): embedded code, charts and every other sheet stay byte for byte.
"""

import io
import tempfile
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from xlsales.book import read_sheets, read_tables, stamp
from xlsales.funnel import layout as FL
from xlsales.funnel.inputs import parse_stages
from xlsales.funnel.vocab import DEFAULT_STAGES
from xlsales.i18n import LANGS, Lang, Text
from xlsales.importing.convert import add_problems
from xlsales.importing.mapping import Mapping
from xlsales.importing.model import Conversion, Destination
from xlsales.importing.source import SourceError
from xlsales.importing.targets import Target
from xlsales.layout import Table
from xlsales.problems import cell_address
from xlsales.sharing.xlsxrows import Package, fill_described, last_filled_row, table_extent, table_headers
from xlsales.table import parse_table
from xlsales.templates.build import workbook_bytes
from xlsales.templates.registry import TEMPLATES


class DestinationError(SourceError):
    """The --into workbook cannot take the rows; the message says why in Chinese and English."""


def new_destination(target: Target, lang: Lang, mapping: Mapping) -> Destination:
    stages = [s.name for s in (mapping.new_stages or DEFAULT_STAGES)] if target.name == "funnel" else []
    return Destination(lang, new_workbook=True, stages=stages)


def build(conversion: Conversion, into: bytes | None = None) -> bytes:
    """The workbook the import writes: a copy of `into` with the rows added, or a new one."""
    return _into_workbook(into, conversion) if into is not None else _new_workbook(conversion)


def verify(conversion: Conversion, data: bytes) -> None:
    """What `xlsales check` says about the workbook `data` (read as it reads a file), for the imported rows, added
    to the conversion's issues: the import reports what the workbook's data-problem column and `check` will show."""
    with tempfile.TemporaryDirectory(prefix="xlsales-import-") as folder:
        path = Path(folder) / "imported.xlsx"
        path.write_bytes(data)
        problems = TEMPLATES[conversion.target.template].check(read_sheets(path), read_tables(path))
    add_problems(conversion, problems)


def _new_workbook(conversion: Conversion) -> bytes:
    """The empty template with the rows in its table, and the extra tables (the funnel's stages and reps) filled."""
    target, lang = conversion.target, conversion.destination.lang
    package = Package(workbook_bytes(TEMPLATES[target.template], lang))
    fill_described(package, target.sheet(lang), target.table, lang, conversion.values)
    for extra in conversion.extras:
        _replace_body(package, extra.sheet(lang), extra.table, lang, extra.values)
    return package.to_bytes()


def _replace_body(package: Package, sheet: str, table: Table, lang: Lang, values: dict[str, list[Any]]) -> None:
    """The table's body becomes `values`; rows the template had beyond them are emptied (the template's own stages
    must not survive below three new ones)."""
    extent = table_extent(package, sheet, table.name)
    rows = max(extent.last_row - extent.first_row, len(next(iter(values.values()))))
    fill_described(package, sheet, table, lang, {k: list(v) + [None] * (rows - len(v)) for k, v in values.items()})


def _into_workbook(data: bytes, conversion: Conversion) -> bytes:
    """A copy of the workbook `data` with the rows added below the table's existing rows."""
    target, destination = conversion.target, conversion.destination
    package = Package(data)
    fill_described(package, target.sheet(destination.lang), target.table, destination.lang, conversion.values,
                   first_row=destination.first_row)
    return package.to_bytes()


def read_destination(path: Path, target: Target) -> tuple[bytes, Destination]:
    """The --into workbook's bytes and what the import needs to know of it: its language, where new rows go, the
    identities it already has and, for the funnel, its stages and reps."""
    try:
        data = path.read_bytes()
        package = Package(data)
        sheets = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = sheets.sheet_names
    except Exception as error:  # a missing, damaged or foreign file
        raise DestinationError(f"无法读取工作簿 {path.name}: {error} / cannot read workbook {path.name}: {error}") from None
    lang = _language(path, names, target)
    table, sheet = target.table, target.sheet(lang)
    try:
        headers = table_headers(package, sheet, table.name)
    except KeyError:
        raise DestinationError(f"{path.name} 的「{sheet}」表上没有 {table.name} 表格 / {path.name} has no {table.name} "
                               f"table on sheet '{sheet}'") from None
    if headers != table.headers(lang):
        raise DestinationError(f"{path.name} 的 {table.name} 表格的列与模板不同,导入会把值放错列 / the columns of "
                               f"{table.name} in {path.name} differ from the template's: values would land in the "
                               f"wrong columns\n  {headers}\n  {table.headers(lang)}")
    destination = Destination(lang, new_workbook=False, first_row=last_filled_row(package, sheet, table) + 1)

    def grid(sheet_name: str, of: Table) -> list[list[Any]]:
        extent = table_extent(package, sheet_name, of.name)
        rows = sheets.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        width = extent.last_col
        return [[None if v == "" else v for v in (list(r) + [None] * width)[extent.first_col - 1:width]]
                for r in rows[extent.first_row - 1:extent.last_row]]

    if target.identity is not None:
        position = table.index(target.identity)
        letter_of = table.first_col - 1 + position
        for offset, row in enumerate(grid(sheet, table)[1:], start=table.first_row):
            value = row[position]
            if value is not None and str(value).strip():
                where = f"{sheet}!{cell_address(offset - 1, letter_of)}"
                destination.identities.setdefault(str(value).casefold(), where)
    if target.people is not None:
        people = target.people
        listed = parse_table(grid(people.sheet(lang), people.table), [people.table.col(people.key).read],
                             people.sheet(lang), people.table.header_row - 1)
        destination.reps = [str(name) for name in listed.frame[people.key].dropna()]
    if target.name == "funnel":
        stages_sheet = FL.SHEET_STAGES(lang)
        stages = parse_stages(grid(stages_sheet, FL.STAGES), stages_sheet, FL.STAGES.header_row - 1)
        destination.stages = [Text(str(s), str(s)) for s in stages.frame["stage"]]
    return data, destination


def _language(path: Path, sheets: list[str], target: Target) -> Lang:
    said = stamp(path)
    if said.get("template") not in (None, target.template):
        raise DestinationError(f"{path.name} 是「{said['template']}」工作簿,不能导入{target.title.zh} / {path.name} is a "
                               f"'{said['template']}' workbook: it cannot take {target.title.en}")
    lang = said.get("lang")
    if lang in LANGS:
        return lang  # type: ignore[return-value]
    for candidate in LANGS:
        if target.sheet(candidate) in sheets:
            return candidate
    raise DestinationError(f"{path.name} 中没有「{target.sheet.zh}」表 / {path.name} has no '{target.sheet.en}' sheet")
