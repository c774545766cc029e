"""module for reading the numbers of a Korean or an English text as values, for the ``number`` check.

A number is compared by its value, however each language writes it: 2019년 = 2019, 30주년 = 30th, 3만 명 = 30,000,
1억 2천만 = 120,000,000, 1,000 = 1000, full-width ３ = 3, 30% = 30퍼센트, 세 번째 = third, 제2차 = second.

Each text gives two sets: the numbers written with digits (``Number``), which must be found on the other side, and
every value the text names (digits, number words, ordinals, months, "a" for one …), which may answer the other
side's digits. So a number word alone never raises a finding (양국 is "both countries", "one of" is no count), while
a number written in digits on one side only does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kotm.text import compiled


@dataclass(frozen=True, slots=True)
class Number:
    """A number written with digits: its value and where it is in the text (the whole expression: 1억 2천만)."""

    value: float
    start: int
    end: int
    # Other readings that answer it too: 1.3만 is 13,000 or "only 1.3" (만 the particle), 3조 3 trillion or article 3.
    others: tuple[float, ...] = ()

    def found_in(self, values: set[float]) -> bool:
        return self.value in values or any(v in values for v in self.others)

    @property
    def shown(self) -> str:
        return show(self.value)


def show(value: float) -> str:
    """A value as a person writes it: ``30000.0`` → ``30,000``, ``2.5`` → ``2.5``; years stay without a comma."""
    if value == int(value):
        n = int(value)
        return str(n) if 1000 <= n <= 2999 else f"{n:,}"
    return f"{value:g}"


_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")
# A number in digits: thousands separated by commas (1,000), or a decimal (2.5). Not inside a word of letters and
# digits on the left (x86, Vector2 are names, which both sides keep as they are, so they are read all the same).
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_KO_SMALL = {"십": 10, "백": 100, "천": 1000}
_KO_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
# A Korean number: digits with their units (1억 2천만, 3만, 5백), or 제 and digits (제2차: an ordinal, no units).
_KO_NUMBER = rf"(?P<je>제 ?)?(?P<num>(?:{_DIGITS})[십백천]?(?:[만억조](?!큼))?(?:(?<=[만억조]) (?:{_DIGITS})[십백천]?[만억조]?)*)"
_KO_PART = rf"(?P<d>{_DIGITS})(?P<small>[십백천])?(?P<big>[만억조])?"

# Native Korean numerals and ordinals, read only as answers (세 번째, 두 나라, 첫째).
_KO_WORDS = {
    "한": 1,
    "하나": 1,
    "첫": 1,
    "첫째": 1,
    "두": 2,
    "둘": 2,
    "둘째": 2,
    "세": 3,
    "셋": 3,
    "석": 3,
    "셋째": 3,
    "네": 4,
    "넷": 4,
    "넷째": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
    "스무": 20,
    "스물": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
    "백": 100,
    "천": 1000,
    "만": 10**4,
    "백만": 10**6,
    "천만": 10**7,
    "억": 10**8,
    "일": 1,
    "이": 2,
    "삼": 3,
    "사": 4,
    "오": 5,
    "육": 6,
    "칠": 7,
    "팔": 8,
    "구": 9,
    "십": 10,
    "이진": 2,
    "팔진": 8,
    "십진": 10,
    "십육진": 16,
    "절반": 0.5,
    "반": 0.5,
    # Zero said in words (a tuple of 0 items is 빈 튜플; "0 or 1 items" 비었거나 하나의), and base 10 in 상용로그.
    "빈": 0,
    "비어": 0,
    "비었": 0,
    "상용로그": 10,
    "한두": 1,
    "두세": 2,
    "서너": 3,
}
# A Korean numeral word counts only before a counter or 번째/째, or as a word of its own before a noun.
_KO_WORD = (
    r"(?<![가-힣])(?P<n>하나|다섯|여섯|일곱|여덟|아홉|제일|제이|제삼|제사|제오)"
    r"|(?<![가-힣])(?P<w>하나|첫째|둘째|셋째|넷째|다섯|여섯|일곱|여덟|아홉|스무|스물|서른|마흔|백만|천만|[한첫두둘세셋석네넷열쉰백천만억])"
    r"(?=\s?(?:번째|번|째|개|명|가지|차례|해|달|살|시간|시|분|배|곳|나라|국|사람|쪽|줄|권|대|회|차|주|일|년|월|$|\s))"
    r"|(?<![가-힣])(?P<b>이진|팔진|십진|십육진|절반|상용로그|한두|두세|서너|반(?=으로|씩|쯤)|빈(?= )|비어|비었)"
    r"|(?<![가-힣])(?P<s>[일이삼사오육칠팔구십])(?=\s?(?:번째|차|회|년|월|일|위|등|장|조|항|층)(?![가-힣]))"
)
_EN_UNITS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "once": 1,
    "single": 1,
    "first": 1,
    "two": 2,
    "twice": 2,
    "both": 2,
    "double": 2,
    "pair": 2,
    "couple": 2,
    "second": 2,
    "three": 3,
    "thrice": 3,
    "third": 3,
    "triple": 3,
    "four": 4,
    "fourth": 4,
    "five": 5,
    "fifth": 5,
    "six": 6,
    "sixth": 6,
    "seven": 7,
    "seventh": 7,
    "eight": 8,
    "eighth": 8,
    "nine": 9,
    "ninth": 9,
    "ten": 10,
    "tenth": 10,
    "eleven": 11,
    "eleventh": 11,
    "twelve": 12,
    "twelfth": 12,
    "dozen": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "twentieth": 20,
    "thirty": 30,
    "thirtieth": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "half": 0.5,
    "quarter": 4,
    "zeros": 0,
    "zeroed": 0,
    "quad": 2,
    "quadratic": 2,
    "squared": 2,
    "cubic": 3,
    "cubed": 3,
    "ternary": 3,
    "thirds": 3,
    "quart": 4,
    "quartic": 4,
    "quartile": 4,
    "quartiles": 4,
    "quarters": 4,
    "quint": 5,
    "quintic": 5,
    "fifths": 5,
    "tenths": 10,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "zeroes": 0,
    "nonzero": 0,
    "null": 0,
    "binary": 2,
    "octal": 8,
    "decimal": 10,
    "hexadecimal": 16,
    "hex": 16,
    "hexversion": 16,
    "decade": 10,
    "century": 100,
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTHS = {
    m: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
# English digits, with a scale word after them (30 million) or an ordinal ending (30th, 2nd).
_EN_NUMBER = rf"(?P<num>{_DIGITS})(?:\s?(?P<scale>hundred|thousand|million|billion|trillion)\b|(?:st|nd|rd|th)\b)?"
_EN_WORD = r"[A-Za-z]+"


def _value(digits: str) -> float:
    return float(digits.replace(",", ""))


def _plain(text: str) -> str:
    """Full-width digits and signs as ASCII, the length kept (offsets stay valid)."""
    return text.translate(_FULL_WIDTH)


def _left_ok(text: str, start: int) -> bool:
    """A number may not continue a word of Latin letters or digits on its left (x86, Vector2, utf-8 keep theirs),
    nor be the fraction of a decimal already read."""
    if start == 0:
        return True
    ch = text[start - 1]
    if ch in "._" and start > 1 and text[start - 2].isascii() and text[start - 2].isalpha():
        return False  # python3.12's tail, x_2
    return not (ch.isascii() and (ch.isalnum() or ch == "_"))


def _ko_value(match: re.Match) -> float:
    """The value of a Korean number expression: groups of digits and small units closed by 만/억/조, added up."""
    if match.group("je"):
        return _value(re.match(_DIGITS, match.group("num")).group())
    total, group = 0.0, 0.0
    last_big = None
    for part in compiled(_KO_PART).finditer(match.group("num")):
        n = _value(part.group("d"))
        if part.group("small"):
            n *= _KO_SMALL[part.group("small")]
        group += n
        if part.group("big"):
            big = _KO_BIG[part.group("big")]
            if last_big is not None and big >= last_big:  # 3만 5만: two numbers, not one; keep the larger reading
                return max(total, group * big)
            total += group * big
            group, last_big = 0.0, big
    return total + group


def ko_numbers(text: str) -> tuple[list[Number], set[float]]:
    """The numbers written with digits in a Korean text, and every value the text names.

    >>> [n.value for n in ko_numbers("1억 2천만 명과 3만 명, 제2차 회의, 30주년")[0]]
    [120000000.0, 30000.0, 2.0, 30.0]
    >>> sorted(ko_numbers("세 번째 회의")[1])
    [3.0]
    """
    plain = _plain(text)
    numbers: list[Number] = []
    values: set[float] = set()
    for m in compiled(_KO_NUMBER).finditer(plain):
        start = m.start("num") if not m.group("je") else m.start()
        if not _left_ok(plain, m.start("num")):
            values.add(_value(compiled(_DIGITS).match(m.group("num")).group()))  # Position3D: a name, but it says 3
            continue
        end = m.end()
        while end > start and plain[end - 1].isspace():
            end -= 1
        value = _ko_value(m)
        parts = list(compiled(_KO_PART).finditer(m.group("num")))
        others = (_value(parts[0].group("d")),) if len(parts) == 1 and parts[0].group("big") else ()
        numbers.append(Number(value, start, end, others))
        values.add(value)
        # Each group read alone too (2천만 also answers "20 million"; 1억 2천만 written as two numbers).
        for part in compiled(_KO_PART).finditer(m.group("num")):
            values.add(_value(part.group("d")))
    for m in compiled(_KO_WORD).finditer(plain):
        word = m.group("n") or m.group("w") or m.group("b") or m.group("s")
        word = word.removeprefix("제") if word.startswith("제") and len(word) == 2 else word
        values.add(float(_KO_WORDS[word]))
    return numbers, _with_times(values)


def en_numbers(text: str) -> tuple[list[Number], set[float]]:
    """The numbers written with digits in an English text, and every value the text names.

    >>> [n.value for n in en_numbers("the 30th anniversary, 1.2 million people, 2019")[0]]
    [30.0, 1200000.0, 2019.0]
    >>> sorted(en_numbers("the third of two hundred, in April")[1])
    [0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 100.0, 200.0]
    """
    plain = _plain(text)
    numbers: list[Number] = []
    values: set[float] = set()
    for m in compiled(_EN_NUMBER).finditer(plain):
        if not _left_ok(plain, m.start()):
            values.add(_value(m.group("num")))  # Position3D, Vector2: names, but they say 3 and 2
            continue
        value = _value(m.group("num"))
        values.add(value)
        if m.group("scale"):
            value *= _EN_SCALES[m.group("scale")]
        numbers.append(Number(value, m.start(), m.end()))
        values.add(value)
    words = [w.lower() for w in compiled(_EN_WORD).findall(plain)]
    previous = None
    for word in words:
        if word == "of" and previous in (2.0, 12.0):  # a couple of thousand, a dozen of: the count goes on
            continue
        if word in _MONTHS and word != "may":  # "may" is a verb more often than May
            values.add(float(_MONTHS[word]))
        n = _EN_UNITS.get(word)
        if n is not None:
            values.add(float(n))
            if word in _EN_SCALES and previous is not None:  # two hundred, forty thousand
                values.add(previous * n)
            elif previous is not None and previous >= 20 and previous % 10 == 0 and n < 10:  # thirty-two
                values.add(previous + n)
            previous = float(n)
        else:
            previous = None
    return numbers, _with_times(values)


def _with_times(values: set[float]) -> set[float]:
    """The values and, for a fraction, its reading in the other forms (0.5 = 50% = 1/2; quarter = 4 = 1/4); a
    decimal answers its whole part too (Python 2.7 answers "Python 2")."""
    out = values | {v * 100 for v in values if 0 < v < 1} | {1 / v for v in values if 0 < v < 1}
    out |= {float(int(v)) for v in values if v != int(v) and v > 1}
    if 4.0 in values or 2.0 in values:
        out |= {1.0, 0.25, 0.5}
    return out


def numbers(text: str, lang: str) -> tuple[list[Number], set[float]]:
    """``ko_numbers`` or ``en_numbers``; NFKC is not applied (it would move offsets), full-width digits are read."""
    return ko_numbers(text) if lang == "ko" else en_numbers(text)


def has_digit(text: str) -> bool:
    """True when the text holds a digit (ASCII or full-width): the only texts the number check reads."""
    return compiled(r"\d").search(text) is not None
