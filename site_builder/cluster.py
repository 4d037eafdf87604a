"""Link stage: propose events from the sources no curated event covers.

Two sources are linked when they are similar enough: cosine similarity of tf-idf weighted
features (content words, and the entities they name, counted twice), so that rare shared words
and entities weigh more than ubiquitous ones (two ministers every report names count for little);
a shared passage adds to it, and publication dates more than two weeks apart halve it. Linked
sources form one proposed event (connected components). Only features that are not too common
propose pairs to compare, so the cost follows the number of similar pairs, not all pairs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Sequence

from site_builder.model import ReusePair, Source
from site_builder.reuse import FUNCTION_WORDS
from site_builder.words import WORD, normalise_word

LINK_THRESHOLD = 0.2
PASSAGE_BONUS = 0.15
ENTITY_WEIGHT = 2.0
FAR_APART_DAYS = 14
MIN_WORD_LENGTH = 4


def features(source: Source) -> Counter[str]:
    found: Counter[str] = Counter()
    for paragraph in source.paragraphs:
        for match in WORD.finditer(paragraph.text):
            word = normalise_word(match.group())
            if len(word) >= MIN_WORD_LENGTH and word not in FUNCTION_WORDS and not word.isdigit():
                found["w:" + word] += 1
    for mention in source.mentions:
        found["e:" + mention.entity] += ENTITY_WEIGHT
    return found


def weighted(counts: Sequence[Counter[str]]) -> list[dict[str, float]]:
    """tf-idf vectors, normalised to length 1; a feature in every source weighs nothing."""
    total = len(counts)
    document_frequency: Counter[str] = Counter(f for c in counts for f in c)
    vectors = []
    for c in counts:
        vector = {f: (1 + math.log(n)) * math.log((total + 1) / (document_frequency[f] + 1)) for f, n in c.items()}
        length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({f: v / length for f, v in vector.items() if v > 0})
    return vectors


def days_apart(a: Source, b: Source) -> int | None:
    import datetime as dt

    dates = [s.field("published").value for s in (a, b)]
    if not all(d and len(d) >= 10 for d in dates):
        return None
    first, second = (dt.date.fromisoformat(d[:10]) for d in dates)  # type: ignore[index]
    return abs((first - second).days)


def similarity_pairs(sources: Sequence[Source], reuse: Sequence[ReusePair]) -> dict[tuple[int, int], float]:
    vectors = weighted([features(s) for s in sources])
    postings: dict[str, list[int]] = defaultdict(list)
    for number, vector in enumerate(vectors):
        for feature in vector:
            postings[feature].append(number)
    too_common = max(10, len(sources) // 20)
    scores: dict[tuple[int, int], float] = defaultdict(float)
    for feature, holders in postings.items():
        if len(holders) > too_common:
            continue
        for i, a in enumerate(holders):
            for b in holders[i + 1:]:
                scores[(a, b)] += vectors[a][feature] * vectors[b][feature]
    index = {s.id: n for n, s in enumerate(sources)}
    for pair in reuse:
        if pair.a in index and pair.b in index:
            key = tuple(sorted((index[pair.a], index[pair.b])))
            scores[key] += PASSAGE_BONUS  # type: ignore[index]
    for (a, b) in list(scores):
        apart = days_apart(sources[a], sources[b])
        if apart is not None and apart > FAR_APART_DAYS:
            scores[(a, b)] /= 2
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
