"""The error contract of every reader of untrusted files, fuzzed: mutated text, HTML, DOCX, PDF and XLSX bytes
may give a result or the reader's own Chinese error — never anything else (no 500 behind it).

Seeds are small real-looking files (a corpus report's text and web page when ../shared is present, a DOCX
and a PDF made here); mutations flip, cut, insert and duplicate bytes and rewrite ZIP header fields
(flags, compression method, sizes, offsets), as the attack run's 6,400-input fuzzer did.
"""

from __future__ import annotations

import io
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_reports.reading import ReportReadError, read_report
from gongkai.catalogue import attachments
from gongkai.core.hostile import docx_from_xml, text_pdf
from gongkai.core.importing import _xlsx_rows
from gongkai.core.untrusted import UnreadableFile

from ...annual_reports.tests.helpers import CORPUS

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _report_text() -> str:
    raw = CORPUS / "raw" / "js-huaian-hongze-2024-pdflayout.txt"
    if raw.is_file():
        return raw.read_text(encoding="utf-8")
    return "\n".join(["某区人民政府2024年政府信息公开工作年度报告", "一、总体情况", "本年度主动公开政府信息120条。",
                      "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量 10 2 0 0 0 0 12"])


def _docx(text: str) -> bytes:
    from xml.sax.saxutils import escape

    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.splitlines()[:80])
    table = "<w:tbl>" + "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{v}</w:t></w:r></w:p></w:tc>" for v in row) + "</w:tr>"
        for row in (["一、本年新收政府信息公开申请数量", "10", "2", "0", "0", "0", "0", "12"],
                    ["二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"])) + "</w:tbl>"
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{paragraphs}{table}</w:body></w:document>'
    return docx_from_xml(xml.encode())


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["名称", "栏目", "成文日期", "发布日期"])
    for i in range(20):
        sheet.append([f"关于第{i}项工作的通知", "政策文件", "2024-03-05", "2024-03-06"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TEXT = _report_text()
HTML_PAGE = CORPUS / "raw" / "js-suqian-shuyang-fgj-2023-html.html"
REPORT_SEEDS = [TEXT.encode("utf-8"), _docx(TEXT), text_pdf([f"{i} 10 2 0 0 0 0 12" for i in range(40)])]
if HTML_PAGE.is_file():
    REPORT_SEEDS.append(HTML_PAGE.read_bytes()[:40_000])
ATTACHMENT_SEEDS = {"docx": REPORT_SEEDS[1], "pdf": REPORT_SEEDS[2]}
XLSX_SEED = _xlsx()


def _zip_field(data: bytearray, which: int, value: int) -> None:
    """Rewrite a header field of a ZIP's local or central records (flags, method, CRC, sizes, offset)."""
    fields = [(b"PK\x03\x04", 6, "<H"), (b"PK\x03\x04", 8, "<H"), (b"PK\x03\x04", 18, "<I"),
              (b"PK\x03\x04", 22, "<I"), (b"PK\x01\x02", 8, "<H"), (b"PK\x01\x02", 10, "<H"),
              (b"PK\x01\x02", 24, "<I"), (b"PK\x01\x02", 42, "<I"), (b"PK\x05\x06", 16, "<I")]
    magic, offset, fmt = fields[which % len(fields)]
    starts = []
    at = data.find(magic)
    while at != -1:
        starts.append(at)
        at = data.find(magic, at + 4)
    if not starts:
        return
    start = starts[value % len(starts)] + offset
    if start + struct.calcsize(fmt) <= len(data):
        struct.pack_into(fmt, data, start, value & (0xFFFF if fmt == "<H" else 0xFFFFFFFF))


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "zip", "zip"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "cut":
            data = data[:pos] + data[pos + draw(st.integers(1, 4096)):]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif op == "repeat":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 512))] * draw(st.integers(2, 20))
        elif op == "zip":
            _zip_field(data, draw(st.integers(0, 8)), draw(st.integers(0, 0xFFFFFFFF)))
    return bytes(data)


FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(mutated(REPORT_SEEDS))
def test_reader_raises_only_report_read_error(data):
    try:
        report = read_report(data, source="fuzz")
    except ReportReadError as exc:
        assert exc.message_zh and all(ord(ch) >= 32 for ch in exc.message_zh[:1])
    else:
        assert isinstance(report, dict) and "table3" in report


@settings(FUZZ, max_examples=100)
@given(st.sampled_from(sorted(ATTACHMENT_SEEDS)), st.data())
def test_attachment_reader_raises_only_unreadable_file(kind, data):
    blob = data.draw(mutated([ATTACHMENT_SEEDS[kind]]))
    try:
        text = attachments._read(kind, blob)
    except UnreadableFile as exc:
        assert exc.message_zh
    else:
        assert isinstance(text, str)


@settings(FUZZ, max_examples=60)
@given(mutated([XLSX_SEED]))
def test_import_reader_raises_only_unreadable_file(data):
    try:
        rows = _xlsx_rows(data)
    except UnreadableFile as exc:
        assert exc.message_zh
    else:
        assert isinstance(rows, list)


@pytest.mark.parametrize("seed", range(len(REPORT_SEEDS)))
def test_seeds_are_readable_reports_or_attachments(seed):
    """The fuzzer starts from files that work, so the mutations test damage and not a broken seed."""
    if seed == 2:  # the PDF seed: ASCII rows, a readable attachment though no report
        assert "10 2 0" in attachments._read("pdf", REPORT_SEEDS[seed])
    else:
        assert read_report(REPORT_SEEDS[seed], source="seed")["sections"]
