"""`manifest.json`: every input and output file with its SHA-256, the tool version and the build
settings, so a reader can check that the site was built from those sources; `verify`; and the
site's size, against what GitHub Pages publishes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterator, Mapping

from site_builder import __version__, layout
from site_builder.inputs import skipped
from site_builder.site import routes

MANIFEST = routes.MANIFEST
# "Published GitHub Pages sites may be no larger than 1 GB" (GitHub Pages limits:
# https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits), read as
# 10^9 bytes, the smaller of the two readings.
GITHUB_PAGES_LIMIT = 10**9
SIZE_UNITS = ((10**9, "GB"), (10**6, "MB"), (10**3, "kB"))


def sha256_of(path: str | os.PathLike[str]) -> str:
    with open(path, "rb", buffering=0) as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def bytes_with_digest(path: str, digest: str) -> bytes | None:
    """The bytes of the file at `path` when their SHA-256 is still `digest` (hex); None when it is
    missing, unreadable or changed. Plain os paths, not pathlib: it runs for every reused file."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def files_under(root: Path, skip: set[str] = frozenset()) -> dict[str, str]:
    """The SHA-256 of every file under `root` but those in `skip`, by relative path."""
    return {name: sha256_of(os.path.join(root, name)) for name in sorted(relative_files(root)) if name not in skip}


def relative_files(root: Path) -> Iterator[str]:
    """The files under `root` as relative POSIX paths (see `file_entries`)."""
    return (path for path, _ in file_entries(root))


def file_entries(root: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """The files under `root` as relative POSIX paths, with their entries: links to files are
    followed, links to folders are not (as `Path.rglob`, without its cost on a site of many
    thousand folders)."""
    pending = [""]
    while pending:
        folder = pending.pop()
        prefix = folder + "/" if folder else ""
        with os.scandir(os.path.join(root, folder)) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(prefix + entry.name)
                elif entry.is_file():
                    yield prefix + entry.name, entry


def size_text(size: int) -> str:
    """`412 MB`, `1.3 GB`, `8.5 kB`: decimal units, as hosts state their limits."""
    for scale, unit in SIZE_UNITS:
        if size >= scale:
            return f"{size / scale:,.{1 if size < 10 * scale else 0}f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def size_warning(size: int) -> str | None:
    """Why a site of `size` bytes cannot be published on GitHub Pages; None when it can."""
    if size <= GITHUB_PAGES_LIMIT:
        return None
    return (f"the site is {size_text(size)}, more than GitHub Pages publishes ({size_text(GITHUB_PAGES_LIMIT)}); "
            "publish it on another host (see 'Publishing a larger site' in docs/guide.md)")


def outputs_in(manifest: bytes) -> dict[str, str]:
    """The output digests a manifest's bytes list (empty when they are not a manifest)."""
    try:
        outputs = json.loads(manifest)["outputs"]
    except (ValueError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in outputs.items()} if isinstance(outputs, dict) else {}


def write_manifest(site_dir: Path, project: Path, settings: dict[str, Any], written: dict[str, str],
                   known: Mapping[str, str] = {}) -> int:
    """Write the manifest and return its size. `written` holds the digests of every file the build
    put in `site_dir` (the search index's included): the write stage leaves nothing else there
    (`verify` on a fresh build checks it), so the site's tens of thousands of files are not walked
    again. An input listed in `known` (the sources the build read, by path in the project) keeps
    that digest: it is what the site was built from, and is not read again."""
    inputs: dict[str, str] = {}
    for folder in layout.INPUT_FOLDERS:
        if (project / folder).is_dir():
            inputs.update({f"{folder}/{name}": known.get(f"{folder}/{name}") or sha256_of(project / folder / name)
                           for name in sorted(relative_files(project / folder))
                           if not any(skipped(part) for part in name.split("/"))})
    manifest = {
        "tool": "site_builder",
        "version": __version__,
        "settings": settings,
        "inputs": inputs,
        "outputs": dict(sorted(written.items())),
    }
    data = (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    (site_dir / MANIFEST).write_bytes(data)
    return len(data)


def verify(site_dir: Path, project: Path | None = None) -> list[str]:
    """Problems found: outputs changed, missing or unlisted; with `project`, inputs that differ."""
    path = site_dir / MANIFEST
    if not path.is_file():
        return [f"{path}: no manifest.json here"]
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        listed: dict[str, str] = manifest["outputs"]
    except (ValueError, KeyError, TypeError):
        return [f"{path}: not a site_builder manifest"]
    problems = []
    found = files_under(site_dir, {MANIFEST})
    for name in sorted(set(listed) | set(found)):
        if name not in found:
            problems.append(f"{name}: listed in the manifest but missing")
        elif name not in listed:
            problems.append(f"{name}: not in the manifest")
        elif found[name] != listed[name]:
            problems.append(f"{name}: SHA-256 differs from the manifest")
    if project is not None:
        for name, digest in sorted(manifest.get("inputs", {}).items()):
            source = project / name
            if not source.is_file():
                problems.append(f"{name}: input missing from {project}")
            elif sha256_of(source) != digest:
                problems.append(f"{name}: input differs from the one the site was built from")
    return problems
