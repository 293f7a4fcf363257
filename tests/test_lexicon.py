"""The lexicon: word tags and the dictionary-only segmenter (jieba's accurate mode without HMM)."""

import random

import jieba
import pytest

from kg.extract.lexicon import _lexicon, segment, word_tag
from kg.memo import clear_document_caches


def _jieba(text):
    return jieba.lcut(text, HMM=False)


@pytest.mark.parametrize("text", [
    "凤凰山庄",
    "加强陈贵镇建设",
    "推进G106改线工程",
    "5G基站300个",
    "GDP增长7.5%以上",
    "地区生产总值增长7%",
    "abc def",
    "市发改局\r\n市财政局",
    "全力推进  花湖机场",
    "《方案》“三新三强”",
    "x",
    "。",
    "AT&T和c#",
    "鄂州·乔街",
    "1.2.3",
    "\t 中国 \n",
])
def test_segment_is_jieba_without_hmm(text):
    clear_document_caches()
    assert segment(text) == _jieba(text)


def test_segment_agrees_with_jieba_on_spans_of_the_corpus(corpus_dir):
    """Random spans of every corpus document, of the lengths the extractors segment."""
    rng = random.Random(20241121)
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
    spans = []
    for text in texts:
        for _ in range(600):
            start = rng.randrange(len(text))
            spans.append(text[start: start + rng.randint(1, 24)])
    clear_document_caches()
    disagree = [s for s in spans if segment(s) != _jieba(s)]
    assert not disagree, disagree[:5]


def test_word_tags_are_jieba_dictionary_tags():
    tags = _lexicon()[1]
    assert len(tags) > 300_000
    assert (word_tag("武汉"), word_tag("推进"), word_tag("泽林")) == ("ns", "v", None)
