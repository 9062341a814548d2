"""The provisional calendar of a year without a notice, hand-worked for 2027.

《全国年节及纪念日放假办法》（国务院令第795号，2025-01-01起施行）第二条: 13 statutory days. For 2027,
from the lunar calendar: 除夕 02-05 (Fri), 初一 02-06, 初二 02-07, 初三 02-08 (Mon); 清明 04-05 (Mon);
端午 06-09 (Wed); 中秋 09-15 (Wed); plus 01-01 (Fri), 05-01/02 (Sat/Sun), 10-01 (Fri) to 10-03 (Sun).
Counting follows 民法典 第二百零一条 (the day of receipt is not counted) and 第二百零三条 (a last day
on a rest day moves on). Each expected date below was counted by hand, day by day.

The 2026 days come from chinesecalendar; 2027 from the statute alone, whatever chinesecalendar
version is installed (a later one may know 2027), so the expected dates never move.
"""

import datetime as dt

from gongkai.workdays import calendar, statute
from gongkai.workdays.calendar import Source

D = dt.date


def lookup(year: int) -> calendar.YearCalendar:
    """chinesecalendar up to 2026; from 2027 the statute's provisional calendar."""
    if year <= 2026:
        return calendar.chinesecalendar_year(year)
    return calendar.compose_year(year, use_chinesecalendar=False)


def due(start, n):
    return calendar.deadline(start, n, lookup)


def test_lunar_and_solar_term_dates_of_2027():
    days = statute.festival_days(2027)
    assert days["元旦"] == [D(2027, 1, 1)]
    assert days["春节"] == [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)]  # 除夕 to 初三
    assert days["清明节"] == [D(2027, 4, 5)]
    assert days["劳动节"] == [D(2027, 5, 1), D(2027, 5, 2)]
    assert days["端午节"] == [D(2027, 6, 9)]
    assert days["中秋节"] == [D(2027, 9, 15)]
    assert days["国庆节"] == [D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)]
    assert len(statute.statutory_days(2027)) == 13 == statute.decree_for(2027).total_days


def test_the_statute_reproduces_the_known_years():
    """Every statutory day of 2025 and 2026 is a holiday in the published notices (chinesecalendar)."""
    for year in (2025, 2026):
        known = calendar.chinesecalendar_year(year)
        assert set(statute.statutory_days(year)) <= set(known.holidays), year
    # Before 2025 (国务院令第644号): 11 days, 春节 初一至初三 without 除夕, 劳动节 one day.
    assert len(statute.statutory_days(2024)) == 11 and D(2024, 2, 9) not in statute.statutory_days(2024)
    # 中秋 and 国庆 on the same day keep both names (2025: 中秋 10-06 is not 10-01…03; 2020: 10-01).
    assert statute.statutory_days(2020)[D(2020, 10, 1)] == "中秋节、国庆节"


def test_2027_is_provisional_from_the_statute():
    cal = lookup(2027)
    assert cal.source == Source.STATUTE and not cal.has_data
    assert cal.source.label == "按放假办法推算（暂定）"


def test_received_2026_12_04_is_due_2027_01_04_not_on_yuandan():
    # 第三十三条: received Fri 2026-12-04: 07–11 (5), 14–18 (10), 21–25 (15), 28–31 (19); 2027-01-01 元旦 is
    # not a working day (the weekends-only guess said it was, and gave 2027-01-01); Mon 01-04 (20).
    d = due(D(2026, 12, 4), 20)
    assert d.due == D(2027, 1, 4) and d.provisional and d.years_without_data == (2027,)
    assert "未含调休" in d.warning and "周末" not in d.warning


def test_chunjie_2027():
    # Received Fri 2027-01-22: 25–29 (5), 02-01…04 (9); 05 除夕, 06, 07, 08 初三 off; 09–12 (13), 15–19 (18),
    # 22, 23 (20) → Tue 2027-02-23.
    assert due(D(2027, 1, 22), 20).due == D(2027, 2, 23)
    # 第三十条, 7 working days from Tue 2027-02-02: 03, 04 (2); 05–08 off; 09, 10, 11, 12 (6), 15 (7).
    assert due(D(2027, 2, 2), 7).due == D(2027, 2, 15)


def test_qingming_2027():
    # Received Thu 2027-04-01, 7 working days: 02 (1); Mon 04-05 清明 off; 06–09 (5), 12 (6), 13 (7).
    assert due(D(2027, 4, 1), 7).due == D(2027, 4, 13)


def test_duanwu_2027():
    # Received Fri 2027-06-04, 7 working days: 07, 08 (2); Wed 06-09 端午 off; 10, 11 (4), 14, 15, 16 (7).
    assert due(D(2027, 6, 4), 7).due == D(2027, 6, 16)


def test_zhongqiu_2027():
    # Received Fri 2027-09-10, 7 working days: 13, 14 (2); Wed 09-15 中秋 off; 16, 17 (4), 20, 21, 22 (7).
    assert due(D(2027, 9, 10), 7).due == D(2027, 9, 22)


def test_guoqing_2027_third_party_period():
    # 第三十二条: 征求意见书 served Fri 2027-09-24, 15 working days: 27, 28, 29, 30 (4); Fri 10-01 国庆 off
    # (10-02, 10-03 are a weekend anyway); 04–08 (9), 11–15 (14), 18 (15) → Mon 2027-10-18.
    assert due(D(2027, 9, 24), 15).due == D(2027, 10, 18)


def test_may_day_2027_falls_on_a_weekend():
    # 05-01 and 05-02 are Saturday and Sunday: without the notice no weekday is off; Fri 04-30 + 1 → Mon 05-03.
    assert due(D(2027, 4, 30), 1).due == D(2027, 5, 3)
