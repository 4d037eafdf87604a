"""Regression tests from a review: inputs that once crashed, hung, lost files or misled."""

import random
import re
import shutil

import pytest
from conftest import PEOPLE_YAML, run_cli, write
from test_reuse import lineage_between, make_source, random_words

from site_builder.build.pipeline import BuildOptions, build, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.linking.reuse import find_reuse
from site_builder.model import DateResolution
from site_builder.options import ReuseSettings


@pytest.mark.parametrize("output", [".", "seeds", "content/out", ".."])
def test_an_output_folder_that_would_replace_project_files_is_refused(project, output):
    result = run_cli("build", "--output", output, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (project / "seeds/000_9f45db1a97bdd9a5.txt").is_file() and (project / "content/site.yaml").is_file()


def test_a_folder_that_is_not_a_previous_build_is_not_replaced(project, tmp_path):
    write(tmp_path / "thesis/chapter1.md", "My work")
    with pytest.raises(SiteError, match="not empty and holds no site_builder build"):
        build(project, tmp_path / "thesis", BuildOptions())
    assert (tmp_path / "thesis/chapter1.md").read_text() == "My work"


@pytest.mark.parametrize("yaml_text", ["x: &a [*a]\n", "a: &a [1, 2]\nb: [*a, *a, *a]\n"])
def test_yaml_aliases_are_refused_not_followed(project, yaml_text):
    write(project / "content/site.yaml", yaml_text)
    with pytest.raises(SiteError, match=r"^content/site.yaml:\d+: YAML anchors and aliases"):
        load_site(project, BuildOptions(), Diagnostics())


@pytest.mark.parametrize("body, error", [("{{ 1/0 }}", "ZeroDivisionError"), ('{{ "a" + 1 }}', "TypeError")])
def test_a_template_runtime_error_names_the_template_and_line(project, tmp_path, body, error):
    write(project / "templates/404.html", "{% extends 'base.html' %}\n{% block content %}\n<p>\n" + body + "\n{% endblock %}")
    with pytest.raises(SiteError, match=rf"^templates/404.html:4: while rendering 404.html: {error}"):
        build(project, tmp_path / "out", BuildOptions())


@pytest.mark.parametrize("name", ["search", "timeline", "pagefind"])
def test_pages_cannot_take_the_generators_own_paths(project, tmp_path, name):
    write(project / f"content/pages/{name}.md", "# Mine\n")
    with pytest.raises(SiteError, match=rf"^content/pages/{name}.md: page name '{name}' must be"):
        build(project, tmp_path / "out", BuildOptions())


def test_curated_events_cannot_use_the_proposed_prefix(project):
    shutil.rmtree(project / "content/events")
    write(project / "content/events/proposed-1.md", "---\ntitle: T\nsources: [000_9f45db1a97bdd9a5]\n---\n")
    with pytest.raises(SiteError, match="kept for proposed events"):
        load_site(project, BuildOptions(), Diagnostics())


def test_a_markdown_seed_holding_an_html_document_builds(project, tmp_path):
    write(project / "seeds/saved.md", "<!DOCTYPE html>\n\n<html>\n\nThe ministers met in Guilin on Monday morning.\n")
    site = build(project, tmp_path / "out", BuildOptions()).site
    assert "The ministers met in Guilin on Monday morning." in site.by_id["saved"].text


def test_a_very_early_anchor_date_does_not_crash(project):
    write(project / "content/sources/001_31d0fa55b8edf2a7.yaml", "published: '0001-01-01'\n")
    source = load_site(project, BuildOptions(), Diagnostics()).by_id["001_31d0fa55b8edf2a7"]
    assert any(d.value is None and d.resolution == DateResolution.OUT_OF_CALENDAR for d in source.dates)


def test_a_passage_shared_by_six_sources_is_found_in_a_small_collection():
    rng = random.Random(3)
    wire = random_words(rng, 24)
    sources = [make_source(f"s{n}", random_words(rng, 30) + wire + random_words(rng, 30)) for n in range(6)]
    assert len(find_reuse(sources, ReuseSettings())) == 15  # every pair of the six


def test_no_order_is_claimed_between_a_month_and_a_day():
    assert lineage_between("2021-03", "2021-03-05", seed=4).endswith("no dates decide which.")


def test_close_but_different_numbers_differ(tmp_path):
    write(tmp_path / "seeds/a.txt", "One\n\nOfficials counted 1,234,567 people at the rally.\n")
    write(tmp_path / "seeds/b.txt", "Two\n\nOfficials counted 1,234,568 people at the rally.\n")
    write(tmp_path / "content/entities.yaml", PEOPLE_YAML)
    write(tmp_path / "content/events/e.md", "---\ntitle: E\nsources: [a, b]\nfacets:\n  - {id: n, label: N, kind: number}\n---\n")
    (row,) = load_site(tmp_path, BuildOptions(), Diagnostics()).events[0].rows
    assert [(c.values, c.status) for c in row.cells] == [(("1234567",), "differ"), (("1234568",), "differ")]


def test_a_pattern_whose_value_matches_nothing_reads_nothing(tmp_path):
    write(tmp_path / "seeds/a.txt", "One\n\nOfficials met.\n")
    write(tmp_path / "seeds/b.txt", "Two\n\nOfficials met.\n")
    write(tmp_path / "content/events/e.md",
          "---\ntitle: E\nsources: [a, b]\nfacets:\n  - {id: t, label: T, kind: text, patterns: ['(?P<value>zz)?']}\n---\n")
    (row,) = load_site(tmp_path, BuildOptions(), Diagnostics()).events[0].rows
    assert [c.status for c in row.cells] == ["silent", "silent"]


def test_a_one_line_source_keeps_its_line_as_text(project):
    write(project / "seeds/short.txt", "Hello world this is text\n")
    assert load_site(project, BuildOptions(), Diagnostics()).by_id["short"].text == "Hello world this is text"


def test_a_file_holding_only_a_bom_is_empty(project):
    (project / "seeds/bom.txt").write_bytes(b"\xef\xbb\xbf\n")
    with pytest.raises(SiteError, match="^seeds/bom.txt: file is empty$"):
        load_site(project, BuildOptions(), Diagnostics())


def test_two_sidecars_for_one_source_are_an_error(project):
    write(project / "content/sources/004_7807f473fc62edd1.yml", "language: en\n")
    with pytest.raises(SiteError, match=r"^content/sources/004_7807f473fc62edd1.yml:1: a second sidecar"):
        load_site(project, BuildOptions(), Diagnostics())


def test_csv_cells_never_open_as_spreadsheet_formulas(project, tmp_path):
    import csv
    import json

    write(project / "seeds/zz.txt", "=cmd|' /C calc'!A0\n\nThe ministers met in Guilin on Monday.\n")
    build(project, tmp_path / "out", BuildOptions())
    cells = {r["id"]: r["title"] for r in csv.DictReader((tmp_path / "out/data/sources.csv").open(encoding="utf-8"))}
    exact = {r["id"]: r["title"] for r in json.loads((tmp_path / "out/data/sources.json").read_text())}
    assert exact["zz"] == "=cmd|' /C calc'!A0" and cells["zz"] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("yaml_text, line", [
    ("title: " + "[" * 10_000, 1),
    ("title: " + "{a: " * 10_000, 1),
    ("".join("  " * depth + "a:\n" for depth in range(3000)), 50),
])
def test_deeply_nested_yaml_is_an_error_not_a_recursion_error(project, yaml_text, line):
    write(project / "content/site.yaml", yaml_text)
    with pytest.raises(SiteError, match=rf"^content/site.yaml:{line}: malformed YAML: nested more than 50 levels deep$"):
        load_site(project, BuildOptions(), Diagnostics())


@pytest.mark.parametrize("yaml_text, tag", [
    ("title: !!python/object/apply:os.system ['true']\n", "!!python/object/apply:os.system"),
    ("title: !!binary aGVsbG8=\n", "!!binary"),
    ("reuse: !!set {min_words, common_share}\n", "!!set"),  # once an AttributeError traceback
    ("title: !mine x\n", "!mine"),
    ("!!python/name:os.system : 1\n", "!!python/name:os.system"),
])
def test_yaml_tags_are_refused_by_name(project, yaml_text, tag):
    write(project / "content/site.yaml", yaml_text)
    with pytest.raises(SiteError, match=rf"^content/site.yaml:1: YAML tags such as '{re.escape(tag)}' are not allowed in content files$"):
        load_site(project, BuildOptions(), Diagnostics())


@pytest.mark.parametrize("yaml_text", ["<<: {title: A}\ntitle: B\n", "title: B\n<<: {title: A}\n", "reuse:\n  <<: {min_words: 9}\n"])
def test_yaml_merge_keys_are_refused(project, yaml_text):
    """Merge keys need no alias in flow style, and would silently decide which of two values wins."""
    write(project / "content/site.yaml", yaml_text)
    with pytest.raises(SiteError, match=r"^content/site.yaml:\d: YAML merge keys \(<<\) are not allowed in content files$"):
        load_site(project, BuildOptions(), Diagnostics())


@pytest.mark.parametrize("escaped, code", [(r"\0", "0000"), (r"\x1b", "001B"), (r"\ud800", "D800"), (r"\uFFFF", "FFFF")])
def test_yaml_escapes_for_characters_no_page_can_hold_are_refused(project, escaped, code):
    """A lone surrogate once crashed the build with UnicodeEncodeError; control characters made feed.xml invalid."""
    write(project / "content/sources/000_9f45db1a97bdd9a5.yaml", f'note: ok\ntitle: "a{escaped}b"\n')
    # libyaml refuses a lone surrogate escape itself ("invalid Unicode character escape code").
    with pytest.raises(SiteError, match=rf"^content/sources/000_9f45db1a97bdd9a5.yaml:2: (the character U\+{code} is not allowed"
                                        r"|malformed YAML: found invalid Unicode character escape code)"):
        load_site(project, BuildOptions(), Diagnostics())


def test_an_equals_sign_is_text_in_yaml(project):
    write(project / "content/site.yaml", "title: =\n")
    assert load_site(project, BuildOptions(), Diagnostics()).config.title == "="


@pytest.mark.parametrize("piece", ["BEIJING, ", "(Reuters) - "])
def test_a_long_paragraph_of_capitalised_words_is_analysed_in_linear_time(tmp_path, piece):
    """Each candidate name once searched all the text before it for a cue: 20 s for 60 kB."""
    import time

    write(tmp_path / "seeds/long.txt", "Title\n\n" + piece * 20_000 + "\n")
    started = time.perf_counter()
    load_site(tmp_path, BuildOptions(), Diagnostics())
    assert time.perf_counter() - started < 15
