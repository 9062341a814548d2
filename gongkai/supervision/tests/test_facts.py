"""Every indicator against the hand-counted fixtures (fixtures.py), on both sides of 31 December."""

import datetime as dt

import pytest

from gongkai.supervision import selectors
from gongkai.supervision.indicators import Period, values

from .fixtures import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(world, frozen_today):
    build(world)
    return world


def facts(world, organ, year):
    return selectors.facts_for([organ], Period.year(year))[0]


def test_columns_on_31_december(counted):
    f = facts(counted, counted.fgj, 2025)
    assert f.columns_total == 8
    assert f.stale_short == 3  # news2, notice, notice2
    assert f.stale_any == 4  # + plan
    assert f.long_stale == 2  # plan, notice2
    assert f.empty == 2  # empty1, empty2 (its only item came in 2026); guide has no cycle


def test_columns_today(counted):
    f = facts(counted, counted.fgj, 2026)  # on 2026-11-25 news' newest item is 2026-01-01
    assert f.empty == 1  # empty2 has an item now
    assert f.stale_short == 5  # news, news2, notice, notice2, empty2 (2026-02-01 + 183 days passed)
    assert f.long_stale == 3  # notice, plan, notice2 (news: 328 days, news2: 350, empty2: 297)


def test_items_in_2025_and_2026(counted):
    f = facts(counted, counted.fgj, 2025)
    assert (f.items_published, f.late_items, f.normative_without_validity, f.policies_without_interpretation,
            ) == (6, 1, 1, 1)
    g = facts(counted, counted.fgj, 2026)
    assert (g.items_published, g.late_items) == (2, 1)  # i7 and the 00:10 item of 1 January (late)


def test_applications_2025(counted):
    f = facts(counted, counted.fgj, 2025)
    v = values(f)
    assert (f.received, f.closed, f.timed, f.on_time) == (7, 5, 5, 4)
    assert v["on_time_rate"] == pytest.approx(0.8)
    assert (f.handling_days_total, f.handling_days_max, v["avg_days"]) == (99, 42, 19.8)
    assert f.on_the_spot == 2 and v["on_the_spot_rate"] == pytest.approx(0.4)
    assert f.extensions == 1 and f.corrections == 1
    assert f.overdue_open == 1  # c7 on 31 December; c8 was due later, c2 too
    assert f.outcomes == {"disclosed": 4, "partly_disclosed": 1}


def test_applications_2026_case_spanning_two_years(counted):
    f = facts(counted, counted.fgj, 2026)
    assert (f.closed, f.on_time) == (2, 1)  # c2 (late) and c8, both received in 2025
    assert f.received == 0
    assert f.overdue_open == 1  # c7, still running past its 答复期限 today


def test_remedies(counted):
    f = facts(counted, counted.fgj, 2025)
    assert (f.remedies_decided, f.remedies_corrected, f.remedies_filed) == (2, 1, 4)
    assert values(f)["remedies_corrected_rate"] == pytest.approx(0.5)
    g = facts(counted, counted.fgj, 2026)
    assert (g.remedies_decided, g.remedies_corrected) == (1, 0)


def test_annual_reports_of_2024(counted):
    rows = {f.name: f for f in selectors.facts_for([counted.city, counted.district, counted.fgj, counted.jyj],
                                                   Period.year(2025))}
    fgj = rows[counted.fgj.name]
    assert (fgj.report_year, fgj.report_deadline) == (2024, dt.date(2025, 1, 31))
    assert fgj.report_published and fgj.report_late  # judged on version 1 (2025-02-03)
    assert (fgj.report_errors, fgj.report_warnings) == (1, 0)  # latest version; lateness not repeated
    city = rows[counted.city.name]
    assert city.report_published and not city.report_late  # first version on time; the correction is later
    jyj = rows[counted.jyj.name]
    assert (jyj.report_source, jyj.report_first_published_on, jyj.report_late) == ("file", dt.date(2025, 1, 20), False)
    assert (jyj.report_errors, jyj.report_warnings) == (2, 1)
    district = rows[counted.district.name]
    assert not district.report_published and district.report_late


def test_query_count_does_not_grow_with_organs(counted):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.organs.tests.factories import OrganFactory

    organs = [counted.city, counted.district, counted.fgj, counted.jyj]
    with CaptureQueriesContext(connection) as few:
        selectors.facts_for(organs, Period.year(2025))
    organs += [OrganFactory(name=f"岭东区第{i}局", parent=counted.district, region_code=counted.fgj.region_code)
               for i in range(6)]
    with CaptureQueriesContext(connection) as many:
        selectors.facts_for(organs, Period.year(2025))
    assert len(many) <= len(few) <= 26  # the second run also finds the calendar years cached (26: + 互动交流)


def test_monthly_trend(counted):
    months = selectors.monthly([counted.fgj.pk], 2025)
    assert months[11]["closed"] == 2 and months[11]["on_time"] == 1  # December: c5 (31st, late), c6
    assert months[0]["closed"] == 1  # c1 in January
    assert months[11]["items"] == 3 and months[11]["late"] == 1  # i1 (31st 23:30), i2, i3
    assert sum(m["items"] for m in months) == 6
