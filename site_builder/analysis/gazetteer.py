"""`content/entities.yaml`: the researcher's list of people, places and organisations, and how to find them.

The file is a mapping from entity id to its entry:

    sergei-lavrov:
      name: Sergei Lavrov
      type: person
      aliases: [Lavrov]
      description: Foreign Minister of Russia since 2004.
      link: https://en.wikipedia.org/wiki/Sergey_Lavrov
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from site_builder import layout
from site_builder.config import read_text
from site_builder.errors import Diagnostics, SiteError
from site_builder.inputs import RESERVED_NOTE, optional_input, reserved_on_windows
from site_builder.options import Entity, options_of, settings
from site_builder.schema import validate
from site_builder.yamlfile import YamlMapping, load_mapping

GAZETTEER_PATH = layout.GAZETTEER
_ENTITY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def trie_pattern(names: Iterable[str], after_first: str = "") -> str:
    """One regular expression matching any of `names`, shaped as a trie (`Wang(?: Yi)?`), so that
    matching costs the length of a name, not the number of names; optional tails are greedy, so
    the longest name that fits wins, as in an alternation ordered longest first. `after_first`
    follows the first character of every name."""
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for character in name:
            node = node.setdefault(character, {})
        node[""] = {}  # a name ends here

    def pattern(node: dict[str, dict], after: str = "") -> str:
        branches = [re.escape(character) + after + pattern(child) for character, child in sorted(node.items()) if character]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie, after_first)


# `(?<!\w)` before a name's first character, checked just after it, two characters back: the
# pattern then opens with the names' first characters, which the regex engine skips to in C
# instead of trying the whole pattern at every position of the text.
_NO_WORD_BEFORE_FIRST = r"(?<!\w[\s\S])"


def names_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Any of `names` (none empty) standing as whole words: no word character just before or after."""
    return re.compile(trie_pattern(names, _NO_WORD_BEFORE_FIRST) + r"(?!\w)")


def name_shape(name: str) -> tuple[int, str, int]:
    return len(name.split()), name[0].casefold(), len(name)


class Gazetteer:
    """The entities, a single compiled pattern over all their names, and near-name lookup for variants."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self.entities = entities
        self.by_id = {entity.id: entity for entity in entities}
        self.by_name: dict[str, str] = {}
        for entity in entities:
            for name in entity.names:
                self.by_name[name] = entity.id
                self.by_name.setdefault(name.upper(), entity.id)  # datelines: BEIJING
        self.pattern = names_pattern(self.by_name) if self.by_name else None
        # Names a variant could misspell, by (words, first letter, length): a misspelling keeps the
        # first letter and the number of words, and is at most two letters longer or shorter, so a
        # lookup compares a handful of names however large the gazetteer.
        self._names_by_shape: dict[tuple[int, str, int], list[str]] = {}
        for name in self.by_name:
            if not name.isupper() or len(name) <= 3:
                self._names_by_shape.setdefault(name_shape(name), []).append(name)
        self._near: dict[str, str | None] = {}

    def resolve(self, name: str) -> str | None:
        """The id of the entity `name` is the id of or one of the names of, if any."""
        return name if name in self.by_id else self.by_name.get(name)

    def near_name(self, surface: str) -> str | None:
        """The entity whose name `surface` misspells by one letter (two in long names), if exactly one does.

        A longer or shorter form of a name (`Russian` for `Russia`) is not a misspelling, and the
        first letter must agree, so that different words are never merged."""
        if surface not in self._near:
            self._near[surface] = self._find_near(surface)
        return self._near[surface]

    def _find_near(self, surface: str) -> str | None:
        if len(surface) < 4 or surface in self.by_name:
            return None
        limit = 1 if len(surface) < 10 else 2
        words, first, length = name_shape(surface)
        choices = [name for other in range(length - limit, length + limit + 1)
                   for name in self._names_by_shape.get((words, first, other), ())]
        if not choices:  # most capitalised words: no name of their shape
            return None
        found = process.extract(surface, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=None)
        folded = surface.casefold()
        entities = {
            self.by_name[name]
            for name, _, _ in found
            if name[0].casefold() == folded[0]
            and not name.casefold().startswith(folded)
            and not folded.startswith(name.casefold())
        }
        return entities.pop() if len(entities) == 1 else None


def load_gazetteer(project: Path, diagnostics: Diagnostics | None = None) -> Gazetteer:
    """The entities of content/entities.yaml. An entity with errors is left out and its errors
    recorded in `diagnostics`; without `diagnostics`, the errors of every entity are raised together."""
    path = optional_input(project, GAZETTEER_PATH)
    if path is None:
        return Gazetteer(())
    document = load_mapping(read_text(path, GAZETTEER_PATH), GAZETTEER_PATH)
    entities: list[Entity] = []
    claimed: dict[str, tuple[str, int]] = {}
    found = diagnostics or Diagnostics()
    for entity_id in document.values:
        entity = found.attempt(checked_entity, document, entity_id, claimed)
        if entity is not None:
            entities.append(entity)
    if diagnostics is None:
        found.stop_if_errors()
    return Gazetteer(tuple(sorted(entities, key=lambda entity: entity.id)))


def checked_entity(document: YamlMapping, entity_id: str, claimed: dict[str, tuple[str, int]]) -> Entity:
    """The entity under `entity_id`, its names added to `claimed` (name -> entity id and line)."""
    line = document.line_of(entity_id)
    if not _ENTITY_ID.match(entity_id) or reserved_on_windows(entity_id):
        raise SiteError(GAZETTEER_PATH, f"entity id '{entity_id}' must be lower-case letters, digits and '-', "
                                        f"and not {RESERVED_NOTE}", line)
    entry = document.child(entity_id)
    entity = settings(Entity, validate(entry, options_of(Entity)), id=entity_id)
    alias_lines = entry.item_lines("aliases") or [entry.line_of("aliases")] * len(entity.aliases)
    name_lines = [entry.line_of("name"), *alias_lines]
    for name, name_line in zip(entity.names, name_lines):
        if name in claimed and claimed[name][0] != entity_id:
            other, other_line = claimed[name]
            raise SiteError(GAZETTEER_PATH, f"'{name}' is already a name of '{other}' (line {other_line})", name_line)
    claimed.update((name, (entity_id, name_line)) for name, name_line in zip(entity.names, name_lines))
    return entity
