"""Progress bars: only for a person at a terminal, never under --quiet or in CI, never changing the work."""

import io
import itertools
import re
import sys
import threading

import pytest
from conftest import REPO

from site_builder.build import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_are_for_a_terminal_without_quiet_or_ci(monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(quiet=False)
    assert not progress.wanted(quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(quiet=False)
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # output to a file or a pipe
    assert not progress.wanted(quiet=False)


def test_a_bar_passes_every_item_through_and_draws_once_the_work_is_slow(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    clock = iter(range(0, 1000, 2))  # every reading of the clock is two seconds later
    monkeypatch.setattr("tqdm.std.time", lambda: next(clock))
    assert list(progress.shown(range(5), "Analysing", True, 5, "source")) == [0, 1, 2, 3, 4]
    assert "Analysing" in terminal.getvalue()
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert list(progress.shown(range(5), "Analysing", False)) == [0, 1, 2, 3, 4]
    assert quiet.getvalue() == ""


def test_a_bar_starts_no_thread_so_the_next_pool_still_forks():
    threads = threading.active_count()
    with progress.tallied("Rendering", True, 10, "page") as tally:
        tally.update(3)
        assert threading.active_count() == threads
    assert list(progress.shown(range(3), "Comparing", True, 3, "event")) == [0, 1, 2]
    assert threading.active_count() == threads


# --- each long stage's bar: its total and its unit, on generated cases with the bars forced on --------


def bars(text: str, description: str) -> list[tuple[int, int | None, str]]:
    """(count, total or None, unit) of every drawing of the bar called `description` in `text`.
    tqdm draws `12/40 [00:24<00:56, 2.00s/page]` with a total, `12page [00:24, 2.00s/page]` without."""
    drawings = re.findall(rf"{description}:[^\r\n]*?(\d+)(?:/(\d+))? ?[a-z]* \[[^\]]*?(?:s/([a-z]+)|([a-z]+)/s)\]", text)
    return [(int(count), int(total) if total else None, slow or fast) for count, total, slow, fast in drawings]


@pytest.fixture
def drawn(monkeypatch, capsys):
    """What the bars drew on stderr, from a clock that moves two seconds at every reading (so each
    bar is drawn at once); each test forces its bars on."""
    clock = itertools.count(0, 2)
    monkeypatch.setattr("tqdm.std.time", lambda: next(clock))
    return lambda: capsys.readouterr().err


def test_the_render_bar_counts_every_page_of_the_site_and_nothing_else(seed_site, drawn):
    from site_builder.site.generators.registry import generators
    from site_builder.site.lookups import Lookups
    from site_builder.site.render import all_pages, render_site

    files = list(render_site(seed_site, REPO, progress=True))
    pages = len(all_pages(generators(), Lookups(seed_site)))
    shown = bars(drawn(), "Rendering")
    assert pages < len(files)  # the data downloads and the feed are files, not pages
    assert shown and {(total, unit) for _, total, unit in shown} == {(pages, "page")}
    assert max(count for count, _, _ in shown) in (pages - 1, pages)  # the last drawing may be the bar cleared


def test_the_comparison_bar_counts_the_events_compared(seed_site, drawn):
    from site_builder.analysis.gazetteer import load_gazetteer
    from site_builder.build.cache import Cache
    from site_builder.build.comparisons import compare_events
    from site_builder.build.fingerprints import ContentDigests
    from site_builder.errors import Diagnostics

    digests = ContentDigests({source.id: source.id.encode() for source in seed_site.sources})
    compared = compare_events(seed_site.events, {s.id: s for s in seed_site.sources}, load_gazetteer(REPO, Diagnostics()),
                              1, Cache(None), digests, progress=True)
    assert [event.rows for event in compared] == [event.rows for event in seed_site.events]  # the bar changes nothing
    assert {(total, unit) for _, total, unit in bars(drawn(), "Comparing")} == {(len(seed_site.events), "event")}


@pytest.mark.parametrize("pages", [1, 700, 2100])
def test_the_search_bar_counts_the_pages_of_the_shards_indexed(tmp_path, monkeypatch, drawn, pages):
    from site_builder.output import search_index

    def indexed(executable, shard, staging, work):
        return work / f"bundle-{shard.number}", search_index.SearchIndex({}, 0)

    monkeypatch.setattr(search_index, "index_shard", indexed)
    shards = search_index.shards_of({f"sources/{number}/index.html": "digest" for number in range(pages)})
    made = search_index.index_shards("pagefind", shards, tmp_path, tmp_path, 2, progress=True)
    assert sorted(made) == [shard.number for shard in shards]
    shown = bars(drawn(), "Indexing for search")
    assert shown and {(total, unit) for _, total, unit in shown} == {(pages, "page")}
    sizes = [len(shard.pages) for shard in shards]
    whole_shards = {sum(some) for n in range(len(sizes) + 1) for some in itertools.combinations(sizes, n)}
    counts = [count for count, _, _ in shown]
    assert counts == sorted(counts) and set(counts) <= whole_shards  # a shard's pages count once it is indexed


def test_the_write_stage_counts_the_old_sites_files_it_looks_through_and_removes(tmp_path, drawn):
    from site_builder.output.write import OutputFile, write_site

    output = tmp_path / "public"
    many = [OutputFile(f"sources/{number}/index.html", b"page %d" % number) for number in range(30)]
    write_site(many, output)
    write_site(many, output)  # the first site is now the spare the next build recycles
    drawn()
    write_site(many[:10], output, progress=True)
    text = drawn()
    looked = bars(text, "Looking through the old site")
    assert looked and {(total, unit) for _, total, unit in looked} == {(None, "file")}  # found by the walk: no total
    assert max(count for count, _, _ in looked) <= 30
    removed = bars(text, "Removing old files")
    assert removed and {(total, unit) for _, total, unit in removed} == {(20, "file")}
    assert sorted(path.name for path in (output / "sources").iterdir()) == sorted(str(number) for number in range(10))
