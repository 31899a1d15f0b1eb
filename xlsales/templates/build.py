"""Template files: build a workbook, stamp it, embed its Lite code last at zip level, write atomically.

The build is deterministic (fixed document dates, normalised zip), so a test can prove the
committed `workbooks/` files equal a fresh build byte for byte.
"""

import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl.packaging.custom import StringProperty

from xlsales import __version__, lite
from xlsales.sharing.verify import record_release
from xlsales.i18n import Lang
from xlsales.templates import common as C
from xlsales.templates.common import TEMPLATE_VERSION, TemplateSpec

FIXED_TIME = dt.datetime(2026, 1, 1)
LITE_DIR = "lite"  # workbooks/lite/<name>/main.py and requirements.txt: the same code as plain files


def main_py(spec: TemplateSpec) -> str:
    return lite.bundle_main_py(spec.udfs_module, spec.title.both())


def workbook_bytes(spec: TemplateSpec, lang: Lang, data: Any = None) -> bytes:
    wb = spec.build(lang, data)
    C.finish(wb, spec.title(lang))
    wb.properties.creator = "xlsales"
    wb.properties.title = spec.title(lang)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    for name, value in (("xlsales.template", spec.name), ("xlsales.template_version", TEMPLATE_VERSION),
                        ("xlsales.version", __version__), ("xlsales.lang", lang)):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    buffer = io.BytesIO()
    wb.save(buffer)
    return lite.embed(buffer.getvalue(), main_py(spec), lite.REQUIREMENTS_TXT)


def write_workbook(spec: TemplateSpec, lang: Lang, path: Path, data: Any = None, overwrite: bool = False) -> Path:
    lite.write_atomic(path, workbook_bytes(spec, lang, data), overwrite=overwrite)
    return path


def build_all(folder: Path, templates: dict[str, TemplateSpec]) -> list[Path]:
    """Every template in Chinese (the default) plus its Lite code as plain files, replacing what is there."""
    written = []
    for spec in templates.values():
        written.append(write_workbook(spec, "zh-CN", folder / f"{spec.name}.xlsx", overwrite=True))
        code_dir = folder / LITE_DIR / spec.name
        code_dir.mkdir(parents=True, exist_ok=True)
        for name, text in (("main.py", main_py(spec)), ("requirements.txt", lite.REQUIREMENTS_TXT)):
            lite.write_atomic(code_dir / name, text.encode("utf-8"), overwrite=True)
            written.append(code_dir / name)
    written.append(record_release())
    return written
