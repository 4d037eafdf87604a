"""Researcher-written Markdown, rendered and sanitised."""

from site_builder.prose import researcher_html


def test_one_text_leaves_nothing_behind_in_the_next():
    first = researcher_html("Claim.[^1]\n\n*[UN]: United Nations\n\n[^1]: A footnote.\n\nThe UN met.")
    assert "A footnote." in first and "<abbr" in first
    second = researcher_html("The UN met again.")
    assert second == "<p>The UN met again.</p>"


def test_researcher_html_is_sanitised():
    assert researcher_html('<script>alert(1)</script>[x](javascript:alert(1))').count("script") == 0
    assert "javascript:" not in researcher_html("[x](javascript:alert(1))")
