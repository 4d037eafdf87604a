"""Word (.docx) sources: paragraphs, headings and table rows in order, core properties as extracted
metadata, bad files named. Every file is made here with python-docx."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest

from site_builder.errors import SiteError
from site_builder.sources.clean import clean
from site_builder.sources.load import load_source
from site_builder.sources.readers import docx as docx_reader
from site_builder.sources.segment import segment


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report(title: str | None = "Dockers walk out") -> bytes:
    """A short report, its core properties empty (python-docx's template names itself the author)."""
    document = docx.Document()
    document.core_properties.author = ""
    if title:
        document.add_paragraph(title, style="Title")
    document.add_heading("Background", level=1)
    document.add_paragraph("The dockers of Port Valen walked out on Tuesday,\u00a0over  pay.")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Port", "Workers", "Days"]):
        cell.text = text
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Valen"
    table.cell(1, 2).text = "3"
    document.add_paragraph("")
    document.add_paragraph("Talks resumed on Thursday.")
    return saved(document)


def seed(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "seeds" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_paragraphs_headings_and_table_rows_in_order_each_a_paragraph(tmp_path):
    source = segment(clean(load_source(seed(tmp_path, "memo.docx", report()))))
    assert [p.text for p in source.paragraphs] == [
        "Background", "The dockers of Port Valen walked out on Tuesday, over pay.", "Port | Workers | Days", "Valen | 3",
        "Talks resumed on Thursday."]
    assert [r.rule for r in source.removed] == ["headline"]  # the title line, kept as the title
    assert all(p.page is None for p in source.paragraphs)
    assert source.format == "docx" and source.encoding == "binary (Word)" and source.line_label == "Word text line"


def test_lines_are_numbered_with_a_blank_line_after_each_block():
    lines = docx_reader.read(report(), "seeds/memo.docx").lines
    assert [(line.number, line.text) for line in lines[:4]] == [(1, "Dockers walk out"), (2, ""), (3, "Background"), (4, "")]


def test_core_properties_are_extracted_metadata():
    document = docx.Document(io.BytesIO(report(title=None)))
    properties = document.core_properties
    properties.title, properties.author, properties.language = "Strike at Port Valen", "Mara Osei", "en-GB"
    properties.created = dt.datetime(2024, 5, 14, 9, 0)
    data = saved(document)
    fields = docx_reader.read(data, "seeds/memo.docx").fields
    assert {name: field.value for name, field in fields.items()} == {
        "title": "Strike at Port Valen", "author": "Mara Osei", "published": "2024-05-14", "language": "en-GB"}
    assert all(field.kind == "extracted" for field in fields.values())
    assert fields["author"].detail == "the Word file's core properties (author)"
    assert (fields["published"].detail, fields["published"].basis) == ("the Word file's core properties (created)", "file created")


def test_without_a_core_title_the_title_style_gives_it_and_else_the_first_heading():
    fields = docx_reader.read(report(), "seeds/memo.docx").fields
    assert fields["title"].value == "Dockers walk out"
    assert fields["title"].detail == "Word text line 1, the first in the Title style"
    assert docx_reader.read(report(title=None), "seeds/memo.docx").fields["title"].value == "Background"


def not_a_word_package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "a zip, but no Word document in it")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    return bytes(document.output())


WHOLE = report()


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"Plain text saved as .docx\n", "not a Word file: it is not a zip archive"),
    (pdf_bytes(), "not a Word file: it is not a zip archive"),
    (WHOLE[: len(WHOLE) // 2], "not a Word file: it is not a zip archive, or one cut short"),
    (not_a_word_package(), "not a readable Word document"),
    (docx_reader.OLE_SIGNATURE + bytes(600), "not a .docx: a password-protected Word file or an old .doc"),
    (saved(docx.Document()), "no text in this Word file's body"),
])
def test_bad_word_files_are_errors_naming_the_file(tmp_path, data, message):
    with pytest.raises(SiteError) as error:
        load_source(seed(tmp_path, "memo.docx", data))
    assert str(error.value).startswith(f"seeds/memo.docx: {message}")


def test_a_package_unpacking_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(SiteError, match=r"^seeds/memo.docx: Word file unpacks to [\d,]+ bytes, over the limit of 1,000$"):
        docx_reader.read(WHOLE, "seeds/memo.docx")


def with_document_part(data: bytes, change) -> bytes:
    """The .docx `data` with its word/document.xml passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item)
            target.writestr(item, change(part.decode()).encode() if item.filename == "word/document.xml" else part)
    return out.getvalue()


def test_a_document_part_without_a_body_is_an_error_naming_the_file():
    import re

    data = with_document_part(report(), lambda xml: re.sub(r"<w:body>.*</w:body>", "", xml, flags=re.S))
    with pytest.raises(SiteError, match=r"^seeds/memo.docx: not a readable Word document: its document part has no body"):
        docx_reader.read(data, "seeds/memo.docx")


def test_a_cell_claiming_a_huge_span_is_read_as_one_cell():
    """python-docx's row.cells would lay out 50 million columns (half a gigabyte)."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Berth", "Closed"
    data = with_document_part(saved(document), lambda xml: xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="50000000"/>', 1))
    assert [line.text for line in docx_reader.read(data, "seeds/t.docx").lines if line.text] == ["Berth | Closed"]
