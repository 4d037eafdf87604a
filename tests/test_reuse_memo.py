"""The memo of text reuse's aligned pairs, kept in .cache/reuse/ between builds."""

import random

from test_reuse import aligned_pairs, make_source, random_words, sharing_sources

from site_builder.build.cache import REUSE_CACHE_DIR
from site_builder.build.reuse_memo import decoded, encoded, open_reuse_memo
from site_builder.linking.reuse import find_reuse
from site_builder.options import ReuseSettings


def entry_files(project):
    return sorted((project / REUSE_CACHE_DIR).rglob("*.pickle"))


def test_the_next_build_takes_every_unchanged_pair_from_the_memo(tmp_path, monkeypatch):
    sources = sharing_sources(random.Random(1))
    first = open_reuse_memo(tmp_path, True)
    fresh = find_reuse(sources, ReuseSettings(), memo=first)
    first.save()
    calls = aligned_pairs(monkeypatch)
    second = open_reuse_memo(tmp_path, True)
    assert second.previous == first.entries and len(first.entries) == first.aligned > 0
    assert find_reuse(sources, ReuseSettings(), memo=second) == fresh
    assert calls == [] and second.aligned == 0


def test_only_the_pairs_a_build_used_are_kept_and_other_entries_are_removed(tmp_path):
    sources = sharing_sources(random.Random(2))
    first = open_reuse_memo(tmp_path, True)
    find_reuse(sources, ReuseSettings(), memo=first)
    first.save()
    stale = tmp_path / REUSE_CACHE_DIR / "00" / ("0" * 64 + ".pickle")  # an entry of another version of the tool
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"old")
    fewer = sources[:4]
    second = open_reuse_memo(tmp_path, True)
    find_reuse(fewer, ReuseSettings(), memo=second)
    second.save()
    assert not stale.exists() and len(entry_files(tmp_path)) == 1
    assert set(open_reuse_memo(tmp_path, True).previous) == set(second.entries) < set(first.entries)


def test_the_same_pairs_give_the_same_bytes(tmp_path):
    sources = sharing_sources(random.Random(3))
    memo = open_reuse_memo(tmp_path, True)
    find_reuse(sources, ReuseSettings(), memo=memo)
    assert decoded(encoded(memo.entries)) == memo.entries
    assert encoded(decoded(encoded(memo.entries))) == encoded(memo.entries)
    assert decoded(encoded({})) == {} == decoded(None)


def test_without_the_cache_the_memo_is_neither_read_nor_written(tmp_path, monkeypatch):
    rng = random.Random(4)
    passage = random_words(rng, 20)
    sources = [make_source(name, random_words(rng, 30) + passage + random_words(rng, 30)) for name in "ab"]
    kept = open_reuse_memo(tmp_path, True)
    find_reuse(sources, ReuseSettings(), memo=kept)
    kept.entries = {key: ((0, 9, 0, 9),) for key in kept.entries}  # wrong spans: read, they would show
    kept.save()
    written = {path: path.read_bytes() for path in entry_files(tmp_path)}
    calls = aligned_pairs(monkeypatch)
    off = open_reuse_memo(tmp_path, False)
    (pair,) = find_reuse(sources, ReuseSettings(), memo=off)
    off.save()
    assert calls == [("a", "b")] and pair.passages[0].a.words == 20
    assert {path: path.read_bytes() for path in entry_files(tmp_path)} == written
    fresh = tmp_path / "fresh"
    off = open_reuse_memo(fresh, False)
    find_reuse(sources, ReuseSettings(), memo=off)
    off.save()
    assert not fresh.exists()
