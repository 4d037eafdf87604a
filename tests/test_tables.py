"""Tables as bytes: the writers give the bytes of the standard library's, `csv.writer` for CSV
(with the spreadsheet-formula guard) and `json.dumps` for each JSON record; a table put together
from pieces is the table written whole."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.output.tables import FORMULA_START, csv_bytes, csv_lines, csv_table, json_array, json_bytes, json_records

EXAMPLES = settings(max_examples=200, deadline=None)

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


def in_pieces(items: list, cuts: list[int]) -> list[list]:
    """`items` cut at `cuts` (positions, any order, repeats giving empty pieces)."""
    bounds = [0, *sorted(min(cut, len(items)) for cut in cuts), len(items)]
    return [items[start:end] for start, end in zip(bounds, bounds[1:])]


CUTS = st.lists(st.integers(0, 6), max_size=4)


@EXAMPLES
@given(st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=6), CUTS)
def test_a_csv_table_put_together_from_pieces_is_the_table_written_whole(rows, cuts):
    header = ["a", "b", "c"]
    assert csv_table(header, [csv_lines(piece) for piece in in_pieces(rows, cuts)]) == csv_bytes(header, rows)


@EXAMPLES
@given(st.lists(st.dictionaries(TEXT, JSON_VALUE, max_size=3), max_size=6), CUTS)
def test_a_json_array_put_together_from_pieces_is_the_array_written_whole(records, cuts):
    """Empty pieces (a source without mentions) add nothing, not an empty record."""
    assert json_array([json_records(piece) for piece in in_pieces(records, cuts)]) == json_bytes(records)
