"""The per-source half of text reuse and clustering: each source's words hashed once, where the
source is analysed (in a worker, cached beside the source), so that the link stage works from these
arrays and never re-reads texts. The index is not part of the model: the build keeps it in a side
table by source id (`build/pipeline.py`) and drops it once the link stage has read it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import numpy as np

from site_builder.analysis.words import WORD, normalise_word
from site_builder.model import Source, paragraph_number
from site_builder.sources.segment import PARAGRAPH_SEPARATOR


@dataclass(frozen=True, eq=False)
class WordIndex:
    """A source's words in reading order as the link stage compares them: the stable 64-bit hash of
    each normalised word, whether it is a function word or a content word (four letters or more,
    not a number), whether it stands inside a quotation, and where it stands (paragraph index,
    character offsets). Arrays, not an object per word, so a large collection fits in memory."""

    hashes: np.ndarray
    function: np.ndarray
    content: np.ndarray
    quoted: np.ndarray
    paragraph: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def __len__(self) -> int:
        return len(self.hashes)


WordIndexes = Mapping[str, WordIndex]  # by source id

MIN_CONTENT_LENGTH = 4
FUNCTION_WORDS = frozenset("""a an the of in on at to for with by from and or but as that this is are was were be
    been it its he she they their his her we our not no has have had will would said""".split())
_WORD_SPLIT = re.compile(f"({WORD.pattern})")  # split() keeps the words, between the gaps


@lru_cache(maxsize=200_000)
def word_hash(word: str) -> int:
    """A stable 64-bit hash of a normalised word (Python's own str hash changes from process to process)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


def is_content_word(word: str) -> bool:
    return len(word) >= MIN_CONTENT_LENGTH and word not in FUNCTION_WORDS and not word.isdigit()


# What the index keeps of a distinct word: its hash (big-endian, as the digest reads), its classes.
WORD_RECORD = np.dtype([("hash", ">u8"), ("function", "?"), ("content", "?")])


@lru_cache(maxsize=200_000)
def word_record(word: str) -> bytes:
    """A word as written in the text, as one WORD_RECORD: its normalised form's hash and classes."""
    normal = normalise_word(word)
    return word_hash(normal).to_bytes(8, "big") + bytes((normal in FUNCTION_WORDS, is_content_word(normal)))


def word_positions(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The words of `texts` in order, with the index of the text each stands in and its offsets in it:
    the texts joined as in `Source.text` and split once; offsets are the pieces' summed lengths."""
    pieces = _WORD_SPLIT.split(PARAGRAPH_SEPARATOR.join(texts))  # gap, word, gap, word, …, gap
    piece_ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + len(PARAGRAPH_SEPARATOR)
    text_starts = np.cumsum(lengths) - lengths
    text = np.searchsorted(text_starts, piece_ends[:-1:2], side="right") - 1
    start, end = piece_ends[:-1:2] - text_starts[text], piece_ends[1::2] - text_starts[text]
    return pieces[1::2], text.astype(np.int32), start.astype(np.int32), end.astype(np.int32)


def word_records(words: list[str]) -> np.ndarray:
    """One WORD_RECORD per word, each distinct word looked up once."""
    distinct = dict.fromkeys(words)
    codes = np.fromiter(map(dict(zip(distinct, range(len(distinct)))).__getitem__, words), dtype=np.intp, count=len(words))
    return np.frombuffer(b"".join(map(word_record, distinct)), dtype=WORD_RECORD)[codes]


def word_index(source: Source) -> WordIndex:
    """The source's words as arrays: one split of its text, one lookup per distinct word."""
    texts = [paragraph.text for paragraph in source.paragraphs]
    words, paragraph, start, end = word_positions(texts)
    records = word_records(words)
    return WordIndex(hashes=records["hash"].astype(np.uint64), function=records["function"].astype(bool),
                     content=records["content"].astype(bool), quoted=quoted_words(source, texts, paragraph, start, end),
                     paragraph=paragraph, start=start, end=end)


def quoted_words(source: Source, texts: list[str], paragraph: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whether each word stands strictly inside one of the source's quotations. Each quotation's
    words are one run of the words in order, found by two binary searches on offsets into the
    joined text (a mask of all the words per quotation made a long source quadratic)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + len(PARAGRAPH_SEPARATOR)
    text_starts = np.cumsum(lengths) - lengths
    first_char, last_char = text_starts[paragraph] + start, text_starts[paragraph] + end
    spans = np.array([(text_starts[paragraph_number(q.span.paragraph) - 1] + q.span.start,
                       text_starts[paragraph_number(q.span.paragraph) - 1] + q.span.end) for q in source.quotes],
                     dtype=np.int64).reshape(-1, 2)
    inside_from = np.searchsorted(first_char, spans[:, 0], side="right")  # first word starting after the mark
    inside_to = np.searchsorted(last_char, spans[:, 1], side="left")  # past the last word ending before the closing mark
    runs = inside_from < inside_to
    depth = np.zeros(len(paragraph) + 1, dtype=np.int64)
    np.add.at(depth, inside_from[runs], 1)
    np.add.at(depth, inside_to[runs], -1)
    return np.cumsum(depth[:-1]) > 0


def word_index_of(source: Source, indexes: WordIndexes) -> WordIndex:
    """The source's word index: the one its worker made, or made now for a source built outside
    the pipeline (tests, benchmarks). Not `or`: an index of no words is empty, hence falsy."""
    index = indexes.get(source.id)
    return index if index is not None else word_index(source)
