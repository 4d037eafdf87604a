"""A hostile project: the XSS vectors of `xss_vectors.py` placed in every input position a researcher's
files have (see `make_hostile_project`). Vectors are dealt round-robin, so each lands in several
positions and each position gets a broad, different sample."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from xss_vectors import URL_VECTORS, VECTORS

TXT_SOURCES, MD_SOURCES, HTML_SOURCES = 6, 6, 6
WITH_SIDECAR = 4  # the first txt and html sources get a sidecar (it overrides what the file says)
ENTITIES, EVENTS, PAGES = 12, 3, 3
BODY = 25  # vectors per body of text (source, commentary, page)
SHARED = "The delegations agreed in a long joint statement that trade between their two countries would grow next year"


@dataclass
class Dealer:
    """Deals vectors round-robin and counts every placement by position and by vector."""

    next: int = 0
    positions: Counter = field(default_factory=Counter)
    per_vector: Counter = field(default_factory=Counter)

    def take(self, position: str, count: int = 1) -> list[str]:
        dealt = [VECTORS[(self.next + n) % len(VECTORS)] for n in range(count)]
        self.next += count
        self.positions[position] += count
        self.per_vector.update(dealt)
        return dealt

    def one(self, position: str) -> str:
        return self.take(position)[0]

    def url(self, position: str, number: int) -> str:
        self.positions[position] += 1
        return URL_VECTORS[number % len(URL_VECTORS)]


def yaml_safe(value: object) -> object:
    """Content files refuse control characters outright (tests/test_hostile_input.py), so in YAML a
    vector's control characters become tabs: another whitespace a browser drops from a URL."""
    if isinstance(value, str):
        return re.sub("[\x00-\x08\x0b-\x1f]", "\t", value)
    if isinstance(value, dict):
        return {key: yaml_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [yaml_safe(item) for item in value]
    return value


def dump(values: object) -> str:
    return yaml.safe_dump(yaml_safe(values), allow_unicode=True, sort_keys=False, width=10_000)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def front_matter(values: dict) -> str:
    return f"---\n{dump(values)}---\n"


SIDECAR_KEYS = ("title", "publisher", "author", "credit", "place", "rights", "description", "note")


def metadata(deal: Dealer, where: str, number: int) -> dict:
    values = {key: deal.one(f"{where} {key}") for key in SIDECAR_KEYS}
    values["url"] = deal.url(f"{where} url", number)
    return values


def text_body(deal: Dealer, where: str, entity_names: list[str], shared: bool) -> list[str]:
    """Paragraphs: vectors alone, quoted speech, candidate names, facet values and entity mentions."""
    paragraphs = [SHARED + " " + deal.one(f"{where} shared passage")] if shared else []
    paragraphs += deal.take(f"{where} body", BODY)
    paragraphs += [f'"{vector} and more words here," Wang Yi said.' for vector in deal.take("quoted speech", 4)]
    paragraphs += [f"Zorblax Quimby met officials in Vexhampton on Monday {vector}." for vector in deal.take("beside names to review", 3)]
    paragraphs += [f"Value: {vector}" for vector in deal.take("facet value in text", 2)]
    paragraphs += [f"Officials met {name} on Tuesday." for name in entity_names]
    return paragraphs


def txt_furniture(deal: Dealer) -> str:
    """Lines the cleaning rules keep as metadata: headline, a label around the lede (publisher), credit, rights."""
    label = deal.one("txt label around the lede")
    return (f"{deal.one('txt headline')}\n\n{label}\nThe ministers met in the city on Monday.\n{label}\n\n"
            f"Source: {deal.one('txt credit line')}\n\n© 2021 {deal.one('txt rights line')} All rights reserved.\n\n")


def html_source(deal: Dealer, number: int) -> str:
    where = "html"
    esc = html.escape
    json_ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": deal.one("html JSON-LD headline"),
               "author": {"@type": "Person", "name": deal.one("html JSON-LD author")},
               "publisher": {"@type": "Organization", "name": deal.one("html JSON-LD publisher")},
               "description": deal.one("html JSON-LD description")}
    head = [
        f"<title>{esc(deal.one('html <title>'))}</title>",
        f'<meta name="description" content="{esc(deal.one("html meta description"))}">',
        f'<meta name="author" content="{esc(deal.one("html meta author"))}">',
        f'<meta property="og:title" content="{esc(deal.one("html og:title"))}">',
        f'<meta property="og:site_name" content="{esc(deal.one("html og:site_name"))}">',
        f'<meta property="og:url" content="{esc(deal.url("html og:url", number))}">',
        f'<link rel="canonical" href="{esc(deal.url("html canonical link", number + 1))}">',
        '<script type="application/ld+json">' + json.dumps(json_ld).replace("</", "<\\/") + "</script>",
    ]
    body = [f"<h1>{esc(deal.one('html <h1>'))}</h1>"]
    body += [f"<p>{esc(p)}</p>" for p in text_body(deal, where, [], shared=False)]
    body += [f"<p>Words before a raw tag {vector} and after it, in the page's own markup.</p>" for vector in deal.take("html body raw markup", 10)]
    body += [f'<p>A report links <a href="{esc(deal.url("html link target", number + n))}">{esc(deal.one("html link text"))}</a> in its text.</p>'
             for n in range(3)]
    return ("<!doctype html>\n<html lang=\"en\"><head>\n" + "\n".join(head) + "\n</head><body><article>\n"
            + "\n".join(body) + "\n</article></body></html>\n")


def make_hostile_project(root: Path) -> Dealer:
    """Write seeds/ and content/ under `root`, vectors in every position; return the placement counts."""
    deal = Dealer()
    site = {key: deal.one(f"site.yaml {key}") for key in ("title", "description", "author", "licence")}
    site["base_url"] = deal.url("site.yaml base_url", 0)
    write(root / "content/site.yaml", dump(site))

    entities = {}
    for number in range(1, ENTITIES + 1):
        entities[f"x{number}"] = {"name": deal.one("entity name"), "type": "person" if number % 2 else "place",
                                  "aliases": deal.take("entity alias", 2), "description": deal.one("entity description"),
                                  "link": deal.url("entity link", number)}
    entities["wang-yi"] = {"name": "Wang Yi", "type": "person"}
    write(root / "content/entities.yaml", dump(entities))
    names = [entity["name"] for entity in entities.values()]

    for number in range(1, TXT_SOURCES + 1):
        mentioned = names[(number - 1) * 2:(number - 1) * 2 + 2]
        write(root / f"seeds/t{number}.txt", txt_furniture(deal) + "\n\n".join(text_body(deal, "txt", mentioned, number <= 3)) + "\n")
        if number <= WITH_SIDECAR:
            write(root / f"content/sources/t{number}.yaml", dump(metadata(deal, "sidecar", number)))
    for number in range(1, MD_SOURCES + 1):
        body = "\n\n".join(["# " + deal.one("md heading")] + text_body(deal, "md", [], number <= 2))
        write(root / f"seeds/m{number}.md", front_matter(metadata(deal, "md front matter", number)) + "\n" + body + "\n")
    for number in range(1, HTML_SOURCES + 1):
        write(root / f"seeds/h{number}.html", html_source(deal, number))
        if number <= WITH_SIDECAR // 2:
            write(root / f"content/sources/h{number}.yaml", dump(metadata(deal, "sidecar", number)))

    for number in range(1, EVENTS + 1):
        hostile = [name for name in names if name != "Wang Yi"]
        values = {
            "title": deal.one("event title"),
            "dates": ["2021-03-22", "2021-03-23"],
            "place": hostile[number * 2 + 1],
            "participants": hostile[number:number + 3] + ["Wang Yi"],
            "sources": [f"t{number}", f"m{number}", f"h{number}", f"t{number + 3}"],
            "summary": deal.one("event summary"),
            "facets": [
                {"id": "said", "label": deal.one("facet label"), "kind": "text", "patterns": ["Value: (?P<value>.+)"]},
                {"id": "near", "label": deal.one("facet label"), "kind": "text", "near": deal.take("facet near", 2)},
                {"id": "who", "label": deal.one("facet label"), "kind": "mention", "entity": hostile[number]},
                {"id": "name", "label": deal.one("facet label"), "kind": "name", "entity": hostile[number + 1]},
                {"id": "quote", "label": deal.one("facet label"), "kind": "quote", "speaker": "Wang Yi"},
                {"id": "pattern", "label": "Pattern", "kind": "text",
                 "patterns": [re.escape(vector) + "(?P<value>x?)" for vector in deal.take("facet pattern", 2)]},
            ],
        }
        commentary = "\n\n".join(deal.take("event commentary (Markdown)", BODY))
        write(root / f"content/events/ev{number}.md", front_matter(values) + commentary + "\n")

    for number in range(1, PAGES + 1):
        head = front_matter({"title": deal.one("page title")}) if number % 2 else f"# {deal.one('page heading as title')}\n\n"
        write(root / f"content/pages/page{number}.md", head + "\n\n".join(deal.take("page body (Markdown)", BODY)) + "\n")
    return deal
