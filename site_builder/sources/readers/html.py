"""HTML: main text through trafilatura; metadata as the page states it (`html_metadata`), with
trafilatura's own metadata as the fallback for a field the page's markup does not give.

A fragment (`<p>…</p>` with no `<html><body>`) is read as the body of a document; a page with no
text outside navigation, forms and scripts has no main text.
"""

from __future__ import annotations

import logging

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import Document

from site_builder.errors import SiteError
from site_builder.model import Field, Line, LineKind, extracted
from site_builder.schema import is_web_url
from site_builder.sources.readers.base import Extracted
from site_builder.sources.readers.html_metadata import WIDGET_TAGS, parse, stated_in

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

WHERE = "the HTML metadata (<title>, <meta>, Open Graph or JSON-LD)"
WHERE_STATED = {"page_title": "the page's <title>", "author": "the page's byline (JSON-LD, <meta> or byline markup)",
                "language": "the <html lang> attribute"}
# trafilatura's metadata names -> our field names. Not its author: it rewrites names ("J. Petrov"
# becomes "J Petrov", a co-author in parentheses is dropped), so bylines come only from the page.
FALLBACK = {
    "title": "title",
    "date": "published",
    "sitename": "publisher",
    "url": "url",
    "description": "description",
    "license": "rights",
}


# Text in the page's body outside navigation, forms, buttons, scripts and styles.
_READING_TEXT = lxml.etree.XPath(
    "boolean(//body//text()[normalize-space()][not(ancestor::*[" + " or ".join(f"self::{tag}" for tag in sorted(WIDGET_TAGS)) + "])])")


def extraction(page: str | lxml.html.HtmlElement) -> Document | None:
    """trafilatura's reading of a page, when it finds main text in it."""
    document = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # Only dates the page states; never a guess from the URL or the body.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    return document if document is not None and (document.text or "").strip() else None


def read(text: str, path: str) -> Extracted:
    page = parse(text)
    # trafilatura reads the page as written (parsing it its own way: three of the 52 saved pages
    # read differently from lxml's tree); a fragment it takes for non-HTML (`<p>…</p>` alone), it
    # reads from the document lxml made of it, the fragment as its body.
    document = None if page is None or not _READING_TEXT(page.tree) else extraction(text) or extraction(page.tree)
    if document is None:
        raise SiteError(path, "no main text found in this HTML page")
    found = document.as_dict()
    fields: dict[str, Field] = {}
    for theirs, ours in FALLBACK.items():
        value = found.get(theirs)
        if isinstance(value, str) and value.strip():
            fields[ours] = extracted(value.strip(), WHERE)
    for name, value in stated_in(page).items():
        fields[name] = extracted(value, WHERE_STATED.get(name, WHERE))
    if "url" in fields and not is_web_url(fields["url"].value):
        del fields["url"]  # a page's own canonical link is untrusted: only http(s) becomes a link
    lines = tuple(Line(n, line) for n, line in enumerate(document.text.split("\n"), 1))
    return Extracted("html", lines, fields, line_label=LineKind.MAIN_TEXT)
