"""A copy of a workbook for people without Python (or on WPS/LibreOffice): every cell whose formula calls
one of our Python functions holds the value Excel last saved for it instead; optionally the embedded
xlwings Lite code is removed. Nothing else changes.

The file is patched at zip/XML level, never loaded and saved with openpyxl (which would drop
charts' extensions, images' parts, add-in parts and more): only the worksheets that hold such
cells, the calculation chain that lists them and, with `strip_code`, the add-in parts and the
two lists that point at them are rewritten; every other part is copied byte for byte.
"""

import html
import io
import pkgutil
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from defusedxml import ElementTree
from openpyxl.formula.tokenizer import Tokenizer, TokenizerError

from xlsales import limits as L
from xlsales import lite
from xlsales.sharing.xlsxrows import NS_MAIN, NS_PKG_RELS, NS_R, Package

UDF_PREFIX = "_XLDUDF_"  # how Excel stores a call to an add-in's function
CALC_CHAIN = "xl/calcChain.xml"
# A cell with content; (?<!/) keeps a self-closing <c .../> from swallowing the next cell.
_CELL = re.compile(r"<c\b([^>]*?)(?<!/)>(.*?)</c>", re.DOTALL)
_FORMULA = re.compile(r"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.DOTALL)
_VALUE = re.compile(r"<v>(.*?)</v>", re.DOTALL)
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')


@dataclass
class Published:
    data: bytes
    replaced: int  # cells whose formula was replaced by its value
    without_value: list[str] = field(default_factory=list)  # sheet!cell with no saved value: empty in the copy
    code_removed: bool = False


@lru_cache(maxsize=1)
def python_function_names() -> frozenset[str]:
    """Every @func in the udfs modules, upper-cased as Excel shows them."""
    import udfs

    return frozenset(node.name.upper() for module in pkgutil.iter_modules(udfs.__path__)
                     if not module.name.startswith("_") for node in lite.excel_functions(f"udfs.{module.name}"))


def calls_python(formula: str, names: frozenset[str]) -> bool:
    """Whether the formula calls one of `names` (any case; bare, `_xldudf_`-prefixed, or behind a namespace)."""
    try:
        tokens = Tokenizer("=" + formula.lstrip("=")).items
    except TokenizerError:
        return False
    for token in tokens:
        if token.type == "FUNC" and token.subtype == "OPEN":
            name = token.value[:-1].upper().removeprefix(UDF_PREFIX)
            if name in names or any(name.endswith(("." + n, "_" + n)) for n in names):
                return True
    return False


def publish(data: bytes, strip_code: bool = False, names: frozenset[str] | None = None,
            limits: L.Limits = L.DEFAULT) -> Published:
    """Raises ValueError (saying why, in both languages) for a file that is not a workbook we can open."""
    try:
        with L.open_package(data, limits):  # a zip bomb, a part named twice...: refused before anything is unpacked
            pass
        package = Package(data)
    except L.LimitExceeded:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, NotImplementedError,
            RuntimeError) as error:
        raise ValueError(f"不是可读的工作簿 / not a readable workbook: {error}") from error
    if "xl/workbook.xml" not in package.parts:
        raise ValueError("不是 Excel 工作簿(xlsx) / not an Excel workbook (xlsx)")
    wanted = names if names is not None else python_function_names()
    try:
        return _published(data, package, strip_code, wanted)
    except (ElementTree.ParseError, ValueError) as error:  # bad XML, refused entities, text that is not UTF-8...
        raise ValueError(f"工作簿已损坏 / damaged workbook ({type(error).__name__}: {str(error)[:100]})") from error


def _published(data: bytes, package: Package, strip_code: bool, wanted: frozenset[str]) -> Published:
    result = Published(b"", 0)
    replaced_cells: dict[str, set[str]] = {}  # sheetId -> cell refs
    for sheet_id, sheet_name, part in _worksheets(package):
        xml = package.text(part)
        new_xml, refs, empty = _values_for_python_cells(xml, wanted)
        if refs:
            package.put(part, new_xml)
            replaced_cells[sheet_id] = refs
            result.replaced += len(refs)
            result.without_value += [f"{sheet_name}!{ref}" for ref in empty]
    if replaced_cells and CALC_CHAIN in package.parts:
        _drop_from_calc_chain(package, replaced_cells)
    if strip_code:
        result.code_removed = _strip_code(package)
    result.data = _rezip(data, package)
    return result


def _worksheets(package: Package) -> list[tuple[str, str, str]]:
    """(sheetId, name, part) of every worksheet."""
    workbook = ElementTree.fromstring(package.parts["xl/workbook.xml"])
    rels = package.parts.get("xl/_rels/workbook.xml.rels")
    targets = {rel.get("Id"): L.resolve("xl", rel.get("Target", ""))
               for rel in (ElementTree.fromstring(rels).iter(f"{{{NS_PKG_RELS}}}Relationship") if rels else [])
               if rel.get("TargetMode") != "External"}
    out = []
    for sheet in workbook.iter(f"{{{NS_MAIN}}}sheet"):
        part = targets.get(sheet.get(f"{{{NS_R}}}id"), "")
        if part.startswith("xl/worksheets/") and part in package.parts:
            out.append((sheet.get("sheetId", ""), sheet.get("name", ""), part))
    return out


def _values_for_python_cells(xml: str, names: frozenset[str]) -> tuple[str, set[str], list[str]]:
    """The sheet with each Python-function cell holding its saved value; the refs replaced; those with no value."""
    shared_ours = set()
    for match in _FORMULA.finditer(xml):
        attrs = dict(_ATTR.findall(match.group(1)))
        if attrs.get("t") == "shared" and match.group(2) and calls_python(html.unescape(match.group(2)), names):
            shared_ours.add(attrs.get("si"))
    replaced: set[str] = set()
    empty: list[str] = []

    def one(cell: re.Match[str]) -> str:
        formula = _FORMULA.search(cell.group(2))
        if formula is None:
            return cell.group()
        f_attrs = dict(_ATTR.findall(formula.group(1)))
        text = html.unescape(formula.group(2) or "")
        ours = calls_python(text, names) if text else (f_attrs.get("t") == "shared" and f_attrs.get("si") in shared_ours)
        if not ours:
            return cell.group()
        attrs = dict(_ATTR.findall(cell.group(1)))
        ref = attrs.get("r", "")
        replaced.add(ref)
        kind = attrs.pop("t", "n")
        attrs.pop("cm", None)  # dynamic-array metadata belongs to the formula
        value = _VALUE.search(cell.group(2))
        head = "<c " + " ".join(f'{k}="{v}"' for k, v in attrs.items())
        if value is None:
            empty.append(ref)
            return head + "/>"
        if kind == "str":  # a formula's text result: as a plain cell it is an inline string
            return f'{head} t="inlineStr"><is><t xml:space="preserve">{value.group(1)}</t></is></c>'
        if kind in ("b", "e"):
            return f'{head} t="{kind}"><v>{value.group(1)}</v></c>'
        return f"{head}><v>{value.group(1)}</v></c>"

    return _CELL.sub(one, xml), replaced, empty


def _drop_from_calc_chain(package: Package, replaced: dict[str, set[str]]) -> None:
    """Take replaced cells out of the calculation chain (an entry's sheet is that of the entry before when omitted)."""
    xml = package.text(CALC_CHAIN)
    current = ""
    kept = []
    for match in re.finditer(r"<c\b([^>]*?)/>", xml):
        attrs = dict(_ATTR.findall(match.group(1)))
        current = attrs.get("i", current)
        if attrs.get("r") in replaced.get(current, set()):
            continue
        attrs["i"] = current
        kept.append("<c " + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + "/>")
    start = xml.index(">", xml.index("<calcChain")) + 1
    end = xml.index("</calcChain>")
    if kept:
        package.put(CALC_CHAIN, xml[:start] + "".join(kept) + xml[end:])
    else:  # an empty chain is not allowed: remove it and what points at it
        del package.parts[CALC_CHAIN]
        _remove_references(package, "/" + CALC_CHAIN, "xl/_rels/workbook.xml.rels", "calcChain.xml")


def _strip_code(package: Package) -> bool:
    """Remove every add-in part wherever it is (web extensions and task panes, found by their root element, and
    everything under xl/webextensions/), their relationship parts, every relationship pointing at them and their
    content types."""
    def open_part(name: str) -> io.BytesIO:
        return io.BytesIO(package.parts[name])

    found, refused = lite.addin_parts(list(package.parts), open_part)
    removed = {p.name for p in found} | set(refused) | {n for n in package.parts if n.startswith(lite.WEBEXT_DIR)}
    removed |= {n for n in package.parts if lite.root_element(n, open_part) == "taskpanes"}
    removed |= {_rels_of(n) for n in removed if _rels_of(n) in package.parts}
    for name in removed:
        del package.parts[name]
    for rels in [n for n in package.parts if n.endswith(".rels")]:
        text = package.text(rels)
        folder = _owner(rels).rpartition("/")[0]

        def kept(match: re.Match[str]) -> str:
            attrs = dict(_ATTR.findall(match.group()))
            points_at_removed = (attrs.get("TargetMode") != "External"
                                 and L.resolve(folder, html.unescape(attrs.get("Target", ""))) in removed)
            return "" if points_at_removed or attrs.get("Type") == lite.REL_TASKPANES else match.group()

        stripped = _RELATIONSHIP.sub(kept, text)
        if stripped != text:
            package.put(rels, stripped)
    types = package.text(lite.CONTENT_TYPES)
    stripped = re.sub(r'<Override\b[^>]*\bPartName="/?([^"]*)"[^>]*/>',
                      lambda m: "" if html.unescape(m.group(1)) in removed else m.group(), types)
    if stripped != types:
        package.put(lite.CONTENT_TYPES, stripped)
    return bool(removed)


_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*?(?:/>|>.*?</Relationship>)", re.DOTALL)


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _owner(rels: str) -> str:
    """The part a relationships part belongs to: xl/_rels/workbook.xml.rels -> xl/workbook.xml."""
    folder, _, name = rels.rpartition("/")
    return f"{folder.removesuffix('_rels').rstrip('/')}/{name.removesuffix('.rels')}".lstrip("/")


def _remove_references(package: Package, part_name: str, rels: str, target: str) -> None:
    text = package.text(rels)
    package.put(rels, re.sub(r'<Relationship\b[^>]*\bTarget="/?(?:xl/)?' + re.escape(target) + r'"[^>]*/>', "", text))
    types = package.text(lite.CONTENT_TYPES)
    package.put(lite.CONTENT_TYPES, re.sub(r'<Override\b[^>]*\bPartName="' + re.escape(part_name) + r'"[^>]*/>', "",
                                           types))


def _rezip(original: bytes, package: Package) -> bytes:
    """The original zip's entries in their order with their own settings; changed parts replaced, removed ones gone."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.is_dir():
                target.writestr(info, b"")
            elif info.filename in package.parts:
                target.writestr(info, package.parts[info.filename])
    return buffer.getvalue()
