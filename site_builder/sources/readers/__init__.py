"""Source readers, one per format, chosen by file suffix (after Pelican's reader registry).

A new format is one module with a `read(text, path) -> Reading` function plus one line here.
"""

from __future__ import annotations

from pathlib import PurePath

from site_builder.sources.readers import html, markdown, text
from site_builder.sources.readers.base import Reader

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
}


def reader_for(path: PurePath) -> Reader | None:
    return READERS.get(path.suffix.lower())
