"""LibreOffice 25.2 headless: an independent spreadsheet engine for tests, and a PDF exporter.

Each call runs its own soffice with a throwaway profile whose settings force a full
recalculation when a file is loaded (cached values in an xlsx are never trusted), on a copy
of the input in a fresh folder (LibreOffice leaves lock files next to what it opens). So calls
may run concurrently. `--convert-to` is used rather than UNO: UNO would need Debian's system
python3 with a clean environment, the command line needs nothing.
"""

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook

TIMEOUT_SECONDS = 300
XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"
PDF_FILTER = "pdf:calc_pdf_Export"
# Every sheet on one page, instead of print pages (print areas still apply).
PDF_ONE_PAGE_PER_SHEET = PDF_FILTER + ':{"SinglePageSheets":{"type":"boolean","value":"true"}}'
# LibreOffice's own error codes; it saves errors to xlsx as Excel error cells, but a text result may carry one.
LIBREOFFICE_ERROR = re.compile(r"Err:\d{3}")

# Recalculate always on load, for xlsx (OOXML) and ods (ODF): 0 = always, 1 = never, 2 = ask.
RECALCULATE_ON_LOAD = """\
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
"""
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
""" + RECALCULATE_ON_LOAD + """</oor:items>
"""


def profile_settings(*items: str) -> str:
    """A profile's registrymodifications.xcu: recalculation on load plus more `<item>` elements."""
    return PROFILE_SETTINGS.replace("</oor:items>", "".join(items) + "</oor:items>")


class LibreOfficeError(RuntimeError):
    """soffice is missing, failed or timed out; the message carries what it printed."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def recalculate(src: Path, out_dir: Path, profile: Path | None = None) -> Path:
    """`src` fully recalculated by LibreOffice and saved as `out_dir/<same name>.xlsx`.

    `profile`: a LibreOffice user installation (the folder holding `user/`, e.g. with Basic functions and
    Python scripts that formulas call) to copy for this run instead of a blank one; its
    `user/registrymodifications.xcu` must force recalculation on load (write it with `profile_settings`).
    """
    return _convert(Path(src), Path(out_dir), XLSX_FILTER, ".xlsx", None if profile is None else Path(profile))


def export_pdf(src: Path, out_dir: Path, one_page_per_sheet: bool = False) -> Path:
    """`src` recalculated and exported as `out_dir/<same name>.pdf`: every sheet as it prints
    (print areas respected), or each sheet whole on one page."""
    return _convert(Path(src), Path(out_dir), PDF_ONE_PAGE_PER_SHEET if one_page_per_sheet else PDF_FILTER, ".pdf")


def error_cells(xlsx_path: Path) -> list[str]:
    """Every cell whose cached value is an error (#DIV/0!, #VALUE!, #REF!, #NAME?, #N/A, #NUM!, #NULL!, ...
    or LibreOffice's Err:xxx), as `sheet!A1`, sheet by sheet, row by row. Text that merely reads
    "#N/A" is not an error."""
    workbook = load_workbook(xlsx_path, data_only=True, read_only=True)
    try:
        found = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if cell.data_type == "e" or (isinstance(value, str) and LIBREOFFICE_ERROR.fullmatch(value)):
                        found.append(f"{sheet.title}!{cell.coordinate}")
        return found
    finally:
        workbook.close()


def _convert(src: Path, out_dir: Path, target: str, suffix: str, template: Path | None = None) -> Path:
    program = soffice()
    if program is None:
        raise LibreOfficeError("找不到 LibreOffice(soffice),请运行 scripts/install-libreoffice.sh / "
                               "LibreOffice (soffice) not found: run scripts/install-libreoffice.sh")
    if not src.is_file():
        raise FileNotFoundError(f"找不到文件 / file not found: {src}")
    result = out_dir / (src.stem + suffix)
    if result.resolve() == src.resolve():
        raise ValueError(f"输出会覆盖源文件,请换一个输出目录 / the output would overwrite the source, "
                         f"choose another folder: {result}")
    with tempfile.TemporaryDirectory(prefix="xlsales-lo-") as work_dir:
        work = Path(work_dir)
        profile = work / "profile"
        if template is None:
            (profile / "user").mkdir(parents=True)
            (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
        else:
            _copy_profile(template, profile)
        (work / "in").mkdir()
        copy = work / "in" / src.name
        shutil.copyfile(src, copy)
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(work / "out"), str(copy)]
        stdout, stderr = _run(command)
        converted = work / "out" / (src.stem + suffix)
        if not converted.is_file() or converted.stat().st_size == 0:
            raise LibreOfficeError(f"LibreOffice 转换 {src.name} 失败 / LibreOffice could not convert {src.name} "
                                   f"to {suffix}\n{stderr.strip()}\n{stdout.strip()}".rstrip())
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.move(converted, result)
    return result


def _copy_profile(template: Path, profile: Path) -> None:
    settings = template / "user" / "registrymodifications.xcu"
    if not settings.is_file() or RECALCULATE_ON_LOAD not in settings.read_text(encoding="utf-8"):
        raise ValueError(f"配置目录须在 user/registrymodifications.xcu 中设置加载时重新计算(用 profile_settings) / "
                         f"the profile must force recalculation on load in user/registrymodifications.xcu "
                         f"(write it with profile_settings): {template}")
    # Each run its own copy: LibreOffice writes into its profile and locks it.
    shutil.copytree(template, profile)


def _run(command: list[str]) -> tuple[str, str]:
    # Its own session, so a timeout ends soffice and the office process it starts, not just the wrapper.
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=environment, start_new_session=True)
    try:
        return process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        stdout, stderr = process.communicate()
        raise LibreOfficeError(f"LibreOffice 超时({TIMEOUT_SECONDS} 秒) / LibreOffice timed out after "
                               f"{TIMEOUT_SECONDS} s: {' '.join(command)}\n{stderr.strip()}") from None
