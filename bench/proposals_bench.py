"""Benchmark of proposed events against known answers, at five linking thresholds.

    python bench/proposals_bench.py                 # events-dev, the seeds and a synthetic project
    python bench/proposals_bench.py --corpus events-dev

Three collections with a known grouping, each built without event files so that every report is
left to the clustering:
- events-dev (../shared/corpora/events-dev): 210 real reports, one folder per true event, two
  different events of one kind per topic;
- the five seeds with the repository's content/ (gazetteer, sidecars) but no event files:
  {000-003} one event, {004} another;
- a synthetic project of 1,000 reports (bench/project.py, seed 1, its event files removed).
Each report's per-source analysis runs as in a build (cached in the project's .cache/), then
`linking.cluster.propose` groups them at each threshold. A report no proposal holds is a group of
its own. Scores: B-cubed precision, recall and F1 (per report, averaged), and pairwise precision
and recall (over pairs of reports grouped together). Prints a table and writes
bench/results.json under "proposals".
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Mapping, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from project import planted_event, write_project

from site_builder.analysis.gazetteer import load_gazetteer
from site_builder.build.cache import project_cache
from site_builder.build.prepare import prepare_sources
from site_builder.build.timing import Stopwatch
from site_builder.config import load_config
from site_builder.errors import Diagnostics
from site_builder.linking.cluster import LINK_THRESHOLD, propose
from site_builder.linking.reuse import find_reuse
from site_builder.sources.load import source_files, source_seeds

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVENTS_DEV = SHARED / "corpora" / "events-dev"
THRESHOLDS = tuple(sorted({0.125, 0.15, LINK_THRESHOLD, 0.25, 0.3}))
SYNTHETIC_SIZE = 1000
RESULTS = Path(__file__).with_name("results.json")

Truth = Mapping[str, str]  # source id -> its true event


def events_dev_project(folder: Path) -> Truth:
    """A project of the events-dev reports (seed `<event folder>_<file name>`), and each one's event."""
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    truth = {}
    for report in sorted(EVENTS_DEV.glob("*/*.txt")):
        source_id = f"{report.parent.name}_{report.stem}"
        shutil.copyfile(report, folder / "seeds" / f"{source_id}.txt")
        truth[source_id] = report.parent.name
    return truth


def seeds_project(folder: Path) -> Truth:
    """The repository's own project without its event files."""
    shutil.copytree(ROOT / "seeds", folder / "seeds", dirs_exist_ok=True)
    shutil.copytree(ROOT / "content", folder / "content", dirs_exist_ok=True, ignore=shutil.ignore_patterns("events"))
    return {path.stem: "guilin" if path.stem < "004" else "tunxi" for path in (folder / "seeds").iterdir()}


def synthetic_project(folder: Path) -> Truth:
    if not (folder / "seeds").is_dir():  # kept from an earlier run with --work
        write_project(SYNTHETIC_SIZE, folder)
        shutil.rmtree(folder / "content" / "events")
    return {path.stem: "|".join(planted_event(path.read_text(encoding="utf-8"))) for path in (folder / "seeds").iterdir()}


CORPORA: dict[str, Callable[[Path], Truth]] = {
    "events-dev": events_dev_project,
    "seeds": seeds_project,
    "synthetic-1000": synthetic_project,
}


def b_cubed(groups: Sequence[Sequence[str]], truth: Truth) -> tuple[float, float]:
    """B-cubed precision and recall: for each report, the share of its group that is of its event,
    and the share of its event that is in its group, averaged over reports."""
    group_of = {member: tuple(group) for group in groups for member in group}
    event_members: dict[str, set[str]] = {}
    for source_id, event in truth.items():
        event_members.setdefault(event, set()).add(source_id)
    precision = recall = 0.0
    for source_id, event in truth.items():
        right = sum(truth[other] == event for other in group_of[source_id])
        precision += right / len(group_of[source_id])
        recall += right / len(event_members[event])
    return precision / len(truth), recall / len(truth)


def pairwise(groups: Sequence[Sequence[str]], truth: Truth) -> tuple[float, float]:
    found = {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}
    true = {pair for pair in itertools.combinations(sorted(truth), 2) if truth[pair[0]] == truth[pair[1]]}
    right = len(found & true)
    return (right / len(found) if found else 1.0), (right / len(true) if true else 1.0)


def scores(groups: Sequence[Sequence[str]], truth: Truth) -> dict[str, float]:
    grouped = {member for group in groups for member in group}
    groups = [*groups, *([source_id] for source_id in sorted(truth) if source_id not in grouped)]
    precision, recall = b_cubed(groups, truth)
    pair_precision, pair_recall = pairwise(groups, truth)
    return {
        "b3_precision": round(precision, 3), "b3_recall": round(recall, 3),
        "b3_f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "pair_precision": round(pair_precision, 3), "pair_recall": round(pair_recall, 3),
        "groups": sum(len(group) > 1 for group in groups), "events": len(set(truth.values())),
    }


def measure(name: str, work: Path) -> list[dict]:
    project = work / name
    truth = CORPORA[name](project)
    diagnostics = Diagnostics()
    config, gazetteer = load_config(project, None), load_gazetteer(project)
    seeds = source_seeds(source_files(project, diagnostics), diagnostics, config.max_source_bytes)
    prepared = prepare_sources(project, seeds, config, gazetteer, 2, False, diagnostics, Stopwatch(), project_cache(project, True))
    sources = [p.source for p in prepared]
    indexes = {p.source.id: p.word_index for p in prepared}
    reuse = find_reuse(sources, config.reuse, indexes)
    return [{"corpus": name, "threshold": threshold, **scores(propose(sources, reuse, indexes, threshold), truth)}
            for threshold in THRESHOLDS]


def print_table(rows: list[dict]) -> None:
    print("| corpus | threshold | B3 P | B3 R | B3 F1 | pair P | pair R | groups | events |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        mark = " (default)" if r["threshold"] == LINK_THRESHOLD else ""
        print(f"| {r['corpus']} | {r['threshold']}{mark} | {r['b3_precision']:.3f} | {r['b3_recall']:.3f} | {r['b3_f1']:.3f} "
              f"| {r['pair_precision']:.3f} | {r['pair_recall']:.3f} | {r['groups']} | {r['events']} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append", help="one collection (repeatable); all by default")
    parser.add_argument("--work", type=Path, help="keep the projects and their caches in this folder (faster reruns)")
    args = parser.parse_args()
    names = args.corpus or list(CORPORA)
    if "events-dev" in names and not EVENTS_DEV.is_dir():
        print(f"skipping events-dev: {EVENTS_DEV} is not there", file=sys.stderr)
        names.remove("events-dev")
    work = args.work or Path(tempfile.mkdtemp(prefix="proposals-bench-"))
    try:
        rows = [row for name in names for row in measure(name, work)]
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results["proposals"] = rows
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
