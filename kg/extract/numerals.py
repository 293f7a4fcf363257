"""Numerals: the values of Arabic, Chinese and mixed numbers, and the patterns that find them.

:func:`cn_value` reads a Chinese numeral (二十三, 一万二千, 二〇二四), :func:`parse_number`
any number as written (7, 1.3万, 三十五); :data:`NUM` matches a number that is not part of
a code or an ordinal, :data:`RANGE_SEPARATORS` and :data:`APPROX_MARKERS` what may stand
between two numbers or after one. :mod:`kg.extract.numbers` reads quantities with them.

>>> parse_number("1.3万"), parse_number("三十五"), parse_number("两")
(13000.0, 35.0, 2.0)
"""

from __future__ import annotations

import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_LARGE = {"万": 10**4, "亿": 10**8}
"""Chinese numeral characters; 万 and 亿 are multipliers that belong to the unit (万亩)."""

AR_NUM = r"(?<![A-Za-z0-9.\-+/_#第])\d+(?:\.\d+)?(?![A-Za-z0-9])"
"""An Arabic number that is not part of a code (G106, 5G, ICP备…号-1, 4A) nor an ordinal (第19位)."""
CN_NUM = r"(?<![零〇一二两三四五六七八九十百千万亿第几])[一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*"
"""A Chinese numeral not preceded by another numeral or by 第 (an ordinal)."""
NUM = rf"(?:{AR_NUM}|{CN_NUM})"
_RANGE_END = r"(?:\d+(?:\.\d+)?(?![A-Za-z0-9])|[一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*)"

RANGE_SEPARATORS = "-~—–〜至到"
"""Between the two ends of a range: 1-2 家, 3~5 家, 1—2 个, 三至五家."""

APPROX_MARKERS = {"多": ">", "余": ">", "几": ">"}
"""Between a number and its unit: 200多亩, 十余家, 十几个 (more than the number)."""


def cn_value(text: str) -> int | None:
    """Value of a Chinese numeral (十, 二十三, 一百零五, 三千五百, 一万二千, 两).

    >>> [cn_value(s) for s in ("十", "十二", "二十", "一百零五", "三千五百", "一万二千", "两", "百")]
    [10, 12, 20, 105, 3500, 12000, 2, 100]
    >>> cn_value("十强") is None
    True

    Digits alone, two or more, are read one by one, as years are written:

    >>> cn_value("二〇二四"), cn_value("二零二五"), cn_value("一九九八")
    (2024, 2025, 1998)
    """
    if not text:
        return None
    if len(text) > 1 and all(ch in CN_DIGITS and ch != "两" for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            section += (1 if digit is None else digit) * CN_SMALL[ch]
            digit = None
        elif ch in CN_LARGE:
            section += digit or 0
            total += (section or 1) * CN_LARGE[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


_ARABIC_NUMBER_RE = re.compile(r"(\d+(?:\.\d+)?)([万亿]?)")


def parse_number(text: str) -> float | None:
    """Value of an Arabic, Chinese or mixed number (7, 1.3万, 三十五, 2亿).

    >>> [parse_number(s) for s in ("7", "12.5", "1.3万", "2亿", "十", "百", "三万")]
    [7.0, 12.5, 13000.0, 200000000.0, 10.0, 100.0, 30000.0]
    >>> parse_number("abc") is None
    True
    """
    text = text.strip()
    m = _ARABIC_NUMBER_RE.fullmatch(text)
    if m:
        return float(m.group(1)) * CN_LARGE.get(m.group(2), 1)
    value = cn_value(text)
    return None if value is None else float(value)
