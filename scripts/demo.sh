#!/usr/bin/env bash
# Install xlsales if needed, then build every template and a filled demo copy into a folder (default demo/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/xlsales demo "${1:-demo}"
