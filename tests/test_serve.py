"""`serve`: one rebuild per burst of saves, the reload script once on every page, an error page while
broken, recovery on the next good save.

The debounce is driven by a clock the tests move by hand (`Clock`), in steps of 1/8 s (exact in
binary, so no comparison lands on a rounding error); only the command-line test runs in real time,
and it waits for conditions, never for a fixed time."""

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import write
from livereload.handlers import LiveReloadHandler

from site_builder import serve
from site_builder.build.pipeline import BuildOptions, build
from site_builder.output.manifest import verify
from site_builder.site import routes
from site_builder.serve import (
    Debouncer,
    Rebuilder,
    RebuildWatcher,
    error_page,
    make_app,
)

STEP = 0.125  # seconds between two polls, on the test's clock
RELOAD_SCRIPT = b'<script src="/livereload.js?port=8000"></script>'


class Clock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def call(app, path):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


def rebuilder(project: Path, clock: Clock | None = None) -> Rebuilder:
    """A Rebuilder as `serve` makes it, on the test's clock."""
    return Rebuilder(project, project / "public", BuildOptions(), Debouncer(clock=clock or Clock()))


def caught_up(watcher: Rebuilder) -> None:
    """Wait for the search index to be brought up to date after the last rebuild (real time, in a thread)."""
    if watcher.catching_up is not None:
        watcher.catching_up.join(timeout=120)
        assert not watcher.searching


def polls(watcher: Rebuilder, clock: Clock, count: int, save=None) -> list[bool]:
    """Poll `count` times, one STEP apart, calling `save(n)` before the n-th poll; whether each built.
    Search catching up after a rebuild is waited for (the test's clock stands still meanwhile)."""
    built = []
    for n in range(count):
        if save:
            save(n)
        clock.now += STEP
        built.append(watcher.poll())
        caught_up(watcher)
    return built


def save_burst(project: Path):
    """A save of content/pages/burst.md, each one longer than the one before (so always a change)."""
    return lambda n: write(project / "content/pages/burst.md", f"# Burst {'!' * n}\n")


def test_the_debouncer_waits_until_no_change_for_the_quiet_period():
    clock = Clock()
    debouncer = Debouncer(quiet=0.3, longest=5.0, clock=clock)
    assert not debouncer.due()
    for _ in range(10):  # ten changes, 1/8 s apart
        debouncer.changed()
        clock.now += STEP
        assert not debouncer.due()
    clock.now += STEP  # 0.25 s after the last change
    assert not debouncer.due()
    clock.now += STEP  # 0.375 s after it
    assert debouncer.due()
    debouncer.clear()
    assert not debouncer.due()


def test_the_debouncer_is_due_after_the_longest_burst_when_changes_never_stop():
    clock = Clock()
    debouncer = Debouncer(quiet=0.3, longest=5.0, clock=clock)
    while not debouncer.due():
        debouncer.changed()
        clock.now += STEP
    assert clock.now == 5.0


def test_a_burst_of_saves_causes_one_rebuild(project):
    """Ten saves in about 1.5 s, with a pause of 3/8 s among them (the old debounce built twice)."""
    assert serve.QUIET_SECONDS == 4 * STEP  # the polls expected below count on it
    clock = Clock()
    watcher = rebuilder(project, clock)
    watcher.rebuild()
    assert polls(watcher, clock, 5) == [False] * 5  # nothing changed since: no build
    saving_at = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]
    built = polls(watcher, clock, 20, lambda n: save_burst(project)(saving_at.index(n)) if n in saving_at else None)
    # The last save is seen by poll 11; four polls later QUIET_SECONDS (0.5 s) have passed without a change.
    assert built == [False] * 15 + [True] + [False] * 4
    assert watcher.builds == 2
    assert "Burst !!!!!!!!!" in (project / "public/burst/index.html").read_text(encoding="utf-8")


def test_saves_during_a_rebuild_cause_one_more_rebuild_after_it(project, monkeypatch):
    clock = Clock()
    watcher = rebuilder(project, clock)
    watcher.rebuild()
    original = serve.build

    def saving_three_times(*args, **kwargs):
        if watcher.builds == 2:  # the burst's build
            for n in range(3):
                write(project / "content/pages/during.md", f"# During {'!' * n}\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(serve, "build", saving_three_times)
    built = polls(watcher, clock, 20, lambda n: save_burst(project)(n) if n == 0 else None)
    # Seen by poll 0, built by poll 4; the saves made meanwhile are seen by poll 5, built by poll 9.
    assert built == [False] * 4 + [True] + [False] * 4 + [True] + [False] * 10
    assert "During !!" in (project / "public/during/index.html").read_text(encoding="utf-8")


def append_to_source(project: Path, name: str, sentence: str) -> None:
    path = project / "seeds" / name
    path.write_bytes(path.read_bytes() + f"\n{sentence}\n".encode())


def test_an_edited_source_is_previewed_then_rebuilt(project):
    """The edit shows on its page at the end of the burst, with a notice on every page while the
    rebuild is due; PREVIEW_SECONDS later the rebuild replaces the site and the notice goes."""
    clock = Clock()
    watcher = rebuilder(project, clock)
    watcher.rebuild()
    source = watcher.site.sources[0]
    page = project / "public" / "sources" / source.id / "index.html"
    app = make_app(watcher, 8000)
    built = polls(watcher, clock, 5, lambda n: append_to_source(project, source.filename, "A sentence only the preview has.")
                  if n == 0 else None)
    assert built == [False] * 4 + [True]  # the burst is over: browsers reload to the preview
    assert watcher.builds == 1 and watcher.previewed == (f"sources/{source.id}/index.html",)
    assert "A sentence only the preview has." in page.read_text(encoding="utf-8")
    status, _, body = call(app, "/")
    assert serve.PREVIEW_NOTICE.encode() in body and body.count(RELOAD_SCRIPT) == 1
    waited = polls(watcher, clock, int(serve.PREVIEW_SECONDS / STEP))
    assert waited == [False] * (len(waited) - 1) + [True] and watcher.builds == 2
    assert watcher.previewed == () and serve.PREVIEW_NOTICE.encode() not in call(app, "/")[2]
    assert "A sentence only the preview has." in page.read_text(encoding="utf-8")


def held_catch_up(monkeypatch) -> threading.Event:
    """Hold serve's search catch-ups until the returned event is set."""
    release, catch_up = threading.Event(), serve.catch_up_search
    monkeypatch.setattr(serve, "catch_up_search", lambda *args: release.wait(120) and catch_up(*args))
    return release


def test_search_catches_up_after_a_rebuild_the_search_page_saying_so_meanwhile(project, monkeypatch):
    """The rebuild after an edit keeps the old index; the catch-up runs in a thread (held here until
    released), during which the search page alone says so; then the index is that of the pages."""
    release = held_catch_up(monkeypatch)
    watcher = rebuilder(project, Clock())
    watcher.rebuild()
    assert not watcher.searching  # the first build had no index to keep
    append_to_source(project, watcher.site.sources[0].filename, "A sentence search learns of later.")
    watcher.rebuild()
    app = make_app(watcher, 8000)
    assert watcher.searching
    assert serve.SEARCH_BEHIND_NOTICE.encode() in call(app, "/search/")[2]
    assert serve.SEARCH_BEHIND_NOTICE.encode() not in call(app, "/")[2]
    release.set()
    caught_up(watcher)
    assert serve.SEARCH_BEHIND_NOTICE.encode() not in call(app, "/search/")[2]
    assert verify(project / "public") == [] and not build(project, project / "public", BuildOptions(search_later=True)).search_behind


def test_an_edit_during_a_catch_up_cancels_it_is_previewed_at_once_and_rebuilt_once_it_stops(project, monkeypatch):
    release = held_catch_up(monkeypatch)
    clock = Clock()
    watcher = rebuilder(project, clock)
    watcher.rebuild()
    source = watcher.site.sources[0]
    append_to_source(project, source.filename, "A first edit.")
    watcher.rebuild()
    assert watcher.searching
    append_to_source(project, source.filename, "A second edit, made while search catches up.")
    built = []
    for _ in range(5):  # the burst is over after QUIET_SECONDS: its preview does not wait for the catch-up
        clock.now += STEP
        built.append(watcher.poll())
    assert built == [False] * 4 + [True] and watcher.previewed and watcher.cancel_search.is_set()
    assert "A second edit" in (project / "public" / watcher.previewed[0]).read_text(encoding="utf-8")
    clock.now += serve.PREVIEW_SECONDS
    assert not watcher.poll() and watcher.builds == 2  # the rebuild waits for the catch-up to stop
    release.set()
    watcher.catching_up.join(timeout=120)
    assert watcher.poll() and watcher.builds == 3  # the cancelled catch-up left the live site: rebuilt now
    caught_up(watcher)
    assert "A second edit" in (project / "public" / routes.source(source.id)).read_text(encoding="utf-8")
    assert verify(project / "public") == []


def test_an_edit_that_is_not_a_source_is_rebuilt_without_a_preview(project):
    clock = Clock()
    watcher = rebuilder(project, clock)
    watcher.rebuild()
    source = watcher.site.sources[0]
    built = polls(watcher, clock, 5, lambda n: (append_to_source(project, source.filename, "Edited."),
                                                  save_burst(project)(1)) if n == 0 else None)
    assert built == [False] * 4 + [True] and watcher.builds == 2 and watcher.previewed == ()


def test_a_preview_the_edit_breaks_is_left_to_the_rebuild_and_its_error(project):
    clock = Clock()
    watcher = rebuilder(project, clock)
    watcher.rebuild()
    source = watcher.site.sources[0]
    built = polls(watcher, clock, 5, lambda n: (project / "seeds" / source.filename).write_bytes(b"") if n == 0 else None)
    assert built == [False] * 4 + [True] and watcher.builds == 2
    assert watcher.error is not None and "file is empty" in watcher.error


def test_a_project_slow_to_look_at_is_polled_less_often(project, monkeypatch):
    clock = Clock()
    watcher = rebuilder(project, clock)
    looking = watcher.input_state
    watcher.poll()
    assert watcher.next_poll_in() == serve.POLL_SECONDS

    def slow_look():
        clock.now += 0.25
        return looking()

    monkeypatch.setattr(watcher, "input_state", slow_look)
    watcher.poll()
    assert watcher.next_poll_in() == pytest.approx(1.0)  # 0.25 s of looking is a fifth of the time


def test_symbolic_links_to_folders_are_not_followed_and_a_link_to_nothing_is_no_input(project):
    (project / "content/loop").symlink_to(project / "content", target_is_directory=True)
    (project / "content/nothing.md").symlink_to(project / "no-such-file.md")
    names = [name for name, _, _ in rebuilder(project).input_state()]
    assert "content/site.yaml" in names and not any("loop" in name or "nothing" in name for name in names)


def test_each_rebuild_reloads_the_browsers_once(project, monkeypatch):
    """livereload's own poll, with our watcher: one reload message per build, none without a build."""

    class Browser:
        def __init__(self) -> None:
            self.messages: list[dict] = []

        def write_message(self, message: dict) -> None:
            self.messages.append(message)

    clock, browser = Clock(), Browser()
    watcher = rebuilder(project, clock)
    watcher.rebuild()
    monkeypatch.setattr(LiveReloadHandler, "watcher", RebuildWatcher(watcher))
    monkeypatch.setattr(LiveReloadHandler, "waiters", {browser})
    monkeypatch.setattr(LiveReloadHandler, "_last_reload_time", time.time())
    monkeypatch.setattr(LiveReloadHandler, "DEFAULT_RELOAD_TIME", 0)  # as serve() sets it
    for n in range(20):
        if n < 10:
            save_burst(project)(n)
        clock.now += STEP
        LiveReloadHandler.poll_tasks()
    assert watcher.builds == 2
    assert [message["command"] for message in browser.messages] == ["reload"]


def test_every_served_page_has_the_reload_script_once(project):
    watcher = rebuilder(project)
    watcher.rebuild()
    app = make_app(watcher, 8000)
    for path in ("/", "/sources/", "/no/such/page"):
        body = call(app, path)[2]
        assert body.count(b"livereload.js") == 1 and RELOAD_SCRIPT + b"</head>" in body, path
    assert error_page("a problem", 8000).count(b"livereload.js") == 1


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
    assert body.count(b"livereload.js") == 1 and RELOAD_SCRIPT in body
    assert (project / "public/index.html").read_bytes() == good  # last good site kept on disk

    write(project / "content/site.yaml", "title: Fixed\n")
    watcher.rebuild()
    status, headers, body = call(app, "/")
    assert status == "200 OK" and headers["Content-Type"].startswith("text/html")
    assert b"<h1>Fixed</h1>" in body


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
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, seconds: float = 120.0):
    """Poll `condition` until it holds; generous, for a busy machine: a real failure still times out."""
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
    text_with_a_head = "<html><head></head></html>\n"  # a text file, served as it is
    write(project / "static/notes.txt", text_with_a_head)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port)],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        status, page = wait_for(lambda: fetch(base))
        assert status == 200 and page.count("livereload.js") == 1  # through livereload's server too
        assert fetch(base + "static/notes.txt") == (200, text_with_a_head)

        write(project / "content/site.yaml", "title: Live edit\n")
        wait_for(lambda: "<h1>Live edit</h1>" in fetch(base)[1])

        write(project / "content/site.yaml", "title: [unclosed\n")
        status, page = wait_for(lambda: (response := fetch(base))[0] == 500 and response)
        assert page.count("livereload.js") == 1

        write(project / "content/site.yaml", "title: Recovered\n")
        wait_for(lambda: "<h1>Recovered</h1>" in fetch(base)[1])
        assert server.poll() is None
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output


def test_a_deleted_source_rebuilds_and_its_page_disappears(project):
    watcher = rebuilder(project)
    watcher.rebuild()
    app = make_app(watcher, 8000)
    assert call(app, "/sources/002_83436da1cc890094/")[0] == "200 OK"
    (project / "seeds/002_83436da1cc890094.txt").unlink()
    (project / "content/sources/002_83436da1cc890094.yaml").unlink()
    (project / "content/events/guilin-2021.md").unlink()  # it lists 002
    watcher.rebuild()
    assert watcher.error is None
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
    from site_builder.build import pipeline
    from site_builder.site import lookups

    watcher = rebuilder(project)
    watcher.rebuild()
    app = make_app(watcher, 8000)
    seed = project / "seeds/003_28d1eb4e5542eb3f.txt"
    if moment == "listed, not yet read":
        rename_at(pipeline, "source_files", seed, monkeypatch)  # where the pipeline looks it up
    else:
        rename_at(lookups, "data_files", seed, monkeypatch)  # made in the render stage, before the raw copies
    write(project / "content/pages/new.md", "# New\n")
    watcher.rebuild()
    assert watcher.error == ("seeds/003_28d1eb4e5542eb3f.txt: cannot read this file: No such file or directory "
                             "(renamed or deleted during the build?); build again")
    assert call(app, "/")[0].startswith("500")
    assert (project / "public/sources/003_28d1eb4e5542eb3f/index.html").is_file()  # the last good site stays
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".public")) == []

    monkeypatch.undo()
    seed.with_name("moved.txt").rename(seed)  # the good save
    watcher.rebuild()
    assert watcher.error is None
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
    watcher.rebuild()
    assert watcher.error == "internal error, please report it: KeyError: 'a bug'"
    assert call(app, "/")[0].startswith("500") and call(app, "/static/style.css")[0] == "200 OK"
    monkeypatch.undo()
    write(project / "content/pages/new.md", "# Newer\n")
    watcher.rebuild()
    assert watcher.error is None


def test_a_rebuild_after_one_edit_recomputes_only_that_source(project):
    watcher = rebuilder(project)
    watcher.rebuild()
    seed = project / "seeds/002_83436da1cc890094.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Naning", "Nanning"), encoding="utf-8")
    watcher.rebuild()
    assert watcher.error is None and watcher.reused == 4
    assert "Nanning" in (project / "public/sources/002_83436da1cc890094/index.html").read_text(encoding="utf-8")
