"""The process pool: results in input order, worker errors reach the build, any --jobs gives the same site."""

import pytest

from conftest import write
from site_builder import parallel
from site_builder.errors import SiteError
from site_builder.parallel import parallel_map
from site_builder.pipeline import BuildOptions, build
from test_determinism import same_site


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
