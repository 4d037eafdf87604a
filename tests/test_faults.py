"""Failures lose nothing: a fault in any stage, a full disk, a failed swap or a SIGKILL mid-build
leaves the previous public/ byte for byte, and the next build removes what a killed one left."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from conftest import REPO, write
from test_determinism import outside_search_index, same_site

from site_builder import analysis
from site_builder.build import comparisons, pipeline, prepare
from site_builder.build.pipeline import BuildOptions, build
from site_builder.errors import SiteError
from site_builder.output import search_index
from site_builder.output import write as write_module
from site_builder.output.manifest import verify
from site_builder.output.write import process_alive, tidy
from site_builder.site import lookups
from site_builder.site.generators import registry
from site_builder.site.generators.discovery import DISCOVERY


class Injected(Exception):
    """The fault a test injects."""


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def temporary_folders(parent: Path, name: str = "public") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((f".{name}.new-", f".{name}.old-")))


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """A project, its site built once, and the hash of every file of that site."""
    root = tmp_path_factory.mktemp("faults")
    project = root / "project"
    shutil.copytree(REPO / "seeds", project / "seeds")
    shutil.copytree(REPO / "content", project / "content")
    build(project, root / "public", BuildOptions())
    return project, root / "public", snapshot(root / "public")


@pytest.fixture
def site(good, tmp_path) -> tuple[Path, Path, dict[str, str]]:
    """A fresh copy of the good site for one test to try to break."""
    project, public, hashes = good
    shutil.copytree(public, tmp_path / "public")
    return project, tmp_path / "public", hashes


def assert_previous_site_intact(output: Path, hashes: dict[str, str]) -> None:
    assert snapshot(output) == hashes
    assert verify(output) == []
    assert temporary_folders(output.parent) == []


# --- (a) an exception in each stage ------------------------------------------------------------


def raising(*_args, **_kwargs):
    raise Injected("injected fault")


def raising_after(original: Callable, items: int) -> Callable:
    """A stand-in for a stage that yields files: the first `items` real ones, then the fault."""

    def stage(*args, **kwargs):
        for n, item in enumerate(original(*args, **kwargs)):
            if n == items:
                raise Injected("injected fault while producing files")
            yield item
        raise Injected("injected fault after the last file")

    return stage


PIPELINE_STAGES = ["load_config", "load_gazetteer", "source_seeds", "sidecar_paths", "load_seed", "apply_sidecar", "load_events",
                   "anchored_by_events", "find_reuse", "proposed_events", "compare_event", "load_pages",
                   "index_entities", "gather_names", "data_files", "render_site", "site_assets",
                   "discovery_files", "build_search_index", "write_manifest"]
FILE_STAGES = ["render_site", "site_assets", "data_files", "discovery_files"]


def inject(monkeypatch, stage: str, make: Callable[[Callable], Callable]) -> None:
    """Replace the function `stage` where the build calls it by `make(original)`: the per-source
    stages in build/prepare.py, comparisons in build/comparisons.py, the data downloads in the render
    stage's lookups, the feed and sitemap in their generator, the rest in the pipeline."""
    if stage == "discovery_files":
        kinds = [dataclasses.replace(kind, files=make(kind.files)) if kind is DISCOVERY else kind for kind in registry.BUILTIN]
        monkeypatch.setattr(registry, "BUILTIN", tuple(kinds))
        return
    module = next(module for module in (pipeline, prepare, comparisons, lookups) if hasattr(module, stage))
    monkeypatch.setattr(module, stage, make(getattr(module, stage)))


@pytest.mark.parametrize("stage", PIPELINE_STAGES)
def test_an_exception_in_a_stage_leaves_the_previous_site(site, monkeypatch, stage):
    project, output, hashes = site
    inject(monkeypatch, stage, lambda original: raising)
    with pytest.raises(Injected):
        build(project, output, BuildOptions(cache=False))  # per-source stages run even for unchanged sources
    assert_previous_site_intact(output, hashes)


@pytest.mark.parametrize("stage", FILE_STAGES)
def test_an_exception_while_files_are_written_leaves_the_previous_site(site, monkeypatch, stage):
    project, output, hashes = site
    inject(monkeypatch, stage, lambda original: raising_after(original, 2))
    with pytest.raises(Injected):
        build(project, output, BuildOptions())
    assert_previous_site_intact(output, hashes)


@pytest.mark.parametrize("module, registry, index", [(prepare, "PREPARE_STAGES", n) for n in range(len(prepare.PREPARE_STAGES))]
                         + [(analysis, "ANALYSES", n) for n in range(len(analysis.ANALYSES))])
def test_an_exception_in_a_prepare_stage_or_an_analysis_leaves_the_previous_site(site, monkeypatch, module, registry, index):
    project, output, hashes = site
    stages = list(getattr(module, registry))
    stages[index] = raising
    monkeypatch.setattr(module, registry, tuple(stages))
    with pytest.raises(Injected):
        build(project, output, BuildOptions(cache=False))  # per-source stages run even for unchanged sources
    assert_previous_site_intact(output, hashes)


def test_a_failing_search_indexer_leaves_the_previous_site(site, monkeypatch, tmp_path):
    project, output, hashes = site
    edited = tmp_path / "edited"  # an edited source, so that the index is rebuilt rather than kept
    shutil.copytree(project, edited)
    seed = sorted((edited / "seeds").iterdir())[0]
    seed.write_bytes(seed.read_bytes() + b"\nOne more line.\n")
    failed = subprocess.CompletedProcess([], 1, "", "Error: disk full")
    monkeypatch.setattr(search_index.subprocess, "run", lambda *a, **k: failed)
    with pytest.raises(SiteError, match="^pagefind: the search indexer failed: Error: disk full"):
        build(edited, output, BuildOptions())
    assert_previous_site_intact(output, hashes)


# --- (b) a full disk while writing, and a failed swap --------------------------------------------


def no_space(path: Path) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


@pytest.mark.parametrize("which", ["first", "second", "middle", "last"])
def test_a_full_disk_while_writing_is_an_error_and_leaves_the_previous_site(site, monkeypatch, which):
    project, output, hashes = site
    ours = len([name for name in hashes if not name.startswith("pagefind/") and name != "manifest.json"])
    after = {"first": 0, "second": 1, "middle": ours // 2, "last": ours - 1}[which]
    original, calls = write_module.write_new, []

    def write_new(target: str, data: bytes) -> None:
        calls.append(target)
        if len(calls) > after:
            raise no_space(Path(target))
        original(target, data)

    monkeypatch.setattr(write_module, "write_new", write_new)
    monkeypatch.setattr(write_module, "linked", lambda *args: False)  # no file linked from the previous site
    with pytest.raises(SiteError, match=r"could not write the site \(No space left on device: .*\); "
                                         "the previous site is unchanged"):
        build(project, output, BuildOptions())
    assert len(calls) == after + 1
    assert_previous_site_intact(output, hashes)


def test_a_full_disk_while_writing_the_manifest_leaves_the_previous_site(site, monkeypatch):
    project, output, hashes = site
    original = Path.write_bytes

    def write_bytes(self: Path, *args, **kwargs) -> int:
        if self.name == "manifest.json":
            raise no_space(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(SiteError, match="No space left on device"):
        build(project, output, BuildOptions())
    assert_previous_site_intact(output, hashes)


def failing_rename(monkeypatch, fails: Callable[[Path, Path], bool]) -> list[tuple[str, str]]:
    """Make Path.rename raise ENOSPC for the renames `fails` picks; returns every rename tried."""
    original, tried = Path.rename, []

    def rename(self: Path, target) -> Path:
        tried.append((self.name, Path(target).name))
        if fails(self, Path(target)):
            raise no_space(self)
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    return tried


@pytest.mark.parametrize("which", ["output to retired", "staging to output"])
def test_a_failed_swap_leaves_the_previous_site_in_place(site, monkeypatch, which):
    project, output, hashes = site
    if which == "output to retired":
        tried = failing_rename(monkeypatch, lambda src, dst: dst.name.startswith(".public.old-"))
    else:
        tried = failing_rename(monkeypatch, lambda src, dst: src.name.startswith(".public.new-"))
    with pytest.raises(SiteError, match="could not write the site"):
        build(project, output, BuildOptions())
    assert_previous_site_intact(output, hashes)
    kinds = [(src.split("-")[0], dst.split("-")[0]) for src, dst in tried]
    expected = [("public", ".public.old")]
    if which == "staging to output":
        expected += [(".public.new", "public"), (".public.old", "public")]  # tried, then restored
    assert kinds == expected


# --- (c) SIGKILL mid-build, and what the next build does with the leftovers ------------------------


def dead_pid() -> int:
    """A process id that no process has now."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert not process_alive(process.pid)
    return process.pid


def test_the_next_build_restores_a_site_left_between_the_two_renames(site):
    project, output, hashes = site
    pid = dead_pid()
    output.rename(output.parent / f".public.old-{pid}")  # killed after output -> retired
    write(output.parent / f".public.new-{pid}/index.html", "half a site")  # ... before staging -> output
    build(project, output, BuildOptions())
    assert verify(output) == [] and temporary_folders(output.parent) == []
    assert outside_search_index(snapshot(output)) == outside_search_index(hashes)  # a build like the first


def test_a_site_left_between_the_renames_is_restored_even_when_the_next_build_fails(site, monkeypatch):
    project, output, hashes = site
    output.rename(output.parent / f".public.old-{dead_pid()}")
    monkeypatch.setattr(pipeline, "source_seeds", raising)
    with pytest.raises(Injected):
        build(project, output, BuildOptions())
    assert_previous_site_intact(output, hashes)


def test_leftovers_of_a_live_build_are_not_touched(site):
    project, output, hashes = site
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        try:
            busy = write(output.parent / f".public.new-{other.pid}/index.html", "another build at work")
            stale = write(output.parent / f".public.new-{dead_pid()}/index.html", "a killed build")
            build(project, output, BuildOptions())
            assert busy.is_file() and not stale.exists()
        finally:
            other.kill()


def test_two_builds_of_one_output_at_once_both_succeed(good, tmp_path):
    project, _, _ = good
    output = tmp_path / "public"
    command = [sys.executable, "-m", "site_builder", "-C", str(project), "build", "-q", "--output", str(output)]
    builds = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [process.communicate(timeout=300)[1] for process in builds]
    assert [process.returncode for process in builds] == [0, 0], errors
    assert verify(output) == [] and temporary_folders(tmp_path) == []


SOURCES = 120


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """A project of some hundred sources (a build takes seconds), built once; then edited, so that a
    later build would change the site."""
    root = tmp_path_factory.mktemp("big")
    project = root / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "seeds", project / "seeds")
    seeds = sorted((REPO / "seeds").iterdir())
    for n in range(SOURCES):
        text = seeds[n % len(seeds)].read_text(encoding="utf-8")
        write(project / f"seeds/gen_{n:03d}.txt", f"Report number {n}\n\n{text.replace('Lavrov', f'Lavrov ({n})')}")
    build(project, root / "public", BuildOptions())
    write(project / "content/site.yaml", "title: Edited after the good build\n")
    return project, root / "public", snapshot(root / "public")


def staging_files(parent: Path) -> int:
    return sum(sum(1 for p in folder.rglob("*") if p.is_file()) for folder in parent.glob(".public.new-*"))


MOMENTS: dict[str, Callable[[Path], bool]] = {
    "at once": lambda parent: True,
    "staging folder created": lambda parent: any(parent.glob(".public.new-*")),
    "a few pages written": lambda parent: staging_files(parent) >= 20,
    "search index being built": lambda parent: any(parent.glob(".public.new-*/.pagefind-work")),
    "manifest written": lambda parent: any(parent.glob(".public.new-*/manifest.json")),
}


def kill_when(project: Path, output: Path, moment: Callable[[Path], bool]) -> subprocess.Popen:
    """Start a build and SIGKILL it as soon as `moment` holds (or let it finish if it never does)."""
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "-C", str(project), "build", "-q",
                                "--output", str(output)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while process.poll() is None and not moment(output.parent):
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return process


def copy_of(public: Path, tmp_path: Path) -> Path:
    shutil.copytree(public, tmp_path / "public")
    return tmp_path / "public"


@pytest.mark.parametrize("moment", MOMENTS)
def test_sigkill_mid_build_leaves_the_previous_site_and_the_next_build_cleans_up(big, tmp_path, moment):
    project, public, hashes = big
    output = copy_of(public, tmp_path)
    process = kill_when(project, output, MOMENTS[moment])
    left = temporary_folders(tmp_path)
    assert all(name.endswith(f"-{process.pid}") for name in left)
    if output.is_dir() and snapshot(output) != hashes:
        # The kill landed after the swap: the new site is in place, and complete.
        assert not any(".new-" in name for name in left) and verify(output) == []
    elif not output.exists():
        # Killed between the two renames of the swap: the previous site waits in the retired folder.
        assert snapshot(tmp_path / f".public.old-{process.pid}") == hashes
    tidy(output)  # what the next build does first
    assert temporary_folders(tmp_path) == [] and verify(output) == []
    assert snapshot(output) == hashes or "Edited after the good build" in (output / "index.html").read_text(encoding="utf-8")


def test_the_build_after_a_killed_one_succeeds_and_leaves_no_temporary_folder(big, tmp_path):
    project, public, hashes = big
    output = copy_of(public, tmp_path)
    kill_when(project, output, MOMENTS["a few pages written"])
    assert snapshot(output) == hashes and temporary_folders(tmp_path)
    build(project, output, BuildOptions())
    assert temporary_folders(tmp_path) == [] and verify(output) == []
    assert "Edited after the good build" in (output / "index.html").read_text(encoding="utf-8")


def test_the_command_line_reports_a_full_disk_as_an_error_without_a_traceback(site, monkeypatch, capsys):
    from site_builder.cli import main

    project, output, hashes = site
    monkeypatch.setattr(write_module, "write_new", lambda target, data: (_ for _ in ()).throw(no_space(Path(target))))
    monkeypatch.setattr(write_module, "linked", lambda *args: False)  # no file linked from the previous site
    assert main(["-C", str(project), "build", "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {output}: could not write the site (No space left on device: ") and "Traceback" not in err
    assert_previous_site_intact(output, hashes)


def processes_naming(text: str) -> list[int]:
    """Live processes whose command line contains `text` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                if (entry / "stat").read_text().split(") ", 1)[1][0] != "Z":  # zombies hold nothing
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("moment", ["a few pages written", "search index being built"])
def test_a_killed_build_leaves_no_worker_or_indexer_running(big, tmp_path, moment):
    project, public, hashes = big
    output = copy_of(public, tmp_path)
    kill_when(project, output, MOMENTS[moment])
    deadline = time.monotonic() + 10
    while processes_naming(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_naming(str(tmp_path)) == []


# --- (d) faults while the spare (the site before the live one) is recycled as staging -------------


@pytest.fixture(scope="module")
def two_sites(good, tmp_path_factory) -> Path:
    """A folder holding the good site live and an older one (another title) as its spare."""
    project = good[0]
    root = tmp_path_factory.mktemp("recycling")
    older = root / "older"
    shutil.copytree(project, older)
    write(older / "content/site.yaml", "title: The older site\n")
    build(older, root / "public", BuildOptions())
    build(project, root / "public", BuildOptions())
    assert (root / ".public.spare/index.html").read_text(encoding="utf-8").count("The older site")
    return root


@pytest.fixture
def recycling(good, two_sites, tmp_path) -> tuple[Path, Path, dict[str, str]]:
    """A copy of both sites (times kept, so the spare's files stay trusted) for one test to break."""
    for name in ("public", ".public.spare"):
        shutil.copytree(two_sites / name, tmp_path / name)
    return good[0], tmp_path / "public", snapshot(tmp_path / "public")


def raising_on_call(original: Callable, calls: int) -> Callable:
    """A stand-in for `original` that raises on its call number `calls` (from 1)."""
    count = [0]

    def stage(*args, **kwargs):
        count[0] += 1
        if count[0] == calls:
            raise Injected(f"injected fault at call {calls}")
        return original(*args, **kwargs)

    return stage


def assert_next_build_is_clean(project: Path, output: Path, clean: Path) -> None:
    build(project, output, BuildOptions())
    assert verify(output) == [] and temporary_folders(output.parent) == []
    same_site(output, clean)


RECYCLING_FAULTS = {
    "spare renamed to staging": ("recycled", 1),
    "spare's manifest removed": ("inventory", 1),
    "midway through the spare's listing": ("listed_entries", 5),
    "first kept file": ("kept", 1),
    "midway through the updates": ("kept", 40),
    "midway through the links": ("linked", 20),
    "removing what the new site lacks": ("remove_unneeded", 1),
}


@pytest.mark.parametrize("fault", RECYCLING_FAULTS)
def test_a_fault_while_recycling_the_spare_leaves_the_previous_site(recycling, good, monkeypatch, fault):
    project, output, hashes = recycling
    name, calls = RECYCLING_FAULTS[fault]
    monkeypatch.setattr(write_module, name, raising_on_call(getattr(write_module, name), calls))
    with pytest.raises(Injected):
        build(project, output, BuildOptions())
    assert_previous_site_intact(output, hashes)
    monkeypatch.undo()
    assert_next_build_is_clean(project, output, good[1])


def test_a_full_disk_while_recycling_the_spare_leaves_the_previous_site(recycling, good, monkeypatch):
    project, output, hashes = recycling
    monkeypatch.setattr(write_module, "linked", lambda *args: False)  # every changed file is written
    monkeypatch.setattr(write_module, "write_new", lambda target, data: (_ for _ in ()).throw(no_space(Path(target))))
    with pytest.raises(SiteError, match="No space left on device"):
        build(project, output, BuildOptions())
    assert_previous_site_intact(output, hashes)
    monkeypatch.undo()
    assert_next_build_is_clean(project, output, good[1])


def staging_of(parent: Path) -> Path | None:
    return next(iter(parent.glob(".public.new-*")), None)


def swapped_in(parent: Path) -> bool:
    """The edited site is live (the folder may be swapped between looking and reading: not yet, then)."""
    try:
        return "Edited while recycling" in (parent / "public/index.html").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False


RECYCLING_MOMENTS: dict[str, Callable[[Path], bool]] = {
    "spare taken": lambda parent: staging_of(parent) is not None and not (parent / ".public.spare").exists(),
    "spare's manifest removed": lambda parent: (staging_of(parent) is not None and not (parent / ".public.spare").exists()
                                                and not (staging_of(parent) / "manifest.json").exists()),
    "new site swapped in": swapped_in,
}


@pytest.fixture(scope="module")
def edited(good) -> Path:
    """The good project with another title: a build of it changes every page."""
    project = good[0].parent / "edited"
    shutil.copytree(good[0], project)
    write(project / "content/site.yaml", "title: Edited while recycling\n")
    return project


@pytest.mark.parametrize("moment", RECYCLING_MOMENTS)
def test_sigkill_while_recycling_the_spare_leaves_the_previous_site(recycling, good, edited, moment):
    project, output, hashes = recycling
    process = kill_when(edited, output, RECYCLING_MOMENTS[moment])
    assert process.returncode == -signal.SIGKILL and RECYCLING_MOMENTS[moment](output.parent)
    assert all(name.endswith(f"-{process.pid}") for name in temporary_folders(output.parent))
    tidy(output)
    assert temporary_folders(output.parent) == [] and verify(output) == []
    assert snapshot(output) == hashes or swapped_in(output.parent)
    assert_next_build_is_clean(project, output, good[1])
