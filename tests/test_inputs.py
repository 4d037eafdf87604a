"""Nothing escapes the project: input files, ids and the output paths made from them."""

import os
import unicodedata

import pytest
from conftest import write

from site_builder.build.pipeline import BuildOptions, build, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.inputs import reserved_on_windows

TEXT = "Ministers Meet\n\nSergei Lavrov met Wang Yi in Guilin on Monday.\n"


def load(project):
    return load_site(project, BuildOptions(), Diagnostics())


def small_project(tmp_path):
    project = tmp_path / "project"
    write(project / "seeds/a.txt", TEXT)
    return project


@pytest.mark.parametrize("name", ["con", "CON", "Prn", "aux", "nul", "NUL.tar", "com1", "COM9", "lpt1", "Lpt9", "con.txt", "aux "])
def test_windows_device_names_are_recognised(name):
    assert reserved_on_windows(name)


@pytest.mark.parametrize("name", ["console", "com", "com10", "lpt", "nuls", "a.con", "icon", "report"])
def test_ordinary_names_are_not_reserved(name):
    assert not reserved_on_windows(name)


# --- seeds/ ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["CON.txt", "nul.md", "Aux.html", "com1.txt", "LPT9.txt", "con.tar.txt"])
def test_a_source_named_after_a_windows_device_is_an_error(tmp_path, name):
    project = small_project(tmp_path)
    write(project / "seeds" / name, TEXT)
    with pytest.raises(SiteError, match=rf"^seeds/{name}: '.+' is a name Windows reserves"):
        load(project)


@pytest.mark.parametrize("name", ["a..txt", "a.b..txt", "-x.txt", "_x.txt", "café.txt", "a b.txt", "a:b.txt", "a\\b.txt"])
def test_source_file_names_that_are_not_portable_ids_are_errors(tmp_path, name):
    project = small_project(tmp_path)
    (project / "seeds" / name).write_text(TEXT)
    with pytest.raises(SiteError, match=r"^seeds/.*: file name must start with a letter or digit"):
        load(project)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_names_in_either_unicode_normalisation_are_refused_not_merged(tmp_path, form):
    project = small_project(tmp_path)
    (project / "seeds" / unicodedata.normalize(form, "café.txt")).write_text(TEXT)
    with pytest.raises(SiteError, match="file name must start with a letter or digit"):
        load(project)


def test_source_ids_differing_only_in_case_are_an_error(tmp_path):
    project = small_project(tmp_path)
    write(project / "seeds/Report.txt", TEXT)
    write(project / "seeds/report.md", TEXT)
    with pytest.raises(SiteError, match=r"^seeds/report.md: two sources have ids that differ only in case 'report': "
                                        r"seeds/Report.txt and this one; rename one$"):
        load(project)


def test_two_files_with_one_id_are_an_error(tmp_path):
    project = small_project(tmp_path)
    write(project / "seeds/a.md", TEXT)
    with pytest.raises(SiteError, match=r"^seeds/a.txt: two sources share the id 'a': seeds/a.md and this one"):
        load(project)


def test_a_symlink_to_a_file_outside_the_project_is_an_error(tmp_path):
    project = small_project(tmp_path)
    secret = write(tmp_path / "secret.txt", "Private notes about nothing.\n")
    (project / "seeds/notes.txt").symlink_to(secret)
    with pytest.raises(SiteError, match=rf"^seeds/notes.txt: is a symbolic link to {secret}, outside the project; copy the file"):
        load(project)


def test_a_symlink_inside_the_project_is_read(tmp_path):
    project = small_project(tmp_path)
    write(project / "archive/b.txt", TEXT.replace("Monday", "Tuesday"))
    (project / "seeds/b.txt").symlink_to(project / "archive/b.txt")
    assert "Tuesday" in load(project).by_id["b"].text


def test_a_symlinked_seeds_folder_outside_the_project_is_an_error(tmp_path):
    write(tmp_path / "elsewhere/a.txt", TEXT)
    project = tmp_path / "project"
    project.mkdir()
    (project / "seeds").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(SiteError, match="^seeds/a.txt: is a symbolic link to .*, outside the project"):
        load(project)


def test_a_symlinked_folder_in_seeds_is_skipped_like_any_folder(tmp_path):
    """seeds/ is flat: folders, and links to folders, are never read, so nothing outside is published."""
    project = small_project(tmp_path)
    write(tmp_path / "elsewhere/secret.txt", TEXT)
    (project / "seeds/linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert [source.id for source in load(project).sources] == ["a"]


def test_a_dangling_symlink_is_an_error(tmp_path):
    project = small_project(tmp_path)
    (project / "seeds/gone.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(SiteError, match="^seeds/gone.txt: is a symbolic link whose target does not exist$"):
        load(project)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_an_error_not_a_hang(tmp_path):
    project = small_project(tmp_path)
    os.mkfifo(project / "seeds/pipe.txt")
    with pytest.raises(SiteError, match="^seeds/pipe.txt: is a folder or a special file, not a regular file$"):
        load(project)


# --- content/ --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["content/site.yaml", "content/entities.yaml", "content/sources/a.yaml",
                                  "content/events/e.md", "content/pages/about.md"])
def test_a_content_file_linked_from_outside_the_project_is_an_error(tmp_path, name):
    project = small_project(tmp_path)
    outside = write(tmp_path / "outside.yaml", "title: T\n")
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).symlink_to(outside)
    with pytest.raises(SiteError, match=f"^{name}: is a symbolic link to .*, outside the project"):
        load(project)


@pytest.mark.parametrize("name", ["content/site.yaml", "content/entities.yaml", "content/sources/a.yaml",
                                  "content/events/e.md", "content/pages/about.md"])
def test_a_folder_where_a_content_file_belongs_is_an_error(tmp_path, name):
    project = small_project(tmp_path)
    (project / name).mkdir(parents=True)
    with pytest.raises(SiteError, match=f"^{name}: is a folder or a special file, not a regular file$"):
        load(project)


def test_hidden_files_and_editor_lock_links_in_content_are_skipped(tmp_path):
    project = small_project(tmp_path)
    write(project / "content/events/.draft.md", "not even front matter")
    (project / "content/events/.#e.md").symlink_to("user@host.1234:1700000000")  # how Emacs marks a file being edited
    assert all(not event.curated for event in load(project).events)


@pytest.mark.parametrize("name", ["report.txt~", "#report.txt#", ".report.txt.swp"])
def test_an_editors_backup_and_swap_files_are_not_sources_nor_watched(tmp_path, name):
    from site_builder.serve import file_states

    project = small_project(tmp_path)
    before = sorted(file_states(project / "seeds", "seeds"))
    write(project / "seeds" / name, "An editor's copy of a report, with words the build must not read.\n")
    write(project / "content/events" / name, "not even front matter")
    diagnostics = Diagnostics()
    site = load_site(project, BuildOptions(), diagnostics)
    assert not any("editor's copy" in p.text for s in site.sources for p in s.paragraphs)
    assert not [warning for warning in diagnostics.warnings if name in warning.path]  # not even a warning
    assert sorted(file_states(project / "seeds", "seeds")) == before  # saving it rebuilds nothing


@pytest.mark.parametrize("entity_id", ["../x", "/etc/passwd", "..", "a/b", "C:", "con", "CON", "nul", "com1", "lpt9"])
def test_entity_ids_that_are_not_safe_folder_names_are_errors(tmp_path, entity_id):
    project = small_project(tmp_path)
    write(project / "content/entities.yaml", f"'{entity_id}': {{name: X, type: person}}\n")
    with pytest.raises(SiteError, match=r"^content/entities.yaml:1: entity id '.*' must be lower-case letters"):
        load(project)


@pytest.mark.parametrize("folder, name, text, what", [
    *(("events", name, "---\ntitle: T\nsources: [a]\n---\n", "event file name")
      for name in ["con", "nul", "com1", "CON", "-e", "a.b", "a..b"]),
    *(("pages", name, "# Page\n", "page name") for name in ["con", "aux", "lpt1", "About", "sources", "data", "a..b"]),
])
def test_event_and_page_names_that_are_not_safe_folder_names_are_errors(tmp_path, folder, name, text, what):
    project = small_project(tmp_path)
    write(project / f"content/{folder}/{name}.md", text)
    with pytest.raises(SiteError, match=rf"^content/{folder}/{name}.md: {what} '.*' must be"):
        load(project)


def test_a_sidecar_cannot_name_a_path(tmp_path):
    project = small_project(tmp_path)
    write(project / "content/sources/..yaml", "title: T\n")  # hidden: skipped
    write(project / "content/sources/a..yaml", "title: T\n")
    with pytest.raises(SiteError, match=r"^content/sources/a..yaml:1: sidecar for unknown source 'a.'"):
        load(project)


# --- size limit ------------------------------------------------------------------------------------


def test_a_source_over_the_size_limit_is_an_error_before_it_is_read(tmp_path):
    project = small_project(tmp_path)
    write(project / "content/site.yaml", "max_source_bytes: 40\n")
    with pytest.raises(SiteError, match=r"^seeds/a.txt: file is 63 bytes, over the limit of 40; "
                                        r"raise max_source_bytes in content/site.yaml to read it$"):
        load(project)


def test_the_default_limit_is_20_mb_and_checked_from_the_size_alone(tmp_path):
    project = small_project(tmp_path)
    with (project / "seeds/big.txt").open("wb") as sparse:  # a sparse file: nothing is written or read
        sparse.truncate(20_000_001)
    with pytest.raises(SiteError, match=r"^seeds/big.txt: file is 20,000,001 bytes, over the limit of 20,000,000"):
        load(project)


def test_a_raised_limit_reads_the_file(tmp_path):
    project = small_project(tmp_path)
    write(project / "content/site.yaml", "max_source_bytes: 63\n")  # exactly the size: allowed
    assert load(project).by_id["a"].size == 63


@pytest.mark.parametrize("value", ["0", "-1", "twenty", "1.5", "true"])
def test_the_size_limit_must_be_a_positive_whole_number(tmp_path, value):
    project = small_project(tmp_path)
    write(project / "content/site.yaml", f"max_source_bytes: {value}\n")
    with pytest.raises(SiteError, match=r"^content/site.yaml:1: 'max_source_bytes': .* is not a whole number"):
        load(project)


# --- output paths ----------------------------------------------------------------------------------


def test_a_built_site_has_no_path_outside_its_folder(tmp_path):
    project = small_project(tmp_path)
    write(project / "seeds/b.html", "<html><body><article><p>Lavrov met Wang Yi in Guilin on Monday, officials said.</p>"
                                   "</article></body></html>")
    output = tmp_path / "out"
    build(project, output, BuildOptions())
    for path in output.rglob("*"):
        assert not path.is_symlink() and path.resolve().is_relative_to(output.resolve())
        assert not any(reserved_on_windows(part) for part in path.relative_to(output).parts)
    folded = [str(path.relative_to(output)).casefold() for path in output.rglob("*")]
    assert len(folded) == len(set(folded))


def test_a_static_file_linked_from_outside_the_project_is_an_error(tmp_path):
    project = small_project(tmp_path)
    write(tmp_path / "id_rsa", "not a key")
    (project / "static/img").mkdir(parents=True)
    (project / "static/img/logo.svg").symlink_to(tmp_path / "id_rsa")
    with pytest.raises(SiteError, match="^static/img/logo.svg: is a symbolic link to .*, outside the project"):
        build(project, tmp_path / "out", BuildOptions())
