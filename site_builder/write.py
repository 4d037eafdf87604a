"""The write stage: put every output file into a fresh folder, then swap it in for the old site.

A build that fails at any point leaves the previous output folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping

from site_builder.errors import SiteError


@dataclass(frozen=True)
class OutputFile:
    path: str
    data: bytes


def checked_path(root: Path, path: str) -> Path:
    """The file's place under `root`; a path that could leave `root` is a bug, not user input."""
    parts = PurePosixPath(path).parts
    if not parts or PurePosixPath(path).is_absolute() or any(part in ("..", ".", "") for part in parts):
        raise ValueError(f"unsafe output path {path!r}")
    return root.joinpath(*parts)


def write_site(files: Iterable[OutputFile], output: Path, finish: Callable[[Path, dict[str, str]], None] | None = None,
               previous: Mapping[str, str] = {}) -> dict[str, str]:
    """Write `files` to a temporary sibling of `output`, let `finish` add to it (the search index,
    the manifest), then swap it into place. Returns the SHA-256 of each file written, by path.

    A file whose digest `previous` gives for the same path in the current `output` is hard-linked
    from there instead of written: unchanged pages keep their bytes on disk and their dates, and
    retiring the old folder frees nothing that is still in use."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.new-{os.getpid()}"
    retired = output.parent / f".{output.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written: dict[str, str] = {}
    folders: set[Path] = {staging}
    try:
        for file in files:
            if file.path in written:
                raise SiteError(file.path, "two pages would be written to this path; rename one of their inputs")
            digest = written[file.path] = hashlib.sha256(file.data).hexdigest()
            target = checked_path(staging, file.path)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if previous.get(file.path) != digest or not linked(checked_path(output, file.path), target, len(file.data)):
                target.write_bytes(file.data)
        if finish is not None:
            finish(staging, written)
        if output.exists():
            output.rename(retired)
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not output.exists():
            retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return written


def linked(existing: Path, target: Path, size: int) -> bool:
    """Hard-link `existing` (a regular file of `size` bytes) as `target`; False when it cannot be."""
    try:
        if not existing.is_file() or existing.is_symlink() or existing.stat().st_size != size:
            return False
        os.link(existing, target)
    except OSError:
        return False
    return True
