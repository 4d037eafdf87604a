"""Every option a researcher writes, declared once (after MkDocs' `config_options`).

Each option is a field of a frozen dataclass, declared with `option()`: its type (the annotation),
its converter (which checks the value and words the message), its default and its help line. From
that one declaration come the typed settings the build reads (`SiteConfig`, `Facet`, `Entity`…),
the validation of the YAML (`options_of` + `schema.validate`), the generated reference
(docs/configuration.md) and the template scaffold `init` writes.

| file | declaration |
| --- | --- |
| `content/site.yaml` | `SiteConfig` (its `reuse:` section: `ReuseSettings`) |
| `content/sources/<id>.yaml`, Markdown front matter | `SourceMetadata` (each value becomes a `Field` of the source) |
| `content/entities.yaml`, each entry | `Entity` (its id is the entry's key) |
| `content/events/<id>.md` front matter | `EventFile` (made into an `Event` with its facets and sources checked) |
| each of an event's `facets` | `Facet` |
| `content/pages/<name>.md` front matter | `PageFile` |
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import encodings.aliases
import re
from dataclasses import dataclass
from typing import Any

from site_builder.errors import did_you_mean
from site_builder.schema import (
    Converter,
    Option,
    as_date,
    as_dates,
    as_fraction,
    as_language,
    as_patterns,
    as_slug,
    as_text,
    as_texts,
    as_url,
    as_whole_number,
    each,
    one_of,
)

METADATA_KEY = "site_builder.option"
ENTITY_TYPES = ("person", "place", "organisation", "other")
MAX_SOURCE_BYTES = 20_000_000  # 20 MB


def option(convert: Converter, help: str, default: Any = None, required: bool = False) -> Any:
    """A field that is an option: read with `convert`, explained by `help`, `default` when unset;
    a `required` one is an error when unset (or empty)."""
    return dataclasses.field(default=default, metadata={METADATA_KEY: (convert, help, required)})


def section(cls: type, help: str) -> Any:
    """A field that is a section of options: a nested mapping declared by `cls`."""
    return dataclasses.field(default_factory=cls, metadata={METADATA_KEY: (cls, help, False)})


def options_of(cls: type) -> tuple[Option, ...]:
    """The options `cls` declares, in field order (its other fields are not options)."""
    found = []
    for item in dataclasses.fields(cls):
        if METADATA_KEY not in item.metadata:
            continue
        convert, help, required = item.metadata[METADATA_KEY]
        if isinstance(convert, type):  # a section
            found.append(Option(item.name, options_of(convert), help))
        else:
            default = item.default if item.default is not dataclasses.MISSING else None
            found.append(Option(item.name, convert, help, default, required))
    return tuple(found)


def settings(cls: type, values: dict[str, Any], **others: Any) -> Any:
    """An instance of `cls` from validated `values` (sections made the same way), with `others`
    for the fields that are not options."""
    made = dict(values)
    for item in dataclasses.fields(cls):
        spec = item.metadata.get(METADATA_KEY)
        if spec and isinstance(spec[0], type) and isinstance(made.get(item.name), dict):
            made[item.name] = settings(spec[0], made[item.name])
    return cls(**made, **others)


def as_contact(value: Any) -> str:
    """An e-mail address or URL for a request's User-Agent header: one line of printable ASCII."""
    text = as_text(value)
    if not re.fullmatch(r"[\x21-\x7e]+", text):
        raise ValueError(f"'{text}' is not an e-mail address or URL (one word of plain ASCII, such as mailto:you@example.org)")
    return text


UTC_TIME = "%Y-%m-%dT%H:%M:%SZ"  # how a capture's time is written: `2026-12-03T18:40:12Z`


def as_utc_time(value: Any) -> str:
    """A real UTC time in ISO 8601 with `Z`, to the second, every part in full: `2026-12-03T18:40:12Z`."""
    text = as_text(value)
    try:
        real = dt.datetime.strptime(text, UTC_TIME).strftime(UTC_TIME) == text  # not `2026-1-3T1:2:3Z`
    except ValueError:
        real = False
    if not real:
        raise ValueError(f"'{text}' is not a UTC time written as YYYY-MM-DDTHH:MM:SSZ")
    return text


# A WARC file of the project, published beside the raw copies: only a visible `.warc`/`.warc.gz` file
# directly in archive/ or seeds/, so that a sidecar can never publish another file (`.env`, a seed
# as live HTML) under raw/.
WARC_PATH = re.compile(r"^(archive|seeds)/[A-Za-z0-9][A-Za-z0-9._-]*\.warc(\.gz)?$")


def as_warc_path(value: Any) -> str:
    """The path of a WARC file in archive/ or seeds/: `archive/x.warc.gz`."""
    text = as_text(value)
    if not WARC_PATH.match(text):
        raise ValueError(f"'{text}' is not a WARC file in archive/ or seeds/ such as archive/report.warc.gz")
    return text


def as_digest(value: Any) -> str:
    """A digest as WARC files write it: `sha1:` and its value (`sha1:2AAI…`)."""
    text = as_text(value)
    if not re.fullmatch(r"[a-z0-9-]+:[A-Za-z0-9+/=]+", text):
        raise ValueError(f"'{text}' is not a digest such as sha1:2AAIMBPSHXAFHVJWYS5GSPPQ6FEFBHSX")
    return text


def as_facet_kind(value: Any) -> str:
    """A facet kind: a built-in one or one a plugin adds."""
    from site_builder.linking.compare import facet_kinds  # the registry lives with the readers it names

    return one_of(tuple(facet_kinds()), "a facet kind")(value)


def is_text_encoding(name: str) -> bool:
    """Whether Python knows `name` as a text encoding (not as base64 or rot13, which are codecs too)."""
    try:
        "text".encode(name)
    except (LookupError, UnicodeError):
        return False
    return True


def as_encoding(value: Any) -> str:
    """The name of a text encoding Python knows ('cp1252', 'windows-1252', 'latin-1')."""
    text = as_text(value)
    if not is_text_encoding(text):
        names = {name.replace("_", "-") for pair in encodings.aliases.aliases.items() for name in pair}
        known = [name for name in names if is_text_encoding(name)]
        raise ValueError(f"'{text}' is not a text encoding{did_you_mean(text.lower().replace('_', '-'), known)}")
    return text


@dataclass(frozen=True)
class ReuseSettings:
    """How text reuse is detected (the `reuse:` section of site.yaml)."""

    min_words: int = option(as_whole_number(3, 200), "Shortest shared passage reported, in words.", 7)
    shingle_words: int = option(as_whole_number(2, 20), "Words per hashed shingle (at most min_words).", 5)
    common_share: float = option(as_fraction, "Shingles in more than this share of sources are too common to seed a passage.", 0.05)


@dataclass(frozen=True)
class SiteConfig:
    """The site's settings (`content/site.yaml`)."""

    title: str = option(as_text, "The site's name, shown in every page header.", "Research microsite")
    description: str | None = option(as_text, "One or two sentences introducing the collection on the home page.")
    base_url: str | None = option(as_url, "Where the site is published, e.g. https://user.github.io/repo/ (for absolute links in citations).")
    language: str = option(as_language, "Language of the site's own text.", "en")
    author: str | None = option(as_text, "Who compiled the collection.")
    licence: str | None = option(as_text, "Licence of the site's own text and data.")
    contact: str | None = option(as_contact, "How a site's owner can reach you (mailto:you@example.org or a URL), sent "
                                             "with every request `new source <URL>` makes.")
    max_source_bytes: int = option(as_whole_number(1, 10**12), "Largest source file read, in bytes; a larger one is an error.",
                                   MAX_SOURCE_BYTES)
    reuse: ReuseSettings = section(ReuseSettings, "Text-reuse detection settings (a section).")


@dataclass(frozen=True)
class CaptureRecord:
    """The `captured:` section of a sidecar: the HTTP exchange `new source <URL>` recorded (made a
    `model.Capture` by the sidecar; `url` and `time` are required)."""

    url: str | None = option(as_url, "The final URL, after redirects.", required=True)
    requested_url: str | None = option(as_url, "The URL asked for, when it redirected elsewhere.")
    time: str | None = option(as_utc_time, "When the answer came, in UTC: YYYY-MM-DDTHH:MM:SSZ.", required=True)
    status: int | None = option(as_whole_number(100, 599), "The HTTP status of the answer.")
    content_type: str | None = option(as_text, "Its Content-Type header.")
    warc: str | None = option(as_warc_path, "The WARC file holding the exchange, such as archive/<id>.warc.gz.")
    record_id: str | None = option(as_text, "The WARC-Record-ID of its response record.")
    payload_digest: str | None = option(as_digest, "The WARC-Payload-Digest of the body (sha1:…).")


@dataclass(frozen=True)
class SourceMetadata:
    """What a researcher may declare of a source, in its sidecar or its Markdown front matter. Each
    value but those `NOT_A_FIELD` names becomes one of the source's metadata fields, marked as declared."""

    label: str | None = option(as_text, "The short name shown wherever the source appears (an outlet: 'Reuters').")
    title: str | None = option(as_text, "The headline.")
    page_title: str | None = option(as_text, "The page's own <title> as written, beside the headline (HTML sources).")
    publisher: str | None = option(as_text, "Who published it (outlet, site or agency).")
    author: str | None = option(as_text, "Who wrote it.")
    credit: str | None = option(as_text, "A credited agency or source the text names.")
    place: str | None = option(as_text, "The place line (dateline) of the report.")
    published: str | None = option(as_date, "Publication date, YYYY-MM-DD.")
    retrieved: str | None = option(as_date, "When the copy in seeds/ was collected, YYYY-MM-DD.")
    url: str | None = option(as_url, "Where the original was published.")
    language: str | None = option(as_language, "Language tag, such as 'en'.")
    rights: str | None = option(as_text, "Copyright or reuse notice.")
    description: str | None = option(as_text, "A one-line summary.")
    note: str | None = option(as_text, "On what basis these values are declared; shown on the source page.")
    captured: CaptureRecord = section(CaptureRecord, "How `new source <URL>` captured it (written by that command; a section).")
    encoding: str | None = option(as_encoding, "The text encoding of its file in seeds/ ('cp1252', 'iso-8859-2', 'koi8-r'…), "
                                               "when detection reads it wrong; it wins over detection (sidecar only).")


NOT_A_FIELD = ("note", "captured", "encoding")
# Every metadata field a source has, in the order its page lists them.
FIELD_NAMES = tuple(item.name for item in dataclasses.fields(SourceMetadata) if item.name not in NOT_A_FIELD)


@dataclass(frozen=True)
class Entity:
    """A gazetteer entry from `content/entities.yaml` (its id is the entry's key)."""

    id: str
    name: str = option(as_text, "The name to show.", required=True)
    type: str = option(one_of(ENTITY_TYPES, "an entity type"), "person, place, organisation or other.", required=True)
    aliases: tuple[str, ...] = option(as_texts, "Other names that mean this entity in the sources.", ())
    description: str | None = option(as_text, "One or two sentences shown on the entity's page.")
    link: str | None = option(as_url, "A reference page, such as an encyclopedia entry.")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Facet:
    """One question asked of every source of an event (declared in the event file, or a default).

    Where to look: `patterns` (regular expressions; the `value` group of a match, if any, is the
    part read), else sentences containing one of `near`, else the whole text. What to read there depends on
    `kind`; `types`, `entity`, `speaker` and `exclude` narrow it."""

    id: str = option(as_slug, "A short name for the facet, unique in the event.", required=True)
    label: str = option(as_text, "The question, as the table shows it.", required=True)
    kind: str = option(as_facet_kind, "What to read: place, date, entities, number, mention, quote, name, text, speakers, "
                                      "or a kind a plugin adds.", required=True)
    patterns: tuple[str, ...] = option(as_patterns, "Regular expressions locating the answer; the `value` group is read.", ())
    near: tuple[str, ...] = option(as_texts, "Words or phrases: read the sentences that contain one.", ())
    types: tuple[str, ...] = option(each(one_of(ENTITY_TYPES, "an entity type")), "Entity types to read (entities kind).", ())
    entity: str | None = option(as_text, "The entity asked about (mention and name kinds).")
    speaker: str | None = option(as_text, "Whose quotation (quote kind).")
    exclude: tuple[str, ...] = option(as_texts, "Entities never to count as an answer.", ())


@dataclass(frozen=True)
class EventFile:
    """The front matter of an event file (`content/events/<id>.md`); its body is the commentary."""

    title: str | None = option(as_text, "The event's name.", required=True)
    dates: tuple[str, ...] | None = option(as_dates, "The date, or first and last dates, YYYY-MM-DD.")
    place: str | None = option(as_text, "Where: an entity id or any of its names; another name is shown as written and listed to review.")
    participants: tuple[str, ...] = option(as_texts, "Who took part: entity ids or names (a name the gazetteer lacks is shown as written).", ())
    sources: tuple[str, ...] = option(as_texts, "The source ids that report it.", (), required=True)
    summary: str | None = option(as_text, "One or two sentences for the events index.")
    facets: Any = option(lambda value: value, "The questions compared across sources (a list).")


@dataclass(frozen=True)
class PageFile:
    """The front matter of a free page (`content/pages/<name>.md`)."""

    title: str | None = option(as_text, "The page title (default: its first heading).")

