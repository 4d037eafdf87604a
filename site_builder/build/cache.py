"""The persistent build cache under `.cache/`: per-source results, keyed by the SHA-256 of every
input they depend on and of the tool's own code, so any change to those inputs (or an upgrade)
misses and recomputes.

Entries are pickles. Unpickling runs code, and a contributor could commit a `.cache/` folder, so
each entry carries an HMAC made with a key kept outside the project (in the user's own cache
folder): an entry this machine did not write, or a damaged one, is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from site_builder import __version__

CACHE_ROOT = ".cache"  # every cache of a project is a folder in it
CACHE_DIR = f"{CACHE_ROOT}/site_builder"
# The link stage's: curated events by file (events.py), comparison tables by event (pipeline.py)
# and text reuse's aligned pairs (reuse_memo.py).
EVENTS_CACHE_DIR = f"{CACHE_ROOT}/events"
COMPARISONS_CACHE_DIR = f"{CACHE_ROOT}/comparisons"
REUSE_CACHE_DIR = f"{CACHE_ROOT}/reuse"
PIECES_CACHE_DIR = f"{CACHE_ROOT}/data"  # the pieces of the data downloads (piece_memo.py)
RENDER_CACHE_DIR = f"{CACHE_ROOT}/render"  # the page memo (memo.py)
KEY_FILE = "cache-key"
_DIGEST = hashlib.sha256().digest_size


@lru_cache(maxsize=1)
def tool_fingerprint() -> bytes:
    """The version and the bytes of every module of this package and the plugins': a code change is a cache miss."""
    from site_builder.plugins import plugin_fingerprint

    digest = hashlib.sha256(__version__.encode() + plugin_fingerprint())
    package = Path(__file__).parents[1]  # site_builder/, not build/
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def user_cache() -> Path:
    """This user's own cache folder for site_builder, outside any project (so no contributor can
    put files there): the signing key, and compiled templates."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "site_builder"


def signing_key() -> bytes:
    """This user's secret for signing cache entries, created on first use."""
    home = user_cache()
    path = home / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    temporary = path.with_name(f".{KEY_FILE}.{os.getpid()}")
    temporary.write_bytes(key)
    temporary.chmod(0o600)
    os.replace(temporary, path)
    return key


@dataclass
class Cache:
    """Signed pickles in `folder`, one file per key; `folder=None` is a cache that never hits."""

    folder: Path | None
    key: bytes = b""
    used: set[str] = field(default_factory=set)
    hits: int = 0
    misses: int = 0

    @classmethod
    def in_project(cls, project: Path, folder: str = CACHE_DIR) -> "Cache":
        return cls(project / folder, signing_key())

    @staticmethod
    def key_of(*parts: bytes) -> str:
        """One key for these inputs (and this version of the tool)."""
        digest = hashlib.sha256(tool_fingerprint())
        for part in parts:
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        """The value stored under `key`, or None when absent, unsigned, damaged or unreadable."""
        self.used.add(key)
        value = self._read(key) if self.folder is not None else None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def _read(self, key: str) -> Any | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        mac, body = data[:_DIGEST], data[_DIGEST:]
        if not hmac.compare_digest(mac, hmac.new(self.key, body, hashlib.sha256).digest()):
            return None
        try:
            return pickle.loads(body)
        except Exception:  # a signed entry from an incompatible build of the model: recompute it
            return None

    def put(self, key: str, value: Any) -> bytes:
        """Store `value` (atomically: a reader never sees half an entry) and return its pickle, for a
        worker to send on without pickling it twice. A cache that cannot be written (read-only
        folder, full disk) only costs speed, so write errors are ignored."""
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if self.folder is None:
            return body
        path = self._path(key)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(hmac.new(self.key, body, hashlib.sha256).digest() + body)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        return body

    def prune(self) -> None:
        """Remove entries this build did not ask for (deleted or edited sources), so the cache does
        not grow with every edit."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def project_cache(project: Path, enabled: bool, folder: str = CACHE_DIR) -> Cache:
    return Cache.in_project(project, folder) if enabled else Cache(None)
