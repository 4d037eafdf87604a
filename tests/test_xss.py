"""Untrusted sources: nothing runs in a reader's browser (issue 9).

`xss_site.make_hostile_project` deals the 156 vectors of `xss_vectors.py` (after the OWASP
filter-evasion cheat sheet), plus 10 http(s) URLs that try to break out of their attribute,
round-robin into 64 input positions:
- txt: headline, a label around the lede (publisher), `Source:` credit line, rights line, body;
- Markdown: front matter (title, publisher, author, credit, place, rights, description, note, url),
  heading, body;
- HTML: <title>, meta description and author, og:title, og:site_name, og:url, canonical link,
  JSON-LD headline/author/publisher/description, <h1>, body text, raw markup in the body, link
  targets and link texts;
- sidecars: title, publisher, author, credit, place, rights, description, note, url;
- in source text: quoted speech (quotes page), text beside capitalised names (names to review),
  facet values, a passage shared by several sources (text reuse pages);
- entities.yaml: names, aliases, descriptions, links;
- events: title, summary, place and participants (hostile entity names), facet labels, `near`
  phrases and patterns, Markdown commentary;
- free pages: title, heading as title, Markdown body;
- site.yaml: title, description, author, licence, base_url.
That is 1,174 placements: every vector in 7 or 8 positions, every body of text given 25 or more
vectors (counts asserted in `test_the_corpus_covers_every_position`). Source file names cannot carry
a vector: a hostile name is refused with a clear error (as are hostile event, page and entity ids).

The built site (about 210 pages) is then checked twice: statically, every page parsed (`xss_checks`);
and in chromium with the pages' Content-Security-Policy bypassed, so escaping alone must hold.
"""

from __future__ import annotations

import html
import json
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from conftest import CHROMIUM, all_pages, serve, write
from xss_checks import page_problems
from xss_site import BODY, dump, make_hostile_project
from xss_vectors import URL_VECTORS, VECTORS

from site_builder.build.pipeline import BuildOptions, build, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.serve import error_page
from site_builder.site.render import filter_label, json_for_script


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(project root, built site, placement counts) of the hostile project, built once."""
    root = tmp_path_factory.mktemp("hostile")
    dealt = make_hostile_project(root)
    build(root, root / "public", BuildOptions())
    return root, root / "public", dealt


def test_the_corpus_covers_every_position(hostile):
    _, _, dealt = hostile
    assert len(set(VECTORS)) == len(VECTORS) >= 100
    assert all(str(number) in vector for number, vector in enumerate(VECTORS, 1))  # each names itself
    assert len(dealt.positions) >= 64 and sum(dealt.positions.values()) >= 1170
    assert min(dealt.per_vector[v] for v in VECTORS) >= 7
    assert all(count >= BODY for position, count in dealt.positions.items() if "body" in position or "commentary" in position)



def test_no_built_page_holds_a_script_handler_or_script_url(hostile):
    _, public, _ = hostile
    pages = all_pages(public)
    assert len(pages) > 150
    base_url = URL_VECTORS[0] + "/"  # the hostile project's base_url, as the build completes it
    problems = [problem for path in pages for problem in page_problems(path, (public / path).read_text(encoding="utf-8"), base_url)]
    assert problems == []


def test_without_base_url_no_built_page_holds_a_script_handler_or_script_url(tmp_path):
    """Relative links and the 404 page's other form: the same checks on the project built without base_url."""
    make_hostile_project(tmp_path)
    site_yaml = tmp_path / "content/site.yaml"
    site_yaml.write_text(dump({key: value for key, value in yaml.safe_load(site_yaml.read_text()).items() if key != "base_url"}))
    build(tmp_path, tmp_path / "public", BuildOptions())
    problems = [problem for path in all_pages(tmp_path / "public")
                for problem in page_problems(path, (tmp_path / "public" / path).read_text(encoding="utf-8"))]
    assert problems == []


def test_the_serve_error_page_shows_a_hostile_value_as_text():
    page = error_page("content/site.yaml:3: 'base_url': '<script>alert(1)</script>' is not an http(s) URL", 8000).decode()
    assert "&lt;script&gt;alert(1)" in page and "<script>alert" not in page


@pytest.mark.parametrize("html, found", [
    ('<a href="java&#x09;script:alert(1)">x</a>', "script or data URL"),
    ("<img src=x onerror=alert(1)>", "event handler"),
    ("<script>alert(1)</script>", "not the site's own"),
    ('<script type="application/ld+json">{"a": "</script>"}</script>', "JSON-LD"),
    ('<a href="https://example.org/">x</a>', "off-site link"),
    ('<meta http-equiv="refresh" content="0;url=/">', "http-equiv"),
    ("<iframe srcdoc=x></iframe>", "srcdoc"),
    ("<p>49 823543</p>", "evaluated"),
])
def test_the_page_checker_finds_each_kind_of_problem(html, found):
    assert any(found in problem for problem in page_problems("t.html", html))


def test_inline_json_cannot_close_its_script_block():
    text = str(json_for_script({"a": "</script><script>alert(1)</script>", "b": "<!--", "c": "&"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["a"] == "</script><script>alert(1)</script>"


def test_search_filter_values_stay_escaped_after_pagefinds_two_decodings():
    decoded = html.unescape(html.unescape(str(filter_label("<img src=x onerror=alert(1)> & Co"))))
    assert decoded == "&lt;img src=x onerror=alert(1)&gt; &amp; Co"  # what pagefind's UI inserts as HTML


def test_raw_copies_of_html_sources_are_published_as_text(hostile):
    _, public, _ = hostile
    raw = sorted(p.name for p in (public / "raw").iterdir())
    assert [name for name in raw if name.startswith("h")] == [f"h{n}.html.txt" for n in range(1, 7)]
    assert not any(name.endswith((".html", ".htm", ".svg", ".xhtml")) for name in raw)


@pytest.mark.parametrize("name", ['<img src=x onerror=alert(1)>.txt', '"onmouseover=alert(1).md', "javascript:alert(1).html",
                                  "a b.txt", "-x.txt", ".hidden<script>.txt", "x&y.txt", "x'y.txt"])
def test_a_hostile_file_name_is_refused_with_a_clear_error(tmp_path, name):
    write(tmp_path / "seeds" / name, "The ministers met in Guilin on Monday morning.\n")
    write(tmp_path / "seeds/ok.txt", "The ministers met in Guilin on Monday morning.\n")
    if name.startswith("."):  # hidden files are skipped, never published
        assert [s.id for s in load_site(tmp_path, BuildOptions(), Diagnostics()).sources] == ["ok"]
        return
    with pytest.raises(SiteError, match=r"file name must start with a letter or digit, .* and use only letters, digits"):
        load_site(tmp_path, BuildOptions(), Diagnostics())


@pytest.mark.parametrize("path, message", [
    ("content/events/<svg onload=alert(1)>.md", "event file name"),
    ("content/pages/<svg onload=alert(1)>.md", "page name"),
])
def test_hostile_event_and_page_file_names_are_refused(tmp_path, path, message):
    write(tmp_path / "seeds/ok.txt", "The ministers met in Guilin on Monday morning.\n")
    write(tmp_path / path, "---\ntitle: T\nsources: [ok]\n---\n")
    with pytest.raises(SiteError, match=message):
        build(tmp_path, tmp_path / "out", BuildOptions())


def test_a_hostile_entity_id_is_refused(tmp_path):
    write(tmp_path / "seeds/ok.txt", "The ministers met in Guilin on Monday morning.\n")
    write(tmp_path / "content/entities.yaml", '"<svg onload=alert(1)>": {name: X, type: person}\n')
    with pytest.raises(SiteError, match="entity id"):
        load_site(tmp_path, BuildOptions(), Diagnostics())


# --- in the browser -------------------------------------------------------------------------------

browser_only = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")

# Anything that could run or that content should never add, found in the live DOM (after the parser
# and the site's own scripts ran): handlers, script URLs, foreign scripts, embedding elements.
FIND_INJECTED = """() => {
  const found = [];
  // pagefind's own search form (its action is 'javascript:void(0);')
  const pagefindForm = (el) => el.tagName === 'FORM' && el.classList.contains('pagefind-ui__form') && el.getAttribute('action') === 'javascript:void(0);';
  const own = /\\/(static\\/[a-z-]+\\.js|pagefind\\/pagefind[a-z-]*\\.js)$/;
  // the header's search box (base.html): a GET form to the site's own search page (on the 404 page, at base_url)
  const ownSearch = (el) => el.tagName === 'FORM' && el.className === 'site-search' && el.method === 'get'
    && /^https?:$/.test(new URL(el.action).protocol) && /\\/search\\/(index\\.html)?$/.test(new URL(el.action).pathname);
  // the site's own pictures and an answer's bar (inline SVG)
  const ownPicture = (el) => el.tagName.toLowerCase() === 'svg' && (el.classList.contains('answer-bar') || el.parentElement.classList.contains('picture'));
  for (const el of document.querySelectorAll('*')) {
    if (pagefindForm(el) || ownSearch(el)) continue;
    for (const attr of el.attributes) {
      const value = attr.value.replace(/^[\\x00-\\x20]+|[\\t\\n\\r]/g, '').toLowerCase();
      if (attr.name.startsWith('on') || attr.name === 'srcdoc'
          || (/^(href|src|action|formaction|xlink:href|data|poster)$/.test(attr.name)
              && /^(javascript|vbscript|data):/.test(value) && !(el.tagName === 'LINK' && attr.value === 'data:,')))
        found.push(el.tagName + ' ' + attr.name + '=' + attr.value.slice(0, 80));
    }
    if (el.tagName === 'SCRIPT' && !(el.type === 'application/ld+json' || own.test(el.src)))
      found.push('SCRIPT ' + (el.src || el.textContent.slice(0, 80)));
    if ((/^(IFRAME|FRAME|OBJECT|EMBED|BASE|STYLE|APPLET|FORM|SVG|MATH)$/i.test(el.tagName) && !ownPicture(el))
        || (el.tagName === 'META' && /refresh/i.test(el.httpEquiv)))
      found.push(el.tagName);
  }
  if (window.__xss !== undefined) found.push('window.__xss=' + window.__xss);
  return found;
}"""

# Fire the events injected handlers would wait for, on every element (no clicks: they would navigate).
PROVOKE = """() => {
  for (const el of document.querySelectorAll('body *'))
    for (const type of ['mouseover', 'pointerover', 'focus', 'toggle', 'animationstart', 'error', 'load'])
      el.dispatchEvent(new Event(type));
}"""


@pytest.fixture(scope="module")
def hostile_url(hostile, tmp_path_factory):
    with serve(hostile[1], tmp_path_factory.mktemp("served")) as url:
        yield url


@pytest.fixture
def csp_off(browser):
    """A tab that ignores the pages' Content-Security-Policy: escaping and sanitising must hold alone."""
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(f"{tab.url}: {dialog.type} {dialog.message}"), dialog.dismiss()))
    yield tab, dialogs
    context.close()


@browser_only
def test_no_page_of_the_hostile_site_runs_or_holds_injected_code(hostile, hostile_url, csp_off):
    tab, dialogs = csp_off
    injected: dict[str, list[str]] = {}
    pages = all_pages(hostile[1])
    for path in pages:
        tab.goto(hostile_url + path, wait_until="load")
        tab.evaluate(PROVOKE)
        found = tab.evaluate(FIND_INJECTED)
        if found:
            injected[path] = found
    assert len(pages) > 150
    assert dialogs == [] and injected == {}


@browser_only
def test_search_results_from_hostile_text_run_nothing(hostile_url, csp_off):
    tab, dialogs = csp_off
    for words in ("alert", "onerror", "script", "javascript"):
        tab.goto(hostile_url + "search/index.html")
        tab.fill(".pagefind-ui__search-input", words)
        tab.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        tab.wait_for_timeout(300)
        tab.evaluate(PROVOKE)
        assert tab.evaluate(FIND_INJECTED) == [], words
    labels = tab.eval_on_selector_all(".pagefind-ui__filter-label", "labels => labels.map(l => l.textContent.replace(/\\s*\\(\\d+\\)\\s*$/, ''))")
    assert {vector.strip() for vector in VECTORS} & set(labels)  # hostile event titles shown as the text they are
    assert dialogs == []


def test_raw_copies_are_served_as_text_never_as_a_document(hostile, hostile_url):
    for raw in sorted((hostile[1] / "raw").iterdir()):
        with urllib.request.urlopen(hostile_url + "raw/" + raw.name) as response:
            assert response.headers.get_content_type() in {"text/plain", "text/markdown"}, raw.name


@pytest.mark.parametrize("name", ["feed.xml", "sitemap.xml"])
def test_xml_files_hold_only_their_own_elements(hostile, name):
    """A browser renders these as XML, where an element in the XHTML namespace would run."""
    namespaces = {element.tag.split("}")[0] for element in ElementTree.parse(hostile[1] / name).iter()}
    assert len(namespaces) == 1 and "xhtml" not in namespaces.pop()


def test_url_vectors_only_hold_http_urls():
    assert all(url.startswith(("http://", "https://")) and " " not in url for url in URL_VECTORS)
