"""Is the code embedded in a workbook exactly code that xlsales released?

A workbook that arrives by email can carry altered Python. Before anyone enables it, compare
the sha256 of its main.py and requirements.txt with the code this xlsales version embeds in
each registered template and with every earlier release recorded in `released.json` (which
the template build refreshes through `record_release`). One changed byte is a mismatch, and so
is any doubt about which code Excel would run: a second part carrying code, a part carrying code
that the workbook does not open, a property given twice (`lite.extract` names each).
"""

import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from xlsales import __version__, lite
from xlsales import limits as L
from xlsales.i18n import Text

RELEASED, ALTERED, MISSING = "released", "altered", "missing"
RELEASED_FILE = Path(__file__).with_name("released.json")
Hashes = dict[str, dict[str, dict[str, str]]]  # version -> template -> {"main.py": sha256, "requirements.txt": sha256}


@dataclass(frozen=True)
class Verdict:
    status: str  # released / altered / missing
    message: Text
    template: str = ""
    version: str = ""

    @property
    def released(self) -> bool:
        return self.status == RELEASED


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def current_hashes() -> Hashes:
    """This version's code, computed from the sources: every registered template's bundle."""
    from xlsales.templates.build import main_py  # the build imports this module's record_release
    from xlsales.templates.registry import TEMPLATES

    from xlsales.sharing.teambook import TEAM_REQUIREMENTS, team_main_py

    shipped = {name: {"main.py": sha256(main_py(spec)), "requirements.txt": sha256(lite.REQUIREMENTS_TXT)}
               for name, spec in TEMPLATES.items()}
    shipped["team"] = {"main.py": sha256(team_main_py()), "requirements.txt": sha256(TEAM_REQUIREMENTS)}
    return {__version__: shipped}


def recorded_hashes(path: Path = RELEASED_FILE) -> Hashes:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def record_release(path: Path = RELEASED_FILE) -> Path:
    """Add (or refresh) this version's hashes in released.json, keeping earlier releases'. Called by the build."""
    hashes = {**recorded_hashes(path), **current_hashes()}
    text = json.dumps(hashes, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    lite.write_atomic(path, text.encode("utf-8"), overwrite=True)
    return path


def verify_code(code: dict[str, str] | None, known: Hashes) -> Verdict:
    if code is None or "main.py" not in code:
        return Verdict(MISSING, Text("没有嵌入的 xlwings Lite 代码", "no embedded xlwings Lite code"))
    main = sha256(code["main.py"])
    requirements = sha256(code["requirements.txt"]) if "requirements.txt" in code else None
    main_only = None
    for version, templates in sorted(known.items(), reverse=True):
        for template, files in sorted(templates.items()):
            if files.get("main.py") != main:
                continue
            if files.get("requirements.txt") == requirements:
                return Verdict(RELEASED, Text(f"代码与 xlsales {version} 发布的「{template}」模板完全一致",
                                              f"the code is exactly what xlsales {version} released for '{template}'"),
                               template, version)
            main_only = main_only or (template, version)
    if main_only:
        return Verdict(ALTERED, Text(
            f"main.py 与 xlsales {main_only[1]}「{main_only[0]}」一致,但 requirements.txt 被改动或缺失,请勿启用",
            f"main.py matches xlsales {main_only[1]} '{main_only[0]}' but requirements.txt was changed or is "
            "missing: do not enable it"), *main_only)
    return Verdict(ALTERED, Text("嵌入的代码不是 xlsales 发布的版本(已被改动),请勿启用",
                                 "the embedded code is not code xlsales released (it was altered): do not enable it"))


def verify_workbook(data: bytes, limits: L.Limits = L.DEFAULT) -> Verdict:
    """Raises ValueError (saying why, in both languages) for a file that is not a workbook we can open."""
    try:
        with L.open_package(data, limits) as archive:  # a zip bomb, a part named twice: not opened at all
            is_workbook = bool({"xl/workbook.xml", "xl/workbook.bin"} & set(archive.namelist()))
    except L.LimitExceeded as error:
        raise ValueError(str(error)) from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise ValueError(f"不是可读的工作簿 / not a readable workbook: {error}") from error
    if not is_workbook:
        raise ValueError("不是 Excel 工作簿 / not an Excel workbook")
    try:
        code = lite.extract(data, limits)
    except lite.CodeLayoutError as error:  # a second code part, a decoy, a duplicated property...
        return Verdict(ALTERED, Text(f"{error.reason.zh},请勿启用", f"{error.reason.en}: do not enable it"))
    except (ElementTree.ParseError, ValueError, zipfile.BadZipFile, zlib.error, EOFError):  # not what Lite writes
        return Verdict(ALTERED, Text("嵌入代码的部件已损坏或被改动,请勿启用",
                                     "the embedded code's part is damaged or altered: do not enable it"))
    return verify_code(code, {**recorded_hashes(), **current_hashes()})
