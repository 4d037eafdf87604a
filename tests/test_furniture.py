"""Site furniture: the search box in every page's header, the current section in the navigation,
"On this page" lists, the print stylesheet and the dark colour scheme (issue "readable evidence")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CHROMIUM, SEED_PAGES, serve

from site_builder.site import routes
from site_builder.site.generators.registry import generators
from site_builder.site.lookups import Lookups
from site_builder.site.render import Renderer, all_pages
from site_builder.site.urls import relative_url

browser_only = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")
# The sections of the navigation, by the first folder of a page's path.
SECTIONS = {routes.SOURCES: "Sources", routes.EVENTS: "Events", routes.ENTITIES: "Entities", routes.QUOTES: "Quotes",
            routes.REUSE: "Text reuse", routes.TIMELINE: "Timeline", routes.NAMES: "Names to review",
            routes.DATA: "Data", routes.METHOD: "Method"}
PAGE_KINDS = {**SEED_PAGES, "data": "data/index.html", "method": "method/index.html", "not found": "404.html"}
SEARCH_PAGE = routes.index(routes.SEARCH)


# --- the rendered HTML (fast: the seed project analysed once, its pages rendered in this process) ----

@pytest.fixture(scope="module")
def rendered(seed_site, tmp_path_factory) -> dict[str, str]:
    """Every page of the repository's own project, as HTML, by path."""
    renderer = Renderer(seed_site, tmp_path_factory.mktemp("no-templates"))
    specs = all_pages(generators(), Lookups(seed_site))
    return {spec.path: renderer.page(spec, spec.context()).data.decode("utf-8") for spec in specs}


def header(html: str) -> str:
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_every_page_but_search_has_the_header_search_form_leading_to_the_search_page(rendered):
    assert len(rendered) > 40
    for path, html in rendered.items():
        forms = re.findall(r'<form class="site-search" role="search" action="([^"]+)" method="get">', header(html))
        if path == SEARCH_PAGE:
            assert forms == [], "the search page has its own box"
            continue
        assert forms == [relative_url(path, SEARCH_PAGE)], path
        assert re.search(r'<label[^>]* for="site-search-q">[^<]+</label>\s*<input id="site-search-q" type="search" name="q"',
                         header(html)), path
    # A GET form needs the page's Content-Security-Policy to allow it.
    assert "form-action 'self'" in rendered["index.html"]


def test_the_navigation_marks_the_section_of_the_page(rendered):
    for path, html in rendered.items():
        current = re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', header(html))
        section = path.split("/")[0]
        if section in SECTIONS:
            assert current == [(relative_url(path, routes.index(section)), SECTIONS[section])], path
        else:
            assert current == [], path
    assert '>Method</a>' in header(rendered["index.html"])


def test_long_pages_list_their_sections_and_every_entry_leads_to_a_heading(rendered):
    """A page whose h2s all have ids, 4 to 15 of them, lists them after its title; the content is
    otherwise output as the template made it."""
    with_list = [path for path, html in rendered.items() if 'class="toc"' in html]
    assert routes.index(routes.METHOD) in with_list and routes.index(routes.ENTITIES) in with_list
    assert "index.html" not in with_list  # two headings: no list
    for path in with_list:
        html = rendered[path]
        toc = html.split('class="toc"', 1)[1].split("</nav>", 1)[0]
        targets = re.findall(r'<a href="#([^"]+)">', toc)
        assert 4 <= len(targets) <= 15 and targets == re.findall(r'<h2 id="([^"]+)"', html), path
        assert len(targets) == html.count("<h2"), path
        assert html.index("</h1>") < html.index('class="toc"'), path
    quotes = rendered[routes.index(routes.QUOTES)]
    assert "<h2>" in quotes and 'class="toc"' not in quotes  # headings without ids: no list, nothing added


# --- in the browser ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_url(built, tmp_path_factory):
    """The built site served at http://127.0.0.1:PORT/repo-name/."""
    with serve(built, tmp_path_factory.mktemp("served")) as url:
        yield url


def first_result_links(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    return [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]


@browser_only
@pytest.mark.slow
def test_the_header_form_is_on_every_page_kind_and_searches_on_the_search_page(page, site_url):
    for kind, path in PAGE_KINDS.items():
        page.goto(site_url + path)
        assert page.is_visible("form[role=search] input[name=q]"), kind
        assert page.get_attribute("form[role=search] input[name=q]", "id") == "site-search-q"
    page.goto(site_url + PAGE_KINDS["event"])
    page.fill("#site-search-q", "Naning")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/search/index.html?q=Naning")
    assert page.input_value(".pagefind-ui__search-input") == "Naning"
    links = first_result_links(page)
    assert any("002_83436da1cc890094" in href or "guilin-2021" in href for href in links)


@browser_only
@pytest.mark.slow
def test_the_search_page_runs_the_words_in_its_address(page, site_url):
    page.goto(site_url + "search/index.html?q=Naning")
    page.wait_for_function("""() => [...document.querySelectorAll('.pagefind-ui__result-link')]
        .some(a => a.href.includes('/sources/002_83436da1cc890094/'))""", timeout=15000)
    assert page.query_selector(".site-search") is None  # one search box on the search page


@browser_only
@pytest.mark.slow
@pytest.mark.parametrize("kind, section", [("source", "Sources"), ("event", "Events"), ("pair", "Text reuse"),
                                           ("method", "Method")])
def test_the_navigation_shows_the_current_section(page, site_url, kind, section):
    page.goto(site_url + PAGE_KINDS[kind])
    current = page.eval_on_selector_all(".site-nav a[aria-current=page]", "links => links.map(a => a.textContent)")
    assert current == [section]
    weight = page.eval_on_selector(".site-nav a[aria-current=page]", "a => getComputedStyle(a).fontWeight")
    assert int(weight) >= 600  # marked by more than the attribute


@browser_only
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_and_filters_pass_colour_contrast(browser, site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(color_scheme=scheme)
    try:
        page.goto(site_url + "search/index.html?q=Naning")
        first_result_links(page)
        for name in page.query_selector_all(".pagefind-ui__filter-name"):
            name.click()  # open every filter group, so its labels are checked too
        page.wait_for_selector(".pagefind-ui__filter-label", state="visible")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        result = Axe().run(page, options={"runOnly": ["color-contrast"], "resultTypes": ["violations", "passes"]}).response
        failing = [(node["target"], node["any"][0]["message"][:90]) for v in result["violations"] for node in v["nodes"]]
        assert failing == []
        checked = sum(len(rule["nodes"]) for rule in result["passes"])
        assert checked > 20  # results and filters were there to be checked
    finally:
        page.close()


RELATIVE_HREF_PRINTED = """() => [...document.querySelectorAll('a[href]')]
    .filter(a => !/^https?:/.test(a.getAttribute('href')))
    .filter(a => getComputedStyle(a, '::after').content.includes(a.getAttribute('href')))
    .map(a => a.getAttribute('href'))"""


@browser_only
@pytest.mark.slow
def test_printing_shows_no_relative_addresses_and_no_site_furniture(page, site_url):
    page.emulate_media(media="print")
    for kind in ("source", "event", "entity", "quotes", "pair", "method"):
        page.goto(site_url + PAGE_KINDS[kind])
        assert page.evaluate(RELATIVE_HREF_PRINTED) == [], kind
        for furniture in (".site-nav", ".site-search", ".breadcrumb", ".toc"):
            element = page.query_selector(furniture)
            assert element is None or not element.is_visible(), (kind, furniture)
        colours = page.evaluate("[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]")
        assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], kind
    page.emulate_media(media="print", color_scheme="dark")
    page.goto(site_url + PAGE_KINDS["event"])
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"  # black on white whatever the scheme
