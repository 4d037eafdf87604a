"""Text reuse's aligned pairs kept between builds, so that an edit re-aligns only the pairs it can
have changed (issue 22).

Aligning a candidate pair (`reuse.aligned_spans`) is most of the reuse stage, yet on an edit of
one source almost every pair's inputs are unchanged. Each pair's spans are recorded under its
`alignment_key` (the digests of both sources' word hashes, the pair's seed hits and the
settings), and one signed cache entry in `.cache/reuse/` holds the pairs this build used, keyed
by the tool's fingerprint as every cache entry is. A pair whose hits change without either source
changing (a shingle turned too common as the collection grew) gets another key and is re-aligned.
The memo is a side table of the build: the model never holds it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from site_builder.build.cache import REUSE_CACHE_DIR, Cache, project_cache
from site_builder.linking.reuse import Spans, Words
from site_builder.options import ReuseSettings

ENTRY_NAME = b"aligned pairs"  # the one entry's key: Cache.key_of adds the tool's fingerprint
KEY_BYTES = 32  # an alignment key is a SHA-256
# The entry's bytes: every key, then each pair's count of spans, then the spans' word positions.
Encoded = tuple[bytes, bytes, bytes]
_COUNT, _POSITION = np.dtype("<i4"), np.dtype("<i8")


@dataclass
class ReuseMemo:
    """The spans of the pairs the last build aligned (`previous`) and of those this build has used
    so far (`entries`, saved by `save`); `aligned` counts the pairs this build aligned anew."""

    cache: Cache
    previous: dict[bytes, Spans] = field(default_factory=dict)
    entries: dict[bytes, Spans] = field(default_factory=dict)
    aligned: int = 0
    word_digests: dict[str, bytes] = field(default_factory=dict)  # by source id, for this build

    def spans(self, words_a: Words, words_b: Words, hits: list[tuple[int, int]], settings: ReuseSettings,
              align: Callable[[], Spans]) -> Spans:
        key = alignment_key(self.word_digest(words_a), self.word_digest(words_b), hits, settings)
        found = self.previous.get(key)
        if found is None:
            found = align()
            self.aligned += 1
        self.entries[key] = found
        return found

    def word_digest(self, words: Words) -> bytes:
        """The SHA-256 of a source's word hashes, all of it that aligning a pair reads."""
        found = self.word_digests.get(words.source.id)
        if found is None:
            found = self.word_digests[words.source.id] = hashlib.sha256(words.hashes.astype("<u8").tobytes()).digest()
        return found

    def save(self) -> None:
        """Keep this build's pairs (only those: a pair no longer a candidate is dropped) when they
        differ from the last build's, and remove entries of other versions of the tool."""
        if self.cache.folder is None:
            return
        if self.entries != self.previous:
            self.cache.put(Cache.key_of(ENTRY_NAME), encoded(self.entries))
        self.cache.prune()


@functools.lru_cache(maxsize=8)
def settings_bytes(settings: ReuseSettings) -> bytes:
    """The settings as bytes for `alignment_key`, made once, not once a pair."""
    return repr(dataclasses.astuple(settings)).encode()


def alignment_key(digest_a: bytes, digest_b: bytes, hits: list[tuple[int, int]], settings: ReuseSettings) -> bytes:
    """The SHA-256 of everything `reuse.aligned_spans` reads (both sources' word digests, the hits,
    the settings): a pair whose key is unchanged has the same spans."""
    digest = hashlib.sha256(settings_bytes(settings))
    digest.update(digest_a + digest_b)
    digest.update(np.array(hits, dtype="<i8").tobytes())
    return digest.digest()


def open_reuse_memo(project: Path, enabled: bool) -> ReuseMemo:
    """The memo of `project`'s last build; without the cache, one that neither reads nor writes."""
    cache = project_cache(project, enabled, REUSE_CACHE_DIR)
    if cache.folder is None:
        return ReuseMemo(cache)
    return ReuseMemo(cache, decoded(cache.get(Cache.key_of(ENTRY_NAME))))


def encoded(entries: dict[bytes, Spans]) -> Encoded:
    """The entries as three strings of bytes, in their order: the same entries give the same bytes
    (a pickle of the dict would depend on how its tuples happen to be shared)."""
    counts = np.array([len(spans) for spans in entries.values()], dtype=_COUNT)
    positions = np.array([span for spans in entries.values() for span in spans], dtype=_POSITION).reshape(-1, 4)
    return b"".join(entries), counts.tobytes(), positions.tobytes()


def decoded(value: Encoded | None) -> dict[bytes, Spans]:
    """The entries `encoded` gave (none without an entry). The entry is signed and keyed by the
    tool's fingerprint, so it is this code's own."""
    if value is None:
        return {}
    keys, counts_bytes, positions_bytes = value
    counts = np.frombuffer(counts_bytes, dtype=_COUNT).tolist()
    spans = [tuple(span) for span in np.frombuffer(positions_bytes, dtype=_POSITION).reshape(-1, 4).tolist()]
    ends = itertools.accumulate(counts)
    return {keys[KEY_BYTES * n:KEY_BYTES * (n + 1)]: tuple(spans[end - count:end]) for n, (count, end) in enumerate(zip(counts, ends))}
