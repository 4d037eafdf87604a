"""Extension points: an installed plugin (an entry point in the `site_builder.plugins` group) adds
a reader for a new suffix, a clean rule, an analysis, a facet kind and a page kind, and hooks run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import generated_project, write

PLUGIN = '''
"""An example plugin: transcripts, a clean rule, an analysis, a facet kind, a page kind and a hook."""
import dataclasses
import os
from pathlib import Path

from site_builder.model import Line, Page
from site_builder.sources.clean_rules import Finding, Rule
from site_builder.sources.readers.base import Extracted
from site_builder.linking.compare import Reading
from site_builder.site.generators import Generator, PageSpec, crumbs


def read_transcript(text, path):
    """`SPEAKER: words` lines; the speaker is dropped from the text."""
    return Extracted("transcript", tuple(Line(n, line.split(":", 1)[-1].strip()) for n, line in enumerate(text.split("\\n"), 1)))


def applause(ctx):
    yield from (Finding(line) for line in ctx.lines if line.text.strip() == "[APPLAUSE]")


def shout(source, gazetteer):
    return dataclasses.replace(source, notes=(source.notes or "") + "analysed by the example plugin")


def first_words(source, facet, gazetteer, where):
    return [Reading(p.text.split()[0].lower(), p.text.split()[0], p.id) for p in source.paragraphs[:1] if p.text.split()]


def word_page(lookups, indexes):
    words = sum(source.words for source in lookups.site.sources)
    html = f"<p>{words} words in {len(lookups.site.sources)} sources.</p>"
    yield PageSpec("words/index.html", "page.html", "Words", crumbs(("Words", None)),
                   lambda: {"page": Page("words", "Words", html, "words/index.html")})


def on_site_written(output):
    Path(os.environ["EXAMPLE_PLUGIN_MARK"]).write_text(str(output))


READERS = {".transcript": read_transcript}
CLEAN_RULES = [Rule("applause", "Stage directions such as [APPLAUSE].", applause)]
ANALYSES = [shout]
FACET_KINDS = {"first-word": first_words}
GENERATORS = [Generator("word count", "page.html", word_page, {"page": "the page"})]
'''


def install_plugin(folder: Path, source: str = PLUGIN) -> dict[str, str]:
    """The example plugin as an installed distribution in `folder`; the environment that finds it."""
    write(folder / "example_plugin.py", source)
    info = folder / "example_plugin-1.0.dist-info"
    write(info / "METADATA", "Metadata-Version: 2.1\nName: example-plugin\nVersion: 1.0\n")
    write(info / "entry_points.txt", "[site_builder.plugins]\nexample = example_plugin\n")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])),
            "EXAMPLE_PLUGIN_MARK": str(folder / "hook-ran")}


def site_builder(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "site_builder", "-C", str(project), *args],
                          capture_output=True, text=True, env=env, timeout=300)


def test_a_plugin_adds_a_reader_a_rule_an_analysis_a_facet_kind_and_a_page_kind(tmp_path):
    project = generated_project(tmp_path / "project", 6)
    write(project / "seeds/zz_hearing.transcript", "CHAIR: The hearing opens in Port Valen.\n[APPLAUSE]\nWITNESS: We saw the talks.\n")
    event = next((project / "content/events").iterdir())
    text = event.read_text(encoding="utf-8")
    write(event, text.replace("facets:\n", "facets:\n  - id: opening\n    label: First word\n    kind: first-word\n", 1))
    env = install_plugin(tmp_path / "plugins")

    done = site_builder(project, env, "build", "--base-url", "https://example.org/")
    assert done.returncode == 0, done.stderr
    page = (project / "public/sources/zz_hearing/index.html").read_text(encoding="utf-8")
    assert "The hearing opens in Port Valen." in page and "CHAIR" not in page.split("Removed from the raw text")[0]
    assert "[APPLAUSE]</td><td><code>applause</code>" in page
    assert "analysed by the example plugin" in page
    assert re.search(r"words in 7 sources", (project / "public/words/index.html").read_text(encoding="utf-8"))
    assert "https://example.org/words/" in (project / "public/sitemap.xml").read_text(encoding="utf-8")
    event_page = (project / f"public/events/{event.stem}/index.html").read_text(encoding="utf-8")
    assert "First word" in event_page
    assert Path(env["EXAMPLE_PLUGIN_MARK"]).read_text() == str(project / "public")

    again = site_builder(project, env, "build", "--base-url", "https://example.org/")
    assert again.returncode == 0 and re.search(r"\b0 pages rendered", again.stdout), again.stdout


def test_without_the_plugin_its_suffix_is_not_read(tmp_path):
    project = generated_project(tmp_path / "project", 4)
    write(project / "seeds/zz_hearing.transcript", "CHAIR: The hearing opens.\n")
    done = site_builder(project, dict(os.environ), "build")
    assert done.returncode == 0 and "zz_hearing.transcript" in done.stderr
    assert not (project / "public/sources/zz_hearing").exists()


def test_a_plugin_that_fails_to_load_is_an_error_naming_it(tmp_path):
    project = generated_project(tmp_path / "project", 4)
    env = install_plugin(tmp_path / "plugins", "raise ImportError('a missing dependency')\n")
    done = site_builder(project, env, "build")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "plugin example (example_plugin): could not be loaded: ImportError: a missing dependency" in done.stderr
