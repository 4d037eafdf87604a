"""The default corpus ships byte for byte: every file of seeds/ has the SHA-256 recorded in
tests/seeds.sha256 from the shared originals (`cd ../shared/seeds && sha256sum *.txt`), so the check
needs no ../shared beside the clone. Where ../shared is present, the record itself is checked with
`cd ../shared/seeds && sha256sum -c <this repository>/tests/seeds.sha256`."""

import hashlib

import pytest
from conftest import REPO

DIGESTS = REPO / "tests" / "seeds.sha256"


def recorded() -> dict[str, str]:
    """File name -> SHA-256 of each shared original, as `sha256sum` wrote them."""
    pairs = (line.split(maxsplit=1) for line in DIGESTS.read_text(encoding="ascii").splitlines() if line.strip())
    return {name.lstrip("*"): digest for digest, name in pairs}  # '*' marks sha256sum's binary mode


def test_the_record_lists_the_five_seeds():
    assert len(recorded()) == 5 and all(len(digest) == 64 for digest in recorded().values())


@pytest.mark.parametrize("name", sorted(recorded()))
def test_seed_is_identical_to_the_shared_original(name):
    assert hashlib.sha256((REPO / "seeds" / name).read_bytes()).hexdigest() == recorded()[name]


def test_seeds_folder_holds_exactly_the_shared_originals():
    assert sorted(p.name for p in (REPO / "seeds").iterdir()) == sorted(recorded())
