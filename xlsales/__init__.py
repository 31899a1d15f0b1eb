"""xlsales: sales-management methods (funnel, quota, review, quote, accounts) for Excel workbooks.

Domain modules are pure (no xlwings, openpyxl or file system) so they also run inside
xlwings Lite (Pyodide), where they are bundled into each workbook's embedded main.py.
"""

__version__ = "0.2.2"
