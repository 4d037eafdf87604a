"""Capturing a web page for `site-builder new source <URL>`: one HTTP(S) GET with its redirects
followed, each exchange kept byte for byte and written as WARC records (warcio).

Only the address given is fetched: no script runs and nothing the page links to is loaded. Requests
go out as HTTP/1.0 so that no answer comes chunked: the body a response record holds is exactly the
file saved in seeds/. Each exchange is recorded as the bytes crossed the connection (`_Recording`),
so the request record is the request sent, not a reconstruction. A proxy set in the environment
(`http_proxy`, `https_proxy`, `no_proxy`, as curl and pip read them) is used: plain HTTP through
it, HTTPS through a CONNECT tunnel, so the exchange recorded is still the one with the server.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import ssl
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import IO, Any, Callable

from warcio.warcwriter import WARCWriter

from site_builder import __version__, layout
from site_builder.errors import SiteError
from site_builder.model import Capture
from site_builder.options import UTC_TIME
from site_builder.schema import is_web_url
from site_builder.sources.readers.base import MEDIA_TYPE_SUFFIXES, media_type
from site_builder.sources.sidecar import CAPTURE_HOW

TIMEOUT_SECONDS = 30.0  # for connecting, and for each wait for more of the answer
MAX_REDIRECTS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
READ_BYTES = 64 * 1024
# The content types a source may be are MEDIA_TYPE_SUFFIXES (a reader for the suffix decides later
# whether it can be read); a response with none, or a generic one, takes its URL's suffix.
UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream"})
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"  # kept as written in a URL's path, query and fragment; all else is %-encoded

Clock = Callable[[], dt.datetime]  # the time an answer came (the caller's: nothing here reads the clock)


def warc_path(source_id: str) -> str:
    """Where the WARC file of a captured source is kept in the project."""
    return f"{layout.ARCHIVE}/{source_id}.warc.gz"


def web_address(text: str) -> str | None:
    """The http(s) URL `text` names as a capture requests and records it: its scheme and host in
    lower case, characters outside ASCII and spaces in its path, query and fragment %-encoded (so
    that it is a URL `schema.is_web_url` accepts, however it was typed); None when `text` is no
    http(s) URL (a file's path)."""
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:  # a malformed address, such as an unclosed IPv6 host
        return None
    user, at, host = parts.netloc.rpartition("@")
    url = urllib.parse.urlunsplit((parts.scheme.lower(), user + at + host.lower(), *(
        urllib.parse.quote(part, safe=URL_SAFE) for part in (parts.path, parts.query, parts.fragment))))
    return url if is_web_url(url) else None


def utc_text(moment: dt.datetime) -> str:
    """`2026-12-03T18:40:12Z`: how captures and WARC records give times."""
    return moment.astimezone(dt.timezone.utc).strftime(UTC_TIME)


def user_agent(contact: str | None) -> str:
    """The User-Agent every capture sends: the tool, its version and the researcher's contact."""
    return f"site-builder/{__version__}" + (f" (+{contact})" if contact else "")


@dataclass(frozen=True)
class Exchange:
    """One request and its answer as they crossed the connection."""

    url: str
    request: bytes  # request line and headers
    response: bytes  # status line, headers and body
    body_start: int  # where the body starts in `response`
    status: int
    reason: str
    content_type: str | None
    location: str | None  # the Location header, for a redirect
    time: str  # when the answer came (UTC, `utc_text`)
    ip: str | None = None

    @property
    def body(self) -> bytes:
        return self.response[self.body_start:]


@dataclass(frozen=True)
class Fetched:
    """A captured page: the exchanges of its redirect chain, the last one its answer, and the
    suffix its file gets."""

    requested_url: str
    exchanges: tuple[Exchange, ...]
    suffix: str

    @property
    def final(self) -> Exchange:
        return self.exchanges[-1]

    @property
    def body(self) -> bytes:
        return self.final.body


class _Tee:
    """A response's file object that keeps a copy of every byte read through it."""

    def __init__(self, fp: IO[bytes], copy: bytearray) -> None:
        self.fp, self.copy = fp, copy

    def read(self, amount: int | None = -1) -> bytes:
        data = self.fp.read(amount)
        self.copy += data
        return data

    def readinto(self, buffer: Any) -> int:
        count = self.fp.readinto(buffer)
        self.copy += memoryview(buffer)[:count]
        return count

    def readline(self, limit: int = -1) -> bytes:
        line = self.fp.readline(limit)
        self.copy += line
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fp, name)


class _RecordedResponse(http.client.HTTPResponse):
    def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self.received = bytearray()
        self.fp = _Tee(self.fp, self.received)


class _Recording:
    """A connection that keeps the bytes it sends and asks as HTTP/1.0 (so the body is never chunked)."""

    _http_vsn, _http_vsn_str = 10, "HTTP/1.0"
    response_class = _RecordedResponse
    sent: bytearray

    def send(self, data: Any) -> None:
        self.sent += data
        super().send(data)  # type: ignore[misc]


class _HTTP(_Recording, http.client.HTTPConnection):
    pass


class _HTTPS(_Recording, http.client.HTTPSConnection):
    pass


def request_headers(parts: urllib.parse.SplitResult, agent: str) -> list[tuple[str, str]]:
    host = (parts.hostname or "").encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    default_port = 443 if parts.scheme == "https" else 80
    return [
        ("Host", host if parts.port in (None, default_port) else f"{host}:{parts.port}"),
        ("User-Agent", agent),
        ("Accept", ", ".join(MEDIA_TYPE_SUFFIXES) + ";q=0.9, */*;q=0.1"),
        ("Accept-Encoding", "identity"),
        ("Connection", "close"),
    ]


def request_target(parts: urllib.parse.SplitResult) -> str:
    """The path and query as the request line gives them, characters outside ASCII %-encoded."""
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return urllib.parse.quote(target, safe=URL_SAFE)


def too_large(url: str, limit: int) -> SiteError:
    return SiteError(url, f"the answer is larger than max_source_bytes ({limit:,} bytes, set in {layout.SITE_CONFIG}); "
                          "nothing saved")


def read_body(response: http.client.HTTPResponse, url: str, limit: int) -> None:
    """Read the rest of the answer (the tee keeps it), stopping with an error past `limit` bytes."""
    declared = response.getheader("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > limit:
        raise too_large(url, limit)
    size = 0
    while chunk := response.read(READ_BYTES):
        size += len(chunk)
        if size > limit:
            raise too_large(url, limit)
    if declared.strip().isdigit() and size != int(declared):
        raise SiteError(url, f"the answer was cut short ({size:,} of the {int(declared):,} bytes the server announced); "
                             "nothing saved")


def proxy_for(parts: urllib.parse.SplitResult) -> urllib.parse.SplitResult | None:
    """The proxy the environment names for this address's scheme, unless `no_proxy` exempts its host."""
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")


def connection_to(parts: urllib.parse.SplitResult, proxy: urllib.parse.SplitResult | None,
                  timeout: float) -> tuple[_HTTP | _HTTPS, str]:
    """A connection for a GET of `parts`, through `proxy` if there is one, and the request line's
    target (a whole URL when plain HTTP goes through a proxy)."""
    host, port = (proxy.hostname or "", proxy.port or 80) if proxy else (parts.hostname or "", parts.port)
    if parts.scheme != "https":
        return _HTTP(host, port, timeout=timeout), (parts.geturl() if proxy else request_target(parts))
    connection = _HTTPS(host, port, timeout=timeout, context=ssl.create_default_context())
    if proxy:
        connection.set_tunnel(parts.hostname or "", parts.port or 443)
    return connection, request_target(parts)


def exchange(url: str, agent: str, limit: int, timeout: float, clock: Clock, expect_body: Callable[[http.client.HTTPResponse], None]) -> Exchange:
    """One GET of `url`, recorded. `expect_body` may refuse the answer from its status and headers
    before the body is read."""
    parts = urllib.parse.urlsplit(url)
    proxy = proxy_for(parts)
    connection, target = connection_to(parts, proxy, timeout)
    connection.sent = bytearray()
    try:
        connection.connect()
        connection.sent = bytearray()  # what goes to the server from here (not a proxy's CONNECT)
        ip = connection.sock.getpeername()[0] if connection.sock and proxy is None else None
        connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        for name, value in request_headers(parts, agent):
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        assert isinstance(response, _RecordedResponse)
        moment = utc_text(clock())
        body_start = len(response.received)
        expect_body(response)
        read_body(response, url, limit)
        return Exchange(url, bytes(connection.sent), bytes(response.received), body_start, response.status,
                        response.reason, response.getheader("Content-Type"), response.getheader("Location"), moment, ip)
    finally:
        connection.close()


def suffix_for(content_type: str | None, url: str) -> str | None:
    """The file suffix for an answer: from its content type, else (none, or a generic one) from its URL."""
    kind = media_type(content_type)
    if kind in MEDIA_TYPE_SUFFIXES:
        return MEDIA_TYPE_SUFFIXES[kind]
    if kind in UNTYPED:
        path = urllib.parse.urlsplit(url).path.lower()
        return next((suffix for suffix in dict.fromkeys(MEDIA_TYPE_SUFFIXES.values()) if path.endswith(suffix)), None)
    return None


def fetch(url: str, agent: str, limit: int, clock: Clock, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """GET `url`, following redirects, and check the answer: a status below 300, a type a source can
    be, at most `limit` bytes. Every failure is a SiteError naming `url` and what went wrong. The
    URLs recorded are `web_address`es."""
    requested = web_address(url)
    if requested is None:
        raise SiteError(url, "not an http(s) URL; nothing saved")
    exchanges: list[Exchange] = []
    current = requested

    def accepted(response: http.client.HTTPResponse) -> None:
        status, where = response.status, "" if current == requested else f" (at {current})"
        if status in REDIRECT_STATUSES and response.getheader("Location"):
            return
        if status >= 300:
            raise SiteError(url, f"the server answered {status} {response.reason}{where}; nothing saved")
        if response.getheader("Content-Encoding", "identity").strip().lower() not in ("", "identity"):
            raise SiteError(url, f"the server sent its body compressed ({response.getheader('Content-Encoding')}) "
                                 f"though asked not to{where}; save the page and add the file instead")
        if suffix_for(response.getheader("Content-Type"), current) is None:
            kind = media_type(response.getheader("Content-Type")) or "no content type"
            raise SiteError(url, f"the server sent {kind}{where}, not HTML, plain text, PDF or Word; nothing saved")

    try:
        while True:
            found = exchange(current, agent, limit, timeout, clock, accepted)
            exchanges.append(found)
            if found.status not in REDIRECT_STATUSES:
                break
            target = urllib.parse.urljoin(current, found.location or "")
            address = web_address(target)
            if address is None:
                raise SiteError(url, f"redirected to {target!r}, not an http(s) address; nothing saved")
            if len(exchanges) > MAX_REDIRECTS:
                raise SiteError(url, f"more than {MAX_REDIRECTS} redirects (the last to {address}); nothing saved")
            current = address
    except TimeoutError:
        raise SiteError(url, f"no answer from {urllib.parse.urlsplit(current).netloc} within {timeout:g} seconds "
                             "(timed out); nothing saved") from None
    except http.client.HTTPException as error:
        raise SiteError(url, f"the server's answer could not be read ({type(error).__name__}: {error}); nothing saved") from None
    except (OSError, ValueError) as error:  # refused, unknown host, TLS failure, a malformed address
        reason = (None if isinstance(error, ssl.SSLError) else getattr(error, "strerror", None)) or error
        raise SiteError(url, f"could not connect to {urllib.parse.urlsplit(current).netloc or current} ({reason}); "
                             "check the address and your connection") from None
    suffix = suffix_for(exchanges[-1].content_type, current)
    assert suffix is not None  # `accepted` refused any other answer
    return Fetched(requested, tuple(exchanges), suffix)


def write_warc(fetched: Fetched, stream: IO[bytes], warc_path: str, agent: str) -> Capture:
    """Write a warcinfo record naming the tool and a request and response record for each exchange
    (gzipped, WARC 1.1) into `stream`; the capture they record, its WARC file given as `warc_path`."""
    writer = WARCWriter(stream, gzip=True, warc_version="1.1")
    info = writer.create_warcinfo_record(warc_path.rsplit("/", 1)[-1], {
        "software": f"site-builder/{__version__}",
        "format": "WARC File Format 1.1",
        "http-header-user-agent": agent,
        "description": f"site-builder new source {fetched.requested_url}",
    })
    info.rec_headers.replace_header("WARC-Date", fetched.exchanges[0].time)
    writer.write_record(info)
    response = None
    for step in fetched.exchanges:
        extra = {"WARC-Date": step.time, **({"WARC-IP-Address": step.ip} if step.ip else {})}
        response = writer.create_warc_record(step.url, "response", payload=io.BytesIO(step.response),
                                             length=len(step.response), warc_headers_dict=extra)
        request = writer.create_warc_record(step.url, "request", payload=io.BytesIO(step.request),
                                            length=len(step.request), warc_headers_dict={"WARC-Date": step.time})
        writer.write_request_response_pair(request, response)
    assert response is not None
    final = fetched.final
    return Capture(url=final.url, time=final.time, status=final.status, content_type=final.content_type,
                   requested_url=fetched.requested_url if fetched.requested_url != final.url else None, warc=warc_path,
                   record_id=response.rec_headers.get_header("WARC-Record-ID"),
                   payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"), how=CAPTURE_HOW)
