"""Attachment checks and text extraction. Pure: bytes in, a verdict and text out.

An upload is accepted by what it is, not by what it is called: its first bytes must be those of a
PDF, a DOCX (a ZIP holding word/document.xml), a PNG, a JPEG or a GIF, and its name's extension must
agree. The text of PDFs (pdfplumber) and DOCX files (python-docx) goes into the search index; it is read
in a worker bounded in memory and time (gongkai.core.untrusted.run_bounded), so no file can take the web
server with it.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from gongkai.core.exceptions import ApplicationError
from gongkai.core.untrusted import (
    READ_ERRORS,
    UnreadableFile,
    limits,
    open_zip,
    read_member,
    read_slot,
    run_bounded,
)

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
# A published document may run longer than an annual report: it is accepted whatever its length, and the
# text of its first MAX_PAGES pages (at most MAX_TEXT_CHARS characters) goes into the search index.
MAX_PAGES = 100


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
        except READ_ERRORS:
            return None
    return None


def check_upload(name: str, data: bytes, *, read: bool = True) -> CheckedFile:
    """Accept or refuse an upload (Chinese messages); returns its kind and extracted text. `read=False` checks
    size, content and name only (cheap: for a service already holding locks, after its form has read it)."""
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
    return CheckedFile(kind=kind, content_type=CONTENT_TYPES[kind], text=extract_text(kind, data) if read else "")


def clean_upload(upload, label: str = ""):
    """A form's `clean_<field>` for an uploaded file: the same check as every attachment (check_upload: content,
    name, size, a read in the bounded worker), refused as a ValidationError in Chinese; None passes."""
    from django import forms

    if upload is None:
        return None
    data = upload.read(max_bytes() + 1)
    upload.seek(0)
    try:
        check_upload(upload.name, data)
    except ApplicationError as exc:
        raise forms.ValidationError(f"{label}：{exc.message}" if label else exc.message) from None
    return upload


def extract_text(kind: str, data: bytes) -> str:
    """The text of a PDF or DOCX for the search index (an image is only checked), read in a bounded worker
    (gongkai.core.untrusted): a file over a limit or too complex to read in time is refused in Chinese."""
    if kind not in ("pdf", "docx", "png", "jpeg", "gif"):
        return ""
    if kind == "pdf":
        import pdfplumber  # noqa: F401 - imported once here, not in every worker
    try:
        return run_bounded(_read, kind, data, lim=limits())
    except UnreadableFile as exc:
        raise ApplicationError(exc.message_zh, field="file") from None


def _read(kind: str, data: bytes) -> str:
    lim = limits()
    try:
        if kind == "pdf":
            return _pdf_text(data)
        if kind == "docx":
            return _docx_text(data, lim)
        _check_image(data)
        return ""
    except UnreadableFile:
        raise
    except READ_ERRORS as exc:  # pdfminer, zipfile/zlib, lxml and PIL raise many kinds for damaged files
        what = {"pdf": "PDF 文件", "docx": "DOCX 文件"}.get(kind, "图片文件")
        secret = kind == "pdf" and "encrypt" in f"{type(exc).__name__} {exc!r}".lower()
        raise UnreadableFile(f"无法读取该 {what}，文件可能已损坏{'或加密' if secret or kind == 'pdf' else ''}。") from None


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    parts: list[str] = []
    size = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if number > MAX_PAGES or size > MAX_TEXT_CHARS:
                break
            text = page.extract_text() or ""
            page.close()  # streamed: one page's objects at a time
            parts.append(text)
            size += len(text)
    return "\n".join(parts)[:MAX_TEXT_CHARS]


def _docx_text(data: bytes, lim) -> str:
    import docx

    with open_zip(data, lim, what="DOCX 文件") as archive:  # encryption, compression and sizes checked first
        read_member(archive, "word/document.xml", lim, what="DOCX 文件")
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(p for p in parts if p)[:MAX_TEXT_CHARS]


def _check_image(data: bytes) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.verify()


def clean_name(name: str, default: str = "附件") -> str:
    """An uploaded file's name without any folder part, at most 200 characters."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or default


def check_upload_in_slot(name: str, data: bytes) -> CheckedFile:
    """`check_upload` in one of the server's read slots (core.untrusted.read_slot), before any transaction:
    a slow or hostile file never holds a lock; no free slot is a Chinese "retry" message."""
    try:
        with read_slot():
            return check_upload(name, data)
    except UnreadableFile as exc:  # no free read slot
        raise ApplicationError(exc.message_zh, field="file") from None
