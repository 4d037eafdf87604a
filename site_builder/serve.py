"""`site-builder serve`: build, serve on localhost, rebuild on change (debounced), reload the browser.

A failing rebuild keeps the last good site on disk and shows the error in the browser instead;
the next good save recovers.
"""

from __future__ import annotations

import contextlib
import html
import mimetypes
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote

from site_builder import layout
from site_builder.build.pipeline import BuildOptions, build, check_output
from site_builder.errors import SiteError, input_error

QUIET_SECONDS = 0.3
MAX_WAIT_SECONDS = 5.0

StartResponse = Callable[[str, list[tuple[str, str]]], object]


@dataclass
class Rebuilder:
    """Rebuilds when the inputs changed, once per burst of saves, and remembers the last error."""

    project: Path
    output: Path
    options: BuildOptions
    quiet_seconds: float = QUIET_SECONDS
    error: str | None = None
    builds: int = 0
    reused: int = 0  # sources the last good build took from the cache
    _built_state: tuple = field(default=(), repr=False)

    def input_state(self) -> tuple:
        """Path, size and modification time of every watched file: equal states mean nothing changed."""
        state = []
        for folder in layout.INPUT_FOLDERS:
            root = self.project / folder
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    with contextlib.suppress(FileNotFoundError):  # deleted since the listing: not there
                        stat = path.stat()
                        if path.is_file():
                            state.append((str(path.relative_to(self.project)), stat.st_size, stat.st_mtime_ns))
        return tuple(state)

    def settled_state(self) -> tuple:
        """The input state once no file has changed for `quiet_seconds` (at most MAX_WAIT_SECONDS)."""
        deadline = time.monotonic() + MAX_WAIT_SECONDS
        state = self.input_state()
        while time.monotonic() < deadline:
            time.sleep(self.quiet_seconds)
            again = self.input_state()
            if again == state:
                break
            state = again
        return state

    def rebuild(self) -> bool:
        """Build if the inputs differ from the last build's; True when a build ran."""
        state = self.settled_state()
        if state == self._built_state:
            return False
        self._built_state = state
        self.builds += 1
        try:
            result = build(self.project, self.output, self.options)
        except SiteError as problem:
            self.fail(str(problem))
        except OSError as error:  # an input renamed or deleted while building
            self.fail(str(input_error(error, self.project)))
        except Exception as error:  # a bug: keep serving the last good site, show it, and go on watching
            traceback.print_exc()
            self.fail(f"internal error, please report it: {type(error).__name__}: {error}")
        else:
            self.error = None
            for warning in result.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            self.reused = result.cache.hits
            print(f"Rebuilt {len(result.site.sources)} sources ({self.reused} unchanged, from the cache).", file=sys.stderr)
        if self.input_state() != state:
            self._built_state = ()  # changed while building (even if changed back since): build again next time
        return True

    def fail(self, message: str) -> None:
        """Remember a failed build's message for the error page, and print it."""
        self.error = message
        print(f"error: {message}", file=sys.stderr)


def reload_script(port: int) -> str:
    # An external script (not livereload's inline snippet) so the pages' Content-Security-Policy allows it.
    return f'<script src="/livereload.js?port={port}"></script>'


def error_page(message: str, port: int) -> bytes:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Build failed</title>"
        f"{reload_script(port)}</head><body style='font-family:system-ui;margin:2rem'>"
        "<h1>Build failed</h1><p>The last good site is still in place. Fix the problem and save; "
        f"this page reloads when the build passes.</p><pre style='white-space:pre-wrap'>{html.escape(message)}</pre>"
        "</body></html>"
    ).encode("utf-8")


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
            body = body.replace(b"</head>", reload_script(port).encode() + b"</head>", 1)
        start_response(status, [("Content-Type", f"{content_type}; charset=utf-8"), ("Cache-Control", "no-store")])
        return [body]

    return app


def serve(project: Path, output: Path, options: BuildOptions, host: str, port: int) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    try:
        check_output(project, output)
    except SiteError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    rebuilder = Rebuilder(project, output, options)
    rebuilder.rebuild()
    # Our own debounce decides when to build; livereload's 3-second reload throttle would swallow
    # the reload after a quick fix, so it is turned off.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    server = Server(app=make_app(rebuilder, port))
    for folder in layout.INPUT_FOLDERS:
        server.watch(str(project / folder), rebuilder.rebuild)
    print(f"Serving {output} on http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    server.serve(host=host, port=port, debug=False, restart_delay=0)
    return 0
