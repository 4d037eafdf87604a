"""Citations for source and event pages: the facts a citation gives, which cite.html words as plain
text and as BibTeX (so a site can reword or translate them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Citation:
    """What a page's citation gives: its BibTeX key, the cited work's title, who published it and
    when, where it is, the site and the page's address; a source page's raw copy digest (`sha256`),
    or an event page's number of sources (`sources`)."""

    key: str
    title: str
    who: str | None
    date: str | None
    url: str | None
    site_title: str
    page_url: str
    sha256: str | None = None
    sources: int | None = None


def cite(key: str, title: str, who: str | None, date: str | None, url: str | None, site_title: str, page_url: str,
         sha256: str | None = None, sources: int | None = None) -> Citation:
    """The citation of a page, its key made a BibTeX key."""
    return Citation(re.sub(r"[^A-Za-z0-9_-]", "_", key), title, who, date, url, site_title, page_url, sha256, sources)


def bibtex_value(text: str) -> str:
    """A BibTeX field value: braces and TeX specials escaped, so a title cannot break the entry (the
    words of a macro, already HTML, are taken as the text they show)."""
    plain = text.unescape() if isinstance(text, Markup) else text
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", plain)
