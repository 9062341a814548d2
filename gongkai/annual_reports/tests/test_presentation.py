from gongkai.annual_reports.presentation import _touches, layout


def report(**overrides):
    table3 = {code: [0] * 7 for code in (
        "received_new", "carried_in", "disclosed", "partly_disclosed", "withheld_state_secret",
        "withheld_law_prohibited", "withheld_three_securities", "withheld_third_party",
        "withheld_internal_affairs", "withheld_process_info", "withheld_enforcement_file",
        "withheld_inquiry_matter", "unavailable_not_held", "unavailable_needs_creation",
        "unavailable_still_unclear", "not_handled_petition", "not_handled_repeat", "not_handled_publication",
        "not_handled_excessive", "not_handled_confirmation", "other_no_correction", "other_unpaid_fee",
        "other_misc", "total", "carried_out")}
    base = {"format": "2021", "table2": None, "table3": table3, "table4": None, "findings": []}
    base.update(overrides)
    return base


def test_touches_matches_cells_columns_and_rows():
    assert _touches("table3.received_new.natural_person", "table3.received_new.natural_person")
    assert _touches("table3.*.natural_person", "table3.carried_out.natural_person")
    assert not _touches("table3.*.natural_person", "table3.carried_out.total")
    assert _touches("table3.total", "table3.total.research")
    assert not _touches("table3.total", "table3.total_x.research")
    assert not _touches("table4.review.total", "table4.review")


def test_table3_rowspans_follow_the_format():
    rows = layout(report())["table3"]
    assert len(rows) == 25
    outcome = [r for r in rows if r["outcome"]]
    assert len(outcome) == 22 and outcome[0]["outer_span"] == 22
    spans = {r["middle"]: r["middle_span"] for r in rows if r["middle_span"]}
    assert spans == {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}
    assert rows[3]["leaf"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert rows[4]["leaf"] == "1.属于国家秘密"


def test_findings_mark_cells_with_the_worst_severity_and_numbers():
    findings = [
        {"rule": "a", "severity": "warning", "where": "table3.*.research", "message": "w"},
        {"rule": "b", "severity": "error", "where": "table3.total.research", "message": "e"},
        {"rule": "c", "severity": "error", "where": "table2", "message": "whole table"},
    ]
    out = layout(report(findings=findings))
    assert [f["n"] for f in out["findings"]] == [1, 2, 3]
    assert [f["rule"] for f in out["findings"]] == ["b", "c", "a"]  # errors first
    total = next(r for r in out["table3"] if r["code"] == "total")["cells"][2]
    assert total.severity == "error" and total.notes == [1, 3]
    research_new = out["table3"][0]["cells"][2]
    assert research_new.severity == "warning" and research_new.notes == [3]
    assert out["counts"] == {"error": 2, "warning": 1, "info": 0}


def test_the_tables_print_the_formats_headings_and_labels():
    """The table templates take every heading from the format module (report-format.json), none written in."""
    from django.template.loader import render_to_string

    table4 = {g: dict.fromkeys(("upheld", "corrected", "other", "pending", "total"), 0)
              for g in ("review", "litigation_direct", "litigation_after_review")}
    html = render_to_string("annual_reports/_tables.html", layout(report(table4=table4)))
    for text in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                 "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "法人或其他组织", "自然人",
                 "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "行政诉讼", "未经复议直接起诉", "复议后起诉",
                 "结果维持", "尚未审结"):
        assert text in html, text
    assert html.count(">总计<") == 1 + 3  # table 三's column, and table 四's three groups
