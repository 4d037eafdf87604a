"""content/events/*.md: curated events and their mistakes, reported with file and line."""

import pytest
from conftest import run_cli, write

from site_builder.build.pipeline import BuildOptions, build, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.model import Named

HEADER = "---\ntitle: Talks\nsources: [000_9f45db1a97bdd9a5, 001_31d0fa55b8edf2a7]\n"


def load(project):
    return load_site(project, BuildOptions(), Diagnostics())


def test_the_shipped_events(seed_site):
    guilin, tunxi = seed_site.events
    assert (guilin.id, guilin.dates, guilin.place, guilin.participants) == (
        "guilin-2021", ("2021-03-22", "2021-03-23"), Named("Guilin", "guilin"),
        (Named("Sergei Lavrov", "sergei-lavrov"), Named("Wang Yi", "wang-yi")))
    assert guilin.sources == ("000_9f45db1a97bdd9a5", "001_31d0fa55b8edf2a7", "002_83436da1cc890094", "003_28d1eb4e5542eb3f")
    assert (tunxi.id, tunxi.dates, tunxi.place.entity, tunxi.sources) == ("tunxi-2022", ("2022-03-29",), "tunxi", ("004_7807f473fc62edd1",))
    assert all(event.curated for event in seed_site.events)
    assert "<p>Four reports of the same two days." in guilin.commentary


@pytest.mark.parametrize("front, message", [
    ("sources: [000_9f45db1a97bdd9a6]\n", r"3: unknown source '000_9f45db1a97bdd9a6' \(did you mean '000_9f45db1a97bdd9a5'\?\)"),
    ("dates: [2021-03-32]\n", r"4: 'dates': '2021-03-32' is not a real date .*"),
    ("dates: next week\n", r"4: 'dates': 'next week' is not a date; write it as YYYY-MM-DD"),
    ("datse: 2021-03-22\n", r"4: unknown key 'datse' \(did you mean 'dates'\?\)"),
    ("facets:\n  - id: a\n    label: A\n    kind: places\n", r"7: 'kind': 'places' is not a facet kind .* \(did you mean 'place'\?\)"),
    ("facets:\n  - id: a\n    label: A\n    kind: place\n    patterns: ['(unclosed']\n", r"8: 'patterns': '\(unclosed' is not a valid regular expression: .*"),
    ("facets:\n  - {id: a, label: A, kind: place}\n  - {id: a, label: B, kind: date}\n", r"6: two facets are called 'a'"),
    ("facets:\n  - {id: a, label: A, kind: quote, speaker: Wang Yee}\n", r"5: 'Wang Yee' is not in content/entities.yaml \(did you mean 'Wang Yi'\?\)"),
    ("facets: [just text]\n", r"4: each item of 'facets' must be a mapping of `key: value` lines"),
])
def test_event_file_mistakes(project, front, message):
    text = HEADER.replace("sources: [000_9f45db1a97bdd9a5, 001_31d0fa55b8edf2a7]\n", "") + front if front.startswith("sources") else HEADER + front
    write(project / "content/events/talks.md", text + "---\nNotes.\n")
    with pytest.raises(SiteError, match=f"^content/events/talks.md:{message}$"):
        load(project)


def test_an_event_needs_sources(project):
    write(project / "content/events/talks.md", "---\ntitle: Talks\n---\n")
    with pytest.raises(SiteError, match=r"^content/events/talks.md:2: 'sources' is missing: the source ids that report it\.$"):
        load(project)


def test_commentary_is_sanitised(project):
    write(project / "content/events/talks.md", HEADER + "---\nSee <script>alert(1)</script>[this](javascript:alert(2)).\n")
    event = next(e for e in load(project).events if e.id == "talks")
    assert "<script>" not in event.commentary and "javascript:" not in event.commentary


def test_event_files_are_read_again_only_when_they_change_or_name_a_missing_source(project, tmp_path, monkeypatch):
    from site_builder.build import curated

    output = tmp_path / "public"
    build(project, output, BuildOptions(jobs=1))
    read: list[str] = []
    load_event = curated.load_event
    monkeypatch.setattr(curated, "load_event", lambda path, *rest: read.append(path.name) or load_event(path, *rest))
    build(project, output, BuildOptions(jobs=1))
    assert read == []
    event_file = project / "content/events/guilin-2021.md"
    event_file.write_text(event_file.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    assert "Edited" in build(project, output, BuildOptions(jobs=1)).site.events[0].title
    assert read == ["guilin-2021.md"]
    (project / "seeds/001_31d0fa55b8edf2a7.txt").unlink()
    with pytest.raises(SiteError, match="unknown source '001_31d0fa55b8edf2a7'"):
        build(project, output, BuildOptions(jobs=1))


def test_a_place_or_participant_the_gazetteer_lacks_is_shown_as_written_and_listed_to_review(project):
    write(project / "content/events/talks.md", HEADER + "place: Port Valen\nparticipants: [Sergei Lavrow, Wang Yi]\n---\n")
    site = load(project)
    talks = next(e for e in site.events if e.id == "talks")
    assert talks.place == Named("Port Valen") and talks.participants == (Named("Sergei Lavrow"), Named("Wang Yi", "wang-yi"))
    result = run_cli("check", cwd=project)
    assert result.returncode == 0
    assert "content/events/talks.md: 'Sergei Lavrow' is not in content/entities.yaml (did you mean 'Sergei Lavrov'?)" in result.stdout
    build(project, project / "public", BuildOptions())
    page = (project / "public/events/talks/index.html").read_text()
    assert "Port Valen <span class=\"meta\">(not in the gazetteer)</span>" in page and 'href="../../entities/wang-yi/index.html"' in page


def test_every_required_key_a_facet_lacks_is_named_once_and_a_wrong_one_is_not_also_missing(project):
    write(project / "content/events/talks.md", "---\ntitle: Talks\nsources: [000_9f45db1a97bdd9a5]\n"
                                                 "facets:\n  - id: Bad Id\n  - {id: b, label: B}\n---\n")
    with pytest.raises(SiteError) as failed:
        load(project)
    problems = [(problem.line, problem.message.split(":")[0]) for problem in failed.value.problems]
    assert sorted(problems) == [(5, "'id'"), (5, "'kind' is missing"), (5, "'label' is missing"), (6, "'kind' is missing")]


def test_a_missing_title_does_not_hide_an_unknown_source_in_the_same_file(project):
    write(project / "content/events/talks.md", "---\nsources: [000_9f45db1a97bdd9a5, 001_31d0fa55b8edf2a8]\n---\n")
    with pytest.raises(SiteError) as failed:
        load(project)
    messages = [problem.message for problem in failed.value.problems]
    assert any(m.startswith("'title' is missing") for m in messages)
    assert any(m.startswith("unknown source '001_31d0fa55b8edf2a8' (did you mean '001_31d0fa55b8edf2a7'?)") for m in messages)
