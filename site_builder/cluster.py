"""Link stage: propose events from the sources no curated event covers.

Two sources are linked when they are similar enough: cosine similarity of tf-idf weighted
features (content words, and the entities they name, counted twice), so that rare shared words
and entities weigh more than ubiquitous ones (two ministers every report names count for little);
a shared passage adds to it, and publication dates more than two weeks apart halve it. Linked
sources form one proposed event (connected components). Only pairs that share one of their most
distinctive features (or a passage) are scored, so the cost follows the number of plausible pairs,
not the square of the number of sources.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from site_builder.model import ReusePair, Source
from site_builder.analysis.shingles import word_hash, word_index_of

LINK_THRESHOLD = 0.2
TOP_FEATURES = 40   # a source's most distinctive features, used to find its candidate pairs
MAX_POSTING = 50    # a feature among the top of more sources than this proposes no pairs
MIN_SHARED_FEATURES = 2  # top features two sources must share to be compared
PASSAGE_BONUS = 0.15
ENTITY_WEIGHT = 2.0
FAR_APART_DAYS = 14


def features(source: Source) -> Counter[int]:
    """Content words and entities with their counts, each named by a stable 64-bit hash (of the
    normalised word, or of `e:<entity id>`), read from the word index the analysis made."""
    index = word_index_of(source)
    words, counts = np.unique(index.hashes[index.content], return_counts=True)
    found: Counter[int] = Counter(dict(zip(words.tolist(), counts.tolist())))
    for mention in source.mentions:
        found[word_hash("e:" + mention.entity)] += ENTITY_WEIGHT
    return found


@dataclass(frozen=True, eq=False)
class Vector:
    """A source's tf-idf vector, normalised to length 1: feature ids in ascending order, their weights."""

    features: np.ndarray
    weights: np.ndarray

    def top(self, count: int) -> list[int]:
        """The ids of the `count` heaviest features (ties by id)."""
        return self.features[np.lexsort((self.features, -self.weights))[:count]].tolist()


def weighted(counts: Sequence[Counter[int]]) -> list[Vector]:
    """tf-idf vectors, normalised to length 1; a feature in every source weighs nothing."""
    total = len(counts)
    document_frequency: Counter[int] = Counter(f for c in counts for f in c)
    vectors = []
    for c in counts:
        features = sorted(c)
        weights = np.array([(1 + math.log(c[f])) * math.log((total + 1) / (document_frequency[f] + 1)) for f in features])
        length = math.sqrt(float(weights @ weights)) or 1.0
        keep = weights > 0
        vectors.append(Vector(np.array(features, dtype=np.uint64)[keep], weights[keep] / length))
    return vectors


def days_apart(a: Source, b: Source) -> int | None:
    import datetime as dt

    dates = [s.field("published").value for s in (a, b)]
    if not all(d and len(d) >= 10 for d in dates):
        return None
    first, second = (dt.date.fromisoformat(d[:10]) for d in dates)  # type: ignore[index]
    return abs((first - second).days)


def cosine(a: Vector, b: Vector) -> float:
    _, in_a, in_b = np.intersect1d(a.features, b.features, assume_unique=True, return_indices=True)
    return float(a.weights[in_a] @ b.weights[in_b])


def candidate_pairs(vectors: Sequence[Vector]) -> set[tuple[int, int]]:
    """Pairs of sources that share at least two of each other's most distinctive features. Only these are
    scored, so the cost follows the number of plausible pairs, not the square of the sources."""
    postings: dict[int, list[int]] = defaultdict(list)
    for number, vector in enumerate(vectors):
        for feature in vector.top(TOP_FEATURES):
            postings[feature].append(number)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in postings.values():
        if len(holders) <= MAX_POSTING:
            shared.update((a, b) for i, a in enumerate(holders) for b in holders[i + 1:])
    return {pair for pair, count in shared.items() if count >= MIN_SHARED_FEATURES}


def similarity_pairs(sources: Sequence[Source], reuse: Sequence[ReusePair]) -> dict[tuple[int, int], float]:
    vectors = weighted([features(s) for s in sources])
    index = {s.id: n for n, s in enumerate(sources)}
    shared_passage = {tuple(sorted((index[p.a], index[p.b]))) for p in reuse if p.a in index and p.b in index}
    scores: dict[tuple[int, int], float] = {}
    for a, b in sorted(candidate_pairs(vectors) | shared_passage):  # type: ignore[operator]
        score = cosine(vectors[a], vectors[b]) + (PASSAGE_BONUS if (a, b) in shared_passage else 0.0)
        apart = days_apart(sources[a], sources[b])
        scores[(a, b)] = score / 2 if apart is not None and apart > FAR_APART_DAYS else score
    return scores


def propose(sources: Sequence[Source], reuse: Sequence[ReusePair]) -> list[list[str]]:
    """Groups of source ids, each a proposed event, in order of their first source."""
    parent = list(range(len(sources)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for (a, b), score in sorted(similarity_pairs(sources, reuse).items()):
        if score >= LINK_THRESHOLD:
            parent[root(b)] = root(a)
    groups: dict[int, list[str]] = defaultdict(list)
    for number, source in enumerate(sources):
        groups[root(number)].append(source.id)
    return sorted(groups.values())
