"""Boilerplate rules, one function each, applied in registry order by `clean.py`.

A rule looks at the lines still left and reports findings: a line to remove (with the metadata
it carries, such as a dateline's date) or metadata found in a line that stays. Rules never see
paragraphs; they work on lines so that every removal is recorded with its line number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from site_builder.model import Basis, Field, Line, LineKind, extracted
from site_builder.plugins import registered


@dataclass(frozen=True)
class Finding:
    line: Line
    remove: bool = True
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What every rule may read: the lines still present, all lines, and how lines are named."""

    lines: Sequence[Line]
    all_lines: Sequence[Line]
    line_label: LineKind

    def where(self, line: Line) -> str:
        return f"{self.line_label} {line.number}"

    def stands_apart(self, line: Line) -> bool:
        """True when the line under `line` in the file is blank, or an earlier rule removed it (a
        byline, a dateline), or there is none."""
        following = next((l for l in self.all_lines if l.number > line.number), None)
        return following is None or not following.text.strip() or following not in self.lines

    def next_text(self, line: Line) -> Line | None:
        """The first non-blank line still present under `line`."""
        return next((l for l in self.lines if l.number > line.number and l.text.strip()), None)


RuleFunction = Callable[[Context], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    find: RuleFunction


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Fold case, curly quotes, dashes and white space, for comparing lines."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def more_words_than(text: str, count: int) -> bool:
    """`len(text.split()) > count`, without splitting a long line past its first count + 1 words."""
    return len(text.split(maxsplit=count)) > count


FURNITURE_LINES = frozenset({
    "related posts", "related articles", "related stories", "related", "leave a reply",
    "leave a comment", "special reports", "top", "back to top", "share this:", "share this",
    "share", "tweet", "print", "email", "like this:", "loading...", "read more", "subscribe",
    "comments", "post navigation", "advertisement", "sponsored",
})
FURNITURE_OPENINGS = (
    "your email address will not be published",
    "this site uses akismet",
    "required fields are marked",
    "you must be logged in to post a comment",
)
# A line is normalised only when its first word can open furniture (normalising keeps word breaks).
FURNITURE_FIRST_WORDS = frozenset(text.split()[0] for text in (*FURNITURE_LINES, *FURNITURE_OPENINGS))


def site_furniture(ctx: Context) -> Iterator[Finding]:
    for line in ctx.lines:
        first = line.text.split(maxsplit=1)[:1]
        if first and normalise(first[0]) in FURNITURE_FIRST_WORDS:
            text = normalise(line.text)
            if text in FURNITURE_LINES or text.startswith(FURNITURE_OPENINGS):
                yield Finding(line)


_AD_MARKER = re.compile(r"^\[/?ad(_\d+)?\]$", re.IGNORECASE)


def ad_marker(ctx: Context) -> Iterator[Finding]:
    for line in ctx.lines:
        if _AD_MARKER.match(line.text.strip()):
            yield Finding(line)


_RIGHTS = re.compile(
    r"(not allowed|prohibited|forbidden) to (publish|reproduce|quote|copy|republish)"
    r"|all rights reserved|^\s*(©|\(c\)\s*\d{4}|copyright\b)",
    re.IGNORECASE,
)
_AGENCY = re.compile(r"\b([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)\s+news agency\b")


def rights_notice(ctx: Context) -> Iterator[Finding]:
    for line in ctx.lines:
        if not more_words_than(line.text, 60) and _RIGHTS.search(line.text):
            fields = {"rights": extracted(line.text.strip(), ctx.where(line))}
            agency = _AGENCY.search(line.text)
            if agency:
                fields["credit"] = extracted(agency.group(1), ctx.where(line))
            yield Finding(line, fields=fields)


_SOURCE_CREDIT = re.compile(r"^source:\s*(\S.*)$", re.IGNORECASE)
_DESK_WORDS = frozenset({"monitoring", "desk", "staff", "reporter", "correspondent", "bureau", "wires", "agencies"})


@dataclass(frozen=True)
class Form:
    """One written form of a dateline or byline: a pattern whose named groups give fields, and an
    example that the tests read back (`tests/test_clean.py`)."""

    name: str
    description: str
    pattern: re.Pattern[str]
    example: str


# A person's name: capitalised words, initials with their full stops, particles (`Ana de Souza`).
_PERSON = r"[A-Z][\w.'’-]*(?:\s+(?:(?:de|da|van|von|der|den|del|al|bin|le|la)\s+)*[A-Z][\w.'’-]*){0,3}"
_NAMES = rf"{_PERSON}(?:(?:\s*,\s*|\s+(?:and|AND)\s+|\s*&\s*){_PERSON})*"
# The words of a byline's role (`Staff Reporter`, `Port Valen Bureau Chief`); a role is never a name.
ROLE_WORDS = ("reporter", "correspondent", "editor", "writer", "staff", "bureau", "contributor", "columnist", "desk")
_ROLE = rf"[\w'’ -]*\b(?i:{'|'.join(ROLE_WORDS)})\b[\w'’ -]*"
_BY = r"^(?i:by)\s+"
# Names are kept as the page writes them (an all-capitals byline stays in capitals), with every
# co-author; a role after a comma is left out of the name (the removed line keeps it verbatim).
BYLINE_FORMS: tuple[Form, ...] = (
    Form("by-name-role", "By A, Staff Reporter: the role after the comma is not part of the name.",
         re.compile(rf"{_BY}(?P<author>{_NAMES})\s*,\s*{_ROLE}$"), "By Mara Osei, Staff Reporter"),
    Form("by-name-agency", "By A (Agency): the agency in parentheses is kept as the credit.",
         re.compile(rf"{_BY}(?P<author>{_NAMES})\s*\((?P<credit>[A-Z][\w&.' -]{{0,30}})\)$"), "By Mara Osei (CWS)"),
    Form("by-names", "By A, By A and B, By A, B and C, By J. Petrov: the names as written, co-authors and initials kept.",
         re.compile(rf"{_BY}(?P<author>{_NAMES})$"), "By MARA OSEI and JON BERG"),
)


FIELD_GROUPS = ("author", "credit", "place")  # the named groups of a Form that are fields as matched


def first_match(forms: Sequence[Form], text: str) -> re.Match[str] | None:
    """The match of the first of `forms` that matches the start of `text`."""
    return next((match for form in forms if (match := form.pattern.match(text))), None)


def group_fields(match: re.Match[str], where: str) -> dict[str, Field]:
    """The fields a form's match gives: its FIELD_GROUPS that matched, as written."""
    return {name: extracted(value.strip(), where) for name, value in match.groupdict().items()
            if value and name in FIELD_GROUPS}


def credit_line(ctx: Context) -> Iterator[Finding]:
    for line in ctx.lines:
        text = line.text.strip()
        source = _SOURCE_CREDIT.match(text)
        byline = first_match(BYLINE_FORMS, text)
        parts = text.split(maxsplit=4)  # all of them when there are at most four
        if source and not more_words_than(text, 8):
            yield Finding(line, fields={"credit": extracted(source.group(1).strip(), ctx.where(line))})
        elif byline:
            yield Finding(line, fields=group_fields(byline, ctx.where(line)))
        elif 2 <= len(parts) <= 4 and parts[-1].lower() in _DESK_WORDS and all(p[0].isupper() for p in parts):
            yield Finding(line, fields={"credit": extracted(text, ctx.where(line))})


_MONTHS = {m.lower(): i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9})  # wire style: `Jan. 5`, `Sept. 14`
_MONTH = r"(?P<month>" + "|".join(_MONTHS) + r")\.?"
_DATE_FORMS = (
    re.compile(r"^(?P<day>\d{1,2})[./](?P<mon>\d{1,2})[./](?P<year>\d{4})$"),
    re.compile(r"^(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})$"),
    re.compile(r"^(?P<day>\d{1,2})\s+" + _MONTH + r"\s+(?P<year>\d{4})$", re.IGNORECASE),
    re.compile(r"^" + _MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})$", re.IGNORECASE),
)


def parse_date(text: str) -> str | None:
    """An ISO date from a dateline's date (`31.03.2022`, `2022-03-31`, `31 March 2022`, `March 31, 2022`)."""
    for form in _DATE_FORMS:
        match = form.match(text.strip())
        if match:
            parts = match.groupdict()
            month = int(parts["mon"]) if parts.get("mon") else _MONTHS[parts["month"].lower()]
            try:
                return dt.date(int(parts["year"]), month, int(parts["day"])).isoformat()
            except ValueError:
                return None
    return None


_LABEL_AND_DATE = re.compile(r",\s*\d")


def dateline_line(ctx: Context) -> Iterator[Finding]:
    """A line that is only a date, or `Label, date` (as `Ru-Main, 31.03.2022`)."""
    for line in ctx.lines:
        text = line.text.strip()
        if more_words_than(text, 6):
            continue
        label, _, rest = text.rpartition(",") if _LABEL_AND_DATE.search(text) else ("", "", text)
        date = parse_date(rest) or parse_date(text)
        if date and len(label) <= 40:
            yield Finding(line, fields={"published": extracted(date, ctx.where(line))})


_ENDS_PHRASE = re.compile(r"[.!?:;,]$")


def repeated_label(ctx: Context) -> Iterator[Finding]:
    """A short label standing twice around the lede (a site or photo credit) is the publisher's label."""
    opening = [l for l in ctx.lines if l.text.strip()][:10]
    seen: dict[str, list[Line]] = {}
    for line in opening:
        text = line.text.strip()
        if not more_words_than(text, 3) and not _ENDS_PHRASE.search(text):
            seen.setdefault(normalise(text), []).append(line)
    for copies in seen.values():
        if len(copies) >= 2:
            label = copies[0].text.strip()
            yield Finding(copies[0], fields={"publisher": extracted(label, ctx.where(copies[0]))})
            yield from (Finding(line) for line in copies[1:])


def repeated_lede(ctx: Context) -> Iterator[Finding]:
    """A sentence repeated later in the text (a teaser, or the lede printed twice): the earlier copy goes."""
    sentences = [(line, normalise(line.text)) for line in ctx.lines if more_words_than(line.text, 7)]
    last_copy = {key: line for line, key in sentences}
    for line, key in sentences:
        if last_copy[key] is not line:
            yield Finding(line)


HEADLINE_WORDS = 25
# A headline ending in a full stop is short: a lede sentence printed alone above the text runs longer.
SHORT_HEADLINE_WORDS = 12
_ENDS_CLAUSE = re.compile(r"[,;:][\"”’']*$")
_ENDS_FULL_STOP = re.compile(r"\.[\"”’']*$")
# A sentence ending inside a line; not the full stop of an initial or a capitals abbreviation (`N. Korea`, `U.S.`).
_SENTENCE_BREAK = re.compile(r"(?<![A-Z])[.!?][\"”’')]*\s+[\"“‘'(]*[A-Z0-9]")


def much_shorter(text: str, than: str) -> bool:
    """`text` has at most half the words of `than`."""
    return more_words_than(than, 2 * len(text.split()) - 1)


def reads_as_headline(ctx: Context, first: Line) -> bool:
    """The rule of `headline`, for the first line."""
    text = first.text.strip()
    under = ctx.next_text(first)
    if under is None or more_words_than(text, HEADLINE_WORDS) or _ENDS_CLAUSE.search(text):
        return False
    shorter = much_shorter(text, under.text)
    if _ENDS_FULL_STOP.search(text):
        return (ctx.stands_apart(first) and shorter and not more_words_than(text, SHORT_HEADLINE_WORDS)
                and not _SENTENCE_BREAK.search(text))
    return ctx.stands_apart(first) or (shorter and ctx.line_label != LineKind.MAIN_TEXT)


def headline(ctx: Context) -> Iterator[Finding]:
    """The first line is the headline when it is not all the text, has at most HEADLINE_WORDS
    words, does not end mid-sentence (`,` `;` `:`) and stands apart: above a blank line (or a
    byline or date line an earlier rule removed), or directly above a line at least twice as long
    (the first line of a hard-wrapped paragraph is as long as the second; not in a web page's
    main text, whose page states its headline and whose short first block may be a credit). A line ending in a full
    stop is a headline only when it is one short sentence (SHORT_HEADLINE_WORDS) above a blank line
    and a paragraph twice as long: a text's opening sentence standing alone is longer."""
    first = next((l for l in ctx.lines if l.text.strip()), None)
    if first is not None and reads_as_headline(ctx, first):
        yield Finding(first, fields={"title": extracted(first.text.strip(), ctx.where(first))})


# A month as datelines write it (`May`, `Sept.`), from the same table as `parse_date`.
_MONTH_NAME = "(?:" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + r")\.?"
_CAPS_PLACE = r"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"
_PLACE = r"(?P<place>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})"  # any capitalised words: only before a date or an agency
_CREDITED_AGENCY = r"(?:\s*\((?P<credit>[A-Z][\w&.' -]{0,30})\))"
_DASH = r"\s*[-–—]+\s+(?=\S)"
# The place (and date, and agency) opening a report's first paragraph, as wire services and
# papers write them; the first that matches gives the place, the date and the credit.
DATELINE_FORMS: tuple[Form, ...] = (
    Form("place-day-month-year", "PLACE, 14 May 2024 — (an agency in parentheses may follow the date).",
         re.compile(rf"^{_PLACE},\s+(?P<date>\d{{1,2}}\s+{_MONTH_NAME}\s+\d{{4}}){_CREDITED_AGENCY}?{_DASH}"),
         "PORT VALEN, 14 May 2024 — Dockers walked out."),
    Form("place-month-day-year", "PLACE, May 14, 2024 — (an agency in parentheses may follow the date).",
         re.compile(rf"^{_PLACE},\s+(?P<date>{_MONTH_NAME}\s+\d{{1,2}},?\s+\d{{4}}){_CREDITED_AGENCY}?{_DASH}"),
         "PORT VALEN, May 14, 2024 — Dockers walked out."),
    Form("place-date-agency", "PLACE, May 14 (Reuters) - or PLACE, 14 May (AP) —: a date without a year, so no "
         "publication date (the text's date takes the year of a declared one).",
         re.compile(rf"^{_PLACE},\s+(?:{_MONTH_NAME}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_NAME}){_CREDITED_AGENCY}?{_DASH}"),
         "PORT VALEN, May 14 (Reuters) - Dockers walked out."),
    Form("place-agency", "PLACE (CWS) -: a place and the agency.",
         re.compile(rf"^{_PLACE}{_CREDITED_AGENCY}{_DASH}"), "PORT VALEN (CWS) - Dockers walked out."),
    Form("place-colon-or-dash", "PLACE: or PLACE — in capitals.",
         re.compile(rf"^{_CAPS_PLACE}\s*(?::\s+(?=\S)|{_DASH})"), "PORT VALEN: Dockers walked out."),
)


def inline_dateline(ctx: Context) -> Iterator[Finding]:
    """The dateline opening the first paragraph (`PORT VALEN, May 14 (Reuters) - …`): its place,
    its date as the publication date (with the dateline as its basis, for the dates analysis) and
    its agency as credit; the line stays."""
    first = next((l for l in ctx.lines if l.text.strip()), None)
    match = first_match(DATELINE_FORMS, first.text.strip()) if first else None
    if first and match:
        fields = group_fields(match, ctx.where(first))
        date = parse_date(match.group("date").replace(",", " ")) if "date" in match.re.groupindex else None
        if date:
            fields["published"] = extracted(date, f"the dateline, {ctx.where(first)}", Basis.DATELINE)
        yield Finding(first, remove=False, fields=fields)


# --- paged documents (PDF): running heads and feet, page numbers --------------------------------

EDGE_LINES = 2  # how many lines at the top and at the bottom of a page are its edges
# A page number: up to three digits (a year alone, "2024", is text) or a well-formed roman numeral
# ("xiv"; not a word made of its letters, as "civic" or "ill"), with "page", dashes or "of N" around it.
_ROMAN = r"(?=[ivxlc])(?:c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(rf"^(?:page\s+)?[-–—]?\s*(?:\d{{1,3}}|{_ROMAN})\s*[-–—]?(?:\s*(?:of|/)\s*\d{{1,4}})?$",
                          re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def page_edges(ctx: Context) -> Iterator[Line]:
    """The lines still present among the first and last EDGE_LINES non-blank lines of each page of
    the file (lines with no page, from a format without pages, have none)."""
    pages: dict[int, list[Line]] = {}
    for line in ctx.all_lines:
        if line.page is not None and line.text.strip():
            pages.setdefault(line.page, []).append(line)
    if not pages:
        return
    present = set(ctx.lines)
    for lines in pages.values():
        yield from (line for line in dict.fromkeys(lines[:EDGE_LINES] + lines[-EDGE_LINES:]) if line in present)


def page_number(ctx: Context) -> Iterator[Finding]:
    for line in page_edges(ctx):
        if _PAGE_NUMBER.match(line.text.strip()):
            yield Finding(line)


def running_head(ctx: Context) -> Iterator[Finding]:
    """A line at a page's edge whose text, digits aside, is at an edge of at least two pages and of
    at least half the pages."""
    by_text: dict[str, list[Line]] = {}
    for line in page_edges(ctx):
        by_text.setdefault(_DIGITS.sub("#", normalise(line.text)), []).append(line)
    if not by_text:
        return
    pages = len({line.page for line in ctx.all_lines if line.page is not None and line.text.strip()})
    for lines in by_text.values():
        on = len({line.page for line in lines})
        if on >= 2 and on * 2 >= pages:
            yield from (Finding(line) for line in lines)


def rules() -> tuple[Rule, ...]:
    """The built-in rules, then those plugins add."""
    return RULES + tuple(registered("clean_rules"))


RULES: tuple[Rule, ...] = (
    Rule("page-number", "A page number alone at the top or bottom of a page of a PDF ('3', 'Page 3 of 10', '- 3 -', 'iv').",
         page_number),
    Rule("running-head", "A running head or foot: a line at the top or bottom of a PDF's pages, the same on most of them "
         "(digits aside).", running_head),
    Rule("ad-marker", "Ad placeholders such as [ad_1].", ad_marker),
    Rule("site-furniture", "Comment forms and site navigation: 'Related Posts', 'Leave a Reply', 'Top'…", site_furniture),
    Rule("rights-notice", "Copyright and reuse notices; kept as the rights field.", rights_notice),
    Rule("credit-line", "Credit and byline lines ('Source: …', 'By …', '… Monitoring'); kept as credit or author. A byline's "
         "names are kept as the page writes them (capitals stay capitals), every co-author and initial included; a role "
         "after a comma ('Staff Reporter') is left out of the name, an agency in parentheses kept as credit.", credit_line),
    Rule("dateline", "A line holding only a date, or a label and a date; kept as the publication date.", dateline_line),
    Rule("repeated-label", "A short label repeated around the lede; kept as the publisher.", repeated_label),
    Rule("repeated-lede", "A sentence printed twice; the earlier copy is removed.", repeated_lede),
    Rule("headline", "The headline line; kept as the title.", headline),
    Rule("place-line", "The dateline opening the first paragraph ('PLACE, 14 May 2024 —', 'PLACE, May 14 (Reuters) -', "
         "'PLACE (AP) —', 'PLACE:'); kept as the place, its date as the publication date and its agency as credit; "
         "text unchanged.", inline_dateline),
)
