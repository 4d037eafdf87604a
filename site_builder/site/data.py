"""Data downloads under `data/`: what the analyses found, as JSON and CSV from the same rows, in a
stable order, each described (columns and meaning) for the data page. Each file is put together
from pieces, the rows of one source, pair or event, which `PieceMemo` keeps between builds."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Callable, Iterator, Sequence

from site_builder.build.fingerprints import ContentDigests
from site_builder.build.piece_memo import Piece, PieceMemo
from site_builder.linking.reuse import COPY_SHARE
from site_builder.model import Basis, Cell, Event, Origin, Passage, PassageEnd, ReusePair, Site, Source
from site_builder.output.tables import csv_bytes, csv_lines, csv_table, json_array, json_records
from site_builder.output.write import OutputFile
from site_builder.site import routes

Row = dict[str, Any]


def by_source(digests: ContentDigests, source: Source) -> bytes | None:
    return digests.sources.get(source.id)


def by_pair(digests: ContentDigests, pair: ReusePair) -> bytes | None:
    return digests.pair(pair)


def not_kept(digests: ContentDigests, item: Any) -> None:
    """For rows made from the whole site: they have no one digest, and are made every time."""


@dataclass(frozen=True)
class Export:
    """One table of findings, published as `data/<name>.json` and `data/<name>.csv`. Its rows come
    in pieces, one per item (a source, a pair), each keyed by the digest of what it is made from;
    they are made only when asked for: the data page needs only the name, description and columns."""

    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (column, what it holds)
    items: Callable[[], Sequence[Any]]
    rows: Callable[[Any], list[Row]]  # the rows of one item
    key: Callable[[ContentDigests, Any], bytes | None] = not_kept


def span_label(end: PassageEnd) -> tuple[str, str]:
    """`p3:10` style positions (paragraph id and character offset) of a passage end's first and last character."""
    return f"{end.start.paragraph}:{end.start.start}", f"{end.end.paragraph}:{end.end.end}"


def passage_row(passage: Passage) -> dict[str, Any]:
    start_a, end_a = span_label(passage.a)
    start_b, end_b = span_label(passage.b)
    return {
        "source_a": passage.a.source, "start_a": start_a, "end_a": end_a,
        "source_b": passage.b.source, "start_b": start_b, "end_b": end_b,
        "words": passage.words, "kind": passage.kind, "text_a": passage.a.text, "text_b": passage.b.text,
    }


SPAN = "paragraph id (p1, p2 …) and character offsets into that paragraph's cleaned text"


def exports(site: Site) -> list[Export]:
    return [
        Export("sources", "One row per source: its metadata (with where each date came from) and its raw file's hash.", (
            ("id", "source id (the file name without its suffix)"), ("title", "title"), ("publisher", "publisher"),
            ("author", "author"), ("credit", "credited agency or source"), ("place", "place line"),
            ("published", "publication date, ISO"), ("published_origin", f"where the date comes from: {', '.join(Origin)}"),
            ("published_from", "where exactly: the sidecar, the line, or how it was captured or derived"),
            ("published_basis", f"what in the source the date was read from, when that matters: {', '.join(Basis)}"),
            ("url", "original address"), ("language", "language tag"), ("words", "words of cleaned text"),
            ("raw", "the raw copy on this site"), ("sha256", "SHA-256 of the raw file")),
            lambda: site.sources, lambda s: [source_row(s)], by_source),
        Export("mentions", f"Every mention of a gazetteer entity; spans are {SPAN}.", (
            ("source", "source id"), ("paragraph", "paragraph id"), ("start", "first character"), ("end", "after the last character"),
            ("entity", "entity id"), ("surface", "the words as written"), ("variant", "true for a spelling variant")),
            lambda: site.sources, lambda s: [{"source": s.id, "paragraph": m.span.paragraph, "start": m.span.start, "end": m.span.end,
                                              "entity": m.entity, "surface": m.surface, "variant": m.variant} for m in s.mentions],
            by_source),
        Export("quotes", f"Every quotation and quoted term, with the speaker the source gives; spans are {SPAN}.", (
            ("source", "source id"), ("paragraph", "paragraph id"), ("start", "first character"), ("end", "after the last character"),
            ("kind", "statement, or term (one or two quoted words)"), ("speaker", "entity id, when known"),
            ("speaker_label", "who, in words"), ("attribution", "the words the speaker was found from"), ("text", "the quoted words")),
            lambda: site.sources, lambda s: [{"source": s.id, "paragraph": q.span.paragraph, "start": q.span.start, "end": q.span.end,
                                              "kind": q.kind, "speaker": q.speaker, "speaker_label": q.speaker_label,
                                              "attribution": q.attribution, "text": q.text} for q in s.quotes],
            by_source),
        Export("passages", "Passages two sources share (text reuse); positions are paragraph id:character offset.", (
            ("source_a", "first source"), ("start_a", "where it starts in a"), ("end_a", "where it ends in a"),
            ("source_b", "second source"), ("start_b", "where it starts in b"), ("end_b", "where it ends in b"),
            ("words", "length in words"), ("kind", "quotation or narrative"), ("text_a", "a's wording"), ("text_b", "b's wording")),
            lambda: site.reuse, lambda pair: [passage_row(p) for p in pair.passages], by_pair),
        Export("similarity", "How much each pair of sources shares (the text-reuse matrix, sparse).", (
            ("source_a", "first source"), ("source_b", "second source"), ("passages", "shared passages"),
            ("shared_words", "words in them"), ("share_of_a", "fraction of a's text"), ("share_of_b", "fraction of b's text")),
            lambda: site.reuse, lambda p: [{"source_a": p.a, "source_b": p.b, "passages": len(p.passages), "shared_words": p.words,
                                            "share_of_a": round(p.share_a, 4), "share_of_b": round(p.share_b, 4)}], by_pair),
        Export("copies", f"Sources that are copies of one text (shared passages cover {COPY_SHARE:.0%} or more of the shorter), "
                         "one row per copy, grouped around the source it is shown with; passages and similarity hold each "
                         "copy's pair with that source only.", (
            ("group", "the group's first source (earliest published, then longest)"), ("source", "a copy in the group"),
            ("share", "fraction of the copy's text it shares with the first source")),
            lambda: (site,), copy_rows),
    ]


def source_row(s: Source) -> Row:
    return {"id": s.id, "title": s.title, "publisher": s.field("publisher").value, "author": s.field("author").value,
            "credit": s.field("credit").value, "place": s.field("place").value, "published": s.field("published").value,
            "published_origin": str(s.field("published").kind), "published_from": s.field("published").detail,
            "published_basis": s.field("published").basis,
            "url": s.field("url").value,
            "language": s.field("language").value, "words": s.words, "raw": routes.raw(s.raw_name), "sha256": s.sha256}


def copy_rows(site: Site) -> list[Row]:
    shared = {(pair.a, pair.b): pair for pair in site.reuse}
    rows = []
    for group in site.copy_groups:
        for member in group.members:
            pair = shared.get((group.representative, member)) or shared[(member, group.representative)]
            rows.append({"group": group.representative, "source": member,
                         "share": round(pair.share_b if pair.b == member else pair.share_a, 4)})
    return rows


EVENTS_FILE = "events.json"
EVENTS_TABLE = "events"  # the memo's table of events: each one's record and comparison table
EVENTS_DESCRIPTION = ("Every event with its facets (the reference reading most sources give, and each source's cell: "
                      "values, wording, evidence, status, difference) and the ids of the facets its sources differ on.")
COMPARISON_DESCRIPTION = "The comparison table of one event: facet, source, value, wording, evidence, status, difference."
COMPARISON_COLUMNS = ("facet", "source", "value", "wording", "evidence", "status", "difference")


CELL_FIELDS = tuple(field.name for field in dataclasses.fields(Cell))


def cell_record(cell: Cell) -> dict[str, Any]:
    """`dataclasses.asdict(cell)` for a cell's flat fields, without its deep copy (most of the cost)."""
    return {name: getattr(cell, name) for name in CELL_FIELDS}


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id, "title": event.title, "dates": list(event.dates), "place": event.place.entity or event.place.text if event.place else None,
        "participants": [p.entity or p.text for p in event.participants], "sources": list(event.sources), "curated": event.curated,
        "summary": event.summary, "differences": [row.facet.id for row in event.differences],
        "facets": [{"id": row.facet.id, "label": row.facet.label, "kind": row.facet.kind, "reference": list(row.reference),
                    "cells": [cell_record(cell) for cell in row.cells]} for row in event.rows],
    }


def comparison_rows(event: Event) -> list[list[str]]:
    return [[row.facet.id, cell.source, " | ".join(cell.values), " | ".join(cell.wording),
             " ".join(routes.address(routes.paragraph(cell.source, p)) for p in cell.evidence), cell.status, cell.difference or ""]
            for row in event.rows for cell in row.cells]


def export_piece(export: Export, names: Sequence[str], item: Any) -> Piece:
    """One item's rows of `export`, as JSON records and as CSV lines."""
    rows = export.rows(item)
    return json_records(rows), csv_lines(map(itemgetter(*names), rows))


def export_files(export: Export, memo: PieceMemo) -> Iterator[OutputFile]:
    names = [column for column, _ in export.columns]
    pieces = [memo.piece(export.name, export.key(memo.digests, item), functools.partial(export_piece, export, names, item))
              for item in export.items()]
    yield OutputFile(routes.data(f"{export.name}.json"), json_array(records for records, _ in pieces))
    yield OutputFile(routes.data(f"{export.name}.csv"), csv_table(names, [lines for _, lines in pieces]))


def event_piece(event: Event) -> Piece:
    """The event's record in `events.json`, and its comparison table."""
    return json_records([event_record(event)]), csv_bytes(COMPARISON_COLUMNS, comparison_rows(event))


def event_files(events: Sequence[Event], memo: PieceMemo) -> Iterator[OutputFile]:
    pieces = [memo.piece(EVENTS_TABLE, memo.digests.events.get(event.id), functools.partial(event_piece, event)) for event in events]
    yield OutputFile(routes.data(EVENTS_FILE), json_array(record for record, _ in pieces))
    for event, (_, table) in zip(events, pieces):
        yield OutputFile(routes.comparison(event.id), table)


def data_files(site: Site, memo: PieceMemo | None = None) -> Iterator[OutputFile]:
    """Every download, its pieces taken from `memo` when it kept them (and kept there once all
    are made)."""
    memo = memo or PieceMemo()
    for export in exports(site):
        yield from export_files(export, memo)
    yield from event_files(site.events, memo)
    memo.save()
