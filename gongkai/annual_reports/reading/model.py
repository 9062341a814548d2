"""The common shape every input is turned into before the report is read: lines of cells.

A `Line` is either a free text line (pasted text, pdftotext output, a PDF line rebuilt from its
words, an HTML paragraph) whose cells are the whitespace-separated tokens with their horizontal
position, or a *grid* row (an HTML/DOCX/Markdown/tab-separated table row) whose cells are the
table cells, where an empty cell is meaningful (`None`).  Every reader of tables, sections and
metadata works on this shape only, so each input kind is one small converter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# A printed count or amount: 12, 3,119, 96171.6, -1 (negative counts are read, then flagged).
_NUMBER = re.compile(r"^[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
# Cell contents that print "nothing here" rather than a number.
BLANK_MARKS = frozenset({"", "—", "——", "-", "－", "/", "／", "\\", "空", "–"})
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Cell:
    """One token or table cell; `x` is a horizontal position (PDF points or character column)."""

    text: str | None
    x: float | None = None


@dataclass(slots=True)
class Line:
    """One line of the document; `grid` marks an explicit table row whose blank cells count."""

    cells: list[Cell] = field(default_factory=list)
    grid: bool = False
    image: bool = False  # where a page shows an image (a table printed as a picture, a seal)

    @property
    def text(self) -> str:
        """The line as readable text (grid cells joined by a space)."""
        return " ".join(c.text for c in self.cells if c.text)

    @property
    def is_blank(self) -> bool:
        return not any(c.text for c in self.cells) and not self.grid


def norm(text: str) -> str:
    """A matching key: NFKC (full-width brackets and digits folded) with all whitespace removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def clean(text: str) -> str:
    """Printed text with runs of whitespace collapsed to one space and the ends stripped."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u3000", " ")).strip()


MAX_NUMBER_CHARS = 1300  # longer digit runs are no number (nor cells a table can hold: 175 × 7 digits)


def parse_number(text: str | None) -> int | float | None:
    """The number a cell prints, or None when the cell is not a number."""
    if text is None:
        return None
    t = text.strip().translate(_FULLWIDTH_DIGITS).replace("−", "-")
    if len(t) > MAX_NUMBER_CHARS or not _NUMBER.match(t):
        return None
    t = t.replace(",", "").lstrip("+")
    return float(t) if "." in t else int(t)


# A number printed with its unit in a table cell ("3件", "0 条", "2.5万元").  A count unit or 万元
# keeps the number as printed; a cell in 元 is a value the table's 万元 columns cannot hold as
# printed, so it is read as unreadable (None) rather than rescaled.
_UNIT_VALUE = re.compile(r"^([-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(件|个|条|项|次|人次|万元|元)$")


def value_cell(text: str | None) -> tuple[bool, int | float | None]:
    """Whether a table cell holds a value (number, blank mark or number with unit) and its number."""
    if is_blank_mark(text):
        return True, None
    v = parse_number(text)
    if v is not None:
        return True, v
    m = _UNIT_VALUE.match(text.strip().translate(_FULLWIDTH_DIGITS))  # type: ignore[union-attr]
    if m:
        return True, None if m.group(2) == "元" else parse_number(m.group(1))
    return False, None


def is_blank_mark(text: str | None) -> bool:
    """True for an empty cell or a dash/slash printed instead of a number."""
    return text is None or text.strip() in BLANK_MARKS


def line_from_text(raw: str) -> Line:
    """Split a plain text line into cells.

    Tabs and Markdown/pipe separators make a grid row (blank cells kept); a pasted web cell
    ``"2 |"`` is one cell; otherwise every whitespace-separated number (or blank mark such as "—"
    after a label) is its own cell and runs of words between numbers stay together as one label
    cell (positions are character columns).
    """
    stripped = raw.strip()
    if not stripped:
        return Line()
    if "|" in stripped:
        inner = stripped.strip("|")
        if stripped == "|":  # one empty pasted cell
            return Line([Cell(None)], grid=True)
        if not inner.strip():  # a row of bare pipes: a row break in pasted web tables
            return Line()
        if stripped.endswith("|") and "|" not in stripped[:-1].strip():
            text = stripped[:-1].strip()  # one pasted cell per line: "2 |"
            if text in BLANK_MARKS:  # "/ |", "— |": a blank cell like a bare "|"
                return Line([Cell(None)], grid=True)
            return Line([Cell(text)])
        if set(inner.replace("|", "").strip()) <= set("-: "):
            return Line()  # Markdown separator row |---|---|
        parts = stripped.split("|")
        if stripped.startswith("|"):
            parts = parts[1:]
        if stripped.endswith("|"):
            parts = parts[:-1]
        return Line([Cell(clean(p) or None) for p in parts], grid=True)
    if "\t" in raw.strip("\r\n"):
        parts = raw.strip("\r\n").split("\t")
        # two filled cells, or a label followed by empty cells (a copied row left blank)
        if len([p for p in parts if p.strip()]) >= 2 or (len(parts) >= 3 and parts[0].strip()):
            return Line([Cell(clean(p) or None) for p in parts], grid=True)
    cells: list[Cell] = []
    label: list[str] = []
    label_x: float | None = None
    for m in re.finditer(r"\S+", raw):
        word = m.group()
        if parse_number(word) is not None or (word in BLANK_MARKS and (label or cells)):  # a blank cell: "—"
            if label:
                cells.append(Cell(" ".join(label), label_x))
                label = []
            cells.append(Cell(word, float(m.start())))
        else:
            if not label:
                label_x = float(m.start())
            label.append(word)
    if label:
        cells.append(Cell(" ".join(label), label_x))
    return Line(cells)


def lines_from_text(text: str) -> list[Line]:
    """Every line of a plain text document (form feeds and page-number lines dropped)."""
    from .flat import MIN_LENGTH, split_line

    out = []
    prev = ""
    raws = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    if any(len(raw) >= MIN_LENGTH for raw in raws):  # a report or a table joined into one line
        raws = [part for raw in raws for part in split_line(raw)]
    for raw in raws:
        stripped = raw.strip()
        if is_page_number(raw):
            out.append(Line())
        elif stripped == "|" and prev and not prev.endswith("|"):
            # Web text that prints each cell on its own line and a "|" line after it: that "|"
            # closes the cell above; only a "|" after another "|" is an empty cell.
            out.append(Line())
        else:
            out.append(line_from_text(raw))
        prev = stripped
    return out


_PAGE_NO = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")


def is_page_number(text: str) -> bool:
    """A page footer such as "-3-", "- 3 -", "第3页 共5页" or "3/5"."""
    return bool(_PAGE_NO.match(text))
