"""Source readers, one per format, chosen by file suffix (after Pelican's reader registry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Callable

from site_builder.model import Field, Line


@dataclass(frozen=True)
class Reading:
    """What a reader gets out of a decoded file: its text lines and any metadata the format carries."""

    format: str
    lines: tuple[Line, ...]
    fields: dict[str, Field] = field(default_factory=dict)
    line_label: str = "line"


# A reader takes the decoded text and the file's display path, and returns a Reading.
Reader = Callable[[str, str], Reading]

from site_builder.readers import html, markdown, text  # noqa: E402  (the readers import Reading)

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
}


def reader_for(path: PurePath) -> Reader | None:
    return READERS.get(path.suffix.lower())
