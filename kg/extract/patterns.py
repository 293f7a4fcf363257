"""Building regular expressions from word lists.

>>> alternation(["牵头", "牵头单位", "配合", "牵头"])
'牵头单位|牵头|配合'
>>> import re
>>> re.match(alternation(["牵头", "牵头单位"]), "牵头单位：区发改局").group()
'牵头单位'
>>> alternation([])
'(?!)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str], escape: bool = True) -> str:
    """One regex alternative per word, longest first, duplicates and empty words dropped.

    Longest first makes the alternation match the longest word at a position (牵头单位,
    not 牵头). Words are taken literally unless ``escape`` is false (regex fragments).
    An empty list gives a pattern that never matches.
    """
    unique = sorted(dict.fromkeys(w for w in words if w), key=len, reverse=True)
    return "|".join(map(re.escape, unique) if escape else unique) or "(?!)"
