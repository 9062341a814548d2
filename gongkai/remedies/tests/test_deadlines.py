"""The organ's 答复/答辩 deadlines, hand-worked on the 国务院办公厅 notices (chinesecalendar data).

- 行政复议法 第四十八条, 第八十八条第二款: 10 working days from the copy; 第五十四条: 5 under the 简易程序.
- 行政诉讼法 第六十七条: 15 calendar days, a last day on a holiday moving to the next working day.
- 行政复议法 第六十四条: the new reply after a 纠正 within the period the decision sets (20 working days
  where it sets none, 条例 第三十三条).
"""

import datetime as dt

import pytest

from gongkai.remedies import deadlines
from gongkai.workdays import calendar

D = dt.date


def working(d: dt.date) -> bool:
    return calendar.is_working_day(d, calendar.chinesecalendar_lookup)


def weekdays(d: dt.date) -> bool:
    return d.weekday() < 5


def test_review_answer_ten_working_days_across_guoqing_2025():
    # Copy received Fri 2025-09-26: Sun 09-28 调休 (1), 29, 30 (3); 10-01…08 off; 09, 10 (5), Sat 10-11 调休 (6),
    # 13, 14, 15, 16 (10) → Thu 2025-10-16 (普通程序).
    assert deadlines.review_answer_due(D(2025, 9, 26), working) == D(2025, 10, 16)


def test_review_answer_five_working_days_under_the_simple_procedure():
    # 第五十四条: copy received Mon 2025-03-03: 04, 05, 06, 07 (4), Mon 10 (5) → 2025-03-10.
    assert deadlines.review_answer_due(D(2025, 3, 3), working, simple=True) == D(2025, 3, 10)


def test_lawsuit_fifteen_calendar_days_from_the_copy():
    # 行政诉讼法 第六十七条: copy received Mon 2026-03-02 → Tue 2026-03-17.
    assert deadlines.lawsuit_answer_due(D(2026, 3, 2), weekdays) == D(2026, 3, 17)


def test_lawsuit_last_day_on_a_holiday_moves_to_the_next_working_day():
    # Copy received Tue 2025-09-16 + 15 = Wed 10-01 (国庆) → the first working day after: Thu 2025-10-09.
    assert deadlines.lawsuit_answer_due(D(2025, 9, 16), working) == D(2025, 10, 9)


def test_redo_due_follows_the_decision():
    # None set: 20 working days from Fri 2026-07-03 → 2026-07-31.
    assert deadlines.redo_due(D(2026, 7, 3), working) == D(2026, 7, 31)
    # "收到本决定之日起15个工作日内": 07-06…07-24 → 2026-07-24.
    assert deadlines.redo_due(D(2026, 7, 3), working, days=15) == D(2026, 7, 24)
    # "30日内": 07-03 + 30 = Sun 08-02 → Mon 2026-08-03.
    assert deadlines.redo_due(D(2026, 7, 3), working, days=30, unit=deadlines.CALENDAR) == D(2026, 8, 3)


def test_negative_days_refused():
    with pytest.raises(ValueError):
        deadlines.period_end(D(2026, 3, 2), -1, weekdays)
    with pytest.raises(ValueError):
        deadlines.working_period_end(D(2026, 3, 2), -1, weekdays)
