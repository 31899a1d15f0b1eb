#!/usr/bin/env bash
# Install LibreOffice 25 and the virtualenv if needed, then run every test (arguments go to pytest).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-libreoffice.sh
bash scripts/setup.sh
exec .venv/bin/python -m pytest -q "$@"
