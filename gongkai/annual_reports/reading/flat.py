"""Re-cut a line into which a crawler or a CMS joined a whole report (or a whole table).

``textContent``, XPath ``string()`` and many CMS exports give the body as one line: headings,
prose and table cells run together, separated by nothing, by spaces or by full-width spaces
(``…提供有力保障。 （一）主动公开方面 …二、主动公开政府信息情况第二十条第（一）项 信息内容 …
规章000行政规范性文件4735391第二十条第（五）项…``).  `split_line` puts back what the line-based
reader needs: the title, each numbered section heading of the national format, and inside the
tables one line per printed row label followed by the numbers printed after it.  It only moves
line breaks; every character stays, and a run of glued digits stays one token for `decode`.
"""

from __future__ import annotations

import re

from .template import SECTIONS, T2_ROWS, T2_ROWS_2019

MIN_LENGTH = 60  # shorter lines are left as they are
LONG_LABEL = 40  # a row label is shorter: longer text before numbers is a header


def _spaced(text: str) -> str:
    """A pattern for printed text that may carry layout spaces between its characters."""
    return r"\s*".join(re.escape(ch) for ch in text)


def _heading_pattern() -> re.Pattern[str]:
    # The six section titles of the format (第五十条), with the variants met in the wild for 四
    # (因政府信息公开工作被申请行政复议和提起行政诉讼情况) and 五 (…及改进措施/整改措施).
    titles = {code: title.split("、", 1)[1] for code, title, _k in SECTIONS}
    alternatives = [
        _spaced(titles["overview"]),
        _spaced(titles["proactive"]).replace(r"信\s*息\s*情", r"信\s*息\s*(?:的\s*)?情"),
        _spaced(titles["applications"]).replace(r"请\s*情", r"请\s*(?:的\s*)?情"),
        r"[^。，；\d]{0,20}?行\s*政\s*复\s*议[^。；\d]{0,12}?行\s*政\s*诉\s*讼\s*(?:的\s*)?情\s*况",
        r"存\s*在\s*的?\s*主\s*要\s*问\s*题[^。，；\d]{0,12}?(?:情\s*况|措\s*施)",
        _spaced(titles["other"]),
    ]
    return re.compile(r"(?<![第其之])([一二三四五六])\s*[、.，,．]\s*(?:" + "|".join(alternatives) + ")")


_HEADING = _heading_pattern()
# Where a table starts inside a section: its block header, its 勾稽 header, its first row label,
# or table 四's column headers.
_TABLE_START = re.compile("|".join(_spaced(w) for w in ("第二十条第", "信息内容", "勾稽", "申请人情况", "结果维持",
                                                         "尚未审结")))
_FIRST_ROW = re.compile(_spaced("本年新收"))  # a table 三 printed without its header
_T4_HEADER = re.compile(r"\s*(?=" + _spaced("行政复议") + ")")  # table 四 right after its heading
# A number followed by a label: a line holding more than one table row.
_ROW_BREAK = re.compile(r"\d[\s|]*[^\d\s|.,、．:：%％)）件个条项次万元年月日]")
_TITLE = re.compile(r"^(.{0,40}?\d{4}\s*年.{0,30}?(?:年度报告|年报))")  # XX2024年…年度报告
_SIGNATURE = re.compile(r"(?<=[。；;！!])\s*([\u4e00-\u9fff（）()]{2,40}?)?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$")

# Inside a table: numbers, separators, and the rest (labels, blank marks).
_PIECE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[\s|]+|[^\d\s|]+")
_BLANK = re.compile(r"^(?:—+|-+|－|/|／|\\|–|空)$")
_LIST_NUMBER = re.compile(r"^[.、．](?=[^\d\s])")  # "1.属于国家秘密": a row label's own number
# A row label starts here even inside running label text.
_T2_LABELS = sorted({k for _code, keys, _cols in (*T2_ROWS, *T2_ROWS_2019) for k in keys}, key=len, reverse=True)
_LABEL_START = re.compile(
    r"(?<!第)(?=[一二三四]\s*、|[（(][一二三四五六七][）)]|\d[.、．][^\d\s])"
    r"|(?=第\s*二\s*十\s*条|信\s*息\s*内\s*容)"
    r"|(?=(?:行政)?(?:" + "|".join(map(re.escape, _T2_LABELS)) + "))(?<!行政)"
)


def split_line(line: str) -> list[str]:
    """The line cut where a joined report had its line breaks (the line itself when short, or
    when it holds no heading of the format inside it and no more than one table row)."""
    if len(line) < MIN_LENGTH:
        return [line]
    headings = [m for m in _HEADING.finditer(line) if m.start() > 0 or m.end() < len(line.rstrip())]
    if not headings and len(_ROW_BREAK.findall(line)) < 2:
        return [line]
    joined = bool(headings)  # a line holding a heading inside it is a joined report: cut its tables
    out: list[str] = []
    cut = 0
    for m in headings:
        out += _segment(line[cut:m.start()], not out, joined)
        out.append(m.group().strip())
        cut = m.end()
    out += _segment(line[cut:], not out, joined)
    return [part for part in out if part.strip()]


def _segment(text: str, first: bool, joined: bool) -> list[str]:
    """A stretch between two headings: prose, then maybe a table up to the next full stop."""
    out: list[str] = []
    if first and joined:
        m = _TITLE.match(text.strip())
        if m and "。" not in m.group(1):
            out.append(m.group(1))
            text = text.strip()[m.end():]
    start = _TABLE_START.search(text) or _FIRST_ROW.search(text) or _T4_HEADER.match(text)
    if start is None or not joined and len(_ROW_BREAK.findall(text, start.start())) < 2:
        return out + _signature(text)
    stop = text.find("。", start.start())
    end = len(text) if stop < 0 else _last_number_end(text, start.start(), stop)
    out.append(text[:start.start()])
    out += table_lines(text[start.start():end])
    return out + _signature(text[end:])


def _last_number_end(text: str, start: int, stop: int) -> int:
    """A table ends at its last number before the sentence that follows it."""
    last = start
    for m in re.finditer(r"\d", text[start:stop]):
        last = start + m.end()
    return last


def _signature(text: str) -> list[str]:
    """A stretch ending in a signature (organ, date): those on lines of their own."""
    m = _SIGNATURE.search(text)
    if not m:
        return [text]
    return [text[:m.start()], m.group(1) or "", m.group(2)]


def table_lines(zone: str) -> list[str]:
    """A table printed on one line as one line per row label and the numbers after it.

    A number printed right before ``.属于…`` is that label's own number (``1.属于国家秘密``), even
    glued to the row before (``00000001.属于国家秘密`` is seven 0 cells, then the label); a year
    (``2019年``) stays in its label; separators between numbers become single spaces, and where
    cells are separated by "|", the empty cells between two pipes before a number stay blank
    cells ("—")."""
    zone = re.sub(r"-\d{1,3}-", " ", zone)  # page numbers of a PDF ("-3-")
    rows: list[list[str]] = []
    label: list[str] = []
    values: list[str] = []

    def flush() -> None:
        if label or values:
            rows.append(["".join(label).strip()] + values)
        label.clear()
        values.clear()

    pieces = [m.group() for m in _PIECE.finditer(zone)]
    pipes = 0  # the pipes met since the last label or number
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
        if piece[0].isdigit():
            if nxt.startswith("年") and re.fullmatch(r"(?:19|20)\d\d", piece):  # a year
                _label_text(piece, label, values, flush)
            elif _LIST_NUMBER.match(nxt):
                if piece[:-1]:
                    values.extend(["—"] * max(0, pipes - 1) + [piece[:-1]])
                flush()
                label.append(piece[-1])
            else:
                values.extend(["—"] * max(0, pipes - 1) if label or values else [])
                values.append(piece)
            pipes = 0
        elif piece.isspace() or set(piece) <= {"|"} or piece.strip() == "" or piece.replace("|", "").isspace():
            pipes += piece.count("|")
            if label and not values:
                label.append(" ")
            i += 1
            continue
        elif _BLANK.match(piece):
            values.append(piece)
        else:
            _label_text(piece, label, values, flush)
        pipes = 0
        i += 1
    flush()
    out: list[str] = []
    for label_text, *nums in rows:
        parts = [p.strip() for p in _LABEL_START.split(label_text) if p and p.strip()] or [""]
        if len(parts[-1]) > LONG_LABEL:  # a header: its numbers on a line of their own
            parts.append("")
        out += parts[:-1]
        out.append(" ".join([parts[-1], *nums]).strip())
    return out


def _label_text(text: str, label: list[str], values: list[str], flush) -> None:
    if values:
        flush()
    label.append(text)


__all__ = ["MIN_LENGTH", "split_line", "table_lines"]
