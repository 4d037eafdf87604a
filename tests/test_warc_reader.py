"""WARC files in seeds/: each HTML or PDF response with a 2xx status is a source, with its capture."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from site_builder.build.pipeline import BuildOptions, build
from site_builder.errors import Diagnostics, SiteError
from site_builder.sources.load import load_seed, source_files, source_seeds
from site_builder.sources.readers import warc

from conftest import run_cli, write

PAGE = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        "<p>{text} The ministers met in the city on Tuesday and spoke for two hours about trade.</p>"
        "<p>They agreed to meet again next year, officials said after the talks had ended.</p></article></body></html>")


def page(title: str, text: str = "") -> bytes:
    return PAGE.format(title=title, text=text).encode()


def response(writer: WARCWriter, url: str, body: bytes, content_type: str = "text/html; charset=utf-8",
             status: str = "200 OK", date: str | None = "2026-11-30T10:00:00Z") -> None:
    """A response record; with no `date`, one without a WARC-Date."""
    http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date or ""})
    if date is None:
        record.rec_headers.remove_header("WARC-Date")
    writer.write_record(record)


def request(writer: WARCWriter, url: str) -> None:
    http = StatusAndHeaders(f"GET {url} HTTP/1.1", [("User-Agent", "test")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=http))


def write_warc(path: Path, compressed: bool = True) -> Path:
    """A small web archive: two articles (one after its request and a redirect), an image, a 404 page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compressed)
        request(writer, "http://example.org/old")
        response(writer, "http://example.org/old", b"", status="301 Moved Permanently")
        response(writer, "https://example.org/talks", page("Talks in the city", "First."))
        response(writer, "https://example.org/logo.png", b"\x89PNG\r\n", content_type="image/png")
        response(writer, "https://example.org/missing", page("Not found"), status="404 Not Found")
        response(writer, "https://example.org/later", page("Talks again", "Second."), date="2026-12-01T08:30:00Z")
    return path


def seeds_of(project: Path, diagnostics: Diagnostics | None = None, max_bytes: int = 1_000_000):
    diagnostics = diagnostics or Diagnostics()
    return source_seeds(source_files(project, diagnostics), diagnostics, max_bytes), diagnostics


@pytest.mark.parametrize("name, compressed", [("archive.warc.gz", True), ("archive.warc", False)])
def test_each_html_response_with_a_2xx_status_is_a_source(tmp_path, name, compressed):
    write_warc(tmp_path / "seeds" / name, compressed)
    seeds, diagnostics = seeds_of(tmp_path)
    assert list(seeds) == ["archive-1", "archive-2"]
    assert not diagnostics.errors and not diagnostics.warnings
    first = load_seed(seeds["archive-1"])
    assert first.title == "Talks in the city"
    assert first.path == f"seeds/{name}" and first.filename == "archive-1.html" and first.record == 1
    capture = first.capture
    assert capture.url == "https://example.org/talks" and capture.time == "2026-11-30T10:00:00Z"
    assert capture.status == 200 and capture.content_type == "text/html; charset=utf-8"
    assert capture.warc == f"seeds/{name}" and capture.record_id.startswith("<urn:uuid:")
    assert capture.payload_digest.startswith("sha1:")
    assert load_seed(seeds["archive-2"]).capture.time == "2026-12-01T08:30:00Z"


RECORD_DATES = ("2026-11-30T10:00:00.123456Z", "2026-13-45T10:00:00Z", "yesterday", None)  # dates-1 … dates-4


def write_dated_warc(project: Path) -> None:
    """seeds/dates.warc.gz: a page for each of RECORD_DATES as its WARC-Date (the last has none)."""
    path = project / "seeds" / "dates.warc.gz"
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        for number, date in enumerate(RECORD_DATES, 1):
            response(writer, f"https://example.org/{number}", page(f"Report {number}"), date=date)


def test_a_record_time_is_a_utc_time_to_the_second_or_none(tmp_path):
    """A WARC-Date goes through the rule for capture times: a fraction of a second (WARC 1.1) is
    dropped, and a date that is no real time, or none, leaves the capture without a time, the record
    still read."""
    write_dated_warc(tmp_path)
    seeds, diagnostics = seeds_of(tmp_path)
    sources = [load_seed(seeds[f"dates-{number}"]) for number in range(1, len(RECORD_DATES) + 1)]
    assert [source.capture.time for source in sources] == ["2026-11-30T10:00:00Z", None, None, None]
    assert [source.field("retrieved").value for source in sources] == ["2026-11-30", None, None, None]
    assert not diagnostics.errors and not diagnostics.warnings


@pytest.mark.slow
def test_a_source_page_shows_a_capture_time_only_when_its_record_gives_one(tmp_path):
    project = tmp_path / "project"
    write_dated_warc(project)
    write(project / "content" / "site.yaml", "title: Archive\n")
    build(project, tmp_path / "public", BuildOptions(cache=False))
    timed, untimed = ((tmp_path / "public" / "sources" / f"dates-{n}" / "index.html").read_text(encoding="utf-8") for n in (1, 4))
    assert 'captured from <a href="https://example.org/1" rel="nofollow noopener noreferrer">https://example.org/1</a> on <time datetime="2026-11-30T10:00:00Z">' in timed
    assert 'captured <time datetime="2026-11-30T10:00:00Z">2026-11-30</time> (<a href="../../raw/dates.warc.gz"' in timed
    assert 'captured from <a href="https://example.org/4" rel="nofollow noopener noreferrer">https://example.org/4</a> (HTTP 200' in untimed
    assert 'captured (<a href="../../raw/dates.warc.gz"' in untimed and "<time datetime=\"\"" not in untimed


def test_a_records_number_does_not_depend_on_the_size_limit(tmp_path):
    path = tmp_path / "seeds" / "a.warc.gz"
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, "https://example.org/long", page("Long", "word " * 400))
        response(writer, "https://example.org/short", page("Short"))
    seeds, diagnostics = seeds_of(tmp_path, max_bytes=1_000)
    assert list(seeds) == ["a-2"]
    assert any("record 1 (https://example.org/long) skipped" in str(warning) for warning in diagnostics.warnings)


def test_a_warc_file_with_no_page_is_a_warning(tmp_path):
    path = tmp_path / "seeds" / "empty.warc.gz"
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        response(WARCWriter(out, gzip=True), "https://example.org/logo.png", b"\x89PNG", content_type="image/png")
    seeds, diagnostics = seeds_of(tmp_path)
    assert seeds == {} and "no HTML or PDF response" in str(diagnostics.warnings[0])


@pytest.mark.parametrize("damage", ["truncated", "not a warc", "empty", "bad gzip"])
def test_a_damaged_warc_file_is_an_error_naming_it(tmp_path, damage):
    path = write_warc(tmp_path / "seeds" / "broken.warc.gz")
    data = path.read_bytes()
    path.write_bytes({"truncated": data[: len(data) // 2], "not a warc": b"<html>hello</html>", "empty": b"",
                      "bad gzip": gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n")[:-12] + b"garbage!!!!!"}[damage])
    seeds, diagnostics = seeds_of(tmp_path)
    errors = [str(error) for error in diagnostics.errors]
    assert errors and all(error.startswith("seeds/broken.warc.gz") for error in errors), errors
    assert ("file is empty" if damage == "empty" else "not a readable WARC file") in errors[0], errors


def test_a_record_id_taken_by_a_file_is_an_error(tmp_path):
    write_warc(tmp_path / "seeds" / "news.warc.gz")
    write(tmp_path / "seeds" / "News-1.txt", "A report of the talks.\n")
    seeds, diagnostics = seeds_of(tmp_path)
    assert "ids that differ only in case 'news-1'" in str(diagnostics.errors[0])


def test_stem_and_suffix():
    assert warc.warc_stem(Path("a.b.warc.gz")) == "a.b" and warc.warc_stem(Path("x.WARC")) == "x"
    assert warc.is_warc(Path("x.warc.gz")) and not warc.is_warc(Path("x.gz"))


def test_a_record_the_html_reader_cannot_read_names_the_record(tmp_path):
    path = tmp_path / "seeds" / "nav.warc.gz"
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        response(WARCWriter(out, gzip=True), "https://example.org/menu", b"<html><body><nav>Home</nav></body></html>")
    seeds, _ = seeds_of(tmp_path)
    with pytest.raises(SiteError, match=r"^seeds/nav.warc.gz: record 1 \(https://example.org/menu\): no main text"):
        load_seed(seeds["nav-1"])


@pytest.mark.slow
def test_a_site_built_from_a_warc_file_publishes_each_record_and_its_capture(tmp_path):
    project = tmp_path / "project"
    write_warc(project / "seeds" / "archive.warc.gz")
    write(project / "content" / "site.yaml", "title: Archive\n")
    write(project / "content" / "sources" / "archive-2.yaml", "label: Second outlet\n")
    build(project, tmp_path / "public", BuildOptions(cache=False))
    public = tmp_path / "public"
    assert (public / "raw" / "archive-1.html.txt").read_bytes() == page("Talks in the city", "First.")
    first = (public / "sources" / "archive-1" / "index.html").read_text(encoding="utf-8")
    assert "https://example.org/talks" in first and "Talks in the city" in first
    assert 'captured <time datetime="2026-11-30T10:00:00Z">2026-11-30</time> (<a href="../../raw/archive.warc.gz"' in first
    assert (public / "raw" / "archive.warc.gz").read_bytes() == (project / "seeds" / "archive.warc.gz").read_bytes()
    assert "Second outlet" in (public / "sources" / "archive-2" / "index.html").read_text(encoding="utf-8")
    # Edited in place, the archive is read again: its sources' pages follow.
    write_warc(project / "seeds" / "archive.warc.gz")
    result = run_cli("build", "--quiet", cwd=project)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_a_damaged_warc_file_keeps_the_previous_site(tmp_path):
    project = tmp_path / "project"
    path = write_warc(project / "seeds" / "archive.warc.gz")
    write(project / "content" / "site.yaml", "title: Archive\n")
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    before = (project / "public" / "sources" / "archive-1" / "index.html").read_bytes()
    path.write_bytes(path.read_bytes()[:200])
    result = run_cli("build", "--quiet", cwd=project)
    assert result.returncode == 1 and "seeds/archive.warc.gz: not a readable WARC file" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "public" / "sources" / "archive-1" / "index.html").read_bytes() == before


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None, suppress_health_check=list(HealthCheck))
@given(compressed=st.booleans(), cut=st.floats(0.0, 1.0),
       flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=4))
def test_a_damaged_warc_file_loads_or_fails_naming_it(tmp_path_factory, compressed, cut, flips):
    """Truncated or with bytes changed anywhere, a WARC file gives sources or `seeds/…: message`
    errors, never another exception."""
    project = tmp_path_factory.mktemp("fuzz")
    path = write_warc(project / "seeds" / "f.warc.gz", compressed)
    data = bytearray(path.read_bytes())
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    path.write_bytes(bytes(data[: max(1, int(cut * len(data)))]))
    seeds, diagnostics = seeds_of(project)
    assert all(str(error).startswith("seeds/f.warc.gz") for error in diagnostics.errors)
    for seed in seeds.values():
        try:
            load_seed(seed)
        except SiteError as error:
            assert str(error).startswith("seeds/f.warc.gz: record ")
