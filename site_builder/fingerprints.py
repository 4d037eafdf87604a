"""Digests of model values, for keys: of pages (page_memo.py) and of comparisons (pipeline.py).

A key must change with the value and only with it, so values are pickled without pickle's memo
(equal values give equal bytes however their objects are shared), and a source is stood for by the
digest of its content that the worker analysing it took once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from dataclasses import fields
from typing import Any

from site_builder.model import Source


def digest_of(*parts: Any) -> bytes:
    """SHA-256 of a pickle of `parts` made without pickle's memo, so equal values give equal bytes
    however the objects happen to be shared (a source from the cache, one just analysed)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getvalue()).digest()


def content_state(source: Source) -> tuple[Any, ...]:
    """Every field of a source but those left out of comparison (its word index, which only the
    link stage reads, and its digest)."""
    return tuple(getattr(source, f.name) for f in fields(source) if f.compare)


def with_digest(source: Source) -> Source:
    """The source carrying the digest of its content, taken once (in the worker that analysed it)
    so that page keys need not pickle the whole source again on every build."""
    return dataclasses.replace(source, digest=digest_of(*content_state(source)))


def source_state(source: Source) -> tuple[Any, ...]:
    """A source's content for a key: its digest when it carries one, else its whole content."""
    return ("digest", source.digest) if source.digest else content_state(source)
