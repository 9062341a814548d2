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

Where a row does not fit its columns — its cells printed as one run of digits (a crawler's
``textContent``), a stray layout token, a lost blank cell — the row goes to `decode` with the
whole table, and the reading's findings (`notes`) say what was split, rejected or left unread.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import decode as dec
from .model import BLANK_MARKS, Line, norm, parse_number, value_cell
from .notes import decoding_notes, note, place_name
from .template import (
    OTHER_SUBROWS,
    T2_COLUMN_LABELS,
    T2_ROWS,
    T2_ROWS_2019,
    T3_COLUMNS,
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
    """A value found in a table region: the number (None for a blank cell), its x position, the
    text as printed and the index of its line in the region."""

    value: Value
    x: float | None
    group: int
    text: str | None = None
    line: int = -1

    @property
    def glued(self) -> bool:
        """A digit run that cannot be one number (a leading zero): cells printed together."""
        t = (self.text or "").strip()
        return len(t) > 1 and t.isdigit() and t[0] == "0"

    @property
    def printed(self) -> str | Number | None:
        """The token for the decoder: the printed digits, an atomic number, or None (blank)."""
        t = (self.text or "").strip()
        if self.value is None:
            return None
        if t.isdigit() or dec.atoms_of([t]) is not None:
            return t
        return self.value  # a number printed with a unit ("3件"): one cell


@dataclass(slots=True)
class Row:
    """What one line of a table region holds: a label (maybe empty) and values."""

    label: str
    values: list[Token] = field(default_factory=list)
    grid: bool = False
    line: int = -1


def is_prose(line: Line) -> bool:
    """A sentence of running text (its numbers are not table cells)."""
    t = line.text
    return "。" in t or (len(t) > 60 and not line.grid)


def split_rows(lines: Sequence[Line]) -> list[Row | None]:
    """Each line as a Row (label + values); None for a blank line or prose."""
    out: list[Row | None] = []
    group = 0
    prev_numeric = False
    for index, line in enumerate(lines):
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
            group += 1
            out.append(Row(label, [Token(value_cell(c.text)[1], None, group, c.text, index) for c in cells[k:]],
                           grid=True, line=index))
            prev_numeric = False
            continue
        # a standalone dash or slash between numbers is a blank cell printed as a mark
        labels = [c.text for c in cells if c.text and parse_number(c.text) is None and c.text not in BLANK_MARKS]
        nums = [c for c in cells if parse_number(c.text) is not None or (c.text and c.text in BLANK_MARKS)]
        if labels or len(nums) > 1 or not prev_numeric:
            group += 1
        out.append(Row("".join(labels), [Token(parse_number(c.text), c.x, group, c.text, index) for c in nums],
                       line=index))
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


def _fit7(tokens: list[Token], centers: list[float] | None,
          lines: tuple[int, int, int] | None = None) -> list[Value] | None:
    """Seven values from a row's tokens, or None when they cannot be placed without guessing.

    Fewer than seven are placed by their horizontal positions (`centers` of a complete row), or,
    one cell a line, by their line offsets (`lines`: the label line and the offset and spacing
    of a complete row's cells), so a blank cell stays blank and the printed values are kept."""
    vals = list(tokens)
    if any(t.glued for t in vals):
        return None
    if len(vals) > 7:
        while len(vals) > 7 and vals[-1].value is None:
            vals.pop()
        while len(vals) > 7 and vals[0].value is None:
            vals.pop(0)
    if len(vals) == 7:
        return [t.value for t in vals]
    if len(vals) > 7 or not vals:
        return None
    if lines is not None:
        placed = _place_by_lines(vals, lines)
        if placed is not None:
            return placed
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


def _place_by_lines(vals: list[Token], lines: tuple[int, int, int]) -> list[Value] | None:
    """One cell a line: the column of each value from its line offset below the row's label."""
    label_line, first, step = lines
    out: list[Value] = [None] * 7
    last = -1
    for t in vals:
        col, rest = divmod(t.line - label_line - first, step)
        if rest or not last < col < 7:
            return None
        out[col] = t.value
        last = col
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


def _line_pattern(found: dict[str, list[Token]], label_lines: dict[str, int]) -> tuple[int, int] | None:
    """Where one-cell-a-line text puts a complete row's cells: (first offset, spacing) below the
    label, agreed by at least two complete rows; None for any other layout."""
    seen: dict[tuple[int, int], int] = {}
    for code, toks in found.items():
        if len(toks) != 7 or any(t.value is None for t in toks):
            continue
        offsets = [t.line - label_lines[code] for t in toks]
        step = offsets[1] - offsets[0]
        if step > 0 and offsets[0] > 0 and all(b - a == step for a, b in zip(offsets, offsets[1:], strict=False)):
            seen[(offsets[0], step)] = seen.get((offsets[0], step), 0) + 1
    if not seen:
        return None
    pattern, count = max(seen.items(), key=lambda kv: kv[1])
    return pattern if count >= 2 else None


@dataclass(slots=True)
class Anchored:
    """Table 三 by printed row labels: each row's tokens, the label lines and the template order."""

    found: dict[str, list[Token]]
    label_lines: dict[str, int]
    order: tuple[str, ...]
    leading: list[Token]  # values printed before the first row label

    def fits(self, code: str) -> list[Value] | None:
        pattern = _line_pattern(self.found, self.label_lines)
        lines = (self.label_lines[code], *pattern) if pattern else None
        return _fit7(self.found[code], _centers_near(list(self.order), self.found, code), lines)


def anchor_t3(rows: list[Row | None]) -> Anchored | None:
    """Row label → the tokens that follow it, in template order; None when no label is found."""
    found: dict[str, list[Token]] = {}
    label_lines: dict[str, int] = {}
    leading: list[Token] = []
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
                    label_lines.setdefault(code, row.line)
                    current = prev = code
        if row.values:
            if current is None:
                if row.label or any(t.value is not None for t in row.values):
                    leading.extend(row.values)
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
    return Anchored(found, label_lines, order, leading)


def anchored_t3(rows: list[Row | None], lenient: bool = False) -> dict[str, list[Value]] | None:
    """Table 三 by printed row labels; None when the labels do not carry the numbers.

    `lenient` (used only when no other reading exists): a row whose numbers cannot be placed in
    its columns is left blank (unreadable) instead of discarding the table, and a table printed
    only in part (a truncated page) keeps the rows it prints.
    """
    a = anchor_t3(rows)
    if a is None or a.leading:
        return None  # numbers before any row label: labels are detached
    result: dict[str, list[Value]] = {}
    for code in a.order:
        if code not in a.found:
            continue
        fitted = a.fits(code)
        if fitted is None:
            if not lenient:
                return None
            fitted = [None] * 7
        result[code] = fitted
    if len(result) < len(a.order) - 3 and not (lenient and "received_new" in result and len(result) >= 2):
        return None
    return {code: result.get(code, [None] * 7) for code in a.order}


_ROW_SUM = (dec.Sum(tuple(range(6)), 6),)  # rule 3: 总计 = the six applicant columns


def t3_rules(order: Sequence[str]) -> list[dec.Rule]:
    """勾稽 rules 1 and 2 of the format across rows, per column."""
    outcome = T3_OUTCOME_ROWS_COMBINED if "other_combined" in order else T3_OUTCOME_ROWS
    rules = []
    for c, col in enumerate(T3_COLUMNS):
        rules.append(dec.Rule("table3.balance", f"table3.*.{col}", (
            ("table3.received_new", c, 1), ("table3.carried_in", c, 1),
            ("table3.total", c, -1), ("table3.carried_out", c, -1))))
        rules.append(dec.Rule("table3.outcome_sum", f"table3.total.{col}",
                              tuple((f"table3.{r}", c, 1) for r in outcome) + (("table3.total", c, -1),)))
    return rules


def _fixed(key: str, values: Sequence[Value], sums: tuple[dec.Sum, ...] = ()) -> dec.Piece:
    """A piece whose reading is already known (it still counts in the rules across pieces)."""
    cells = tuple(values)
    broken = tuple(j for j, s in enumerate(sums) if not dec._holds(s, cells))
    return dec.Piece(key, [], len(cells), sums, [dec.Candidate(cells, broken)])


def decoded_t3(rows: list[Row | None], notes: list[dict]) -> dict[str, list[Value]] | None:
    """Table 三 by row labels, decoding the rows that do not fit (glued digit runs, a stray token,
    a lost blank cell) with the whole table's arithmetic; None when the labels do not carry the
    numbers (detached labels are the stream reading's)."""
    a = anchor_t3(rows)
    if a is None or len(a.leading) > dec.MAX_DROPPED or len(a.found) < len(a.order) - 3:
        return None
    pieces = []
    leading = list(a.leading)
    for code in a.order:
        key = f"table3.{code}"
        toks = a.found.get(code)
        if toks is None:
            pieces.append(_fixed(key, [None] * 7, _ROW_SUM))
            continue
        if leading:  # values before the first label: strays, or the first row's own cells
            toks, leading = leading + toks, []
        fitted = a.fits(code) if len(toks) == len(a.found[code]) else None
        if fitted is not None:
            pieces.append(_fixed(key, fitted, _ROW_SUM))
        else:
            pieces.append(dec.Piece(key, [t.printed for t in toks], 7, _ROW_SUM))
    outcome = dec.decode(pieces, t3_rules(a.order))
    notes += decoding_notes(outcome, pieces)
    return {code: outcome.cells[f"table3.{code}"] for code in a.order}


def stream_t3(rows: list[Row | None]) -> list[dict[str, list[Value]]]:
    """Possible layouts of table 三 from the numbers' order and grouping alone."""
    tokens = [t for r in rows if r is not None for t in r.values if t.value is not None]
    return _stream_layouts(tokens)


def _stream_layouts(tokens: list[Token], blocks: bool = True) -> list[dict[str, list[Value]]]:
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
    if blocks and max(map(t3_score, candidates)) < len(order) + 14:  # a rule fails: try runs of blocks
        blocks = _blocks(values)
        if blocks not in (row_major, structured):
            candidates.append(dict(zip(order, blocks, strict=True)))
    return candidates


def _blocks(values: list[Value]) -> list[list[Value]]:
    """Rows from numbers printed in runs of rows, some row by row and some column by column (what
    plain pdftotext gives), with no grouping left: the split into runs keeping the most rows'
    总计 = the six columns (then the fewest runs) — the arithmetic chooses the layout only."""
    n = len(values) // 7

    def rows_of(start: int, m: int) -> list[list[Value]]:
        chunk = values[start * 7:(start + m) * 7]
        if m == 1:
            return [chunk]
        return [[chunk[c * m + r] for c in range(7)] for r in range(m)]

    def good(row: list[Value]) -> int:
        return int(sum(v or 0 for v in row[:6]) == (row[6] or 0))

    best: list[tuple[int, int, int]] = [(0, 0, 0)] * (n + 1)  # (rows kept, -runs, run length) per prefix
    for end in range(1, n + 1):
        options = []
        for m in range(1, end + 1):
            kept = best[end - m][0] + sum(good(r) for r in rows_of(end - m, m))
            options.append((kept, best[end - m][1] - 1, m))
        best[end] = max(options)
    out: list[list[Value]] = []
    end = n
    while end:
        m = best[end][2]
        out[:0] = rows_of(end - m, m)
        end -= m
    return out


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


def _stream_without_strays(rows: list[Row | None], notes: list[dict]) -> dict[str, list[Value]] | None:
    """The stream reading once one or two stray tokens (a page number, a footnote mark) are left
    out: only where exactly one choice of them gives the best-scoring table."""
    tokens = [t for r in rows if r is not None for t in r.values if t.value is not None]
    extra = next((len(tokens) - 7 * len(order) for order in (T3_ROWS, T3_ROWS_COMBINED)
                  if 0 < len(tokens) - 7 * len(order) <= dec.MAX_DROPPED), 0)
    if not extra or len(tokens) > 7 * len(T3_ROWS) + dec.MAX_DROPPED:
        return None
    scored: list[tuple[int, tuple[int, ...], dict[str, list[Value]]]] = []
    for drop in itertools.combinations(range(len(tokens)), extra):
        rest = [t for i, t in enumerate(tokens) if i not in drop]
        for table in _stream_layouts(rest, blocks=False):
            scored.append((t3_score(table), drop, table))
    if not scored:
        return None
    top = max(s for s, _d, _t in scored)
    winners = {tuple(map(tuple, t.values())): (d, t) for s, d, t in scored if s == top}
    if len(winners) != 1:
        return None
    drop, table = next(iter(winners.values()))
    dropped = "、".join(tokens[i].text or "" for i in drop)
    notes.append(note("reading.stray", "warning", "table3",
                      f"表三多出“{dropped}”：按表格的格数和勾稽关系判断为版面残留（如页码、脚注标记），未计入表格。",
                      printed=dropped))
    return table


def read_t3(lines: Sequence[Line], notes: list[dict] | None = None) -> dict[str, list[Value]] | None:
    """Table 三 as row code → seven values, or None when the region holds no such table.

    `notes` receives the reading's findings (a run split, a stray token rejected, a run left
    unread); a table printed with row labels and numbers that cannot be read at all is returned
    with every cell unread and a `reading.unsplit` finding, never as missing."""
    notes = [] if notes is None else notes
    rows = split_rows(lines)
    anchored = anchored_t3(rows)
    candidates = ([anchored] if anchored else []) + stream_t3(rows)
    if candidates:
        return max(candidates, key=t3_score)  # max keeps the first of equals: anchored first
    decoding: list[dict] = []
    decoded = decoded_t3(rows, decoding)
    if decoded is not None and not any(n["rule"] == "reading.unsplit" for n in decoding):
        notes += decoding
        return decoded
    table = _stream_without_strays(rows, notes)  # labels detached from a stray-shifted stream
    if table is None and decoded is not None:
        notes += decoding
        return decoded
    table = table or anchored_t3(rows, lenient=True)
    if table is not None:
        return table
    return _unreadable_t3(rows, notes)


def _unreadable_t3(rows: list[Row | None], notes: list[dict]) -> dict[str, list[Value]] | None:
    """A table 三 whose labels and numbers are printed but cannot be laid out: every cell unread."""
    labels = {match_t3_row(r.label, None, True) for r in rows if r is not None and r.label} - {None}
    numbers = [t for r in rows if r is not None for t in r.values if t.value is not None]
    if len(labels) < 5 or not numbers:
        return None
    order = T3_ROWS_COMBINED if "other_combined" in labels and not labels & set(OTHER_SUBROWS) else T3_ROWS
    sample = " ".join((t.text or "") for t in numbers[:12]) + (" …" if len(numbers) > 12 else "")
    notes.append(note("reading.unsplit", "error", "table3",
                      f"表三已印出（识别出{len(labels)}个行标题、{len(numbers)}组数字，如“{sample}”），"
                      "但这些数字无法按表格的行列和勾稽关系拆分到各单元格：表格未能读出，请对照原文核对。",
                      printed=sample))
    return {code: [None] * 7 for code in order}


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


def _header_columns(label: str) -> list[str] | None:
    """The 2021 columns a table-二 header line prints (信息内容 本年制发件数 …), in printed order."""
    n = norm(label)
    if "信息内容" not in n:
        return None
    found = [(n.find(norm(text)[:4]), col) for col, text in T2_COLUMN_LABELS.items() if norm(text)[:4] in n]
    return [col for _pos, col in sorted(found)] or None


def read_t2(lines: Sequence[Line], fmt2019: bool = False,
            notes: list[dict] | None = None) -> dict[str, dict[str, Value]] | None:
    """Table 二 as row code → {column: value}; None when no row of it is printed.

    A row printing fewer numbers than its columns keeps them where the block's header shows
    which columns are printed; a row printed as one digit run is decoded (several readings:
    nulls and the candidates); any other row that does not fit is left unread with a finding,
    never dropped, and the other rows are kept."""
    notes = [] if notes is None else notes
    spec = T2_ROWS_2019 if fmt2019 else T2_ROWS
    columns = {code: cols for code, _k, cols in spec}
    rows = split_rows(lines)
    found: dict[str, list[Token]] = {}
    headers: dict[str, list[str]] = {}
    order: list[str] = []
    current = None
    header: list[str] | None = None
    all_tokens: list[Token] = []
    for row in rows:
        if row is None:
            continue
        if row.label:
            header = _header_columns(row.label) or header
            code = _t2_row(row.label, spec)
            if code and code not in found:
                found[code] = []
                order.append(code)
                current = code
                if header:
                    headers[code] = header
        for t in row.values:
            all_tokens.append(t)
            if current is not None:
                found[current].append(t)
    if not found:
        return None
    for code in order:
        toks = found[code]
        while len(toks) > len(columns[code]) and toks[-1].value is None:
            toks.pop()
    fits = {code: len(found[code]) == len(columns[code]) and not any(t.glued for t in found[code]) for code in order}
    present = [code for code, _k, _c in spec if code in found]
    if not all(fits.values()) and not any(t.glued for t in all_tokens):
        numbers = [t.value for t in all_tokens if t.value is not None]
        if len(numbers) == sum(len(columns[c]) for c in present):
            # Labels detached from their numbers (printed before or after them): in template order.
            it = iter(numbers)
            return {code: {col: next(it) for col in columns[code]} for code in present}
    result: dict[str, dict[str, Value]] = {}
    pieces = []
    for code in present:
        toks, cols = found[code], columns[code]
        if fits[code]:
            result[code] = dict(zip(cols, (t.value for t in toks), strict=True))
            continue
        shown = [c for c in headers.get(code, ()) if c in cols]
        if toks and len(shown) == len(toks) and len(toks) < len(cols) and not any(t.glued for t in toks):
            # the block's header prints only these columns (第二十条第（一）项 without 本年废止件数 …)
            result[code] = dict.fromkeys(cols) | dict(zip(shown, (t.value for t in toks), strict=True))
            continue
        printed = [t.printed for t in toks]
        if toks and len(toks) < len(cols) and any(isinstance(p, str) and len(p) > 1 and p.isdigit() for p in printed):
            pieces.append(dec.Piece(f"table2.{code}", printed, len(cols)))
            continue
        result[code] = dict.fromkeys(cols)
        shown_values = "、".join(str(t.text or "空") for t in toks) or "没有数字"
        notes.append(note("reading.unplaced", "warning", f"table2.{code}",
                          f"{place_name(f'table2.{code}')}印有{len(toks)}个数（{shown_values}），与{len(cols)}栏"
                          f"（{'、'.join(T2_COLUMN_LABELS.get(c, c) for c in cols)}）对不上，表头也不能说明缺的是哪一栏："
                          "该行未读出，请对照原文核对。", printed=shown_values))
    if pieces:
        outcome = dec.decode(pieces)
        notes += decoding_notes(outcome, pieces)
        for p in pieces:
            code = p.key.split(".", 1)[1]
            result[code] = dict(zip(columns[code], outcome.cells[p.key], strict=True))
    return {code: result[code] for code in present}


# ------------------------------------------------------------------ table 四

_T4_HINTS = (("复议后起诉", "litigation_after_review"), ("未经复议", "litigation_direct"), ("直接起诉", "litigation_direct"))
_T4_SUMS = tuple(dec.Sum(tuple(range(g * 5, g * 5 + 4)), g * 5 + 4) for g in range(3))  # rule 4


def _t4_valid(values: Sequence[Value]) -> bool:
    return all(
        sum(x or 0 for x in values[g * 5:g * 5 + 4]) == (values[g * 5 + 4] or 0) for g in range(3)
    )


def read_t4(lines: Sequence[Line], notes: list[dict] | None = None) -> dict[str, dict[str, Value]] | None:
    """Table 四 as group code → {column: value}; None when no table is printed."""
    notes = [] if notes is None else notes
    rows = split_rows(lines)
    grid_values = [t.value for r in rows if r is not None and r.grid and not r.label and len(r.values) >= 5
                   for t in r.values]
    if len(grid_values) > 15:
        grid_values = grid_values[-15:]
    if len(grid_values) == 15:
        values: list[Value] = grid_values
    else:
        chunks: list[tuple[str, list[Value]]] = []
        tokens: list[Token] = []
        pending = ""
        new_chunk = True
        for r in rows:
            if r is None:
                continue  # blank lines do not split a run of numbers; labels do
            if r.label:
                pending += norm(r.label)
                new_chunk = True
            nums = [t for t in r.values if t.value is not None]
            if nums:
                if new_chunk or not chunks:
                    chunks.append((pending, []))
                    pending, new_chunk = "", False
                chunks[-1][1].extend(t.value for t in nums)
                tokens.extend(nums)
        values = [v for _t, c in chunks for v in c]
        if not values:
            return None
        if len(values) == 15 and not _t4_valid(values) and not any(t.glued for t in tokens):
            values = _t4_permute(chunks) or values
        elif len(values) != 15 and not (len(values) > 15 and _t4_valid(values[-15:])):
            values = _t4_decoded(tokens, notes) or values
        if len(values) > 15:
            values = values[-15:]
        values = values + [None] * (15 - len(values))
    return {g: dict(zip(T4_COLUMNS, values[i * 5:i * 5 + 5], strict=True)) for i, g in enumerate(T4_GROUPS)}


def _t4_decoded(tokens: list[Token], notes: list[dict]) -> list[Value] | None:
    """Table 四's fifteen cells from runs of glued digits or with a stray token, by each group's
    总计 = 维持 + 纠正 + 其他 + 尚未审结; None where the print is neither (keep the plain reading)."""
    printed = [t.printed for t in tokens]
    digits = sum(len(p) if isinstance(p, str) and p.isdigit() else 1 for p in printed)
    glued = any(isinstance(p, str) and len(p) > 1 and p.isdigit() for p in printed) and len(printed) < 15 <= digits
    stray = 15 < len(printed) <= 15 + dec.MAX_DROPPED
    if not (glued or stray):
        return None
    piece = dec.Piece("table4", printed, 15, _T4_SUMS)
    outcome = dec.decode([piece])
    if stray and (piece.key not in outcome.dropped or piece.key in outcome.ambiguous
                  or any(c.broken for c in piece.candidates)):
        return None  # no clean reading without the extra token: keep the plain one
    notes += decoding_notes(outcome, [piece])
    return outcome.cells["table4"]


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
