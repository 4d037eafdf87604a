"""What a saved HTML page states about itself: headline, byline, date, site name, its own <title> and language.

Read with lxml from the page's JSON-LD, <meta> tags and markup, as the page writes them (a name
keeps its initials' full stops and every co-author). Each field is a registry of strategies, one
function each, tried in the order listed; the first that finds a value wins. Text inside
navigation, account, login, share, comment and teaser widgets is never read as an author.
Nothing on the page is executed or fetched.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

import lxml.etree
import lxml.html
from htmldate.extractors import custom_parse

# --- the page, parsed once ---------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedPage:
    """A parsed page with its JSON-LD objects, <meta> contents, <title> and the names the site goes by."""

    tree: lxml.html.HtmlElement
    articles: tuple[dict[str, Any], ...]  # JSON-LD objects of an article type, in page order
    ids: dict[str, dict[str, Any]]  # every JSON-LD object with an @id, to resolve references
    meta: dict[str, list[str]] = field(default_factory=dict)  # <meta> contents by casefolded name
    title: str | None = None  # the page's own <title>
    outlets: tuple[str, ...] = ()  # the site's names (og:site_name, publishers): never a byline
    heading: lxml.html.HtmlElement | None = None  # the <h1> that is the article's headline

    @cached_property
    def position(self) -> dict[lxml.html.HtmlElement, int]:
        """Each element's place in document order."""
        return {node: n for n, node in enumerate(self.tree.iter())}


def parse(text: str) -> ParsedPage | None:
    try:
        tree = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return None
    objects = list(json_ld_objects(tree))
    ids: dict[str, dict[str, Any]] = {}
    for item in objects:  # the object itself, not a later bare {"@id": …} reference to it
        if isinstance(item.get("@id"), str) and len(item) > 1:
            ids.setdefault(item["@id"], item)
    page = ParsedPage(tree, tuple(item for item in objects if is_article(item)), ids, meta_contents(tree), page_title(tree))
    page = replace(page, outlets=tuple(dict.fromkeys(name for name in site_names(page) if name)))
    return replace(page, heading=headline_element(page))


def from_headline(page: ParsedPage, elements: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """`elements` in reading order from the headline: those below it, then those above it, nearest first.
    An article's byline sits by its headline, not in the site's header above it."""
    at = page.position.get(page.heading) if page.heading is not None else None
    if at is None:  # no headline, or one lxml left out of the tree it iterates
        return elements
    below = [element for element in elements if page.position.get(element, -1) > at]
    return below + [element for element in reversed(elements) if page.position.get(element, at) < at]


SPACE = re.compile(r"\s+")


def tidy(text: str | None) -> str:
    return SPACE.sub(" ", html.unescape(text or "")).strip()


def folded(text: str) -> str:
    return tidy(text).casefold()


# --- JSON-LD -----------------------------------------------------------------------------------

CDATA = re.compile(r"^\s*(?://|/\*)?\s*<!\[CDATA\[(?:\s*\*/)?|(?://|/\*)?\s*\]\]>\s*(?:\*/)?\s*$")
COMMENT = re.compile(r"^\s*<!--|-->\s*$")
ARTICLE_TYPES = ("Article", "BlogPosting", "LiveBlogPosting", "Report", "SocialMediaPosting")


def json_ld_blocks(tree: lxml.html.HtmlElement) -> Iterator[Any]:
    """Each JSON-LD block's data, its CDATA or comment wrapper removed; a block that is not JSON is skipped."""
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        body = COMMENT.sub("", CDATA.sub("", script.text or ""))
        try:
            yield json.loads(body, strict=False)
        except ValueError:
            continue


def json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, nested ones and @graph members included, in page order."""
    stack: list[Any] = list(reversed(list(json_ld_blocks(tree))))
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def types_of(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []


def is_article(item: dict[str, Any]) -> bool:
    return any(kind.endswith(ARTICLE_TYPES) for kind in types_of(item))


def resolved(page: ParsedPage, value: Any) -> Any:
    """A JSON-LD value with an @id reference replaced by the object it names, and a string that is
    itself a JSON object (some sites encode twice) read as one."""
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value, strict=False)
        except ValueError:
            return value
    if isinstance(value, dict) and "name" not in value and value.get("@id") in page.ids:
        return page.ids[value["@id"]]
    return value


def names_in(page: ParsedPage, value: Any) -> list[str]:
    """The names in a JSON-LD author or publisher value: a string, an object or a list of either."""
    value = resolved(page, value)
    if isinstance(value, list):
        return [name for item in value for name in names_in(page, item)]
    if isinstance(value, dict):
        return [tidy(value.get("name"))] if isinstance(value.get("name"), str) else []
    return [tidy(value)] if isinstance(value, str) else []


def article_values(page: ParsedPage, key: str) -> Iterator[Any]:
    for article in page.articles:
        if key in article:
            yield article[key]


# --- <meta> tags -------------------------------------------------------------------------------


def meta_contents(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """The non-empty contents of the <meta> tags by their name (name, property or itemprop; casefolded)."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("name") or meta.get("property") or meta.get("itemprop") or ""
        content = tidy(meta.get("content"))
        if content:
            found.setdefault(key.strip().casefold(), []).append(content)
    return found


def meta_values(page: ParsedPage, name: str) -> list[str]:
    """The non-empty contents of the <meta> tags called `name` (casefolded), in page order."""
    return page.meta.get(name, [])


def site_names(page: ParsedPage) -> Iterator[str]:
    yield from (name for value in article_values(page, "publisher") for name in names_in(page, value))
    for name in ("og:site_name", "publisher", "application-name", "dc.publisher"):
        yield from meta_values(page, name)


# --- widgets -----------------------------------------------------------------------------------

WIDGET_TAGS = {"nav", "form", "button", "select", "script", "style", "template"}
WIDGET_ROLES = {"navigation", "menu", "menubar", "search", "dialog", "banner"}
WIDGET_WORDS = {
    "nav", "navbar", "navigation", "menu", "account", "login", "logon", "signin", "signup", "register",
    "user", "username", "share", "sharing", "social", "comment", "comments", "reply", "related",
    "recirc", "recommended", "teaser", "newsletter", "subscribe", "subscription", "promo", "breadcrumb",
}
CLASS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def words_of(element: lxml.html.HtmlElement) -> set[str]:
    """The words of an element's class and id: `c-comment__author-name` and `commentAuthor` alike."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    return {word.casefold() for word in CLASS_WORD.findall(raw)}


def in_widget(element: lxml.html.HtmlElement) -> bool:
    """Inside navigation, an account or login box, sharing buttons, comments or teasers of other pages."""
    for node in (element, *element.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        if node.tag in WIDGET_TAGS or (node.get("role") or "").casefold() in WIDGET_ROLES:
            return True
        if words_of(node) & WIDGET_WORDS:
            return True
    return False


def visible_text(element: lxml.html.HtmlElement) -> str:
    if element.tag == "meta":
        return tidy(element.get("content"))
    return tidy(" ".join(element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")))


# --- bylines -----------------------------------------------------------------------------------

MAX_BYLINE_WORDS = 20
BY = r"by|von|par|por|door"  # "By" in the languages of the pages read
LABEL = re.compile(
    rf"^(?:{BY}|written by|posted by|author|authors|autor|autoren|autori|auteur|auteurs)\b\s*[:：]?\s*",
    re.IGNORECASE,
)
BYLINE_WORDS = {"byline", "bylines", "author", "authors", "autor", "autoren", "autori", "auteur", "auteurs", "writer"}
ANY_WORD = re.compile(r"\w")
PLACEHOLDER = re.compile(r"\{\{|\}\}|\$\{|%s|\[\[|\]\]|<%")
BYLINE_META = ("author", "article:author", "og:article:author", "byl", "dc.creator", "dcterms.creator",
               "parsely-author", "sailthru.author")


def is_outlet(page: ParsedPage, name: str) -> bool:
    """The site itself ("SPIEGEL ONLINE, Hamburg"), not someone who wrote for it."""
    return any(folded(name).startswith(folded(outlet)) for outlet in page.outlets if len(outlet) > 1)


def is_byline(page: ParsedPage, text: str) -> bool:
    """A name or names: not a link, handle, placeholder, the outlet, or a paragraph."""
    return (
        bool(ANY_WORD.search(text)) and not text.startswith("@") and "://" not in text
        and not text.casefold().startswith("www.") and not PLACEHOLDER.search(text)
        and len(text.split()) <= MAX_BYLINE_WORDS and not is_outlet(page, text)
    )


def byline(page: ParsedPage, names: list[str]) -> str | None:
    """The names that are bylines joined as the page lists them, each stripped of a leading "By"."""
    kept = [text for text in (LABEL.sub("", name).strip(" |,;") for name in names) if is_byline(page, text)]
    return ", ".join(dict.fromkeys(kept)) or None


def byline_from_json_ld(page: ParsedPage) -> str | None:
    return next(filter(None, (byline(page, names_in(page, value)) for value in article_values(page, "author"))), None)


def byline_from_meta(page: ParsedPage) -> str | None:
    return next(filter(None, (byline(page, meta_values(page, name)) for name in BYLINE_META)), None)


def byline_from_group(page: ParsedPage, elements: list[lxml.html.HtmlElement]) -> str | None:
    """The first element that reads as a byline, with its siblings of the same kind (co-authors)."""
    for element in from_headline(page, elements):
        if in_widget(element) or not byline(page, [visible_text(element)]):
            continue
        group = [other for other in elements if other.getparent() is element.getparent() and not in_widget(other)]
        return byline(page, [visible_text(other) for other in group])
    return None


def byline_from_itemprop(page: ParsedPage) -> str | None:
    authors = page.tree.xpath('//*[contains(concat(" ", normalize-space(@itemprop), " "), " author ")]')
    named = [(element.xpath('.//*[@itemprop="name"]') or [element])[0] for element in authors]
    return byline_from_group(page, [element for element in named if element.tag != "link"])


def byline_from_rel(page: ParsedPage) -> str | None:
    links = page.tree.xpath('//body//*[contains(concat(" ", normalize-space(@rel), " "), " author ")]')
    return byline_from_group(page, links)


def byline_from_markup(page: ParsedPage) -> str | None:
    """An element whose class or id says byline or author ("byline", "atc-MetaAuthor", "dig-autoren")."""
    named = [element for element in page.tree.iter() if isinstance(element.tag, str) and words_of(element) & BYLINE_WORDS]
    for element in from_headline(page, named):
        if not in_widget(element):
            found = byline(page, [visible_text(element)])
            if found:
                return found
    return None


def labelled(page: ParsedPage, labels: set[str]) -> Iterator[str]:
    """The values of "Label: value" pairs: a <strong>, <b>, <dt> or <th> reading one of `labels`."""
    for label in from_headline(page, page.tree.xpath("//strong|//b|//dt|//th")):
        if visible_text(label).rstrip(":：").casefold() not in labels or in_widget(label):
            continue
        value = label.getnext() if label.tag in ("dt", "th") else label.getparent()
        if value is not None:
            yield visible_text(value).removeprefix(visible_text(label)).lstrip(":： ")


def byline_from_label(page: ParsedPage) -> str | None:
    return next(filter(None, (byline(page, [value]) for value in labelled(page, {"author", "authors", "autor", "auteur", "by"}))), None)


BY_LINE = re.compile(rf"^(?:{BY})\s+\w", re.IGNORECASE)


def byline_from_by_line(page: ParsedPage) -> str | None:
    """A short block that reads "By A and B" (or Von, Par, Por, Door), such as a first paragraph."""
    for element in from_headline(page, page.tree.xpath("//body//p|//body//div|//body//span")):
        text = visible_text(element)
        if BY_LINE.match(text) and not in_widget(element):
            found = byline(page, [text])
            if found:
                return found
    return None


# The order bylines are looked for: structured statements first, then the visible byline.
BYLINE_STRATEGIES: tuple[Callable[[ParsedPage], str | None], ...] = (
    byline_from_json_ld,  # the article's JSON-LD author: object, list or string
    byline_from_meta,  # <meta name="author">, article:author, byl, dc.creator, parsely-author…
    byline_from_itemprop,  # itemprop="author" (its itemprop="name" where it has one)
    byline_from_rel,  # rel="author" links
    byline_from_markup,  # an element classed byline or author
    byline_from_label,  # "Author: …" in a list of the article's facts
    byline_from_by_line,  # a block that reads "By …"
)

# --- dates -------------------------------------------------------------------------------------

EARLIEST, LATEST = datetime(1990, 1, 1), datetime(2100, 1, 1)
DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
             "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.created",
             "prism.publicationdate", "article_date_original", "datecreated", "date")


def day(text: str | None) -> str | None:
    """The calendar day a stated date names, as written (no time-zone shift): YYYY-MM-DD."""
    if not text or not text.strip():
        return None
    with warnings.catch_warnings():  # dateutil warns of a zone it does not know ("EET"); the day stands
        warnings.simplefilter("ignore")
        return custom_parse(text, "%Y-%m-%d", EARLIEST, LATEST)


def date_from_json_ld(page: ParsedPage) -> str | None:
    values = (value for key in ("datePublished", "dateCreated") for value in article_values(page, key))
    return next(filter(None, (day(value) for value in values if isinstance(value, str))), None)


def date_from_meta(page: ParsedPage) -> str | None:
    return next(filter(None, (day(value) for name in DATE_META for value in meta_values(page, name))), None)


def date_from_time(page: ParsedPage) -> str | None:
    """The first <time datetime> that is not in a widget or a teaser of another page."""
    times = page.tree.xpath("//body//time[@datetime]")
    return next((found for element in times if (found := day(element.get("datetime"))) and not in_widget(element)), None)


def date_from_label(page: ParsedPage) -> str | None:
    return next(filter(None, (day(value) for value in labelled(page, {"date", "datum", "published", "publié le"}))), None)


DATE_STRATEGIES: tuple[Callable[[ParsedPage], str | None], ...] = (
    date_from_json_ld,  # the article's JSON-LD datePublished (else dateCreated)
    date_from_meta,  # article:published_time, pubdate, sailthru.date, dc.date… in that order
    date_from_time,  # the first <time datetime> outside widgets
    date_from_label,  # "Date: …" in a list of the article's facts
)

# --- titles ------------------------------------------------------------------------------------

TITLE_META = ("og:title", "twitter:title", "dc.title", "title", "sailthru.title", "parsely-title")
SEGMENT_BREAK = re.compile(r"\s[|»·–—-]\s|\s::\s")
MIN_SHARE = 0.5  # a headline and a title that agree: one holds the other, at least half its length


def page_title(tree: lxml.html.HtmlElement) -> str | None:
    """The page's own <title>, as written (whitespace tidied); an icon's <svg><title> is not it."""
    titles = tree.xpath("//head/title") or tree.xpath("//title[not(ancestor::svg)]")
    return next((tidy(title.text_content()) for title in titles if tidy(title.text_content())), None)


def without_site_name(page: ParsedPage, text: str, titled: str | None) -> str:
    """A headline without a site name run on after it (a logo inside the <h1>)."""
    parts = segments(titled or "")
    suffixes = [*page.outlets, *(parts[-1:] if len(parts) > 1 else [])]  # a <title> ends with the site
    for suffix in sorted(filter(None, map(tidy, suffixes)), key=len, reverse=True):
        if len(suffix) < len(text) and folded(text).endswith(folded(suffix)):
            return text[: -len(suffix)].rstrip(" |-–—:·»")
    return text


def segments(title: str) -> list[str]:
    """A <title>'s parts: "Talks in Guilin | World | Example News" has three."""
    return SEGMENT_BREAK.split(title)


def agrees(headline: str, title: str) -> bool:
    short, long = sorted((folded(headline), folded(title)), key=len)
    return bool(short) and short in long and len(short) >= MIN_SHARE * len(long)


def stated_titles(page: ParsedPage) -> list[str]:
    found = [tidy(value) for value in article_values(page, "headline") if isinstance(value, str)]
    found += [value for name in TITLE_META for value in meta_values(page, name)]
    own = page.title
    return [*found, *([own, segments(own)[0]] if own else [])]


def printed(page: ParsedPage, heading: lxml.html.HtmlElement) -> str:
    return without_site_name(page, visible_text(heading), page.title)


def headline_element(page: ParsedPage) -> lxml.html.HtmlElement | None:
    """The first <h1> that agrees with a title the page states (JSON-LD headline, og:title, <title>…)."""
    titles = stated_titles(page)
    for heading in page.tree.xpath("//body//h1"):
        text = printed(page, heading)
        if text and not is_outlet(page, text) and any(agrees(text, title) for title in titles):
            return heading
    return None


def headline(page: ParsedPage) -> str | None:
    """The printed headline, else the JSON-LD headline or og:title."""
    if page.heading is not None:
        return printed(page, page.heading)
    structured = [tidy(value) for value in article_values(page, "headline") if isinstance(value, str)]
    return next(iter(structured + meta_values(page, "og:title")), None)


# --- all of it ---------------------------------------------------------------------------------


def first(page: ParsedPage, strategies: tuple[Callable[[ParsedPage], str | None], ...]) -> str | None:
    return next(filter(None, (strategy(page) for strategy in strategies)), None)


def stated(text: str) -> dict[str, str]:
    """The fields a page's text states (see `stated_in`); none when it does not parse."""
    page = parse(text)
    return stated_in(page) if page is not None else {}


def stated_in(page: ParsedPage) -> dict[str, str]:
    """The fields a parsed page states, by our field names; a field the page does not state is absent."""
    found = {
        "title": headline(page),
        "page_title": page.title,
        "author": first(page, BYLINE_STRATEGIES),
        "published": first(page, DATE_STRATEGIES),
        "publisher": page.outlets[0] if page.outlets else None,
        "language": (page.tree.get("lang") or "").strip(),  # <html lang>
    }
    return {name: value for name, value in found.items() if value}
