"""PDF → lines, with one pdfplumber pass per page.

Each page's words are extracted once (`page.extract_words`) and grouped into lines by their
vertical position; every line keeps each word's horizontal centre so table columns can be placed
even where a cell is blank.  The same lines serve the prose, the sections and the tables, so the
cost stays close to a single `page.extract_text()`.
"""

from __future__ import annotations

import io

from gongkai.core.untrusted import UnreadableFile, check_pdf_pages, limits

from .errors import ReportReadError
from .model import Cell, Line, is_page_number, parse_number
from .sources import Source, parse_pdf_date

_Y_TOLERANCE = 3.0


def pdf_source(data: bytes) -> Source:
    """Read a PDF's text lines; refuse encrypted, corrupt and image-only files in Chinese."""
    import pdfplumber

    lim = limits()
    try:
        check_pdf_pages(data, lim)  # over the page limit: refused before any page is parsed
    except UnreadableFile as exc:
        raise ReportReadError(exc.message_zh) from None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken files
        raise ReportReadError(_open_error(exc)) from None
    try:
        with pdf:
            file_date = parse_pdf_date((pdf.metadata or {}).get("CreationDate"))
            lines: list[Line] = []
            has_words = has_images = False
            for number, page in enumerate(pdf.pages, 1):
                if number > lim.pages:  # a page tree whose /Count lies
                    raise ReportReadError(f"PDF超过{lim.pages}页的上限，拒绝读取。")
                try:
                    words = page.extract_words()
                    if not words and page.images:
                        has_images = True
                except Exception as exc:
                    raise ReportReadError(_open_error(exc)) from None
                has_words = has_words or bool(words)
                lines.extend(_page_lines(words, page.height))
                lines.append(Line())
                page.close()  # pages are streamed: drop this page's parsed objects before the next
    except ReportReadError:
        raise
    except Exception as exc:
        raise ReportReadError(_open_error(exc)) from None
    if not has_words:
        if has_images:
            raise ReportReadError("PDF只有扫描图像、没有文字层，需要OCR（文字识别）后才能读取。")
        raise ReportReadError("PDF中没有可读取的文字。")
    return Source("pdf", lines, file_date)


def _open_error(exc: BaseException) -> str:
    text = f"{type(exc).__name__} {exc!r} {exc.__cause__!r}".lower()
    if "password" in text or "encrypt" in text:
        return "PDF文件已加密，无法读取；请提供未加密的文件。"
    return "PDF文件已损坏或格式无效，无法读取。"


def _page_lines(words: list[dict], height: float | None = None) -> list[Line]:
    """Group a page's words into lines (top to bottom, left to right); drop page numbers, including
    a bare number alone on the page's last line in its bottom tenth (a footer such as "3")."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(w["top"] - rows[-1][0]["top"]) <= _Y_TOLERANCE:
            rows[-1].append(w)
        else:
            rows.append([w])
    if height and rows and len(rows[-1]) == 1 and rows[-1][0]["text"].isdigit() \
            and rows[-1][0]["top"] > 0.9 * height:
        rows.pop()
    out = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        line = _line(row)
        if not is_page_number("".join(c.text or "" for c in line.cells)):
            out.append(line)
    return out


def _line(row: list[dict]) -> Line:
    cells: list[Cell] = []
    label: list[str] = []
    label_x = 0.0
    last_x1 = None
    for w in row:
        text = w["text"]
        if parse_number(text) is not None:
            if label:
                cells.append(Cell("".join(label), label_x))
                label = []
            cells.append(Cell(text, (w["x0"] + w["x1"]) / 2))
        else:
            if not label:
                label_x = w["x0"]
            elif last_x1 is not None and w["x0"] - last_x1 > 2 and _ascii_edge(label[-1], text):
                label.append(" ")
            label.append(text)
        last_x1 = w["x1"]
    if label:
        cells.append(Cell("".join(label), label_x))
    return Line(cells)


def _ascii_edge(left: str, right: str) -> bool:
    return left[-1:].isascii() or right[:1].isascii()
