"""Tables as bytes: the writers give the bytes of the standard library's, `csv.writer` for CSV
(with the spreadsheet-formula guard) and `json.dumps` for each JSON record."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.output.tables import FORMULA_START, csv_bytes, json_bytes

EXAMPLES = settings(max_examples=200, deadline=None, derandomize=True)

# Text full of what CSV and JSON must escape or quote, and of formula starts.
TEXT = st.text(st.sampled_from(['"', ",", "\n", "\r", "\t", "=", "+", "-", "@", "'", " ", "a", "é", "\u2028", "\0"])
               | st.characters(blacklist_categories=("Cs",)), max_size=12)  # no lone surrogates: no UTF-8
CELL = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | TEXT


def reference_csv(header: list[str], rows: list[list[object]]) -> bytes:
    """What the data downloads wrote with `csv.writer` before they had their own writer."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


@EXAMPLES
@given(st.integers(2, 6).flatmap(lambda width: st.tuples(
    st.lists(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), min_size=width, max_size=width),
    st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=6))))
def test_csv_bytes_are_those_of_the_csv_module(table):
    header, rows = table
    assert csv_bytes(header, rows) == reference_csv(header, rows)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=12)


@EXAMPLES
@given(st.lists(st.dictionaries(TEXT, JSON_VALUE, max_size=5), max_size=5))
def test_json_bytes_write_each_record_as_json_dumps_does(records):
    expected = "[]\n" if not records else "[\n" + ",\n".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records) + "\n]\n"
    assert json_bytes(records) == expected.encode("utf-8")


def test_json_bytes_refuse_what_json_cannot_hold():
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_bytes([{"a": object()}])
    assert json_bytes([{"x": math.inf, "y": (1, 2)}]) == b'[\n{"x": Infinity, "y": [1, 2]}\n]\n'
