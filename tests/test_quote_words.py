"""人民币大写: the issue's cases, the People's Bank of China rules' own examples, and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlsales.quote.words import DIGITS, amount_in_words, to_fen


@pytest.mark.parametrize("amount, words", [
    # the cases
    (0, "零元整"),
    (10.05, "壹拾元零伍分"),
    (1_000_000, "壹佰万元整"),
    (100_010_000.10, "壹亿零壹万元壹角"),
    # 《正确填写票据和结算凭证的基本规定》 examples (where it allows two forms, the one we write)
    (1_409.50, "壹仟肆佰零玖元伍角"),
    (6_007.14, "陆仟零柒元壹角肆分"),
    (1_680.32, "壹仟陆佰捌拾元叁角贰分"),
    (107_000.53, "壹拾万柒仟元伍角叁分"),
    (16_409.02, "壹万陆仟肆佰零玖元零贰分"),
    (325.04, "叁佰贰拾伍元零肆分"),
    # 壹拾 at the head and inside; zero groups; fractions only
    (10, "壹拾元整"),
    (110, "壹佰壹拾元整"),
    (100_000, "壹拾万元整"),
    (10_001_000, "壹仟万壹仟元整"),
    (100_001_000, "壹亿零壹仟元整"),
    (100_000_005, "壹亿零伍元整"),
    (1_000_000_000, "壹拾亿元整"),
    (1_001_000_100, "壹拾亿零壹佰万零壹佰元整"),
    (0.5, "伍角"),
    (0.05, "伍分"),
    (0.55, "伍角伍分"),
    (38_236.50, "叁万捌仟贰佰叁拾陆元伍角"),
    (999_999_999_999.99, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("1,000.00".replace(",", ""), "壹仟元整"),
])
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_fen_are_rounded_half_up_like_cash():
    assert amount_in_words(2.675) == "贰元陆角捌分"  # 2.675 is 2.67499… in binary; as an amount it is 2.675
    assert amount_in_words(0.004) == "零元整"
    assert to_fen(Decimal("0.005")) == 1


@pytest.mark.parametrize("bad", [-0.01, 10 ** 12, 1e26, -1e300, float("nan"), float("inf"), "十元"])
def test_bad_amounts_are_refused_with_a_bilingual_message(bad):
    with pytest.raises(ValueError, match=" / "):
        amount_in_words(bad)


def _back_to_number(words: str) -> int:
    """An independent reading of the words back to fen, to check the conversion loses nothing."""
    units = {"拾": 10, "佰": 100, "仟": 1000}
    fen = 0
    if "元" in words:
        whole, _, rest = words.partition("元")
    else:
        whole, rest = "", words
    total, section, digit = 0, 0, 0
    for ch in whole:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in units:
            section += digit * units[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10 ** 4
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 10 ** 8
            section = digit = 0
    fen += (total + section + digit) * 100
    if "角" in rest:
        fen += DIGITS.index(rest[rest.index("角") - 1]) * 10
    if "分" in rest:
        fen += DIGITS.index(rest[rest.index("分") - 1])
    return fen


@given(st.integers(0, 10 ** 14 - 1))
def test_words_read_back_to_the_same_amount(fen):
    words = amount_in_words(Decimal(fen) / 100)
    assert _back_to_number(words) == fen
    assert "零零" not in words
    assert words.endswith("整") == (fen % 100 == 0)
    assert not words.startswith("拾")  # always 壹拾 at the head
    if fen:
        assert not words.startswith("零")
