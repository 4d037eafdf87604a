"""Relative URLs between output files, so the site works at `/` and under any sub-path."""

from __future__ import annotations

import posixpath
import re


def relative_url(from_path: str, to_path: str) -> str:
    """The link from the page at `from_path` to `to_path` (both relative to the site root; `to_path`
    may carry a `#fragment`). `relative_url('sources/a/index.html', 'static/style.css')` is
    `'../../static/style.css'`."""
    target, hash_mark, fragment = to_path.partition("#")
    if target == from_path and hash_mark:
        return "#" + fragment
    link = posixpath.relpath(target, posixpath.dirname(from_path) or ".")
    if target.endswith("/") and not link.endswith("/"):
        link += "/"  # a folder stays a folder
    return link + hash_mark + fragment


def absolute_url(base_url: str | None, path: str) -> str | None:
    """`path` under the site's published address, or None when the address is not configured."""
    if not base_url:
        return None
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return base_url + path


def slug(text: str, length: int = 60) -> str:
    """Lower-case letters, digits and '-' from any text: `Guilin talks` -> `guilin-talks`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:length] or "item"
