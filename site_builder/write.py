"""The write stage: put every output file into a fresh folder, then swap it in for the old site.

A build that fails at any point leaves the previous output folder exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

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


def write_site(files: Iterable[OutputFile], output: Path, finish: Callable[[Path], None] | None = None) -> int:
    """Write `files` to a temporary sibling of `output`, let `finish` add to it (the search index),
    then swap it into place. Returns the number of files written."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.new-{os.getpid()}"
    retired = output.parent / f".{output.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written: set[str] = set()
    try:
        for file in files:
            if file.path in written:
                raise SiteError(file.path, "two pages would be written to this path; rename one of their inputs")
            written.add(file.path)
            target = checked_path(staging, file.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
        if finish is not None:
            finish(staging)
        if output.exists():
            output.rename(retired)
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not output.exists():
            retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return len(written)
