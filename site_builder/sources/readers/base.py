"""What every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from site_builder.model import Field, Line, LineKind


@dataclass(frozen=True)
class Extracted:
    """What a reader gets out of a decoded file: its text lines and any metadata the format carries."""

    format: str
    lines: tuple[Line, ...]
    fields: dict[str, Field] = field(default_factory=dict)
    line_label: LineKind = LineKind.FILE


# A text reader takes the decoded text and the file's display path, and returns an Extracted.
TextReader = Callable[[str, str], Extracted]


@dataclass(frozen=True)
class BinaryReader:
    """A reader of a format that is not text (PDF, Word): it takes the file's bytes, undecoded, and
    its display path. `encoding` is what the source page says in place of a text encoding."""

    read: Callable[[bytes, str], Extracted]
    encoding: str


Reader = TextReader | BinaryReader

# The media types a source may be sent as, with the suffix of the reader that reads it (for pages
# `new source` captures and for the records of a WARC file).
MEDIA_TYPE_SUFFIXES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def media_type(content_type: str | None) -> str:
    """`text/html` of `text/html; charset=utf-8`."""
    return (content_type or "").split(";")[0].strip().lower()
