"""Display labels: the name a reader knows a source by (an outlet, not a file id), told apart
where two sources would read alike. The id stays where a machine needs it (URLs, data files)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

from site_builder.model import Source

SHORT_TITLE_CHARS = 32  # a label made from a headline stops at the word that passes this


@dataclass(frozen=True)
class Label:
    """A source's label and which of its fields it comes from (`label`, `publisher`, `credit`,
    `url`, `title` or `id`)."""

    text: str
    basis: str


def short_title(title: str) -> str:
    """The first words of a headline, up to about SHORT_TITLE_CHARS characters, with an ellipsis
    when cut."""
    words, length = [], 0
    for word in title.split():
        words.append(word)
        length += len(word) + 1
        if length > SHORT_TITLE_CHARS:
            return " ".join(words) + "…" if len(words) < len(title.split()) else " ".join(words)
    return " ".join(words)


def domain(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def own_label(source: Source) -> Label:
    """A declared label, else the publisher, else the credited agency ("via TASS"), else the
    domain of its URL, else a short headline, else the id."""
    field = source.field
    if field("label").known:
        return Label(field("label").value, "label")
    if field("publisher").known:
        return Label(field("publisher").value, "publisher")
    if field("credit").known:
        return Label(f"via {field('credit').value}", "credit")
    if field("url").known and domain(field("url").value):
        return Label(domain(field("url").value), "url")
    if field("title").known:
        return Label(short_title(field("title").value), "title")
    return Label(source.id, "id")


def day_month(day: datetime.date | None) -> str | None:
    return f"{day.day} {day:%b}" if day else None


def source_labels(sources: Iterable[Source]) -> dict[str, str]:
    """Each source's label, by id. Sources sharing a label are told apart by their publication
    day ("Reuters · 23 Mar") when that differs for each, else numbered in id order ("Reuters",
    "Reuters (2)")."""
    sharing: dict[str, list[Source]] = defaultdict(list)
    for source in sorted(sources, key=lambda s: s.id):
        sharing[own_label(source).text].append(source)
    labels: dict[str, str] = {}
    for text, group in sharing.items():
        days = [day_month(s.published_day) for s in group]
        if len(group) > 1 and all(days) and len(set(days)) == len(days):
            labels.update({s.id: f"{text} · {day}" for s, day in zip(group, days)})
        else:
            labels.update({s.id: text if n == 1 else f"{text} ({n})" for n, s in enumerate(group, 1)})
    return labels
