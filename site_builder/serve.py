"""`site-builder serve`: build, serve on localhost, rebuild on change (debounced), reload the browser.

livereload serves the app and tells the browsers to reload; the inputs are polled every POLL_SECONDS
(less often in a large project) and built once per burst of saves (Debouncer). When a burst only
edited sources, their pages are previewed first (build/preview.py) and the rebuild follows. A
rebuild does not wait for search: it keeps the live site's index, and once the browsers have its
pages the index is brought up to date in a thread (build/search_later.py), the search page saying
so meanwhile. An edit cancels that catch-up (a rebuild will follow, and the next catch-up); its
preview is written at once, and the rebuild waits for the catch-up to stop. A failing rebuild
keeps the last good site on disk and shows the error in the browser instead; the next good save
recovers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import mimetypes
import os
import re
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Callable, Iterable, Iterator
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from site_builder import layout
from site_builder.build.pipeline import BuildOptions, build, check_output
from site_builder.build.preview import edited_sources, gazetteer_of, write_previews
from site_builder.build.search_later import catch_up_search
from site_builder.errors import SiteError, input_error
from site_builder.inputs import skipped
from site_builder.model import Site
from site_builder.site import routes
from site_builder.wording import counted

QUIET_SECONDS = 0.5  # a burst of saves is over once no input has changed for this long
LONGEST_BURST_SECONDS = 5.0  # saves that never stop still get a build this often
POLL_SECONDS = 0.1  # how often the inputs are looked at, at most
LOOKING_SHARE = 0.2  # a large project's inputs are looked at less often: at most this share of the time
PREVIEW_SECONDS = 1.0  # after a preview, time for the browsers to reload it before the rebuild takes the server

StartResponse = Callable[[str, list[tuple[str, str]]], object]


@dataclass
class Debouncer:
    """Says when a burst of changes is over: `quiet` seconds after its last change, or `longest`
    seconds after its first when the changes never stop. Times come from `clock`."""

    quiet: float = QUIET_SECONDS
    longest: float = LONGEST_BURST_SECONDS
    clock: Callable[[], float] = time.monotonic
    _first: float | None = field(default=None, repr=False)  # the burst's first and last change
    _last: float | None = field(default=None, repr=False)

    def changed(self) -> None:
        now = self.clock()
        if self._first is None:
            self._first = now
        self._last = now

    def due(self) -> bool:
        """True once a burst of changes is over: time to build."""
        if self._first is None or self._last is None:
            return False
        now = self.clock()
        return now - self._last >= self.quiet or now - self._first >= self.longest

    def clear(self) -> None:
        """A build has started: it takes in every change seen so far."""
        self._first = self._last = None

    @property
    def pending(self) -> bool:
        """True while a burst of changes is going on (not yet built)."""
        return self._first is not None


@dataclass
class Rebuilder:
    """Builds the site once per burst of changes to its inputs, and remembers the last error."""

    project: Path
    output: Path
    options: BuildOptions
    debouncer: Debouncer = field(default_factory=Debouncer)
    error: str | None = None
    builds: int = 0
    reused: int = 0  # sources the last good build took from the cache
    site: Site | None = None  # the last good build's model, kept for previews
    previewed: tuple[str, ...] = ()  # the pages written as previews since (the rebuild follows)
    catching_up: threading.Thread | None = field(default=None, repr=False)  # the search catch-up (`catch_up`)
    cancel_search: threading.Event = field(default_factory=threading.Event, repr=False)
    _seen: tuple = field(default=(), repr=False)  # the inputs as last looked at
    _built: tuple = field(default=(), repr=False)  # the inputs as the last build found them
    _rebuild_at: float | None = field(default=None, repr=False)  # when to rebuild after a preview
    _looking_seconds: float = field(default=0.0, repr=False)  # how long the last poll's look took

    def input_state(self) -> tuple:
        """Path, size and modification time of every input file: equal states mean nothing changed."""
        return tuple(sorted(entry for folder in layout.INPUT_FOLDERS for entry in file_states(self.project / folder, folder)))

    def poll(self) -> bool:
        """Look at the inputs once, and build if a burst of changes is over; True when a build ran.
        Changes made during a build are seen by the next poll: together they cause one more build."""
        started = self.debouncer.clock()
        state = self.input_state()
        self._looking_seconds = self.debouncer.clock() - started
        if state != self._seen:
            self._seen = state
            self.debouncer.changed()
            self.cancel_search.set()  # the index it is making is out of date: the rebuild makes another
        if self.debouncer.due() and self.preview():
            return True
        if self.searching:  # a catch-up is writing the live site: the rebuild waits for it to stop
            return False
        if self.debouncer.due() or (self._rebuild_at is not None and not self.debouncer.pending
                                    and self.debouncer.clock() >= self._rebuild_at):
            self.rebuild()
            return True
        return False

    def preview(self) -> bool:
        """When the burst only edited sources (their files or sidecars), write their pages over the
        live site from the last build's model (`build/preview.py`) and rebuild PREVIEW_SECONDS later,
        once the browsers have reloaded to see them; True when it did. The rebuild alone shows any
        other change, and a preview that fails (an edit the build will report) is left to it."""
        changed = {path for path, *_ in set(self._built) ^ set(self._seen)}
        source_ids = edited_sources(self.site, changed) if self.site is not None and self.error is None else None
        if not source_ids:
            return False
        try:
            self.previewed += tuple(write_previews(self.site, self.project, self.output, source_ids))
        except (SiteError, OSError):
            return False
        except Exception:  # a bug: the rebuild that follows still shows the edit
            traceback.print_exc()
            return False
        self.debouncer.clear()
        self._rebuild_at = self.debouncer.clock() + PREVIEW_SECONDS
        print(f"Previewed {', '.join(source_ids)}; rebuilding in {PREVIEW_SECONDS:g} s.", file=sys.stderr)
        return True

    @property
    def searching(self) -> bool:
        """True while the search index is being brought up to date with the pages."""
        return self.catching_up is not None and self.catching_up.is_alive()

    def catch_up(self) -> None:
        """Bring the live site's search index up to date with its pages, in a thread of its own."""
        cancelled = self.cancel_search = threading.Event()

        def run() -> None:
            try:
                catch_up_search(self.project, self.output, self.options, cancelled)
            except (SiteError, OSError) as problem:  # the next build makes the index as any build does
                if not cancelled.is_set():  # else a preview's file, written meanwhile, is the likely cause
                    print(f"warning: search was not brought up to date: {problem}", file=sys.stderr)
            except Exception:  # a bug: the next build still makes the index
                traceback.print_exc()

        self.catching_up = threading.Thread(target=run, name="search catch-up", daemon=True)
        self.catching_up.start()

    def next_poll_in(self) -> float:
        """Seconds until the next poll: POLL_SECONDS, or longer when looking at the inputs takes a while
        (19,000 files: about 0.15 s), so that looking takes at most LOOKING_SHARE of the time."""
        return max(POLL_SECONDS, self._looking_seconds * (1 - LOOKING_SHARE) / LOOKING_SHARE)

    def rebuild(self) -> None:
        """Build now from the inputs as they are; a failure keeps the last good site on disk."""
        self._seen = self._built = self.input_state()
        self.debouncer.clear()
        self._rebuild_at = None
        self.builds += 1
        try:
            result = build(self.project, self.output, dataclasses.replace(self.options, search_later=True))
        except SiteError as problem:
            self.fail(str(problem))
        except OSError as error:  # an input renamed or deleted while building
            self.fail(str(input_error(error, self.project)))
        except Exception as error:  # a bug: keep serving the last good site, show it, and go on watching
            traceback.print_exc()
            self.fail(f"internal error, please report it: {type(error).__name__}: {error}")
        else:
            self.error, self.site, self.previewed = None, result.site, ()
            with contextlib.suppress(SiteError, OSError):  # compiled now, not when the first preview waits for it
                gazetteer_of(self.project)
            for warning in result.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            self.reused = result.cache.hits
            print(f"Rebuilt {counted(len(result.site.sources), 'source')} ({self.reused:,} unchanged, from the cache)"
                  f"{'; search follows' if result.search_behind else ''}.", file=sys.stderr)
            if result.search_behind:
                self.catch_up()

    def fail(self, message: str) -> None:
        """Remember a failed build's message (one problem a line) for the error page, and print it."""
        self.error = message
        for line in message.splitlines():
            print(f"error: {line}", file=sys.stderr)


def file_states(folder: Path, shown: str) -> Iterator[tuple[str, int, int]]:
    """Path (`shown`/...), size and modification time of every regular file under `folder`, at any
    depth, but for those no build reads (`inputs.skipped`: an editor's swap and backup files); links
    to files are followed (an edit of the target is a change), links to folders not."""
    try:
        entries = [entry for entry in os.scandir(folder) if not skipped(entry.name)]
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        name = f"{shown}/{entry.name}"
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from file_states(Path(entry.path), name)
                continue
            info = entry.stat()
        except FileNotFoundError:  # deleted since the listing, or a link to nothing: not there
            continue
        if S_ISREG(info.st_mode):
            yield name, info.st_size, info.st_mtime_ns


def with_reload_script(page: bytes, port: int) -> bytes:
    """`page` with the livereload client before its first </head>: every served page gets it here, once.
    An external script (not livereload's inline snippet) so the pages' Content-Security-Policy allows it."""
    return page.replace(b"</head>", f'<script src="/livereload.js?port={port}"></script></head>'.encode(), 1)


_MAIN = re.compile(rb"<main\b[^>]*>")
PREVIEW_NOTICE = ("Showing your edit of this source. Its shared passages, the other pages and search "
                  "catch up when the rebuild that is under way finishes.")
SEARCH_BEHIND_NOTICE = ("Search is being brought up to date with your last edit: results may not show it yet. "
                        "Reload this page in a few seconds.")
SEARCH_PAGE = routes.index(routes.SEARCH)


def with_notice(page: bytes, notice: str) -> bytes:
    """`page` saying `notice` at the start of its main content."""
    element = f'<p class="note" role="status">{html.escape(notice)}</p>'.encode()
    return _MAIN.sub(lambda opening: opening.group() + element, page, count=1)


def notice_for(rebuilder: Rebuilder, target: Path) -> str | None:
    """What a served page must say of the site being brought up to date, if anything."""
    if rebuilder.previewed:
        return PREVIEW_NOTICE
    if rebuilder.searching and target == rebuilder.output / SEARCH_PAGE:
        return SEARCH_BEHIND_NOTICE
    return None


def error_page(message: str, port: int) -> bytes:
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Build failed</title>"
        "</head><body style='font-family:system-ui;margin:2rem'>"
        "<h1>Build failed</h1><p>The last good site is still in place. Fix the problem and save; "
        f"this page reloads when the build passes.</p><pre style='white-space:pre-wrap'>{html.escape(message)}</pre>"
        "</body></html>"
    )
    return with_reload_script(page.encode("utf-8"), port)


def resolve(output: Path, url_path: str) -> Path | None:
    """The file under `output` for a URL path, never outside it; directories serve their index.html."""
    parts = [part for part in unquote(url_path).split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    target = output.joinpath(*parts)
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def make_app(rebuilder: Rebuilder, port: int) -> Callable[[dict, StartResponse], Iterable[bytes]]:
    """A WSGI app serving the output folder, or the error page while the last rebuild failed."""

    def app(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        url_path = environ.get("PATH_INFO", "/")
        if rebuilder.error is not None and (url_path.endswith("/") or url_path.endswith(".html")):
            start_response("500 Build Failed", [("Content-Type", "text/html; charset=utf-8")])
            return [error_page(rebuilder.error, port)]
        target = resolve(rebuilder.output, url_path)
        status = "200 OK"
        if target is None:
            status, target = "404 Not Found", resolve(rebuilder.output, "/404.html")
        if target is None:
            start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not found"]
        body = target.read_bytes()
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            notice = notice_for(rebuilder, target)
            body = with_reload_script(with_notice(body, notice) if notice else body, port)
        start_response(status, [("Content-Type", f"{content_type}; charset=utf-8"), ("Cache-Control", "no-store")])
        return [body]

    return app


class AppServer(Server):
    """livereload's server, passing the app's responses on as they are: livereload would add its inline
    snippet to every response holding </head> (text files too), and the app adds its own script."""

    def get_web_handlers(self, script: bytes) -> list:
        return super().get_web_handlers(b"")


class RebuildWatcher(Watcher):
    """livereload's watcher, replaced: every POLL_SECONDS (or less often, `Rebuilder.next_poll_in`) the
    Rebuilder looks at the inputs and builds once a burst of changes is over, and the browsers reload
    after each build. livereload's own polling (every 0.8 s, calling back once per changed folder) and
    its `watch` list go unused."""

    def __init__(self, rebuilder: Rebuilder) -> None:
        super().__init__()
        self.rebuilder = rebuilder

    def start(self, callback: Callable[[], None]) -> bool:
        def poll_again() -> None:
            callback()
            IOLoop.current().call_later(self.rebuilder.next_poll_in(), poll_again)

        IOLoop.current().add_callback(poll_again)
        return True  # livereload then starts no polling of its own

    def examine(self) -> tuple[str | None, float | None]:
        """What changed (for livereload: a path, or None when nothing did) and the reload's delay."""
        if self._changes:  # livereload's own message (a restart), as Watcher.examine gives it
            return self._changes.pop()
        self.filepath = "*" if self.rebuilder.poll() else None
        return self.filepath, None


def serve(project: Path, output: Path, options: BuildOptions, host: str, port: int) -> int:
    try:
        check_output(project, output)
    except SiteError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    rebuilder = Rebuilder(project, output, options)
    rebuilder.rebuild()
    # The debouncer decides when to build; livereload's 3-second reload throttle would swallow
    # the reload after a quick fix, so it is turned off.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    server = AppServer(app=make_app(rebuilder, port), watcher=RebuildWatcher(rebuilder))
    print(f"Serving {output} on http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    server.serve(host=host, port=port, debug=False, restart_delay=0)
    return 0
