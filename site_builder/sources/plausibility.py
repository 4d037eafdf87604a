"""How a decoded text would strike a reader: the characters a wrong decoding leaves that a reader
would notice, counted by a few rules, so that of the readings of the same bytes the one with the
fewest wins. Only words with a character outside ASCII are read (ASCII reads the same in every
encoding tried), each distinct word once."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable

# The letters beyond ASCII of languages written in the legacy encodings a researcher is likely to
# meet (lower case). A letter outside the alphabet that fits a text best is one a reader would
# stop at ('ă' in Portuguese, 'č' in French, 'ј' in Russian).
ALPHABETS: dict[str, dict[str, str]] = {
    "LATIN": {
        "French": "àâæçéèêëîïôœùûüÿ", "German": "äöüß", "Spanish": "áéíñóúü", "Portuguese": "áâãàçéêíóôõú",
        "Italian": "àèéìíîòóùú", "Catalan": "àçèéíïòóúü", "Dutch": "éëïöüèáó", "Danish and Norwegian": "æøåéó",
        "Swedish": "åäöé", "Finnish": "åäöšž", "Icelandic": "áðéíóúýþæö", "Faroese": "áðíóúýæø",
        "Irish": "áéíóú", "Albanian": "çë", "Czech": "áčďéěíňóřšťúůýž", "Slovak": "áäčďéíĺľňóôŕšťúýž",
        "Polish": "ąćęłńóśźż", "Hungarian": "áéíóöőúüű", "Slovenian": "čšž", "Croatian": "čćđšž",
        "Romanian": "ăâîșțşţ", "Turkish": "çğıöşüâî", "Estonian": "äöõüšž", "Latvian": "āčēģīķļņšūž",
        "Lithuanian": "ąčęėįšųūž",
    },
    "CYRILLIC": {
        "Russian": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "Ukrainian": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        "Belarusian": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
        "Bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя",
        "Serbian": "абвгдђежзијклљмнњопрстћуфхцчџш",
        "Macedonian": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    },
    "GREEK": {"Greek": "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ"},
}
# Scripts written without spaces between words, by family: their letters sit beside Latin ones in
# one word, and beside each other's in a family (Chinese characters among Japanese kana).
UNSPACED = {"CJK": "CJK", "HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK",
            "HANGUL": "HANGUL"}
LONGEST_KOREAN_WORD = 12  # syllables
# Punctuation beyond ASCII that may touch a letter: quotation marks and dashes (by category), and these.
WORD_PUNCTUATION = frozenset("¡¿·„‚")
# Words in a character's Unicode name that make it a letter of a script (named by the name's first word).
LETTER_NAMES = ("LETTER", "LIGATURE", "IDEOGRAPH", "SYLLABLE", "CHARACTER")
TOKEN = re.compile(r"\S*[^\x00-\x7f]\S*")  # a word with its punctuation, with a character beyond ASCII
# A UTF-8 sequence read as Windows-1252 or Latin-1: 'Ã©' for 'é', 'â€™' for '’'.
_CONTINUATION = "".join(sorted({chr(b) for b in range(0x80, 0xC0)}
                               | {bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0)} - {""}))
_CONT = f"[{re.escape(_CONTINUATION)}]"
MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")



def script(character: str) -> str | None:
    """The script a letter or mark belongs to ('LATIN', 'CYRILLIC', 'ARABIC', 'CJK'…), the first word
    of its Unicode name; None for a letter-like sign (ª, º, µ) or a mark of any script (COMBINING …)."""
    name = unicodedata.name(character, "")
    if unicodedata.category(character)[0] == "M":
        return None if name.startswith("COMBINING") else name.split()[0]
    if name.startswith("MODIFIER") or not any(word in name for word in LETTER_NAMES):
        return None
    return name.split()[0]


def words(token: str) -> list[str]:
    """The runs of letters and marks in `token`."""
    found, word = [], ""
    for ch in token:
        if ch.isalpha() or unicodedata.category(ch)[0] == "M":
            word += ch
        elif word:
            found.append(word)
            word = ""
    return found + [word] if word else found


def unprintable(token: str) -> int:
    """Control characters, unassigned and private-use code points, and the replacement character."""
    return sum(1 for ch in token if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") or ch == "\ufffd")


def drawing(token: str) -> int:
    """Box drawing, blocks and shapes (what DOS code pages hold), and the generic currency sign ¤."""
    return sum(1 for ch in token if "\u2500" <= ch <= "\u25ff" or ch == "¤")


def out_of_place(character: str) -> bool:
    """A symbol, a digit or number sign, or punctuation beyond ASCII that has no business touching
    a letter."""
    category = unicodedata.category(character)
    return (ord(character) > 127 and (category[0] in "SN" or category in ("Ps", "Pe", "Po"))
            and character not in WORD_PUNCTUATION)


def spaced_letter(character: str) -> bool:
    """A letter of a script written with spaces between words."""
    return character.isalpha() and script(character) not in UNSPACED


def symbol_in_word(token: str) -> int:
    """A symbol or odd punctuation beyond ASCII touching a letter of a script written with spaces
    ('½uvre', 'Ã©t', '｣odzi'; not '、' after a kanji)."""
    return sum(1 for i, ch in enumerate(token) if out_of_place(ch)
               if (i > 0 and spaced_letter(token[i - 1])) or (i + 1 < len(token) and spaced_letter(token[i + 1])))


def unspaced_korean(token: str) -> int:
    """Hangul syllables beyond the twelfth of a word: Korean puts spaces between words (a Japanese
    or Chinese text read as Korean makes long runs of them)."""
    return sum(max(0, sum(1 for ch in word if script(ch) == "HANGUL") - LONGEST_KOREAN_WORD)
               for word in words(token))


def mixed_scripts(token: str) -> int:
    """The letters and marks of a word that are not of its main script ('Cafй', 'Gِrlitz'); in a
    word of a script written without spaces, those not of its main family of such scripts."""
    count = 0
    for word in words(token):
        scripts = [s for s in map(script, word) if s is not None]
        unspaced = [UNSPACED[s] for s in scripts if s in UNSPACED]
        kinds = Counter(unspaced or scripts)
        count += sum(kinds.values()) - max(kinds.values(), default=0)
    return count


def case_switch(token: str) -> int:
    """An upper-case letter right after a lower-case one in a word ('оТЧЁТ', 'dŸ')."""
    return sum(1 for a, b in zip(token, token[1:]) if a.islower() and b.isupper())


def mojibake(token: str) -> int:
    """UTF-8 sequences read as Windows-1252 or Latin-1."""
    return len(MOJIBAKE.findall(token))


TOKEN_RULES: tuple[Callable[[str], int], ...] = (unprintable, drawing, symbol_in_word, mixed_scripts, case_switch,
                                                 mojibake, unspaced_korean)


def foreign_letters(tokens: Counter[str]) -> int:
    """For each script of the table, its letters beyond ASCII that are outside the alphabet of the
    language that fits the text best."""
    letters = Counter[str]()
    for token, times in tokens.items():
        for ch in token:
            lower = ch.lower()[0]  # 'İ' lowers to 'i' and a dot
            if ord(lower) > 127 and ch.isalpha():
                letters[lower] += times
    count = 0
    for name, alphabets in ALPHABETS.items():
        used = {letter: times for letter, times in letters.items() if script(letter) == name}
        fitting = max(sum(times for letter, times in used.items() if letter in alphabet)
                      for alphabet in alphabets.values())
        count += sum(used.values()) - fitting
    return count


def implausible(text: str) -> int:
    """How many characters of `text` a reader would find out of place."""
    return implausible_words(Counter(TOKEN.findall(text)))


def implausible_words(tokens: Counter[str]) -> int:
    """How many characters of a text a reader would find out of place, from its words beyond ASCII
    (with their punctuation) and how often each occurs."""
    odd = sum(times * sum(rule(token) for rule in TOKEN_RULES) for token, times in tokens.items())
    return odd + foreign_letters(tokens)
