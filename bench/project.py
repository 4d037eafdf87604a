"""Write a deterministic synthetic research project (seeds/ and content/) of news-like reports.

    python bench/project.py 1000 /tmp/bench-1k [--seed 1]

Every report is 300-900 words (bench/corpus.py's Zipf prose) about one event; events are covered
by 2-8 reports. A report names the event's place and participants from a shared gazetteer
(sometimes one letter off: a spelling variant), dates the talks, quotes a participant, counts
something, and may copy a passage from an earlier report of its event; one passage is also planted
in each disjoint pair of sources, as in the reuse benchmark. Half of the events are curated in
content/events/ with facets, the rest are left for the clustering to propose; most reports have a
sidecar with a publisher and a publication date.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import random
import shutil
from pathlib import Path

from corpus import Writer, corpus

SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "de", "pa", "zu", "ho", "gi", "be", "fa", "xo"]
PUBLISHERS = [f"{name} {kind}" for name in ("Northern", "Daily", "Evening", "Coastal", "Capital", "Free")
              for kind in ("Herald", "Post", "Wire", "Monitor", "Times")]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def made_up_name(rng: random.Random, parts: int, longest: int = 3) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, longest))).capitalize()
                    for _ in range(parts))


def misspelled(name: str, rng: random.Random) -> str:
    """The name with one letter of its last word changed (never the first letter)."""
    words = name.split()
    last = words[-1]
    at = rng.randint(1, len(last) - 1)
    letter = "e" if last[at] != "e" else "a"
    words[-1] = last[:at] + letter + last[at + 1:]
    return " ".join(words)


def gazetteer(rng: random.Random, people: int, places: int) -> tuple[list[str], list[str], str]:
    drawn = {made_up_name(rng, 1) for _ in range((2 * people + places) * 2)}
    while len(drawn) < 2 * people + places:  # past about 2,000 names, two or three syllables run out
        drawn.add(made_up_name(rng, 1, longest=4))
    words = sorted(drawn)
    rng.shuffle(words)  # distinct words, so that no alias or place is claimed twice
    names = sorted(f"{first} {last}" for first, last in zip(words[:people], words[people:2 * people]))
    towns = sorted(words[2 * people:2 * people + places])
    lines = ["# Synthetic gazetteer (bench/project.py)."]
    for name in names:
        lines += [f"{name.lower().replace(' ', '-')}:", f"  name: {name}", "  type: person", f"  aliases: [{name.split()[-1]}]"]
    for town in towns:
        lines += [f"{town.lower()}-town:", f"  name: {town}", "  type: place"]
    return names, towns, "\n".join(lines) + "\n"


def event_file(event_id: str, place: str, day: datetime.date, people: list[str], sources: list[str]) -> str:
    return "\n".join([
        "---",
        f"title: Talks in {place}",
        f"dates: {day.isoformat()}",
        f"place: {place}",
        f"participants: [{', '.join(people)}]",
        f"sources: [{', '.join(sources)}]",
        "facets:",
        "  - {id: place, label: Place of the talks, kind: place, patterns: ['talks in (?P<value>[A-Z]\\w+)']}",
        "  - {id: date, label: Date, kind: date}",
        "  - {id: people, label: Who met, kind: entities, types: [person]}",
        "  - {id: count, label: Delegates, kind: number, near: [delegates]}",
        f"  - {{id: quote, label: What {people[0]} said, kind: quote, speaker: {people[0]}}}",
        "---",
        f"Synthetic event {event_id}.",
        "",
    ])


def write_project(count: int, folder: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    writer = Writer(seed)
    names, towns, entities = gazetteer(rng, max(20, count // 20), max(10, count // 50))
    sources, _ = corpus(count, seed)  # prose with one passage planted per disjoint pair
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("seeds", "content/sources", "content/events"):
        (folder / sub).mkdir(parents=True)
    (folder / "content/site.yaml").write_text(f"title: Synthetic collection of {count} reports\n")
    (folder / "content/entities.yaml").write_text(entities)
    start = datetime.date(2020, 1, 1)
    position = 0
    event_number = 0
    while position < count:
        size = min(rng.randint(2, 8), count - position)
        members = sources[position:position + size]
        position += size
        event_number += 1
        event_id = f"event-{event_number:05d}"
        place = rng.choice(towns)
        people = rng.sample(names, 2)
        day = start + datetime.timedelta(days=rng.randint(0, 2000))
        delegates = rng.randint(3, 400)
        shared = " ".join(w.strip(".").lower() for w in writer.paragraph())
        for order, source in enumerate(members):
            speaker = people[0] if rng.random() < 0.85 else misspelled(people[0], rng)
            lines = [
                f"{people[0].split()[-1]} and {people[1].split()[-1]} hold talks in {place}",
                "",
                f"{speaker} and {people[1]} held talks in {place} on {WEEKDAYS[day.weekday()]}, "
                f"{day.day} {day:%B} {day.year}, with {delegates} delegates present.",
                "",
                f'"{" ".join(writer.sentence())}" {speaker} said.',
            ]
            if order and rng.random() < 0.6:
                lines += ["", f"The {place} meeting {shared}."]
            for paragraph in source.paragraphs:
                lines += ["", paragraph.text]
            (folder / "seeds" / f"{source.id}.txt").write_text("\n".join(lines) + "\n")
            if rng.random() < 0.8:
                published = day + datetime.timedelta(days=rng.randint(0, 3))
                (folder / "content/sources" / f"{source.id}.yaml").write_text(
                    f"publisher: {rng.choice(PUBLISHERS)}\npublished: {published.isoformat()}\nlanguage: en\n")
        if event_number % 2:
            (folder / "content/events" / f"{event_id}.md").write_text(
                event_file(event_id, place, day, people, [s.id for s in members]))


def planted_event(seed_text: str) -> tuple[str, str]:
    """The event a report written by `write_project` is about: its headline and the date of the talks."""
    lines = seed_text.split("\n")
    return lines[0], lines[2].split(" on ", 1)[1].split(", with")[0]


def proposal_quality(proposed: list[tuple[str, ...]], seeds: Path) -> dict[str, float]:
    """How the proposed events (groups of source ids) match the planted ones among their sources:
    the share of linked pairs of sources that are of one planted event (precision) and of such
    pairs that are linked (recall), planted events proposed exactly, and the largest proposal."""
    planted: dict[tuple[str, str], list[str]] = {}
    for source_id in sorted(s for group in proposed for s in group):
        planted.setdefault(planted_event((seeds / f"{source_id}.txt").read_text(encoding="utf-8")), []).append(source_id)

    def pairs(groups) -> set[tuple[str, str]]:
        return {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}

    found, truth = pairs(proposed), pairs(planted.values())
    exact = {tuple(sorted(group)) for group in proposed} & {tuple(group) for group in planted.values()}
    return {"precision": round(len(found & truth) / len(found), 3) if found else 1.0,
            "recall": round(len(found & truth) / len(truth), 3) if truth else 1.0,
            "planted": len(planted), "exact": len(exact), "largest": max(map(len, proposed), default=0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_project(args.count, args.folder, args.seed)


if __name__ == "__main__":
    main()
