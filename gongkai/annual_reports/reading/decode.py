"""Decode table cells printed without separators, using the format's arithmetic (pure, bounded).

A crawler's ``textContent`` or a CMS export often prints a row of a table as one run of digits:
``521000255`` for 52, 1, 0, 0, 0, 2, 55 (table 三), ``12100130000031004`` for the fifteen cells of
table 四.  Each *piece* (a row, or table 四 as a whole) is a list of printed tokens that must give
``k`` cells; a token that is a digit run may hold several cells, printed without leading zeros.
The rules of the 2021 national format (国办公开办函〔2021〕30号; law-and-format §3 rules 1-4) choose
between the possible readings:

* inside a piece, `Sum` rules (a row's 总计 = the six applicant columns; a table-四 group's 总计 =
  维持 + 纠正 + 其他 + 尚未审结) prune the enumeration;
* across pieces, `Rule`s (per column 一 + 二 = 三(七) + 四; 三(七) = the outcome rows) are checked
  on every combination of the pieces' readings.

The readings that break the fewest rules win (then the fewest blanks inserted / tokens dropped).
When several readings tie, nothing is guessed: the cells on which they differ are left ``None``
and the piece reports its candidates; a rule that every winning reading breaks is reported as
broken.  A printed number is never changed: every value returned is a substring of the print.

Bounds: each piece's enumeration stops after `NODE_BUDGET` steps and keeps at most
`CANDIDATE_CAP` readings; the joint search stops after `SEARCH_BUDGET` steps.  A piece whose
readings could not all be enumerated within the bound is reported as not split.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

Number = int | float
Value = Number | None
Cells = tuple[Value, ...]

NODE_BUDGET = 10_000  # enumeration steps per piece
TABLE_BUDGET = 60_000  # enumeration steps per table (then the remaining pieces are not split)
CANDIDATE_CAP = 64  # readings kept per piece
SEARCH_BUDGET = 20_000  # steps of the joint search over all pieces of a table
MAX_DIGITS = 7  # a count of ten million applications or decisions is no count in an annual report
MAX_DROPPED = 2  # stray layout tokens a piece may shed (a PDF page number, a footnote mark)

_RUN = re.compile(r"^\d+$")
_ATOM = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$|^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Sum:
    """A rule inside one piece: ``cells[total] == sum(cells[parts])`` (a blank counts as 0).

    Every part index is below the total's, as in the national format (总计 is the last column).
    """

    parts: tuple[int, ...]
    total: int


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule across pieces: ``sum(coef * cell) == 0`` over ``terms`` (piece key, cell index, coef)."""

    rule: str
    where: str
    terms: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    cells: Cells
    broken: tuple[int, ...] = ()  # indices of the piece's Sum rules this reading breaks
    cost: int = 0  # blanks inserted + tokens dropped
    dropped: tuple[str | Number, ...] = ()  # printed tokens rejected as stray layout tokens


@dataclass(slots=True)
class Piece:
    """What one row (or table 四) prints, and how many cells it must give."""

    key: str
    tokens: list[str | Number | None]  # printed digits (maybe a run); a number alone in its cell; None: blank
    k: int
    sums: tuple[Sum, ...] = ()
    candidates: list[Candidate] = field(default_factory=list)
    complete: bool = True  # False: the enumeration hit its bound

    @property
    def printed(self) -> str:
        return " ".join("（空）" if t is None else f"{t:g}" if isinstance(t, float) else str(t) for t in self.tokens)


@dataclass(slots=True)
class Outcome:
    """The decoding of one table."""

    cells: dict[str, list[Value]]  # key -> k values (None where unread or blank)
    ambiguous: dict[str, list[Cells]] = field(default_factory=dict)  # key -> the tied readings
    unsplit: list[str] = field(default_factory=list)  # keys no reading could be found for
    dropped: dict[str, tuple[str | Number, ...]] = field(default_factory=dict)  # key -> stray tokens rejected
    split: list[str] = field(default_factory=list)  # keys whose digit runs were split (one reading)
    broken: list[tuple[str, str]] = field(default_factory=list)  # (rule, where) broken by every winner
    steps: int = 0  # work done, for the benchmark


# ------------------------------------------------------------------ one piece


def _atom(token: str | Number | None) -> tuple[str, Value | str]:
    if token is None:
        return "blank", None
    if isinstance(token, (int, float)):
        return "num", token  # a cell of its own: one number whatever its digits
    t = token.strip()
    if _RUN.match(t) and (len(t) > 1):
        return "run", t
    if _ATOM.match(t):
        t = t.replace(",", "")
        return "num", float(t) if "." in t else int(t)
    return "bad", t


def atoms_of(tokens: Sequence[str | Number | None]) -> list[tuple[str, Value | str]] | None:
    """The tokens as blanks, single numbers and digit runs; None when a token is no number."""
    out = [_atom(t) for t in tokens]
    return None if any(kind == "bad" for kind, _v in out) else out


class _Budget(Exception):
    pass


def enumerate_readings(atoms: list[tuple[str, Value | str]], k: int, sums: Sequence[Sum], *,
                       enforce: bool, blanks: int = 0, budget: int = NODE_BUDGET,
                       cap: int = CANDIDATE_CAP) -> tuple[list[Candidate], int, bool]:
    """Readings of `atoms` as exactly `k` cells with exactly `blanks` blank cells inserted, built
    from the right (so a 总计 is read before its parts and bounds them).  `enforce` prunes the
    readings that break a Sum.  Returns (readings, steps, complete)."""
    n = len(atoms)
    width = [len(v) if kind == "run" else 1 for kind, v in atoms]  # type: ignore[arg-type]
    hi = [0] * (n + 1)  # the most cells atoms[0..i-1] can give
    lo = [0] * (n + 1)  # the fewest
    for i in range(n):
        hi[i + 1] = hi[i] + width[i]
        lo[i + 1] = lo[i] + -(-width[i] // MAX_DIGITS)
    total_of = {s.total: s for s in sums}
    part_of = {p: s for s in sums for p in s.parts}
    lowest = {min(s.parts) for s in sums}
    # sole[j]: the Sum whose parts are every cell 0..j (a row read from its 总计 leftwards), if any
    sole: list[Sum | None] = [None] * k
    for s in sums:
        if set(range(max(s.parts) + 1)) == set(s.parts):
            for j in s.parts:
                sole[j] = s
    out: list[Candidate] = []
    steps = 0
    cells: list[Value] = [None] * k
    remaining: dict[int, Number] = {}  # Sum total index -> what its parts still have to add up to

    def put(j: int, value: Value) -> int:
        """Put `value` in cell j: 0 fine, 1 breaks a Sum (larger values break it too), 2 breaks it."""
        cells[j] = value
        if j in total_of:
            remaining[j] = value or 0
        s = part_of.get(j)
        if s is None:
            return 0
        left = remaining[s.total] - (value or 0)
        remaining[s.total] = left
        if enforce and left < -1e-9:
            return 1
        if enforce and j in lowest and abs(left) > 1e-9:
            return 2
        return 0

    def take_back(j: int, value: Value) -> None:
        s = part_of.get(j)
        if s is not None:
            remaining[s.total] += value or 0

    def dfs(i: int, end: int, j: int, blanks_left: int) -> None:
        nonlocal steps
        steps += 1
        if steps > budget:
            raise _Budget
        if j < 0:
            if i < 0 and blanks_left == 0:
                broken = tuple(x for x, s in enumerate(sums) if not holds(s, cells))
                out.append(Candidate(tuple(cells), broken, blanks))
                if len(out) >= cap:
                    raise _Budget
            return
        own = end if i >= 0 and atoms[i][0] == "run" else (1 if i >= 0 else 0)
        # atoms 0..i need one cell each at least; they give at most hi[i] + own
        most = hi[i] + own if i >= 0 else 0
        least = lo[i] + -(-own // MAX_DIGITS) if i >= 0 else 0
        if least + blanks_left > j + 1 or most + blanks_left < j + 1:
            return
        s = sole[j]
        if enforce and s is not None and not blanks_left and i >= 0 and all(kd == "run" for kd, _v in atoms[:i + 1]):
            # the digits left must fit j + 1 parts adding up to what the 总计 still needs: one part
            # at least has ceil(digits / parts) digits, so is at least 10 ** (that - 1)
            n_digits = hi[i] + own
            widest = -(-n_digits // (j + 1))
            if widest > 1 and 10 ** (widest - 1) > remaining[s.total] + 1e-9:
                return
        if blanks_left:
            if put(j, None) == 0:
                dfs(i, end, j - 1, blanks_left - 1)
            take_back(j, None)
        if i < 0:
            return
        kind, v = atoms[i]
        if kind != "run":
            if put(j, v) == 0:  # type: ignore[arg-type]
                dfs(i - 1, width[i - 1] if i > 0 else 0, j - 1, blanks_left)
            take_back(j, v)  # type: ignore[arg-type]
            return
        digits: str = v  # type: ignore[assignment]
        for start in range(end - 1, max(-1, end - MAX_DIGITS - 1), -1):
            if digits[start] == "0" and end - start > 1:
                continue
            value = int(digits[start:end])
            verdict = put(j, value)
            if verdict == 0:
                if start == 0:
                    dfs(i - 1, width[i - 1] if i > 0 else 0, j - 1, blanks_left)
                else:
                    dfs(i, start, j - 1, blanks_left)
            take_back(j, value)
            if verdict == 1:
                break  # a longer number is larger still

    complete = True
    if n or blanks:
        try:
            dfs(n - 1, width[-1] if n else 0, k - 1, blanks)
        except _Budget:
            complete = False
    return out, steps, complete


def holds(s: Sum, cells: Sequence[Value]) -> bool:
    """Whether a Sum rule holds on a reading (a blank counts as 0)."""
    return abs(sum(cells[p] or 0 for p in s.parts) - (cells[s.total] or 0)) <= 1e-9


def read_piece(piece: Piece, budget: int = NODE_BUDGET) -> int:
    """Fill `piece.candidates` with its best readings; return the steps taken.

    In order, stopping at the first that gives a reading: the print as it stands; with up to
    `MAX_DROPPED` tokens rejected as stray layout tokens (only where it prints more tokens than
    cells); with blank cells inserted (only where it prints one or two tokens fewer than cells, or
    too few digits for them).  When no
    reading keeps the piece's own arithmetic, the same again without that requirement, keeping
    the readings that break the fewest of its rules (a report with a published error).
    """
    atoms = atoms_of(piece.tokens)
    if atoms is None:
        piece.complete = False
        return 0
    k = piece.k
    steps = 0

    def width(ats) -> int:
        return sum(len(v) if kind == "run" else 1 for kind, v in ats)

    def run(ats, *, enforce: bool, blanks: int = 0, dropped: tuple[str | Number, ...] = ()) -> list[Candidate]:
        nonlocal steps
        if steps >= budget:
            piece.complete = False
            return []
        found, used, complete = enumerate_readings(ats, k, piece.sums, enforce=enforce, blanks=blanks,
                                                   budget=budget - steps)
        steps += used
        piece.complete = piece.complete and complete
        return [Candidate(c.cells, c.broken, c.cost + len(dropped), dropped) for c in found]

    def attempts(enforce: bool) -> list[Candidate]:
        if len(atoms) <= k <= width(atoms):
            found = run(atoms, enforce=enforce)
            if found:
                return found
        if k < len(atoms) <= k + MAX_DROPPED:
            for n_drop in range(1, MAX_DROPPED + 1):
                found = []
                for drop in itertools.combinations(range(len(atoms)), n_drop):
                    rest = [a for i, a in enumerate(atoms) if i not in drop]
                    if len(rest) <= k <= width(rest):
                        found += run(rest, enforce=enforce, dropped=tuple(piece.tokens[i] or "" for i in drop))
                if found:
                    return found
        # A blank cell leaves no trace in a glued run: blanks are assumed there only when the
        # digits are too few for the cells; among separate tokens one or two cells short, a blank
        # may have been lost.
        glued = any(kind == "run" for kind, _v in atoms)
        if len(atoms) < k and (not glued or width(atoms) < k or len(atoms) >= k - MAX_DROPPED):
            for blanks in range(max(1, k - width(atoms)), k - len(atoms) + 1):
                found = run(atoms, enforce=enforce, blanks=blanks)
                if found:
                    return found
        return []

    piece.candidates = attempts(True)
    if not piece.candidates and piece.complete:
        loose = attempts(False)
        if loose:
            fewest = min(len(c.broken) for c in loose)
            piece.candidates = [c for c in loose if len(c.broken) == fewest]
    piece.candidates = _unique(piece.candidates)
    return steps


def _unique(cands: list[Candidate]) -> list[Candidate]:
    seen: dict[Cells, Candidate] = {}
    for c in cands:
        old = seen.get(c.cells)
        if old is None or (len(c.broken), c.cost) < (len(old.broken), old.cost):
            seen[c.cells] = c
    return list(seen.values())


# ------------------------------------------------------------------ the whole table


def decode(pieces: Sequence[Piece], rules: Sequence[Rule] = ()) -> Outcome:
    """Read every piece, then choose one reading per piece breaking the fewest rules overall."""
    steps = 0
    for p in pieces:
        if not p.candidates:
            steps += read_piece(p, min(NODE_BUDGET, max(0, TABLE_BUDGET - steps)))
    out = Outcome(cells={})
    live = [p for p in pieces if p.candidates and p.complete]
    for p in pieces:
        if not (p.candidates and p.complete):
            out.unsplit.append(p.key)
            out.cells[p.key] = [None] * p.k
    live_keys = {p.key for p in live}
    rules = [r for r in rules if all(key in live_keys for key, _i, _c in r.terms)]
    winners, used, exhausted = _search(live, rules)
    out.steps = steps + used
    for idx, p in enumerate(live):
        chosen = p.candidates if exhausted else _unique([p.candidates[w[idx]] for w in winners])
        first = chosen[0]
        if len(chosen) == 1:
            out.cells[p.key] = list(first.cells)
            blanks = first.cost - len(first.dropped)
            if p.tokens and len(p.tokens) - len(first.dropped) + blanks < p.k:  # a run gave several cells
                out.split.append(p.key)
        else:
            out.cells[p.key] = [first.cells[c] if all(ch.cells[c] == first.cells[c] for ch in chosen) else None
                                for c in range(p.k)]
            out.ambiguous[p.key] = [ch.cells for ch in chosen]
        if first.dropped and all(ch.dropped == first.dropped for ch in chosen):
            out.dropped[p.key] = first.dropped
    if exhausted:
        return out
    # Rules every winning combination breaks, where the winners disagree on some of their cells
    # (elsewhere the values are known and the report's own checks find the broken rules).
    for idx, p in enumerate(live):
        if p.key in out.ambiguous:
            for j, _s in enumerate(p.sums):
                if all(j in p.candidates[w[idx]].broken for w in winners):
                    out.broken.append(("sum", f"{p.key}#{j}"))
    index = {p.key: i for i, p in enumerate(live)}
    for r in rules:
        if any(key in out.ambiguous for key, _i, _c in r.terms) and \
                not any(_rule_holds(r, live, index, w) for w in winners):
            out.broken.append((r.rule, r.where))
    return out


def _rule_holds(r: Rule, live: Sequence[Piece], index: dict[str, int], w: Sequence[int]) -> bool:
    total = 0.0
    for key, cell, coef in r.terms:
        i = index[key]
        total += coef * (live[i].candidates[w[i]].cells[cell] or 0)
    return abs(total) <= 1e-9


def _search(live: Sequence[Piece], rules: Sequence[Rule]) -> tuple[list[tuple[int, ...]], int, bool]:
    """Every combination of readings with the fewest broken rules, then the lowest cost (branch and
    bound, pieces with the fewest readings first); `exhausted` when the budget ran out first."""
    index = {p.key: i for i, p in enumerate(live)}
    order = sorted(range(len(live)), key=lambda i: len(live[i].candidates))
    rank = {piece: depth for depth, piece in enumerate(order)}
    due: dict[int, list[Rule]] = {}  # each rule is judged once the last of its pieces is chosen
    for r in rules:
        due.setdefault(max(rank[index[key]] for key, _i, _c in r.terms), []).append(r)
    best = [(1 << 30, 1 << 30)]
    winners: list[tuple[int, ...]] = []
    choice = [0] * len(live)
    steps = 0

    def dfs(depth: int, broken: int, cost: int) -> None:
        nonlocal steps
        steps += 1
        if steps > SEARCH_BUDGET:
            raise _Budget
        if (broken, cost) > best[0]:
            return
        if depth == len(order):
            if (broken, cost) < best[0]:
                best[0] = (broken, cost)
                winners.clear()
            if len(winners) < CANDIDATE_CAP:
                winners.append(tuple(choice))
            return
        i = order[depth]
        for c, cand in enumerate(live[i].candidates):
            choice[i] = c
            b = broken + len(cand.broken)
            b += sum(1 for r in due.get(depth, ()) if not _rule_holds(r, live, index, choice))
            dfs(depth + 1, b, cost + cand.cost)

    try:
        dfs(0, 0, 0)
    except _Budget:
        return [], steps, True
    return winners, steps, False


def iter_splits(run: str, k: int) -> Iterator[tuple[int, ...]]:
    """Every reading of one digit run as `k` numbers (no leading zeros), smallest first."""
    found, _steps, _complete = enumerate_readings([_atom(run)], k, (), enforce=False, cap=10_000)
    for c in sorted(found, key=lambda c: c.cells):
        yield c.cells  # type: ignore[misc]
