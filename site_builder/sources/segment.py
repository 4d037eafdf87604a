"""Cleaned lines to paragraphs with stable ids (`p1`, `p2`, …) and offsets into the cleaned text.

Lines with a page come from a reader (PDF) that writes each paragraph as a block of lines: such a
block is one paragraph, and continues the block before it when that one stops mid-sentence and this
one opens in lowercase (a paragraph running on into the next column or page, its running head and
page number removed by clean). A paragraph carries the page of its first line.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator, Sequence

from site_builder.model import Line, Paragraph, Source, paragraph_id

PARAGRAPH_SEPARATOR = "\n\n"
# A line ends a sentence with a full stop, a question or exclamation mark, or a colon, and any closing
# quotation marks and brackets after it; the one rule for readers and segmenting alike.
_ENDS_SENTENCE = re.compile(r"[.!?:][\"”’')\]]*$")


def ends_sentence(text: str) -> bool:
    return bool(_ENDS_SENTENCE.search(text.rstrip()))


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
    open_ends = sum(1 for line in block[:-1] if not ends_sentence(line.text))
    return max(body) <= 100 and min(body) >= 40 and open_ends * 2 >= len(body)


def continues_on_next_page(block: Sequence[Line], following: Sequence[Line]) -> bool:
    """Two paged blocks that are one paragraph broken by a column or a page (the reader joins boxes of
    one page: `readers/pdf.py`'s `continues_in_next_box`)."""
    opening = following[0].text.strip()
    return (block[-1].page is not None and following[0].page is not None
            and not ends_sentence(block[-1].text) and opening[:1].islower())


def paged_blocks(lines: Sequence[Line]) -> Iterator[list[Line]]:
    """`blocks`, with a paged block that runs on into the next joined to it."""
    joined: list[Line] = []
    for block in blocks(lines):
        if joined and not continues_on_next_page(joined, block):
            yield joined
            joined = []
        joined = joined + block
    if joined:
        yield joined


def paragraphs_of(lines: Sequence[Line]) -> Iterator[tuple[int, str]]:
    """(first line number, text) for each paragraph: a block of paged lines or a hard-wrapped block
    is one, otherwise each line is."""
    for block in paged_blocks(lines):
        if block[0].page is not None or is_hard_wrapped(block):
            yield block[0].number, " ".join(line.text.strip() for line in block)
        else:
            yield from ((line.number, " ".join(line.text.split())) for line in block)


def segment(source: Source) -> Source:
    """`source` with its cleaned lines made into paragraphs, which replace them: no later stage reads
    lines, and keeping both would hold every source's text twice (a third of the model's memory)."""
    pages = {line.number: line.page for line in source.lines if line.page is not None}
    paragraphs = []
    offset = 0
    for index, (number, text) in enumerate(paragraphs_of(source.lines), 1):
        paragraphs.append(Paragraph(paragraph_id(index), text, offset, offset + len(text), number, pages.get(number)))
        offset += len(text) + len(PARAGRAPH_SEPARATOR)
    return dataclasses.replace(source, lines=(), paragraphs=tuple(paragraphs))
