"""The statutory holidays of 《全国年节及纪念日放假办法》 for any year. Pure: no database.

The 放假办法 fixes which days are 全体公民放假的节日 for every year; the yearly 国务院办公厅 notice only
adds the 调休 swaps and the bridge days around them. So a year whose notice is not out yet (2027 in
late 2026, when chinesecalendar 1.11 stops at 2026) still has known holidays. Since 1 January 2025
(国务院令第795号, the 2024-11-10 revision, 第二条) they are 13 days:

    元旦 1月1日; 春节 农历除夕、正月初一至初三; 清明节 清明当日; 劳动节 5月1日、2日;
    端午节 农历端午当日; 中秋节 农历中秋当日; 国庆节 10月1日至3日.

The earlier texts differ in 春节 and 劳动节 (`DECREES`). Lunar dates and the 清明 solar term come
from lunar-python (6tail), pinned in pyproject.toml: for 2027 it gives 除夕 02-05, 清明 04-05,
端午 06-09, 中秋 09-15.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

# The seven festivals every complete national notice arranges, in the notice's order.
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


@dataclass(frozen=True)
class Decree:
    """One text of the 放假办法: from which year it applies and how 春节 and 劳动节 are counted."""

    from_year: int
    name: str
    spring: tuple[int, ...]  # days relative to 正月初一 (−1 = 除夕)
    labour: tuple[int, ...]  # days of May

    @property
    def total_days(self) -> int:
        return 1 + len(self.spring) + 1 + len(self.labour) + 1 + 1 + 3


DECREES = (
    # 国务院令第513号 (2007-12-14, in force 2008-01-01): 春节 除夕、初一、初二; 劳动节 5月1日.
    Decree(2008, "国务院令第513号", spring=(-1, 0, 1), labour=(1,)),
    # 国务院令第644号 (2013-12-11, in force 2014-01-01): 春节 初一至初三 (除夕 no longer a holiday).
    Decree(2014, "国务院令第644号", spring=(0, 1, 2), labour=(1,)),
    # 国务院令第795号 (2024-11-10, in force 2025-01-01): 除夕 back, 劳动节 two days — 13 days.
    Decree(2025, "国务院令第795号", spring=(-1, 0, 1, 2), labour=(1, 2)),
)


def decree_for(year: int) -> Decree | None:
    """The 放假办法 text in force in `year` (None before 2008: not modelled)."""
    found = None
    for decree in DECREES:
        if year >= decree.from_year:
            found = decree
    return found


@lru_cache(maxsize=64)
def lunar_dates(year: int) -> dict[str, dt.date]:
    """正月初一, 端午 (五月初五), 中秋 (八月十五) and the 清明 solar term falling in Gregorian `year`."""
    from lunar_python import Lunar, Solar

    def solar(lunar) -> dt.date:
        s = lunar.getSolar()
        return dt.date(s.getYear(), s.getMonth(), s.getDay())

    qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return {
        "spring": solar(Lunar.fromYmd(year, 1, 1)),
        "dragon_boat": solar(Lunar.fromYmd(year, 5, 5)),
        "mid_autumn": solar(Lunar.fromYmd(year, 8, 15)),
        "qingming": dt.date(qingming.getYear(), qingming.getMonth(), qingming.getDay()),
    }


@lru_cache(maxsize=64)
def statutory_days(year: int) -> dict[dt.date, str]:
    """Every statutory holiday of `year` with its festival's name (empty before 2008)."""
    decree = decree_for(year)
    if decree is None:
        return {}
    lunar = lunar_dates(year)
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    for offset in decree.spring:
        days[lunar["spring"] + dt.timedelta(days=offset)] = "春节"
    days[lunar["qingming"]] = "清明节"
    for day in decree.labour:
        days[dt.date(year, 5, day)] = "劳动节"
    days[lunar["dragon_boat"]] = "端午节"
    days[lunar["mid_autumn"]] = "中秋节"
    for day in (1, 2, 3):
        # 中秋 and 国庆 can coincide (2020, 2025): the day keeps both names.
        d = dt.date(year, 10, day)
        days[d] = "中秋节、国庆节" if days.get(d) == "中秋节" else "国庆节"
    return days


def festival_days(year: int) -> dict[str, list[dt.date]]:
    """For each of the seven festivals, its statutory days in `year`."""
    out: dict[str, list[dt.date]] = {name: [] for name in FESTIVALS}
    for d, names in sorted(statutory_days(year).items()):
        for name in names.split("、"):
            out[name].append(d)
    return out
