"""Reading an administrator's 放假安排 text, and checking a year's days. Pure: no database.

Two input forms are accepted, line by line, and may be mixed:

1. The structured form, one entry per line (``#`` starts a comment line)::

       2027-01-01~2027-01-03 元旦        a holiday span (both days included; "至" also works)
       2027-05-01 劳动节                 a single holiday
       上班 2027-01-04 元旦调休          a weekend day worked for 调休 (the name is optional)

   Dates are ``YYYY-MM-DD`` (``/`` or ``.`` also work); full-width digits and signs are fine.

2. The 国务院办公厅 notice's own prose, pasted as published, e.g. the 2026 notice::

       一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。

   A line "<节日>：… 放假 …" gives one holiday span (its "共N天" is checked against the span)
   and every date in a sentence containing "上班" is a 调休 working day. The weekday printed
   beside a date ("（周日）") is checked too, which catches a notice entered under the wrong year. Years default to the
   notice's year; a span running from December into January rolls into the next year. The
   notice's title, preamble, closing paragraph and signature are skipped (reported as ignored).

Any other line that contains a date is an error, so nothing is silently dropped. Errors are in
Chinese and name the line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True)
class HolidaySpan:
    """放假 from `start` to `end`, both included."""

    start: dt.date
    end: dt.date
    name: str
    line: int | None = None

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class WorkdayEntry:
    """A weekend day worked for 调休."""

    date: dt.date
    name: str = ""
    line: int | None = None


@dataclass
class ParsedNotice:
    holidays: list[HolidaySpan] = field(default_factory=list)
    workdays: list[WorkdayEntry] = field(default_factory=list)
    # (line number, text) of lines skipped as the notice's boilerplate.
    ignored: list[tuple[int, str]] = field(default_factory=list)

    def holiday_tuples(self) -> list[tuple[dt.date, dt.date, str]]:
        return [(h.start, h.end, h.name) for h in self.holidays]

    def workday_tuples(self) -> list[tuple[dt.date, str]]:
        return [(w.date, w.name) for w in self.workdays]


class NoticeError(ValueError):
    """The text or the days are wrong; `errors` lists every problem, in Chinese."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("；".join(self.errors))


# --- the structured form ----------------------------------------------------------------------

_ISO = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_STRUCTURED = re.compile(
    rf"^(?:(?P<kind>上班|调休上班|放假|休息|休)\s*)?(?P<start>{_ISO})"
    rf"(?:\s*(?:~|至|到|--|—+|–)\s*(?P<end>{_ISO}))?(?:\s+(?P<name>.+?))?\s*$"
)
_ISO_ONLY = re.compile(_ISO)

# --- the notice's prose -----------------------------------------------------------------------

_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\d+[、.])?\s*(?P<name>[^:,。;()]{1,20}?)\s*:\s*(?P<rest>.+)$")
_CDATE = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:\((?P<note>[^)]*)\))?")
_NOTE_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
_WEEKDAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_FULL_CDATE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日")
_COUNT = re.compile(r"(?:共|放假)(\d+)天")
_DATE_ONLY = re.compile(r"^\s*(?:\d{4}年\d{1,2}月\d{1,2}日|" + _ISO + r")\s*$")


def _normalise(line: str) -> str:
    # NFKC turns full-width digits, colons, commas, brackets and tildes into ASCII; Chinese stays.
    return unicodedata.normalize("NFKC", line).strip()


def _make_date(y: int, m: int, d: int, lineno: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise NoticeError([f"第{lineno}行：日期{y}年{m}月{d}日不存在。"]) from None


def _iso(groups: tuple[str, ...], lineno: int) -> dt.date:
    return _make_date(int(groups[0]), int(groups[1]), int(groups[2]), lineno)


def _parse_structured(m: re.Match, lineno: int, out: ParsedNotice) -> None:
    start = _iso(_ISO_ONLY.match(m["start"]).groups(), lineno)
    end = _iso(_ISO_ONLY.match(m["end"]).groups(), lineno) if m["end"] else start
    name = (m["name"] or "").strip()
    if end < start:
        raise NoticeError([f"第{lineno}行：结束日期{end:%Y-%m-%d}早于开始日期{start:%Y-%m-%d}。"])
    if m["kind"] in ("上班", "调休上班"):
        d = start
        while d <= end:
            out.workdays.append(WorkdayEntry(d, name, lineno))
            d += dt.timedelta(days=1)
        return
    if not name:
        raise NoticeError([f"第{lineno}行：缺少节日名称，例如“{start:%Y-%m-%d} 元旦”。"])
    out.holidays.append(HolidaySpan(start, end, name, lineno))


def _prose_dates(text: str, default_year: int, lineno: int) -> list[dt.date]:
    """Every date in a clause; a date without month or year takes them from the one before."""
    dates: list[dt.date] = []
    year, month = default_year, None
    for m in _CDATE.finditer(text):
        explicit_year = m["y"] is not None
        if explicit_year:
            year = int(m["y"])
        if m["m"] is not None:
            new_month = int(m["m"])
            # "12月30日至1月1日": running past December without a written year means next year.
            if month is not None and not explicit_year and new_month < month:
                year += 1
            month = new_month
        if month is None:
            raise NoticeError([f"第{lineno}行：“{m.group(0)}”缺少月份。"])
        date = _make_date(year, month, int(m["d"]), lineno)
        # The notice prints the weekday beside each date, "1月4日（周日）": a wrong year shows here.
        noted = _NOTE_WEEKDAY.search(m["note"] or "")
        if noted and _WEEKDAY_INDEX[noted.group(1)] != date.weekday():
            raise NoticeError([
                f"第{lineno}行：{date.year}年{date.month}月{date.day}日是{WEEKDAYS[date.weekday()]}，与通知所写“{noted.group(0)}”不符，"
                "请检查年度。"
            ])
        dates.append(date)
    return dates


def _parse_prose(name: str, rest: str, year: int, lineno: int, out: ParsedNotice) -> None:
    name = name.strip()
    found_span = False
    for sentence in re.split(r"[。;]", rest):
        if not sentence.strip():
            continue
        if "放假" in sentence and not found_span:
            before = sentence.split("放假", 1)[0]
            dates = _prose_dates(before, year, lineno)
            if not dates or len(dates) > 2:
                raise NoticeError([f"第{lineno}行：未能读出“{name}”的放假起止日期。"])
            start, end = dates[0], dates[-1]
            if end < start:
                raise NoticeError([f"第{lineno}行：“{name}”的结束日期早于开始日期。"])
            span = HolidaySpan(start, end, name, lineno)
            count = _COUNT.search(sentence)
            if count and int(count.group(1)) != len(span.days()):
                raise NoticeError([
                    f"第{lineno}行：“{name}”{start:%m月%d日}至{end:%m月%d日}共{len(span.days())}天，"
                    f"与通知所写“共{count.group(1)}天”不符。"
                ])
            out.holidays.append(span)
            found_span = True
        elif "上班" in sentence:
            dates = _prose_dates(sentence, year, lineno)
            if not dates:
                raise NoticeError([f"第{lineno}行：未能读出“{name}”的调休上班日期。"])
            out.workdays.extend(WorkdayEntry(d, name, lineno) for d in dates)
    if not found_span:
        raise NoticeError([f"第{lineno}行：未能读出“{name}”的放假日期。"])


def parse_notice(text: str, year: int) -> ParsedNotice:
    """Read the administrator's text (structured lines and/or the notice's prose) for `year`.

    Raises NoticeError listing every line that could not be read. Does not check the days
    against each other or the year: that is `check_year`.
    """
    out = ParsedNotice()
    errors: list[str] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _normalise(raw)
        if not line or line.startswith("#"):
            continue
        try:
            structured = _STRUCTURED.match(line)
            if structured:
                _parse_structured(structured, lineno, out)
                continue
            if line.startswith(("上班", "放假", "休")) and _ISO_ONLY.search(line):
                raise NoticeError([f"第{lineno}行：无法识别“{raw.strip()}”，应如“上班 2027-01-04 元旦调休”。"])
            head = _HEAD.match(line)
            if head and "放假" in head["rest"]:
                _parse_prose(head["name"], head["rest"], year, lineno, out)
                continue
            if (_ISO_ONLY.search(line) or _FULL_CDATE.search(line)) and not _DATE_ONLY.match(line):
                raise NoticeError([
                    f"第{lineno}行：无法识别“{raw.strip()}”。请写成“2027-01-01~2027-01-03 元旦”"
                    "或“上班 2027-01-04 元旦调休”，或粘贴通知原文。"
                ])
            out.ignored.append((lineno, raw.strip()))
        except NoticeError as exc:
            errors.extend(exc.errors)
    if errors:
        raise NoticeError(errors)
    if not out.holidays and not out.workdays:
        raise NoticeError(["没有读出任何放假或调休上班日期。"])
    return out


# --- checking a year's days -------------------------------------------------------------------


def _where(line: int | None) -> str:
    return f"第{line}行：" if line else ""


def _fmt(d: dt.date) -> str:
    return f"{d:%Y-%m-%d}（{WEEKDAYS[d.weekday()]}）"


def as_spans(holidays: Iterable) -> list[HolidaySpan]:
    """Accept HolidaySpan objects or (date_from, date_to, name) tuples."""
    return [h if isinstance(h, HolidaySpan) else HolidaySpan(h[0], h[1], h[2]) for h in holidays]


def as_workdays(workdays: Iterable) -> list[WorkdayEntry]:
    """Accept WorkdayEntry objects, (date, name) tuples or bare dates."""
    out = []
    for w in workdays:
        if isinstance(w, WorkdayEntry):
            out.append(w)
        elif isinstance(w, dt.date):
            out.append(WorkdayEntry(w))
        else:
            out.append(WorkdayEntry(w[0], w[1] if len(w) > 1 else ""))
    return out


def in_year(d: dt.date, year: int) -> bool:
    """A year's notice covers the year, plus the end of the December before (元旦 may start then)."""
    return d.year == year or (d.year == year - 1 and d.month == 12)


def check_year(year: int, holidays: Iterable, workdays: Iterable, *, national: bool = True) -> list[str]:
    """Every problem with a year's days, in Chinese (empty when fine).

    Rules: dates inside the year (or the preceding December); a span does not end before it
    starts or run longer than 31 days; no day is in two spans or twice a workday; no day is both
    放假 and 上班; a 调休 working day is a Saturday or Sunday; a national year has at least one
    holiday.
    """
    spans, works = as_spans(holidays), as_workdays(workdays)
    errors: list[str] = []
    off: dict[dt.date, HolidaySpan] = {}
    for h in spans:
        where = _where(h.line)
        if not h.name.strip():
            errors.append(f"{where}缺少节日名称。")
        if h.end < h.start:
            errors.append(f"{where}“{h.name}”的结束日期{h.end:%Y-%m-%d}早于开始日期{h.start:%Y-%m-%d}。")
            continue
        if (h.end - h.start).days >= 31:
            errors.append(f"{where}“{h.name}”放假{(h.end - h.start).days + 1}天，超过31天，请检查日期。")
            continue
        for d in h.days():
            if not in_year(d, year):
                errors.append(f"{where}“{h.name}”的日期{d:%Y-%m-%d}不在{year}年内。")
                break
            if d in off:
                errors.append(f"{where}{d:%Y-%m-%d}同时出现在“{off[d].name}”和“{h.name}”中。")
                break
            off[d] = h
    seen: set[dt.date] = set()
    for w in works:
        where = _where(w.line)
        if not in_year(w.date, year):
            errors.append(f"{where}上班日{w.date:%Y-%m-%d}不在{year}年内。")
            continue
        if w.date in seen:
            errors.append(f"{where}上班日{w.date:%Y-%m-%d}重复。")
            continue
        seen.add(w.date)
        if w.date in off:
            errors.append(f"{where}{w.date:%Y-%m-%d}既是“{off[w.date].name}”的放假日，又是上班日。")
        elif w.date.weekday() < 5:
            errors.append(f"{where}{_fmt(w.date)}不是周末，调休上班日应为周六或周日。")
    if national and not spans:
        errors.append(f"没有录入{year}年的任何放假日。")
    return errors


# --- the notice's own identification ----------------------------------------------------------

_DOC_NO = re.compile(r"[^\s,,。:]{1,20}〔\d{4}〕\d+号")
_TITLE = re.compile(r"国务院办公厅关于\d{4}年[^\s]*?安排的通知")
_SIGNED = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")


def notice_source(parsed: ParsedNotice) -> tuple[str, dt.date | None]:
    """The 文号 and/or title, and the signing date, found among the lines a pasted notice skips.

    Returns ("", None) parts when not found; the caller then has to ask for them.
    """
    doc_no = title = ""
    signed = None
    for _, text in parsed.ignored:
        line = _normalise(text)
        if not doc_no and (m := _DOC_NO.search(line)):
            doc_no = m.group(0)
        if not title and (m := _TITLE.search(line)):
            title = f"《{m.group(0)}》"
        if m := _SIGNED.match(line):
            try:
                signed = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
    return " ".join(p for p in (doc_no, title) if p), signed


# --- completeness of a national notice ---------------------------------------------------------


def missing_festivals(year: int, holidays: Iterable, workdays: Iterable = ()) -> list[str]:
    """What a national notice for `year` lacks, in Chinese (empty when complete).

    A complete notice arranges all seven festivals of 《全国年节及纪念日放假办法》: each statutory
    day (statute.py) must be a 放假 day of the entered spans, and none may be declared 上班. Each
    line names the festival and its missing dates, e.g. "清明节（2027-04-05）".
    """
    from . import statute

    off = {d for h in as_spans(holidays) for d in h.days()}
    worked = {w.date for w in as_workdays(workdays)}
    problems = []
    for name, days in statute.festival_days(year).items():
        missing = [d for d in days if d not in off or d in worked]
        if missing:
            problems.append(f"{name}（{'、'.join(f'{d:%Y-%m-%d}' for d in missing)}）")
    return problems


def completeness_error(year: int, missing: list[str]) -> str:
    from .statute import decree_for

    decree = decree_for(year)
    law = f"《全国年节及纪念日放假办法》（{decree.name}）" if decree else "《全国年节及纪念日放假办法》"
    return (f"{year}年放假安排不完整：{law}规定的法定节假日中，缺少{'；'.join(missing)}。"
            "请补全七个节日的安排；如只录入部分内容，请选择“仅部分录入”（该年度仍按暂定日历计算）。")
