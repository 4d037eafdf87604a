"""content/site.yaml: declared options, defaults, and precise errors."""

import shutil

import pytest

from conftest import write
from site_builder.config import load_config
from site_builder.errors import SiteError


def test_the_shipped_config_loads(project):
    config = load_config(project)
    assert config.title.startswith("Lavrov and Wang Yi")
    assert config.language == "en"


def test_without_content_the_defaults_apply(project):
    shutil.rmtree(project / "content")
    config = load_config(project)
    assert (config.title, config.language, config.base_url) == ("Research microsite", "en", None)


def test_unknown_key_names_file_line_and_suggestion(project):
    write(project / "content/site.yaml", "title: T\n\nlicense: CC BY\n")
    with pytest.raises(SiteError) as error:
        load_config(project)
    assert str(error.value) == "content/site.yaml:3: unknown key 'license' (did you mean 'licence'?)"


def test_malformed_yaml_names_the_line(project):
    write(project / "content/site.yaml", "title: T\ndescription: \"open\n")
    with pytest.raises(SiteError, match=r"^content/site.yaml:\d+: malformed YAML"):
        load_config(project)


def test_a_list_where_text_belongs_is_an_error(project):
    write(project / "content/site.yaml", "title:\n  - a\n  - b\n")
    with pytest.raises(SiteError, match=r"^content/site.yaml:1: 'title': expected a piece of text$"):
        load_config(project)


def test_not_a_mapping(project):
    write(project / "content/site.yaml", "- just\n- a list\n")
    with pytest.raises(SiteError, match=r"^content/site.yaml:1: expected a mapping"):
        load_config(project)


def test_duplicate_key_is_an_error(project):
    write(project / "content/site.yaml", "title: A\ntitle: B\n")
    with pytest.raises(SiteError, match=r"^content/site.yaml:2: duplicate key 'title'$"):
        load_config(project)


def test_base_url_gets_a_trailing_slash_and_the_command_line_wins(project):
    write(project / "content/site.yaml", "base_url: https://example.org/repo\n")
    assert load_config(project).base_url == "https://example.org/repo/"
    assert load_config(project, "https://other.example/x/").base_url == "https://other.example/x/"


def test_yaml_tags_that_construct_objects_are_refused(project):
    write(project / "content/site.yaml", "title: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(SiteError, match=r"^content/site.yaml:1: malformed YAML"):
        load_config(project)
