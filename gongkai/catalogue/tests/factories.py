"""Helpers that build catalogue data through the real services (so the index and the audit log are real)."""

import datetime as dt
import io

from gongkai.catalogue import services
from gongkai.catalogue.models import Column, Item


def seed(organ) -> dict[str, Column]:
    services.columns_seed(actor=None, organ=organ)
    return {c.slug: c for c in Column.objects.filter(organ=organ)}


def column(organ, slug: str = "zcwj") -> Column:
    found = Column.objects.filter(organ=organ, slug=slug).first()
    if found is None:
        seed(organ)
        found = Column.objects.get(organ=organ, slug=slug)
    return found


def draft(organ, slug: str = "zcwj", *, actor=None, **fields) -> Item:
    fields.setdefault("title", "岭东区人民政府关于加强行政规范性文件管理的通知")
    fields.setdefault("written_on", dt.date(2026, 11, 20))
    fields.setdefault("body", "为进一步规范行政规范性文件制定和管理工作，推进政府信息公开，现就有关事项通知如下。")
    return services.item_create(actor=actor, column=column(organ, slug), **fields)


def publish(item: Item) -> Item:
    services.item_submit(actor=None, item=item)
    services.item_approve(actor=None, item=item)
    return services.item_publish(actor=None, item=item)


def published(organ, slug: str = "zcwj", **fields) -> Item:
    return publish(draft(organ, slug, **fields))


def make_pdf(text: str) -> bytes:
    """A real PDF with Chinese text (WeasyPrint with the Noto CJK fonts); pdfplumber reads it back."""
    from weasyprint import HTML

    return HTML(string=f"<html lang='zh'><body><p style='font-family: \"Noto Sans CJK SC\"'>{text}</p></body></html>"
                ).write_pdf()


def make_docx(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "表格单元"
    table.rows[0].cells[1].text = "附表内容"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()
