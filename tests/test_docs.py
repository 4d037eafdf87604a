"""The documentation's commands, run as written: README's five steps and the guide's commands."""

import gzip
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


def scanned_pdf() -> bytes:
    """A one-page PDF holding a picture and no text, as a scanner makes."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("L", (60, 80), 200), x=10, y=10, w=60)
    return bytes(pdf.output())


def plant(project, mistake: str) -> None:
    """Make the mistake one pattern of the guide's table of common errors describes."""
    from conftest import write

    entities = "y:\n  type: person\n  name: X\nx:\n  name: Other\n  type: person\n  aliases: [X]\n"
    plants = {
        "unknown key 'license'": lambda: write(project / "content/site.yaml", "title: T\n\nlicense: CC-BY\n"),
        "unknown source '001_": lambda: write(project / "content/events/x.md", "---\ntitle: X\nsources:\n  - 001_exampel\n---\n"),
        "is already a name of": lambda: write(project / "content/entities.yaml", entities),
        "file is empty": lambda: (project / "seeds/a.txt").write_bytes(b""),
        "file looks binary": lambda: (project / "seeds/a.txt").write_bytes(b"\x00\x01\x02"),
        "tab at column 1": lambda: write(project / "content/site.yaml", "title: T\nreuse:\n  min_words: 9\n\tshingle_words: 5\n"),
        "sidecar for unknown source": lambda: write(project / "content/sources/x.yaml", "publisher: P\n"),
        "file name must": lambda: write(project / "seeds/My Report.txt", "A report.\n"),
        "never closed": lambda: write(project / "content/events/x.md", "---\ntitle: X\n"),
        "anchors and aliases": lambda: write(project / "content/site.yaml", "title: &t T\ndescription: *t\n"),
        "tags such as": lambda: write(project / "content/site.yaml", "title: !!binary aGk=\n"),
        "merge keys": lambda: write(project / "content/site.yaml", "reuse: {<<: {min_words: 9}}\n"),
        "bytes, over the limit": lambda: (project / "seeds/a.txt").open("wb").truncate(25_000_000),
        "is a symbolic link": lambda: (project / "seeds/a.txt").symlink_to(project.parent / "outside.txt"),
        "Windows reserves": lambda: write(project / "seeds/con.txt", "A report.\n"),
        "differ only in case": lambda: (write(project / "seeds/Report.txt", "A report.\n"),
                                        write(project / "seeds/report.md", "A report.\n")),
        "base_url is not set": lambda: None,
        "holds no site_builder build": lambda: write(project / "public/mine.txt", "my own file"),
        "mixes encodings": lambda: (project / "seeds/a.txt").write_bytes(
            "Reunião em Genebra\n\nOs ministros reuniram-se na terça-feira. ".encode() + "São João não".encode("cp1252") + b".\n"),
        "needs OCR": lambda: (project / "seeds/scan.pdf").write_bytes(scanned_pdf()),
        "not a readable WARC file": lambda: (project / "seeds/a.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\n" * 50)[:20]),
    }
    (action,) = [action for key, action in plants.items() if key in mistake]
    action()


def common_errors() -> list[str]:
    """Each message pattern of the guide's table (a row may give several, separated by ' / ')."""
    table = (REPO / "docs/guide.md").read_text(encoding="utf-8").split("## Common errors", 1)[1]
    rows = re.findall(r"^\| (`.*?`) \|", table, re.M)
    return [pattern for row in rows for pattern in re.findall(r"`([^`]*)`", row)]


def test_every_common_error_in_the_guide_is_what_the_mistake_gives(tmp_path):
    from site_builder.build.pipeline import check_output
    from site_builder.check import check
    from site_builder.errors import SiteError

    patterns = common_errors()
    assert len(patterns) >= 18
    (tmp_path / "outside.txt").write_text("A report kept outside the project.\n", encoding="utf-8")
    for number, pattern in enumerate(patterns):
        assert run(f"site-builder init p{number}", tmp_path).returncode == 0
        project = tmp_path / f"p{number}"
        plant(project, pattern)
        report = check(project)
        lines = report.lines()
        try:
            check_output(project, project / "public")
        except SiteError as error:
            lines.append(f"error: {error}")
        expected = re.escape(pattern.removeprefix("… ")).replace("…", ".*")
        assert any(re.search(expected, line) for line in lines), (pattern, lines)


def test_the_readme_synopsis_names_only_commands_and_options_the_tool_has():
    import argparse

    from site_builder.cli import parser

    def subcommand(command: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action.choices[name]
        return None

    synopsis = re.search(r"## Command line\n\n```\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    checked = 0
    for line in synopsis.splitlines():
        if not line.startswith("site-builder "):
            continue
        for part in line.split("#")[0].removeprefix("site-builder ").split(" | "):
            command, words = parser(), part.split()
            while words and (deeper := subcommand(command, words[0]) if not words[0].startswith("-") else None):
                command, words = deeper, words[1:]
            options = {option for action in command._actions for option in action.option_strings}
            for option in re.findall(r"(?<![\w-])--?[a-zA-Z][\w-]*", " ".join(words)):
                assert option in options, (part, option)
                checked += 1
    assert checked >= 20


def test_the_readme_describes_the_version_the_tool_reports():
    from site_builder import __version__

    stated = re.findall(r"# site-builder (\S+), the version this README describes", (REPO / "README.md").read_text(encoding="utf-8"))
    assert stated == [__version__]
