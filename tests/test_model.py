"""The model's pure helpers: the day an ISO date or time gives, and a source's publication day."""

import dataclasses
import datetime as dt
import random

import pytest

from site_builder.model import LineKind, Source, day_of, extracted

FIRST, LAST = dt.date(1900, 1, 1).toordinal(), dt.date(2100, 12, 31).toordinal()


@pytest.mark.parametrize("seed", range(5))
def test_a_date_or_a_date_and_time_gives_its_day_and_a_month_or_a_year_none(seed):
    rng = random.Random(seed)
    for _ in range(200):
        day = dt.date.fromordinal(rng.randint(FIRST, LAST))
        moment = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60)))
        zoned = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=rng.randint(-12, 14))))
        assert day_of(day.isoformat()) == day
        assert day_of(moment.isoformat()) == day_of(moment.isoformat(sep=" ")) == day_of(f"{moment.isoformat()}Z") == day
        assert day_of(zoned.isoformat()) == day  # the day it was where it was written, not in UTC
        assert day_of(day.isoformat()[:7]) is None and day_of(day.isoformat()[:4]) is None


@pytest.mark.parametrize("value", [
    None, "", "2021-02-30", "2021-13-01", "2021-3-23", "20210323", "2021-W12-1", "23 March 2021", "2021-03-23x",
    "on 2021-03-23",
])
def test_what_is_no_iso_day_gives_none(value):
    assert day_of(value) is None


def test_a_sources_publication_day_is_the_day_of_its_published_value():
    source = Source("s", "seeds/s.txt", "s.txt", "txt", "", 0, "utf-8", LineKind.FILE, (), {})
    assert source.published_day is None
    for value, day in [("2021-03-23", dt.date(2021, 3, 23)), ("2021-03-23T23:30:00+05:00", dt.date(2021, 3, 23)),
                       ("2021-03", None), ("2021", None)]:
        assert dataclasses.replace(source, fields={"published": extracted(value, "line 1")}).published_day == day
