"""content/entities.yaml: the shipped gazetteer, its error messages, and near-name lookup."""

import pytest
from conftest import REPO, write

from site_builder.analysis.gazetteer import load_gazetteer
from site_builder.errors import SiteError

REQUIRED = """Sergei Lavrov, Wang Yi, Xi Jinping, Vladimir Putin, Joe Biden, Antony Blinken, Barack Obama,
Shah Mehmood Qureshi, Russia, China, United States, European Union, United Kingdom, Canada, Iran, Guilin,
Guangxi, Tunxi, Xinjiang, Beijing, Moscow, Washington, Brussels, Hong Kong, Macao, Crimea, Ukraine,
Afghanistan, UN Security Council, TASS, Rossiyskaya Gazeta, BNS, Communist Party of China, Uyghurs"""


def test_shipped_gazetteer_covers_the_seed_names():
    gazetteer = load_gazetteer(REPO)
    names = {entity.name for entity in gazetteer.entities}
    for name in REQUIRED.replace("\n", " ").split(", "):
        assert name.strip() in names


def test_variants_are_not_listed_as_aliases_in_the_shipped_gazetteer():
    gazetteer = load_gazetteer(REPO)
    for spelling in ("Sergey Lavrov", "Uighurs", "Uighur", "Xi Jingping", "Naning"):
        assert spelling not in gazetteer.by_name


@pytest.mark.parametrize("yaml_text, message", [
    ("a-b:\n  name: A\n  type: person\n  nme: x\n", r"4: unknown key 'nme' \(did you mean 'name'\?\)"),
    ("a:\n  name: A\n  type: person\na:\n  name: B\n  type: place\n", r"4: duplicate key 'a'"),
    ("a:\n  name: A\n  type: person\n  aliases: [X, Y]\nb:\n  name: B\n  type: place\n  aliases:\n    - Z\n    - Y\n",
     r"10: 'Y' is already a name of 'a' \(line 4\)"),
    ("a:\n  name: A\n  type: organization\n", r"3: 'type': 'organization' is not an entity type \(person, place, organisation, other\) \(did you mean 'organisation'\?\)"),
    ("a:\n  type: person\n", r"2: 'name' is missing: the name to show\."),
    ("Bad Id:\n  name: A\n  type: person\n", r"1: entity id 'Bad Id' must be lower-case letters, digits and '-', and not a name Windows reserves .*"),
    ("a: Sergei Lavrov\n", r"1: 'a' must be a mapping of `key: value` lines"),
    ("a:\n  name: A\n  type: person\n  link: ftp://x\n", r"4: 'link': 'ftp://x' is not an http\(s\) URL"),
])
def test_gazetteer_mistakes_name_file_and_line(tmp_path, yaml_text, message):
    write(tmp_path / "content/entities.yaml", yaml_text)
    with pytest.raises(SiteError, match=f"^content/entities.yaml:{message}$"):
        load_gazetteer(tmp_path)


def test_no_gazetteer_means_no_entities(tmp_path):
    gazetteer = load_gazetteer(tmp_path)
    assert gazetteer.entities == () and gazetteer.pattern is None


@pytest.mark.parametrize("surface, entity", [
    ("Sergey Lavrov", "sergei-lavrov"),   # one letter off a two-word name
    ("Uighurs", "uyghurs"),
    ("Uighur", "uyghurs"),
    ("Xi Jingping", "xi-jinping"),
    ("Russian", None),                    # a longer form is not a misspelling
    ("Chinese", None),
    ("Naning", None),                     # never mapped to Guilin (or anything)
    ("Iranian", None),
    ("Sergei Lavrov", None),              # exact names are not variants
])
def test_near_name(surface, entity):
    assert load_gazetteer(REPO).near_name(surface) == entity
