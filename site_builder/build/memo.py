"""Rendered pages taken from the live site when nothing they read has changed.

Each page gets a key: the SHA-256 of everything that can change its bytes (the tool, what every
page reads, and what the page's generator gives its template with the templates it uses: see
site/render.py). A signed entry in `.cache/render/`, written
after each successful build, maps every page of the live output folder to its key, and the SHA-256
and size of its bytes. When a page's key is unchanged and the live site's file is one its manifest
vouches for with that digest (write.py's trust rule: the listed size, not modified since the
manifest), the page is a `LiveCopy`, which the write stage links from the live site: neither read
nor sent nor hashed again. A missing, edited or damaged file is rendered again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from site_builder.build.cache import RENDER_CACHE_DIR, Cache, signing_key, tool_fingerprint
from site_builder.output.write import NO_RECORD, LiveCopy, Output, OutputFile, Record, live_record


# A page's path -> (its key, the SHA-256 of its bytes in hex, its size).
Entries = dict[str, tuple[bytes, str, int]]


@dataclass
class Records:
    """What rendering some pages produced: the memo entries, which pages were rendered, and how
    many were taken unchanged from the live site."""

    entries: Entries = field(default_factory=dict)
    rendered: set[str] = field(default_factory=set)
    unchanged: int = 0


@dataclass
class PageMemo:
    """This build's memo of pages: the previous build's entries to reuse pages from `output`, and
    this build's entries to save once the new site is in place. `common` is the part of every key
    shared by all pages; `output=None` renders every page (still recording what it rendered)."""

    output: Path | None = None
    common: bytes = b""
    previous: Mapping[str, tuple[bytes, str, int]] = field(default_factory=dict)
    live: Record = NO_RECORD  # the live site's manifest
    records: Records = field(default_factory=Records)

    @property
    def enabled(self) -> bool:
        return self.output is not None

    @property
    def rendered(self) -> set[str]:
        return self.records.rendered

    def page(self, path: str, key: Callable[[], bytes], render: Callable[[], OutputFile]) -> Output:
        """The page at `path`: the live output's copy when its key (the common part, the path and
        `key()`) and bytes are the recorded ones, else `render()`ed."""
        if not self.enabled:
            return render()
        full_key = hashlib.sha256(self.common + path.encode() + b"\0" + key()).digest()
        recorded = self.previous.get(path)
        if recorded is not None and recorded[0] == full_key and self.in_live_site(path, recorded[1], recorded[2]):
            self.records.entries[path] = recorded
            self.records.unchanged += 1
            return LiveCopy(path, recorded[1], recorded[2])
        file = render()
        self.records.entries[path] = (full_key, file.digest, file.size)
        return file

    def in_live_site(self, path: str, digest: str, size: int) -> bool:
        """True when the live output's file at `path` is vouched for as holding `digest`."""
        assert self.output is not None
        try:
            return self.live.vouches(path, digest, os.lstat(os.path.join(self.output, path)), size)
        except OSError:
            return False

    def take(self) -> Records:
        """The records so far (a worker's, to send back), starting afresh."""
        records, self.records = self.records, Records()
        return records

    def merge(self, records: Records) -> None:
        self.records.entries.update(records.entries)
        self.records.rendered |= records.rendered
        self.records.unchanged += records.unchanged


def memo_cache(project: Path) -> Cache:
    return Cache(project / RENDER_CACHE_DIR, signing_key())


def entry_key(output: Path) -> str:
    return Cache.key_of(str(output.resolve()).encode())


def open_memo(project: Path, output: Path, common: bytes, enabled: bool) -> PageMemo:
    """The memo for a build of `project` into `output` (disabled without the cache); `common` is
    the digest of what every page reads (config, free pages)."""
    if not enabled:
        return PageMemo()
    previous = memo_cache(project).get(entry_key(output))
    return PageMemo(output.resolve(), tool_fingerprint() + common, previous if isinstance(previous, dict) else {},
                    live_record(output))


def save_memo(project: Path, memo: PageMemo) -> None:
    """Record this build's pages, once they are the live output (unless they are the recorded ones)."""
    if memo.output is not None and memo.records.entries != memo.previous:
        memo_cache(project).put(entry_key(memo.output), memo.records.entries)
