"""Source readers, one per format, chosen by file suffix (after Pelican's reader registry).

A new format is one module with a `read(text, path) -> Extracted` function plus one line here (or a
plugin's `READERS`: see plugins.py); a format that is not text registers a `BinaryReader`, whose
function reads the file's bytes.
"""

from __future__ import annotations

from pathlib import PurePath

from site_builder.plugins import registered
from site_builder.sources.readers import docx, html, markdown, pdf, text
from site_builder.sources.readers.base import BinaryReader, Reader

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".pdf": BinaryReader(pdf.read, "binary (PDF)"),
    ".docx": BinaryReader(docx.read, "binary (Word)"),
}


def readers() -> dict[str, Reader]:
    """The built-in readers, then those plugins add (a plugin's reader for a suffix wins)."""
    return {**READERS, **{suffix.lower(): read for suffix, read in registered("readers")}}


def reader_for(path: PurePath) -> Reader | None:
    return readers().get(path.suffix.lower())
