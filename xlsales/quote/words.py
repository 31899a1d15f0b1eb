"""人民币大写: an amount in the capital numerals Chinese quotes, contracts and invoices carry.

Conventions, from the People's Bank of China rules for filling in payment instruments
(《正确填写票据和结算凭证的基本规定》, appendix to 《支付结算办法》):
- numerals 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, 元角分;
- an amount ending in 元 takes 整; after 角 整 may be left out (we leave it out); after 分 never;
- a 0 between digits is written 零, a run of 0s as one 零; when 角 is 0 and 分 is not, 元 is
  followed by 零 (¥325.04 → 叁佰贰拾伍元零肆分);
- where the rules allow either (元 or 万 digit 0 followed by a non-zero 角 or 仟), we follow
  spoken Chinese: 零 only where it would be said (¥107,000.53 → 壹拾万柒仟元伍角叁分,
  ¥100,001,000 → 壹亿零壹仟元整), both forms the rules give as correct;
- a leading 拾 is written 壹拾 (¥10 → 壹拾元整, the rules' own example 壹拾万柒仟元…): a
  bare 拾 at the head could be turned into 贰拾, 叁拾 … by writing one character in front
  of it, which is exactly what capital numerals exist to prevent.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xlsales.problems import UserError

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ["仟", "佰", "拾", ""]  # within a group of four digits
GROUP_UNITS = ["亿", "万", ""]  # groups of four from the left: 亿, 万, 元
LIMIT = 10 ** 12  # up to 9999亿9999万9999元99: beyond any quote, and exact in a float's 53 bits as fen


def to_fen(amount: float | int | str | Decimal) -> int:
    """The amount in fen (分), rounded half up as cash amounts are."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise UserError(f"金额应为数字 / the amount must be a number: {amount!r}") from None
    if not value.is_finite():
        raise UserError(f"金额应为数字 / the amount must be a number: {amount!r}")
    return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))


def amount_in_words(amount: float | int | str | Decimal) -> str:
    """¥ amount as 人民币大写: 0 → 零元整, 10.05 → 壹拾元零伍分, 100010000.10 → 壹亿零壹万元壹角."""
    fen = to_fen(amount)
    if fen < 0:
        raise UserError(f"大写金额不能为负数 / an amount in words cannot be negative: {amount}")
    if fen >= LIMIT * 100:
        raise UserError(f"金额超出上限(一万亿元) / the amount is over the limit of 10^12 yuan: {amount}")
    yuan, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    if fen == 0:
        return "零元整"
    whole = _integer_words(yuan) + "元" if yuan else ""
    if jiao == 0 and cents == 0:
        return whole + "整"
    if jiao == 0:
        return whole + ("零" if yuan else "") + DIGITS[cents] + "分"
    return whole + DIGITS[jiao] + "角" + (DIGITS[cents] + "分" if cents else "")


def _integer_words(number: int) -> str:
    """1 ≤ number < 10^12 in capital numerals, without 元."""
    groups = [number // 10 ** 8, number // 10 ** 4 % 10 ** 4, number % 10 ** 4]
    out = ""
    zero_pending = False  # a zero group, or zeros, stand between what is written and what comes next
    for group, unit in zip(groups, GROUP_UNITS):
        if group == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or group < 1000):
            out += "零"
        out += _group_words(group) + unit
        zero_pending = False
    return out


def _group_words(group: int) -> str:
    """1 ≤ group ≤ 9999: inner zeros as one 零, trailing zeros dropped (1010 → 壹仟零壹拾)."""
    digits = f"{group:04d}"
    out = ""
    for position, digit in enumerate(digits):
        if digit == "0":
            if out and not out.endswith("零"):
                out += "零"
            continue
        out += DIGITS[int(digit)] + SMALL_UNITS[position]
    return out.rstrip("零")
