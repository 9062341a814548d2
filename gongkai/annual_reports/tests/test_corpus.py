"""Every number of every truth file is read exactly from its raw file and from its PDF."""

from __future__ import annotations

import pytest

from gongkai.annual_reports.reading import audit, read_report

from .helpers import CORPUS, assert_tables_equal, load_truth, needs_shared, raw_path, truth_ids, truth_tables

pytestmark = needs_shared


@pytest.mark.parametrize("rid", truth_ids())
def test_raw_file_read_cell_by_cell(rid):
    report = read_report(raw_path(rid).read_bytes(), source=str(raw_path(rid)))
    assert_tables_equal(report, truth_tables(load_truth(rid)))
    assert report["format"] == "2021"
    assert report["year"] == load_truth(rid)["year"]


@pytest.mark.parametrize("rid", [r for r in truth_ids() if r.endswith("-pdflayout")])
def test_pdf_read_cell_by_cell_against_layout_truth(rid):
    pdf = CORPUS / "pdf" / (rid.removesuffix("-pdflayout") + ".pdf")
    report = read_report(pdf.read_bytes(), source=str(pdf))
    assert_tables_equal(report, truth_tables(load_truth(rid)))
    assert [s["code"] for s in report["sections"]] == [
        "overview", "proactive", "applications", "remedies", "problems", "other"]


def test_html_blank_cells_stay_null():
    rid = "js-suqian-shuyang-fgj-2023-html"
    report = read_report(raw_path(rid).read_bytes())
    assert report["table3"]["received_new"] == load_truth(rid)["table3"]["一、本年新收政府信息公开申请数量"]
    assert report["metadata"]["index_no"] == "014314799/2024-00002"
    assert report["metadata"]["doc_no"] is None
    assert report["published_on"] == "2024-01-17"
    problems = next(s for s in report["sections"] if s["code"] == "problems")
    assert problems["printed_title"] == "五、存在的主要问题及整改措施"


@pytest.mark.parametrize("name", ["raw/js-huaian-hongze-2023-pdfraw.txt", "raw/js-huaian-hongze-2023-pdflayout.txt",
                                  "pdf/js-huaian-hongze-2023.pdf"])
def test_hongze_2023_table4_errors_reported_as_printed(name):
    report = audit((CORPUS / name).read_bytes(), source=name)
    t4 = report["table4"]
    truth = load_truth("js-huaian-hongze-2023-pdflayout")["table4"]
    assert t4["review"]["total"] == truth[4]  # printed 0, never repaired
    assert t4["litigation_after_review"]["total"] == truth[14]
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    wheres = {f["where"] for f in errors}
    assert wheres == {"table4.review.total", "table4.litigation_after_review.total"}
    assert all(f["where"].startswith("table4") and f["rule"] == "table4.total" for f in errors)


@pytest.mark.parametrize("name", ["raw/js-huaian-hongze-2024-pdfraw.txt", "pdf/js-huaian-hongze-2024.pdf"])
def test_hongze_2024_prose_mismatch_flagged(name):
    report = audit((CORPUS / name).read_bytes(), source=name)
    prose = [f for f in report["findings"] if f["rule"] == "prose.received_new"]
    assert len(prose) == 1
    assert "17" in prose[0]["message"] and "95" in prose[0]["message"]
    assert prose[0]["severity"] == "warning"
    assert not [f for f in report["findings"] if f["severity"] == "error"]


def test_consistent_reports_have_no_errors():
    for rid in truth_ids():
        report = audit(raw_path(rid).read_bytes())
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        if rid.startswith("js-huaian-hongze-2023"):
            assert len(errors) == 2
        else:
            assert errors == [], rid
