"""The small vocabulary every template's native formulas are written in.

Each function returns formula text (no leading "="). They exist so that a rule is written once:
a criterion that matches a name exactly (COUNTIFS would read `王?` and `李*` as patterns and `=赵六`,
`<5` as comparisons), the blank guard, a ratio that is blank instead of #DIV/0!, the spellings a
choice accepts in either language.
"""

from collections.abc import Iterable

from xlsales.i18n import Text
from xlsales.table import LAST_SERIAL, Column

# Excel's wildcard characters, escaped with "~" (the escape itself first).
_WILDCARDS = (("~", "~~"), ("*", "~*"), ("?", "~?"))


def text(value: str) -> str:
    """A text constant: "..." with quotes doubled."""
    return '"' + value.replace('"', '""') + '"'


def unwild(expression: str) -> str:
    """The text of `expression` with wildcards escaped, for MATCH and lookups that would treat * ? ~ as patterns."""
    for old, new in _WILDCARDS:
        expression = f'SUBSTITUTE({expression},"{old}","{new}")'
    return expression


def equals(expression: str) -> str:
    """A COUNTIFS/SUMIFS criterion true only for cells equal to the value of `expression` (a cell holding a
    name such as 王?, 李*, =赵六 or <5 matches itself and nothing else)."""
    return f'"="&{unwild(expression)}'


def equals_text(value: str) -> str:
    """The same criterion for a text known when the formula is built (a status, a stage)."""
    for old, new in _WILDCARDS:
        value = value.replace(old, new)
    return text("=" + value)


def unless_blank(cell: str, expression: str) -> str:
    """The blank guard: nothing while `cell` is empty, else `expression`."""
    return f'IF({cell}="","",{expression})'


def ratio(numerator: str, denominator: str) -> str:
    """numerator ÷ denominator, blank when the denominator is 0 or blank (never #DIV/0!)."""
    return f'IF(N({denominator})=0,"",{numerator}/{denominator})'


def one_of(cell: str, spellings: Iterable[str]) -> str:
    """TRUE when `cell` is one of `spellings` (Excel compares text case-insensitively, untrimmed)."""
    tests = [f"{cell}={text(s)}" for s in dict.fromkeys(spellings)]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def either(cell: str, label: Text) -> str:
    """TRUE when `cell` holds a label in either language."""
    return one_of(cell, (label.zh, label.en))


def sumifs(total: str, *criteria: tuple[str, str]) -> str:
    return f"SUMIFS({total},{','.join(f'{r},{c}' for r, c in criteria)})"


def countifs(*criteria: tuple[str, str]) -> str:
    return f"COUNTIFS({','.join(f'{r},{c}' for r, c in criteria)})"


def count_true(*conditions: str) -> str:
    """How many of `conditions` hold (each TRUE counts 1)."""
    return "+".join(f"({c})" for c in conditions) if conditions else "0"


def problems_in_cell(column: Column, cell: str) -> str:
    """1 when `cell` breaks what `column` says its values must be, else 0 — the native twin of
    `xlsales.table.parse_table`'s per-value rules (required, kind, bounds, whole, choices), so a sheet's
    data-problem counter counts exactly what `check` reports. An error value counts as a problem."""
    if column.kind in ("number", "date"):
        low = column.minimum if column.kind == "number" else 1
        high = column.maximum if column.kind == "number" else LAST_SERIAL
        limits = [f"{cell}<{low:.15g}" if low is not None else "", f"{cell}>{high:.15g}" if high is not None else "",
                  f"{cell}<>INT({cell})" if column.whole else ""]
        broken = [t for t in limits if t]
        inside = f"--OR({','.join(broken)})" if broken else "0"
        otherwise = "1" if column.required else f'IF(ISERROR({cell}),1,--({cell}<>""))'
        return f"IF(ISNUMBER({cell}),{inside},{otherwise})"
    if column.kind == "choice":
        known = one_of(cell, column.choices)
        empty = "1" if column.required else "0"
        return f'IF(ISERROR({cell}),1,IF({cell}="",{empty},IF({known},0,1)))'
    if column.required:
        return f'IF(ISERROR({cell}),1,--({cell}=""))'
    return f"--ISERROR({cell})"
