"""Diagnostics collected, not raised: one pass over a project reports every file's mistakes, sorted
by file and line; a warning is an error under --strict; an error survives a worker process."""

import pickle

import pytest
from conftest import write

from site_builder.check import check
from site_builder.errors import Diagnostics, Problem, SiteError


def test_errors_of_one_pass_sort_by_file_then_line():
    error = SiteError.of([Problem("b.yaml", "late", 9), Problem("a.md", "second", 12), Problem("a.md", "first", 3),
                          Problem("a.md", "whole file")])
    assert [str(problem) for problem in error.problems] == ["a.md: whole file", "a.md:3: first", "a.md:12: second",
                                                            "b.yaml:9: late"]
    assert str(error).splitlines() == [str(problem) for problem in error.problems]


def test_an_error_of_several_problems_crosses_a_process_boundary_whole():
    error = SiteError.of([Problem("a.md", "one", 1), Problem("b.md", "two", 2)])
    assert pickle.loads(pickle.dumps(error)).problems == error.problems


def test_attempt_records_and_goes_on_and_stop_raises_them_all():
    diagnostics = Diagnostics()

    def fails(name: str) -> str:
        raise SiteError(name, "broken", 1)

    assert diagnostics.attempt(fails, "a.md") is None
    assert diagnostics.attempt(str.upper, "fine") == "FINE"
    diagnostics.attempt(fails, "b.md")
    with pytest.raises(SiteError) as raised:
        diagnostics.stop_if_errors()
    assert [problem.path for problem in raised.value.problems] == ["a.md", "b.md"]


def test_strict_collects_warnings_as_errors_instead_of_stopping_at_the_first():
    diagnostics = Diagnostics(strict=True)
    diagnostics.warn("a.txt", "odd")
    diagnostics.warn("b.txt", "odder")
    assert diagnostics.warnings == []
    assert [problem.path for problem in diagnostics.errors] == ["a.txt", "b.txt"]
    assert "an error under --strict" in diagnostics.errors[0].message


def planted_project(root):
    """Two good sources, and ten mistakes in eight files."""
    write(root / "seeds/alpha.txt", "Alpha talks\n\nThe ministers met in Guilin on Monday and spoke for two hours.\n")
    write(root / "seeds/beta.txt", "Beta talks\n\nThe ministers met again in Guilin and agreed on a statement.\n")
    write(root / "seeds/My Report.txt", "A file name with a space.\n")  # 1
    (root / "seeds/binary.txt").write_bytes(b"\x00\x01\x02\x03")  # 2
    write(root / "content/site.yaml", "title: T\ndescripton: D\nlanguage: 12345\n")  # 3, 4
    write(root / "content/entities.yaml", "guilin:\n  name: Guilin\n  type: plase\nwang-yi:\n  name: Wang Yi\n  type: person\n")  # 5
    write(root / "content/sources/gamma.yaml", "publisher: Nobody\n")  # 6
    write(root / "content/sources/alpha.yaml", "publisher: Agency\npublised: 2021-03-22\n")  # 7
    write(root / "content/events/talks.md", "---\ntitle: Talks\nsources:\n  - alpha\n  - alfa\n  - betta\n"
                                            "facets:\n  - id: place\n    label: Place\n    kind: plaec\n---\n")  # 8, 9, 10
    write(root / "content/pages/about.md", "---\ntitel: About\n---\nText.\n")  # 11
    return root


def test_check_reports_every_planted_mistake_in_one_run(tmp_path):
    report = check(planted_project(tmp_path))
    found = [str(problem) for problem in report.errors]
    expected = [
        "content/entities.yaml:3: 'type': ",
        "content/events/talks.md:5: unknown source 'alfa' (did you mean 'alpha'?)",
        "content/events/talks.md:6: unknown source 'betta' (did you mean 'beta'?)",
        "content/events/talks.md:10: 'kind': ",
        "content/pages/about.md:2: unknown key 'titel' (did you mean 'title'?)",
        "content/site.yaml:2: unknown key 'descripton' (did you mean 'description'?)",
        "content/site.yaml:3: 'language': ",
        "content/sources/alpha.yaml:2: unknown key 'publised' (did you mean 'published'?)",
        "content/sources/gamma.yaml:1: sidecar for unknown source 'gamma'",
        "seeds/My Report.txt: file name must ",
        "seeds/binary.txt: file looks binary",
    ]
    assert len(found) == len(expected), "\n".join(found)
    for line, start in zip(found, expected):
        assert line.startswith(start), (line, start)
    assert report.lines()[: len(expected)] == [f"error: {line}" for line in found]


def test_an_event_naming_a_source_whose_file_has_errors_is_not_reported_twice(tmp_path):
    write(tmp_path / "seeds/good.txt", "Good\n\nText of the good report, long enough to read.\n")
    (tmp_path / "seeds/broken.txt").write_bytes(b"")
    write(tmp_path / "content/events/e.md", "---\ntitle: E\nsources: [good, broken]\n---\n")
    assert [str(problem) for problem in check(tmp_path).errors] == ["seeds/broken.txt: file is empty"]
