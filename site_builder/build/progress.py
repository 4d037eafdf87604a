"""Progress bars for long builds: on a terminal only, after the first second, never under --quiet or CI.

Every bar has a unit (the things counted: sources, events, pages, files) and, where the work is
known ahead, a total, from which tqdm gives an estimate of the time left; where it is not (a walk
of a folder), the count and the elapsed time are shown instead."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterable, Iterator, Protocol, TypeVar

from tqdm import tqdm

Item = TypeVar("Item")

DELAY = 1.0  # seconds before a bar is drawn: work that ends sooner shows nothing


class Tally(Protocol):
    """What a stage counts its work with: `update(n)` when n more units are done."""

    def update(self, n: int = 1) -> object: ...


class Silent:
    """The tally of a stage without a bar."""

    def update(self, n: int = 1) -> None:
        pass


def wanted(quiet: bool) -> bool:
    """Bars for a person at a terminal: not with --quiet, not in CI (which sets CI=true)."""
    return not quiet and not os.environ.get("CI") and sys.stderr.isatty()


class Bar(tqdm):
    """tqdm without its monitor thread, which outlives the bar by up to ten seconds: with a second
    thread running, the next process pool starts by forkserver instead of fork (build/pool.py's
    `start_method`), and its workers import everything and are sent the whole site again."""

    monitor_interval = 0


def bar(description: str, total: int | None, unit: str, items: Iterable[Item] | None = None) -> Bar:
    """A bar on stderr, drawn once the work lasts `DELAY`, and cleared when it is done."""
    return Bar(items, desc=description, total=total, unit=unit, delay=DELAY, leave=False, file=sys.stderr,
                dynamic_ncols=True)


def shown(items: Iterable[Item], description: str, enabled: bool, total: int | None = None, unit: str = "file") -> Iterator[Item]:
    """`items`, counted one unit each on a bar when `enabled` (see `bar`)."""
    return iter(bar(description, total, unit, items) if enabled else items)


@contextlib.contextmanager
def tallied(description: str, enabled: bool, total: int | None, unit: str) -> Iterator[Tally]:
    """A tally for work that is not one item at a time (a shard of many pages, a piece of the
    pages among other files): a bar when `enabled`, else nothing."""
    if not enabled:
        yield Silent()
        return
    with bar(description, total, unit) as drawn:
        yield drawn
