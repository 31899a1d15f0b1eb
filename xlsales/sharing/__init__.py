"""Sharing workbooks by email: roll many reps' copies up into one team workbook, publish a copy for
people without Python, verify that embedded code is the released code.

Pure parts (no files, no openpyxl, no calamine): `layout`, `safety`, `kinds` (which tables, found by header), `conflicts`, `rollup` (deals, parsed with xlsales.table.parse_blocks), `pace` (quota weekly
tracking), `sheets` (the roll-up's sheets as rows). Adapters: `reading` (bytes -> sheet values with
python-calamine; no paths, so it runs in xlwings Lite too), `teambook` and `xlsxrows` (write the team
workbook), `publish`, `verify`, `cli`. The Lite script is `udfs/sharing.py`.
"""
