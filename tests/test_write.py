"""A build writes into a fresh folder and swaps it in; a failure leaves the previous site untouched."""

import hashlib
from pathlib import Path

import pytest

from conftest import write
from site_builder.errors import SiteError
from site_builder.pipeline import BuildOptions, build
from site_builder.write import OutputFile, checked_path, write_site


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_failed_build_leaves_the_previous_site_untouched(project, tmp_path):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    before = snapshot(output)
    write(project / "content/sources/004_7807f473fc62edd1.yaml", "published: not a date\n")
    with pytest.raises(SiteError):
        build(project, output, BuildOptions())
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "public"]


def test_failure_while_writing_leaves_the_previous_site_and_no_temporary_folder(tmp_path):
    output = tmp_path / "public"
    write_site([OutputFile("index.html", b"old")], output)

    def files():
        yield OutputFile("index.html", b"new")
        raise SiteError("templates/x.html", "boom", 3)

    with pytest.raises(SiteError):
        write_site(files(), output)
    assert (output / "index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_a_successful_build_replaces_stale_files(tmp_path):
    output = tmp_path / "public"
    write_site([OutputFile("old.html", b"x")], output)
    write_site([OutputFile("new.html", b"y")], output)
    assert sorted(p.name for p in output.iterdir()) == ["new.html"]


def test_two_outputs_for_one_path_are_refused(tmp_path):
    with pytest.raises(SiteError, match="^a.html: two pages would be written to this path"):
        write_site([OutputFile("a.html", b"1"), OutputFile("a.html", b"2")], tmp_path / "public")


@pytest.mark.parametrize("path", ["../x", "/etc/x", "a/../../x", ""])
def test_output_paths_cannot_leave_the_output_folder(tmp_path, path):
    with pytest.raises(ValueError, match="unsafe output path"):
        checked_path(tmp_path, path)
