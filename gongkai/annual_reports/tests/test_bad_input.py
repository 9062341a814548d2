"""Unreadable input gives a clear Chinese ReportReadError, and exit status 1 from the command."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from django.core.management import CommandError, call_command

from gongkai.annual_reports.reading import MAX_BYTES, ReportReadError, read_report

from .helpers import REPO, encrypted_pdf, image_only_pdf, make_pdf


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx_without_report() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("会议纪要：今天讨论了食堂的菜单。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


BAD = {
    "empty": (b"", "为空"),
    "whitespace": (b"  \n\n\t ", "为空"),
    "binary junk": (bytes(range(256)) * 40, "二进制"),
    "corrupt pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage \x00\x01\x02" * 3, "PDF"),
    "truncated pdf": (make_pdf([b"<< /Type /Catalog /Pages 2 0 R >>"])[:40], "PDF"),
    "encrypted pdf": (encrypted_pdf(), "加密"),
    "scanned pdf": (image_only_pdf(), "需要OCR"),
    "png image": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "OCR"),
    "docx that is no report": (_docx_without_report(), "不是政府信息公开工作年度报告"),
    "zip that is no docx": (_zip({"a.txt": b"hello"}), "不是Word"),
    "broken docx": (_zip({"word/document.xml": b"<w:document"}), "损坏"),
    "text that is no report": ("今天天气很好。\n我们去公园散步。\n".encode(), "不是政府信息公开工作年度报告"),
    "html with only scripts": (b"<html><body><script>document.write('\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5')</script></body></html>",
                               "不是政府信息公开工作年度报告"),
    "old word .doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "DOCX"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_read_report_raises_chinese_error(name):
    data, words = BAD[name]
    with pytest.raises(ReportReadError) as exc:
        read_report(data, source=name)
    assert isinstance(exc.value, ValueError)
    assert words in str(exc.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))


def test_too_big_is_refused_before_parsing():
    with pytest.raises(ReportReadError, match="MB"):
        read_report(b"a" * (MAX_BYTES + 1))


@pytest.mark.parametrize("name", ["empty", "binary junk", "encrypted pdf", "scanned pdf", "docx that is no report",
                                  "html with only scripts"])
def test_command_exits_1_with_chinese_reason(name, tmp_path, capsys):
    data, words = BAD[name]
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    with pytest.raises(CommandError) as exc:
        call_command("audit_report", str(path), "--json")
    assert exc.value.returncode == 1
    out, err = capsys.readouterr()
    assert words in err
    import json

    assert json.loads(out) == {"source": str(path), "error": json.loads(out)["error"]}


def test_command_refuses_file_over_limit(tmp_path, capsys):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(CommandError) as exc:
        call_command("audit_report", str(path))
    assert exc.value.returncode == 1
    assert "大小上限" in capsys.readouterr().err


def test_missing_file(tmp_path, capsys):
    with pytest.raises(CommandError) as exc:
        call_command("audit_report", str(tmp_path / "nope.pdf"))
    assert exc.value.returncode == 1
    assert "不存在" in capsys.readouterr().err


def test_subprocess_exit_status_and_stderr(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_only_pdf())
    proc = subprocess.run([sys.executable, "manage.py", "audit_report", str(path), "--json"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "需要OCR" in proc.stderr
    assert "Traceback" not in proc.stderr
