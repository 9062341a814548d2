"""PDF → lines: PDFium (pypdfium2) reads each page's characters and their boxes, pdfplumber's word grouping
makes them words, and the words are grouped into lines by their vertical position.

Every line keeps each word's horizontal centre so table columns can be placed even where a cell is blank.
The same lines serve the prose, the sections and the tables.

PDFium parses a page many times faster than pdfminer (pdfplumber's parser), and its characters are the
ones pdfminer sees: the same text, the same left and right edges (the advance box) and the same baseline,
so the top is the bottom less the font size, as pdfminer computes it; grouping them with pdfplumber's own
`WordExtractor` (its defaults, as `page.extract_words()`) gives the very words pdfplumber would. A page whose
characters PDFium cannot box that way — rotated text, characters without a Unicode mapping, a vertical-mode
character whose glyph is not where pdfminer would box it — is read by pdfplumber instead, so every page
gives the `Line`s pdfplumber would (gongkai/annual_reports/tests/test_pdf_engines.py checks both engines
agree on the corpus). `pdf_source` is the one entry point.
"""

from __future__ import annotations

import ctypes
import io
import threading
from datetime import date

from gongkai.core.untrusted import UnreadableFile, check_pdf_pages, limits

from .errors import ReportReadError
from .model import Cell, Line, is_page_number, parse_number
from .sources import Source, parse_pdf_date

_Y_TOLERANCE = 3.0
ENGINES = ("pdfium", "pdfplumber")
# PDFium keeps global state and is not thread-safe: one document at a time per process.
_PDFIUM_LOCK = threading.Lock()
# An advance box wider or taller than this many font sizes is not a horizontal character's (vertical writing).
_BOX_LIMIT = 2.5


def pdf_source(data: bytes, *, engine: str = "pdfium") -> Source:
    """Read a PDF's text lines; refuse encrypted, corrupt and image-only files in Chinese.

    engine "pdfium" (the default) reads with PDFium and falls back to pdfplumber page by page; "pdfplumber"
    reads every page with pdfplumber (the reference the tests and the reading bench compare against)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}")
    try:
        check_pdf_pages(data, limits())  # over the page limit: refused before any page is parsed
    except UnreadableFile as exc:
        raise ReportReadError(exc.message_zh) from None
    if engine == "pdfium":
        pages, file_date = _pdfium_pages(data)
        fallback = [i for i, page in enumerate(pages) if page.words is None]
        if fallback:
            plumbed, _ = _pdfplumber_pages(data, only=fallback)
            for i in fallback:
                pages[i] = plumbed[i]
    else:
        pages, file_date = _pdfplumber_pages(data)
    lines: list[Line] = []
    has_words = has_images = False
    for page in pages:
        has_words = has_words or bool(page.words)
        has_images = has_images or (not page.words and page.has_images)
        lines.extend(_page_lines(page.words, page.height))
        lines.append(Line())
    if not has_words:
        if has_images:
            raise ReportReadError("PDF只有扫描图像、没有文字层，需要OCR（文字识别）后才能读取。")
        raise ReportReadError("PDF中没有可读取的文字。")
    return Source("pdf", lines, file_date)


class _Page:
    __slots__ = ("words", "height", "has_images")

    def __init__(self, words: list[dict] | None, height: float, has_images: bool):
        self.words, self.height, self.has_images = words, height, has_images


def _words(chars: list[dict]) -> list[dict]:
    from pdfplumber.utils.text import WordExtractor

    return WordExtractor().extract_words(chars)


def _pdfium_pages(data: bytes) -> tuple[list[_Page], date | None]:
    """Each page's words from PDFium's characters (`words` None for a page pdfplumber must read), and the
    file's creation date."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ReportReadError(_open_error(exc)) from None
        try:
            file_date = parse_pdf_date((pdf.get_metadata_dict() or {}).get("CreationDate"))
            lim = limits()
            if len(pdf) > lim.pages:  # PDFium's own page count, whatever the page tree claims
                raise ReportReadError(_over_pages(lim))
            pages = []
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    height = page.get_height()
                    chars = _pdfium_chars(page, raw, height)
                    # Images matter only on a page without text (a scan); looking for them costs milliseconds.
                    has_images = chars == [] and any(
                        True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
                finally:
                    page.close()
                pages.append(_Page(None if chars is None else _words(chars), height, has_images))
            return pages, file_date
        except pdfium.PdfiumError as exc:
            raise ReportReadError(_open_error(exc)) from None
        finally:
            pdf.close()


def _pdfium_chars(page, raw, height: float) -> list[dict] | None:
    """The page's characters as pdfplumber's char dicts (text, x0, x1, top, bottom, upright), in content
    order; None when one cannot be boxed as pdfminer boxes it (then pdfplumber reads the page)."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
        box = tuple(ctypes.c_double() for _ in range(6))
        chars = []
        for i in range(textpage.count_chars()):
            if raw.FPDFText_IsGenerated(handle, i):  # spaces and line breaks PDFium adds between runs
                continue
            if raw.FPDFText_HasUnicodeMapError(handle, i):
                return None
            raw.FPDFText_GetMatrix(handle, i, matrix)
            if not (matrix.a * matrix.d > 0 and matrix.b == 0 and matrix.c == 0):
                return None  # rotated or mirrored text
            size = raw.FPDFText_GetFontSize(handle, i) * abs(matrix.d)
            if size <= 0:
                return None
            raw.FPDFText_GetLooseCharBox(handle, i, rect)
            if rect.right - rect.left <= _BOX_LIMIT * size and rect.top - rect.bottom <= _BOX_LIMIT * size:
                x0, x1, bottom = rect.left, rect.right, height - rect.bottom
            else:
                # Vertical writing mode (a narrow table cell set in an Identity-V font): PDFium's advance box
                # runs down the page; pdfminer boxes the character as an em square hanging from its origin.
                x0, bottom = _vertical_origin(raw, handle, i, height, size, box)
                if x0 is None:
                    return None
                x1 = x0 + size
            top = bottom - size
            chars.append({"text": chr(raw.FPDFText_GetUnicode(handle, i)), "x0": x0, "x1": x1,
                          "top": top, "bottom": bottom, "doctop": top, "upright": True})
        return chars
    finally:
        textpage.close()


def _vertical_origin(raw, handle, i: int, height: float, size: float, box) -> tuple[float | None, float]:
    """(x0, bottom) of a vertical-mode character: its origin, when the glyph's ink lies in the em square
    hanging from it (else (None, 0): pdfplumber reads the page)."""
    ox, oy, left, right, bottom_, top_ = box
    raw.FPDFText_GetCharOrigin(handle, i, ox, oy)
    raw.FPDFText_GetCharBox(handle, i, left, right, bottom_, top_)
    x0, bottom = ox.value, height - oy.value
    slack = 0.25 * size  # ink may overhang the em square a little
    inside = (x0 - slack <= left.value and right.value <= x0 + size + slack
              and bottom - size - slack <= height - top_.value and height - bottom_.value <= bottom + slack)
    return (x0, bottom) if inside else (None, 0.0)


def _pdfplumber_pages(data: bytes, only: list[int] | None = None) -> tuple[list[_Page | None], date | None]:
    """Each page's words from pdfplumber (`page.extract_words()`; with `only`, just those pages), and the
    file's creation date."""
    import pdfplumber

    lim = limits()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken files
        raise ReportReadError(_open_error(exc)) from None
    try:
        with pdf:
            file_date = parse_pdf_date((pdf.metadata or {}).get("CreationDate"))
            pages: list[_Page | None] = []
            for index, page in enumerate(pdf.pages):
                if index >= lim.pages:  # a page tree whose /Count lies
                    raise ReportReadError(_over_pages(lim))
                if only is not None and index not in only:
                    pages.append(None)
                    continue
                try:
                    words = page.extract_words()
                except Exception as exc:
                    raise ReportReadError(_open_error(exc)) from None
                pages.append(_Page(words, page.height, bool(page.images)))
                page.close()  # pages are streamed: drop this page's parsed objects before the next
            return pages, file_date
    except ReportReadError:
        raise
    except Exception as exc:
        raise ReportReadError(_open_error(exc)) from None


def _over_pages(lim) -> str:
    return f"PDF超过{lim.pages}页的上限，拒绝读取。"


def _open_error(exc: BaseException) -> str:
    text = f"{type(exc).__name__} {exc!r} {exc.__cause__!r}".lower()
    if "password" in text or "encrypt" in text or "security" in text:
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
