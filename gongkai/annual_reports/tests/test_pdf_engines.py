"""The PDF reader's two engines give the same `Line`s: PDFium (pypdfium2, the default: many times cheaper) and
pdfplumber (the reference, and the fallback for pages PDFium cannot box as pdfminer does)."""

import pytest

from gongkai.annual_reports.reading.pdf import _pdfium_pages, pdf_source

from .helpers import CORPUS, make_pdf, needs_shared

CORPUS_PDFS = sorted((CORPUS / "pdf").glob("*.pdf")) if (CORPUS / "pdf").is_dir() else []


def _same_lines(a, b) -> None:
    assert len(a.lines) == len(b.lines)
    for la, lb in zip(a.lines, b.lines, strict=True):
        assert la.grid == lb.grid
        assert [c.text for c in la.cells] == [c.text for c in lb.cells]
        # PDFium keeps coordinates in single precision, pdfminer in double: equal to a hundredth of a point.
        assert all(abs(ca.x - cb.x) < 0.01 for ca, cb in zip(la.cells, lb.cells, strict=True)), la.text


@needs_shared
@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.name)
def test_pdfium_and_pdfplumber_give_the_same_lines_on_the_corpus(path):
    data = path.read_bytes()
    pages, _ = _pdfium_pages(data)
    assert pages and all(page.words is not None for page in pages)  # PDFium read every page itself
    pdfium, plumber = pdf_source(data), pdf_source(data, engine="pdfplumber")
    assert pdfium.file_date == plumber.file_date
    assert sum(bool(line.cells) for line in pdfium.lines) > 50
    _same_lines(pdfium, plumber)


def _pdf_with_rotated_text() -> bytes:
    content = (b"BT /F1 12 Tf 1 0 0 1 40 150 Tm (Upright line 2024) Tj ET "
               b"BT /F1 12 Tf 0 1 -1 0 180 40 Tm (Rotated 7) Tj ET")
    return make_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def test_a_page_pdfium_cannot_box_is_read_by_pdfplumber():
    data = _pdf_with_rotated_text()
    pages, _ = _pdfium_pages(data)
    assert pages[0].words is None  # rotated text: this page goes to pdfplumber
    pdfium, plumber = pdf_source(data), pdf_source(data, engine="pdfplumber")
    assert any("Upright" in line.text for line in pdfium.lines)
    _same_lines(pdfium, plumber)


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError):
        pdf_source(b"%PDF-1.4", engine="pdfminer")
