"""Benchmark of the text-reuse stage on synthetic corpora with planted passages.

    python bench/reuse_bench.py              # 1,000 and 10,000 sources, each in its own process
    python bench/reuse_bench.py --one 1000   # one size, prints one JSON line

Prints seconds, sources per second, recall and precision against the planted passages, and the
peak memory of the process; the figures go to bench/results.json under "reuse".
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from corpus import corpus

from site_builder.linking.reuse import find_reuse
from site_builder.options import ReuseSettings

RESULTS = Path(__file__).with_name("results.json")


def close(found: tuple[int, int, int, int], planted: tuple[int, int, int, int]) -> bool:
    """The same passage: each end within one word of the planted one (a neighbouring word may match by chance)."""
    return all(abs(x - y) <= 1 for x, y in zip(found, planted))


def measure(count: int) -> dict:
    sources, planted = corpus(count)
    started = time.perf_counter()
    pairs = find_reuse(sources, ReuseSettings())
    seconds = time.perf_counter() - started
    truth: dict[tuple[str, str], list[tuple[int, int, int, int]]] = {}
    for p in planted:
        truth.setdefault((p.a, p.b), []).append((p.first_a, p.last_a, p.first_b, p.last_b))
    found = [((pair.a, pair.b), (x.a.first_word, x.a.last_word, x.b.first_word, x.b.last_word))
             for pair in pairs for x in pair.passages]
    correct = sum(1 for key, span in found if any(close(span, t) for t in truth.get(key, [])))
    recalled = sum(1 for key, spans in truth.items() for t in spans
                   if any(k == key and close(span, t) for k, span in found))
    return {
        "sources": count,
        "words": sum(len(p.text.split()) for s in sources for p in s.paragraphs),
        "seconds": round(seconds, 3),
        "ms_per_source": round(seconds / count * 1000, 4),
        "planted": len(planted),
        "found": len(found),
        "recall": round(recalled / max(1, len(planted)), 4),
        "precision": round(correct / max(1, len(found)), 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", type=int, help="measure one size in this process and print JSON")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    rows = []
    for size in args.sizes:
        output = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True, capture_output=True, text=True)
        rows.append(json.loads(output.stdout))
    print(f"{'sources':>8} {'words':>11} {'seconds':>8} {'ms/source':>10} {'planted':>8} {'found':>7} {'recall':>7} {'precision':>9} {'peak MB':>8}")
    for r in rows:
        print(f"{r['sources']:>8} {r['words']:>11} {r['seconds']:>8} {r['ms_per_source']:>10} {r['planted']:>8} {r['found']:>7} "
              f"{r['recall']:>7} {r['precision']:>9} {r['peak_rss_mb']:>8}")
    if len(rows) > 1:
        ratio = rows[-1]["ms_per_source"] / rows[0]["ms_per_source"]
        print(f"time per source at {rows[-1]['sources']} / at {rows[0]['sources']}: {ratio:.2f}x (target <= 1.5x)")
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["reuse"] = rows
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
