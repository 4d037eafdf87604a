"""Bytes to text, read the way a reader would agree with; line ends normalised.

In order: the encoding the sidecar declares (strictly: bytes it cannot decode are an error); UTF-16
or UTF-32 with a byte-order mark; UTF-8 (a byte-order mark dropped). Otherwise every decoding of the
bytes is judged: in each likely legacy encoding and each charset-normalizer proposes, and, when
some words are UTF-8 and some not (a file that mixes encodings), as UTF-8 with the other words in
each of those. The decoding with the fewest characters a reader would stop at wins
(`plausibility`), then the one with the least mess and the letters most like a language's
(charset-normalizer's measures), then the likelier encoding. What may read wrong is a note the
build warns with: another decoding as good (a detection that is not sure), a mix of encodings, or
a UTF-8 text that looks encoded twice ('CafÃ©'), which is kept as it is (it may be what the source
says; only re-saving the file from its original mends it for certain)."""

from __future__ import annotations

import codecs
import dataclasses
import functools
import re
from collections import Counter
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.cd import coherence_ratio
from charset_normalizer.md import mess_ratio

from site_builder import layout
from site_builder.errors import SiteError
from site_builder.sources.plausibility import MOJIBAKE, implausible, implausible_words

# Tried first, in this order (the most common first: it names a decoding that several give).
LIKELY = ("cp1252", "iso8859-1", "iso8859-15", "cp1250", "iso8859-2", "cp1251", "koi8-r", "iso8859-5", "mac-roman")
# UTF-16 and UTF-32 as Windows' Notepad saves them ("Unicode"), by their byte-order marks (UTF-32's first).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# charset-normalizer's measures of a decoding, taken on its first SAMPLE bytes: its mess (odd
# sequences, 0 to 1) and its coherence (how like a language's its letter frequencies are, 0 to 1).
SAMPLE = 200_000
# Another decoding with no more odd characters, this close in mess and coherence, is also possible.
CLOSE_MESS = 0.05
CLOSE_COHERENCE = 0.1
SHOWN_ALTERNATIVES = 3
_BEYOND_ASCII_WORD = re.compile(rb"\S*[\x80-\xff]\S*")
_BEYOND_ASCII_TEXT = re.compile(r"\S*[\x80-\xff]\S*", re.ASCII)  # the same words, decoded as Latin-1
_SPACED = re.compile(r"\S+")
_ASCII = bytes(range(32, 127)) + b"\t\n\r"


@dataclass(frozen=True)
class Declared:
    """The encoding a sidecar declares for its source's file: the codec name, the sidecar's display
    path and the line of its `encoding:` key."""

    name: str
    where: str
    line: int | None = None


@dataclass(frozen=True)
class Decoded:
    """A file's text, its encoding as the source page names it, and why it may read wrong (a
    doubtful detection, a mix of encodings, a text encoded twice), for a warning."""

    text: str
    encoding: str  # 'cp1252 (detected)'
    note: str | None = None


@dataclass(frozen=True)
class Decoding:
    """One way of decoding the bytes: in `encoding`, or (`mixed`) each word that is UTF-8 as UTF-8 and
    the others in `encoding`; `words` are what its distinct words beyond ASCII read as."""

    encoding: str
    mixed: bool
    words: tuple[str, ...]
    implausible: int
    mess: float
    coherence: float

    @property
    def rank(self) -> tuple[int, float, float]:
        return self.implausible, self.mess, -self.coherence

    @property
    def name(self) -> str:
        return f"utf-8 and {self.encoding}" if self.mixed else self.encoding


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text document."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode(data: bytes, path: str, declared: Declared | None = None) -> Decoded:
    """The text of the file at display path `path` (`seeds/x.txt`), in the `declared` encoding if
    there is one."""
    if not data.strip():
        raise SiteError(path, "file is empty")
    bom = next((found for found in BOMS if data.startswith(found[0])), None)
    if declared is None and bom is None and looks_binary(data):
        raise SiteError(path, "file looks binary, not text (it has NUL or control bytes)")
    if declared is not None:
        decoded = Decoded(decoded_as(data, declared.name, path, declared), f"{declared.name} (declared in {declared.where})")
    elif bom is not None:
        decoded = Decoded(decoded_as(data, bom[1], path), bom[1])
    else:
        try:
            text = data.decode("utf-8-sig")
            decoded = Decoded(text, "utf-8 (with BOM)" if data.startswith(codecs.BOM_UTF8) else "utf-8", encoded_twice(text))
        except UnicodeDecodeError:
            decoded = detected(data, path)
    text = decoded.text.removeprefix("\ufeff")
    if not text.strip():
        raise SiteError(path, "file is empty")
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), decoded.encoding, decoded.note)


def decoded_as(data: bytes, encoding: str, path: str, declared: Declared | None = None) -> str:
    """`data` in `encoding`: bytes it cannot decode are an error, the sidecar's if `declared` it."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        place = f"byte 0x{data[error.start]:02x} at offset {error.start} (line {line})"
        if declared is not None:
            raise SiteError(declared.where, f"'encoding': {encoding} cannot decode {path}: {place}", declared.line) from None
        raise SiteError(path, f"cannot decode as {encoding}: {place}") from None


def detected(data: bytes, path: str) -> Decoded:
    words = NonAsciiWords.of(data)
    decodings = sorted(all_decodings(data, words), key=lambda decoding: decoding.rank)  # stable: the likelier encoding first
    if not decodings:
        raise SiteError(path, "cannot decode: not UTF-8 and no other encoding fits")
    best = decodings[0]
    alternatives: dict[tuple[str, ...], Decoding] = {}  # the first decoding of each other text as good as the best
    for decoding in decodings[1:]:
        if decoding.words != best.words and as_good(decoding, best):
            alternatives.setdefault(decoding.words, decoding)
    shown = [f"{alt.name} ({differing(alt.words, best.words)})" for alt in list(alternatives.values())[:SHOWN_ALTERNATIVES]]
    also = f"; also possible: {', '.join(shown)}" if shown else ""
    if best.mixed:
        note = (f"mixes encodings: decoded as UTF-8, and {words.not_utf8(data, best.encoding)} as {best.encoding}{also}; "
                "re-save it as UTF-8")
        return Decoded(words.read(data, best), f"{best.name} (mixed; detected)", note)
    note = (f"decoded as {best.name} (detected{also}); declare `encoding:` in its sidecar ({layout.SIDECARS}/) "
            "if it reads wrong") if also else None
    return Decoded(data.decode(best.encoding), f"{best.name} (detected)", note)


def as_good(decoding: Decoding, best: Decoding) -> bool:
    """No more odd characters than the best decoding, nearly as little mess, and letters nearly as
    like a language's."""
    return (decoding.implausible <= best.implausible and decoding.mess <= best.mess + CLOSE_MESS
            and decoding.coherence >= best.coherence - CLOSE_COHERENCE)


@dataclass(frozen=True)
class NonAsciiWords:
    """The distinct words beyond ASCII of some bytes (with their punctuation; whitespace is never
    part of another character in the encodings tried), in the order they first occur, with how
    often each occurs, and the text of those that are UTF-8."""

    times: Counter[bytes]
    utf8: dict[bytes, str]

    @classmethod
    def of(cls, data: bytes) -> NonAsciiWords:
        times = Counter(_BEYOND_ASCII_WORD.findall(data))
        return cls(times, {word: text for word in times if (text := utf8(word)) is not None})

    def word(self, word: bytes, encoding: str, mixed: bool) -> str:
        """A word in `encoding`; if `mixed`, as UTF-8 when it is UTF-8."""
        text = self.utf8.get(word) if mixed else None
        return word.decode(encoding) if text is None else text

    def read(self, data: bytes, decoding: Decoding) -> str:
        """`data` (whose words are among these) as `decoding` reads it."""
        if not decoding.mixed:
            return data.decode(decoding.encoding)
        texts = {word.decode("latin-1"): text for word, text in zip(self.times, decoding.words)}
        return _BEYOND_ASCII_TEXT.sub(lambda word: texts[word.group()], data.decode("latin-1"))

    def not_utf8(self, data: bytes, encoding: str) -> str:
        """'its 3 words that are not UTF-8 (the first on line 2: “Café”)'."""
        legacy = [word for word in self.times if word not in self.utf8]
        count = sum(self.times[word] for word in legacy)
        first = re.search(rb"(?<!\S)" + re.escape(legacy[0]) + rb"(?!\S)", data)
        assert first is not None
        line = data.count(b"\n", 0, first.start()) + 1
        said = f"{count} words that are" if count != 1 else "1 word that is"
        return f"its {said} not UTF-8 (the first on line {line}: {quoted(legacy[0].decode(encoding))})"


def all_decodings(data: bytes, words: NonAsciiWords) -> list[Decoding]:
    """Every decoding of `data` in a candidate encoding, then, if some of its `words` are UTF-8 (and
    some not), every mixed one, in the order of `candidates`: each judged on its distinct words
    beyond ASCII (ASCII reads the same in all), and charset-normalizer's measures on its first
    `SAMPLE` bytes."""
    sample = data[:SAMPLE]
    if len(data) > SAMPLE:  # cut at a word's end (with no break in it, the sample is the whole text)
        cut = max(sample.rfind(space) for space in b" \t\n")
        sample = sample[:cut] if cut > 0 else data
    found = []
    for mixed in (False, True) if words.utf8 else (False,):
        for encoding in candidates(data):
            try:
                decoded = tuple(words.word(word, encoding, mixed) for word in words.times)
            except UnicodeDecodeError:
                continue
            times = Counter[str]()
            for text, count in zip(decoded, words.times.values()):
                times[text] += count
            decoding = Decoding(encoding, mixed, decoded, implausible_words(times), 0.0, 0.0)
            sample_text = words.read(sample, decoding)
            found.append(dataclasses.replace(decoding, mess=mess_ratio(sample_text, 1.0), coherence=coherence(sample_text)))
    return found


def candidates(data: bytes) -> list[str]:
    """The likely legacy encodings, then those charset-normalizer proposes, each once, by its codec's
    name, those that read ASCII as ASCII only."""
    proposed = (match.encoding for match in from_bytes(data))
    names = dict.fromkeys(codecs.lookup(name).name for name in (*LIKELY, *proposed))
    return [name for name in names if keeps_ascii(name) and name != "utf-8"]


@functools.cache
def keeps_ascii(encoding: str) -> bool:
    try:
        return _ASCII.decode(encoding) == _ASCII.decode("ascii")
    except UnicodeDecodeError:
        return False


def coherence(text: str) -> float:
    """How like a language's are the letter frequencies of `text` (0 to 1; charset-normalizer's)."""
    return max((ratio for _, ratio in coherence_ratio(text)), default=0.0)


def utf8(word: bytes) -> str | None:
    try:
        return word.decode("utf-8")
    except UnicodeDecodeError:
        return None


def differing(words: tuple[str, ...], others: tuple[str, ...]) -> str:
    """'“Săo” for “São”': the first word of `words` that differs from `others`'."""
    ours, theirs = next((ours, theirs) for ours, theirs in zip(words, others) if ours != theirs)
    return f"{quoted(ours)} for {quoted(theirs)}"


QUOTED_CHARACTERS = 40  # a "word" of a file with no spaces can be the whole file


def quoted(word: str) -> str:
    """A word as a warning quotes it: `“Café”`, a long one cut short."""
    return f"“{word if len(word) <= QUOTED_CHARACTERS else word[:QUOTED_CHARACTERS] + '…'}”"


def encoded_twice(text: str) -> str | None:
    """A note if UTF-8 `text` holds a word that reads better decoded once more (UTF-8 read as
    Windows-1252 or Latin-1 and saved as UTF-8 again: 'CafÃ©' for 'Café'). The text is kept as it
    is: such a word may be what the source says."""
    for match in MOJIBAKE.finditer(text):
        floor, start = max(0, match.start() - QUOTED_CHARACTERS * 5), match.start()  # its word's start, not far back
        while start > floor and not text[start - 1].isspace():  # any white space: '\x85' is some
            start -= 1
        word = _SPACED.match(text, start)
        assert word is not None  # the match itself is not white space
        once = decoded_once(word.group())
        if once is not None and implausible(once) < implausible(word.group()):
            line = text.count("\n", 0, match.start()) + 1
            return (f"looks encoded twice (UTF-8 read as Windows-1252 and saved as UTF-8 again): on line {line}, "
                    f"{quoted(word.group())} would read {quoted(once)}; the text is kept as it is: re-save the file from its original")
    return None


def decoded_once(word: str) -> str | None:
    """`word` with each UTF-8 sequence read as Windows-1252 or Latin-1 decoded again, or None."""
    def again(match: re.Match[str]) -> str:
        raw = b"".join(ch.encode("cp1252") if ch.encode("cp1252", "ignore") else ch.encode("latin-1") for ch in match.group())
        return raw.decode("utf-8")
    try:
        return MOJIBAKE.sub(again, word)
    except (UnicodeDecodeError, UnicodeEncodeError):
        return None
