"""Markdown with optional YAML front matter: metadata from the front matter, one line per block."""

from __future__ import annotations

import re

import lxml.html
import markdown as md

from site_builder.errors import SiteError
from site_builder.model import Line, declared_fields, front_matter
from site_builder.options import SourceMetadata, options_of
from site_builder.schema import validate
from site_builder.sources.readers.base import Extracted
from site_builder.yamlfile import load_mapping

_FENCE = re.compile(r"^(---|\.\.\.)\s*$")


def split_front_matter(text: str, path: str) -> tuple[str, list[str], int]:
    """Return (front matter YAML, body lines, line number of the first body line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "", lines, 1
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), lines[index + 1:], index + 2
    raise SiteError(path, "front matter opened with '---' is never closed", 1)


def block_text(markdown_text: str) -> str:
    """The plain reading text of one Markdown block (markup dropped, white space folded)."""
    html = md.markdown(markdown_text)
    if not html.strip():
        return ""
    try:
        return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())
    except (AssertionError, ValueError, lxml.etree.ParserError):
        return ""  # a block that is a whole HTML document (<html>, <!DOCTYPE>) holds no reading text


def blocks(body: list[str], first_line: int) -> list[Line]:
    """Blank-line separated blocks, each as one Line numbered by the block's first line."""
    result: list[Line] = []
    start, chunk = first_line, []
    for number, line in enumerate(body + [""], first_line):
        if line.strip():
            if not chunk:
                start = number
            chunk.append(line)
        elif chunk:
            result.append(Line(start, block_text("\n".join(chunk))))
            result.append(Line(number, ""))
            chunk = []
    return result


def read(text: str, path: str) -> Extracted:
    yaml_text, body, first_body_line = split_front_matter(text, path)
    values = validate(load_mapping(yaml_text, path, first_line=2), options_of(SourceMetadata))
    return Extracted("md", tuple(blocks(body, first_body_line)), declared_fields(values, front_matter))
