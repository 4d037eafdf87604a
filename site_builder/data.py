"""Data downloads under `data/`: what the analyses found, as JSON and CSV, in a stable order."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from typing import Any, Iterator, Sequence

from site_builder.model import Event, Passage, PassageEnd, Site
from site_builder.write import OutputFile

PASSAGE_COLUMNS = ("source_a", "start_a", "end_a", "source_b", "start_b", "end_b", "words", "kind", "text_a", "text_b")


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


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


COMPARISON_COLUMNS = ("facet", "source", "value", "wording", "evidence", "status", "difference")


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id, "title": event.title, "dates": list(event.dates), "place": event.place,
        "participants": list(event.participants), "sources": list(event.sources), "curated": event.curated,
        "summary": event.summary, "differences": [row.summary for row in event.differences],
        "facets": [{"id": row.facet.id, "label": row.facet.label, "kind": row.facet.kind, "summary": row.summary,
                    "cells": [dataclasses.asdict(cell) for cell in row.cells]} for row in event.rows],
    }


def comparison_rows(event: Event) -> list[list[str]]:
    return [[row.facet.id, cell.source, " | ".join(cell.values), " | ".join(cell.wording),
             " ".join(f"sources/{cell.source}/#{p}" for p in cell.evidence), cell.status, cell.difference or ""]
            for row in event.rows for cell in row.cells]


def data_files(site: Site) -> Iterator[OutputFile]:
    yield OutputFile("data/events.json", json_bytes([event_record(e) for e in site.events]))
    for event in site.events:
        yield OutputFile(f"data/comparisons/{event.id}.csv", csv_bytes(COMPARISON_COLUMNS, comparison_rows(event)))
    rows = [passage_row(p) for pair in site.reuse for p in pair.passages]
    yield OutputFile("data/passages.json", json_bytes(rows))
    yield OutputFile("data/passages.csv", csv_bytes(PASSAGE_COLUMNS, [[row[c] for c in PASSAGE_COLUMNS] for row in rows]))
    yield OutputFile("data/similarity.csv", csv_bytes(
        ("source_a", "source_b", "passages", "shared_words", "share_of_a", "share_of_b"),
        [(p.a, p.b, len(p.passages), p.words, f"{p.share_a:.4f}", f"{p.share_b:.4f}") for p in site.reuse],
    ))
