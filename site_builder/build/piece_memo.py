"""The pieces of the data downloads kept between builds, so an edit remakes only its own rows.

A download (`data/mentions.json`, `data/passages.csv`, a comparison table…) is put together from
pieces: the bytes of one source's rows, one pair's or one event's. Each piece is kept under the
digest of what its rows are made from (`ContentDigests`: a source's content, a pair's, an event's
with its comparison table), in signed cache entries in `.cache/data/` mapping those digests to
the bytes (a table's piece may hold the bytes of several files: its rows as JSON and as CSV).
A table is kept in SHARDS entries, by its pieces' digests, so that an edit writes again the few
entries its own pieces fall in, not the whole table. The entries' keys hold the tool's
fingerprint, so a change to the code that makes rows or writes them remakes every piece. A piece
without a digest (nothing to key it by) is always made, and not kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from site_builder.build.cache import PIECES_CACHE_DIR, Cache, project_cache
from site_builder.build.fingerprints import ContentDigests

SHARDS = 16

Piece = tuple[bytes, ...]
Pieces = dict[bytes, Piece]  # the digest of what a piece is made from -> its bytes
Entry = tuple[str, int]  # a table's name, and which of its shards


@dataclass
class PieceMemo:
    """The pieces of each table from the last build (read when first asked for) and those of this
    build, by entry; `digests` are what pieces are keyed by. A memo without a cache makes every
    piece."""

    cache: Cache = field(default_factory=lambda: Cache(None))
    digests: ContentDigests = field(default_factory=ContentDigests)
    previous: dict[Entry, Pieces] = field(default_factory=dict)
    current: dict[Entry, Pieces] = field(default_factory=dict)

    def piece(self, table: str, key: bytes | None, make: Callable[[], Piece]) -> Piece:
        """The piece of `table` made from what `key` stands for: the last build's bytes when it
        kept them, else `make()`."""
        if key is None:
            return make()
        entry = (table, key[0] % SHARDS)
        if entry not in self.current:
            self.previous[entry] = self.kept(entry)
            self.current[entry] = {}
        piece = self.previous[entry].get(key)
        if piece is None:
            piece = make()
        self.current[entry][key] = piece
        return piece

    def kept(self, entry: Entry) -> Pieces:
        found = self.cache.get(entry_key(entry))
        return found if isinstance(found, dict) else {}

    def save(self) -> None:
        """Keep this build's pieces (only the entries whose pieces changed are written), and remove
        the entries this build did not ask for."""
        if self.cache.folder is None:
            return
        for entry, pieces in self.current.items():
            if pieces.keys() != self.previous[entry].keys():
                self.cache.put(entry_key(entry), pieces)
        self.cache.prune()


def entry_key(entry: Entry) -> str:
    table, shard = entry
    return Cache.key_of(table.encode(), bytes([shard]))


def piece_memo(project: Path, enabled: bool, digests: ContentDigests) -> PieceMemo:
    """The memo of the data downloads' pieces for a build of `project` (one that makes every piece
    when the cache is off)."""
    return PieceMemo(project_cache(project, enabled, PIECES_CACHE_DIR), digests)
