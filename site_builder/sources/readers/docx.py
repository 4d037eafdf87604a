"""Word (.docx): the body's paragraphs, headings and tables in document order, through python-docx.

Each paragraph, heading and table row is one line, followed by a blank line, so each becomes one
paragraph of the source (a table row's cells are joined with " | "). Title, author, creation date
and language come from the file's core properties, each marked as extracted from there; without a
title there, the first paragraph in the Title style (else the first heading) gives it. Headers,
footers, footnotes, comments and tracked insertions are not read. A file that is not a whole Word
document (empty, cut short, another format under the suffix, a macro-enabled .docm) is an error.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime

import docx
import lxml.etree
from docx.document import Document
from docx.opc.exceptions import OpcError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from site_builder.errors import SiteError
from site_builder.model import Basis, Field, Line, LineKind, extracted
from site_builder.schema import LANGUAGE_TAG
from site_builder.sources.readers.base import Extracted

WHERE = "the Word file's core properties"
# A .docx is a zip; its parts are unpacked in memory, so their stated sizes are checked first.
MAX_UNPACKED_BYTES = 200_000_000
OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of .doc files and of encrypted .docx ones
ENCRYPTED_PART = 0x1  # a zip entry's flag bit for an encrypted part
TITLE_STYLES = ("Title", "Heading 1")  # in the order they are taken for a title


# What python-docx raises on a package it cannot read: a missing part, a bad name or content type
# (a .docm's), a part that is not XML, and what zipfile raises on a damaged or unknown compression;
# parts are read lazily, so these are caught around every read.
READ_FAILURES = (OpcError, KeyError, ValueError, zipfile.BadZipFile, EOFError, lxml.etree.XMLSyntaxError,
                 zlib.error, NotImplementedError)


def read(data: bytes, path: str) -> Extracted:
    check_archive(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        if document.element.body is None:
            raise SiteError(path, "not a readable Word document: its document part has no body")
        blocks = list(texts(document))
        fields = {**title_from_styles(blocks), **core_fields(document)}
    except READ_FAILURES as error:
        raise SiteError(path, f"not a readable Word document ({type(error).__name__}: {error}); "
                              "open it in a word processor and save it again as .docx") from None
    if not any(text for text, _ in blocks):
        raise SiteError(path, "no text in this Word file's body")
    lines = tuple(Line(number, text) for number, text in
                  enumerate((text for block, _ in blocks for text in (block, "")), 1))
    return Extracted("docx", lines, fields, line_label=LineKind.WORD)


def check_archive(data: bytes, path: str) -> None:
    """The file is a whole zip archive, unencrypted, whose parts unpack to at most MAX_UNPACKED_BYTES."""
    if not data.strip():
        raise SiteError(path, "empty file: a Word file is a zip archive of at least its document part")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):  # the last: an unknown zip version
        if data.startswith(OLE_SIGNATURE):
            raise SiteError(path, "not a .docx: a password-protected Word file or an old .doc; save it as .docx "
                                  "without a password") from None
        raise SiteError(path, "not a Word file: it is not a zip archive, or one cut short; is its suffix right?") from None
    if any(part.flag_bits & ENCRYPTED_PART for part in parts):
        raise SiteError(path, "not a readable Word document: its zip parts are encrypted")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise SiteError(path, f"Word file unpacks to {unpacked:,} bytes, over the limit of {MAX_UNPACKED_BYTES:,}")


def texts(document: Document) -> Iterator[tuple[str, str]]:
    """Each paragraph's or table row's text, white space folded, with its style name ("" for a row)."""
    # Style names looked up once: python-docx's `paragraph.style` searches the styles part each time
    # (2 ms a paragraph).
    names = {style.style_id: style.name for style in document.styles}
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield " ".join(block.text.split()), names.get(block._p.style or "", "")
        elif isinstance(block, Table):
            yield from ((row, "") for row in table_rows(block))


def table_rows(table: Table) -> Iterator[str]:
    """Each row's cells' texts joined with " | ", each cell as the file writes it (a cell merged
    across columns once). Not python-docx's `row.cells`, which lays out the row's whole grid: one
    cell claiming to span 50 million columns took half a gigabyte."""
    for row in table.rows:
        texts = [" ".join(_Cell(cell, table).text.split()) for cell in row._tr.tc_lst]
        if any(texts):
            yield " | ".join(texts)


def title_from_styles(blocks: list[tuple[str, str]]) -> dict[str, Field]:
    for style in TITLE_STYLES:
        for index, (text, name) in enumerate(blocks):
            if name == style and text:
                return {"title": extracted(text, f"{LineKind.WORD} {2 * index + 1}, the first in the {style} style")}
    return {}


def core_fields(document: Document) -> dict[str, Field]:
    """Title, author, creation date and language from the core properties (these win over a title
    from the styles)."""
    properties = document.core_properties
    fields: dict[str, Field] = {}
    for name, value in (("title", properties.title), ("author", properties.author)):
        text = " ".join((value or "").split())
        if text:
            fields[name] = extracted(text, f"{WHERE} ({name})")
    created = properties.created
    if isinstance(created, datetime):
        fields["published"] = extracted(created.date().isoformat(), f"{WHERE} (created)", Basis.FILE_CREATED)
    language = (properties.language or "").strip()
    if LANGUAGE_TAG.match(language):
        fields["language"] = extracted(language, f"{WHERE} (language)")
    return fields
