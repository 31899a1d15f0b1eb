"""Sharing workbooks by email: roll many reps' copies up into one team workbook, publish a copy for
people without Python, verify that embedded code is the released code.

Pure parts (no files, no openpyxl, no calamine): `layout`, `safety`, `columnar` (many tables parsed in
one pass), `kinds` (which tables, found by header), `conflicts`, `rollup` (deals), `pace` (quota weekly
tracking), `sheets` (the roll-up's sheets as rows). Adapters: `reading` (bytes -> sheet values with
python-calamine; no paths, so it runs in xlwings Lite too), `teambook` and `xlsxrows` (write the team
workbook), `publish`, `verify`, `cli`. The Lite script is `udfs/sharing.py`.
"""
