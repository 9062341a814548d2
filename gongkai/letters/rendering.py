"""Render a letter to HTML (the page and the PDF's source), PDF (WeasyPrint) and DOCX (python-docx).

Both documents carry the same parts in the same order: organ, title, 文号, addressee, body,
legal basis, remedy notice, organ and date (the seal goes on the printed copy).
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from gongkai.applications.clock import cn
from gongkai.core.text import strip_controls

from .models import Letter


def letter_parts(letter: Letter) -> dict:
    organ = letter.application.organ
    return {
        "letter": letter,
        "organ": organ,
        "title": f"{organ.name}{letter.title}",
        "doc_no": letter.doc_no or "（文号待签发时生成）",
        "recipient": letter.recipient,
        "paragraphs": letter.paragraphs,
        "basis": f"依据：{letter.basis_text}。" if letter.basis_text else "",
        "remedy": letter.remedy_text,
        "date": cn(letter.approved_on) if letter.approved_on else "（签发日期）",
        "draft": letter.status == Letter.Status.DRAFT,
    }


def letter_html(letter: Letter) -> str:
    return document_html(letter_parts(letter))


def letter_pdf(letter: Letter) -> bytes:
    return document_pdf(letter_parts(letter))


def letter_docx(letter: Letter) -> bytes:
    return document_docx(letter_parts(letter))


# The same A4 layout serves any official document built from these parts (the 督办通知 of 考评 too):
# organ (with .name), title, doc_no, recipient, paragraphs, basis, remedy, date, draft.


def document_html(parts: dict) -> str:
    return render_to_string("letters/letter_document.html", parts)


def document_pdf(parts: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=document_html(parts)).write_pdf()


def document_docx(parts: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    parts = {k: strip_controls(v) if isinstance(v, str) else v for k, v in parts.items()}
    parts["paragraphs"] = [strip_controls(p) for p in parts["paragraphs"]]  # Word holds no control characters
    doc = Document()
    # A4 with the margins of the PDF (GB/T 9704 党政机关公文格式); python-docx starts from US Letter.
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.right_margin = Cm(3.7), Cm(2.6)
    section.bottom_margin, section.left_margin = Cm(3.5), Cm(2.8)
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def centred(text: str, size: int = 14, bold: bool = False):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        return p

    if parts["draft"]:
        centred("（草稿，未签发）", 12)
    centred(parts["title"], 20, bold=True)
    centred(parts["doc_no"])
    if parts["recipient"]:
        doc.add_paragraph(f"{parts['recipient']}：")
    for para in parts["paragraphs"]:
        for line in para.split("\n"):
            if line.strip():
                doc.add_paragraph(line.strip()).paragraph_format.first_line_indent = Pt(28)
    if parts["basis"]:
        doc.add_paragraph(parts["basis"]).paragraph_format.first_line_indent = Pt(28)
    if parts["remedy"]:
        doc.add_paragraph(parts["remedy"]).paragraph_format.first_line_indent = Pt(28)
    for text in (parts["organ"].name, parts["date"]):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
