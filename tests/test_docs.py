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
