"""Rendered pages taken from the live site when nothing they read has changed.

Each memoised page gets a key: the SHA-256 of everything that can change its bytes (the tool, the
built-in templates, the site config and free pages every page's navigation reads, and the page's
own inputs, which `render.py` lists page by page). A signed entry in `.cache/render/`, written
after each successful build, maps every page of the live output folder to its key, and the SHA-256
and size of its bytes. When a page's key is unchanged and the live site's file is one its manifest
vouches for with that digest (write.py's trust rule: the listed size, not modified since the
manifest), the page is a `LiveCopy`, which the write stage links from the live site: neither read
nor sent nor hashed again. A missing, edited or damaged file is rendered again.

A project with its own `templates/` is never memoised: a user template may read anything in
`site`, so no key short of the whole site would be safe.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from site_builder.build.cache import Cache, signing_key, tool_fingerprint
from site_builder.build.fingerprints import digest_of
from site_builder.output.write import NO_RECORD, LiveCopy, Output, OutputFile, Record, live_record

MEMO_DIR = ".cache/render"

# A page's path -> (its key, the SHA-256 of its bytes in hex, its size).
Entries = dict[str, tuple[bytes, str, int]]


def folder_digest(folder: Path) -> bytes:
    """SHA-256 of every file's name and bytes under `folder`."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix().encode()
            data = path.read_bytes()
            digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.digest()


def has_files(folder: Path) -> bool:
    return folder.is_dir() and any(path.is_file() for path in folder.rglob("*"))


@dataclass
class Records:
    """What rendering some pages produced: the memo entries, and which pages were rendered."""

    entries: Entries = field(default_factory=dict)
    rendered: set[str] = field(default_factory=set)


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

    def page(self, path: str, inputs: Callable[[], tuple[Any, ...]], render: Callable[[], OutputFile]) -> Output:
        """The page at `path`: the live output's copy when its key (from `inputs()`) and bytes are
        the recorded ones, else `render()`ed."""
        if not self.enabled:
            return render()
        key = hashlib.sha256(self.common + path.encode() + b"\0" + digest_of(*inputs())).digest()
        recorded = self.previous.get(path)
        if recorded is not None and recorded[0] == key and self.in_live_site(path, recorded[1], recorded[2]):
            self.records.entries[path] = recorded
            return LiveCopy(path, recorded[1], recorded[2])
        file = render()
        self.records.entries[path] = (key, file.digest, file.size)
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


def memo_cache(project: Path) -> Cache:
    return Cache(project / MEMO_DIR, signing_key())


def entry_key(output: Path) -> str:
    return Cache.key_of(str(output.resolve()).encode())


def open_memo(project: Path, output: Path, templates: Path, user_templates: Path, common: tuple[Any, ...],
              enabled: bool) -> PageMemo:
    """The memo for a build of `project` into `output`: disabled without the cache or with the
    project's own templates; `common` is what every page reads (config, free pages)."""
    if not enabled or has_files(user_templates):
        return PageMemo()
    previous = memo_cache(project).get(entry_key(output))
    return PageMemo(output.resolve(), tool_fingerprint() + folder_digest(templates) + digest_of(*common),
                    previous if isinstance(previous, dict) else {}, live_record(output))


def save_memo(project: Path, memo: PageMemo) -> None:
    """Record this build's pages, once they are the live output (unless they are the recorded ones)."""
    if memo.output is not None and memo.records.entries != memo.previous:
        memo_cache(project).put(entry_key(memo.output), memo.records.entries)
