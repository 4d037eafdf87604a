"""A deterministic synthetic corpus of news-like texts with planted shared passages (ground truth).

Words follow a Zipf law over real function words and made-up content words, sentences run 12-25
words, texts 300-900 words. Each planted passage (10-60 words, sometimes with one word changed in
the copy) is inserted as its own paragraph into two different sources.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from site_builder.model import Paragraph, Source

FUNCTION = ("the of and to in a that for on is was with said by as at from it he his be have has are "
            "were an its not but which their they this after who had will been would also over more than "
            "two new one year officials government minister foreign president country talks").split()


@dataclass(frozen=True)
class Planted:
    a: str
    b: str
    first_a: int
    last_a: int
    first_b: int
    last_b: int


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "de", "pa", "zu", "ho", "gi", "be", "fa", "xo"]
    made_up = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)})
    rng.shuffle(made_up)
    return FUNCTION + made_up[:size]


class Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words))))

    def sentence(self) -> list[str]:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(12, 25))
        return [words[0].capitalize(), *words[1:-1], words[-1] + "."]

    def paragraph(self) -> list[str]:
        return [w for _ in range(self.rng.randint(3, 5)) for w in self.sentence()]


def make_source(source_id: str, paragraphs: list[list[str]]) -> Source:
    built, offset = [], 0
    for number, words in enumerate(paragraphs, 1):
        text = " ".join(words)
        built.append(Paragraph(f"p{number}", text, offset, offset + len(text), number))
        offset += len(text) + 2
    return Source(id=source_id, path=f"seeds/{source_id}.txt", filename=f"{source_id}.txt", format="txt",
                  sha256="", size=offset, encoding="utf-8", line_label="line", lines=(), fields={},
                  paragraphs=tuple(built))


def corpus(count: int, seed: int = 1) -> tuple[list[Source], list[Planted]]:
    """`count` sources and the passages planted in them (one per two sources, in disjoint pairs)."""
    writer = Writer(seed)
    rng = writer.rng
    texts: list[list[list[str]]] = []
    for _ in range(count):
        paragraphs, words = [], 0
        target = rng.randint(300, 900)
        while words < target:
            paragraphs.append(writer.paragraph())
            words += len(paragraphs[-1])
        texts.append(paragraphs)
    order = list(range(count))
    rng.shuffle(order)
    planted = []
    for a, b in sorted(tuple(sorted(order[i:i + 2])) for i in range(0, count - 1, 2)):
        passage = [w.strip(".").lower() for w in writer.paragraph()][: rng.randint(10, 60)]
        copy = list(passage)
        if len(copy) > 20 and rng.random() < 0.3:
            copy[len(copy) // 2] = "changed"
        spans = []
        for index, words in ((a, passage), (b, copy)):
            at = rng.randint(0, len(texts[index]))
            first = sum(len(p) for p in texts[index][:at])
            texts[index].insert(at, words)
            spans += [first, first + len(words) - 1]
        planted.append(Planted(f"s{a:06d}", f"s{b:06d}", *spans))
    return [make_source(f"s{n:06d}", paragraphs) for n, paragraphs in enumerate(texts)], planted
