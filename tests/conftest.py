"""Shared fixtures: a copy of this repository's own project (seeds + content) to build and break."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import hypothesis
import pytest

from site_builder.build.pipeline import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent
# The cache's signing key lives in the user's cache folder; tests keep theirs out of the real one.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="site-builder-test-cache-")
# Hypothesis keeps its examples and caches outside the checkout too (tests write nothing there).
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = tempfile.mkdtemp(prefix="site-builder-test-hypothesis-")
# Property tests try the same examples on every run (a failure is one a rerun shows again);
# FUZZ_RANDOM=1 lets them explore new ones.
hypothesis.settings.register_profile("site_builder", derandomize=os.environ.get("FUZZ_RANDOM") != "1", database=None)
hypothesis.settings.load_profile("site_builder")


# The slow tier (`make test`, not `make test-fast`): modules that build whole sites again and again,
# run the command line or a browser, validate HTML or fuzz. The fast tier tests each stage's
# capabilities on generated cases and runs in well under a minute on two cores.
# A page of each kind in the seeds' site, by kind (the browser tests visit them).
SEED_PAGES = {
    "home": "index.html", "sources": "sources/index.html", "source": "sources/002_83436da1cc890094/index.html",
    "events": "events/index.html", "event": "events/guilin-2021/index.html", "entities": "entities/index.html",
    "entity": "entities/sergei-lavrov/index.html", "quotes": "quotes/index.html", "reuse": "reuse/index.html",
    "pair": "reuse/001_31d0fa55b8edf2a7--003_28d1eb4e5542eb3f/index.html", "passages": "reuse/passages/index.html",
    "timeline": "timeline/index.html", "names": "names/index.html",
}
SLOW_MODULES = frozenset({
    "test_browser", "test_cache", "test_check", "test_cli", "test_determinism", "test_discovery", "test_docs", "test_faults",
    "test_fuzz", "test_hostile_input", "test_html_valid", "test_inputs", "test_page_memo", "test_parallel", "test_plugins", "test_preview",
    "test_reading", "test_render", "test_scaffold", "test_search_index", "test_serve", "test_site", "test_themes", "test_write", "test_xss",
})


def checkout_leftovers() -> set[str]:
    """What git sees in the checkout beyond its tracked files (ignored ones too), but the virtual
    environment, the installed package's metadata and Python's byte-code caches."""
    try:
        listed = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=REPO, capture_output=True, text=True,
                                check=True).stdout
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: nothing to compare
        return set()
    return {line[3:] for line in listed.splitlines() if line[:2] in ("??", "!!")
            and not any(part in line for part in ("__pycache__", ".venv/", ".egg-info/"))}


# Tests write nothing into the checkout: a run that leaves a new file or folder there fails.
def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[LEFTOVERS] = checkout_leftovers()


def pytest_sessionfinish(session: pytest.Session) -> None:
    written = sorted(checkout_leftovers() - session.config.stash.get(LEFTOVERS, set()))
    if written:
        print(f"\ntests wrote into the checkout: {', '.join(written)}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


LEFTOVERS = pytest.StashKey[set[str]]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def sentence(macro: str, *args) -> str:
    """What a macro of the built-in sentences.html says of `args` (the link stage gives facts; the
    templates make the sentences)."""
    from site_builder.site.render import make_environment

    return str(getattr(make_environment(REPO / "no-such-project").get_template("sentences.html").module, macro)(*args))


def copy_project(root: Path) -> Path:
    """A writable copy of the repository's seeds/ and content/ at `root`."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the repository's seeds/ and content/."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own project built once (read-only for tests)."""
    folder = tmp_path_factory.mktemp("built")
    project = copy_project(folder / "project")
    build(project, folder / "public", BuildOptions())  # a copy: nothing is written into the checkout
    return folder / "public"


def generated_project(folder: Path, count: int = 30, seed: int = 1) -> Path:
    """A synthetic project of `count` news-like reports (bench/project.py): events of 2-8 reports,
    half curated, shared passages, a gazetteer with spelling variants."""
    sys.path.insert(0, str(REPO / "bench"))
    from project import write_project

    write_project(count, folder, seed)
    return folder


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory: pytest.TempPathFactory):
    """A 30-report synthetic project analysed, with its Lookups (no files written)."""
    from site_builder.build.pipeline import load_site
    from site_builder.errors import Diagnostics
    from site_builder.site.lookups import Lookups

    project = generated_project(tmp_path_factory.mktemp("generated") / "project")
    return Lookups(load_site(project, BuildOptions(cache=False), Diagnostics()))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_site():
    """The repository's own project, analysed (no files written)."""
    from site_builder.build.pipeline import load_site
    from site_builder.errors import Diagnostics

    return load_site(REPO, BuildOptions(cache=False), Diagnostics())  # no .cache/ in the checkout


def analyse(text: str, entities_yaml: str = "", published: str | None = None, tmp_path: Path | None = None):
    """Run every per-source stage on one text with a small gazetteer; returns (source, gazetteer)."""
    import dataclasses

    from site_builder.analysis.gazetteer import Gazetteer, load_gazetteer
    from site_builder.build.prepare import process_source
    from site_builder.model import extracted
    from site_builder.sources.load import load_source

    assert tmp_path is not None
    project = tmp_path / "analyse"
    write(project / "content/entities.yaml", entities_yaml)
    source = load_source(write(project / "seeds/doc.txt", text))
    if published:
        source = dataclasses.replace(source, fields={**source.fields, "published": extracted(published, "test")})
    gazetteer: Gazetteer = load_gazetteer(project)
    return process_source(source, gazetteer), gazetteer


PEOPLE_YAML = """
sergei-lavrov: {name: Sergei Lavrov, type: person, aliases: [Lavrov]}
wang-yi: {name: Wang Yi, type: person, aliases: [Wang]}
russia: {name: Russia, type: place}
china: {name: China, type: place}
guilin: {name: Guilin, type: place}
"""


# The real browser: Debian's chromium through Playwright (tests/test_browser.py, tests/test_xss.py).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PREFIX = "repo-name"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(site: Path, root: Path) -> Iterator[str]:
    """`site` served over HTTP under a sub-path, as GitHub Pages serves a project site; yields its URL."""
    (root / PREFIX).symlink_to(site, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def all_pages(built: Path) -> list[str]:
    """Every HTML page of a built site (pagefind's own files aside), as paths within it."""
    return sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html") if "pagefind" not in p.parts)


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def search_results(page, words: str, awaited: str | None = None) -> list[str]:
    """Search on the open search page; every result's link, past pagefind's first five (each
    shard ranks its own pages, so the order of results differs from one bundle's). The bundles
    load one by one, and on a busy machine a later bundle's results come after the first ones:
    wait up to 15 s for a link ending in `awaited`."""
    page.fill(".pagefind-ui__search-input", words)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    deadline = time.monotonic() + 15
    while True:
        while page.query_selector(".pagefind-ui__button"):
            page.click(".pagefind-ui__button")
        found = [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]
        if awaited is None or any(href.endswith(awaited) for href in found) or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(200)


def filter_to_sources(page, words: str) -> None:
    """Tick pagefind's "Kind: source" filter after searching `words`. pagefind's UI shows its
    filters once their index has loaded; on a busy two-core machine it now and then never showed
    them (in a fresh clone's `make test` and under load, never on a quiet machine): then the
    search page is opened again with the words in its address (`?q=`), up to three times."""
    for attempt in range(3):
        try:
            page.wait_for_selector(".pagefind-ui__filter-name:has-text('Kind')", timeout=20000)
            break
        except Exception:  # Playwright's TimeoutError
            if attempt == 2:
                raise
            page.goto(page.url.split("?")[0] + "?q=" + words)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=30000)
    page.click(".pagefind-ui__filter-name:has-text('Kind')")
    page.check("input[id='kind-source']")


def settled_results(page, expected: list[str]) -> list[str]:
    """Wait (up to 30 s) until the set of result pages (links without their fragment) is exactly
    `expected`, sorted, and return it: pagefind shows results as each bundle answers and after
    each filter change, so the first non-empty list may be part of the answer."""
    page.wait_for_function("""expected => { const links = [...document.querySelectorAll('.pagefind-ui__result-link')];
        const found = [...new Set(links.map(a => new URL(a.href).pathname))].sort();
        return JSON.stringify(found) === JSON.stringify(expected); }""", arg=sorted(expected), timeout=30000)
    return sorted({a.get_attribute("href").split("#")[0] for a in page.query_selector_all(".pagefind-ui__result-link")})


# Browser waits in tests/test_browser.py: each waits for a condition, up to a limit that a busy two-core
# machine stays well within (a real failure still fails, only later).
BROWSER_TIMEOUT_MS = 120_000


@contextmanager
def open_patient_page(browser, **options) -> Iterator:
    """A page in a browser context of its own (`options`: viewport, color_scheme…) whose waits,
    navigations included, allow BROWSER_TIMEOUT_MS."""
    context = browser.new_context(**options)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def patient_page(browser):
    """`open_patient_page` with the default viewport."""
    with open_patient_page(browser) as page:
        yield page


# The result pages of pagefind's search UI once it has shown every result: its message gives their
# number ("11 results for Tehran"), that many results are listed ("Load more results" clicked until
# it is gone) and loaded; else null. With `expected`, also null until the pages are exactly those.
SETTLED_RESULTS_JS = """expected => {
    document.querySelectorAll('.pagefind-ui__button').forEach(button => button.click());
    const message = document.querySelector('.pagefind-ui__message')?.textContent ?? '';
    const count = Number((message.match(/^(\\d+) results?\\b/) || [])[1]);
    const results = document.querySelectorAll('.pagefind-ui__results > li');
    if (!count || results.length !== count || document.querySelector('.pagefind-ui__results .pagefind-ui__loading')) {
        return null;
    }
    const links = [...document.querySelectorAll('.pagefind-ui__result-link')];
    const pages = [...new Set(links.map(a => new URL(a.href).pathname))].sort();
    return expected === null || JSON.stringify(pages) === JSON.stringify(expected) ? pages : null;
}"""


def settled_search(page, expected: list[str] | None = None) -> list[str]:
    """Wait until the open search page shows every result of its search (SETTLED_RESULTS_JS), and
    with `expected` until the result pages are exactly those (sorted); the pages, sorted."""
    return page.wait_for_function(SETTLED_RESULTS_JS, arg=expected, polling=100).json_value()


# .ci/run sets SITE_BUILDER_NO_SKIP=1: there chromium and Java are installed and every test must run,
# so a test that skips (a browser or package missing after all, an empty parametrization) fails.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = (yield).get_result()
    if report.skipped and os.environ.get("SITE_BUILDER_NO_SKIP") and not hasattr(report, "wasxfail"):
        path, line, reason = report.longrepr  # how pytest reports a skip
        report.outcome = "failed"
        report.longrepr = f"{path}:{line}: {reason} (a skip fails where SITE_BUILDER_NO_SKIP is set)"
