"""Hostile files, made on the fly for the tests and bench/bench_hostile.py (never committed: they are big
when unpacked). Each reproduces a file of the attack run of issue 15:

* `many_page_pdf()` — 74 KB, 500 pages sharing one heavy content stream (105 s and +2 GB unbounded);
* `paragraph_bomb_docx()` — ~150 KB holding 40 MB of paragraphs (109 s and +829 MB unbounded);
* `damaged_docx_family()` — ZIP entries flagged encrypted, an unknown and a wrong compression method, a
  corrupt deflate stream, a negative seek (each gave HTTP 500 before).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>')


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A syntactically valid PDF from numbered object bodies (1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF printing `lines` (ASCII) in Helvetica: a small valid file to mutate."""
    ops = [b"BT /F1 10 Tf 20 780 Td 12 TL"]
    ops += [b"(" + line.encode("latin-1").replace(b"(", b"[").replace(b")", b"]") + b") '" for line in lines]
    ops.append(b"ET")
    content = b"\n".join(ops)
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def many_page_pdf(pages: int = 500, ops: int = 20_000) -> bytes:
    """`pages` pages that all draw one deflated content stream of `ops` text operations."""
    content = b"BT /F1 1 Tf " + b"(x) Tj 0.01 0 Td " * ops + b"ET"
    packed = zlib.compress(content, 9)
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 3 0 R >>")
    objects += [page] * pages
    return pdf_from_objects(objects)


def docx_from_xml(document_xml: bytes, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def paragraph_bomb_docx(megabytes: int = 40) -> bytes:
    """A DOCX whose word/document.xml holds `megabytes` MB of short paragraphs."""
    paragraph = "<w:p><w:r><w:t>本机关依法公开政府信息。</w:t></w:r></w:p>".encode()
    count = megabytes * 1024 * 1024 // len(paragraph)
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
           + paragraph * count + b"</w:body></w:document>")
    return docx_from_xml(xml)


def small_docx() -> bytes:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'
           "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"
           "<w:p><w:r><w:t>本年度本机关主动公开政府信息120条。</w:t></w:r></w:p>"
           "</w:body></w:document>").encode()
    return docx_from_xml(xml)


def _patch_entry(data: bytes, name: bytes, *, flags: int | None = None, method: int | None = None,
                 offset: int | None = None) -> bytes:
    """Rewrite one entry's local header and central-directory record (flag bits, compression method,
    local-header offset)."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30:local + 30 + name_len] == name:
            if flags is not None:
                struct.pack_into("<H", out, local + 6, flags)
            if method is not None:
                struct.pack_into("<H", out, local + 8, method)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46:central + 46 + name_len] == name:
            if flags is not None:
                struct.pack_into("<H", out, central + 8, flags)
            if method is not None:
                struct.pack_into("<H", out, central + 10, method)
            if offset is not None:
                struct.pack_into("<I", out, central + 42, offset & 0xFFFFFFFF)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def damaged_docx_family() -> dict[str, bytes]:
    """The five hand-made variants of a damaged Word file that gave HTTP 500 before."""
    good = small_docx()
    name = b"word/document.xml"
    corrupt = bytearray(good)
    start = corrupt.find(b"PK\x03\x04", corrupt.find(name) - 30)
    body = start + 30 + len(name) + struct.unpack_from("<H", corrupt, start + 28)[0]
    for i in range(body, body + 40):
        corrupt[i] ^= 0x5A
    return {
        "encrypted entry": _patch_entry(good, name, flags=0x1),
        "unknown compression method": _patch_entry(good, name, method=99),
        "wrong compression method": _patch_entry(good, name, method=zipfile.ZIP_BZIP2),
        "corrupt deflate stream": bytes(corrupt),
        "offset past the end": _patch_entry(good, name, offset=0xFFFFFFF0),
        "negative seek": _negative_seek(good),
    }


def _negative_seek(data: bytes) -> bytes:
    """The end record claims the central directory starts later than it does: zipfile then seeks
    before the start of the file."""
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack_from("<I", out, end + 16)[0]
    struct.pack_into("<I", out, end + 16, cd_offset + 4096)
    return bytes(out)
