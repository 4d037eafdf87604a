"""The routes table: every address of the site is spelled in one place."""

import re

from site_builder.model import Lineage, Passage, PassageEnd, ReusePair, Span
from site_builder.site import routes
from site_builder.site.render import BUILTIN_TEMPLATES
from site_builder.site.urls import relative_url


def test_pages_live_in_folders_so_their_addresses_end_with_a_slash():
    assert routes.source("a_1") == "sources/a_1/index.html"
    assert routes.pair("a", "b") == "reuse/a--b/index.html"
    assert routes.paged(routes.QUOTES, 1) == "quotes/index.html" and routes.paged(routes.QUOTES, 3) == "quotes/page/3/index.html"
    assert relative_url(routes.source("a"), routes.entity("x")) == "../../entities/x/index.html"


def test_only_pages_of_the_searched_folders_are_indexed():
    assert routes.searched("sources/a/index.html") and routes.searched("quotes/index.html")
    assert not routes.searched("reuse/index.html") and not routes.searched("sources/a/data.json")
    assert not routes.searched("index.html")


def test_every_top_level_folder_the_site_writes_is_reserved():
    folders = {routes.SOURCES, routes.EVENTS, routes.ENTITIES, routes.QUOTES, routes.REUSE, routes.TIMELINE, routes.NAMES,
               routes.DATA, routes.SEARCH, routes.METHOD, routes.RAW, routes.STATIC, routes.SEARCH_INDEX}
    assert folders <= routes.TOP_LEVEL
    assert routes.raw("x.txt").split("/")[0] in routes.TOP_LEVEL and routes.comparison("e").split("/")[0] in routes.TOP_LEVEL


def shared(words: int, a_paragraph: str = "p2", b_paragraph: str = "p7") -> ReusePair:
    """A pair of sources a and b sharing one passage of `words` words."""
    def end(source: str, paragraph: str) -> PassageEnd:
        return PassageEnd(source, 0, words - 1, Span(paragraph, 0, 10), Span(paragraph, 10, 20), "shared words")
    return ReusePair("a", "b", (Passage(end("a", a_paragraph), end("b", b_paragraph), "narrative"),), 0.1, 0.1, Lineage(1, words, 0))


def test_a_pair_has_a_page_only_when_it_shares_a_substantial_passage():
    long, short = shared(routes.PAIR_PAGE_WORDS), shared(routes.PAIR_PAGE_WORDS - 1)
    assert routes.has_pair_page(long) and not routes.has_pair_page(short)
    assert routes.pair_of(long) == routes.pair_of(long, "a") == routes.pair("a", "b")


def test_a_short_match_leads_to_the_other_sources_paragraph():
    short = shared(routes.PAIR_PAGE_WORDS - 1)
    assert routes.pair_of(short, "a") == routes.pair_of(short) == "sources/b/index.html#p7"
    assert routes.pair_of(short, "b") == "sources/a/index.html#p2"


def test_a_folders_page_is_written_as_its_folder_fragment_kept():
    assert routes.address(routes.paragraph("a_1", "p3")) == "sources/a_1/#p3"
    assert routes.address(routes.index(routes.RAW)) == "raw/" and routes.address(routes.HOME) == ""
    assert routes.address(routes.data("copies.csv")) == "data/copies.csv"


def test_a_raw_files_page_is_the_anchor_pdf_viewers_open():
    assert routes.raw_page("a.pdf", 3) == "raw/a.pdf#page=3"
    assert relative_url(routes.source("a"), routes.raw_page("a.pdf", 3)) == "../../raw/a.pdf#page=3"


def test_no_template_spells_an_address():
    """Templates ask the routes table: outside Jinja tags no folder of the site is written out, and
    no fragment is glued to a link made by `url()` (a paragraph is `routes.paragraph`)."""
    folder = re.compile(rf"(?<![\w/.-])({'|'.join(sorted(routes.TOP_LEVEL))})/")
    for template in sorted(BUILTIN_TEMPLATES.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\}\}#[\w=-]*\{\{", text), template.name
        assert not folder.search(re.sub(r"\{([{%#]).*?[}%#]\}", "", text, flags=re.S)), template.name
