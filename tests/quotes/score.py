"""Scoring of speaker attribution against the hand-labelled quotations (labelled.yaml).

Shared by tests/test_quotes.py and bench/quotes_bench.py. Each labelled quotation is found among the
quotations the real extractor reads from its text (the n-th label with the same first words is the
n-th such quotation); a quotation it misses or reads as a quoted term counts as unattributed.
Precision is the share right among those the code attributes; recall the share right among those
the text gives a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_builder.analysis.gazetteer import Gazetteer, load_gazetteer
from site_builder.build.prepare import process_source
from site_builder.model import Quote
from site_builder.sources.load import load_source

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
LABELS = HERE / "labelled.yaml"
# A joint statement, a communiqué and "the document" are one speaker: the text the parties signed.
DOCUMENT_WORDS = frozenset({"statement", "communiqué", "communique", "document", "declaration"})
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class Label:
    corpus: str
    file: str
    first: str
    speaker: str | None


@dataclass(frozen=True)
class Result:
    label: Label
    found: str | None  # the speaker label the code gives, None when unattributed

    @property
    def right(self) -> bool:
        """True when the code gives a speaker and it is the one the label names."""
        return bool(self.found and self.label.speaker and same_speaker(self.label.speaker, self.found))


@dataclass(frozen=True)
class Score:
    labelled: int
    with_speaker: int
    attributed: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.attributed if self.attributed else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.with_speaker if self.with_speaker else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load_labels(path: Path = LABELS) -> tuple[dict[str, Path], list[Label]]:
    """The corpus roots (absolute) and the labels, in file order."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    roots = {name: REPO / root for name, root in document["corpora"].items()}
    return roots, [Label(q["corpus"], q["file"], q["first"], q["speaker"]) for q in document["quotes"]]


def _words(name: str) -> list[str]:
    return [w.lower().rstrip("’'") for w in _WORD.findall(name) if w.lower() not in {"the", "of", "a", "an"}]


def _members(name: str) -> list[list[str]]:
    return [_words(part) for part in re.split(r",\s*|\s+and\s+", name) if _words(part)]


def _same_person(expected: list[str], found: list[str]) -> bool:
    """One name matches another by surname: the last word of either is a word of the other."""
    return expected[-1] in found or found[-1] in expected


def same_speaker(expected: str, found: str) -> bool:
    """True when the code's speaker label names who the label names (each member of a group)."""
    if DOCUMENT_WORDS & set(_words(expected)):
        return bool(DOCUMENT_WORDS & set(_words(found)))
    wanted, given = _members(expected), _members(found)
    return len(wanted) == len(given) and all(any(_same_person(w, g) for g in given) for w in wanted)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def gazetteer_for(root: Path) -> Gazetteer:
    """The gazetteer of the project a corpus belongs to (the seeds': content/entities.yaml), else none."""
    return load_gazetteer(root.parent) if (root.parent / "content/entities.yaml").is_file() else Gazetteer(())


def found_speakers(roots: dict[str, Path], labels: list[Label]) -> list[Result]:
    """Each label with the speaker label the real extractor gives its quotation."""
    results = []
    quotes: dict[tuple[str, str], list[Quote]] = {}
    taken: dict[tuple[str, str, str], int] = {}
    for label in labels:
        key = (label.corpus, label.file)
        if key not in quotes:
            root = roots[label.corpus]
            source = process_source(load_source(root / label.file), gazetteer_for(root))
            quotes[key] = list(source.quotes)
        matching = [q for q in quotes[key] if _normal(q.text).startswith(_normal(label.first))]
        nth = taken.get((*key, label.first), 0)
        taken[(*key, label.first)] = nth + 1
        quote = matching[nth] if nth < len(matching) else None
        found = quote.speaker_label if quote and quote.kind == "statement" else None
        results.append(Result(label, found))
    return results


def score(results: list[Result]) -> Score:
    attributed = [r for r in results if r.found]
    correct = [r for r in attributed if r.right]
    return Score(len(results), sum(1 for r in results if r.label.speaker), len(attributed), len(correct))
