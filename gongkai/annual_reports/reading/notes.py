"""Findings the reader makes while reading (the ``reading.*`` rules of RULES.md), in Chinese.

They are the report's first findings; `audit` adds the checks' findings after them.  A finding of
`UNREAD_RULES` names a row (``table3.received_new``, ``table2.regulations``) or ``table4``: its
``None`` cells were printed but could not be read, so the arithmetic checks leave them out
(`checks.unread_cells`) instead of counting them as blank.  Decoding findings carry two more keys:
``printed`` (the text as printed) and, for an ambiguous run, ``candidates`` (the possible readings).
"""

from __future__ import annotations

from collections.abc import Sequence

from .decode import Outcome, Piece
from .template import (
    T2_ROW_LABELS,
    T3_COLUMN_LABELS,
    T3_COLUMNS,
    T3_ROW_LABELS,
    T4_COLUMN_LABELS,
    T4_COLUMNS,
    T4_GROUP_LABELS,
    T4_GROUPS,
)

UNREAD_RULES = frozenset({"reading.ambiguous", "reading.unsplit", "reading.unplaced"})
TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}
SHOWN_CANDIDATES = 6  # readings spelled out in a message (all are in `candidates`)


def note(rule: str, severity: str, where: str, message: str, *, printed: str | None = None,
         candidates: Sequence[Sequence[object]] | None = None) -> dict:
    out: dict = {"rule": rule, "severity": severity, "where": where, "message": message}
    if printed is not None:
        out["printed"] = printed
    if candidates is not None:
        out["candidates"] = [list(c) for c in candidates]
    return out


def _v(v: object) -> str:
    if v is None:
        return "空"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def reading_of(cells: Sequence[object]) -> str:
    """One reading of a run, e.g. ``52/1/0/0/0/2/55``."""
    return "/".join(_v(v) for v in cells)


def place_name(key: str) -> str:
    """Where a piece is, in words: 表三“一、本年新收政府信息公开申请数量”行, 表四, 表二“规章”行."""
    table, _, row = key.partition(".")
    name = TABLE_NAMES.get(table, table)
    if not row:
        return name
    label = T3_ROW_LABELS.get(row, row) if table == "table3" else T2_ROW_LABELS.get(row, row)
    return f"{name}“{label}”行"


def decoding_notes(outcome: Outcome, pieces: Sequence[Piece]) -> list[dict]:
    """The findings of one decoded table (see decode.Outcome)."""
    out: list[dict] = []
    by_key = {p.key: p for p in pieces}
    for key in outcome.unsplit:
        p = by_key[key]
        why = "可能的拆分太多，超出了读取的上限" if p.candidates else "没有任何拆分能得到这么多个数"
        out.append(note("reading.unsplit", "error", key,
                        f"{place_name(key)}印有“{p.printed}”，但无法拆分成{p.k}个数（{why}）：表格已印出，"
                        "这些单元格未能读出，请对照原文核对。", printed=p.printed))
    for key, readings in outcome.ambiguous.items():
        p = by_key[key]
        shown = "；".join(reading_of(r) for r in readings[:SHOWN_CANDIDATES])
        more = f"等{len(readings)}种" if len(readings) > SHOWN_CANDIDATES else f"{len(readings)}种"
        out.append(note("reading.ambiguous", "warning", key,
                        f"{place_name(key)}印为“{p.printed}”（数字之间没有分隔），有{more}拆分同样符合格式的"
                        f"勾稽关系：{shown}。无法确定是哪一种，各种拆分不一致的单元格未读出（空白）。",
                        printed=p.printed, candidates=readings))
    for key, dropped in outcome.dropped.items():
        out.append(note("reading.stray", "warning", key,
                        f"{place_name(key)}多出“{'、'.join(f'{t:g}' if isinstance(t, float) else str(t) for t in dropped)}”：按表格的格数和勾稽关系判断为版面残留"
                        "（如页码、脚注标记），未计入表格。", printed=by_key[key].printed))
    if outcome.split:
        first = by_key[outcome.split[0]]
        out.append(note("reading.split", "info", first.key.partition(".")[0],
                        f"{TABLE_NAMES.get(first.key.partition('.')[0], '')}有{len(outcome.split)}处数字连在一起印出"
                        f"（如{place_name(first.key)}印为“{first.printed}”），每处都只有一种拆分符合格式"
                        "（数不以0开头，并满足勾稽关系），已按此读出；读出的每个数都是原文所印。", printed=first.printed))
    out += [_broken(rule, where, by_key, outcome) for rule, where in outcome.broken]
    return out


def _broken(rule: str, where: str, by_key: dict[str, Piece], outcome: Outcome) -> dict:
    """A rule broken whichever way the ambiguous runs are split."""
    whichever = "无论按哪种拆分读取连在一起的数字，"
    if rule == "sum":
        key, _, j = where.partition("#")
        if key == "table4":
            group = T4_GROUPS[int(j)]
            total = outcome.cells[key][int(j) * 5 + 4]
            shown = "总计" if total is None else f"总计（印为{reading_of([total])}）"
            return note("table4.total", "error", f"table4.{group}.total",
                        f"表四“{T4_GROUP_LABELS[group]}”：{whichever}"
                        f"{'+'.join(T4_COLUMN_LABELS[c] for c in T4_COLUMNS[:4])}都不等于{shown}。",
                        printed=by_key[key].printed)
        return note("table3.row_total", "error", f"{key}.total",
                    f"{place_name(key)}：{whichever}六类申请人合计都不等于总计。", printed=by_key[key].printed)
    column = where.rsplit(".", 1)[-1]
    label = dict(zip(T3_COLUMNS, T3_COLUMN_LABELS, strict=True)).get(column, column)
    if rule == "table3.balance":
        return note(rule, "error", where, f"{label}列：{whichever}本年新收+上年结转都不等于办理结果总计+结转下年度。")
    return note(rule, "error", where, f"{label}列：{whichever}各项办理结果之和都不等于（七）总计。")
