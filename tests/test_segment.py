"""Paragraphs: one per line unless the text is hard-wrapped; ids and offsets are stable."""

from site_builder.model import Line
from site_builder.segment import paragraphs_of


def lines(*texts):
    return [Line(n, t) for n, t in enumerate(texts, 1)]


def test_each_line_is_a_paragraph_when_lines_are_whole_paragraphs():
    result = list(paragraphs_of(lines("First paragraph.", "Second paragraph.", "", "Third.")))
    assert result == [(1, "First paragraph."), (2, "Second paragraph."), (4, "Third.")]


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    wrapped = lines(
        "Russian Foreign Minister Sergei Lavrov and his Chinese",
        "counterpart Wang Yi agreed on Tuesday to join efforts to",
        "confront unilateral coercive measures.",
        "",
        "A second paragraph follows here.",
    )
    assert list(paragraphs_of(wrapped)) == [
        (1, "Russian Foreign Minister Sergei Lavrov and his Chinese counterpart Wang Yi agreed on Tuesday "
            "to join efforts to confront unilateral coercive measures."),
        (5, "A second paragraph follows here."),
    ]


def test_inner_white_space_is_folded():
    assert list(paragraphs_of(lines("  Two   spaces\tand a tab. "))) == [(1, "Two spaces and a tab.")]
