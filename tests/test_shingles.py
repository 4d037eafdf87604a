"""The per-source word index: its arrays hold, word by word, what the plain definition says."""

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analysis.shingles import FUNCTION_WORDS, is_content_word, word_hash, word_index
from site_builder.analysis.words import WORD, normalise_word
from site_builder.model import Paragraph, Quote, Source, Span

TEXTS = st.lists(st.text(alphabet=st.sampled_from("ab’'_- .,\n\tßİſ١Aé“”"), max_size=40), max_size=5)


def source_of(texts: list[str], quotes: tuple[Quote, ...] = ()) -> Source:
    paragraphs = tuple(Paragraph(f"p{n}", text, 0, len(text), n) for n, text in enumerate(texts, 1))
    return Source("s", "seeds/s.txt", "s.txt", "text", "", 0, "utf-8", "line", (), {},
                  paragraphs=paragraphs, quotes=quotes)


def plain_index(source: Source) -> dict[str, list]:
    """The definition, one word at a time."""
    rows = [(n, match, normalise_word(match.group())) for n, paragraph in enumerate(source.paragraphs)
            for match in WORD.finditer(paragraph.text)]
    return {
        "hashes": [word_hash(normal) for _, _, normal in rows],
        "function": [normal in FUNCTION_WORDS for _, _, normal in rows],
        "content": [is_content_word(normal) for _, _, normal in rows],
        "quoted": [any(int(q.span.paragraph[1:]) - 1 == n and q.span.start < m.start() and m.end() < q.span.end
                       for q in source.quotes) for n, m, _ in rows],
        "paragraph": [n for n, _, _ in rows],
        "start": [m.start() for _, m, _ in rows],
        "end": [m.end() for _, m, _ in rows],
    }


def assert_matches_definition(source: Source) -> None:
    index = word_index(source)
    expected = plain_index(source)
    dtypes = {"hashes": np.uint64, "function": bool, "content": bool, "quoted": bool,
              "paragraph": np.int32, "start": np.int32, "end": np.int32}
    for field in dataclasses.fields(index):
        array = getattr(index, field.name)
        assert array.dtype == dtypes[field.name] and array.flags.c_contiguous, field.name
        assert array.tolist() == expected[field.name], field.name


def test_words_offsets_paragraphs_and_classes():
    source = source_of(["The Organisation’s 2021 report criticised it.", "", "“Colour and centres,” said Wang."],
                       quotes=(Quote("Colour and centres,", Span("p3", 0, 21), "statement"),))
    assert_matches_definition(source)
    index = word_index(source)
    assert index.paragraph.tolist() == [0] * 6 + [2] * 5
    assert index.quoted.tolist() == [False] * 6 + [True, True, True, False, False]


def test_no_paragraphs_and_no_words():
    assert_matches_definition(source_of([]))
    assert_matches_definition(source_of(["", " -- ", ""]))
    assert len(word_index(source_of([" . "]))) == 0


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_random_texts(texts):
    assert_matches_definition(source_of(texts))


QUOTATIONS = st.lists(st.tuples(st.integers(1, 5), st.integers(-1, 41), st.integers(0, 42)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(TEXTS, QUOTATIONS)
def test_random_quotations(texts, spans):
    """Quotations anywhere in the paragraphs (overlapping, empty, around no word) mark the words
    strictly inside them, as the definition's word-by-word test does."""
    quotes = tuple(Quote("q", Span(f"p{number}", max(0, start), min(len(texts[number - 1]), start + length)), "statement")
                   for number, start, length in spans if number <= len(texts))
    assert_matches_definition(source_of(texts, quotes))
