"""Read a published 政府信息公开工作年度报告 into the report JSON of shared/spec/report-json.md.

Public API (pure: no database, no Django):

* ``read_report(data, *, source="-") -> dict`` — the report dict (``source, agency, year, format,
  published_on, metadata, sections, table2, table3, table4``) whose ``findings`` are only the
  reading's own (``reading.*``: runs of digits split or left unread, stray tokens rejected);
* ``audit(data, *, source="-", previous=None, organ_kind=None) -> dict`` — the same dict with
  ``findings`` filled by `gongkai.annual_reports.checks.check_report`; ``previous`` is last
  year's report (bytes/str to read, or an already read dict);
* ``ReportReadError`` — raised with a Chinese message for input that cannot be read (empty,
  binary junk, corrupt/encrypted PDF, scanned PDF needing OCR, a DOCX or text that is no
  report, a file over ``MAX_BYTES`` or over a limit of `gongkai.core.untrusted`); no other
  exception leaves `read_report` (gongkai/core/tests/test_untrusted_fuzz.py holds it to that);
* ``audit_bounded(data, ...)`` — `audit` in a worker process with the limits of
  `gongkai.core.untrusted` (memory, CPU, time): what the public page and `audit_report` call.

The kind of input (PDF, DOCX, HTML, text/Markdown/pasted web text) is detected from the
content, never from a file name.  Printed numbers are never changed: blank cells are ``None``.
"""

from __future__ import annotations

from gongkai.core.untrusted import READ_ERRORS, UnreadableFile, limits, run_bounded

from .document import build
from .errors import ReportReadError
from .sources import MAX_BYTES, kind_of, load
from .tables import place_t2_with_previous

__all__ = ["MAX_BYTES", "ReportReadError", "audit", "audit_bounded", "read_report"]


def read_report(data: bytes | str, *, source: str = "-") -> dict:
    """Read one report; raise ReportReadError (Chinese message) when it cannot be read."""
    try:
        src = load(data)
        report = build(src, source)
    except ReportReadError:
        raise
    except UnreadableFile as exc:  # a limit of gongkai.core.untrusted
        raise ReportReadError(exc.message_zh) from None
    except READ_ERRORS as exc:  # a library tripping over a damaged file: one contract, never a 500
        raise ReportReadError(_damaged(data, exc)) from None
    if report["table3"] is None and not report["sections"] and report["table4"] is None \
            and not any(f["rule"] == "reading.heading_inline" for f in report["findings"]):
        raise ReportReadError(_not_a_report(src.kind, report))
    return report


def _damaged(data: bytes | str, exc: BaseException) -> str:
    if isinstance(exc, MemoryError | RecursionError):
        return "文件过于复杂，无法读取；请另存为较简单的PDF或DOCX后再试。"
    kind = "text" if isinstance(data, str) else kind_of(data)
    what = {"docx": "DOCX文件", "pdf": "PDF文件", "html": "网页"}.get(kind, "文件")
    return f"{what}已损坏或格式无效，无法读取。"


def _not_a_report(kind: str, report: dict) -> str:
    """Why the input is not read as a report, in terms a supervisor can act on."""
    what = {"docx": "这个DOCX文档", "html": "这个网页", "pdf": "这个PDF", "text": "这段文本"}.get(kind, "输入")
    found = "；只找到了表二（主动公开政府信息情况）的数字" if report["table2"] else ""
    return (f"{what}不是政府信息公开工作年度报告：既没有找到年度报告格式的章节标题（一、总体情况……"
            f"六、其他需要报告的事项），也没有找到表三（“本年新收政府信息公开申请数量”等行）或表四"
            f"（“行政复议”“行政诉讼”）{found}。若报告是扫描件或图片，需要OCR（文字识别）后才能读取。")


def audit(data: bytes | str, *, source: str = "-", previous: bytes | str | dict | None = None,
          organ_kind: str | None = None) -> dict:
    """Read a report and add its findings (see gongkai/annual_reports/RULES.md)."""
    from ..checks import check_report

    report = read_report(data, source=source)
    prev = read_report(previous, source="previous") if isinstance(previous, (bytes, str)) else previous
    if prev is not None:
        place_t2_with_previous(report, prev)
    report["findings"] = report.get("findings", []) + check_report(report, previous=prev, organ_kind=organ_kind)
    return report


def audit_bounded(data: bytes | str, *, source: str = "-", previous: bytes | str | dict | None = None,
                  organ_kind: str | None = None) -> dict:
    """`audit` in a forked worker bounded in memory, CPU and wall-clock time (`gongkai.core.untrusted`):
    a hostile file costs that worker, never the web server; over a limit it is a ReportReadError."""
    _preload(data)
    return run_bounded(audit, data, source=source, previous=previous, organ_kind=organ_kind,
                       lim=limits(), error=ReportReadError)


def _preload(data: bytes | str) -> None:
    """Import the parser in the parent once, so each forked worker does not import it again."""
    if isinstance(data, bytes) and kind_of(data) == "pdf":
        import pdfplumber  # noqa: F401
    from ..checks import check_report  # noqa: F401
