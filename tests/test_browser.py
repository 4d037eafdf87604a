"""The built site in a real browser (Debian's chromium through Playwright), served over HTTP
under a sub-path, as GitHub Pages serves a project site: what a reader meets.

Every wait is for a condition (a page's load, a URL, pagefind's settled results), each allowed
BROWSER_TIMEOUT_MS, so a busy machine passes and a real failure still fails; nothing sleeps."""

import os
from pathlib import Path

import pytest
from conftest import CHROMIUM, PREFIX, SEED_PAGES, all_pages, filter_to_sources, open_patient_page, serve, settled_search

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")
PAGE_TYPES = {**SEED_PAGES, "search": "search/index.html"}


@pytest.fixture(scope="module")
def site_url(built, tmp_path_factory):
    """The built site served at http://127.0.0.1:PORT/repo-name/ (listening before this yields)."""
    with serve(built, tmp_path_factory.mktemp("served")) as url:
        yield url


def test_every_page_loads_with_no_console_error_or_failed_request(patient_page, built, site_url):
    page = patient_page
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on("response", lambda response: problems.append(f"{response.status}: {response.url}") if response.status >= 400 else None)
    for path in all_pages(built):
        if path == "404.html":
            continue
        page.goto(site_url + path)
        assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none", path  # our CSS applied
    assert problems == []


def test_every_page_fits_a_360px_phone_without_sideways_scrolling(browser, built, site_url):
    with open_patient_page(browser, viewport={"width": 360, "height": 740}) as page:
        for path in all_pages(built):
            page.goto(site_url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path} is {width}px wide"


def search(page, site_url, words: str, expected: list[str] | None = None) -> list[str]:
    """Every result page of a search for `words` (with `expected`, once they are exactly those)."""
    page.goto(site_url + "search/index.html")
    page.fill(".pagefind-ui__search-input", words)
    return settled_search(page, expected)


def source(name: str) -> str:
    return f"/{PREFIX}/sources/{name}/index.html"


def test_search_finds_naning_in_002(patient_page, site_url):
    found = search(patient_page, site_url, "Naning")
    assert [page for page in found if "/sources/00" in page] == [source("002_83436da1cc890094")]


def test_search_for_tehran_filtered_to_sources_gives_002_and_003(patient_page, site_url):
    unfiltered = search(patient_page, site_url, "Tehran")
    assert any("/entities/" in page for page in unfiltered)  # so the filter has something to narrow
    filter_to_sources(patient_page, "Tehran")  # opens the page again if pagefind never shows its filters
    expected = [source("002_83436da1cc890094"), source("003_28d1eb4e5542eb3f")]
    assert settled_search(patient_page, expected) == expected


def test_an_evidence_link_in_the_comparison_lands_on_its_paragraph(patient_page, site_url):
    page = patient_page
    page.goto(site_url + "events/guilin-2021/index.html")
    page.click("td.status-differ[data-source='via BNS'] .evidence a")  # 002, labelled by its credit
    page.wait_for_url("**" + source("002_83436da1cc890094") + "#p2")
    assert page.evaluate("document.querySelector(':target').id") == "p2"
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).outlineStyle") == "solid"
    assert "Naning" in page.inner_text("#p2")


def test_tables_sort_and_filter(patient_page, site_url):
    page = patient_page
    page.goto(site_url + "sources/index.html")
    words = lambda: [int(t) for t in page.eval_on_selector_all("table.sources-table tbody td.num", "cells => cells.map(c => c.textContent)")]  # noqa: E731
    page.click("table.sources-table th:nth-child(4) button")
    assert words() == sorted(words())
    page.click("table.sources-table th:nth-child(4) button")
    assert words() == sorted(words(), reverse=True)
    assert page.get_attribute("table.sources-table th:nth-child(4)", "aria-sort") == "descending"
    page.fill(".table-filter input", "Shine")
    assert page.eval_on_selector_all("table.sources-table tbody tr:not([hidden])", "rows => rows.length") == 1


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")])
def test_no_serious_accessibility_violation_on_any_page_type(browser, site_url, width, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    with open_patient_page(browser, viewport={"width": width, "height": 900}, color_scheme=scheme) as page:
        for name, path in PAGE_TYPES.items():
            page.goto(site_url + path)
            violations = axe.run(page).response["violations"]
            serious = [f"{v['id']} ({v['impact']})" for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                found[name] = serious
    assert found == {}


def test_screenshots_of_each_page_type(patient_page, site_url, tmp_path_factory):
    """A full-page screenshot of each page type, kept in $SITE_BUILDER_SCREENSHOTS when it names a
    folder (to look at them), else in a temporary one (tests write nothing into the checkout)."""
    folder = Path(os.environ.get("SITE_BUILDER_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in PAGE_TYPES.items():
        patient_page.goto(site_url + path)
        target = folder / f"{name}.png"
        patient_page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5000
