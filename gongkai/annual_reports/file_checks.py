"""Does a published report file belong where someone is saving it? Pure: the read report in, a list of
contradictions (Chinese sentences) out.

A file saved for an organ and year is read first (reading.audit); what it prints is compared with the
choice: the organ it names (one name per organ, organ_names.name_key, so 双鸭山市岭东区财政局 is
岭东区财政局), the year it reports on, and the day it was published (a report on 2025 cannot be out
before 1 January 2026, nor after today). A contradiction refuses the save, unless a supervisor accepts
it with a written reason (services.report_file_save): the 洪泽区 2023 report saved as 岭东区财政局's 2025
one would otherwise make three pages disagree and move an organ's 考评 by 25 points.
"""

from __future__ import annotations

import datetime as dt

from .organ_names import name_key


def _iso(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def same_organ(printed: str, registered: str) -> bool:
    """The name a report prints names the registered organ: equal once reduced to the lowest division
    and the organ (organ_names.name_key), or one ends with the other (a registry name without its
    district, a print without it)."""
    a, b = name_key(printed), name_key(registered)
    return a == b or a.endswith(b) or b.endswith(a)


def contradictions(*, organ_name: str, year: int, result: dict, published_on: dt.date | None,
                   today: dt.date) -> list[str]:
    """Every way the read report contradicts the organ, year and publication date chosen for it.
    `published_on` is the date entered by the person saving (None when left blank)."""
    found = []
    printed_organ = (result.get("agency") or "").strip()
    if printed_organ and not same_organ(printed_organ, organ_name):
        found.append(f"报告文件写的机关是“{printed_organ}”，不是所选的“{organ_name}”。")
    printed_year = result.get("year")
    if printed_year and int(printed_year) != year:
        found.append(f"报告文件是{printed_year}年度的报告，不是所选的{year}年度。")
    printed_on = _iso(result.get("published_on"))
    if printed_on and published_on and printed_on != published_on:
        found.append(f"报告文件印的发布日期是{printed_on:%Y-%m-%d}，与填写的{published_on:%Y-%m-%d}不同。")
    day = printed_on or published_on
    if day is not None:
        if day < dt.date(year + 1, 1, 1):
            found.append(f"发布日期{day:%Y-%m-%d}早于{year}年度结束：{year}年度报告不可能在{year + 1}年1月1日之前发布。")
        if day > today:
            found.append(f"发布日期{day:%Y-%m-%d}晚于今天。")
    return found


def publication_day(result: dict, entered: dt.date | None, saved_on: dt.date) -> dt.date:
    """The 发布日期 kept for a file: the one it prints, else the one entered, else the day it was saved."""
    return _iso(result.get("published_on")) or entered or saved_on
