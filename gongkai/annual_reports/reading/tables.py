"""Read tables 二, 三 and 四 from lines, never changing a printed number.

Two readings are made of table 三 and the better one kept:

* *anchored*: each printed row label (matched by key, in template order) takes the numbers that
  follow it; blank cells of grid rows stay `None`; a row with fewer numbers than columns is
  placed by the numbers' horizontal positions where the source has them;
* *stream*: for extractions that detach labels from numbers (plain ``pdftotext``), the numbers
  are laid out from the way they are grouped (row by row, or runs of seven equal groups read
  column by column).

Where several layouts are possible, the arithmetic of the format (第五十条 report format's
勾稽关系) only chooses between them: the layout satisfying more of the checks wins; a value is
never edited.  Table 四's fifteen numbers are read the same way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import BLANK_MARKS, Line, norm, parse_number, value_cell
from .template import (
    OTHER_SUBROWS,
    T2_ROWS,
    T2_ROWS_2019,
    T3_OUTCOME_ROWS,
    T3_OUTCOME_ROWS_COMBINED,
    T3_ROW_KEYS,
    T3_ROWS,
    T3_ROWS_COMBINED,
    T4_COLUMNS,
    T4_GROUPS,
)

Number = int | float
Value = Number | None


@dataclass(slots=True)
class Token:
    """A value found in a table region: the number (None for a blank cell) and its x position."""

    value: Value
    x: float | None
    group: int


@dataclass(slots=True)
class Row:
    """What one line of a table region holds: a label (maybe empty) and values."""

    label: str
    values: list[Token] = field(default_factory=list)
    grid: bool = False


def is_prose(line: Line) -> bool:
    """A sentence of running text (its numbers are not table cells)."""
    t = line.text
    return "。" in t or (len(t) > 60 and not line.grid)


def split_rows(lines: Sequence[Line]) -> list[Row | None]:
    """Each line as a Row (label + values); None for a blank line or prose."""
    out: list[Row | None] = []
    group = 0
    prev_numeric = False
    for line in lines:
        if line.is_blank or is_prose(line):
            out.append(None)
            group += 1
            prev_numeric = False
            continue
        cells = line.cells
        if line.grid:
            k = len(cells)
            while k > 0 and value_cell(cells[k - 1].text)[0]:
                k -= 1
            label = "".join(c.text or "" for c in cells[:k])
            vals = [value_cell(c.text)[1] for c in cells[k:]]
            group += 1
            out.append(Row(label, [Token(v, None, group) for v in vals], grid=True))
            prev_numeric = False
            continue
        # a standalone dash or slash between numbers is a blank cell printed as a mark
        labels = [c.text for c in cells if c.text and parse_number(c.text) is None and c.text not in BLANK_MARKS]
        nums = [c for c in cells if parse_number(c.text) is not None or (c.text and c.text in BLANK_MARKS)]
        if labels or len(nums) > 1 or not prev_numeric:
            group += 1
        out.append(Row("".join(labels), [Token(parse_number(c.text), c.x, group) for c in nums]))
        prev_numeric = bool(nums) and not labels and len(nums) == 1
        if labels or len(nums) > 1:
            group += 1
    return out


# ------------------------------------------------------------------ table 三

_OTHER_MISC = re.compile(r"(?:^|\))(?:[3３][.、,．]?)?其他$")


def match_t3_row(label: str, prev: str | None, started: bool) -> str | None:
    """The table-三 row code a printed label names, given the previous matched row."""
    n = norm(label)
    if not n:
        return None
    best, best_len = None, 0
    for code, keys in T3_ROW_KEYS.items():
        for k in keys:
            if k in n and len(k) > best_len:
                best, best_len = code, len(k)
    if best == "other_no_correction" and "逾期不补" not in n and "不补正" not in n:
        best = None
    if best is None and "逾期不补" in n:
        best = "other_no_correction"
    if best:
        return best
    if "总计" in n and started:
        return "total"
    if "其他处理" in n:
        return "other_combined"
    if _OTHER_MISC.search(n) and len(n) <= 10 and (prev in OTHER_SUBROWS or "(六)" in n):
        return "other_misc"
    return None


def _fit7(tokens: list[Token], centers: list[float] | None) -> list[Value] | None:
    vals = list(tokens)
    if len(vals) > 7:
        while len(vals) > 7 and vals[-1].value is None:
            vals.pop()
        while len(vals) > 7 and vals[0].value is None:
            vals.pop(0)
    if len(vals) == 7:
        return [t.value for t in vals]
    if len(vals) > 7 or not vals:
        return None
    if centers and all(t.x is not None for t in vals):
        return _place(vals, centers)
    if len(vals) == 2 and not centers:
        return [vals[0].value, None, None, None, None, None, vals[1].value]
    return None


def _place(vals: list[Token], centers: list[float]) -> list[Value] | None:
    """Put each value in the column whose centre is nearest, keeping their order."""
    out: list[Value] = [None] * len(centers)
    last = -1
    for t in vals:
        assert t.x is not None
        idx = min(range(len(centers)), key=lambda i: abs(centers[i] - t.x))
        if idx <= last:
            return None
        out[idx] = t.value
        last = idx
    return out


def _is_full(tokens: list[Token]) -> bool:
    return len(tokens) == 7 and all(t.x is not None and t.value is not None for t in tokens)


def _centers_near(order: list[str], found: dict[str, list[Token]], code: str) -> list[float] | None:
    """Column positions of the nearest complete row (pages may place columns differently)."""
    present = [c for c in order if c in found]
    pos = present.index(code)
    full = [(abs(i - pos), c) for i, c in enumerate(present) if _is_full(found[c])]
    if not full:
        return None
    ref = found[min(full)[1]]
    return [t.x for t in ref]  # type: ignore[misc]


def anchored_t3(rows: list[Row | None], lenient: bool = False) -> dict[str, list[Value]] | None:
    """Table 三 by printed row labels; None when the labels do not carry the numbers.

    `lenient` (used only when no other reading exists): a row whose numbers cannot be placed in
    its columns is left blank (unreadable) instead of discarding the table, and a table printed
    only in part (a truncated page) keeps the rows it prints.
    """
    found: dict[str, list[Token]] = {}
    current: str | None = None
    prev: str | None = None
    started = False
    for row in rows:
        if row is None:
            continue
        if row.label:
            code = match_t3_row(row.label, prev, started)
            if code:
                started = started or code == "received_new"
                if code != current:
                    found.setdefault(code, [])
                    current = prev = code
        if row.values:
            if current is None:
                if row.label or any(t.value is not None for t in row.values):
                    return None  # numbers before any row label: labels are detached
                continue
            found[current].extend(row.values)
    if found.get("other_combined") == []:
        del found["other_combined"]
    if found.get("total") == [] and "carried_out" not in found:
        del found["total"]
    if not found:
        return None
    combined = "other_combined" in found and not any(found.get(c) for c in OTHER_SUBROWS)
    order = T3_ROWS_COMBINED if combined else T3_ROWS
    if combined:
        for c in OTHER_SUBROWS:
            found.pop(c, None)
    if set(found) - set(order):
        return None
    result: dict[str, list[Value]] = {}
    for code in order:
        if code not in found:
            continue
        fitted = _fit7(found[code], _centers_near(list(order), found, code))
        if fitted is None:
            if not lenient:
                return None
            fitted = [None] * 7
        result[code] = fitted
    if len(result) < len(order) - 3 and not (lenient and "received_new" in result and len(result) >= 2):
        return None
    return {code: result.get(code, [None] * 7) for code in order}


def stream_t3(rows: list[Row | None]) -> list[dict[str, list[Value]]]:
    """Possible layouts of table 三 from the numbers' order and grouping alone."""
    tokens = [t for r in rows if r is not None for t in r.values if t.value is not None]
    if len(tokens) == 7 * len(T3_ROWS):
        order = T3_ROWS
    elif len(tokens) == 7 * len(T3_ROWS_COMBINED):
        order = T3_ROWS_COMBINED
    else:
        return []
    values = [t.value for t in tokens]
    candidates = []
    structured = _structured(tokens)
    if structured is not None and len(structured) == len(order):
        candidates.append(dict(zip(order, structured, strict=True)))
    row_major = [values[i:i + 7] for i in range(0, len(values), 7)]
    candidates.append(dict(zip(order, row_major, strict=True)))
    return candidates


def _structured(tokens: list[Token]) -> list[list[Value]] | None:
    groups: list[list[Value]] = []
    last = None
    for t in tokens:
        if t.group != last:
            groups.append([])
            last = t.group
        groups[-1].append(t.value)
    rows: list[list[Value]] = []
    buffer: list[Value] = []
    i = 0
    while i < len(groups):
        g = groups[i]
        m = len(g)
        if not buffer and m not in (1, 7) and i + 7 <= len(groups) and all(len(groups[i + k]) == m for k in range(7)):
            block = groups[i:i + 7]
            rows.extend([block[c][r] for c in range(7)] for r in range(m))
            i += 7
            continue
        buffer.extend(g)
        while len(buffer) >= 7:
            rows.append(buffer[:7])
            buffer = buffer[7:]
        i += 1
    return None if buffer else rows


def t3_score(table: dict[str, list[Value]]) -> int:
    """How many of the format's 勾稽 checks a layout satisfies (blank cells count as 0)."""
    def v(x: Value) -> Number:
        return x or 0

    score = 0
    for vals in table.values():
        if sum(v(x) for x in vals[:6]) == v(vals[6]):
            score += 1
    outcome = T3_OUTCOME_ROWS_COMBINED if "other_combined" in table else T3_OUTCOME_ROWS
    try:
        for c in range(7):
            if v(table["received_new"][c]) + v(table["carried_in"][c]) == v(table["total"][c]) + v(table["carried_out"][c]):
                score += 1
            if sum(v(table[r][c]) for r in outcome) == v(table["total"][c]):
                score += 1
    except KeyError:
        pass
    return score


def read_t3(lines: Sequence[Line]) -> dict[str, list[Value]] | None:
    """Table 三 as row code → seven values, or None when the region holds no such table."""
    rows = split_rows(lines)
    anchored = anchored_t3(rows)
    candidates = ([anchored] if anchored else []) + stream_t3(rows)
    if not candidates:
        return anchored_t3(rows, lenient=True)
    best = max(candidates, key=t3_score)  # max keeps the first of equals: anchored first
    return best


# ------------------------------------------------------------------ table 二


def is_2019_t2(lines: Sequence[Line]) -> bool:
    """True where table 二 has the 2019 试行 columns (本年新制作数量 …)."""
    from .template import T2_2019_MARKERS

    return any(any(m in norm(line.text) for m in T2_2019_MARKERS) for line in lines)


def _t2_row(label: str, spec) -> str | None:
    n = norm(label)
    if "第二十条" in n or "信息内容" in n:
        return None
    best = None
    for code, keys, _cols in spec:
        if any(k in n for k in keys):
            best = code
            if code != "regulations":
                break
    return best


def read_t2(lines: Sequence[Line], fmt2019: bool = False) -> dict[str, dict[str, Value]] | None:
    """Table 二 as row code → {column: value}; None when no row of it is printed."""
    spec = T2_ROWS_2019 if fmt2019 else T2_ROWS
    columns = {code: cols for code, _k, cols in spec}
    rows = split_rows(lines)
    found: dict[str, list[Token]] = {}
    order: list[str] = []
    current = None
    all_tokens: list[Token] = []
    anchored_ok = True
    for row in rows:
        if row is None:
            continue
        if row.label:
            code = _t2_row(row.label, spec)
            if code and code not in found:
                found[code] = []
                order.append(code)
                current = code
        for t in row.values:
            all_tokens.append(t)
            if current is None:
                anchored_ok = False
            else:
                found[current].append(t)
    if not found:
        return None
    result: dict[str, dict[str, Value]] = {}
    for code in order:
        toks = found[code]
        n = len(columns[code])
        while len(toks) > n and toks[-1].value is None:
            toks.pop()
        if len(toks) != n:
            anchored_ok = False
    if anchored_ok:
        for code in order:
            result[code] = dict(zip(columns[code], (t.value for t in found[code]), strict=True))
    else:
        numbers = [t.value for t in all_tokens if t.value is not None]
        present = [code for code, _k, _c in spec if code in found]
        need = sum(len(columns[c]) for c in present)
        if len(numbers) != need:
            # Labels carry their own cells, but some row does not fit its columns (an unreadable
            # cell, a missing value): keep every row that fits, leave the others blank.
            for code in present:
                toks = found[code]
                fits = len(toks) == len(columns[code])
                result[code] = dict(zip(columns[code], (t.value for t in toks), strict=True)) if fits \
                    else dict.fromkeys(columns[code])
            return {code: result[code] for code, _k, _c in spec if code in result} or None
        i = 0
        for code in present:
            n = len(columns[code])
            result[code] = dict(zip(columns[code], numbers[i:i + n], strict=True))
            i += n
    return {code: result[code] for code, _k, _c in spec if code in result}


# ------------------------------------------------------------------ table 四

_T4_HINTS = (("复议后起诉", "litigation_after_review"), ("未经复议", "litigation_direct"), ("直接起诉", "litigation_direct"))


def _t4_valid(values: Sequence[Value]) -> bool:
    return all(
        sum(x or 0 for x in values[g * 5:g * 5 + 4]) == (values[g * 5 + 4] or 0) for g in range(3)
    )


def read_t4(lines: Sequence[Line]) -> dict[str, dict[str, Value]] | None:
    """Table 四 as group code → {column: value}; None when no table is printed."""
    rows = split_rows(lines)
    grid_values = [t.value for r in rows if r is not None and r.grid and not r.label and len(r.values) >= 5
                   for t in r.values]
    if len(grid_values) > 15:
        grid_values = grid_values[-15:]
    if len(grid_values) == 15:
        values: list[Value] = grid_values
    else:
        chunks: list[tuple[str, list[Value]]] = []
        pending = ""
        new_chunk = True
        for r in rows:
            if r is None:
                continue  # blank lines do not split a run of numbers; labels do
            if r.label:
                pending += norm(r.label)
                new_chunk = True
            nums = [t.value for t in r.values if t.value is not None]
            if nums:
                if new_chunk or not chunks:
                    chunks.append((pending, []))
                    pending, new_chunk = "", False
                chunks[-1][1].extend(nums)
        values = [v for _t, c in chunks for v in c]
        if not values:
            return None
        if len(values) == 15 and not _t4_valid(values):
            values = _t4_permute(chunks) or values
        if len(values) > 15:
            values = values[-15:]
        values = values + [None] * (15 - len(values))
    return {g: dict(zip(T4_COLUMNS, values[i * 5:i * 5 + 5], strict=True)) for i, g in enumerate(T4_GROUPS)}


def _t4_permute(chunks: list[tuple[str, list[Value]]]) -> list[Value] | None:
    """Another order of the printed chunks that satisfies every group's 总计, if one exists."""
    if not 1 < len(chunks) <= 7:
        return None
    hints = []
    for text, _vals in chunks:
        named = {code for key, code in _T4_HINTS if key in text}
        if "行政复议" in text.replace("复议后起诉", "").replace("未经复议", ""):
            named.add("review")
        hints.append(next(iter(named)) if len(named) == 1 else None)
    best = None
    for perm in itertools.permutations(range(len(chunks))):
        values = [v for i in perm for v in chunks[i][1]]
        if not _t4_valid(values):
            continue
        hits = 0
        pos = 0
        for i in perm:
            group = T4_GROUPS[min(pos // 5, 2)]
            if hints[i] == group:
                hits += 1
            pos += len(chunks[i][1])
        inversions = sum(1 for a, b in itertools.combinations(perm, 2) if a > b)
        key = (-hits, inversions)
        if best is None or key < best[0]:
            best = (key, values)
    return best[1] if best else None
