"""The data downloads: each export's rows made only when asked, comparison cells as their
`dataclasses.asdict`, the files they make."""

from __future__ import annotations

import dataclasses
import json

from test_tables import reference_csv

from site_builder.model import Cell
from site_builder.site.data import cell_record, data_files, exports


def test_a_cell_record_is_its_asdict():
    cell = Cell("src", ("a", "b"), ("A",), ("p1", "p2"), "differ", "conflict", None)
    assert cell_record(cell) == dataclasses.asdict(cell)


def test_exports_make_their_rows_only_when_asked(seed_site):
    """The data page lists every export's columns; it must not pay for the rows."""
    nothing = object()  # no sources, no reuse: making any row would fail
    assert [e.name for e in exports(nothing)] == ["sources", "mentions", "quotes", "passages", "similarity", "copies"]
    files = {f.path: f.data for f in data_files(seed_site)}
    for export in exports(seed_site):
        names = [column for column, _ in export.columns]
        rows = export.rows()
        assert files[f"data/{export.name}.csv"] == reference_csv(names, [[row[c] for c in names] for row in rows])
        assert json.loads(files[f"data/{export.name}.json"]) == json.loads(json.dumps(rows))
