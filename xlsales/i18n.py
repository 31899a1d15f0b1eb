"""Bilingual labels: every user-facing word exists in Chinese (default) and English."""

from typing import Literal, NamedTuple

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
DEFAULT_LANG: Lang = "zh-CN"


class Text(NamedTuple):
    """A label in both languages."""

    zh: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh-CN" else self.en

    def both(self) -> str:
        """Chinese first, English second, as templates and error messages show them."""
        return self.zh if self.zh == self.en else f"{self.zh} / {self.en}"


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"语言必须是 {' 或 '.join(LANGS)} / language must be one of {', '.join(LANGS)}: {lang!r}")
    return lang  # type: ignore[return-value]


def choices(vocab: dict[str, Text], aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Both spellings of every label (plus any aliases) -> canonical key, for a choice column."""
    out = {spelling: key for key, text in vocab.items() for spelling in (text.zh, text.en)}
    out.update(aliases or {})
    return out
