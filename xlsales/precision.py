"""When two figures count as equal, in Python and in the native formulas alike.

Sums of money and rates carry float noise (0.1 + 0.2 is not 0.3); a rep is behind, a pace over
capacity or a mix short only by more than TOLERANCE, and rounding up ignores noise below it. The
native twins of these rules are built from the same constant (`native_tolerance`), so the sheet
and the Python core draw every line at the same place.
"""

import numpy as np

TOLERANCE = 1e-9


def round_up(value: float | np.ndarray) -> float | np.ndarray:
    """Up to the next whole number, ignoring noise below TOLERANCE (252/52 → 5, 9.000000000000002 → 9)."""
    return np.ceil(np.asarray(value, dtype=np.float64) - TOLERANCE) + 0.0  # + 0.0: no -0.0


def native_tolerance() -> str:
    """TOLERANCE as a formula writes it."""
    return np.format_float_positional(TOLERANCE, trim="-")


def native_round_up(expression: str) -> str:
    """The formula twin of `round_up`: ceiling written with INT, which floors for negative numbers too."""
    return f"-INT({native_tolerance()}-({expression}))"
