"""`content/events/<id>.md`: curated events, their facets, and the weekday anchoring they give.

    ---
    title: Lavrov and Wang Yi meet in Guilin
    dates: [2021-03-22, 2021-03-23]
    place: Guilin                      # an entity id or any of its names, or any name (to review)
    participants: [Sergei Lavrov, Wang Yi]
    sources: [000_9f45db1a97bdd9a5, 001_31d0fa55b8edf2a7]
    facets:
      - id: place
        label: Place of the meeting
        kind: place
        patterns: ['(?:meeting|talks) in (?P<value>[^,.;]+?)(?=,|\\.|;| on )']
    ---
    The researcher's commentary, in Markdown.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Collection, Sequence

from site_builder import layout
from site_builder.analysis.dates import dates_in
from site_builder.analysis.gazetteer import GAZETTEER_PATH, Gazetteer
from site_builder.errors import Diagnostics, SiteError, did_you_mean
from site_builder.inputs import RESERVED_NOTE, reserved_on_windows
from site_builder.model import Anchor, AnchorKind, Event, Named, Source, day_of
from site_builder.options import EventFile, Facet, options_of
from site_builder.prose import researcher_html
from site_builder.schema import SLUG, checked, validate
from site_builder.sources.readers.markdown import split_front_matter
from site_builder.yamlfile import YamlMapping, load_mapping

EVENTS_DIR = layout.EVENTS
PROPOSED_PREFIX = "proposed-"


def named(name: str, gazetteer: Gazetteer) -> Named:
    """An event's place or participant: the entity an id or any of its names stands for, else the
    name as written (a name to review, not an error: the researcher may add it to the gazetteer later)."""
    entity_id = gazetteer.resolve(name)
    return Named(gazetteer.by_id[entity_id].name, entity_id) if entity_id else Named(name)


def entity_ref(name: str, gazetteer: Gazetteer, path: str, line: int) -> str:
    """An entity id from an id or any of the entity's names; otherwise an error with a suggestion."""
    entity_id = gazetteer.resolve(name)
    if entity_id is not None:
        return entity_id
    choices = list(gazetteer.by_id) + [n for n in gazetteer.by_name if not n.isupper()]
    raise SiteError(path, f"'{name}' is not in {GAZETTEER_PATH}{did_you_mean(name, choices)}", line)


def load_facet(mapping: YamlMapping, gazetteer: Gazetteer) -> Facet:
    values = validate(mapping, options_of(Facet))
    for key in ("entity", "speaker"):
        if values[key]:
            values[key] = entity_ref(values[key], gazetteer, mapping.path, mapping.line_of(key))
    values["exclude"] = tuple(entity_ref(name, gazetteer, mapping.path, mapping.line_of("exclude")) for name in values["exclude"])
    return Facet(**values)


def check_event_id(event_id: str, shown: str) -> None:
    if not SLUG.match(event_id) or event_id.startswith(PROPOSED_PREFIX) or reserved_on_windows(event_id):
        raise SiteError(shown, f"event file name '{event_id}' must be lower-case letters, digits and '-', "
                               f"not starting with '{PROPOSED_PREFIX}' (kept for proposed events) "
                               f"and not {RESERVED_NOTE}")


def load_event(path: Path, text: str, gazetteer: Gazetteer, source_ids: Collection[str]) -> Event:
    """The event in the file at `path`, whose text has been read as `text`; the file's problems
    (every key, source and facet checked) are raised together."""
    shown = f"{EVENTS_DIR}/{path.name}"
    event_id = path.stem
    yaml_text, body, _ = split_front_matter(text, shown)
    mapping = load_mapping(yaml_text, shown, first_line=2)
    found = Diagnostics()
    found.attempt(check_event_id, event_id, shown)
    values, problems = checked(mapping, options_of(EventFile))
    if problems:
        found.record(SiteError.of(problems))
    lines = mapping.item_lines("sources") or [mapping.line_of("sources")] * len(values["sources"])
    for source_id, line in zip(values["sources"], lines):
        if source_id not in source_ids:
            found.record(SiteError(shown, f"unknown source '{source_id}'{did_you_mean(source_id, source_ids)}", line))
    items = found.attempt(mapping.items, "facets") or []
    facets = tuple(found.attempt(load_facet, item, gazetteer) for item in items)
    seen: set[str] = set()
    for facet, item in zip(facets, items):
        if facet is None:
            continue
        if facet.id in seen:
            found.record(SiteError(shown, f"two facets are called '{facet.id}'", item.line_of("id")))
        seen.add(facet.id)
    found.stop_if_errors()
    return Event(
        id=event_id,
        title=values["title"],
        dates=values["dates"] or (),
        place=named(values["place"], gazetteer) if values["place"] else None,
        participants=tuple(named(p, gazetteer) for p in values["participants"]),
        sources=tuple(dict.fromkeys(values["sources"])),
        facets=tuple(facet for facet in facets if facet),
        summary=values["summary"],
        commentary=researcher_html("\n".join(body)),
        path=shown,
    )


def anchored_by_events(sources: Sequence[Source], events: Sequence[Event]) -> list[Source]:
    """Sources with no publication date get their weekdays resolved through the event they report
    (against its last date); a source in several events keeps the first event's anchoring. Only
    its dates change."""
    anchors: dict[str, Event] = {}
    for event in events:
        if event.dates:
            for source_id in event.sources:
                anchors.setdefault(source_id, event)
    result = []
    for source in sources:
        event = anchors.get(source.id)
        if event is None or source.field("published").known:
            result.append(source)
            continue
        day = day_of(event.dates[-1])
        if day:
            source = dataclasses.replace(source, dates=dates_in(source, Anchor(AnchorKind.EVENT, day, event.id)))
        result.append(source)
    return result
