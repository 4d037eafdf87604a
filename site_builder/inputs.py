"""The input files a build may read, and the names it may publish under.

Every file read from `seeds/`, `content/` or `static/` must be a regular file inside the project
once symbolic links are followed (a link inside the project is fine; one leading outside is an
error, so a build never publishes a file from elsewhere on the machine). Hidden files (`.draft.md`,
editor lock and swap files) and editors' backups (`report.txt~`, `#report.txt#`) are skipped. Names that become output paths must also be valid on Windows and
macOS checkouts.
"""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.errors import SiteError

# Device names Windows reserves with any extension and in any case (`con`, `Nul.txt`, `com1.md`).
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)})
RESERVED_NOTE = "a name Windows reserves (con, prn, aux, nul, com1, lpt1…)"


def skipped(name: str) -> bool:
    """True for a file or folder name no build reads: hidden (`.draft.md`, vim's `.x.swp`) or an
    editor's backup or autosave (`x~`, `#x#`), so that saving in an editor changes nothing else."""
    return name.startswith(".") or name.endswith("~") or (len(name) > 1 and name.startswith("#") and name.endswith("#"))


def reserved_on_windows(name: str) -> bool:
    """True when `name` (a file or folder name) is a Windows device name such as `CON` or `nul.txt`."""
    return name.split(".")[0].rstrip(" ").lower() in WINDOWS_RESERVED


def check_input(project: Path, path: Path, shown: str) -> Path:
    """`path` when it is a regular file inside `project` (after symbolic links); else an error naming it."""
    if not path.exists():
        raise SiteError(shown, "is a symbolic link whose target does not exist" if path.is_symlink() else "no such file")
    resolved = path.resolve()
    if not resolved.is_relative_to(project.resolve()):
        raise SiteError(shown, f"is a symbolic link to {resolved}, outside the project; copy the file into the project instead")
    if not resolved.is_file():
        raise SiteError(shown, "is a folder or a special file, not a regular file")
    return path


def listed(project: Path, folder: Path) -> tuple[list[os.DirEntry[str]], bool]:
    """The entries of `folder`, sorted by name, and whether the folder itself is inside `project`
    (after symbolic links), so that its plain files need no look-up of their own (`check_entry`)."""
    with os.scandir(folder) as scanned:
        entries = sorted(scanned, key=lambda entry: entry.name)
    return entries, folder.resolve().is_relative_to(project.resolve())


def check_entry(project: Path, entry: os.DirEntry[str], shown: str, folder_inside: bool) -> Path:
    """`check_input` for a file met while listing a folder: a regular file that is no symbolic link,
    in a folder inside the project, passes without a system call (a build lists thousands)."""
    if folder_inside and entry.is_file(follow_symlinks=False):
        return Path(entry.path)
    return check_input(project, Path(entry.path), shown)


def optional_input(project: Path, shown: str) -> Path | None:
    """The checked file at `shown` (relative to `project`), or None when there is nothing there."""
    path = project / shown
    return check_input(project, path, shown) if path.exists() or path.is_symlink() else None


def folder_inputs(project: Path, folder: str, suffixes: tuple[str, ...]) -> list[Path]:
    """The checked files directly in `project/folder` with one of `suffixes`, sorted; hidden files skipped."""
    root = project / folder
    if not root.is_dir():
        return []
    entries, inside = listed(project, root)
    return [check_entry(project, entry, f"{folder}/{entry.name}", inside) for entry in entries
            if not skipped(entry.name) and Path(entry.name).suffix in suffixes]
