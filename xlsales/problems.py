"""Input problems that name the sheet, the cell and what was expected, in Chinese and English."""

from dataclasses import dataclass
from typing import Any, Literal

from xlsales.i18n import Text

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str  # A1-style address, or a range/column such as "C:C" when no single cell is at fault
    expected_zh: str
    expected_en: str
    found: str = ""
    severity: Severity = "error"
    column: str = ""  # the key of the table column at fault, when there is one

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def message(self) -> str:
        found = f" ({self.found!r})" if self.found else ""
        label = "错误 error" if self.severity == "error" else "提示 warning"
        return f"[{label}] {self.where}{found}: {self.expected_zh} / {self.expected_en}"


class ReasonError(ValueError):
    """A file we cannot use as it is; `reason` says why in Chinese and English. The Text itself is the exception's
    argument, so the error crosses a process boundary (pickle) intact."""

    def __init__(self, reason: Text):
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason.both()


class UserError(ValueError):
    """Something the user gave (an argument, a cell, a file, a path) cannot be used; the message, in Chinese
    and English, is for them, and a command ends with `exit_code`. Any other exception is a bug in xlsales."""

    exit_code = 1

    def __init__(self, message: Any = "", exit_code: int | None = None):
        super().__init__(message if isinstance(message, str) else message.both())  # a str or an i18n.Text
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self)


class InputError(UserError):
    """Raised when input cannot be used at all; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.message() for p in problems))


class ArgumentError(UserError):
    """A value (a function argument, a parameter) the domain cannot use."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")


def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str) -> int:
    """Excel column letters to a 1-based number (A -> 1, AA -> 27)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def cell_address(row0: int, col0: int) -> str:
    """0-based row/column to an A1 address."""
    return f"{column_letter(col0)}{row0 + 1}"
