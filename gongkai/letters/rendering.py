"""Render a letter (or the 受理回执) to HTML (the page and the PDF's source), PDF (WeasyPrint) and DOCX
(python-docx), ready to seal: A4 with the GB/T 9704 margins and fonts (gongkai.core.documents).

Both documents carry the same parts in the same order: organ and title, 文号, addressee, body, legal
basis, remedy notice, then the signature block — organ and date, with room above the date for the seal —
kept on the same page as the last paragraph (a signature alone on page 2 cannot be sealed).
"""

from __future__ import annotations

import datetime as dt
import io

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.applications import selectors
from gongkai.applications.clock import cn
from gongkai.core import documents
from gongkai.core.text import strip_controls

from .models import Letter

INDENT_PT = 2 * documents.BODY_PT  # 首行缩进二字


def letter_parts(letter: Letter) -> dict:
    organ = letter.application.organ
    return {
        "organ": organ.name,
        "title": f"{organ.name}{letter.title}",
        "doc_no": letter.doc_no or "（文号待签发时生成）",
        "recipient": letter.recipient,
        "paragraphs": letter.paragraphs,
        "facts": [],
        "basis": f"依据：{letter.basis_text}。" if letter.basis_text else "",
        "remedy": letter.remedy_text,
        "date": cn(letter.approved_on) if letter.approved_on else "（签发日期）",
        "draft": letter.status in Letter.UNSIGNED,
    }


def receipt_parts(application, *, query_code: str = "", today: dt.date | None = None) -> dict:
    """The 受理回执 of a case (第二十九条、第三十一条): 受理编号, 查询码 (only where the caller has it: it is
    shown once, at intake), 收到日期 and 答复期限. Reused by the public receipt page (issue 18)."""
    from . import defaults
    from .models import LetterKind
    from .services import _render, letter_context, template_for

    today = today or timezone.localdate()
    due = selectors.clock_for(application, today=today).due
    title, body = template_for(application.organ, LetterKind.RECEIPT)
    ctx = letter_context(application, {}, due=due)
    code_text = f"{query_code}（只告知一次，请妥善保管）" if query_code else "已于受理时告知申请人"
    return {
        "organ": application.organ.name,
        "title": f"{application.organ.name}{_render(title, ctx)}",
        "doc_no": "",
        "recipient": application.applicant_name,
        "paragraphs": [p.strip() for p in _render(body, ctx).split("\n\n") if p.strip()],
        "facts": [("受理编号", application.tracking_no), ("查询码", code_text),
                  ("收到日期", cn(application.received_on)),
                  ("答复期限", cn(due.due) if due else "计时暂停中，恢复后另行计算")],
        "basis": f"依据：{defaults.BASIS_TEXT[LetterKind.RECEIPT]}。",
        "remedy": "",
        "date": cn(today),
        "draft": False,
    }


def _clean(parts: dict) -> dict:
    """Word holds no control characters (old records may carry some)."""
    out = {k: strip_controls(v) if isinstance(v, str) else v for k, v in parts.items()}
    out["paragraphs"] = [strip_controls(p) for p in parts["paragraphs"]]
    out["facts"] = [(strip_controls(a), strip_controls(b)) for a, b in parts["facts"]]
    return out


# --- HTML and PDF --------------------------------------------------------------------------------------


def body_lines(parts: dict) -> list[str]:
    """Every paragraph of the body in print order, one a line (a typed line break is a paragraph: it is
    indented as one), then the facts, the legal basis and the remedy notice."""
    lines = [line.strip() for para in parts["paragraphs"] for line in para.split("\n") if line.strip()]
    lines += [f"{label}：{value}" for label, value in parts["facts"]]
    return lines + [text for text in (parts["basis"], parts["remedy"]) if text]


def document_html(parts: dict) -> str:
    f = documents.fonts()
    lines = body_lines(parts)
    return render_to_string("letters/letter_document.html", {
        **parts, "lines": lines[:-1], "last_line": lines[-1] if lines else "", "body_font": documents.css_families(f.pdf_body), "title_font": documents.css_families(f.pdf_title),
        "title_weight": 700 if documents.pdf_fallback_in_use() else 400,
        "margins": documents.MARGINS_MM, "body_pt": documents.BODY_PT, "title_pt": documents.TITLE_PT,
        "line_pt": documents.LINE_PT,
    })


def document_pdf(parts: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=document_html(parts)).write_pdf()


def letter_pdf(letter: Letter) -> bytes:
    return document_pdf(letter_parts(letter))


def letter_docx(letter: Letter) -> bytes:
    return document_docx(letter_parts(letter))


# --- DOCX ---------------------------------------------------------------------------------------------


def _text_width_pt(text: str) -> float:
    """Printed width at 3号: a CJK character one em, a digit or Latin letter half."""
    return sum(documents.BODY_PT if ord(ch) > 0x2E7F else documents.BODY_PT / 2 for ch in text)


def document_docx(parts: dict) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    parts = _clean(parts)
    f = documents.fonts()
    doc = documents.official_document()

    def paragraph(text: str = "", *, indent: bool = True, align=None, keep: bool = False):
        p = doc.add_paragraph(text)
        if indent:
            p.paragraph_format.first_line_indent = Pt(INDENT_PT)
        if align is not None:
            p.alignment = align
        if keep:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True
        return p

    if parts["draft"]:
        paragraph("（草稿，未签发）", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = paragraph(indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    documents.set_run_font(title.add_run(parts["title"]), f.title, latin=f.latin, size_pt=documents.TITLE_PT)
    title.paragraph_format.line_spacing = Pt(documents.TITLE_PT * 1.5)
    if parts["doc_no"]:
        paragraph(parts["doc_no"], indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(indent=False)  # 标题与正文之间空一行 (GB/T 9704 §7.3.2)
    if parts["recipient"]:
        paragraph(f"{parts['recipient']}：", indent=False)  # 主送 顶格
    body = body_lines(parts)
    for i, line in enumerate(body):
        # The last paragraph is kept with the signature block (never a signature alone on a page).
        paragraph(line, keep=i == len(body) - 1)
    # GB/T 9704 §7.3.5.1 (加盖印章): 成文日期 右空四字; 发文机关署名 centred above it; room for the seal.
    for _ in range(2):
        paragraph(indent=False, keep=True)
    date_right = 4 * documents.BODY_PT
    organ_right = max(0.0, date_right + (_text_width_pt(parts["date"]) - _text_width_pt(parts["organ"])) / 2)
    signer = paragraph(parts["organ"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, keep=True)
    signer.paragraph_format.right_indent = Pt(organ_right)
    date = paragraph(parts["date"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(date_right)
    date.paragraph_format.keep_together = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def receipt_pdf(application, *, query_code: str = "") -> bytes:
    return document_pdf(receipt_parts(application, query_code=query_code))


def receipt_docx(application, *, query_code: str = "") -> bytes:
    return document_docx(receipt_parts(application, query_code=query_code))
