"""Attachment checks and text extraction. Pure: bytes in, a verdict and text out.

An upload is accepted by what it is, not by what it is called: its first bytes must be those of a
PDF, a DOCX (a ZIP holding word/document.xml), a PNG, a JPEG or a GIF, and its name's extension must
agree. The text of PDFs (pdfplumber) and DOCX files (python-docx) goes into the search index.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from gongkai.core.exceptions import ApplicationError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
}
EXTENSIONS = {"pdf": ("pdf",), "docx": ("docx",), "png": ("png",), "jpeg": ("jpg", "jpeg"), "gif": ("gif",)}
ALLOWED_LABEL = "PDF、DOCX、PNG、JPG、GIF"
MAX_TEXT_CHARS = 500_000


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    text: str


def max_bytes() -> int:
    return getattr(settings, "GONGKAI_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff(data: bytes) -> str | None:
    """The kind the bytes really are, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(name: str, data: bytes) -> CheckedFile:
    """Accept or refuse an upload (Chinese messages); returns its kind and extracted text."""
    if not data:
        raise ApplicationError("附件是空文件。", field="file")
    limit = max_bytes()
    if len(data) > limit:
        raise ApplicationError(f"附件不能超过 {limit // (1024 * 1024)} MB。", field="file")
    kind = sniff(data)
    if kind is None:
        raise ApplicationError(f"不支持的附件类型：只接受 {ALLOWED_LABEL} 文件。", field="file")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS[kind]:
        raise ApplicationError(f"文件扩展名与内容不符：内容是 {kind.upper()} 文件。", field="file")
    return CheckedFile(kind=kind, content_type=CONTENT_TYPES[kind], text=extract_text(kind, data))


def extract_text(kind: str, data: bytes) -> str:
    if kind == "pdf":
        return _pdf_text(data)
    if kind == "docx":
        return _docx_text(data)
    if kind in ("png", "jpeg", "gif"):
        _check_image(data)
    return ""


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            parts = []
            for page in pdf.pages:
                parts.append(page.extract_text() or "")
                if sum(map(len, parts)) > MAX_TEXT_CHARS:
                    break
    except Exception as exc:  # pdfminer raises many kinds of errors for damaged files
        raise ApplicationError("无法读取该 PDF 文件，文件可能已损坏或加密。", field="file") from exc
    return "\n".join(parts)[:MAX_TEXT_CHARS]


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ApplicationError("无法读取该 DOCX 文件，文件可能已损坏。", field="file") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(p for p in parts if p)[:MAX_TEXT_CHARS]


def _check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ApplicationError("无法读取该图片文件，文件可能已损坏。", field="file") from exc
