"""第四十九条's publication deadlines, defined only in deadlines.py (an override is read there, from settings)."""

import datetime as dt

from django.conf import settings as django_settings

from gongkai.annual_reports.deadlines import (
    DEFAULT_DEADLINES,
    configured_deadlines,
    is_late,
    publication_deadline,
)


def test_the_defaults_are_the_regulations_dates_and_settings_hold_no_copy():
    assert not hasattr(django_settings, "GONGKAI_REPORT_DEADLINES")
    assert configured_deadlines() == DEFAULT_DEADLINES
    assert publication_deadline(2025, "government") == dt.date(2026, 3, 31)  # 县级以上人民政府
    assert publication_deadline(2025, "department") == dt.date(2026, 1, 31)  # 部门
    assert publication_deadline(2025, "unknown kind") == dt.date(2026, 1, 31)


def test_a_region_may_override_one_kind(settings):
    settings.GONGKAI_REPORT_DEADLINES = {"dispatched": [2, 28]}
    assert publication_deadline(2025, "dispatched") == dt.date(2026, 2, 28)
    assert publication_deadline(2025, "government") == dt.date(2026, 3, 31)  # the others keep the defaults
    deadline = publication_deadline(2025, "dispatched")
    assert not is_late(dt.date(2026, 2, 20), deadline, today=dt.date(2026, 3, 1))
    assert is_late(None, deadline, today=dt.date(2026, 3, 1))
