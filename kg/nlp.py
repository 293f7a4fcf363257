"""The shared Chinese tokenizer: a blank spaCy pipeline with the jieba segmenter.

Created once, lazily, on first use, and only ever run on short clauses (an
indicator phrase, a title), never on a whole document.

>>> tokens("力争完成技改项目20个以上")
['力争', '完成', '技改', '项目', '20', '个', '以上']
>>> tokens("")
[]
"""

from __future__ import annotations

import logging
from functools import lru_cache

from .memo import document_cache

log = logging.getLogger("kg.nlp")

SEGMENTER_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
"""spaCy ``zh`` tokenizer settings: jieba needs no model download."""


@lru_cache(maxsize=1)
def get_nlp():
    """The blank ``zh`` pipeline with jieba segmentation (built on the first call)."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    return spacy.blank("zh", config=SEGMENTER_CONFIG)


def tokens(text: str) -> list[str]:
    """Word tokens of a short text (whitespace tokens dropped)."""
    if not text:
        return []
    return list(_tokens(text))


@document_cache()
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in get_nlp().make_doc(text) if not t.is_space)
