"""The one national-format module: its copy of report-format.json, every name it defines from the file, the
tie to applications.Outcome, and the range of report years."""

import datetime as dt
import json
from importlib.resources import files
from pathlib import Path

import pytest

from gongkai.annual_reports import format as fmt
from gongkai.applications.outcomes import Outcome

VENDORED = files("gongkai.annual_reports.format").joinpath("report-format.json")
SHARED = Path(__file__).resolve().parents[4] / "shared" / "spec" / "report-format.json"


def spec() -> dict:
    return json.loads(VENDORED.read_text(encoding="utf-8"))


def test_the_vendored_copy_equals_the_shared_spec():
    assert VENDORED.is_file()
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent: only the vendored copy is checked")
    assert json.loads(SHARED.read_text(encoding="utf-8")) == spec()


def test_sections_are_the_spec_sections_in_order():
    s = spec()
    assert list(fmt.SECTION_TITLES.items()) == [(x["code"], x["title"]) for x in s["sections"]]
    assert fmt.SECTION_CODES == ("overview", "proactive", "applications", "remedies", "problems", "other")


def test_table2_rows_columns_and_blocks_are_the_spec():
    s = spec()
    assert fmt.T2_ROW_CODES == tuple(r["code"] for r in s["table2"])
    assert fmt.T2_ROW_LABELS == {r["code"]: r["label"] for r in s["table2"]}
    assert fmt.T2_COLUMN_LABELS == s["table2_columns"]
    # Blocks group consecutive rows of one 第二十条 item with the same columns, as the format prints them.
    assert [(title, rows) for title, _h, _c, rows in fmt.T2_BLOCKS] == [
        ("第二十条第（一）项", (("regulations", "规章"), ("normative_documents", "行政规范性文件"))),
        ("第二十条第（五）项", (("licensing", "行政许可"),)),
        ("第二十条第（六）项", (("penalties", "行政处罚"), ("coercion", "行政强制"))),
        ("第二十条第（八）项", (("fees", "行政事业性收费"),)),
    ]
    assert fmt.T2_BLOCKS[0][1] == ("本年制发件数", "本年废止件数", "现行有效件数")


def test_table3_columns_and_rows_are_the_spec():
    s = spec()
    assert fmt.T3_COLUMNS == tuple(c["code"] for c in s["table3_columns"])
    assert fmt.T3_COLUMN_LABELS == tuple(c["label"] for c in s["table3_columns"])
    assert fmt.APPLICANT_LABELS == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    assert fmt.ORGANISATION_GROUP == "法人或其他组织"
    assert fmt.T3_HEADER == s["table3_header"]
    assert fmt.T3_ROWS == tuple(r["code"] for r in s["table3_rows"])
    for r in s["table3_rows"]:
        assert fmt.T3_ROW_LEAF_LABELS[r["code"]] == r["label"]
        assert fmt.T3_ROW_GROUPS[r["code"]] == r.get("group")
        # the full label is the leaf with its middle group's number; the short one a prefix of it
        assert fmt.T3_ROW_FULL_LABELS[r["code"]].endswith(r["label"])
        assert fmt.T3_ROW_FULL_LABELS[r["code"]].startswith(fmt.T3_ROW_LABELS[r["code"]])
    assert fmt.T3_ROW_FULL_LABELS["withheld_state_secret"] == "（三）1.属于国家秘密"
    assert fmt.T3_ROW_LABELS["partly_disclosed"] == "（二）部分公开"
    assert fmt.T3_ROW_LABELS["other_unpaid_fee"] == "（六）2.申请人逾期未按收费通知要求缴纳费用"
    legacy = s["table3_legacy_rows"][0]
    assert fmt.T3_ROW_FULL_LABELS[legacy["code"]] == legacy["label"]
    assert fmt.OTHER_SUBROWS == ("other_no_correction", "other_unpaid_fee", "other_misc")
    assert len(fmt.T3_ROWS_COMBINED) == 23 and "other_combined" in fmt.T3_ROWS_COMBINED
    assert fmt.T3_OUTCOME_ROWS == fmt.T3_ROWS[2:23]
    assert fmt.T3_OUTCOME_ROWS_COMBINED == fmt.T3_ROWS_COMBINED[2:21]


def test_table4_groups_and_results_are_the_spec():
    s = spec()
    assert fmt.T4_GROUPS == tuple(g["code"] for g in s["table4_groups"])
    assert fmt.T4_GROUP_FULL_LABELS == {g["code"]: g["label"] for g in s["table4_groups"]}
    assert fmt.T4_GROUP_LABELS == {"review": "行政复议", "litigation_direct": "未经复议直接起诉",
                                   "litigation_after_review": "复议后起诉"}
    assert fmt.T4_GROUP_PARENTS == {"review": None, "litigation_direct": "行政诉讼", "litigation_after_review": "行政诉讼"}
    assert fmt.T4_COLUMN_LABELS == {c["code"]: c["label"] for c in s["table4_columns"]}
    assert fmt.T4_RESULTS == ("upheld", "corrected", "other", "pending")


def test_outcome_is_exactly_the_table3_outcome_rows():
    assert [o.value for o in Outcome] == list(fmt.T3_OUTCOME_ROWS)
    fmt.check_outcomes()  # what the module runs at import


def test_a_missing_or_extra_outcome_is_refused(monkeypatch):
    codes = [o.value for o in Outcome]
    with pytest.raises(fmt.FormatMismatch, match="rows with no Outcome: other_misc"):
        fmt.check_outcomes(codes[:-1])
    with pytest.raises(fmt.FormatMismatch, match="Outcome values that are no row: withheld_other"):
        fmt.check_outcomes([*codes, "withheld_other"])
    with pytest.raises(fmt.FormatMismatch, match="another order"):
        fmt.check_outcomes(list(reversed(codes)))
    # and the other way round: a format row no Outcome reaches
    monkeypatch.setattr(fmt, "T3_OUTCOME_ROWS", (*fmt.T3_OUTCOME_ROWS, "other_new_row"))
    with pytest.raises(fmt.FormatMismatch, match="rows with no Outcome: other_new_row"):
        fmt.check_outcomes()


def test_report_years_run_from_2008_to_this_year():
    today = dt.date(2026, 3, 1)
    assert fmt.FIRST_REPORT_YEAR == 2008
    assert not fmt.valid_report_year(2007, today)
    assert fmt.valid_report_year(2008, today)
    assert fmt.valid_report_year(2026, today)
    assert not fmt.valid_report_year(2027, today)
    assert list(fmt.report_years(today)) == list(range(2008, 2027))
    assert all(fmt.valid_report_year(y, today) for y in fmt.report_years(today))
