"""Theming: list and copy built-in templates; the template reference cannot go stale."""

import re
from pathlib import Path

from conftest import REPO, run_cli, write

from site_builder.build.pipeline import BuildOptions, build
from site_builder.reference import configuration_reference, template_reference
from site_builder.site.render import CONTEXT_HELP


def test_the_committed_references_are_what_the_code_generates():
    assert (REPO / "docs/templates.md").read_text(encoding="utf-8") == template_reference()
    assert (REPO / "docs/configuration.md").read_text(encoding="utf-8") == configuration_reference()


def test_configuration_reference_lists_every_declared_key():
    text = configuration_reference()
    for key in ("`title`", "`base_url`", "`reuse.min_words`", "`published`", "`aliases`", "`facets`", "`patterns`", "`speaker`"):
        assert key in text


def test_every_documented_variable_reaches_templates(project, tmp_path):
    names = [re.match(r"\w+", name).group() for name in CONTEXT_HELP]
    write(project / "templates/404.html", "".join(f"{name}={{{{ {name} is defined }}}};" for name in names))
    build(project, tmp_path / "out", BuildOptions())
    assert (tmp_path / "out/404.html").read_text() == "".join(f"{name}=True;" for name in names)


def test_reference_documents_every_model_class():
    text = template_reference()
    for name in ("Source", "Field", "Paragraph", "Mention", "Quote", "Passage", "Event", "Cell", "Site"):
        assert f"### `{name}`" in text


def test_templates_list_and_copy(project):
    listed = run_cli("templates", "list", cwd=project).stdout.splitlines()
    assert "source.html" in listed and "base.html" in listed
    copied = run_cli("templates", "copy", "source.html", cwd=project)
    assert copied.returncode == 0
    assert (project / "templates/source.html").read_bytes() == (REPO / "site_builder/site/templates/source.html").read_bytes()
    assert "source.html  (overridden in templates/)" in run_cli("templates", "list", cwd=project).stdout
    again = run_cli("templates", "copy", "source.html", cwd=project)
    assert again.returncode == 1 and "already exists; use --force" in again.stderr
    wrong = run_cli("templates", "copy", "sorce.html", cwd=project)
    assert wrong.returncode == 1 and "(did you mean 'source.html'?)" in wrong.stderr


def test_every_filter_and_test_of_the_templates_is_documented():
    import jinja2

    from site_builder.site.render import FILTERS, TESTS, make_environment
    environment, plain = make_environment(Path("no-such-project")), jinja2.Environment()
    assert set(environment.filters) - set(plain.filters) == set(FILTERS)
    assert set(environment.tests) - set(plain.tests) == set(TESTS)
    text = template_reference()
    assert all(help in text for _, help in [*FILTERS.values(), *TESTS.values()])
