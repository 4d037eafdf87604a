"""The documentation's commands, run as written: README's five steps and the guide's commands."""

import re
import shlex
import subprocess
import sys

from conftest import REPO


def shell_blocks(text: str) -> list[list[str]]:
    """Each ```sh block's commands (comments dropped)."""
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [[line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")] for block in blocks]


def run(command: str, cwd) -> subprocess.CompletedProcess:
    words = shlex.split(command, comments=True)
    assert words[0] == "site-builder", command
    return subprocess.run([sys.executable, "-m", "site_builder", *words[1:]], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_readme_make_it_yours_runs_as_written(tmp_path):
    (tmp_path / "report.txt").write_text("Freedonia Hosts Talks\n\nThe ministers met in Freedonia on Monday.\n", encoding="utf-8")
    (steps,) = [block for block in shell_blocks((REPO / "README.md").read_text(encoding="utf-8")) if "init my-site" in block[0]]
    for command in steps:
        result = run(command, tmp_path)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    assert (tmp_path / "my-site/public/events/talks/index.html").is_file()
    assert (tmp_path / "my-site/public/entities/freedonia/index.html").is_file()


def test_guide_commands_run_in_a_new_project(tmp_path):
    assert run("site-builder init project", tmp_path).returncode == 0
    project = tmp_path / "project"
    (commands,) = [block for block in shell_blocks((REPO / "docs/guide.md").read_text(encoding="utf-8")) if "check" in block[0]]
    for command in commands:
        result = run(command, project)
        assert result.returncode == 0, (command, result.stdout, result.stderr)


def test_readme_yaml_examples_are_valid(tmp_path):
    from conftest import write

    from site_builder.build.pipeline import BuildOptions, load_site
    from site_builder.errors import Diagnostics

    sidecar, facets = re.findall(r"```yaml\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    assert run("site-builder init project", tmp_path).returncode == 0
    project = tmp_path / "project"
    write(project / "content/sources/example.yaml", "\n".join(line.strip() for line in sidecar.splitlines()) + "\n")
    write(project / "content/entities.yaml", (project / "content/entities.yaml").read_text() + "iran: {name: Iran, type: place}\nguilin: {name: Guilin, type: place}\n")
    write(project / "content/events/readme.md", "---\ntitle: T\nsources: [example]\n" + facets + "---\n")
    site = load_site(project, BuildOptions(), Diagnostics())
    assert site.by_id["example"].field("publisher").value == "Example News"
    assert [row.facet.id for row in next(e for e in site.events if e.id == "readme").rows] == ["place", "iran"]


def test_init_then_make_site_with_the_generated_makefile(tmp_path):
    assert run("site-builder init project", tmp_path).returncode == 0
    result = subprocess.run(["make", "site", f"SITE_BUILDER={sys.executable} -m site_builder"], cwd=tmp_path / "project",
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "project/public/sources/example/index.html").is_file()
