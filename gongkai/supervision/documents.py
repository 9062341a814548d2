"""The 督办通知 as a document: the letters' A4 layout (letters.rendering), as PDF and DOCX, ready to seal."""

from __future__ import annotations

from gongkai.applications.clock import cn
from gongkai.letters.rendering import document_docx, document_pdf

from .models import Notice

BASIS = "《中华人民共和国政府信息公开条例》第四十六条、第四十七条"
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 45 → 四十五 (the numbering of a document's items, up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "") if n else _DIGITS[0]


def notice_parts(notice: Notice) -> dict:
    paragraphs = ["根据《中华人民共和国政府信息公开条例》第四十七条，经核查，你单位政府信息公开工作存在以下问题，现予督办："]
    paragraphs += [f"{chinese_number(i)}、{item}" for i, item in enumerate(notice.items, start=1)]
    if notice.text:
        paragraphs.append(notice.text)
    paragraphs.append(f"请于{cn(notice.deadline)}前完成整改，并通过Gongkai工作台“督办整改”报送整改情况和佐证材料。"
                      "逾期未整改的，按考评办法扣分，并视情况予以通报批评。")
    return {
        "organ": notice.issuer.name, "title": notice.title, "doc_no": notice.doc_no, "recipient": notice.organ.name,
        "paragraphs": paragraphs, "facts": [], "basis": f"依据：{BASIS}。", "remedy": "", "date": cn(notice.issued_on),
        "draft": False,
    }


def notice_pdf(notice: Notice) -> bytes:
    return document_pdf(notice_parts(notice))


def notice_docx(notice: Notice) -> bytes:
    return document_docx(notice_parts(notice))
