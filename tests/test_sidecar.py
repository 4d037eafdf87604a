"""Sidecars override extracted values; their mistakes are file:line errors."""

import pytest

from conftest import write
from site_builder.errors import Diagnostics, SiteError
from site_builder.pipeline import BuildOptions, load_site

SEED = "004_7807f473fc62edd1"


def load(project):
    return load_site(project, BuildOptions(), Diagnostics())


def test_declared_value_overrides_the_extracted_one(project):
    write(project / f"content/sources/{SEED}.yaml", "published: 2022-03-30\npublisher: Example Wire\nnote: checked\n")
    source = load(project).by_id[SEED]
    assert (source.field("published").value, source.field("published").kind) == ("2022-03-30", "declared")
    assert source.field("publisher").origin == f"declared in content/sources/{SEED}.yaml"
    assert source.field("credit").kind == "extracted"  # undeclared values are still extracted


def test_sidecar_for_a_missing_source_names_the_file_and_suggests(project):
    write(project / "content/sources/004_7807f473fc62edd2.yaml", "language: en\n")
    with pytest.raises(SiteError) as error:
        load(project)
    assert str(error.value) == (
        "content/sources/004_7807f473fc62edd2.yaml:1: sidecar for unknown source '004_7807f473fc62edd2' "
        f"(did you mean '{SEED}'?)"
    )


def test_unknown_key_names_its_line_and_suggests(project):
    write(project / f"content/sources/{SEED}.yaml", "language: en\npublsher: X\n")
    with pytest.raises(SiteError, match=rf"^content/sources/{SEED}.yaml:2: unknown key 'publsher' \(did you mean 'publisher'\?\)$"):
        load(project)


def test_a_date_that_does_not_exist_is_an_error_on_its_line(project):
    write(project / f"content/sources/{SEED}.yaml", "note: x\npublished: 2022-02-30\n")
    with pytest.raises(SiteError, match=rf"^content/sources/{SEED}.yaml:2: 'published': "):
        load(project)


def test_malformed_yaml_gives_the_line(project):
    write(project / f"content/sources/{SEED}.yaml", "language: en\nnote: [unclosed\n")
    with pytest.raises(SiteError, match=rf"^content/sources/{SEED}.yaml:\d+: malformed YAML"):
        load(project)


def test_url_must_be_http(project):
    write(project / f"content/sources/{SEED}.yaml", "url: javascript:alert(1)\n")
    with pytest.raises(SiteError, match="is not an http"):
        load(project)
