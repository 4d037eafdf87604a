"""`site-builder check`: a report with locations, nothing written, exit 1 on errors."""

import shutil

from conftest import run_cli, write


def test_check_reports_variants_names_and_unknowns_with_locations(project):
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert "variant: seeds/003_28d1eb4e5542eb3f.txt:3: 'Sergey Lavrov' is a spelling variant of Sergei Lavrov" in lines
    assert "variant: seeds/002_83436da1cc890094.txt:15: 'Xi Jingping' is a spelling variant of Xi Jinping" in lines
    assert "name to review: seeds/002_83436da1cc890094.txt:9: 'Naning' (likely a place) is not in content/entities.yaml; 1 source" in lines
    assert ("unknown: seeds/000_9f45db1a97bdd9a5.txt: published unknown; declare it in "
            "content/sources/000_9f45db1a97bdd9a5.yaml if you know it") in lines
    assert "warning: content/site.yaml: base_url is not set" in result.stdout
    assert lines[-1].startswith("check: 0 errors, 1 warning, ")
    assert not (project / "public").exists()


def test_check_lists_proposed_events(project):
    shutil.rmtree(project / "content/events")
    result = run_cli("check", cwd=project)
    assert "proposed event: seeds/000_9f45db1a97bdd9a5.txt: China and Russia Join Forces Against Western Sanctions" in result.stdout


def test_check_fails_on_errors_and_on_warnings_when_strict(project):
    assert run_cli("check", "--strict", cwd=project).returncode == 1
    write(project / "content/site.yaml", "title: T\nbase_url: https://example.org/\n")
    assert run_cli("check", "--strict", cwd=project).returncode == 0
    write(project / "content/entities.yaml", "a:\n  name: A\n  type: persn\n")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0].startswith("error: content/entities.yaml:3: 'type': 'persn' is not an entity type")


def test_counts_and_verbs_agree_with_their_numbers(project):
    import re

    write(project / "content/site.yaml", "title: T\nbase_url: https://example.org/\n")
    for event in (project / "content/events").glob("*.md"):  # every source proposed
        event.unlink()
    result = run_cli("check", cwd=project)
    assert result.stdout.splitlines()[-1].startswith("check: 0 errors, 0 warnings, ")
    proposed = [re.search(r": ([\w, -]+) (is|are) in no event file", line).groups()
                for line in result.stdout.splitlines() if line.startswith("proposed event:")]
    assert proposed and all(verb == ("is" if "," not in ids else "are") for ids, verb in proposed)
    build = run_cli("build", cwd=project)
    assert "0 warnings" in build.stdout and "unchanged since last analysed" in build.stdout  # check analysed them
    assert "since the last build" not in build.stdout
