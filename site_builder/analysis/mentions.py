"""Entity mentions, spelling variants and candidate names, in one pass per paragraph.

1. The gazetteer's compiled pattern finds every exact name or alias.
2. Runs of capitalised words are searched, longest window first, for near-misses of a known name
   (`Sergey Lavrov`, `Uighurs`, `Xi Jingping`); a variant claims its span over exact matches inside it.
3. Capitalised words left over are candidate names for the researcher to review.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.analysis.text import LOOKBACK, WORD, is_sentence_start
from site_builder.model import Candidate, Mention, Paragraph, Source, Span
from site_builder.sources.clean_rules import ROLE_WORDS

MAX_NAME_WORDS = 4
# A run starts a word: the capital inside `iPhone` or `eWEEK` starts no name.
_RUN = re.compile(rf"(?<!\w){WORD}(?:\s(?:of\s(?:the\s)?|for\s)?{WORD})*")
_TOKEN = re.compile(WORD)
_CONNECTOR = re.compile(r"^\s(?:of|the|for|\s)+$|^\s$")
_PLACE_CUE = re.compile(r"\b(?:in|at|near|from|visited|visiting)\s+$", re.IGNORECASE)
# Capitalised words that are not names: function words at a clause start, titles, calendar words.
NOT_NAMES = frozenset("""
    A An The This That These Those It Its He She His Her They Their We Our I You In On At As By For
    From To Of And But Or If When While After Before During Both Such Some Many Most Other Others
    Meanwhile However Later Earlier Separately Against Regarding Commenting According Noting Since
    Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December
""".split())


def exact_mentions(text: str, paragraph: Paragraph, gazetteer: Gazetteer) -> list[Mention]:
    if gazetteer.pattern is None:
        return []
    return [
        Mention(gazetteer.by_name[m.group()], Span(paragraph.id, m.start(), m.end()), m.group())
        for m in gazetteer.pattern.finditer(text)
    ]


Tokens = list[re.Match[str]]


def runs_in(text: str) -> list[Tokens]:
    """The tokens (capitalised words) of each run of capitalised words in `text`."""
    return [list(_TOKEN.finditer(text, run.start(), run.end())) for run in _RUN.finditer(text)]


def windows(tokens: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every run of up to MAX_NAME_WORDS adjacent tokens, longest first."""
    if len(tokens) == 1:  # most runs: one capitalised word
        yield tokens[0].span()
        return
    spaced = [text[a.end():b.start()] == " " for a, b in zip(tokens, tokens[1:])]
    for size in range(min(MAX_NAME_WORDS, len(tokens)), 0, -1):
        for first in range(len(tokens) - size + 1):
            if all(spaced[first:first + size - 1]):
                yield tokens[first].start(), tokens[first + size - 1].end()


def variant_mentions(text: str, paragraph: Paragraph, gazetteer: Gazetteer, runs: list[Tokens]) -> list[Mention]:
    found: list[Mention] = []
    for tokens in runs:
        for start, end in windows(tokens, text):
            if any(m.span.start < end and start < m.span.end for m in found):
                continue
            entity = gazetteer.near_name(text[start:end])
            if entity:
                found.append(Mention(entity, Span(paragraph.id, start, end), text[start:end], variant=True))
    return found


def joined(text: str, before: re.Match[str], after: re.Match[str], covered: list[tuple[int, int]]) -> bool:
    """True when only connecting words stand between two tokens, and no mention starts there."""
    return bool(_CONNECTOR.match(text[before.end():after.start()])) \
        and not any(before.end() <= a < after.start() for a, _ in covered)


def leftover_pieces(text: str, tokens: Tokens, covered: list[tuple[int, int]]) -> Iterator[Tokens]:
    """Stretches of a run not covered by a mention, trimmed of connecting words: each as the run's
    tokens from its first to its last (covered ones between included)."""
    left = [n for n, t in enumerate(tokens) if not any(a <= t.start() < b for a, b in covered)]
    first = 0
    for n in range(1, len(left) + 1):
        if n == len(left) or not joined(text, tokens[left[n - 1]], tokens[left[n]], covered):
            yield tokens[left[first]:left[n - 1] + 1]
            first = n


# The roles bylines credit (`Staff Reporter`, `Senior Correspondent`): a title before a name, and
# a candidate ending in one is a credit, not a name.
ROLES = frozenset(word.capitalize() for word in ROLE_WORDS)
TITLE_WORDS = frozenset("""
    President Minister Foreign Secretary State Ministry Prime Deputy Vice Chairman Chairwoman General
    Affairs Ambassador Spokesman Spokeswoman Spokesperson Director Chief Head Senator Governor Mayor
    King Queen Prince Chancellor Premier Commissioner Envoy Department Office Government
""".split()) | ROLES
_DEMONYM = re.compile(r"(?:ese|ian|ean|ish|ern|an)s?$")
_DEMONYM_BEFORE_TITLE = re.compile(r"(?:ese|ian|ean|ish|ern|an|i)s?$")  # also `Pakistani Foreign Minister`


def without_titles(tokens: Tokens) -> Tokens:
    """Drop a leading title (`Pakistani Foreign Minister`, `Secretary of State`) from a name's tokens."""
    last_title = max((i for i, t in enumerate(tokens) if t.group() in TITLE_WORDS), default=-1)
    if last_title >= 0 and all(t.group() in TITLE_WORDS or _DEMONYM_BEFORE_TITLE.search(t.group()) for t in tokens[:last_title]):
        return tokens[last_title + 1:]
    return tokens


def candidates_in(text: str, paragraph: Paragraph, runs: list[Tokens], covered: list[tuple[int, int]]) -> list[Candidate]:
    found = []
    for run in runs:
        for piece in leftover_pieces(text, run, covered):
            tokens = without_titles(piece)
            if not tokens or tokens[0].group() in NOT_NAMES or tokens[-1].group() in ROLES:
                continue
            start, end = tokens[0].start(), tokens[-1].end()
            surface = text[start:end]
            if len(tokens) == 1 and (is_sentence_start(text, start) or len(surface) < 2 or _DEMONYM.search(surface)):
                continue
            hint = "place" if _PLACE_CUE.search(text, max(0, start - LOOKBACK), start) else None
            found.append(Candidate(surface, Span(paragraph.id, start, end), hint))
    return found


def find_mentions(source: Source, gazetteer: Gazetteer) -> Source:
    mentions: list[Mention] = []
    candidates: list[Candidate] = []
    for paragraph in source.paragraphs:
        text = paragraph.text
        runs = runs_in(text)
        variants = variant_mentions(text, paragraph, gazetteer, runs)
        exact = [m for m in exact_mentions(text, paragraph, gazetteer)
                 if not any(v.span.start < m.span.end and m.span.start < v.span.end for v in variants)]
        found = sorted(exact + variants, key=lambda m: m.span.start)
        mentions.extend(found)
        candidates.extend(candidates_in(text, paragraph, runs, [(m.span.start, m.span.end) for m in found]))
    return dataclasses.replace(source, mentions=tuple(mentions), candidates=tuple(candidates))
