"""Word's automatic list numbers, recovered: the markers that are not in the text runs.

A heading typed as ``总体要求`` in a list whose level says ``numFmt=chineseCounting``,
``lvlText="%1、"`` is printed as ``一、总体要求``; the marker lives in
``word/numbering.xml``, not in the paragraph. :class:`ListNumbers` keeps Word's
counters (one set per abstract list, a level restarting the levels below it, a
``startOverride`` restarting a list) and gives each numbered paragraph its marker.

>>> [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 21, 105)]
['一', '十', '十一', '二十', '二十一', '一百零五']
>>> [format_number(n, f) for n, f in ((3, "decimalEnclosedCircle"), (2, "ideographTraditional"), (4, "lowerRoman"))]
['③', '乙', 'iv']
"""

from __future__ import annotations

import re

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero and out:
                out += digits[0]
            out += digits[d] + unit
            zero = False
        elif out:
            zero = True
    if digits is _DIGITS and out.startswith("一十"):
        out = out[1:]  # 十一, not 一十一
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Number ``n`` written in Word's ``numFmt`` ``fmt`` (decimal for formats not listed)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "koreanCounting"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("decimalEnclosedParen",):
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt in ("decimalEnclosedFullstop",):
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt in ("none",):
        return ""
    return str(n)


def _val(el, tag: str, default=None):
    found = el.find(_W + tag) if el is not None else None
    return found.get(_W + "val", default) if found is not None else default


class ListNumbers:
    """Markers of numbered paragraphs, in document order (call :meth:`marker` for each paragraph)."""

    def __init__(self, numbering_element, styles_element=None):
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId -> ilvl -> level
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl)
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        if numbering_element is not None:
            self._read_numbering(numbering_element)
        if styles_element is not None:
            self._read_styles(styles_element)

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(_W + "abstractNum"):
            aid = abstract.get(_W + "abstractNumId")
            levels = {}
            for lvl in abstract.iter(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                levels[ilvl] = {
                    "start": int(_val(lvl, "start", "1") or 1),
                    "fmt": _val(lvl, "numFmt", "decimal"),
                    "text": _val(lvl, "lvlText", ""),
                    "suff": _val(lvl, "suff", "tab"),
                    "legal": lvl.find(_W + "isLgl") is not None,
                }
            self.levels[aid] = levels
        for num in root.iter(_W + "num"):
            overrides = {}
            for ov in num.iter(_W + "lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[int(ov.get(_W + "ilvl", "0"))] = int(start)
            self.nums[num.get(_W + "numId")] = (_val(num, "abstractNumId"), overrides)

    def _read_styles(self, root) -> None:
        for style in root.iter(_W + "style"):
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None and _val(numpr, "numId") is not None:
                self.style_num[style.get(_W + "styleId")] = (_val(numpr, "numId"), int(_val(numpr, "ilvl", "0") or 0))

    def marker(self, paragraph_element) -> str:
        """The number Word prints before this paragraph (``""`` when it is not in a list)."""
        ppr = paragraph_element.find(_W + "pPr")
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id = _val(numpr, "numId")
        ilvl = _val(numpr, "ilvl")
        if num_id is None and ppr is not None:
            style = _val(ppr, "pStyle")
            if style in self.style_num:
                num_id, style_lvl = self.style_num[style]
                ilvl = ilvl if ilvl is not None else style_lvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = int(ilvl or 0)
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, [levels[i]["start"] - 1 if i in levels else 0 for i in range(9)])
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                if 0 <= level < 9:
                    counters[level] = start - 1
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = levels[deeper]["start"] - 1 if deeper in levels else 0
        level = levels[ilvl]
        if level["fmt"] == "bullet":
            return ""

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            fmt = "decimal" if level["legal"] else levels.get(k, {}).get("fmt", "decimal")
            return format_number(max(counters[k], 1), fmt)

        text = re.sub(r"%([1-9])", number, level["text"])
        if not text:
            return ""
        if level["suff"] != "nothing" and not re.search(r"[、.．)）:：\s]$", text):
            text += " "
        return text
