"""Tables as bytes, fast: JSON arrays with one record a line and CSV, for the data downloads.

Performance plumbing kept out of the site package: both write exactly what the standard library
writes (tests/test_tables.py checks it), at a fraction of its cost on large collections.
"""

from __future__ import annotations

import functools
import json
from json.encoder import c_make_encoder, encode_basestring
from typing import Any, Callable, Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_field(value: Any) -> str:
    """One CSV cell as Python 3.11's `csv.writer` (minimal quoting) writes it: None is empty, and a
    cell holding a quote, a comma or a line feed is quoted, quotes doubled. Text a spreadsheet would
    run as a formula gets a leading apostrophe (the JSON keeps it exact)."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = "'" + value if value.startswith(FORMULA_START) else value
    else:
        text = str(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return '"' + text + '"' if "," in text or "\n" in text else text


def csv_lines(rows: Iterable[Sequence[Any]]) -> bytes:
    """Rows of a CSV table, each line ended by a line feed: a table's body, or a piece of it (the
    rows of one source), which `csv_table` puts together."""
    return "".join([",".join(map(csv_field, row)) + "\n" for row in rows]).encode("utf-8")


def csv_table(header: Sequence[str], pieces: Iterable[bytes]) -> bytes:
    """A CSV table of `header` and the `csv_lines` pieces, in order."""
    return b"".join([csv_lines([header]), *pieces])


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV table with line-feed line ends, as `csv.writer` writes a table of two or more columns
    (it quotes a lone empty cell), but twice as fast on long texts: `str` methods scan each cell
    where the writer looks at each character."""
    return csv_table(header, [csv_lines(rows)])


@functools.cache
def record_encoder() -> Callable[[Any], str]:
    """`json.dumps(record, ensure_ascii=False, sort_keys=True)` as one reusable encoder: `dumps` makes
    a new C encoder for every record, a third of the time for short records."""
    if c_make_encoder is None:  # pragma: no cover - Python without json's C accelerator
        return json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    encode = c_make_encoder({}, json.JSONEncoder().default, encode_basestring, None, ": ", ", ", True, False, True)
    return lambda record: "".join(encode(record, 0))


def json_records(records: Iterable[Any]) -> bytes:
    """Records of a JSON array, one a line, with no bracket and no comma after the last: an array's
    body, or a piece of it (the records of one source), which `json_array` puts together."""
    encode = record_encoder()
    return ",\n".join([encode(record) for record in records]).encode("utf-8")


def json_array(pieces: Iterable[bytes]) -> bytes:
    """A JSON array of the records in the `json_records` pieces, in order (empty pieces add none)."""
    body = b",\n".join([piece for piece in pieces if piece])
    return b"[\n" + body + b"\n]\n" if body else b"[]\n"


def json_bytes(records: Iterable[Any]) -> bytes:
    """A JSON array with one record a line: readable and easy to diff, and each record goes through
    json's C encoder (an `indent` makes json use its pure-Python one: 1.5 times slower, and 9% more
    bytes, on the 10,000-source benchmark)."""
    return json_array([json_records(records)])
