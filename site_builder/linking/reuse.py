"""Link stage: text reuse. Passages two sources share, found through an inverted index of hashed
word shingles (after passim), never by comparing every pair of sources.

1. Each source becomes a list of normalised words (case, quotes, dashes, British spellings folded).
2. Every run of `shingle_words` words is hashed; the index maps a shingle to where it occurs.
   Shingles in too many sources (or made only of function words) are dropped.
3. Only sources sharing a shingle are paired; their shared shingles are chained along the
   diagonal, tolerating a changed or inserted word or two, into maximal passages. A pair whose
   words and shingles are those of a pair aligned before takes its passages from a memo instead
   (`AlignmentMemo`: the build keeps one between builds, so an edit re-aligns only its own pairs).
4. Passages shorter than `min_words` are dropped, and one stretch of text is reported once per pair.
"""

from __future__ import annotations

import bisect
import datetime as dt
import dataclasses
import functools
import math
from typing import Callable, Protocol, Sequence

import numpy as np

from site_builder.analysis.shingles import WordIndex, WordIndexes, word_index_of
from site_builder.model import CopyGroup, Lineage, Passage, PassageEnd, Quote, ReusePair, Source, Span
from site_builder.options import ReuseSettings

MAX_STEP = 2  # words changed or inserted that a passage bridges
MIN_TOO_COMMON = 20  # a shingle is only ever too common when more sources than this share it
# ... and always when more than this do, however large the collection: a shingle in k sources
# makes k(k-1)/2 pairs, so a share of a growing collection would make the stage quadratic.
MAX_SHARING = 100
# Sources whose shared passages cover at least this share of the shorter one's words are copies of
# one text (wire copy): they form a group shown once (`copy_groups`, `shown_pairs`).
COPY_SHARE = 0.8
_MULTIPLIER = np.uint64(1_000_003)
Spans = tuple[tuple[int, int, int, int], ...]  # a pair's passages: (first word, last word) in a, then in b


class Words:
    """A source with its word index, for turning matches back into text."""

    def __init__(self, source: Source, index: WordIndex) -> None:
        self.source = source
        self.hashes, self.function, self.quoted_words = index.hashes, index.function, index.quoted
        self.paragraph, self.start, self.end = index.paragraph, index.start, index.end

    def __len__(self) -> int:
        return len(self.hashes)

    def quoted(self, first: int, last: int) -> int:
        """How many of the words first..last stand inside a quotation."""
        return int(self.quoted_words[first:last + 1].sum())

    def span(self, index: int) -> Span:
        return Span(self.source.paragraphs[self.paragraph[index]].id, int(self.start[index]), int(self.end[index]))

    @functools.cached_property
    def quotes(self) -> dict[str, list[Quote]]:
        """The source's quotations by paragraph id, so that a passage end looks in its paragraph only."""
        found: dict[str, list[Quote]] = {}
        for quote in self.source.quotes:
            found.setdefault(quote.span.paragraph, []).append(quote)
        return found


def shingle_keys(words: Words, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(key, position) of every run of `size` words not made only of function words. A key is a
    polynomial of the words' stable hashes (mod 2**64), so equal runs get equal keys in any process."""
    count = len(words) - size + 1
    if count <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    hashes, function = words.hashes, words.function
    keys = np.zeros(count, dtype=np.uint64)
    only_function = np.ones(count, dtype=bool)
    for offset in range(size):
        keys = keys * _MULTIPLIER + hashes[offset:offset + count]
        only_function &= function[offset:offset + count]
    keep = np.flatnonzero(~only_function)
    return keys[keep], keep


def seed_hits(texts: Sequence[Words], settings: ReuseSettings) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """For each pair of sources (by index) that share a shingle and may hold a passage, the
    (position a, position b) of each shared shingle, in order.

    The index is one sorted array of shingle keys, so that memory grows with the words, not with
    Python objects per shingle; only keys found in two to `too_common` sources are looked at."""
    found = [shingle_keys(words, settings.shingle_words) for words in texts]
    keys = np.concatenate([k for k, _ in found]) if found else np.empty(0, np.uint64)
    # Sources and word positions as 32-bit numbers, and each array dropped once read: the peak of
    # this stage (a few arrays of one entry per word of the collection) is that of the link stage.
    owners = np.repeat(np.arange(len(found), dtype=np.int32), [len(k) for k, _ in found])
    positions = np.concatenate([p for _, p in found], dtype=np.int32) if found else np.empty(0, np.int32)
    del found
    order = np.argsort(keys, kind="stable")
    keys, owners, positions = keys[order], owners[order], positions[order]
    del order
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.empty(0, np.int64)
    del keys
    sizes = np.diff(np.r_[starts, len(owners)])
    too_common = min(MAX_SHARING, max(MIN_TOO_COMMON, math.ceil(settings.common_share * len(texts))))
    # Within a group of equal keys the owners ascend, so a group's sources are one plus its owner changes.
    changes = np.r_[0, owners[1:] != owners[:-1]].astype(np.int32)
    sources = np.add.reduceat(changes, starts) - changes[starts] + 1 if len(owners) else np.empty(0, np.int64)
    del changes
    kept = (sizes >= 2) & (sources >= 2) & (sources <= too_common)
    first, second = pairs_across(starts[kept], sizes[kept], owners)
    del starts, sizes, sources, kept
    pair_order = np.lexsort((second, first, owners[second], owners[first]))
    first, second = first[pair_order], second[pair_order]
    a, b, at_a, at_b = owners[first], owners[second], positions[first], positions[second]
    by_position = np.lexsort((at_a, b, a))  # each pair's hits in order of their place in source a
    a, b, at_a, at_b = a[by_position], b[by_position], at_a[by_position], at_b[by_position]
    bounds = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1]), True]) if len(a) else np.zeros(1, np.int64)
    promising = may_hold_passage(texts, a, b, at_a, at_b, bounds, settings)
    hits: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for begin, end in zip(bounds[:-1][promising].tolist(), bounds[1:][promising].tolist()):
        hits[(int(a[begin]), int(b[begin]))] = sorted(zip(at_a[begin:end].tolist(), at_b[begin:end].tolist()))
    return hits


def may_hold_passage(texts: Sequence[Words], a: np.ndarray, b: np.ndarray, at_a: np.ndarray, at_b: np.ndarray,
                     bounds: np.ndarray, settings: ReuseSettings) -> np.ndarray:
    """Whether each pair can hold a passage, from its hits (source a at word at_a, source b at at_b;
    pair k's hits are bounds[k]:bounds[k + 1], in order of at_a), checked for all pairs at once.

    Hits further apart than `near` can neither chain nor bridge, so a pair's passages lie within its
    clusters of nearer hits; a cluster's passages lie between the earliest start and the latest end
    of its hits' matches, each grown by `extended`'s rule (up to `need` words on a side: a match that
    grows that far is long enough alone). A pair whose every cluster falls
    short of `min_words` holds no passage: most candidate pairs, which share a phrase or two by chance,
    are dropped here instead of being chained one by one."""
    count = len(bounds) - 1
    need = settings.min_words - settings.shingle_words
    if need <= 0 or not len(a):
        return np.ones(count, dtype=bool)
    lengths = np.array([len(words) for words in texts], dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    hashes = np.concatenate([words.hashes for words in texts])
    grown = []  # words each hit's match extends by, to the left and to the right, up to `need`
    for direction, first_a, first_b in ((-1, at_a - 1, at_b - 1),
                                        (1, at_a + settings.shingle_words, at_b + settings.shingle_words)):
        going, extension = np.ones(len(a), dtype=bool), np.zeros(len(a), dtype=np.int64)
        for step in range(need):
            word_a, word_b = first_a + direction * step, first_b + direction * step
            going &= (word_a >= 0) & (word_b >= 0) & (word_a < lengths[a]) & (word_b < lengths[b])
            going[going] = hashes[offsets[a[going]] + word_a[going]] == hashes[offsets[b[going]] + word_b[going]]
            extension += going
        grown.append(extension)
    near = settings.shingle_words + MAX_STEP + 2 * need
    pair_starts = np.zeros(len(a), dtype=bool)
    pair_starts[bounds[:-1]] = True
    clusters = np.flatnonzero(pair_starts | np.r_[True, at_a[1:] - at_a[:-1] > near])
    longest = (np.maximum.reduceat(at_a + settings.shingle_words + grown[1], clusters)
               - np.minimum.reduceat(at_a - grown[0], clusters))
    pair_of_cluster = np.cumsum(pair_starts)[clusters] - 1
    return np.bincount(pair_of_cluster, weights=longest >= settings.min_words, minlength=count) > 0


def pairs_within(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j) with i < j inside each run `starts[k] .. starts[k] + sizes[k] - 1`, as two arrays."""
    members = np.repeat(starts, sizes) + np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    later = np.repeat(starts + sizes, sizes) - members - 1  # members after each one in its run
    first = np.repeat(members, later)
    offsets = np.arange(later.sum()) - np.repeat(np.cumsum(later) - later, later) + 1
    return first, first + offsets


def pairs_across(starts: np.ndarray, sizes: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j) with i < j and owners[i] != owners[j] inside each run `starts[k] .. starts[k] +
    sizes[k] - 1`, whose owners ascend. Each i pairs only with the members after its own owner's,
    so a shingle a long source repeats n times and another source holds once makes n pairs, not
    n²/2 (`pairs_within` and a filter made a 20 MB transcript's link stage quadratic)."""
    members = np.repeat(starts, sizes) + np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    owner = owners[members]
    new_run = np.ones(len(members), dtype=bool)  # runs of one owner in one shingle
    new_run[1:] = owner[1:] != owner[:-1]
    new_run[np.cumsum(sizes) - sizes] = True
    bounds = np.flatnonzero(np.r_[new_run, True])
    run_end = np.repeat(members[bounds[1:] - 1] + 1, np.diff(bounds))  # each member's run ends before this index
    later = np.repeat(starts + sizes, sizes) - run_end  # members of later owners in its run
    first = np.repeat(members, later)
    offsets = np.arange(later.sum()) - np.repeat(np.cumsum(later) - later, later)
    return first, np.repeat(run_end, later) + offsets


def chains(hits: list[tuple[int, int]], size: int) -> list[list[tuple[int, int]]]:
    """Group shingle hits into runs along (nearly) the same diagonal: each hit, in order, extends
    the latest-begun run whose last hit it follows closely on a diagonal within MAX_STEP, or begins
    one. Runs are looked up by the diagonal of their last hit, among those still in reach, so that
    a pair with many hits (a phrase a long source repeats) costs time linear in its hits."""
    reach = size + MAX_STEP
    runs: list[list[tuple[int, int]]] = []
    by_diagonal: dict[int, dict[int, None]] = {}  # runs (by number) whose last hit lies on a diagonal, maybe stale
    for a, b in sorted(hits):
        chosen = -1
        for diagonal in range(b - a - MAX_STEP, b - a + MAX_STEP + 1):
            if not by_diagonal.get(diagonal):
                continue
            # A run whose last hit is out of reach stays so (hits come in order of a), as does one moved on.
            waiting = by_diagonal[diagonal] = dict.fromkeys(
                n for n in by_diagonal[diagonal] if a - runs[n][-1][0] <= reach and runs[n][-1][1] - runs[n][-1][0] == diagonal)
            for number in waiting:
                last_a, last_b = runs[number][-1]
                if number > chosen and 0 < a - last_a and 0 < b - last_b <= reach:
                    chosen = number
        if chosen < 0:
            chosen = len(runs)
            runs.append([])
        runs[chosen].append((a, b))
        by_diagonal.setdefault(b - a, {})[chosen] = None
    return runs


def end_of(words: Words, first: int, last: int) -> PassageEnd:
    """One side of a passage, with its original wording and the speaker when it is a quotation."""
    source = words.source
    start, end = words.span(first), words.span(last)
    first_paragraph, last_paragraph = int(words.paragraph[first]), int(words.paragraph[last])
    pieces = [
        source.paragraphs[n].text[start.start if n == first_paragraph else 0: end.end if n == last_paragraph else None]
        for n in range(first_paragraph, last_paragraph + 1)
    ]
    quote = next((q for q in words.quotes.get(start.paragraph, ()) if q.span.start < start.start and end.end < q.span.end), None)
    return PassageEnd(source.id, first, last, start, end, " … ".join(pieces),
                      quote.speaker_label if quote and quote.kind == "statement" else None)


def without_overlaps(found: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Longest first, drop a passage overlapping a kept one on either side (a repeat in one source).
    The kept passages' sides never overlap one another, so each side is a sorted list of disjoint
    intervals, and a passage is checked against its neighbours there alone."""
    kept: list[tuple[int, int, int, int]] = []
    sides: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    for a0, a1, b0, b1 in sorted(found, key=lambda p: (-(p[1] - p[0]), p)):
        if not any(overlaps(side, first, last) for side, first, last in zip(sides, (a0, b0), (a1, b1))):
            kept.append((a0, a1, b0, b1))
            bisect.insort(sides[0], (a0, a1))
            bisect.insort(sides[1], (b0, b1))
    return sorted(kept)


def overlaps(intervals: list[tuple[int, int]], first: int, last: int) -> bool:
    """Whether first..last overlaps one of the sorted, disjoint intervals."""
    at = bisect.bisect_right(intervals, (last, math.inf))  # intervals starting at or before `last`
    return at > 0 and intervals[at - 1][1] >= first


def extended(span: tuple[int, int, int, int], words_a: Sequence[int], words_b: Sequence[int]) -> tuple[int, int, int, int]:
    """Grow a chained span word by word while both sides keep matching, so that a passage is maximal
    (its ends may hold runs of function words, which never seed a shingle)."""
    a0, a1, b0, b1 = span
    while a0 > 0 and b0 > 0 and words_a[a0 - 1] == words_b[b0 - 1]:
        a0, b0 = a0 - 1, b0 - 1
    while a1 + 1 < len(words_a) and b1 + 1 < len(words_b) and words_a[a1 + 1] == words_b[b1 + 1]:
        a1, b1 = a1 + 1, b1 + 1
    return a0, a1, b0, b1


def bridged(spans: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Join spans of one pair that a changed or inserted word or two separates (the changed word
    may stand among function words, which leave no shingle hits to chain through)."""
    joined: list[tuple[int, int, int, int]] = []
    for a0, a1, b0, b1 in sorted(spans):
        if joined:
            p0, p1, q0, q1 = joined[-1]
            gap_a, gap_b = a0 - p1 - 1, b0 - q1 - 1
            if 0 <= gap_a <= MAX_STEP and 0 <= gap_b <= MAX_STEP:
                joined[-1] = (p0, max(p1, a1), q0, max(q1, b1))
                continue
        joined.append((a0, a1, b0, b1))
    return joined


def aligned_spans(words_a: Words, words_b: Words, hits: list[tuple[int, int]], settings: ReuseSettings) -> Spans:
    """The pair's passages as word positions: its hits chained, grown, bridged and cut to `min_words`,
    one stretch of text once. Reads the two sources' word hashes, the hits and the settings alone
    (an `AlignmentMemo` keys the spans by exactly these)."""
    size = settings.shingle_words
    spans = bridged([extended((run[0][0], run[-1][0] + size - 1, run[0][1], run[-1][1] + size - 1), words_a.hashes, words_b.hashes)
                     for run in chains(hits, size)])
    return tuple(without_overlaps([s for s in spans if min(s[1] - s[0], s[3] - s[2]) + 1 >= settings.min_words]))


def passages_along(words_a: Words, words_b: Words, spans: Spans) -> list[Passage]:
    """The passages at `spans` (from `aligned_spans`), with their texts, speakers and kinds."""
    passages = []
    for a0, a1, b0, b1 in spans:
        quoted = words_a.quoted(a0, a1) + words_b.quoted(b0, b1)
        kind = "quotation" if quoted * 2 > (a1 - a0 + 1) + (b1 - b0 + 1) else "narrative"
        passages.append(Passage(end_of(words_a, a0, a1), end_of(words_b, b0, b1), kind))
    return passages


class AlignmentMemo(Protocol):
    """Spans aligned before, kept by the build between builds (build/reuse_memo.py)."""

    def spans(self, words_a: Words, words_b: Words, hits: list[tuple[int, int]], settings: ReuseSettings,
              align: Callable[[], Spans]) -> Spans:
        """The spans recorded for these inputs of `aligned_spans`, else `align()`'s, recorded."""


def lineage(a: Source, b: Source, passages: Sequence[Passage]) -> Lineage:
    """What the shared text supports, claiming no direction without two different dates."""
    narrative = [p for p in passages if p.kind == "narrative"]
    found = Lineage(len(narrative), sum(p.words for p in narrative), len(passages) - len(narrative))
    day_a, day_b = a.published_day, b.published_day
    if not narrative or not (day_a and day_b and day_a != day_b):
        return found
    (early, early_day), (late, late_day) = sorted([(a.id, day_a), (b.id, day_b)], key=lambda x: x[1])
    return dataclasses.replace(found, earlier=early, earlier_date=early_day.isoformat(), later=late, later_date=late_day.isoformat())


def is_copy(pair: ReusePair) -> bool:
    """Whether the pair's shared passages cover at least COPY_SHARE of the shorter text."""
    return max(pair.share_a, pair.share_b) >= COPY_SHARE


def representative_order(source: Source) -> tuple[bool, dt.date, int, str]:
    """Who stands for a copy group: the earliest published (undated after dated), then the longest."""
    day = source.published_day
    return (day is None, day or dt.date.min, -source.words, source.id)


def copy_groups(sources: Sequence[Source], pairs: Sequence[ReusePair]) -> tuple[CopyGroup, ...]:
    """Copies gathered around representatives: in `representative_order`, a source not yet in a group
    takes every source not yet in one that is its copy. Every member is a copy of its representative
    itself (never only of a copy of it), and the groups of the pairs `shown_pairs` keeps are the same."""
    copies: dict[str, list[str]] = {}
    for pair in pairs:
        if is_copy(pair):
            copies.setdefault(pair.a, []).append(pair.b)
            copies.setdefault(pair.b, []).append(pair.a)
    grouped: set[str] = set()
    groups = []
    for source in sorted((s for s in sources if s.id in copies), key=representative_order):
        if source.id in grouped:
            continue
        members = tuple(sorted(other for other in copies[source.id] if other not in grouped))
        grouped.update((source.id, *members))
        if members:
            groups.append(CopyGroup(source.id, members))
    return tuple(groups)


def shown_pairs(pairs: Sequence[ReusePair], groups: Sequence[CopyGroup]) -> tuple[ReusePair, ...]:
    """The pairs that are shown (listed, and given a page when they share enough words:
    `routes.has_pair_page`): inside a copy group only each member with its representative; between
    two groups (or a group and a source in none) the representatives' pair stands for their
    members' pairs when it exists. So n copies of one story make n - 1 pairs, not
    n(n - 1)/2, and two groups sharing a background paragraph one pair, not one per two members."""
    representative = {member: group.representative for group in groups for member in group.members}
    found = {(pair.a, pair.b) for pair in pairs}

    def shown(pair: ReusePair) -> bool:
        a, b = representative.get(pair.a, pair.a), representative.get(pair.b, pair.b)
        if a == b:
            return pair.a == a or pair.b == a
        return (a, b) == (pair.a, pair.b) or (min(a, b), max(a, b)) not in found
    return tuple(pair for pair in pairs if shown(pair))


def find_reuse(sources: Sequence[Source], settings: ReuseSettings, indexes: WordIndexes | None = None,
               memo: AlignmentMemo | None = None) -> tuple[ReusePair, ...]:
    """Every pair of sources sharing a passage, from their word indexes (made here for a source
    `indexes` lacks), each pair aligned anew or taken from `memo`. The site shows fewer of them
    (`shown_pairs`: copies are shown as groups)."""
    words = [Words(source, word_index_of(source, indexes or {})) for source in sources]
    pairs = []
    for (i, j), pair_hits in sorted(seed_hits(words, settings).items()):
        align = functools.partial(aligned_spans, words[i], words[j], pair_hits, settings)
        spans = memo.spans(words[i], words[j], pair_hits, settings, align) if memo else align()
        if spans:
            passages = passages_along(words[i], words[j], spans)
            a, b = sources[i], sources[j]
            shared_a = sum(p.a.words for p in passages)
            shared_b = sum(p.b.words for p in passages)
            pairs.append(ReusePair(a.id, b.id, tuple(passages), shared_a / max(1, len(words[i])),
                                   shared_b / max(1, len(words[j])), lineage(a, b, passages)))
    return tuple(pairs)
