"""site_builder against Pelican + pagefind over the same texts, and the edit-one times of build and serve.

    python bench/compare_generators.py                      # 1,000 and 4,000 sources
    python bench/compare_generators.py --sizes 1000 4000 10000
    python bench/compare_generators.py --sizes 1000 --no-record   # print, do not write results.json

For each size: write the synthetic project of bench/project.py (seed 1), and the same reports as
Pelican Markdown articles (title, date, body; a minimal pelicanconf.py, the default theme, relative
URLs, no feeds). Then, one after the other on this machine, each in a process of its own:

1. `site-builder build` from scratch (build_bench.py's `--build`: this process's and its largest
   worker's peak RSS, seconds per stage), `pelican content -o out -s pelicanconf.py`, and the pagefind
   binary site_builder runs, over Pelican's article pages; the ratio is site_builder's whole process
   time over Pelican's plus pagefind's.
2. The edit-one rebuild: build_bench.py's method (append a sentence to one source and build, twice;
   the second, steady-state rebuild is reported, with its seconds per stage).
3. The edit-one time of `site-builder serve`: from saving a sentence appended to a source to its page,
   open in headless Chromium (Playwright), showing it after livereload's reload. Without Playwright or
   /usr/bin/chromium, the served HTML is polled over HTTP instead (the table says which).

Prints one table and writes bench/results.json under "generators".
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pagefind_bin
from build_bench import RESULTS, build_in_own_process, edit_one_builds

from site_builder.build.pool import default_jobs
from site_builder.build.timing import STAGES

BENCH = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PELICAN_CONF = '''\
AUTHOR = "Synthetic"
SITENAME = "Synthetic collection"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
DEFAULT_PAGINATION = 10
ARTICLE_URL = "sources/{slug}/"
ARTICLE_SAVE_AS = "sources/{slug}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
'''
# Pelican's article pages only: the texts, as site_builder indexes its source pages (and its event and
# entity pages); Pelican's index, category and author pages repeat the articles' summaries.
PAGEFIND_GLOB = "sources/**/*.html"
SERVE_READY_SECONDS = 1800  # serve builds once before serving: a rebuild with every source cached
SERVE_SHOWN_SECONDS = 600


@dataclass
class Run:
    """A finished process: its wall time and its peak RSS (with any workers it waited for, the largest of them)."""
    seconds: float
    peak_rss_mb: float


def exit_rss_mb(process: subprocess.Popen) -> float:
    """Wait for `process` and give its peak RSS in MB (wait4's rusage: the larger of its own and its
    waited-for descendants')."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return round(usage.ru_maxrss / 1024, 1)


def run_measured(command: list[str], cwd: Path | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()  # type: ignore[union-attr]  # read to the end: a full pipe would block it
    peak = exit_rss_mb(process)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    return Run(round(seconds, 2), peak)


def write_pelican_project(project: Path, folder: Path) -> int:
    """The reports of `project` (seeds/ and their sidecars' dates) as Pelican Markdown articles in
    `folder`/content, with `folder`/pelicanconf.py; the number of articles."""
    content = folder / "content"
    content.mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(PELICAN_CONF)
    seeds = sorted((project / "seeds").glob("*.txt"))
    for seed in seeds:
        title, _, body = seed.read_text(encoding="utf-8").partition("\n")
        sidecar = project / "content/sources" / f"{seed.stem}.yaml"
        found = re.search(r"^published: (\S+)$", sidecar.read_text(), re.M) if sidecar.exists() else None
        published = found.group(1) if found else datetime.date(2020, 1, 1).isoformat()
        (content / f"{seed.stem}.md").write_text(f"Title: {title}\nDate: {published}\nSlug: {seed.stem}\n\n{body.strip()}\n",
                                                 encoding="utf-8")
    return len(seeds)


def pelican_and_pagefind(folder: Path) -> tuple[Run, Run, int]:
    """Build the Pelican project in `folder` into out/, then index out/'s articles with pagefind;
    each run and the number of HTML files Pelican wrote."""
    pelican = run_measured([str(Path(sys.executable).with_name("pelican")), "content", "-o", "out", "-s", "pelicanconf.py"],
                           cwd=folder)
    pagefind = run_measured([str(pagefind_bin.get_executable()), "--site", str(folder / "out"), "--glob", PAGEFIND_GLOB,
                             "--silent"])
    return pelican, pagefind, sum(1 for _ in (folder / "out").rglob("*.html"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """`site-builder serve` in a process of its own, its stderr lines kept with the time each arrived."""
    project: Path
    output: Path
    jobs: int
    port: int = field(default_factory=free_port)
    lines: list[tuple[float, str]] = field(default_factory=list)

    def __enter__(self) -> Server:
        command = [sys.executable, "-m", "site_builder", "-C", str(self.project), "serve", "--port", str(self.port),
                   "--output", str(self.output), "--jobs", str(self.jobs)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + SERVE_READY_SECONDS
        while not any(line.startswith("Serving ") for _, line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("serve did not start: " + " | ".join(line for _, line in self.lines[-5:]))
            time.sleep(0.1)
        while True:  # "Serving" is printed just before the server listens
            try:
                urllib.request.urlopen(self.url(""), timeout=60).close()
                return self
            except urllib.error.HTTPError as error:  # 500: serve's first build failed (its page says why)
                raise RuntimeError(f"serve's build failed: {error.read().decode(errors='replace')[-1000:]}") from error
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def _read(self) -> None:
        for line in self.process.stderr:  # type: ignore[union-attr]
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def wait_for(self, text: str, moment: float, timeout: float = 60) -> None:
        """Wait until a line holding `text` has arrived after `moment`."""
        deadline = time.monotonic() + timeout
        while not any(at > moment and text in line for at, line in self.lines):
            if time.monotonic() > deadline:
                raise TimeoutError(f"serve printed no {text!r} in {timeout} s")
            time.sleep(0.05)

    def rebuilt_after(self, moment: float) -> float | None:
        """Seconds from `moment` to the first "Rebuilt" line after it."""
        return next((round(at - moment, 2) for at, line in self.lines if at > moment and line.startswith("Rebuilt ")), None)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.peak_rss_mb = exit_rss_mb(self.process)


def append_sentence(seed: Path, sentence: str) -> float:
    """Append `sentence` to the source as a paragraph of its own; the moment the file was saved (closed)."""
    with seed.open("a", encoding="utf-8") as file:
        file.write(f"\n{sentence}\n")
    return time.perf_counter()


def browser_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


def shown_in_browser(server: Server, page_path: str, seed: Path, sentence: str) -> tuple[float, float]:
    """Save `sentence` into `seed` while its page is open; the moments of the save and of the page's
    text holding the sentence (reloaded by livereload)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            opened = time.perf_counter()
            page.goto(server.url(page_path), wait_until="load")
            server.wait_for("Browser Connected", opened)  # livereload.js's websocket, opened after the page loads
            saved = append_sentence(seed, sentence)
            page.wait_for_function("text => document.body.innerText.includes(text)", arg=sentence,
                                   timeout=SERVE_SHOWN_SECONDS * 1000)
            return saved, time.perf_counter()
        finally:
            browser.close()


def shown_over_http(server: Server, page_path: str, seed: Path, sentence: str) -> tuple[float, float]:
    """Save `sentence` into `seed`; the moments of the save and of the served page holding it (polled every 50 ms)."""
    saved = append_sentence(seed, sentence)
    while time.perf_counter() - saved < SERVE_SHOWN_SECONDS:
        with urllib.request.urlopen(server.url(page_path)) as response:
            if sentence in response.read().decode("utf-8", errors="replace"):
                return saved, time.perf_counter()
        time.sleep(0.05)
    raise TimeoutError(f"{page_path} did not show the new sentence in {SERVE_SHOWN_SECONDS} s")


def serve_edit_one(project: Path, output: Path, jobs: int) -> dict:
    """Start `site-builder serve` on the built project, open one source's page, append a sentence to
    that source, and time until the page shows it; also when serve's rebuild finished, and serve's peak RSS."""
    seeds = sorted((project / "seeds").glob("*.txt"))
    seed = seeds[len(seeds) // 3]
    page_path = f"sources/{seed.stem}/"
    sentence = f"Served sentence {time.time_ns()} appended by the benchmark."
    method = "chromium" if browser_available() else "http"
    with Server(project, output, jobs) as server:
        saved, shown = (shown_in_browser if method == "chromium" else shown_over_http)(server, page_path, seed, sentence)
        try:  # serve may show a preview of the page first and rebuild the whole site after it
            server.wait_for("Rebuilt ", saved, SERVE_SHOWN_SECONDS)
        except TimeoutError:
            print("serve printed no 'Rebuilt' line after the save:", *(line for _, line in server.lines), sep="\n", file=sys.stderr)
    return {"seconds": round(shown - saved, 2), "method": method, "rebuilt_after_seconds": server.rebuilt_after(saved),
            "previewed": any(at > saved and line.startswith("Previewed ") for at, line in server.lines),
            "peak_rss_mb": server.peak_rss_mb}


def measure(count: int, jobs: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"generators-{count}-"))
    load = round(os.getloadavg()[0], 2)
    try:
        project, pelican_folder, output = work / "project", work / "pelican", work / "public"
        subprocess.run([sys.executable, str(BENCH / "project.py"), str(count), str(project)], check=True)
        articles = write_pelican_project(project, pelican_folder)
        full = build_in_own_process(project, output, jobs, score=False)
        pelican, pagefind, pelican_pages = pelican_and_pagefind(pelican_folder)
        _, edit = edit_one_builds(project, output, jobs, score=False)
        served = serve_edit_one(project, output, jobs)
        return {
            "sources": count, "articles": articles, "jobs": jobs,
            "site_builder": {"process_seconds": full["process_seconds"], "seconds": full["seconds"], "stages": full["stages"],
                             "files": full["pages"], "peak_rss_mb": full["peak_rss_mb"],
                             "peak_worker_rss_mb": full["peak_child_rss_mb"]},
            "pelican": {"seconds": pelican.seconds, "peak_rss_mb": pelican.peak_rss_mb, "html_files": pelican_pages},
            "pagefind": {"seconds": pagefind.seconds, "peak_rss_mb": pagefind.peak_rss_mb},
            "ratio": round(full["process_seconds"] / (pelican.seconds + pagefind.seconds), 2),
            "edit_build": {"process_seconds": edit["process_seconds"], "seconds": edit["seconds"], "stages": edit["stages"],
                           "pages_rendered": edit["pages_rendered"], "peak_rss_mb": edit["peak_rss_mb"],
                           "peak_worker_rss_mb": edit["peak_child_rss_mb"]},
            "edit_serve": served,
            "load_average": [load, round(os.getloadavg()[0], 2)],  # other work on the machine, before and after
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_table(rows: list[dict]) -> None:
    header = ["sources", "sb s", "pelican", "pagefind", "ratio", "edit s", "serve s", "rebuilt", "main MB", "worker MB",
              "edit MB", "serve MB", "pel. MB", "pf MB", "load"]
    print(" ".join(f"{h:>9}" for h in header))
    for r in rows:
        sb, edit, served = r["site_builder"], r["edit_build"], r["edit_serve"]
        cells = [r["sources"], sb["process_seconds"], r["pelican"]["seconds"], r["pagefind"]["seconds"], f"{r['ratio']}x",
                 edit["process_seconds"], f"{served['seconds']}{'' if served['method'] == 'chromium' else '*'}",
                 served["rebuilt_after_seconds"], sb["peak_rss_mb"], sb["peak_worker_rss_mb"],
                 max(edit["peak_rss_mb"], edit["peak_worker_rss_mb"]), served["peak_rss_mb"],
                 r["pelican"]["peak_rss_mb"], r["pagefind"]["peak_rss_mb"], "-".join(map(str, r["load_average"]))]
        print(" ".join(f"{'-' if c is None else c:>9}" for c in cells))
    if any(r["edit_serve"]["method"] != "chromium" for r in rows):
        print("* serve timed by polling the served HTML over HTTP (Playwright or /usr/bin/chromium missing)")
    for r in rows:
        for name, measured in (("full", r["site_builder"]), ("edit", r["edit_build"])):
            print(f"{r['sources']} {name} build stages (s): " + ", ".join(f"{s} {measured['stages'][s]}" for s in STAGES)
                  + f"; in-process {measured['seconds']}, process {measured['process_seconds']}")
    print("targets: ratio <= 1.0x; edit s <= 2; serve s <= 1; peak RSS <= 300 MB at 4,000, <= 500 MB at 10,000")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--no-record", dest="record", action="store_false", help="print only; leave results.json")
    args = parser.parse_args()
    # The code measured is the checkout's as each process starts: note the commit before the first.
    commit = subprocess.run(["git", "log", "-1", "--format=%h %cs %s"], cwd=BENCH, capture_output=True, text=True).stdout.strip()
    rows = []
    for size in args.sizes:
        rows.append(measure(size, args.jobs))
        print(f"measured {size} sources: {json.dumps(rows[-1])}", file=sys.stderr)
    print_table(rows)
    if args.record:
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        results["generators"] = {"commit": commit, "measured": datetime.date.today().isoformat(), "rows": rows}
        RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
