"""Source ids: the rule a file name in seeds/ follows (its name without the suffix is the source's
id), and the id proposed for any other name (`My Report (AP).txt` -> `my-report-ap`)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Collection

from site_builder.inputs import reserved_on_windows

MAX_LENGTH = 128
# ASCII only (so no two ids differ by Unicode normalisation), and no trailing '.', which Windows drops.
SOURCE_ID = re.compile(rf"^[A-Za-z0-9](?:[A-Za-z0-9._-]{{0,{MAX_LENGTH - 2}}}[A-Za-z0-9_-])?$")
RULE = (f"start with a letter or digit, not end with '.', and use only letters, digits, '.', '_' and '-' "
        f"(plain a–z and A–Z, no spaces or accents; {MAX_LENGTH} characters at most)")
# Letters that Unicode decomposition leaves whole but readers spell in plain letters.
_PLAIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ð": "d", "þ": "th", "ı": "i"})
_ROOM_FOR_NUMBER = 8  # a proposal is cut short enough that '-2', '-3'… still fit within MAX_LENGTH
FALLBACK = "source"  # for a name with no letter or digit that folds to a-z or 0-9 (`报告.txt`)


def is_source_id(text: str) -> bool:
    return SOURCE_ID.match(text) is not None


def folded(text: str) -> str:
    """`text` in plain lower-case letters, digits, '.' and '_': accents dropped (NFKD), every other
    run of characters one '-', nothing but a letter or digit at either end."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    hyphenated = re.sub(r"[^a-z0-9._]+", "-", plain)
    cut = hyphenated[:MAX_LENGTH - _ROOM_FOR_NUMBER]
    return cut.strip("-._") or FALLBACK


def proposed_id(name: str, taken: Collection[str] = ()) -> str:
    """The id for a file called `name` (its suffix aside): `folded`, then `-2`, `-3`… until it is none
    of the `taken` ids (compared ignoring case, as macOS and Windows compare file names) and no
    name Windows reserves."""
    base = folded(Path(name).stem)
    taken_folded = {t.casefold() for t in taken}
    candidate, number = base, 1
    while candidate in taken_folded or reserved_on_windows(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def ids_in(folder: Path) -> dict[str, str]:
    """Each id taken in `folder` (folded to lower case) with the file name that takes it."""
    return {Path(name).stem.casefold(): name for name in sorted(p.name for p in folder.iterdir())} if folder.is_dir() else {}


def proposed_rename(path: Path) -> str:
    """The file name `site-builder new source` would give the file at `path` beside the others in its folder."""
    others = [taken for taken, name in ids_in(path.parent).items() if name != path.name]
    return proposed_id(path.name, others) + path.suffix
