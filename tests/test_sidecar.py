"""Sidecars override extracted values; their mistakes are file:line errors."""

import pytest
from conftest import write

from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.model import Capture
from site_builder.sources.sidecar import capture_fields

SEED = "004_7807f473fc62edd1"


def load(project):
    return load_site(project, BuildOptions(), Diagnostics())


def test_declared_value_overrides_the_extracted_one(project):
    write(project / f"content/sources/{SEED}.yaml", "published: 2022-03-30\npublisher: Example Wire\nnote: checked\n")
    source = load(project).by_id[SEED]
    assert (source.field("published").value, source.field("published").kind) == ("2022-03-30", "declared")
    assert (source.field("publisher").kind, source.field("publisher").detail) == ("declared", f"content/sources/{SEED}.yaml")
    assert source.field("credit").kind == "extracted"  # undeclared values are still extracted


def test_sidecar_for_a_missing_source_names_the_file_and_suggests(project):
    write(project / "content/sources/004_7807f473fc62edd2.yaml", "language: en\n")
    with pytest.raises(SiteError) as error:
        load(project)
    assert str(error.value) == (
        "content/sources/004_7807f473fc62edd2.yaml:1: sidecar for unknown source '004_7807f473fc62edd2' "
        f"(did you mean '{SEED}'?)"
    )


@pytest.mark.parametrize("yaml_text, message", [
    ("language: en\npublsher: X\n", r"2: unknown key 'publsher' \(did you mean 'publisher'\?\)"),
    ("note: x\npublished: 2022-02-30\n", r"2: 'published': '2022-02-30' is not a real date.*"),
    ("note: x\npublished: last week\n", r"2: 'published': 'last week' is not a date; write it as YYYY-MM-DD"),
    ("language: en\nnote: [unclosed\n", r"\d+: malformed YAML.*"),
    ("url: javascript:alert(1)\n", r"1: 'url': 'javascript:alert\(1\)' is not an http\(s\) URL"),
    ("language: English please\n", r"1: 'language': 'English please' is not a language tag.*"),
])
def test_sidecar_mistakes_name_file_and_line(project, yaml_text, message):
    write(project / f"content/sources/{SEED}.yaml", yaml_text)
    with pytest.raises(SiteError, match=f"^content/sources/{SEED}.yaml:{message}$"):
        load(project)


def test_a_sidecar_is_known_by_its_folder_suffix_and_visible_name(tmp_path):
    from site_builder.sources.sidecar import sidecar_file, sidecar_files, sidecar_source
    assert sidecar_source("content/sources/a-report.yaml") == "a-report"
    assert sidecar_source("content/sources/a-report.yml") == "a-report"
    for other in ("content/sources/.a-report.yaml", "content/sources/a-report.yaml~", "content/sources/a-report.txt",
                  "content/a-report.yaml", "seeds/a-report.yaml", "content/sources/x/a-report.yaml"):
        assert sidecar_source(other) is None, other
    for name in ("b.yml", "a.yaml", ".c.yaml", "d.yaml~", "e.md"):
        write(tmp_path / "content" / "sources" / name, "language: en\n")
    assert [path.name for path in sidecar_files(tmp_path)] == ["a.yaml", "b.yml"]
    assert [sidecar_source(f"content/sources/{path.name}") for path in sidecar_files(tmp_path)] == ["a", "b"]
    assert sidecar_file(tmp_path, "b") == tmp_path / "content" / "sources" / "b.yml"
    assert sidecar_file(tmp_path, "c") is None


@pytest.mark.parametrize(("url", "time", "fields"), [
    ("https://example.org/a", "2026-12-03T18:40:12Z", {"url": "https://example.org/a", "retrieved": "2026-12-03"}),
    ("HTTPS://example.org/a", "2026-12-03T18:40:12Z", {"url": "HTTPS://example.org/a", "retrieved": "2026-12-03"}),
    ("ftp://example.org/a", "2026-13-45T10:00:00Z", {}),  # neither an http(s) URL nor a real time
    ("https://example.org/a", None, {"url": "https://example.org/a"}),  # a WARC record with no real time
    ("urn:x", None, {}),
])
def test_a_capture_gives_its_url_and_day_only_when_they_follow_the_rules(url, time, fields):
    found = capture_fields(Capture(url=url, time=time, how="read from a WARC file"))
    assert {name: field.value for name, field in found.items()} == fields
    assert all(field.kind == "captured" for field in found.values()) and capture_fields(None) == {}
