"""The command line, run as a user runs it: errors are one line with path:line and exit 1."""

import shutil

from conftest import run_cli, write

from site_builder import __version__


def test_version_and_help(project):
    assert run_cli("--version", cwd=project).stdout.strip() == f"site-builder {__version__}"
    help_text = run_cli("build", "--help", cwd=project).stdout
    for option in ("--strict", "--output", "--base-url", "--quiet"):
        assert option in help_text
    serve_help = run_cli("serve", "--help", cwd=project).stdout
    assert "--port" in serve_help and "--host" in serve_help


COMMANDS = (("build",), ("events",), ("init",), ("new",), ("new", "source"), ("new", "event"), ("new", "entity"),
            ("templates",), ("reference",), ("check",), ("verify",), ("serve",))


def test_every_command_and_option_is_explained_with_examples():
    import argparse

    from site_builder.cli import parser

    def commands(command: argparse.ArgumentParser, path: tuple[str, ...] = ()):
        yield path, command
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from commands(sub, path + (name,))

    found = dict(commands(parser()))
    assert set(found) == {(), *COMMANDS}
    for path, command in found.items():
        assert command.description and "examples:\n  site-builder" in command.epilog, path
        for action in command._actions:
            assert action.help, (path, action.dest)


def test_project_folder_is_accepted_after_the_command_too(project, tmp_path):
    result = run_cli("check", "-C", str(project), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert run_cli("-C", str(project), "check", cwd=tmp_path).stdout == result.stdout


def test_build_writes_public_and_reports(project):
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Built 5 sources" in result.stdout
    assert (project / "public/index.html").is_file()


def test_quiet_and_output_options(project, tmp_path):
    result = run_cli("build", "--quiet", "--output", str(tmp_path / "site"), cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    assert (tmp_path / "site/sources/index.html").is_file()


def test_user_mistakes_are_one_line_each_then_a_count_no_traceback_exit_1(project):
    run_cli("build", cwd=project)
    before = (project / "public/index.html").read_bytes()
    write(project / "content/site.yaml", "title: X\ndescripton: Y\n")
    write(project / "content/pages/about.md", "---\ntitel: About\n---\nText.\n")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: content/pages/about.md:2: unknown key 'titel' (did you mean 'title'?)",
        "error: content/site.yaml:2: unknown key 'descripton' (did you mean 'description'?)",
        "build: 2 errors in 2 files; public/ was left as it was.",
    ]
    assert (project / "public/index.html").read_bytes() == before


def test_undecodable_source_names_the_file(project):
    (project / "seeds/bad.txt").write_bytes(b"\x00\x01\x02binary")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("error: seeds/bad.txt: file looks binary")
    assert "Traceback" not in result.stderr


def test_warnings_are_printed_and_strict_makes_them_errors(project):
    write(project / "seeds/notes.rtf", "not a format we read")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0
    assert "warning: seeds/notes.rtf: no reader for '.rtf' files" in result.stderr
    strict = run_cli("build", "--strict", cwd=project)
    assert strict.returncode == 1
    assert "error: seeds/notes.rtf: no reader for '.rtf' files" in strict.stderr


def test_seeds_alone_build_without_content(project):
    shutil.rmtree(project / "content")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "<h1>Research microsite</h1>" in (project / "public/index.html").read_text(encoding="utf-8")


def test_bad_base_url_option(project):
    result = run_cli("build", "--base-url", "not a url", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("error: --base-url: ")


def test_init_says_before_publishing_when_the_makefile_installs_what_a_runner_cannot_fetch(tmp_path):
    from site_builder.installed import install_requirement

    requirement = install_requirement()
    result = run_cli("init", "my-site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("Before publishing: the Makefile installs " in result.stdout) == (requirement.local or requirement.unpushed)


def test_the_summary_gives_the_sites_size_and_warns_past_what_github_pages_publishes(project, monkeypatch, capsys):
    from site_builder.cli import main
    from site_builder.output import manifest

    assert main(["-C", str(project), "build"]) == 0
    out, err = capsys.readouterr()
    size = sum(path.stat().st_size for path in (project / "public").rglob("*") if path.is_file())
    assert f" files, {manifest.size_text(size)}, " in out and "GitHub Pages" not in err
    monkeypatch.setattr(manifest, "GITHUB_PAGES_LIMIT", size - 1)
    assert main(["-C", str(project), "build"]) == 0  # a warning: the site is built all the same
    out, err = capsys.readouterr()
    assert f"warning: public/: the site is {manifest.size_text(size)}, more than GitHub Pages publishes" in err
    assert ", 2 warnings" in out  # base_url unset, and the size


def test_a_site_too_large_to_publish_is_an_error_under_strict_and_the_live_site_stays(project, monkeypatch, capsys):
    from site_builder.cli import main
    from site_builder.output import manifest

    write(project / "content/site.yaml", "title: T\nbase_url: https://example.org/site/\n")
    assert main(["-C", str(project), "build", "--strict"]) == 0
    before = (project / "public/index.html").read_bytes()
    write(project / "content/site.yaml", "title: Another title\nbase_url: https://example.org/site/\n")
    monkeypatch.setattr(manifest, "GITHUB_PAGES_LIMIT", 1_000)
    capsys.readouterr()
    assert main(["-C", str(project), "build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "error: public/: the site is " in err and "an error under --strict" in err
    assert (project / "public/index.html").read_bytes() == before
