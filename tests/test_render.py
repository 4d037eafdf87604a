"""The render stage: page keys come from a page's context and the templates it uses, so a rebuild
renders nothing that is unchanged, an edited template re-renders exactly the pages using it, and an
incremental build equals a clean one."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest
from conftest import generated_project, write
from test_determinism import same_site

from site_builder.build.pipeline import BuildOptions, BuildResult, build
from site_builder.site import routes
from site_builder.site.render import TemplateDigests, make_environment


def environment(folder: Path, templates: dict[str, str]) -> jinja2.Environment:
    for name, text in templates.items():
        write(folder / name, text)
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder))


def test_a_template_digest_covers_what_it_extends_includes_and_imports(tmp_path):
    templates = {"base.html": "<main>{% block content %}{% endblock %}</main>", "macros.html": "{% macro m() %}m{% endmacro %}",
                 "part.html": "part", "page.html": '{% extends "base.html" %}{% from "macros.html" import m %}'
                 '{% block content %}{% include "part.html" %}{{ m() }}{% endblock %}', "alone.html": "alone"}
    before = TemplateDigests(environment(tmp_path, templates))
    assert before.used_by("page.html") == {"page.html", "base.html", "macros.html", "part.html"}
    for edited in ("base.html", "macros.html", "part.html"):
        after = TemplateDigests(environment(tmp_path / f"edited-{edited}", {**templates, edited: templates[edited] + " "}))
        assert after("page.html") != before("page.html") and after("alone.html") == before("alone.html")


def test_a_template_naming_another_through_a_variable_depends_on_every_template(tmp_path):
    templates = {"page.html": "{% include which %}", "a.html": "a", "b.html": "b"}
    digests = TemplateDigests(environment(tmp_path, templates))
    assert digests.used_by("page.html") == {"page.html", "a.html", "b.html"}


def test_the_marks_of_a_source_text_come_from_the_marks_template(tmp_path):
    project = generated_project(tmp_path / "project", 12)
    builtin = Path(__file__).parent.parent / "site_builder/site/templates/marks.html"
    write(project / "templates/marks.html", builtin.read_text(encoding="utf-8").replace('<a class="mention', '<a class="name'))
    result = build(project, tmp_path / "public", BuildOptions())
    source = next(s for s in result.site.sources if s.mentions)
    page = (tmp_path / "public" / routes.source(source.id)).read_text(encoding="utf-8")
    assert '<a class="name' in page and '<a class="mention' not in page
    assert page.count('<a class="name') >= len(source.mentions)  # a mark crossing a passage is closed and reopened


@pytest.mark.parametrize(("address", "linked"), [
    ("https://example.org/a", True), ("HTTP://example.org/a", True), ("javascript:alert(1)", False),
    ("https://", False), ("http://example.org/a b", False),
])
def test_a_captured_address_is_a_link_when_it_is_an_http_url(tmp_path, address, linked):
    """The `web_url` test templates have is schema.is_web_url: sentences.html's web_link links by it."""
    template = make_environment(tmp_path).from_string('{% import "sentences.html" as s %}{{ s.web_link(address) }}')
    shown = template.render(address=address)
    assert shown.startswith("<a href=") == linked and str(markupsafe.escape(address)) in shown


def rebuild(project: Path, output: Path, edit) -> tuple[BuildResult, BuildResult]:
    first = build(project, output, BuildOptions())
    edit(project)
    return first, build(project, output, BuildOptions())


def test_an_unchanged_rebuild_of_a_project_with_its_own_templates_renders_no_page(tmp_path):
    project = generated_project(tmp_path / "project", 20)
    write(project / "templates/README.md", "My overrides.\n")
    write(project / "templates/cite.html", "<p>Cite with care.</p>\n")
    first, second = rebuild(project, tmp_path / "public", lambda project: None)
    assert len(first.pages.rendered) > 40 and not second.pages.rendered
    assert second.pages.records.unchanged == len(first.pages.rendered)


@pytest.mark.parametrize("template, kinds", [
    ("source_panel.html", (routes.SOURCES,)),
    ("marks.html", (routes.SOURCES,)),  # called from Python (annotated_paragraphs), imported by source.html
    ("cite.html", (routes.SOURCES, routes.EVENTS)),
    ("pair.html", (routes.REUSE,)),
])
def test_an_overridden_template_re_renders_exactly_the_pages_that_use_it(tmp_path, template, kinds):
    project = generated_project(tmp_path / "project", 20)
    builtin = Path(__file__).parent.parent / "site_builder/site/templates" / template
    write(project / "templates" / template, builtin.read_text(encoding="utf-8"))
    first, second = rebuild(project, tmp_path / "public",
                            lambda project: write(project / "templates" / template, builtin.read_text(encoding="utf-8") + "<!-- mine -->\n"))
    using = {path for path in first.pages.rendered if path.split("/")[0] in kinds and path.count("/") == 2
             and path != routes.index(routes.PASSAGES)}
    assert using and second.pages.rendered == using
    build(project, tmp_path / "clean", BuildOptions(cache=False))
    same_site(tmp_path / "public", tmp_path / "clean")


def test_editing_a_source_re_renders_the_pages_that_show_it_and_equals_a_clean_build(tmp_path):
    project = generated_project(tmp_path / "project", 20)
    seed = sorted((project / "seeds").iterdir())[0]
    first, second = rebuild(project, tmp_path / "public",
                            lambda project: seed.write_text(seed.read_text(encoding="utf-8") + "\nA closing line of new words.\n",
                                                            encoding="utf-8"))
    assert routes.source(seed.stem) in second.pages.rendered
    assert 0 < len(second.pages.rendered) < len(first.pages.rendered) / 2
    build(project, tmp_path / "clean", BuildOptions(cache=False))
    same_site(tmp_path / "public", tmp_path / "clean")
