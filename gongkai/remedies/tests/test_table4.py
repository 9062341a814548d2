"""Table 四 computed from the records equals the hand count, as of 31 December."""

import datetime as dt

import pytest

from gongkai.annual_reports import providers
from gongkai.annual_reports.arithmetic import table4_from_remedies
from gongkai.annual_reports.compute import compute_tables
from gongkai.applications.services import application_import
from gongkai.applications.tests.factories import applicant_data, registered_case
from gongkai.remedies import services
from gongkai.remedies.models import Result

pytestmark = pytest.mark.django_db
D = dt.date


def test_table4_hand_count(world, frozen_today):
    c = world.fgj_clerk
    app, _ = application_import(organ=world.fgj, data=applicant_data(world.fgj), channel="registered_mail",
                                received_on=D(2024, 10, 8), today=D(2026, 11, 25))

    def review(filed, decided=None, result=None):
        r = services.review_record(actor=c, organ=world.fgj, application=app, body="岭东区人民政府", filed_on=filed)
        if decided:
            r = services.remedy_decide(actor=c, remedy=r, decided_on=decided, result=result)
        return r

    def suit(kind, filed, decided=None, result=None, after=None):
        s = services.lawsuit_record(actor=c, organ=world.fgj, application=app, kind=kind, review=after,
                                    body="岭东区人民法院", filed_on=filed)
        if decided:
            s = services.remedy_decide(actor=c, remedy=s, decided_on=decided, result=result)
        return s

    review(D(2024, 11, 1), D(2024, 12, 20), Result.UPHELD)  # 2024 only
    r2 = review(D(2025, 3, 1), D(2025, 5, 1), Result.CORRECTED)  # 2025: 纠正
    review(D(2025, 6, 1), D(2025, 12, 31), Result.OTHER)  # decided on 31 December: 2025 其他
    review(D(2025, 12, 10), D(2026, 1, 5), Result.UPHELD)  # spans two years: 2025 尚未审结, 2026 维持
    review(D(2025, 12, 31))  # filed on 31 December, undecided: 2025 尚未审结
    review(D(2026, 1, 1), D(2026, 2, 1), Result.UPHELD)  # 2026 only
    suit("direct", D(2025, 4, 1), D(2026, 3, 1), Result.CORRECTED)  # 2025 尚未审结; 2026 纠正
    suit("direct", D(2025, 2, 1), D(2025, 8, 1), Result.UPHELD)  # 2025 维持
    suit("after_review", D(2025, 6, 1), after=r2)  # 2025 尚未审结

    t = table4_from_remedies(providers.remedy_facts(world.fgj, 2025), 2025)
    assert t["review"] == {"upheld": 0, "corrected": 1, "other": 1, "pending": 2, "total": 4}
    assert t["litigation_direct"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert t["litigation_after_review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    t24 = compute_tables(world.fgj, 2024, {})["table4"]
    assert t24["review"]["upheld"] == 1 and t24["review"]["total"] == 1
    t26 = compute_tables(world.fgj, 2026, {})["table4"]
    assert t26["review"] == {"upheld": 2, "corrected": 0, "other": 0, "pending": 1, "total": 3}
    assert t26["litigation_direct"]["corrected"] == 1


def test_no_records_keeps_the_entered_figures(world, frozen_today):
    assert providers.remedy_facts(world.jyj, 2025) is None
    app, _ = registered_case(world.jyj_clerk, world.jyj, received_on=D(2026, 2, 2))
    services.review_record(actor=world.jyj_clerk, organ=world.jyj, application=app, body="x", filed_on=D(2026, 3, 1))
    assert providers.remedy_facts(world.jyj, 2025) is None  # records start in 2026
    assert len(providers.remedy_facts(world.jyj, 2026)) == 1
