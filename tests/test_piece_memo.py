"""The memo of the data downloads' pieces: a piece kept under its digest is taken, not made again;
only entries whose pieces changed are written; the cache off reads and writes nothing."""

from __future__ import annotations

from pathlib import Path

from site_builder.build.fingerprints import ContentDigests
from site_builder.build.cache import PIECES_CACHE_DIR
from site_builder.build.piece_memo import PieceMemo, piece_memo


class Maker:
    """Makes a piece from its name, counting what it made."""

    def __init__(self) -> None:
        self.made: list[str] = []

    def __call__(self, name: str):
        def make() -> tuple[bytes, ...]:
            self.made.append(name)
            return (name.encode(), name.upper().encode())
        return make


def fill(project: Path, tables: dict[str, list[str]], maker: Maker, enabled: bool = True) -> PieceMemo:
    """One build's memo: each table's pieces, keyed by their names, then saved."""
    memo = piece_memo(project, enabled, ContentDigests())
    for table, names in tables.items():
        for name in names:
            assert memo.piece(table, name.encode(), maker(name)) == (name.encode(), name.upper().encode())
    memo.save()
    return memo


def entries(project: Path) -> dict[str, int]:
    """The memo's files, with their inode numbers (an entry written again is a new file)."""
    return {path.name: path.stat().st_ino for path in (project / PIECES_CACHE_DIR).glob("*/*.pickle")}


def test_a_kept_piece_is_taken_and_a_new_one_made(tmp_path):
    first, second = Maker(), Maker()
    fill(tmp_path, {"mentions": ["a", "b", "c"]}, first)
    fill(tmp_path, {"mentions": ["a", "b2", "c"]}, second)
    assert first.made == ["a", "b", "c"] and second.made == ["b2"]


def test_a_piece_without_a_key_is_always_made_and_never_kept(tmp_path):
    maker = Maker()
    for _ in range(2):
        memo = piece_memo(tmp_path, True, ContentDigests())
        assert memo.piece("copies", None, maker("whole")) == (b"whole", b"WHOLE")
        memo.save()
    assert maker.made == ["whole", "whole"] and not entries(tmp_path)


def test_only_the_entries_whose_pieces_changed_are_written(tmp_path):
    """A table is kept in shards by its pieces' digests (here their first letters: a and b fall in
    two shards, b and b2 in one), and an edit writes only the shards of its own pieces again."""
    fill(tmp_path, {"sources": ["a", "b"], "passages": ["a-b"]}, Maker())
    before = entries(tmp_path)
    fill(tmp_path, {"sources": ["a", "b2"], "passages": ["a-b"]}, Maker())
    after = entries(tmp_path)
    assert len(before) == len(after) == 3
    assert len(set(before.items()) & set(after.items())) == 2  # passages, and the shard of sources holding a


def test_the_tables_a_build_did_not_make_are_removed(tmp_path):
    fill(tmp_path, {"sources": ["a"], "passages": ["a-b"]}, Maker())
    fill(tmp_path, {"sources": ["a"]}, Maker())
    maker = Maker()
    fill(tmp_path, {"sources": ["a"], "passages": ["a-b"]}, maker)
    assert maker.made == ["a-b"] and len(entries(tmp_path)) == 2  # one shard each


def test_a_memo_with_the_cache_off_makes_every_piece_and_writes_nothing(tmp_path):
    fill(tmp_path, {"sources": ["a"]}, Maker())
    kept = entries(tmp_path)
    maker = Maker()
    fill(tmp_path, {"sources": ["a", "b"]}, maker, enabled=False)
    assert maker.made == ["a", "b"] and entries(tmp_path) == kept


def test_the_cache_off_creates_no_cache_folder(tmp_path):
    fill(tmp_path, {"sources": ["a"]}, Maker(), enabled=False)
    assert not (tmp_path / ".cache").exists()


def test_a_damaged_entry_is_made_again(tmp_path):
    fill(tmp_path, {"sources": ["a"]}, Maker())
    for path in (tmp_path / PIECES_CACHE_DIR).glob("*/*.pickle"):
        path.write_bytes(b"\0" * 40)
    maker = Maker()
    fill(tmp_path, {"sources": ["a"]}, maker)
    assert maker.made == ["a"]
