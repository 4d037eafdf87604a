"""Safe YAML loading that keeps the line of every top-level key, for `path:line` messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from site_builder.errors import SiteError


@dataclass(frozen=True)
class YamlMapping:
    """A YAML mapping with the 1-based line of each key, offset to where the YAML starts in its file."""

    path: str
    values: dict[str, Any]
    lines: dict[str, int]
    first_line: int = 1

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


class _Loader(yaml.SafeLoader):
    """The safe loader, with dates left as text so that `as_date` checks them and names the line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_mapping(text: str, path: str, first_line: int = 1) -> YamlMapping:
    """Parse `text` as a YAML mapping (empty text is an empty mapping) with the safe loader only."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlMapping(path, {}, {}, first_line)
        if not isinstance(node, yaml.MappingNode):
            raise SiteError(path, "expected a mapping of `key: value` lines", node.start_mark.line + first_line)
        values = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        raise SiteError(path, f"malformed YAML: {error.problem or error.context}", line) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        raise SiteError(path, f"malformed YAML: {error}", first_line) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in lines:
            raise SiteError(path, f"duplicate key '{key}'", key_node.start_mark.line + first_line)
        lines[key] = key_node.start_mark.line + first_line
    return YamlMapping(path, {str(k): v for k, v in values.items()}, lines, first_line)
