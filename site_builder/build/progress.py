"""Progress bars for long builds: on a terminal only, after the first second, never under --quiet or CI."""

from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator, TypeVar

from tqdm import tqdm

Item = TypeVar("Item")


def wanted(quiet: bool) -> bool:
    """Bars for a person at a terminal: not with --quiet, not in CI (which sets CI=true)."""
    return not quiet and not os.environ.get("CI") and sys.stderr.isatty()


def shown(items: Iterable[Item], description: str, enabled: bool, total: int | None = None, unit: str = "file") -> Iterator[Item]:
    """`items`, drawing a bar on stderr when `enabled` and the work lasts more than a second."""
    if not enabled:
        return iter(items)
    return iter(tqdm(items, desc=description, total=total, unit=unit, delay=1.0, leave=False, file=sys.stderr,
                     dynamic_ncols=True))
