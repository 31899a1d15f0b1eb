"""xlwings Lite code in a workbook: bundle `main.py`, embed it at zip level, extract it, hash it.

xlwings Lite keeps a workbook's Python code in the Office add-in part
`xl/webextensions/webextension1.xml` as `<we:property name="main.py" value="…"/>` (and
`requirements.txt`), each value the text JSON-encoded as a string and then XML-escaped. The
layout below is the one Excel writes for Lite (checked against workbooks saved by Excel with
the Lite add-in): reference `wa200008175` in the Office store (`OMEX`), a task pane part
linked from `_rels/.rels`, and content-type overrides for both parts.

openpyxl drops these parts on load/save, so templates are saved by openpyxl first and the
code is embedded last, here. Every zip this module writes is normalised (fixed timestamps,
stable order, fixed document dates) so building the same template twice gives the same bytes.

Lite registers the `@func`/`@script` objects of `main.py` itself, so `main.py` defines the
udfs module's functions directly: it starts with a small importer that serves the pure
`xlsales` modules from sources embedded in the file, then carries the udfs module verbatim.
"""

import ast
import errno
import hashlib
import importlib.util
import io
import json
import os
import re
import stat
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable

from defusedxml import DefusedXmlException, ElementTree

from xlsales import __version__
from xlsales import limits as L
from xlsales.i18n import Text
from xlsales.problems import ReasonError

# The scripts read `sheet.used_range` (udfs/_book.py): xlwings' remote engine, which runs the scripts inside
# Lite, has it only from 0.37.0 (before, it raises NotImplementedError), while Lite starts new workbooks on
# 0.33.x. Lite installs xlwings, a pure-Python wheel, from this file like any package.
XLWINGS_FLOOR = "0.37.0"
REQUIREMENTS_TXT = (
    "# xlsales: pandas and pydantic come with Pyodide, so they are not pinned (Pyodide decides their version)\n"
    f"xlwings>={XLWINGS_FLOOR},<1.0.0\n"
    "pandas\n"
    "pydantic\n"
)

LITE_ADDIN_ID = "wa200008175"  # xlwings Lite in the Office add-in store
# Fixed (not random, as Excel makes it) so that building a template twice gives identical bytes.
WEBEXTENSION_ID = "{590EBD32-F76C-526C-95AE-4E306C1D4228}"
CODE_PROPERTIES = ("main.py", "requirements.txt")
# Lite saves these beside the code (every public Lite-saved sample carries both; tests/data holds their
# structure). The values are the newest seen there: Pyodide 0.27.5 is also what .venv-lite tests with.
PYODIDE_VERSION = "0.27.5"
ADDIN_VERSION = "1.0.0.0-18"
# Most samples also mark the add-in as one with custom functions (Excel writes it, scripts-only files too).
CUSTOM_FUNCTIONS_EXT = "{D87F86FE-615C-45B5-9D79-34F1136793EB}"
CUSTOM_FUNCTION_IDS_EXT = "{7C84B067-C214-45C3-A712-C9D94CD141B2}"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"

CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
CORE_PROPS = "docProps/core.xml"
WEBEXT_DIR = "xl/webextensions/"
WEBEXTENSION = WEBEXT_DIR + "webextension1.xml"
TASKPANES = WEBEXT_DIR + "taskpanes.xml"
TASKPANES_RELS = WEBEXT_DIR + "_rels/taskpanes.xml.rels"

NS_WE = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
NS_WETP = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
TYPE_WEBEXTENSION = "application/vnd.ms-office.webextension+xml"
TYPE_TASKPANES = "application/vnd.ms-office.webextensiontaskpanes+xml"

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
FIXED_DOC_TIME = b"2026-01-01T00:00:00Z"  # docProps/core.xml created and modified


# ---------------------------------------------------------------------------------------------
# main.py

BUNDLED_ROOTS = ("xlsales", "udfs")  # our packages; everything else main.py imports comes from Pyodide


def dependencies(module: str) -> list[str]:
    """Every module of ours that `module` needs, directly or through others, with their packages, parents first.

    Found from the sources' module-level import statements (nothing is imported to find them)."""
    found: set[str] = set()
    todo = [module]
    while todo:
        tree = ast.parse(_module_source(todo.pop())[1])
        for node in _module_level(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                if name.partition(".")[0] in BUNDLED_ROOTS and name not in found and _is_module(name):
                    found.add(name)
                    todo.append(name)
    for name in list(found):  # a module's packages come with it
        parts = name.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts)))
    found.discard(module)
    return sorted(found)


def _module_level(tree: ast.Module) -> list[ast.AST]:
    """The statements that run when the module is imported: an import inside a function runs only when it is
    called (xlsales.book's child-process reading, which a workbook never calls), so it is not bundled."""
    out: list[ast.AST] = []
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        out.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))
    return out


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # `from xlsales.funnel import figures`: a name in a module, not a module
        return False


def bundle_main_py(udfs_module: str, title: str) -> str:
    """A self-contained main.py: every module of ours `udfs_module` needs, served from embedded sources, then
    `udfs_module` verbatim. Importing anything else of ours inside Lite fails loudly, never falls back to
    another installed copy."""
    modules = dependencies(udfs_module)
    bundled = {name: _module_source(name) for name in modules}
    udfs_source = _module_source(udfs_module)[1]
    if re.search(r"^from\s+__future__\s+import", udfs_source, re.MULTILINE):
        raise ValueError(f"{udfs_module}: 不能用 from __future__(xlwings 读取真实类型注解) / "
                         "must not use `from __future__` (xlwings reads the real type hints)")
    entries = "".join(f"    {name!r}: ({is_package}, {_source_literal(source)}),\n"
                      for name, (is_package, source) in bundled.items())
    body = (_IMPORTER.replace("@ENTRIES@", entries)
            + f"\n\n# ---- {udfs_module}, verbatim: Lite registers its functions and scripts from main.py ----\n\n"
            + udfs_source)
    one_line_title = " ".join(title.split())
    header = (
        f"# {one_line_title}: main.py for xlwings Lite\n"
        f"# Generated by xlsales {__version__} (`xlsales build`). Do not edit: rebuild it from the xlsales sources.\n"
        f"# Bundled: {', '.join(modules)}; then {udfs_module}.\n"
        f"# sha256 of everything below this header: {hashlib.sha256(body.encode('utf-8')).hexdigest()}\n"
    )
    return header + body


def _module_source(name: str) -> tuple[bool, str]:
    """(is_package, source text) of an installed module, read from its file (only its packages are imported)."""
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:  # a missing parent package
        spec = None
    source = spec.loader.get_source(name) if spec is not None and spec.loader is not None else None
    if source is None:
        raise ValueError(f"找不到模块 {name} 的源码 / no Python source found for module {name}")
    return spec.submodule_search_locations is not None, source


def excel_functions(module: str) -> list[ast.FunctionDef]:
    """The module's top-level functions decorated with xlwings' `@func`, in source order. Found in the source:
    outside Excel the decorators do nothing, so the functions carry no mark."""
    return [node for node in ast.parse(_module_source(module)[1]).body
            if isinstance(node, ast.FunctionDef) and any(_is_func(d) for d in node.decorator_list)]


def _is_func(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(target, ast.Name) and target.id == "func") or (
        isinstance(target, ast.Attribute) and target.attr == "func")


_LITERAL_ESCAPES = {ord("\\"): "\\\\", ord("\r"): "\\r", 0x7F: "\\x7f"}
_LITERAL_ESCAPES.update({c: f"\\x{c:02x}" for c in range(0x20) if chr(c) not in "\n\t\r"})


def _source_literal(text: str) -> str:
    """`text` as a readable ''' string literal: lines stay lines, only what Python would change is escaped."""
    body = text.translate(_LITERAL_ESCAPES)
    # No two unescaped quotes in a row and none at the end, so nothing can close the literal early.
    body = re.sub(r"'(?='|\Z)", r"\\'", body)
    return "'''\\\n" + body + "'''"


_IMPORTER = '''\
import importlib.abc as _xlsales_abc
import importlib.util as _xlsales_util
import linecache as _xlsales_linecache
import sys as _xlsales_sys

# module name -> (is a package, source): the pure modules this workbook's code imports.
_XLSALES_BUNDLE = {
@ENTRIES@}


class _XlsalesBundleImporter(_xlsales_abc.MetaPathFinder, _xlsales_abc.Loader):
    """Imports the modules above from this file, ahead of any installed copy of the same package."""

    roots = {name.partition(".")[0] for name in _XLSALES_BUNDLE}

    def find_spec(self, fullname, path=None, target=None):
        if fullname in _XLSALES_BUNDLE:
            return _xlsales_util.spec_from_loader(fullname, self, origin="main.py",
                                                  is_package=_XLSALES_BUNDLE[fullname][0])
        if fullname.partition(".")[0] in self.roots:
            # never mix this bundle with another version of the same package
            raise ModuleNotFoundError(f"{fullname} is not bundled into this workbook's main.py", name=fullname)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        source = _XLSALES_BUNDLE[module.__name__][1]
        filename = f"<main.py: {module.__name__}>"
        # so tracebacks in Lite's output show the bundled lines
        _xlsales_linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), module.__dict__)


# Lite may run main.py again in the same interpreter: drop the previous importer and modules.
_xlsales_sys.meta_path[:] = [f for f in _xlsales_sys.meta_path if type(f).__name__ != "_XlsalesBundleImporter"]
for _xlsales_name in _XLSALES_BUNDLE:
    _xlsales_sys.modules.pop(_xlsales_name, None)
_xlsales_sys.meta_path.insert(0, _XlsalesBundleImporter())
del _xlsales_name'''


# ---------------------------------------------------------------------------------------------
# embedding and extracting

def property_value(text: str) -> str:
    """A Lite property value as Excel stores it: the text as a JSON string, then XML-escaped. Like Lite,
    "/" is written as "\\/" (the same JSON string)."""
    # JSON leaves U+FFFE and U+FFFF raw but XML 1.0 cannot carry them: write them as JSON \u escapes.
    encoded = json.dumps(text, ensure_ascii=False).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return _xml_attr(encoded.replace("/", "\\/"))


def embed(xlsx_bytes: bytes, main_py: str, requirements: str) -> bytes:
    """The workbook with Lite's add-in parts holding `main.py` and `requirements.txt`.

    Any task-pane add-in parts already in the file are replaced, so embedding again updates
    the code instead of adding a second copy.
    """
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    for name in [n for n in parts if n.startswith(WEBEXT_DIR)]:
        del parts[name]
    parts[ROOT_RELS] = _root_rels_with_taskpanes(parts.get(ROOT_RELS))
    parts[CONTENT_TYPES] = _content_types_with_webextensions(parts[CONTENT_TYPES])
    properties = "".join(f'<we:property name="{name}" value="{property_value(text)}"/>' for name, text in (
        ("main.py", main_py), ("pyodideVersion", PYODIDE_VERSION), ("addinVersion", ADDIN_VERSION),
        ("requirements.txt", requirements)))  # in the order Lite writes them
    parts[WEBEXTENSION] = (
        f'{XML_DECLARATION}<we:webextension xmlns:we="{NS_WE}" id="{WEBEXTENSION_ID}">'
        f'<we:reference id="{LITE_ADDIN_ID}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
        f'<we:alternateReferences><we:reference id="{LITE_ADDIN_ID.upper()}" version="1.0.0.0" '
        f'store="{LITE_ADDIN_ID.upper()}" storeType="OMEX"/></we:alternateReferences>'
        f'<we:properties>{properties}</we:properties><we:bindings/>'
        f'<we:snapshot xmlns:r="{NS_R}"/><we:extLst>'
        f'<a:ext xmlns:a="{NS_A}" uri="{CUSTOM_FUNCTIONS_EXT}"><we:containsCustomFunctions/></a:ext>'
        f'<a:ext xmlns:a="{NS_A}" uri="{CUSTOM_FUNCTION_IDS_EXT}"><we:customFunctionIdList/></a:ext>'
        f'</we:extLst></we:webextension>'
    ).encode("utf-8")
    parts[TASKPANES] = (
        f'{XML_DECLARATION}<wetp:taskpanes xmlns:wetp="{NS_WETP}">'
        # visibility 1: the pane opens with the file and Excel offers to install Lite if missing
        f'<wetp:taskpane dockstate="right" visibility="1" width="350" row="1">'
        f'<wetp:webextensionref xmlns:r="{NS_R}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>'
    ).encode("utf-8")
    parts[TASKPANES_RELS] = _relationships_xml(
        [{"Id": "rId1", "Type": REL_WEBEXTENSION, "Target": WEBEXTENSION.rpartition("/")[2]}])
    return _write_zip(parts)


class CodeLayoutError(ReasonError):
    """The workbook's add-in parts are not laid out as xlwings Lite writes them; `reason` names what, in both
    languages."""


@dataclass(frozen=True)
class AddinPart:
    """A web-extension part (an Office add-in's settings), wherever it is in the package."""

    name: str
    lite: bool  # its reference is the xlwings Lite add-in
    properties: tuple[tuple[str, str], ...]  # (name, raw value) of every property element, in document order
    misplaced: tuple[str, ...]  # names of property elements outside the part's one <we:properties>

    @property
    def carries_code(self) -> bool:
        return any(_looks_like_code(name) for name, _ in self.properties) or any(map(_looks_like_code, self.misplaced))


def extract(xlsx_bytes: bytes, limits: L.Limits = L.DEFAULT) -> dict[str, str] | None:
    """main.py and requirements.txt (those present) from the workbook's xlwings Lite part; None when no part
    carries code.

    Strict, because this is what `xlsales verify` vouches for: exactly one web-extension part in the whole
    package may carry code, it must be the one the workbook opens (_rels/.rels -> task panes ->
    web extension), reference the Lite add-in, and hold each property once. Anything else raises
    CodeLayoutError naming the parts; the zip is opened within `limits` (LimitExceeded, zipfile.BadZipFile).
    """
    with L.open_package(xlsx_bytes, limits) as archive:
        parts, refused = addin_parts(archive.namelist(), archive.open)
        if refused:
            raise CodeLayoutError(_say(_REFUSED, parts=", ".join(refused)))
        referenced = referenced_addins(archive.namelist(), archive.open)
    carrying = [p for p in parts if p.carries_code]
    if not carrying:
        return None
    if len(carrying) > 1:
        raise CodeLayoutError(_say(_SEVERAL, parts=", ".join(p.name for p in carrying)))
    part = carrying[0]
    if part.name not in referenced:
        raise CodeLayoutError(_say(_UNREFERENCED, part=part.name))
    if not part.lite:
        raise CodeLayoutError(_say(_NOT_LITE, part=part.name))
    if part.misplaced:
        raise CodeLayoutError(_say(_MISPLACED, part=part.name, names=", ".join(part.misplaced)))
    names = [name for name, _ in part.properties]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise CodeLayoutError(_say(_TWICE, part=part.name, names=", ".join(twice)))
    odd = [n for n in names if _looks_like_code(n) and n not in CODE_PROPERTIES]
    if odd:
        raise CodeLayoutError(_say(_ODD_NAME, part=part.name, names=", ".join(odd)))
    code = {}
    for name, value in part.properties:
        if name in CODE_PROPERTIES:
            try:
                code[name] = json.loads(value)
            except ValueError:
                code[name] = None
            if not isinstance(code[name], str):
                raise CodeLayoutError(_say(_NOT_TEXT, part=part.name, names=name))
    return code


def addin_parts(names: list[str], open_part: Callable[[str], IO[bytes]]) -> tuple[list[AddinPart], list[str]]:
    """(every web-extension part, found by its root element wherever it is; the XML parts that could not be
    checked because they declare a DTD or entities, which Office files never do)."""
    found, refused = [], []
    for name in names:
        root = root_element(name, open_part)
        if root is _REFUSED_XML:
            refused.append(name)
        elif root == "webextension":
            found.append(_addin_part(name, open_part))
    return found, refused


def referenced_addins(names: list[str], open_part: Callable[[str], IO[bytes]]) -> set[str]:
    """The web-extension parts the workbook opens as task panes: _rels/.rels -> task panes part -> its
    webextensionref ids -> the task panes part's relationships."""
    present = set(names)
    out: set[str] = set()
    for panes in _targets(ROOT_RELS, "", REL_TASKPANES, None, present, open_part):
        refs = {v for element in _parse_part(panes, open_part).iter() if _local(element.tag) == "webextensionref"
                for k, v in element.attrib.items() if _local(k) == "id"}
        folder, _, file = panes.rpartition("/")
        rels = f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"
        out |= set(_targets(rels, folder, REL_WEBEXTENSION, refs, present, open_part))
    return out


def _looks_like_code(name: str) -> bool:
    return name.strip().casefold() in CODE_PROPERTIES


def _addin_part(name: str, open_part: Callable[[str], IO[bytes]]) -> AddinPart:
    root = _parse_part(name, open_part)
    reference = next((e for e in root if _local(e.tag) == "reference"), None)
    lite = reference is not None and reference.get("id", "").lower() == LITE_ADDIN_ID
    blocks = [e for e in root if _local(e.tag) == "properties"]
    properties, misplaced = [], []
    for parent in root.iter():
        for child in parent:
            if _local(child.tag) == "property":
                entry = (child.get("name", ""), child.get("value", '""'))
                if len(blocks) == 1 and parent is blocks[0]:
                    properties.append(entry)
                else:
                    misplaced.append(entry[0])
    return AddinPart(name, lite, tuple(properties), tuple(misplaced))


_REFUSED_XML = object()


def root_element(name: str, open_part: Callable[[str], IO[bytes]]) -> Any:
    """The local name of a part's root element (reading no further); None for a part that is not XML,
    _REFUSED_XML for XML that declares a DTD or entities."""
    try:
        with open_part(name) as stream:
            for _event, element in ElementTree.iterparse(stream, events=("start",)):
                return _local(element.tag)
    except DefusedXmlException:
        return _REFUSED_XML
    except Exception:  # images, binary parts, damaged XML: not an add-in part
        return None
    return None


def _parse_part(name: str, open_part: Callable[[str], IO[bytes]]) -> Any:
    with open_part(name) as stream:
        return ElementTree.parse(stream).getroot()


def _targets(rels: str, folder: str, kind: str, ids: set[str] | None, present: set[str],
             open_part: Callable[[str], IO[bytes]]) -> list[str]:
    if rels not in present:
        return []
    out = []
    for element in _parse_part(rels, open_part).iter():
        if _local(element.tag) != "Relationship" or element.get("Type") != kind:
            continue
        if element.get("TargetMode") == "External" or (ids is not None and element.get("Id") not in ids):
            continue
        target = L.resolve(folder, element.get("Target", ""))
        if target in present and target not in out:
            out.append(target)
    return out


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _say(template: Text, **values: str) -> Text:
    return Text(template.zh.format(**values), template.en.format(**values))


_REFUSED = Text("部件 {parts} 含 DTD 或实体声明(Office 文件从不这样),无法检查", "the parts {parts} declare a DTD or "
                "entities (Office files never do), so they cannot be checked")
_SEVERAL = Text("多个部件带有代码: {parts}", "more than one part carries code: {parts}")
_UNREFERENCED = Text("部件 {part} 带有代码,但工作簿并未引用它(_rels/.rels → 任务窗格 → 加载项)",
                     "the part {part} carries code but the workbook does not open it "
                     "(_rels/.rels -> task panes -> web extension)")
_NOT_LITE = Text("部件 {part} 带有代码,但不是 xlwings Lite 加载项的部件",
                 "the part {part} carries code but is not the xlwings Lite add-in's")
_MISPLACED = Text("部件 {part} 中的属性 {names} 不在唯一的属性列表中", "the part {part} has the properties {names} "
                  "outside its one list of properties")
_TWICE = Text("部件 {part} 中属性 {names} 出现了不止一次", "the part {part} holds the properties {names} more than once")
_ODD_NAME = Text("部件 {part} 中的属性名 {names} 与 Lite 读取的名称不同", "the part {part} has properties named {names}, "
                 "not the names Lite reads")
_NOT_TEXT = Text("部件 {part} 中的属性 {names} 不是文本", "the property {names} of the part {part} is not text")


def _xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _relationships_xml(relationships: list[dict[str, str]]) -> bytes:
    items = "".join("<Relationship " + " ".join(f'{k}="{_xml_attr(v)}"' for k, v in rel.items()) + "/>"
                    for rel in relationships)
    return f'{XML_DECLARATION}<Relationships xmlns="{NS_PKG_RELS}">{items}</Relationships>'.encode("utf-8")


def _root_rels_with_taskpanes(xml: bytes | None) -> bytes:
    """The package relationships with exactly one link to the task panes part."""
    relationships = []
    if xml is not None:
        for rel in ElementTree.fromstring(xml).iterfind(f"{{{NS_PKG_RELS}}}Relationship"):
            if rel.get("Type") != REL_TASKPANES:  # attributes in the order Excel writes them
                relationships.append({k: rel.get(k) for k in ("Id", "Type", "Target", "TargetMode") if rel.get(k)})
    used = {rel["Id"] for rel in relationships}
    number = 1
    while f"rId{number}" in used:
        number += 1
    relationships.append({"Id": f"rId{number}", "Type": REL_TASKPANES, "Target": TASKPANES})
    return _relationships_xml(relationships)


def _content_types_with_webextensions(xml: bytes) -> bytes:
    """The content types with exactly one override for each add-in part."""
    items = []
    for element in ElementTree.fromstring(xml):
        tag = element.tag.rpartition("}")[2]
        if not (tag == "Override" and element.get("PartName", "").startswith("/" + WEBEXT_DIR)):
            items.append((tag, dict(element.attrib)))
    items += [("Override", {"PartName": "/" + TASKPANES, "ContentType": TYPE_TASKPANES}),
              ("Override", {"PartName": "/" + WEBEXTENSION, "ContentType": TYPE_WEBEXTENSION})]
    body = "".join(f"<{tag} " + " ".join(f'{k}="{_xml_attr(v)}"' for k, v in attrs.items()) + "/>"
                   for tag, attrs in items)
    return f'{XML_DECLARATION}<Types xmlns="{NS_CONTENT_TYPES}">{body}</Types>'.encode("utf-8")


# ---------------------------------------------------------------------------------------------
# deterministic zip, atomic write

def normalise_zip(xlsx_bytes: bytes) -> bytes:
    """The same workbook with fixed entry times, [Content_Types].xml first then the other parts
    sorted by name, DEFLATE, and fixed created/modified dates in docProps/core.xml."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    return _write_zip(parts)


_CORE_TIME = re.compile(rb"(<(?:[A-Za-z_][\w.-]*:)?(created|modified)\b[^>]*>)[^<]*(</(?:[A-Za-z_][\w.-]*:)?\2>)")


def _write_zip(parts: dict[str, bytes]) -> bytes:
    if CORE_PROPS in parts:
        parts = {**parts, CORE_PROPS: _CORE_TIME.sub(lambda m: m.group(1) + FIXED_DOC_TIME + m.group(3),
                                                     parts[CORE_PROPS])}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(parts, key=lambda n: (n != CONTENT_TYPES, n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same bytes whichever system builds the file
            info.external_attr = 0
            archive.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes, overwrite: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same folder, so a reader never sees half a file.

    The temporary file is removed on every way out Python sees (an error, a full disk, Ctrl-C); one left by a
    process that was killed is removed by the next write to the same path (`remove_stale_temporaries`).
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if path.exists() and not overwrite:
        raise FileExistsError(f"文件已存在,未覆盖: {path}(如需覆盖请用 --force) / "
                              f"file already exists, not overwritten: {path} (use --force to overwrite)")
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:TEMPORARY_HEX]}.tmp")
    try:
        # 0o666 filtered by the umask, like any new file (a temp file from tempfile would be 0o600)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(descriptor, "wb") as handle:
            _hold(handle.fileno())  # until closed: the file is in use, not stale
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        if error.filename is None:  # a full disk says nothing of where: name the file being written
            error.filename = str(path)
        raise
    finally:
        temporary.unlink(missing_ok=True)


TEMPORARY_HEX = 12


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove what `write_atomic` left for `path` when its process was killed: files named exactly
    `.NAME.<12 hex digits>.tmp` beside it that no running write holds (locked while in use on POSIX; Windows
    refuses to delete a file in use). Nothing else is ever touched. Returns what was removed."""
    pattern = re.compile(re.escape(f".{path.name}.") + f"[0-9a-f]{{{TEMPORARY_HEX}}}" + re.escape(".tmp"))
    removed = []
    try:
        candidates = [p for p in Path(path).parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return removed
    for candidate in candidates:
        try:
            if stat.S_ISREG(candidate.lstat().st_mode) and _remove_if_unused(candidate):  # never a link or folder
                removed.append(candidate)
        except OSError:
            pass  # in use, gone meanwhile, or not ours to remove
    return removed


def _remove_if_unused(path: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: the OS itself refuses to delete a file another process has open
        path.unlink()
        return True
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError while a write holds it
        if not os.path.samestat(os.fstat(descriptor), path.lstat()):
            return False
        path.unlink()
        return True
    finally:
        os.close(descriptor)


def _hold(descriptor: int) -> None:
    """Lock a temporary file being written, so that `remove_stale_temporaries` leaves it alone (POSIX)."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError:
        pass  # a file system without locks: the file is still written, only not marked as in use
