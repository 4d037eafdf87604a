"""Benchmark of full builds on synthetic projects (bench/project.py), with a plain-render baseline.

    python bench/build_bench.py                    # 1,000 and 10,000 sources
    python bench/build_bench.py --sizes 1000       # one size
    python bench/build_bench.py --with-100k        # also 100,000 sources (about 40 minutes for the full
                                                   # build alone, 18 GB of memory in all)
    python bench/build_bench.py --one 1000         # one size in this process, prints one JSON line
    python bench/build_bench.py --build PROJECT OUTPUT  # one build in this process, prints one JSON line

For each size, in its own process: write the project, build it from scratch (no cache), then
twice edit one source and build again (the incremental path; the second rebuild, with the previous
site kept as a spare to recycle, is the one reported), and time a plain render of the same sources
through Jinja2 and Python-Markdown with no analysis in the same number of processes. Each build
runs in a process of its own, started as `site-builder build` would be, so that its peak memory
(and its workers') is that build's alone. Prints a table and writes bench/results.json under "build".
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import markdown
from project import proposal_quality, write_project

from site_builder.build.pipeline import BuildOptions, build
from site_builder.build.pool import default_jobs
from site_builder.build.timing import STAGES
from site_builder.model import Site

RESULTS = Path(__file__).with_name("results.json")
PLAIN_PAGE = jinja2.Template(
    "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{{ title }}</title>"
    "<link rel=stylesheet href=../static/style.css></head><body><main><h1>{{ title }}</h1>{{ body }}</main></body></html>",
    autoescape=True,
)


def plain_page(args: tuple[Path, Path]) -> int:
    """One source through Markdown and a Jinja2 page, written to disk: the baseline's unit of work."""
    seed, output = args
    text = seed.read_text(encoding="utf-8")
    body = markdown.markdown(text)
    page = output / seed.stem / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(PLAIN_PAGE.render(title=text.splitlines()[0], body=jinja2.utils.markupsafe.Markup(body)), encoding="utf-8")
    return 1


def plain_render_seconds(project: Path, output: Path, jobs: int) -> float:
    seeds = sorted((project / "seeds").iterdir())
    started = time.perf_counter()
    with multiprocessing.get_context("forkserver").Pool(jobs) as pool:
        sum(pool.imap_unordered(plain_page, [(seed, output) for seed in seeds], chunksize=64))
    return time.perf_counter() - started


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def edit_one_source(project: Path, number: int) -> None:
    seeds = sorted((project / "seeds").iterdir())
    seed = seeds[(len(seeds) // 2 + number) % len(seeds)]
    seed.write_text(seed.read_text(encoding="utf-8") + f"\nA sentence added after build {number}.\n", encoding="utf-8")


def proposed_groups(site: Site) -> list[tuple[str, ...]]:
    """The proposed events' sources, and each source no event holds as a group of its own (the
    build proposes no event of one report; leaving them out would hide what the clustering split)."""
    groups = [event.sources for event in site.events if not event.curated]
    grouped = {source_id for event in site.events for source_id in event.sources}
    return groups + [(source.id,) for source in site.sources if source.id not in grouped]


def build_once(project: Path, output: Path, jobs: int, score: bool = True) -> dict:
    """One build in this process: seconds, seconds per stage, pages, what the cache and the page
    memo saved, this process's and its workers' peak memory, and (with `score`, after the build)
    how the proposed events match the planted ones."""
    started = time.perf_counter()
    result = build(project, output, BuildOptions(jobs=jobs))
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "stages": {name: round(result.stopwatch.seconds.get(name, 0.0), 2) for name in STAGES},
        "pages": result.files,
        "pages_rendered": len(result.pages.rendered),
        "cached_sources": result.cache.hits,
        "proposals": proposal_quality(proposed_groups(result.site), project / "seeds") if score else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_child_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def build_in_own_process(project: Path, output: Path, jobs: int, score: bool = True) -> dict:
    """`build_once` in a new process, as a user's `site-builder build` runs. Its "seconds" leave out
    the process's start-up and imports (as the in-process figures before did); "process_seconds" is
    the whole process's wall time, start to exit (without `score`, nothing runs after the build)."""
    started = time.perf_counter()
    finished = subprocess.run([sys.executable, __file__, "--build", str(project), str(output), "--jobs", str(jobs),
                               *([] if score else ["--no-score"])], check=True, capture_output=True, text=True)
    measured = json.loads(finished.stdout.splitlines()[-1])
    return measured | {"process_seconds": round(time.perf_counter() - started, 2)}


def edit_one_builds(project: Path, output: Path, jobs: int, score: bool = True) -> tuple[dict, dict]:
    """After a full build into `output`: twice append a sentence to one source and build again, each
    build in its own process. The first rebuild starts without a spare site to recycle; the second is
    the steady state of a working session (the site before the last one kept as the spare)."""
    edit_one_source(project, 1)
    first = build_in_own_process(project, output, jobs, score)
    edit_one_source(project, 2)
    return first, build_in_own_process(project, output, jobs, score)


def measure(count: int, jobs: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"bench-{count}-"))
    try:
        project = work / "project"
        write_project(count, project)
        full = build_in_own_process(project, work / "public", jobs)
        first_incremental, again = edit_one_builds(project, work / "public", jobs)
        baseline = plain_render_seconds(project, work / "plain", jobs)
        return {
            "sources": count,
            "jobs": jobs,
            "pages": full["pages"],
            "proposals": full["proposals"],
            "stages": full["stages"],
            "seconds": full["seconds"],
            "sources_per_second": round(count / full["seconds"], 1),
            "first_incremental_seconds": first_incremental["seconds"],
            "incremental_seconds": again["seconds"],
            "incremental_pages_rendered": again["pages_rendered"],
            "incremental_stages": again["stages"],
            "incremental_cached_sources": again["cached_sources"],
            "incremental_peak_rss_mb": again["peak_rss_mb"],
            "baseline_seconds": round(baseline, 2),
            "ratio_to_baseline": round(full["seconds"] / baseline, 1),
            "peak_rss_mb": full["peak_rss_mb"],
            "peak_child_rss_mb": full["peak_child_rss_mb"],
            "output_mb": round(folder_bytes(work / "public") / 1e6, 1),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_table(rows: list[dict]) -> None:
    header = ["sources", *STAGES, "total", "src/s", "1st edit", "edit", "rendered", "plain", "ratio", "RSS MB", "child MB", "edit MB", "out MB"]
    print(" ".join(f"{h:>8}" for h in header))
    for r in rows:
        cells = [r["sources"], *(r["stages"][s] for s in STAGES), r["seconds"], r["sources_per_second"],
                 r["first_incremental_seconds"], r["incremental_seconds"], r["incremental_pages_rendered"], r["baseline_seconds"], f"{r['ratio_to_baseline']}x", r["peak_rss_mb"],
                 r["peak_child_rss_mb"], r["incremental_peak_rss_mb"], r["output_mb"]]
        print(" ".join(f"{c:>8}" for c in cells))
    for r in rows:
        q = r["proposals"]
        print(f"proposed events at {r['sources']}: {q['exact']} of {q['planted']} planted events exactly, pair precision "
              f"{q['precision']}, recall {q['recall']}, largest {q['largest']} sources")
    if len(rows) > 1:
        per = [r["seconds"] / r["sources"] for r in rows]
        print(f"time per source at {rows[-1]['sources']} / at {rows[0]['sources']}: {per[-1] / per[0]:.2f}x (target <= 1.3x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", type=int, help="measure one size in this process and print JSON")
    parser.add_argument("--build", type=Path, nargs=2, metavar=("PROJECT", "OUTPUT"), help="one build in this process; print JSON")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--with-100k", action="store_true",
                        help="add 100,000 sources (long: about 40 minutes for the full build and 18 GB of "
                             "memory in all, see bench/README.md)")
    parser.add_argument("--no-score", dest="score", action="store_false",
                        help="with --build: do not score the proposed events (nothing runs after the build)")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build_once(*args.build, args.jobs, args.score)))
        return 0
    if args.one:
        print(json.dumps(measure(args.one, args.jobs)))
        return 0
    rows = []
    for size in args.sizes + ([100_000] if args.with_100k else []):
        output = subprocess.run([sys.executable, __file__, "--one", str(size), "--jobs", str(args.jobs)],
                                check=True, capture_output=True, text=True)
        rows.append(json.loads(output.stdout.splitlines()[-1]))
        print(f"measured {size} sources", file=sys.stderr)
    print_table(rows)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["build"] = rows
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
