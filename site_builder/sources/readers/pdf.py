"""PDF: the text layer, page by page, through pdfminer.six's layout analysis.

pdfminer finds each page's text boxes; `pdf_layout` puts them in reading order (a column is read
to its end before the next, running heads first and feet last). A box holds one or more paragraphs: a new one starts where the font size changes
(a heading over its text) or after a short line that ends a sentence; a paragraph that stops
mid-sentence goes on into the next box (`continues_in_next_box`). Each paragraph is written as
its lines, then a blank line; its lines are joined again by the segment stage. A word hyphenated at
a line's end is put together again (`dehyphenated`). Running heads, feet and page numbers stay in
the lines: clean rules remove them with a recorded reason (`clean_rules`: running-head, page-number).

Title, author and creation date come from the document information dictionary, the language from
the catalog's /Lang, each marked as extracted from there. A PDF with no text layer (a scan), one
that needs a password, and one that is damaged or cut short are errors naming the file.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import struct
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTContainer, LTImage, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from site_builder.errors import SiteError
from site_builder.model import Basis, Field, Line, LineKind, extracted
from site_builder.schema import LANGUAGE_TAG
from site_builder.sources.readers.base import Extracted
from site_builder.sources.readers.pdf_layout import reading_order
from site_builder.sources.readers.pdf_streams import MAX_INFLATED_BYTES, TooMuchInflated, inflation_budget
from site_builder.sources.segment import ends_sentence

logging.getLogger("pdfminer").setLevel(logging.ERROR)

WHERE = "the PDF's document information"
# What pdfminer's parser raises on a malformed file besides its own exceptions: it is third-party
# code reading untrusted bytes, so these are caught around the parse alone, never around our code.
PARSER_FAILURES = (PSException, ValueError, LookupError, TypeError, AttributeError, AssertionError,
                   ArithmeticError, NotImplementedError, EOFError, RecursionError, struct.error, zlib.error)
HEADER_WITHIN = 1024  # readers accept the %PDF- header, and the final %%EOF, this far from the file's ends
NEEDS_OCR = "no text layer: this PDF looks scanned; it needs OCR (e.g. ocrmypdf) before it can be read"


@dataclass(frozen=True)
class TextLine:
    text: str
    size: float  # the font size most of its characters have
    width: float


@dataclass(frozen=True)
class Parsed:
    """What pdfminer finds in a PDF: its metadata and, per page, its text boxes' lines in reading order."""

    info: dict[str, Any]
    language: Any
    pages: tuple[tuple[tuple[TextLine, ...], ...], ...]  # page -> box -> lines
    images: bool  # some page holds a picture


def read(data: bytes, path: str) -> Extracted:
    check_envelope(data, path)
    with inflation_budget():
        parsed = parse(data, path)
    lines = tuple(numbered(parsed.pages))
    text = "".join(line.text for line in lines)
    if not text.strip():
        raise SiteError(path, NEEDS_OCR if parsed.images else "no text in this PDF: its pages are empty or only drawn")
    if len("".join(UNMAPPED.findall(text))) * 2 > len(text):
        raise SiteError(path, "unreadable text layer: its fonts map most characters to no letter; "
                              "it needs OCR (e.g. ocrmypdf --force-ocr) before it can be read")
    return Extracted("pdf", lines, metadata(parsed), line_label=LineKind.PDF)


def check_envelope(data: bytes, path: str) -> None:
    """The file is a whole PDF: not empty, a %PDF- header at its start and %%EOF at its end."""
    if not data.strip():
        raise SiteError(path, "empty file: a PDF has at least a header and one page")
    if b"%PDF-" not in data[:HEADER_WITHIN]:
        raise SiteError(path, "not a PDF: no %PDF- header at its start; is its suffix right?")
    if b"%%EOF" not in data[-HEADER_WITHIN:]:
        raise SiteError(path, "truncated PDF: no %%EOF at its end, so the file was cut short; collect it again")


@contextmanager
def pdfminer_errors(path: str) -> Iterator[None]:
    """pdfminer's failures on a malformed or encrypted file as errors naming it; wraps pdfminer's
    own calls only, so a fault of ours is never taken for a damaged file."""
    try:
        yield
    except PDFPasswordIncorrect:
        raise SiteError(path, "encrypted PDF: it opens only with a password; save a copy without one "
                              "(e.g. qpdf --decrypt --password=… in.pdf out.pdf) and collect that") from None
    except PDFEncryptionError as error:
        raise SiteError(path, f"encrypted PDF: its encryption cannot be read ({error}); save a copy without it") from None
    except TooMuchInflated:
        raise SiteError(path, f"its compressed streams inflate to more than {MAX_INFLATED_BYTES // 2**20} MB, far more "
                              "than a document's text needs: a damaged or hostile PDF; print it to a new PDF") from None
    except PARSER_FAILURES as error:
        raise SiteError(path, f"damaged PDF: it cannot be parsed ({type(error).__name__}); "
                              "open it in a PDF viewer and save or print it to a new PDF") from None


def parse(data: bytes, path: str) -> Parsed:
    with pdfminer_errors(path):
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        info = {key: resolve1(value) for entry in document.info for key, value in entry.items()}
        language = resolve1(document.catalog.get("Lang"))
    pages, images = [], False
    for layout in laid_out(document, path):  # one page at a time: a page's characters are many objects
        pages.append(tuple(box_lines(layout)))
        images = images or has_image(layout)
    if not pages:
        raise SiteError(path, "damaged PDF: no pages found")
    return Parsed(info, language, tuple(pages), images)


def laid_out(document: PDFDocument, path: str) -> Iterator[LTPage]:
    """Each page as pdfminer's layout analysis finds it (text boxes, lines, characters, pictures)."""
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=LAParams(boxes_flow=None))  # pdf_layout orders the boxes
    interpreter = PDFPageInterpreter(manager, device)
    pages = PDFPage.create_pages(document)
    while True:
        with pdfminer_errors(path):
            page = next(pages, None)
            if page is None:
                return
            interpreter.process_page(page)
            layout = device.get_result()
        yield layout


def box_lines(layout: LTPage) -> Iterator[tuple[TextLine, ...]]:
    """The lines of each of the page's text boxes, the boxes in reading order (`pdf_layout`)."""
    for box in reading_order([item for item in layout if isinstance(item, LTTextBox)], layout.height):
        lines = tuple(TextLine(tidy(line.get_text()), font_size(line), line.width)
                      for line in box if isinstance(line, LTTextLine))
        yield tuple(line for line in lines if line.text)


def font_size(line: LTTextLine) -> float:
    sizes = Counter(round(char.size, 1) for char in line if isinstance(char, LTChar))
    return sizes.most_common(1)[0][0] if sizes else 0.0


def has_image(item: Any) -> bool:
    return isinstance(item, LTImage) or (isinstance(item, LTContainer) and any(has_image(child) for child in item))


# --- text --------------------------------------------------------------------------------------

LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
UNMAPPED = re.compile(r"\(cid:\d+\)")  # how pdfminer writes a glyph its font maps to no character


def tidy(text: str) -> str:
    """A line's text with ligatures spelled out and its white space folded (justified lines are wide)."""
    return " ".join(CONTROL.sub(" ", text.translate(LIGATURES)).split())


SIZE_CHANGE = 0.15  # a line whose font is this much larger or smaller starts a paragraph
SHORT_LINE = 0.8  # a line ending a sentence narrower than this share of its box ends a paragraph


def paragraphs(box: tuple[TextLine, ...]) -> Iterator[list[TextLine]]:
    """A box's lines split into paragraphs (see the module's docstring)."""
    widest = max((line.width for line in box), default=0.0)
    current: list[TextLine] = []
    for line in box:
        if current and starts_paragraph(current[-1], line, widest):
            yield current
            current = []
        current.append(line)
    if current:
        yield current


def starts_paragraph(previous: TextLine, line: TextLine, widest: float) -> bool:
    if abs(line.size - previous.size) > SIZE_CHANGE * max(line.size, previous.size):
        return True
    return ends_sentence(previous.text) and previous.width < SHORT_LINE * widest


# A word broken at a line's end: letters ending in a lowercase one, then a hyphen (or a soft hyphen).
BROKEN_END = re.compile(r"(?<![\w-])([^\W\d_]*[^\W\d_])[-\u00ad]$")
WORD_START = re.compile(r"[^\W\d_][\w'’]*[^\s.,;:!?)\]\"”’]*")
COMPOUND = re.compile(r"\b[^\W\d_]+-[^\W\d_]+\b")


@dataclass(frozen=True)
class Spellings:
    """The words a document writes, whole and hyphenated, to tell a broken word from a compound."""

    words: frozenset[str]
    compounds: frozenset[str]

    def keeps_hyphen(self, head: str, tail: str) -> bool:
        """`well-` + `known` stays `well-known` when the document writes `well-known` within a line
        and never `wellknown`; any other word broken at a line's end is joined (`inter-` + `national`)."""
        joined = (head + tail).casefold()
        return f"{head}-{tail}".casefold() in self.compounds and joined not in self.words


def spellings(pages: tuple[tuple[tuple[TextLine, ...], ...], ...]) -> Spellings:
    texts = [line.text for page in pages for box in page for line in box]
    words = frozenset(word.casefold() for text in texts for word in re.findall(r"[^\W\d_]+", text))
    compounds = frozenset(word.casefold() for text in texts for word in COMPOUND.findall(text))
    return Spellings(words, compounds)


def dehyphenated(lines: list[str], spelled: Spellings) -> list[str]:
    """A paragraph's lines with each word broken at a line's end moved whole onto that line
    (`an inter-` / `national dispute` -> `an international` / `dispute`); a line left empty is dropped."""
    lines = list(lines)
    for index in range(len(lines) - 1):
        broken = BROKEN_END.search(lines[index])
        rest = WORD_START.match(lines[index + 1])
        if broken and rest and broken.group(1)[-1].islower() and rest.group(0)[0].islower():
            head, tail = broken.group(1), rest.group(0)
            word = f"{head}-{tail}" if spelled.keeps_hyphen(head, tail) else head + tail
            lines[index] = lines[index][: broken.start(1)] + word
            lines[index + 1] = lines[index + 1][rest.end():].lstrip()
    return [line for line in lines if line]


def continues_in_next_box(previous: list[TextLine], following: list[TextLine], widest: float) -> bool:
    """Whether `following` goes on the paragraph `previous` began: in the same font size, it stops
    mid-sentence, and either `following` starts in lower case or `previous` ends with a full line. pdfminer makes each line
    of double-spaced text (court filings, drafts) a box of its own."""
    last, first = previous[-1], following[0]
    if abs(first.size - last.size) > SIZE_CHANGE * max(first.size, last.size) or ends_sentence(last.text):
        return False
    return first.text[:1].islower() or last.width >= SHORT_LINE * widest


def page_paragraphs(page: tuple[tuple[TextLine, ...], ...]) -> list[list[TextLine]]:
    """The paragraphs of a page's boxes, in order, a paragraph that the boxes cut in two made whole."""
    widest = max((line.width for box in page for line in box), default=0.0)
    found: list[list[TextLine]] = []
    for box in page:
        for paragraph in paragraphs(box):
            if found and continues_in_next_box(found[-1], paragraph, widest):
                found[-1] = found[-1] + paragraph
            else:
                found.append(paragraph)
    return found


def numbered(pages: tuple[tuple[tuple[TextLine, ...], ...], ...]) -> Iterator[Line]:
    """The text's lines, numbered from 1, each paragraph followed by a blank line, with its page."""
    spelled = spellings(pages)
    number = 0
    for page_number, page in enumerate(pages, 1):
        for paragraph in page_paragraphs(page):
            for text in [*dehyphenated([line.text for line in paragraph], spelled), ""]:
                number += 1
                yield Line(number, text, page=page_number)


# --- metadata ----------------------------------------------------------------------------------

PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")
# A title that names the file rather than the document: a word processor's default.
PLACEHOLDER_TITLE = re.compile(r"^(untitled|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|rtf|odt|pptx?|indd|tex))$",
                               re.IGNORECASE)


def text_of(value: Any) -> str | None:
    """An information-dictionary value, resolved, as text (a PDF string is PDFDocEncoding or UTF-16)."""
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, bytes):
        value = decode_text(value)
    if not isinstance(value, str):
        return None
    return " ".join(CONTROL.sub(" ", value).split()) or None


def pdf_date(value: Any) -> str | None:
    """`D:20240514103000+02'00'` -> `2024-05-14`, the day as written (no time-zone shift)."""
    match = PDF_DATE.match(text_of(value) or "")
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def metadata(parsed: Parsed) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    title = text_of(parsed.info.get("Title"))
    if title and not PLACEHOLDER_TITLE.match(title):
        fields["title"] = extracted(title, f"{WHERE} (Title)")
    author = text_of(parsed.info.get("Author"))
    if author:
        fields["author"] = extracted(author, f"{WHERE} (Author)")
    created = pdf_date(parsed.info.get("CreationDate"))
    if created:
        fields["published"] = extracted(created, f"{WHERE} (CreationDate)", Basis.FILE_CREATED)
    language = text_of(parsed.language)
    if language and LANGUAGE_TAG.match(language):
        fields["language"] = extracted(language, "the PDF's catalog (Lang)")
    return fields
