"""Reading a CRM export's amounts and dates: one rule per column, decided from the column's own values.

A value whose text means two different things (1,234 is 1234 or 1.234; 06/07/2026 is 6 July or
7 June) is read by the column's rule, and the rule comes from the values in the same column that
mean only one thing (12,345.67 or 1.234,56; 23/11/2026 or 11/23/2026). When those disagree, or
(for dates) when no value decides, the ambiguous values are reported, never guessed one by one.

Amounts (`read_numbers`):
- a currency sign or code before or after the number (¥ ￥ $ € £, RMB CNY USD EUR GBP HKD, 元 人民币
  美元 港元 欧元) is dropped; a column holding two different currencies keeps the most common one and
  reports every value in another (nothing is converted);
- a unit after the number multiplies it: 千 (10³), 万 / w (10⁴), 百万 / M / MM (10⁶), 千万 (10⁷),
  亿 (10⁸), k (10³); so can the column's header, e.g. 金额(万元) (see `headers.unit_of`), but a value
  with its own unit in such a column is reported (the unit would count twice);
- a minus sign or accounting parentheses, (1,200), make the number negative: it is read, and the
  target table's own rule (an amount is never negative) reports it;
- grouping and decimal marks: 1,234.56 (the default, also xlsales.table.to_number's) or 1.234,56,
  by the column's rule; spaces between digit groups are allowed (1 234,56);
- percentages and anything else are unreadable.

Dates (`read_dates`): year first (2026-11-23, 2026/11/23, 2026.11.23, 2026年11月23日, 20261123),
day-month-year and month-day-year with a four-digit year (23/11/2026, 11-23-2026, 23.11.2026) by
the column's rule, and month names (23 Nov 2026, Nov 23, 2026, 23-Nov-2026); a time after the date
(14:30, 2:30 PM, 下午3:00, T14:30:00Z, +08:00) is dropped: the date is the one written, without
time-zone conversion. Two-digit years, bare numbers and anything else are unreadable.

Pure: standard library only.
"""

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from xlsales.i18n import Text

NumberForm = Literal["1,234.56", "1.234,56"]
DateOrder = Literal["YMD", "DMY", "MDY"]
NUMBER_FORMS: tuple[NumberForm, ...] = ("1,234.56", "1.234,56")
DATE_ORDERS: tuple[DateOrder, ...] = ("YMD", "DMY", "MDY")
DEFAULT_FORM: NumberForm = "1,234.56"
_SEPARATORS = {"1,234.56": (",", "."), "1.234,56": (".", ",")}

UNITS = {"千": 1e3, "k": 1e3, "万": 1e4, "w": 1e4, "百万": 1e6, "m": 1e6, "mm": 1e6, "千万": 1e7, "亿": 1e8}
CURRENCIES = {
    "¥": "CNY", "rmb": "CNY", "cny": "CNY", "元": "CNY", "人民币": "CNY",
    "$": "USD", "us$": "USD", "usd": "USD", "美元": "USD",
    "€": "EUR", "eur": "EUR", "欧元": "EUR", "£": "GBP", "gbp": "GBP",
    "hk$": "HKD", "hkd": "HKD", "港元": "HKD", "港币": "HKD",
}
_CURRENCY = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_AMOUNT = re.compile(rf"(?P<sign>[-+])?\s*(?P<before>{_CURRENCY})?\s*(?P<sign2>[-+])?\s*"
                     rf"(?P<number>[0-9](?:[0-9,.]| (?=[0-9]))*|\.[0-9]+)\s*(?P<unit>{_UNIT})?\s*(?P<after>{_CURRENCY})?",
                     re.IGNORECASE)
_SPACE_GROUPS = re.compile(r"[0-9]{1,3}( [0-9]{3})+([.,][0-9]+)?")  # 1 234 567,89: spaces only between groups

_TIME = (r"(?:[T\s]*(?:上午|下午|晚上|凌晨)?\s*\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?\s*(?:[AaPp]\.?[Mm]\.?)?"
         r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?")
_YMD = re.compile(rf"(\d{{4}})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?{_TIME}")
_COMPACT = re.compile(rf"((?:19|20)\d{{2}})(\d{{2}})(\d{{2}}){_TIME}")
_XYY = re.compile(rf"(\d{{1,2}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{4}}){_TIME}")
_SHORT_YEAR = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}(?!\d).*")
MONTHS = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_DAY_MONTH = re.compile(rf"(\d{{1,2}})[\s-]+([A-Za-z]+)\.?[\s,-]+(\d{{4}}){_TIME}")
_MONTH_DAY = re.compile(rf"([A-Za-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}")

NOT_A_NUMBER = Text("不是数字", "not a number")
NOT_AN_AMOUNT = Text("不是金额", "not an amount")
NOT_A_DATE = Text("不是日期(可读的写法如 2026-11-23、2026年11月23日)",
                  "not a date (readable forms: 2026-11-23, 2026/11/23, 23 Nov 2026)")
TWO_DIGIT_YEAR = Text("两位数年份无法确定世纪,请写四位年份", "a two-digit year is ambiguous: write four digits")
DOUBLE_UNIT = Text("表头已注明单位,值里又写了单位,会重复计算", "the header already gives a unit; a unit in the value would count twice")
NO_PERCENT = Text("百分比不是金额", "a percentage is not an amount")


@dataclass
class ColumnReading:
    """A column read: per value a number / a date / None (blank); an unreadable value keeps its text, so the
    workbook shows it and flags it. `bad` says why, by position; `rule` is the column's rule for the dry run."""

    values: list[Any]
    bad: dict[int, Text] = field(default_factory=dict)
    rule: Text | None = None
    form: str | None = None  # the rule as a mapping file's [formats] writes it (None: undecided)
    # the rule mattered: some text had grouping or decimal marks, or a date had its day and month in either order
    decided: bool = False


def clean(value: Any) -> Any:
    """Text with full-width characters folded (１２３ → 123, ￥ → ¥, （ → () and outer spaces trimmed."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------------------------
# numbers

@dataclass(frozen=True)
class _Amount:
    """One text's possible readings before the column's rule is known."""

    readings: dict[str, float]  # form -> magnitude, for each form that can read the text
    negative: bool
    multiplier: float
    currency: str | None

    @property
    def ambiguous(self) -> bool:
        return len(set(self.readings.values())) > 1


def _grouped(number: str, group: str, decimal: str) -> float | None:
    """The number under one convention, or None when the text does not fit it."""
    if number.count(decimal) > 1:
        return None
    whole, has_decimal, fraction = number.partition(decimal)
    if group in fraction or (has_decimal and not fraction):
        return None
    if group in whole:
        parts = whole.split(group)
        if not 1 <= len(parts[0]) <= 3 or (parts[0].startswith("0")) or any(len(p) != 3 for p in parts[1:]):
            return None
        whole = "".join(parts)
    if not re.fullmatch(r"[0-9]*", whole) or not re.fullmatch(r"[0-9]*", fraction) or not (whole or fraction):
        return None
    return float(f"{whole or 0}.{fraction or 0}")


def _amount(text: str, money: bool) -> _Amount | Text:
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.endswith("%"):
        return NO_PERCENT if money else NOT_A_NUMBER
    match = _AMOUNT.fullmatch(text.replace("−", "-"))
    if match is None or (match["sign"] and match["sign2"]) or (match["before"] and match["after"]):
        return NOT_AN_AMOUNT if money else NOT_A_NUMBER
    currency = match["before"] or match["after"]
    if (currency or match["unit"]) and not money:
        return NOT_A_NUMBER
    number = match["number"]
    if " " in number:
        if not _SPACE_GROUPS.fullmatch(number):
            return NOT_AN_AMOUNT if money else NOT_A_NUMBER
        number = number.replace(" ", "")
    readings = {form: v for form in NUMBER_FORMS if (v := _grouped(number, *_SEPARATORS[form])) is not None}
    if not readings:
        return NOT_AN_AMOUNT if money else NOT_A_NUMBER
    negative ^= (match["sign"] or match["sign2"] or "") == "-"
    return _Amount(readings, negative, UNITS[match["unit"].lower()] if match["unit"] else 1.0,
                   CURRENCIES[currency.lower()] if currency else None)


def _example(values: list[str]) -> str:
    return "、".join(values[:3])


def _values(examples: list[str]) -> str:
    return f"{len(examples)} distinct value{'s' if len(examples) != 1 else ''}"


def number_rule(parsed: dict[str, _Amount | Text], forced: NumberForm | None) -> tuple[NumberForm | None, Text]:
    """The column's grouping/decimal rule: forced by the mapping file, else from the values only one convention can
    read (1,234.56 when none decides: the convention of Chinese and English exports); None when they disagree."""
    if forced is not None:
        return forced, Text(f"按映射文件: {forced}", f"as the mapping file says: {forced}")
    deciding: dict[str, list[str]] = {form: [] for form in NUMBER_FORMS}
    for text, amount in parsed.items():
        if isinstance(amount, _Amount) and len(amount.readings) == 1:
            only = next(iter(amount.readings))
            if any(ch in text for ch in ",."):
                deciding[only].append(text)
    point, comma = deciding["1,234.56"], deciding["1.234,56"]
    if point and comma:
        return None, Text(f"本列两种写法都有(如 {_example(point)} 与 {_example(comma)}),有歧义的值列为问题",
                          f"the column holds both forms (e.g. {_example(point)} and {_example(comma)}); "
                          f"ambiguous values are reported")
    if comma:
        return "1.234,56", Text(f"按 1.234,56 读(本列 {len(comma)} 种值如 {_example(comma)} 只能这样读)",
                                f"read as 1.234,56 ({_values(comma)} such as {_example(comma)} can only be read so)")
    if point:
        return "1,234.56", Text(f"按 1,234.56 读(本列 {len(point)} 种值如 {_example(point)} 只能这样读)",
                                f"read as 1,234.56 ({_values(point)} such as {_example(point)} can only be read so)")
    return DEFAULT_FORM, Text("按 1,234.56 读(本列没有能判定写法的值,用默认)",
                              "read as 1,234.56 (no value decides; the default)")


def read_numbers(raw: list[Any], money: bool = False, unit: float = 1.0, form: NumberForm | None = None) -> ColumnReading:
    """A column of numbers (amounts when `money`): see the module's rules. `unit` multiplies every value (from the
    header or the mapping file); `form` forces the grouping/decimal rule."""
    parsed: dict[str, _Amount | Text] = {}
    for value in raw:
        if isinstance(value, str) and value not in parsed and not is_blank(value):
            parsed[value] = _amount(clean(value), money)
    rule, rule_text = number_rule(parsed, form)
    currencies = Counter(a.currency for v in raw if isinstance(v, str) and isinstance(a := parsed.get(v), _Amount)
                         and a.currency)
    main_currency = max(sorted(currencies), key=lambda c: currencies[c]) if currencies else None
    if len(currencies) > 1:
        rule_text = Text(f"{rule_text.zh};币种按 {main_currency},其他币种列为问题",
                         f"{rule_text.en}; currency {main_currency}, values in another are reported")
    marked = any(isinstance(a, _Amount) and any(ch in text for ch in ",.") for text, a in parsed.items())
    out = ColumnReading([None] * len(raw), rule=rule_text, form=rule, decided=marked or form is not None)
    for i, value in enumerate(raw):
        if is_blank(value):
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            out.values[i], out.bad[i] = str(value), NOT_A_NUMBER
            continue
        if not isinstance(value, str):
            out.values[i] = float(value) * unit
            continue
        amount = parsed[value]
        problem = _amount_problem(amount, rule, unit, main_currency)
        if problem is not None:
            out.values[i], out.bad[i] = value, problem
            continue
        assert isinstance(amount, _Amount)
        magnitude = amount.readings[rule] if rule in amount.readings else next(iter(amount.readings.values()))
        number = magnitude * amount.multiplier * unit
        out.values[i] = -number if amount.negative else number
    return out


def _amount_problem(amount: _Amount | Text, rule: NumberForm | None, unit: float, currency: str | None) -> Text | None:
    if isinstance(amount, Text):
        return amount
    if unit != 1.0 and amount.multiplier != 1.0:
        return DOUBLE_UNIT
    if amount.currency is not None and amount.currency != currency:
        return Text(f"币种 {amount.currency} 与本列的 {currency} 不同,不做换算", f"currency {amount.currency} differs from "
                    f"the column's {currency}: not converted")
    if rule is None and amount.ambiguous:
        readings = " 或 ".join(f"{v:.15g}" for v in amount.readings.values())
        return Text(f"有歧义:可读作 {readings},本列两种写法都有,无法判定",
                    f"ambiguous: reads as {readings.replace(' 或 ', ' or ')}, and the column holds both forms")
    if rule is not None and rule not in amount.readings:
        return Text(f"不符合本列的写法 {rule}", f"does not fit the column's form {rule}")
    return None


# ---------------------------------------------------------------------------------------------
# dates

@dataclass(frozen=True)
class _Date:
    """One text's date: known outright, or xx/xx/yyyy waiting for the column's order."""

    date: dt.date | None
    first: int = 0
    second: int = 0
    year: int = 0

    def under(self, order: DateOrder) -> dt.date | None:
        """The date when the first two numbers are in `order` (DMY or MDY); None if that is no real date."""
        if self.date is not None:
            return self.date
        day, month = (self.first, self.second) if order == "DMY" else (self.second, self.first)
        return _valid(self.year, month, day)

    def readings(self) -> set[dt.date]:
        return {d for order in ("DMY", "MDY") if (d := self.under(order)) is not None}  # type: ignore[arg-type]

    def deciding(self) -> DateOrder | None:
        """The one order this text can be read in, when it tells (23/11/2026: day first)."""
        if self.date is not None or len(self.readings()) != 1 or self.first == self.second:
            return None
        return "DMY" if self.under("DMY") is not None else "MDY"


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) if year >= 1900 else None
    except ValueError:
        return None


def _date(text: str) -> _Date | Text:
    for pattern in (_YMD, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            found = _valid(*map(int, match.groups()[:3]))
            return _Date(found) if found else NOT_A_DATE
    match = _XYY.fullmatch(text)
    if match:
        found = _Date(None, int(match[1]), int(match[3]), int(match[4]))
        return found if found.readings() else NOT_A_DATE
    for pattern, day_at, month_at in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.fullmatch(text)
        if match and match[month_at].lower() in MONTHS:
            found = _valid(int(match[3]), MONTHS[match[month_at].lower()], int(match[day_at]))
            return _Date(found) if found else NOT_A_DATE
    return TWO_DIGIT_YEAR if _SHORT_YEAR.fullmatch(text) else NOT_A_DATE


def date_rule(parsed: dict[str, _Date | Text], forced: DateOrder | None) -> tuple[DateOrder | None, Text]:
    """Day-first or month-first for xx/xx/yyyy text: forced by the mapping file, else from the values only one order
    can read (a first number over 12 is a day); None when none decides or they disagree."""
    if forced is not None:
        return forced, Text(f"按映射文件: {forced}", f"as the mapping file says: {forced}")
    deciding: dict[str, list[str]] = {"DMY": [], "MDY": []}
    undecided = []
    for text, date in parsed.items():
        if isinstance(date, _Date) and date.date is None:
            order = date.deciding()
            if order is not None:
                deciding[order].append(text)
            elif len(date.readings()) > 1:
                undecided.append(text)
    day_first, month_first = deciding["DMY"], deciding["MDY"]
    if day_first and month_first:
        return None, Text(f"本列日/月顺序两种都有(如 {_example(day_first)} 与 {_example(month_first)}),"
                          f"有歧义的日期列为问题", f"the column has both day-first and month-first dates (e.g. "
                          f"{_example(day_first)} and {_example(month_first)}); ambiguous dates are reported")
    if day_first or month_first:
        order: DateOrder = "DMY" if day_first else "MDY"
        examples = day_first or month_first
        zh, en = ("日在前", "day first") if day_first else ("月在前", "month first")
        return order, Text(f"xx/xx/yyyy 按{zh}读(如 {_example(examples)} 只能这样读)",
                           f"xx/xx/yyyy read {en} ({_example(examples)} can only be read so)")
    if undecided:
        return None, Text(f"没有能判定日/月顺序的值,有歧义的日期(如 {_example(undecided)})列为问题",
                          f"no value decides day-first or month-first; ambiguous dates (e.g. {_example(undecided)}) "
                          f"are reported")
    return "YMD", Text("年在前(如 2026-11-23)", "year first (e.g. 2026-11-23)")


def read_dates(raw: list[Any], order: DateOrder | None = None) -> ColumnReading:
    """A column of dates: see the module's rules. `order` forces day-first (DMY) or month-first (MDY)."""
    parsed: dict[str, _Date | Text] = {}
    for value in raw:
        if isinstance(value, str) and value not in parsed and not is_blank(value):
            parsed[value] = _date(clean(value))
    rule, rule_text = date_rule(parsed, order)
    either = any(isinstance(d, _Date) and d.date is None for d in parsed.values())
    out = ColumnReading([None] * len(raw), rule=rule_text, form=rule, decided=either or order is not None)
    for i, value in enumerate(raw):
        if is_blank(value):
            continue
        if isinstance(value, dt.datetime):
            out.values[i] = value.date()
        elif isinstance(value, dt.date):
            out.values[i] = value
        elif not isinstance(value, str):
            out.values[i], out.bad[i] = str(value), NOT_A_DATE
        else:
            out.values[i], problem = _read_date(parsed[value], rule)
            if problem is not None:
                out.values[i], out.bad[i] = value, problem
    return out


def _read_date(date: _Date | Text, rule: DateOrder | None) -> tuple[dt.date | None, Text | None]:
    if isinstance(date, Text):
        return None, date
    if rule in ("DMY", "MDY"):
        found = date.under(rule)  # type: ignore[arg-type]
        return (found, None) if found else (None, Text(f"按本列的顺序({rule})不是有效日期",
                                                       f"not a valid date in the column's order ({rule})"))
    readings = sorted(date.readings())
    if len(readings) == 1:
        return readings[0], None
    zh, en = " 或 ".join(d.isoformat() for d in readings), " or ".join(d.isoformat() for d in readings)
    return None, Text(f"有歧义:可能是 {zh},本列无法判定日/月顺序",
                      f"ambiguous: {en}, and the column does not say which comes first")
