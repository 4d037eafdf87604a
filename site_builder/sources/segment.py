"""Cleaned lines to paragraphs with stable ids (`p1`, `p2`, …) and offsets into the cleaned text."""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator, Sequence

from site_builder.model import Line, Paragraph, Source, paragraph_id

PARAGRAPH_SEPARATOR = "\n\n"
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]]$")


def blocks(lines: Sequence[Line]) -> Iterator[list[Line]]:
    """Runs of non-blank lines."""
    block: list[Line] = []
    for line in lines:
        if line.text.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def is_hard_wrapped(block: Sequence[Line]) -> bool:
    """Lines of one paragraph broken at a fixed width, rather than one paragraph per line."""
    if len(block) < 2:
        return False
    body = [len(line.text.strip()) for line in block[:-1]]
    open_ends = sum(1 for line in block[:-1] if not _ENDS_SENTENCE.search(line.text.strip()))
    return max(body) <= 100 and min(body) >= 40 and open_ends * 2 >= len(body)


def paragraphs_of(lines: Sequence[Line]) -> Iterator[tuple[int, str]]:
    """(first line number, text) for each paragraph: a hard-wrapped block is one, otherwise each line is."""
    for block in blocks(lines):
        if is_hard_wrapped(block):
            yield block[0].number, " ".join(line.text.strip() for line in block)
        else:
            yield from ((line.number, " ".join(line.text.split())) for line in block)


def segment(source: Source) -> Source:
    """`source` with its cleaned lines made into paragraphs, which replace them: no later stage reads
    lines, and keeping both would hold every source's text twice (a third of the model's memory)."""
    paragraphs = []
    offset = 0
    for index, (number, text) in enumerate(paragraphs_of(source.lines), 1):
        paragraphs.append(Paragraph(paragraph_id(index), text, offset, offset + len(text), number))
        offset += len(text) + len(PARAGRAPH_SEPARATOR)
    return dataclasses.replace(source, lines=(), paragraphs=tuple(paragraphs))
