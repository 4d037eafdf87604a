"""Seconds spent per build stage, for the build summary and `make bench`."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, TypeVar

Item = TypeVar("Item")

# The stages in pipeline order, as the benchmark prints them.
STAGES = ("load", "clean", "analyze", "link", "render", "write", "search")


@dataclass
class Stopwatch:
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add({name: time.perf_counter() - started})

    def add(self, seconds: Mapping[str, float], scale: float = 1.0) -> None:
        for name, value in seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + value * scale

    def timed(self, name: str, items: Iterable[Item]) -> Iterator[Item]:
        """`items`, with the time spent producing each one (not consuming it) counted under `name`."""
        iterator = iter(items)
        while True:
            with self.stage(name):
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item
