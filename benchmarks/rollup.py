"""Roll-up speed: 200 reps' funnel workbooks of 500 deals each into one team workbook.

Three ways over the same files, each in its own process (so each peak memory is its own):
- ours: `xlsales rollup` (python-calamine in worker processes within the reading limits; the deals parsed,
  vectorised, a few files at a time while the others are read; the team workbook built in a forked copy
  while its deals are written at XML level and deflated by ISA-L);
- baseline: what one would write with openpyxl and pandas: openpyxl read-only reads each file's deals
  and stages sheets, pandas converts and concatenates them and checks duplicate IDs, and
  DataFrame.to_excel (openpyxl) writes the team's deals;
- floor: python-calamine opening each file and reading the deals and stages sheets into Python lists,
  nothing else (no roll-up can read less); "floor, every sheet" reads every sheet of every file.

Goals (issues 7 and 11): ours >= 8x faster than the baseline, and within 1.5x of the floor.
With --recalc (needs LibreOffice, takes minutes): LibreOffice opening the team workbook with a full
recalculation, beside LibreOffice opening a values-only copy of it (every formula replaced by its value);
goal (issue 11): at most 3x.
The machine is shared and timings are noisy: ours and the floors run --repeat times, interleaved, and the
median is shown, with the load average and each phase's CPU time (the floor reads in one process, ours in
worker processes: CPU time compares the work done whatever the load).
Run: python benchmarks/rollup.py [--folder DIR] [--reps 200] [--deals 500] [--repeat 3] [--no-baseline] [--recalc]
The files are generated once (with the funnel template, i.e. openpyxl) and reused.
"""

import argparse
import datetime as dt
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xlsales.funnel.demo import CUSTOMERS, PRODUCTS, DemoFunnel  # noqa: E402
from xlsales.funnel.vocab import DEAL_COLUMNS, DEFAULT_STAGES, LOST, OPEN, PAUSED, STAGE_COLUMNS, WON  # noqa: E402
from xlsales.templates.build import workbook_bytes  # noqa: E402
from xlsales.templates.funnel import SPEC  # noqa: E402

AS_OF = dt.date(2026, 11, 23)
PHASES = ("floor", "floor-all", "ours", "baseline")
FORMULA = re.compile(rb"<f\b[^>]*/>|<f\b[^>]*>.*?</f>", re.DOTALL)


def rep_data(rep: int, deals: int) -> DemoFunnel:
    rng = random.Random(rep)
    name = f"销售{rep:03d}"
    rows = []
    for n in range(deals):
        status = rng.choices([OPEN, WON, LOST, PAUSED], [60, 18, 18, 4])[0]
        product, low, high = PRODUCTS[rng.randrange(len(PRODUCTS))]
        created = AS_OF - dt.timedelta(days=rng.randint(20, 400))
        close = created + dt.timedelta(days=rng.randint(10, 300))
        since = min(created + dt.timedelta(days=rng.randint(0, 60)), AS_OF)
        rows.append({
            "id": f"R{rep:03d}-{n:04d}", "customer": CUSTOMERS[rng.randrange(len(CUSTOMERS))],
            "account_class": rng.choice("ABC"), "owner": name, "product_line": product,
            "amount": round(rng.uniform(low, high), -3), "stage": rng.randint(1, 5), "status": status,
            "created": created, "close_date": close, "pushes": rng.randint(0, 4), "stage_since": since,
            "last_activity": min(since + dt.timedelta(days=rng.randint(0, 30)), AS_OF),
            "next_step": rng.choice(["约高层拜访", "发送方案", "安排演示", "报价", ""]) or None,
            "clarity": rng.choice(["CCCCCCCCF", "CCCFFFWWW", "CFFWWWWWW"]),
        })
    return DemoFunnel(as_of=AS_OF, stages=DEFAULT_STAGES, reps=[(name, f"第{rep % 8 + 1}组")], deals=rows)


def generate(folder: Path, reps: int, deals: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"rep{rep:03d}.xlsx" for rep in range(reps)]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"generating {len(missing)} workbooks of {deals} deals with openpyxl into {folder} (once) ...",
              file=sys.stderr)
        for path in missing:
            rep = int(path.stem[3:])
            path.write_bytes(workbook_bytes(SPEC, "zh-CN" if rep % 2 else "en", rep_data(rep, deals)))
    return paths


def run_floor(paths: list[Path], every_sheet: bool) -> int:
    """Cells read: calamine's Python values of the sheets, nothing done with them."""
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names if every_sheet else [n for n in book.sheet_names
                                                       if n in ("商机", "Deals", "阶段", "Stages")]
        for name in names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            cells += sum(len(r) for r in rows)
    return cells


def run_ours(paths: list[Path], output: Path) -> dict[str, float]:
    """The `xlsales rollup` command's steps (xlsales/sharing/cli.py cmd_rollup), each timed."""
    from xlsales import lite
    from xlsales.sharing.cli import report, roll_up
    from xlsales.sharing.teambook import team_workbook

    times: dict[str, float] = {}
    rollup, code = roll_up(paths, "zh-CN", AS_OF, steps=times)
    start = time.perf_counter()
    report(rollup, io.StringIO())
    data = team_workbook(rollup, dt.datetime(2026, 11, 23, 8), code)
    times["build"] = time.perf_counter() - start
    lite.write_atomic(output, data, overwrite=True)
    times["save"] = time.perf_counter() - start - times["build"]
    if not rollup.usable or len(rollup.deals) != sum(s.deals for s in rollup.sources):
        raise SystemExit("the roll-up lost deals")
    return times


def run_baseline(paths: list[Path], output: Path) -> None:
    import pandas as pd
    from openpyxl import load_workbook

    keys = {label: c.key for c in DEAL_COLUMNS for label in (c.label.zh, c.label.en)}
    stage_keys = {label: c.key for c in STAGE_COLUMNS for label in (c.label.zh, c.label.en)}
    frames = []
    for number, path in enumerate(paths):
        book = load_workbook(path, read_only=True, data_only=True)
        deals_sheet = book["商机"] if "商机" in book.sheetnames else book["Deals"]
        rows = list(deals_sheet.iter_rows(values_only=True))
        stage_sheet = book["阶段"] if "阶段" in book.sheetnames else book["Stages"]
        stages = pd.DataFrame(list(stage_sheet.iter_rows(values_only=True))[1:],
                              columns=[stage_keys.get(h, h) for h in next(stage_sheet.iter_rows(values_only=True))])
        book.close()
        frame = pd.DataFrame(rows[1:], columns=[keys.get(h, h) for h in rows[0]]).dropna(how="all")
        frame["stage"] = frame["stage"].map(dict(zip(stages["stage"], stages["order"])))
        frame["source"] = number
        frames.append(frame)
    team = pd.concat(frames, ignore_index=True)
    team["amount"] = pd.to_numeric(team["amount"], errors="coerce")
    for key in ("created", "close_date", "stage_since", "last_activity"):
        team[key] = pd.to_datetime(team[key], errors="coerce")
    conflicting = team[team.duplicated("id", keep=False)].drop_duplicates().duplicated("id", keep=False)
    team = team.drop_duplicates().loc[lambda t: ~t["id"].isin(team.loc[conflicting[conflicting].index, "id"])]
    team.to_excel(output, index=False, engine="openpyxl")


def values_only(source: Path, target: Path) -> Path:
    """The workbook with every formula taken out of its cells, each keeping its last value."""
    import zipfile

    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = FORMULA.sub(b"", data)
            if info.filename != "xl/calcChain.xml":
                out.writestr(info, data, compresslevel=1)
    return target


def libreoffice_opens(path: Path) -> float:
    """Seconds for LibreOffice to open `path` with a full recalculation and save its small first sheet as CSV."""
    from xlsales import libreoffice

    start = time.perf_counter()
    libreoffice._convert(path, Path(tempfile.mkdtemp()), "csv", ".csv")
    return time.perf_counter() - start


def recalc(team: Path) -> tuple[float, float]:
    """(LibreOffice recalculating the team workbook, LibreOffice opening its values-only copy)."""
    from xlsales import libreoffice

    recalculated = libreoffice.recalculate(team, Path(tempfile.mkdtemp()))
    copy = values_only(recalculated, Path(tempfile.mkdtemp()) / "values-only.xlsx")
    return libreoffice_opens(team), libreoffice_opens(copy)


def phase(name: str, folder: Path, reps: int, deals: int) -> dict[str, float]:
    paths = generate(folder, reps, deals)
    output = Path(tempfile.mkdtemp()) / f"team-{name}.xlsx"
    cpu_before = _cpu(resource.RUSAGE_SELF)
    start = time.perf_counter()
    steps: dict[str, float] = {}
    if name in ("floor", "floor-all"):
        run_floor(paths, every_sheet=name == "floor-all")
    elif name == "ours":
        steps = run_ours(paths, output)
    else:
        run_baseline(paths, output)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu(resource.RUSAGE_SELF) - cpu_before + _cpu(resource.RUSAGE_CHILDREN),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "steps": steps, "output_mb": output.stat().st_size / 2**20 if output.exists() else 0,
            "output": str(output)}


def _cpu(who: int) -> float:
    """CPU seconds (user + system) of this process, or of its finished children (the reading workers)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure(args: argparse.Namespace, name: str) -> dict[str, Any]:
    """One phase in its own process (so its peak memory and CPU time are its own)."""
    child = subprocess.run([sys.executable, __file__, "--folder", args.folder, "--reps", str(args.reps),
                            "--deals", str(args.deals), "--phase", name], capture_output=True, text=True)
    if child.returncode:
        raise SystemExit(child.stderr)
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", default=str(Path(tempfile.gettempdir()) / "xlsales-rollup-bench"))
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--deals", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of ours and of the floors, interleaved; medians are shown (the baseline runs once)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the openpyxl baseline (it takes minutes)")
    parser.add_argument("--recalc", action="store_true", help="also time LibreOffice on the team workbook")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)  # one measurement, in a child process
    args = parser.parse_args()
    folder = Path(args.folder) / f"{args.reps}x{args.deals}"
    if args.phase:
        print(json.dumps(phase(args.phase, folder, args.reps, args.deals)))
        return
    generate(folder, args.reps, args.deals)
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in PHASES}
    for _ in range(max(args.repeat, 1)):
        for name in ("floor", "ours", "floor-all"):
            runs[name].append(measure(args, name))
    if not args.no_baseline:
        runs["baseline"].append(measure(args, "baseline"))
    results = {name: _median(r) for name, r in runs.items() if r}
    print(f"roll-up of {args.reps} workbooks x {args.deals} deals ({args.reps * args.deals:,} deals); "
          f"{os.cpu_count()} CPUs, load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; "
          f"medians of {args.repeat} interleaved runs")
    labels = {"floor": "floor: calamine, deals+stages sheets", "floor-all": "floor: calamine, every sheet",
              "ours": "ours: xlsales rollup", "baseline": "baseline: openpyxl read-only + pandas"}
    for name in ("ours", "baseline", "floor", "floor-all"):
        if name not in results:
            continue
        r = results[name]
        size = f"   output {r['output_mb']:.0f} MB" if r["output_mb"] else ""
        child = f"   largest child {r['child_peak_mb']:.0f} MB" if r['child_peak_mb'] else ""
        print(f"  {labels[name]:<40} {r['seconds']:7.2f} s  (CPU {r['cpu']:6.2f} s)   peak {r['peak_mb']:6.0f} MB"
              f"{size}{child}")
    print("  ours, step by step: " + ", ".join(f"{k} {v:.2f} s" for k, v in results["ours"]["steps"].items()))
    print("  each run (s): " + "; ".join(f"{name} " + " ".join(f"{r['seconds']:.1f}" for r in runs[name])
                                        for name in PHASES if runs[name]))
    ours = results["ours"]["seconds"]
    if "baseline" in results:
        print(f"  ours vs baseline: {results['baseline']['seconds'] / ours:5.1f}x faster (goal >= 8x)")
    print(f"  ours vs floor:    {ours / results['floor']['seconds']:5.2f}x the floor (goal <= 1.5x); "
          f"{ours / results['floor-all']['seconds']:.2f}x reading every sheet")
    print(f"  the floor reads in one process; ours reads in {min(os.cpu_count() or 1, 4)} worker processes. "
          f"In CPU time ours is {results['ours']['cpu'] / results['floor']['cpu']:.2f}x the floor's")
    print("  largest child: a reading worker, or the forked copy that builds the workbook (its resident size counts "
          "the pages it shares with the roll-up)")
    if args.recalc:
        recalculating, values = recalc(Path(results["ours"]["output"]))
        print(f"  LibreOffice: open + recalculate the team workbook {recalculating:.1f} s; open its values-only copy "
              f"{values:.1f} s: {recalculating / values:.2f}x (goal <= 3x)")


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time (its other figures with it)."""
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


if __name__ == "__main__":
    main()
