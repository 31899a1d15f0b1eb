"""Text from other people's files: when a spreadsheet could take it for a formula, and how a cell holds it."""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_OOXML_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")  # \r too: XML reads it as \n


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would turn into a formula if someone edited the cell (or pasted it into a CSV)."""
    return text.startswith(FORMULA_STARTS)


def typed_as_text(value: object) -> object:
    """A value to write through Excel's API (xlwings): formula-like text gets the leading apostrophe that
    makes Excel keep it as text, exactly as if a person had typed it that way."""
    return "'" + value if isinstance(value, str) and is_formula_like(value) else value


def ooxml_text(text: str) -> str:
    """Text as an xlsx cell may hold it: characters XML cannot carry as `_xHHHH_`, a literal `_xHHHH_` escaped."""
    return _OOXML_ESCAPED.sub(lambda m: "_x005F" + m.group() if len(m.group()) == 7 else f"_x{ord(m.group()):04X}_",
                              text)
