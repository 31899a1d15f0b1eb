#!/usr/bin/env bash
# Install LibreOffice 25 and the virtualenv if needed, then run every test (arguments go to pytest).
# Without arguments, the Lite-path tests then run again in .venv-lite (scripts/lite-env.sh): Pyodide's
# Python and package versions with the lowest xlwings the workbooks allow.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-libreoffice.sh
bash scripts/setup.sh
if [ "$#" -gt 0 ]; then
    exec .venv/bin/python -m pytest -q "$@"
fi
.venv/bin/python -m pytest -q
bash scripts/lite-env.sh
exec .venv-lite/bin/python -m pytest -q -rs -p no:cacheprovider tests/test_lite_path.py
