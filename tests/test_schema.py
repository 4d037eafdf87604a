"""The shared value rules of schema.py: one test for an http(s) URL, read by every module that asks."""

from __future__ import annotations

import pytest

from site_builder.schema import as_url, is_web_url


@pytest.mark.parametrize("text", ["https://example.org", "http://example.org/a?b=c#d", "HTTPS://example.org/a",
                                  "Http://Example.ORG:8080/", "https://user@example.org/caf%C3%A9"])
def test_an_http_url_is_one_in_any_case_of_its_scheme(text):
    assert is_web_url(text) and as_url(f"  {text} ") == text


@pytest.mark.parametrize("text", ["https://", "https:///a", "https://.org", "https://example.org/a b", "https://example.org\n",
                                  " https://example.org", "ftp://example.org", "javascript:alert(1)", "example.org", "",
                                  None, 3])
def test_anything_else_is_no_http_url(text):
    assert not is_web_url(text)
    if isinstance(text, str) and text and text.strip() == text:  # as_url takes the text stripped
        with pytest.raises(ValueError, match=r"is not an http\(s\) URL"):
            as_url(text)
