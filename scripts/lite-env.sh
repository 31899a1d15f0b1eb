#!/usr/bin/env bash
# Create .venv-lite: the packages xlwings Lite runs our workbooks' code with, for tests/test_lite_path.py.
# Pyodide 0.27.5 (Lite's runtime in 2025) ships Python 3.12, pandas 2.2.3, numpy 2.0.2 and pydantic 2.10.5;
# xlwings is the lowest version the workbooks' requirements.txt allows (xlsales/lite.py XLWINGS_FLOOR).
# Idempotent: a second run only reinstalls when this script, pyproject.toml or the floor changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pyodide_python=3.12
floor="$(sed -n 's/^XLWINGS_FLOOR = "\(.*\)"$/\1/p' xlsales/lite.py)"
pins=("xlwings==$floor" "pandas==2.2.3" "numpy==2.0.2" "pydantic==2.10.5")

minor() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }

find_python() {
    local candidate
    for candidate in "${PYTHON_LITE:-}" "python$pyodide_python" "$HOME"/.pyenv/versions/"$pyodide_python".*/bin/python"$pyodide_python"; do
        if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && [ "$(minor "$candidate")" = "$pyodide_python" ]; then
            echo "$candidate"
            return
        fi
    done
    echo "lite-env: python$pyodide_python (Pyodide's Python) not found; set PYTHON_LITE=/path/to/python$pyodide_python." >&2
    echo "lite-env: falling back to ${PYTHON:-python3} with Pyodide's package versions: the Python version differs from Lite's." >&2
    echo "${PYTHON:-python3}"
}

python="$(find_python)"
if [ ! -x .venv-lite/bin/python ] || [ "$(minor .venv-lite/bin/python)" != "$(minor "$python")" ]; then
    rm -rf .venv-lite
    "$python" -m venv .venv-lite
fi

stamp=.venv-lite/.xlsales-installed
wanted="$(cat scripts/lite-env.sh pyproject.toml xlsales/lite.py | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    constraints="$(mktemp)"
    trap 'rm -f "$constraints"' EXIT
    printf '%s\n' "${pins[@]}" > "$constraints"
    .venv-lite/bin/python -m pip install --quiet --disable-pip-version-check -c "$constraints" -e '.[test]'
    echo "$wanted" > "$stamp"
fi
echo "xlsales lite env: $(.venv-lite/bin/python --version), $(.venv-lite/bin/python -c 'import xlwings, pandas, numpy, pydantic; print(f"xlwings {xlwings.__version__}, pandas {pandas.__version__}, numpy {numpy.__version__}, pydantic {pydantic.VERSION}")') in .venv-lite"
