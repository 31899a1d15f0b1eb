"""`xlsales import`: a CRM export (CSV or workbook) into a workbook's Excel table.

Pure (no files): `values` (amounts and dates, one rule per column), `headers` (columns by synonym),
`targets` (what can be filled, as data), `mapping` (the mapping file), `convert` and `funnel` (source
grid -> the table's values and every problem by source row), `report` (what is said).
Files: `source` (CSV / workbook reading), `output` (the new or --into workbook, written at XML level,
then checked with the template's own `check`), `cli`.
"""
