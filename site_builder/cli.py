"""The `site-builder` command: build and serve."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Sequence

from site_builder import __version__, layout
from site_builder.build import progress
from site_builder.build.cache import CACHE_ROOT
from site_builder.build.pipeline import BuildOptions, build, check_output
from site_builder.build.timing import STAGES
from site_builder.errors import Problem, SiteError, in_order, input_error
from site_builder.output.manifest import size_text
from site_builder.wording import counted


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="site-builder",
        description=f"Build a research microsite from {layout.SEEDS}/ (raw sources) and {layout.CONTENT}/ (what the researcher adds).",
        epilog=examples("site-builder init my-site", "site-builder -C my-site build", "site-builder serve",
                        "site-builder COMMAND --help   (what a command does, with examples)"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument("--version", action="version", version=f"site-builder {__version__}",
                      help="print the version and stop")
    main.add_argument("-C", "--project", type=Path, default=Path("."), metavar="FOLDER",
                      help="the project folder (default: the current one); also accepted after the command")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                   help="what to do; `site-builder COMMAND --help` explains each")

    build_cmd = command(commands, "build", "build the site into public/",
                        f"Reads {layout.SEEDS}/ and {layout.CONTENT}/, checks everything, and replaces public/ only when the whole build "
                        "succeeded: on an error the previous site is left as it was.",
                        "site-builder build", "site-builder build --strict --base-url https://me.github.io/my-site/",
                        "site-builder build --output /tmp/site --timings")
    build_cmd.add_argument("--output", type=Path, default=None, metavar="FOLDER",
                           help="where to write the site (default: public/ in the project); replaced whole")
    build_cmd.add_argument("--base-url", default=None, metavar="URL",
                           help="the address the site is published at, e.g. https://user.github.io/repo/ "
                                f"(overrides base_url in {layout.SITE_CONFIG})")
    add_speed_options(build_cmd)
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1 on any)")
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    build_cmd.add_argument("--timings", action="store_true", help="print the seconds spent in each stage")

    events_cmd = command(commands, "events", "list the events, or draft event files for the proposed ones",
                         f"Lists every event (curated from {layout.EVENTS}/, or proposed by the build) with its "
                         "reports and disputed facets.",
                         "site-builder events", "site-builder events --suggest > drafts.txt")
    events_cmd.add_argument("--suggest", action="store_true",
                            help=f"print a draft {layout.EVENTS}/ file for each proposed event")

    init_cmd = command(commands, "init", "create a new project with example content",
                       f"Writes {layout.CONTENT}/, {layout.SEEDS}/ with one example source, a Makefile and a GitHub Pages workflow.",
                       "site-builder init my-site", "site-builder init . --force")
    init_cmd.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="FOLDER",
                          help="the folder to create the project in (default: the current one)")
    init_cmd.add_argument("--force", action="store_true", help="replace files that already exist")

    new_cmd = command(commands, "new", "add a source, an event or an entity",
                      "Adds one thing to the project, in the place and form the build reads.",
                      'site-builder new source "My Report (AP).txt"', "site-builder new source https://example.org/news/1",
                      "site-builder new event guilin-talks --sources report-a,report-b",
                      'site-builder new entity "Wang Yi" --type person --alias "Wang"')
    new_kinds = new_cmd.add_subparsers(dest="kind", required=True, metavar="KIND", help="what to add")
    new_source_cmd = command(new_kinds, "source", "copy files, or capture URLs, into seeds/ with a sidecar",
                             "Each file or page is kept byte for byte under an id made from its name (plain letters "
                             "a-z, digits, '.', '_' and '-'; accents folded, spaces and brackets made hyphens); its "
                             f"sidecar in {layout.SIDECARS}/ records where and when it came from, and a captured page's "
                             "request and response are kept as a WARC file in archive/. Each is added or reported "
                             "on its own line; the exit status is 1 if any failed.",
                             'site-builder new source "My Report (AP).txt"', "site-builder new source report.html --id ap-report",
                             "site-builder new source https://example.org/news/1 https://example.org/news/2",
                             "site-builder new source --from-file urls.txt")
    new_source_cmd.add_argument("locations", nargs="*", metavar="FILE_OR_URL", help="file paths or http(s) URLs")
    new_source_cmd.add_argument("--from-file", type=Path, default=None, metavar="LIST",
                                help="a text file of file paths or URLs, one a line ('#' comments and blank lines skipped)")
    new_source_cmd.add_argument("--id", default=None, help="the source's id, for one source (default: proposed from its name)")
    new_source_cmd.add_argument("--force", action="store_true", help="replace a source and sidecar with the same id")
    new_event_cmd = command(new_kinds, "event", "write a draft event file for some sources",
                            f"Writes {layout.EVENTS}/ID.md with facets proposed from what the analysis found in "
                            "those sources; edit its title, dates and facets.",
                            "site-builder new event guilin-talks --sources report-a,report-b")
    new_event_cmd.add_argument("id", metavar="ID", help="the event's id and file name: lower-case letters, digits and '-'")
    new_event_cmd.add_argument("--sources", required=True, metavar="ID,ID,...", help="comma-separated source ids")
    new_event_cmd.add_argument("--force", action="store_true", help="replace an event file with the same id")
    new_entity_cmd = command(new_kinds, "entity", f"add an entity to {layout.GAZETTEER}",
                             "Adds a person, place or organisation the analysis then finds by any of its names.",
                             'site-builder new entity "Sergei Lavrov" --alias "Sergey Lavrov"',
                             "site-builder new entity Guilin --type place")
    new_entity_cmd.add_argument("name", metavar="NAME", help="the entity's name as the site shows it")
    new_entity_cmd.add_argument("--type", default="person", help="person, place, organisation or other (default: person)")
    new_entity_cmd.add_argument("--alias", action="append", default=[], metavar="NAME",
                                help="another name it is written as (repeatable)")

    templates_cmd = command(commands, "templates", "list the built-in templates, or copy one into templates/",
                            "A template in the project's templates/ replaces the built-in one of the same name.",
                            "site-builder templates list", "site-builder templates copy source.html")
    templates_cmd.add_argument("action", choices=("list", "copy"), help="list them, or copy one")
    templates_cmd.add_argument("name", nargs="?", metavar="NAME", help="with copy: the template to copy into templates/")
    templates_cmd.add_argument("--force", action="store_true", help="with copy: replace an existing file")

    reference_cmd = command(commands, "reference", "print a reference page generated from the code",
                            "The pages docs/templates.md and docs/configuration.md are this command's output.",
                            "site-builder reference configuration", "site-builder reference templates")
    reference_cmd.add_argument("topic", choices=("templates", "configuration"),
                               help="the template variables, or every option of the content files")

    check_cmd = command(commands, "check", "check the project without writing the site; exit 1 on errors",
                        "Reports every error and warning a build would, for all files in one run, sorted by file "
                        "and line, and notes worth a look (names to review, spelling variants, proposed events).",
                        "site-builder check", "site-builder check --strict")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1 on any)")

    verify_cmd = command(commands, "verify", "check a built site against its manifest.json",
                         "Recomputes the digest of every file of a built site and reports what differs.",
                         "site-builder verify", "site-builder verify public --inputs")
    verify_cmd.add_argument("site", type=Path, nargs="?", default=None, metavar="SITE",
                            help="the built site (default: public/)")
    verify_cmd.add_argument("--inputs", action="store_true", help="also check the project's input files")

    serve_cmd = command(commands, "serve", "build, serve on localhost, rebuild and reload on every change",
                        "Builds, serves the site, and after every burst of changes to the project's files rebuilds "
                        "once and reloads the browser; a failed build shows its errors in the browser.",
                        "site-builder serve", "site-builder serve --port 8080")
    serve_cmd.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    serve_cmd.add_argument("--host", default="127.0.0.1",
                           help="the address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for all)")
    serve_cmd.add_argument("--output", type=Path, default=None, metavar="FOLDER",
                           help="where to write the site (default: public/ in the project)")
    serve_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    add_speed_options(serve_cmd)
    return main


def examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def command(commands: argparse._SubParsersAction, name: str, summary: str, description: str,
            *example_lines: str) -> argparse.ArgumentParser:
    """A subcommand with its one-line summary, a description, examples, and `-C FOLDER` accepted
    after it as well as before (given after, it wins)."""
    sub = commands.add_parser(name, help=summary, description=textwrap.fill(f"{summary[0].upper()}{summary[1:]}. {description}", 88),
                              epilog=examples(*example_lines), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("-C", "--project", type=Path, default=argparse.SUPPRESS, metavar="FOLDER",
                     help="the project folder (default: the current one)")
    return sub


def add_speed_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                         help="processes for the per-source stages (default: one per core)")
    command.add_argument("--no-cache", dest="cache", action="store_false",
                         help=f"recompute every source instead of reusing unchanged results from {CACHE_ROOT}/")


def run_build(project: Path, output: Path, options: BuildOptions, quiet: bool, timings: bool) -> int:
    try:
        check_output(project, output)
        result = build(project, output, options)
    except SiteError as error:
        return report_errors("build", error.problems, f"{output.name}/ was left as it was")
    except OSError as error:  # an input renamed or deleted while building; write_site reports its own
        return report_errors("build", input_error(error, project).problems, f"{output.name}/ was left as it was")
    for warning in in_order(result.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    if not quiet:
        pages = result.pages.records
        reused = f", {counted(result.cache.hits, 'source')} unchanged since last analysed" if result.cache.hits else ""
        print(f"Built {counted(len(result.site.sources), 'source')} into {output} ({counted(result.files, 'file')}, {size_text(result.site_bytes)}, "
              f"{counted(len(pages.rendered), 'page')} rendered, {pages.unchanged:,} unchanged, "
              f"search index {result.search_index_bytes / 1024:.0f} KiB, {counted(len(result.warnings), 'warning')}{reused}).")
    if timings:
        seconds = result.stopwatch.seconds
        print("Seconds: " + ", ".join(f"{name} {seconds.get(name, 0.0):.2f}" for name in STAGES)
              + f"; total {sum(seconds.values()):.2f}.")
    return 0


def report_errors(command: str, problems: Sequence[Problem], consequence: str) -> int:
    """Print every problem, sorted by file and line, and how many there were; the exit status 1."""
    for problem in in_order(problems):
        print(f"error: {problem}", file=sys.stderr)
    files = len({problem.path for problem in problems})
    print(f"{command}: {counted(len(problems), 'error')} in {counted(files, 'file')}; {consequence}.", file=sys.stderr)
    return 1


def run_events(project: Path, suggest: bool) -> int:
    from site_builder.build.pipeline import load_site
    from site_builder.errors import Diagnostics
    from site_builder.linking.proposals import draft_file

    try:
        site = load_site(project, BuildOptions(), Diagnostics())
    except SiteError as error:
        return report_errors("events", error.problems, "fix them and run it again")
    proposed = [event for event in site.events if not event.curated]
    if not suggest:
        for event in site.events:
            kind = "curated" if event.curated else "proposed"
            print(f"{event.id}\t{kind}\t{counted(len(event.sources), 'report')}\t{len(event.differences)} in dispute\t{event.title}")
        return 0
    if not proposed:
        print("# Every source is in a curated event: nothing to propose.")
    for event in proposed:
        name, text = draft_file(event)
        print(f"# {name}\n{text}")
    return 0


def run_scaffold(project: Path, args: argparse.Namespace) -> int:
    from site_builder import scaffold
    from site_builder.installed import install_requirement

    try:
        if args.command == "init":
            folder = (project / args.folder).resolve()
            requirement = install_requirement()
            written = scaffold.init(folder, args.force, requirement)
            print(f"Created {counted(len(written), 'file')} in {folder}:\n  " + "\n  ".join(written))
            print("Next: site-builder -C " + str(folder) + " build   (or make site there)")
            notes = scaffold.requirement_notes(requirement)
            if notes:
                print(f"Before publishing: the Makefile installs {requirement.described}. " + " ".join(notes))
        elif args.kind == "source":
            return run_new_sources(project, args)
        elif args.kind == "event":
            ids = [s.strip() for s in args.sources.split(",") if s.strip()]
            print(f"Wrote {scaffold.new_event(project, args.id, ids, args.force)}; edit its title, dates and facets.")
        else:
            print(f"Added '{scaffold.new_entity(project, args.name, args.type, args.alias)}' to {layout.GAZETTEER}.")
    except SiteError as error:
        return report_errors(args.command, error.problems, "nothing was written")
    return 0


def run_new_sources(project: Path, args: argparse.Namespace) -> int:
    """`new source`: add each location in turn, one line each; 1 when any failed, after the others."""
    from site_builder import scaffold

    locations = list(args.locations)
    if args.from_file is not None:
        locations += scaffold.listed_locations(args.from_file)
    if not locations:
        raise SiteError("new source", "give a file or URL, or --from-file with a list of them")
    if args.id is not None and len(locations) > 1:
        raise SiteError("--id", f"names one source, and {len(locations)} are given; add them one by one to choose their ids")
    failed = 0
    for location in locations:
        try:
            print(scaffold.added_line(scaffold.new_source(project, location, args.force, source_id=args.id), location))
        except SiteError as error:
            failed += 1
            for problem in error.problems:
                print(f"error: {problem}", file=sys.stderr)
    if failed:
        print(f"new source: {counted(failed, 'source')} not added, {len(locations) - failed:,} added.", file=sys.stderr)
    return 1 if failed else 0


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
            return report_errors("templates", error.problems, "nothing was copied")
        print(f"Copied {name} to {target}; edit it and build.")
    return 0


def run_check(project: Path, strict: bool) -> int:
    from site_builder.check import check

    report = check(project, strict)
    for line in report.lines():
        print(line)
    print(f"check: {counted(len(report.errors), 'error')}, {counted(len(report.warnings), 'warning')}, "
          f"{counted(len(report.notes), 'note')}")
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
