"""The pure working-day maths, on chinesecalendar alone (no database)."""

import datetime as dt

import pytest

from gongkai.workdays import calendar
from gongkai.workdays.calendar import DayRule, Source, chinesecalendar_lookup

D = dt.date
# A year no chinesecalendar release will know for decades.
FAR = 2099


def add(start, n):
    return calendar.add_working_days(start, n, chinesecalendar_lookup)


def between(a, b):
    return calendar.working_days_between(a, b, chinesecalendar_lookup)


def working(d):
    return calendar.is_working_day(d, chinesecalendar_lookup)


def test_receipt_on_20_january_2025_is_due_on_21_february():
    # 第三十三条: 20 working days; the day of receipt is not counted (民法典 第二百零一条).
    assert add(D(2025, 1, 20), 20) == D(2025, 2, 21)
    assert between(D(2025, 1, 20), D(2025, 2, 21)) == 20


def test_spring_festival_2025():
    for day in range(28, 32):
        assert not working(D(2025, 1, day))
    for day in range(1, 5):
        assert not working(D(2025, 2, day))
    assert working(D(2025, 1, 26)) and D(2025, 1, 26).weekday() == 6  # 调休 Sunday
    assert working(D(2025, 2, 8)) and D(2025, 2, 8).weekday() == 5  # 调休 Saturday
    assert working(D(2025, 1, 27)) and working(D(2025, 2, 5))


def test_national_day_2025():
    assert all(not working(D(2025, 10, day)) for day in range(1, 9))
    assert working(D(2025, 9, 28)) and working(D(2025, 10, 11))
    assert not working(D(2025, 10, 12))  # an ordinary Sunday
    # A period running into the holiday continues after it: 9-30 + 1 → 10-9.
    assert add(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert add(D(2025, 9, 27), 1) == D(2025, 9, 28)  # Saturday receipt, Sunday 调休 counts


@pytest.mark.parametrize(
    "rest, work",
    [
        ([D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)], [D(2026, 1, 4)]),  # 元旦
        ([D(2026, 2, d) for d in range(15, 24)], [D(2026, 2, 14), D(2026, 2, 28)]),  # 春节
        ([D(2026, 5, d) for d in range(1, 6)], [D(2026, 5, 9)]),  # 劳动节
        ([D(2026, 10, d) for d in range(1, 8)], [D(2026, 9, 20), D(2026, 10, 10)]),  # 国庆节
    ],
)
def test_2026_notice(rest, work):
    assert not any(working(d) for d in rest)
    assert all(working(d) and d.weekday() >= 5 for d in work)


def test_start_on_a_holiday_counts_from_the_next_working_day():
    # Received on 2025-01-29 (春节): the first working day counted is 2025-02-05.
    assert add(D(2025, 1, 29), 1) == D(2025, 2, 5)
    assert add(D(2025, 1, 29), 20) == add(D(2025, 2, 4), 20)


def test_zero_days_is_the_start_when_working_else_the_next_working_day():
    assert add(D(2025, 1, 20), 0) == D(2025, 1, 20)
    assert add(D(2025, 10, 3), 0) == D(2025, 10, 9)  # 民法典 第二百零三条
    assert add(D(2025, 1, 25), 0) == D(2025, 1, 26)  # Saturday → 调休 Sunday


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="不能为负数"):
        add(D(2025, 1, 20), -1)


def test_datetimes_are_refused():
    with pytest.raises(TypeError):
        working(dt.datetime(2025, 1, 20, 9, 0))  # noqa: DTZ001


def test_next_working_day_is_strictly_after():
    assert calendar.next_working_day(D(2025, 1, 20), chinesecalendar_lookup) == D(2025, 1, 21)
    assert calendar.next_working_day(D(2025, 1, 27), chinesecalendar_lookup) == D(2025, 2, 5)


def test_working_days_between_signs():
    assert between(D(2025, 3, 3), D(2025, 3, 3)) == 0
    assert between(D(2025, 3, 3), D(2025, 3, 10)) == 5
    assert between(D(2025, 3, 10), D(2025, 3, 3)) == -5
    assert between(D(2025, 10, 1), D(2025, 10, 8)) == 0  # a holiday week has no working day


def test_between_is_the_inverse_of_add_over_two_years():
    start = D(2025, 1, 1)
    for offset in range(0, 730, 3):
        s = start + dt.timedelta(days=offset)
        previous = s
        for n in (1, 2, 7, 15, 20, 40):
            due = add(s, n)
            assert working(due), (s, n)
            assert due > previous, (s, n)
            assert between(s, due) == n, (s, n)
            # Every day before the due date is short of n working days.
            assert between(s, due - dt.timedelta(days=1)) == n - 1, (s, n)
            previous = due


def test_far_year_falls_back_to_the_statute_and_is_provisional():
    cal = chinesecalendar_lookup(FAR)
    assert cal.source == Source.STATUTE and not cal.has_data
    assert not working(D(FAR, 1, 1))  # a Thursday, 元旦 by the 放假办法
    assert working(D(FAR, 1, 2))  # Friday: the bridge day only a notice could give
    assert not working(D(FAR, 1, 3))  # Saturday
    result = calendar.deadline(D(FAR, 1, 1), 6, chinesecalendar_lookup)
    assert result.due == D(FAR, 1, 9)
    assert result.provisional
    assert result.years_without_data == (FAR,)
    assert result.warning == (f"{FAR}年的放假安排尚未录入，该日期按《全国年节及纪念日放假办法》规定的法定节假日推算"
                              "（未含调休），为暂定日期，以国务院办公厅放假通知为准。")
    assert "周末推算" not in result.warning
    assert "暂定" in str(result) and result.text == f"{FAR}年1月9日（暂定）"


def test_a_year_before_any_decree_is_weekends_only_and_says_so():
    cal = chinesecalendar_lookup(1990)
    assert cal.source == Source.NONE and not cal.has_data and not cal.holidays
    assert calendar.no_data_warning([1990]) == "1990年没有放假安排数据，该日期只按周末推算，为暂定日期。"


def test_known_year_deadline_is_not_provisional():
    result = calendar.deadline(D(2025, 1, 20), 20, chinesecalendar_lookup)
    assert result.due == D(2025, 2, 21) and not result.provisional and result.warning is None


def test_warning_names_every_year_without_data():
    assert calendar.no_data_warning([2099, 2098]).startswith("2098年、2099年的放假安排尚未录入，")
    assert calendar.no_data_warning([]) is None


def test_compose_year_precedence():
    """Region override > entered national year > chinesecalendar > weekends."""
    national = [DayRule(D(2025, 3, 3), "holiday", "全国更正")]
    prefecture = [DayRule(D(2025, 3, 4), "holiday", "州节")]
    county = [DayRule(D(2025, 3, 4), "workday", "县调整"), DayRule(D(2025, 10, 1), "workday", "县调整")]
    cal = calendar.compose_year(2025, national=national, regional=[prefecture, county])
    assert cal.source == Source.CHINESECALENDAR and cal.has_data
    assert not cal.is_working_day(D(2025, 3, 3))  # national correction on top of chinesecalendar
    assert cal.is_working_day(D(2025, 3, 4))  # the county (most specific) wins over the prefecture
    assert cal.is_working_day(D(2025, 10, 1))  # a region overrides a chinesecalendar holiday
    assert not cal.is_working_day(D(2025, 1, 28))  # chinesecalendar still underneath

    entered = calendar.compose_year(2025, entered_complete=True, national=national)
    assert entered.source == Source.ENTERED and entered.has_data
    assert entered.is_working_day(D(2025, 1, 28))  # a complete entered year replaces chinesecalendar

    far = calendar.compose_year(FAR, regional=[[DayRule(D(FAR, 1, 5), "holiday", "地方节")]])
    assert not far.has_data  # region overrides never make a year "with data"
    assert not far.is_working_day(D(FAR, 1, 5))


def test_region_codes():
    assert calendar.normalise_region(None) == ""
    assert calendar.normalise_region("230502") == "230502"
    assert calendar.normalise_region("230500") == "2305"
    assert calendar.normalise_region("230000") == "23"
    assert calendar.normalise_region("2300") == "23"
    assert calendar.region_prefixes("230502") == ["23", "2305", "230502"]
    assert calendar.region_prefixes("230500") == ["23", "2305"]
    assert calendar.region_prefixes("") == []
    for bad in ("23050", "abcdef", "2305021"):
        with pytest.raises(ValueError, match="行政区划代码"):
            calendar.normalise_region(bad)
