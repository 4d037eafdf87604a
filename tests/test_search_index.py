"""The search index in shards: which page goes where, the merged search, and rebuilding only the
shards whose pages changed (the seeds' 48 searchable pages make 8 shards at 10 pages a shard)."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest
from conftest import CHROMIUM, filter_to_sources, search_results, serve, settled_results
from test_determinism import same_site

from site_builder.build.pipeline import BuildOptions, build
from site_builder.output import search_index
from site_builder.output.manifest import verify
from site_builder.output.search_index import INDEX_DIR, SHARDS_FILE, shard_count, shard_of
from site_builder.output.write import live_record
from site_builder.site.routes import searched

NANING_PAGE = "sources/002_83436da1cc890094/index.html"  # the one page that says "Naning"
TUNXI_SEED = "seeds/004_7807f473fc62edd1.txt"


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(search_index, "SHARD_PAGES", 10)


def test_the_shard_count_is_the_fewest_powers_of_two_holding_the_pages_up_to_a_maximum():
    assert [shard_count(pages) for pages in (0, 1, 500, 501, 1000, 1001, 12_000)] == [1, 1, 1, 2, 2, 4, 32]
    assert shard_count(100_000) == search_index.MAX_SHARDS == 64


def test_a_page_keeps_its_shard_and_one_of_two_halves_when_the_count_doubles():
    paths = [f"sources/s{n:06d}/index.html" for n in range(2000)]
    assert [shard_of(path, 16) for path in paths[:8]] == [2, 3, 14, 9, 0, 10, 5, 0]  # from the path alone, every run
    assert all(shard_of(path, 32) % 16 == shard_of(path, 16) for path in paths)


def test_shards_are_balanced():
    paths = [f"sources/s{n:06d}/index.html" for n in range(16_000)]
    sizes = [0] * 16
    for path in paths:
        sizes[shard_of(path, 16)] += 1
    assert min(sizes) > 900 and max(sizes) < 1100


def bundles(output: Path) -> list[str]:
    listing = json.loads((output / INDEX_DIR / SHARDS_FILE).read_text(encoding="utf-8"))
    return [item["path"] for item in listing["bundles"]]


def test_the_default_corpus_is_one_bundle_in_pagefind(built):
    assert bundles(built) == [""] and (built / INDEX_DIR / "pagefind-entry.json").is_file()


def indexed_pages(output: Path) -> dict[str, dict]:
    """What pagefind stored of each page (its fragments: gzip of a signature and JSON), by URL."""
    records = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
               for path in (output / INDEX_DIR / "fragment").iterdir()]
    return {record["url"]: record for record in records}


def test_labels_anchors_and_links_to_other_copies_are_not_indexed_as_text(built):
    pages = indexed_pages(built)
    source = pages["/sources/000_9f45db1a97bdd9a5/index.html"]
    assert source["filters"]["kind"] == ["source"]  # the filters are still read from the hidden labels
    assert "Lavrov" in source["content"]
    assert pages["/sources/002_83436da1cc890094/index.html"]["meta"]["title"].startswith("via BNS: Chinese and Russian")  # results name the outlet
    page = (built / "sources/000_9f45db1a97bdd9a5/index.html").read_text(encoding="utf-8")
    assert 'class="copies" data-pagefind-ignore' in page and 'class="anchor"' in page and 'class="search-filters"' in page
    for record in pages.values():
        assert not record["content"].startswith(f"{record['filters']['kind'][0]} ")  # the first label, once read as text
        if record["url"].startswith("/sources/"):
            assert "Shared with" not in record["content"] and not re.search(r"(^|\s)p\d+\s", record["content"]), record["url"]


def test_a_larger_site_is_indexed_in_shards_and_each_page_in_its_own(project, tmp_path, small_shards):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    assert bundles(output) == [""] + [f"s{n}/" for n in range(1, 8)]
    pages = [path for path in dict(live_record(output).digests) if searched(path)]
    for number, folder in enumerate(bundles(output)):
        entry = json.loads((output / INDEX_DIR / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        mine = [path for path in pages if shard_of(path, 8) == number]
        assert entry["languages"]["en"]["page_count"] == sum("data-pagefind-body" in (output / p).read_text(encoding="utf-8") for p in mine)
    assert shard_of(NANING_PAGE, 8) != 0
    assert verify(output) == []


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")
def test_the_search_page_finds_a_page_of_a_later_shard_and_filters_across_shards(project, tmp_path, small_shards, page):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    (tmp_path / "served").mkdir()
    with serve(output, tmp_path / "served") as url:
        page.goto(url + "search/index.html")
        found = search_results(page, "Naning", NANING_PAGE)
        assert any(href.endswith(NANING_PAGE) for href in found), found
        page.fill(".pagefind-ui__search-input", "Tehran")
        filter_to_sources(page, "Tehran")
        expected = [f"/repo-name/{path}" for path in (NANING_PAGE, "sources/003_28d1eb4e5542eb3f/index.html")]
        found = settled_results(page, expected)
        assert found == sorted(expected)
        assert len({shard_of(href.split("/repo-name/")[1], 8) for href in found}) == 2  # from two bundles, filtered alike


def inodes(output: Path) -> dict[str, int]:
    """The inode of each bundle's entry file, by bundle folder."""
    return {folder: (output / INDEX_DIR / folder / "pagefind-entry.json").stat().st_ino for folder in bundles(output)}


def append_line(project: Path) -> None:
    path = project / TUNXI_SEED
    path.write_text(path.read_text(encoding="utf-8") + "\nThe ministers also discussed Naning.\n", encoding="utf-8")


def test_an_edit_rebuilds_only_the_shards_of_changed_pages_and_equals_a_clean_build(project, tmp_path, small_shards):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    before, old_pages = inodes(output), dict(live_record(output).digests)
    append_line(project)
    build(project, output, BuildOptions())
    new_pages = dict(live_record(output).digests)
    changed = {path for path in set(old_pages) | set(new_pages) if searched(path) and old_pages.get(path) != new_pages.get(path)}
    stale = {bundles(output)[shard_of(path, 8)] for path in changed}
    assert stale and len(stale) < 8
    assert {folder for folder, inode in inodes(output).items() if inode != before[folder]} == stale
    clean = tmp_path / "clean"
    build(project, clean, BuildOptions(cache=False))
    same_site(output, clean)
    assert verify(output) == []


def test_a_damaged_shard_is_rebuilt_and_the_others_kept(project, tmp_path, small_shards):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    before = inodes(output)
    damaged = next((output / INDEX_DIR / "s2" / "fragment").iterdir())
    os.unlink(damaged)  # a new file, not a write into the one the live site may share
    damaged.write_bytes(b"damaged")
    build(project, output, BuildOptions())
    assert {folder for folder, inode in inodes(output).items() if inode != before[folder]} == {"s2/"}
    assert verify(output) == []
    clean = tmp_path / "clean"
    build(project, clean, BuildOptions(cache=False))
    same_site(output, clean)


def test_an_unchanged_site_keeps_every_shard(project, tmp_path, small_shards):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    before = inodes(output)
    build(project, output, BuildOptions())
    assert inodes(output) == before and verify(output) == []
