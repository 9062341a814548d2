"""A correction of a published report, cell by cell. Pure functions over report dicts (report-json.md).

A correction starts from the published version's figures — never silently from live data — and every cell
it changes carries a reason the reviewer reads beside the old and the new value. Cells are addressed by the
same dotted paths as the findings (`table3.received_new.natural_person`), and each has its printed label.
"""

from __future__ import annotations

from dataclasses import dataclass

from .format import T2_BLOCKS, T3_COLUMN_LABELS, T3_COLUMNS, T3_ROW_LABELS, T3_ROWS
from .presentation import T4_COLUMNS, T4_GROUPS


@dataclass(frozen=True)
class CellChange:
    path: str
    label: str
    old: object
    new: object

    @property
    def old_display(self) -> str:
        return _display(self.old)

    @property
    def new_display(self) -> str:
        return _display(self.new)


def _display(value) -> str:
    if value is None:
        return "空白"
    return f"{value:g}" if isinstance(value, float) else str(value)


def cell_paths() -> list[tuple[str, str]]:
    """Every cell of tables 二, 三 and 四 of the 2021 format, as (path, printed label), in print order."""
    out = []
    for title, headers, columns, rows in T2_BLOCKS:
        for code, row_label in rows:
            for column, header in zip(columns, headers, strict=True):
                out.append((f"table2.{code}.{column}", f"表二 {title} {row_label}·{header}"))
    for row in T3_ROWS:
        for column, header in zip(T3_COLUMNS, T3_COLUMN_LABELS, strict=True):
            out.append((f"table3.{row}.{column}", f"表三 {T3_ROW_LABELS[row]}·{header}"))
    for group, group_label in T4_GROUPS:
        for column, header in T4_COLUMNS:
            out.append((f"table4.{group}.{column}", f"表四 {group_label}·{header}"))
    return out


LABELS = dict(cell_paths())


def label_of(path: str) -> str:
    """The printed label of a cell path, or of a path with `*` (a column), or '' when unknown."""
    if path in LABELS:
        return LABELS[path]
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "table3" and parts[1] == "*" and parts[2] in T3_COLUMNS:
        return f"表三“{T3_COLUMN_LABELS[T3_COLUMNS.index(parts[2])]}”列"
    return ""


def get_cell(content: dict, path: str):
    table, row, column = path.split(".")
    data = (content or {}).get(table) or {}
    if table == "table3":
        values = data.get(row)
        return values[T3_COLUMNS.index(column)] if values else None
    return (data.get(row) or {}).get(column)


def set_cell(content: dict, path: str, value) -> None:
    """Write one cell in place (the table row is created when missing)."""
    table, row, column = path.split(".")
    data = content.setdefault(table, {})
    if table == "table3":
        values = list(data.get(row) or [None] * len(T3_COLUMNS))
        values[T3_COLUMNS.index(column)] = value
        data[row] = values
    else:
        data.setdefault(row, {})[column] = value


def changed_cells(before: dict | None, after: dict | None) -> list[CellChange]:
    """The cells whose value differs between two versions, in print order — exactly those."""
    if not before or not after:
        return []
    return [CellChange(path, label, get_cell(before, path), get_cell(after, path))
            for path, label in cell_paths() if get_cell(before, path) != get_cell(after, path)]


def tables_of(content: dict) -> dict:
    """Deep copies of a version's tables (a correction's starting point)."""
    import copy

    return {key: copy.deepcopy((content or {}).get(key)) for key in ("table2", "table3", "table4")}


def grid(content: dict) -> list[dict]:
    """Tables 二, 三 and 四 as editable grids, in print order: each block's title, headers and rows of cells
    (path, value, printed label)."""
    blocks: dict[str, dict] = {}
    for path, label in cell_paths():
        table = path.split(".")[0]
        title, _sep, rest = label.partition(" ")
        row_label, _dot, header = rest.rpartition("·")
        if table == "table2":
            title, _sp, row_label = row_label.rpartition(" ")
            title = f"表二 {title}"
        block = blocks.setdefault(title, {"title": title, "headers": [], "rows": {}})
        if header not in block["headers"]:
            block["headers"].append(header)
        block["rows"].setdefault(row_label, []).append((path, get_cell(content, path), label))
    return [{"title": b["title"], "headers": b["headers"],
             "rows": [{"label": k, "cells": v} for k, v in b["rows"].items()]} for b in blocks.values()]
