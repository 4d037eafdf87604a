"""A build writes into a staging folder (the recycled previous site, or a fresh one) and swaps it in;
a failure leaves the previous site untouched."""

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import write

from site_builder.build.pipeline import BuildOptions, build
from site_builder.errors import SiteError
from site_builder.output.manifest import MANIFEST, files_under, verify, write_manifest
from site_builder.output.write import OutputFile, output_parts, spare_path, staging_path, write_new, write_site


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_failed_build_leaves_the_previous_site_untouched(project, tmp_path):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    before = snapshot(output)
    write(project / "content/sources/004_7807f473fc62edd1.yaml", "published: not a date\n")
    with pytest.raises(SiteError):
        build(project, output, BuildOptions())
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "public"]


def test_failure_while_writing_leaves_the_previous_site_and_no_temporary_folder(tmp_path):
    output = tmp_path / "public"
    write_site([OutputFile("index.html", b"old")], output)

    def files():
        yield OutputFile("index.html", b"new")
        raise SiteError("templates/x.html", "boom", 3)

    with pytest.raises(SiteError):
        write_site(files(), output)
    assert (output / "index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_a_successful_build_replaces_stale_files(tmp_path):
    output = tmp_path / "public"
    write_site([OutputFile("old.html", b"x")], output)
    write_site([OutputFile("new.html", b"y")], output)
    assert sorted(p.name for p in output.iterdir()) == ["new.html"]


def test_two_outputs_for_one_path_are_refused(tmp_path):
    with pytest.raises(SiteError, match="^a.html: two pages would be written to this path"):
        write_site([OutputFile("a.html", b"1"), OutputFile("a.html", b"2")], tmp_path / "public")


@pytest.mark.parametrize("path", ["../x", "/etc/x", "a/../../x", "", "a//b", "a/./b", "a/", ".", "..", "a/.."])
def test_output_paths_cannot_leave_the_output_folder(tmp_path, path):
    with pytest.raises(ValueError, match="unsafe output path"):
        output_parts(path)


def test_an_output_path_is_split_into_its_names():
    assert output_parts("a/..b/.c/d..") == ("a", "..b", ".c", "d..")
    assert output_parts("index.html") == ("index.html",)


# --- recycling the previous site as the next staging folder (double buffering) -------------------


def site(files: dict[str, bytes]) -> list[OutputFile]:
    return [OutputFile(path, data) for path, data in files.items()]


def finish_with_manifest(staging: Path, written: dict[str, str]) -> None:
    """What the build's finish does: a search index (here one file), then manifest.json."""
    assert not (staging / "pagefind").exists() and not (staging / "manifest.json").exists()
    assert snapshot(staging) == written  # staging holds exactly the new files when finish runs
    index = write(staging / "pagefind/p.js", f"index of {written['index.html']}").read_bytes()
    outputs = written | {"pagefind/p.js": sha(index)}
    (staging / "manifest.json").write_text(json.dumps({"outputs": outputs}), encoding="utf-8")


def written(output: Path, files: dict[str, bytes]) -> dict[str, str]:
    return write_site(site(files), output, finish_with_manifest)


def fresh(tmp_path: Path, files: dict[str, bytes]) -> dict[str, str]:
    """The snapshot of `files` written into a folder of their own (no spare, nothing to link)."""
    output = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}" / "public"
    written(output, files)
    return snapshot(output)


def later() -> None:
    """Let the clock pass a file-time tick, so that a hand edit is later than the last manifest."""
    time.sleep(0.05)


FIRST = {"index.html": b"home 1", "a/index.html": b"a 1", "a/b/deep.html": b"deep", "gone/x.html": b"x",
         "raw/r.txt": b"raw"}
SECOND = {**FIRST, "index.html": b"home 2"}
THIRD = {"index.html": b"home 2", "a/index.html": b"a 3", "raw/r.txt": b"raw", "new/n.html": b"new"}


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """An output built twice: the live site holds SECOND, the spare FIRST."""
    output = tmp_path / "out" / "public"
    written(output, FIRST)
    written(output, SECOND)
    assert snapshot(spare_path(output)) == fresh(tmp_path, FIRST)
    return output


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def test_a_recycled_spare_holds_exactly_the_new_site(output, tmp_path):
    written(output, THIRD)
    assert snapshot(output) == fresh(tmp_path, THIRD)
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_dir()) == ["a", "new", "pagefind", "raw"]
    assert snapshot(spare_path(output)) == fresh(tmp_path, SECOND)  # the retired site is the next spare
    assert sorted(p.name for p in output.parent.iterdir()) == [".public.spare", "public"]


def test_unchanged_files_keep_their_inode_and_changed_ones_get_a_new_one(output):
    before = inodes(output)
    os.link(output / "a/index.html", output.parent / "held")  # so that its inode number cannot be reused
    written(output, THIRD)
    after = inodes(output)
    assert after["raw/r.txt"] == before["raw/r.txt"] and after["index.html"] == before["index.html"]
    assert after["a/index.html"] != before["a/index.html"]


def test_the_live_site_is_untouched_while_the_spare_is_brought_up_to_date(output):
    live = snapshot(output)

    def finish(staging: Path, digests: dict[str, str]) -> None:
        assert snapshot(output) == live  # every file of the spare that changed is a new file
        finish_with_manifest(staging, digests)

    write_site(site(THIRD), output, finish)
    assert snapshot(spare_path(output)) == live


def test_a_file_edited_by_hand_in_the_live_site_is_not_published_again(output, tmp_path):
    later()
    (output / "raw/r.txt").write_bytes(b"RAW")  # same size, in place: the spare's copy is the same inode
    written(output, SECOND)
    assert snapshot(output) == fresh(tmp_path, SECOND)


def test_a_file_edited_by_hand_in_the_spare_is_not_trusted(output, tmp_path):
    later()
    (spare_path(output) / "index.html").write_bytes(b"HOME 1")  # the spare's own file (home 1), same size
    written(output, FIRST)  # back to the bytes the spare's manifest lists for it
    assert snapshot(output) == fresh(tmp_path, FIRST)


def test_a_spare_without_a_manifest_keeps_nothing_but_its_folders(output, tmp_path):
    spare = spare_path(output)
    (spare / "manifest.json").unlink()
    os.link(spare / "index.html", tmp_path / "held")  # so that its inode number cannot be reused
    written(output, FIRST)  # the spare's index.html holds these bytes, but nothing vouches for them
    assert snapshot(output) == fresh(tmp_path, FIRST)
    assert (output / "index.html").stat().st_ino != (tmp_path / "held").stat().st_ino


def test_odd_things_in_the_spare_are_removed_never_followed(output, tmp_path):
    spare, elsewhere = spare_path(output), tmp_path / "elsewhere"
    elsewhere.mkdir()
    (spare / "raw/r.txt").unlink()
    (spare / "raw/r.txt").symlink_to(elsewhere / "target.txt")
    (spare / "new").symlink_to(elsewhere, target_is_directory=True)
    shutil.rmtree(spare / "gone")
    (spare / "gone").write_bytes(b"a file where a folder goes")
    (spare / "a/index.html").unlink()
    (spare / "a/index.html").mkdir()  # a folder where a file goes
    (spare / "a/index.html/inner.html").write_bytes(b"inner")
    (spare / "hand-made.html").write_bytes(b"added by hand")
    written(output, FIRST | THIRD)
    assert snapshot(output) == fresh(tmp_path, FIRST | THIRD)
    assert list(elsewhere.iterdir()) == []


# --- what a recycled spare holds: its manifest's listing, and the folders changed since ---------------


@pytest.fixture
def looked(monkeypatch) -> list[str]:
    """The folders of the spare the write stage looks through, as it looks."""
    from site_builder.output import write as write_module

    folders: list[str] = []
    original = write_module.looked_through

    def looked_through(staging, listing, folder):
        folders.append(folder)
        return original(staging, listing, folder)

    monkeypatch.setattr(write_module, "looked_through", looked_through)
    return folders


def test_only_the_spares_own_folder_and_those_changed_since_its_manifest_are_looked_through(output, tmp_path, looked):
    later()
    (spare_path(output) / "a/b/by-hand.html").write_bytes(b"added by hand")
    written(output, THIRD)
    assert snapshot(output) == fresh(tmp_path, THIRD)
    assert sorted(looked) == ["", "a/b"]


def test_files_added_or_removed_by_hand_in_a_spares_folders_are_found(output, tmp_path):
    spare = spare_path(output)
    later()
    (spare / "a/b/by-hand.html").write_bytes(b"added by hand")
    write(spare / "a/hand-made/x.html", "in a folder made by hand")
    (spare / "raw/r.txt").unlink()
    (output / "gone/by-hand.html").write_bytes(b"added by hand to the live site, the next spare")
    written(output, FIRST)
    assert snapshot(output) == fresh(tmp_path, FIRST)
    written(output, FIRST)
    assert snapshot(output) == fresh(tmp_path, FIRST)


def test_a_folder_moved_into_the_spare_is_looked_through_even_with_its_times_set_back(output, tmp_path):
    spare, foreign = spare_path(output), tmp_path / "foreign"
    before = (spare / "a").stat().st_mtime_ns  # a time before the spare's manifest
    later()
    write(foreign / "deep.html", "deep")
    write(foreign / "other.html", "not of this site")
    shutil.rmtree(spare / "a/b")
    foreign.rename(spare / "a/b")
    for folder in (spare / "a/b", spare / "a"):
        os.utime(folder, ns=(before, before))
    written(output, FIRST)
    assert snapshot(output) == fresh(tmp_path, FIRST)


def listing_edits(outputs: dict[str, str]) -> dict[str, dict[str, str]]:
    """A spare manifest's listing, edited to list what is not there as it says."""
    wrong = sha(b"not these bytes")
    deep_as_file = {path: digest for path, digest in outputs.items() if path != "a/b/deep.html"}
    return {
        "a file that is not there": outputs | {"a/ghost.html": sha(b"ghost")},
        "a folder that is not there": outputs | {"a/nowhere/x.html": wrong},
        "a folder as a file, and its file": outputs | {"a/b": wrong},
        "a folder as a file, not its file": deep_as_file | {"a/b": wrong},
        "a path out of the site": outputs | {"a/../../outside.html": wrong},
    }


@pytest.mark.parametrize("edit", listing_edits({}))
def test_a_spare_manifest_listing_what_is_not_there_still_gives_the_new_site(output, tmp_path, edit):
    manifest = spare_path(output) / "manifest.json"
    outside = write(output.parent / "outside.html", "not the site's")
    record = json.loads(manifest.read_text(encoding="utf-8"))
    record["outputs"] = listing_edits(record["outputs"])[edit]
    manifest.write_text(json.dumps(record), encoding="utf-8")
    written(output, FIRST | {"a/ghost.html": b"ghost"})
    assert snapshot(output) == fresh(tmp_path, FIRST | {"a/ghost.html": b"ghost"})
    assert outside.read_text(encoding="utf-8") == "not the site's"


def test_a_file_where_the_spares_manifest_lists_a_folder_is_removed(output, tmp_path):
    spare = spare_path(output)
    later()
    shutil.rmtree(spare / "a/b")
    (spare / "a/b").write_bytes(b"a file where a folder goes")
    os.utime(spare / "manifest.json")  # the manifest made newer than the change, as if written after it
    written(output, FIRST)
    assert snapshot(output) == fresh(tmp_path, FIRST)


def test_a_listing_gives_each_folder_its_files_and_subfolders():
    from site_builder.output.write import Record, listing_of

    listing = listing_of(Record({"index.html": "1", "a/b/c.html": "2", "a/b/d.html": "3", "e/f.html": "4"}))
    assert listing.files == {"": ["index.html"], "a/b": ["a/b/c.html", "a/b/d.html"], "e": ["e/f.html"]}
    assert listing.folders == {"": ["a", "e"], "a": ["a/b"]}
    assert listing.lists("a") and listing.lists("a/b") and listing.lists("") and not listing.lists("a/b/c.html")


def test_the_spare_is_not_taken_while_another_build_is_at_work(output, tmp_path):
    staging = output.parent / f".public.new-{os.getppid()}"  # a live process's build, maybe linking from the spare
    staging.mkdir()
    spare, held = spare_path(output).stat().st_ino, snapshot(spare_path(output))
    written(output, THIRD)
    assert snapshot(output) == fresh(tmp_path, THIRD) and staging.is_dir()
    assert spare_path(output).stat().st_ino == spare and snapshot(spare_path(output)) == held


def test_a_symbolic_link_named_like_the_spare_is_not_followed(tmp_path):
    output, elsewhere = tmp_path / "public", tmp_path / "elsewhere"
    written(elsewhere, FIRST)
    spare_path(output).symlink_to(elsewhere, target_is_directory=True)
    kept = snapshot(elsewhere)
    written(output, FIRST)
    written(output, SECOND)
    assert snapshot(elsewhere) == kept and snapshot(output) == fresh(tmp_path, SECOND)


def test_a_killed_build_that_took_the_spare_leaves_a_folder_the_next_build_removes(output, tmp_path):
    from test_faults import dead_pid

    spare_path(output).rename(staging_path(output, dead_pid()))  # taken, then killed
    written(output, THIRD)
    assert snapshot(output) == fresh(tmp_path, THIRD)
    assert sorted(p.name for p in output.parent.iterdir()) == [".public.spare", "public"]


def test_repeated_builds_recycling_the_spare_equal_a_clean_build(project, tmp_path):
    output = tmp_path / "public"
    seed = project / "seeds/003_28d1eb4e5542eb3f.txt"
    for line in ("First added line.", "Second added line.", "Third added line."):
        write(seed, seed.read_text(encoding="utf-8") + f"\n{line}\n")
        build(project, output, BuildOptions())
    assert spare_path(output).is_dir() and verify(output) == []
    from test_determinism import same_site  # (it imports this module)

    build(project, tmp_path / "clean", BuildOptions(cache=False))
    same_site(output, tmp_path / "clean")


def test_a_live_copy_is_linked_from_the_live_site_or_read_from_it_and_checked(tmp_path, monkeypatch):
    from site_builder.output import write as write_module
    from site_builder.output.write import LiveCopy

    output = tmp_path / "public"
    page = b"<p>unchanged</p>\n"
    write_site([OutputFile("a/index.html", page)], output)
    copy = LiveCopy("a/index.html", hashlib.sha256(page).hexdigest(), len(page))
    write_site([copy, OutputFile("b.html", b"new")], output)
    assert (output / "a/index.html").read_bytes() == page
    monkeypatch.setattr(write_module.os, "link", lambda *args, **kwargs: (_ for _ in ()).throw(OSError("cross-device link")))
    shutil.rmtree(spare_path(output))  # nothing to keep: the copy must come from the live site
    write_site([copy], output)
    assert (output / "a/index.html").read_bytes() == page and not (output / "b.html").exists()
    shutil.rmtree(spare_path(output))
    (output / "a/index.html").write_bytes(b"<p>edited while building</p>\n")
    with pytest.raises(SiteError, match="changed in the output folder while the site was being built"):
        write_site([copy], output)
    assert (output / "a/index.html").read_bytes() == b"<p>edited while building</p>\n"


def test_an_unchanged_rebuild_sends_memoised_pages_as_live_copies(project, tmp_path):
    from site_builder.output.write import LiveCopy

    output = tmp_path / "public"
    build(project, output, BuildOptions())
    sent: list[object] = []
    from site_builder.build import pipeline

    original = pipeline.write_site
    pipeline.write_site = lambda files, *rest: original((sent.append(f) or f for f in files), *rest)
    try:
        result = build(project, output, BuildOptions())
    finally:
        pipeline.write_site = original
    copies = {f.path for f in sent if isinstance(f, LiveCopy)}
    assert copies == set(result.pages.records.entries) - result.pages.rendered
    assert "sources/004_7807f473fc62edd1/index.html" in copies
    assert verify(output) == []


# --- the writing itself, and the manifest's listing --------------------------------------------


def test_a_new_file_is_created_never_written_into_an_existing_one(tmp_path):
    write_new(str(tmp_path / "new.html"), b"new bytes")
    with open(tmp_path / "opened.html", "xb") as handle:  # what write_new stands for
        handle.write(b"x")
    assert (tmp_path / "new.html").read_bytes() == b"new bytes"
    assert (tmp_path / "new.html").stat().st_mode == (tmp_path / "opened.html").stat().st_mode
    (tmp_path / "elsewhere").write_bytes(b"kept")
    (tmp_path / "link.html").symlink_to(tmp_path / "elsewhere")
    for existing in ("new.html", "link.html"):
        with pytest.raises(FileExistsError):
            write_new(str(tmp_path / existing), b"over")
    assert (tmp_path / "new.html").read_bytes() == b"new bytes" and (tmp_path / "elsewhere").read_bytes() == b"kept"


def test_a_large_file_is_written_whole(tmp_path):
    data = os.urandom(3 << 20)
    write_new(str(tmp_path / "big.bin"), data)
    assert (tmp_path / "big.bin").read_bytes() == data


def test_the_manifest_lists_files_and_links_to_files_but_not_what_a_linked_folder_holds(tmp_path):
    root, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    write(root / "a/b/deep page.html", "deep")
    write(root / "é.html", "accent")
    write(elsewhere / "inside.html", "not listed")
    (root / "a/linked.html").symlink_to(root / "é.html")
    (root / "a/folder-link").symlink_to(elsewhere, target_is_directory=True)
    (root / "empty").mkdir()
    assert files_under(root, {"a/b/deep page.html"}) == {"a/linked.html": sha(b"accent"), "é.html": sha(b"accent")}
    assert list(files_under(root)) == ["a/b/deep page.html", "a/linked.html", "é.html"]


# --- the published size ------------------------------------------------------------------------------


def test_the_manifest_keeps_the_known_input_digests_and_hashes_the_other_inputs(tmp_path):
    project, site = tmp_path / "project", tmp_path / "site"
    write(project / "seeds/a.txt", "read by the build")
    write(project / "seeds/.a.txt.swp", "an editor's")
    write(project / "content/site.yaml", "title: T\n")
    site.mkdir()
    size = write_manifest(site, project, {"strict": False}, {"index.html": "d1"}, {"seeds/a.txt": "digest the build took"})
    manifest = json.loads((site / MANIFEST).read_bytes())
    assert manifest["inputs"] == {"content/site.yaml": sha(b"title: T\n"), "seeds/a.txt": "digest the build took"}
    assert manifest["outputs"] == {"index.html": "d1"} and size == (site / MANIFEST).stat().st_size


@pytest.mark.parametrize("size, text", [(0, "0 bytes"), (999, "999 bytes"), (8_500, "8.5 kB"), (1_000_000, "1 MB"),
                                        (149_438_417, "149 MB"), (412_000_000, "412 MB"), (10**9, "1 GB"),
                                        (1_340_000_000, "1.3 GB"), (26_226_000_000, "26 GB")])
def test_sizes_are_written_in_decimal_units(size, text):
    from site_builder.output.manifest import size_text

    assert size_text(size) == text


def test_a_site_warns_only_past_the_github_pages_limit(monkeypatch):
    from site_builder.output import manifest

    assert manifest.GITHUB_PAGES_LIMIT == 10**9  # "Published GitHub Pages sites may be no larger than 1 GB"
    assert manifest.size_warning(10**9) is None
    assert manifest.size_warning(10**9 + 1).startswith("the site is 1 GB, more than GitHub Pages publishes (1 GB)")
    monkeypatch.setattr(manifest, "GITHUB_PAGES_LIMIT", 5_000)
    assert manifest.size_warning(5_000) is None
    assert manifest.size_warning(12_345) == ("the site is 12 kB, more than GitHub Pages publishes (5 kB); publish it "
                                             "on another host (see 'Publishing a larger site' in docs/guide.md)")


def test_the_live_sites_record_is_parsed_once_until_its_manifest_changes(tmp_path, monkeypatch):
    from site_builder.output import write as write_module
    output = tmp_path / "public"
    write_site([OutputFile("a.html", b"one")], output)
    write_manifest(output, tmp_path, {}, {"a.html": hashlib.sha256(b"one").hexdigest()})
    parses = []
    monkeypatch.setattr(write_module, "outputs_in", lambda data: parses.append(data) or json.loads(data)["outputs"])
    first = write_module.live_record(output)
    assert write_module.live_record(output).digests == first.digests and len(parses) == 1
    with pytest.raises(TypeError):
        first.digests["b.html"] = "x"  # type: ignore[index]  # shared between callers: read-only
    write_manifest(output, tmp_path, {}, {"a.html": "0" * 64})  # rewritten in place, the same size
    assert write_module.live_record(output).digests == {"a.html": "0" * 64} and len(parses) == 2
