"""Digests of model values, for keys: of pages (build/memo.py) and of comparisons (pipeline.py).

A key must change with the value and only with it, so values are pickled without pickle's memo
(equal values give equal bytes however their objects are shared). In a page's key a source is
stood for by the digest of its content that the worker analysing it took once, and an event with
its comparison table by the digest its comparison was cached under (what the table was made from):
`ContentDigests`, a side table by id that the build keeps beside the model.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import dataclass, field
from typing import Any

from site_builder.model import Event, PassageEnd, ReusePair, Source


def digest_of(*parts: Any) -> bytes:
    """SHA-256 of a pickle of `parts` made without pickle's memo, so equal values give equal bytes
    however the objects happen to be shared (a source from the cache, one just analysed)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getvalue()).digest()


@dataclass
class ContentDigests:
    """The digest of each source's content and of each event with its comparison table, by id:
    short stand-ins for them in keys. A digest is for the object the build holds under that id."""

    sources: dict[str, bytes] = field(default_factory=dict)
    events: dict[str, bytes] = field(default_factory=dict)
    pairs: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False)  # made as keys ask for them

    def pair(self, pair: ReusePair) -> bytes | None:
        """The digest of what two sources share: both sources' digests and each passage's word
        positions and kind, which with their content fix its spans, texts and speakers; and the
        shares and lineage. None when a source's digest is unknown."""
        ids = (pair.a, pair.b)
        if ids not in self.pairs:
            if pair.a not in self.sources or pair.b not in self.sources:
                return None
            positions = [(p.a.first_word, p.a.last_word, p.b.first_word, p.b.last_word, p.kind) for p in pair.passages]
            self.pairs[ids] = digest_of(ids, self.sources[pair.a], self.sources[pair.b], positions, pair.share_a, pair.share_b,
                                        pair.lineage)
        return self.pairs[ids]

    def changed(self, before: Source, after: Source) -> None:
        """`after` is `before` with its dates resolved by a later stage: its digest follows."""
        if after is not before and before.id in self.sources:
            self.sources[after.id] = digest_of("changed", self.sources[before.id], after.dates)


def content_digest(source: Source) -> bytes:
    """The digest of everything a source holds (taken once, by the worker that analysed it)."""
    return digest_of(source)


def _stood_for(*parts: Any) -> None:
    """What a stand-in unpickles to: never called, as keys are only hashed."""


class _StandInPickler(pickle.Pickler):
    """Pickles sources, events, pairs and passage ends by their digests: a source by the digest of
    its content, an event by the digest of what its comparison was made from, a pair by
    `ContentDigests.pair`, and a passage end by its source's digest and its word positions, which
    with that content fix its spans, text and speaker. Pickling their texts was most of a page key's cost. What `digests` lacks is pickled
    whole. (`reducer_override`, unlike `persistent_id`, is not called for strings, numbers, lists,
    tuples and dicts: most of what a key holds.)"""

    def __init__(self, file: io.BytesIO, digests: ContentDigests) -> None:
        super().__init__(file, protocol=5)
        self.fast = True
        self.digests = digests

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Source:
            digest = self.digests.sources.get(obj.id)
            return (_stood_for, ("source", digest)) if digest else NotImplemented
        if kind is Event:
            digest = self.digests.events.get(obj.id)
            return (_stood_for, ("event", digest)) if digest else NotImplemented
        if kind is ReusePair:
            digest = self.digests.pair(obj)
            return (_stood_for, ("pair", digest)) if digest else NotImplemented
        if kind is PassageEnd:
            digest = self.digests.sources.get(obj.source)
            return (_stood_for, ("end", obj.source, digest, obj.first_word, obj.last_word)) if digest else NotImplemented
        return NotImplemented


def key_digest(digests: ContentDigests, *parts: Any) -> bytes:
    """SHA-256 of `parts` for a key, with sources, events and passages stood for by their digests."""
    buffer = io.BytesIO()
    _StandInPickler(buffer, digests).dump(parts)
    return hashlib.sha256(buffer.getvalue()).digest()
