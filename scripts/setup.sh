#!/usr/bin/env bash
# Create .venv in the repository with python3 (>= 3.11) and install xlsales with its test tools.
# Idempotent: a second run only reinstalls when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python="${PYTHON:-python3}"
new_enough='import sys; sys.exit(sys.version_info < (3, 11))'
if ! command -v "$python" >/dev/null || ! "$python" -c "$new_enough"; then
    echo "需要 Python 3.11 或更新版本 / xlsales needs Python 3.11 or newer (set PYTHON=/path/to/python3)" >&2
    exit 1
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "$new_enough" 2>/dev/null; then
    rm -rf .venv
    if ! "$python" -m venv .venv; then
        echo "无法创建虚拟环境,请安装 python3-venv / could not create .venv: install python3-venv" >&2
        exit 1
    fi
fi

stamp=.venv/.xlsales-installed
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
    echo "$wanted" > "$stamp"
fi
echo "xlsales: $(.venv/bin/python --version) in .venv"
