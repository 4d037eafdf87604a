"""The per-source half of text reuse: each source's words hashed once, where the source is analysed
(in a worker, cached), so that the link stage works from these arrays and never re-reads texts."""

from __future__ import annotations

import dataclasses
import hashlib
from functools import lru_cache

import numpy as np

from site_builder.gazetteer import Gazetteer
from site_builder.model import Source, WordIndex
from site_builder.words import WORD, normalise_word

MIN_CONTENT_LENGTH = 4
FUNCTION_WORDS = frozenset("""a an the of in on at to for with by from and or but as that this is are was were be
    been it its he she they their his her we our not no has have had will would said""".split())


@lru_cache(maxsize=200_000)
def word_hash(word: str) -> int:
    """A stable 64-bit hash of a normalised word (Python's own str hash changes from process to process)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


def is_content_word(word: str) -> bool:
    return len(word) >= MIN_CONTENT_LENGTH and word not in FUNCTION_WORDS and not word.isdigit()


def word_index(source: Source) -> WordIndex:
    """One pass over the words; hashes and classes are computed once per distinct word."""
    norms: list[str] = []
    spans: list[tuple[int, int]] = []
    paragraphs: list[int] = []
    for number, paragraph in enumerate(source.paragraphs):
        found = [(match.group(), match.span()) for match in WORD.finditer(paragraph.text)]
        norms += map(normalise_word, (word for word, _ in found))
        spans += (span for _, span in found)
        paragraphs += [number] * len(found)
    vocabulary = {word: n for n, word in enumerate(dict.fromkeys(norms))}
    codes = np.fromiter(map(vocabulary.__getitem__, norms), dtype=np.int64, count=len(norms))
    hashes = np.array([word_hash(word) for word in vocabulary], dtype=np.uint64)
    function = np.array([word in FUNCTION_WORDS for word in vocabulary], dtype=bool)
    content = np.array([is_content_word(word) for word in vocabulary], dtype=bool)
    offsets = np.array(spans, dtype=np.int32).reshape(-1, 2)
    paragraph, start, end = np.array(paragraphs, dtype=np.int32), offsets[:, 0].copy(), offsets[:, 1].copy()
    quoted = np.zeros(len(norms), dtype=bool)
    for quote in source.quotes:
        number = int(quote.span.paragraph[1:]) - 1
        quoted |= (paragraph == number) & (start > quote.span.start) & (end < quote.span.end)
    return WordIndex(hashes=hashes[codes], function=function[codes], content=content[codes], quoted=quoted,
                     paragraph=paragraph, start=start, end=end)


def word_index_of(source: Source) -> WordIndex:
    """The source's word index: the one its analysis made, or made now for a source built outside
    the pipeline (tests, benchmarks). Not `or`: an index of no words is empty, hence falsy."""
    return source.word_index if source.word_index is not None else word_index(source)


def index_words(source: Source, gazetteer: Gazetteer) -> Source:
    return dataclasses.replace(source, word_index=word_index(source))
