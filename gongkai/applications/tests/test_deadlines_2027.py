"""Deadlines an organ can stake its name on, hand-worked (each date counted day by day in the comments).

- a year without a notice (2027 in late 2026): the statute's provisional calendar, the mark everywhere,
  warnings that never refuse or end an applicant's step (spec §5);
- entering the 2027 notice (an invented one, tests/data/notice_2027_invented.txt: 元旦 01-01…03,
  春节 02-05…12 with 02-20 (Sat) worked, …) recomputes every open case: inbox, 督办 list, API and
  tracking page agree, each case's timeline says so;
- the nightly job for anything stale by calendar version.
"""

import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.applications import selectors, services
from gongkai.applications.models import Application, Status
from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.testing import assert_may, client_for
from gongkai.letters import services as letters
from gongkai.workdays.models import CalendarRevision

from .factories import correction_sent, registered_case, sign_and_send

pytestmark = pytest.mark.django_db
D = dt.date
NOTICE_2027 = Path(__file__).resolve().parents[2] / "workdays" / "tests" / "data" / "notice_2027_invented.txt"


def at(traveller, day: dt.date) -> None:
    traveller.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai")))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code sends `on_commit` (the recomputation, mail) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def enter_2027_notice(committed) -> str:
    out = io.StringIO()
    with committed():
        call_command("enter_holidays", "--year", "2027", "--file", str(NOTICE_2027), stdout=out)
    return out.getvalue()


def extended_case(world, traveller):
    """Registered Thu 2026-12-24; 20 working days: 25 (1), 28–31 (5); 2027-01-01 元旦 off; 01-04…08 (10),
    11–15 (15), 18–22 (20) → 2027-01-22 (provisional). Extended by 20 on 12-28 (the notice sent that day):
    01-25…29 (5), 02-01…04 (9); 05 除夕 … 08 初三 off by the statute; 09–12 (13), 15–19 (18), 22, 23 (20)
    → 2027-02-23 (provisional)."""
    at(traveller, D(2026, 12, 24))
    app, code = registered_case(world.district_clerk, world.district, received_on=D(2026, 12, 24))
    assert app.due_on == D(2027, 1, 22) and app.due_provisional
    at(traveller, D(2026, 12, 28))
    services.extension_request(actor=world.district_clerk, application=app, days=20, reason="需要调取档案")
    app.refresh_from_db()
    letter = services.extension_approve(actor=world.district_reviewer, application=app)
    letters.letter_confirm_dates(actor=world.district_clerk, letter=letter, reason="按法定节假日计算")
    sign_and_send(letter, reviewer=world.district_reviewer, clerk=world.district_clerk, on=D(2026, 12, 28))
    app.refresh_from_db()
    assert app.extension_days == 20 and app.due_on == D(2027, 2, 23) and app.due_provisional
    return app, code


# --- the provisional mark, everywhere a date is shown or sent -----------------------------------------------


def test_every_place_shows_the_mark_and_the_reason(world, frozen_today, mailoutbox, committed):
    at(frozen_today, D(2026, 12, 4))
    from gongkai.applications.tests.factories import applicant_data

    with committed():
        response = Client().post("/api/v1/applications", json.dumps(applicant_data(world.district)),
                                 content_type="application/json")
    body = response.json()
    # 第三十三条: received online Fri 2026-12-04 → 2027-01-04 (元旦 counted off), provisional.
    assert body["due_on"] == "2027-01-04" and body["due_provisional"] is True
    assert body["due"]["provisional"] is True and "2027年的放假安排尚未录入" in body["due"]["note"]
    assert "周末" not in response.content.decode()
    # The acknowledgement e-mail carries the mark and the reason.
    mail = mailoutbox[-1].body
    assert "答复期限：2027年1月4日（暂定）" in mail and "未含调休" in mail
    # The API read, the tracking page, the inbox and the case page.
    got = Client().get(f"/api/v1/applications/{body['tracking_no']}", HTTP_X_QUERY_CODE=body["query_code"]).json()
    assert got["due"] == {"date": "2027-01-04", "provisional": True, "note": got["due"]["note"],
                          "calendar_version": 0}
    track = Client().post("/ysqgk/track/", {"tracking_no": body["tracking_no"], "query_code": body["query_code"]})
    assert "2027年1月4日（暂定：2027年的放假安排尚未录入" in track.content.decode()
    inbox = assert_may(world.district_clerk, "/staff/applications/").content.decode()
    assert "2027-01-04<abbr class=\"provisional\"" in inbox
    page = assert_may(world.district_clerk, f"/staff/applications/{body['tracking_no']}/").content.decode()
    assert 'id="provisional-note"' in page and "2027年1月4日<abbr" in page


def test_a_provisional_date_warns_but_never_refuses_the_correction_notice(world, frozen_today):
    # 第三十条: received Thu 2026-12-24; 7 working days: 25 (1), 28–31 (5); 01-01 off; 01-04 (6), 01-05 (7).
    # The weekends-only guess gave 01-04 and refused a notice on 01-05 with a definite date.
    at(frozen_today, D(2026, 12, 24))
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 12, 24))
    clock = selectors.clock_for(app, today=D(2027, 1, 6))
    assert clock.correction_notice.due == D(2027, 1, 5) and clock.correction_notice.provisional
    at(frozen_today, D(2027, 1, 6))  # past the provisional 7th day: warned, not refused
    page = assert_may(world.district_clerk, f"/staff/applications/{app.tracking_no}/").content.decode()
    assert "按暂定日历，告知补正的期限2027年1月5日（暂定）已过" in page
    letter = correction_sent(world, app, on=D(2027, 1, 6))
    app.refresh_from_db()
    assert letter.sent_on == D(2027, 1, 6) and app.status == Status.AWAITING_CORRECTION


def test_a_provisional_payment_deadline_never_ends_the_applicants_step(world, frozen_today):
    at(frozen_today, D(2026, 11, 25))
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 25))
    fee = services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_page", pages=40)
    at(frozen_today, D(2026, 12, 4))
    fee = letters.letter_approve(actor=world.district_reviewer, letter=fee)
    letters.letter_serve(actor=world.district_clerk, letter=fee, method="in_person", served_on=D(2026, 12, 4))
    app.refresh_from_db()
    # 国办函〔2020〕109号: 20 working days from the day after 送达 Fri 12-04: 07–11 (5), 14–18 (10), 21–25 (15),
    # 28–31 (19); 01-01 off; Mon 2027-01-04 (20) — provisional.
    assert app.status == Status.AWAITING_FEE and app.waiting_until == D(2027, 1, 4) and app.waiting_provisional
    at(frozen_today, D(2027, 1, 5))
    with pytest.raises(ApplicationError, match="暂定日历.*不能据此终止办理"):
        services.fee_lapse(actor=world.district_clerk, application=app)
    assert selectors.applicant_deadline_passed(today=D(2027, 1, 5)).get() == app  # the organ is warned
    # The applicant's payment on the 5th is accepted (never refused on a guess).
    app = services.fee_paid(actor=world.district_clerk, application=app, paid_on=D(2027, 1, 5))
    assert app.status == Status.PROCESSING


def test_a_correction_lapse_waits_for_the_notice_then_ends(world, frozen_today, committed):
    at(frozen_today, D(2026, 11, 25))
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 25))
    letter = correction_sent(world, app, on=D(2026, 12, 4), deadline_days=20)
    letters.letter_serve(actor=world.district_clerk, letter=letter, served_on=D(2026, 12, 4), today=D(2026, 12, 4))
    app.refresh_from_db()
    assert app.waiting_until == D(2027, 1, 4) and app.waiting_provisional  # as for the fee above
    at(frozen_today, D(2027, 1, 5))
    with pytest.raises(ApplicationError, match="第三十条"):
        services.correction_lapse(actor=world.district_clerk, application=app)
    enter_2027_notice(committed)  # 元旦 01-01…03: the 20th working day stays Mon 01-04, now firm
    app.refresh_from_db()
    assert app.waiting_until == D(2027, 1, 4) and not app.waiting_provisional
    app = services.correction_lapse(actor=world.district_clerk, application=app)
    assert app.status == Status.CLOSED


# --- the notice entered: every open case recomputed -----------------------------------------------------------


def test_entering_the_2027_notice_recomputes_open_cases_everywhere(world, frozen_today, committed):
    app, code = extended_case(world, frozen_today)
    at(frozen_today, D(2027, 2, 24))
    # On the provisional 02-23 the case shows as overdue — with the mark, as a warning.
    assert selectors.overdue(today=D(2027, 2, 24)).get() == app
    out = enter_2027_notice(committed)
    # The invented notice: 春节 02-05…12 off, Sat 02-20 worked. From 01-22: 25–29 (5), 02-01…04 (9);
    # 05–12 off; 15–19 (14), Sat 20 (15), 22–26 (20) → Fri 2027-02-26, final.
    app.refresh_from_db()
    assert app.due_on == D(2027, 2, 26) and not app.due_provisional and app.provisional_note == ""
    revision = CalendarRevision.objects.get()
    assert app.calendar_version == revision.pk and revision.finished_at is not None
    assert revision.cases_total >= 1 and revision.cases_done == revision.cases_total and revision.cases_changed >= 1
    assert f"期限重新计算（第{revision.pk}版）" in out
    # The 督办 list, the inbox, the API and the tracking page agree.
    assert not selectors.overdue(today=D(2027, 2, 24)).filter(pk=app.pk).exists()
    assert selectors.due_soon(today=D(2027, 2, 24)).get() == app
    inbox = assert_may(world.district_clerk, "/staff/applications/").content.decode()
    assert "2027-02-26" in inbox and "2027-02-23" not in inbox and 'class="provisional"' not in inbox
    api = Client().get(f"/api/v1/applications/{app.tracking_no}", HTTP_X_QUERY_CODE=code).json()
    assert api["due"]["date"] == "2027-02-26" and api["due"]["provisional"] is False
    track = Client().post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code}).content.decode()
    assert "2027年2月26日" in track and "暂定" not in track.split('id="case-due"')[1].split("</dd>")[0]
    # The case's timeline says what changed and why.
    event = events_for(app).get(event_type=EventType.DEADLINES_RECOMPUTED)
    assert event.details["before"] == "答复期限2027年2月23日（暂定）" and event.details["after"] == "答复期限2027年2月26日"
    assert "录入2027年放假安排" in event.details["reason"]
    # The refusal checks read the recomputed clock: the clerk may still act on the 24th.
    services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_page", pages=40)


def test_entering_the_notice_on_the_staff_page_heals_the_inbox_too(world, frozen_today, committed):
    app, _ = extended_case(world, frozen_today)
    at(frozen_today, D(2027, 1, 4))
    with committed():
        response = client_for(world.sysadmin).post("/staff/calendar/years/new/", {
            "year": "2027", "source_document": "测试用虚构通知", "published_on": "2026-11-10", "region_code": "",
            "text": NOTICE_2027.read_text(encoding="utf-8"), "save": "1"}, follow=True)
    assert "涉及该年度的未办结期限已按新安排重新计算" in response.content.decode()
    app.refresh_from_db()
    assert app.due_on == D(2027, 2, 26) and not app.due_provisional
    page = assert_may(world.sysadmin, "/staff/calendar/").content.decode()
    assert "期限重新计算" in page and "已完成" in page


def test_an_incomplete_notice_says_what_is_missing(world, frozen_today):
    text = "\n".join(line for line in NOTICE_2027.read_text(encoding="utf-8").splitlines() if "中秋" not in line)
    response = client_for(world.sysadmin).post("/staff/calendar/years/new/", {
        "year": "2027", "source_document": "测试用虚构通知", "published_on": "2026-11-10", "region_code": "",
        "text": text, "preview": "1"})
    page = response.content.decode()
    assert "完整性检查：缺少中秋节（2027-09-15）" in page
    response = client_for(world.sysadmin).post("/staff/calendar/years/new/", {
        "year": "2027", "source_document": "测试用虚构通知", "published_on": "2026-11-10", "region_code": "",
        "text": text, "save": "1"})
    assert response.status_code == 200 and "缺少中秋节（2027-09-15）" in response.content.decode()
    assert not CalendarRevision.objects.exists()


def test_a_regional_day_recomputes_only_its_region(world, frozen_today, committed):
    at(frozen_today, D(2026, 11, 25))
    world.jyj.region_code = "230503"  # another county
    world.jyj.save(update_fields=["region_code"])
    district, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 25))
    fgj, _ = registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 11, 25))
    jyj, _ = registered_case(world.jyj_clerk, world.jyj, received_on=D(2026, 11, 25))
    assert district.due_on == fgj.due_on == jyj.due_on == D(2026, 12, 23)
    region = world.district.region_code
    from gongkai.workdays import services as workdays

    with committed():
        workdays.calendar_day_set(actor=world.sysadmin, date=D(2026, 12, 1), kind="holiday",
                                  name="地方节日（测试）", region_code=region)
    district.refresh_from_db()
    fgj.refresh_from_db()
    assert district.due_on == D(2026, 12, 24)  # one more day off where the district's code applies
    assert events_for(district).filter(event_type=EventType.DEADLINES_RECOMPUTED).exists()
    assert CalendarRevision.objects.get().cases_total == 2  # the two organs of county 230502 only
    jyj.refresh_from_db()
    assert fgj.due_on == D(2026, 12, 24) and jyj.due_on == D(2026, 12, 23)
    assert not events_for(jyj).filter(event_type=EventType.DEADLINES_RECOMPUTED).exists()


def test_the_nightly_job_recomputes_what_is_stale(world, frozen_today, committed):
    app, _ = extended_case(world, frozen_today)
    enter_2027_notice(committed)
    # A case whose recomputation was lost (an old calendar version and a stale date) is found at night.
    Application.objects.filter(pk=app.pk).update(calendar_version=0, due_on=D(2027, 2, 23), due_provisional=True)
    out = io.StringIO()
    call_command("recompute_deadlines", "--dry-run", stdout=out)
    assert "有1项期限按旧版计算" in out.getvalue()
    call_command("recompute_deadlines", stdout=out)
    app.refresh_from_db()
    assert app.due_on == D(2027, 2, 26) and not app.due_provisional
    assert "其中1项有变化" in out.getvalue()
