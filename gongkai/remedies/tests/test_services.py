"""Recording 复议/诉讼 through the services: deadlines, results, the corrected case, permissions."""

import datetime as dt

import pytest
import time_machine

from gongkai.applications.tests.factories import registered_case
from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.remedies import selectors, services
from gongkai.remedies.chase import chase_remedies
from gongkai.remedies.models import Lawsuit, Result

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(world, frozen_today):
    app, _ = registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 3, 2))
    return app


def review_for(world, case, **kw):
    return services.review_record(actor=world.fgj_clerk, organ=world.fgj, application=case,
                                  body="岭东区人民政府", filed_on=kw.pop("filed_on", D(2026, 5, 6)), **kw)


def test_review_deadline_over_national_day(world, case):
    """行政复议法 第四十八条 with 第八十八条第二款: 10 *working* days; 简易程序 5 (第五十四条)."""
    review = review_for(world, case, case_no="岭复〔2026〕12号", procedure="ordinary")
    assert review.claimant == case.applicant_name
    # Copy received Mon 2026-09-21: 22, 23, 24 (3); 25 中秋 off (2026: 09-25…27); 28, 29, 30 (6);
    # 10-01…07 国庆 off; 10-08, 09 (8), Sat 10-10 调休 (9), Mon 10-12 (10) → 2026-10-12.
    review = services.remedy_accept(actor=world.fgj_clerk, remedy=review, accepted_on=D(2026, 9, 15),
                                    copy_received_on=D(2026, 9, 21), version=review.version)
    assert review.answer_due_on == D(2026, 10, 12) and not review.answer_due_provisional
    assert [e.event_type for e in events_for(review)] == [EventType.REVIEW_RECORDED, EventType.REMEDY_ACCEPTED]
    simple = services.remedy_accept(actor=world.fgj_clerk, remedy=review_for(world, case, case_no="岭复〔2026〕13号"),
                                    accepted_on=D(2026, 9, 15), copy_received_on=D(2026, 9, 21))
    assert simple.procedure == "simple" and simple.answer_due_on == D(2026, 9, 29)  # 22, 23, 24, 28, 29


def test_lawsuit_after_review_must_name_the_review_of_the_same_case(world, case):
    other, _ = registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 3, 3))
    review = review_for(world, case)
    with pytest.raises(ApplicationError, match="请选择此前的行政复议"):
        services.lawsuit_record(actor=world.fgj_clerk, organ=world.fgj, application=case, kind="after_review",
                                body="岭东区人民法院", filed_on=D(2026, 7, 1))
    with pytest.raises(ApplicationError, match="另一件申请"):
        services.lawsuit_record(actor=world.fgj_clerk, organ=world.fgj, application=other, kind="after_review",
                                review=review, body="岭东区人民法院", filed_on=D(2026, 7, 1))
    suit = services.lawsuit_record(actor=world.fgj_clerk, organ=world.fgj, application=None, kind="after_review",
                                   review=review, body="岭东区人民法院", filed_on=D(2026, 7, 1))
    assert suit.application == case and suit.group == "litigation_after_review"
    suit = services.remedy_accept(actor=world.fgj_clerk, remedy=suit, accepted_on=D(2026, 7, 3),
                                  copy_received_on=D(2026, 7, 6))
    assert suit.answer_due_on == D(2026, 7, 21)  # Mon + 15 = Tue 07-21


def test_bad_input_writes_nothing(world, case):
    with pytest.raises(ApplicationError, match="不能晚于今天"):
        review_for(world, case, filed_on=D(2026, 12, 1))
    with pytest.raises(ApplicationError, match="不能早于该申请的收到日期"):
        review_for(world, case, filed_on=D(2026, 3, 1))
    with pytest.raises(ApplicationError, match="不是本机关办理"):
        services.review_record(actor=world.jyj_clerk, organ=world.jyj, application=case, body="x",
                               filed_on=D(2026, 5, 6))
    assert not EventLog.objects.filter(event_type__startswith="remedies.").exists()


def test_only_the_organs_clerks_and_reviewers_write(world, case):
    for user in (world.jyj_clerk, world.district_supervisor, world.district_clerk, world.nobody):
        with pytest.raises(PermissionDeniedError):
            services.review_record(
                actor=user, organ=world.fgj, application=case, body="x", filed_on=D(2026, 5, 6))
    review = review_for(world, case)
    with pytest.raises(PermissionDeniedError):
        services.remedy_decide(actor=world.district_supervisor, remedy=review, decided_on=D(2026, 7, 1),
                               result=Result.UPHELD)


def test_correction_reopens_the_application_and_is_chased(world, case, frozen_today):
    review = review_for(world, case)
    review = services.remedy_decide(actor=world.fgj_reviewer, remedy=review, decided_on=D(2026, 7, 1),
                                    decision_received_on=D(2026, 7, 3), result=Result.CORRECTED)
    # The decision set no period: 20 working days from Fri 2026-07-03: 07-06…07-31 → 2026-07-31.
    assert review.redo_due_on == D(2026, 7, 31) and review.decision_received_on == D(2026, 7, 3)
    reopened = events_for(case).filter(event_type=EventType.APPLICATION_REOPENED).get()
    assert reopened.details["period_days"] == 20 and reopened.details["remedy_id"] == review.pk
    case.refresh_from_db()
    assert case.status == "processing" and case.due_on == D(2026, 7, 31) and case.reopened_on == D(2026, 7, 3)
    with pytest.raises(ApplicationError, match="已审结"):
        services.remedy_decide(actor=world.fgj_reviewer, remedy=review, decided_on=D(2026, 7, 2), result="upheld")
    today = D(2026, 11, 25)
    found = chase_remedies(today=today, dry_run=False)
    assert [(i.kind, i.organ) for i in found] == [("remedy.redo_overdue", world.fgj.name)]
    assert chase_remedies(today=today, dry_run=False)  # once a day: one REMEDY_REMINDED event, not two
    assert events_for(review).filter(event_type=EventType.REMEDY_REMINDED).count() == 1
    services.remedy_redo(actor=world.fgj_clerk, remedy=review, done_on=D(2026, 7, 20))
    assert chase_remedies(today=today, dry_run=True) == []
    assert events_for(case).filter(event_type=EventType.REMEDY_REDONE).exists()


def test_answer_overdue_and_due_soon(world, case):
    review = services.remedy_accept(actor=world.fgj_clerk, remedy=review_for(world, case),
                                    accepted_on=D(2026, 11, 10), copy_received_on=D(2026, 11, 12))
    suit = services.lawsuit_record(actor=world.fgj_clerk, organ=world.fgj, application=case, kind="direct",
                                   body="岭东区人民法院", filed_on=D(2026, 11, 1))
    suit = services.remedy_accept(actor=world.fgj_clerk, remedy=suit, accepted_on=D(2026, 11, 9),
                                  copy_received_on=D(2026, 11, 12))
    today = D(2026, 11, 25)
    # 简易程序 (the default): 5 working days from Thu 11-12: 13, 16, 17, 18, 19. 诉讼: 15 calendar days.
    assert review.answer_due_on == D(2026, 11, 19) and suit.answer_due_on == D(2026, 11, 27)
    assert list(selectors.answer_overdue(today=today, queryset=Lawsuit.objects.all())) == []
    assert selectors.answer_overdue(today=today, queryset=type(review).objects.all()).get() == review
    assert selectors.answer_due_soon(today=today, queryset=Lawsuit.objects.all()).get() == suit
    services.remedy_answer(actor=world.fgj_clerk, remedy=review, answered_on=D(2026, 11, 24))
    assert not selectors.answer_overdue(today=today, queryset=type(review).objects.all()).exists()
    ev = EventLog.objects.filter(event_type=EventType.REMEDY_ANSWERED).get()
    assert ev.details["on_time"] is False


def test_stale_version_refused(world, case):
    review = review_for(world, case)
    with pytest.raises(ApplicationError, match="已被他人修改"):
        services.remedy_accept(actor=world.fgj_clerk, remedy=review, accepted_on=D(2026, 5, 8),
                               copy_received_on=D(2026, 5, 9), version=review.version + 5)


def test_simple_procedure_switched_to_ordinary_and_a_tenth_day_answer_is_on_time(world, case):
    """行政复议法 第五十四条 (简易: 5 working days), 第五十五条 (switched to 普通), 第四十八条 with
    第八十八条第二款 (10 working days)."""
    review = review_for(world, case, filed_on=D(2026, 3, 5))
    review.copy_received_on = None
    review = services.remedy_accept(actor=world.fgj_clerk, remedy=review, accepted_on=D(2026, 3, 6),
                                    copy_received_on=D(2026, 3, 9))
    # 简易: Mon 03-09 + 5 working days: 10, 11, 12, 13, 16 → 2026-03-16.
    assert review.procedure == "simple" and review.answer_due_on == D(2026, 3, 16)
    with pytest.raises(ApplicationError, match="转为普通程序的日期"):
        services.review_procedure_change(actor=world.fgj_clerk, review=review, changed_on=None)
    review = services.review_procedure_change(actor=world.fgj_clerk, review=review, changed_on=D(2026, 3, 12))
    # 普通: 10 working days: 10–13 (4), 16–20 (9), 23 (10) → 2026-03-23.
    assert review.procedure == "ordinary" and review.procedure_changed_on == D(2026, 3, 12)
    assert review.answer_due_on == D(2026, 3, 23)
    with pytest.raises(ApplicationError, match="已按普通程序审理"):
        services.review_procedure_change(actor=world.fgj_clerk, review=review, changed_on=D(2026, 3, 13))
    services.remedy_answer(actor=world.fgj_clerk, remedy=review, answered_on=D(2026, 3, 23))
    ev = EventLog.objects.filter(event_type=EventType.REMEDY_ANSWERED).get()
    assert ev.details["on_time"] is True  # the lawful 10th working day (it was recorded late before)
    changed = EventLog.objects.get(event_type=EventType.REMEDY_PROCEDURE_CHANGED)
    assert changed.details["before"] == "2026年3月16日" and changed.details["after"] == "2026年3月23日"
    suit = services.lawsuit_record(actor=world.fgj_clerk, organ=world.fgj, application=case, kind="direct",
                                   body="岭东区人民法院", filed_on=D(2026, 3, 5))
    with pytest.raises(ApplicationError, match="只有行政复议"):
        services.review_procedure_change(actor=world.fgj_clerk, review=suit, changed_on=D(2026, 3, 12))


def test_remedy_dates_into_2027_are_provisional_and_healed(world, case, django_capture_on_commit_callbacks):
    from gongkai.workdays import services as workdays

    suit = services.lawsuit_record(actor=world.fgj_clerk, organ=world.fgj, application=case, kind="direct",
                                   body="岭东区人民法院", filed_on=D(2026, 11, 20))
    # 行政诉讼法 第六十七条: 15 calendar days from Thu 2026-12-17 → Fri 2027-01-01, 元旦 by the statute →
    # the next working day, Mon 2027-01-04 — provisional (2027 has no notice yet).
    with time_machine.travel(dt.datetime(2026, 12, 18, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        suit = services.remedy_accept(actor=world.fgj_clerk, remedy=suit, accepted_on=D(2026, 12, 16),
                                      copy_received_on=D(2026, 12, 17))
    assert suit.answer_due_on == D(2027, 1, 4) and suit.answer_due_provisional
    assert "2027年的放假安排尚未录入" in suit.provisional_note and suit.answer_due.text == "2027年1月4日（暂定）"
    # The 2027 notice gives 01-01…03 off; 01-04 stays, now firm — recomputed on entry.
    from gongkai.workdays.tests.test_api import statutory_spans

    with django_capture_on_commit_callbacks(execute=True):
        workdays.calendar_year_enter(actor=None, year=2027, source_document="测试用虚构通知",
                                     published_on=D(2026, 11, 10), workdays=[],
                                     holidays=[(D(2027, 1, 1), D(2027, 1, 3), "元旦"),
                                               *statutory_spans(2027, but=("元旦",))])
    suit.refresh_from_db()
    assert suit.answer_due_on == D(2027, 1, 4) and not suit.answer_due_provisional and suit.provisional_note == ""
    assert events_for(suit).filter(event_type=EventType.REMEDY_DEADLINES_RECOMPUTED).exists()
