"""Link stage: text reuse. Passages two sources share, found through an inverted index of hashed
word shingles (after passim), never by comparing every pair of sources.

1. Each source becomes a list of normalised words (case, quotes, dashes, British spellings folded).
2. Every run of `shingle_words` words is hashed; the index maps a shingle to where it occurs.
   Shingles in too many sources (or made only of function words) are dropped.
3. Only sources sharing a shingle are paired; their shared shingles are chained along the
   diagonal, tolerating a changed or inserted word or two, into maximal passages.
4. Passages shorter than `min_words` are dropped, and one stretch of text is reported once per pair.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from site_builder.model import Passage, PassageEnd, ReusePair, ReuseSettings, Source, Span
from site_builder.words import WORD, normalise_word

FUNCTION_WORDS = frozenset("""a an the of in on at to for with by from and or but as that this is are was were be
    been it its he she they their his her we our not no has have had will would said""".split())
MAX_STEP = 2  # words changed or inserted that a passage bridges


@lru_cache(maxsize=200_000)
def word_hash(word: str) -> int:
    """A stable 64-bit hash (Python's own str hash changes from process to process)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Word:
    norm: str
    paragraph: str
    start: int
    end: int
    quoted: bool


def words_of(source: Source) -> list[Word]:
    """The source's words in reading order, each knowing whether it stands inside a quotation."""
    quotes: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for quote in source.quotes:
        quotes[quote.span.paragraph].append((quote.span.start, quote.span.end))
    return [
        Word(normalise_word(m.group()), paragraph.id, m.start(), m.end(),
             any(a < m.start() and m.end() < b for a, b in quotes[paragraph.id]))
        for paragraph in source.paragraphs
        for m in WORD.finditer(paragraph.text)
    ]


def shingles(words: Sequence[Word], size: int) -> Iterator[tuple[int, int]]:
    """(hash, position) of every run of `size` words that is not made only of function words."""
    hashes = [word_hash(w.norm) for w in words]
    for position in range(len(words) - size + 1):
        if all(w.norm in FUNCTION_WORDS for w in words[position:position + size]):
            continue
        yield hash(tuple(hashes[position:position + size])), position


def seed_hits(texts: Sequence[Sequence[Word]], settings: ReuseSettings) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """For each pair of sources (by index) that share a shingle, the (position a, position b) of each."""
    index: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for number, words in enumerate(texts):
        for key, position in shingles(words, settings.shingle_words):
            index[key].append((number, position))
    too_common = max(5, math.ceil(settings.common_share * len(texts)))
    hits: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for postings in index.values():
        if len(postings) < 2 or len({n for n, _ in postings}) > too_common:
            continue
        for i, (source_a, position_a) in enumerate(postings):
            for source_b, position_b in postings[i + 1:]:
                if source_a != source_b:
                    hits[(source_a, source_b)].append((position_a, position_b))
    return hits


def chains(hits: list[tuple[int, int]], size: int) -> list[list[tuple[int, int]]]:
    """Group shingle hits into runs along (nearly) the same diagonal."""
    runs: list[list[tuple[int, int]]] = []
    for a, b in sorted(hits):
        for run in reversed(runs):
            last_a, last_b = run[-1]
            step_a, step_b = a - last_a, b - last_b
            if 0 < step_a <= size + MAX_STEP and 0 < step_b <= size + MAX_STEP and abs(step_a - step_b) <= MAX_STEP:
                run.append((a, b))
                break
        else:
            runs.append([(a, b)])
    return runs


def end_of(source: Source, words: Sequence[Word], first: int, last: int) -> PassageEnd:
    """One side of a passage, with its original wording and the speaker when it is a quotation."""
    pieces = []
    for paragraph in source.paragraphs:
        inside = [w for w in words[first:last + 1] if w.paragraph == paragraph.id]
        if inside:
            pieces.append(paragraph.text[inside[0].start:inside[-1].end])
    start, end = words[first], words[last]
    quote = next((q for q in source.quotes if q.span.paragraph == start.paragraph
                  and q.span.start < start.start and end.end < q.span.end), None)
    return PassageEnd(source.id, first, last, Span(start.paragraph, start.start, start.end),
                      Span(end.paragraph, end.start, end.end), " … ".join(pieces),
                      quote.speaker_label if quote and quote.kind == "statement" else None)


def without_overlaps(found: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Longest first, drop a passage overlapping a kept one on either side (a repeat in one source)."""
    kept: list[tuple[int, int, int, int]] = []
    for a0, a1, b0, b1 in sorted(found, key=lambda p: (-(p[1] - p[0]), p)):
        if not any(a0 <= k1 and k0 <= a1 or b0 <= l1 and l0 <= b1 for k0, k1, l0, l1 in kept):
            kept.append((a0, a1, b0, b1))
    return sorted(kept)


def passages_between(a: Source, b: Source, words_a: Sequence[Word], words_b: Sequence[Word],
                     hits: list[tuple[int, int]], settings: ReuseSettings) -> list[Passage]:
    size = settings.shingle_words
    spans = [(run[0][0], run[-1][0] + size - 1, run[0][1], run[-1][1] + size - 1) for run in chains(hits, size)]
    passages = []
    for a0, a1, b0, b1 in without_overlaps([s for s in spans if min(s[1] - s[0], s[3] - s[2]) + 1 >= settings.min_words]):
        quoted = sum(1 for w in words_a[a0:a1 + 1] if w.quoted) + sum(1 for w in words_b[b0:b1 + 1] if w.quoted)
        kind = "quotation" if quoted * 2 > (a1 - a0 + 1) + (b1 - b0 + 1) else "narrative"
        passages.append(Passage(end_of(a, words_a, a0, a1), end_of(b, words_b, b0, b1), kind))
    return passages


def lineage(a: Source, b: Source, passages: Sequence[Passage]) -> str:
    """A plain statement of what the shared text supports, claiming no direction without dates."""
    narrative = [p for p in passages if p.kind == "narrative"]
    quotations = len(passages) - len(narrative)
    name_a, name_b = a.id[:3] if a.id[:3] != b.id[:3] else a.id, b.id[:3] if a.id[:3] != b.id[:3] else b.id
    if not narrative:
        return (f"{name_a} and {name_b} share only quotations ({quotations}): they may quote the same statement "
                "independently, which is no evidence that one copied the other.")
    words = sum(p.words for p in narrative)
    statement = (f"{name_a} and {name_b} share {len(narrative)} narrative passage{'s' if len(narrative) != 1 else ''} "
                 f"({words} words){f' and {quotations} quotation' + ('s' if quotations != 1 else '') if quotations else ''}: "
                 "both follow a common source, or one follows the other")
    date_a, date_b = a.field("published").value, b.field("published").value
    if date_a and date_b and date_a[:10] != date_b[:10]:
        (early, early_date), (late, late_date) = sorted([(name_a, date_a[:10]), (name_b, date_b[:10])], key=lambda x: x[1])
        return statement + f". {early} ({early_date}) was published before {late} ({late_date}): if one copied the other, {late} copied {early}."
    return statement + "; no dates decide which."


def find_reuse(sources: Sequence[Source], settings: ReuseSettings) -> tuple[ReusePair, ...]:
    texts = [words_of(source) for source in sources]
    pairs = []
    for (i, j), hits in sorted(seed_hits(texts, settings).items()):
        a, b = sources[i], sources[j]
        passages = passages_between(a, b, texts[i], texts[j], hits, settings)
        if passages:
            shared_a = sum(p.a.words for p in passages)
            shared_b = sum(p.b.words for p in passages)
            pairs.append(ReusePair(a.id, b.id, tuple(passages), shared_a / max(1, len(texts[i])),
                                   shared_b / max(1, len(texts[j])), lineage(a, b, passages)))
    return tuple(pairs)


def pairs_of(source_id: str, pairs: Iterable[ReusePair]) -> list[ReusePair]:
    """The pairs a source is part of, most shared words first (its related sources)."""
    return sorted((p for p in pairs if source_id in (p.a, p.b)), key=lambda p: (-p.words, p.other(source_id)))
