"""The process pool: results in input order (or as done), work bounded ahead of the caller, worker
errors reach the build, any --jobs gives the same site."""

import time
from pathlib import Path

import pytest
from conftest import write
from test_determinism import same_site

from site_builder.build import pool as parallel
from site_builder.build.pipeline import BuildOptions, build
from site_builder.build.pool import AHEAD_PER_WORKER, MAX_CHUNK, chunks, parallel_map
from site_builder.errors import SiteError


def square(number: int) -> int:
    return number * number


def refuse_seven(number: int) -> int:
    if number == 7:
        raise SiteError("seeds/seven.txt", "seven is not allowed", 3)
    return number


@pytest.fixture
def always_pool(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS_FOR_POOL", 1)


def test_results_come_back_in_input_order(always_pool):
    assert list(parallel_map(square, list(range(200)), 2)) == [n * n for n in range(200)]


def test_results_come_back_all_when_taken_as_done(always_pool):
    assert sorted(parallel_map(square, list(range(200)), 2, ordered=False)) == [n * n for n in range(200)]


def mark_started(item: tuple[Path, int]) -> int:
    folder, number = item
    (folder / str(number)).touch()
    return number


def test_only_a_few_pieces_run_ahead_of_a_caller_that_does_not_take_the_results(always_pool, tmp_path):
    items = [(tmp_path, number) for number in range(400)]
    # The items of the piece the caller is taking, and of the pieces given out ahead of it.
    ahead = (2 * AHEAD_PER_WORKER + 1) * len(chunks(len(items), 2)[0])
    results = parallel_map(mark_started, items, 2)
    assert next(results) == 0
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) < ahead and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # time enough for a pool that ran on to start many more
    assert len(list(tmp_path.iterdir())) == ahead < len(items)
    assert list(results) == list(range(1, 400))  # and the rest once taken


def test_the_work_starts_before_the_caller_asks_for_a_result(always_pool, tmp_path):
    results = parallel_map(mark_started, [(tmp_path, number) for number in range(200)], 2)
    deadline = time.monotonic() + 30
    while not any(tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(tmp_path.iterdir())
    assert list(results) == list(range(200))


def test_no_piece_of_work_is_longer_than_the_cap():
    assert max(len(piece) for piece in chunks(100_000, 2)) == MAX_CHUNK
    assert [len(piece) for piece in chunks(100, 2)] == [7] * 14 + [2]


def test_a_site_error_in_a_worker_keeps_its_path_and_line(always_pool):
    with pytest.raises(SiteError) as raised:
        list(parallel_map(refuse_seven, list(range(20)), 2))
    assert str(raised.value) == "seeds/seven.txt:3: seven is not allowed"


def test_builds_with_one_and_two_processes_are_byte_identical(project, tmp_path, always_pool):
    build(project, tmp_path / "one", BuildOptions(jobs=1, cache=False))
    build(project, tmp_path / "two", BuildOptions(jobs=2, cache=False))
    same_site(tmp_path / "one", tmp_path / "two")


def test_a_bad_sidecar_read_in_a_worker_is_a_clean_error(project, tmp_path, always_pool):
    write(project / "content/sources/002_83436da1cc890094.yaml", "language: en\npublished: yesterday\n")
    with pytest.raises(SiteError, match=r"^content/sources/002_83436da1cc890094.yaml:2: "):
        build(project, tmp_path / "out", BuildOptions(jobs=2, cache=False))
