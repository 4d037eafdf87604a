"""Option converters of options.py with a rule of their own: a capture's UTC time."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.model import Capture
from site_builder.options import as_utc_time


def test_a_utc_time_written_in_full_is_kept_and_gives_its_day():
    assert as_utc_time(" 2026-12-03T18:40:12Z ") == "2026-12-03T18:40:12Z"
    assert Capture("https://x.org/", "2024-02-29T00:00:00Z").day == dt.date(2024, 2, 29)
    assert Capture("https://x.org/", None).day is None


@pytest.mark.parametrize("text", ["2026-13-45T10:00:00Z", "2026-02-30T10:00:00Z", "2026-1-3T01:02:03Z", "2026-12-03T18:40:12",
                                  "2026-12-03T18:40:12.5Z", "2026-12-03 18:40:12Z", "2026-12-03", "yesterday", ""])
def test_anything_else_is_no_utc_time(text):
    with pytest.raises(ValueError):
        as_utc_time(text)
