"""Display labels: which field names a source, and telling apart sources that would read alike."""

import dataclasses

import pytest

from site_builder.model import Paragraph, Source, declared, extracted
from site_builder.site.labels import own_label, short_title, source_labels


def source(source_id: str, **fields: str) -> Source:
    return Source(id=source_id, path=f"seeds/{source_id}.txt", filename=f"{source_id}.txt", format="txt", sha256="",
                  size=1, encoding="utf-8", line_label="line", lines=(),
                  fields={name: extracted(value, "line 1") for name, value in fields.items()},
                  paragraphs=(Paragraph("p1", "Text.", 0, 5, 1),))


@pytest.mark.parametrize("fields, label, basis", [
    ({"label": "Reuters", "publisher": "Thomson Reuters Corp", "credit": "AP"}, "Reuters", "label"),
    ({"publisher": "Rossiyskaya Gazeta", "credit": "TASS"}, "Rossiyskaya Gazeta", "publisher"),
    ({"credit": "TASS", "url": "https://www.example.com/a"}, "via TASS", "credit"),
    ({"url": "https://www.example.com/news/a", "title": "A headline"}, "example.com", "url"),
    ({"title": "Powerful earthquake injures dozens in Indonesia's Aceh province"}, "Powerful earthquake injures dozens…", "title"),
    ({}, "s1", "id"),
])
def test_a_label_comes_from_the_strongest_field_known(fields, label, basis):
    found = own_label(source("s1", **fields))
    assert (found.text, found.basis) == (label, basis)


def test_a_declared_label_beats_one_found_in_the_file():
    found = source("s1", publisher="Found Publisher")
    fields = dict(found.fields) | {"label": declared("BBC", "content/sources/s1.yaml")}
    assert own_label(dataclasses.replace(found, fields=fields)).text == "BBC"


def test_a_short_title_stops_at_a_whole_word():
    assert short_title("Short one") == "Short one"
    assert short_title("one two three four five six seven eight nine ten") == "one two three four five six seven…"


def test_sources_sharing_a_label_are_told_apart_by_day_or_number():
    sources = [source("a", publisher="Reuters", published="2021-03-23"), source("b", publisher="Reuters", published="2021-03-24"),
               source("c", publisher="AP", published="2021-03-23"), source("d", publisher="AP", published="2021-03-23"),
               source("e", publisher="AP"), source("f", publisher="TASS")]
    assert source_labels(sources) == {"a": "Reuters · 23 Mar", "b": "Reuters · 24 Mar", "c": "AP", "d": "AP (2)", "e": "AP (3)", "f": "TASS"}


def test_only_a_publication_day_tells_sources_apart_never_a_month_or_the_same_day_and_month():
    sources = [source("a", publisher="Reuters", published="2021-03-23T22:00:00-05:00"), source("b", publisher="Reuters", published="2021-03"),
               source("c", publisher="AP", published="2021-03-23"), source("d", publisher="AP", published="2022-03-23"),
               source("e", publisher="TASS", published="2021-03-23T09:00:00"), source("f", publisher="TASS", published="2021-03-24")]
    assert source_labels(sources) == {"a": "Reuters", "b": "Reuters (2)", "c": "AP", "d": "AP (2)",
                                      "e": "TASS · 23 Mar", "f": "TASS · 24 Mar"}


def test_labels_are_unique_and_independent_of_order():
    sources = [source(f"s{n}", publisher=["Reuters", "AP"][n % 2]) for n in range(7)]
    labels = source_labels(sources)
    assert len(set(labels.values())) == 7 and source_labels(reversed(sources)) == labels
