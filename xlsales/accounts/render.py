"""Records with canonical keys → sheet rows in the workbook's language (choice keys become labels, missing
values become blank cells). The demo copy and the scripts write through here."""

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from xlsales.accounts.vocab import CONTRACT, INTENT, ITEM_STATUS, QUALIFY_ITEMS, REP_LEVELS, ROLES, RUBRIC
from xlsales.i18n import Lang, Text
from xlsales.table import Column

VOCAB_BY_KEY: dict[str, dict[Any, Text]] = {
    "role": ROLES, "intent": INTENT, "contract": CONTRACT,
    **{item.key: ITEM_STATUS for item in QUALIFY_ITEMS},
    **{row.key: REP_LEVELS for row in RUBRIC},
}


def cell(value: Any, key: str, lang: Lang) -> Any:
    """One value as a sheet cell: labels for choice keys, dates as dates, NaN/NaT/None as blank."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    vocab = VOCAB_BY_KEY.get(key)
    if vocab is not None and value in vocab:
        return vocab[value](lang)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if hasattr(value, "item"):  # numpy scalars → plain Python numbers for openpyxl and Excel
        return value.item()
    return value


def _text_or_blank(values: pd.Series, cells: np.ndarray) -> bool:
    """Every value plain text or blank as `cell` blanks it (None, NaN): pandas' str columns by their type, any other
    column value by value."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.na_value is not pd.NA:
        return True
    return all(type(v) is str or v is None or (type(v) is float and v != v) for v in cells)


def column_cells(values: pd.Series, key: str, lang: Lang) -> list[Any]:
    """`[cell(v, key, lang) for v in values]`, a column at a time: numbers, booleans and plain text need no label
    or date, so they are converted as a whole (NaN blank); any other column value by value."""
    if key not in VOCAB_BY_KEY:
        if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iub":
            return values.tolist()
        if isinstance(values.dtype, np.dtype) and values.dtype.kind == "f":
            numbers = values.to_numpy()
            return np.where(np.isnan(numbers), None, numbers.astype(object)).tolist()
        cells = values.to_numpy(dtype=object)
        if _text_or_blank(values, cells):
            return np.where(pd.isna(cells), None, cells).tolist()
    return [cell(v, key, lang) for v in values]


def sheet_rows(records: list[dict[str, Any]] | pd.DataFrame, columns: list[Column], lang: Lang) -> list[list[Any]]:
    """Body rows (no header) in the order of `columns`."""
    items = records.to_dict("records") if isinstance(records, pd.DataFrame) else records
    return [[cell(r.get(c.key), c.key, lang) for c in columns] for r in items]


def header(columns: list[Column], lang: Lang) -> list[str]:
    return [c.label(lang) for c in columns]
