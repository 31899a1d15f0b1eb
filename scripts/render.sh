#!/usr/bin/env bash
# What users see, for people reviewing a change: every demo workbook (and a team workbook rolled up from the funnel
# demo) recalculated by LibreOffice headless, printed to PDF with each sheet's print setup, then every page to PNG.
#   scripts/render.sh [folder]     (default render/)
# Writes folder/<workbook>.xlsx, folder/pdf/<workbook>.pdf and folder/png/<workbook>-<page>.png, and prints the
# page count of each PDF. Installs nothing: it says what is missing.
# Fonts: the workbooks name DengXian (等线); scripts/fonts.conf draws it with Noto Sans CJK SC (fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
command -v soffice >/dev/null || command -v libreoffice >/dev/null \
    || missing+=("LibreOffice (soffice): bash scripts/install-libreoffice.sh")
command -v pdftoppm >/dev/null || missing+=("pdftoppm: apt-get install poppler-utils")
command -v pdfinfo >/dev/null || missing+=("pdfinfo: apt-get install poppler-utils")
fonts="$(fc-list : family 2>/dev/null || true)"  # not piped into grep -q: with pipefail its early exit fails the pipe
[[ "$fonts" == *"Noto Sans CJK"* ]] || missing+=("Noto Sans CJK: apt-get install fonts-noto-cjk")
if [ ${#missing[@]} -gt 0 ]; then
    printf '缺少 / missing: %s\n' "${missing[@]}" >&2
    exit 1
fi
[ -x .venv/bin/xlsales ] || bash scripts/setup.sh >/dev/null

folder="${1:-render}"
mkdir -p "$folder/pdf" "$folder/png"
export FONTCONFIG_FILE="$PWD/scripts/fonts.conf"
.venv/bin/xlsales demo "$folder" >/dev/null
rm -f "$folder"/team-demo.xlsx
.venv/bin/xlsales rollup -o "$folder/team-demo.xlsx" "$folder/funnel-demo.xlsx" >/dev/null 2>&1
for workbook in "$folder"/*-demo.xlsx; do
    name="$(basename "$workbook" .xlsx)"
    pdf="$(.venv/bin/python -c 'import sys; from pathlib import Path; from xlsales import libreoffice
print(libreoffice.export_pdf(Path(sys.argv[1]), Path(sys.argv[2])))' "$workbook" "$folder/pdf")"
    rm -f "$folder/png/$name"-*.png
    pdftoppm -png -r 80 "$pdf" "$folder/png/$name"
    echo "$name: $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages -> $folder/png/$name-*.png"
done
