"""The public functions with the database: entered years, regional overrides, the cache."""

import datetime as dt
from types import SimpleNamespace

import pytest

from gongkai.workdays import (
    add_working_days,
    calendar,
    deadline,
    is_working_day,
    next_working_day,
    statute,
    working_days_between,
    years_without_data,
)
from gongkai.workdays import services as workday_services
from gongkai.workdays.selectors import year_calendar

pytestmark = pytest.mark.django_db
D = dt.date
FAR = 2099


def statutory_spans(year, *, but=()):
    """One span per statutory day of the 放假办法 (statute.py), leaving out the festivals in `but`."""
    return [(d, d, name) for d, name in sorted(statute.statutory_days(year).items()) if name not in but]


def enter_far_year(**kwargs):
    """An invented 2099 notice: 元旦 1-1 (Thu) to 1-3 (Sat); 调休 Saturday 1-10; the other six festivals
    on their statutory days."""
    return workday_services.calendar_year_enter(
        actor=None, year=FAR, source_document="测试通知（虚构）", published_on=D(FAR - 1, 11, 1),
        holidays=[(D(FAR, 1, 1), D(FAR, 1, 3), "元旦"), *statutory_spans(FAR, but=("元旦",))],
        workdays=[(D(FAR, 1, 10), "元旦调休")], **kwargs,
    )


def test_package_exports_the_public_functions():
    assert add_working_days(D(2025, 1, 20), 20) == D(2025, 2, 21)
    assert working_days_between(D(2025, 1, 20), D(2025, 2, 21)) == 20
    assert next_working_day(D(2025, 1, 27)) == D(2025, 2, 5)
    assert is_working_day(D(2025, 1, 26))
    assert years_without_data(D(2025, 1, 1), D(2025, 12, 31)) == []


def test_far_year_without_data_is_provisional_and_never_crashes():
    assert years_without_data(D(FAR, 1, 1), D(FAR, 12, 31)) == [FAR]
    assert add_working_days(D(FAR, 1, 1), 6) == D(FAR, 1, 9)
    result = deadline(D(FAR, 1, 1), 6)
    assert result.provisional and result.years_without_data == (FAR,)
    assert "2099年" in result.warning


def test_span_from_december_2026_into_2027_is_consistent(frozen_today):
    """Whether 2027 has data depends on the installed chinesecalendar: check consistency only."""
    start = D(2026, 12, 25)
    result = deadline(start, 20)
    assert result.due.year == 2027 and is_working_day(result.due)
    missing = years_without_data(start, result.due)
    assert result.provisional == bool(missing)
    assert list(result.years_without_data) == missing
    assert missing == ([] if 2027 in calendar.chinesecalendar_years() else [2027])
    assert (result.warning is not None) == result.provisional
    if result.provisional:
        assert "2027年" in result.warning


def test_an_entered_year_changes_results_and_invalidates_the_cache(django_capture_on_commit_callbacks):
    before = deadline(D(FAR, 1, 1), 6)
    assert before.due == D(FAR, 1, 9) and before.provisional
    assert is_working_day(D(FAR, 1, 2))  # cached now: the statute's provisional calendar (1-1 only)
    assert not is_working_day(D(FAR, 1, 1))

    with django_capture_on_commit_callbacks(execute=True):
        enter_far_year()

    assert not is_working_day(D(FAR, 1, 2))
    assert is_working_day(D(FAR, 1, 10))  # 调休 Saturday
    after = deadline(D(FAR, 1, 1), 6)
    assert after.due == D(FAR, 1, 10)  # 1-5 … 1-9 and the 调休 Saturday
    assert not after.provisional and after.warning is None
    assert add_working_days(D(FAR, 1, 1), 1) == D(FAR, 1, 5)
    assert year_calendar(FAR).source == calendar.Source.ENTERED


def test_an_incomplete_year_is_still_provisional(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enter_far_year(complete=False)
    assert not is_working_day(D(FAR, 1, 2))  # its days apply …
    assert deadline(D(FAR, 1, 1), 6).provisional  # … but the year is not "with data"


def test_entering_a_year_chinesecalendar_has_corrects_it(django_capture_on_commit_callbacks):
    assert not is_working_day(D(2025, 1, 28))
    with django_capture_on_commit_callbacks(execute=True):
        workday_services.calendar_year_enter(
            actor=None, year=2025, source_document="更正测试", published_on=D(2024, 11, 12),
            holidays=statutory_spans(2025), workdays=[],
        )
    # The entered notice replaces chinesecalendar for 2025: an invented correction with no bridge days.
    assert is_working_day(D(2025, 2, 3)) and not is_working_day(D(2025, 1, 28))
    assert not is_working_day(D(2025, 1, 1))
    assert is_working_day(D(2026, 2, 16)) is False  # other years untouched


def test_regional_override_affects_only_its_region(world, django_capture_on_commit_callbacks):
    local_day = D(2025, 3, 3)  # a Monday
    with django_capture_on_commit_callbacks(execute=True):
        workday_services.calendar_day_set(actor=world.sysadmin, date=local_day, kind="holiday",
                                          name="地方节日（测试）", region_code="230502")
    assert not is_working_day(local_day, region="230502")
    assert not is_working_day(local_day, region=SimpleNamespace(region_code="230502"))
    assert is_working_day(local_day)
    assert is_working_day(local_day, region="230503")
    assert is_working_day(local_day, region=world.city)  # 230500: the prefecture, not the county
    assert add_working_days(D(2025, 2, 28), 1, region="230502") == D(2025, 3, 4)
    assert add_working_days(D(2025, 2, 28), 1) == D(2025, 3, 3)


def test_prefecture_override_reaches_its_counties(world, django_capture_on_commit_callbacks):
    local_day = D(2025, 3, 4)
    with django_capture_on_commit_callbacks(execute=True):
        workday_services.calendar_day_set(actor=world.sysadmin, date=local_day, kind="holiday",
                                          name="州庆（测试）", region_code="230500")
    assert not is_working_day(local_day, region="230502")
    assert not is_working_day(local_day, region="230500")
    assert is_working_day(local_day, region="230602")
    assert is_working_day(local_day)


def test_fifty_deadlines_cost_at_most_two_queries_then_none(django_assert_max_num_queries):
    # One query for the calendar's version, one for the entered years, one per (region, year) touched;
    # then everything is cached.
    starts = [D(2025, 1, 1) + dt.timedelta(days=5 * i) for i in range(50)]
    with django_assert_max_num_queries(3):
        first = [deadline(s, 20, region="230502") for s in starts]
    with django_assert_max_num_queries(0):
        again = [deadline(s, 20, region="230502") for s in starts]
    assert first == again
