"""Every address the site has, in one table (after Pelican's `{TYPE}_URL`/`{TYPE}_SAVE_AS`).

Page generators, templates (through `url()` and the `*_path` helpers), the data downloads, the
raw copies, the feed, the sitemap and the search index all ask here; nothing else spells a path.
A path is relative to the site's root; a folder's page is its `index.html`.
"""

from __future__ import annotations

from typing import Any

HOME = "index.html"
NOT_FOUND = "404.html"
SOURCES = "sources"
EVENTS = "events"
ENTITIES = "entities"
QUOTES = "quotes"
REUSE = "reuse"
PASSAGES = "reuse/passages"
TIMELINE = "timeline"
NAMES = "names"
DATA = "data"
SEARCH = "search"
METHOD = "method"
RAW = "raw"
STATIC = "static"
SEARCH_INDEX = "pagefind"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NO_JEKYLL = ".nojekyll"
MANIFEST = "manifest.json"
COMPARISONS = f"{DATA}/comparisons"

# The folders whose pages search reads (the pages that carry `data-pagefind-body`): only these are
# given to the indexer, which halves its time on a large site.
SEARCHED_FOLDERS = (ENTITIES, EVENTS, QUOTES, SOURCES)
# A pair of sources gets a page of its own when its shared passages hold at least this many words
# (about two sentences); a shorter match, often one quoted sentence or a stock phrase, is marked on
# both sources' pages, each linking to the other's paragraph, and listed in the data. So the pages
# grow with the passages worth reading side by side, not with every pair that shares a phrase.
PAIR_PAGE_WORDS = 30
# Every top-level name the site itself uses: a free page may not take one.
TOP_LEVEL = frozenset({SOURCES, EVENTS, ENTITIES, QUOTES, REUSE, TIMELINE, NAMES, DATA, SEARCH, METHOD, RAW, STATIC,
                       SEARCH_INDEX, "index", "404"})


def index(folder: str) -> str:
    """The page of a folder: `sources` -> `sources/index.html`."""
    return f"{folder}/index.html"


def paged(folder: str, number: int) -> str:
    """Page `number` of an index split into pages: `folder/index.html`, then `folder/page/N/index.html`."""
    return index(folder) if number == 1 else index(f"{folder}/page/{number}")


def source(source_id: str) -> str:
    return index(f"{SOURCES}/{source_id}")


def paragraph(source_id: str, paragraph_id: str) -> str:
    """A paragraph of a source's page."""
    return f"{source(source_id)}#{paragraph_id}"


def entity(entity_id: str) -> str:
    return index(f"{ENTITIES}/{entity_id}")


def event(event_id: str) -> str:
    return index(f"{EVENTS}/{event_id}")


def pair(a: str, b: str) -> str:
    """The page of what two sources share (ids in the pair's order)."""
    return index(f"{REUSE}/{a}--{b}")


def has_pair_page(shared: Any) -> bool:
    """Whether a `ReusePair` gets a page of its own (PAIR_PAGE_WORDS)."""
    return shared.words >= PAIR_PAGE_WORDS


def pair_of(shared: Any, seen_from: str | None = None) -> str:
    """Where a `ReusePair` is shown: its page when it has one, else the paragraph where its first
    passage starts in the other source than `seen_from` (source b when seen from neither)."""
    if has_pair_page(shared):
        return pair(shared.a, shared.b)
    passage = shared.passages[0]
    other = passage.a if seen_from == shared.b else passage.b
    return paragraph(other.source, other.start.paragraph)


def free_page(slug: str) -> str:
    return index(slug)


def raw(name: str) -> str:
    return f"{RAW}/{name}"


def raw_page(name: str, page: int) -> str:
    """A page of a raw PDF file, at the anchor PDF viewers open it at (`raw/x.pdf#page=3`)."""
    return f"{raw(name)}#page={page}"


def warc(path: str) -> str:
    """Where a WARC file the project holds (`archive/x.warc.gz`, `seeds/y.warc.gz`) is published:
    beside the raw copies, under its own name (only ever a `.warc` or `.warc.gz` file)."""
    name = path.rsplit("/", 1)[-1]
    assert name.lower().endswith((".warc", ".warc.gz")) and not name.startswith("."), name
    return raw(name)


def static(name: str) -> str:
    return f"{STATIC}/{name}"


def data(name: str) -> str:
    return f"{DATA}/{name}"


def comparison(event_id: str) -> str:
    """An event's comparison table as CSV."""
    return f"{COMPARISONS}/{event_id}.csv"


def address(path: str) -> str:
    """A path as written for readers and in data: a folder's page as its folder, fragment kept
    (`sources/a/index.html#p3` -> `sources/a/#p3`)."""
    target, hash_mark, fragment = path.partition("#")
    return target.removesuffix("index.html") + hash_mark + fragment


def searched(path: str) -> bool:
    """True for the pages search reads."""
    return path.endswith(".html") and path.split("/", 1)[0] in SEARCHED_FOLDERS
