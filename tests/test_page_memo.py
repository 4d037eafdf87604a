"""The render memo: a rebuild renders only the pages whose inputs changed, takes the others from the
live site, and gives exactly the bytes of a clean build."""

import dataclasses
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import write
from test_cache import GUILIN_SEED, edit_source
from test_determinism import same_site

from site_builder.build.cache import RENDER_CACHE_DIR
from site_builder.build.fingerprints import ContentDigests, content_digest, digest_of, key_digest
from site_builder.build.pipeline import BuildOptions, BuildResult, analyse_and_link, build
from site_builder.errors import Diagnostics, SiteError
from site_builder.site import render, routes

EDITED = "sources/001_31d0fa55b8edf2a7/index.html"
TUNXI = "sources/004_7807f473fc62edd1/index.html"  # the 2022 report: shares nothing with the edited one


@pytest.fixture
def every_pair_paged(monkeypatch):
    """Every pair of sources gets a page (the seeds' pairs but one share fewer than PAIR_PAGE_WORDS words)."""
    monkeypatch.setattr(routes, "PAIR_PAGE_WORDS", 1)


def rebuild(project: Path, tmp_path: Path, edit) -> tuple[BuildResult, BuildResult]:
    """Build, `edit`, build again into the same folder; check it against a clean build."""
    output = tmp_path / "public"
    first = build(project, output, BuildOptions())
    edit(project)
    second = build(project, output, BuildOptions())
    build(project, tmp_path / "clean", BuildOptions(cache=False))
    same_site(output, tmp_path / "clean")
    return first, second


def memoised(result: BuildResult) -> set[str]:
    return set(result.pages.records.entries)


def per_item_pages(result: BuildResult, prefix: str) -> set[str]:
    return {path for path in memoised(result) if path.startswith(prefix)}


def test_an_unchanged_rebuild_renders_no_page(project, tmp_path):
    first, second = rebuild(project, tmp_path, lambda project: None)
    assert {EDITED, TUNXI, "index.html", "reuse/passages/index.html", "data/index.html"} <= memoised(first) == first.pages.rendered
    assert any(path.startswith("entities/") for path in memoised(first))
    assert any(path.startswith("events/") for path in memoised(first))
    assert not second.pages.rendered and second.pages.records.unchanged == len(memoised(first)) == len(memoised(second))


def test_editing_a_source_renders_its_page_and_not_unrelated_ones(project, tmp_path, every_pair_paged):
    _, result = rebuild(project, tmp_path, edit_source)
    assert EDITED in result.pages.rendered
    assert TUNXI not in result.pages.rendered
    unrelated_pairs = {path for path in per_item_pages(result, "reuse/") if "--" in path and "001_" not in path}
    assert unrelated_pairs and not unrelated_pairs & result.pages.rendered


def test_rewording_a_shared_passage_in_place_renders_the_pages_showing_it(project, tmp_path, every_pair_paged):
    """A page key holds a passage as its word positions and both sources' digests: a change that
    leaves the words where they were (here, of case only) still reaches the pair page."""
    def recapitalise(project: Path) -> None:
        path = project / "seeds/002_83436da1cc890094.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("to the coronavirus pandemic", "to the Coronavirus pandemic"),
                        encoding="utf-8")

    first, result = rebuild(project, tmp_path, recapitalise)
    pair_page = "reuse/001_31d0fa55b8edf2a7--002_83436da1cc890094/index.html"
    assert pair_page in memoised(first) and pair_page in result.pages.rendered
    assert "to the Coronavirus pandemic" in (tmp_path / "public" / pair_page).read_text(encoding="utf-8")


def test_renaming_an_entity_renders_the_source_pages_that_mention_it_and_only_those(project, tmp_path):
    def rename(project: Path) -> None:
        path = project / "content/entities.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "name: Joe Biden\n  type: person\n  aliases: [Biden]", "name: Joseph R. Biden\n  type: person\n  aliases: [Biden, Joe Biden]"),
            encoding="utf-8")

    _, result = rebuild(project, tmp_path, rename)
    mentioning = {routes.source(s.id) for s in result.site.sources if any(m.entity == "joe-biden" for m in s.mentions)}
    assert mentioning and mentioning != per_item_pages(result, "sources/")
    assert per_item_pages(result, "sources/") & result.pages.rendered == mentioning
    assert not per_item_pages(result, "reuse/") & result.pages.rendered
    assert "entities/joe-biden/index.html" in result.pages.rendered


def test_editing_a_built_in_template_renders_the_pages_that_use_it_and_only_those(project, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(render.BUILTIN_TEMPLATES, templates)
    monkeypatch.setattr(render, "BUILTIN_TEMPLATES", templates)
    _, result = rebuild(project, tmp_path, lambda project: write(templates / "cite.html", "<p>Cite as you like.</p>\n"))
    citing = {path for path in memoised(result) if path.startswith(("sources/", "events/")) and path.count("/") == 2}
    assert citing and result.pages.rendered == citing  # source and event pages include cite.html
    assert "Cite as you like" in (tmp_path / "public" / EDITED).read_text(encoding="utf-8")


def test_a_projects_own_template_is_memoised_and_an_edit_of_it_renders_the_pages_using_it(project, tmp_path):
    write(project / "templates/source_panel.html", "<aside>{{ source.title }}</aside>\n")
    write(project / "templates/README.md", "Notes on my templates.\n")

    def edit(project: Path) -> None:
        write(project / "templates/source_panel.html", "<aside>Also: {{ source.title }}</aside>\n")
        write(project / "templates/README.md", "Other notes.\n")

    first, result = rebuild(project, tmp_path, edit)
    sources = {routes.source(s.id) for s in result.site.sources}
    assert memoised(first) == first.pages.rendered and result.pages.rendered == sources
    assert "<aside>Also: " in (tmp_path / "public" / EDITED).read_text(encoding="utf-8")


def test_a_template_reading_beyond_its_context_is_an_error_naming_it(project, tmp_path):
    """A template sees its page's context only (what its key is made of): reading the whole site is
    a clear error, never a stale page."""
    write(project / "templates/source_panel.html", "{% for s in site.sources %}{{ s.title }}{% endfor %}\n")
    with pytest.raises(SiteError, match=r"^templates/source_panel.html:1: while rendering sources/.*'sources'.* docs/templates.md"):
        build(project, tmp_path / "public", BuildOptions())


def test_a_tampered_or_deleted_page_in_the_live_site_is_rendered_not_copied(project, tmp_path):
    output = tmp_path / "public"
    first = build(project, output, BuildOptions())
    pair = sorted(per_item_pages(first, "reuse/") - {"reuse/passages/index.html"})[0]
    (output / TUNXI).write_bytes((output / TUNXI).read_bytes().replace(b"<h1>", b"<h1>Tampered "))
    (output / pair).unlink()
    result = build(project, output, BuildOptions())
    assert {TUNXI, pair} <= result.pages.rendered
    assert EDITED not in result.pages.rendered
    build(project, tmp_path / "clean", BuildOptions(cache=False))
    same_site(output, tmp_path / "clean")


def test_no_cache_renders_every_page_and_records_nothing(project, tmp_path):
    output = tmp_path / "public"
    build(project, output, BuildOptions(cache=False))
    result = build(project, output, BuildOptions(cache=False))
    assert {EDITED, TUNXI, "entities/joe-biden/index.html"} <= result.pages.rendered
    assert not memoised(result) and not (project / RENDER_CACHE_DIR).exists()


def test_a_key_does_not_depend_on_how_objects_are_shared(seed_site):
    """Pickle's memo writes an object met twice once, then a reference: one string in two fields
    and two equal strings would give different keys (a source from the cache, one just analysed)."""
    title = seed_site.sources[0].title
    twin = "".join(list(title))
    assert twin is not title
    assert digest_of(title, title) == digest_of(title, twin)
    assert content_digest(seed_site.sources[0]) != content_digest(seed_site.sources[1])


def test_a_source_digest_is_its_workers_or_follows_the_dates_the_link_stage_resolved(project):
    linked = analyse_and_link(project, BuildOptions(), Diagnostics())
    anchored = linked.site.by_id["001_31d0fa55b8edf2a7"]  # its weekdays were resolved through its event
    tunxi = linked.site.by_id["004_7807f473fc62edd1"]
    assert linked.digests.sources[tunxi.id] == content_digest(tunxi)  # the worker's, taken once
    shutil.rmtree(project / "content/events")  # so the link stage anchors nothing
    unanchored = analyse_and_link(project, BuildOptions(), Diagnostics())
    analysed = unanchored.site.by_id[anchored.id]
    assert analysed.dates != anchored.dates
    assert unanchored.digests.sources[anchored.id] == content_digest(analysed) != linked.digests.sources[anchored.id]


def test_a_changed_source_gets_a_digest_that_follows_its_dates(seed_site):
    source = next(source for source in seed_site.sources if source.dates)
    digests = ContentDigests({source.id: b"analysed"})
    digests.changed(source, source)
    assert digests.sources[source.id] == b"analysed"
    digests.changed(source, dataclasses.replace(source, dates=()))
    undated = digests.sources[source.id]
    digests = ContentDigests({source.id: b"analysed"})
    digests.changed(source, dataclasses.replace(source, dates=source.dates[:1]))
    assert b"analysed" != undated != digests.sources[source.id]


def test_a_page_key_stands_for_sources_and_passage_ends_by_their_digests(seed_site):
    pair = seed_site.reuse[0]
    source = seed_site.by_id[pair.a]
    digests = ContentDigests({pair.a: b"a", pair.b: b"b"})
    copied = dataclasses.replace(source, notes="copied, not analysed again")  # same id, same digest
    assert key_digest(digests, source, pair) == key_digest(digests, copied, pair)
    assert key_digest(digests, source, pair) != key_digest(ContentDigests({pair.a: b"a", pair.b: b"edited"}), source, pair)
    assert key_digest(ContentDigests(), source) != key_digest(ContentDigests(), copied)  # unknown: pickled whole


def test_an_event_page_key_takes_the_digest_its_comparison_was_made_from(project, tmp_path):
    """The digest covers the event, its sources and the gazetteer: an edit of one of its sources
    changes it, an edit of a source outside it does not."""
    first, second = rebuild(project, tmp_path, edit_source)
    before, after = first.digests.events, second.digests.events
    assert set(before) == {event.id for event in first.site.events}
    edited = GUILIN_SEED.split("/")[1].removesuffix(".txt")
    assert {event.id for event in second.site.events if edited in event.sources} == {
        event_id for event_id in before if before[event_id] != after[event_id]} != set(before)


def test_an_edit_of_one_source_in_a_larger_project_is_byte_identical(project, tmp_path):
    """Enough sources for the worker processes (the memo is sent to each and their records come back)."""
    text = (project / GUILIN_SEED).read_text(encoding="utf-8")
    for number in range(70):
        write(project / f"seeds/1{number:02d}_copy.txt", text.replace("Guilin", f"Guilin {number}"))
    _, result = rebuild(project, tmp_path, edit_source)
    assert EDITED in result.pages.rendered and "sources/150_copy/index.html" not in result.pages.rendered


def test_a_source_digests_the_same_before_and_after_its_cached_word_count_is_read(seed_site):
    source = pickle.loads(pickle.dumps(seed_site.sources[0]))
    before = content_digest(source)
    assert source.words > 0
    assert content_digest(source) == before and pickle.loads(pickle.dumps(source)).words == source.words
