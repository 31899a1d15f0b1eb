"""Reps' funnel workbooks for the roll-up tests: the demo team split into one file per rep."""

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any, Callable

from xlsales.funnel.demo import DemoFunnel, demo_funnel, frames
from xlsales.funnel.layout import SHEET_DEALS
from xlsales.sharing.reading import read_source
from xlsales.sharing.rollup import RollUp, SourceBook, combine
from xlsales.sharing.safety import ooxml_text
from xlsales.templates.build import workbook_bytes
from xlsales.templates.funnel import SPEC

AS_OF = dt.date(2026, 11, 23)
LANGS = ("zh-CN", "en", "zh-CN", "en")  # reps keep their copy in either language


def team_data(copies: int = 1) -> DemoFunnel:
    """The demo team; with copies > 1 every deal repeated under new IDs (for tables longer than the template's)."""
    data = demo_funnel(AS_OF)
    if copies == 1:
        return data
    deals = [dict(d, id=f"{d['id']}-{k}") for k in range(copies) for d in data.deals]
    return data.model_copy(update={"deals": deals})


def rep_data(data: DemoFunnel, rep: str) -> DemoFunnel:
    team = dict(data.reps)[rep]
    return data.model_copy(update={"reps": [(rep, team)], "deals": [d for d in data.deals if d["owner"] == rep]})


def rep_files(folder: Path, copies: int = 1) -> list[Path]:
    """One workbook per demo rep, alternating Chinese and English copies of the template."""
    data = team_data(copies)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for (rep, _), lang in zip(data.reps, LANGS):
        path = folder / f"{rep}.xlsx"
        path.write_bytes(workbook_bytes(SPEC, lang, rep_data(data, rep)))
        paths.append(path)
    return paths


def funnel_bytes(deals: list[dict[str, Any]], lang: str = "zh-CN", modified: dt.datetime | None = None,
                 typed: dict[str, Any] | None = None) -> bytes:
    """A funnel workbook holding `deals` (demo-style dicts), saved at `modified` (docProps) when given, with
    `typed` values put into deals-sheet cells afterwards as a rep might type them (e.g. {"H4": "maybe"})."""
    base = demo_funnel(AS_OF)
    data = base.model_copy(update={"deals": deals, "reps": [r for r in base.reps
                                                            if any(d["owner"] == r[0] for d in deals)]})
    built = workbook_bytes(SPEC, lang, data)
    if typed:
        wb = SPEC.build(lang, data)
        deals_sheet = wb[SHEET_DEALS(lang)]  # type: ignore[arg-type]
        for cell, value in typed.items():
            deals_sheet[cell] = ooxml_text(value) if isinstance(value, str) else value
            if isinstance(value, str):
                deals_sheet[cell].data_type = "s"  # typed as text, as Excel keeps text such as '=1+1
        buffer = io.BytesIO()
        wb.save(buffer)
        built = buffer.getvalue()
    return with_saved_time(built, modified) if modified else built


def edit_parts(data: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    """The workbook with every part passed through `edit(name, content)`, as another program might save it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, edit(info.filename, source.read(info)))
    return buffer.getvalue()


def replace_text(data: bytes, old: str, new: str) -> bytes:
    """Every occurrence of `old` in the workbook's XML replaced (e.g. a stage renamed everywhere)."""
    return edit_parts(data, lambda name, content: content.replace(old.encode(), new.encode()))


def with_saved_time(data: bytes, modified: dt.datetime) -> bytes:
    """The workbook as if Excel had saved it at `modified` (docProps/core.xml dcterms:modified)."""
    def edit(name: str, content: bytes) -> bytes:
        if name != "docProps/core.xml":
            return content
        text = content.decode()
        start = text.index(">", text.index("<dcterms:modified")) + 1
        end = text.index("</dcterms:modified>")
        return (text[:start] + modified.strftime("%Y-%m-%dT%H:%M:%SZ") + text[end:]).encode()

    return edit_parts(data, edit)


def deal(number: int, owner: str = "张伟", **changes: Any) -> dict[str, Any]:
    """A demo deal by number (1-based), with fields changed."""
    return dict(demo_funnel(AS_OF).deals[number - 1], owner=owner, **changes)


def roll(files: dict[str, bytes], lang: str = "zh-CN", newest_wins: bool = False) -> RollUp:
    books: list[SourceBook] = [read_source(name, data) for name, data in files.items()]
    return combine(books, lang, AS_OF, newest_wins=newest_wins)  # type: ignore[arg-type]


def team_frames(copies: int = 1):
    """The whole team's deals and stages as the funnel core parses them (the sum of the parts)."""
    return frames(team_data(copies))
