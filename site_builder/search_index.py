"""The search index: pagefind run over the built pages (before they are swapped in), in shards.

Pages opt in with `data-pagefind-body` (source, event and entity pages, quotes); filters come from
`data-pagefind-filter` elements in them. pagefind holds every page it reads in memory (about half a
megabyte each), so a large site is indexed in shards of at most about `SHARD_PAGES` pages, each one
pagefind bundle made by its own run: shard 0 in `pagefind/` (with pagefind's UI), shard N in
`pagefind/sN/`. `pagefind/shards.json` lists the bundles, which the search page merges
(`mergeIndex`), and each one's fingerprint: the pagefind version, the shard count and the digests
of its pages. A shard whose fingerprint is unchanged since the previous build, and whose files are
still those that build's manifest lists, is hard-linked from the live site instead of rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Mapping

from site_builder.errors import SiteError
from site_builder.parallel import die_with_parent

INDEX_DIR = "pagefind"
SHARDS_FILE = "shards.json"
WORK_DIR = ".pagefind-work"  # inside the staging folder, so a killed build's leftovers go with it
# The folders that hold the searchable pages (render.py marks them `searchable`): only these are
# read, which halves the indexer's time on a large site (tests/test_site.py checks the list).
SEARCHED_FOLDERS = ("entities", "events", "quotes", "sources")
# The most pages a shard holds on average; the shard count is a power of two, so the index is
# re-sharded (rebuilt whole) only when the site doubles or halves.
SHARD_PAGES = 1000
INDEXER_FLAGS = ("--keep-index-url", "--silent")


@dataclass(frozen=True)
class Shard:
    number: int
    count: int
    pages: Mapping[str, str]  # path in the site: SHA-256

    @property
    def folder(self) -> str:
        """Its bundle's folder in the site."""
        return INDEX_DIR if self.number == 0 else f"{INDEX_DIR}/s{self.number}"

    def fingerprint(self, indexer: str) -> str:
        """What the bundle depends on: a shard with the same fingerprint has the same index."""
        return hashlib.sha256(json.dumps([indexer, INDEXER_FLAGS, self.count, self.number, sorted(self.pages.items())])
                              .encode()).hexdigest()


def searched(path: str) -> bool:
    return path.endswith(".html") and path.split("/", 1)[0] in SEARCHED_FOLDERS


def shard_count(pages: int) -> int:
    """The fewest shards, a power of two, that hold at most `SHARD_PAGES` pages on average."""
    count = 1
    while pages > count * SHARD_PAGES:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard of the page at `path`: from a hash of the path alone, so a page stays in its shard."""
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") % count


def shards_of(written: Mapping[str, str]) -> list[Shard]:
    pages = {path: digest for path, digest in written.items() if searched(path)}
    count = shard_count(len(pages))
    members: list[dict[str, str]] = [{} for _ in range(count)]
    for path, digest in sorted(pages.items()):
        members[shard_of(path, count)][path] = digest
    # pagefind refuses an empty site; a shard but the first (which carries the UI) may be empty on a tiny site.
    return [Shard(number, count, shard) for number, shard in enumerate(members) if shard or number == 0]


def bundle_of(path: str) -> str | None:
    """The folder of the bundle holding the index file at `path` (None for other files)."""
    parts = path.split("/")
    if parts[0] != INDEX_DIR or parts[1:] == [SHARDS_FILE]:
        return None
    return f"{INDEX_DIR}/{parts[1]}" if len(parts) > 2 and re.fullmatch(r"s[1-9]\d*", parts[1]) else INDEX_DIR


def previous_fingerprints(output: Path) -> dict[str, str]:
    """Each bundle's fingerprint as the live site's `shards.json` gives it, by folder."""
    try:
        listed = json.loads((output / INDEX_DIR / SHARDS_FILE).read_text(encoding="utf-8"))["bundles"]
        return {f"{INDEX_DIR}/{item['path']}".rstrip("/"): str(item["fingerprint"]) for item in listed}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def kept_files(shard: Shard, output: Path, previous: Mapping[str, str]) -> dict[str, bytes] | None:
    """The previous build's files of `shard`'s bundle, read from `output`, when every one of them
    still has the digest the previous manifest lists; None when any is missing or changed."""
    listed = {path: digest for path, digest in previous.items() if bundle_of(path) == shard.folder}
    found: dict[str, bytes] = {}
    for path, digest in listed.items():
        try:
            data = (output / path).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        found[path] = data
    return found or None


def link_files(files: Mapping[str, bytes], output: Path, staging: Path) -> None:
    """Put each kept file in `staging`, hard-linked from `output` (or written anew if it cannot be)."""
    for path, data in files.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(output / path, target)
        except OSError:
            target.write_bytes(data)


def run_indexer(executable: str, shard: Shard, staging: Path, work: Path) -> Path:
    """Index `shard`'s pages (hard-linked from `staging` into a folder of their own); returns its bundle."""
    pages, bundle = work / f"pages-{shard.number}", work / f"bundle-{shard.number}"
    pages.mkdir()
    for path in shard.pages:
        (pages / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(staging / path, pages / path)
    command = [executable, "--site", str(pages), "--output-path", str(bundle), *INDEXER_FLAGS]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, preexec_fn=die_with_parent)  # never outlives a killed build
    if result.returncode != 0:
        raise SiteError(INDEX_DIR, f"the search indexer failed: {(result.stderr or result.stdout).strip()[:500]}")
    return bundle


def build_search_index(staging: Path, output: Path, written: Mapping[str, str], previous: Mapping[str, str],
                       jobs: int = 1) -> int:
    """Index the pages `written` into `staging` (which holds no index yet); returns the index's size
    in bytes. Shards unchanged since the live site in `output` was built (`previous` being its
    manifest's digests) are linked from there; the others are indexed by up to `jobs` pagefind runs
    at once, each into a folder of its own."""
    import pagefind_bin

    indexer, executable = version("pagefind_bin"), str(pagefind_bin.get_executable())
    shards = shards_of(written)
    before = previous_fingerprints(output)
    kept = {shard.number: files for shard in shards if before.get(shard.folder) == shard.fingerprint(indexer)
            and (files := kept_files(shard, output, previous)) is not None}
    stale = [shard for shard in shards if shard.number not in kept]
    work = staging / WORK_DIR
    work.mkdir()
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(stale)))) as pool:
            bundles = dict(zip([shard.number for shard in stale],
                               pool.map(functools.partial(run_indexer, executable, staging=staging, work=work), stale)))
        for shard in shards:  # shard 0 first: the others go inside its folder
            if shard.number in kept:
                link_files(kept[shard.number], output, staging)
            else:
                bundles[shard.number].rename(staging / shard.folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_listing(staging, shards, indexer)
    return sum(path.stat().st_size for path in (staging / INDEX_DIR).rglob("*") if path.is_file())


def write_listing(staging: Path, shards: list[Shard], indexer: str) -> None:
    """`shards.json`: each bundle's folder (relative to `pagefind/`, as the search page merges them)
    and its fingerprint."""
    bundles = [{"path": shard.folder.removeprefix(INDEX_DIR).lstrip("/") + ("/" if shard.number else ""),
                "fingerprint": shard.fingerprint(indexer)} for shard in shards]
    (staging / INDEX_DIR / SHARDS_FILE).write_text(json.dumps({"bundles": bundles}, indent=1) + "\n", encoding="utf-8")
