"""Safe YAML loading that keeps the line of every top-level key, for `path:line` messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from site_builder.errors import SiteError


@dataclass(frozen=True)
class YamlMapping:
    """A YAML mapping with the 1-based line of each key (and of nested values), for messages."""

    path: str
    values: dict[str, Any]
    node: yaml.MappingNode | None = None
    first_line: int = 1

    @cached_property
    def lines(self) -> dict[str, int]:
        return {str(key.value): self._line(key) for key, _ in self.node.value} if self.node else {}

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def _value_node(self, key: str) -> yaml.Node | None:
        if self.node is not None:
            for key_node, value_node in self.node.value:
                if str(key_node.value) == key:
                    return value_node
        return None

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.node.start_mark.line + self.first_line if self.node else self.first_line)

    def child(self, key: str) -> "YamlMapping":
        """The mapping under `key`; an error on that key's line when it is not a mapping."""
        node = self._value_node(key)
        if not isinstance(node, yaml.MappingNode):
            raise SiteError(self.path, f"'{key}' must be a mapping of `key: value` lines", self.line_of(key))
        return YamlMapping(self.path, {str(k): v for k, v in self.values[key].items()}, node, self.first_line)

    def items(self, key: str) -> list["YamlMapping"]:
        """The mappings in the sequence under `key`; an error on the line of an item that is not one."""
        node = self._value_node(key)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise SiteError(self.path, f"'{key}' must be a list", self.line_of(key))
        result = []
        for item, value in zip(node.value, self.values[key]):
            if not isinstance(item, yaml.MappingNode):
                raise SiteError(self.path, f"each item of '{key}' must be a mapping of `key: value` lines", self._line(item))
            result.append(YamlMapping(self.path, {str(k): v for k, v in value.items()}, item, self.first_line))
        return result

    def item_lines(self, key: str) -> list[int]:
        """The line of each item of the sequence under `key` (empty when it is not a sequence)."""
        node = self._value_node(key)
        return [self._line(item) for item in node.value] if isinstance(node, yaml.SequenceNode) else []


# Content files need four levels at most (an event's facets' patterns); far deeper is a mistake or an attack.
MAX_DEPTH = 50
_TAG = "tag:yaml.org,2002:"
# The only node types content files use; `!!binary`, `!!set`, `!!python/...` and other tags are refused.
ALLOWED_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map"))
# Characters a double-quoted escape can produce but no page, feed or CSV can hold.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _Loader(yaml.SafeLoader):
    """The safe loader, with dates and `=` left as text (so that `as_date` checks dates and names the
    line), and nesting limited to MAX_DEPTH levels before PyYAML's recursive composer can overflow."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """The same rules on libyaml's parser (ten times faster on event files), used only for documents
    that cannot nest deeper than MAX_DEPTH: its composer recurses in C, with no depth check."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_TAG + "timestamp", _TAG + "value")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BRACKETS = re.compile(r"[^\[\]{}]+")


def depth_bound(text: str) -> int:
    """More than the deepest nesting `text` can hold: each level needs more indentation, a compact
    `- ` or `key:` on the line, or an open bracket."""
    flow = deepest_flow = deepest_line = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        deepest_line = max(deepest_line, len(line) - len(stripped) + stripped.count("- ") + stripped.count(":"))
        for bracket in _BRACKETS.sub("", line):
            flow = flow + 1 if bracket in "[{" else max(0, flow - 1)
            deepest_flow = max(deepest_flow, flow)
    return deepest_line + deepest_flow + 1


def load_mapping(text: str, path: str, first_line: int = 1) -> YamlMapping:
    """Parse `text` as a YAML mapping (empty text is an empty mapping) with the safe loader only."""
    unprintable = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if unprintable:
        line = text.count("\n", 0, unprintable.start()) + first_line
        raise SiteError(path, f"malformed YAML: the character U+{ord(unprintable.group()[0]):04X} is not allowed", line)
    loader = (_FastLoader if depth_bound(text) <= MAX_DEPTH else _Loader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlMapping(path, {}, None, first_line)
        if not isinstance(node, yaml.MappingNode):
            raise SiteError(path, "expected a mapping of `key: value` lines", node.start_mark.line + first_line)
        check_nodes(node, path, first_line)
        values = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        raise SiteError(path, tab_message(text, mark) or f"malformed YAML: {error.problem or error.context}", line) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        raise SiteError(path, f"malformed YAML: {error}", first_line) from None
    finally:
        loader.dispose()
    return YamlMapping(path, {str(k): v for k, v in values.items()}, node, first_line)


def tab_message(text: str, mark: yaml.Mark | None) -> str | None:
    """What to do when the parser stopped at a line indented with a tab, which YAML does not allow
    (PyYAML's own words, "found character '\\t' that cannot start any token", never say 'tab')."""
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines):
        return None
    indent = lines[mark.line][: len(lines[mark.line]) - len(lines[mark.line].lstrip(" \t"))]
    if "\t" not in indent:
        return None
    return f"tab at column {indent.index(chr(9)) + 1}: YAML indents with spaces; replace the tab with spaces"


def check_nodes(node: yaml.Node, path: str, first_line: int) -> None:
    """Refuse what YAML allows but content files must not have: a key given twice (YAML silently
    keeps the last), aliases (`*name`), which can nest without end or multiply without limit, merge
    keys (`<<`), tags (`!!python/object`), and escapes for characters no page can hold (`"\\0"`)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        line = current.start_mark.line + first_line
        if id(current) in seen:
            raise SiteError(path, "YAML anchors and aliases (&name, *name) are not allowed in content files", line)
        seen.add(id(current))
        if current.tag not in ALLOWED_TAGS:
            what = "merge keys (<<)" if current.tag == _TAG + "merge" else f"tags such as '{current.tag.replace(_TAG, '!!')}'"
            raise SiteError(path, f"YAML {what} are not allowed in content files", line)
        if isinstance(current, yaml.ScalarNode):
            bad = _BAD_CHARACTER.search(current.value)
            if bad:
                raise SiteError(path, f"the character U+{ord(bad.group()):04X} is not allowed in content files", line)
        elif isinstance(current, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in current.value:
                key = str(key_node.value)
                if key in keys:
                    raise SiteError(path, f"duplicate key '{key}'", key_node.start_mark.line + first_line)
                keys.add(key)
                stack += (key_node, value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
