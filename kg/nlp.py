"""Word tokens of short clauses, through kg's one segmenter.

Extraction runs on a Doc of one token per character (:func:`kg.load`); the components
that need words (target phrases, place and project names) segment the short span they
look at with :func:`kg.extract.lexicon.segment`: jieba's dictionary and most probable
route, without its HMM (equal to ``jieba.lcut(text, HMM=False)``, checked in
``tests/test_lexicon.py``). Segmentation is memoised per document there.

>>> tokens("力争完成技改项目20个以上")
['力争', '完成', '技改', '项目', '20', '个', '以上']
>>> tokens("")
[]
"""

from __future__ import annotations


def tokens(text: str) -> list[str]:
    """Word tokens of a short text (whitespace tokens dropped)."""
    if not text:
        return []
    from .extract.lexicon import segment

    return [t for t in segment(text) if not t.isspace()]
