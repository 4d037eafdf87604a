"""Run one function over many independent items in a pool of processes, results in input order."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a pool costs more (starting workers, importing the package) than it saves.
MIN_ITEMS_FOR_POOL = 64
CHUNKS_PER_WORKER = 8


def default_jobs() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int,
                 initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Iterator[Result]:
    """`function` over `items`, in their order, in `jobs` processes (in this one when `jobs` is 1
    or the items are few). Workers start from a fresh interpreter (forkserver), never from a fork
    of this possibly threaded process, and get their shared state once through `initializer`.
    An exception in a worker is raised here, as it would be in a plain loop."""
    if jobs <= 1 or len(items) < MIN_ITEMS_FOR_POOL:
        if initializer is not None:
            initializer(*initargs)
        yield from map(function, items)
        return
    chunk = max(1, len(items) // (jobs * CHUNKS_PER_WORKER))
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
        yield from pool.map(function, items, chunksize=chunk)
