"""Benchmark of builds whose size grows in one way: one large source, or many copies of a few texts.

    python bench/large_source_bench.py                      # both, at the default sizes
    python bench/large_source_bench.py --large 1 2 5 20     # the repository's five seeds beside one
                                                            # long text of 1, 2, 5 and 20 MB
    python bench/large_source_bench.py --wire 500 2000      # 500 and 2,000 reports, each a lightly
                                                            # edited copy of one of seven wire stories
    python bench/large_source_bench.py --build PROJECT OUTPUT   # one build in this process, one JSON line

Each build runs in a process of its own from scratch (no cache). For the large source it prints the
seconds of each stage, MB/s of the whole build and of analyze and link (their time should grow
linearly with the text), and the peak memory of the build process and of its largest worker; for
wire copies, the pair pages, the bytes of reuse/ and of data/passages.json, and the seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import Writer

from site_builder.build.pipeline import BuildOptions, build
from site_builder.build.timing import STAGES

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SPEAKERS = ("Sergei Lavrov", "Wang Yi", "the moderator", "a spokesman", "Antony Blinken")
WIRE_TEXTS = 7


def seed_sentences() -> list[str]:
    """The sentences of the repository's seeds (the phrases a transcript of the same talks repeats)."""
    text = " ".join(seed.read_text(encoding="utf-8") for seed in sorted(SEEDS.iterdir()))
    return sorted({sentence.strip() + "." for sentence in " ".join(text.split()).split(". ") if 8 <= len(sentence.split()) <= 40})


def transcript(megabytes: float, seed: int = 1) -> str:
    """At most `megabytes` of news-like paragraphs, as a long plain-text transcript: Zipf prose
    (bench/corpus.py) with a quotation in every third paragraph, a dated paragraph in every
    seventh, and in every fifth a sentence of the seeds (the same few phrases again and again, as
    a transcript of the talks they report repeats them)."""
    writer = Writer(seed)
    rng = writer.rng
    repeated = seed_sentences()
    paragraphs, size, number = ["Transcript of the press conferences"], 0, 0
    while True:
        number += 1
        words = " ".join(writer.paragraph())
        if number % 3 == 0:
            words += f' "{" ".join(writer.sentence())}" {rng.choice(SPEAKERS)} said.'
        if number % 5 == 0:
            words += " " + rng.choice(repeated)
        if number % 7 == 0:
            words = f"On {rng.randint(1, 28)} March {rng.choice((2021, 2022))}, {rng.choice(SPEAKERS)} met the press. " + words
        size += len(words.encode("utf-8")) + 2
        if size > megabytes * 1_000_000 - 100:  # within the default max_source_bytes at 20 MB
            break
        paragraphs.append(words)
    return "\n\n".join(paragraphs) + "\n"


def write_large_project(folder: Path, megabytes: float) -> None:
    """The repository's five seeds and one long transcript, as a new user's first project."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "seeds").mkdir(parents=True)
    for seed in sorted(SEEDS.iterdir()):
        shutil.copyfile(seed, folder / "seeds" / seed.name)
    (folder / "seeds" / "transcript.txt").write_text(transcript(megabytes), encoding="utf-8")


def write_wire_project(folder: Path, count: int, seed: int = 1) -> None:
    """`count` reports, each a lightly edited copy of one of WIRE_TEXTS wire stories of 30 paragraphs,
    as outlets run them: trimmed to 5-12 consecutive paragraphs (so each paragraph stands in fewer
    reports than the shingle limit, and the copies are found), under a headline of their own, with
    a sentence of their own inserted and sometimes a word changed."""
    writer = Writer(seed)
    rng = writer.rng
    stories = [[" ".join(writer.paragraph()) for _ in range(30)] for _ in range(WIRE_TEXTS)]
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "seeds").mkdir(parents=True)
    for number in range(count):
        story, length = stories[number % WIRE_TEXTS], rng.randint(5, 12)
        start = rng.randint(0, len(story) - length)
        paragraphs = story[start:start + length]
        if rng.random() < 0.3:
            at = rng.randrange(len(paragraphs))
            words = paragraphs[at].split()
            words[rng.randrange(len(words))] = "reportedly"
            paragraphs[at] = " ".join(words)
        paragraphs.insert(rng.randint(1, len(paragraphs)), " ".join(writer.sentence()))
        headline = " ".join(writer.sentence()[:8]).rstrip(".")
        (folder / "seeds" / f"r{number:05d}.txt").write_text("\n\n".join([headline, *paragraphs]) + "\n", encoding="utf-8")


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) if folder.exists() else 0


def build_once(project: Path, output: Path) -> dict:
    """One build in this process: seconds in all and per stage, and peak memory (this process, and
    its largest worker)."""
    started = time.perf_counter()
    result = build(project, output, BuildOptions(cache=False))
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "stages": {name: round(result.stopwatch.seconds.get(name, 0.0), 2) for name in STAGES},
        "pair_pages": len(result.site.reuse),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_child_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def build_in_own_process(project: Path, output: Path) -> dict:
    finished = subprocess.run([sys.executable, __file__, "--build", str(project), str(output)],
                              check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(finished.stdout.splitlines()[-1])


def measure_large(megabytes: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix="large-source-"))
    try:
        write_large_project(work / "project", megabytes)
        found = build_in_own_process(work / "project", work / "public")
        return {"mb": megabytes, **found}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure_wire(count: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="wire-copies-"))
    try:
        write_wire_project(work / "project", count)
        found = build_in_own_process(work / "project", work / "public")
        return {"reports": count, **found, "reuse_mb": round(folder_bytes(work / "public/reuse") / 1e6, 2),
                "passages_json_mb": round((work / "public/data/passages.json").stat().st_size / 1e6, 2),
                "site_mb": round(folder_bytes(work / "public") / 1e6, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_large(rows: list[dict]) -> None:
    print(" ".join(f"{h:>8}" for h in ("MB", *STAGES, "total", "MB/s", "an MB/s", "ln MB/s", "RSS MB", "child MB")))
    for r in rows:
        stages = r["stages"]
        rates = [r["mb"] / max(seconds, 0.01) for seconds in (r["seconds"], stages["analyze"], stages["link"])]
        cells = [r["mb"], *(stages[s] for s in STAGES), r["seconds"], *(f"{rate:.2f}" for rate in rates),
                 r["peak_rss_mb"], r["peak_child_rss_mb"]]
        print(" ".join(f"{c:>8}" for c in cells))
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"seconds per MB at {last['mb']} MB / at {first['mb']} MB: "
              f"{last['seconds'] / last['mb'] / (first['seconds'] / first['mb']):.2f}x (linear: about 1x)")


def print_wire(rows: list[dict]) -> None:
    print(" ".join(f"{h:>10}" for h in ("reports", "pair pages", "reuse/ MB", "passages MB", "site MB", "seconds", "link s", "render s")))
    for r in rows:
        cells = [r["reports"], r["pair_pages"], r["reuse_mb"], r["passages_json_mb"], r["site_mb"], r["seconds"],
                 r["stages"]["link"], r["stages"]["render"]]
        print(" ".join(f"{c:>10}" for c in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=float, nargs="*", help="megabytes of the long source (default 1 2 5 20)")
    parser.add_argument("--wire", type=int, nargs="*", help="reports of the wire-copy corpus (default 500 2000)")
    parser.add_argument("--build", type=Path, nargs=2, metavar=("PROJECT", "OUTPUT"), help="one build in this process; print JSON")
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build_once(*args.build)))
        return 0
    both = args.large is None and args.wire is None
    if args.large is not None or both:
        print_large([measure_large(size) for size in args.large or (1, 2, 5, 20)])
    if args.wire is not None or both:
        print_wire([measure_wire(count) for count in args.wire or (500, 2000)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
