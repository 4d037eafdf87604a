"""`init` and `new`: files a researcher starts from, which build."""

import datetime as dt
import functools
import http.server
import threading

import pytest
from conftest import run_cli, write

from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.scaffold import new_source


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
    assert "retrieved: '2026-11-25'" in sidecar and "#   title: A Headline    (extracted from line 1)" in sidecar
    source = load_site(project, BuildOptions(), Diagnostics()).by_id["report"]
    assert source.field("retrieved").value == "2026-11-25" and source.field("title").kind == "extracted"
    assert new_source(project, str(original)).name == "report-2.txt"  # the same name again: a new id
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
    assert f"url: {url}" in sidecar and "retrieved: '2026-11-25T12:30:00+00:00'" in sidecar
    import hashlib

    assert hashlib.sha256(raw).hexdigest() in sidecar
    site = load_site(project, BuildOptions(), Diagnostics())
    assert site.by_id[target.stem].field("url").kind == "declared"


def test_new_source_offline_is_a_clear_error(project):
    result = run_cli("new", "source", "http://127.0.0.1:9/nothing-listens-here", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "could not fetch it" in result.stderr and "are you offline?" in result.stderr


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
