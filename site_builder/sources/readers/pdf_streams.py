"""A budget on what a PDF's compressed streams may inflate to.

pdfminer decodes each stream whole (`zlib.decompress`, `lzwdecode`), so a few hundred kilobytes of
crafted Flate or LZW data can inflate to gigabytes and take the build's memory with them (a 292 KB
file took 640 MB). A PDF is untrusted input from the web, so while `inflation_budget` is open every
Flate and LZW stream pdfminer decodes is inflated in steps and counted against one budget for the
document, and `TooMuchInflated` stops the parse when the budget is spent. pdfminer looks these
functions up in its own module at each call; they are replaced there once, on import, and behave as
pdfminer's own outside a budget (for any other user of pdfminer in the process).
"""

from __future__ import annotations

import contextlib
import contextvars
import types
import zlib
from io import BytesIO
from typing import Iterator

import pdfminer.pdftypes
from pdfminer.lzw import LZWDecoder

# What one document's streams may inflate to in all: a text PDF's content streams come to a few
# megabytes; pictures in JPEG or JPEG 2000 are not inflated at all.
MAX_INFLATED_BYTES = 256 * 2**20
STEP = 2**20  # inflate this much at a time, so that a bomb is stopped after one step past the budget


class TooMuchInflated(Exception):
    """The document's compressed streams inflate to more than its budget."""


_spent: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("pdf_inflated", default=None)


@contextlib.contextmanager
def inflation_budget() -> Iterator[None]:
    """Count every stream pdfminer inflates inside this block against MAX_INFLATED_BYTES."""
    token = _spent.set([0])
    try:
        yield
    finally:
        _spent.reset(token)


def spend(size: int) -> None:
    spent = _spent.get()
    if spent is not None:
        spent[0] += size
        if spent[0] > MAX_INFLATED_BYTES:
            raise TooMuchInflated


class BoundedInflater:
    """`zlib.decompressobj()` that counts what it inflates against the open budget."""

    def __init__(self) -> None:
        self._inflater = zlib.decompressobj()

    @property
    def eof(self) -> bool:
        return self._inflater.eof

    def decompress(self, data: bytes) -> bytes:
        parts = []
        while data:
            part = self._inflater.decompress(data, STEP)
            spend(len(part))
            parts.append(part)
            data = self._inflater.unconsumed_tail
        return b"".join(parts)

    def flush(self) -> bytes:
        rest = self._inflater.flush()
        spend(len(rest))
        return rest


def bounded_decompress(data: bytes) -> bytes:
    """`zlib.decompress`, counted: a stream cut short is a `zlib.error` as it is there."""
    inflater = BoundedInflater()
    inflated = inflater.decompress(data) + inflater.flush()
    if not inflater.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return inflated


def bounded_lzwdecode(data: bytes) -> bytes:
    """pdfminer's `lzwdecode`, counted as it goes."""
    parts = []
    for part in LZWDecoder(BytesIO(data)).run():
        spend(len(part))
        parts.append(part)
    return b"".join(parts)


pdfminer.pdftypes.zlib = types.SimpleNamespace(  # type: ignore[attr-defined]
    decompress=bounded_decompress, decompressobj=BoundedInflater, error=zlib.error)
pdfminer.pdftypes.lzwdecode = bounded_lzwdecode  # type: ignore[attr-defined]
