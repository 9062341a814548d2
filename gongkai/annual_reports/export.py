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
from .format import APPLICANT_LABELS, T2_BLOCKS, T3_COLUMN_LABELS
from .presentation import HEADINGS, T4_COLUMNS, T4_GROUPS, layout, table3_rows


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


TABLE_PT = 10.5  # 五号 in the tables, so table 三's ten columns fit the 156 mm 版心


def _table(document, rows: int, cols: int):
    from docx.enum.text import WD_LINE_SPACING

    from gongkai.core.documents import fonts, set_run_font

    table = document.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    style = document.styles["Table Grid"]
    f = fonts()
    set_run_font(style, f.body, latin=f.latin, size_pt=TABLE_PT)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
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
    _set(table, 0, 0, HEADINGS["table3"], to=(2, 2))
    _set(table, 0, 3, "申请人情况", to=(0, 9))
    _set(table, 1, 3, T3_COLUMN_LABELS[0], to=(2, 3))
    _set(table, 1, 4, HEADINGS["organisations"], to=(1, 8))
    _set(table, 1, 9, T3_COLUMN_LABELS[-1], to=(2, 9))
    for i, label in enumerate(APPLICANT_LABELS[1:], start=4):
        _set(table, 2, i, label)
    for r, row in enumerate(rows, start=3):
        if not row["outcome"]:
            _set(table, r, 0, row["leaf"], to=(r, 2))
        else:
            if row["outer_span"]:
                _set(table, r, 0, HEADINGS["outcomes"], to=(r + row["outer_span"] - 1, 0))
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
    _set(table, 0, 0, T4_GROUPS[0][1], to=(1, 4))
    _set(table, 0, 5, HEADINGS["litigation"], to=(0, 14))
    _set(table, 1, 5, T4_GROUPS[1][1], to=(1, 9))
    _set(table, 1, 10, T4_GROUPS[2][1], to=(1, 14))
    for g, (group, _label) in enumerate(T4_GROUPS):
        for c, (column, label) in enumerate(T4_COLUMNS):
            _set(table, 2, g * 5 + c, label)
            _set(table, 3, g * 5 + c, _cell_text((table4.get(group) or {}).get(column)))


def render_docx(content: dict) -> bytes:
    """The report as a Word file ready to print: A4 with the GB/T 9704 margins and fonts (core.documents),
    the title in 小标宋, section headings in 黑体 as 一级标题, the text in 仿宋 with first-line indents."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from gongkai.core.documents import BODY_PT, TITLE_PT, fonts, official_document, set_run_font

    f = fonts()
    document = official_document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(heading.add_run(report_title(content["agency"], content["year"])), f.title, latin=f.latin,
                 size_pt=TITLE_PT)
    heading.paragraph_format.line_spacing = Pt(TITLE_PT * 1.5)
    for section in content.get("sections", []):
        title = document.add_paragraph()
        title.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
        title.paragraph_format.keep_with_next = True
        set_run_font(title.add_run(section["printed_title"]), "黑体", latin=f.latin)  # GB/T 9704 §7.3.3 一级标题
        for paragraph in (section.get("text") or "").splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph.strip()).paragraph_format.first_line_indent = Pt(2 * BODY_PT)
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
