"""`new source <URL>`: pages captured from a local server on 127.0.0.1 (never beyond), byte for byte,
with a WARC file of the exchange and a sidecar saying how and when."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import http.server
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from warcio.archiveiterator import ArchiveIterator

from conftest import run_cli, write
from site_builder import capture
from site_builder.build.pipeline import BuildOptions, build, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.model import Line
from site_builder.scaffold import listed_locations, new_source
from site_builder.serve import Rebuilder
from site_builder.sources import readers
from site_builder.sources.readers.base import BinaryReader, Extracted

NOW = dt.datetime(2026, 12, 3, 18, 40, 12, tzinfo=dt.timezone.utc)
LATIN1_PAGE = ("<html><head><meta charset='iso-8859-1'><title>Caf\xe9 talks in G\xfcilin</title></head><body><article>"
               "<h1>Caf\xe9 talks in G\xfcilin</h1><p>The foreign ministers met at a caf\xe9 in G\xfcilin on Monday for talks "
               "on trade and the Security Council.</p><p>They agreed to meet again later this year, officials said.</p>"
               "</article></body></html>").encode("latin-1")
OTHER_PAGE = (b"<html><head><title>Second report</title></head><body><article><h1>Second report</h1><p>The ministers "
              b"of Ruritania and Freedonia spoke for two hours on Tuesday about the new border crossing.</p></article></body></html>")
PDF = b"%PDF-1.4\n% a stand-in: the test's reader reads it\n%%EOF\n"
SLOW_SECONDS = 1.0
LIMIT = 2_000  # max_source_bytes in the test project's site.yaml


class Handler(http.server.BaseHTTPRequestHandler):
    """The pages the tests capture, by path; every request's User-Agent is kept in `agents`."""

    agents: list[str] = []
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/page.html": (200, {"Content-Type": "text/html; charset=iso-8859-1"}, LATIN1_PAGE),
        "/copy.html": (200, {"Content-Type": "text/html"}, LATIN1_PAGE),
        "/caf%C3%A9%202": (200, {"Content-Type": "text/html; charset=utf-8"}, OTHER_PAGE),
        "/other": (200, {"Content-Type": "text/html"}, OTHER_PAGE),
        "/moved": (301, {"Location": "/moved-again"}, b"moved"),
        "/moved-again": (302, {"Location": "page.html"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/elsewhere": (302, {"Location": "ftp://127.0.0.1/file"}, b""),
        "/report.pdf": (200, {"Content-Type": "application/pdf"}, PDF),
        "/picture": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"),
        "/big": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * LIMIT + b"</p>"),
        "/gone": (404, {"Content-Type": "text/html"}, b"<p>Not here</p>"),
    }

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        Handler.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        if self.path == "/cut":  # announces more than it sends, then closes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1500")
            self.end_headers()
            self.wfile.write(b"<p>This report is cut short in the middle of a sen")
            return
        if self.path == "/big-unsized":  # no Content-Length: the body ends when the connection closes
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"y" * LIMIT)
            return
        status, headers, body = self.routes.get(self.path, (200, {"Content-Type": "text/plain"}, b"Slow but there.\n"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A test server that says nothing when a client stops reading (capture does, at its size limit)."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """`handler` on 127.0.0.1 (port 0: any free one), in a thread; yields the address to prefix paths with."""
    httpd = QuietServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The pages on 127.0.0.1."""
    yield from serving(Handler)


PROXY_VARIABLES = ("http_proxy", "https_proxy", "no_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY")


@pytest.fixture(autouse=True)
def no_proxy_from_the_environment(monkeypatch) -> None:
    """The tests reach 127.0.0.1 directly, whatever proxy the machine running them names."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    """A forward proxy for plain HTTP: it fetches the whole URL a request line gives, and keeps it."""

    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        ProxyHandler.asked.append(self.path)
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(self.path) as answer:
            body = answer.read()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.headers["Content-Type"])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def proxy() -> Iterator[str]:
    yield from serving(ProxyHandler)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write(root / "content/site.yaml", f"title: Captures\nmax_source_bytes: {LIMIT}\ncontact: mailto:researcher@example.org\n")
    (root / "seeds").mkdir()
    return root


def capture_url(project: Path, url: str, **options) -> Path:
    return new_source(project, url, now=NOW, **options)


def nothing_saved(project: Path) -> bool:
    """No seed, WARC file, sidecar or staging folder left in the project."""
    return not any(project.glob("seeds/*")) and not any(project.glob("archive/*")) \
        and not any(project.glob("content/sources/*")) and not any(project.glob(".new-source-*"))


def warc_records(path: Path) -> list:
    with path.open("rb") as stream:
        return [(record.rec_type, record.rec_headers, record.content_stream().read()) for record in ArchiveIterator(stream)]


def test_a_page_not_in_utf8_is_saved_byte_for_byte_with_its_warc_and_sidecar(project, server):
    seed = capture_url(project, f"{server}/page.html")
    assert seed.read_bytes() == LATIN1_PAGE and seed.suffix == ".html"
    warc = project / capture.warc_path(seed.stem)
    records = warc_records(warc)
    assert [kind for kind, _, _ in records] == ["warcinfo", "response", "request"]
    info, response, request = records
    assert b"software: site-builder/" in info[2]
    assert response[2] == LATIN1_PAGE  # the WARC payload is the saved file
    assert response[1].get_header("WARC-Target-URI") == f"{server}/page.html"
    assert request[1].get_header("WARC-Concurrent-To") == response[1].get_header("WARC-Record-ID")
    source = load_site(project, BuildOptions(cache=False), Diagnostics()).by_id[seed.stem]
    assert source.capture is not None
    assert source.capture.url == f"{server}/page.html" and source.capture.requested_url is None
    assert source.capture.time == "2026-12-03T18:40:12Z" and source.capture.status == 200
    assert source.capture.content_type == "text/html; charset=iso-8859-1"
    assert source.capture.warc == f"archive/{seed.stem}.warc.gz"
    assert source.capture.record_id == response[1].get_header("WARC-Record-ID")
    assert source.capture.payload_digest == response[1].get_header("WARC-Payload-Digest")
    assert source.capture.how == "captured by site-builder new source"
    assert source.field("url").value == f"{server}/page.html" and source.field("url").kind == "captured"
    assert source.field("retrieved").value == "2026-12-03" and source.field("retrieved").kind == "captured"
    assert "Güilin" in source.title


def test_the_user_agent_names_the_tool_and_the_contact_from_site_yaml(project, server):
    capture_url(project, f"{server}/other")
    assert Handler.agents[-1] == f"site-builder/{capture.__version__} (+mailto:researcher@example.org)"
    assert capture.user_agent(None) == f"site-builder/{capture.__version__}"


def test_redirects_are_followed_and_both_urls_recorded(project, server):
    seed = capture_url(project, f"{server}/moved")
    assert seed.read_bytes() == LATIN1_PAGE
    source = load_site(project, BuildOptions(cache=False), Diagnostics()).by_id[seed.stem]
    assert source.capture.url == f"{server}/page.html" and source.capture.requested_url == f"{server}/moved"
    records = warc_records(project / source.capture.warc)
    responses = [(headers.get_header("WARC-Target-URI"), body) for kind, headers, body in records if kind == "response"]
    assert responses == [(f"{server}/moved", b"moved"), (f"{server}/moved-again", b""), (f"{server}/page.html", LATIN1_PAGE)]
    assert sum(kind == "request" for kind, _, _ in records) == 3
    final = [headers for kind, headers, _ in records if kind == "response"][-1]
    assert final.get_header("WARC-Record-ID") == source.capture.record_id


@pytest.mark.parametrize(("path", "message"), [
    ("/gone", "the server answered 404 Not Found; nothing saved"),
    ("/picture", "the server sent image/png, not HTML, plain text, PDF or Word"),
    ("/big", f"the answer is larger than max_source_bytes ({LIMIT:,} bytes"),
    ("/big-unsized", f"the answer is larger than max_source_bytes ({LIMIT:,} bytes"),
    ("/loop", f"more than {capture.MAX_REDIRECTS} redirects"),
    ("/elsewhere", "redirected to 'ftp://127.0.0.1/file', not an http(s) address"),
])
def test_a_page_that_fails_is_reported_with_its_url_and_nothing_is_saved(project, server, path, message):
    with pytest.raises(SiteError) as failed:
        capture_url(project, f"{server}{path}")
    assert failed.value.problem.path == f"{server}{path}"
    assert message in failed.value.problem.message and "offline" not in failed.value.problem.message
    assert nothing_saved(project)


def test_a_slow_server_times_out(project, server):
    started = time.monotonic()
    with pytest.raises(SiteError, match=r"no answer from 127\.0\.0\.1:\d+ within 0\.2 seconds \(timed out\)"):
        capture_url(project, f"{server}/slow", timeout=0.2)
    assert time.monotonic() - started < SLOW_SECONDS and nothing_saved(project)


def test_a_server_nobody_runs_is_a_connection_error(project):
    with pytest.raises(SiteError, match=r"^http://127\.0\.0\.1:9/x: could not connect to 127\.0\.0\.1:9 \(") as failed:
        capture_url(project, "http://127.0.0.1:9/x")
    assert "answered" not in str(failed.value) and nothing_saved(project)


def test_https_to_a_server_without_tls_is_a_connection_error(project, server):
    address = server.replace("http://", "https://")
    with pytest.raises(SiteError, match=rf"could not connect to {address[8:]} \(.*SSL") as failed:
        capture_url(project, f"{address}/page.html")
    assert "answered" not in str(failed.value) and nothing_saved(project)


@pytest.mark.parametrize(("typed", "recorded"), [
    ("HTTPS://Example.ORG/A/b?Q=1#F", "https://example.org/A/b?Q=1#F"),  # only the scheme and host are case-blind
    ("Http://User:Pw@Example.org:8080/café 2", "http://User:Pw@example.org:8080/caf%C3%A9%202"),
    ("https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"),  # encoded once only
    ("https://example.org/a?", "https://example.org/a"),
])
def test_a_web_address_is_the_url_as_a_capture_records_it(typed, recorded):
    assert capture.web_address(typed) == recorded


@pytest.mark.parametrize("typed", ["https://", "ftp://example.org/a", "notes/report.txt", "C:\\reports\\a.txt", "http://[::1"])
def test_anything_but_an_http_url_has_no_web_address(typed):
    assert capture.web_address(typed) is None


def test_a_url_typed_with_an_upper_case_scheme_is_recorded_so_that_it_builds(project, server):
    shouted = server.replace("http://", "HTTP://")
    seed = capture_url(project, f"{shouted}/page.html")
    assert f"url: {server}/page.html\n" in (project / f"content/sources/{seed.stem}.yaml").read_text()
    source = load_site(project, BuildOptions(cache=False), Diagnostics()).by_id[seed.stem]
    assert source.capture.url == f"{server}/page.html" and source.field("url").kind == "captured"
    with pytest.raises(SiteError, match=f"already captured as source '{seed.stem}'"):
        capture_url(project, f"{shouted}/page.html")


def test_an_address_outside_ascii_is_sent_percent_encoded(project, server):
    seed = capture_url(project, f"{server}/café 2")
    assert seed.read_bytes() == OTHER_PAGE
    source = load_site(project, BuildOptions(cache=False), Diagnostics()).by_id[seed.stem]
    assert source.capture.url == f"{server}/caf%C3%A9%202"  # as sent, so that it is a URL the sidecar accepts
    with (project / capture.warc_path(seed.stem)).open("rb") as stream:
        (request,) = [record.http_headers for record in ArchiveIterator(stream) if record.rec_type == "request"]
    assert f"{request.protocol} {request.statusline}" == "GET /caf%C3%A9%202 HTTP/1.0"
    assert request.get_header("User-Agent").startswith("site-builder/") and request.get_header("Accept-Encoding") == "identity"


def test_a_pdf_answer_is_saved_as_pdf_for_the_pdf_reader(project, server, monkeypatch):
    read = lambda data, shown: Extracted("pdf", (Line(1, "The ministers met in Guilin on Monday for talks on trade."),))
    monkeypatch.setitem(readers.READERS, ".pdf", BinaryReader(read, "binary (PDF)"))  # whatever the real reader makes of it
    seed = capture_url(project, f"{server}/report.pdf")
    assert seed.name == f"{seed.stem}.pdf" and seed.read_bytes() == PDF
    assert "content_type: application/pdf" in (project / f"content/sources/{seed.stem}.yaml").read_text()


def test_an_answer_no_reader_reads_yet_is_refused(project, server, monkeypatch):
    monkeypatch.delitem(readers.READERS, ".pdf", raising=False)
    with pytest.raises(SiteError, match=r"no reader for '\.pdf' files yet"):
        capture_url(project, f"{server}/report.pdf")
    assert nothing_saved(project)


def test_a_url_already_captured_is_not_added_twice(project, server):
    first = capture_url(project, f"{server}/moved")
    for again in (f"{server}/moved", f"{server}/page.html"):  # the requested URL, the final one
        with pytest.raises(SiteError, match=f"already captured as source '{first.stem}'"):
            capture_url(project, again)
    assert sorted(path.name for path in project.glob("seeds/*")) == [first.name]
    again = capture_url(project, f"{server}/page.html", force=True)  # captured again, in its place
    assert again == first and len(list(project.glob("archive/*"))) == 1


def test_the_same_bytes_at_another_url_are_not_added_twice(project, server):
    first = capture_url(project, f"{server}/page.html")
    with pytest.raises(SiteError, match=f"already in the collection as seeds/{first.name}"):
        capture_url(project, f"{server}/copy.html")
    assert len(list(project.glob("seeds/*"))) == 1 and not any(project.glob(".new-source-*"))


def test_a_sidecar_capture_is_checked_line_by_line(project, server):
    seed = capture_url(project, f"{server}/other")
    sidecar = project / f"content/sources/{seed.stem}.yaml"
    text = sidecar.read_text()
    lines = text.splitlines()
    time_line = next(number for number, line in enumerate(lines, 1) if line.startswith("  time:"))
    sidecar.write_text(text.replace("time: '2026-12-03T18:40:12Z'", "time: yesterday"))
    with pytest.raises(SiteError) as failed:
        load_site(project, BuildOptions(cache=False), Diagnostics())
    assert f"content/sources/{seed.stem}.yaml:{time_line}: 'time': 'yesterday' is not a UTC time" in str(failed.value)
    sidecar.write_text("\n".join(line for line in lines if not line.startswith(("  url:", "  time:"))) + "\n")
    with pytest.raises(SiteError) as failed:
        load_site(project, BuildOptions(cache=False), Diagnostics())
    assert sorted(problem.message.split(":")[0] for problem in failed.value.problems) == ["'time' is missing", "'url' is missing"]


@pytest.mark.parametrize("path", [".env", "archive/.hidden.warc.gz", "content/site.yaml", "seeds/page.html",
                                  "archive/../secret.warc.gz", "archive/x.warc.gz/../../y.warc"])
def test_a_sidecar_can_name_no_file_but_a_warc_file_in_archive_or_seeds(project, server, path):
    """The WARC file a capture names is published under raw/: a secret or a seed as live HTML must
    never be."""
    seed = capture_url(project, f"{server}/other")
    sidecar = project / f"content/sources/{seed.stem}.yaml"
    text = sidecar.read_text()
    warc_line = next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith("  warc:"))
    write(project / ".env", "SECRET=hunter2\n")
    sidecar.write_text(text.replace(f"warc: archive/{seed.stem}.warc.gz", f"warc: '{path}'"))
    with pytest.raises(SiteError) as failed:
        load_site(project, BuildOptions(cache=False), Diagnostics())
    assert f"content/sources/{seed.stem}.yaml:{warc_line}: 'warc': " in str(failed.value)
    assert "is not a WARC file in archive/ or seeds/" in str(failed.value)


def test_a_list_of_locations_skips_comments_and_blank_lines(tmp_path):
    listing = write(tmp_path / "urls.txt", "# to capture\nhttps://example.org/a\n\n  report.txt  \n# done\n")
    assert listed_locations(listing) == ["https://example.org/a", "report.txt"]
    with pytest.raises(SiteError, match="no such file"):
        listed_locations(tmp_path / "none.txt")


@pytest.mark.slow
def test_new_source_adds_each_location_and_reports_each_failure(project, server, tmp_path):
    write(tmp_path / "report.txt", "A Report\n\nThe ministers met in Guilin on Monday for talks.\n")
    listing = write(tmp_path / "urls.txt", f"# sources\n{server}/page.html\n{server}/gone\n\n{tmp_path / 'report.txt'}\n{server}/page.html\n")
    result = run_cli("-C", str(project), "new", "source", f"{server}/other", "--from-file", str(listing), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.count("\n") == 3 and result.stdout.startswith(f"Captured {server}/other as seeds/")
    assert f"error: {server}/gone: the server answered 404 Not Found" in result.stderr
    assert f"error: {server}/page.html: already captured as source" in result.stderr
    assert "new source: 2 sources not added, 3 added." in result.stderr
    assert len(list(project.glob("seeds/*"))) == 3 and len(list(project.glob("archive/*"))) == 2
    several_ids = run_cli("-C", str(project), "new", "source", "a.txt", "b.txt", "--id", "x", cwd=tmp_path)
    assert several_ids.returncode == 1 and "--id: names one source" in several_ids.stderr


@pytest.mark.slow
def test_a_built_site_shows_the_capture_and_publishes_the_warc_beside_the_raw_copy(project, server, tmp_path):
    seed = capture_url(project, f"{server}/moved")
    build(project, tmp_path / "public", BuildOptions(cache=False))
    page = (tmp_path / f"public/sources/{seed.stem}/index.html").read_text(encoding="utf-8")
    assert f'captured from <a href="{server}/page.html" rel="nofollow noopener noreferrer">' in page
    assert f'redirected from <a href="{server}/moved"' in page and "HTTP 200, text/html; charset=iso-8859-1" in page
    assert f'href="../../raw/{seed.stem}.warc.gz"' in page and f'href="../../raw/{seed.name}.txt"' in page
    warc = project / capture.warc_path(seed.stem)
    assert (tmp_path / f"public/raw/{seed.stem}.warc.gz").read_bytes() == warc.read_bytes()
    sidecar = (project / f"content/sources/{seed.stem}.yaml").read_text()
    digest = next(line.split(": ", 1)[1] for line in sidecar.splitlines() if "payload_digest" in line)
    assert digest in page
    manifest = (tmp_path / "public/manifest.json").read_text()
    assert f'"archive/{seed.stem}.warc.gz": "{hashlib.sha256(warc.read_bytes()).hexdigest()}"' in manifest
    warc.unlink()
    with pytest.raises(SiteError, match=rf"content/sources/{seed.stem}\.yaml:\d+: captured: warc: 'archive/{seed.stem}\.warc\.gz': no such file"):
        build(project, tmp_path / "public", BuildOptions(cache=False))


def test_serve_rebuilds_when_a_warc_file_changes(project):
    rebuilder = Rebuilder(project, project / "public", BuildOptions())
    before = rebuilder.input_state()
    write(project / "archive/x.warc.gz", "x")
    assert rebuilder.input_state() != before and any(entry[0] == "archive/x.warc.gz" for entry in rebuilder.input_state())


@pytest.mark.slow
def test_a_warc_file_in_seeds_is_shown_and_published_the_same_way(project, server, tmp_path):
    seed = capture_url(project, f"{server}/other")
    warc = project / "seeds/wire.warc.gz"
    (project / capture.warc_path(seed.stem)).rename(warc)
    seed.unlink()
    (project / f"content/sources/{seed.stem}.yaml").unlink()
    build(project, tmp_path / "public", BuildOptions(cache=False))
    (page,) = [path.read_text(encoding="utf-8") for path in (tmp_path / "public/sources").glob("wire*/index.html")]
    assert f'captured from <a href="{server}/other"' in page and 'href="../../raw/wire.warc.gz"' in page
    assert (tmp_path / "public/raw/wire.warc.gz").read_bytes() == warc.read_bytes()


def test_a_proxy_the_environment_names_is_used_and_the_request_sent_to_it_is_recorded(project, server, proxy, monkeypatch):
    monkeypatch.setenv("http_proxy", proxy)
    ProxyHandler.asked.clear()
    seed = capture_url(project, f"{server}/page.html")
    assert ProxyHandler.asked == [f"{server}/page.html"] and seed.read_bytes() == LATIN1_PAGE
    warc = project / capture.warc_path(seed.stem)
    _, response, _ = warc_records(warc)
    assert f"\r\n\r\nGET {server}/page.html HTTP/1.0\r\n".encode() in gzip.decompress(warc.read_bytes())  # as sent
    assert response[1].get_header("WARC-IP-Address") is None  # the peer was the proxy, not the server


def test_no_proxy_exempts_a_host(project, server, proxy, monkeypatch):
    monkeypatch.setenv("http_proxy", proxy)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    ProxyHandler.asked.clear()
    capture_url(project, f"{server}/page.html")
    assert ProxyHandler.asked == []


def test_an_answer_cut_short_is_not_saved(project, server):
    with pytest.raises(SiteError, match=r"/cut: the answer was cut short \(50 of the 1,500 bytes the server announced\)"):
        capture_url(project, f"{server}/cut")
    assert nothing_saved(project)
