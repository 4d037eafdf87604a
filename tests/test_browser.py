"""The built site in a real browser (Debian's chromium through Playwright): what a reader meets."""

import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pages(built: Path) -> list[Path]:
    return sorted(built.rglob("*.html"))


def test_every_page_fits_a_360px_phone_without_sideways_scrolling(browser, built):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for path in pages(built):
        page.goto(path.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path.relative_to(built)} is {width}px wide"
    page.close()


def test_pages_load_with_no_console_errors_or_blocked_resources(browser, built):
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    for path in pages(built):
        page.goto(path.as_uri())
        # the stylesheet applied: the CSP allows our own CSS
        assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none", path
    assert problems == []
    page.close()


def test_a_paragraph_link_lands_on_that_paragraph(browser, built):
    page = browser.new_page(viewport={"width": 1000, "height": 600})
    page.goto((built / "sources/003_28d1eb4e5542eb3f/index.html").as_uri() + "#p9")
    assert page.evaluate("document.querySelector(':target').id") == "p9"
    top = page.evaluate("document.getElementById('p9').getBoundingClientRect().top")
    assert 0 < top < 600  # scrolled to, with a margin above it
    page.close()


def test_removed_lines_open_on_click(browser, built):
    page = browser.new_page()
    page.goto((built / "sources/000_9f45db1a97bdd9a5/index.html").as_uri())
    assert not page.is_visible("details.removed table")
    page.click("details.removed summary")
    assert page.is_visible("text=This site uses Akismet to reduce spam.")
    page.close()
