"""The organ's 答复/答辩 deadlines: calendar days, a last day on a holiday moves to the next working day."""

import datetime as dt

import pytest

from gongkai.remedies import deadlines

D = dt.date


def weekdays(d: dt.date) -> bool:
    return d.weekday() < 5


def test_review_ten_calendar_days_from_the_copy():
    # 行政复议法 第四十八条: copy received Mon 2026-03-02 → Thu 2026-03-12.
    assert deadlines.review_answer_due(D(2026, 3, 2), weekdays) == D(2026, 3, 12)


def test_lawsuit_fifteen_calendar_days_from_the_copy():
    # 行政诉讼法 第六十七条: copy received Mon 2026-03-02 → Tue 2026-03-17.
    assert deadlines.lawsuit_answer_due(D(2026, 3, 2), weekdays) == D(2026, 3, 17)


def test_last_day_on_a_rest_day_moves_to_the_next_working_day():
    # Wed 2026-03-04 + 10 = Sat 2026-03-14 → Mon 2026-03-16.
    assert deadlines.review_answer_due(D(2026, 3, 4), weekdays) == D(2026, 3, 16)


def test_holidays_inside_the_period_still_count():
    holidays = {D(2026, 3, 9), D(2026, 3, 10)}
    assert deadlines.review_answer_due(D(2026, 3, 2), lambda d: weekdays(d) and d not in holidays) == D(2026, 3, 12)


def test_negative_days_refused():
    with pytest.raises(ValueError):
        deadlines.period_end(D(2026, 3, 2), -1, weekdays)
