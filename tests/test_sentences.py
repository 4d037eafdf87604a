"""sentences.html: the words the site makes of counts and facts, in the one file a site overrides to
reword or translate them; the other templates call its macros and read the model's own groupings."""

import re

import pytest
from conftest import sentence

from site_builder.options import ENTITY_TYPES
from site_builder.site.render import BUILTIN_TEMPLATES


@pytest.mark.parametrize("count, words", [(0, "0 reports"), (1, "1 report"), (2, "2 reports"), (1000, "1000 reports")])
def test_a_count_agrees_with_its_noun(count, words):
    assert sentence("reports", count) == sentence("counted", count, "report") == words


def test_a_noun_that_does_not_just_add_s_is_given_its_plural():
    assert sentence("counted", 1, "more answer", "more answers") == "1 more answer"
    assert sentence("counted", 3, "entry", "entries") == "3 entries"


def test_every_entity_type_has_a_heading():
    headings = [sentence("entity_kind", kind) for kind in ENTITY_TYPES]
    assert all(headings) and len(set(headings)) == len(ENTITY_TYPES)


def test_templates_make_no_plural_and_pick_no_answers_by_standing_themselves():
    """A plural is sentences.html's (`plural`, `counted`, `reports`); a row's conflicts and
    variants are the model's (`Row.conflicts`, `Row.variants`)."""
    inline_plural = re.compile(r"""['"]s['"] if|else ['"]s['"]""")
    for template in sorted(BUILTIN_TEMPLATES.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert "selectattr('standing'" not in text, template.name
        assert template.name == "sentences.html" or not inline_plural.search(text), template.name
