"""PDF sources: text by page in reading order, hyphenation undone, running heads, feet and page
numbers removed by recorded rules, paragraphs with their page, metadata marked, bad files named.
Every PDF is made here with fpdf2."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
from pathlib import Path

import pytest
from conftest import run_cli, write
from fpdf import FPDF

from site_builder.errors import SiteError
from site_builder.model import Line
from site_builder.sources.clean import clean
from site_builder.sources.clean_rules import Context, page_number, running_head
from site_builder.sources.load import load_source
from site_builder.sources.readers import pdf
from site_builder.sources.readers.pdf_layout import reading_order
from site_builder.sources.segment import segment

LINE_HEIGHT = 5  # mm, for 11-point text: the lines of a paragraph make one text box

# A page is a list of columns (one or two); a column a list of paragraphs; a paragraph its lines.
Page = list[list[list[str]]]


def make_pdf(pages: list[Page], running: bool = True, **metadata) -> bytes:
    """A PDF of `pages` with, if `running`, a running head and a 'Page N of M' foot on every page."""

    class Document(FPDF):
        def header(self):
            if running:
                self.set_font("Helvetica", size=9)
                self.cell(0, 8, "Harbour Review: Spring Issue", align="C")

        def footer(self):
            if running:
                self.set_y(-15)
                self.set_font("Helvetica", size=9)
                self.cell(0, 8, f"Page {self.page_no()} of {len(pages)}", align="C")

    document = Document()
    for name, value in metadata.items():
        getattr(document, f"set_{name}")(value)
    for page in pages:
        document.add_page()
        document.set_font("Helvetica", size=11)
        for index, column in enumerate(page):
            x = 10 + index * 100
            document.set_xy(x, 30)
            for paragraph in column:
                for text in [*paragraph, ""]:
                    document.set_x(x)
                    document.cell(90, LINE_HEIGHT, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def seed(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "seeds" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def paragraphs(data: bytes, tmp_path: Path):
    return segment(clean(load_source(seed(tmp_path, "report.pdf", data)))).paragraphs


TWO_COLUMNS: list[Page] = [
    [[["Dockers at Port Valen walked out on", "Tuesday morning."], ["The union said pay had been", "frozen for two years."]],
     [["The harbour master closed the", "northern berths."], ["Ships waited at anchor off the", "breakwater."]]],
    [[["Talks resumed on Thursday with a", "mediator from the capital."]],
     [["A deal was signed late on Friday", "evening."]]],
]


def test_columns_are_read_in_order_page_by_page(tmp_path):
    texts = [(p.page, p.text) for p in paragraphs(make_pdf(TWO_COLUMNS), tmp_path)]
    assert texts == [
        (1, "Dockers at Port Valen walked out on Tuesday morning."),
        (1, "The union said pay had been frozen for two years."),
        (1, "The harbour master closed the northern berths."),
        (1, "Ships waited at anchor off the breakwater."),
        (2, "Talks resumed on Thursday with a mediator from the capital."),
        (2, "A deal was signed late on Friday evening."),
    ]


def test_lines_carry_their_page_and_a_running_number(tmp_path):
    reading = pdf.read(make_pdf(TWO_COLUMNS), "seeds/report.pdf")
    assert [line.number for line in reading.lines] == list(range(1, len(reading.lines) + 1))
    assert {line.page for line in reading.lines} == {1, 2}
    assert reading.line_label == "PDF text line" and reading.format == "pdf"


def test_running_heads_feet_and_page_numbers_are_removed_by_recorded_rules(tmp_path):
    source = clean(load_source(seed(tmp_path, "report.pdf", make_pdf(TWO_COLUMNS))))
    removed = {(r.text, r.rule) for r in source.removed}
    assert removed == {("Harbour Review: Spring Issue", "running-head"),
                       ("Page 1 of 2", "page-number"), ("Page 2 of 2", "page-number")}
    assert len(source.removed) == 4  # the head on both pages


def test_a_word_broken_at_a_line_end_is_joined_and_a_compound_keeps_its_hyphen(tmp_path):
    data = make_pdf([[[["Dockers walked out over an inter-", "national dispute about pay and a well-",
                        "known grievance, a well-known one."]]]], running=False)
    assert [p.text for p in paragraphs(data, tmp_path)] == [
        "Dockers walked out over an international dispute about pay and a well-known grievance, a well-known one."]


@pytest.mark.parametrize("lines, expected", [
    (["an inter-", "national row"], ["an international", "row"]),
    (["a well-", "known row, well-known"], ["a well-known", "row, well-known"]),
    (["the EU-", "wide rule"], ["the EU-", "wide rule"]),  # not a lowercase letter before the hyphen
    (["pages 3-", "4 of it"], ["pages 3-", "4 of it"]),
    (["an inter-", "Nation"], ["an inter-", "Nation"]),
    (["a broken-", "word"], ["a brokenword"]),  # the line left empty is dropped
])
def test_dehyphenation_rule(lines, expected):
    text_lines = tuple(pdf.TextLine(text, 11, 100) for text in lines)
    assert pdf.dehyphenated(lines, pdf.spellings(((text_lines,),))) == expected


def test_a_paragraph_running_on_over_a_page_keeps_its_first_page(tmp_path):
    data = make_pdf([[[["The strike began on a cold morning and", "lasted until the"]]],
                     [[["following week, when both sides met."], ["A new paragraph here."]]]])
    found = [(p.page, p.text) for p in paragraphs(data, tmp_path)]
    assert found == [(1, "The strike began on a cold morning and lasted until the following week, when both sides met."),
                     (2, "A new paragraph here.")]


def test_a_heading_in_a_larger_font_is_its_own_paragraph():
    box = (pdf.TextLine("Background", 16, 80), pdf.TextLine("The dockers met on", 11, 200),
           pdf.TextLine("Tuesday.", 11, 40), pdf.TextLine("Then they left.", 11, 70))
    assert [[line.text for line in paragraph] for paragraph in pdf.paragraphs(box)] == [
        ["Background"], ["The dockers met on", "Tuesday."], ["Then they left."]]


def test_double_spaced_lines_each_a_box_of_their_own_are_one_paragraph():
    """pdfminer makes each line of double-spaced text a box: a box that stops mid-sentence goes on
    into the next when that starts in lower case or it ends with a full line; a heading does not."""
    boxes = ((pdf.TextLine("Background", 16, 80),), (pdf.TextLine("The dockers met the port authority on", 11, 200),),
             (pdf.TextLine("Tuesday and agreed to", 11, 198),), (pdf.TextLine("Mara Osei, their spokeswoman, said so.", 11, 150),),
             (pdf.TextLine("Then they left.", 11, 70),))
    assert [[line.text for line in paragraph] for paragraph in pdf.page_paragraphs(boxes)] == [
        ["Background"], ["The dockers met the port authority on", "Tuesday and agreed to", "Mara Osei, their spokeswoman, said so."],
        ["Then they left."]]


def test_metadata_is_marked_as_extracted_from_the_document_information():
    data = make_pdf(TWO_COLUMNS, title="Dockers walk out", author="Mara Osei", lang="en-GB",
                    creation_date=dt.datetime(2024, 5, 14, 22, 30, tzinfo=dt.timezone.utc))
    fields = pdf.read(data, "seeds/report.pdf").fields
    assert {name: field.value for name, field in fields.items()} == {
        "title": "Dockers walk out", "author": "Mara Osei", "published": "2024-05-14", "language": "en-GB"}
    assert all(field.kind == "extracted" for field in fields.values())
    assert fields["title"].detail == "the PDF's document information (Title)"
    assert (fields["published"].detail, fields["published"].basis) == ("the PDF's document information (CreationDate)", "file created")


@pytest.mark.parametrize("title", ["Microsoft Word - report.docx", "untitled", "scan0001.pdf"])
def test_a_placeholder_title_is_not_taken(title):
    assert "title" not in pdf.read(make_pdf(TWO_COLUMNS, title=title), "seeds/report.pdf").fields


def test_pdf_dates():
    assert pdf.pdf_date(b"D:20240514103000+02'00'") == "2024-05-14"
    assert pdf.pdf_date("20240514") == "2024-05-14"
    assert pdf.pdf_date("D:2024") is None and pdf.pdf_date("D:20241340") is None and pdf.pdf_date(None) is None


def page_lines(*pages: list[str]) -> list[Line]:
    lines, number = [], 0
    for page, texts in enumerate(pages, 1):
        for text in texts:
            number += 1
            lines.append(Line(number, text, page))
    return lines


@pytest.mark.parametrize("text", ["3", "Page 3 of 10", "- 3 -", "iv", "3 / 10", "PAGE 12"])
def test_page_number_forms_at_a_page_edge_are_removed(text):
    lines = page_lines(["Body text one.", "More text.", "Yet more.", text])
    assert [f.line.text for f in page_number(Context(lines, lines, "PDF text line"))] == [text]


@pytest.mark.parametrize("text", ["2024", "Civic", "ill", "mix", "MCMXCIV pages"])
def test_a_year_or_a_word_of_roman_letters_at_a_page_edge_is_text(text):
    lines = page_lines(["Body text one.", "More text.", "Yet more.", text])
    assert list(page_number(Context(lines, lines, "PDF text line"))) == []


def test_page_rules_leave_the_middle_of_a_page_and_unpaged_sources_alone():
    middle = page_lines(["Head", "Body one.", "12", "Body two.", "Foot"])
    assert list(page_number(Context(middle, middle, "line"))) == []
    unpaged = [Line(n, text) for n, text in enumerate(["Report 1", "3", "text", "Report 2"], 1)]
    context = Context(unpaged, unpaged, "line")
    assert list(page_number(context)) == [] and list(running_head(context)) == []


def test_a_running_head_is_on_most_pages_digits_aside():
    lines = page_lines(["Annual report 2024, part 1", "Alpha text."], ["Annual report 2024, part 2", "Beta text."],
                       ["Gamma text.", "Delta text."])
    assert [f.line.number for f in running_head(Context(lines, lines, "PDF text line"))] == [1, 3]
    once = page_lines(["A heading", "Alpha."], ["Other", "Beta."], ["More", "Gamma."])
    assert list(running_head(Context(once, once, "PDF text line"))) == []


class Box:
    def __init__(self, name, x0, y0, x1, y1):
        self.name, self.x0, self.y0, self.x1, self.y1 = name, x0, y0, x1, y1


def test_reading_order_keeps_columns_a_heading_above_them_and_margins_at_the_ends():
    boxes = [Box("foot", 40, 20, 80, 30), Box("right-2", 110, 300, 200, 400), Box("left-1", 10, 500, 100, 700),
             Box("right-1", 110, 500, 200, 700), Box("left-2", 10, 300, 100, 400), Box("heading", 10, 720, 90, 740),
             Box("head", 60, 960, 140, 980), Box("wide", 10, 100, 200, 200)]
    assert [box.name for box in reading_order(boxes, 1000)] == [
        "head", "heading", "left-1", "left-2", "right-1", "right-2", "wide", "foot"]


def test_a_page_cut_within_cuts_past_any_real_layout_is_read_without_exhausting_the_stack():
    """Each region a full-width box above a tall box beside the next region, 1,000 deep (a crafted page)."""
    boxes, top = [], 1_000_000.0
    for level in range(1000):
        boxes += [Box(f"top-{level}", level * 10, top - 5, 1e6, top), Box(f"side-{level}", level * 10, 1, level * 10 + 3, top - 10)]
        top -= 20
    order = [box.name for box in reading_order(boxes, 2e6)]
    assert sorted(order) == sorted(box.name for box in boxes)
    assert order[:4] == ["top-0", "side-0", "top-1", "side-1"]  # the cuts a real page has are kept


# --- bad files ---------------------------------------------------------------------------------


def scan() -> bytes:
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (60, 80), 200).save(picture, format="PNG")
    document = FPDF()
    document.add_page()
    document.image(picture, x=10, y=10, w=100)
    return bytes(document.output())


def encrypted(user_password: str | None) -> bytes:
    document = FPDF()
    document.set_encryption(owner_password="owner", user_password=user_password)
    document.add_page()
    document.set_font("Helvetica", size=11)
    document.cell(0, 10, "A secret report about the harbour.")
    return bytes(document.output())


def docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


WHOLE = make_pdf(TWO_COLUMNS)


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"Just some text, saved with the wrong suffix.\n", "not a PDF: no %PDF- header"),
    (docx_bytes(), "not a PDF: no %PDF- header"),
    (WHOLE[: len(WHOLE) // 2], "truncated PDF: no %%EOF"),
    (b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n", "damaged PDF"),
    (scan(), "no text layer: this PDF looks scanned; it needs OCR"),
    (encrypted("reader"), "encrypted PDF: it opens only with a password"),
])
def test_bad_pdfs_are_errors_naming_the_file(tmp_path, data, message):
    with pytest.raises(SiteError) as error:
        load_source(seed(tmp_path, "report.pdf", data))
    assert str(error.value).startswith(f"seeds/report.pdf: {message}")


def test_a_text_layer_of_unmapped_glyphs_needs_ocr():
    data = make_pdf([[[["(cid:12)(cid:7)(cid:40) (cid:3)(cid:9)", "(cid:5)(cid:6)(cid:7)(cid:8) ok"]]]], running=False)
    with pytest.raises(SiteError, match=r"^seeds/report.pdf: unreadable text layer: .* it needs OCR"):
        pdf.read(data, "seeds/report.pdf")


def test_a_pdf_with_only_an_owner_password_is_read():
    assert "A secret report" in pdf.read(encrypted(None), "seeds/report.pdf").lines[0].text


def test_damaged_bytes_give_a_reading_or_an_error_never_a_traceback():
    chance = random.Random(23)
    for _ in range(40):
        data = bytearray(WHOLE)
        for _ in range(chance.randint(1, 20)):
            data[chance.randrange(len(data))] = chance.randrange(256)
        try:
            pdf.read(bytes(data), "seeds/report.pdf")
        except SiteError as error:
            assert str(error).startswith("seeds/report.pdf: ")


# --- a whole build -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_project_with_a_pdf_and_a_word_file_builds_and_a_corrupt_pdf_keeps_the_site(tmp_path):
    import docx

    project = tmp_path / "project"
    write(project / "seeds/notes.txt", "Port notes\n\nThe dockers of Port Valen walked out on Tuesday.\n")
    seed(project, "harbour.pdf", make_pdf(TWO_COLUMNS, title="Dockers walk out"))
    document = docx.Document()
    document.add_paragraph("Strike at Port Valen", style="Title")
    document.add_paragraph("A memo from the port authority, sent on Wednesday.")
    document.save(project / "seeds/memo.docx")
    assert run_cli("build", cwd=project).returncode == 0
    page = (project / "public/sources/harbour/index.html").read_text(encoding="utf-8")
    assert 'href="../../raw/harbour.pdf#page=2"' in page and ">page 2</a>" in page
    assert "running-head" in page and "Dockers walk out" in page
    assert "A memo from the port authority, sent on Wednesday." in (
        project / "public/sources/memo/index.html").read_text(encoding="utf-8")
    assert (project / "public/raw/harbour.pdf").read_bytes() == (project / "seeds/harbour.pdf").read_bytes()
    before = (project / "public/index.html").read_bytes()
    (project / "seeds/harbour.pdf").write_bytes(WHOLE[:-300])
    result = run_cli("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error: seeds/harbour.pdf: truncated PDF" in result.stderr
    assert (project / "public/index.html").read_bytes() == before
    shutil.rmtree(project)
