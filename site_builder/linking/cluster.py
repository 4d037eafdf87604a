"""Link stage: propose events from the sources no curated event covers.

Two reports of one event share words, names and facts; two events of one kind (two earthquakes,
two arrests) share words but differ in who, where, when and how many. A pair's score weighs both:

- **text**: the cosine of tf-idf weighted content words and gazetteer entities (entities counted
  ENTITY_WEIGHT times), so rare shared words weigh more than ubiquitous ones (see `weighted`);
  plus PASSAGE_WEIGHT times the share of the shorter report that the passages they share cover (a passage with fewer
  than PLAIN_WORDS lower-case content words, only a name or a title, does not count);
- **names**: the cosine of tf-idf weighted names (gazetteer entities and the capitalised names the
  analysis found, word by word; a name in the headline counts extra: `key_facts`). The pair's score is the
  geometric mean of text and names, so words in common cannot make up for names in conflict;
- **facts**: each counted thing both give a plain value for multiplies the score by FACT_WEIGHT
  if the values agree and divides it if they differ; days more than FAR_APART_DAYS apart (the
  publication day, else the day the text gives most) count as DAY_CONFLICT differing facts. The
  factor stays within FACTOR_RANGE.

Groups of sources whose mean score is at least LINK_THRESHOLD form one proposed event (average
linkage). Only pairs that share two of their most distinctive features (or a passage), and pairs
of sources linked to a common one, are scored, so the cost follows the number of plausible pairs,
not the square of the number of sources.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from site_builder.analysis.shingles import (
    WordIndex,
    WordIndexes,
    is_content_word,
    word_hash,
    word_index_of,
)
from site_builder.analysis.words import WORD, normalise_word
from site_builder.linking.key_facts import KeyFacts, count_agreement, key_facts
from site_builder.linking.reuse import pairs_within
from site_builder.model import ReusePair, Source

LINK_THRESHOLD = 0.2
TOP_FEATURES = 40   # a source's most distinctive features, used to find its candidate pairs
MAX_POSTING = 50    # a feature among the top of more sources than this proposes no pairs
MIN_SHARED_FEATURES = 2  # top features two sources must share to be compared
PASSAGE_WEIGHT = 0.3
PLAIN_WORDS = 3
ENTITY_WEIGHT = 2.0
PRIOR_REPORTS = 5  # idf as if this many unrelated reports were in the collection too
FACT_WEIGHT = 1.5
FAR_APART_DAYS = 14
DAY_CONFLICT = 2
FACTOR_RANGE = (0.4, 2.0)


def features(source: Source, index: WordIndex) -> tuple[np.ndarray, np.ndarray]:
    """Content words and entities with their counts (entities weighing ENTITY_WEIGHT each), each
    named by a stable 64-bit hash (of the normalised word, or of `e:<entity id>`), read from the word
    index the analysis made: (hashes ascending, counts)."""
    entities = np.array([word_hash("e:" + mention.entity) for mention in source.mentions], dtype=np.uint64)
    named, inverse = np.unique(np.concatenate([index.hashes[index.content], entities]), return_inverse=True)
    weights = np.r_[np.ones(int(index.content.sum())), np.full(len(entities), ENTITY_WEIGHT)]
    return named, np.bincount(inverse, weights=weights, minlength=len(named))


@dataclass(frozen=True, eq=False)
class Vectors:
    """Every source's tf-idf vector, normalised to length 1, in flat arrays: source n's features
    (numbered in the order of their hashes) and weights are codes[starts[n]:starts[n + 1]] and
    weights[starts[n]:starts[n + 1]], features ascending."""

    codes: np.ndarray
    weights: np.ndarray
    starts: np.ndarray
    feature_count: int

    def of(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        where = slice(self.starts[number], self.starts[number + 1])
        return self.codes[where], self.weights[where]

    def top(self, number: int, count: int) -> np.ndarray:
        """The codes of source `number`'s `count` heaviest features (ties by feature)."""
        codes, weights = self.of(number)
        return codes[np.lexsort((codes, -weights))[:count]]


def per_distinct(values: np.ndarray, formula: Callable[[float], float]) -> np.ndarray:
    """`formula` applied to each value, computed once per distinct value in Python (with the math
    module's logarithm, so that weights do not depend on numpy's vectorised one)."""
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([formula(float(value)) for value in distinct])[inverse]


def weighted(counts: Sequence[tuple[np.ndarray, np.ndarray]]) -> Vectors:
    """tf-idf vectors, normalised to length 1. The idf counts PRIOR_REPORTS unrelated reports
    beside the collection's, so that in a small collection the words most of its reports share
    (the event's own: `Guilin` in four reports of five) still weigh something."""
    total = len(counts)
    sizes = np.array([len(named) for named, _ in counts], dtype=np.int64)
    named = np.concatenate([named for named, _ in counts]) if total else np.empty(0, np.uint64)
    tallies = np.concatenate([tally for _, tally in counts]) if total else np.empty(0)
    distinct, codes, document_frequency = np.unique(named, return_inverse=True, return_counts=True)
    weights = (per_distinct(tallies, lambda tally: 1 + math.log(tally))
               * per_distinct(document_frequency[codes], lambda frequency: math.log((total + PRIOR_REPORTS) / (frequency + 1))))
    bounds = np.r_[0, np.cumsum(sizes)]
    lengths = np.array([math.sqrt(float(weights[s:e] @ weights[s:e])) or 1.0 for s, e in zip(bounds[:-1], bounds[1:])])
    normalised = weights / np.repeat(lengths, sizes)
    keep = weights > 0
    kept = np.bincount(np.repeat(np.arange(total), sizes)[keep], minlength=total)
    return Vectors(codes[keep], normalised[keep], np.r_[0, np.cumsum(kept)], len(distinct))


def cosines(vectors: Vectors, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The cosine of each pair of sources (a[k], b[k]). One source's vector is spread into a dense
    array once, and all its partners' vectors are read against it in one go."""
    result = np.zeros(len(a))
    dense = np.zeros(vectors.feature_count)
    order = np.argsort(a, kind="stable")
    groups = np.flatnonzero(np.r_[True, a[order][1:] != a[order][:-1], True]) if len(a) else np.zeros(1, np.int64)
    sizes = np.diff(vectors.starts)
    for begin, end in zip(groups[:-1].tolist(), groups[1:].tolist()):
        codes, weights = vectors.of(int(a[order[begin]]))
        dense[codes] = weights
        partners = b[order[begin:end]]
        lengths = sizes[partners]
        ends = np.cumsum(lengths)
        read = np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - lengths, lengths) + np.repeat(vectors.starts[partners], lengths)
        products = dense[vectors.codes[read]] * vectors.weights[read]
        result[order[begin:end]] = np.bincount(np.repeat(np.arange(len(partners)), lengths), weights=products,
                                               minlength=len(partners))
        dense[codes] = 0.0
    return result


def candidate_pairs(vectors: Vectors, count: int) -> np.ndarray:
    """Pairs of sources (rows of two numbers, ascending) that share at least two of each other's
    most distinctive features. Only these are scored, so the cost follows the number of plausible
    pairs, not the square of the sources."""
    tops = [vectors.top(number, TOP_FEATURES) for number in range(count)]
    feature = np.concatenate(tops) if tops else np.empty(0, np.int64)
    holder = np.repeat(np.arange(count), [len(top) for top in tops])
    order = np.lexsort((holder, feature))
    feature, holder = feature[order], holder[order]
    starts = np.flatnonzero(np.r_[True, feature[1:] != feature[:-1]]) if len(feature) else np.empty(0, np.int64)
    sizes = np.diff(np.r_[starts, len(feature)])
    listed = sizes <= MAX_POSTING
    first, second = pairs_within(starts[listed], sizes[listed])
    pairs, shared = np.unique(holder[first] * count + holder[second], return_counts=True)
    pairs = pairs[shared >= MIN_SHARED_FEATURES]
    return np.column_stack((pairs // count, pairs % count)) if len(pairs) else np.empty((0, 2), np.int64)


def linked_pairs_of_partners(similarities: Mapping[tuple[int, int], float], threshold: float) -> set[tuple[int, int]]:
    """Pairs of sources linked to a common source but not scored themselves (they shared too few top
    features): without a score of their own, average linkage would count them as unrelated. Partners
    of a source linked to more than MAX_POSTING others are not paired, so the count stays linear."""
    partners: dict[int, list[int]] = defaultdict(list)
    for (a, b), score in similarities.items():
        if score >= threshold:
            partners[a].append(b)
            partners[b].append(a)
    return {pair for linked in partners.values() if len(linked) <= MAX_POSTING
            for pair in itertools.combinations(sorted(linked), 2)} - similarities.keys()


def name_counts(facts: KeyFacts) -> tuple[np.ndarray, np.ndarray]:
    """A report's names as hashed features with their counts, for `weighted`."""
    pairs = sorted((word_hash(name), count) for name, count in facts.names.items())
    return np.array([h for h, _ in pairs], dtype=np.uint64), np.array([c for _, c in pairs], dtype=float)


def substantial(text: str) -> bool:
    """Whether a passage holds PLAIN_WORDS lower-case content words, so is more than a name or a
    title (the words are read only until that many are found)."""
    plain = (w for w in WORD.findall(text) if w[0].islower() and is_content_word(normalise_word(w)))
    return sum(1 for _ in itertools.islice(plain, PLAIN_WORDS)) == PLAIN_WORDS


def passage_share(pair: ReusePair, words: Mapping[str, int]) -> float:
    """The share of the shorter report that the pair's substantial passages cover."""
    covered = sum(p.words for p in pair.passages if substantial(p.a.text))
    return min(1.0, covered / max(1, min(words[pair.a], words[pair.b])))


def fact_factor(a: KeyFacts, b: KeyFacts) -> float:
    """FACT_WEIGHT to the power of the facts two reports agree on less those they differ on."""
    agreement = count_agreement(a, b)
    if a.day is not None and b.day is not None and abs(a.day - b.day) > FAR_APART_DAYS:
        agreement -= DAY_CONFLICT
    low, high = FACTOR_RANGE
    return min(high, max(low, FACT_WEIGHT ** agreement))


def similarity_pairs(sources: Sequence[Source], reuse: Sequence[ReusePair], indexes: WordIndexes,
                     threshold: float = LINK_THRESHOLD) -> dict[tuple[int, int], float]:
    """The score of every candidate pair of sources (see the module's docstring), and of the pairs
    of sources linked to a common one."""
    vectors = weighted([features(s, word_index_of(s, indexes)) for s in sources])
    facts = [key_facts(s) for s in sources]
    names = weighted([name_counts(f) for f in facts])
    has_names = np.diff(names.starts) > 0
    index = {s.id: n for n, s in enumerate(sources)}
    words = {s.id: s.words for s in sources}
    passages = {tuple(sorted((index[p.a], index[p.b]))): PASSAGE_WEIGHT * passage_share(p, words)
                for p in reuse if p.a in index and p.b in index}

    def scored(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
        first = np.array([a for a, _ in pairs], dtype=np.int64)
        second = np.array([b for _, b in pairs], dtype=np.int64)
        text = cosines(vectors, first, second) + np.array([passages.get(pair, 0.0) for pair in pairs])
        named = has_names[first] & has_names[second] if len(pairs) else np.zeros(0, bool)
        score = np.where(named, np.sqrt(text * cosines(names, first, second)), text)
        return {pair: value * fact_factor(facts[pair[0]], facts[pair[1]]) for pair, value in zip(pairs, score.tolist())}

    similarities = scored(sorted({(int(a), int(b)) for a, b in candidate_pairs(vectors, len(sources)).tolist()} | passages.keys()))  # type: ignore[arg-type]
    similarities.update(scored(sorted(linked_pairs_of_partners(similarities, threshold))))
    return similarities


def average_linkage(count: int, similarities: Mapping[tuple[int, int], float], threshold: float) -> list[int]:
    """Group the numbers 0..count-1 by average linkage: merge the two groups whose mean similarity
    over all their cross pairs is highest (a pair not in `similarities` counts as 0), as long as
    that mean is at least `threshold`. Unlike connected components, a chain of pairs that are each
    similar enough does not join two groups, so a few links between events cannot merge them all.
    Each number's group, named by its smallest member."""
    size = [1] * count
    links: list[dict[int, float]] = [{} for _ in range(count)]  # group -> neighbouring group -> summed similarity
    for (a, b), score in similarities.items():
        links[a][b] = links[b][a] = score
    heap = [(-score, a, b) for (a, b), score in similarities.items() if score >= threshold]
    heapq.heapify(heap)
    group = list(range(count))
    while heap:
        negative, a, b = heapq.heappop(heap)
        if group[a] != a or group[b] != b or links[a].get(b, 0.0) / (size[a] * size[b]) != -negative:
            continue  # one of them was merged since, or their mean changed: a newer entry stands for them
        group[b] = a  # a < b: the group keeps its smallest member's number
        size[a] += size[b]
        for neighbour, score in links[b].items():
            del links[neighbour][b]
            if neighbour != a:
                links[a][neighbour] = links[neighbour][a] = links[a].get(neighbour, 0.0) + score
        links[b] = {}
        for neighbour, score in links[a].items():
            mean = score / (size[a] * size[neighbour])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, neighbour), max(a, neighbour)))
    for number in range(count):  # a merged group points at a smaller one, already resolved here
        group[number] = group[group[number]]
    return group


def propose(sources: Sequence[Source], reuse: Sequence[ReusePair], indexes: WordIndexes | None = None,
            threshold: float = LINK_THRESHOLD) -> list[list[str]]:
    """Groups of source ids, each a proposed event, in order of their first source (word indexes
    made here for the sources `indexes` lacks)."""
    group = average_linkage(len(sources), similarity_pairs(sources, reuse, indexes or {}, threshold), threshold)
    groups: dict[int, list[str]] = defaultdict(list)
    for number, source in enumerate(sources):
        groups[group[number]].append(source.id)
    return sorted(groups.values())
