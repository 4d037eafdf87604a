"""Safe inline markup over source text: every piece of text is escaped, only our own tags are added."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    """Wrap text[start:end] in `open`/`close` (markup we built ourselves, attributes escaped)."""

    start: int
    end: int
    open: Markup
    close: Markup


def annotate(text: str, marks: Iterable[Mark]) -> Markup:
    """`text` escaped, with each mark's span wrapped; of overlapping marks the earliest wins."""
    pieces: list[str] = []
    position = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start < position:
            continue
        pieces += [escape(text[position:mark.start]), mark.open, escape(text[mark.start:mark.end]), mark.close]
        position = mark.end
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def keyword_in_context(text: str, start: int, end: int, width: int = 70) -> tuple[str, str, str]:
    """(left, keyword, right) with about `width` characters each side, cut at word boundaries."""
    left, right = text[max(0, start - width):start], text[end:end + width]
    if start > width:
        left = "…" + left.split(" ", 1)[-1] if " " in left else "…" + left
    if end + width < len(text):
        right = right.rsplit(" ", 1)[0] + "…" if " " in right else right + "…"
    return left, text[start:end], right
