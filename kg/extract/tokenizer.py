"""The character tokenizer of kg's pipeline: one token per character (``kg.CharTokenizer.v1``).

:class:`CharTokenizer` makes a Doc whose token ``i`` is character ``i`` of the text (line
ends normalised as when a file is read); a :class:`DocumentText` also carries the
document's name, content hash and manifest row, which the tokenizer writes on the Doc.
:func:`char_tokenizer` is registered with spaCy under :data:`TOKENIZER`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..document import _newlines
from ..memo import clear_document_caches
from . import spans as S

TOKENIZER = "kg.CharTokenizer.v1"


class DocumentText(str):
    """A document's text that also says which document it is: its name, content hash and manifest row.

    ``nlp.pipe`` hands it to the tokenizer as it is, in worker processes too (it pickles
    with what it carries), and the tokenizer writes these facts on the Doc
    (``doc._.kg_name``, ``doc._.kg_content_hash``, ``doc._.kg_given_plan``).
    """

    name: str
    content_hash: str
    plan: dict | None

    def __new__(cls, text: str, name: str = "<text>", content_hash: str = "", plan: dict | None = None):
        obj = super().__new__(cls, text)
        obj.name, obj.content_hash, obj.plan = name, content_hash, plan
        return obj

    def __reduce__(self):
        return (DocumentText, (str(self), self.name, self.content_hash, self.plan))


class _CharOrths(dict):
    """Character -> its id in a vocabulary's string store (added on first sight)."""

    def __init__(self, strings):
        super().__init__()
        self.strings = strings

    def __missing__(self, char: str) -> int:
        orth = self[char] = self.strings.add(char)
        return orth


class CharTokenizer:
    """One token per character, no trailing spaces: token ``i`` is character ``i``.

    Line ends are normalised as when a file is read (``\\r\\n`` and ``\\r`` become ``\\n``).
    A :class:`DocumentText` also names the document on the Doc.
    """

    def __init__(self, vocab):
        self.vocab = vocab
        self._orths = _CharOrths(vocab.strings)

    def __call__(self, text: str) -> Doc:
        clear_document_caches()
        plain = _newlines(str(text))
        if self._orths.strings is not self.vocab.strings:  # the vocabulary was replaced (loaded from disk)
            self._orths = _CharOrths(self.vocab.strings)
        # each character's string-store id, looked up once per character seen: a Doc made from
        # ids finds each lexeme by id instead of hashing the character's text again
        doc = Doc(self.vocab, words=list(map(self._orths.__getitem__, plain)), spaces=[False] * len(plain))
        S.remember_text(doc, plain)
        if isinstance(text, DocumentText):
            doc._.kg_name = text.name
            doc._.kg_content_hash = text.content_hash or None
            doc._.kg_given_plan = text.plan
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # nothing to save: the tokenizer has no settings
    def to_bytes(self, **kwargs) -> bytes:
        return srsly.msgpack_dumps({})

    def from_bytes(self, data: bytes, **kwargs) -> CharTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg", {})

    def from_disk(self, path, **kwargs) -> CharTokenizer:
        return self


@spacy.registry.tokenizers(TOKENIZER)
def char_tokenizer() -> Callable[[Language], CharTokenizer]:
    def make(nlp: Language) -> CharTokenizer:
        return CharTokenizer(nlp.vocab)

    return make
