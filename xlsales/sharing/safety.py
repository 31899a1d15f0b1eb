"""Text from other people's files: when a spreadsheet could take it for a formula, how a cell holds it, and what
Excel can hold at all (valid XML characters, at most 32,767 characters a cell)."""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_CHARS = 32_767  # Excel's limit for the text of one cell, in UTF-16 code units as Excel counts them
_OOXML_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")  # \r too: XML reads it as \n
_LONE_SURROGATES = re.compile(r"[\ud800-\udfff]+")  # astral characters are single code points in Python
_REPLACEMENT = "\ufffd"


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would turn into a formula if someone edited the cell (or pasted it into a CSV)."""
    return text.startswith(FORMULA_STARTS)


def typed_as_text(value: object) -> object:
    """A value to write through Excel's API (xlwings): formula-like text gets the leading apostrophe that
    makes Excel keep it as text, exactly as if a person had typed it that way."""
    return "'" + value if isinstance(value, str) and is_formula_like(value) else value


def ooxml_text(text: str) -> str:
    """Text as an xlsx cell may hold it: no lone surrogates (see `without_surrogates`), cut at Excel's cell
    limit, characters XML cannot carry as `_xHHHH_`, a literal `_xHHHH_` escaped."""
    text = cut_to_cell(without_surrogates(text))[0]
    return _OOXML_ESCAPED.sub(lambda m: "_x005F" + m.group() if len(m.group()) == 7 else f"_x{ord(m.group()):04X}_",
                              text)


def without_surrogates(text: str) -> str:
    """Text with no lone surrogates, which no XML file (and no UTF-8 file) can hold.

    Python keeps the bytes of a file name that is not UTF-8 as lone surrogates (U+DC80-U+DCFF). Such
    names come from zips made on Chinese Windows, in GBK: the name's bytes are read as GB18030 (a
    superset of GBK) when they decode as such; otherwise each lone surrogate becomes U+FFFD.
    """
    if not _LONE_SURROGATES.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):  # not a name's escaped bytes, or not GB18030 either
        return _LONE_SURROGATES.sub(lambda m: _REPLACEMENT * len(m.group()), text)


def cut_to_cell(text: str) -> tuple[str, bool]:
    """(text cut to what one Excel cell holds, whether it was cut); never splits a surrogate pair."""
    if len(text) <= EXCEL_CELL_CHARS // 2 or _utf16_length(text) <= EXCEL_CELL_CHARS:
        return text, False
    units = 0
    for end, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > EXCEL_CELL_CHARS:
            return text[:end], True
    return text, False


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
