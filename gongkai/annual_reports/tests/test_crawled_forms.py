"""Reports as crawlers and CMS exports store them (issue 13, forms 1-4), built from every corpus
file and the seed: each cell reads exactly as from the file itself, or — where the printed digits
allow several readings — it is left unread (null) with a finding whose candidates hold the value."""

from __future__ import annotations

import copy

import pytest

from gongkai.annual_reports.reading import audit

from .helpers import CORPUS, SEED, load_truth, needs_shared, pasted_text, truth_tables
from .transforms import FORMS, plain_text, transform

pytestmark = needs_shared


def _sources():
    raw = sorted((CORPUS / "raw").iterdir()) if (CORPUS / "raw").is_dir() else []
    return [*raw, SEED] if raw else []


_BASE: dict[str, dict] = {}


def _base(path) -> dict:
    if path.name not in _BASE:
        _BASE[path.name] = audit(path.read_bytes(), source=path.name)
    return _BASE[path.name]


def _cells(report: dict):
    """(table, row, column index, column code, value) of every cell."""
    for table in ("table2", "table3", "table4"):
        for row, vals in (report[table] or {}).items():
            items = enumerate(vals) if isinstance(vals, list) else enumerate(vals.items())
            for i, v in items:
                yield (table, row, i, v[0], v[1]) if isinstance(v, tuple) else (table, row, i, str(i), v)


def _candidate_index(report: dict, table: str, row: str, i: int, where: str) -> int:
    """The position of a cell in the readings of the finding at `where` (a row, or a whole table)."""
    if where == table and table == "table4":
        return list(report["table4"]).index(row) * 5 + i
    if where == table:  # a whole table 二 read as one run: cells in the table's order
        return [(r, c) for r, cols in report[table].items() for c in range(len(cols))].index((row, i))
    return i


def assert_same_or_unread_with_candidates(report: dict, base: dict) -> None:
    assert [t for t in ("table2", "table3", "table4") if (report[t] is None) != (base[t] is None)] == []
    readings = {f["where"]: f["candidates"] for f in report["findings"] if f["rule"] == "reading.ambiguous"}
    got = {(t, r, i): v for t, r, i, _c, v in _cells(report)}
    wrong = []
    for table, row, i, col, want in _cells(base):
        value = got.get((table, row, i), "missing")
        if value == want and type(value) is type(want):
            continue
        where = next((w for w in (f"{table}.{row}", table) if w in readings), None)
        if value is None and where is not None:
            at = _candidate_index(report, table, row, i, where)
            if any(c[at] == want for c in readings[where]):
                continue
        wrong.append(f"{table}.{row}.{col}: want {want!r} got {value!r}")
    assert not wrong, wrong


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.name)
def test_every_cell_read_or_left_unread_with_its_candidates(path, form):
    base = _base(path)
    report = audit(transform(plain_text(path.name, path.read_bytes()), form), source=f"{path.name}:{form}")
    assert_same_or_unread_with_candidates(report, base)
    assert (report["agency"], report["year"]) == (base["agency"], base["year"])
    assert [s["code"] for s in report["sections"]] == [s["code"] for s in base["sections"]]
    assert not [f for f in report["findings"] if f["rule"] == "reading.unsplit"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", ["js-huaian-hongze-2023-pdflayout.txt", "js-huaian-hongze-2023-pdfraw.txt"])
def test_hongze_2023_table4_errors_found_in_every_form(name, form):
    path = CORPUS / "raw" / name
    report = audit(transform(plain_text(name, path.read_bytes()), form))
    errors = {(f["rule"], f["where"]) for f in report["findings"] if f["severity"] == "error"}
    assert errors == {("table4.total", "table4.review.total"), ("table4.total", "table4.litigation_after_review.total")}


def test_one_cell_a_line_with_bare_cr_keeps_the_printed_values_of_a_row_with_a_blank():
    """二、上年结转…\\r\\r\\r0\\r\\r\\r0…\\r\\r\\r\\r\\r\\r: six zeros and a blank 总计 stay six zeros and a blank."""
    expected = copy.deepcopy(truth_tables(load_truth("js-huaian-hongze-2024-pdflayout")))
    expected["table3"]["carried_in"] = [0, 0, 0, 0, 0, 0, None]
    text = transform(pasted_text(expected, "tabs"), "cells-cr")
    assert "二、上年结转政府信息公开申请数量\r\r\r0\r\r\r0\r\r\r0\r\r\r0\r\r\r0\r\r\r0\r\r\r\r\r" in text
    report = audit(text)
    assert report["table3"]["carried_in"] == [0, 0, 0, 0, 0, 0, None]
    assert report["table3"] == expected["table3"]
    blank = [f for f in report["findings"] if f["rule"] == "blank.cells"]
    assert [f["where"] for f in blank] == ["table3.*.total"] and "1个空白" in blank[0]["message"]


def test_html_page_as_one_cell_a_line_with_blank_cells():
    path = CORPUS / "raw" / "js-suqian-shuyang-fgj-2023-html.html"
    report = audit(transform(plain_text(path.name, path.read_bytes()), "cells-cr"))
    base = _base(path)
    assert (report["table2"], report["table3"], report["table4"]) == (base["table2"], base["table3"], base["table4"])
    assert not [f for f in report["findings"] if f["rule"].startswith("reading.")]


def test_the_issues_own_examples():
    """The strings quoted in issue 13, in a report printed on one line."""
    expected = truth_tables(load_truth("js-huaian-hongze-2024-pdflayout"))
    one_line = "".join(line.strip() for line in pasted_text(expected, "lines").splitlines())
    report = audit(one_line)
    assert report["table3"] == expected["table3"]
    glued = ("2024年岭东区人民政府信息公开工作年度报告 一、总体情况 本年度共收到政府信息公开申请55件。"
             "二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 "
             "规章000行政规范性文件6127530 三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 521000255"
             "二、上年结转政府信息公开申请数量0000000")
    report = audit(glued)
    assert report["table3"]["received_new"] == [52, 1, 0, 0, 0, 2, 55]
    assert report["table2"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert report["table2"]["normative_documents"] == {"issued": None, "repealed": None, "in_force": None}
    ambiguous = next(f for f in report["findings"] if f["where"] == "table2.normative_documents")
    assert ambiguous["rule"] == "reading.ambiguous" and ambiguous["printed"] == "6127530"
    assert [61, 27, 530] in ambiguous["candidates"] and "6127530" in ambiguous["message"]
