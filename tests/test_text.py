"""Sentence starts: where a capitalised word is capitalised for its place, not for being a name."""

import pytest

from site_builder.analysis.text import is_sentence_start


def start_of(text: str, word: str) -> bool:
    return is_sentence_start(text, text.index(word))


@pytest.mark.parametrize("text", [
    "There was no reply.",
    '"There was no reply," she said.',
    "It ended. There was no reply.",
    "It ended? There was no reply.",
    'It ended." There was no reply.',
    "It ended.” There was no reply.",
    'He was hurt . " There was no reply.',       # quotation marks set apart, as tokenised text has them
    "He was hurt . '' There was no reply.",
    "He said : `` There was no reply.",
    'He said: "There was no reply."',
    "He said: “There was no reply.”",
    "(There was no reply.)",
])
def test_a_word_after_a_sentence_end_or_an_opened_quotation_starts_a_sentence(text):
    assert start_of(text, "There")


@pytest.mark.parametrize("text", [
    "Then There was no reply.",
    '"It ended," There said.',                  # a quote mark after a comma closes a quotation as often
    "He said, '' There was no reply.",
    "It cost 3.5 There dollars.",
    "He met Mr There.",
])
def test_a_word_inside_a_sentence_does_not_start_one(text):
    assert not start_of(text, "There")
