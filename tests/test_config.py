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


@pytest.mark.parametrize("yaml_text, message", [
    ("title: T\n\nlicense: CC BY\n", r"content/site.yaml:3: unknown key 'license' \(did you mean 'licence'\?\)"),
    ("title: T\ndescription: \"open\n", r"content/site.yaml:\d+: malformed YAML.*"),
    ("title:\n  - a\n  - b\n", r"content/site.yaml:1: 'title': expected a piece of text"),
    ("- just\n- a list\n", r"content/site.yaml:1: expected a mapping.*"),
    ("title: A\ntitle: B\n", r"content/site.yaml:2: duplicate key 'title'"),
    ("title: !!python/object/apply:os.system ['true']\n", r"content/site.yaml:1: YAML tags such as '!!python/object/apply:os.system' are not allowed in content files"),
    ("base_url: ftp://example.org/\n", r"content/site.yaml:1: 'base_url': 'ftp://example.org/' is not an http\(s\) URL"),
])
def test_config_mistakes_name_file_and_line(project, yaml_text, message):
    write(project / "content/site.yaml", yaml_text)
    with pytest.raises(SiteError, match=f"^{message}$"):
        load_config(project)


def test_base_url_gets_a_trailing_slash_and_the_command_line_wins(project):
    write(project / "content/site.yaml", "base_url: https://example.org/repo\n")
    assert load_config(project).base_url == "https://example.org/repo/"
    assert load_config(project, "https://other.example/x/").base_url == "https://other.example/x/"


def test_reuse_section(project):
    write(project / "content/site.yaml", "title: T\nreuse:\n  min_words: 10\n  common_share: 0.2\n")
    reuse = load_config(project).reuse
    assert (reuse.min_words, reuse.shingle_words, reuse.common_share) == (10, 5, 0.2)


@pytest.mark.parametrize("yaml_text, message", [
    ("reuse:\n  min_word: 10\n", r"content/site.yaml:2: unknown key 'min_word' \(did you mean 'min_words'\?\)"),
    ("reuse:\n  min_words: 2\n", r"content/site.yaml:2: 'min_words': '2' is not a whole number from 3 to 200"),
    ("reuse:\n  common_share: 5\n", r"content/site.yaml:2: 'common_share': '5' is not a fraction above 0 and at most 1 \(such as 0.05\)"),
    ("reuse: 7\n", r"content/site.yaml:1: 'reuse' must be a mapping of `key: value` lines"),
    ("reuse:\n  min_words: 4\n  shingle_words: 6\n", r"content/site.yaml:3: reuse: shingle_words \(6\) cannot exceed min_words \(4\)"),
])
def test_reuse_section_mistakes(project, yaml_text, message):
    write(project / "content/site.yaml", yaml_text)
    with pytest.raises(SiteError, match=f"^{message}$"):
        load_config(project)


def test_a_control_character_in_yaml_is_a_line_error(project):
    write(project / "content/site.yaml", "title: ok\ndescription: bad \x7f here\n")
    with pytest.raises(SiteError, match=r"^content/site.yaml:2: malformed YAML: the character U\+007F is not allowed$"):
        load_config(project)
