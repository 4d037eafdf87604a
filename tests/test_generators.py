"""Page generators: every page kind lists its pages with the template and context it declares, each
page has one address, and the sitemap lists every page that is not marked `noindex`."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import generated_project, write

from site_builder.build.pipeline import BuildOptions, build
from site_builder.site import routes
from site_builder.build.fingerprints import ContentDigests, key_digest
from site_builder.site.generators import PER_INDEX_PAGE, Deferred, events, made, paged
from site_builder.site.generators.registry import BUILTIN, generators
from site_builder.site.pictures import reuse_network
from site_builder.site.render import all_pages


@pytest.mark.parametrize("generator", [g for g in BUILTIN if g.template], ids=lambda g: g.name)
def test_each_page_gets_the_template_and_exactly_the_context_its_generator_declares(generated_site, generator):
    specs = list(generator.pages(generated_site, range(generator.count(generated_site))))
    assert specs or generator.name == "free pages"
    for spec in specs:
        assert spec.template == generator.template
        assert set(spec.context()) == set(generator.context), spec.path


def test_per_item_generators_make_one_page_per_item_and_pieces_add_up(generated_site):
    for generator in (g for g in BUILTIN if g.per_item):
        count = generator.count(generated_site)
        whole = [spec.path for spec in generator.pages(generated_site, range(count))]
        pieces = [spec.path for start in range(0, count, 7)
                  for spec in generator.pages(generated_site, range(start, min(start + 7, count)))]
        assert len(whole) == count > 0 and pieces == whole, generator.name


def test_every_page_has_its_own_address(generated_site):
    paths = Counter(spec.path for spec in all_pages(generators(), generated_site))
    assert paths and max(paths.values()) == 1


def page_key(spec) -> bytes:
    """A page's key as the render memo makes it, less its templates' digest."""
    return key_digest(ContentDigests(), spec.title, spec.breadcrumb, spec.indexable, sorted(spec.context().items()))


def test_an_event_page_key_changes_with_its_own_sources_labels_only(generated_site, monkeypatch):
    """An event page holds the labels of its sources, not every label of the site."""
    lookups = generated_site
    event = lookups.site.events[0]
    outside = next(s.id for s in lookups.site.sources if s.id not in event.sources and s.id in lookups.event_of)
    other = events.event_page(lookups, lookups.site.events[lookups.event_of[outside]])
    before, other_before = page_key(events.event_page(lookups, event)), page_key(other)
    monkeypatch.setitem(lookups.labels, outside, "A renamed outlet")
    assert page_key(events.event_page(lookups, event)) == before
    assert page_key(other) != other_before
    monkeypatch.setitem(lookups.labels, event.sources[0], "Another renamed outlet")
    assert page_key(events.event_page(lookups, event)) != before


def test_paged_indexes_split_at_a_page_of_rows():
    items = list(range(2 * PER_INDEX_PAGE + 1))
    pages = list(paged("things", "things.html", "Things", (), items))
    assert [spec.path for spec in pages] == ["things/index.html", "things/page/2/index.html", "things/page/3/index.html"]
    assert [spec.title for spec in pages] == ["Things", "Things, page 2", "Things, page 3"]
    last = pages[-1].context()
    assert last["rows"] == [2 * PER_INDEX_PAGE] and last["page_number"] == 3 and last["page_count"] == 3


def test_the_sitemap_lists_every_page_not_marked_noindex(tmp_path):
    project = generated_project(tmp_path / "project", 12)
    write(project / "content/pages/about.md", "# About\n\nWho made this.\n")
    output = tmp_path / "public"
    build(project, output, BuildOptions(base_url="https://example.org/site/"))
    listed = set(re.findall(r"<loc>https://example\.org/site/(.*?)</loc>", (output / routes.SITEMAP).read_text(encoding="utf-8")))
    pages = {path.relative_to(output).as_posix() for path in output.rglob("*.html") if not path.is_relative_to(output / "pagefind")}
    noindex = {page for page in pages if '<meta name="robots" content="noindex">' in (output / page).read_text(encoding="utf-8")}
    assert noindex == {routes.NOT_FOUND, routes.index(routes.SEARCH)}
    address = lambda page: page.removesuffix("index.html")  # noqa: E731
    assert listed == {address(page) for page in pages - noindex}
    assert {"method/", "reuse/passages/", "about/"} <= listed and any(re.match(r"reuse/.+--.+/", page) for page in listed)


def test_a_free_page_cannot_take_a_name_the_site_uses(tmp_path):
    project = generated_project(tmp_path / "project", 4)
    write(project / "content/pages/timeline.md", "# Mine\n")
    with pytest.raises(Exception, match="page name 'timeline'"):
        build(project, tmp_path / "public", BuildOptions())


def test_generators_list_their_pages_without_making_contexts(generated_site):
    """Listing every page (for the sitemap) must stay cheap: no context is made."""
    made = []
    for spec in all_pages(generators(), generated_site):
        assert callable(spec.context)
        made.append(spec.path)
    assert len(made) > len(generated_site.site.sources)


def joined(*parts: str) -> str:
    return "-".join(parts)


def test_a_deferred_value_is_made_for_the_template_at_any_depth_of_dicts_and_keyed_by_its_arguments():
    value = {"pictures": {"network": Deferred(joined, ("a", "b"))}, "plain": [Deferred(joined, ("c",))]}
    assert made(value)["pictures"] == {"network": "a-b"}
    assert made(value)["plain"] == value["plain"]  # only dicts are looked into
    digests = ContentDigests()
    assert key_digest(digests, Deferred(joined, ("a", "b"))) == key_digest(digests, Deferred(joined, ("a", "b")))
    assert key_digest(digests, Deferred(joined, ("a", "b"))) != key_digest(digests, Deferred(joined, ("a", "c")))


NETWORKS_LAID_OUT: list[tuple] = []


def counted_network(*args):
    NETWORKS_LAID_OUT.append(args)
    return reuse_network(*args)


def test_keying_an_unchanged_event_page_lays_out_no_picture(project, tmp_path, monkeypatch):
    monkeypatch.setattr(events, "reuse_network", counted_network)
    output = tmp_path / "public"
    build(project, output, BuildOptions(jobs=1))
    assert NETWORKS_LAID_OUT  # each event page drew its network
    NETWORKS_LAID_OUT.clear()
    second = build(project, output, BuildOptions(jobs=1))
    assert not second.pages.rendered and NETWORKS_LAID_OUT == []
