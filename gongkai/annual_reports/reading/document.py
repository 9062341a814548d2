"""Assemble the report dict from lines: metadata block, title, sections and the three tables.

The shape is the JSON contract of shared/spec/report-json.md.  Sections follow 第五十条 of the
条例 (contents of the annual report) as numbered by the national format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .model import Line, clean, norm
from .notes import TABLE_NAMES, note
from .sources import _CJK_GAP, Source
from .tables import is_2019_t2, read_t2, read_t3, read_t4
from .template import METADATA_FIELDS, METADATA_SYNONYMS, SECTION_NUMERALS, SECTIONS

_HEADING = re.compile(r"^([一二三四五六])\s*[、.,，．]\s*(\S.*)$")
_ROW_WORDS = ("申请数量", "办理结果", "结转下年", "继续办理", "申请人情况")
_DATE = re.compile(r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*日?")
_SIGNATURE_DATE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


@dataclass(slots=True)
class Heading:
    index: int
    numeral: int
    printed: str
    code: str | None


def printed(text: str) -> str:
    """Printed text with layout whitespace between Chinese characters removed."""
    return _CJK_GAP.sub("", clean(text))


def find_headings(lines: Sequence[Line]) -> list[Heading]:
    """The numbered section headings 一 … 六 in printed order (table row labels excluded)."""
    out: list[Heading] = []
    last = -1
    for i, line in enumerate(lines):
        if line.grid or not line.cells:
            continue
        text = printed(line.text)
        if len(text) > 40:
            continue
        m = _HEADING.match(text)
        if not m:
            continue
        numeral = SECTION_NUMERALS.index(m.group(1))
        n = norm(m.group(2))
        if numeral <= last or any(w in n for w in _ROW_WORDS) or n[-1:].isdigit():
            continue
        code, _title, keys = SECTIONS[numeral]
        if not any(k in n for k in keys):
            if numeral != last + 1 or any(any(k in n for k in s[2]) for s in SECTIONS if s[0] != code):
                continue
            code = None
        out.append(Heading(i, numeral, text, code))
        last = numeral
    return out


def section_text(lines: Sequence[Line]) -> str:
    """The printed text of a run of lines, one line per line."""
    return "\n".join(t for t in (printed(line.text) for line in lines) if t)


def read_sections(lines: Sequence[Line], headings: list[Heading]) -> list[dict]:
    out = []
    for k, h in enumerate(headings):
        end = headings[k + 1].index if k + 1 < len(headings) else _body_end(lines, h.index)
        title = next((t for c, t, _k in SECTIONS if c == h.code), h.printed) if h.code else h.printed
        out.append({"code": h.code, "title": title, "printed_title": h.printed,
                    "text": section_text(lines[h.index + 1:end])})
    return out


def _body_end(lines: Sequence[Line], start: int) -> int:
    """Where the last section ends: at the signature date, else the end of the document."""
    for i in range(start + 1, len(lines)):
        if _SIGNATURE_DATE.match(lines[i].text):
            j = i
            while j - 1 > start and (lines[j - 1].is_blank or len(printed(lines[j - 1].text)) <= 20):
                j -= 1
                if not lines[j].is_blank:
                    break
            return j if j > start + 1 else i
    return len(lines)


# ------------------------------------------------------------------ metadata

def _label_pattern() -> re.Pattern[str]:
    labels = sorted(METADATA_SYNONYMS, key=len, reverse=True)
    alts = "|".join(r"\s*".join(map(re.escape, lab)) for lab in labels)
    return re.compile(rf"(?<![\u4e00-\u9fff])({alts})\s*[:：]\s*")


_META = _label_pattern()


def _label_of(text: str | None) -> tuple[str, int] | None:
    if not text:
        return None
    return METADATA_SYNONYMS.get(norm(text).rstrip(":："))


def read_metadata(lines: Sequence[Line]) -> dict | None:
    """The 目录 block (索引号, 分类, …) before the report body; None where there is none."""
    values: dict[str, str | None] = {}
    ranks: dict[str, int] = {}

    def put(label: tuple[str, int], value: str | None) -> None:
        fld, rank = label
        value = clean(value) if value else None
        if fld not in ranks or rank < ranks[fld] or (rank == ranks[fld] and values[fld] is None):
            values[fld], ranks[fld] = value or None, rank

    for i, line in enumerate(lines):
        if line.grid:
            cells = line.cells
            j = 0
            while j < len(cells):
                lab = _label_of(cells[j].text)
                if lab:
                    nxt = cells[j + 1].text if j + 1 < len(cells) else None
                    if _label_of(nxt):
                        put(lab, None)
                        j += 1
                    else:
                        put(lab, nxt)
                        j += 2
                else:
                    j += 1
            continue
        text = clean(line.text)
        matches = list(_META.finditer(text))
        if matches and matches[0].start() <= 3:
            for k, m in enumerate(matches):
                end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
                lab = _label_of(m.group(1))
                if lab:
                    put(lab, text[m.end():end].strip())
            continue
        lab = _label_of(text)
        if lab:
            following = next((ln for ln in lines[i + 1:i + 3] if not ln.is_blank), None)
            value = clean(following.text) if following is not None and not following.grid else None
            if value and (_label_of(value) or _META.match(value) or len(value) > 60):
                value = None
            put(lab, value)
    if len(values) < 3:
        return None
    return {f: values.get(f) for f in METADATA_FIELDS}


# ------------------------------------------------------------------ title, agency, year, date

_AGENCY_END = re.compile(r"(政府|局|委员会|委|办公室|办|厅|院|中心|街道|镇|乡|署|会|队|所|站|部|处)$")


def find_title(lines: Sequence[Line], metadata: dict | None) -> str | None:
    """The report's title: the metadata 名称, else the first line naming a 年度报告."""
    if metadata and metadata.get("title"):
        return metadata["title"]
    seen = [ln for ln in lines[:80] if not ln.is_blank and not ln.grid]
    for k, line in enumerate(seen[:30]):
        t = printed(line.text).replace(" ", "")
        if "年度报告" in t or ("信息公开" in t and "报告" in t and len(t) <= 50):
            if len(t) > 60 or re.search(r"[，。；,;]", t):
                continue  # a sentence naming the report, not its title
            if k > 0:
                prev = printed(seen[k - 1].text).replace(" ", "")
                if len(prev) <= 25 and _AGENCY_END.search(prev) and not re.search(r"[。，：:]", prev):
                    if re.match(r"^\d{4}年", t):
                        return prev + t
            return t
    return None


def agency_year(title: str | None, lines: Sequence[Line], metadata: dict | None) -> tuple[str | None, int | None]:
    """The organ and the report year, read from the title (the body as fallback)."""
    agency = year = None
    if title:
        t = re.sub(r"^关于", "", title.replace(" ", ""))
        m = re.match(r"^(.*?)(\d{4})年度?(.*)$", t)
        if m:
            year = int(m.group(2))
            pre, post = m.group(1).strip("《》 -—"), m.group(3)
            if pre:
                agency = pre
            else:
                i = post.find("政府信息公开")
                if i > 0:
                    agency = post[:i] + ("政府" if post[:i].endswith("人民") else "")
                elif (i := post.find("信息公开")) > 0:
                    agency = post[:i]
    if year is None:
        head = "\n".join(ln.text for ln in lines[:120])
        m = re.search(r"(?:统计期限|统计时限|统计期间)[^0-9]{0,6}(\d{4})\s*年", head) or re.search(r"(\d{4})\s*年度?", head)
        if m:
            year = int(m.group(1))
    if not agency and metadata and metadata.get("publisher"):
        agency = metadata["publisher"]
    return agency, year


# The opening sentence of a report printed without its title line: "根据《条例》规定，现发布××省××厅
# 2022年政府信息公开工作年度报告。", "特编制××办公室2023年…", "现公布2025年××区政府信息公开情况报告".
_ORG = r"[^，。、“”《》：:；;\s\d]{2,40}?"
_OPENING = re.compile(r"(?:现(?:予以|予|将)?(?:发布|公布|公开|印发)|特(?:此)?(?:发布|公布|编制|编写)|予以(?:发布|公布))"
                      rf"\s*《?\s*(?:(?P<org>{_ORG})\s*(?P<year>\d{{4}})\s*年度?|(?P<year2>\d{{4}})\s*年度?\s*(?P<org2>{_ORG}))"
                      r"\s*(?P<gov>政府)?信息公开(?:工作)?(?:年度|情况)?(?:工作)?报告")


def agency_from_prose(lines: Sequence[Line], head_end: int) -> tuple[str | None, int | None]:
    """The organ and year named by the opening sentence (当没有标题行时)."""
    head = "".join(printed(ln.text) for ln in lines[:head_end] if not ln.grid)[:3000].replace(" ", "")
    m = _OPENING.search(head)
    if not m:
        return None, None
    org = m.group("org") or m.group("org2")
    if m.group("gov") and m.group("org2"):  # "2025年二道区政府信息公开…": the 政府 is the organ's
        org += "政府" if org.endswith("人民") else "人民政府" if re.search(r"(?:区|县|市|旗|镇|乡)$", org) else ""
    return org, int(m.group("year") or m.group("year2"))


def signature_organ(lines: Sequence[Line]) -> str | None:
    """The organ signing the report: the short line above the signature date at its end."""
    tail = [ln for ln in lines if not ln.is_blank][-40:]
    for k in range(len(tail) - 1, 0, -1):
        if _SIGNATURE_DATE.match(tail[k].text):
            prev = printed(tail[k - 1].text).replace(" ", "")
            if 2 <= len(prev) <= 30 and _AGENCY_END.search(prev) and not re.search(r"[。，：:；;]", prev):
                return prev
            return None
    return None


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# A page's own date line above the report: "发布日期：2020-01-31", "发布时间:2024-01-17 20:10".
_DATE_LINE = re.compile(r"(?:发布日期|发布时间|公开日期|发文日期|成文日期)\s*[:：]\s*(\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2})")


def find_published_on(lines: Sequence[Line], metadata: dict | None, file_date: date | None,
                      head: Sequence[Line] = ()) -> date | None:
    """Publication date: metadata 发文日期, else a date line above the report, else the signature
    date, else the file's own date."""
    if metadata and (d := parse_date(metadata.get("issued_on"))):
        return d
    for line in head:
        m = _DATE_LINE.search(printed(line.text))
        if m and (d := parse_date(m.group(1))):
            return d
    tail = [ln for ln in lines if not ln.is_blank][-40:]
    for line in reversed(tail):
        if _SIGNATURE_DATE.match(line.text):
            return parse_date(line.text)
    return file_date


# ------------------------------------------------------------------ regions

def _first(lines: Sequence[Line], start: int, end: int, keys: tuple[str, ...]) -> int | None:
    for i in range(start, end):
        if lines[i].cells and any(k in norm(lines[i].text) for k in keys):
            return i
    return None


def table_regions(lines: Sequence[Line], headings: list[Heading]) -> tuple[slice, slice, slice]:
    """Line ranges holding table 二, 三 and 四."""
    by_num = {h.numeral: h.index for h in headings}
    n = len(lines)

    def after(numeral: int) -> int:
        later = [h.index for h in headings if h.numeral > numeral]
        return later[0] if later else n

    t3_anchor = _first(lines, by_num.get(2, 0), after(3) if 3 in by_num else n, ("勾稽", "申请人情况", "本年新收"))
    if 2 in by_num:
        t3_start = t3_anchor if t3_anchor is not None else by_num[2] + 1
    else:
        t3_start = t3_anchor if t3_anchor is not None else n
    t3_end = by_num.get(3) or after(2)
    if 3 not in by_num:
        t3_end = _first(lines, t3_start + 1, n, ("行政复议",)) or n
    if 1 in by_num:
        t2_start = by_num[1] + 1
        t2_end = min(t3_start, by_num.get(2, n))
    else:
        t2_start = _first(lines, 0, t3_start, ("第二十条",)) or t3_start
        t2_end = t3_start
    t4_start = t3_end if 3 not in by_num else by_num[3] + 1
    t4_end = after(3) if 3 in by_num else min(n, t4_start + 60)
    return slice(t2_start, t2_end), slice(t3_start, t3_end), slice(t4_start, t4_end)


# ------------------------------------------------------------------ what is printed but not read


def inline_headings(lines: Sequence[Line], headings: list[Heading]) -> list[dict]:
    """A section title of the format printed in the text but not as a heading of its own (run into
    a paragraph or a table cell): said so, so that the section is not reported as missing."""
    found = {h.code for h in headings}
    missing = [(code, title) for code, title, _k in SECTIONS if code not in found]
    if not missing:
        return []
    text = norm("".join(ln.text for ln in lines))
    return [note("reading.heading_inline", "warning", f"sections.{code}",
                 f"“{title}”印在文中，但没有作为单独一行的章节标题（与正文或表格连在一起），"
                 "未能据此划分出这一章节，请核对该部分。")
            for code, title in missing if norm(title) in text]


_TABLE_SECTION = {"table2": 1, "table3": 2, "table4": 3}  # the section (by numeral) printing the table


def image_tables(lines: Sequence[Line], headings: list[Heading], tables: dict[str, object]) -> list[dict]:
    """A table not found in text, in a section that shows images: the table is probably an image."""
    out = []
    for key, numeral in _TABLE_SECTION.items():
        if tables[key] is not None:
            continue
        at = [k for k, h in enumerate(headings) if h.numeral == numeral]
        if not at:
            continue
        start = headings[at[0]].index
        end = headings[at[0] + 1].index if at[0] + 1 < len(headings) else len(lines)
        if any(ln.image for ln in lines[start:end]):
            out.append(note("reading.table_image", "warning", key,
                            f"{TABLE_NAMES[key]}所在的“{headings[at[0]].printed}”部分有图片而没有文字表格："
                            "表格可能以图片形式印出，需要OCR（文字识别）后才能读取和核对。"))
    return out


def build(src: Source, source_name: str) -> dict:
    """The report dict of a converted source; `findings` holds the reading's own (reading.*)."""
    lines = src.lines
    headings = find_headings(lines)
    head_end = headings[0].index if headings else min(len(lines), 80)
    metadata = read_metadata(lines[:head_end])
    title = find_title(lines[:head_end] if headings else lines, metadata)
    if title is None and src.doc_title and "报告" in src.doc_title and len(src.doc_title) <= 80:
        title = src.doc_title
    agency, year = agency_year(title, lines, metadata)
    if agency is None or year is None:
        prose_agency, prose_year = agency_from_prose(lines, head_end)
        agency = agency or prose_agency or signature_organ(lines)
        year = year or prose_year
    r2, r3, r4 = table_regions(lines, headings)
    t2_lines, t3_lines, t4_lines = lines[r2], lines[r3], lines[r4]
    fmt2019 = is_2019_t2(t2_lines)
    notes: list[dict] = []
    table3 = read_t3(t3_lines, notes)
    table2 = read_t2(t2_lines, fmt2019, notes)
    table4 = read_t4(t4_lines, notes) if t4_lines else None
    published = find_published_on(lines, metadata, src.file_date, lines[:min(head_end, 60)])
    fmt = "unknown" if table3 is None else ("2019" if fmt2019 else "2021")
    notes += inline_headings(lines, headings)
    notes += image_tables(lines, headings, {"table2": table2, "table3": table3, "table4": table4})
    return {
        "source": source_name,
        "agency": agency,
        "year": year,
        "format": fmt,
        "published_on": published.isoformat() if published else None,
        "metadata": metadata,
        "sections": read_sections(lines, headings),
        "table2": table2,
        "table3": table3,
        "table4": table4,
        "findings": notes,
    }
