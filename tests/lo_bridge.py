"""Our Excel functions inside LibreOffice Calc, so a test can type =WINRATE(Deals[#All],"张伟") into a real
spreadsheet engine's cell and read back what our Python computed.

`make_profile(folder, SPEC)` writes a LibreOffice user profile for `libreoffice.recalculate(..., profile=...)`:

- Calc resolves a function it does not know to a Basic function of the same name in the profile's
  Standard library; the profile has one per Excel function of the udfs module (the functions decorated
  with `@func`, found in its source), named in upper case like in Excel, every argument Optional.
- Each Basic function hands its arguments to `user/Scripts/python/xlsales_bridge.py` through the
  script provider. That script runs under LibreOffice's own Python (Debian's /usr/bin/python3 with
  python3-uno, without pandas or pydantic), so it puts the test interpreter's site-packages first on
  sys.path (same CPython 3.11 ABI), then executes the template's bundled main.py — the code embedded in
  the workbook — or, given a module name, imports that module from the repository.
- Calc passes a range as a 1-based 2-D array (a table reference includes its header row with
  `[#All]`), a date as its serial number, an empty cell as empty, an integral number as an integer.
  The bridge turns these into what xlwings gives: one cell a scalar, one row or column a flat list,
  a block a list of rows, numbers as floats, empty cells as None; omitted arguments take the Python
  default. A result goes back as a scalar, or a 2-D array for a table (entered as an array formula,
  Calc shows all of it; as a plain formula, its top-left value).
- A failure in the bridge itself (not a `#XLSALES!` message from our functions) shows in the cell as
  `#LO-BRIDGE! ...`, with the traceback in `<folder>/bridge.log`.
"""

import inspect
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

from tests.lite_runner import xlwings_shape
from xlsales import lite
from xlsales.libreoffice import profile_settings
from xlsales.templates.build import main_py
from xlsales.templates.common import TemplateSpec

BRIDGE_SCRIPT = "xlsales_bridge.py"
BRIDGE_ERROR = "#LO-BRIDGE! "
BASIC_MODULE = "Xlsales"
# Without it LibreOffice treats the profile as new on first start and copies its presets over user/basic.
SETUP_COMPLETED = ('<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" '
                   'oor:op="fuse"><value>true</value></prop></item>\n')


@dataclass(frozen=True)
class ExcelFunction:
    name: str  # the Python name; Excel's is this in upper case
    parameters: list[str]


def make_profile(folder: Path, source: TemplateSpec | str | ModuleType) -> Path:
    """A LibreOffice user profile at `folder/profile` whose Calc knows the Excel functions of `source`.

    `source` is a template spec (the bridge runs its bundled main.py, exactly what the workbook embeds)
    or a udfs module or its name (imported from the repository). Packages come from the running
    interpreter's site-packages, where pandas and pydantic are installed.
    """
    folder = Path(folder).resolve()
    profile = folder / "profile"
    if profile.exists():
        raise FileExistsError(f"配置目录已存在 / the profile is already there: {profile}")
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(source, TemplateSpec):
        module_name = source.udfs_module
        (folder / "main.py").write_text(main_py(source), encoding="utf-8")
        target = {"main_py": str(folder / "main.py")}
    else:
        module_name = source if isinstance(source, str) else source.__name__
        target = {"module": module_name, "repo": str(Path(__file__).resolve().parents[1])}
    functions = excel_functions(module_name)

    basic = profile / "user" / "basic"
    (basic / "Standard").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(profile_settings(SETUP_COMPLETED), encoding="utf-8")
    for kind in ("script", "dialog"):
        (basic / f"{kind}.xlc").write_text(_LIBRARIES, encoding="utf-8")
    (basic / "Standard" / "script.xlb").write_text(
        _LIBRARY.format(elements=f' <library:element library:name="{BASIC_MODULE}"/>\n'), encoding="utf-8")
    (basic / "Standard" / "dialog.xlb").write_text(_LIBRARY.format(elements=""), encoding="utf-8")
    (basic / "Standard" / f"{BASIC_MODULE}.xba").write_text(
        _MODULE.format(name=BASIC_MODULE, code=escape(basic_module(functions))), encoding="utf-8")
    scripts = profile / "user" / "Scripts" / "python"
    scripts.mkdir(parents=True)
    paths = sysconfig.get_paths()
    bridge = _BRIDGE.format(site_packages=list(dict.fromkeys([paths["purelib"], paths["platlib"]])),
                            version=tuple(sys.version_info[:2]), target=target, log=str(folder / "bridge.log"),
                            bridge_error=BRIDGE_ERROR, xlwings_shape=inspect.getsource(xlwings_shape))
    (scripts / BRIDGE_SCRIPT).write_text(bridge, encoding="utf-8")
    return profile


def excel_functions(module_name: str) -> list[ExcelFunction]:
    """The module's top-level functions decorated with `@func` (xlwings' decorators do nothing outside Excel,
    so they are found in the source), in source order."""
    found = []
    for node in lite.excel_functions(module_name):
        arguments = node.args
        if arguments.vararg or arguments.kwarg or arguments.kwonlyargs or arguments.posonlyargs:
            raise ValueError(f"{module_name}.{node.name}: Excel 函数只能有普通参数 / "
                             "an Excel function takes plain positional arguments only")
        found.append(ExcelFunction(node.name, [a.arg for a in arguments.args]))
    if not found:
        raise ValueError(f"{module_name} 没有 @func 函数 / {module_name} has no @func functions")
    return found


def basic_module(functions: list[ExcelFunction]) -> str:
    """StarBasic: the call into the bridge, then one function per Excel function. Arguments are all Optional
    (an omitted one reaches Python as omitted, and takes its default or fails there with our message)."""
    return _BASIC_HELPERS + "".join(_basic_function(f) for f in functions)


def _basic_function(function: ExcelFunction) -> str:
    excel_name = function.name.upper()
    count = len(function.parameters)
    arguments = [f"Arg{i + 1}" for i in range(count)]
    lines = [f"' {function.name}({', '.join(function.parameters)})",
             f"Function {excel_name}({', '.join(f'Optional {a} As Variant' for a in arguments)}) As Variant"]
    if count:
        lines.append(f"  Dim aValues({count - 1}) As Variant, aGiven({count - 1}) As Boolean")
        for i, argument in enumerate(arguments):
            lines += [f"  If Not IsMissing({argument}) Then", f"    aValues({i}) = {argument}",
                      f"    aGiven({i}) = True", "  End If"]
        lines.append(f'  {excel_name} = XlsalesBridge("{function.name}", aValues, aGiven)')
    else:
        lines.append(f'  {excel_name} = XlsalesBridge("{function.name}", Array(), Array())')
    lines.append("End Function")
    return "\n".join(lines) + "\n\n"


# A Basic runtime error would open a message box, even headless: every error becomes the cell's text instead.
_BASIC_HELPERS = f"""Option Explicit

Function XlsalesBridge(sName As String, aValues As Variant, aGiven As Variant) As Variant
  Dim oScript As Object
  Dim aOutIndex() As Integer, aOut() As Variant
  On Error GoTo Failed
  oScript = createUnoService("com.sun.star.script.provider.MasterScriptProviderFactory") _
    .createScriptProvider("") _
    .getScript("vnd.sun.star.script:{BRIDGE_SCRIPT}$call?language=Python&location=user")
  XlsalesBridge = XlsalesGrid(oScript.invoke(Array(sName, aValues, aGiven), aOutIndex, aOut))
  Exit Function
Failed:
  XlsalesBridge = "{BRIDGE_ERROR}Basic: " & Error$
End Function

' Python's rows (an array of arrays) as the 1-based 2-D array Calc shows as a matrix.
Function XlsalesGrid(vResult As Variant) As Variant
  If Not IsArray(vResult) Then
    XlsalesGrid = vResult
    Exit Function
  End If
  Dim nRows As Long, nColumns As Long, i As Long, j As Long, aGrid As Variant
  nRows = UBound(vResult) + 1
  nColumns = UBound(vResult(0)) + 1
  ReDim aGrid(1 To nRows, 1 To nColumns) As Variant
  For i = 1 To nRows
    For j = 1 To nColumns
      aGrid(i, j) = vResult(i - 1)(j - 1)
    Next j
  Next i
  XlsalesGrid = aGrid
End Function

"""

_LIBRARIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
</library:libraries>
"""

_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
{elements}</library:library>
"""

_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="{name}" \
script:language="StarBasic">{code}</script:module>
"""

# Runs inside LibreOffice, under its Python: standard library only until the site-packages are on sys.path.
_BRIDGE = '''"""Calc -> Basic -> here -> our Excel functions. Generated by tests/lo_bridge.py; do not edit."""

import datetime
import importlib
import inspect
import sys
import traceback
import types

SITE_PACKAGES = {site_packages!r}
VERSION = {version!r}  # of the Python those site-packages were installed for
TARGET = {target!r}
LOG = {log!r}
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_namespace = None


def _functions():
    global _namespace
    if _namespace is None:
        if tuple(sys.version_info[:2]) != VERSION:
            raise RuntimeError(f"LibreOffice runs Python {{sys.version_info[0]}}.{{sys.version_info[1]}}, the packages "
                               f"are for Python {{VERSION[0]}}.{{VERSION[1]}}: run the tests with that Python")
        sys.path[:0] = [p for p in SITE_PACKAGES if p not in sys.path]
        if "main_py" in TARGET:  # the workbook's own code, as Lite runs it
            module = types.ModuleType("main")
            module.__file__ = TARGET["main_py"]
            sys.modules["main"] = module
            with open(TARGET["main_py"], encoding="utf-8") as handle:
                exec(compile(handle.read(), TARGET["main_py"], "exec"), module.__dict__)
        else:
            sys.path.insert(0, TARGET["repo"])
            module = importlib.import_module(TARGET["module"])
        _namespace = vars(module)
    return _namespace


def _cell_from_calc(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # Basic hands integral numbers over as integers; Excel has only floats
    return value


{xlwings_shape}

def _from_calc(value):
    """What xlwings gives for the same cells."""
    if not isinstance(value, tuple):
        return _cell_from_calc(value)
    return xlwings_shape([[_cell_from_calc(v) for v in row] for row in value])


def _cell_to_calc(value):
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        return (value - datetime.datetime(1899, 12, 30)).total_seconds() / 86400
    if isinstance(value, datetime.date):
        return float((value - EXCEL_EPOCH).days)
    if hasattr(value, "item"):  # numpy and pandas scalars
        return _cell_to_calc(value.item())
    raise TypeError(f"cannot show a {{type(value).__name__}} in a cell: {{value!r}}")


def _to_calc(value):
    """A scalar, or rows padded to one width (a flat list is one row, as xlwings spills it)."""
    if not isinstance(value, (list, tuple)):
        return _cell_to_calc(value)
    rows = [list(row) for row in value] if value and isinstance(value[0], (list, tuple)) else [list(value)]
    width = max(len(row) for row in rows)
    if width == 0:
        return ""
    return tuple(tuple(_cell_to_calc(v) for v in row + [None] * (width - len(row))) for row in rows)


def call(name, values, given):
    try:
        function = _functions()[name]
        parameters = list(inspect.signature(function).parameters)
        arguments = {{p: _from_calc(v) for p, v, g in zip(parameters, values, given) if g}}
        return _to_calc(function(**arguments))
    except Exception as error:  # the cell says what failed, the log has the traceback
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{{name}}: {{traceback.format_exc()}}\\n")
        return f"{bridge_error}{{type(error).__name__}}: {{error}}"
'''
