"""Lay a report dict out as the national format prints its tables, with the findings on the cells.

Pure functions (no database): the audit page, the published report page and its PDF use them.
A finding's `where` (report-json.md) names one cell (`table3.received_new.natural_person`), a
column (`table3.*.natural_person`), a row (`table3.total`, `table4.review`) or a whole table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .format import (
    ORGANISATION_GROUP,
    SECTION_TITLES,
    T2_BLOCKS,
    T3_COLUMN_LABELS,
    T3_COLUMNS,
    T3_HEADER,
    T3_MIDDLE_GROUPS,
    T3_OUTCOME_GROUP,
    T3_ROW_LABELS,
    T3_ROW_LEAF_LABELS,
    T3_ROWS,
    T3_ROWS_COMBINED,
    T4_COLUMN_CHOICES,
    T4_GROUP_CHOICES,
    T4_GROUP_PARENTS,
)

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

# (code, label) pairs in print order; corrections and export import them from here too.
T4_GROUPS = T4_GROUP_CHOICES
T4_COLUMNS = T4_COLUMN_CHOICES
# The header texts the tables print above the codes' labels (report-format.json).
HEADINGS = {"table3": T3_HEADER, "organisations": ORGANISATION_GROUP, "outcomes": T3_OUTCOME_GROUP,
            "litigation": T4_GROUP_PARENTS["litigation_direct"], "sections": SECTION_TITLES}


@dataclass
class Cell:
    value: object
    path: str
    notes: list[int] = field(default_factory=list)  # numbers of the findings that touch this cell
    severity: str | None = None

    @property
    def display(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return str(self.value)

    @property
    def blank(self) -> bool:
        return self.value is None

    @property
    def html(self) -> SafeString:
        """The cell's <td>, its finding marks linked to the findings. Built here rather than by a template
        included once per cell: a report has some two hundred cells, and the include was most of the page."""
        classes = "num" + (f" flag-{self.severity}" if self.severity else "") + (" blank" if self.blank else "")
        title = (' title="' + "、".join(f"第{n}条" for n in self.notes) + '"') if self.notes else ""
        marks = "".join(f'<a class="note" href="#finding-{n}" aria-label="见第{n}条发现">[{n}]</a>'
                        for n in self.notes)
        return mark_safe(f'<td class="{escape(classes)}" data-path="{escape(self.path)}"{title}>'  # noqa: S308
                         f"{escape(self.display)}{marks}</td>")


def numbered_findings(report: dict) -> list[dict]:
    """The findings, most severe first, each with its number `n` (shown as a note mark on cells) and where it
    is as the report prints it (`where_label`), never the internal path."""
    findings = sorted(report.get("findings") or [], key=lambda f: SEVERITY_ORDER.get(f.get("severity"), 9))
    return [{**f, "n": i, "severity_label": SEVERITY_LABELS.get(f.get("severity"), f.get("severity")),
             "where_label": where_label(f.get("where") or ""), "_where": (f.get("where") or "").split(".")}
            for i, f in enumerate(findings, start=1)]


_PLACES = {"table2": "表二", "table3": "表三", "table4": "表四", "sections": "正文", "metadata": "目录信息",
           "published_on": "发布日期", "year": "报告年度", "format": "报告格式"}


def where_label(where: str) -> str:
    """A finding's place as a reader finds it in the printed report: 表三 一、本年新收…·自然人, 正文“五、…”."""
    from .corrections import label_of

    if not where:
        return ""
    if label := label_of(where):
        return label
    parts = where.split(".")
    head = _PLACES.get(parts[0], "")
    if parts[0] == "sections" and len(parts) > 1:
        title = SECTION_TITLES.get(parts[1], "")
        return f"正文“{title}”" if title else head
    if parts[0] == "table3" and len(parts) > 1 and parts[1] in T3_ROW_LABELS:
        return f"表三 {T3_ROW_LABELS[parts[1]]}"
    if parts[0] == "table4" and len(parts) > 1:
        return f"表四 {dict(T4_GROUPS).get(parts[1], '')}".strip()
    return head


def _touches(where: str | list[str], path: str | list[str]) -> bool:
    """Does a finding at `where` touch the cell at `path` (dotted, or split on "."; `*` matches any part)?"""
    where = where.split(".") if isinstance(where, str) else where
    path = path.split(".") if isinstance(path, str) else path
    if len(where) > len(path):
        return False
    return all(a == "*" or a == b for a, b in zip(where, path, strict=False))


def _annotate(cell: Cell, findings: list[dict]) -> Cell:
    path = cell.path.split(".")
    for f in findings:
        where = f["_where"]
        if len(where) < 2 or where[0] not in ("*", path[0]):
            continue  # a whole table or the metadata (listed, not marked on every cell), or another table
        if _touches(where, path):
            cell.notes.append(f["n"])
            if cell.severity is None or SEVERITY_ORDER[f["severity"]] < SEVERITY_ORDER[cell.severity]:
                cell.severity = f["severity"]
    return cell


def table2_rows(report: dict, findings: list[dict]) -> list[dict] | None:
    table = report.get("table2")
    if table is None or report.get("format") == "2019":
        return None
    blocks = []
    for title, headers, columns, rows in T2_BLOCKS:
        blocks.append({
            "title": title,
            "headers": headers,
            "rows": [
                {"label": label,
                 "cells": [_annotate(Cell((table.get(code) or {}).get(col), f"table2.{code}.{col}"), findings)
                           for col in columns]}
                for code, label in rows
            ],
        })
    return blocks


def table3_rows(report: dict, findings: list[dict]) -> list[dict] | None:
    """Rows of table 三 with the rowspans of the printed format (outer group, middle group, leaf)."""
    table = report.get("table3")
    if table is None:
        return None
    codes = T3_ROWS_COMBINED if "other_combined" in table else T3_ROWS
    rows = []
    for code in codes:
        values = table.get(code) or [None] * 7
        rows.append({
            "code": code,
            "middle": T3_MIDDLE_GROUPS.get(code),
            "leaf": T3_ROW_LEAF_LABELS[code],
            "outcome": code not in ("received_new", "carried_in", "carried_out"),
            "cells": [_annotate(Cell(v, f"table3.{code}.{col}"), findings)
                      for v, col in zip(values, T3_COLUMNS, strict=True)],
        })
    # rowspans for the outer group (三、本年度办理结果) and each middle group
    outcome_rows = [r for r in rows if r["outcome"]]
    for i, row in enumerate(rows):
        row["outer_span"] = len(outcome_rows) if row is (outcome_rows[0] if outcome_rows else None) else 0
        if row["middle"] and (i == 0 or rows[i - 1]["middle"] != row["middle"]):
            row["middle_span"] = sum(1 for r in rows if r["middle"] == row["middle"])
        else:
            row["middle_span"] = 0
    return rows


def table4_cells(report: dict, findings: list[dict]) -> list[Cell] | None:
    table = report.get("table4")
    if table is None:
        return None
    return [_annotate(Cell((table.get(group) or {}).get(col), f"table4.{group}.{col}"), findings)
            for group, _ in T4_GROUPS for col, _ in T4_COLUMNS]


def layout(report: dict) -> dict:
    """Everything the audit template needs."""
    findings = numbered_findings(report)
    return {
        "findings": findings,
        "table2": table2_rows(report, findings),
        "table3": table3_rows(report, findings),
        "table3_columns": T3_COLUMN_LABELS,
        "table4": table4_cells(report, findings),
        "table4_groups": T4_GROUPS,
        "table4_columns": T4_COLUMNS,
        "headings": HEADINGS,
        "counts": {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning", "info")},
    }
