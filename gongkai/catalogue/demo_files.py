"""Attachments for the demo catalogue: real PDF (WeasyPrint, CJK fonts), DOCX and PNG files whose
text the search index reads."""

import io
from functools import lru_cache


@lru_cache(maxsize=8)
def _pdf(title: str, text: str) -> bytes:
    from weasyprint import HTML

    html = (f"<html lang='zh'><body style='font-family: \"Noto Sans CJK SC\", sans-serif'><h1>{title}</h1>"
            f"<p>{text}</p></body></html>")
    return HTML(string=html).write_pdf()


@lru_cache(maxsize=8)
def _docx(title: str, *paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@lru_cache(maxsize=8)
def _png(colour=(168, 23, 28)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 270), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 250), outline=colour, width=6)
    draw.rectangle((60, 120, 140, 230), fill=colour)
    draw.rectangle((180, 80, 260, 230), fill=colour)
    draw.rectangle((300, 50, 380, 230), fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_files(organ_key: str, by_title: dict) -> list[tuple[str, str, bytes]]:
    """(item title, file name, bytes) for a few items of the organ."""
    files = []
    policies = [t for t, item in by_title.items() if item.column.slug == "zcwj"]
    graphics = [t for t, item in by_title.items() if item.column.slug == "zcjd" and t.startswith("一图读懂")]
    budgets = [t for t, item in by_title.items() if item.column.slug == "czzj"]
    if policies:
        files.append((policies[0], "附件1：实施细则.pdf", _pdf(
            "实施细则", "本细则所称容缺受理，是指申请材料主件齐全、次要材料欠缺时先行受理并限期补齐的审批方式。")))
        files.append((policies[-1], "附件2：政策问答.docx", _docx(
            "政策问答", "问：哪些企业可以申请稳岗返还？", "答：依法参加失业保险并足额缴费的企业均可申请。")))
    if graphics:
        files.append((graphics[0], "图解.png", _png()))
    if budgets and organ_key in ("district", "czj"):
        files.append((budgets[0], "部门预算公开表.docx", _docx(
            "部门预算公开表", "一般公共预算财政拨款支出决算表", "三公经费支出预算情况说明")))
    return files
