"""Real published reports beyond the corpus (tests/data/real/, sources in its README.md).

Every cell of tables 二, 三 and 四 is compared with the hand-checked numbers in truth.json; a
blank or unreadable cell is null there and must stay None (never 0, never repaired).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annual_reports.reading import audit, read_report

REAL = Path(__file__).resolve().parent / "data" / "real"
TRUTH = json.loads((REAL / "truth.json").read_text(encoding="utf-8"))


def _cells(report: dict) -> list[tuple[str, object]]:
    out = []
    for table in ("table2", "table3", "table4"):
        t = report[table]
        if t is None:
            out.append((table, None))
            continue
        for row, vals in t.items():
            items = enumerate(vals) if isinstance(vals, list) else vals.items()
            out += [(f"{table}.{row}.{col}", v) for col, v in items]
    return out


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_cell_as_printed(name):
    truth = TRUTH[name]
    report = read_report((REAL / name).read_bytes(), source=name)
    got, want = dict(_cells(report)), dict(_cells(truth))
    assert sorted(got) == sorted(want), "row/column set differs"
    wrong = {k: (got[k], want[k]) for k in want if got[k] != want[k] or type(got[k]) is not type(want[k])}
    assert not wrong, wrong
    assert report["format"] == truth["format"]
    assert report["year"] == truth["year"]
    assert report["published_on"] == truth["published_on"]
    if truth["agency"]:
        assert report["agency"] == truth["agency"]


@pytest.mark.parametrize("name", ["testcity-2025-fixture.html", "testcity-2025-fixture.md"])
def test_consistent_report_has_no_error(name):
    report = audit((REAL / name).read_bytes())
    assert [f for f in report["findings"] if f["severity"] == "error"] == []


@pytest.mark.parametrize("name", ["sh-gov-office-2019.html", "sh-gov-office-2019-pasted.txt"])
def test_shanghai_2019_blank_totals_flagged_not_repaired(name):
    report = audit((REAL / name).read_bytes())
    rules = {(f["rule"], f["where"]) for f in report["findings"]}
    assert ("format.2019", "format") in rules
    assert ("table3.other_combined", "table3.other_combined") in rules
    # the printed 总计 of （一）予以公开 is blank: reported, never filled in
    assert report["table3"]["disclosed"][6] is None
    assert ("table3.row_total", "table3.disclosed.total") in rules
    # columns whose numbers add up are not flagged
    assert not any(f["rule"] == "table3.balance" for f in report["findings"])
    # prose: 859 received, 复议 7, 诉讼 9 all agree with the tables
    assert not any(f["rule"].startswith("prose.") for f in report["findings"])
    assert not any(f["rule"] == "published.late" for f in report["findings"])


def test_one_unreadable_cell_does_not_blank_table2():
    report = read_report((REAL / "sh-gov-office-2019.html").read_bytes())
    assert report["table2"]["regulations"]["published_total"] == 524
    assert report["table2"]["procurement"] == {"procurement_items": 6, "procurement_amount_wan_yuan": None}


@pytest.mark.parametrize(("derived", "page"), [
    ("bj-haidian-dept-tables-textcontent.txt", "bj-haidian-dept-tables-excerpt.txt"),
    ("gd-xuwen-bureau-oneline.txt", "gd-xuwen-bureau-excerpt.txt"),
])
def test_a_crawlers_one_line_copy_reads_like_the_page(derived, page):
    one_line = read_report((REAL / derived).read_bytes())
    assert "\n" not in (REAL / derived).read_text(encoding="utf-8").strip()
    original = read_report((REAL / page).read_bytes())
    assert dict(_cells(one_line)) == dict(_cells(original))
    assert not [f for f in one_line["findings"] if f["rule"] in ("reading.ambiguous", "reading.unsplit")]


def test_tables_without_any_heading_are_read_and_the_missing_sections_reported():
    report = audit((REAL / "bj-haidian-dept-tables-excerpt.txt").read_bytes())
    assert report["sections"] == []
    missing = {f["where"] for f in report["findings"] if f["rule"] == "section.missing"}
    assert len(missing) == 6
    assert report["table3"]["unavailable_not_held"] == [54, 0, 0, 0, 0, 0, 54]
