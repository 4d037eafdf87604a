"""Safe inline markup over source text: every piece of text is escaped, only our own tags are added."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

from markupsafe import Markup, escape

from site_builder.analysis.words import WORD, normalise_word


@dataclass(frozen=True)
class Mark:
    """Wrap text[start:end] in `open`/`close` (markup we built ourselves, attributes escaped).
    A mark with start == end inserts `open` at that point (and `close` is empty)."""

    start: int
    end: int
    open: Markup
    close: Markup = Markup("")


def annotate(text: str, marks: Iterable[Mark]) -> Markup:
    """`text` escaped, with every mark applied. Marks may nest or cross: where they cross, tags are
    closed and reopened so the HTML stays well formed. Insertions close every open tag first."""
    spans = sorted((m for m in marks if m.start < m.end), key=lambda m: (m.start, -m.end))
    inserts: dict[int, list[Mark]] = {}
    for mark in marks:
        if mark.start == mark.end:
            inserts.setdefault(mark.start, []).append(mark)
    cuts = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans), *inserts})
    pieces: list[str] = []
    open_marks: list[Mark] = []
    for here, there in zip(cuts, cuts[1:] + [None]):
        wanted = [m for m in spans if there is not None and m.start <= here and there <= m.end]
        keep = 0 if here in inserts else next(
            (i for i, (a, b) in enumerate(zip(open_marks, wanted)) if a is not b), min(len(open_marks), len(wanted)))
        pieces += [m.close for m in reversed(open_marks[keep:])]
        pieces += [m.open for m in inserts.get(here, [])]
        pieces += [m.open for m in wanted[keep:]]
        open_marks = wanted
        if there is not None:
            pieces.append(escape(text[here:there]))
    return Markup("").join(pieces)


def keyword_in_context(text: str, start: int, end: int, width: int = 70) -> tuple[str, str, str]:
    """(left, keyword, right) with about `width` characters each side, cut at word boundaries."""
    left, right = text[max(0, start - width):start], text[end:end + width]
    if start > width:
        left = "…" + left.split(" ", 1)[-1] if " " in left else "…" + left
    if end + width < len(text):
        right = right.rsplit(" ", 1)[0] + "…" if " " in right else right + "…"
    return left, text[start:end], right


DIFF_MARK = Markup('<mark class="diff">'), Markup("</mark>")


def word_diff(a: str, b: str) -> tuple[Markup, Markup]:
    """Both texts escaped, with the words that differ (after normalising spelling) marked."""
    words_a, words_b = list(WORD.finditer(a)), list(WORD.finditer(b))
    matcher = difflib.SequenceMatcher(None, [normalise_word(w.group()) for w in words_a],
                                      [normalise_word(w.group()) for w in words_b], autojunk=False)
    marks_a: list[Mark] = []
    marks_b: list[Mark] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            marks_a += differing(words_a[a0:a1])
            marks_b += differing(words_b[b0:b1])
    return annotate(a, marks_a), annotate(b, marks_b)


def differing(words: Sequence) -> list[Mark]:
    return [Mark(w.start(), w.end(), *DIFF_MARK) for w in words]
