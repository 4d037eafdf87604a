"""The site as a small typed model that every stage passes on and templates read: content only.
No I/O, no arrays, no digests or pool state (those are side tables of `build/`)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable, Mapping

from site_builder.options import FIELD_NAMES, Entity, Facet, SiteConfig  # declared with their options


class Origin(StrEnum):
    """Where a metadata value came from, strongest first: a declared value beats one found in the
    file; a value the tool recorded when it captured the source (its URL, when) comes next. How an
    origin is said is sentences.html's `origin`."""

    DECLARED = "declared"  # in the source's sidecar (`detail`: its path)
    FRONT_MATTER = "front-matter"  # in a Markdown source's front matter
    CAPTURED = "captured"  # recorded when the source was captured (`detail`: how)
    EXTRACTED = "extracted"  # read from the file (`detail`: where in it)
    DERIVED = "derived"  # worked out by the build (`detail`: how)
    UNKNOWN = "unknown"  # not stated anywhere (`detail`: why)

    @property
    def rank(self) -> int:
        return _ORIGIN_ORDER.index(self)


_ORIGIN_ORDER = tuple(Origin)

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?=[T ]|$)")  # a date's day, alone or before its time


def day_of(value: str | None) -> dt.date | None:
    """The day an ISO date (`2021-03-23`) or date and time (`2021-03-23T10:00:00Z`) gives; None for a
    month (`2021-03`), a year, no date or a malformed one (`2021-02-30`, `23 March 2021`). The one
    rule for the day of a publication date, an event's date or a date a text gives."""
    found = _DAY.match(value or "")
    try:
        return dt.date.fromisoformat(found.group()) if found else None
    except ValueError:
        return None


class Basis(StrEnum):
    """What in a source a value was read from, where a later stage weighs it by that."""

    DATELINE = "dateline"  # the dateline opening the text: its date anchors the text's weekdays
    FILE_CREATED = "file created"  # when the file was made (a PDF's or a Word file's), maybe later than the text


@dataclass(frozen=True)
class Field:
    """A metadata value, its kind of origin (for badges), where exactly it came from, and what in
    the source it was read from when a later stage weighs that (`basis`)."""

    value: str | None
    kind: Origin
    detail: str
    basis: Basis | None = None

    @property
    def known(self) -> bool:
        return self.value is not None


UNKNOWN = Field(None, Origin.UNKNOWN, "not stated in the source or its sidecar")


class LineKind(StrEnum):
    """What a source's numbered lines are, as a citation names them (`main-text line 12`)."""

    FILE = "line"  # the lines of the file itself
    MAIN_TEXT = "main-text line"  # a web page's main text, a line per block picked out of its markup
    PDF = "PDF text line"  # the text pdfminer lays out, a paragraph after each blank line
    WORD = "Word text line"  # a Word document's paragraphs, headings and table rows


def declared(value: str, path: str) -> Field:
    return Field(value, Origin.DECLARED, path)


def front_matter(value: str) -> Field:
    return Field(value, Origin.FRONT_MATTER, "")


def captured(value: str, how: str) -> Field:
    return Field(value, Origin.CAPTURED, how)


def extracted(value: str, where: str, basis: Basis | None = None) -> Field:
    return Field(value, Origin.EXTRACTED, where, basis)


def derived(value: str, how: str) -> Field:
    return Field(value, Origin.DERIVED, how)


def declared_fields(values: Mapping[str, Any], make: Callable[[str], Field]) -> dict[str, Field]:
    """The metadata fields among validated `SourceMetadata` values, each made a Field by `make`."""
    return {name: make(values[name]) for name in FIELD_NAMES if values.get(name) is not None}


def combine(*layers: Mapping[str, Field]) -> dict[str, Field]:
    """Merge field layers; for each name the value with the strongest origin wins (ties: earliest layer)."""
    result: dict[str, Field] = {}
    for layer in layers:
        for name, value in layer.items():
            current = result.get(name)
            if current is None or Origin(value.kind).rank < Origin(current.kind).rank:
                result[name] = value
    return result


@dataclass(frozen=True)
class Line:
    """One line of a source's text, numbered as in the raw file (or in the extracted text for HTML)."""

    number: int
    text: str
    page: int | None = None  # the page of a paged document (PDF) the line is on


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaning stage took out of the text, and the rule that did it."""

    line: int
    text: str
    rule: str


def paragraph_id(number: int) -> str:
    """The id of paragraph `number` (counted from 1), as anchors and data files show it: `p3`."""
    return f"p{number}"


def paragraph_number(paragraph_id: str) -> int:
    """The number of the paragraph with this id: `p3` -> 3."""
    return int(paragraph_id[1:])


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of cleaned text; `start`/`end` are character offsets into `Source.text`."""

    id: str
    text: str
    start: int
    end: int
    line: int
    page: int | None = None  # the page of a paged document (PDF) it starts on


@dataclass(frozen=True)
class Span:
    """Where something was found: a paragraph of a source and character offsets into its text."""

    paragraph: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """An entity named in a source. `variant` marks a spelling close to, but not in, the gazetteer."""

    entity: str
    span: Span
    surface: str
    variant: bool = False


@dataclass(frozen=True)
class Candidate:
    """A capitalised name the gazetteer does not know, for the researcher to review."""

    surface: str
    span: Span
    hint: str | None = None


@dataclass(frozen=True)
class Quote:
    """Quoted words and who said them according to the source (`speaker` is an entity id, if known).

    `kind` is "statement" or "term" (scare quotes of one or two words); `speaker_label` says who
    in words ("Wang Yi", "the joint statement", "they"), and `attribution` is the evidence."""

    text: str
    span: Span
    kind: str
    speaker: str | None = None
    speaker_label: str | None = None
    attribution: str | None = None


class DateResolution(StrEnum):
    """How a date the text gives was resolved, or why it was not; sentences.html's `date_note` words it."""

    EXPLICIT = "explicit"  # a day, a month and a year
    EXPLICIT_MONTH = "explicit month"  # a month and a year
    YEAR_FROM_ANCHOR = "year from anchor"  # a day and a month, in the anchor's year
    PAST_WEEKDAY = "past weekday"  # a weekday in the past: the latest such day on or before the anchor
    COMING_WEEKDAY = "coming weekday"  # a weekday to come: the first such day on or after the anchor
    NO_YEAR = "no year"  # unresolved: a day and a month, and no anchor to take the year from
    NO_ANCHOR = "no anchor"  # unresolved: a weekday, and no anchor to count from
    NO_TENSE = "no tense"  # unresolved: nothing in its sentence says whether it is past or to come
    BOTH_TENSES = "both tenses"  # unresolved: a past and a future cue equally near
    NOT_A_DATE = "not a date"  # unresolved: no such day (`30 February`)
    OUT_OF_CALENDAR = "out of calendar"  # unresolved: the anchor is too early or too late to count from


class AnchorKind(StrEnum):
    """What a source's weekdays and dates without a year are counted from."""

    PUBLISHED = "published"  # its publication date
    DATELINE = "dateline"  # its publication date, read from its dateline
    EVENT = "event"  # the last date of the event it reports, when it has no publication date


@dataclass(frozen=True)
class Anchor:
    """The day a source's weekdays and dates without a year are counted from (None when it has
    none), and what that day is."""

    kind: AnchorKind
    day: dt.date | None
    event: str | None = None  # the event's id, for AnchorKind.EVENT


@dataclass(frozen=True)
class DateRef:
    """A date the text gives. `value` is ISO (or None when it cannot be resolved); `resolution` says
    how it was reached or why not, with the facts it rests on: the `anchor` it was counted from (or
    lacked) when it needs one; for a weekday, the cue word of its sentence that set its tense
    (`past_cue` `said`, `future_cue` `will`; both when equally near); and the weekday the text gives
    (`weekday_said`) when the date falls on another (`weekday_real`). sentences.html's `date_note`
    words them."""

    text: str
    span: Span
    value: str | None
    resolution: DateResolution
    anchor: Anchor | None = None
    past_cue: str | None = None
    future_cue: str | None = None
    weekday_said: str | None = None
    weekday_real: str | None = None


@dataclass(frozen=True)
class Count:
    """A number with what it counts: `more than 1 million people` -> 1000000, 'people'. A range
    (`between 30 and 40 people`) has its lower bound as `value` and its upper bound as `high`."""

    text: str
    span: Span
    value: float
    counts: str
    qualifier: str | None = None
    high: float | None = None


@dataclass(frozen=True)
class Capture:
    """How a web source was captured: the HTTP exchange, as `site-builder new source <URL>` recorded
    it or as a WARC file's response record gives it. `warc` is the WARC file's path in the project
    (`archive/<id>.warc.gz`, or the seed itself for a WARC in `seeds/`); `record_id` its record's
    WARC-Record-ID; `payload_digest` the WARC-Payload-Digest (`sha1:…`) of the body."""

    url: str  # the final URL, after redirects
    time: str | None  # UTC, ISO 8601 (`2026-12-03T18:40:12Z`); None when a WARC record gives no real time
    status: int | None = None
    content_type: str | None = None
    requested_url: str | None = None  # when it differs from `url`
    warc: str | None = None
    record_id: str | None = None
    payload_digest: str | None = None
    how: str = "captured"  # "captured by site-builder new source", "read from a WARC file", …

    @property
    def day(self) -> dt.date | None:
        """The day it was captured (`day_of` its time, which the sidecar and the WARC reader check)."""
        return day_of(self.time)


@dataclass(frozen=True)
class Source:
    """One collected report: its raw file's identity, its metadata with origins, and its cleaned text."""

    id: str
    path: str
    filename: str
    format: str
    sha256: str
    size: int
    encoding: str
    line_label: LineKind
    lines: tuple[Line, ...]  # the file's lines, then those left by clean; segment makes them paragraphs
    fields: Mapping[str, Field]
    notes: str | None = None
    encoding_note: str | None = None  # why its text may read wrong (a doubtful detection, mixed encodings), for a warning
    capture: Capture | None = None
    record: int | None = None  # for a source read from a WARC file (`path`): its number among the file's sources
    removed: tuple[RemovedLine, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    mentions: tuple[Mention, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateRef, ...] = ()
    counts: tuple[Count, ...] = ()

    def field(self, name: str) -> Field:
        return self.fields.get(name, UNKNOWN)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        return self.paragraphs[paragraph_number(paragraph_id) - 1]

    @property
    def title(self) -> str:
        return self.field("title").value or self.id

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def published_day(self) -> dt.date | None:
        """The day it was published (`day_of` its `published` value): None when unknown, or only a month or a year."""
        return day_of(self.field("published").value)

    @functools.cached_property
    def words(self) -> int:
        """Words of cleaned text (counted once: the data, the indexes and the page all read it)."""
        return sum(len(p.text.split()) for p in self.paragraphs)

    def __getstate__(self) -> dict[str, Any]:
        """Its fields without the values its cached properties keep (`words`), so that a source
        pickles, and digests, the same whether or not a stage has read them yet."""
        cached = {name for name, value in vars(type(self)).items() if isinstance(value, functools.cached_property)}
        return {name: value for name, value in self.__dict__.items() if name not in cached}

    @property
    def raw_name(self) -> str:
        """The raw copy's file name under `raw/`: HTML gets `.txt` so a browser never renders it."""
        return self.filename + ".txt" if self.format == "html" else self.filename


@dataclass(frozen=True)
class Page:
    """A free page from `content/pages/`, its Markdown already rendered and sanitised."""

    slug: str
    title: str
    html: str
    path: str


@dataclass(frozen=True)
class SurfaceForm:
    """One way the sources write an entity's name, and which sources write it so."""

    text: str
    variant: bool
    sources: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class Located:
    """A finding together with the id of the source it was found in."""

    source: str
    item: Any


@dataclass(frozen=True)
class EntityReport:
    """Everything the sources say about one entity, gathered across sources by the link stage."""

    entity: Entity
    forms: tuple[SurfaceForm, ...]
    mentions: tuple[Located, ...]
    counts_by_source: Mapping[str, int]
    cooccurring: tuple[tuple[str, int], ...]
    quotes: tuple[Located, ...]

    @property
    def has_variants(self) -> bool:
        return any(form.variant for form in self.forms)


@dataclass(frozen=True)
class NameToReview:
    """A candidate name gathered across sources, with each place it occurs."""

    surface: str
    sources: tuple[str, ...]
    occurrences: tuple[Located, ...]
    hint: str | None

    @property
    def words(self) -> int:
        return len(self.surface.split())


@dataclass(frozen=True)
class PassageEnd:
    """One side of a shared passage: the source, its first and last word (token indices), and
    where it starts and ends in the text (paragraph id and offset)."""

    source: str
    first_word: int
    last_word: int
    start: Span
    end: Span
    text: str
    speaker: str | None = None

    @property
    def words(self) -> int:
        return self.last_word - self.first_word + 1


@dataclass(frozen=True)
class Passage:
    """A stretch of text two sources share. `kind` is "quotation" (inside quotation marks in
    both) or "narrative"."""

    a: PassageEnd
    b: PassageEnd
    kind: str

    @property
    def words(self) -> int:
        return max(self.a.words, self.b.words)


@dataclass(frozen=True)
class Lineage:
    """What the text two sources share supports about who copied whom, as facts (the sentence is
    the `lineage` macro's, in sentences.html): how many narrative passages they share and their
    words, how many quotations, and, only when both publication dates are known and differ, which
    source was published first and both dates."""

    narrative: int
    narrative_words: int
    quotations: int
    earlier: str | None = None
    earlier_date: str | None = None
    later: str | None = None
    later_date: str | None = None


@dataclass(frozen=True)
class ReusePair:
    """Everything two sources share, how much of each it is, and what that evidence supports."""

    a: str
    b: str
    passages: tuple[Passage, ...]
    share_a: float
    share_b: float
    lineage: Lineage

    @property
    def words(self) -> int:
        return sum(p.words for p in self.passages)

    def other(self, source_id: str) -> str:
        return self.b if source_id == self.a else self.a


@dataclass(frozen=True)
class CopyGroup:
    """Sources that are copies of one text (wire copy), around the one they are compared with."""

    representative: str
    members: tuple[str, ...]  # the copies, by id, without the representative


class Status(StrEnum):
    """How a source's reading of a facet stands against the other sources'."""

    AGREE = "agree"  # the reading most sources give (or more)
    PARTIAL = "partial"  # only some of it
    SPLIT = "split"  # others differ, no reading leads and none contradicts another (places named, people quoted)
    DIFFER = "differ"  # a contested answer: a conflict or a variant
    SILENT = "silent"  # nothing read


class Difference(StrEnum):
    """What kind of difference a cell that differs (or says less) shows: from the standing of the
    answers it gives (`Standing`), or an omission."""

    OMISSION = "omission"  # silent, or gives only some of the values most sources give
    CONFLICT = "conflict"  # an answer another answer about the same thing contradicts
    UNRESOLVED = "unresolved name"  # a name matching no entity where others name one
    SPELLING = "spelling variant"  # the entity's name written another way
    QUOTE = "quote variant"  # the speaker quoted in other words


@dataclass(frozen=True)
class FacetTraits:
    """How a kind of facet's answers compare and show: `variant` is the difference an answer other
    than the one most given shows when its answers are wordings of one thing (a name's spellings, a
    quotation's wordings; None when different answers are rival answers or a list);
    `unresolved_variant`, whether a reading left unresolved is a variant (a name matching no entity
    is; a weekday left unresolved is no variant of a date); `own_words`, whether answers are shown
    in a report's own words rather than as the value compared; `resolved`, whether a cell's values
    are resolved from its words (an entity's name, a number, a date) and worth showing beside them;
    `listing`, whether answers are a list of things named (places, people, who is quoted), so that
    two reports naming one each, and different ones, do not contradict each other."""

    variant: Difference | None = None
    unresolved_variant: bool = True
    own_words: bool = False
    resolved: bool = False
    listing: bool = False


@dataclass(frozen=True)
class Cell:
    """One source's reading of one facet: values (normalised, compared), the source's own wording,
    the paragraphs it comes from, and how it stands against the other sources."""

    source: str
    values: tuple[str, ...]
    wording: tuple[str, ...]
    evidence: tuple[str, ...]
    status: Status
    difference: Difference | None = None


class Standing(StrEnum):
    """How one answer to a facet stands among the event's other answers."""

    CONFLICT = "conflict"  # another answer about the same thing says otherwise
    VARIANT = "variant"  # another spelling or wording of the usual answer, or a name matching no entity
    GIVEN = "given"  # contested by no other answer


@dataclass(frozen=True)
class Answer:
    """One distinct answer an event's reports give to a facet: its value (normalised), what it is
    about (the thing counted; "" when the facet asks one thing), the first report's own words, the
    reports giving it with the paragraph each gives it in, and how it stands."""

    value: str
    about: str
    wording: str
    given_by: tuple[tuple[str, str], ...]
    standing: Standing


@dataclass(frozen=True)
class Row:
    """One facet of an event read in each of its sources: the cells, the reference reading (the
    values most sources give; none when they split), and the distinct answers across the sources,
    conflicts first. The sentences on how they differ are the macros' of sentences.html."""

    facet: Facet
    cells: tuple[Cell, ...]
    reference: tuple[str, ...] = ()
    answers: tuple[Answer, ...] = ()
    traits: FacetTraits = FacetTraits()  # of its facet's kind

    @property
    def reporting(self) -> int:
        """How many of its sources give any answer."""
        return sum(cell.status != Status.SILENT for cell in self.cells)

    @property
    def conflicts(self) -> tuple[tuple[str, tuple[Answer, ...]], ...]:
        """The conflicting answers grouped by what they are about, in the answers' order (the
        things most reports answer first)."""
        groups: dict[str, list[Answer]] = {}
        for answer in self.answers:
            if answer.standing == Standing.CONFLICT:
                groups.setdefault(answer.about, []).append(answer)
        return tuple((about, tuple(group)) for about, group in groups.items())

    @property
    def variants(self) -> tuple[Answer, ...]:
        """The answers that are another spelling or wording of one (or names no entity matches)."""
        return tuple(answer for answer in self.answers if answer.standing == Standing.VARIANT)

    @property
    def contested(self) -> bool:
        """True when some answer conflicts with another or is a variant of one."""
        return any(answer.standing != Standing.GIVEN for answer in self.answers)


@dataclass(frozen=True)
class Derivation:
    """How the build described an event it proposed: the report whose headline titles it, where
    its dates come from ("published": the reports' publication dates; "text": the date most of
    their texts give; None), the dateline most of them give with how many do, and the names most
    distinctive of its reports with how many give each."""

    title_from: str
    dates_from: str | None = None
    dateline: tuple[str, int] | None = None
    names: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Named:
    """A place or participant of an event: the gazetteer entity (`entity`, shown by its name) or,
    for a name the gazetteer does not know yet, only the words the event file gives."""

    text: str
    entity: str | None = None


@dataclass(frozen=True)
class Event:
    """Something several sources report: curated in `content/events/<id>.md`, or proposed."""

    id: str
    title: str
    dates: tuple[str, ...]
    place: Named | None
    participants: tuple[Named, ...]
    sources: tuple[str, ...]
    facets: tuple[Facet, ...]
    summary: str | None = None
    commentary: str = ""
    curated: bool = True
    path: str | None = None
    rows: tuple[Row, ...] = ()
    derivation: Derivation | None = None

    @property
    def differences(self) -> tuple[Row, ...]:
        """The questions its reports answer in conflicting or variant ways."""
        return tuple(row for row in self.rows if row.contested)


@dataclass(frozen=True)
class Site:
    """Everything a build knows; what templates see."""

    config: SiteConfig
    sources: tuple[Source, ...]
    pages: tuple[Page, ...] = ()
    entities: Mapping[str, EntityReport] = field(default_factory=dict)
    names_to_review: tuple[NameToReview, ...] = ()
    reuse: tuple[ReusePair, ...] = ()  # the pairs shown: copies of one text as a group (`linking.reuse.shown_pairs`)
    copy_groups: tuple[CopyGroup, ...] = ()
    events: tuple[Event, ...] = ()
    by_id: Mapping[str, Source] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {source.id: source for source in self.sources})
