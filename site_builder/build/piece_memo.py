"""The pieces of the data downloads kept between builds, so an edit remakes only its own rows.

A download (`data/mentions.json`, `data/passages.csv`, a comparison table…) is put together from
pieces: the bytes of one source's rows, one pair's or one event's. Each piece is kept under the
digest of what its rows are made from (`ContentDigests`: a source's content, a pair's, an event's
with its comparison table), one signed cache entry per table in `.cache/data/` mapping those
digests to the bytes (a table's piece may hold the bytes of several files: its rows as JSON and
as CSV). The entries' keys hold the tool's fingerprint, so a change to the code that
makes rows or writes them remakes every piece. A piece without a digest (nothing to key it by) is
always made, and not kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from site_builder.build.cache import Cache, signing_key
from site_builder.build.fingerprints import ContentDigests

PIECES_DIR = ".cache/data"

Piece = tuple[bytes, ...]
Pieces = dict[bytes, Piece]  # the digest of what a piece is made from -> its bytes


@dataclass
class PieceMemo:
    """The pieces of each table from the last build (read when first asked for) and those of this
    build, by the table's name; `digests` are what pieces are keyed by. A memo without a cache
    makes every piece."""

    cache: Cache = field(default_factory=lambda: Cache(None))
    digests: ContentDigests = field(default_factory=ContentDigests)
    previous: dict[str, Pieces] = field(default_factory=dict)
    current: dict[str, Pieces] = field(default_factory=dict)

    def piece(self, table: str, key: bytes | None, make: Callable[[], Piece]) -> Piece:
        """The piece of `table` made from what `key` stands for: the last build's bytes when it
        kept them, else `make()`."""
        if key is None:
            return make()
        if table not in self.current:
            self.previous[table] = self.kept(table)
            self.current[table] = {}
        piece = self.previous[table].get(key)
        if piece is None:
            piece = make()
        self.current[table][key] = piece
        return piece

    def kept(self, table: str) -> Pieces:
        found = self.cache.get(entry_key(table))
        return found if isinstance(found, dict) else {}

    def save(self) -> None:
        """Keep this build's pieces, by table (only the tables whose pieces changed are written), and
        remove the entries of tables this build did not make."""
        if self.cache.folder is None:
            return
        for table, pieces in self.current.items():
            if pieces.keys() != self.previous[table].keys():
                self.cache.put(entry_key(table), pieces)
        self.cache.prune()


def entry_key(table: str) -> str:
    return Cache.key_of(table.encode())


def piece_memo(project: Path, enabled: bool, digests: ContentDigests) -> PieceMemo:
    """The memo of the data downloads' pieces for a build of `project` (one that makes every piece
    when the cache is off)."""
    return PieceMemo(Cache(project / PIECES_DIR, signing_key()) if enabled else Cache(None), digests)
