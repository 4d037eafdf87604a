"""Bytes to text: UTF-8 (BOM stripped) first, else a detected charset; line ends normalised."""

from __future__ import annotations

from dataclasses import dataclass

from charset_normalizer import from_bytes

from site_builder.errors import SiteError


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text document."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode(data: bytes, path: str) -> Decoded:
    if not data.strip():
        raise SiteError(path, "file is empty")
    if looks_binary(data):
        raise SiteError(path, "file looks binary, not text (it has NUL or control bytes)")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
        if data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8 (with BOM)"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise SiteError(path, "cannot decode: not UTF-8 and no other encoding fits") from None
        text, encoding = str(best), f"{best.encoding} (detected)"
    if not text.strip():
        raise SiteError(path, "file is empty")
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), encoding)
