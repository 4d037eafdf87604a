"""`site-builder check`: everything a build checks, without writing the site, as a report of
`path:line: message` lines a researcher (or CI) can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_builder import layout
from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics, Problem, SiteError, did_you_mean, in_order
from site_builder.model import Site
from site_builder.sources.sidecar import SIDECAR_DIR
from site_builder.wording import are, counted


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[tuple[str, Problem]] = field(default_factory=list)  # (kind, where and what)

    def lines(self) -> list[str]:
        return ([f"error: {p}" for p in self.errors] + [f"warning: {p}" for p in self.warnings]
                + [f"{kind}: {p}" for kind, p in self.notes])


def findings(site: Site) -> list[tuple[str, Problem]]:
    """What a researcher may want to act on: unknown dates and publishers, names to review,
    spelling variants, proposed events."""
    notes: list[tuple[str, Problem]] = []
    for source in site.sources:
        for name in ("published", "publisher"):
            if not source.field(name).known:
                notes.append(("unknown", Problem(source.path, f"{name} unknown; declare it in {SIDECAR_DIR}/{source.id}.yaml if you know it")))
        for mention in source.mentions:
            if mention.variant:
                line = source.paragraph(mention.span.paragraph).line
                entity = site.entities[mention.entity].entity.name
                notes.append(("variant", Problem(source.path, f"'{mention.surface}' is a spelling variant of {entity}", line)))
    for name in site.names_to_review:
        for located in name.occurrences[:1]:
            source = site.by_id[located.source]
            hint = f" (likely a {name.hint})" if name.hint else ""
            notes.append(("name to review", Problem(source.path, f"'{name.surface}'{hint} is not in {layout.GAZETTEER}; "
                                                                  f"{counted(len(name.sources), 'source')}",
                                                     source.paragraph(located.item.span.paragraph).line)))
    known = [report.entity.name for report in site.entities.values()]
    for event in site.events:
        for name in [*([event.place] if event.place else []), *event.participants]:
            if not name.entity:
                notes.append(("name to review", Problem(event.path or event.id, f"'{name.text}' is not in {layout.GAZETTEER}"
                                                                               f"{did_you_mean(name.text, known)}; the event shows it as written")))
        if not event.curated:
            first = site.by_id[event.sources[0]]
            notes.append(("proposed event", Problem(first.path, f"{event.title}: {', '.join(event.sources)} "
                                                                f"{are(len(event.sources))} in no event file; "
                                                                "`site-builder events --suggest` drafts one")))
    return notes


def check(project: Path, strict: bool = False) -> Report:
    """Everything a build checks, all files in one pass; the notes only when there is no error."""
    report = Report()
    diagnostics = Diagnostics()
    try:
        site = load_site(project, BuildOptions(), diagnostics)
        report.notes = findings(site)
    except SiteError as error:
        report.errors = list(error.problems)
    report.warnings = in_order(diagnostics.warnings)
    if strict:
        report.errors, report.warnings = in_order(report.errors + report.warnings), []
    return report
