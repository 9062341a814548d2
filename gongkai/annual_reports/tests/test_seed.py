"""The seed report (pasted web text, one cell a line with stray '|') is read exactly."""

from __future__ import annotations

import re

import pytest

from gongkai.annual_reports.reading import audit
from gongkai.annual_reports.reading.template import METADATA_FIELDS, T3_ROWS_COMBINED, T4_COLUMNS, T4_GROUPS

from .helpers import SEED

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason=f"the shared seed is absent ({SEED})")


def _printed_numbers(text: str, start: str, end: str) -> list[int]:
    """The cells printed as 'N |' between two headings, in order (read independently of the reader)."""
    block = text[text.index(start):text.index(end)]
    return [int(m) for m in re.findall(r"^(\d+) \|$", block, flags=re.M)]


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    return text, audit(SEED.read_bytes(), source=str(SEED))


def test_table3_every_cell(seed):
    text, report = seed
    nums = _printed_numbers(text, "三、收到和处理", "四、政府信息公开行政复议")
    assert len(nums) == 23 * 7
    assert list(report["table3"]) == list(T3_ROWS_COMBINED)
    for i, code in enumerate(T3_ROWS_COMBINED):
        assert report["table3"][code] == nums[i * 7:i * 7 + 7], code


def test_table4_every_cell(seed):
    text, report = seed
    nums = _printed_numbers(text, "四、政府信息公开行政复议", "五、存在的主要问题")
    assert len(nums) == 15
    got = [report["table4"][g][c] for g in T4_GROUPS for c in T4_COLUMNS]
    assert got == nums


def test_metadata_only_title(seed):
    _text, report = seed
    md = report["metadata"]
    assert md["title"] == "2024年岭东区人民政府信息公开工作年度报告"
    assert all(md[f] is None for f in METADATA_FIELDS if f != "title")
    assert report["agency"] == "岭东区人民政府" and report["year"] == 2024
    assert report["format"] == "2021" and report["table2"] is None


def test_sections_printed_titles(seed):
    text, report = seed
    printed = [s["printed_title"] for s in report["sections"]]
    headings = [ln for ln in text.splitlines() if re.match(r"^[一二三四五六]、\S", ln) and "|" not in ln]
    assert printed == headings
    assert [s["code"] for s in report["sections"]] == [
        "overview", "proactive", "applications", "remedies", "problems", "other"]
    assert printed[4] == "五、存在的主要问题及改进措施"
    assert report["sections"][4]["title"] == "五、存在的主要问题及改进情况"


def test_findings_name_what_is_lacking_and_what_holds(seed):
    _text, report = seed
    by_rule = {}
    for f in report["findings"]:
        by_rule.setdefault(f["rule"], []).append(f)
    assert by_rule["table.missing"][0]["where"] == "table2"
    assert by_rule["table.missing"][0]["severity"] == "error"
    assert by_rule["section.title_nonstandard"][0]["where"] == "sections.problems"
    assert by_rule["table3.other_combined"][0]["severity"] == "warning"
    assert {f["where"] for f in by_rule["metadata.empty"]} == {
        f"metadata.{f}" for f in METADATA_FIELDS if f != "title"}
    assert not any(r.startswith(("table3.balance", "table3.row_total", "table3.outcome_sum", "table4."))
                   for r in by_rule)
    assert not any(r.startswith("prose.") for r in by_rule)  # the prose's 2件 matches table 三
    assert [f["rule"] for f in report["findings"] if f["severity"] == "error"] == ["table.missing"]
