"""Building every template (goal: under 2 s) and the cold import time of each embedded main.py.

Run: .venv/bin/python benchmarks/build_and_import.py
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xlsales.templates.build import build_all, main_py
from xlsales.templates.registry import TEMPLATES

IMPORT_PROBE = "import time; t = time.perf_counter(); import main; print(time.perf_counter() - t)"


def cold_import_seconds(code: str, runs: int = 5) -> float:
    """Median wall time of `import main` in a fresh interpreter (pandas/pydantic imports included)."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "main.py").write_text(code, encoding="utf-8")
        times = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", IMPORT_PROBE], cwd=folder, capture_output=True, text=True,
                                 check=True, env={"PATH": "/usr/bin:/bin"})
            times.append(float(out.stdout.strip().splitlines()[-1]))
        return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        build_all(Path(folder), TEMPLATES)  # warm imports so the figure is the build itself
        start = time.perf_counter()
        written = build_all(Path(folder), TEMPLATES)
        elapsed = time.perf_counter() - start
    print(f"build all {len(TEMPLATES)} templates ({len(written)} files): {elapsed:.2f} s (goal < 2 s)")
    baseline = cold_import_seconds("import pandas, pydantic, xlwings\n")
    print(f"cold import of pandas + pydantic + xlwings alone: {baseline * 1000:.0f} ms")
    for spec in TEMPLATES.values():
        code = main_py(spec)
        seconds = cold_import_seconds(code)
        print(f"cold import of {spec.name} main.py ({len(code.encode()) / 1024:.0f} KiB): {seconds * 1000:.0f} ms "
              f"({(seconds - baseline) * 1000:+.0f} ms over the libraries)")


if __name__ == "__main__":
    main()
