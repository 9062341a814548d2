"""Turn the bytes of any supported input into `Line`s, detecting the kind by content.

Kinds: PDF (``%PDF-``), DOCX (a ZIP holding ``word/document.xml``), HTML (markup sniffed in the
first kilobytes), else text (UTF-8/UTF-16 with BOM, UTF-8, GB18030).  The file name is never used.
Anything else raises `ReportReadError` with a Chinese reason.  HTML is parsed, never rendered:
scripts and styles are dropped unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.core.untrusted import UnreadableFile, limits, open_zip, read_member

from .errors import ReportReadError
from .flat import MIN_LENGTH
from .model import Cell, Line, clean, is_page_number, lines_from_text, parse_number

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: larger files are refused before parsing.

_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|div|p|span|meta|tr|td)\b", re.I)
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”])")


@dataclass(slots=True)
class Source:
    """A converted input: its kind, its lines and a date from the file's own metadata if any."""

    kind: str
    lines: list[Line]
    file_date: date | None = None
    doc_title: str | None = None  # an HTML page's <title>, used where the body prints no title


def load(data: bytes | str) -> Source:
    """Detect the kind of `data` and convert it; raise ReportReadError when it cannot be read, or when
    it holds more text than the characters limit of `gongkai.core.untrusted`."""
    src = _load(data)
    chars, cap = 0, limits().chars
    for line in src.lines:
        chars += sum(len(c.text or "") for c in line.cells)
        if chars > cap:
            raise ReportReadError(f"文件中的文字超过{cap}个字符的上限，拒绝读取；年度报告通常不超过10万字。")
    return src


def _load(data: bytes | str) -> Source:
    if isinstance(data, str):
        if len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise ReportReadError(_too_big())
        if not data.strip():
            raise ReportReadError("输入为空：没有可读取的内容。")
        head = data[:4096].encode("utf-8", "ignore")
        if _HTML_SNIFF.search(head):
            return Source("html", html_lines(data), doc_title=html_title(data))
        return Source("text", lines_from_text(data))
    if len(data) > MAX_BYTES:
        raise ReportReadError(_too_big())
    if not data.strip():
        raise ReportReadError("文件为空：没有可读取的内容。")
    kind = kind_of(data)
    if kind == "pdf":
        from .pdf import pdf_source  # pdfplumber is imported only when a PDF is read

        return pdf_source(data)
    if kind == "docx":
        return docx_source(data)
    if kind == "ole":
        raise ReportReadError("这是旧版Word（.doc）或Excel文件，不能直接读取；请另存为DOCX或PDF后再试。")
    if kind == "image":
        raise ReportReadError("这是一张图片，没有可读取的文字；需要OCR（文字识别）后才能读取。")
    text = decode_text(data)
    if _HTML_SNIFF.search(text[:4096].encode("utf-8", "ignore")):
        return Source("html", html_lines(text), doc_title=html_title(text))
    return Source("text", lines_from_text(text))


def kind_of(data: bytes) -> str:
    """The kind of a file by its first bytes: pdf, docx, ole (old .doc/.xls), image, html or text."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    return "html" if _HTML_SNIFF.search(data[:4096]) else "text"


def _too_big() -> str:
    return f"文件超过{MAX_BYTES // (1024 * 1024)}MB的大小上限，拒绝读取。"


def decode_text(data: bytes) -> str:
    """Decode a text file (BOM, UTF-8, GB18030); refuse binary junk."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", "replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    else:
        if b"\x00" in data[:8192]:
            raise ReportReadError("文件是无法识别的二进制数据，不是文本、HTML、DOCX或PDF格式的年度报告。")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ReportReadError("文件是无法识别的二进制数据，不是文本、HTML、DOCX或PDF格式的年度报告。") from None
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    if sample and (controls / len(sample) > 0.01 or sample.count("\ufffd") / len(sample) > 0.05):
        raise ReportReadError("文件是无法识别的二进制数据，不是文本、HTML、DOCX或PDF格式的年度报告。")
    return text


# ---------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head",
                        "select", "option", "button", "textarea", "canvas", "audio", "video"})
_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                         "section", "article", "header", "footer", "main", "aside", "nav", "blockquote", "pre",
                         "center", "form", "table", "tr", "tbody", "thead", "tfoot", "caption", "hr", "body",
                         "html", "figure", "figcaption", "address", "fieldset", "title", "ucapcontent"})


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def html_title(text: str) -> str | None:
    """The text of an HTML page's <title> (entities decoded), if any."""
    import html

    m = _TITLE.search(text[:20000])
    if not m:
        return None
    t = _squeeze(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))))
    return t or None


def html_lines(text: str) -> list[Line]:
    """Block-level lines of an HTML page; data tables become grid rows (one cell per td/th)."""
    import lxml.html
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReportReadError(f"HTML无法解析：{exc}") from None
    out: list[Line] = []
    buf: list[str] = []
    try:
        _walk(root, out, buf)
    except RecursionError:
        raise ReportReadError("HTML嵌套层级过深，无法读取。") from None
    _flush(out, buf)
    return out


def _flush(out: list[Line], buf: list[str]) -> None:
    if buf:
        t = _squeeze("".join(buf))
        buf.clear()
        if t:
            out.extend(lines_from_text(t) if "\n" in t or len(t) >= MIN_LENGTH else [_text_line(t)])


def _text_line(t: str) -> Line:
    from .model import line_from_text

    return line_from_text(t)


def _squeeze(t: str) -> str:
    return _CJK_GAP.sub("", clean(t))


def _cell_text(el) -> str:
    parts: list[str] = []
    for node in el.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            continue
        if node is not el and tag in ("p", "div", "br", "li"):
            parts.append(" ")
        if node.text and tag not in _SKIP_TAGS:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return _squeeze("".join(parts))


def _is_data_table(table) -> bool:
    if next(table.iterdescendants("table"), None) is not None:
        return False
    return all(len(_cell_text(td)) < 400 for td in table.iterdescendants("td", "th"))


def _walk(el, out: list[Line], buf: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else None
    if tag is None or tag in _SKIP_TAGS:
        if el.tail:
            buf.append(el.tail)
        return
    if tag == "table" and _is_data_table(el):
        _flush(out, buf)
        for tr in el.iter("tr"):
            cells = [Cell(_cell_text(td) or None) for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]
            if cells:
                out.append(Line(cells, grid=True))
        out.append(Line())
    elif tag == "br":
        _flush(out, buf)
    elif tag == "img":
        _flush(out, buf)
        out.append(Line(image=True))
    else:
        block = tag in _BLOCK_TAGS or tag in ("td", "th")
        if block:
            _flush(out, buf)
        if el.text:
            buf.append(el.text)
        for child in el:
            _walk(child, out, buf)
        if block:
            _flush(out, buf)
    if el.tail:
        buf.append(el.tail)


# ---------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_source(data: bytes) -> Source:
    """Paragraphs and table rows of a DOCX body, in document order."""
    lim = limits()
    try:
        with open_zip(data, lim, what="DOCX文件") as zf:
            if "word/document.xml" not in set(zf.namelist()):
                raise ReportReadError("ZIP压缩包不是Word（DOCX）文档，无法读取。")
            xml = read_member(zf, "word/document.xml", lim, what="DOCX文件")
    except UnreadableFile as exc:
        raise ReportReadError(exc.message_zh) from None
    from lxml import etree

    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        raise ReportReadError("DOCX文件已损坏（正文XML无法解析），无法读取。") from None
    body = root.find(f"{_W}body")
    if body is None:
        raise ReportReadError("DOCX文件中没有正文。")
    out: list[Line] = []
    _docx_block(body, out)
    return Source("docx", out)


def _docx_text(el) -> str:
    parts = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}p"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}p" and parts:
            parts.append(" ")
        else:
            parts.append(" ")
    return _squeeze("".join(parts))


def _docx_block(parent, out: list[Line]) -> None:
    for child in parent:
        if child.tag == f"{_W}p":
            t = _docx_text(child)
            out.extend(lines_from_text(t) if len(t) >= MIN_LENGTH else [_text_line(t) if t else Line()])
            if next(child.iter(f"{_W}drawing", f"{_W}pict"), None) is not None:
                out.append(Line(image=True))
        elif child.tag == f"{_W}tbl":
            for tr in child.iter(f"{_W}tr"):
                cells = []
                for tc in tr.findall(f"{_W}tc"):
                    vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                    continued = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
                    t = "" if continued else _docx_text(tc)
                    cells.append(Cell(t or None))
                if cells:
                    out.append(Line(cells, grid=True))
            out.append(Line())
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            _docx_block(child, out)


def parse_pdf_date(value: object) -> date | None:
    """The date of a PDF metadata value such as ``D:20240226144123+08'00'``."""
    if isinstance(value, bytes):
        value = value.decode("latin-1", "ignore")
    if not isinstance(value, str):
        return None
    m = re.search(r"(\d{4})(\d{2})(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


__all__ = ["MAX_BYTES", "Source", "load", "decode_text", "html_lines", "docx_source", "parse_pdf_date",
           "parse_number", "is_page_number"]
