"""Citations for source and event pages: plain text and BibTeX, from the same facts."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    text: str
    bibtex: str


def bibtex_value(text: str) -> str:
    """A BibTeX field value: braces and TeX specials escaped, so a title cannot break the entry."""
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", text)


def cite(key: str, title: str, who: str | None, date: str | None, url: str | None,
         site_title: str, page_url: str, note: str) -> Citation:
    text = (f"{who or 'Unknown publisher'}. “{title}”. {date or 'n.d'}."
            + (f" {url}." if url else "") + f" In “{site_title}”, {page_url}. {note}")
    fields = [("title", title), ("author", who), ("year", date[:4] if date else None), ("date", date),
              ("url", url), ("howpublished", page_url), ("note", f"{note} In {site_title}.")]
    body = ",\n".join(f"  {name} = {{{bibtex_value(value)}}}" for name, value in fields if value)
    return Citation(text, f"@misc{{{re.sub(r'[^A-Za-z0-9_-]', '_', key)},\n{body}\n}}")
