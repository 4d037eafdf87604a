"""The write stage: bring a staging folder to the new site, then swap it in for the old site.

A build that fails at any point leaves the previous output folder exactly as it was. The folders
involved are siblings of the output, named after it:

- `.public.new-<pid>`: the site being written (staging) by the build with that process id;
- `.public.old-<pid>`: the previous site, for the instant between the two renames of the swap;
- `.public.spare`: the site before the live one, kept after the swap for the next build to recycle.

Recycling (double buffering): making and removing every folder of a large site took most of the
write stage, so the site a swap retires is kept as the spare, and the next build renames it to its
own staging name and brings it to the new content in place: a file already holding the right
bytes stays; any other is removed and a new file takes its place (hard-linked from the live site
when that holds the same bytes, else written); files and folders the new site lacks are removed,
so staging holds exactly the new files when `finish` runs (no `pagefind/`). A file in staging is
never opened for writing, only created: most are hard links shared with the live site. Without a
spare the build starts from an empty folder. A build takes the spare only while no other build
of the output is at work, since that build may be linking files from it.

Which files are trusted to hold the bytes a site's `manifest.json` lists for them (kept in the
recycled spare, or linked from the live site): regular files of the listed size whose
modification time is not later than the manifest's. Every file of a site is written (or was,
by an earlier build) before its manifest, so a file edited by hand since, in `public/` or in the
spare (they share inodes), has a later time and is replaced. The spare's manifest is read and
removed before anything in the spare changes, so a half-updated spare is never trusted, and a
spare without a readable manifest keeps only its folders. (A hand edit in the same clock tick as
the manifest, or one that sets the time back, would pass: see SECURITY.md.)

What a recycled spare holds is also taken from its manifest, not found by looking through its tens
of thousands of folders: a folder holds exactly the files and folders the manifest lists in it when
it is a listed folder whose status-change time (ctime) is not later than the manifest's
modification time. A file or folder added, removed or renamed in a folder since changes that
folder's ctime (which, unlike the modification time, cannot be set back by hand), as does moving
the folder itself. (Where st_ctime is the creation time, on Windows, the modification time is also
compared: the later of the two counts.) Any such folder, a folder the manifest does not list, and
the spare's own folder (whose manifest was just removed) are looked through instead, so only the
folders changed since the manifest cost a look. A listed subfolder that is not a folder makes its
parent looked through; a listed file that is missing or not a regular file is not kept. (A file
added within the manifest's clock tick, or a manifest edited by hand to leave a file out, would
leave that file in place, as with the rule for files.)

A build killed outright (SIGKILL, power loss) can leave a staging or retired folder behind. Every
build therefore starts by tidying up, under an exclusive lock on the output's parent folder that
the swap also holds: if the output folder is missing but a retired one exists (killed between the
two renames), the newest retired folder is renamed back into place (never the spare, an older
site); then every leftover whose process is no longer alive is removed. A folder of a live process
is never touched, so two builds of the same output may run at once: each writes its own staging
folder, the swaps take turns, and the last one wins.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Mapping

from site_builder.build.progress import shown, tallied
from site_builder.errors import SiteError, os_error_text
from site_builder.output.manifest import MANIFEST, outputs_in

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, builds of one output must not overlap
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class OutputFile:
    path: str
    data: bytes

    @functools.cached_property
    def digest(self) -> str:
        """The SHA-256 of `data` in hex, taken once: the page memo, the data page and the write
        stage all need it (it travels with the file between processes)."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class LiveCopy:
    """A file whose bytes the live site's file at the same path holds (its manifest vouches for
    them: page_memo.py): linked from there, its bytes never read, sent between processes or hashed."""

    path: str
    digest: str
    size: int


Output = OutputFile | LiveCopy


def output_parts(path: str) -> tuple[str, ...]:
    """The names along an output path; a path that could leave the output is a bug, not user input."""
    enclosed = f"/{path}/"  # a leading "/" or an empty, "." or ".." name shows as one of these
    if not path or "//" in enclosed or "/./" in enclosed or "/../" in enclosed:
        raise ValueError(f"unsafe output path {path!r}")
    return tuple(path.split("/"))


def staging_path(output: Path, pid: int) -> Path:
    return output.parent / f".{output.name}.new-{pid}"


def retired_path(output: Path, pid: int) -> Path:
    return output.parent / f".{output.name}.old-{pid}"


def spare_path(output: Path) -> Path:
    return output.parent / f".{output.name}.spare"


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


@dataclass(frozen=True)
class Record:
    """The digests a site folder's manifest lists by path, and the manifest's modification time."""

    digests: Mapping[str, str]
    stamp: int = 0

    def vouches(self, path: str, digest: str, info: os.stat_result, size: int) -> bool:
        """True when the file `info` describes can be trusted to hold `digest` (module docstring)."""
        return (self.digests.get(path) == digest and stat.S_ISREG(info.st_mode) and info.st_size == size
                and info.st_mtime_ns <= self.stamp)

    def unchanged(self, info: os.stat_result) -> bool:
        """True when the folder `info` describes has had no entry added or removed since the manifest
        was written (module docstring)."""
        return stat.S_ISDIR(info.st_mode) and max(info.st_ctime_ns, info.st_mtime_ns) <= self.stamp


NO_RECORD = Record({})


def read_record(folder: int) -> Record:
    """The record of the site folder open as the descriptor `folder`; empty without a manifest (a
    link or a pipe named like one is not opened, nor waited on)."""
    flags = os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        with open(MANIFEST, "rb", opener=lambda name, mode: os.open(name, mode | flags, dir_fd=folder)) as manifest:
            info = os.fstat(manifest.fileno())
            return Record(parsed_outputs(manifest.read()), info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else NO_RECORD
    except OSError:
        return NO_RECORD


_last_parsed: dict[bytes, Mapping[str, str]] = {}


def parsed_outputs(manifest: bytes) -> Mapping[str, str]:
    """`outputs_in`, read-only, with the last manifest's parse kept: a build asks for the live site's
    record when it starts, when its memo opens and when it writes (at 4,000 sources, reading and
    comparing the bytes again takes 1-3 ms, parsing them 18-27 ms)."""
    digests = _last_parsed.get(manifest)
    if digests is None:
        _last_parsed.clear()
        digests = _last_parsed[manifest] = MappingProxyType(outputs_in(manifest))
    return digests


@dataclass
class LiveSite:
    """The live output when the build started, held open so that files are linked from that folder
    even if another build swaps in a new site meanwhile."""

    folder: int | None
    record: Record = NO_RECORD

    def close(self) -> None:
        if self.folder is not None:
            os.close(self.folder)
            self.folder = None


def open_live(output: Path) -> LiveSite:
    try:
        folder = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return LiveSite(None)
    return LiveSite(folder, read_record(folder))


def live_record(output: Path) -> Record:
    """The record of the live site in `output` (empty when it has none)."""
    live = open_live(output)
    live.close()
    return live.record


@dataclass
class Staging:
    """A staging folder and what is in it: its folders, and the files of a recycled spare that no
    new file has claimed yet, with the spare's record (both by path; "" is the staging folder);
    with `progress`, bars for the walks over a spare's files."""

    root: Path
    folders: set[str] = field(default_factory=lambda: {""})
    unclaimed: set[str] = field(default_factory=set)
    record: Record = NO_RECORD
    progress: bool = False

    def full(self, path: str) -> str:
        return f"{self.root}/{path}" if path else str(self.root)


def recycled(root: Path, progress: bool) -> Staging:
    """The spare just renamed to `root`, with its record (read, then removed from it before
    anything changes) and an inventory of what it holds."""
    return inventory(Staging(root, record=taken_record(root), progress=progress))


def taken_record(root: Path) -> Record:
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        record = read_record(folder)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(MANIFEST, dir_fd=folder)
    finally:
        os.close(folder)
    return record


@dataclass(frozen=True)
class Listing:
    """The files and the subfolders a site's record lists in each of its folders, by folder path
    ("" is the site's own folder); a listed folder holds one or the other."""

    files: Mapping[str, list[str]]
    folders: Mapping[str, list[str]]

    def lists(self, folder: str) -> bool:
        return folder in self.files or folder in self.folders


def listing_of(record: Record) -> Listing:
    """What `record` lists in each folder; nothing when one of its paths could leave the site."""
    files: dict[str, list[str]] = {}
    folders: dict[str, list[str]] = {}
    known = {""}
    for path in record.digests:
        try:
            output_parts(path)
        except ValueError:
            return Listing({}, {})
        folder = path.rpartition("/")[0]
        files.setdefault(folder, []).append(path)
        while folder not in known:  # a folder's parents are known once it is
            known.add(folder)
            parent = folder.rpartition("/")[0]
            folders.setdefault(parent, []).append(folder)
            folder = parent
    if not known.isdisjoint(record.digests):  # a path listed as a file and as a folder
        return Listing({}, {})
    return Listing(files, folders)


# A folder's files, and its subfolders, each with its lstat (None: it is to be looked through).
Entries = tuple[list[str], list[tuple[str, os.stat_result | None]]]


def inventory(staging: Staging) -> Staging:
    """`staging` with the folders and files in it: as its record lists them in each folder the
    record vouches for, else as found by looking (module docstring). (A bar counts the files found:
    how many there are is known once they all are.)"""
    listing = listing_of(staging.record)
    pending: list[tuple[str, os.stat_result | None]] = [("", None)]  # the spare's own folder is looked through
    with tallied("Looking through the old site", staging.progress, None, "file") as tally:
        while pending:
            folder, info = pending.pop()
            staging.folders.add(folder)
            files, folders = listed_entries(staging, listing, folder, info) or looked_through(staging, listing, folder)
            staging.unclaimed.update(files)
            tally.update(len(files))
            pending.extend(folders)
    return staging


def listed_entries(staging: Staging, listing: Listing, folder: str, info: os.stat_result | None) -> Entries | None:
    """The entries `listing` gives `folder` when the record vouches for them (module docstring);
    None when the folder must be looked through."""
    if info is None or not listing.lists(folder) or not staging.record.unchanged(info):
        return None
    folders = []
    for path in listing.folders.get(folder, ()):
        try:
            inner = os.lstat(staging.full(path))
        except FileNotFoundError:
            return None
        if not stat.S_ISDIR(inner.st_mode):
            return None
        folders.append((path, inner))
    return listing.files.get(folder, []), folders


def looked_through(staging: Staging, listing: Listing, folder: str) -> Entries:
    """The files and folders found in `folder` (a folder `listing` lists with its lstat, for its
    record to vouch for); anything else (a symbolic link, a pipe) is removed, never followed."""
    files, folders = [], []
    prefix = folder + "/" if folder else ""
    with os.scandir(staging.full(folder)) as entries:
        for entry in entries:
            path = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append((path, entry.stat(follow_symlinks=False) if listing.lists(path) else None))
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
            else:
                os.unlink(entry.path)
    return files, folders


def others_building(output: Path) -> bool:
    return any(kind == "new" and pid != os.getpid() and process_alive(pid) for kind, pid, _ in leftovers(output))


def start_staging(output: Path, progress: bool = False) -> tuple[Staging, LiveSite]:
    """Under the swap lock: tidy up, take the spare as this build's staging folder (or make an
    empty one), and open the live site to link from."""
    root, spare = staging_path(output, os.getpid()), spare_path(output)
    with swap_lock(output.parent):
        recover(output)
        taken = is_folder(spare) and not others_building(output)
        if taken:
            spare.rename(root)
        else:
            root.mkdir()
        live = open_live(output)
    try:
        return (recycled(root, progress) if taken else Staging(root, progress=progress)), live
    except BaseException:
        live.close()
        raise


def is_folder(path: Path) -> bool:
    """True for a folder that is not a symbolic link."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def write_files(files: Iterable[Output], staging: Staging, live: LiveSite) -> dict[str, str]:
    """Bring `staging` to hold exactly `files` and return their SHA-256 by path; refuse two files for
    one path. A file is kept from a recycled spare, else linked from the live site, else written
    (see the module docstring): unchanged pages keep their bytes on disk and their dates."""
    written: dict[str, str] = {}
    needed: set[str] = {""}
    for file in files:
        if file.path in written:
            raise SiteError(file.path, "two pages would be written to this path; rename one of their inputs")
        digest, size = file.digest, file.size
        written[file.path] = digest
        parts = output_parts(file.path)
        folder = file.path.rpartition("/")[0]
        if folder not in needed:  # a folder's parents are needed once it is
            needed.update(folders_along(parts))
        if not kept(staging, file.path, digest, size):
            make_room(staging, folder, parts)
            target = staging.full(file.path)
            if not linked(live, file.path, target, digest, size):
                write_new(target, file.data if isinstance(file, OutputFile) else copied(live, file))
    remove_unneeded(staging, needed)
    return written


def copied(live: LiveSite, file: LiveCopy) -> bytes:
    """The bytes of a live copy that could not be linked (another file system), read from the live
    site and checked; a file changed there since the build began (by hand, or by another build
    swapping in its site) is an error, as its bytes are not to be had."""
    data = b""
    if live.folder is not None:
        with contextlib.suppress(OSError):
            with open(os.open(file.path, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=live.folder), "rb") as handle:
                data = handle.read()
    if hashlib.sha256(data).hexdigest() != file.digest:
        raise SiteError(file.path, "this page changed in the output folder while the site was being built; build again")
    return data


def folders_along(parts: tuple[str, ...]) -> Iterator[str]:
    """The folders a file at `parts` is in, outermost first ("a", "a/b" for "a/b/c.html")."""
    return ("/".join(parts[:depth]) for depth in range(1, len(parts)))


def kept(staging: Staging, path: str, digest: str, size: int) -> bool:
    """True when the spare's file at `path` holds `digest` and stays; else it is removed."""
    if path not in staging.unclaimed:
        return False
    staging.unclaimed.remove(path)
    target = staging.full(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:  # listed, yet not there (module docstring)
        return False
    if staging.record.vouches(path, digest, info, size):
        return True
    removed(target)
    return False


def removed(target: str) -> None:
    """Remove the spare's file at `target`: one its record lists may since have gone, or be a
    folder (module docstring)."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(target)


def make_room(staging: Staging, folder: str, parts: tuple[str, ...]) -> None:
    """Make the folders a new file at `parts` goes in (`folder` and its parents), and clear its
    place: a spare's file where a folder goes, or a spare's folder where the file goes, is removed."""
    if folder not in staging.folders:  # else its parents are there too
        for path in folders_along(parts):
            if path not in staging.folders:
                if path in staging.unclaimed:
                    staging.unclaimed.remove(path)
                    removed(staging.full(path))
                os.mkdir(staging.full(path))
                staging.folders.add(path)
    path = "/".join(parts)
    if path in staging.folders:
        shutil.rmtree(staging.full(path))
        inside = path + "/"
        staging.folders = {f for f in staging.folders if f != path and not f.startswith(inside)}
        staging.unclaimed = {f for f in staging.unclaimed if not f.startswith(inside)}


def remove_unneeded(staging: Staging, needed: set[str]) -> None:
    """Remove the spare's files no new file claimed, then its folders no new file is in."""
    for path in shown(staging.unclaimed, "Removing old files", staging.progress, len(staging.unclaimed), "file"):
        removed(staging.full(path))
    staging.unclaimed = set()
    for folder in sorted(staging.folders - needed, reverse=True):  # a folder's contents sort after it
        os.rmdir(staging.full(folder))
    staging.folders &= needed


def linked(live: LiveSite, path: str, target: str, digest: str, size: int) -> bool:
    """Hard-link the live site's file at `path` as `target` when the live site's record vouches
    that it holds `digest`; False when it does not or cannot be linked."""
    if live.folder is None or live.record.digests.get(path) != digest:
        return False
    try:
        if not live.record.vouches(path, digest, os.lstat(path, dir_fd=live.folder), size):
            return False
        os.link(path, target, src_dir_fd=live.folder, follow_symlinks=False)
    except OSError:
        return False
    return True


def write_new(target: str, data: bytes) -> None:
    """Write `data` to a file that must not exist yet: never into a file shared with the live site.
    The same flags and mode as `open(target, "xb")`, with half its system calls (no fstat, terminal
    check or seek)."""
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


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


def kept_as_spare(retired: Path, spare: Path) -> bool:
    """Keep the retired site as the spare; False when it must be removed instead (a spare is there
    already, left by a concurrent build, or the rename failed)."""
    if not retired.exists():
        return True
    if os.path.lexists(spare):
        return False
    try:
        retired.rename(spare)
    except OSError:
        return False
    return True


def about_output(error: OSError, output: Path) -> bool:
    """True when `error` concerns the output folder or its temporary siblings, not an input."""
    if not error.filename:
        return True
    path = Path(os.fsdecode(error.filename))
    return path.parent == output.parent and path.name.lstrip(".").startswith(output.name) or any(
        parent.parent == output.parent and parent.name.lstrip(".").startswith(output.name) for parent in path.parents)


def write_site(files: Iterable[Output], output: Path,
               finish: Callable[[Path, dict[str, str]], None] | None = None, progress: bool = False) -> dict[str, str]:
    """Bring a staging folder (the recycled spare, or an empty one) to hold `files`, let `finish`
    add to it (the search index, the manifest), then swap it into place; the retired site becomes
    the spare. Returns the SHA-256 of each file written, by path. A failure to write (a full disk,
    a permission) is a SiteError naming the output; the previous site stays in place. With
    `progress`, bars count the recycled spare's files as they are looked through and removed (the
    files coming in are counted by render_site's bar, as they are rendered)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    root, retired = staging_path(output, os.getpid()), retired_path(output, os.getpid())
    live, spared = LiveSite(None), True
    try:
        staging, live = start_staging(output, progress)
        written = write_files(files, staging, live)
        if finish is not None:
            finish(root, written)
        with swap_lock(output.parent):
            swap(root, output, retired)
            spared = kept_as_spare(retired, spare_path(output))
    except OSError as error:
        if not about_output(error, output):
            raise  # an input that could not be read: the caller names it
        raise SiteError(str(output), f"could not write the site ({os_error_text(error)}); "
                                     "the previous site is unchanged") from error
    finally:
        live.close()
        shutil.rmtree(root, ignore_errors=True)
    if not spared:
        shutil.rmtree(retired, ignore_errors=True)
    return written
