"""Extension points (after Pelican's signals and MkDocs' plugin events).

A plugin is an installed package that declares an entry point in the `site_builder.plugins`
group, naming an object (usually a module) with any of these attributes:

| attribute | what it adds | where it is read |
| --- | --- | --- |
| `READERS` | `{".suffix": read}`: a reader per file suffix (`sources/readers/base.py`) | loading `seeds/` |
| `CLEAN_RULES` | `Rule`s, run after the built-in ones (`sources/clean_rules.py`) | the clean stage |
| `ANALYSES` | `(source, gazetteer) -> source` functions, run after the built-in ones | the analyze stage |
| `FACET_KINDS` | `{"kind": FacetKind(read, FacetTraits(...))}`, or `{"kind": read}` for the default traits: what a facet of that kind reads of a source, and how its answers compare and show (`linking/compare.py`, `model.FacetTraits`) | comparison tables |
| `GENERATORS` | page `Generator`s (`site/generators/__init__.py`) | the render stage |

and any of these hooks, called at stage boundaries (after MkDocs' plugin events):

| hook | called with | may return |
| --- | --- | --- |
| `on_sources_analysed(sources)` | every analysed `Source`, before the link stage | a replacement list (same ids) |
| `on_site_linked(site)` | the `Site` after the link stage, before rendering | nothing (observe only) |
| `on_site_written(output)` | the output folder, once the new site is in place | nothing |

Plugins are read once per process, in the order of their entry points' names. Their code is part
of every cache key (`plugin_fingerprint`), as the tool's own is.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
from functools import lru_cache
from pathlib import Path
from typing import Any

from site_builder.errors import SiteError

GROUP = "site_builder.plugins"
KINDS = {"readers": "READERS", "clean_rules": "CLEAN_RULES", "analyses": "ANALYSES",
         "facet_kinds": "FACET_KINDS", "generators": "GENERATORS"}


@lru_cache(maxsize=1)
def plugins() -> tuple[tuple[importlib.metadata.EntryPoint, Any], ...]:
    """Every installed plugin with its entry point; one that fails to load is an error naming it."""
    found = []
    for entry in sorted(importlib.metadata.entry_points(group=GROUP), key=lambda entry: entry.name):
        try:
            found.append((entry, entry.load()))
        except Exception as error:
            raise SiteError(f"plugin {entry.name} ({entry.value})", f"could not be loaded: {type(error).__name__}: {error}") from None
    return tuple(found)


def registered(kind: str) -> list[Any]:
    """What the plugins add of `kind` (a key of KINDS): the items of each plugin's list, or the
    (key, value) pairs of each plugin's mapping, in plugin order."""
    attribute = KINDS[kind]
    added: list[Any] = []
    for _, plugin in plugins():
        value = getattr(plugin, attribute, None)
        if value is not None:
            added += list(value.items()) if isinstance(value, dict) else list(value)
    return added


HOOKS = ("sources_analysed", "site_linked", "site_written")


def call_hook(name: str, value: Any) -> Any:
    """Pass `value` to each plugin's `on_<name>`, in plugin order; a handler's result other than
    None replaces it for the next."""
    assert name in HOOKS, name
    for _, plugin in plugins():
        handler = getattr(plugin, f"on_{name}", None)
        if handler is not None:
            result = handler(value)
            value = value if result is None else result
    return value


@lru_cache(maxsize=1)
def plugin_fingerprint() -> bytes:
    """Each plugin's entry point, version and module source: a changed plugin is a cache miss."""
    digest = hashlib.sha256()
    for entry, plugin in plugins():
        version = entry.dist.version if entry.dist else ""
        module = inspect.getmodule(plugin)
        source = Path(module.__file__).read_bytes() if module and getattr(module, "__file__", None) else b""
        digest.update(f"{entry.name}={entry.value}@{version}\0".encode() + source)
    return digest.digest()
