"""The write stage: put every output file into a fresh folder, then swap it in for the old site.

A build that fails at any point leaves the previous output folder exactly as it was. The folders
involved are siblings of the output, named after it and the building process's id:

- `.public.new-<pid>`: the site being written (staging);
- `.public.old-<pid>`: the previous site, for the instant between the two renames of the swap.

A build killed outright (SIGKILL, power loss) can leave either behind. Every build therefore starts
by tidying up, under an exclusive lock on the output's parent folder that the swap also holds:
if the output folder is missing but a retired one exists (killed between the two renames), the
newest retired folder is renamed back into place; then every leftover whose process is no longer
alive is removed. A folder of a live process is never touched, so two builds of the same output
may run at once: each writes its own staging folder, the swaps take turns, and the last one wins.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator, Mapping

from site_builder.errors import SiteError, os_error_text

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, builds of one output must not overlap
    fcntl = None  # type: ignore[assignment]


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


def staging_path(output: Path, pid: int) -> Path:
    return output.parent / f".{output.name}.new-{pid}"


def retired_path(output: Path, pid: int) -> Path:
    return output.parent / f".{output.name}.old-{pid}"


def leftovers(output: Path) -> list[tuple[str, int, Path]]:
    """The staging ('new') and retired ('old') folders of `output` on disk, as (kind, pid, path), sorted."""
    pattern = re.compile(rf"^\.{re.escape(output.name)}\.(new|old)-(\d+)$")
    found = []
    for path in sorted(output.parent.iterdir()):
        match = pattern.match(path.name)
        if match and path.is_dir():
            found.append((match.group(1), int(match.group(2)), path))
    return found


def process_alive(pid: int) -> bool:
    """True when a process with this id exists (ours included), even one we may not signal."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def swap_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` itself (no lock file to leave behind), released on exit or death."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def recover(output: Path) -> None:
    """Restore a site left in a retired folder by a killed build, and remove dead builds' leftovers.
    Call with the swap lock held."""
    found = leftovers(output)
    retired = [path for kind, _, path in found if kind == "old"]
    if retired and not output.exists():
        newest = max(retired, key=lambda path: (path.stat().st_mtime_ns, path.name))
        newest.rename(output)
    for kind, pid, path in found:
        if path.exists() and (pid == os.getpid() or not process_alive(pid)):
            shutil.rmtree(path, ignore_errors=True)


def tidy(output: Path) -> None:
    """Recover and clean up after killed builds of `output` (see the module docstring)."""
    output = output.resolve()
    if output.parent.is_dir():
        with swap_lock(output.parent):
            recover(output)


def write_files(files: Iterable[OutputFile], staging: Path, output: Path, previous: Mapping[str, str]) -> dict[str, str]:
    """Write every file under `staging` and return its SHA-256 by path; refuse two files for one path.

    A file whose digest `previous` gives for the same path in the current `output` is hard-linked
    from there instead of written: unchanged pages keep their bytes on disk and their dates, and
    retiring the old folder frees nothing that is still in use."""
    written: dict[str, str] = {}
    folders: set[Path] = {staging}
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


def swap(staging: Path, output: Path, retired: Path) -> None:
    """Put `staging` in the place of `output`; on failure the old output is back where it was."""
    try:
        if output.exists():
            output.rename(retired)
        staging.rename(output)
    except BaseException:
        if retired.exists() and not output.exists():
            retired.rename(output)
        raise


def about_output(error: OSError, output: Path) -> bool:
    """True when `error` concerns the output folder or its temporary siblings, not an input."""
    if not error.filename:
        return True
    path = Path(os.fsdecode(error.filename))
    return path.parent == output.parent and path.name.lstrip(".").startswith(output.name) or any(
        parent.parent == output.parent and parent.name.lstrip(".").startswith(output.name) for parent in path.parents)


def write_site(files: Iterable[OutputFile], output: Path, finish: Callable[[Path, dict[str, str]], None] | None = None,
               previous: Mapping[str, str] = {}) -> dict[str, str]:
    """Write `files` to a temporary sibling of `output`, let `finish` add to it (the search index,
    the manifest), then swap it into place. Returns the SHA-256 of each file written, by path.
    Unchanged files are linked from the previous site (see `write_files`). A failure to write (a
    full disk, a permission) is a SiteError naming the output; the previous site stays in place."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging, retired = staging_path(output, os.getpid()), retired_path(output, os.getpid())
    tidy(output)
    try:
        staging.mkdir()
        written = write_files(files, staging, output, previous)
        if finish is not None:
            finish(staging, written)
        with swap_lock(output.parent):
            swap(staging, output, retired)
    except OSError as error:
        if not about_output(error, output):
            raise  # an input that could not be read: the caller names it
        raise SiteError(str(output), f"could not write the site ({os_error_text(error)}); "
                                     "the previous site is unchanged") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(retired, ignore_errors=True)
    return written
