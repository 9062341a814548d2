"""Issue 13's forms 5-8 and its messages: table-二 rows a cell short, the organ and date from the
prose, tables printed as images, Word tables with the national format's merged cells, and why a
text is not read as a report."""

from __future__ import annotations

import io

import pytest

from gongkai.annual_reports.checks import check_report
from gongkai.annual_reports.reading import ReportReadError, audit, read_report

from .helpers import (
    assert_tables_equal,
    docx_national,
    html_report,
    load_truth,
    needs_shared,
    pasted_text,
    truth_ids,
    truth_tables,
)

# ------------------------------------------------------------------ form 8: Word tables


@needs_shared
@pytest.mark.parametrize("filled", [False, True], ids=["merged", "filled-then-merged"])
@pytest.mark.parametrize("rid", truth_ids())
def test_docx_with_national_merged_cells_reads_exactly_like_its_html(rid, filled):
    expected = truth_tables(load_truth(rid))
    report = read_report(docx_national(expected, filled=filled), source=f"{rid}.docx")
    assert_tables_equal(report, expected)
    assert report["findings"] == []  # nothing decoded, dropped or left unread
    assert [s["code"] for s in report["sections"]] == [
        "overview", "proactive", "applications", "remedies", "problems", "other"]
    html = read_report(html_report(expected).encode("utf-8"))
    assert (report["table2"], report["table3"], report["table4"]) == (html["table2"], html["table3"], html["table4"])


# ------------------------------------------------------------------ form 5: table 二 a cell short

_T2_FULL = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"


@pytest.fixture
def expected():
    from .helpers import REPO

    if not (REPO.parent / "shared" / "corpus" / "truth").is_dir():
        pytest.skip("the shared corpus is absent")
    return truth_tables(load_truth("js-huaian-city-2024-pdflayout"))


def _with_row(text: str, label: str, row: str) -> str:
    start = text.index(f"| {label} |")
    return text[:start] + row + text[text.index("\n", start):]


def test_table2_row_a_cell_short_is_placed_by_the_blocks_header(expected):
    text = _with_row(pasted_text(expected, "markdown"), "规章", "| 规章 | 22 | 235 |")
    text = text.replace(_T2_FULL, "| 信息内容 | 本年制发件数 | 现行有效件数 |", 1)
    report = audit(text)
    assert report["table2"]["regulations"] == {"issued": 22, "repealed": None, "in_force": 235}
    assert report["table2"]["normative_documents"] == expected["table2"]["normative_documents"]
    assert ("blank.cells", "table2") in {(f["rule"], f["where"]) for f in report["findings"]}


def test_table2_row_a_cell_short_is_never_dropped_nor_guessed(expected):
    text = _with_row(pasted_text(expected, "markdown"), "规章", "| 规章 | 22 | 235 |")
    report = audit(text)
    assert report["table2"]["regulations"] == {"issued": None, "repealed": None, "in_force": None}
    assert report["table2"]["normative_documents"] == expected["table2"]["normative_documents"]
    note = next(f for f in report["findings"] if f["where"] == "table2.regulations")
    assert note["rule"] == "reading.unplaced" and "22、235" in note["message"]
    assert note["candidates"] == [[None, 22, 235], [22, None, 235], [22, 235, None]]
    assert not [f for f in report["findings"] if f["rule"] == "blank.cells" and "regulations" in f["message"]]


def test_table2_row_a_cell_short_placed_by_last_years_in_force(expected):
    text = _with_row(pasted_text(expected, "markdown"), "规章", "| 规章 | 22 | 235 |")
    previous = read_report(pasted_text(expected, "markdown"))
    previous["table2"]["regulations"]["in_force"] = 200
    # 200 + 制发 − 废止 = 现行有效 leaves a whole number ≥ 0 for the missing cell only when 22 is
    # 本年废止 and 235 现行有效 (制发 57); 200 + 22 − 235 < 0 rules out the other two placements.
    report = audit(text, previous=previous)
    assert report["table2"]["regulations"] == {"issued": None, "repealed": 22, "in_force": 235}
    note = next(f for f in report["findings"] if f["where"] == "table2.regulations")
    assert note["rule"] == "reading.placed" and note["severity"] == "info" and "candidates" not in note


def test_a_complete_row_labelled_normative_documents_is_that_row(expected):
    text = pasted_text(expected, "markdown").replace("| 行政规范性文件 |", "| 规范性文件 |")
    report = read_report(text)
    assert report["table2"]["normative_documents"] == expected["table2"]["normative_documents"]
    assert report["table2"]["regulations"] == expected["table2"]["regulations"]


# ------------------------------------------------------------------ form 6: organ and date from the prose

_BODY = ("一、总体情况\n本年度共收到政府信息公开申请0件。\n二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n"
         "| 一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
         "四、政府信息公开行政复议、行政诉讼情况\n无。\n五、存在的主要问题及改进情况\n一是宣传不够。\n六、其他需要报告的事项\n未收取信息处理费。\n")


@pytest.mark.parametrize(("opening", "agency", "year"), [
    ("根据《中华人民共和国政府信息公开条例》规定，现发布江苏省交通运输厅2022年政府信息公开工作年度报告。", "江苏省交通运输厅", 2022),
    ("根据要求，特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。本报告包括总体情况等内容。",
     "湛江市人民政府地方志办公室", 2023),
    ("根据《条例》规定，现公布2025年二道区政府信息公开情况报告。", "二道区人民政府", 2025),
])
def test_organ_and_year_from_the_opening_sentence(opening, agency, year):
    report = read_report(opening + "\n" + _BODY)
    assert (report["agency"], report["year"]) == (agency, year)


def test_organ_and_date_from_the_signature():
    report = read_report("本报告数据统计期限为2024年1月1日至12月31日。\n" + _BODY + "岭东区发展和改革局\n2025年1月20日\n")
    assert report["agency"] == "岭东区发展和改革局"
    assert report["year"] == 2024
    assert report["published_on"] == "2025-01-20"


def test_signature_of_a_report_joined_into_one_line():
    text = ("根据规定，现发布岭东区发展和改革局2024年政府信息公开工作年度报告。" + _BODY + "岭东区发展和改革局 2025年1月20日")
    report = read_report(text.replace("\n", ""))
    assert report["agency"] == "岭东区发展和改革局" and report["year"] == 2024
    assert report["published_on"] == "2025-01-20"


# ------------------------------------------------------------------ form 7: tables printed as images

_IMAGE_PAGE = """<html><head><title>岭东区教育局2024年政府信息公开工作年度报告</title></head><body>
<h1>岭东区教育局2024年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>2024年，我局严格落实《条例》要求。</p>
<p>二、主动公开政府信息情况</p><p><img src="t2.png" alt=""></p>
<p>三、收到和处理政府信息公开申请情况</p><p><img src="t3.png" alt=""></p>
<p>四、政府信息公开行政复议、行政诉讼情况</p><p><img src="t4.png" alt=""></p>
<p>五、存在的主要问题及改进情况</p><p>一是解读不够深入。下一步加强培训。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></body></html>"""


def test_headings_with_tables_printed_as_images_are_read_not_refused():
    report = audit(_IMAGE_PAGE.encode("utf-8"))
    assert [s["code"] for s in report["sections"]] == [
        "overview", "proactive", "applications", "remedies", "problems", "other"]
    assert report["table2"] is None and report["table3"] is None and report["table4"] is None
    missing = {f["where"]: f["message"] for f in report["findings"] if f["rule"] == "table.missing"}
    assert set(missing) == {"table2", "table3", "table4"}
    assert all("图片" in m and "OCR" in m for m in missing.values())
    images = {f["where"] for f in report["findings"] if f["rule"] == "reading.table_image"}
    assert images == {"table2", "table3", "table4"}
    assert not [f for f in report["findings"] if f["rule"] == "section.missing"]


def _png() -> bytes:
    """A valid 1×1 grey PNG (a scanned table stands in for it)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def test_docx_with_a_picture_for_table3():
    import docx

    d = docx.Document()
    for text in ("岭东区教育局2024年政府信息公开工作年度报告", "一、总体情况", "略。", "三、收到和处理政府信息公开申请情况"):
        d.add_paragraph(text)
    d.add_picture(io.BytesIO(_png()))
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    buf = io.BytesIO()
    d.save(buf)
    report = audit(buf.getvalue())
    assert report["table3"] is None
    assert "table3" in {f["where"] for f in report["findings"] if f["rule"] == "reading.table_image"}


# ------------------------------------------------------------------ why a text is not a report


def test_a_text_that_is_no_report_says_what_was_looked_for():
    with pytest.raises(ReportReadError) as exc:
        read_report("关于召开2024年度工作会议的通知\n各科室：定于1月5日召开会议。")
    message = exc.value.message_zh
    assert "章节标题" in message and "表三" in message and "OCR" in message
    assert "一、总体情况" in message


def test_a_heading_printed_inside_a_paragraph_is_never_reported_missing():
    text = ("岭东区教育局2024年政府信息公开工作年度报告\n一、总体情况\n略。\n"
            "本部分汇报四、政府信息公开行政复议、行政诉讼情况，详见下表。\n五、存在的主要问题及改进情况\n略。\n")
    report = audit(text)
    rules = {(f["rule"], f["where"]) for f in report["findings"]}
    assert ("reading.heading_inline", "sections.remedies") in rules
    assert ("section.missing", "sections.remedies") not in rules
    assert ("section.missing", "sections.other") in rules  # absent from the text: reported


# ------------------------------------------------------------------ the checks leave unread cells out


def test_checks_leave_out_cells_the_reader_could_not_read():
    zeros = dict.fromkeys(("upheld", "corrected", "other", "pending", "total"), 0)
    report = {
        "table2": None, "table3": None, "sections": [], "format": "2021", "year": 2024, "published_on": None,
        "table4": {"review": {"upheld": None, "corrected": None, "other": None, "pending": 0, "total": 13},
                   "litigation_direct": dict(zeros), "litigation_after_review": dict(zeros)},
        "findings": [{"rule": "reading.ambiguous", "severity": "warning", "where": "table4", "message": "…",
                      "printed": "12100130000031004", "candidates": []}],
    }
    rules = {(f["rule"], f["where"]) for f in check_report(report)}
    assert ("table4.total", "table4.review.total") not in rules  # 0 + 0 + 0 + 0 ≠ 13 would be false
    assert ("blank.cells", "table4.review") not in rules  # printed, not blank
    report["findings"] = []
    rules = {(f["rule"], f["where"]) for f in check_report(report)}
    assert {("table4.total", "table4.review.total"), ("blank.cells", "table4.review")} <= rules


# ------------------------------------------------------------------ form 4: a stray token before a Markdown row


def test_a_lone_digit_line_before_a_markdown_row_shifts_nothing(expected):
    """A lone "1" (a PDF page artefact) before a Markdown row used to shift every later cell."""
    text = pasted_text(expected, "markdown")
    at = text.index("| （一）予以公开")
    report = audit(text[:at] + "1\n" + text[at:])
    assert report["table3"] == expected["table3"]
    stray = [f for f in report["findings"] if f["rule"] == "reading.stray"]
    assert [f["where"] for f in stray] == ["table3.carried_in"] and "“1”" in stray[0]["message"]
    assert not [f for f in report["findings"] if f["severity"] == "error"]
