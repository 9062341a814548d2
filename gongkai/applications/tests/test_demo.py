import datetime as dt

import pytest

from gongkai.applications import selectors
from gongkai.applications.models import Application, Status
from gongkai.applications.outcomes import Outcome
from gongkai.letters.demo import load_demo_applications
from gongkai.organs.demo import load_demo_organs

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_outcome_and_is_idempotent(frozen_today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organs = load_demo_organs().organs
    created = load_demo_applications(organs)
    assert created == Application.objects.count() > 50
    assert load_demo_applications(organs) == 0
    district = Application.objects.filter(organ=organs["district"])
    assert set(district.values_list("status", flat=True)) == set(Status.values)
    assert set(district.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome.values)
    assert not district.filter(received_on__year__lt=2025).exists()
    today = dt.date(2026, 11, 25)
    assert selectors.overdue(today=today, queryset=district).exists()
    assert selectors.due_soon(today=today, queryset=district).exists()
    from gongkai.annual_reports.arithmetic import table3_from_cases
    from gongkai.annual_reports.providers import case_facts

    carried_in = table3_from_cases(case_facts(organs["district"], 2026), 2026)["carried_in"]
    assert carried_in[6] > 0  # December 2025 → January 2026
