"""The render stage: the Site model through Jinja2 templates (the user's `templates/` first)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

import jinja2

from site_builder import __version__
from markupsafe import Markup

from site_builder.errors import SiteError
from site_builder.markup import Mark, annotate, keyword_in_context
from site_builder.model import ENTITY_TYPES, FIELD_NAMES, Located, Site, Source
from site_builder.urls import absolute_url, relative_url
from site_builder.write import OutputFile

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
USER_TEMPLATES = "templates"
SOURCES_PER_INDEX_PAGE = 200
HOME_SOURCES = 10

Crumbs = Sequence[tuple[str, str | None]]


def make_environment(project: Path) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(project / USER_TEMPLATES),
        jinja2.FileSystemLoader(BUILTIN_TEMPLATES),
    ])
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_path(project: Path, name: str) -> str:
    return f"{USER_TEMPLATES}/{name}" if (project / USER_TEMPLATES / name).is_file() else f"(built-in template) {name}"


@dataclass
class Renderer:
    site: Site
    project: Path

    def __post_init__(self) -> None:
        self.env = make_environment(self.project)

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
                paragraph_path=self.paragraph_path,
                kwic=self.kwic,
                **context,
            )
        except jinja2.TemplateSyntaxError as error:
            raise SiteError(template_path(self.project, error.name or template), error.message or "syntax error", error.lineno) from None
        except jinja2.TemplateError as error:
            raise SiteError(template_path(self.project, template), f"while rendering {path}: {error}") from None
        return OutputFile(path, html.encode("utf-8"))

    def paragraph_path(self, located: Located) -> str:
        """The link target of a finding: its paragraph on its source's page."""
        return f"{source_page_path(self.site.by_id[located.source])}#{located.item.span.paragraph}"

    def kwic(self, located: Located) -> tuple[str, str, str]:
        """A finding in the words around it, for keyword-in-context lists."""
        span = located.item.span
        text = self.site.by_id[located.source].paragraph(span.paragraph).text
        return keyword_in_context(text, span.start, span.end)


NOT_FOUND = "404.html"
HOME = ("Home", "index.html")
SOURCES = ("Sources", "sources/index.html")
ENTITIES = ("Entities", "entities/index.html")
# Columns of per-source counts on the entities index, only while a table that wide stays readable.
MAX_SOURCE_COLUMNS = 12
MAX_CONTEXT_LINES = 500


def source_page_path(source: Source) -> str:
    return f"sources/{source.id}/index.html"


def entity_page_path(entity_id: str) -> str:
    return f"entities/{entity_id}/index.html"


def annotated_paragraphs(site: Site, source: Source) -> dict[str, Markup]:
    """Each paragraph's text, escaped, with its mentions linked to their entity pages."""
    page = source_page_path(source)
    marks: dict[str, list[Mark]] = {p.id: [] for p in source.paragraphs}
    for mention in source.mentions:
        entity = site.entities[mention.entity].entity
        title = entity.name + (f" (spelled “{mention.surface}” here: a variant)" if mention.variant else "")
        opening = Markup('<a class="mention{}" href="{}" title="{}">').format(
            " variant" if mention.variant else "", relative_url(page, entity_page_path(entity.id)), title)
        marks[mention.span.paragraph].append(Mark(mention.span.start, mention.span.end, opening, Markup("</a>")))
    return {p.id: annotate(p.text, marks[p.id]) for p in source.paragraphs}


def index_page_path(number: int) -> str:
    return "sources/index.html" if number == 1 else f"sources/page/{number}/index.html"


def render_sources_index(renderer: Renderer) -> Iterator[OutputFile]:
    sources = renderer.site.sources
    count = max(1, math.ceil(len(sources) / SOURCES_PER_INDEX_PAGE))
    for number in range(1, count + 1):
        rows = sources[(number - 1) * SOURCES_PER_INDEX_PAGE: number * SOURCES_PER_INDEX_PAGE]
        yield renderer.page(
            index_page_path(number), "sources.html", "Sources" if number == 1 else f"Sources, page {number}",
            [HOME, ("Sources", None)], rows=rows, page_number=number, page_count=count, page_path_of=index_page_path,
        )


def render_source_pages(renderer: Renderer) -> Iterator[OutputFile]:
    sources = renderer.site.sources
    for index, source in enumerate(sources):
        yield renderer.page(
            source_page_path(source), "source.html", source.title, [HOME, SOURCES, (source.id, None)],
            source=source,
            paragraph_html=annotated_paragraphs(renderer.site, source),
            previous=sources[index - 1] if index > 0 else None,
            next=sources[index + 1] if index + 1 < len(sources) else None,
            citation_url=absolute_url(renderer.site.config.base_url, source_page_path(source)),
        )


def render_entity_pages(renderer: Renderer) -> Iterator[OutputFile]:
    site = renderer.site
    by_type = {kind: [r for r in site.entities.values() if r.entity.type == kind] for kind in ENTITY_TYPES}
    yield renderer.page(
        "entities/index.html", "entities.html", "Entities", [HOME, ("Entities", None)],
        by_type=by_type, source_columns=site.sources if len(site.sources) <= MAX_SOURCE_COLUMNS else (),
    )
    for report in site.entities.values():
        yield renderer.page(
            entity_page_path(report.entity.id), "entity.html", report.entity.name, [HOME, ENTITIES, (report.entity.name, None)],
            report=report, contexts=report.mentions[:MAX_CONTEXT_LINES],
        )


def render_quotes_page(renderer: Renderer) -> OutputFile:
    statements: dict[str, list[Located]] = {}
    terms: list[Located] = []
    for source in renderer.site.sources:
        for quote in source.quotes:
            if quote.kind == "term":
                terms.append(Located(source.id, quote))
            else:
                statements.setdefault(quote.speaker_label or "", []).append(Located(source.id, quote))
    speakers = sorted(statements, key=lambda label: (label == "", -len(statements[label]), label))
    return renderer.page(
        "quotes/index.html", "quotes.html", "Quotes", [HOME, ("Quotes", None)],
        speakers=[(label, statements[label]) for label in speakers], terms=terms,
    )


def render_site(site: Site, project: Path) -> Iterator[OutputFile]:
    renderer = Renderer(site, project)
    yield renderer.page("index.html", "home.html", site.config.title, [("Home", None)], recent=site.sources[:HOME_SOURCES])
    yield from render_sources_index(renderer)
    yield from render_source_pages(renderer)
    yield from render_entity_pages(renderer)
    yield render_quotes_page(renderer)
    yield renderer.page("names/index.html", "names.html", "Names to review", [HOME, ("Names to review", None)])
    for page in site.pages:
        yield renderer.page(page.path, "page.html", page.title, [HOME, (page.title, None)], page=page)
    yield renderer.page(NOT_FOUND, "404.html", "Page not found", [HOME, ("Not found", None)])
