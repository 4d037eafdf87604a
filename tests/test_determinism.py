"""Builds are byte-identical: run to run, and whatever the time zone, the locale, the order in which
the file system lists folders, or the day; SOURCE_DATE_EPOCH alone sets the build date shown.

pagefind's filter and metadata indexes are not byte-stable between runs (a known upstream
limitation, Pagefind issue 638), so pagefind/ and the manifest's entries for it are left out of the
comparison; everything site_builder writes itself must be identical.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, write
from test_write import snapshot

from site_builder.build.pipeline import BuildOptions, build


def outside_search_index(files: dict[str, str]) -> dict[str, str]:
    """Every file but pagefind's and the manifest (which lists pagefind's hashes)."""
    return {path: digest for path, digest in files.items() if not path.startswith("pagefind/") and path != "manifest.json"}


def manifest_without_search_index(root: Path) -> dict:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"] = outside_search_index(manifest["outputs"])
    return manifest


def same_site(one: Path, two: Path) -> None:
    first, second = snapshot(one), snapshot(two)
    assert outside_search_index(first) == outside_search_index(second)
    assert manifest_without_search_index(one) == manifest_without_search_index(two)
    fragments = lambda files: {p: d for p, d in files.items() if p.startswith("pagefind/fragment/")}  # noqa: E731
    assert fragments(first) and fragments(first) == fragments(second)  # the bulk of the index is stable


def test_two_builds_of_the_same_inputs_are_byte_identical(project, tmp_path):
    build(project, tmp_path / "one", BuildOptions())
    build(project, tmp_path / "two", BuildOptions())
    same_site(tmp_path / "one", tmp_path / "two")
    assert len(outside_search_index(snapshot(tmp_path / "one"))) >= 60


# Runs the command line with os.listdir and os.scandir (under Path.iterdir, glob, rglob, shutil)
# returning entries reversed or shuffled.
LISTING_RUNNER = """
import os, random, sys

ORDER = os.environ["TEST_LISTING_ORDER"]
_listdir, _scandir = os.listdir, os.scandir


def arrange(items, key):
    items = sorted(items, key=key, reverse=True)
    if ORDER == "shuffled":
        random.Random(9).shuffle(items)
    return items


class Entries:
    def __init__(self, entries):
        self._entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


def listdir(path="."):
    return arrange(_listdir(path), key=lambda name: name)


def scandir(path="."):
    with _scandir(path) as entries:
        return Entries(arrange(list(entries), key=lambda entry: entry.name))


os.listdir, os.scandir = listdir, scandir
"""
RUN_CLI = "from site_builder.cli import main\nsys.exit(main(sys.argv[1:]))\n"

BASELINE = {"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
VARIATIONS: dict[str, dict[str, str]] = {
    "time zone UTC+14": {"TZ": "Pacific/Kiritimati"},
    "time zone UTC-3:30": {"TZ": "America/St_Johns"},
    "C locale, ASCII preferred encoding": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"},
    "POSIX locale from LANG only": {"LC_ALL": "", "LANG": "POSIX"},
    "unavailable locale": {"LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"},
    "listing reversed": {"TEST_LISTING_ORDER": "reversed"},
    "listing shuffled": {"TEST_LISTING_ORDER": "shuffled"},
}


@pytest.fixture(scope="module")
def varied_project(tmp_path_factory) -> Path:
    """The repository's project with more files whose listing order could matter."""
    import shutil

    root = tmp_path_factory.mktemp("determinism") / "project"
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "content", root / "content")
    for name in ("Zeta_report", "alpha_report", "B-upper", "b_lower", "0_first"):
        write(root / f"seeds/{name}.txt", f"{name} says Lavrov met Wang Yi in Guilin\n\n“Wir sind hier”, said Lavrov. Ärger in Zürich.\n")
    for name in ("zebra", "apple", "middle", "a-b"):
        write(root / f"content/pages/{name}.md", f"# {name.title()}\n\nA page.\n")
    for name in ("z.css", "A/b.txt", "a/c.txt", "m/n/o.txt"):
        write(root / f"static/{name}", name)
    return root


def environment(changes: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "TEST_LISTING_ORDER")}
    env.update(BASELINE)
    env.update(changes)
    return {key: value for key, value in env.items() if value}


def start_build(project: Path, output: Path, changes: dict[str, str]) -> subprocess.Popen:
    """The full command-line build in a subprocess, in the environment `changes` gives."""
    arguments = ["-C", str(project), "build", "-q", "--output", str(output), "--base-url", "https://example.org/site/"]
    code = ["-c", LISTING_RUNNER + RUN_CLI] if "TEST_LISTING_ORDER" in changes else ["-m", "site_builder"]
    return subprocess.Popen([sys.executable, *code, *arguments], env=environment(changes),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_builds(project: Path, root: Path, variations: dict[str, dict[str, str]]) -> dict[str, Path]:
    """Build once per variation (two at a time) and return each output folder."""
    outputs = {name: root / f"out-{n}" for n, name in enumerate(variations)}
    names = list(variations)
    for batch in (names[n:n + 2] for n in range(0, len(names), 2)):
        running = {name: start_build(project, outputs[name], variations[name]) for name in batch}
        for name, process in running.items():
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, f"{name}: {err}"
    return outputs


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_the_listing_runner_really_changes_the_order(varied_project, order):
    show = ("import json\nfrom pathlib import Path\n"
            "print(json.dumps(os.listdir(sys.argv[1]) + [p.name for p in Path(sys.argv[1]).rglob('*')]))\n")
    done = subprocess.run([sys.executable, "-c", LISTING_RUNNER + show, str(varied_project / "seeds")], text=True,
                          capture_output=True, env={**os.environ, "TEST_LISTING_ORDER": order}, check=True)
    listed = json.loads(done.stdout)
    half = len(listed) // 2
    assert listed[:half] == listed[half:] and listed[:half] != sorted(listed[:half])


@pytest.fixture(scope="module")
def builds(varied_project, tmp_path_factory) -> dict[str, Path]:
    return run_builds(varied_project, tmp_path_factory.mktemp("outputs"), {"baseline": {}, **VARIATIONS})


@pytest.mark.parametrize("variation", VARIATIONS)
def test_the_site_does_not_depend_on_time_zone_locale_or_listing_order(builds, variation):
    same_site(builds["baseline"], builds[variation])


def test_the_varied_project_builds_every_file(builds):
    files = snapshot(builds["baseline"])
    assert {"sources/Zeta_report/index.html", "raw/B-upper.txt", "a-b/index.html", "static/A/b.txt",
            "static/m/n/o.txt", "sitemap.xml"} <= set(files)


EPOCH = 1700000000  # 2023-11-14T22:13:20Z


def test_source_date_epoch_sets_the_feed_date_and_nothing_else(varied_project, builds, tmp_path):
    dated = run_builds(varied_project, tmp_path, {"epoch": {"SOURCE_DATE_EPOCH": str(EPOCH), "TZ": "Pacific/Kiritimati"}})["epoch"]
    feed = (dated / "feed.xml").read_text(encoding="utf-8")
    assert re.search(r"</title><id>[^<]*</id><link [^>]*/><updated>2023-11-14T22:13:20Z</updated>", feed)
    differ = {path for path, digest in outside_search_index(snapshot(dated)).items()
              if outside_search_index(snapshot(builds["baseline"])).get(path) != digest}
    assert differ == {"feed.xml"}


def test_without_source_date_epoch_no_build_date_appears(builds):
    feed = (builds["baseline"] / "feed.xml").read_text(encoding="utf-8")
    newest = max(re.findall(r"<entry>.*?<updated>([^<]+)</updated>", feed))
    assert re.search(rf"<link [^>]*/><updated>{newest}</updated><author>", feed)  # the newest entry's date
    today = {day.isoformat() for day in (dt.date.today(), dt.datetime.now(dt.timezone.utc).date())}
    for path in builds["baseline"].rglob("*"):
        if path.is_file() and "pagefind" not in path.parts:
            text = path.read_bytes().decode("utf-8", "replace")
            assert not any(day in text for day in today), f"{path}: today's date"


def test_nothing_in_the_build_reads_the_clock():
    """Only `new source` (the retrieval date it records) may ask for the time of day."""
    clock = re.compile(r"\.now\(|\.today\(|\btime\.time\(|\blocaltime\(|\bgmtime\(|\butcnow\(")
    readers = {path.relative_to(REPO).as_posix() for path in (REPO / "site_builder").rglob("*.py")
               if clock.search(path.read_text(encoding="utf-8"))}
    assert readers == {"site_builder/scaffold.py"}
