"""Other forms of the same report: pasted web text variants, Markdown, HTML, DOCX, 2019 format."""

from __future__ import annotations

import copy

import pytest

from gongkai.annual_reports.reading import audit, read_report

from .helpers import (
    assert_tables_equal,
    docx_report,
    html_report,
    load_truth,
    needs_shared,
    pasted_text,
    truth_ids,
    truth_tables,
)

pytestmark = needs_shared
# One 25-row report with large numbers and a decimal fee, one 23-row report, one with blank cells.
SOURCES = ["js-huaian-city-2024-pdflayout", "js-huaian-hongze-2024-pdflayout", "js-suqian-shuyang-fgj-2023-html"]


@pytest.fixture(params=[r for r in SOURCES if r in truth_ids()])
def expected(request):
    return truth_tables(load_truth(request.param))


@pytest.mark.parametrize("style", ["pipe-cells", "markdown", "tabs", "lines"])
def test_pasted_text_variants(expected, style):
    text = pasted_text(expected, style)
    report = read_report(text)  # "lines" with blank cells: placed by their line offsets
    assert_tables_equal(report, expected)
    assert report["agency"] == "岭东区人民政府" and report["year"] == 2024
    assert [s["code"] for s in report["sections"]][-1] == "other"


def test_pasted_text_as_bytes_in_gb18030(expected):
    text = pasted_text(expected, "pipe-cells")
    assert_tables_equal(read_report(text.encode("gb18030")), expected)


def test_html_with_rowspan_colspan_and_split_spans(expected):
    page = html_report(expected)
    report = read_report(page.encode("utf-8"))
    assert_tables_equal(report, expected)
    assert report["metadata"]["index_no"] == "000000001/2025-00001"
    assert report["metadata"]["doc_no"] is None and report["metadata"]["keywords"] is None
    assert report["published_on"] == "2025-01-20"
    assert report["sections"][0]["printed_title"] == "一、总体情况"


def test_html_scripts_are_never_read(expected):
    report = read_report(html_report(expected))
    assert report["table3"]["received_new"] == expected["table3"]["received_new"]  # not the script's 999
    assert all("alert" not in s["text"] for s in report["sections"])


def test_docx_word_tables(expected):
    report = read_report(docx_report(expected), source="report.docx")
    assert_tables_equal(report, expected)
    assert report["sections"][2]["code"] == "applications"


def test_prose_quoting_the_table_is_not_flagged(expected):
    report = audit(pasted_text(expected, "markdown"))
    assert not [f for f in report["findings"] if f["rule"].startswith("prose.")]


def test_prose_mismatch_in_pasted_text(expected):
    text = pasted_text(expected, "markdown").replace("本年度共收到政府信息公开申请", "本年度共收到政府信息公开申请1")
    report = audit(text)
    assert [f["where"] for f in report["findings"] if f["rule"] == "prose.received_new"] == [
        "table3.received_new.total"]


def test_2019_trial_format_table2():
    expected = truth_tables(load_truth("js-huaian-hongze-2024-pdflayout"))
    text = pasted_text(expected, "markdown")
    old_t2 = (
        "第二十条第（一）项\n| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n|---|---|---|---|\n"
        "| 规章 | 0 | 0 | 0 |\n| 规范性文件 | 3 | 3 | 8 |\n"
        "第二十条第（五）项\n| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n|---|---|---|---|\n"
        "| 行政许可 | 120 | 2 | 9487 |\n"
    )
    start, end = text.index("第二十条第（一）项"), text.index("三、收到和处理")
    text = text[:start] + old_t2 + text[end:]
    report = audit(text)
    assert report["format"] == "2019"
    assert report["table2"]["regulations"] == {"made": 0, "published": 0, "published_total": 0}
    assert report["table2"]["normative_documents"]["published_total"] == 8
    rules = {f["rule"] for f in report["findings"]}
    assert "format.2019" in rules
    assert_tables_equal(report, {**expected, "table2": None} | {"table2": report["table2"]})


def test_blank_cells_are_null_and_flagged():
    expected = truth_tables(load_truth("js-huaian-city-2024-pdflayout"))
    blanked = copy.deepcopy(expected)
    blanked["table3"]["carried_in"] = [34, None, None, None, None, None, 34]
    blanked["table4"]["review"]["pending"] = None
    blanked["table4"]["review"]["total"] = 314
    report = audit(pasted_text(blanked, "markdown"))
    assert_tables_equal(report, blanked)
    blank = [f for f in report["findings"] if f["rule"] == "blank.cells"]
    assert {f["where"] for f in blank} >= {"table3.*.commercial", "table4.review"}
    assert not [f for f in report["findings"] if f["severity"] == "error"]


def test_arithmetic_errors_found_per_rule():
    expected = truth_tables(load_truth("js-huaian-city-2024-pdflayout"))
    broken = copy.deepcopy(expected)
    broken["table3"]["disclosed"][0] += 1  # breaks row total, balance is fine, outcome sum breaks
    broken["table3"]["carried_out"][6] = -1
    report = audit(pasted_text(broken, "markdown"))
    assert report["table3"]["disclosed"][0] == expected["table3"]["disclosed"][0] + 1  # as printed
    rules = {(f["rule"], f["where"]) for f in report["findings"] if f["severity"] == "error"}
    assert ("table3.row_total", "table3.disclosed.total") in rules
    assert ("table3.outcome_sum", "table3.total.natural_person") in rules
    assert ("count.negative", "table3.carried_out.total") in rules
    assert ("table3.balance", "table3.*.total") in rules


def test_layout_text_blank_cells_placed_by_column():
    """pdftotext -layout with blank cells: numbers are placed by their column positions."""
    import re

    from .helpers import raw_path

    rid = "js-huaian-city-2024-pdflayout"
    expected = truth_tables(load_truth(rid))
    lines = raw_path(rid).read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("二、上年结转") or "3.补正后申请内容仍不明确" in line:
            label_end = line.index("量") + 1 if line.startswith("二") else line.index("确") + 1
            nums = list(re.finditer(r"\d+", line[label_end:]))
            for m in nums[1:6]:  # blank the five 法人 columns, keep the spacing
                a, b = label_end + m.start(), label_end + m.end()
                line = line[:a] + " " * (b - a) + line[b:]
            lines[i] = line
    blanked = copy.deepcopy(expected)
    for code in ("carried_in", "unavailable_still_unclear"):
        blanked["table3"][code] = [expected["table3"][code][0], None, None, None, None, None,
                                   expected["table3"][code][6]]
    assert_tables_equal(read_report("\n".join(lines)), blanked)
