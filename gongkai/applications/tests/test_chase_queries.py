"""The nightly chase reads each organ's clerks and reviewers once, not once per case: its queries do not
grow with the number of cases (13,643 cases used to cost two queries each)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.applications.chase import chase_applications
from gongkai.remedies import services as remedies
from gongkai.remedies.chase import chase_remedies

from .factories import registered_case

pytestmark = pytest.mark.django_db
D = dt.date


def _queries(fn) -> tuple[int, list]:
    fn()  # the working-day calendar caches what it reads: count a second run
    with CaptureQueriesContext(connection) as ctx:
        found = fn()
    return len(ctx.captured_queries), found


def test_application_chase_queries_do_not_grow_with_cases(world, frozen_today):
    registered_case(world.district_clerk, world.district, received_on=D(2026, 10, 27))
    registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 10, 27))
    few, found = _queries(lambda: chase_applications(today=D(2026, 11, 25), dry_run=True))
    assert len(found) == 2
    for n in range(6):
        registered_case(world.district_clerk, world.district, received_on=D(2026, 10, 27 + n % 3),
                        description=f"请公开本区2025年第{n}号通知的全文和附件")
    many, found = _queries(lambda: chase_applications(today=D(2026, 11, 25), dry_run=True))
    assert len(found) == 8 and many == few
    assert all("district_reviewer" in item.recipients for item in found if item.organ == world.district.name)


def test_remedy_chase_queries_do_not_grow_with_records(world, frozen_today):
    def suit(n):
        case, _ = registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 3, 2), description=f"请公开本区2025年第{n}号通知的全文和附件")
        record = remedies.lawsuit_record(actor=world.fgj_clerk, organ=world.fgj, application=case, kind="direct",
                                         body="岭东区人民法院", filed_on=D(2026, 11, 1))
        remedies.remedy_accept(actor=world.fgj_clerk, remedy=record, accepted_on=D(2026, 11, 9),
                               copy_received_on=D(2026, 11, 12))

    suit(0)
    few, found = _queries(lambda: chase_remedies(today=D(2026, 11, 25), dry_run=True))
    assert len(found) == 1
    for n in range(1, 5):
        suit(n)
    many, found = _queries(lambda: chase_remedies(today=D(2026, 11, 25), dry_run=True))
    assert len(found) == 5 and many == few
