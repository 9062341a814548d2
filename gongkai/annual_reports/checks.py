"""Findings over a report dict (shared/spec/report-json.md): pure functions, no database.

`check_report(report, previous=None, organ_kind=None)` returns a list of findings
``{"rule", "severity", "where", "message"}``; every rule id is documented in RULES.md beside
this file.  Arithmetic checks count a blank (None) cell as 0; the blank itself is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .format import (
    SECTION_TITLES,
    T2_ROW_LABELS,
    T3_COLUMN_LABELS,
    T3_COLUMNS,
    T3_OUTCOME_ROWS,
    T3_OUTCOME_ROWS_COMBINED,
    T3_ROW_LABELS,
    T4_COLUMN_LABELS,
    T4_COLUMNS,
    T4_GROUP_LABELS,
    T4_GROUPS,
    T4_RESULTS,
)
from .reading.template import METADATA_FIELDS, METADATA_LABELS

Finding = dict[str, str]
ORGAN_KINDS = ("government", "department")
COPY_THRESHOLD = 80  # percent of shared 3-character shingles (digits ignored) that flags copied text
_SECTION_TITLES = SECTION_TITLES
_T3_COL = dict(zip(T3_COLUMNS, T3_COLUMN_LABELS, strict=True))


def finding(rule: str, severity: str, where: str, message: str) -> Finding:
    return {"rule": rule, "severity": severity, "where": where, "message": message}


def fmt(v: object) -> str:
    """A number as people write it (no trailing .0)."""
    if isinstance(v, float):
        return f"{v:g}" if v.is_integer() else f"{v}"
    return "空白" if v is None else str(v)


def _n(v: object) -> float:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0


class Unread:
    """The cells a reading left unread: printed, but not readable (a digit run with several
    readings, a row that could not be split or placed).  They are not blank cells and are left
    out of the arithmetic checks, whose verdict the reader gives itself where it can
    (reading/notes.py).  Empty for a report Gongkai computed."""

    def __init__(self, report: dict) -> None:
        from .reading.notes import UNREAD_RULES

        self.places = tuple(f["where"] for f in report.get("findings") or () if f.get("rule") in UNREAD_RULES)

    def __call__(self, path: str, value: object = None) -> bool:
        return value is None and any(path == w or path.startswith(w + ".") for w in self.places)

    def any(self, paths: Iterable[tuple[str, object]]) -> bool:
        return bool(self.places) and any(self(p, v) for p, v in paths)


def check_report(report: dict, *, previous: dict | None = None, organ_kind: str | None = None) -> list[Finding]:
    """Every finding of one report (and, with `previous`, of its year-on-year consistency)."""
    out: list[Finding] = []
    out += check_structure(report)
    out += check_metadata(report)
    out += check_table2(report)
    out += check_table3(report)
    out += check_table4(report)
    out += check_prose(report)
    out += check_sections_content(report)
    out += check_lateness(report, organ_kind)
    if previous is not None:
        out += check_previous(report, previous)
    return out


# ------------------------------------------------------------------ structure (第五十条)

def check_structure(report: dict) -> list[Finding]:
    """Missing sections/tables, non-standard titles, the old formats."""
    out = []
    sections = report.get("sections") or []
    codes = {s.get("code") for s in sections}
    inline = {f["where"] for f in report.get("findings") or () if f.get("rule") == "reading.heading_inline"}
    for code, title in SECTION_TITLES.items():
        if code not in codes and f"sections.{code}" not in inline:
            out.append(finding("section.missing", "error", f"sections.{code}",
                               f"缺少第五十条要求的章节“{title}”。"))
    for s in sections:
        code = s.get("code")
        printed = s.get("printed_title") or ""
        if code is None:
            out.append(finding("section.unknown", "warning", "sections",
                               f"章节标题“{printed}”不对应年度报告格式的任何章节。"))
        elif _plain(printed) != _plain(_SECTION_TITLES[code]):
            out.append(finding("section.title_nonstandard", "warning", f"sections.{code}",
                               f"章节标题“{printed}”与格式规定的“{_SECTION_TITLES[code]}”不一致。"))
    names = {"table2": "表二（主动公开政府信息情况）", "table3": "表三（收到和处理政府信息公开申请情况）",
             "table4": "表四（政府信息公开行政复议、行政诉讼情况）"}
    for key, name in names.items():
        if report.get(key) is None:
            out.append(finding("table.missing", "error", key,
                               f"报告缺少{name}。如果表格是以图片形式印出的，需要OCR（文字识别）后才能读取和核对。"))
    if report.get("format") == "2019":
        out.append(finding("format.2019", "warning", "format",
                           "表二使用2019年试行格式（本年新制作数量、本年新公开数量、对外公开总数量），"
                           "应改用国办公开办函〔2021〕30号规定的格式。"))
    t3 = report.get("table3") or {}
    if "other_combined" in t3:
        out.append(finding("table3.other_combined", "warning", "table3.other_combined",
                           "表三把“（六）其他处理”印成一行，缺少2021年格式的三个细分行"
                           "（逾期不补正、逾期未缴费、其他）。"))
    return out


def _plain(text: str) -> str:
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def check_metadata(report: dict) -> list[Finding]:
    md = report.get("metadata")
    if not md:
        return []
    return [finding("metadata.empty", "warning", f"metadata.{f}", f"目录信息“{METADATA_LABELS[f]}”为空。")
            for f in METADATA_FIELDS if md.get(f) in (None, "")]


# ------------------------------------------------------------------ cells

def _cell_problems(where: str, label: str, v: object, money: bool = False, signed: bool = False) -> list[Finding]:
    out = []
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if v < 0 and not signed:
            out.append(finding("count.negative", "error", where, f"{label}为负数{fmt(v)}。"))
        if not money and isinstance(v, float) and not v.is_integer():
            out.append(finding("count.non_integer", "error", where, f"{label}为{fmt(v)}，件数应为整数。"))
    return out


def check_table2(report: dict) -> list[Finding]:
    out: list[Finding] = []
    t2 = report.get("table2") or {}
    unread = Unread(report)
    blanks: list[str] = []
    for row, cols in t2.items():
        for col, v in (cols or {}).items():
            where = f"table2.{row}.{col}"
            if v is None and not unread(where):
                blanks.append(where)
            out += _cell_problems(where, _t2_label(where), v, money=col.startswith(("amount", "procurement_amount")),
                                  signed=col == "items_change")
    if blanks:
        out.append(finding("blank.cells", "warning", "table2",
                           f"表二有{len(blanks)}个空白单元格（按0计算）：{'、'.join(_t2_label(b) for b in blanks)}。"))
    return out


def _t2_label(path: str) -> str:
    """A table 二 cell as the format prints it (第二十条第（五）项 行政许可·本年处理决定数量), never its code; a
    cell of the 2019 试行 format, which has no such label, by its row and column as printed there."""
    from .corrections import label_of

    label = label_of(path)
    if label:
        return label.removeprefix("表二 ")
    _table, row, column = path.split(".")
    return f"{_T2_2019_ROWS.get(row, '表二的一行')}·{_T2_2019_COLUMNS.get(column, '一列')}"


_T2_2019_COLUMNS = {"items_new": "本年新制作数量", "items_published": "本年新公开数量", "items_total": "对外公开总数量",
                    "items_change": "增减", "procurement_amount": "采购总金额", "amount": "金额"}
_T2_2019_ROWS = {"regulations": "规章", "normative_documents": "行政规范性文件", "licensing": "行政许可",
                 "penalties": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费"}


def check_table3(report: dict) -> list[Finding]:
    """勾稽 rules 1–3 and 5 of the format (see RULES.md)."""
    t3 = report.get("table3")
    if not t3:
        return []
    out: list[Finding] = []
    unread = Unread(report)

    def cells(rows: Iterable[str], c: int) -> list[tuple[str, object]]:
        return [(f"table3.{r}.{T3_COLUMNS[c]}", t3[r][c]) for r in rows if r in t3]

    for c, col in enumerate(T3_COLUMNS):
        blank = [r for r, vals in t3.items() if vals[c] is None and not unread(f"table3.{r}.{col}")]
        if blank:
            out.append(finding("blank.cells", "warning", f"table3.*.{col}",
                               f"表三“{_T3_COL[col]}”列有{len(blank)}个空白单元格（按0计算）。"))
    for r, vals in t3.items():
        label = T3_ROW_LABELS.get(r, r)
        for c, col in enumerate(T3_COLUMNS):
            out += _cell_problems(f"table3.{r}.{col}", f"表三“{label}”的“{_T3_COL[col]}”", vals[c])
        six = sum(_n(v) for v in vals[:6])
        if six != _n(vals[6]) and not unread.any(cells([r], c)[0] for c in range(7)):
            total = "总计栏空白（按0计算）" if vals[6] is None else f"不等于总计{fmt(vals[6])}件"
            out.append(finding("table3.row_total", "error", f"table3.{r}.total",
                               f"表三“{label}”行：六类申请人合计{fmt(six)}件，{total}。"))
    needed = ("received_new", "carried_in", "total", "carried_out")
    if all(k in t3 for k in needed):
        outcome = T3_OUTCOME_ROWS_COMBINED if "other_combined" in t3 else T3_OUTCOME_ROWS
        for c, col in enumerate(T3_COLUMNS):
            a, b = _n(t3["received_new"][c]), _n(t3["carried_in"][c])
            t, e = _n(t3["total"][c]), _n(t3["carried_out"][c])
            if a + b != t + e and not unread.any(cells(needed, c)):
                out.append(finding("table3.balance", "error", f"table3.*.{col}",
                                   f"{_T3_COL[col]}列：本年新收{fmt(a)}件+上年结转{fmt(b)}件，"
                                   f"不等于办理结果总计{fmt(t)}件+结转下年度{fmt(e)}件。"))
            s = sum(_n(t3[r][c]) for r in outcome if r in t3)
            if s != t and not unread.any(cells((*outcome, "total"), c)):
                out.append(finding("table3.outcome_sum", "error", f"table3.total.{col}",
                                   f"{_T3_COL[col]}列：各项办理结果之和为{fmt(s)}件，不等于（七）总计{fmt(t)}件。"))
    return out


def check_table4(report: dict) -> list[Finding]:
    """勾稽 rule 4: each group's 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    t4 = report.get("table4")
    if not t4:
        return []
    out: list[Finding] = []
    unread = Unread(report)
    for g in T4_GROUPS:
        vals = t4.get(g) or {}
        glabel = T4_GROUP_LABELS[g]
        blank = [T4_COLUMN_LABELS[c] for c in T4_COLUMNS if vals.get(c) is None and not unread(f"table4.{g}.{c}")]
        if blank:
            out.append(finding("blank.cells", "warning", f"table4.{g}",
                               f"表四“{glabel}”有{len(blank)}个空白单元格（按0计算）：{'、'.join(blank)}。"))
        for c in T4_COLUMNS:
            out += _cell_problems(f"table4.{g}.{c}", f"表四“{glabel}”的“{T4_COLUMN_LABELS[c]}”", vals.get(c))
        parts = [_n(vals.get(c)) for c in T4_RESULTS]
        if sum(parts) != _n(vals.get("total")) and not unread.any((f"table4.{g}.{c}", vals.get(c)) for c in T4_COLUMNS):
            out.append(finding("table4.total", "error", f"table4.{g}.total",
                               f"表四“{glabel}”："
                               + "+".join(f"{T4_COLUMN_LABELS[c]}{fmt(p)}" for c, p in zip(T4_RESULTS, parts, strict=True))
                               + f"={fmt(sum(parts))}件，但总计印为{fmt(vals.get('total'))}件。"))
    return out


# ------------------------------------------------------------------ prose vs tables

_SPAN = r"[^。；;，,：:\d]{0,20}?"
_RECEIVED = re.compile(rf"(?:收到|受理|接收|新收)({_SPAN})(\d+)\s*件([^。；;，,]{{0,10}})")
_CARRIED = re.compile(r"上一?年度?结转([^。；;，,\d]{0,10}?)(\d+)\s*件")
_REVIEW = re.compile(r"行政复议([^。；;，,：:\d]{0,10}?)(\d+)\s*(?:件|起|宗)")
_LITIGATION = re.compile(r"行政诉讼([^。；;，,：:\d]{0,10}?)(\d+)\s*(?:件|起|宗)")


def _prose(report: dict) -> str:
    texts = [s.get("text") or "" for s in report.get("sections") or []]
    return "".join(t.replace("\n", "") for t in texts)


def _total(row: list | None, unread: bool = False) -> float | None:
    """A row's 总计 (the sum of its six columns where 总计 is blank); None where unknown."""
    if not row or (unread and None in row):
        return None
    return row[6] if row[6] is not None else sum(_n(v) for v in row[:6])


def check_prose(report: dict) -> list[Finding]:
    """Counts quoted in the text against the tables (warning when they disagree)."""
    text = _prose(report)
    out: list[Finding] = []
    t3 = report.get("table3") or {}
    t4 = report.get("table4") or {}
    unread = Unread(report)
    if unread.any((f"table4.{g}.{c}", v) for g, cols in t4.items() for c, v in (cols or {}).items()):
        t4 = {}  # the counts quoted in prose cannot be checked against cells not read
    new = _total(t3.get("received_new"), unread("table3.received_new"))
    carried = _total(t3.get("carried_in"), unread("table3.carried_in"))
    if new is not None:
        for m in _RECEIVED.finditer(text):
            around = m.group(1) + m.group(3)
            if not ("申请" in around or "公开" in around) or "结转" in m.group(1) or "信访" in around:
                continue
            n = int(m.group(2))
            if n not in (new, new + _n(carried)):
                out.append(finding("prose.received_new", "warning", "table3.received_new.total",
                                   f"正文称收到（受理）政府信息公开申请{n}件，但表三“本年新收”总计为{fmt(new)}件。"))
    if carried is not None:
        for m in _CARRIED.finditer(text):
            n = int(m.group(2))
            if n != carried:
                out.append(finding("prose.carried_in", "warning", "table3.carried_in.total",
                                   f"正文称上年结转{n}件，但表三“上年结转”总计为{fmt(carried)}件。"))
    review = (t4.get("review") or {}).get("total") if t4 else None
    if t4:
        for m in _REVIEW.finditer(text):
            n = int(m.group(2))
            if "后" in m.group(1):
                continue
            if n != _n(review):
                out.append(finding("prose.review", "warning", "table4.review.total",
                                   f"正文称政府信息公开行政复议{n}件，但表四“行政复议”总计为{fmt(review)}件。"))
        direct = _n((t4.get("litigation_direct") or {}).get("total"))
        after = _n((t4.get("litigation_after_review") or {}).get("total"))
        for m in _LITIGATION.finditer(text):
            n = int(m.group(2))
            if n not in (direct + after, direct, after):
                out.append(finding("prose.litigation", "warning", "table4.litigation_direct.total",
                                   f"正文称政府信息公开行政诉讼{n}件，但表四行政诉讼总计为{fmt(direct + after)}件"
                                   f"（{T4_GROUP_LABELS['litigation_direct']}{fmt(direct)}件、"
                                   f"{T4_GROUP_LABELS['litigation_after_review']}{fmt(after)}件）。"))
    return out


# ------------------------------------------------------------------ section contents

_FEE_WORDS = ("信息处理费", "收费", "收取", "费用", "缴费")


def check_sections_content(report: dict) -> list[Finding]:
    """Section 五 must say something; section 六 should say whether 信息处理费 was collected."""
    out = []
    by_code = {s.get("code"): s for s in report.get("sections") or [] if s.get("code")}
    problems = by_code.get("problems")
    if problems is not None:
        bare = re.sub(r"[\s。.，,、；;:：]", "", problems.get("text") or "")
        if bare in ("", "无", "暂无", "没有", "无问题") or len(bare) < 6:
            out.append(finding("section.problems_empty", "warning", "sections.problems",
                               "第五部分“存在的主要问题及改进情况”为空或只写“无”，没有说明问题和改进措施。"))
    other = by_code.get("other")
    if other is not None and not any(w in (other.get("text") or "") for w in _FEE_WORDS):
        # 《政府信息公开信息处理费管理办法》: fees collected are reported in section 六.
        out.append(finding("section.other_no_fee", "warning", "sections.other",
                           "第六部分没有说明本年度是否收取信息处理费。"))
    return out


# ------------------------------------------------------------------ lateness (第四十九条)

def guess_organ_kind(report: dict) -> str | None:
    """government for a 人民政府's own report, department otherwise; None when unknown."""
    name = report.get("agency") or (report.get("metadata") or {}).get("title") or ""
    if not name:
        return None
    if re.search(r"(人民政府|政府)$", name) and not re.search(r"(办公室|办|局|委员会)$", name):
        return "government"
    return "department"


def deadline(year: int, organ_kind: str) -> date:
    """第四十九条: 部门 publish by 31 January, 县级以上人民政府 their own report by 31 March."""
    from .deadlines import publication_deadline

    return publication_deadline(year, organ_kind)


def check_lateness(report: dict, organ_kind: str | None = None) -> list[Finding]:
    published = report.get("published_on")
    year = report.get("year")
    if not published:
        return [finding("published.unknown", "info", "published_on",
                        "报告没有可识别的发布日期，无法按《条例》第四十九条判断是否按时公布。")]
    if not year:
        return [finding("published.unknown", "info", "year", "报告年份未知，无法判断是否按时公布。")]
    kind = organ_kind or guess_organ_kind(report) or "government"
    due = deadline(int(year), kind)
    try:
        when = date.fromisoformat(published)
    except ValueError:
        return [finding("published.unknown", "info", "published_on", f"发布日期“{published}”无法识别。")]
    if when > due:
        who = {"government": "县级以上人民政府", "department": "政府部门"}.get(kind, "该类机关")
        return [finding("published.late", "warning", "published_on",
                        f"报告发布于{when.isoformat()}，晚于《条例》第四十九条规定{who}的公布期限{due.isoformat()}。")]
    return []


# ------------------------------------------------------------------ year on year

def shingles(text: str, k: int = 3) -> set[str]:
    t = re.sub(r"\d+", "0", re.sub(r"\s+", "", text))
    return {t[i:i + k] for i in range(max(0, len(t) - k + 1))}


def similarity(a: str, b: str) -> int:
    """Percentage of shared 3-character shingles (Jaccard), digits ignored."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0
    return round(100 * len(sa & sb) / len(sa | sb))


def check_previous(report: dict, previous: dict) -> list[Finding]:
    """Cross-year checks against last year's report of the same organ (勾稽 rule 6, copied text)."""
    out: list[Finding] = []
    year, pyear = report.get("year"), previous.get("year")
    if year and pyear and int(pyear) != int(year) - 1:
        out.append(finding("previous.not_prior_year", "info", "year",
                           f"对比的上年报告是{pyear}年度的，不是{int(year) - 1}年度。"))
    t3, p3 = report.get("table3") or {}, previous.get("table3") or {}
    unread, p_unread = Unread(report), Unread(previous)
    if t3.get("carried_in") and p3.get("carried_out"):
        for c, col in enumerate(T3_COLUMNS):
            a, b = t3["carried_in"][c], p3["carried_out"][c]
            if unread(f"table3.carried_in.{col}", a) or p_unread(f"table3.carried_out.{col}", b):
                continue
            if _n(a) != _n(b):
                out.append(finding("previous.carried_in", "warning", f"table3.carried_in.{col}",
                                   f"{_T3_COL[col]}列：本年“上年结转”{fmt(a)}件，不等于上年报告“结转下年度继续办理”{fmt(b)}件。"))
    t2, p2 = report.get("table2") or {}, previous.get("table2") or {}
    for row in ("regulations", "normative_documents"):
        name = T2_ROW_LABELS[row]
        cur, prev = t2.get(row) or {}, p2.get(row) or {}
        vals = (prev.get("in_force"), cur.get("issued"), cur.get("repealed"), cur.get("in_force"))
        if None in vals:
            continue
        expected = vals[0] + vals[1] - vals[2]
        if expected != vals[3]:
            out.append(finding("previous.in_force", "warning", f"table2.{row}.in_force",
                               f"{name}：上年现行有效{fmt(vals[0])}件+本年制发{fmt(vals[1])}件-本年废止{fmt(vals[2])}件"
                               f"={fmt(expected)}件，但本年现行有效为{fmt(vals[3])}件（如有修订请说明）。"))
    prev_sections = {s.get("code"): s.get("text") or "" for s in previous.get("sections") or [] if s.get("code")}
    for s in report.get("sections") or []:
        code = s.get("code")
        if code not in ("overview", "problems", "other") or code not in prev_sections:
            continue
        text, ptext = s.get("text") or "", prev_sections[code]
        if len(re.sub(r"\s", "", text)) < 50:
            continue
        pct = similarity(text, ptext)
        if pct >= COPY_THRESHOLD:
            out.append(finding("previous.copied_text", "warning", f"sections.{code}",
                               f"“{s.get('printed_title')}”与上年报告同一部分的文字相似度为{pct}%，疑似照搬上年内容。"))
    return out


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts per severity."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    return counts
