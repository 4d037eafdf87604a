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

from site_builder.model import Event, PassageEnd, Source


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

    def changed(self, before: Source, after: Source) -> None:
        """`after` is `before` with its dates resolved by a later stage: its digest follows."""
        if after is not before and before.id in self.sources:
            self.sources[after.id] = digest_of("changed", self.sources[before.id], after.dates)


def content_digest(source: Source) -> bytes:
    """The digest of everything a source holds (taken once, by the worker that analysed it)."""
    return digest_of(source)


class _StandInPickler(pickle.Pickler):
    """Pickles sources, events and passage ends by their digests: a source by the digest of its
    content, an event by the digest of what its comparison was made from, and a passage end by its
    source's digest and its word positions, which with that content fix its spans, text and
    speaker. Pickling their texts was most of a page key's cost. What `digests` lacks is pickled whole."""

    def __init__(self, file: io.BytesIO, digests: ContentDigests) -> None:
        super().__init__(file, protocol=5)
        self.fast = True
        self.digests = digests

    def persistent_id(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Source:
            digest = self.digests.sources.get(obj.id)
            return ("source", digest) if digest else None
        if kind is Event:
            digest = self.digests.events.get(obj.id)
            return ("event", digest) if digest else None
        if kind is PassageEnd:
            digest = self.digests.sources.get(obj.source)
            return ("end", obj.source, digest, obj.first_word, obj.last_word) if digest else None
        return None


def key_digest(digests: ContentDigests, *parts: Any) -> bytes:
    """SHA-256 of `parts` for a key, with sources, events and passages stood for by their digests."""
    buffer = io.BytesIO()
    _StandInPickler(buffer, digests).dump(parts)
    return hashlib.sha256(buffer.getvalue()).digest()
