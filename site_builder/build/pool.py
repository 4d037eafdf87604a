"""Run one function over many independent items in a pool of processes, results in input order."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Callable, Generator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many units of work a pool costs more (starting workers) than it saves.
MIN_ITEMS_FOR_POOL = 64
CHUNKS_PER_WORKER = 8
# The most units in one piece of work, so that the results of one piece (a piece of a site's pages,
# analysed sources) stay a few megabytes however large the collection.
MAX_CHUNK = 200
# Pieces given to the pool ahead of the caller, per worker: enough to keep every worker busy, and
# no more, so that results the caller has not taken yet never pile up in memory.
AHEAD_PER_WORKER = 2


PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def die_with_parent() -> None:
    """In a child process: on Linux, be killed when the parent dies. A build killed outright
    (SIGKILL, the out-of-memory killer) then leaves no worker or indexer behind, holding memory or
    writing into a staging folder that the next build removes."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _start_worker(initializer: Callable[..., None] | None, *initargs: Any) -> None:
    die_with_parent()
    if initializer is not None:
        initializer(*initargs)


def default_jobs() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pool_size(jobs: int, work: int) -> int:
    """The processes worth starting for `work` units: one (no pool) when the work is small."""
    return 1 if work < MIN_ITEMS_FOR_POOL else max(1, jobs)


def chunks(count: int, jobs: int) -> list[range]:
    """`range(count)` cut into contiguous pieces, several per worker so that they share the work
    evenly, and none longer than `MAX_CHUNK`."""
    size = min(MAX_CHUNK, max(1, -(-count // (jobs * CHUNKS_PER_WORKER))))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def start_method() -> str:
    """fork when this process runs one thread (workers then share the parent's memory, nothing is
    pickled and no module is imported again); otherwise forkserver, as forking a threaded process
    can copy a lock that another thread holds."""
    return "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "forkserver"


def _apply(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    return [function(item) for item in items]


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int,
                 initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
                 ordered: bool = True, batched: bool = True) -> Generator[Result, None, None]:
    """`function` over `items` in `jobs` worker processes (in this one when `jobs` is 1), in their
    order, or as they are done when not `ordered`. The work starts at once, so the caller can do
    other work while the results come, but only `AHEAD_PER_WORKER` pieces per worker run ahead of
    the caller. Items go to the workers in pieces (`chunks`), or one by one when not `batched`
    (items that are pieces already). Each worker gets the shared state once, through
    `initializer`. An exception in a worker is raised here, as it would be in a plain loop;
    closing the generator cancels the remaining work."""
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        return (function(item) for item in items)
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(start_method()),
                               initializer=_start_worker, initargs=(initializer, *initargs))
    pieces = iter(chunks(len(items), jobs) if batched else [range(index, index + 1) for index in range(len(items))])
    running: list[Future[list[Result]]] = []

    def give_out() -> None:
        while len(running) < jobs * AHEAD_PER_WORKER and (piece := next(pieces, None)) is not None:
            running.append(pool.submit(_apply, function, items[piece.start:piece.stop]))

    give_out()  # now, not when the caller first asks: the workers start while it does other work

    def collected() -> Generator[Result, None, None]:
        try:
            while running:
                if ordered:
                    done = running[0]
                else:
                    finished = wait(running, return_when=FIRST_COMPLETED).done
                    done = next(future for future in running if future in finished)
                running.remove(done)
                results = done.result()
                give_out()  # before the caller takes these results, so the workers never wait on it
                yield from results
        finally:
            pool.shutdown(cancel_futures=True)

    return collected()
