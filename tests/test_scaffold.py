"""`init` and `new`: files a researcher starts from, which build."""

import datetime as dt
import functools
import re
import http.server
import shlex
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, write

from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.installed import DIST_NAME, requirement_for
from site_builder.scaffold import init, new_source, project_files
from site_builder.sources import ids


def test_init_creates_a_project_that_builds_and_refuses_to_overwrite(tmp_path):
    result = run_cli("init", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("content/site.yaml", "seeds/example.txt", "content/sources/example.yaml", "content/entities.yaml",
                 "content/events/example.md", "Makefile", ".gitignore", ".github/workflows/pages.yml"):
        assert (tmp_path / "site" / name).is_file(), name
    assert "# base_url:    # Where the site is published" in (tmp_path / "site/content/site.yaml").read_text()
    built = run_cli("-C", str(tmp_path / "site"), "build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    event = (tmp_path / "site/public/events/example/index.html").read_text(encoding="utf-8")
    assert "Example City" in event
    again = run_cli("init", "site", cwd=tmp_path)
    assert again.returncode == 1 and "use --force" in again.stderr
    assert run_cli("init", "site", "--force", cwd=tmp_path).returncode == 0


def test_every_commented_option_uncomments_to_valid_settings(tmp_path):
    run_cli("init", "site", cwd=tmp_path)
    path = tmp_path / "site/content/site.yaml"
    lines = [line[2:] if line.startswith("# ") and ":" in line and not line.startswith("# Site options") else line
             for line in path.read_text().splitlines()]
    path.write_text("\n".join(lines).replace("base_url:    #", "base_url: https://example.org/  #") + "\n")
    result = run_cli("-C", str(tmp_path / "site"), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_new_source_from_a_file_copies_it_byte_for_byte_with_a_sidecar(project, tmp_path):
    original = tmp_path / "report.txt"
    original.write_bytes(b"A Headline\r\n\r\nThe ministers met in Guilin on Monday.\r\n")
    new_source(project, str(original), now=dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc))
    assert (project / "seeds/report.txt").read_bytes() == original.read_bytes()
    sidecar = (project / "content/sources/report.yaml").read_text()
    assert "retrieved: '2026-11-25'" in sidecar and "#   title: A Headline    (extracted: line 1)" in sidecar
    source = load_site(project, BuildOptions(), Diagnostics()).by_id["report"]
    assert source.field("retrieved").value == "2026-11-25" and source.field("title").kind == "extracted"
    with pytest.raises(SiteError, match=r"already in the collection as seeds/report.txt \(the same bytes\)"):
        new_source(project, str(original))
    original.write_bytes(b"Another Headline\n\nThe ministers met again.\n")
    assert new_source(project, str(original)).name == "report-2.txt"  # the same name, other bytes: a new id
    with pytest.raises(SiteError, match="already exists; use --force"):
        new_source(project, str(original), source_id="report")


@pytest.fixture
def web_page(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    (root / "article.html").write_bytes(
        b"<html lang='en'><head><title>Talks in Guilin</title><meta property='og:site_name' content='Wire'></head>"
        b"<body><article><h1>Talks in Guilin</h1><p>The foreign ministers of Russia and China met in Guilin on Monday and Tuesday "
        b"for talks on sanctions and the Security Council.</p><p>They agreed to meet again later this year in Moscow, officials said.</p>"
        b"</article></body></html>")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/article.html", (root / "article.html").read_bytes()
    server.shutdown()


def test_new_source_from_a_url_keeps_the_raw_html_with_hash_and_time(project, web_page):
    url, raw = web_page
    now = dt.datetime(2026, 11, 25, 12, 30, tzinfo=dt.timezone.utc)
    target = new_source(project, url, now=now)
    assert target.read_bytes() == raw and target.suffix == ".html"
    sidecar = (project / f"content/sources/{target.stem}.yaml").read_text()
    assert f"  url: {url}" in sidecar and "  time: '2026-11-25T12:30:00Z'" in sidecar  # in its captured: section
    import hashlib

    assert hashlib.sha256(raw).hexdigest() in sidecar
    source = load_site(project, BuildOptions(), Diagnostics()).by_id[target.stem]
    assert (source.field("url").value, source.field("url").kind) == (url, "captured")
    assert (source.field("retrieved").value, source.field("retrieved").kind) == ("2026-11-25", "captured")


def test_new_source_offline_is_a_clear_error(project):
    result = run_cli("new", "source", "http://127.0.0.1:9/nothing-listens-here", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "could not connect to 127.0.0.1:9 (" in result.stderr and "check the address and your connection" in result.stderr


def test_new_event_proposes_facets_from_the_analysis(project):
    result = run_cli("new", "event", "guilin-draft", "--sources", "001_31d0fa55b8edf2a7,003_28d1eb4e5542eb3f", cwd=project)
    assert result.returncode == 0, result.stderr
    text = (project / "content/events/guilin-draft.md").read_text()
    assert "label: How Sergei Lavrov is written" in text and "kind: name" in text
    assert "label: What Wang Yi is quoted as saying" in text
    site = load_site(project, BuildOptions(), Diagnostics())
    draft = next(e for e in site.events if e.id == "guilin-draft")
    name_row = next(r for r in draft.rows if r.facet.kind == "name")
    assert [c.status for c in name_row.cells] == ["differ", "differ"]  # Sergei vs Sergey, one each
    bad = run_cli("new", "event", "x", "--sources", "001_31d0fa55b8edf2a8", cwd=project)
    assert bad.returncode == 1 and "did you mean '001_31d0fa55b8edf2a7'" in bad.stderr


def test_new_entity_appends_to_the_gazetteer(project):
    write(project / "content/entities.yaml", (project / "content/entities.yaml").read_text() + "# end\n")
    ok = run_cli("new", "entity", "Naning", "--type", "place", cwd=project)
    assert ok.returncode == 0, ok.stderr
    site = load_site(project, BuildOptions(), Diagnostics())
    assert site.entities["naning"].entity.type == "place"
    taken = run_cli("new", "entity", "Wang", cwd=project)
    assert taken.returncode == 1 and "'Wang' is already a name of 'wang-yi'" in taken.stderr


# new source names the copy after the id proposed for its name (tests/test_ids.py tests the rule).

@pytest.mark.parametrize("name", ["My Report (AP).txt", "Résumé café.html", "a b.txt", "x&y.md"])
def test_a_file_name_refused_in_seeds_comes_with_the_name_new_source_would_give(project, name):
    write(project / "seeds" / name, "The ministers met in Guilin on Monday morning.\n")
    with pytest.raises(SiteError, match="no spaces or accents") as refused:
        load_site(project, BuildOptions(), Diagnostics())
    proposed = ids.proposed_id(name, [p.stem for p in (project / "seeds").iterdir() if p.name != name])
    assert f"rename it to '{proposed}{Path(name).suffix}'" in str(refused.value)
    assert "site-builder new source" in str(refused.value)


@pytest.mark.parametrize("name", ["My Report (AP).txt", "Résumé café.html", "notes [draft] v2.md", "ÉTÉ.TXT"])
def test_new_source_names_the_copy_after_the_proposed_id_and_notes_the_original(project, tmp_path, name):
    original = write(tmp_path / "in" / name, "<html><body><p>The ministers met in Guilin on Monday.</p></body></html>"
                     if name.endswith(".html") else "A Headline\n\nThe ministers met in Guilin on Monday.\n")
    target = new_source(project, str(original))
    assert target == project / "seeds" / (ids.proposed_id(name) + Path(name).suffix)
    assert target.read_bytes() == original.read_bytes()
    sidecar = yaml.safe_load((project / f"content/sources/{target.stem}.yaml").read_text(encoding="utf-8"))
    assert repr(name) in sidecar["note"]
    assert target.stem in load_site(project, BuildOptions(), Diagnostics()).by_id
    with pytest.raises(SiteError, match=rf"already in the collection as seeds/{re.escape(target.name)} \(the same bytes\)"):
        new_source(project, str(original))
    other = write(tmp_path / "other" / name, original.read_text(encoding="utf-8").replace("Monday", "Tuesday"))
    assert new_source(project, str(other)).name == f"{target.stem}-2{Path(name).suffix}"


def test_new_source_takes_a_chosen_id_that_follows_the_rule(project, tmp_path):
    original = write(tmp_path / "My Report.txt", "The ministers met in Guilin on Monday.\n")
    assert new_source(project, str(original), source_id="Report_2021").name == "Report_2021.txt"
    with pytest.raises(SiteError, match=r"^Ré sumé: not a source id: an id must start with a letter .* no spaces or accents.*"
                                        r"'re-sume' would do"):
        new_source(project, str(original), source_id="Ré sumé")
    with pytest.raises(SiteError, match="^seeds/Report_2021.txt: already has the id 'report_2021'"):
        new_source(project, str(tmp_path / "My Report.txt"), source_id="report_2021", force=True)
    assert not (project / "seeds/report_2021.txt").exists()


def test_new_source_refuses_a_file_no_reader_reads(project, tmp_path):
    original = write(tmp_path / "report.rtf", "binary")
    with pytest.raises(SiteError, match=r"no reader for '\.rtf' files"):
        new_source(project, str(original))


# What init's Makefile and workflow install.

def git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def checkout(tmp_path):
    """A Git checkout with one commit whose project lies in a subfolder."""
    folder = tmp_path / "checkout"
    write(folder / "tool/pyproject.toml", "[project]\nname = 'x'\n")
    git(folder, "init", "-q")
    git(folder, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "x")
    commit = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    return folder, commit


@pytest.mark.parametrize(("remote", "url"), [
    ("git@github.com:owner/tool.git", "https://github.com/owner/tool.git"),
    ("ssh://git@gitlab.example.org:2222/group/tool", "https://gitlab.example.org/group/tool"),
    ("https://user:secret-token@github.com/owner/tool.git", "https://github.com/owner/tool.git"),
])
def test_a_checkout_with_an_origin_installs_from_the_remote_at_its_commit(checkout, remote, url):
    folder, commit = checkout
    git(folder, "remote", "add", "origin", remote)
    requirement = requirement_for("1.0", {"url": (folder / "tool").as_uri(), "dir_info": {"editable": True}})
    assert requirement.args == f"'git+{url}@{commit}#subdirectory=tool'"
    assert requirement.unpushed and not requirement.local and "secret" not in requirement.described


@pytest.mark.parametrize("remote", [None, "/srv/git/tool.git", "file:///srv/git/tool.git"])
def test_a_folder_no_runner_can_fetch_is_written_as_its_path_with_a_warning(checkout, remote):
    folder, _ = checkout
    if remote:
        git(folder, "remote", "add", "origin", remote)
    for editable, prefix in ((True, "-e "), (False, "")):
        requirement = requirement_for("1.0", {"url": folder.as_uri(), "dir_info": {"editable": editable}})
        assert requirement.args == prefix + shlex.quote(str(folder)) and requirement.local
    files = project_files(requirement)
    for name in ("Makefile", ".github/workflows/pages.yml"):
        assert "a GitHub runner cannot see" in files[name], name


@pytest.mark.parametrize(("direct_url", "args"), [
    (None, f"{DIST_NAME}==2.3.4"),
    ({"url": "https://github.com/o/t.git", "vcs_info": {"vcs": "git", "commit_id": "ab12", "requested_revision": "v2"}},
     "git+https://github.com/o/t.git@ab12"),
    ({"url": "https://example.org/t-2.3.4-py3-none-any.whl", "archive_info": {}}, "https://example.org/t-2.3.4-py3-none-any.whl"),
])
def test_released_and_remote_installs_are_written_as_they_were_installed(direct_url, args):
    requirement = requirement_for("2.3.4", direct_url)
    assert requirement.args == args and not requirement.local and not requirement.unpushed
    files = project_files(requirement)
    assert f"SITE_BUILDER_REQUIREMENT := {args}\n" in files["Makefile"]
    assert "cannot see" not in files["Makefile"] + files[".github/workflows/pages.yml"]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("folder", ["tool", "my tool", "a$b#c"])
def test_make_site_in_a_fresh_project_installs_the_requirement_first(tmp_path, folder):
    path = tmp_path / folder
    init(tmp_path / "site", requirement=requirement_for("1.0", {"url": path.as_uri(), "dir_info": {}}))
    planned = subprocess.run(["make", "-n", "site"], cwd=tmp_path / "site", capture_output=True, text=True, check=True).stdout
    install, build = planned.index(f"pip install --quiet {shlex.quote(str(path))}"), planned.index("site-builder build")
    assert install < build
    own = subprocess.run(["make", "-n", "site", "SITE_BUILDER=my-site-builder"], cwd=tmp_path / "site", capture_output=True,
                         text=True, check=True).stdout
    assert "pip install" not in own and "my-site-builder build" in own
    steps = yaml.safe_load((tmp_path / "site/.github/workflows/pages.yml").read_text())["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[0] == "make install" and runs[1].startswith("make site ")


def test_new_event_dates_are_the_span_of_the_reports_publication_days_as_a_proposal_gives_them(tmp_path):
    for name, published in (("a", "2024-05-14"), ("b", "2024-05-16T09:00:00Z"), ("c", "2024-05")):
        write(tmp_path / f"seeds/{name}.txt", f"Report {name}\n\nDockers walked out in Port Valen on Monday.\n")
        write(tmp_path / f"content/sources/{name}.yaml", f"published: '{published}'\n")
    result = run_cli("new", "event", "strike", "--sources", "a,b,c", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "dates:\n- '2024-05-14'\n- '2024-05-16'\n" in (tmp_path / "content/events/strike.md").read_text()
