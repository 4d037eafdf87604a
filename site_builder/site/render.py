"""The render stage: every generator's pages through Jinja2 (the user's `templates/` first).

A template sees its page's context (see `generators/__init__.py`), the site's config and free
pages (`site`), the page's own address helpers (`url`, `link`, `canonical`, `page_path`, `title`,
`breadcrumb`) and the pure helpers in `HELPERS`; nothing else. So a page's memo key is its spec,
its context and the bytes of the templates it uses (`TemplateDigests`), the user's overrides
included: an edited template re-renders exactly the pages that use it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from site_builder import __version__, layout
from site_builder.build.cache import user_cache
from site_builder.build.fingerprints import ContentDigests, digest_of, key_digest
from site_builder.build.memo import PageMemo, Records, open_memo
from site_builder.build.piece_memo import piece_memo
from site_builder.build.pool import chunks, parallel_map, pool_size
from site_builder.build.progress import Tally, tallied
from site_builder.errors import SiteError
from site_builder.model import Cell, Difference, Event, Located, Page, ReusePair, Row, Site, Source, Status, paragraph_number
from site_builder.options import FIELD_NAMES, SiteConfig
from site_builder.output.write import Output, OutputFile
from site_builder.schema import is_web_url
from site_builder.site import routes
from site_builder.site.cite import bibtex_value
from site_builder.site.generators import Generator, PageSpec, made
from site_builder.site.generators.registry import generators
from site_builder.site.lookups import Lookups
from site_builder.site.markup import Mark, annotate, word_diff
from site_builder.site.urls import absolute_url, link, relative_url
from site_builder.sources.segment import ends_sentence

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
USER_TEMPLATES = layout.TEMPLATES


@dataclass(frozen=True)
class SiteView:
    """What every template sees of the site: its config and its free pages (the navigation)."""

    config: SiteConfig
    pages: tuple[Page, ...]


STATUS_ICONS = {Status.AGREE: "✓", Status.PARTIAL: "◐", Status.SPLIT: "◇", Status.DIFFER: "≠", Status.SILENT: "∅"}


def source_path(source: Source | str | Any) -> str:
    """The page of a source, given the source (or anything with its `id`) or its id."""
    return routes.source(source if isinstance(source, str) else source.id)


def pair_path(pair: ReusePair, seen_from: str | None = None) -> str:
    """Where a pair is shown: its page, or for a short match the other source's paragraph (`routes.pair_of`)."""
    return routes.pair_of(pair, seen_from)


def paragraph_path(located: Located) -> str:
    """The page and anchor of the paragraph a finding comes from."""
    return routes.paragraph(located.source, located.item.span.paragraph)


def passage_pieces(source: Source, end: Any) -> Iterator[tuple[str, int, int]]:
    """(paragraph id, start, end) of each paragraph's share of one passage end."""
    first, last = paragraph_number(end.start.paragraph), paragraph_number(end.end.paragraph)
    for number in range(first, last + 1):
        paragraph = source.paragraphs[number - 1]
        yield (paragraph.id, end.start.start if number == first else 0,
               end.end.end if number == last else len(paragraph.text))


# Where a mark's macro puts the text it wraps: markup, so that no escaped value (which holds no
# literal `<`) can be taken for it.
HOLE = Markup("<!--marked text-->")


def wrapping(element: Markup) -> tuple[Markup, Markup]:
    """A marking element made by a macro around HOLE, as its opening and closing parts."""
    opening, _, closing = element.partition(HOLE)
    return Markup(opening), Markup(closing)


def annotated_paragraphs(source: Source, pairs: Sequence[ReusePair], labels: Mapping[str, str],
                         entity_names: Mapping[str, str], marks: Any) -> dict[str, Markup]:
    """Each paragraph's text, escaped, with its mentions linked to their entity pages and the
    passages it shares with other sources highlighted (the links to the other copies sit beside
    the paragraph: `paragraph_copies`); the elements are the macros of `marks` (marks.html), made
    once per kind of mark on a page."""
    page = routes.source(source.id)
    found: dict[str, list[Mark]] = {p.id: [] for p in source.paragraphs}
    made: dict[tuple[Any, ...], tuple[Markup, Markup]] = {}

    def element(key: tuple[Any, ...], make: Any) -> tuple[Markup, Markup]:
        if key not in made:
            made[key] = wrapping(make())
        return made[key]

    for pair in pairs:
        for passage in pair.passages:
            mine, theirs = (passage.a, passage.b) if passage.a.source == source.id else (passage.b, passage.a)
            opening, closing = element(("shared", passage.kind, theirs.source, passage.words),
                                       lambda: marks.shared(passage, labels[theirs.source], caller=lambda: HOLE))
            for paragraph_id, start, end in passage_pieces(source, mine):
                found[paragraph_id].append(Mark(start, end, opening, closing))
    for mention in source.mentions:
        opening, closing = element(("mention", mention.entity, mention.surface, mention.variant), lambda: marks.mention(
            relative_url(page, routes.entity(mention.entity)), entity_names[mention.entity], mention, caller=lambda: HOLE))
        found[mention.span.paragraph].append(Mark(mention.span.start, mention.span.end, opening, closing))
    return {p.id: annotate(p.text, found[p.id]) for p in source.paragraphs}


def paragraph_copies(source: Source, pairs: Sequence[ReusePair]) -> dict[str, list[tuple[str, str]]]:
    """For each paragraph of `source` holding shared passages, the other copies: (other source,
    the paragraph its copy starts in), once per source, in the order of `pairs` (most shared first)."""
    found: dict[str, dict[str, str]] = {}
    for pair in pairs:
        for passage in pair.passages:
            mine, theirs = (passage.a, passage.b) if passage.a.source == source.id else (passage.b, passage.a)
            found.setdefault(mine.start.paragraph, {}).setdefault(theirs.source, theirs.start.paragraph)
    return {paragraph_id: list(copies.items()) for paragraph_id, copies in found.items()}


def quote_variants(event: Event) -> list[tuple[Row, Cell, Cell, tuple[Markup, Markup]]]:
    """For each quotation that differs, its words set against an agreeing source's, diffed word by word."""
    found = []
    for row in event.rows:
        if row.traits.variant != Difference.QUOTE:
            continue
        agreeing = next((c for c in row.cells if c.status == Status.AGREE), None)
        for cell in row.cells:
            if cell.status == Status.DIFFER and agreeing and cell.wording and agreeing.wording:
                found.append((row, cell, agreeing, word_diff(cell.wording[0], agreeing.wording[0])))
    return found


# The helpers every template may call (documented in docs/templates.md): each a pure function of
# its arguments, so that what a page shows depends on its context alone.
def pick(mapping: Mapping[str, Any], keys: Iterable[str]) -> list[Any]:
    """The values of `keys` in `mapping`, in order: the labels of some sources."""
    return [mapping[key] for key in keys]


HELPERS: dict[str, Any] = {
    "routes": routes,
    "layout": layout,
    "source_path": source_path,
    "entity_path": routes.entity,
    "event_path": routes.event,
    "pair_path": pair_path,
    "paragraph_path": paragraph_path,
    "paged_path": routes.paged,
    "annotated_paragraphs": annotated_paragraphs,
    "paragraph_copies": paragraph_copies,
    "pick": pick,
    "quote_variants": quote_variants,
    "word_diff": word_diff,
    "field_names": FIELD_NAMES,
    "icons": STATUS_ICONS,
    "version": __version__,
}

# What every template sees besides its page's own context (documented in docs/templates.md).
CONTEXT_HELP = {
    "site": f"`site.config` (the site's settings from `{layout.SITE_CONFIG}`) and `site.pages` (the free pages, for navigation)",
    "title": "the page title",
    "page_path": "this page's path in the site, such as `sources/000_x/index.html`",
    "breadcrumb": "a list of (label, path or None) pairs, home first",
    "url(path)": "a link from this page to a site path, relative so the site works under any sub-path",
    "link(path)": "an address for structured data: absolute with `base_url`, else relative",
    "canonical": "this page's absolute address, when `base_url` is set",
    "indexable": "false for pages search engines should not list (they carry `noindex`)",
    "version": "the site_builder version",
    "field_names": "the metadata fields a source page lists, in order",
    "icons": "the sign shown with each comparison status",
    "layout": "where a project keeps its inputs (`site_builder/layout.py`): `layout.GAZETTEER`, `layout.EVENTS`, `layout.SIDECARS`…",
    "routes": "the site's routes table (`site_builder/site/routes.py`): `routes.index(routes.SOURCES)`, `routes.data('mentions.csv')`, `routes.static('style.css')`…",
    "source_path(source or id)": "the path of a source's page",
    "entity_path(id)": "the path of an entity's page",
    "event_path(id)": "the path of an event's page",
    "pair_path(pair, seen_from=None)": "where a text-reuse pair is shown: its page, or, for a pair sharing fewer than `routes.PAIR_PAGE_WORDS` words, the paragraph where its first passage starts in the source other than `seen_from`",
    "paragraph_path(located)": "the path of the paragraph a finding comes from (`sources/<id>/index.html#pN`)",
    "paged_path(folder, n)": "the path of page n of a paged index",
    "annotated_paragraphs(source, pairs, labels, entity_names, marks)": "a source's paragraphs as HTML, mentions linked and shared passages marked with the macros of `marks` (marks.html)",
    "pick(mapping, keys)": "the values of `keys` in `mapping`, in order (the labels of some sources)",
    "paragraph_copies(source, pairs)": "for each paragraph with shared passages, the other copies as (source id, paragraph id)",
    "quote_variants(event)": "each differing quotation of an event against an agreeing one, diffed word by word",
    "word_diff(a, b)": "two texts as HTML with the words that differ marked",
}


def json_for_script(value: Any) -> Markup:
    """JSON safe inside <script>: `<`, `>` and `&` are escaped, so no value can close the block."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def filter_label(value: Any) -> Markup:
    """A pagefind filter value, escaped three times: pagefind (1.5) decodes a filter's text twice and its
    UI inserts filter labels as HTML, so only a third escaping keeps a publisher's name from running as
    markup (the UI then shows it as written)."""
    return escape(str(escape(str(escape(value)))))


def template_bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds and shared by worker processes (compiling them is a
    second per process). Jinja keys each by its source's checksum, so an edited template is
    compiled again; the folder is the user's own, never the project's, since compiled code runs."""
    folder = user_cache() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


# The filters and tests templates may use besides Jinja2's own, with what each does (docs/templates.md).
FILTERS: dict[str, tuple[Callable[..., Any], str]] = {
    "json_for_script": (json_for_script, "`value | json_for_script`: the value as JSON safe inside `<script>`"),
    "filter_label": (filter_label, "`text | filter_label`: a pagefind filter value, escaped as pagefind's UI needs"),
    "bibtex": (bibtex_value, "`text | bibtex`: a BibTeX field value, its braces and TeX specials escaped"),
}
TESTS: dict[str, tuple[Callable[..., bool], str]] = {
    "web_url": (is_web_url, "`address is web_url`: an http(s) address, the only kind a template makes a link"),
    "ends_sentence": (ends_sentence, "`text is ends_sentence`: it ends with a full stop, a question or exclamation mark or a colon (closing quotes after it allowed)"),
}


def make_environment(project: Path) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(project / USER_TEMPLATES),
        jinja2.FileSystemLoader(BUILTIN_TEMPLATES),
    ])
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=template_bytecode_cache(),
    )
    environment.filters.update({name: function for name, (function, _) in FILTERS.items()})
    environment.tests.update({name: function for name, (function, _) in TESTS.items()})
    environment.globals.update(HELPERS)
    return environment


def failing_template_line(error: BaseException, template: str) -> tuple[str, int | None]:
    """The template and line a rendering error came from (Jinja2 maps its frames to template lines)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html") and (USER_TEMPLATES in frame.filename or str(BUILTIN_TEMPLATES) in frame.filename):
            return Path(frame.filename).name, frame.lineno
    return template, None


def template_path(project: Path, name: str) -> str:
    return f"{USER_TEMPLATES}/{name}" if (project / USER_TEMPLATES / name).is_file() else f"(built-in template) {name}"


@contextlib.contextmanager
def template_errors(project: Path, template: str, path: str) -> Iterator[None]:
    """Template mistakes as errors naming the template and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        raise SiteError(template_path(project, error.name or template), error.message or "syntax error", error.lineno) from None
    except UnicodeDecodeError:
        raise SiteError(template_path(project, template), "not UTF-8 text") from None
    except SiteError:
        raise
    except Exception as error:  # a template's own runtime error: name its file and line
        name, line = failing_template_line(error, template)
        hint = (" (a template sees only its page's context, `site.config` and `site.pages`: see docs/templates.md)"
                if isinstance(error, jinja2.UndefinedError) else "")
        raise SiteError(template_path(project, name), f"while rendering {path}: {type(error).__name__}: {error}{hint}", line) from None


class TemplateDigests:
    """The SHA-256 of each template together with every template it extends, includes or imports
    (as the loader finds them: the user's override first), so a page's key changes with exactly
    the templates it uses. A reference Jinja2 cannot resolve ahead (a name held in a variable) makes
    the page depend on every template."""

    def __init__(self, environment: jinja2.Environment) -> None:
        self.environment = environment
        self.digests: dict[str, bytes] = {}
        self.sources: dict[str, str] = {}
        self.references: dict[str, list[str | None]] = {}  # each template parsed once, however many use it

    def source(self, name: str) -> str:
        if name not in self.sources:
            self.sources[name] = self.environment.loader.get_source(self.environment, name)[0]  # type: ignore[union-attr]
        return self.sources[name]

    def referenced(self, name: str) -> list[str | None]:
        """The templates `name` extends, includes or imports (None for one named by a variable)."""
        if name not in self.references:
            self.references[name] = list(jinja2.meta.find_referenced_templates(self.environment.parse(self.source(name))))
        return self.references[name]

    def used_by(self, name: str) -> set[str]:
        used, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in used:
                continue
            used.add(current)
            try:
                references = self.referenced(current)
            except jinja2.TemplateNotFound:
                continue  # rendering reports it
            if None in references:
                return set(self.environment.list_templates(extensions=["html"])) | used
            todo += [reference for reference in references if reference is not None]
        return used

    def __call__(self, name: str) -> bytes:
        if name not in self.digests:
            digest = hashlib.sha256()
            for used in sorted(self.used_by(name)):
                with contextlib.suppress(jinja2.TemplateNotFound):
                    text = self.source(used).encode("utf-8")
                    digest.update(len(used).to_bytes(4, "big") + used.encode() + len(text).to_bytes(8, "big") + text)
            self.digests[name] = digest.digest()
        return self.digests[name]


@dataclass
class Renderer:
    site: Site
    project: Path
    memo: PageMemo = field(default_factory=PageMemo)
    digests: ContentDigests = field(default_factory=ContentDigests)
    lookups: Lookups | None = None  # made here unless given

    def __post_init__(self) -> None:
        self.env = make_environment(self.project)
        self.lookups = self.lookups or Lookups(self.site)
        self.view = SiteView(self.site.config, self.site.pages)
        self.templates = TemplateDigests(self.env)

    def render(self, spec: PageSpec) -> Output:
        """The page: from the live site when its key is the recorded one, else rendered."""
        context = spec.context()
        return self.memo.page(spec.path, lambda: self.key(spec, context), lambda: self.page(spec, context))

    def key(self, spec: PageSpec, context: Mapping[str, Any]) -> bytes:
        """What the page depends on: its templates, its spec and its context (sources, events and
        passages stood for by their digests)."""
        with template_errors(self.project, spec.template, spec.path):
            templates = self.templates(spec.template)
        return templates + key_digest(self.digests, spec.title, spec.breadcrumb, spec.indexable, sorted(context.items()))

    def page(self, spec: PageSpec, context: Mapping[str, Any]) -> OutputFile:
        path, base_url = spec.path, self.site.config.base_url
        # 404.html is served at whatever path was missing, so its links must be absolute when they can be.
        if path == routes.NOT_FOUND and base_url:
            url = lambda target: absolute_url(base_url, target)  # noqa: E731
        else:
            url = lambda target: relative_url(path, target)  # noqa: E731
        with template_errors(self.project, spec.template, path):
            html = self.env.get_template(spec.template).render(
                site=self.view, page_path=path, title=spec.title, breadcrumb=spec.breadcrumb, indexable=spec.indexable,
                url=url, link=lambda target: link(base_url, path, target), canonical=absolute_url(base_url, path),
                **made(dict(context)))
        self.memo.rendered.add(path)
        return OutputFile(path, html.encode("utf-8"))


def parts_of(kinds: Sequence[Generator], lookups: Lookups, processes: int) -> list[tuple[str, range]]:
    """The pages rendered in worker processes, in parts: the site-wide pages (one part, first, as it
    takes longest), then those there is one of per item (source, pair, event, entity), in pieces."""
    parts = [("", range(1))]
    for kind in kinds:
        if kind.per_item and not kind.in_main_process:
            parts += [(kind.name, indexes) for indexes in chunks(kind.count(lookups), processes)]
    return parts


_worker_renderer: Renderer | None = None


def _set_worker_renderer(site: Site, project: Path, memo: PageMemo, digests: ContentDigests) -> None:
    global _worker_renderer
    _worker_renderer = Renderer(site, project, memo, digests)


def render_part(part: tuple[str, range]) -> tuple[list[Output], Records]:
    """One part of the pages (in a worker), with what rendering them recorded."""
    assert _worker_renderer is not None, "the pool's initializer sets the renderer"
    return render_part_with(_worker_renderer, part)


def render_part_with(renderer: Renderer, part: tuple[str, range]) -> tuple[list[Output], Records]:
    name, indexes = part
    kinds = [kind for kind in generators() if not kind.in_main_process and
             (kind.name == name if name else not kind.per_item)]
    files = [renderer.render(spec) for kind in kinds for spec in kind.pages(renderer.lookups, indexes if name else range(1))]
    return files, renderer.memo.take()


def all_pages(kinds: Sequence[Generator], lookups: Lookups) -> list[PageSpec]:
    """Every page of the site (their contexts are not made)."""
    return [spec for kind in kinds for spec in kind.pages(lookups, range(kind.count(lookups)))]


def render_site(site: Site, project: Path, jobs: int = 1, memo: PageMemo | None = None,
                digests: ContentDigests | None = None, progress: bool = False) -> Iterator[Output]:
    """Every page, and the files generators make besides pages. The pages go to `jobs` worker
    processes (when there are enough of them to be worth it), started first, while this process
    makes the other files (data downloads, feed, sitemap) and the pages that list them; then the
    pages come in the order they are done (no part waits for another in memory). `memo` (see
    build/memo.py) takes unchanged pages from the live site and records what was rendered; its keys
    stand for sources and events by `digests`. With `progress`, a bar counts the pages as the
    caller takes them: the write stage takes each as it comes, so the bar is rendering and writing."""
    memo, digests = memo or PageMemo(), digests or ContentDigests()
    kinds = generators()
    lookups = Lookups(site, piece_memo(project, memo.enabled, digests))
    processes = pool_size(jobs, sum(kind.count(lookups) for kind in kinds if kind.per_item))
    parts = parts_of(kinds, lookups, processes)
    rendered = parallel_map(render_part, parts, processes, _set_worker_renderer,
                            (site, project, dataclasses.replace(memo, records=Records()), digests), ordered=False,
                            batched=False) if processes > 1 else None
    renderer = Renderer(site, project, memo, digests, lookups)  # once the workers have started: here it renders what needs this process
    if rendered is None:
        rendered = (render_part_with(renderer, part) for part in parts)
    pages = functools.cache(functools.partial(all_pages, kinds, lookups))  # listed only if needed: the sitemap, the bar
    with contextlib.closing(rendered), tallied("Rendering", progress, len(pages()) if progress else None, "page") as tally:
        for kind in kinds:
            if kind.files:
                yield from kind.files(lookups, pages)
            if kind.in_main_process:
                yield from each_counted((renderer.render(spec) for spec in kind.pages(lookups, range(kind.count(lookups)))), tally)
        for files, records in rendered:
            memo.merge(records)
            yield from each_counted(files, tally)


def each_counted(pages: Iterable[Output], tally: Tally) -> Iterator[Output]:
    """`pages`, each counted once the caller has taken it (written it)."""
    for page in pages:
        yield page
        tally.update(1)


def open_page_memo(site: Site, project: Path, output: Path, enabled: bool) -> PageMemo:
    """The memo of this build's pages (see build/memo.py): what every page reads is the site's
    config and its free pages (`SiteView`), and how Jinja2 and MarkupSafe write them."""
    common = (SiteView(site.config, site.pages), jinja2.__version__, importlib.metadata.version("markupsafe"))
    return open_memo(project, output, digest_of(*common), enabled)
