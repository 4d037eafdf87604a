"""`serve`: one rebuild per burst of saves, an error page while broken, recovery on the next good save."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import write

from site_builder.build.pipeline import BuildOptions
from site_builder.serve import Rebuilder, make_app


def call(app, path):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def rebuilder(project: Path) -> Rebuilder:
    return Rebuilder(project, project / "public", BuildOptions(), quiet_seconds=0.05)


def test_a_burst_of_saves_causes_one_rebuild(project):
    watcher = rebuilder(project)
    assert watcher.rebuild() and watcher.builds == 1
    for n in range(5):
        write(project / f"content/pages/page{n}.md", f"# Page {n}\n")
    # livereload calls back once per watched folder that changed; only the first builds.
    results = [watcher.rebuild() for _ in range(3)]
    assert results == [True, False, False]
    assert watcher.builds == 2
    assert (project / "public/page4/index.html").is_file()


def test_a_failing_rebuild_shows_the_error_and_the_next_good_save_recovers(project):
    watcher = rebuilder(project)
    watcher.rebuild()
    app = make_app(watcher, 8000)
    good = (project / "public/index.html").read_bytes()

    write(project / "content/site.yaml", "title: Broken\ntitel: typo\n")
    watcher.rebuild()
    status, _, body = call(app, "/")
    assert status.startswith("500")
    assert b"content/site.yaml:2: unknown key &#x27;titel&#x27;" in body
    assert b"/livereload.js?port=8000" in body
    assert (project / "public/index.html").read_bytes() == good  # last good site kept on disk

    write(project / "content/site.yaml", "title: Fixed\n")
    watcher.rebuild()
    status, headers, body = call(app, "/")
    assert status == "200 OK" and headers["Content-Type"].startswith("text/html")
    assert b"<h1>Fixed</h1>" in body
    assert b'<script src="/livereload.js?port=8000"></script></head>' in body


def test_app_serves_files_and_404_and_never_leaves_the_output(project):
    watcher = rebuilder(project)
    watcher.rebuild()
    app = make_app(watcher, 8000)
    assert call(app, "/static/style.css")[1]["Content-Type"].startswith("text/css")
    assert call(app, "/sources/")[0] == "200 OK"
    status, _, body = call(app, "/no/such/page")
    assert status.startswith("404") and b"Page not found" in body
    assert call(app, "/../seeds/000_9f45db1a97bdd9a5.txt")[0].startswith("404")
    assert call(app, "/%2e%2e/content/site.yaml")[0].startswith("404")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_serve_command_rebuilds_on_change_and_recovers(project):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port)],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        status, page = wait_for(lambda: fetch(base))
        assert status == 200 and "livereload.js" in page

        write(project / "content/site.yaml", "title: Live edit\n")
        wait_for(lambda: "<h1>Live edit</h1>" in fetch(base)[1])

        write(project / "content/site.yaml", "title: [unclosed\n")
        wait_for(lambda: fetch(base)[0] == 500)

        write(project / "content/site.yaml", "title: Recovered\n")
        wait_for(lambda: "<h1>Recovered</h1>" in fetch(base)[1])
        assert server.poll() is None
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "Traceback" not in output


def test_a_deleted_source_rebuilds_and_its_page_disappears(project):
    watcher = rebuilder(project)
    watcher.rebuild()
    app = make_app(watcher, 8000)
    assert call(app, "/sources/002_83436da1cc890094/")[0] == "200 OK"
    (project / "seeds/002_83436da1cc890094.txt").unlink()
    (project / "content/sources/002_83436da1cc890094.yaml").unlink()
    (project / "content/events/guilin-2021.md").unlink()  # it lists 002
    assert watcher.rebuild() and watcher.error is None
    assert call(app, "/sources/002_83436da1cc890094/")[0].startswith("404")
    assert call(app, "/sources/001_31d0fa55b8edf2a7/")[0] == "200 OK"


def rename_at(module, name: str, seed: Path, monkeypatch) -> None:
    """Rename `seed` to moved.txt when the pipeline calls `module.name`, then go on as usual."""
    original = getattr(module, name)

    def renaming(*args, **kwargs):
        result = original(*args, **kwargs)
        if seed.exists():
            seed.rename(seed.with_name("moved.txt"))
        return result

    monkeypatch.setattr(module, name, renaming)


@pytest.mark.parametrize("moment", ["listed, not yet read", "read, not yet copied to raw/"])
def test_a_source_renamed_during_a_build_is_an_error_naming_it_and_the_next_save_recovers(project, monkeypatch, moment):
    from site_builder.site import lookups
    from site_builder.sources import load

    watcher = rebuilder(project)
    watcher.rebuild()
    app = make_app(watcher, 8000)
    seed = project / "seeds/003_28d1eb4e5542eb3f.txt"
    if moment == "listed, not yet read":
        rename_at(load, "source_files", seed, monkeypatch)
    else:
        rename_at(lookups, "data_files", seed, monkeypatch)  # made in the render stage, before the raw copies
    write(project / "content/pages/new.md", "# New\n")
    assert watcher.rebuild()
    assert watcher.error == ("seeds/003_28d1eb4e5542eb3f.txt: cannot read this file: No such file or directory "
                             "(renamed or deleted during the build?); build again")
    assert call(app, "/")[0].startswith("500")
    assert (project / "public/sources/003_28d1eb4e5542eb3f/index.html").is_file()  # the last good site stays
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".public")) == []

    monkeypatch.undo()
    seed.with_name("moved.txt").rename(seed)  # the good save
    assert watcher.rebuild() and watcher.error is None
    assert call(app, "/new/")[0] == "200 OK"


def test_an_unexpected_exception_in_a_build_is_shown_and_serving_goes_on(project, monkeypatch):
    from site_builder.build import pipeline

    watcher = rebuilder(project)
    watcher.rebuild()
    app = make_app(watcher, 8000)

    def bug(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(pipeline, "find_reuse", bug)
    write(project / "content/pages/new.md", "# New\n")
    assert watcher.rebuild()
    assert watcher.error == "internal error, please report it: KeyError: 'a bug'"
    assert call(app, "/")[0].startswith("500") and call(app, "/static/style.css")[0] == "200 OK"
    monkeypatch.undo()
    write(project / "content/pages/new.md", "# Newer\n")
    assert watcher.rebuild() and watcher.error is None


def test_a_rebuild_after_one_edit_recomputes_only_that_source(project):
    watcher = rebuilder(project)
    assert watcher.rebuild()
    seed = project / "seeds/002_83436da1cc890094.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Naning", "Nanning"), encoding="utf-8")
    assert watcher.rebuild() and watcher.error is None
    assert watcher.reused == 4
    assert "Nanning" in (project / "public/sources/002_83436da1cc890094/index.html").read_text(encoding="utf-8")
