"""Digests of model values, for keys: of pages (page_memo.py) and of comparisons (pipeline.py).

A key must change with the value and only with it, so values are pickled without pickle's memo
(equal values give equal bytes however their objects are shared). A source is stood for by the
digest of its content that the worker analysing it took once, and an event with its comparison
table by the digest its comparison was cached under (what the table was made from).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from dataclasses import fields
from typing import Any, Mapping

from site_builder.model import Event, PassageEnd, Source


def digest_of(*parts: Any) -> bytes:
    """SHA-256 of a pickle of `parts` made without pickle's memo, so equal values give equal bytes
    however the objects happen to be shared (a source from the cache, one just analysed)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getvalue()).digest()


class _StandInPickler(pickle.Pickler):
    """Pickles sources, events and passage ends by their digests: a source by the digest of its
    content, an event by the digest of what its comparison was made from, and a passage end by its
    source's digest and its word positions, which with that content fix its spans, text and
    speaker. Pickling their texts was most of a page key's cost."""

    def __init__(self, file: io.BytesIO, by_id: Mapping[str, Source]) -> None:
        super().__init__(file, protocol=5)
        self.fast = True
        self.by_id = by_id

    def persistent_id(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Source and obj.digest:
            return ("source", obj.digest)
        if kind is Event and obj.digest:
            return ("event", obj.digest)
        if kind is PassageEnd:
            source = self.by_id.get(obj.source)
            if source is not None and source.digest:
                return ("end", obj.source, source.digest, obj.first_word, obj.last_word)
        return None


def key_digest(by_id: Mapping[str, Source], *parts: Any) -> bytes:
    """SHA-256 of `parts` for a key, with the site's sources, events and passages stood for by their
    digests (the sources in `by_id` must be the ones those digests were taken of)."""
    buffer = io.BytesIO()
    _StandInPickler(buffer, by_id).dump(parts)
    return hashlib.sha256(buffer.getvalue()).digest()


def content_state(item: Source | Event) -> tuple[Any, ...]:
    """Every field but those left out of comparison (a source's word index, which only the link
    stage reads, and the digest)."""
    return tuple(getattr(item, f.name) for f in fields(item) if f.compare)


def with_digest(source: Source) -> Source:
    """The source carrying the digest of its content, taken once (in the worker that analysed it)
    so that page keys need not pickle the whole source again on every build."""
    return dataclasses.replace(source, digest=digest_of(*content_state(source)))


def state_of(item: Source | Event) -> tuple[Any, ...]:
    """A source's or event's content for a key: its digest when it carries one, else its whole content."""
    return ("digest", item.digest) if item.digest else content_state(item)
