"""Direct quotations and who said them, according to the source.

A quotation is text between matching double quotes (“…”, "…", «…») inside one paragraph, so a
missing closing mark never swallows the rest of the source. One or two quoted words are a quoted
term (scare quotes), not a statement. The speaker comes from the words next to the quote:
`X said`, `said X`, `according to X`, `X warned`, `the statement said`, `they said`; `he`/`she`
is resolved to the most recent person named as a subject in this paragraph or the one before.
"""

from __future__ import annotations

import dataclasses
import re

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.analysis.text import WORD
from site_builder.model import Mention, Paragraph, Quote, Source, Span, paragraph_number

QUOTE = re.compile(r"“(?P<curly>[^“”]+)”|\"(?P<straight>[^\"]+)\"|«(?P<guillemet>[^«»]+)»")
TERM_WORDS = 2
VERB = (r"(?:said|says|say|warned|warns|added|adds|noted|notes|stressed|stresses|declared|wrote|insisted|"
        r"argued|urged|stated|explained|asserted|continued|concluded|claimed|told\s+\w+|read|reads|"
        r"summed\s+up|pointed\s+out|emphasi[sz]ed|quoted|cited)")
STATEMENT = r"(?P<statement>the\s+(?:joint\s+)?(?:statement|document|communiqu[ée]|declaration))"
PRONOUN = r"(?P<pronoun>he|she|they|it|both)"
NAME = rf"(?P<name>{WORD}(?:\s{WORD})*)"
PHRASE = r"(?P<phrase>the\s+(?:[\w-]+\s+){0,3}[\w-]+)"
# Matched from just after the closing mark: `, Wang said`, `said the statement`, `he warned`.
AFTER = (
    re.compile(rf"\s*[,.]?\s*(?:{STATEMENT}|{PRONOUN}|{NAME})\s+{VERB}\b"),
    re.compile(rf"\s*[,.]?\s*{VERB}\s+(?:{STATEMENT}|{PRONOUN}|{NAME})"),
)
# Searched in the words just before the opening mark: `Lavrov said:`, `according to the Russian agency,`.
BEFORE = (
    re.compile(rf"(?:{STATEMENT}|{PRONOUN}|{NAME})\s+{VERB}(?:\s+that)?\s*[:,]?\s*$"),
    re.compile(rf"(?i:according\s+to)\s+(?:{STATEMENT}|{NAME}|{PHRASE})\s*,?\s*$"),
)
_OBJECT_CUE = re.compile(r"\b(?:with|to|by|from|against|and|for|on|of|met|meet|meeting|told)\s+(?:[A-Z][\w-]*\s+)*$")
PERSONAL = {"he", "she"}


def is_subject(paragraph_text: str, mention: Mention) -> bool:
    """A person named after a preposition (`talks with Pakistani Foreign Minister X`) is not the subject."""
    return not _OBJECT_CUE.search(paragraph_text[: mention.span.start])


def latest_person(source: Source, paragraph: Paragraph, before: int, gazetteer: Gazetteer) -> Mention | None:
    """The last person named as a subject before `before` in this paragraph, else in the previous one."""
    index = paragraph_number(paragraph.id) - 1
    for scope in (paragraph, source.paragraphs[index - 1] if index > 0 else None):
        if scope is None:
            continue
        limit = before if scope is paragraph else len(scope.text)
        people = [m for m in source.mentions if m.span.paragraph == scope.id and m.span.end <= limit
                  and gazetteer.by_id[m.entity].type == "person" and is_subject(scope.text, m)]
        if people:
            return people[-1]
    return None


def mention_at(source: Source, paragraph: Paragraph, start: int) -> Mention | None:
    return next((m for m in source.mentions if m.span.paragraph == paragraph.id and m.span.start == start), None)


def speaker_of(match: re.Match[str], source: Source, paragraph: Paragraph, quote_start: int,
               gazetteer: Gazetteer) -> tuple[str | None, str]:
    """(entity id or None, words naming the speaker) for one attribution match."""
    if match.group("statement"):
        return None, "the " + " ".join(match.group("statement").split()[1:])
    pronoun = (match.groupdict().get("pronoun") or "").lower()
    if pronoun in PERSONAL:
        person = latest_person(source, paragraph, quote_start, gazetteer)
        if person:
            return person.entity, gazetteer.by_id[person.entity].name
        return None, pronoun
    if pronoun == "it":
        return None, "it (the statement)" if "statement" in paragraph.text[:quote_start].lower() else "it"
    if pronoun:
        return None, f"{pronoun} (collectively, not one person)"
    if match.groupdict().get("phrase"):
        return None, match.group("phrase")
    mention = mention_at(source, paragraph, match.start("name"))
    if mention:
        return mention.entity, gazetteer.by_id[mention.entity].name
    return None, match.group("name")


def attribute(source: Source, paragraph: Paragraph, quote: re.Match[str], gazetteer: Gazetteer) -> tuple[str | None, str | None, str | None]:
    """(speaker entity, speaker label, attribution evidence) for one quotation."""
    text = paragraph.text
    after_offset = quote.end()
    for pattern in AFTER:
        match = pattern.match(text, after_offset)
        if match:
            entity, label = speaker_of(match, source, paragraph, quote.start(), gazetteer)
            return entity, label, match.group().strip(" ,.")
    before_offset = max(0, quote.start() - 120)
    for pattern in BEFORE:
        match = pattern.search(text, before_offset, quote.start())
        if match:
            entity, label = speaker_of(match, source, paragraph, quote.start(), gazetteer)
            return entity, label, match.group().strip(" ,.:")
    return None, None, None


def find_quotes(source: Source, gazetteer: Gazetteer) -> Source:
    found: list[Quote] = []
    for paragraph in source.paragraphs:
        for match in QUOTE.finditer(paragraph.text):
            inner = next(group for group in match.groups() if group is not None).strip().rstrip(",;:").strip()
            words = inner.strip(" .").split()
            if not words:
                continue
            span = Span(paragraph.id, match.start(), match.end())
            if len(words) <= TERM_WORDS:
                found.append(Quote(inner, span, "term"))
                continue
            speaker, label, evidence = attribute(source, paragraph, match, gazetteer)
            found.append(Quote(inner, span, "statement", speaker, label, evidence))
    return dataclasses.replace(source, quotes=tuple(found))
