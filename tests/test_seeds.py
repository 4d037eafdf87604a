"""The default corpus ships byte for byte."""

import hashlib

import pytest
from conftest import REPO

SEED_SHA256 = {
    "000_9f45db1a97bdd9a5.txt": "67a150ab05f64e7b46241f9956c106042eca1e310670a97ae5ad3f82be25df7f",
    "001_31d0fa55b8edf2a7.txt": "5367ed13956f41246728a1d858a00f670b906bc3361fa93ff8abdc51b0eaa74b",
    "002_83436da1cc890094.txt": "3de162bd8e7e6e466fb568d967ac90595da7a025ecd1fafe12c60b35a0986172",
    "003_28d1eb4e5542eb3f.txt": "8bc86a0874bc0b9714040d750241b968b616cbf9c618b44cf69351ce44862e6b",
    "004_7807f473fc62edd1.txt": "1855b3c713d7f74bd58c7336bb9ebd82ebba5d5e76555f71b4aaafb67cef03ce",
}


@pytest.mark.parametrize("name", sorted(SEED_SHA256))
def test_seed_matches_its_recorded_sha256(name):
    assert hashlib.sha256((REPO / "seeds" / name).read_bytes()).hexdigest() == SEED_SHA256[name]


def test_seeds_folder_holds_exactly_the_five_seeds():
    assert sorted(p.name for p in (REPO / "seeds").iterdir()) == sorted(SEED_SHA256)


@pytest.mark.skipif(not (REPO.parent / "shared" / "seeds").is_dir(), reason="../shared/seeds is not beside the repo")
@pytest.mark.parametrize("name", sorted(SEED_SHA256))
def test_seed_is_identical_to_the_shared_original(name):
    assert (REPO / "seeds" / name).read_bytes() == (REPO.parent / "shared" / "seeds" / name).read_bytes()
