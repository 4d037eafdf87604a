"""WARC files (`.warc`, `.warc.gz`) in `seeds/`: web archives, as Webrecorder or the Internet Archive
make them. Each HTML or PDF response record with a 2xx status is one source, read by the reader for
its format (its suffix taken from the record's content type); how it was captured (URL, time, status,
record id, payload digest) comes from the record. Other records (requests, metadata, revisits,
redirects, images, scripts) are passed over.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from site_builder.errors import SiteError
from site_builder.model import Capture
from site_builder.options import as_utc_time
from site_builder.sources.readers.base import MEDIA_TYPE_SUFFIXES, media_type

SUFFIXES = (".warc", ".warc.gz")
# A record's content type (its media type, lower-case) -> the suffix of the reader that reads it.
READ_AS = {kind: suffix for kind, suffix in MEDIA_TYPE_SUFFIXES.items() if suffix in (".html", ".pdf")}
HOW = "read from a WARC file"


@dataclass(frozen=True)
class ArchivedSource:
    """One source in a WARC file: its number among the file's sources (from 1), the suffix of the
    reader for its format, its payload (the response body, transfer and content encodings undone)
    and how it was captured."""

    number: int
    suffix: str
    payload: bytes
    capture: Capture


@dataclass(frozen=True)
class Skipped:
    """A response record that would have been a source but cannot be: why, for a warning."""

    number: int
    url: str
    reason: str


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def warc_stem(path: Path) -> str:
    """The file's name without `.warc` or `.warc.gz`: the prefix of its sources' ids."""
    name = path.name
    return name[: -len(next(suffix for suffix in SUFFIXES if name.lower().endswith(suffix)))]


def record_id(stem: str, number: int) -> str:
    """The source id of record `number` of the WARC file named `stem`: `archive-3`."""
    return f"{stem}-{number}"


def payload_digest(record: ArcWarcRecord, payload: bytes) -> str:
    """The record's WARC-Payload-Digest, or the SHA-1 of the payload written as WARC writes it."""
    stated = record.rec_headers.get_header("WARC-Payload-Digest")
    return stated or "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")


def capture_time(stated: str | None) -> str | None:
    """A record's WARC-Date as a capture's time (`options.as_utc_time`), to the second (WARC 1.1
    allows a fraction, dropped here); None when the record has none, or one that is no real UTC time
    (`2026-13-45`): the archive is someone's record, not the researcher's to correct, so its page is
    still read and only shows no time."""
    try:
        return as_utc_time(re.sub(r"\.\d{1,9}Z$", "Z", stated or ""))
    except ValueError:
        return None


def check_compressed_whole(stream: BinaryIO) -> None:
    """Read a gzipped WARC file to its end, so that a truncated one is an error (warcio stops at the
    last whole record without a word)."""
    with gzip.GzipFile(fileobj=stream) as unzipped:
        while unzipped.read(1 << 20):
            pass
    stream.seek(0)


def records(stream: BinaryIO, shown: str, max_bytes: int) -> Iterator[ArchivedSource | Skipped]:
    """The sources in the WARC file `shown`, in the file's order, and the responses passed over for
    their size (over `max_bytes`); a file that cannot be read to its end is an error naming it.
    Record digests are not checked: tools disagree on the payload digest of a chunked or compressed
    answer (warcio issue #74), so a sound archive from another tool would be refused."""
    number, head = 0, stream.read(2)
    if not head:
        raise SiteError(shown, "file is empty")
    stream.seek(0)
    try:
        if head == b"\x1f\x8b":
            check_compressed_whole(stream)
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = int(record.http_headers.get_statuscode() or 0)
            suffix = READ_AS.get(media_type(record.http_headers.get_header("Content-Type")))
            if suffix is None or not 200 <= status < 300:
                continue
            number += 1  # counted whether or not it is read, so that a record's id never depends on the limit
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                yield Skipped(number, url, f"its body is over the limit of {max_bytes:,} bytes (max_source_bytes)")
                continue
            yield ArchivedSource(number, suffix, payload, Capture(
                url=url,
                time=capture_time(record.rec_headers.get_header("WARC-Date")),
                status=status,
                content_type=record.http_headers.get_header("Content-Type"),
                warc=shown,
                record_id=record.rec_headers.get_header("WARC-Record-ID"),
                payload_digest=payload_digest(record, payload),
                how=HOW,
            ))
    except Exception as error:  # noqa: BLE001 - warcio's parser fails on damaged input in many ways (AttributeError too)
        raise SiteError(shown, f"not a readable WARC file ({type(error).__name__}: {error}); "
                               "check that it was downloaded whole") from None
