"""Render a report (the report JSON) as HTML, PDF (WeasyPrint, same HTML) and DOCX (python-docx).

The HTML is the one the portal shows; the PDF is that HTML printed with CJK fonts from Debian's
fonts-noto-cjk, so its text is selectable and reads back; the DOCX has real Word tables with the
format's merged header cells. Reading any of them back with the reader gives the same numbers.
"""

from __future__ import annotations

import io
import json

from django.template.loader import render_to_string

from .assemble import report_title
from .presentation import T2_BLOCKS, T4_COLUMNS, T4_GROUPS, layout, table3_rows


def document_context(content: dict, *, with_findings: bool = False) -> dict:
    shown = content if with_findings else {**content, "findings": []}
    context = layout(shown)
    sections = [{**s, "paragraphs": [p for p in (s.get("text") or "").splitlines() if p.strip()]}
                for s in content.get("sections", [])]
    context.update(report={**content, "sections": sections}, title=report_title(content["agency"], content["year"]),
                   published_on=content.get("published_on"))
    return context


def render_html_fragment(content: dict) -> str:
    return render_to_string("annual_reports/_document.html", document_context(content))


def render_pdf(content: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("annual_reports/pdf.html", document_context(content))
    return HTML(string=html).write_pdf()


def render_json(content: dict) -> bytes:
    return json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8")


# ------------------------------------------------------------------ DOCX


def _cell_text(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _font(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")


def _table(document, rows: int, cols: int):
    table = document.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    return table


def _set(table, r: int, c: int, text: str, *, to: tuple[int, int] | None = None) -> None:
    """Write `text` into cell (r, c), merged with the cell `to` when given."""
    cell = table.cell(r, c)
    if to is not None and to != (r, c):
        cell = cell.merge(table.cell(*to))
    cell.text = text


def _docx_table2(document, content: dict) -> None:
    table2 = content.get("table2") or {}
    for title, headers, columns, rows in T2_BLOCKS:
        table = _table(document, 2 + len(rows), 1 + len(headers))
        _set(table, 0, 0, title, to=(0, len(headers)))
        _set(table, 1, 0, "信息内容")
        for i, header in enumerate(headers, start=1):
            _set(table, 1, i, header)
        for r, (code, label) in enumerate(rows, start=2):
            _set(table, r, 0, label)
            for i, column in enumerate(columns, start=1):
                _set(table, r, i, _cell_text((table2.get(code) or {}).get(column)))


def _docx_table3(document, content: dict) -> None:
    rows = table3_rows({**content, "findings": []}, [])
    table = _table(document, 3 + len(rows), 10)
    _set(table, 0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", to=(2, 2))
    _set(table, 0, 3, "申请人情况", to=(0, 9))
    _set(table, 1, 3, "自然人", to=(2, 3))
    _set(table, 1, 4, "法人或其他组织", to=(1, 8))
    _set(table, 1, 9, "总计", to=(2, 9))
    for i, label in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"), start=4):
        _set(table, 2, i, label)
    for r, row in enumerate(rows, start=3):
        if not row["outcome"]:
            _set(table, r, 0, row["leaf"], to=(r, 2))
        else:
            if row["outer_span"]:
                _set(table, r, 0, "三、本年度办理结果", to=(r + row["outer_span"] - 1, 0))
            if row["middle"]:
                if row["middle_span"]:
                    _set(table, r, 1, row["middle"], to=(r + row["middle_span"] - 1, 1))
                _set(table, r, 2, row["leaf"])
            else:
                _set(table, r, 1, row["leaf"], to=(r, 2))
        for i, cell in enumerate(row["cells"], start=3):
            _set(table, r, i, cell.display)


def _docx_table4(document, content: dict) -> None:
    table4 = content.get("table4") or {}
    table = _table(document, 4, 15)
    _set(table, 0, 0, "行政复议", to=(1, 4))
    _set(table, 0, 5, "行政诉讼", to=(0, 14))
    _set(table, 1, 5, "未经复议直接起诉", to=(1, 9))
    _set(table, 1, 10, "复议后起诉", to=(1, 14))
    for g, (group, _label) in enumerate(T4_GROUPS):
        for c, (column, label) in enumerate(T4_COLUMNS):
            _set(table, 2, g * 5 + c, label)
            _set(table, 3, g * 5 + c, _cell_text((table4.get(group) or {}).get(column)))


def _a4(document) -> None:
    """A4 paper (210 × 297 mm) with the PDF's margins: python-docx's default template is US Letter."""
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(22)
        section.left_margin = section.right_margin = Mm(18)


def render_docx(content: dict) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    _a4(document)
    _font(document)
    heading = document.add_paragraph(report_title(content["agency"], content["year"]))
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].bold = True
    for section in content.get("sections", []):
        document.add_paragraph(section["printed_title"]).runs[0].bold = True
        for paragraph in (section.get("text") or "").splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        if section["code"] == "proactive" and content.get("table2"):
            _docx_table2(document, content)
        elif section["code"] == "applications" and content.get("table3"):
            _docx_table3(document, content)
        elif section["code"] == "remedies" and content.get("table4"):
            _docx_table4(document, content)
    if content.get("published_on"):
        signature = document.add_paragraph(f"{content['agency']}\n{content['published_on']}")
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
