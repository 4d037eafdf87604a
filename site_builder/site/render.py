"""The render stage: the Site model through Jinja2 templates (the user's `templates/` first)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib.metadata
import json
import math
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import jinja2

from site_builder import __version__
from markupsafe import Markup, escape

from site_builder.build.cache import user_cache
from site_builder.errors import SiteError
from site_builder.site.markup import Mark, annotate, keyword_in_context, word_diff
from site_builder.site.cite import Citation, cite
from site_builder.site.data import data_files, exports
from site_builder.build.fingerprints import state_of
from site_builder.build.memo import PageMemo, Records, open_memo
from site_builder.build.pool import chunks, parallel_map, pool_size
from site_builder.model import ENTITY_TYPES, FIELD_NAMES, Cell, EntityReport, Event, Located, NameToReview, Passage, PassageEnd, ReusePair, Row, Site, Source, short_names
from site_builder.site.urls import absolute_url, relative_url
from site_builder.output.write import Output, OutputFile

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
USER_TEMPLATES = "templates"
PER_INDEX_PAGE = 200
HOME_SOURCES = 10

Crumbs = Sequence[tuple[str, str | None]]

# What every template sees besides its page's own variables (documented in docs/templates.md).
CONTEXT_HELP = {
    "site": "the whole `Site`: `site.config`, `site.sources`, `site.entities`, `site.events`, `site.reuse`, …",
    "title": "the page title",
    "page_path": "this page's path in the site, such as `sources/000_x/index.html`",
    "breadcrumb": "a list of (label, path or None) pairs, home first",
    "url(path)": "a link from this page to a site path, relative so the site works under any sub-path",
    "canonical": "this page's absolute address, when `base_url` is set",
    "version": "the site_builder version",
    "field_names": "the metadata fields a source page lists, in order",
    "source_path(source)": "the path of a source's page",
    "entity_path(id)": "the path of an entity's page",
    "event_path(id)": "the path of an event's page",
    "pair_path(pair)": "the path of a text-reuse pair's page",
    "paragraph_path(located)": "the path of the paragraph a finding comes from (`sources/<id>/index.html#pN`)",
    "kwic(located)": "a finding in context: (words before, the finding, words after)",
    "events_of(source_id=…, entity_id=…)": "the events a source reports, or an entity takes part in",
    "link(path)": "an address for structured data: absolute with `base_url`, else relative",
    "short": "a short label for each source id (the part before its first `_` when that is unique)",
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
    environment.filters["json_for_script"] = json_for_script
    environment.filters["filter_label"] = filter_label
    return environment


def failing_template_line(error: BaseException, template: str) -> tuple[str, int | None]:
    """The template and line a rendering error came from (Jinja2 maps its frames to template lines)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html") and (USER_TEMPLATES in frame.filename or str(BUILTIN_TEMPLATES) in frame.filename):
            return Path(frame.filename).name, frame.lineno
    return template, None


def template_path(project: Path, name: str) -> str:
    return f"{USER_TEMPLATES}/{name}" if (project / USER_TEMPLATES / name).is_file() else f"(built-in template) {name}"


@dataclass
class Renderer:
    site: Site
    project: Path
    memo: PageMemo = field(default_factory=PageMemo)

    def __post_init__(self) -> None:
        self.env = make_environment(self.project)
        self.short = short_names([source.id for source in self.site.sources])
        self.related = pairs_by_source(self.site.reuse)
        self.pair_order = {(pair.a, pair.b): index for index, pair in enumerate(self.site.reuse)}
        self.reports = list(self.site.entities.values())  # entity pages are rendered in pieces by index
        self.events_by: dict[str, list[Event]] = defaultdict(list)
        for event in self.site.events:
            for key in {*(f"s:{s}" for s in event.sources), *(f"e:{p}" for p in event.participants),
                        *([f"e:{event.place}"] if event.place else [])}:
                self.events_by[key].append(event)

    def page(self, path: str, template: str, title: str, breadcrumb: Crumbs, **context: Any) -> OutputFile:
        """Render one page; template mistakes become errors naming the template and line."""
        base_url = self.site.config.base_url
        # 404.html is served at whatever path was missing, so its links must be absolute when they can be.
        if path == NOT_FOUND and base_url:
            url = lambda target: absolute_url(base_url, target)  # noqa: E731
        else:
            url = lambda target: relative_url(path, target)  # noqa: E731
        try:
            html = self.env.get_template(template).render(
                site=self.site,
                page_path=path,
                title=title,
                breadcrumb=breadcrumb,
                url=url,
                canonical=absolute_url(base_url, path),
                version=__version__,
                field_names=FIELD_NAMES,
                source_path=source_page_path,
                entity_path=entity_page_path,
                pair_path=pair_page_path,
                event_path=event_page_path,
                events_of=self.events_of,
                paragraph_path=self.paragraph_path,
                kwic=self.kwic,
                short=self.short,
                link=lambda target: absolute_url(base_url, target) or relative_url(path, target),
                **context,
            )
        except jinja2.TemplateSyntaxError as error:
            raise SiteError(template_path(self.project, error.name or template), error.message or "syntax error", error.lineno) from None
        except UnicodeDecodeError:
            raise SiteError(template_path(self.project, template), "not UTF-8 text") from None
        except Exception as error:  # a template's own runtime error: name its file and line
            name, line = failing_template_line(error, template)
            raise SiteError(template_path(self.project, name), f"while rendering {path}: {type(error).__name__}: {error}", line) from None
        self.memo.rendered.add(path)
        return OutputFile(path, html.encode("utf-8"))

    def link(self, from_path: str, target: str) -> str:
        """An address for structured data: absolute when base_url is set, else relative to the page."""
        return absolute_url(self.site.config.base_url, target) or relative_url(from_path, target)

    def citation_url(self, path: str) -> str:
        """An address for a citation: absolute when base_url is set, else the path within the site."""
        return absolute_url(self.site.config.base_url, path) or "/" + path.removesuffix("index.html")

    def events_of(self, source_id: str | None = None, entity_id: str | None = None) -> list[Event]:
        """The events a source reports, or an entity takes part in (as participant or place)."""
        return self.events_by.get(f"s:{source_id}" if source_id else f"e:{entity_id}", [])

    def paragraph_path(self, located: Located) -> str:
        """The link target of a finding: its paragraph on its source's page."""
        return f"{source_page_path(self.site.by_id[located.source])}#{located.item.span.paragraph}"

    def kwic(self, located: Located) -> tuple[str, str, str]:
        """A finding in the words around it, for keyword-in-context lists."""
        span = located.item.span
        text = self.site.by_id[located.source].paragraph(span.paragraph).text
        return keyword_in_context(text, span.start, span.end)

    def passage_state(self, pair: ReusePair, passage: Passage) -> tuple[Any, ...]:
        """A shared passage for a page key, without its texts: both sources' content (their digests)
        and the passage's word positions in each, which with that content fix its spans, texts,
        kind and speakers (reuse.end_of). Pickling the texts was most of the keys' cost."""
        by_id = self.site.by_id
        return (pair.a, pair.b, state_of(by_id[pair.a]), state_of(by_id[pair.b]),
                passage.a.first_word, passage.a.last_word, passage.b.first_word, passage.b.last_word, passage.kind)

    def pair_state(self, pair: ReusePair) -> tuple[Any, ...]:
        """A pair for a page key: its passages (`passage_state`), shares and lineage."""
        return [self.passage_state(pair, passage) for passage in pair.passages], pair.share_a, pair.share_b, pair.lineage


NOT_FOUND = "404.html"
REUSE = ("Text reuse", "reuse/index.html")
EVENTS = ("Events", "events/index.html")
HOME = ("Home", "index.html")
SOURCES = ("Sources", "sources/index.html")
ENTITIES = ("Entities", "entities/index.html")
# Columns of per-source counts on the entities index, only while a table that wide stays readable.
MAX_SOURCE_COLUMNS = 12
MAX_CONTEXT_LINES = 500  # mentions in context, quotes, dates: the most a page lists
FORM_SOURCES = 30  # the sources an entity page links for each spelling
NAME_CONTEXTS = 5  # the occurrences in context the names-to-review index shows of each name
COOCCURRING_SHOWN = 30  # the entities named with it that an entity page lists
MATRIX_SOURCES = 50
RELATED_SOURCES = 5


def source_page_path(source: Source) -> str:
    return f"sources/{source.id}/index.html"


def entity_page_path(entity_id: str) -> str:
    return f"entities/{entity_id}/index.html"


def pair_page_path(pair: ReusePair) -> str:
    return f"reuse/{pair.a}--{pair.b}/index.html"


def passage_pieces(source: Source, end: PassageEnd) -> Iterator[tuple[str, int, int]]:
    """(paragraph id, start, end) of each paragraph's share of one passage end."""
    first, last = int(end.start.paragraph[1:]), int(end.end.paragraph[1:])
    for number in range(first, last + 1):
        paragraph = source.paragraphs[number - 1]
        yield (paragraph.id, end.start.start if number == first else 0,
               end.end.end if number == last else len(paragraph.text))


def pairs_by_source(pairs: Sequence[ReusePair]) -> dict[str, list[ReusePair]]:
    """Each source's pairs, most shared words first: its related sources."""
    found: dict[str, list[ReusePair]] = defaultdict(list)
    for pair in pairs:
        found[pair.a].append(pair)
        found[pair.b].append(pair)
    for source_id, its_pairs in found.items():
        its_pairs.sort(key=lambda p: (-p.words, p.other(source_id)))
    return found


def similarity_matrix(site: Site) -> tuple[list[Source], dict[tuple[str, str], ReusePair]]:
    """The most connected sources (at most MATRIX_SOURCES, in id order) and each pair by both orders."""
    shared: Counter[str] = Counter()
    by_ids: dict[tuple[str, str], ReusePair] = {}
    for pair in site.reuse:
        shared[pair.a] += pair.words
        shared[pair.b] += pair.words
        by_ids[(pair.a, pair.b)] = by_ids[(pair.b, pair.a)] = pair
    top = sorted(shared, key=lambda source_id: (-shared[source_id], source_id))[:MATRIX_SOURCES]
    return [site.by_id[source_id] for source_id in sorted(top)], by_ids


def render_reuse_pages(renderer: Renderer) -> Iterator[Output]:
    site = renderer.site
    matrix_sources, by_ids = similarity_matrix(site)
    pairs = sorted(site.reuse, key=lambda p: (-p.words, p.a, p.b))
    yield renderer.page("reuse/index.html", "reuse.html", "Text reuse", [HOME, ("Text reuse", None)],
                        matrix_sources=matrix_sources, by_ids=by_ids, top_pairs=pairs[:PER_INDEX_PAGE], pair_count=len(pairs))
    passages = sorted(((pair, passage) for pair in site.reuse for passage in pair.passages),
                      key=lambda item: (-item[1].words, item[1].a.source, item[1].b.source, item[1].a.first_word))
    yield from render_paged(renderer, "reuse/passages", "passages.html", "Shared passages", [HOME, REUSE, ("Passages", None)], passages,
                            inputs=lambda rows: passage_rows_inputs(renderer, rows))


def sources_rows_inputs(site: Site, rows: Sequence[Source]) -> tuple[Any, ...]:
    """What sources.html reads: the number of sources, and each row's id, title, publisher, date and words."""
    return len(site.sources), [(s.id, s.title, s.field("publisher"), s.field("published"), s.words) for s in rows]


def names_rows_inputs(renderer: Renderer, rows: Sequence[NameToReview]) -> list[tuple[Any, ...]]:
    """What names.html reads of each row: the name, its hint, how many sources and occurrences it
    has, and its first NAME_CONTEXTS occurrences in context."""
    return [(name.surface, name.hint, len(name.sources), len(name.occurrences),
             [(o.source, o.item.span.paragraph, renderer.kwic(o)) for o in name.occurrences[:NAME_CONTEXTS]]) for name in rows]


def passage_rows_inputs(renderer: Renderer, rows: Sequence[tuple[ReusePair, Passage]]) -> list[tuple[Any, ...]]:
    """What passages.html reads of each row: the pair's short names, and the passage."""
    return [(renderer.short[pair.a], renderer.short[pair.b], renderer.passage_state(pair, passage)) for pair, passage in rows]


def render_pair_pages(renderer: Renderer, indexes: range) -> Iterator[Output]:
    for pair in renderer.site.reuse[indexes.start:indexes.stop]:
        yield renderer.memo.page(pair_page_path(pair), lambda: pair_page_inputs(renderer, pair),
                                 lambda: render_pair_page(renderer, pair))


def pair_page_inputs(renderer: Renderer, pair: ReusePair) -> tuple[Any, ...]:
    """What pair.html reads: the pair, and both sources' short names and titles."""
    by_id, short = renderer.site.by_id, renderer.short
    return renderer.pair_state(pair), short[pair.a], short[pair.b], by_id[pair.a].title, by_id[pair.b].title


def render_pair_page(renderer: Renderer, pair: ReusePair) -> OutputFile:
    diffs = [word_diff(passage.a.text, passage.b.text) for passage in pair.passages]
    return renderer.page(pair_page_path(pair), "pair.html", f"{pair.a} and {pair.b}", [HOME, REUSE, (f"{renderer.short[pair.a]} ↔ {renderer.short[pair.b]}", None)],
                         pair=pair, passages=list(zip(pair.passages, diffs)))


def annotated_paragraphs(site: Site, source: Source, pairs: Sequence[ReusePair], short: dict[str, str]) -> dict[str, Markup]:
    """Each paragraph's text, escaped, with its mentions linked to their entity pages and the
    passages it shares with other sources highlighted, each ending in a link to the other copy."""
    page = source_page_path(source)
    marks: dict[str, list[Mark]] = {p.id: [] for p in source.paragraphs}
    for pair in pairs:
        for passage in pair.passages:
            mine, theirs = (passage.a, passage.b) if passage.a.source == source.id else (passage.b, passage.a)
            label = f"shared with {theirs.source} ({passage.kind}, {passage.words} words)"
            for paragraph_id, start, end in passage_pieces(source, mine):
                marks[paragraph_id].append(Mark(start, end, Markup('<mark class="shared {}" title="{}">').format(passage.kind, label), Markup("</mark>")))
            target = relative_url(page, f"{source_page_path(site.by_id[theirs.source])}#{theirs.start.paragraph}")
            marks[mine.end.paragraph].append(Mark(mine.end.end, mine.end.end, Markup(
                '<a class="reuse-link" href="{}" title="The same passage in {}">↔ {} {}</a>').format(
                target, theirs.source, short[theirs.source], theirs.start.paragraph)))
    for mention in source.mentions:
        entity = site.entities[mention.entity].entity
        title = entity.name + (f" (spelled “{mention.surface}” here: a variant)" if mention.variant else "")
        opening = Markup('<a class="mention{}" href="{}" title="{}">').format(
            " variant" if mention.variant else "", relative_url(page, entity_page_path(entity.id)), title)
        marks[mention.span.paragraph].append(Mark(mention.span.start, mention.span.end, opening, Markup("</a>")))
    return {p.id: annotate(p.text, marks[p.id]) for p in source.paragraphs}


def paged_path(folder: str, number: int) -> str:
    """`folder/index.html` for page 1, `folder/page/N/index.html` after it."""
    return f"{folder}/index.html" if number == 1 else f"{folder}/page/{number}/index.html"


def render_paged(renderer: Renderer, folder: str, template: str, title: str, crumbs: Crumbs,
                 items: Sequence[Any], inputs: Callable[[Sequence[Any]], Any] | None = None, **context: Any) -> Iterator[Output]:
    """An index split into pages of PER_INDEX_PAGE rows, so no page grows with the collection.
    With `inputs` (what the template reads of a page's rows, besides `context`, which must be
    small), each page is memoised; without it, every page is rendered."""
    count = max(1, math.ceil(len(items) / PER_INDEX_PAGE))
    for number in range(1, count + 1):
        rows = items[(number - 1) * PER_INDEX_PAGE: number * PER_INDEX_PAGE]
        path = paged_path(folder, number)
        render = functools.partial(
            renderer.page, path, template, title if number == 1 else f"{title}, page {number}", crumbs,
            rows=rows, page_number=number, page_count=count, page_path_of=lambda n: paged_path(folder, n), **context)
        if inputs is None:
            yield render()
        else:
            yield renderer.memo.page(path, lambda: (inputs(rows), count, title, crumbs, context), render)


SCHEMA = "https://schema.org"


def known(record: dict[str, Any]) -> dict[str, Any]:
    """Structured data without the fields nothing states."""
    return {key: value for key, value in record.items() if value not in (None, "", [], {})}


def source_structured(renderer: Renderer, source: Source) -> dict[str, Any]:
    path = source_page_path(source)
    field = source.field
    return known({
        "@context": SCHEMA, "@type": "NewsArticle", "headline": source.title, "url": renderer.link(path, path),
        "isBasedOn": field("url").value, "archivedAt": renderer.link(path, f"raw/{source.raw_name}"),
        "publisher": known({"@type": "Organization", "name": field("publisher").value}) if field("publisher").known else None,
        "author": known({"@type": "Person", "name": field("author").value}) if field("author").known else None,
        "datePublished": field("published").value, "inLanguage": field("language").value, "wordCount": source.words,
        "identifier": f"sha256:{source.sha256}",
    })


def source_citation(renderer: Renderer, source: Source) -> Citation:
    path = source_page_path(source)
    field = source.field
    return cite(source.id, source.title, field("publisher").value, field("published").value, field("url").value,
                renderer.site.config.title, renderer.citation_url(path), f"Raw copy SHA-256 {source.sha256}.")


def render_source_pages(renderer: Renderer, indexes: range) -> Iterator[Output]:
    sources = renderer.site.sources
    for index in indexes:
        yield renderer.memo.page(source_page_path(sources[index]), lambda: source_page_inputs(renderer, index),
                                 lambda: render_source_page(renderer, index))


def neighbours(sources: Sequence[Source], index: int) -> tuple[Source | None, Source | None]:
    """The sources before and after `index`, for a source page's previous and next links."""
    return sources[index - 1] if index > 0 else None, sources[index + 1] if index + 1 < len(sources) else None


def source_page_inputs(renderer: Renderer, index: int) -> tuple[Any, ...]:
    """What source.html and source_panel.html read besides the source: its pairs' passages and the
    other sources' short names, its neighbours' ids and titles, the names of the entities it
    mentions, and its events."""
    site, source = renderer.site, renderer.site.sources[index]
    pairs = [([renderer.passage_state(pair, passage) for passage in pair.passages], renderer.short[pair.other(source.id)])
             for pair in renderer.related[source.id]]
    return (state_of(source), pairs,
            [(s.id, s.title) if s else None for s in neighbours(site.sources, index)],
            sorted({(m.entity, site.entities[m.entity].entity.name) for m in source.mentions}),
            [(e.id, e.title, e.curated) for e in renderer.events_of(source_id=source.id)])


def render_source_page(renderer: Renderer, index: int) -> OutputFile:
    source, related = renderer.site.sources[index], renderer.related
    previous, following = neighbours(renderer.site.sources, index)
    return renderer.page(
        source_page_path(source), "source.html", source.title, [HOME, SOURCES, (source.id, None)],
        source=source,
        paragraph_html=annotated_paragraphs(renderer.site, source, related[source.id], renderer.short),
        related=related[source.id][:RELATED_SOURCES],
        previous=previous,
        next=following,
        citation=source_citation(renderer, source),
        structured=source_structured(renderer, source),
        og_type="article",
        searchable=True,
        filters=[("kind", "source"), ("source", source.id), ("publisher", source.field("publisher").value or "unknown")]
        + [("event", e.title) for e in renderer.events_of(source_id=source.id)],
    )


ENTITY_SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization", "other": "Thing"}


def render_entities_index(renderer: Renderer) -> OutputFile:
    site = renderer.site
    by_type = {kind: [r for r in site.entities.values() if r.entity.type == kind] for kind in ENTITY_TYPES}
    return renderer.page(
        "entities/index.html", "entities.html", "Entities", [HOME, ("Entities", None)],
        by_type=by_type, source_columns=site.sources if len(site.sources) <= MAX_SOURCE_COLUMNS else (),
    )


def render_entity_pages(renderer: Renderer, indexes: range) -> Iterator[Output]:
    for report in renderer.reports[indexes.start:indexes.stop]:
        yield renderer.memo.page(entity_page_path(report.entity.id), lambda: entity_page_inputs(renderer, report),
                                 lambda: render_entity_page(renderer, report))


def entity_page_inputs(renderer: Renderer, report: EntityReport) -> tuple[Any, ...]:
    """What entity.html reads: the entity, what is shown of its spellings (each one's first
    FORM_SOURCES sources), quotes, mentions in context (the first MAX_CONTEXT_LINES of each) and
    co-occurring entities (the first COOCCURRING_SHOWN, with their names), how many there are of
    each, and its events."""
    contexts = report.mentions[:MAX_CONTEXT_LINES]
    cooccurring = report.cooccurring[:COOCCURRING_SHOWN]
    return (report.entity, [(f.text, f.variant, f.count, f.sources[:FORM_SOURCES], len(f.sources)) for f in report.forms],
            report.quotes[:MAX_CONTEXT_LINES], len(report.quotes), len(report.mentions), contexts,
            [renderer.kwic(located) for located in contexts], cooccurring,
            [renderer.site.entities[other].entity.name for other, _ in cooccurring],
            [(e.id, e.title, e.dates) for e in renderer.events_of(entity_id=report.entity.id)])


def render_entity_page(renderer: Renderer, report: EntityReport) -> OutputFile:
    entity, path = report.entity, entity_page_path(report.entity.id)
    return renderer.page(
        path, "entity.html", entity.name, [HOME, ENTITIES, (entity.name, None)],
        report=report, form_sources=FORM_SOURCES, quotes=report.quotes[:MAX_CONTEXT_LINES],
        contexts=report.mentions[:MAX_CONTEXT_LINES], cooccurring=report.cooccurring[:COOCCURRING_SHOWN],
        structured=known({"@context": SCHEMA, "@type": ENTITY_SCHEMA_TYPES[entity.type], "name": entity.name,
                          "alternateName": list(entity.aliases), "description": entity.description,
                          "sameAs": entity.link, "url": renderer.link(path, path)}),
        searchable=True, filters=[("kind", "entity"), ("entity type", entity.type)],
    )


def render_quotes_pages(renderer: Renderer) -> Iterator[Output]:
    """Every quotation, under the heading of who said it (the speakers most quoted first, the
    unattributed last), then the quoted terms: paged like every index that grows with the collection."""
    statements: dict[str, list[Located]] = {}
    terms: list[Located] = []
    for source in renderer.site.sources:
        for quote in source.quotes:
            if quote.kind == "term":
                terms.append(Located(source.id, quote))
            else:
                statements.setdefault(quote.speaker_label or "", []).append(Located(source.id, quote))
    speakers = sorted(statements, key=lambda label: (label == "", -len(statements[label]), label))
    rows = [(label or "Unattributed", located) for label in speakers for located in statements[label]]
    rows += [("Quoted terms", located) for located in terms]
    yield from render_paged(renderer, "quotes", "quotes.html", "Quotes", [HOME, ("Quotes", None)], rows,
                            inputs=lambda page_rows: page_rows, searchable=True, filters=[("kind", "quotes")])


def event_page_path(event_id: str) -> str:
    return f"events/{event_id}/index.html"


STATUS_ICONS = {"agree": "✓", "partial": "◐", "differ": "≠", "silent": "∅"}


def quote_variants(event: Event) -> list[tuple[Row, Cell, Cell, tuple[Markup, Markup]]]:
    """For each quotation that differs, its words set against an agreeing source's, diffed word by word."""
    found = []
    for row in event.rows:
        if row.facet.kind != "quote":
            continue
        agreeing = next((c for c in row.cells if c.status == "agree"), None)
        for cell in row.cells:
            if cell.status == "differ" and agreeing and cell.wording and agreeing.wording:
                found.append((row, cell, agreeing, word_diff(cell.wording[0], agreeing.wording[0])))
    return found


def render_event_pages(renderer: Renderer, indexes: range) -> Iterator[Output]:
    for event in renderer.site.events[indexes.start:indexes.stop]:
        yield renderer.memo.page(event_page_path(event.id), lambda: event_page_inputs(renderer, event),
                                 lambda: render_event_page(renderer, event))


def render_events_index_and_timeline(renderer: Renderer) -> Iterator[Output]:
    site = renderer.site
    yield renderer.page("events/index.html", "events.html", "Events", [HOME, ("Events", None)])
    dated = sorted(((d.value, Located(s.id, d)) for s in site.sources for d in s.dates if d.value),
                   key=lambda item: (item[0], item[1].source, item[1].item.span.start))
    yield renderer.page("timeline/index.html", "timeline.html", "Timeline", [HOME, ("Timeline", None)],
                        dated=dated[:MAX_CONTEXT_LINES], dated_count=len(dated),
                        dated_events=sorted((e for e in site.events if e.dates), key=lambda e: (e.dates[0], e.id)))


def event_pairs(renderer: Renderer, event: Event) -> list[ReusePair]:
    """The pairs of the event's sources, in the site's order (through each source's own pairs, not
    through every pair of the site)."""
    members = set(event.sources)
    found = {(p.a, p.b): p for source_id in members for p in renderer.related[source_id] if p.a in members and p.b in members}
    return [found[ids] for ids in sorted(found, key=renderer.pair_order.__getitem__)]


def event_page_inputs(renderer: Renderer, event: Event) -> tuple[Any, ...]:
    """What event.html reads besides the event: the names of its place and participants, its
    sources' titles, publishers and dates, and the pairs among them."""
    site = renderer.site
    names = [site.entities[entity_id].entity.name for entity_id in ([event.place] if event.place else []) + list(event.participants)]
    sources = [(s.title, s.field("publisher").value, s.field("published").value) for s in map(site.by_id.__getitem__, event.sources)]
    return state_of(event), names, sources, [renderer.pair_state(pair) for pair in event_pairs(renderer, event)]


def render_event_page(renderer: Renderer, event: Event) -> OutputFile:
    site, path = renderer.site, event_page_path(event.id)
    return renderer.page(
        path, "event.html", event.title, [HOME, EVENTS, (event.title, None)],
        structured=known({
            "@context": SCHEMA, "@type": "Event", "name": event.title, "description": event.summary,
            "startDate": event.dates[0] if event.dates else None, "endDate": event.dates[-1] if event.dates else None,
            "location": {"@type": "Place", "name": site.entities[event.place].entity.name} if event.place else None,
            "attendee": [{"@type": "Person", "name": site.entities[p].entity.name} for p in event.participants],
            "url": renderer.link(path, path),
        }),
        citation=cite(event.id, event.title, site.config.author, event.dates[0] if event.dates else None, None,
                      site.config.title, renderer.citation_url(path),
                      f"Comparison of {len(event.sources)} source{'s' if len(event.sources) != 1 else ''}."),
        event=event, names=short_names(event.sources), icons=STATUS_ICONS, variants=quote_variants(event),
        pairs=event_pairs(renderer, event),
        searchable=True, filters=[("kind", "event"), ("event", event.title)] + [("source", s) for s in event.sources],
    )


DATA_DESCRIPTIONS = {
    "data/events.json": "Every event with its facets and comparison cells (values, wording, evidence, status, difference).",
}


COMPARISONS = "data/comparisons/"
COMPARISON_DESCRIPTION = "The comparison table of one event: facet, source, value, wording, evidence, status, difference."


def render_data_page(renderer: Renderer, data: Sequence[OutputFile]) -> OutputFile:
    """The downloads with their sizes, hashes and columns; the per-event comparison tables are
    listed one by one up to PER_INDEX_PAGE of them, past that as one row (each event page links its own)."""
    described = {f"data/{e.name}.{kind}": e for e in exports(renderer.site) for kind in ("json", "csv")}
    per_event = [f for f in data if f.path.startswith(COMPARISONS)]
    listed = [f for f in data if not f.path.startswith(COMPARISONS)] + (per_event if len(per_event) <= PER_INDEX_PAGE else [])
    files = [
        {"path": f.path, "size": f.size, "sha256": f.digest,
         "export": described.get(f.path),
         "description": DATA_DESCRIPTIONS.get(f.path) or (COMPARISON_DESCRIPTION if f.path.startswith(COMPARISONS) else None)}
        for f in listed
    ]
    grouped = None if len(per_event) <= PER_INDEX_PAGE else {
        "count": len(per_event), "size": sum(f.size for f in per_event), "description": COMPARISON_DESCRIPTION}
    site = renderer.site
    structured = known({
        "@context": SCHEMA, "@type": "Dataset", "name": f"{site.config.title}: data",
        "description": site.config.description or "What the site's analyses found, as JSON and CSV.",
        "license": site.config.licence, "creator": known({"@type": "Person", "name": site.config.author}) if site.config.author else None,
        "url": renderer.link("data/index.html", "data/index.html"),
        "distribution": [{"@type": "DataDownload", "contentUrl": renderer.link("data/index.html", f["path"]),
                          "encodingFormat": "application/json" if f["path"].endswith(".json") else "text/csv",
                          "contentSize": f"{f['size']} B", "sha256": f["sha256"]} for f in files],
    })
    return renderer.page("data/index.html", "data.html", "Data downloads", [HOME, ("Data", None)], files=files,
                         per_event=grouped, structured=structured)


def method_facts(site: Site) -> dict[str, Any]:
    """The exact rules and settings this build used, for the Method page."""
    from site_builder.linking import cluster
    from site_builder.linking import reuse
    from site_builder.sources.clean_rules import RULES
    from site_builder.linking.compare import DEFAULT_FACETS

    removed = Counter(r.rule for s in site.sources for r in s.removed)
    return {
        "rules": [(rule.name, rule.description, removed[rule.name]) for rule in RULES],
        "reuse": site.config.reuse, "min_too_common": reuse.MIN_TOO_COMMON, "max_sharing": reuse.MAX_SHARING, "max_step": reuse.MAX_STEP,
        "cluster": {"threshold": cluster.LINK_THRESHOLD, "passage_bonus": cluster.PASSAGE_BONUS,
                    "far_apart_days": cluster.FAR_APART_DAYS, "entity_weight": cluster.ENTITY_WEIGHT,
                    "top_features": cluster.TOP_FEATURES, "min_shared": cluster.MIN_SHARED_FEATURES},
        "default_facets": DEFAULT_FACETS,
        "entities": len(site.entities), "variants": sum(1 for s in site.sources for m in s.mentions if m.variant),
        "curated": sum(1 for e in site.events if e.curated), "proposed": sum(1 for e in site.events if not e.curated),
    }


def render_site_wide_pages(renderer: Renderer, indexes: range) -> Iterator[Output]:
    """The pages there is one of (or one paged list of) per site, but the data page."""
    return site_wide_pages(renderer)


# The pages rendered in worker processes, in parts: the site-wide pages (one part, first, as it
# takes longest), and those there is one of per source, pair, event or entity, in pieces.
PARTS = {"site": render_site_wide_pages, "sources": render_source_pages, "pairs": render_pair_pages,
         "events": render_event_pages, "entities": render_entity_pages}
_worker_renderer: Renderer | None = None


def _set_worker_renderer(site: Site, project: Path, memo: PageMemo) -> None:
    global _worker_renderer
    _worker_renderer = Renderer(site, project, memo)


def render_part(part: tuple[str, range]) -> tuple[list[Output], Records]:
    """One part of the pages (in a worker), with what rendering them recorded."""
    assert _worker_renderer is not None, "the pool's initializer sets the renderer"
    return render_part_with(_worker_renderer, part)


def render_part_with(renderer: Renderer, part: tuple[str, range]) -> tuple[list[Output], Records]:
    kind, indexes = part
    files = list(PARTS[kind](renderer, indexes))
    return files, renderer.memo.take()


def render_site(site: Site, project: Path, jobs: int = 1, memo: PageMemo | None = None) -> Iterator[Output]:
    """Every page, and the data downloads. The pages go to `jobs` worker processes (when there are
    enough of them to be worth it), started first, while this process makes the data downloads and
    their page; then the pages come in the order they are done (no part waits for another in
    memory). `memo` (see page_memo.py) takes unchanged pages from the live site and records what
    was rendered."""
    memo = memo or PageMemo()
    counts = {"sources": len(site.sources), "pairs": len(site.reuse), "events": len(site.events), "entities": len(site.entities)}
    processes = pool_size(jobs, sum(counts.values()))
    parts = [("site", range(1))] + [(kind, indexes) for kind, count in counts.items() for indexes in chunks(count, processes)]
    rendered = parallel_map(render_part, parts, processes, _set_worker_renderer,
                            (site, project, dataclasses.replace(memo, records=Records())), ordered=False,
                            batched=False) if processes > 1 else None
    renderer = Renderer(site, project, memo)  # once the workers have started: here it renders only the data page
    if rendered is None:
        rendered = (render_part_with(renderer, part) for part in parts)
    with contextlib.closing(rendered):
        data = list(data_files(site))
        yield from data
        yield render_data_page(renderer, data)
        for files, records in rendered:
            memo.merge(records)
            yield from files


def open_page_memo(site: Site, project: Path, output: Path, enabled: bool) -> PageMemo:
    """The memo of this build's pages (see page_memo.py): what every page reads is the site's
    config and its free pages (the navigation), and how Jinja2 and MarkupSafe write them."""
    common = (site.config, site.pages, jinja2.__version__, importlib.metadata.version("markupsafe"))
    return open_memo(project, output, BUILTIN_TEMPLATES, project / USER_TEMPLATES, common, enabled)


def site_wide_pages(renderer: Renderer) -> Iterator[Output]:
    site = renderer.site
    yield renderer.page("index.html", "home.html", site.config.title, [("Home", None)], recent=site.sources[:HOME_SOURCES],
                        structured=known({"@context": SCHEMA, "@type": "WebSite", "name": site.config.title,
                                          "description": site.config.description, "url": renderer.link("index.html", "index.html")}))
    yield from render_paged(renderer, "sources", "sources.html", "Sources", [HOME, ("Sources", None)], site.sources,
                            inputs=lambda rows: sources_rows_inputs(site, rows))
    yield render_entities_index(renderer)
    yield from render_quotes_pages(renderer)
    yield from render_reuse_pages(renderer)
    yield from render_events_index_and_timeline(renderer)
    yield from render_paged(renderer, "names", "names.html", "Names to review", [HOME, ("Names to review", None)],
                            site.names_to_review, inputs=lambda rows: names_rows_inputs(renderer, rows),
                            contexts_shown=NAME_CONTEXTS)
    yield renderer.page("search/index.html", "search.html", "Search", [HOME, ("Search", None)])
    yield renderer.page("method/index.html", "method.html", "Method", [HOME, ("Method", None)], facts=method_facts(site))
    for page in site.pages:
        yield renderer.page(page.path, "page.html", page.title, [HOME, (page.title, None)], page=page)
    yield renderer.page(NOT_FOUND, "404.html", "Page not found", [HOME, ("Not found", None)])
