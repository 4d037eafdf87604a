"""The `site-builder` command: build and serve."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from site_builder import __version__
from site_builder.build import progress
from site_builder.build.pipeline import BuildOptions, build, check_output
from site_builder.build.timing import STAGES
from site_builder.errors import SiteError, input_error


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="site-builder",
        description="Build a research microsite from seeds/ (raw sources) and content/ (what the researcher adds).",
    )
    main.add_argument("--version", action="version", version=f"site-builder {__version__}")
    main.add_argument("-C", "--project", type=Path, default=Path("."), help="project folder (default: the current one)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the site into public/")
    build_cmd.add_argument("--output", type=Path, default=None, help="output folder (default: public/ in the project)")
    build_cmd.add_argument("--base-url", default=None, help="published address, e.g. https://user.github.io/repo/")
    add_speed_options(build_cmd)
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    build_cmd.add_argument("--timings", action="store_true", help="print the seconds spent in each stage")

    events_cmd = commands.add_parser("events", help="list the events, or draft event files for the proposed ones")
    events_cmd.add_argument("--suggest", action="store_true", help="print a draft content/events/ file for each proposed event")

    init_cmd = commands.add_parser("init", help="create a new project with example content")
    init_cmd.add_argument("folder", type=Path, nargs="?", default=Path("."))
    init_cmd.add_argument("--force", action="store_true", help="replace files that exist")

    new_cmd = commands.add_parser("new", help="add a source, an event or an entity")
    new_kinds = new_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    new_source_cmd = new_kinds.add_parser("source", help="copy a file, or fetch a URL, into seeds/ with a sidecar")
    new_source_cmd.add_argument("location", help="a file path or an http(s) URL")
    new_source_cmd.add_argument("--force", action="store_true")
    new_event_cmd = new_kinds.add_parser("event", help="write a draft event file for some sources")
    new_event_cmd.add_argument("id")
    new_event_cmd.add_argument("--sources", required=True, help="comma-separated source ids")
    new_event_cmd.add_argument("--force", action="store_true")
    new_entity_cmd = new_kinds.add_parser("entity", help="add an entity to content/entities.yaml")
    new_entity_cmd.add_argument("name")
    new_entity_cmd.add_argument("--type", default="person", help="person, place, organisation or other")
    new_entity_cmd.add_argument("--alias", action="append", default=[], help="another name (repeatable)")

    templates_cmd = commands.add_parser("templates", help="list the built-in templates, or copy one into templates/")
    templates_cmd.add_argument("action", choices=("list", "copy"))
    templates_cmd.add_argument("name", nargs="?", help="with copy: the template to copy into templates/")
    templates_cmd.add_argument("--force", action="store_true", help="with copy: replace an existing file")

    reference_cmd = commands.add_parser("reference", help="print a reference page generated from the code")
    reference_cmd.add_argument("topic", choices=("templates", "configuration"))

    check_cmd = commands.add_parser("check", help="check the project without writing the site; exit 1 on errors")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")

    verify_cmd = commands.add_parser("verify", help="check a built site against its manifest.json")
    verify_cmd.add_argument("site", type=Path, nargs="?", default=None, help="the built site (default: public/)")
    verify_cmd.add_argument("--inputs", action="store_true", help="also check the project's input files")

    serve_cmd = commands.add_parser("serve", help="build, serve on localhost, rebuild and reload on every change")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--output", type=Path, default=None, help="output folder (default: public/ in the project)")
    serve_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    add_speed_options(serve_cmd)
    return main


def add_speed_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                         help="processes for the per-source stages (default: one per core)")
    command.add_argument("--no-cache", dest="cache", action="store_false",
                         help="recompute every source instead of reusing unchanged results from .cache/")


def run_build(project: Path, output: Path, options: BuildOptions, quiet: bool, timings: bool) -> int:
    try:
        check_output(project, output)
        result = build(project, output, options)
    except SiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # an input renamed or deleted while building; write_site reports its own
        print(f"error: {input_error(error, project)}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not quiet:
        pages = result.pages.records
        print(f"Built {counted(len(result.site.sources), 'source')} into {output} ({result.files} files, "
              f"{counted(len(pages.rendered), 'page')} rendered, {pages.unchanged} unchanged, "
              f"search index {result.search_index_bytes / 1024:.0f} KiB, {counted(len(result.warnings), 'warning')}"
              f"{', ' + counted(result.cache.hits, 'source') + ' unchanged since the last build' if result.cache.hits else ''}).")
    if timings:
        seconds = result.stopwatch.seconds
        print("Seconds: " + ", ".join(f"{name} {seconds.get(name, 0.0):.2f}" for name in STAGES)
              + f"; total {sum(seconds.values()):.2f}.")
    return 0


def counted(number: int, noun: str) -> str:
    """`1 source`, `2 sources`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run_events(project: Path, suggest: bool) -> int:
    from site_builder.build.pipeline import load_site
    from site_builder.errors import Diagnostics
    from site_builder.linking.proposals import draft_file

    try:
        site = load_site(project, BuildOptions(), Diagnostics())
    except SiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    proposed = [event for event in site.events if not event.curated]
    if not suggest:
        for event in site.events:
            kind = "curated" if event.curated else "proposed"
            reports = f"{len(event.sources)} report{'' if len(event.sources) == 1 else 's'}"
            print(f"{event.id}\t{kind}\t{reports}\t{len(event.differences)} in dispute\t{event.title}")
        return 0
    if not proposed:
        print("# Every source is in a curated event: nothing to propose.")
    for event in proposed:
        name, text = draft_file(event)
        print(f"# {name}\n{text}")
    return 0


def run_scaffold(project: Path, args: argparse.Namespace) -> int:
    from site_builder import scaffold

    try:
        if args.command == "init":
            folder = (project / args.folder).resolve()
            written = scaffold.init(folder, args.force)
            print(f"Created {len(written)} files in {folder}:\n  " + "\n  ".join(written))
            print("Next: site-builder -C " + str(folder) + " build   (or make site there)")
        elif args.kind == "source":
            print(f"Added {scaffold.new_source(project, args.location, args.force)} and its sidecar.")
        elif args.kind == "event":
            ids = [s.strip() for s in args.sources.split(",") if s.strip()]
            print(f"Wrote {scaffold.new_event(project, args.id, ids, args.force)}; edit its title, dates and facets.")
        else:
            print(f"Added '{scaffold.new_entity(project, args.name, args.type, args.alias)}' to content/entities.yaml.")
    except SiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def run_templates(project: Path, action: str, name: str | None, force: bool) -> int:
    from site_builder.site import themes

    if action == "list":
        print("\n".join(themes.list_templates(project)))
    else:
        if not name:
            print("error: templates copy needs a template name (see `site-builder templates list`)", file=sys.stderr)
            return 1
        try:
            target = themes.copy_template(project, name, force)
        except SiteError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"Copied {name} to {target}; edit it and build.")
    return 0


def run_check(project: Path, strict: bool) -> int:
    from site_builder.check import check

    report = check(project, strict)
    for line in report.lines():
        print(line)
    counts = (f"{len(report.errors)} error{'s' if len(report.errors) != 1 else ''}, "
              f"{len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}, {len(report.notes)} notes")
    print(f"check: {counts}")
    return 1 if report.errors else 0


def run_verify(site: Path, project: Path | None) -> int:
    from site_builder.output.manifest import verify

    problems = verify(site, project)
    for problem in problems:
        print(f"mismatch: {problem}", file=sys.stderr)
    if not problems:
        print(f"{site}: every file matches manifest.json.")
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = args.project.resolve()
    if args.command == "events":
        return run_events(project, args.suggest)
    if args.command in ("init", "new"):
        return run_scaffold(project, args)
    if args.command == "templates":
        return run_templates(project, args.action, args.name, args.force)
    if args.command == "reference":
        from site_builder import reference

        text = reference.template_reference() if args.topic == "templates" else reference.configuration_reference()
        print(text, end="")
        return 0
    if args.command == "check":
        return run_check(project, args.strict)
    if args.command == "verify":
        return run_verify((args.site or project / "public").resolve(), project if args.inputs else None)
    output = (args.output or project / "public").resolve()
    if args.command == "build":
        options = BuildOptions(strict=args.strict, base_url=args.base_url, jobs=args.jobs, cache=args.cache,
                               progress=progress.wanted(args.quiet))
        return run_build(project, output, options, args.quiet, args.timings)
    from site_builder.serve import serve

    return serve(project, output, BuildOptions(strict=args.strict, jobs=args.jobs, cache=args.cache), args.host, args.port)
