"""Rules of checks.py on hand-made report dicts (no reading involved)."""

from __future__ import annotations

import copy

from gongkai.annual_reports.checks import check_report, deadline, guess_organ_kind, similarity
from gongkai.annual_reports.reading.template import SECTIONS, T3_ROWS, T4_COLUMNS, T4_GROUPS

OVERVIEW = ("本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，"
            "不断完善政府信息公开制度，加强政府网站和政务新媒体管理，提升公开质量和实效。")


def base_report(**over) -> dict:
    t3 = {code: [0] * 7 for code in T3_ROWS}
    for code in ("received_new", "disclosed", "total"):
        t3[code] = [3, 0, 0, 0, 0, 0, 3]
    texts = {"overview": OVERVIEW + "全年共收到政府信息公开申请3件。", "problems": "一是解读不够。二是更新不及时。下一步将加强。",
             "other": "本年度未收取信息处理费。"}
    report = {
        "source": "-", "agency": "岭东区人民政府", "year": 2024, "format": "2021", "published_on": "2025-03-01",
        "metadata": None,
        "sections": [{"code": c, "title": t, "printed_title": t, "text": texts.get(c, "")} for c, t, _k in SECTIONS],
        "table2": {"regulations": {"issued": 1, "repealed": 0, "in_force": 5},
                   "normative_documents": {"issued": 2, "repealed": 1, "in_force": 10},
                   "licensing": {"decisions": 1}, "penalties": {"decisions": 1}, "coercion": {"decisions": 0},
                   "fees": {"amount_wan_yuan": 1.5}},
        "table3": t3,
        "table4": {g: dict.fromkeys(T4_COLUMNS, 0) for g in T4_GROUPS},
    }
    report.update(over)
    return report


def rules(findings) -> set[str]:
    return {f["rule"] for f in findings}


def test_clean_report_has_no_findings():
    assert check_report(base_report()) == []


def test_lateness_government_and_department():
    assert deadline(2024, "government").isoformat() == "2025-03-31"
    assert deadline(2024, "department").isoformat() == "2025-01-31"
    assert guess_organ_kind(base_report()) == "government"
    assert guess_organ_kind(base_report(agency="岭东区发展和改革局")) == "department"
    assert guess_organ_kind(base_report(agency="岭东区人民政府办公室")) == "department"
    report = base_report(published_on="2025-03-01")
    assert "published.late" not in rules(check_report(report))
    late = check_report(report, organ_kind="department")
    assert [f["where"] for f in late if f["rule"] == "published.late"] == ["published_on"]
    assert "第四十九条" in late[0]["message"]
    unknown = check_report(base_report(published_on=None))
    assert [(f["rule"], f["severity"]) for f in unknown] == [("published.unknown", "info")]


def test_sections_five_and_six():
    report = base_report()
    report["sections"][4]["text"] = "无。"
    report["sections"][5]["text"] = "无其他需要报告的事项。"
    found = rules(check_report(report))
    assert {"section.problems_empty", "section.other_no_fee"} <= found
    # table 二's 行政事业性收费 does not answer whether 信息处理费 was collected
    assert report["table2"]["fees"]["amount_wan_yuan"] > 0


def test_missing_section_and_non_integer():
    report = base_report()
    del report["sections"][3]
    report["table3"]["received_new"] = [2.5, 0, 0, 0, 0, 0, 2.5]
    found = check_report(report)
    assert ("section.missing", "sections.remedies") in {(f["rule"], f["where"]) for f in found}
    assert "count.non_integer" in rules(found)


def test_prose_counts_against_tables():
    report = base_report()
    report["sections"][0]["text"] = OVERVIEW + "共受理政府信息公开申请5件，上年结转2件。行政复议3件，行政诉讼1件。"
    found = {f["rule"]: f for f in check_report(report)}
    assert {"prose.received_new", "prose.carried_in", "prose.review", "prose.litigation"} <= set(found)
    assert found["prose.review"]["where"] == "table4.review.total"


def test_previous_year_rules():
    prev = base_report(year=2023)
    prev["table3"] = copy.deepcopy(prev["table3"])
    prev["table3"]["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    prev["table2"] = copy.deepcopy(prev["table2"])
    prev["table2"]["normative_documents"]["in_force"] = 9  # 9 + 2 - 1 = 10: consistent
    prev["table2"]["regulations"]["in_force"] = 5  # 5 + 1 - 0 = 6 ≠ 5: flagged
    cur = base_report()
    found = check_report(cur, previous=prev)
    where = {(f["rule"], f["where"]) for f in found}
    assert ("previous.carried_in", "table3.carried_in.total") in where
    assert ("previous.in_force", "table2.normative_documents.in_force") not in where
    assert ("previous.in_force", "table2.regulations.in_force") in where
    copied = [f for f in found if f["rule"] == "previous.copied_text"]
    assert [f["where"] for f in copied] == ["sections.overview"]
    assert "%" in copied[0]["message"]


def test_similarity_percent():
    assert similarity(OVERVIEW, OVERVIEW.replace("2024", "2025")) == 100
    assert similarity(OVERVIEW, "完全不同的一段文字，讲的是另外的事情。") < 20
