"""The characters a reader would stop at: each rule on the mistake it catches, and none on good text."""

from collections import Counter

import pytest

from site_builder.sources.plausibility import (
    case_switch,
    drawing,
    foreign_letters,
    implausible,
    mixed_scripts,
    mojibake,
    symbol_in_word,
    unprintable,
    unspaced_korean,
)


@pytest.mark.parametrize("rule, wrong", [
    (unprintable, "caf\x82"),                   # a C1 control: cp1252's '‚' read as Latin-1
    (drawing, "Zpr╡va"),                        # DOS box drawing
    (symbol_in_word, "½uvre"),                  # Latin-9's 'œ' read as cp1252
    (symbol_in_word, "｣odzi"),                  # cp1250's 'Ł' read as Shift-JIS
    (mixed_scripts, "Cafй"),                    # cp1252's 'é' read as cp1251
    (mixed_scripts, "Gِrlitz"),                 # an Arabic mark in a Latin word
    (case_switch, "оТЧЁТ"),                     # KOI8-R read as cp1251
    (mojibake, "CafÃ©"),                       # UTF-8 read as cp1252
    (unspaced_korean, "둖뼮묈륿궼갂똨쀑궳궻됵뭟궕뷄"),  # Shift-JIS read as Korean
])
def test_each_rule_catches_its_mistake(rule, wrong):
    assert rule(wrong) >= 1


@pytest.mark.parametrize("good", ["São", "l’été", "«nous»", "¿Qué?", "l·lei", "„Wort“", "Łódź", "ОТЧЁТ", "Отчёт",
                                  "外務大臣は、桂林での会談", "年Lavrov说", "외교부", "1º"])
def test_no_rule_fires_on_good_words(good):
    assert implausible(good) == 0


def test_a_letter_outside_the_alphabet_that_fits_best_is_foreign():
    assert foreign_letters(Counter({"São": 2, "João": 1, "comissão": 1})) == 0
    assert foreign_letters(Counter({"Săo": 2, "Joăo": 1, "comissăo": 1, "câmara": 1, "populaçăo": 1})) == 1  # 'ç' in Romanian
    assert foreign_letters(Counter({"Отчёт": 1, "Јарославль": 1})) == 1  # a Serbian letter in Russian


def test_the_right_reading_is_the_least_implausible():
    text = "Não houve acordo em São João, disse a comissão da câmara à população.\n"
    assert implausible(text) == 0 < implausible(text.encode("latin-1").decode("cp1250"))
