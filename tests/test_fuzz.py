"""Property-based tests (Hypothesis): random sources and content files either load or fail with a
`path[:line]: message` error naming an input file, never any other exception; random projects built
from the command line exit 0 or 1, never with a traceback.

FUZZ_EXAMPLES sets the examples per property (10 properties: the default, 1,112, makes 11,120 cases),
FUZZ_CLI_EXAMPLES the full command-line builds (default 8). Runs are derandomised, so CI is
deterministic; FUZZ_RANDOM=1 explores new cases, e.g.
`FUZZ_RANDOM=1 FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics, SiteError
from site_builder.linking.compare import FACET_KINDS
from site_builder.options import ENTITY_TYPES, Entity, Facet, ReuseSettings, SiteConfig, SourceMetadata, options_of

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1112"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
ERROR = re.compile(r"^[^:\n]+(:\d+)?: .+")
ENTITIES = "lavrov: {name: Sergei Lavrov, type: person, aliases: [Lavrov]}\nguilin: {name: Guilin, type: place}\n"
BASE_TEXT = "Ministers Meet In Guilin\n\nSergei Lavrov met Wang Yi in Guilin on Monday, the ministry said.\n"

# --- random text ---------------------------------------------------------------------------------

# Characters that have broken text tools: bidi controls (RTL mark, override), zero-width, combining
# marks, BOM, line and paragraph separators, astral and case-changing letters, quotation marks the
# quote finder reads, template and YAML syntax.
ODD = ["\u200f", "\u202e", "\u200e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u0301", "\u0336", "\x85", "\u2028",
       "\u2029", "\ufffd", "“", "”", '"', "'", "«", "»", "#", "-", ":", "---", "<", ">", "&", "{{", "}}", "{%", "\t",
       " ", "𝒜", "😀", "ﷺ", "İ", "ß", "ﬃ", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629"]
# ...and what makes a file not text: NUL and other controls, lone surrogates (written with surrogatepass).
BAD = ["\x00", "\x01", "\x1b", "\x7f", "\ufffe", "\ud800", "\udfff"]
NEWLINES = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]
WORDS = ["Lavrov", "Wang Yi", "Guilin", "Sergey Lavrov", "Xi Jingping", "said", "he said", "on Monday", "29 March 2022",
         "2021-03-23", "31.03.2022", "more than 1 million people", "four institutions", "the", "In", "By Jane Doe",
         "Reuters", "© 2021", "Copyright", "(Reuters) -", "BEIJING, March 23 (Xinhua) --", "said:", "“We agree,” Lavrov said.",
         "according to Wang", "Advertisement", "Share this:"]
chunk = st.one_of(st.sampled_from(ODD), st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(NEWLINES),
                  st.text(max_size=12), st.characters(codec="utf-8").map(str))
# Very long lines: one piece repeated up to 10,000 times (a line of up to ~300 kB, with no newline).
long_run = st.tuples(st.sampled_from(ODD + WORDS + ["a", "x ", "BEIJING, "]), st.integers(100, 10_000)).map(lambda p: p[0] * p[1])
fair_text = st.lists(st.one_of(chunk, chunk, chunk, chunk, long_run), min_size=1, max_size=60).map("".join)
random_text = st.one_of(fair_text, fair_text, st.lists(st.one_of(chunk, st.sampled_from(BAD)), max_size=30).map("".join))
short_text = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD)), min_size=1, max_size=6).map(" ".join)


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1251", "shift_jis"]
encoded_text = st.builds(encode, random_text, st.sampled_from(ENCODINGS))
source_bytes = st.one_of(st.binary(max_size=400), encoded_text, encoded_text, encoded_text, encoded_text)

# --- random YAML ---------------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), short_text, short_text, random_text,
                    st.sampled_from(["2021-03-23", "2021-02-30", "0001-01-01", "2021", "2021-03-23T10:00:00+03:00",
                                     "https://example.org/a", "javascript:alert(1)", "en", "en-GB", "person", "place",
                                     *FACET_KINDS, *ENTITY_TYPES, "(?P<value>\\w+)", "(", "a", "lavrov", "Guilin"]))


def values(keys: list[str]) -> st.SearchStrategy:
    """Random YAML values, nesting lists and mappings of `keys`."""
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.sampled_from(keys), inner, max_size=4)),
                        max_leaves=12)


def mappings(keys: list[str]) -> st.SearchStrategy:
    """Mappings mostly of the declared `keys` (and sometimes a misspelt one) with random values."""
    return st.dictionaries(st.one_of(st.sampled_from(keys), st.sampled_from(keys), st.text(max_size=8)),
                           st.one_of(scalars, scalars, values(keys)), max_size=8)


def dump(document: object, flow: bool | None) -> str:
    return yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True, sort_keys=False)


def names(options) -> list[str]:
    return [option.name for option in options]


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly `strategy`, sometimes any random value: well-formed files get deep, odd ones stay."""
    return st.one_of(strategy, strategy, strategy, values(["a", "id", "name"]))


entity_names = st.sampled_from(["lavrov", "guilin", "Sergei Lavrov", "Wang Yi", "Guilin", "Nobody"])
plausible_facet = st.fixed_dictionaries(
    {"id": maybe(st.sampled_from(["place", "who", "when", "n", "Bad Id"])), "label": maybe(short_text),
     "kind": maybe(st.sampled_from(sorted(FACET_KINDS)))},
    optional={"patterns": maybe(st.lists(st.sampled_from(["(?P<value>\\w+)", "met in (?P<value>[A-Z]\\w+)", "(?P<value>zz)?",
                                                          "(", "(a*)*b", "Lavrov"]), max_size=3)),
              "near": maybe(st.lists(short_text, max_size=3)), "types": maybe(st.lists(st.sampled_from(ENTITY_TYPES), max_size=3)),
              "entity": maybe(entity_names), "speaker": maybe(entity_names), "exclude": maybe(st.lists(entity_names, max_size=2))})
plausible_entity = st.fixed_dictionaries(
    {"name": maybe(short_text), "type": maybe(st.sampled_from(ENTITY_TYPES))},
    optional={"aliases": maybe(st.lists(short_text, max_size=3)), "description": maybe(short_text),
              "link": maybe(st.sampled_from(["https://example.org/x", "ftp://x", "javascript:x"]))})
STRUCTURED = {
    "site": mappings(names(options_of(SiteConfig)) + names(options_of(ReuseSettings))),
    "sidecar": mappings(names(options_of(SourceMetadata))),
    "entities": st.dictionaries(st.sampled_from(["lavrov", "wang-yi", "guilin", "x", "Bad", "con", "../x", "a" * 90]),
                                st.one_of(plausible_entity, plausible_entity, mappings(names(options_of(Entity))), scalars), max_size=5),
    "event": st.fixed_dictionaries(
        {"title": maybe(short_text), "sources": maybe(st.sampled_from([["a", "b"], ["a"], ["b", "a", "a"], ["c"]]))},
        optional={"dates": maybe(st.lists(st.sampled_from(["2021-03-22", "2021-03-23", "2021-13-01", "2021"]), max_size=3)),
                  "place": maybe(entity_names), "participants": maybe(st.lists(entity_names, max_size=3)),
                  "summary": maybe(short_text),
                  "facets": maybe(st.lists(st.one_of(plausible_facet, plausible_facet, mappings(names(options_of(Facet)))), max_size=4))}),
    "page": mappings(["title"]),
}
YAML_SYNTAX = st.sampled_from([": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object ", "!!set ", "<<: ",
                               "? ", "|", ">", "'", '"', "\\u0000", "\\ud800", "#", "\n", "\n  ", "---\n", "...\n", "%YAML 1.1\n",
                               "title", "sources", "facets", "reuse", "name", "type", "a", "1", "~", ".nan", "2021-03-23"])
random_yaml = st.lists(st.one_of(YAML_SYNTAX, YAML_SYNTAX, chunk), max_size=40).map("".join)


def yaml_for(kind: str) -> st.SearchStrategy[str]:
    """Random YAML text, or a structured document of `kind` dumped in block or flow style."""
    structured = st.builds(dump, STRUCTURED[kind], st.sampled_from([False, True, None]))
    return st.one_of(random_yaml, structured, structured, structured)


def front_matter(yaml_text: str, body: str) -> str:
    return f"---\n{yaml_text}\n---\n{body}"


# --- HTML ----------------------------------------------------------------------------------------

TAGS = ["p", "div", "article", "main", "h1", "title", "script", "style", "br", "html", "head", "body", "table", "td",
        "a href='javascript:x'", "meta name='author' content='\u202ex'", "meta property='og:url' content='javascript:x'",
        "meta name='date' content='2021-02-30'", "link rel='canonical' href='/a'", "html lang='\u202e'", "html lang=''",
        "!DOCTYPE html", "!--", "![CDATA[", "?xml version='1.0' encoding='utf-16'?", "svg", "math", "template"]
html_piece = st.one_of(st.sampled_from(TAGS).map(lambda t: f"<{t}>"), st.sampled_from(TAGS).map(lambda t: f"</{t.split()[0]}>"),
                       chunk, st.sampled_from(WORDS))
random_html = st.lists(html_piece, max_size=60).map("".join)


def html_document(lang: str, head: str, title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{text}</p>\n" for text in paragraphs)
    return f"<!DOCTYPE html><html lang='{lang}'><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>{body}</article></body></html>"


html_text = st.one_of(random_html, st.builds(html_document, st.sampled_from(["en", "", "\u202e", "x" * 300]), random_html,
                                             short_text, st.lists(st.one_of(short_text, random_text, random_html), min_size=1, max_size=8)))
html_bytes = st.one_of(source_bytes, st.builds(encode, html_text, st.sampled_from(ENCODINGS)),
                       st.builds(encode, html_text, st.sampled_from(ENCODINGS)))

# --- the project under test ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def root():
    memory = Path("/dev/shm")  # a RAM folder where there is one: the tree is rewritten for every example
    with tempfile.TemporaryDirectory(prefix="fuzz-", dir=memory if memory.is_dir() else None) as folder:
        yield Path(folder)


def fresh_project(root: Path, files: dict[str, bytes | str]) -> Path:
    """A small valid project rewritten for each example, with `files` added or replacing its own."""
    project = root / "project"
    shutil.rmtree(project, ignore_errors=True)
    every = {"seeds/a.txt": BASE_TEXT, "seeds/b.txt": BASE_TEXT.replace("Monday", "Tuesday"), "content/entities.yaml": ENTITIES, **files}
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


@functools.cache
def whole_document(suffix: str) -> bytes:
    """A small valid PDF (fpdf2) or Word file (python-docx), for the damaged copies below."""
    if suffix == ".pdf":
        from fpdf import FPDF

        pdf = FPDF()
        pdf.set_title("Talks")
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(90, 5, BASE_TEXT)
        return bytes(pdf.output())
    import docx

    document, buffer = docx.Document(), io.BytesIO()
    for line in BASE_TEXT.splitlines():
        document.add_paragraph(line)
    document.save(buffer)
    return buffer.getvalue()


def damaged(suffix: str, edits: list[tuple[float, int]], keep: float) -> bytes:
    """The valid file of `suffix` with bytes replaced (at fractions of its length) and cut to `keep` of it."""
    data = bytearray(whole_document(suffix))
    for where, byte in edits:
        data[int(where * len(data))] = byte
    return bytes(data[: max(1, int(keep * len(data)))])


@FUZZ
@given(suffix=st.sampled_from([".pdf", ".docx"]), noise=st.one_of(st.none(), source_bytes),
       edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=12),
       keep=st.one_of(st.just(1.0), st.floats(0, 1)))
def test_random_and_damaged_pdf_and_word_sources(root, suffix, noise, edits, keep):
    data = noise if noise is not None else damaged(suffix, edits, keep)
    loads_or_fails_cleanly(fresh_project(root, {f"seeds/s{suffix}": data}))


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
    for name in ("content/site.yaml", "content/entities.yaml", "content/sources/a.yaml", "content/events/e.md", "content/pages/p.md"):
        loads_or_fails_cleanly(fresh_project(root, {name: data}))


CLI_EXAMPLES = int(os.environ.get("FUZZ_CLI_EXAMPLES", "8"))


@settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(source=source_bytes, site=yaml_for("site"), entities=yaml_for("entities"), event=yaml_for("event"))
def test_random_projects_build_or_exit_1_without_a_traceback(root, source, site, entities, event):
    project = fresh_project(root, {"seeds/s.txt": source, "content/site.yaml": site, "content/entities.yaml": entities,
                                   "content/events/e.md": front_matter(event, "Notes")})
    result = run_cli("build", "--quiet", cwd=project)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0 or ERROR.match(result.stderr.removeprefix("error: ")), result.stderr
