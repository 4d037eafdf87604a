"""Speaker attribution measured on the hand-labelled quotations of real reports (tests/quotes/).

    python bench/quotes_bench.py            # precision, recall, F1 and counts
    python bench/quotes_bench.py --misses   # also every quotation attributed wrongly or not at all

The scoring is tests/quotes/score.py, the same the test uses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "quotes"))

from score import found_speakers, load_labels, score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the quotations not attributed right")
    arguments = parser.parse_args()
    results = found_speakers(*load_labels())
    result = score(results)
    print(f"labelled {result.labelled}, with a speaker {result.with_speaker}, attributed {result.attributed}, "
          f"right {result.correct}")
    print(f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}")
    if arguments.misses:
        for r in results:
            if not r.right and (r.found or r.label.speaker):
                print(f"  {'WRONG' if r.found else 'MISSED'}  {r.label.file}  “{r.label.first}…”  "
                      f"expected {r.label.speaker}, found {r.found}")


if __name__ == "__main__":
    main()
