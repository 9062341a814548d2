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
    cell: bool = False  # a table cell of its own (HTML, DOCX, Markdown, tabs): one number, never a run

    @property
    def glued(self) -> bool:
        """A digit run that cannot be one number (a leading zero): cells printed together."""
        t = (self.text or "").strip()
        return len(t) > 1 and t.isdigit() and t[0] == "0"

    def printed(self, alone: bool = False) -> str | Number | None:
        """The token for the decoder: its digits (a run the decoder may split), a number that is
        one cell whatever its digits, or None (a blank cell).  A table cell is one number unless it
        is the only one of its row (`alone`: the separators inside it were lost)."""
        t = (self.text or "").strip()
        if self.value is None:
            return None
        if t.isdigit() and (not self.cell or alone or self.glued) or not t.isdigit() and dec.atoms_of([t]):
            return t
        return self.value  # a cell of its own, or a number printed with a unit ("3件"): one cell


def printed(tokens: Sequence[Token]) -> list[str | Number | None]:
    """A row's tokens for the decoder (see Token.printed)."""
    alone = len([t for t in tokens if t.value is not None]) == 1
    return [t.printed(alone) for t in tokens]


@dataclass(slots=True)
class Row:
    """What one line of a table region holds: a label (maybe empty) and values."""

    label: str
    values: list[Token] = field(default_factory=list)
    grid: bool = False
    line: int = -1


def is_prose(line: Line) -> bool:
    """A sentence of running text (its numbers are not table cells); a long line of numbers, as a
    joined report's table gives, is not."""
    t = line.text
    if "。" in t:
        return True
    if len(t) <= 60 or line.grid:
        return False
    return sum(len(c.text or "") for c in line.cells if parse_number(c.text) is None) > 40


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
            out.append(Row(label, [Token(value_cell(c.text)[1], None, group, c.text, index, cell=True)
                                   for c in cells[k:]], grid=True, line=index))
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
    pattern: tuple[int, int] | None = None  # one cell a line: where a complete row's cells are

    def fits(self, code: str) -> list[Value] | None:
        lines = (self.label_lines[code], *self.pattern) if self.pattern else None
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
                # Numbers before any row label: detached labels (or a stray token).  Blank cells
                # there are a header's merged cells (a Word table's vMerge continuations), not data.
                if any(t.value is not None for t in row.values):
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
    return Anchored(found, label_lines, order, leading, _line_pattern(found, label_lines))


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
    broken = tuple(j for j, s in enumerate(sums) if not dec.holds(s, cells))
    return dec.Piece(key, [], len(cells), sums, [dec.Candidate(cells, broken)])


def decoded_t3(rows: list[Row | None], notes: list[dict]) -> dict[str, list[Value]] | None:
    """Table 三 by row labels, decoding the rows that do not fit (glued digit runs, a stray token,
    a lost blank cell) with the whole table's arithmetic; None when the labels do not carry the
    numbers (detached labels are the stream reading's)."""
    a = anchor_t3(rows)
    if a is None or len(a.leading) > dec.MAX_DROPPED:
        return None
    if len(a.found) < len(a.order) - 3 and not ("received_new" in a.found and len(a.found) >= 2):
        return None  # too few rows to be table 三 (a page cut short keeps what it prints)
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
            pieces.append(dec.Piece(key, printed(toks), 7, _ROW_SUM))
    printed_rows = {f"table3.{code}" for code in a.found}  # rules over rows not printed say nothing
    rules = [r for r in t3_rules(a.order) if all(key in printed_rows for key, _c, _k in r.terms)]
    outcome = dec.decode(pieces, rules)
    notes += decoding_notes(outcome, pieces)
    return {code: outcome.cells[f"table3.{code}"] for code in a.order}


def stream_t3(rows: list[Row | None]) -> list[dict[str, list[Value]]]:
    """Possible layouts of table 三 from the numbers' order and grouping alone."""
    tokens = [t for r in rows if r is not None for t in r.values if t.value is not None]
    return _stream_layouts(tokens, _label_breaks(rows))


def _label_breaks(rows: list[Row | None]) -> frozenset[int]:
    """Indices of the numbers printed right after a label (a row label, a group label, a header)."""
    breaks = set()
    count = 0
    for r in rows:
        if r is None:
            continue
        if r.label:
            breaks.add(count)
        count += sum(1 for t in r.values if t.value is not None)
    return frozenset(breaks)


def _stream_layouts(tokens: list[Token], breaks: frozenset[int] | None = None) -> list[dict[str, list[Value]]]:
    """Layouts of all the numbers: as grouped (rows, or blocks of seven equal groups read column
    by column), row by row, and — where those break a rule — the best split into runs of rows
    and blocks (`breaks`: where a label between numbers ends a run; None: no such search)."""
    order: tuple[str, ...]
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
    if breaks is not None and max(map(t3_score, candidates)) < len(order) + 14:  # a rule fails
        blocks = _blocks(values, breaks)
        if blocks not in (row_major, structured):
            candidates.append(dict(zip(order, blocks, strict=True)))
    return candidates


def _blocks(values: list[Value], breaks: frozenset[int]) -> list[list[Value]]:
    """Rows from numbers printed in runs of rows, some row by row and some column by column (what
    plain pdftotext gives), with no grouping left: the split into runs keeping the most rows'
    总计 = the six columns (then the fewest runs); a run does not cross a label where every
    stretch between labels holds whole rows.  The arithmetic chooses the layout only."""
    n = len(values) // 7
    cuts = sorted(b for b in breaks if 0 < b < len(values))
    if any(b % 7 for b in cuts):
        cuts = []

    best: list[tuple[int, int, int]] = [(0, 0, 0)] * (n + 1)  # (rows kept, -runs, run length) per prefix
    for end in range(1, n + 1):
        floor = max((c // 7 for c in cuts if c // 7 < end), default=0)  # a run starts at or after it
        options = []
        for m in range(1, end - floor + 1):
            kept = best[end - m][0] + sum(_row_holds(r) for r in _rows_of(values, end - m, m))
            options.append((kept, best[end - m][1] - 1, m))
        best[end] = max(options)
    out: list[list[Value]] = []
    end = n
    while end:
        m = best[end][2]
        out[:0] = _rows_of(values, end - m, m)
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
        for table in _stream_layouts(rest):
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


STRETCH_DIGITS = 4  # digits per cell, on average, that a stretch of a table 三 can print
STRETCH_LAYOUT_BUDGET = 2_000  # steps to weigh one layout of one stretch (more: implausible, not weighed)


def _glued_stream(rows: list[Row | None], notes: list[dict]) -> dict[str, list[Value]] | None:
    """Table 三 from runs of glued digits with labels detached from them (plain pdftotext output
    joined into one line): each stretch of digits between two labels holds whole rows; how many,
    how its digits split and whether it is printed row by row or column by column are chosen
    together so that the most rows keep 总计 = the six columns, and the stretches add up to the
    table (a cell count whose readings are too many to weigh within the bound is not considered).
    Readings that tie leave the cells on which they differ unread."""
    tokens = [t for r in rows if r is not None for t in r.values if t.value is not None]
    if not any(len((t.text or "").strip()) > 1 for t in tokens):
        return None
    starts = sorted(_label_breaks(rows) | {0})
    chunks = [tokens[a:b] for a, b in zip(starts, [*starts[1:], len(tokens)], strict=True) if b > a]
    atoms_list = [dec.atoms_of(printed(chunk)) for chunk in chunks]
    if any(atoms is None for atoms in atoms_list):
        return None
    # Cells each stretch can hold (whole rows; at most one a digit, at least STRETCH_DIGITS digits
    # a cell), narrowed by the stretches adding up to the table: only those counts are weighed.
    spans = []
    for atoms in atoms_list:
        width = sum(len(v) if kind == "run" else 1 for kind, v in atoms)  # type: ignore[arg-type,misc]
        fewest = max(len(atoms), -(-width // STRETCH_DIGITS))  # type: ignore[arg-type]
        spans.append((7 * -(-fewest // 7), 7 * (min(width, 7 * len(T3_ROWS)) // 7)))
    total_lo, total_hi = sum(lo for lo, _hi in spans), sum(hi for _lo, hi in spans)
    need = [7 * len(order) for order in (T3_ROWS, T3_ROWS_COMBINED) if total_lo <= 7 * len(order) <= total_hi]
    if not need:
        return None
    budget = [dec.TABLE_BUDGET]
    options: list[dict[int, tuple[int, list[list[list[Value]]]]]] = []  # per chunk: cells -> (rows kept, readings)
    for atoms, (lo, hi) in zip(atoms_list, spans, strict=True):
        lo, hi = max(lo, min(need) - (total_hi - hi)), min(hi, max(need) - (total_lo - lo))
        by_cells = {}
        for strict in (True, False):  # readings keeping every row's arithmetic, else the best others
            for cells in range(lo, hi + 1, 7):
                found = _stretch_readings(atoms, cells // 7, budget, strict)
                if found is None:
                    return None
                if found[1]:
                    by_cells[cells] = found
            if by_cells:
                break
        if not by_cells:
            return None
        options.append(by_cells)
    for order in (T3_ROWS, T3_ROWS_COMBINED):
        chosen = _choose_counts(options, 7 * len(order))
        if chosen is None:
            continue
        table_rows: list[list[Value]] = []
        for by_cells, cells in zip(options, chosen, strict=True):
            table_rows += _agreed(by_cells[cells][1])
        table = dict(zip(order, table_rows, strict=True))
        for code, first in zip(order, [r for by_cells, cells in zip(options, chosen, strict=True)
                                       for r in _readings_by_row(by_cells[cells][1])], strict=True):
            if len(first) > 1:
                notes.append(note("reading.ambiguous", "warning", f"table3.{code}",
                                  f"{place_name(f'table3.{code}')}所在的一串数字（行标题与数字分开印出，数字之间没有分隔）"
                                  f"有{len(first)}种拆分同样符合格式的勾稽关系；无法确定是哪一种，不一致的单元格未读出（空白）。",
                                  candidates=first))
        notes.append(note("reading.split", "info", "table3",
                          "表三的行标题与数字分开印出，数字又连在一起：已按格式的勾稽关系拆分并排回各行；读出的每个数都是原文所印。"))
        return table
    return None


def _stretch_readings(atoms, k: int, budget: list[int], strict: bool) -> tuple[int, list[list[list[Value]]]] | None:
    """The readings of a stretch of glued digits as `k` rows: `strict`, in each layout plain
    pdftotext gives (row by row, one block column by column, or rows then a block, or a block then
    rows) with every row's 总计 = the six columns; else every reading weighed by the rows it keeps.
    A layout whose readings take more than STRETCH_LAYOUT_BUDGET steps to find is not weighed.
    Returns (rows kept, readings as rows); None when the table's bound is reached."""
    found: list[list[list[Value]]] = []
    for layout in _layouts(k) if strict else ():
        sums = tuple(s for start, m in layout for s in _block_sums(start, m))
        readings, steps, complete = dec.enumerate_readings(atoms, 7 * k, sums, enforce=True,
                                                           budget=min(budget[0], STRETCH_LAYOUT_BUDGET))
        budget[0] -= steps
        if budget[0] <= 0:
            return None
        for c in readings if complete else ():
            rows_ = [row for start, m in layout for row in _rows_of(c.cells, start, m)]
            if rows_ not in found:
                found.append(rows_)
    if strict:
        return k, found
    readings, steps, complete = dec.enumerate_readings(atoms, 7 * k, (), enforce=False, budget=min(budget[0], dec.NODE_BUDGET))
    budget[0] -= steps
    if budget[0] <= 0:
        return None
    if not complete or not readings:
        return 0, []  # too many readings to weigh: so many multi-digit cells are implausible
    laid = [_blocks(list(c.cells), frozenset()) for c in readings]
    kept = [sum(_row_holds(r) for r in rows_) for rows_ in laid]
    return max(kept), [rows_ for rows_, n in zip(laid, kept, strict=True) if n == max(kept)]


def _layouts(k: int) -> list[tuple[tuple[int, int], ...]]:
    """Runs of rows as (first row, rows in the run); a run of one row is printed row by row."""
    rows = tuple((r, 1) for r in range(k))
    out = [rows]
    if k > 1:
        out.append(((0, k),))
    for p in range(1, k):
        if k - p > 1:
            out.append(rows[:p] + ((p, k - p),))
        if p > 1:
            out.append(((0, p),) + tuple((r, 1) for r in range(p, k)))
    return out


def _block_sums(start: int, m: int) -> list[dec.Sum]:
    """Each row's 总计 = the six columns, for a run of m rows printed column by column."""
    base = start * 7
    return [dec.Sum(tuple(base + c * m + r for c in range(6)), base + 6 * m + r) for r in range(m)]


def _rows_of(cells: Sequence[Value], start: int, m: int) -> list[list[Value]]:
    """The m rows from `start` of cells printed as a run of m rows column by column (m = 1: a row)."""
    chunk = cells[start * 7:(start + m) * 7]
    return [[chunk[c * m + r] for c in range(7)] for r in range(m)]


def _row_holds(row: list[Value]) -> int:
    return int(dec.holds(_ROW_SUM[0], row))


def _choose_counts(options: list[dict[int, tuple[int, list]]], total: int) -> list[int] | None:
    """How many cells each stretch holds: adding up to `total`, keeping the most rows; None unless
    exactly one choice does."""
    best: dict[int, tuple[int, int, list[int]]] = {0: (0, 1, [])}  # cells so far -> (rows kept, ways, choice)
    for by_cells in options:
        nxt: dict[int, tuple[int, int, list[int]]] = {}
        for so_far, (kept, ways, choice) in best.items():
            for cells, (rows_kept, _readings) in by_cells.items():
                at = so_far + cells
                if at > total:
                    continue
                cand = (kept + rows_kept, ways, [*choice, cells])
                old = nxt.get(at)
                if old is None or cand[0] > old[0]:
                    nxt[at] = cand
                elif cand[0] == old[0]:
                    nxt[at] = (old[0], old[1] + ways, old[2])
        best = nxt
    end = best.get(total)
    return end[2] if end and end[1] == 1 else None


def _readings_by_row(readings: list[list[list[Value]]]) -> list[list[list[Value]]]:
    """For each row of a stretch, its distinct readings."""
    out = []
    for r in range(len(readings[0])):
        seen: list[list[Value]] = []
        for rows_ in readings:
            if rows_[r] not in seen:
                seen.append(rows_[r])
        out.append(seen)
    return out


def _agreed(readings: list[list[list[Value]]]) -> list[list[Value]]:
    """The rows of a stretch, each cell kept where every reading agrees, else None."""
    first = readings[0]
    return [[v if all(rows_[r][c] == v for rows_ in readings) else None for c, v in enumerate(row)]
            for r, row in enumerate(first)]


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
        glued: list[dict] = []
        table = _glued_stream(rows, glued)
        if table is not None:
            notes += glued
            return table
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
    if not all(fits.values()) and any(not found[c] for c in present) and any(t.glued for t in all_tokens):
        # Labels detached from runs of glued digits: all the runs, all the cells, in template order.
        return _t2_as_one_piece(present, columns, all_tokens, notes)
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
        runs = printed(toks)
        if toks and len(toks) < len(cols) and any(isinstance(p, str) and len(p) > 1 and p.isdigit() for p in runs):
            pieces.append(dec.Piece(f"table2.{code}", runs, len(cols)))
            continue
        result[code] = dict.fromkeys(cols)
        shown_values = "、".join(str(t.text or "空") for t in toks) or "没有数字"
        values = [t.value for t in toks]
        placements = ([[values[i] if i < at else None if i == at else values[i - 1] for i in range(len(cols))]
                       for at in range(len(cols))] if len(values) == len(cols) - 1 else None)
        notes.append(note("reading.unplaced", "warning", f"table2.{code}",
                          f"{place_name(f'table2.{code}')}印有{len(toks)}个数（{shown_values}），与{len(cols)}栏"
                          f"（{'、'.join(T2_COLUMN_LABELS.get(c, c) for c in cols)}）对不上，表头也不能说明缺的是哪一栏："
                          "该行未读出，请对照原文核对。", printed=shown_values, candidates=placements))
    if pieces:
        outcome = dec.decode(pieces)
        notes += decoding_notes(outcome, pieces)
        for p in pieces:
            code = p.key.split(".", 1)[1]
            result[code] = dict(zip(columns[code], outcome.cells[p.key], strict=True))
    return {code: result[code] for code in present}


def place_t2_with_previous(report: dict, previous: dict) -> None:
    """Place the numbers of a 规章 / 行政规范性文件 row printed one cell short, where last year's
    现行有效件数 leaves one placement only: 现行有效 = 上年现行有效 + 本年制发 − 本年废止 (the
    format's year-on-year relation, law-and-format §3 rule 6) must give the missing cell a whole
    number ≥ 0.  The missing cell stays null (it is not printed); the finding says how the printed
    ones were placed."""
    t2, p2 = report.get("table2") or {}, previous.get("table2") or {}
    for f in report.get("findings") or []:
        if f.get("rule") != "reading.unplaced" or not f.get("candidates"):
            continue
        code = f["where"].partition(".")[2]
        last = (p2.get(code) or {}).get("in_force")
        if code not in ("regulations", "normative_documents") or last is None or code not in t2:
            continue
        fits = [c for c in f["candidates"] if _relation_leaves(last, *c)]
        if len(fits) != 1:
            continue
        t2[code] = dict(zip(("issued", "repealed", "in_force"), fits[0], strict=True))
        f.update(rule="reading.placed", severity="info", candidates=None,
                 message=f"{place_name(f['where'])}只印了{f['printed']}，少一栏；按上年现行有效{last}件+本年制发−本年废止"
                         "=现行有效，只有一种放法能使未印出的一栏为非负整数，已按此放置；未印出的一栏为空白。")
        del f["candidates"]


def _relation_leaves(last: Number, issued: Value, repealed: Value, in_force: Value) -> bool:
    """Whether the one missing cell of (issued, repealed, in_force) comes out a whole number ≥ 0."""
    if issued is None and repealed is not None and in_force is not None:
        missing = in_force - last + repealed
    elif repealed is None and issued is not None and in_force is not None:
        missing = last + issued - in_force
    elif in_force is None and issued is not None and repealed is not None:
        missing = last + issued - repealed
    else:
        return False
    return missing >= 0 and float(missing).is_integer()


def _t2_as_one_piece(present: list[str], columns: dict[str, tuple[str, ...]], tokens: list[Token],
                     notes: list[dict]) -> dict[str, dict[str, Value]]:
    piece = dec.Piece("table2", printed([t for t in tokens if t.value is not None]),
                      sum(len(columns[c]) for c in present))
    outcome = dec.decode([piece])
    notes += decoding_notes(outcome, [piece])
    cells = iter(outcome.cells["table2"])
    return {code: {col: next(cells) for col in columns[code]} for code in present}


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
        chunks: list[tuple[str, list[Token]]] = []
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
                chunks[-1][1].extend(nums)
        tokens = [t for _label, toks in chunks for t in toks]
        values = [t.value for t in tokens]
        if not values:
            return None
        if len(values) == 15 and not _t4_valid(values) and not any(t.glued for t in tokens):
            values = _t4_permute([(label, [t.value for t in toks]) for label, toks in chunks]) or values
        elif len(values) != 15 and not (len(values) > 15 and _t4_valid(values[-15:])):
            values = _t4_decoded(chunks, notes) or values
        if len(values) > 15:
            values = values[-15:]
        values = values + [None] * (15 - len(values))
    return {g: dict(zip(T4_COLUMNS, values[i * 5:i * 5 + 5], strict=True)) for i, g in enumerate(T4_GROUPS)}


def _t4_decoded(chunks: list[tuple[str, list[Token]]], notes: list[dict]) -> list[Value] | None:
    """Table 四's fifteen cells from runs of glued digits or with a stray token, by each group's
    总计 = 维持 + 纠正 + 其他 + 尚未审结 (in another order of the printed runs where the printed
    one fits no reading, as for `_t4_permute`); None where the print is neither glued nor one
    token too long (keep the plain reading)."""
    runs = printed([t for _label, toks in chunks for t in toks])
    digits = sum(len(p) if isinstance(p, str) and p.isdigit() else 1 for p in runs)
    glued = any(isinstance(p, str) and len(p) > 1 and p.isdigit() for p in runs) and len(runs) < 15 <= digits
    stray = 15 < len(runs) <= 15 + dec.MAX_DROPPED
    if not (glued or stray):
        return None
    piece = dec.Piece("table4", runs, 15, _T4_SUMS)
    if glued and not _t4_readings(runs) and 1 < len(chunks) <= 6:
        piece.candidates = _t4_reordered(chunks)
    outcome = dec.decode([piece])
    if stray and (piece.key not in outcome.dropped or piece.key in outcome.ambiguous
                  or any(c.broken for c in piece.candidates)):
        return None  # no clean reading without the extra token: keep the plain one
    notes += decoding_notes(outcome, [piece])
    return outcome.cells["table4"]


def _t4_readings(printed: list) -> list[dec.Candidate]:
    """The readings of printed tokens as table 四 keeping every group's 总计."""
    atoms = dec.atoms_of(printed)
    if atoms is None:
        return []
    found, _steps, complete = dec.enumerate_readings(atoms, 15, _T4_SUMS, enforce=True)
    return found if complete else []


def _t4_hints(chunks: Sequence[tuple[str, object]]) -> list[str | None]:
    """The group each chunk's preceding labels name, where they name one."""
    hints = []
    for text, _vals in chunks:
        named = {code for key, code in _T4_HINTS if key in text}
        if "行政复议" in text.replace("复议后起诉", "").replace("未经复议", ""):
            named.add("review")
        hints.append(next(iter(named)) if len(named) == 1 else None)
    return hints


def _perm_key(perm: Sequence[int], sizes: Sequence[int], hints: Sequence[str | None]) -> tuple[int, int]:
    """Order of preference: the most chunks in the group their labels name, then the fewest moves."""
    hits = 0
    pos = 0
    for i in perm:
        if hints[i] == T4_GROUPS[min(pos // 5, 2)]:
            hits += 1
        pos += sizes[i]
    return -hits, sum(1 for a, b in itertools.combinations(perm, 2) if a > b)


def _t4_reordered(chunks: list[tuple[str, list[Token]]]) -> list[dec.Candidate]:
    """Every reading of the glued runs, taken in any order, that keeps each group's 总计: the
    print puts table 四's runs out of order and the digits do not say which order is right, so
    all of them are weighed (cells they disagree on stay unread)."""
    found: dict[tuple, dec.Candidate] = {}
    for perm in itertools.permutations(range(len(chunks))):
        for c in _t4_readings(printed([t for i in perm for t in chunks[i][1]])):
            found.setdefault(c.cells, c)
    return list(found.values())


def _t4_permute(chunks: list[tuple[str, list[Value]]]) -> list[Value] | None:
    """Another order of the printed chunks that satisfies every group's 总计, if one exists."""
    if not 1 < len(chunks) <= 7:
        return None
    hints = _t4_hints(chunks)
    sizes = [len(vals) for _text, vals in chunks]
    best = None
    for perm in itertools.permutations(range(len(chunks))):
        values = [v for i in perm for v in chunks[i][1]]
        if not _t4_valid(values):
            continue
        key = _perm_key(perm, sizes, hints)
        if best is None or key < best[0]:
            best = (key, values)
    return best[1] if best else None
