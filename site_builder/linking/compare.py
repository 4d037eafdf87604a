"""Link stage: comparison tables. For each event, every facet is read in every source, and each
reading (a cell) is set against the others: agree, partial (a subset), differ, or silent.

The distinct answers across the sources each get a standing (`answers`: a conflict, a variant,
or given), and a cell differs only where it gives a contested answer other than the reference: so
the grid, the answers and "Where the reports differ" tell one story. A difference is typed
(`model.Difference`): an *omission* (silent or partial), a *spelling variant* (the same entity
written differently), an *unresolved name* (a name matching no known entity where others name
one), a *quote variant* (the same speaker quoted in other words), or a *conflict*.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Sequence

from site_builder.analysis.counts import counted_thing
from site_builder.analysis.gazetteer import Gazetteer
from site_builder.analysis.words import WORD, normalise_word
from site_builder.model import Answer, Cell, Difference, Event, FacetTraits, Row, Source, Span, Standing, Status
from site_builder.options import Facet
from site_builder.plugins import registered

DEFAULT_FACETS = (
    Facet("dates", "Dates given", "date"),
    Facet("places", "Places named", "entities", types=("place",)),
    Facet("people", "People named", "entities", types=("person",)),
    Facet("speakers", "Who is quoted", "speakers"),
    Facet("numbers", "Numbers given", "number"),
)
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+[”\"’)]*|$)")
UNRESOLVED = " (unresolved)"


@dataclass(frozen=True)
class Reading:
    """What one source says for a facet in one place: the value compared, its own words, where,
    and what the value is about when the facet asks several things (the thing a number counts)."""

    value: str
    wording: str
    paragraph: str
    unresolved: bool = False
    about: str = ""


def sentences(text: str) -> Iterator[tuple[int, int]]:
    for match in _SENTENCE.finditer(text):
        if match.group().strip():
            yield match.start(), match.end()


def regions(source: Source, facet: Facet) -> list[Span]:
    """Where in the source the facet's answer is read."""
    found = []
    for paragraph in source.paragraphs:
        text = paragraph.text
        if facet.patterns:
            for pattern in facet.patterns:
                for match in re.finditer(pattern, text):
                    start, end = match.span("value") if "value" in match.re.groupindex else match.span()
                    if end > start:  # a value group that matched nothing reads nothing
                        found.append(Span(paragraph.id, start, end))
        elif facet.near:
            terms = [term.casefold() for term in facet.near]
            found += [Span(paragraph.id, a, b) for a, b in sentences(text)
                      if any(term in text[a:b].casefold().replace("’", "'") for term in terms)]
        else:
            found.append(Span(paragraph.id, 0, len(text)))
    return found


def inside(spans: Sequence[Span], paragraph: str, start: int, end: int) -> bool:
    return any(r.paragraph == paragraph and r.start <= start and end <= r.end for r in spans)


def overlaps(spans: Sequence[Span], paragraph: str, start: int, end: int) -> bool:
    return any(r.paragraph == paragraph and start < r.end and r.start < end for r in spans)


def number_text(value: float) -> str:
    """A count as written for comparison: exact, never rounded or in e-notation."""
    return str(int(value)) if value.is_integer() else repr(value)


def normalised_words(text: str) -> str:
    return " ".join(normalise_word(w.group()) for w in WORD.finditer(text))


def in_region(where: Sequence[Span], span: Span) -> bool:
    return inside(where, span.paragraph, span.start, span.end)


def wanted_entity(facet: Facet, gazetteer: Gazetteer, entity_id: str, types: Sequence[str]) -> bool:
    return entity_id not in facet.exclude and (not types or gazetteer.by_id[entity_id].type in types)


def entities_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """Entities of the facet's `types` named there."""
    return [Reading(gazetteer.by_id[m.entity].name, m.surface, m.span.paragraph) for m in source.mentions
            if wanted_entity(facet, gazetteer, m.entity, facet.types) and in_region(where, m.span)]


def place_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """Places named there, and capitalised names no entity matches (unresolved)."""
    return ([Reading(gazetteer.by_id[m.entity].name, m.surface, m.span.paragraph) for m in source.mentions
             if wanted_entity(facet, gazetteer, m.entity, ("place",)) and in_region(where, m.span)]
            + [Reading(f"“{c.surface}”{UNRESOLVED}", c.surface, c.span.paragraph, unresolved=True)
               for c in source.candidates if in_region(where, c.span)])


def name_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """How the facet's entity's full name is spelled there."""
    return [Reading(m.surface, m.surface, m.span.paragraph) for m in source.mentions
            if m.entity == facet.entity and len(m.surface.split()) > 1 and in_region(where, m.span)]


def number_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """Counts given there, each about the thing it counts (two counts of one thing conflict)."""
    return [Reading(number_text(c.value), c.text, c.span.paragraph, about=counted_thing(c.counts))
            for c in source.counts if in_region(where, c.span)]


def date_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """Dates given there, resolved or not."""
    return [Reading(d.value or f"“{d.text}”{UNRESOLVED}", d.text, d.span.paragraph, unresolved=d.value is None)
            for d in source.dates if in_region(where, d.span)]


def speakers_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """Who is quoted there."""
    return [Reading(q.speaker_label, q.attribution or q.speaker_label, q.span.paragraph) for q in source.quotes
            if q.kind == "statement" and q.speaker_label and overlaps(where, q.span.paragraph, q.span.start, q.span.end)]


def quote_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """The facet's speaker's quotations (those with one of `near`, or overlapping `patterns`)."""
    terms = [t.casefold() for t in facet.near]
    return [Reading(normalised_words(q.text), q.text, q.span.paragraph) for q in source.quotes
            if q.kind == "statement" and (facet.speaker is None or q.speaker == facet.speaker)
            and (not terms or any(t in q.text.casefold() for t in terms))
            and (not facet.patterns or overlaps(where, q.span.paragraph, q.span.start, q.span.end))]


def mention_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """Whether it is reported at all (with the facet's entity, where it is named)."""
    if facet.entity:
        where = [r for r in where if any(m.entity == facet.entity and r.paragraph == m.span.paragraph
                                         and r.start <= m.span.start < r.end for m in source.mentions)]
    return [Reading("reported", source.paragraph(r.paragraph).text[r.start:r.end].strip(), r.paragraph) for r in where]


def text_reading(source: Source, facet: Facet, gazetteer: Gazetteer, where: Sequence[Span]) -> list[Reading]:
    """The words themselves."""
    return [Reading(normalised_words(source.paragraph(r.paragraph).text[r.start:r.end]),
                    source.paragraph(r.paragraph).text[r.start:r.end], r.paragraph) for r in where]


# What a facet of some kind reads of a source, in the places `regions` picks out.
FacetReader = Callable[[Source, Facet, Gazetteer, Sequence[Span]], list[Reading]]


@dataclass(frozen=True)
class FacetKind:
    """A kind of facet: what it reads of a source, and how its answers compare and show."""

    read: FacetReader
    traits: FacetTraits = FacetTraits()


OWN_WORDS, LISTING = FacetTraits(own_words=True), FacetTraits(resolved=True, listing=True)
# The built-in kinds (plugins add kinds: plugins.py).
FACET_KINDS: dict[str, FacetKind] = {
    "place": FacetKind(place_reading, FacetTraits(resolved=True)),
    "date": FacetKind(date_reading, FacetTraits(unresolved_variant=False, resolved=True)),
    "entities": FacetKind(entities_reading, LISTING),
    "number": FacetKind(number_reading, FacetTraits(own_words=True, resolved=True)),
    "mention": FacetKind(mention_reading, OWN_WORDS),
    "quote": FacetKind(quote_reading, FacetTraits(variant=Difference.QUOTE, own_words=True)),
    "name": FacetKind(name_reading, FacetTraits(variant=Difference.SPELLING, own_words=True)),
    "text": FacetKind(text_reading, OWN_WORDS),
    "speakers": FacetKind(speakers_reading, LISTING),
}


def facet_kinds() -> dict[str, FacetKind]:
    """The built-in facet kinds, then those plugins add (a plugin's bare reader function is a kind
    with the default traits)."""
    added = {name: kind if isinstance(kind, FacetKind) else FacetKind(kind) for name, kind in registered("facet_kinds")}
    return {**FACET_KINDS, **added}


def readings(source: Source, facet: Facet, gazetteer: Gazetteer, kind: FacetKind) -> list[Reading]:
    """What the source says, for one facet of `kind`, in the places `regions` picks out."""
    return kind.read(source, facet, gazetteer, regions(source, facet))


def reference(value_sets: Sequence[frozenset[str]]) -> frozenset[str] | None:
    """The reading most sources give (ties go to a reading that contains all the others); None when
    the sources split with no such reading."""
    counts = Counter(s for s in value_sets if s)
    if not counts:
        return None
    top = max(counts.values())
    leaders = [s for s, n in counts.items() if n == top]
    if len(leaders) == 1:
        return leaders[0]
    widest = max(leaders, key=len)
    return widest if all(other <= widest for other in leaders) else None


def standing(traits: FacetTraits, reading: Reading, first: bool, rivals: int, single: bool) -> Standing:
    """An answer's standing: a variant when it is a name matching no entity (a date left unresolved
    is no variant of another) or a spelling or wording other than the one most given (`first`: none
    is when two are given equally often, and each is then a variant of the other); a
    conflict when another answer is about the same thing (`rivals`: answers about it), or, in a
    facet each source answers once (`single`), when there is any other answer; never among a list of things named (`listing`)."""
    if (reading.unresolved and traits.unresolved_variant) or (traits.variant is not None and not first):
        return Standing.VARIANT
    if traits.variant is None and not traits.listing and rivals > 1 and (reading.about or single):
        return Standing.CONFLICT
    return Standing.GIVEN


def answers(traits: FacetTraits, found: Mapping[str, list[Reading]]) -> tuple[Answer, ...]:
    """The distinct answers across the sources (`found`: each source's readings, in the event's
    order): conflicts first, grouped by what they are about, then variants, then the rest; the most
    given first within each."""
    given: dict[str, tuple[Reading, dict[str, str]]] = {}
    for source_id, rs in found.items():
        for r in rs:
            given.setdefault(r.value, (r, {}))[1].setdefault(source_id, r.paragraph)
    single = all(len({r.value for r in rs}) <= 1 for rs in found.values())
    rivals = Counter(r.about for r, _ in given.values() if not r.unresolved)
    ranked = sorted(given.items(), key=lambda item: (-len(item[1][1]), item[0]))
    counts = [len(by) for _, (_, by) in ranked]
    usual = ranked[0][0] if counts and counts.count(counts[0]) == 1 else None  # none when the most given tie
    made = [Answer(value, r.about, r.wording, tuple(by.items()),
                   standing(traits, r, value == usual, rivals[r.about], single)) for value, (r, by) in ranked]
    order = {Standing.CONFLICT: 0, Standing.VARIANT: 1, Standing.GIVEN: 2}
    support = {about: max(len(a.given_by) for a in made if a.about == about) for about in {a.about for a in made}}
    return tuple(sorted(made, key=lambda a: (order[a.standing], -support[a.about], a.about, -len(a.given_by), a.value)))


def by_thing(found: Sequence[Reading]) -> dict[str, frozenset[str]]:
    """A source's values grouped by what they are about (one group when the facet asks one thing)."""
    things: dict[str, set[str]] = {}
    for r in found:
        things.setdefault(r.about, set()).add(r.value)
    return {about: frozenset(values) for about, values in things.items()}


def cell_status(mine: Mapping[str, frozenset[str]], references: Mapping[str, frozenset[str] | None],
                givers: Counter[str], differs: bool) -> Status:
    """How a source's values stand against the others', thing by thing: it differs where it gives a
    contested answer other than its thing's reference value (`differs`: `flagged` found one); it is
    partial where it lacks some of the reference values of a thing others give too, and split where
    others give that thing too and no reading leads. Naming a place the others do not name, or `9
    percent` beside their `40 ships`, is no difference."""
    shared = [about for about in mine if givers[about] > 1]
    if differs:
        return Status.DIFFER
    if any(references[about] is not None and not references[about] <= mine[about] for about in shared):
        return Status.PARTIAL
    if any(references[about] is None for about in shared):
        return Status.SPLIT
    return Status.AGREE


def flagged(found: Sequence[Reading], contested: Mapping[str, Answer],
            references: Mapping[str, frozenset[str] | None]) -> list[Reading]:
    """A source's readings that give a contested answer (`answers`: a conflict or a variant) other
    than their thing's reference value: what makes its cell differ."""
    return [r for r in found if r.value in contested and r.value not in (references[r.about] or ())]


def difference(traits: FacetTraits, status: Status, contested: Sequence[Answer], unresolved: bool,
               reported: bool) -> Difference | None:
    """The kind of difference a cell shows, from the standing of the contested answers it gives
    (`unresolved`: one of them is a name matching no entity)."""
    if status == Status.DIFFER:
        if any(answer.standing == Standing.CONFLICT for answer in contested):
            return Difference.CONFLICT
        return Difference.UNRESOLVED if unresolved or traits.variant is None else traits.variant
    if status == Status.PARTIAL or (status == Status.SILENT and reported):
        return Difference.OMISSION
    return None


def compare_row(facet: Facet, sources: Sequence[Source], gazetteer: Gazetteer) -> Row:
    kind = facet_kinds()[facet.kind]
    return row_of(facet, {source.id: readings(source, facet, gazetteer, kind) for source in sources}, kind.traits)


def row_of(facet: Facet, found: Mapping[str, list[Reading]], traits: FacetTraits | None = None) -> Row:
    """The row of what each source (`found`, in the event's order) reads for `facet`, whose kind has
    `traits` (looked up when not given)."""
    sets = {source_id: frozenset(r.value for r in rs) for source_id, rs in found.items()}
    things = {source_id: by_thing(rs) for source_id, rs in found.items()}
    givers = Counter(about for given in things.values() for about in given)
    references = {about: reference([given[about] for given in things.values() if about in given]) for about in givers}
    ref = reference(list(sets.values()))
    reporting = [s for s in sets if sets[s]]
    traits = facet_kinds()[facet.kind].traits if traits is None else traits
    made = answers(traits, found)
    contested = {answer.value: answer for answer in made if answer.standing != Standing.GIVEN}
    cells = []
    for source_id, rs in found.items():
        values = sets[source_id]
        differing = flagged(rs, contested, references)
        status = cell_status(things[source_id], references, givers, bool(differing)) if values else Status.SILENT
        kind = difference(traits, status, [contested[r.value] for r in differing], any(r.unresolved for r in differing),
                          bool(reporting))
        cells.append(Cell(
            source=source_id,
            values=tuple(sorted(values)),
            wording=tuple(dict.fromkeys(r.wording for r in rs)),
            evidence=tuple(dict.fromkeys(r.paragraph for r in rs)),
            status=status,
            difference=kind,
        ))
    return Row(facet, tuple(cells), tuple(sorted(ref)) if ref else (), made, traits)


def compare_event(event: Event, by_id: dict[str, Source], gazetteer: Gazetteer) -> tuple[Row, ...]:
    sources = [by_id[source_id] for source_id in event.sources]
    return tuple(compare_row(facet, sources, gazetteer) for facet in (event.facets or DEFAULT_FACETS))
