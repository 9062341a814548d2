"""Assemble a computed 年度报告 in the one report shape (report-json.md) and check it. Pure.

The same `check_report` runs here as on reports read from published files, so a report Gongkai
computes is held to exactly the rules an auditor would apply to it.
"""

from __future__ import annotations

import datetime as dt

from .checks import check_report
from .format import SECTION_TITLES, T2_ROW_COLUMNS, T4_GROUPS, T4_RESULTS

# 第二十条第（五）（六）（八）项: figures from other systems, entered per year (row code -> its one column).
T2_EXTERNAL = {code: T2_ROW_COLUMNS[code][0] for code in ("licensing", "penalties", "coercion", "fees")}


def report_title(organ_name: str, year: int) -> str:
    return f"{organ_name}{year}年政府信息公开工作年度报告"


def table2_from(documents_table: dict, entered: dict) -> dict:
    """Table 二: （一） counted from the catalogue, （五）（六）（八） as entered (None where not yet)."""
    table = {kind: dict(values) for kind, values in documents_table.items()}
    external = (entered or {}).get("table2") or {}
    for code, column in T2_EXTERNAL.items():
        value = (external.get(code) or {}).get(column)
        table[code] = {column: value}
    return table


def table4_from_entered(entered: dict) -> dict | None:
    """Table 四 from entered figures ({group: {upheld, corrected, other, pending}}), totals added."""
    figures = (entered or {}).get("table4")
    if not figures:
        return None
    out = {}
    for group in T4_GROUPS:
        row = {r: (figures.get(group) or {}).get(r) for r in T4_RESULTS}
        row["total"] = None if any(v is None for v in row.values()) else sum(row.values())
        out[group] = row
    return out


def blank_table4() -> dict:
    return {g: dict.fromkeys((*T4_RESULTS, "total")) for g in T4_GROUPS}


def build_report(*, organ_name: str, organ_kind: str, year: int, table2: dict, table3: dict, table4: dict,
                 sections: dict[str, str], published_on: dt.date | None = None, metadata: dict | None = None,
                 previous: dict | None = None, source: str = "gongkai") -> dict:
    """The report dict with its findings. `sections` maps a section code to its text."""
    report = {
        "source": source,
        "agency": organ_name,
        "year": year,
        "format": "2021",
        "published_on": published_on.isoformat() if published_on else None,
        "metadata": metadata,
        "sections": [
            {"code": code, "title": title, "printed_title": title, "text": (sections.get(code) or "").strip()}
            for code, title in SECTION_TITLES.items()
        ],
        "table2": table2,
        "table3": table3,
        "table4": table4,
    }
    report["findings"] = check_report(report, previous=previous, organ_kind=organ_kind) + draft_findings(report)
    return report


def recheck(report: dict, *, organ_kind: str, previous: dict | None = None) -> dict:
    """Run the checks again on a report whose tables are frozen (e.g. once its 发布日期 is known)."""
    report = {**report}
    report["findings"] = check_report(report, previous=previous, organ_kind=organ_kind) + draft_findings(report)
    return report


PLACEHOLDER = "（请填写"


def draft_findings(report: dict) -> list[dict]:
    """Rules for reports Gongkai drafts: no prompt of the first draft may be left in the text."""
    return [
        {"rule": "draft.placeholder", "severity": "error", "where": f"sections.{s['code']}",
         "message": f"“{s['title']}”中还有未填写的提示（{PLACEHOLDER}……），请改写后再提交。"}
        for s in report["sections"] if PLACEHOLDER in s["text"]
    ]
