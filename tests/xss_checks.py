"""What a built page may hold, checked on its parsed HTML (no browser): only the site's own scripts,
no event handlers, no script URLs, no embedding or page-altering elements, safe off-site links."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from xss_vectors import EVALUATED

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "dynsrc", "lowsrc", "codebase", "cite", "ping", "srcset"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "form",
                      "input", "button", "textarea", "select", "keygen", "isindex", "svg", "math", "template",
                      "video", "audio", "source", "marquee", "xmp"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
OWN_SCRIPT = re.compile(r"^(\.\./)*(static/[a-z-]+\.js|pagefind/pagefind-ui\.js)$")
# What the browser ignores when it reads a URL's scheme: leading controls and spaces, tabs and newlines anywhere.
IGNORED_IN_SCHEME = re.compile(r"^[\x00-\x20]+|[\t\n\r]")
OWN_META = {("http-equiv", "content-security-policy")}
# The header's search box (base.html): a GET form to the site's own search page, one search field, one button.
OWN_SEARCH_FORM = re.compile(r"^(\.\./)*search/(index\.html)?$")
# The site's own pictures (pictures.html, an answer's bar in event.html) and the switches of a source page's marks.
OWN_SVG_ATTRIBUTES = {"viewbox", "role", "aria-labelledby", "aria-describedby", "class", "preserveaspectratio", "aria-hidden",
                      "focusable"}
OWN_SWITCHES = {"marks-names", "marks-shared", "marks-numbers"}


def scheme_of(url: str) -> str:
    return IGNORED_IN_SCHEME.sub("", url).lower()


class PageChecker(HTMLParser):
    """Collects every problem on one page."""

    def __init__(self, path: str, base_url: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.base_url = base_url
        self.problems: list[str] = []
        self.script: dict[str, str | None] | None = None
        self.script_text: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.path}:{self.getpos()[0]}: {message}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problem(f"<{tag}> has an event handler {name}={value!r}")
            if name == "srcdoc":
                self.problem(f"<{tag}> has srcdoc")
            if name in URL_ATTRIBUTES and scheme_of(value).startswith(SCRIPT_SCHEMES) and not self.own_icon(tag, values):
                self.problem(f"<{tag} {name}={value!r}>: a script or data URL")
        if tag in FORBIDDEN_ELEMENTS and not (self.own_search_form(tag, values) or self.own_picture(tag, values)
                                               or self.own_switch(tag, values)):
            self.problem(f"<{tag}> element")
        if tag == "meta" and "http-equiv" in values and ("http-equiv", values["http-equiv"].lower()) not in OWN_META:
            self.problem(f"<meta http-equiv={values['http-equiv']!r}>")
        if tag == "link" and values.get("rel", "").lower() not in {"icon", "alternate", "stylesheet", "canonical"}:
            self.problem(f"<link rel={values.get('rel')!r}>")
        if tag == "a" and re.match(r"^\s*(https?:)?//", values.get("href", "")) and not self.on_site(values["href"]):
            rel = set(values.get("rel", "").split())
            if not {"nofollow", "noopener", "noreferrer"} <= rel:
                self.problem(f"off-site link {values['href']!r} has rel={values.get('rel')!r}")
        if tag == "script":
            self.script, self.script_text = values, []

    handle_startendtag = handle_starttag

    def on_site(self, url: str) -> bool:
        return bool(self.base_url) and url.startswith(self.base_url)

    def within_site(self, url: str) -> str:
        """`url` relative to the site's root when it is one of the site's absolute addresses."""
        return url.removeprefix(self.base_url) if self.on_site(url) else url

    def own_search_form(self, tag: str, values: dict[str, str]) -> bool:
        """The header's search box: a GET form to the site's own search page, with `q` and a submit button."""
        if tag == "form":
            return (values.get("class") == "site-search" and values.get("method", "get") == "get"
                    and set(values) <= {"class", "role", "action", "method"}
                    and bool(OWN_SEARCH_FORM.match(self.within_site(values.get("action", "")))))
        if tag == "input":
            return values == {"id": "site-search-q", "type": "search", "name": "q", "autocomplete": "off"}
        return tag == "button" and values == {"type": "submit"}

    @staticmethod
    def own_picture(tag: str, values: dict[str, str]) -> bool:
        """The site's own inline SVG: an answer's bar, or a picture (a group labelled by its title)."""
        return tag == "svg" and set(values) <= OWN_SVG_ATTRIBUTES and (
            values.get("class") == "answer-bar" or (values.get("role") == "group" and "aria-labelledby" in values))

    @staticmethod
    def own_switch(tag: str, values: dict[str, str]) -> bool:
        """A source page's switch for a kind of mark (a checkbox read by the style sheet)."""
        return tag == "input" and values.get("type") == "checkbox" and set(values) == {"type", "id", "checked"} \
            and values["id"] in OWN_SWITCHES

    @staticmethod
    def own_icon(tag: str, values: dict[str, str]) -> bool:
        return tag == "link" and values.get("rel") == "icon" and values.get("href") == "data:,"

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.check_script(self.script, "".join(self.script_text))
            self.script = None

    def check_script(self, attrs: dict[str, str], text: str) -> None:
        if attrs.get("type") == "application/ld+json" and set(attrs) == {"type"}:
            if "<" in text or ">" in text:
                self.problem("JSON-LD holds a raw '<' or '>'")
            try:
                json.loads(text)
            except ValueError as error:
                self.problem(f"JSON-LD does not parse: {error}")
        elif not (OWN_SCRIPT.match(self.within_site(attrs.get("src", ""))) and not text.strip()):
            self.problem(f"a script that is not the site's own: {attrs} {text[:80]!r}")


def page_problems(path: str, html: str, base_url: str | None = None) -> list[str]:
    """Every problem on one page; `base_url` (the site's own, when set) marks its absolute links as on-site."""
    checker = PageChecker(path, base_url)
    checker.feed(html)
    checker.close()
    if EVALUATED in html:
        checker.problems.append(f"{path}: a template expression was evaluated ({EVALUATED} on the page)")
    return checker.problems
