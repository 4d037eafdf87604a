"""The data downloads' own writers give the bytes of the standard library's: `csv.writer` for CSV
(with the spreadsheet-formula guard), `json.dumps` for each JSON record, `dataclasses.asdict` for
comparison cells."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.site.data import FORMULA_START, cell_record, csv_bytes, data_files, exports, json_bytes
from site_builder.model import Cell

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


def test_a_cell_record_is_its_asdict():
    cell = Cell("src", ("a", "b"), ("A",), ("p1", "p2"), "differ", "conflict", None)
    assert cell_record(cell) == dataclasses.asdict(cell)


def test_exports_make_their_rows_only_when_asked(seed_site):
    """The data page lists every export's columns; it must not pay for the rows."""
    nothing = object()  # no sources, no reuse: making any row would fail
    assert [e.name for e in exports(nothing)] == ["sources", "mentions", "quotes", "passages", "similarity"]
    files = {f.path: f.data for f in data_files(seed_site)}
    for export in exports(seed_site):
        names = [column for column, _ in export.columns]
        rows = export.rows()
        assert files[f"data/{export.name}.csv"] == reference_csv(names, [[row[c] for c in names] for row in rows])
        assert json.loads(files[f"data/{export.name}.json"]) == json.loads(json.dumps(rows))
