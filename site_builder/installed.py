"""Where the running site_builder came from, as the `pip install` arguments that install it again.

A project made by `site-builder init` installs exactly this tool when it is published: the
released version, the Git commit, or the folder it was installed from (PEP 610's
`direct_url.json`, read with importlib.metadata). A folder that is a Git checkout with a remote
`origin` is written as that remote at the checked-out commit, which a GitHub runner can fetch.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import urllib.parse
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import site_builder

DIST_NAME = "research-site-builder"
GIT_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Requirement:
    """What follows `pip install` (quoted for a shell), and what it is in words."""

    args: str
    described: str
    local: bool = False  # a path on this computer, which a GitHub runner cannot see
    unpushed: bool = False  # a Git commit no remote branch is known to contain


def install_requirement() -> Requirement:
    """The requirement for the site_builder running now."""
    version, direct_url = installed()
    return requirement_for(version, direct_url)


def installed() -> tuple[str, dict | None]:
    """The version and PEP 610 direct URL of the installed distribution. Running from a source tree
    that was never installed counts as installed from that folder."""
    found = list(metadata.distributions(name=DIST_NAME))
    # A dist-info written by an installer beats a stale *.egg-info left in the current folder.
    found.sort(key=lambda dist: dist.read_text("INSTALLER") is None)
    if not found:
        root = Path(site_builder.__file__).resolve().parent.parent
        return site_builder.__version__, {"url": root.as_uri(), "dir_info": {}}
    text = found[0].read_text("direct_url.json")
    return found[0].version, json.loads(text) if text else None


def requirement_for(version: str, direct_url: dict | None) -> Requirement:
    """The requirement for `version` installed from `direct_url` (None: from a package index)."""
    if direct_url is None:
        return Requirement(f"{DIST_NAME}=={version}", f"{DIST_NAME} {version} from PyPI")
    url = direct_url["url"]
    subdirectory = direct_url.get("subdirectory")
    vcs = direct_url.get("vcs_info")
    if vcs:
        return vcs_requirement(vcs["vcs"], url, vcs["commit_id"], subdirectory)
    if url.startswith("file:"):
        path = Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path))
        checkout = git_checkout(path) if "dir_info" in direct_url else None
        if checkout is not None:
            return checkout
        editable = "-e " if direct_url.get("dir_info", {}).get("editable") else ""
        return Requirement(editable + shlex.quote(str(path)), f"{DIST_NAME} {version} from {path}", local=True)
    return Requirement(shlex.quote(url), f"{DIST_NAME} {version} from {url}")


def vcs_requirement(vcs: str, url: str, commit: str, subdirectory: str | None = None,
                    unpushed: bool = False) -> Requirement:
    fragment = f"#subdirectory={subdirectory}" if subdirectory else ""
    return Requirement(shlex.quote(f"{vcs}+{url}@{commit}{fragment}"), f"{DIST_NAME} from {url} at commit {commit}",
                       unpushed=unpushed)


def git_checkout(folder: Path) -> Requirement | None:
    """`folder`'s Git remote `origin` at its checked-out commit, or None when it is no checkout
    with a remote another machine can fetch."""
    commit = git(folder, "rev-parse", "HEAD")
    remote = fetchable(git(folder, "config", "--get", "remote.origin.url") or "")
    if not commit or not remote:
        return None
    prefix = (git(folder, "rev-parse", "--show-prefix") or "").strip("/")
    unpushed = not git(folder, "branch", "--remotes", "--contains", commit)
    return vcs_requirement("git", remote, commit, prefix or None, unpushed)


def git(folder: Path, *args: str) -> str | None:
    """The output of a git command in `folder`, or None when git fails or is not installed."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def fetchable(remote: str) -> str | None:
    """A Git remote as an https address a runner can fetch without keys (`git@host:o/r.git` ->
    `https://host/o/r.git`), with any user name or token dropped; None for a path on this computer."""
    scp_like = re.match(r"^[\w.-]+@([\w.-]+):(?!//)(.+)$", remote)
    if scp_like:
        return f"https://{scp_like[1]}/{scp_like[2]}"
    parts = urllib.parse.urlsplit(remote)
    if parts.scheme not in ("https", "http", "ssh", "git") or not parts.hostname:
        return None
    scheme = "http" if parts.scheme == "http" else "https"
    return urllib.parse.urlunsplit((scheme, parts.hostname, parts.path, "", ""))
