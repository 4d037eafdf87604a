"""Declared, validated options for the researcher's YAML files (after MkDocs' config_options)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

from site_builder.errors import Problem, SiteError, did_you_mean

if TYPE_CHECKING:
    from site_builder.yamlfile import YamlMapping

Converter = Callable[[Any], Any]

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # lower-case letters, digits and '-'
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def as_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("expected a piece of text")
    text = str(value).strip()
    if not text:
        raise ValueError("is empty")
    return text


def as_date(value: Any) -> str:
    """An ISO date (`2021-03-23`, `2021-03` or `2021`) or date-time, kept as written in ISO form."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.match(text):
            parts = [int(p) for p in text.split("-")]
            try:
                dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
            except ValueError as error:
                raise ValueError(f"'{text}' is not a real date ({error})") from None
            return text
        try:
            return dt.datetime.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD")


_WEB_URL = re.compile(r"https?://[^\s/$.?#]\S*", re.IGNORECASE)  # the scheme in any case, then a host


def is_web_url(value: object) -> bool:
    """Whether `value` is an http(s) URL (the one rule: `as_url`, `new source`, a capture, a page's
    links): `http://` or `https://` in any case, a host, no whitespace."""
    return isinstance(value, str) and _WEB_URL.fullmatch(value) is not None


def as_url(value: Any) -> str:
    text = as_text(value)
    if not is_web_url(text):
        raise ValueError(f"'{text}' is not an http(s) URL")
    return text


LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def as_language(value: Any) -> str:
    text = as_text(value)
    if not LANGUAGE_TAG.match(text):
        raise ValueError(f"'{text}' is not a language tag such as 'en' or 'en-GB'")
    return text


def as_list(value: Any) -> list[Any]:
    """A YAML list, or a single value as a list of one."""
    return value if isinstance(value, list) else [value]


def as_texts(value: Any) -> tuple[str, ...]:
    return tuple(as_text(item) for item in as_list(value))


def one_of(choices: Sequence[str], what: str) -> Converter:
    """A converter accepting only `choices`; `what` names them in the message ('an entity type')."""
    def convert(value: Any) -> str:
        text = as_text(value)
        if text not in choices:
            raise ValueError(f"'{text}' is not {what} ({', '.join(choices)}){did_you_mean(text, choices)}")
        return text
    return convert


def each(convert: Converter) -> Converter:
    """A converter for a list (or one value) whose items `convert` accepts."""
    return lambda value: tuple(convert(item) for item in as_list(value))


def as_whole_number(low: int, high: int) -> Converter:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"'{value}' is not a whole number from {low} to {high}")
        return value
    return convert


def as_fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ValueError(f"'{value}' is not a fraction above 0 and at most 1 (such as 0.05)")
    return float(value)


def as_dates(value: Any) -> tuple[str, ...]:
    dates = tuple(sorted(as_date(item) for item in as_list(value)))
    if len(dates) > 2:
        raise ValueError("give one date, or a first and a last date")
    return dates


def as_patterns(value: Any) -> tuple[str, ...]:
    patterns = as_texts(value)
    for text in patterns:
        try:
            re.compile(text)
        except re.error as error:
            raise ValueError(f"'{text}' is not a valid regular expression: {error}") from None
    return patterns


def as_slug(value: Any) -> str:
    text = as_text(value)
    if not SLUG.match(text):
        raise ValueError(f"'{text}' must be lower-case letters, digits and '-'")
    return text



def slug(text: str, length: int = 60) -> str:
    """Lower-case letters, digits and '-' from any text: `Guilin talks` -> `guilin-talks`; cut at
    the last whole word within `length`."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(words) > length:
        words = words[:length + 1].rsplit("-", 1)[0] if "-" in words[:length + 1] else words[:length]
    return words.strip("-") or "item"


@dataclass(frozen=True)
class Option:
    """One declared key. `convert` checks and converts its value; a tuple of Options makes the key a
    section, a nested mapping validated the same way."""

    name: str
    convert: Converter | tuple["Option", ...]
    help: str
    default: Any = None
    required: bool = False  # unset or empty is an error


def defaults(options: Sequence[Option]) -> dict[str, Any]:
    return {option.name: defaults(option.convert) if isinstance(option.convert, tuple) else option.default for option in options}


def validate(mapping: YamlMapping, options: Sequence[Option]) -> dict[str, Any]:
    """Check every key against `options` and convert its value, and that every required option is
    given; the errors of all keys (each naming the file and line) are raised together."""
    result, problems = checked(mapping, options)
    if problems:
        raise SiteError.of(problems)
    return result


def checked(mapping: YamlMapping, options: Sequence[Option]) -> tuple[dict[str, Any], list[Problem]]:
    """`validate`'s values (the defaults where a key is wrong or missing) and its problems, for a
    caller that goes on checking the rest of the file."""
    known = {option.name: option for option in options}
    result = defaults(options)
    problems: list[Problem] = []
    wrong: set[str] = set()  # keys with a problem already: not missing as well
    for key, value in mapping.values.items():
        line = mapping.line_of(key)
        option = known.get(key)
        try:
            if option is None:
                raise SiteError(mapping.path, f"unknown key '{key}'{did_you_mean(key, known)}", line)
            if value is None:
                continue
            if isinstance(option.convert, tuple):
                result[key] = validate(mapping.child(key), option.convert)
                continue
            try:
                result[key] = option.convert(value)
            except ValueError as error:
                raise SiteError(mapping.path, f"'{key}': {error}", line) from None
        except SiteError as error:
            problems.extend(error.problems)
            wrong.add(key)
    for option in options:
        if option.required and option.name not in wrong and result[option.name] in (None, "", ()):
            problems.extend(SiteError(mapping.path, f"'{option.name}' is missing: {option.help[0].lower()}{option.help[1:]}",
                                      mapping.line_of(option.name)).problems)
    return result, problems
