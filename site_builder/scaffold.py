"""Creating files for a researcher: `init` (a new project) and `new` (a source, an event, an entity)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from site_builder import capture
from site_builder.analysis.gazetteer import GAZETTEER_PATH
from site_builder.build.cache import CACHE_ROOT
from site_builder.build.prepare import PREPARE_STAGES
from site_builder.config import CONFIG_PATH, load_config
from site_builder.errors import Diagnostics, SiteError, did_you_mean
from site_builder.installed import DIST_NAME, Requirement, install_requirement
from site_builder.linking.compare import DEFAULT_FACETS
from site_builder.linking.events import EVENTS_DIR, check_event_id
from site_builder.linking.proposals import shared_dates
from site_builder.model import Capture, Source
from site_builder.options import ENTITY_TYPES, CaptureRecord, SiteConfig, options_of
from site_builder.schema import Option, slug
from site_builder.sources import ids
from site_builder.sources.load import SEEDS_DIR, load_source
from site_builder.sources.readers import reader_for, readers
from site_builder.sources.sidecar import SIDECAR_DIR, captured_urls

def commented_options(options: Sequence[Option], prefix: str = "# ") -> list[str]:
    """Every declared option as a commented `key: default` line with its help, for site.yaml;
    deleting the leading `# ` of a line gives valid YAML."""
    lines = []
    for option in options:
        if isinstance(option.convert, tuple):
            lines.append(f"{prefix}{option.name}:    # {option.help}")
            lines += commented_options(option.convert, prefix + "  ")
            continue
        default = "" if option.default is None else f" {option.default}"
        lines.append(f"{prefix}{option.name}:{default}    # {option.help}")
    return lines


EXAMPLE_SOURCE = """Example Ministers Meet in Example City

EXAMPLE CITY: The foreign ministers of Ruritania and Freedonia met on Monday in Example City, their first talks this year.

"We agreed to keep talking," said Ana Example, the Ruritanian minister.

Replace this file with the sources you collect; keep each one exactly as collected.
"""
EXAMPLE_ENTITIES = """# The gazetteer: people, places and organisations your sources name.
ana-example:
  name: Ana Example
  type: person
  aliases: [Example]
  description: Foreign minister of Ruritania (a made-up example).
example-city:
  name: Example City
  type: place
"""
EXAMPLE_EVENT = """---
title: Ministers meet in Example City
dates: 2026-01-05
place: Example City
participants: [Ana Example]
sources: [example]
facets:
  - id: place
    label: Where they met
    kind: place
    patterns: ['met on \\w+ in (?P<value>[A-Z]\\w+(?: [A-Z]\\w+)*)']
  - id: quote
    label: What Ana Example is quoted as saying
    kind: quote
    speaker: Ana Example
---
Your commentary on this event, in Markdown.
"""
MAKEFILE = """# A research microsite built with site_builder: `make site` builds it into public/ (installing
# the tool into .venv/ the first time), `make serve` previews it, `make check` checks it.
PYTHON ?= python3
VENV := .venv
TOOL := $(VENV)/bin/site-builder
# To use a site-builder installed some other way instead: make site SITE_BUILDER=site-builder
SITE_BUILDER ?= $(TOOL)
INSTALLED := $(if $(filter $(TOOL),$(SITE_BUILDER)),$(TOOL))
# The site_builder this project was made with: {described}.
# To change it, write other `pip install` arguments here: a released version ({dist}==<version>),
# a Git address at a tag or commit ("git+https://github.com/<owner>/<repository>.git@<tag>") or a folder.
{notes}SITE_BUILDER_REQUIREMENT := {requirement}

.PHONY: install site serve check clean
install: $(TOOL)
$(TOOL): Makefile
\t$(PYTHON) -m venv $(VENV)
\t$(VENV)/bin/python -m pip install --quiet $(SITE_BUILDER_REQUIREMENT)
\ttouch $@
site: $(INSTALLED)
\t$(SITE_BUILDER) build $(SITE_ARGS)
serve: $(INSTALLED)
\t$(SITE_BUILDER) serve
check: $(INSTALLED)
\t$(SITE_BUILDER) check
clean:
\trm -rf public
"""
WORKFLOW = """# Build with site_builder and publish public/ with the official GitHub Pages actions.
# In the repository settings, set Pages -> Source to "GitHub Actions".
name: pages
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - id: pages
        uses: actions/configure-pages@v5
      # Installs {described}, as SITE_BUILDER_REQUIREMENT in the Makefile says:
      # to install another version or source, change that line of the Makefile.
{notes}      - run: make install
      - run: make site SITE_ARGS="--strict --base-url ${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def requirement_notes(requirement: Requirement) -> list[str]:
    """What stops `requirement` from installing on a GitHub runner, in comment lines (none when nothing does)."""
    if requirement.local:
        return ["That is a path on this computer, which a GitHub runner cannot see: publishing fails until",
                "SITE_BUILDER_REQUIREMENT in the Makefile is a released version or a Git address."]
    if requirement.unpushed:
        return ["That commit is on no remote branch this checkout knows of: push it before publishing."]
    return []


def commented(lines: list[str], indent: str = "") -> str:
    return "".join(f"{indent}# {line}\n" for line in lines)


def make_value(text: str) -> str:
    """`text` as the value of a Makefile variable: `$` and `#` would otherwise mean something to make."""
    return text.replace("$", "$$").replace("#", "\\#")


def project_files(requirement: Requirement) -> dict[str, str]:
    """Every file `init` writes, the Makefile and the workflow installing `requirement`."""
    site_yaml = "\n".join(["# Site options. Every key is optional; uncomment and edit.", 'title: "My research microsite"',
                           *commented_options([o for o in options_of(SiteConfig) if o.name != "title"])]) + "\n"
    notes = requirement_notes(requirement)
    return {
        CONFIG_PATH: site_yaml,
        f"{SEEDS_DIR}/example.txt": EXAMPLE_SOURCE,
        f"{SIDECAR_DIR}/example.yaml": f"# What you know about {SEEDS_DIR}/example.txt beyond its text.\nlanguage: en\n"
                                       f"note: A made-up example; delete it with {SEEDS_DIR}/example.txt.\n",
        GAZETTEER_PATH: EXAMPLE_ENTITIES,
        f"{EVENTS_DIR}/example.md": EXAMPLE_EVENT,
        "Makefile": MAKEFILE.format(described=requirement.described, dist=DIST_NAME, notes=commented(notes),
                                    requirement=make_value(requirement.args)),
        ".gitignore": f"/public/\n/.public.*\n/{CACHE_ROOT}/\n/.venv/\n",
        ".github/workflows/pages.yml": WORKFLOW.format(described=requirement.described, notes=commented(notes, " " * 6)),
    }


def write_new(target: Path, text: str | bytes, force: bool, shown: str) -> None:
    if target.exists() and not force:
        raise SiteError(shown, "already exists; use --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


def init(folder: Path, force: bool = False, requirement: Requirement | None = None) -> list[str]:
    """Write a new project into `folder`; its Makefile and workflow install `requirement` (by
    default the site_builder running now)."""
    files = project_files(requirement or install_requirement())
    existing = [name for name in files if (folder / name).exists()]
    if existing and not force:
        raise SiteError(str(folder), f"would overwrite {', '.join(existing)}; use --force to replace them")
    for name, text in files.items():
        write_new(folder / name, text, True, name)
    return list(files)


def new_entity(project: Path, name: str, kind: str, aliases: Sequence[str]) -> str:
    from site_builder.analysis.gazetteer import load_gazetteer

    if kind not in ENTITY_TYPES:
        raise SiteError(kind, f"not an entity type ({', '.join(ENTITY_TYPES)}){did_you_mean(kind, ENTITY_TYPES)}")
    gazetteer = load_gazetteer(project)
    entity_id = slug(name)
    for taken in (name, *aliases):
        if taken in gazetteer.by_name:
            raise SiteError(GAZETTEER_PATH, f"'{taken}' is already a name of '{gazetteer.by_name[taken]}'")
    if entity_id in gazetteer.by_id:
        raise SiteError(GAZETTEER_PATH, f"the id '{entity_id}' is taken; add the entity by hand with another id")
    entry = {"name": name, "type": kind, **({"aliases": list(aliases)} if aliases else {})}
    text = yaml.safe_dump({entity_id: entry}, allow_unicode=True, sort_keys=False)
    path = project / GAZETTEER_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(old + ("" if not old or old.endswith("\n") else "\n") + text, encoding="utf-8")
    return entity_id


def new_event(project: Path, event_id: str, source_ids: Sequence[str], force: bool = False) -> Path:
    """A draft event file for these sources, its facets proposed from what the analysis found."""
    from site_builder.build.pipeline import BuildOptions, load_site

    site = load_site(project, BuildOptions(), Diagnostics())
    for source_id in source_ids:
        if source_id not in site.by_id:
            raise SiteError(source_id, f"unknown source{did_you_mean(source_id, site.by_id)}")
    sources = [site.by_id[s] for s in source_ids]
    facets = [{key: list(value) if isinstance(value, tuple) else value
               for key, value in dataclasses.asdict(facet).items() if value not in (None, ())}
              for facet in DEFAULT_FACETS]
    variants = sorted({m.entity for s in sources for m in s.mentions if m.variant})
    facets += [{"id": f"{entity}-name", "label": f"How {site.entities[entity].entity.name} is written", "kind": "name",
                "entity": entity} for entity in variants]
    speakers = sorted({q.speaker for s in sources for q in s.quotes if q.speaker})
    facets += [{"id": f"{speaker}-quoted", "label": f"What {site.entities[speaker].entity.name} is quoted as saying",
                "kind": "quote", "speaker": speaker} for speaker in speakers]
    dates, _ = shared_dates(sources)  # as a proposed event's: the reports' publication days, else the day their texts give
    front = {"title": f"Event {event_id}", **({"dates": list(dates)} if dates else {}),
             "sources": list(source_ids), "facets": facets}
    text = ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
            + "---\nWhat you know about this event. Facets above were proposed from the analysis: keep, edit or delete them.\n")
    check_event_id(event_id, f"{EVENTS_DIR}/{event_id}.md")
    target = project / EVENTS_DIR / f"{event_id}.md"
    write_new(target, text, force, f"{EVENTS_DIR}/{event_id}.md")
    return target


def utc_now() -> dt.datetime:
    """The time of day, to the second (only `new source` asks for it: the build never does)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Collected:
    """A source about to be added: its bytes, the file name its id is proposed from, what its
    sidecar says of where it came from, and for a web page the exchange to archive."""

    location: str
    data: bytes
    original: str
    origin: dict[str, str]
    how: str
    fetched: capture.Fetched | None = None


def copied_file(location: str, now: dt.datetime) -> Collected:
    path = Path(location)
    if not path.is_file():
        raise SiteError(location, "no such file")
    day = now.date().isoformat()
    return Collected(location, path.read_bytes(), path.name, {"retrieved": day}, f"Copied from a file named {path.name!r} on {day}")


def already_captured(location: str, url: str, known: dict[str, str]) -> None:
    if url in known:
        raise SiteError(location, f"already captured as source '{known[url]}' ({SIDECAR_DIR}/{known[url]}.yaml); "
                                  "nothing added (--force captures it again under that id)")


def captured_page(location: str, config: SiteConfig, clock: capture.Clock, timeout: float,
                  known: dict[str, str]) -> Collected:
    """The page at `location`, fetched (redirects followed) with its exchange to archive."""
    fetched = capture.fetch(location, capture.user_agent(config.contact), config.max_source_bytes, clock, timeout)
    final = fetched.final.url
    already_captured(location, final, known)
    parts = urllib.parse.urlsplit(final)
    path = urllib.parse.unquote(parts.path)
    path = path[:-len(fetched.suffix)] if path.lower().endswith(fetched.suffix) else path
    # Its URL and day are the capture's (`Capture.fields`, marked as captured), not declared values.
    return Collected(location, fetched.body, slug(f"{parts.netloc} {path}") + fetched.suffix, {},
                     f"Captured from {final} at {fetched.final.time}", fetched)


def new_source(project: Path, location: str, force: bool = False, now: dt.datetime | None = None,
               source_id: str | None = None, timeout: float = capture.TIMEOUT_SECONDS) -> Path:
    """Copy a file, or capture a URL, into seeds/ byte for byte, with a sidecar recording where and
    when (and for a URL the exchange, as a WARC file in archive/). The copy is named `<id><suffix>`:
    `source_id`, or else the id proposed from the file's name (`ids.proposed_id`, made unique unless
    `force` asks to replace the source of that id). A URL some sidecar records as captured is not
    captured again (with `force`, it is, under that source's id). Nothing is left behind on failure."""
    config = load_config(project)
    clock = (lambda: now) if now is not None else utc_now
    url = capture.web_address(location)
    if url is None:
        return add_source(project, copied_file(location, clock()), force, source_id, config)
    known = captured_urls(project)
    if not force:
        already_captured(location, url, known)
    page = captured_page(location, config, clock, timeout, {} if force else known)
    if force and source_id is None:
        source_id = known.get(url) or known.get(page.fetched.final.url)
    return add_source(project, page, force, source_id, config)


def add_source(project: Path, collected: Collected, force: bool, source_id: str | None, config: SiteConfig) -> Path:
    """Write a collected source, its sidecar and any WARC file, each first into a staging folder and
    moved in place once the source reads: a failure leaves nothing in seeds/, archive/ or content/."""
    suffix = Path(collected.original).suffix
    if reader_for(Path(collected.original)) is None:
        raise SiteError(collected.location, f"no reader for '{suffix}' files yet (known: {', '.join(sorted(readers()))}); nothing saved")
    taken = ids.ids_in(project / SEEDS_DIR)
    name = chosen_id(source_id, collected.original, [] if force else taken) + suffix
    stem = Path(name).stem
    other = taken.get(stem.casefold())
    if other is not None and other != name:
        raise SiteError(f"{SEEDS_DIR}/{other}", f"already has the id '{stem}'; choose another id for {collected.original}")
    target = project / SEEDS_DIR / name
    copy = None if force or target.exists() else identical_file(project / SEEDS_DIR, collected.data)
    if copy is not None:
        raise SiteError(collected.location, f"already in the collection as {SEEDS_DIR}/{copy} (the same bytes); nothing added")
    warc = capture.warc_path(stem) if collected.fetched is not None else None
    seed, sidecar = f"{SEEDS_DIR}/{name}", f"{SIDECAR_DIR}/{stem}.yaml"
    places = {shown: project / shown for shown in (warc, seed, sidecar) if shown}  # moved in this order: the sidecar names the others
    for shown, place in places.items():
        if place.exists() and not force:
            raise SiteError(shown, "already exists; use --force to replace it")
    staging = Path(tempfile.mkdtemp(prefix=".new-source-", dir=project))  # hidden: no build or serve looks at it
    try:
        staged = {shown: staging / f".{number}.part" for number, shown in enumerate(places)}
        staged[seed] = staging / name  # under its own name, which gives the source its id
        staged[seed].write_bytes(collected.data)
        source = load_source(staged[seed], config.max_source_bytes)
        for stage in PREPARE_STAGES:  # what cleaning extracts (headline, dateline, credits)
            source = stage(source)
        captured = None
        if warc is not None and collected.fetched is not None:
            with open(staged[warc], "wb") as stream:
                captured = capture.write_warc(collected.fetched, stream, warc, capture.user_agent(config.contact))
        staged[sidecar].write_text(sidecar_text(name, collected, source, captured), encoding="utf-8")
        moved: list[Path] = []
        try:
            for shown, place in places.items():
                place.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged[shown], place)
                moved.append(place)
        except BaseException:
            for place in moved:
                place.unlink(missing_ok=True)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def sidecar_text(name: str, collected: Collected, source: Source, captured: Capture | None) -> str:
    """A new source's sidecar: where it came from, its capture if any, and (as comments) the values
    found in the file."""
    note = f"{collected.how}; raw SHA-256 {hashlib.sha256(collected.data).hexdigest()}."
    values: dict[str, object] = {**collected.origin, "note": note}
    if captured is not None:
        record = dataclasses.asdict(captured)
        values["captured"] = {option.name: record[option.name] for option in options_of(CaptureRecord)
                              if record[option.name] is not None}
    found = [f"#   {key}: {field.value}    ({field.kind}: {field.detail})" for key, field in sorted(source.fields.items()) if field.known]
    return (f"# What is known about {SEEDS_DIR}/{name} beyond its text.\n"
            + yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=100)
            + ("# Found in the file (already shown as extracted; declare here only what you have checked):\n"
               + "\n".join(found) + "\n" if found else ""))


def listed_locations(path: Path) -> list[str]:
    """The files and URLs a `--from-file` list gives, one a line; blank lines and `#` comments skipped."""
    if not path.is_file():
        raise SiteError(str(path), "no such file (a list of files or URLs, one a line)")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SiteError(str(path), f"not UTF-8 text (byte {error.start})") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def added_line(seed: Path, location: str) -> str:
    """What `new source` says of a source it added."""
    stem, shown = seed.stem, f"{SEEDS_DIR}/{seed.name}"
    if capture.web_address(location) is not None:
        return f"Captured {location} as {shown}, with {SIDECAR_DIR}/{stem}.yaml and {capture.warc_path(stem)}."
    return f"Added {location} as {shown}, with {SIDECAR_DIR}/{stem}.yaml."


def identical_file(folder: Path, data: bytes) -> str | None:
    """The name of a file in `folder` holding exactly `data`, if one does."""
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
                return path.name
    return None


def chosen_id(source_id: str | None, original: str, taken: Iterable[str]) -> str:
    """`source_id` when it follows the rule for ids, else the id proposed for a file named `original`."""
    if source_id is None:
        return ids.proposed_id(original, taken)
    if not ids.is_source_id(source_id):
        raise SiteError(source_id, f"not a source id: an id must {ids.RULE}; "
                                   f"'{ids.folded(source_id)}' would do")
    return source_id
