"""Runs a workbook's embedded main.py the way xlwings Lite calls it, in a folder outside the repository.

Copied next to main.py and fakebook.py by tests/lite_path.py and started in a fresh interpreter:
`python lite_runner.py JOB.json` prints one JSON line. Job "mode":

- "shapes": functions get their arguments in the shape xlwings hands them after converting what
  Office.js sent (convert_officejs below); scripts run on a FakeBook of the demo workbook.
- "xlwings": xlwings' own Lite-side path (needs XLWINGS_ON_SERVER=true and an xlwings licence key in
  the environment, see README): `custom_functions_meta`, `custom_functions_call` with the Office.js
  arguments as sent, `custom_scripts_call` on `xw.Book(json=...)`, whose actions are then applied to
  the FakeBook.

Only the standard library, openpyxl, xlwings and main.py itself are imported here.
"""

import asyncio
import datetime as dt
import json
import re
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def convert_officejs(arg):
    """What a function receives in Lite for an argument Office.js sent as `arg` (xlwings' default
    conversion: empty cells "" become None, one cell a scalar, one row or one column a flat list;
    dates stay serial numbers)."""
    if not isinstance(arg, list):
        return None if arg == "" else arg
    return xlwings_shape([[None if v == "" else v for v in row] for row in arg])


def xlwings_shape(grid: list[list]) -> object:
    """The shape xlwings gives a range's values by default: one cell a scalar, one row or one column a flat list,
    else rows. (Also copied into tests/lo_bridge.py's script, which runs under LibreOffice's Python.)"""
    if len(grid) == 1 and len(grid[0]) == 1:
        return grid[0][0]
    if len(grid) == 1:
        return grid[0]
    if all(len(row) == 1 for row in grid):
        return [row[0] for row in grid]
    return grid


def to_excel(value):
    """A function result as Excel receives it: None blank, dates as serial numbers, 2-D grids."""
    if isinstance(value, (list, tuple)):
        return [to_excel(v) for v in value]
    if value is None:
        return ""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if isinstance(value, dt.datetime):
        return (value - EXCEL_EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return float((value - EXCEL_EPOCH.date()).days)
    if isinstance(value, float) and value != value:
        return "#NUM!"
    return value


def load_main(job):
    if job["mode"] == "xlwings":
        import os

        os.environ["XLWINGS_ON_SERVER"] = "true"  # before xlwings is imported: Lite's decorators
    sys.path.insert(0, str(HERE))
    import main

    for name, value in job.get("globals", {}).items():  # e.g. the folder Lite imports files into
        setattr(main, name, value)
    return main


# ---- functions --------------------------------------------------------------------------------------

def meta(main):
    from xlwings.server import custom_functions_meta, custom_scripts_meta

    functions = custom_functions_meta(main)["functions"]
    return {
        "functions": [{"name": f["name"], "id": f["id"],
                       "parameters": [{"name": p["name"], "optional": bool(p.get("optional"))}
                                      for p in f["parameters"]]} for f in functions],
        "scripts": sorted(s["function_name"] for s in custom_scripts_meta(main)),
    }


def call_function(main, job, name, args):
    if job["mode"] == "shapes":
        try:
            return to_excel(getattr(main, name)(*[convert_officejs(a) for a in args]))
        except Exception:  # a traceback is what Excel would not show: report it as such
            return {"raised": traceback.format_exc(limit=3)}
    from xlwings import __version__
    from xlwings.server import custom_functions_call

    data = {"func_name": name, "args": args, "version": __version__, "client": "Office.js", "runtime": "1.4",
            "culture_info_name": "en-US", "date_format": None}
    try:
        return asyncio.run(custom_functions_call(data, main))
    except Exception:
        return {"raised": traceback.format_exc(limit=3)}


# ---- scripts ----------------------------------------------------------------------------------------

def run_script(main, job, name, book_path, out_path):
    from fakebook import FakeBook

    book = FakeBook.open(book_path)
    try:
        if job["mode"] == "shapes":
            getattr(main, name)(book)
        else:
            apply_actions(book, xlwings_script(main, name, book))
    except Exception:
        return traceback.format_exc(limit=4)
    book.wb.save(out_path)
    return "ok"


def xlwings_script(main, name, fake):
    import xlwings as xw
    from xlwings.server import custom_scripts_call

    remote = xw.Book(json=book_json(fake))
    done = asyncio.run(custom_scripts_call(main, name, typehint_to_value={xw.Book: remote}))
    return (done or remote).json()["actions"]


def book_json(fake):
    """The workbook as Lite's add-in sends it to Python: each sheet's values from A1 to the end of its used
    range (empty cells "", dates as ISO text), and its tables."""
    from openpyxl.utils.cell import range_boundaries

    sheets = []
    for ws in fake.wb.worksheets:
        width, height = max(ws.max_column, 1), max(ws.max_row, 1)
        values = [[_json_cell(ws.cell(r, c).value) for c in range(1, width + 1)] for r in range(1, height + 1)]
        tables = []
        for table in ws.tables.values():
            c0, r0, c1, r1 = range_boundaries(table.ref)
            header = f"{_a1(r0, c0)}:{_a1(r0, c1)}"
            tables.append({"name": table.displayName, "range_address": table.ref.replace("$", ""),
                           "header_row_range_address": header,
                           "data_body_range_address": f"{_a1(r0 + 1, c0)}:{_a1(r1, c1)}",
                           "total_row_range_address": None, "show_headers": True, "show_totals": False,
                           "table_style": "TableStyleMedium2", "show_autofilter": True})
        sheets.append({"name": ws.title, "values": values, "pictures": [], "tables": tables})
    from xlwings import __version__

    return {"client": "Office.js", "version": __version__,
            "book": {"name": "book.xlsx", "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def _json_cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    return value


def _a1(row, col):
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def apply_actions(fake, actions):
    """What Lite's add-in does with the actions a script returns, done to the FakeBook. An action this
    harness does not know fails loudly: add it here when a script starts using it."""
    for action in actions:
        func, args = action["func"], action["args"]
        position = action["sheet_position"]
        sheet = fake.sheets[position] if position is not None and func != "addSheet" else None
        if action["start_row"] is not None:
            top, left = action["start_row"] + 1, action["start_column"] + 1
            block = f"{_a1(top, left)}:{_a1(top + action['row_count'] - 1, left + action['column_count'] - 1)}"
        if func == "setValues":
            values = [[_from_json(v) for v in row] for row in action["values"]]
            sheet.range(_a1(top, left)).value = values
        elif func in ("rangeClearContents", "rangeClear"):
            sheet.range(block).clear_contents()
        elif func == "addSheet":
            fake.wb.create_sheet(args[1], args[0])
        elif func == "resizeTable":
            table = list(sheet.ws.tables.values())[args[0]]
            table.ref = args[1].replace("$", "")
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
        else:
            raise NotImplementedError(f"lite_runner does not apply the action {func!r}: {action}")


def _from_json(value):
    if value == "" or value is None:
        return None
    if isinstance(value, str) and ISO_DATE.match(value):
        return dt.datetime.fromisoformat(value[:19])
    return value


def main_job(path):
    job = json.loads(Path(path).read_text(encoding="utf-8"))
    main = load_main(job)
    report = {"origins": sorted({m.__spec__.origin for n, m in sys.modules.items()
                                 if n.partition(".")[0] in ("xlsales", "udfs")})}
    if job["mode"] == "xlwings":
        import xlwings

        report["meta"] = meta(main)
        report["xlwings"] = xlwings.__version__
    report["calls"] = {case_id: call_function(main, job, name, args) for case_id, name, args in job["calls"]}
    report["scripts"] = {run_id: {"steps": [run_script(main, job, name, book, out) for name, book, out in steps],
                                  "workbook": steps[-1][2]} for run_id, steps in job["scripts"].items()}
    print(json.dumps(report, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main_job(sys.argv[1])
