"""Relative URLs between output files, so the site works at `/` and under any sub-path."""

from __future__ import annotations

from site_builder.site import routes


def relative_url(from_path: str, to_path: str) -> str:
    """The link from the page at `from_path` to `to_path` (both relative to the site root; `to_path`
    may carry a `#fragment`). `relative_url('sources/a/index.html', 'static/style.css')` is
    `'../../static/style.css'`."""
    target, hash_mark, fragment = to_path.partition("#")
    if target == from_path and hash_mark:
        return "#" + fragment
    # Both are normalised site paths (no '.', '..' or '//'), so a common prefix of folders is all
    # there is to it; posixpath.relpath would give the same link at ten times the cost per call.
    base, parts = from_path.split("/")[:-1], target.split("/")
    common = 0
    while common < min(len(base), len(parts)) and base[common] == parts[common]:
        common += 1
    link = "/".join([".."] * (len(base) - common) + parts[common:]) or "."
    if target.endswith("/") and not link.endswith("/"):
        link += "/"  # a folder stays a folder
    return link + hash_mark + fragment


def absolute_url(base_url: str | None, path: str) -> str | None:
    """`path` under the site's published address, or None when the address is not configured."""
    return base_url + routes.address(path) if base_url else None


def link(base_url: str | None, from_path: str, target: str) -> str:
    """An address for structured data: absolute when the site's address is known, else relative to the page."""
    return absolute_url(base_url, target) or relative_url(from_path, target)


def citation_url(base_url: str | None, path: str) -> str:
    """An address for a citation: absolute when the site's address is known, else the path within the site."""
    return absolute_url(base_url, path) or "/" + routes.address(path)
