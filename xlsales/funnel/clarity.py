"""8C1F0W deal clarity (seed 002): nine checkpoints each rated C (清楚 clear), F (模糊 fuzzy) or W (不知道 unknown/wrong).

"8个C,1个F,0个W" or better — at least 8 clear and none unknown over the nine checkpoints —
gives a win rate of 60% or more.
"""

import numpy as np
import pandas as pd
from pydantic import BaseModel

from xlsales.problems import UserError

CHECKPOINTS = 9
RATING_LETTERS = {"c": "C", "清楚": "C", "clear": "C", "f": "F", "模糊": "F", "fuzzy": "F",
                  "w": "W", "不知道": "W", "unknown": "W", "wrong": "W"}


def unreadable_codes(cells: pd.Series) -> np.ndarray:
    """Which texts of a deals table's 8C1F0W column are not up to nine letters C/F/W (spaces and commas
    allowed between them), the rule the sheet's own data-problem column also applies."""
    letters = cells.astype(str).str.replace(r"[ ,]", "", regex=True)
    return ~letters.str.fullmatch(f"[CFWcfw]{{0,{CHECKPOINTS}}}").to_numpy(dtype=bool)


class Clarity(BaseModel):
    clear: int
    fuzzy: int
    unknown: int
    unrated: int

    @property
    def code(self) -> str:
        return f"{self.clear}C{self.fuzzy}F{self.unknown}W"

    @property
    def sixty_percent(self) -> bool:
        """At least 8C1F0W: the text's threshold for a win rate of 60% or more."""
        return self.clear >= 8 and self.unknown == 0 and self.unrated == 0


def parse_ratings(ratings: str | list[object]) -> list[str | None]:
    """Ratings as a string of letters ("CCCCCCCCF") or a list of cells (letters or 清楚/模糊/不知道)."""
    if isinstance(ratings, str):
        items: list[object] = list(ratings.replace(" ", "").replace(",", ""))
    else:
        items = list(ratings)
    letters: list[str | None] = []
    for item in items:
        key = str(item).strip().lower() if item is not None else ""
        if key and key not in RATING_LETTERS:
            raise UserError(f"评估只能是 C/F/W 或 清楚/模糊/不知道: {item!r} / "
                             f"ratings must be C/F/W or clear/fuzzy/unknown: {item!r}")
        letters.append(RATING_LETTERS[key] if key else None)
    if len(letters) > CHECKPOINTS:
        raise UserError(f"最多 {CHECKPOINTS} 项评估 / at most {CHECKPOINTS} ratings, got {len(letters)}")
    return letters + [None] * (CHECKPOINTS - len(letters))


def clarity(ratings: str | list[object]) -> Clarity:
    letters = parse_ratings(ratings)
    return Clarity(clear=letters.count("C"), fuzzy=letters.count("F"), unknown=letters.count("W"),
                   unrated=letters.count(None))
