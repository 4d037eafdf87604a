"""Reading a real-sized collection in a real browser: a generated project of 40 reports with one
event of 32 (every report of several events, the worst case for a comparison), and the seeds, at
1280 and 390 px, light and dark: no serious accessibility failure, no sideways scroll of the page,
an event page of bounded height, a source's text near the top on a phone, pictures that parse and
whose links resolve."""

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import CHROMIUM, generated_project, serve

from site_builder.build.pipeline import BuildOptions, build

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")
BIG_EVENT = "events/all-at-once/index.html"
SOURCE = "sources/s000005/index.html"
PAGES = [BIG_EVENT, SOURCE, "reuse/index.html", "events/index.html", "timeline/index.html", "index.html"]
VIEWS = [(1280, 900, "light"), (1280, 900, "dark"), (390, 844, "light"), (390, 844, "dark")]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reading")
    project = generated_project(folder / "project", 40)
    members = sorted(path.stem for path in (project / "seeds").iterdir())[:32]
    (project / "content/events/all-at-once.md").write_text(
        f"---\ntitle: All at once\nsources: [{', '.join(members)}]\n---\nThe researcher's commentary.\n", encoding="utf-8")
    build(project, folder / "public", BuildOptions())
    return folder / "public"


@pytest.fixture(scope="module")
def big_url(big_site, tmp_path_factory):
    with serve(big_site, tmp_path_factory.mktemp("served")) as url:
        yield url


def test_the_big_event_has_32_columns_and_its_answers_first(big_site):
    page = (big_site / BIG_EVENT).read_text(encoding="utf-8")
    assert len(re.findall(r'<th scope="col"><a href="../../sources/', page)) == 32
    order = [page.index(marker) for marker in ('id="commentary-heading"', 'id="differences"', 'id="answers"', 'id="grid"', 'class="citation"')]
    assert order == sorted(order)  # commentary, differences, answers, then the grid; the citation last
    assert '<details class="grid">' in page  # folded: past eight reports the answers are the default view


@pytest.mark.parametrize("width, height, scheme", VIEWS)
def test_pages_read_at_every_width_and_scheme(browser, big_url, width, height, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    problems = []
    for path in PAGES:
        page.goto(big_url + path)
        serious = [f"{v['id']} ({v['impact']})" for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            problems.append(f"{path}: {serious}")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{path}: scrolls sideways")
    page.goto(big_url + BIG_EVENT)
    tallest = 8000 if width > 1000 else 20000
    assert page.evaluate("document.documentElement.scrollHeight") <= tallest
    page.goto(big_url + SOURCE)
    assert page.evaluate("document.getElementById('p1').getBoundingClientRect().top") <= 1.5 * height
    context.close()
    assert problems == []


def test_the_grid_scrolls_in_its_own_box_with_its_header_and_first_column_kept(browser, big_url):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(big_url + BIG_EVENT)
    page.click("details.grid > summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.query_selector(".comparison-wrap")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the grid scrolls inside its box
    for cell in ("table.comparison thead th", "table.comparison tbody th"):
        assert page.eval_on_selector(cell, "e => getComputedStyle(e).position") == "sticky"
    page.close()


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


@pytest.mark.parametrize("path", [BIG_EVENT, "reuse/index.html", "timeline/index.html"])
def test_every_picture_parses_and_its_links_resolve(big_site, path):
    html = (big_site / path).read_text(encoding="utf-8")
    pictures = [svg for svg in svgs(html) if 'class="answer-bar"' not in svg]
    assert pictures, path
    for svg in pictures:
        root = ElementTree.fromstring(svg)
        assert root.find("{http://www.w3.org/2000/svg}title") is not None or root.find("title") is not None
        for href in re.findall(r'<a href="([^"]+)"', svg):
            target = urlsplit(urljoin(f"http://site/{path}", href)).path.lstrip("/")
            assert (big_site / target).is_file(), f"{path}: {href}"
