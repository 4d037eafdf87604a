"""Counts in the command line's words: one rule for the plural."""

from site_builder.wording import are, counted


def test_one_thing_is_singular_and_any_other_number_plural():
    assert [counted(n, "warning") for n in (0, 1, 2)] == ["0 warnings", "1 warning", "2 warnings"]
    assert counted(1_234, "source") == "1,234 sources"
    assert counted(2, "entity", "entities") == "2 entities"
    assert (are(1), are(0), are(3)) == ("is", "are", "are")
