"""Property-based tests: random sources and content files either load or fail with a `path[:line]:
message` error naming an input file, never any other exception.

FUZZ_EXAMPLES sets the examples per property (the default keeps the suite's run short; see SECURITY
notes in the report for the big run), FUZZ_CLI_EXAMPLES the full command-line builds. Runs are
derandomised, so CI is deterministic; FUZZ_RANDOM=1 explores new cases.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from site_builder.config import REUSE_OPTIONS, SITE_OPTIONS
from site_builder.errors import Diagnostics, SiteError
from site_builder.events import EVENT_OPTIONS, FACET_OPTIONS
from site_builder.gazetteer import ENTITY_OPTIONS
from site_builder.model import ENTITY_TYPES, FACET_KINDS
from site_builder.pipeline import BuildOptions, load_site
from site_builder.source_options import SOURCE_OPTIONS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "600"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("FUZZ_RANDOM") != "1",
                suppress_health_check=list(HealthCheck), database=None)
ERROR = re.compile(r"^[^:\n]+(:\d+)?: .+")
BASE_TEXT = "Ministers Meet In Guilin\n\nSergei Lavrov met Wang Yi in Guilin on Monday, the ministry said.\n"

# --- random text ---------------------------------------------------------------------------------

# Characters that have broken text tools: bidi controls, zero-width, combining marks, BOM, NUL,
# line and paragraph separators, quotation marks the quote finder reads, YAML and HTML syntax.
SPECIAL = ["\u200f", "\u202e", "\u200e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u0301", "\u0336", "\x00", "\x01",
           "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufffd", "\ufffe", "“", "”", '"', "'", "«", "»", "#", "-", ":",
           "---", "<", ">", "&", "{{", "}}", "{%", "\t", " ", "\r\n", "\r", "\n", "\n\n", "𝒜", "😀", "ﷺ", "İ", "ß",
           "\ud800", "\udfff"]  # lone surrogates, written with surrogatepass
WORDS = ["Lavrov", "Wang Yi", "Guilin", "said", "on Monday", "29 March 2022", "2021-03-23", "more than 1 million",
         "people", "the", "In", "By", "Reuters", "©", "Copyright", "(Reuters) -", "BEIJING,", "said:"]
chunk = st.one_of(st.sampled_from(SPECIAL), st.sampled_from(WORDS), st.text(max_size=20),
                  st.characters(codec="utf-8").map(str))
long_run = st.tuples(st.sampled_from(SPECIAL + WORDS + ["a", "x "]), st.integers(100, 10_000)).map(lambda p: p[0] * p[1])
random_text = st.lists(st.one_of(chunk, chunk, chunk, long_run), max_size=60).map("".join)


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")


encoded_text = st.builds(encode, random_text, st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "cp1251", "utf-8-sig"]))
source_bytes = st.one_of(st.binary(max_size=400), encoded_text, encoded_text, encoded_text)

# --- random YAML ---------------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), random_text, st.sampled_from(WORDS),
                    st.sampled_from(["2021-03-23", "2021-02-30", "0001-01-01", "2021", "https://example.org/a", "en",
                                     "person", "place", *FACET_KINDS, *ENTITY_TYPES, "(?P<value>\\w+)", "(", "a"]))


def values(keys: list[str]) -> st.SearchStrategy:
    """Random YAML values, nesting lists and mappings of `keys`."""
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.sampled_from(keys), inner, max_size=4)),
                        max_leaves=12)


def mappings(keys: list[str], value: st.SearchStrategy | None = None) -> st.SearchStrategy:
    """Mappings mostly of the declared `keys` (and sometimes a misspelt one) with random values."""
    return st.dictionaries(st.one_of(st.sampled_from(keys), st.text(max_size=8)), value or values(keys), max_size=8)


def dump(document: object, flow: bool | None) -> str:
    return yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True, sort_keys=False)


def names(options) -> list[str]:
    return [option.name for option in options]


facet = mappings(names(FACET_OPTIONS))
STRUCTURED = {
    "site": mappings(names(SITE_OPTIONS) + names(REUSE_OPTIONS)),
    "sidecar": mappings(names(SOURCE_OPTIONS)),
    "entities": st.dictionaries(st.sampled_from(["lavrov", "wang-yi", "guilin", "x", "Bad", "con", "a" * 90]),
                                st.one_of(mappings(names(ENTITY_OPTIONS)), scalars), max_size=5),
    "event": st.fixed_dictionaries({"title": scalars, "sources": st.one_of(st.just(["a"]), values(["a"]))},
                                   optional={k: values(names(EVENT_OPTIONS) + names(FACET_OPTIONS)) for k in names(EVENT_OPTIONS) if k not in ("title", "sources")}
                                   ).flatmap(lambda d: st.lists(facet, max_size=3).map(lambda f: {**d, "facets": f} if f else d)),
    "page": mappings(["title"]),
}
YAML_SYNTAX = st.sampled_from([": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object ", "!!set ", "<<: ",
                               "? ", "|", ">", "'", '"', "\\u0000", "\\ud800", "#", "\n", "\n  ", "---\n", "...\n", "%YAML 1.1\n",
                               "title", "sources", "facets", "reuse", "name", "type", "a", "1", "~", ".nan", "2021-03-23"])
random_yaml = st.lists(st.one_of(YAML_SYNTAX, YAML_SYNTAX, chunk), max_size=40).map("".join)


def yaml_for(kind: str) -> st.SearchStrategy[str]:
    """Random YAML text, or a structured document of `kind` dumped in block or flow style."""
    structured = st.builds(dump, STRUCTURED[kind], st.sampled_from([False, True, None]))
    return st.one_of(random_yaml, structured, structured)


def front_matter(yaml_text: str, body: str) -> str:
    return f"---\n{yaml_text}\n---\n{body}"


# --- HTML ----------------------------------------------------------------------------------------

TAGS = ["p", "div", "article", "main", "h1", "title", "script", "style", "br", "html", "head", "body", "table", "td",
        "a href='javascript:x'", "meta name='author' content='x'", "meta property='og:url' content='javascript:x'",
        "html lang='\u202e'", "html lang=''", "!DOCTYPE html", "!--", "![CDATA[", "?xml version='1.0'?"]
html_piece = st.one_of(st.sampled_from(TAGS).map(lambda t: f"<{t}>"), st.sampled_from(TAGS).map(lambda t: f"</{t.split()[0]}>"),
                       chunk, st.sampled_from(WORDS))
random_html = st.lists(html_piece, max_size=60).map("".join)
html_bytes = st.one_of(source_bytes, st.builds(encode, random_html, st.sampled_from(["utf-8", "latin-1"])))

# --- the project under test ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def root():
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        yield Path(folder)


def fresh_project(root: Path, files: dict[str, bytes | str]) -> Path:
    """A small valid project rewritten for each example, with `files` added or replacing its own."""
    project = root / "project"
    shutil.rmtree(project, ignore_errors=True)
    every = {"seeds/a.txt": BASE_TEXT, "seeds/b.txt": BASE_TEXT.replace("Monday", "Tuesday"), **files}
    for name, data in every.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return project


def loads_or_fails_cleanly(project: Path) -> None:
    """The property: load_site returns, or raises SiteError `path[:line]: message` naming an input."""
    try:
        load_site(project, BuildOptions(), Diagnostics())
    except SiteError as error:
        assert ERROR.match(str(error)), str(error)
        assert (project / error.problem.path).exists(), str(error)


@FUZZ
@given(suffix=st.sampled_from([".txt", ".md"]), data=source_bytes)
def test_random_text_and_markdown_sources(root, suffix, data):
    loads_or_fails_cleanly(fresh_project(root, {f"seeds/s{suffix}": data}))


@FUZZ
@given(data=html_bytes)
def test_random_html_sources(root, data):
    loads_or_fails_cleanly(fresh_project(root, {"seeds/s.html": data}))


@FUZZ
@given(yaml_text=yaml_for("sidecar"), body=random_text)
def test_random_markdown_front_matter(root, yaml_text, body):
    loads_or_fails_cleanly(fresh_project(root, {"seeds/s.md": front_matter(yaml_text, body)}))


FILES = {
    "site": lambda text, body: {"content/site.yaml": text},
    "sidecar": lambda text, body: {"content/sources/a.yaml": text},
    "entities": lambda text, body: {"content/entities.yaml": text},
    "event": lambda text, body: {"content/events/e.md": front_matter(text, body)},
    "page": lambda text, body: {"content/pages/p.md": front_matter(text, body)},
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_random_content_files(root, kind):
    @FUZZ
    @given(yaml_text=yaml_for(kind), body=random_text)
    def check(yaml_text, body):
        loads_or_fails_cleanly(fresh_project(root, FILES[kind](yaml_text, body)))
    check()


@FUZZ
@given(data=source_bytes)
def test_random_bytes_for_every_content_file(root, data):
    for files in ({"content/site.yaml": data}, {"content/entities.yaml": data}, {"content/events/e.md": data}):
        loads_or_fails_cleanly(fresh_project(root, files))


CLI_EXAMPLES = int(os.environ.get("FUZZ_CLI_EXAMPLES", "8"))


@settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(source=source_bytes, site=yaml_for("site"), entities=yaml_for("entities"))
def test_random_projects_build_or_exit_1_without_a_traceback(root, source, site, entities):
    project = fresh_project(root, {"seeds/s.txt": source, "content/site.yaml": site, "content/entities.yaml": entities})
    result = run_cli("build", "--quiet", cwd=project)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0 or ERROR.match(result.stderr.removeprefix("error: ")), result.stderr
