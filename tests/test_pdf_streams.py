"""A PDF's compressed streams inflate within one budget per document: a crafted file that would
inflate to gigabytes is an error naming it, and ordinary PDFs read as before."""

from __future__ import annotations

import zlib

import pytest
from fpdf import FPDF

from site_builder.errors import SiteError
from site_builder.sources.readers import pdf, pdf_streams


def one_page_pdf(content: bytes) -> bytes:
    """A PDF of one page whose content stream is `content`, Flate-compressed."""
    compressed = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed) + compressed + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


TEXT = b"BT /F1 12 Tf 72 700 Td (Hello world, this is text.) Tj ET\n"


def test_a_stream_inflating_past_the_budget_is_an_error_naming_the_file(monkeypatch):
    monkeypatch.setattr(pdf_streams, "MAX_INFLATED_BYTES", 2**20)
    assert pdf.read(one_page_pdf(TEXT + b" " * 100_000), "seeds/small.pdf").lines  # within the budget
    with pytest.raises(SiteError, match=r"^seeds/bomb.pdf: its compressed streams inflate to more than"):
        pdf.read(one_page_pdf(TEXT + b" " * 3 * 2**20), "seeds/bomb.pdf")


def test_the_budget_is_the_documents_and_ends_with_it(monkeypatch):
    monkeypatch.setattr(pdf_streams, "MAX_INFLATED_BYTES", 2**20)
    half = one_page_pdf(TEXT + b" " * 600_000)
    for _ in range(3):  # each document has a budget of its own
        assert pdf.read(half, "seeds/half.pdf").lines
    big = b" " * 3 * 2**20
    assert pdf_streams.bounded_decompress(zlib.compress(big)) == big  # outside a budget: no limit, as pdfminer's own


def test_bounded_inflation_gives_what_zlib_gives_and_fails_as_it_does():
    data = bytes(range(256)) * 5000
    with pdf_streams.inflation_budget():
        assert pdf_streams.bounded_decompress(zlib.compress(data)) == data
        with pytest.raises(zlib.error):
            pdf_streams.bounded_decompress(zlib.compress(data)[:-10])


def test_lzw_streams_are_counted_too(monkeypatch):
    encoded = b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01"  # pdfminer's own example: `-----A---B`
    assert pdf_streams.bounded_lzwdecode(encoded) == b"-----A---B"
    monkeypatch.setattr(pdf_streams, "MAX_INFLATED_BYTES", 5)
    with pdf_streams.inflation_budget(), pytest.raises(pdf_streams.TooMuchInflated):
        pdf_streams.bounded_lzwdecode(encoded)


def test_an_ordinary_pdf_reads_the_same_within_the_budget():
    made = FPDF()
    made.add_page()
    made.set_font("helvetica", size=12)
    made.multi_cell(0, 8, "A paragraph of ordinary text in a compressed content stream. " * 20)
    data = bytes(made.output())
    with pdf_streams.inflation_budget():
        inside = pdf.parse(data, "seeds/a.pdf")
    assert inside.pages and inside == pdf.parse(data, "seeds/a.pdf")
