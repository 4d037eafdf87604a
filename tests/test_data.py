"""The data downloads: each export's rows made only when asked, comparison cells as their
`dataclasses.asdict`, the files they make, put together from pieces kept between builds."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import generated_project, write
from test_tables import reference_csv

from site_builder.build.piece_memo import piece_memo
from site_builder.build.pipeline import BuildOptions, Linked, analyse_and_link
from site_builder.errors import Diagnostics
from site_builder.model import Cell
from site_builder.site import routes
from site_builder.site.data import COMPARISON_COLUMNS, cell_record, comparison_rows, data_files, event_record, exports


def test_a_cell_record_is_its_asdict():
    cell = Cell("src", ("a", "b"), ("A",), ("p1", "p2"), "differ", "conflict")
    assert cell_record(cell) == dataclasses.asdict(cell)


def test_exports_make_their_rows_only_when_asked(seed_site):
    """The data page lists every export's columns; it must not pay for the rows."""
    nothing = object()  # no sources, no reuse: making any row would fail
    assert [e.name for e in exports(nothing)] == ["sources", "mentions", "quotes", "passages", "similarity", "copies"]
    files = {f.path: f.data for f in data_files(seed_site)}
    for export in exports(seed_site):
        names = [column for column, _ in export.columns]
        rows = [row for item in export.items() for row in export.rows(item)]
        assert files[f"data/{export.name}.csv"] == reference_csv(names, [[row[c] for c in names] for row in rows])
        assert json.loads(files[f"data/{export.name}.json"]) == json.loads(json.dumps(rows))


def tricky_project(folder: Path) -> Path:
    """A generated project whose first source holds what CSV and JSON must quote or escape: commas,
    quotes, a line feed, a spreadsheet formula and non-ASCII text, in its title, a quotation and
    its declared metadata."""
    project = generated_project(folder, 12)
    seed = sorted((project / "seeds").iterdir())[0]
    title, rest = seed.read_text(encoding="utf-8").split("\n", 1)
    seed.write_text(f'{title}, "Ñandú" édition\n{rest}\n"Yes, we said \'no\', «déjà vu»" Kaka Tata said.\n', encoding="utf-8")
    write(project / "content/sources" / f"{seed.stem}.yaml", 'publisher: "Le Monde, \\"Édition\\"\\nsoir"\ncredit: "=HYPERLINK(1)"\n')
    return project


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tricky_project(tmp_path_factory.mktemp("tricky") / "project")


def linked(project: Path) -> Linked:
    return analyse_and_link(project, BuildOptions(cache=False, jobs=1), Diagnostics())


def whole_json(records: list) -> bytes:
    """A JSON download as it was written whole: `json.dumps` of each record, one a line."""
    lines = [json.dumps(record, ensure_ascii=False, sort_keys=True) for record in records]
    return ("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n").encode("utf-8")


def test_downloads_put_together_from_kept_pieces_are_those_written_whole(tricky):
    """Each download, made once to fill the memo and once from it, holds the bytes of its rows
    written whole by the standard library (tricky values included)."""
    site, digests = linked(tricky).site, linked(tricky).digests
    fill = {f.path: f.data for f in data_files(site, piece_memo(tricky, True, digests))}
    kept = {f.path: f.data for f in data_files(site, piece_memo(tricky, True, digests))}
    whole = {}
    for export in exports(site):
        names = [column for column, _ in export.columns]
        rows = [row for item in export.items() for row in export.rows(item)]
        whole[f"data/{export.name}.json"] = whole_json(rows)
        whole[f"data/{export.name}.csv"] = reference_csv(names, [[row[name] for name in names] for row in rows])
    whole["data/events.json"] = whole_json([event_record(event) for event in site.events])
    for event in site.events:
        whole[routes.comparison(event.id)] = reference_csv(list(COMPARISON_COLUMNS), comparison_rows(event))
    assert fill == kept == whole
    sources_csv = whole["data/sources.csv"].decode("utf-8")
    assert '"Le Monde, ""Édition""\nsoir"' in sources_csv and "'=HYPERLINK(1)" in sources_csv and "Ñandú" in sources_csv
    assert "«déjà vu»" in whole["data/quotes.json"].decode("utf-8")


def test_an_edit_makes_only_its_own_pieces_and_gives_the_bytes_made_afresh(tricky, tmp_path):
    """After an edit of one source, its rows (its pairs', its events') are made again and every
    other piece is taken from the memo; the files are those of a build without it."""
    project = tricky_project(tmp_path / "project")
    first = linked(project)
    list(data_files(first.site, piece_memo(project, True, first.digests)))
    seed = sorted((project / "seeds").iterdir())[0]
    seed.write_text(seed.read_text(encoding="utf-8") + '\n"Another, newer line," Kaka Tata said.\n', encoding="utf-8")
    second = linked(project)
    memo = piece_memo(project, True, second.digests)
    assert {f.path: f.data for f in data_files(second.site, memo)} == {f.path: f.data for f in data_files(second.site)}
    made: dict[str, set[bytes]] = {}
    for (table, shard), pieces in memo.current.items():
        made.setdefault(table, set()).update(set(pieces) - set(memo.previous[table, shard]))
    edited = second.digests.sources[seed.stem]
    assert made["sources"] == made["mentions"] == made["quotes"] == {edited}
    its_pairs = {second.digests.pair(pair) for pair in second.site.reuse if seed.stem in (pair.a, pair.b)}
    assert its_pairs and made["passages"] == made["similarity"] == its_pairs
    assert made["events"] == {second.digests.events[e.id] for e in second.site.events if seed.stem in e.sources} != set()
