"""`xlsales import` speed: a Salesforce-style CSV of 10,000 opportunities into a new funnel workbook.

- ours: the whole command in-process (read, convert every value, write the workbook at XML level, run the
  template's check on it, write the file), median of three runs after a warm-up;
- floor: what any import must do at least: read the CSV with the csv module, build the empty template and
  write the same rows' text at XML level (no conversion, no check);
- LibreOffice: the imported workbook recalculated once (what opening it in Calc costs), unless --no-libreoffice.

Run: .venv/bin/python benchmarks/import_rows.py [--rows 10000] [--no-libreoffice]
"""

import argparse
import contextlib
import csv
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.import_cases import SALESFORCE_MAP, salesforce_csv  # noqa: E402
from xlsales import libreoffice  # noqa: E402
from xlsales.cli import main  # noqa: E402
from xlsales.funnel import layout as FL  # noqa: E402
from xlsales.sharing.xlsxrows import Package, fill_described  # noqa: E402
from xlsales.templates.build import workbook_bytes  # noqa: E402
from xlsales.templates.funnel import SPEC  # noqa: E402

COLUMNS = {"owner": 0, "customer": 1, "id": 3, "stage": 4, "amount": 5, "close_date": 7, "created": 8}


def ours(folder: Path) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        code = main(["import", str(folder / "sf.csv"), "--map", str(folder / "map.toml"), "-o",
                     str(folder / "out.xlsx"), "--force"])
    assert code == 0
    return time.perf_counter() - start


def floor(folder: Path) -> float:
    start = time.perf_counter()
    with open(folder / "sf.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    package = Package(workbook_bytes(SPEC, "zh-CN"))
    fill_described(package, FL.SHEET_DEALS.zh, FL.DEALS, "zh-CN",
                   {key: [r[i] if len(r) > i else None for r in rows] for key, i in COLUMNS.items()
                    if key not in ("amount", "close_date", "created")})
    (folder / "floor.xlsx").write_bytes(package.to_bytes())
    return time.perf_counter() - start


def main_benchmark() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "sf.csv").write_text(salesforce_csv(args.rows), encoding="utf-8")
        (folder / "map.toml").write_text(SALESFORCE_MAP, encoding="utf-8")
        ours(folder), floor(folder)  # warm imports and caches
        mine = statistics.median(ours(folder) for _ in range(3))
        least = statistics.median(floor(folder) for _ in range(3))
        print(f"import {args.rows:,} rows: {mine:.2f} s; floor (read CSV, write the rows' text) {least:.2f} s; "
              f"ratio {mine / least:.1f}x")
        if not args.no_libreoffice and libreoffice.available():
            start = time.perf_counter()
            result = libreoffice.recalculate(folder / "out.xlsx", folder / "lo")
            print(f"LibreOffice recalculation of the imported workbook: {time.perf_counter() - start:.1f} s, "
                  f"{len(libreoffice.error_cells(result))} error cells")


if __name__ == "__main__":
    main_benchmark()
