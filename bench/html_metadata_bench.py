"""Title, byline and date read from real saved news pages, against values checked by hand.

    python bench/html_metadata_bench.py      # per-field figures, then every page that misses

The pages and their expected values are in tests/html_pages/ (see its README for their origin and
licences); tests/test_html_metadata.py asserts the same figures through `score_pages`.

A field is right when
- title: equal to the printed headline after Unicode NFKC, typographic quotes and dashes folded to
  plain ones and whitespace collapsed (case and every word kept);
- byline: every expected author appears in it (same folding), with at most a few words besides
  (a role or place such as "Staff Reporter", never a paragraph); where the page credits no author,
  no byline at all;
- date: the same ISO day as the page's publication date; where the page states none, no date.
"""

from __future__ import annotations

import gzip
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from site_builder.errors import SiteError
from site_builder.sources.decode import decode
from site_builder.sources.readers import html

PAGES = Path(__file__).resolve().parent.parent / "tests" / "html_pages"
FIELDS = ("title", "byline", "date")
MAX_WORDS_BESIDES_NAMES = 8
FOLDED = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                        "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"})


@dataclass(frozen=True)
class PageScore:
    """One page: what the reader found for each field and whether it is right."""

    page: str
    found: dict[str, str | None] | None  # None: the reader rejected the page
    right: dict[str, bool]
    skipped: str | None = None  # why expected.yaml leaves the page out of the figures


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(FOLDED)).strip()


def title_right(found: str | None, expected: str) -> bool:
    return found is not None and folded(found) == folded(expected)


def byline_right(found: str | None, authors: list[str]) -> bool:
    if not authors:
        return found is None
    if found is None:
        return False
    rest = folded(found)
    for author in authors:
        if folded(author) not in rest:
            return False
        rest = rest.replace(folded(author), " ")
    return len(rest.split()) <= MAX_WORDS_BESIDES_NAMES


def date_right(found: str | None, expected: date | None) -> bool:
    return found == (expected.isoformat() if expected else None)


def read_fields(path: Path) -> dict[str, str | None] | None:
    """The title, byline and date the HTML reader gives for a saved (gzipped) page; None if it rejects it."""
    shown = path.name
    try:
        reading = html.read(decode(gzip.decompress(path.read_bytes()), shown).text, shown)
    except SiteError:
        return None
    value = {name: field.value for name, field in reading.fields.items()}
    return {"title": value.get("title"), "byline": value.get("author"), "date": value.get("published")}


def score_pages(pages: Path = PAGES) -> list[PageScore]:
    expected = yaml.safe_load((pages / "expected.yaml").read_text(encoding="utf-8"))
    scores = []
    for name, wanted in sorted(expected.items()):
        found = read_fields(pages / name)
        values = found or dict.fromkeys(FIELDS)
        right = {
            "title": title_right(values["title"], wanted["title"]),
            "byline": byline_right(values["byline"], wanted["authors"]),
            "date": date_right(values["date"], wanted["date"]),
        }
        scores.append(PageScore(name, found, right, wanted.get("skip")))
    return scores


def shares(scores: list[PageScore]) -> dict[str, float]:
    """The share of scored pages right, per field and for all three at once."""
    scores = [score for score in scores if not score.skipped]
    result = {name: sum(score.right[name] for score in scores) / len(scores) for name in FIELDS}
    result["all three"] = sum(all(score.right.values()) for score in scores) / len(scores)
    return result


def main() -> int:
    scores = score_pages()
    scored = [score for score in scores if not score.skipped]
    print(f"{len(scored)} pages scored")
    for name, share in shares(scores).items():
        print(f"{name:>10}: {share:.3f} ({round(share * len(scored))}/{len(scored)})")
    for score in scored:
        for name in FIELDS:
            if not score.right[name]:
                print(f"miss {name:<6} {score.page}: {(score.found or {}).get(name)!r}")
    for score in scores:
        if score.skipped:
            print(f"skipped {score.page}: {score.skipped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
