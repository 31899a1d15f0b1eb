"""Conversions between Excel cell values and domain types, shared by every udfs module.

Excel hands a function a scalar for one cell, a list for one row/column and a list of
lists for a block; these helpers give the domain one shape and turn any failure into a
short bilingual message in the cell instead of a traceback.
"""

import datetime as dt
import functools
import logging
from typing import Any, Callable, TypeVar

from xlsales.problems import ArgumentError, InputError, UserError
from xlsales.table import is_blank, paused_gc, to_date, to_number

F = TypeVar("F", bound=Callable[..., Any])
ERROR_PREFIX = "#XLSALES! "
INTERNAL_ERROR = "内部错误,请报告给 xlsales / internal error in {function}, please report it to xlsales ({kind})"
# Internal errors are logged here as well as shown in the cell; the tests fail on any such record.
log = logging.getLogger("xlsales.functions")


def friendly_errors(function: F) -> F:
    """A readable one-line message in the cell instead of raising into Excel.

    Only what the user gave can be "bad input" (UserError and its kinds, each worded for them); any other
    exception is a bug in xlsales and is said to be one, so it is never mistaken for a data problem.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with paused_gc():  # the call allocates a little per cell of a big argument: see paused_gc
                return function(*args, **kwargs)
        except InputError as error:
            first = error.problems[0]
            more = f" (+{len(error.problems) - 1})" if len(error.problems) > 1 else ""
            return f"{ERROR_PREFIX}{first.where}: {first.expected_zh} / {first.expected_en}{more}"
        except UserError as error:
            return f"{ERROR_PREFIX}{error}"
        except Exception as error:  # a bug: report it as one
            log.error("internal error in %s", function.__name__.upper(), exc_info=True)
            return ERROR_PREFIX + INTERNAL_ERROR.format(function=function.__name__.upper(), kind=type(error).__name__)

    return wrapper  # type: ignore[return-value]


def rows(value: Any) -> list[list[Any]]:
    """Any range value as a list of rows. A flat list is read as one column: xlwings (Lite and desktop)
    flattens a single row and a single column alike, and a table (header and at least one row, as Excel
    tables always have) only arrives flat when it has one column, so its cells keep their rows. A block
    arrives as a list of rows and is used as it is (copying 100,000 rows would cost more than reading them)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return value  # type: ignore[return-value]
        return [[v] for v in value]
    return [[value]]


def flat(value: Any) -> list[Any]:
    """Any range value as one list of its non-blank cells, row by row."""
    return [v for row in rows(value) for v in row if not is_blank(v)]


def number(value: Any, name_zh: str, name_en: str, *, default: float | None = None) -> float:
    if is_blank(value) and default is not None:
        return default
    converted = to_number(value)
    if converted is None:
        raise ArgumentError(f"「{name_zh}」应为数字", f"'{name_en}' must be a number")
    return converted


def date(value: Any, name_zh: str, name_en: str, *, default: dt.date | None = None) -> dt.date:
    if is_blank(value) and default is not None:
        return default
    converted = to_date(value)
    if converted is None:
        raise ArgumentError(f"「{name_zh}」应为日期", f"'{name_en}' must be a date")
    return converted.date()


def text(value: Any) -> str:
    return "" if is_blank(value) else str(value).strip()
