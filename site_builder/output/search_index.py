"""The search index: pagefind run over the built pages (before they are swapped in), in shards.

Pages opt in with `data-pagefind-body` (source, event and entity pages, quotes); filters come from
`data-pagefind-filter` elements in them. pagefind holds every page it reads in memory (about 0.4 MB
each), so a large site is indexed in shards of about `SHARD_PAGES` pages on average (more past
`MAX_SHARDS` shards), each one
pagefind bundle made by its own run: shard 0 in `pagefind/` (with pagefind's UI), shard N in
`pagefind/sN/`. `pagefind/shards.json` lists the bundles, which the search page merges
(`mergeIndex`), and each one's fingerprint: the pagefind version, the shard count and the digests
of its pages. A shard whose fingerprint is unchanged since the previous build, and whose files are
still those that build's manifest lists, is hard-linked from the live site instead of rebuilt.

Under `serve` an edit is not kept waiting for search: a build asked to index `later` links the live
site's whole index as it is, behind the new pages (`SearchIndex.behind`), and serve then brings it
up to date (`build/search_later.py`). `build` always writes an index of the pages it writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Mapping

from site_builder.build.pool import die_with_parent
from site_builder.build.progress import tallied
from site_builder.errors import SiteError
from site_builder.output.manifest import bytes_with_digest
from site_builder.site import routes

INDEX_DIR = routes.SEARCH_INDEX
SHARDS_FILE = "shards.json"
WORK_DIR = ".pagefind-work"  # inside the staging folder, so a killed build's leftovers go with it
# The most pages a shard holds on average (pagefind needs about 0.4 MB a page, and `jobs` run at
# once), up to MAX_SHARDS, past which shards grow instead: the search page fetches a file of every
# shard for each word searched. The count is a power of two, so the index is re-sharded (rebuilt
# whole) only when the site doubles or halves.
SHARD_PAGES = 500
MAX_SHARDS = 64
# Inside the indexed part of a page, what is not text to search: the hidden filter labels (the filters
# themselves are still read) and paragraph anchors ("p3"). Indexed, they filled excerpts with labels
# and ids and inflated word counts. (The links to other copies of a passage are data-pagefind-ignore.)
NOT_TEXT = (".search-filters", ".anchor")
INDEXER_FLAGS = ("--keep-index-url", "--silent", *(flag for selector in NOT_TEXT for flag in ("--exclude-selectors", selector)))


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


def shard_count(pages: int) -> int:
    """The fewest shards, a power of two, that hold at most `SHARD_PAGES` pages on average (at most `MAX_SHARDS`)."""
    count = 1
    while pages > count * SHARD_PAGES and count < MAX_SHARDS:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard of the page at `path`: from a hash of the path alone, so a page stays in its shard."""
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") % count


def shards_of(written: Mapping[str, str]) -> list[Shard]:
    pages = {path: digest for path, digest in written.items() if routes.searched(path)}
    count = shard_count(len(pages))
    members: list[dict[str, str]] = [{} for _ in range(count)]
    for path, digest in sorted(pages.items()):
        members[shard_of(path, count)][path] = digest
    # pagefind refuses an empty site: an empty shard is dropped, except the first, which carries the UI
    # (a site of one shard always has its quotes page; with several, each holds about SHARD_PAGES).
    return [Shard(number, count, shard) for number, shard in enumerate(members) if shard or number == 0]


def in_index(path: str) -> bool:
    """Whether the file at `path` in the site is part of the search index."""
    return path.split("/", 1)[0] == INDEX_DIR


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


@dataclass(frozen=True)
class SearchIndex:
    """Files of the index: each one's SHA-256 by its path in the site, and their total size;
    `behind` when they are the live site's index, not yet of the pages written with it."""
    files: Mapping[str, str]
    size: int
    behind: bool = False


def joined(parts: list[SearchIndex]) -> SearchIndex:
    return SearchIndex({path: digest for part in parts for path, digest in part.files.items()}, sum(part.size for part in parts))


def listed_bundles(previous: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The previous manifest's index files, grouped by the folder of their bundle."""
    grouped: dict[str, dict[str, str]] = {}
    for path, digest in previous.items():
        if (folder := bundle_of(path)) is not None:
            grouped.setdefault(folder, {})[path] = digest
    return grouped


def kept_bundle(listed: Mapping[str, str], output: Path) -> SearchIndex | None:
    """The previous build's files of one bundle, when every one of them is still in `output` with the
    digest the previous manifest lists (`listed`); None when any is missing or changed."""
    size = 0
    for path, digest in listed.items():
        if (data := bytes_with_digest(os.path.join(output, path), digest)) is None:
            return None
        size += len(data)
    return SearchIndex(dict(listed), size) if listed else None


def live_index(output: Path, previous: Mapping[str, str]) -> SearchIndex | None:
    """The live site's whole index (every bundle and the listing), marked behind; None when it has
    none or any of its files is missing or changed."""
    files = {path: digest for path, digest in previous.items() if in_index(path)}
    if f"{INDEX_DIR}/{SHARDS_FILE}" not in files:
        return None
    whole = kept_bundle(files, output)
    return dataclasses.replace(whole, behind=True) if whole is not None else None


def link_bundle(bundle: SearchIndex, output: Path, staging: Path) -> None:
    """Put each file of a kept bundle in `staging`, hard-linked from `output` (copied if it cannot be)."""
    folders: set[str] = set()
    for path in bundle.files:
        source, target = os.path.join(output, path), os.path.join(staging, path)
        if (folder := os.path.dirname(target)) not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def hashed_bundle(bundle: Path, folder: str) -> SearchIndex:
    """The files pagefind wrote in `bundle`, named by their path in the site once it is moved to `folder`."""
    files, size = {}, 0
    for path in sorted(bundle.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[f"{folder}/{path.relative_to(bundle).as_posix()}"] = hashlib.sha256(data).hexdigest()
            size += len(data)
    return SearchIndex(files, size)


def index_shard(executable: str, shard: Shard, staging: Path, work: Path) -> tuple[Path, SearchIndex]:
    """Index `shard`'s pages (hard-linked from `staging` into a folder of their own) into a bundle in `work`."""
    pages, bundle = work / f"pages-{shard.number}", work / f"bundle-{shard.number}"
    pages.mkdir()
    for path in shard.pages:
        (pages / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(staging / path, pages / path)
    command = [executable, "--site", str(pages), "--output-path", str(bundle), *INDEXER_FLAGS]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, preexec_fn=die_with_parent)  # never outlives a killed build
    if result.returncode != 0:
        raise SiteError(INDEX_DIR, f"the search indexer failed: {(result.stderr or result.stdout).strip()[:500]}")
    return bundle, hashed_bundle(bundle, shard.folder)


def build_search_index(staging: Path, output: Path, written: Mapping[str, str], previous: Mapping[str, str],
                       jobs: int = 1, progress: bool = False, later: bool = False) -> SearchIndex:
    """Index the pages `written` into `staging` (which holds no index yet). Shards unchanged since
    the live site in `output` was built (`previous` being its manifest's digests) are linked from
    there; the others are indexed by up to `jobs` pagefind runs at once, each into a folder of its
    own, with a bar counting their pages as each shard is done if `progress` (pagefind tells
    nothing while it runs). With `later`, when some shard would be indexed, the live site's index
    is linked whole instead, behind the pages, if it is whole (see the module docstring)."""
    import pagefind_bin

    indexer, executable = version("pagefind_bin"), str(pagefind_bin.get_executable())
    shards, before, listed = shards_of(written), previous_fingerprints(output), listed_bundles(previous)
    kept = {shard.number: bundle for shard in shards if before.get(shard.folder) == shard.fingerprint(indexer)
            and (bundle := kept_bundle(listed.get(shard.folder, {}), output)) is not None}
    stale = [shard for shard in shards if shard.number not in kept]
    if later and stale and (live := live_index(output, previous)) is not None:
        link_bundle(live, output, staging)
        return live
    work = staging / WORK_DIR
    work.mkdir()
    parts = []
    try:
        made = index_shards(executable, stale, staging, work, jobs, progress)
        for shard in shards:  # shard 0 first: the others go inside its folder
            if shard.number in kept:
                link_bundle(kept[shard.number], output, staging)
                parts.append(kept[shard.number])
            else:
                made[shard.number][0].rename(staging / shard.folder)
                parts.append(made[shard.number][1])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return joined([*parts, write_listing(staging, shards, indexer)])


def index_shards(executable: str, shards: list[Shard], staging: Path, work: Path, jobs: int,
                 progress: bool) -> dict[int, tuple[Path, SearchIndex]]:
    """Each shard's bundle in `work` and its files, by shard number, made by up to `jobs` pagefind
    runs at once. A failure is raised once every run is over, the first shard's that failed."""
    with (ThreadPoolExecutor(max_workers=max(1, min(jobs, len(shards)))) as pool,
          tallied("Indexing for search", progress, sum(len(shard.pages) for shard in shards), "page") as tally):
        running = {pool.submit(index_shard, executable, shard, staging, work): shard for shard in shards}
        for done in as_completed(running):
            tally.update(len(running[done].pages))
    return {shard.number: future.result() for future, shard in running.items()}


def write_listing(staging: Path, shards: list[Shard], indexer: str) -> SearchIndex:
    """`shards.json`: each bundle's folder (relative to `pagefind/`, as the search page merges them)
    and its fingerprint."""
    bundles = [{"path": shard.folder.removeprefix(INDEX_DIR).lstrip("/") + ("/" if shard.number else ""),
                "fingerprint": shard.fingerprint(indexer)} for shard in shards]
    data = (json.dumps({"bundles": bundles}, indent=1) + "\n").encode()
    (staging / INDEX_DIR / SHARDS_FILE).write_bytes(data)
    return SearchIndex({f"{INDEX_DIR}/{SHARDS_FILE}": hashlib.sha256(data).hexdigest()}, len(data))
