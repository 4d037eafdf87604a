"""Paragraphs: one per line unless the text is hard-wrapped; ids and offsets are stable."""

from site_builder.model import Line, Paragraph, Source
from site_builder.sources.segment import paragraphs_of, segment


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


def test_segment_replaces_the_lines_by_paragraphs_with_ids_and_offsets():
    source = Source("s", "seeds/s.txt", "s.txt", "text", "", 0, "utf-8", "line",
                    tuple(lines("First one.", "", "Second  one.")), {})
    result = segment(source)
    assert result.paragraphs == (Paragraph("p1", "First one.", 0, 10, 1), Paragraph("p2", "Second one.", 12, 23, 3))
    assert result.text[12:23] == "Second one."
    assert result.lines == ()  # the text is held once, as paragraphs


def test_a_paged_block_is_one_paragraph_with_the_page_of_its_first_line_and_runs_on_across_a_page():
    paged = [Line(1, "Short line one", 1), Line(2, "and two.", 1), Line(3, "", 1), Line(4, "A broken", 1),
             Line(5, "", 1), Line(6, "paragraph ends here.", 2), Line(7, "", 2), Line(8, "Next one.", 2)]
    source = Source("s", "seeds/s.pdf", "s.pdf", "pdf", "", 0, "binary (PDF)", "PDF text line", tuple(paged), {})
    assert [(p.line, p.page, p.text) for p in segment(source).paragraphs] == [
        (1, 1, "Short line one and two."), (4, 1, "A broken paragraph ends here."), (8, 2, "Next one.")]


def test_a_line_ends_a_sentence_at_a_stop_mark_or_colon_with_any_closing_quotes_after_it():
    from site_builder.sources.segment import ends_sentence
    for ended in ("He left.", 'She said "yes."', "Why?)", "as follows:", "It rained!’  "):
        assert ends_sentence(ended), ended
    for open_end in ("the talks, which", "one point;", "(AP)", "in 2021", ""):
        assert not ends_sentence(open_end), open_end
