"""Late notices, mailing, the silent third party, the 纠正 re-reply and the procedures of 第三十二条 and
第三十五条 — hand-worked on chinesecalendar's 2026 (every date counted in the comments)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gongkai.annual_reports.arithmetic import table3_from_cases
from gongkai.annual_reports.providers import case_facts
from gongkai.applications import procedures, selectors, services
from gongkai.applications.chase import chase_applications
from gongkai.applications.models import Status
from gongkai.applications.outcomes import Outcome
from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.testing import assert_may, assert_may_not, client_for
from gongkai.letters import services as letters
from gongkai.letters.models import LetterKind
from gongkai.letters.rendering import letter_docx, letter_pdf
from gongkai.letters.tests.test_letters import docx_text, pdf_text, squash
from gongkai.remedies import services as remedies
from gongkai.remedies.models import Result
from gongkai.supervision.indicators import Period
from gongkai.supervision.selectors import facts_for

from .factories import registered_case, sign_and_send

pytestmark = pytest.mark.django_db
D = dt.date


def at(traveller, day: dt.date) -> None:
    traveller.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai")))


def case_on(world, traveller, received: dt.date, **kw):
    at(traveller, received)
    app, _ = registered_case(world.district_clerk, world.district, received_on=received, **kw)
    return app


# --- 第三十条: the 补正 notice judged on the days it is signed and sent ---------------------------------------


def test_correction_notice_signed_in_time_but_sent_late_is_refused(world, frozen_today):
    # Received Fri 2026-11-13; 7 working days: 16–20 (5), 23, 24 → the notice must be signed and sent by 11-24.
    app = case_on(world, frozen_today, D(2026, 11, 13))
    at(frozen_today, D(2026, 11, 20))
    letter = services.correction_request(actor=world.district_clerk, application=app, items=["请写明文号"])
    app.refresh_from_db()
    assert app.status == Status.PROCESSING and app.due_on == D(2026, 12, 11)  # drafting stops no clock
    at(frozen_today, D(2026, 11, 24))
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)  # signed on the 7th day
    at(frozen_today, D(2026, 11, 26))
    with pytest.raises(ApplicationError, match=r"第三十条.*2026年11月24日前.*发出于2026年11月26日"):
        letters.letter_send(actor=world.district_clerk, letter=letter, method="registered_mail",
                            sent_on=D(2026, 11, 26), registered_no="XA1")
    app.refresh_from_db()
    letter.refresh_from_db()
    assert app.status == Status.PROCESSING and app.due_on == D(2026, 12, 11) and letter.status == "approved"
    # Mailed on the 7th working day itself: in time (交邮 counts, not 送达).
    letters.letter_send(actor=world.district_clerk, letter=letter, method="registered_mail", sent_on=D(2026, 11, 24),
                        registered_no="XA1")
    app.refresh_from_db()
    assert app.status == Status.AWAITING_CORRECTION and app.due_on is None


def test_correction_notice_signed_late_is_refused_at_signing(world, frozen_today):
    app = case_on(world, frozen_today, D(2026, 11, 13))
    at(frozen_today, D(2026, 11, 24))
    letter = services.correction_request(actor=world.district_clerk, application=app, items=["请写明文号"])
    at(frozen_today, D(2026, 11, 25))
    with pytest.raises(ApplicationError, match=r"第三十条.*2026年11月24日前.*今天（2026年11月25日）签发已超过期限"):
        letters.letter_approve(actor=world.district_reviewer, letter=letter)


# --- 第三十三条第二款: an extension needs its notice sent before the original deadline -----------------------


def test_extension_takes_effect_only_with_its_notice_sent_in_time(world, frozen_today):
    # Received Fri 2026-10-30: 11-02…06 (5), 09–13 (10), 16–20 (15), 23–27 (20) → due Fri 2026-11-27.
    app = case_on(world, frozen_today, D(2026, 10, 30))
    assert app.due_on == D(2026, 11, 27)
    at(frozen_today, D(2026, 11, 26))
    services.extension_request(actor=world.district_clerk, application=app, days=10, reason="需要调取档案")
    app.refresh_from_db()
    letter = services.extension_approve(actor=world.district_reviewer, application=app)
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    at(frozen_today, D(2026, 12, 1))
    with pytest.raises(ApplicationError, match=r"第三十三条第二款.*（2026年11月27日）届满前发出.*2026年12月1日发出"):
        letters.letter_send(actor=world.district_clerk, letter=letter, method="in_person", sent_on=D(2026, 12, 1))
    app.refresh_from_db()
    assert app.extension_days == 0 and app.due_on == D(2026, 11, 27)
    assert selectors.overdue(today=D(2026, 12, 1)).get() == app
    # Asking again after the deadline is refused, naming the article and the date.
    with pytest.raises(ApplicationError, match=r"2026年11月27日届满.*第三十三条第二款"):
        services.extension_request(actor=world.district_clerk, application=app, days=5, reason="再延")


def test_extension_notice_mailed_on_the_last_day_extends(world, frozen_today):
    app = case_on(world, frozen_today, D(2026, 10, 30))
    at(frozen_today, D(2026, 11, 27))
    services.extension_request(actor=world.district_clerk, application=app, days=10, reason="需要调取档案")
    app.refresh_from_db()
    letter = services.extension_approve(actor=world.district_reviewer, application=app)
    sign_and_send(letter, reviewer=world.district_reviewer, clerk=world.district_clerk, on=D(2026, 11, 27),
                  method="registered_mail", registered_no="XA2")
    app.refresh_from_db()
    # 11-27 + 10 working days: 30, 12-01…04 (5), 07–11 (10) → 2026-12-11.
    assert app.extension_days == 10 and app.due_on == D(2026, 12, 11)
    timeline = [r["event"] for r in selectors.public_timeline(app)]
    assert "经负责人同意并告知申请人，答复期限延长10个工作日" in timeline


# --- 第四十二条: a fee notice only within the reply period ------------------------------------------------


def test_fee_notice_after_the_reply_period_is_refused(world, frozen_today):
    app = case_on(world, frozen_today, D(2026, 10, 30))  # due 2026-11-27
    at(frozen_today, D(2026, 11, 26))
    fee = services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_page", pages=40)
    fee = letters.letter_approve(actor=world.district_reviewer, letter=fee)
    at(frozen_today, D(2026, 11, 30))
    with pytest.raises(ApplicationError, match=r"第四十二条.*答复期限为2026年11月27日.*2026年11月30日发出"):
        letters.letter_serve(actor=world.district_clerk, letter=fee, method="in_person", served_on=D(2026, 11, 30))
    app.refresh_from_db()
    assert app.status == Status.PROCESSING  # an overdue case is not paused by a late fee notice
    other = case_on(world, frozen_today, D(2026, 10, 30), description="另一份文件")
    at(frozen_today, D(2026, 11, 30))
    with pytest.raises(ApplicationError, match=r"2026年11月27日届满.*第四十二条"):
        services.fee_notice_issue(actor=world.district_clerk, application=other, method="per_page", pages=40)


# --- mailing: 发出 apart from 送达 (民事诉讼法第八十五条 by analogy) ----------------------------------------


def test_a_reply_mailed_on_its_last_day_is_on_time_and_counts_in_that_year(world, frozen_today):
    # Received Wed 2026-12-02: 03, 04 (2), 07–11 (7), 14–18 (12), 21–25 (17), 28, 29, 30 (20) → due 2026-12-30.
    app = case_on(world, frozen_today, D(2026, 12, 2))
    assert app.due_on == D(2026, 12, 30)
    reply = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided",
                                    reason="随本答复书邮寄提供。")
    at(frozen_today, D(2026, 12, 30))
    sign_and_send(reply, reviewer=world.district_reviewer, clerk=world.district_clerk, on=D(2026, 12, 30),
                  method="registered_mail", registered_no="XA1234567890CN")
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.closed_on == D(2026, 12, 30) and app.on_time is True
    at(frozen_today, D(2027, 1, 5))
    reply.refresh_from_db()
    letters.letter_serve(actor=world.district_clerk, letter=reply, served_on=D(2027, 1, 5))
    app.refresh_from_db()
    reply.refresh_from_db()
    assert (reply.sent_on, reply.served_on, reply.registered_no) == (D(2026, 12, 30), D(2027, 1, 5), "XA1234567890CN")
    assert app.closed_on == D(2026, 12, 30) and app.on_time is True  # the 送达 in 2027 changes neither
    # The report year follows the same rule: answered (closed) in 2026, nothing carried into 2027.
    t2026 = table3_from_cases(case_facts(world.district, 2026), 2026)
    t2027 = table3_from_cases(case_facts(world.district, 2027), 2027)
    assert t2026["disclosed"][6] == 1 and t2026["carried_out"][6] == 0 and t2027["carried_in"][6] == 0
    page = assert_may(world.district_clerk, f"/staff/applications/{app.tracking_no}/").content.decode()
    assert "第八十五条" in page and "XA1234567890CN" in page and 'id="mailing-rule"' in page


# --- 第三十二条: the silent third party ----------------------------------------------------------------


def consulting(world, traveller, received, served):
    app = case_on(world, traveller, received)
    letter = services.consultation_start(actor=world.district_clerk, application=app, party="某某建筑有限公司")
    at(traveller, served)
    sign_and_send(letter, reviewer=world.district_reviewer, clerk=world.district_clerk, on=served)
    letters.letter_serve(actor=world.district_clerk, letter=letter, served_on=served)
    app.refresh_from_db()
    return app


def test_a_silent_third_party_resumes_the_clock(world, frozen_today):
    # Received and consulted Mon 2026-11-02; 征求意见书 served Tue 11-03: 15 working days 04–06 (3), 09–13 (8),
    # 16–20 (13), 23, 24 (15) → the party's last day is 2026-11-24.
    app = consulting(world, frozen_today, D(2026, 11, 2), D(2026, 11, 3))
    assert app.status == Status.CONSULTING and app.waiting_until == D(2026, 11, 24)
    # The applicant was told (征求意见告知书, 第三十二条、第三十三条第三款).
    notice = app.letters.get(kind=LetterKind.CONSULTATION_NOTICE)
    assert notice.recipient == app.applicant_name and "不计算在答复期限内" in notice.body
    at(frozen_today, D(2026, 11, 25))
    found = chase_applications(today=D(2026, 11, 25), dry_run=False)
    app.refresh_from_db()
    assert app.status == Status.PROCESSING
    # 20 working days plus the consultation (11-02, 11-24] = 16 working days not counted: from 11-02, 36 working
    # days: 11-03…30 (20), 12-01…04 (24), 07–11 (29), 14–18 (34), 21, 22 (36) → 2026-12-22.
    assert app.due_on == D(2026, 12, 22)
    assert events_for(app).filter(event_type=EventType.CONSULTATION_LAPSED).exists()
    assert "被征求意见方逾期未提出意见，恢复计算答复期限" in [r["event"] for r in selectors.public_timeline(app)]
    assert all(item.subject != app.tracking_no or item.kind != "application.consultation_waiting" for item in found)


def test_a_party_the_organ_still_waits_for_is_chased_every_day(world, frozen_today):
    app = consulting(world, frozen_today, D(2026, 11, 2), D(2026, 11, 3))
    at(frozen_today, D(2026, 11, 20))
    with pytest.raises(ApplicationError, match="尚未届满"):
        procedures.consultation_keep_waiting(actor=world.district_clerk, application=app, reason="对方申请延期")
    at(frozen_today, D(2026, 11, 25))
    procedures.consultation_keep_waiting(actor=world.district_clerk, application=app,
                                         reason="第三方书面说明正在核实，承诺11月30日前回复")
    for day in (D(2026, 11, 25), D(2026, 11, 26)):
        at(frozen_today, day)
        items = [i for i in chase_applications(today=day, dry_run=False) if i.subject == app.tracking_no]
        assert [i.kind for i in items] == ["application.consultation_waiting"]
        assert "第三十二条" in items[0].detail
    app.refresh_from_db()
    assert app.status == Status.CONSULTING and app.due_on is None
    assert "仍在等待" in selectors.clock_for(app, today=D(2026, 11, 26)).summary


def test_co_maker_consultation_says_silence_is_consent(world, frozen_today):
    app = case_on(world, frozen_today, D(2026, 11, 25))
    letter = services.consultation_start(actor=world.district_clerk, application=app, party="岭东区财政局",
                                         party_kind="organ")
    assert "逾期未提出意见的，视为同意公开" in letter.body and "第三十四条" in letter.basis_text
    third = case_on(world, frozen_today, D(2026, 11, 25), description="另一份文件")
    letter = services.consultation_start(actor=world.district_clerk, application=third, party="某公司")
    assert "视为同意公开" not in letter.body and "书面告知贵方" in letter.body


def test_the_overridden_third_party_is_told_in_writing(world, frozen_today):
    app = consulting(world, frozen_today, D(2026, 11, 2), D(2026, 11, 3))
    services.consultation_end(actor=world.district_clerk, application=app, ended_on=D(2026, 11, 3),
                              opinion="不同意公开", version=app.version)
    app.refresh_from_db()
    with pytest.raises(ApplicationError, match="决定予以公开"):
        procedures.third_party_notify(actor=world.district_clerk, application=app, party="某某建筑有限公司",
                                      content="中标价格", reasons="涉及公共资金使用")
    services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided", reason="予以公开")
    with pytest.raises(ApplicationError, match="已书面征求过意见的第三方"):
        procedures.third_party_notify(actor=world.district_clerk, application=app, party="别人",
                                      content="中标价格", reasons="涉及公共资金使用")
    letter = procedures.third_party_notify(actor=world.district_clerk, application=app, party="某某建筑有限公司",
                                           objection="认为属于商业秘密", content="中标价格",
                                           reasons="不公开可能对公共利益造成重大影响")
    assert letter.kind == LetterKind.THIRD_PARTY_DECISION and letter.recipient == ""
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    for text in (docx_text(letter_docx(letter)), pdf_text(letter_pdf(letter))):
        for phrase in ("某某建筑有限公司", "决定予以公开", "中标价格", "第三十二条", "60日内向双鸭山市人民政府申请行政复议"):
            assert squash(phrase) in text, phrase


# --- 第三十五条: reasons, and a reasonable later date --------------------------------------------------------


def test_reasons_asked_then_a_reasonable_later_date(world, frozen_today):
    app = case_on(world, frozen_today, D(2026, 11, 25))
    with pytest.raises(ApplicationError, match="请先要求申请人说明理由"):
        procedures.reasons_assess(actor=world.district_clerk, application=app, reasonable=True, note="x")
    letter = procedures.reasons_request(actor=world.district_clerk, application=app, deadline_days=10)
    assert letter.kind == LetterKind.REASONS and "第三十五条" in letter.basis_text
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    for text in (docx_text(letter_docx(letter)), pdf_text(letter_pdf(letter))):
        assert squash("10个工作日内，书面说明申请的理由") in text and squash("第三十五条") in text
    app.refresh_from_db()
    with pytest.raises(ApplicationError, match="应晚于现在的答复期限2026年12月23日"):
        procedures.reasons_assess(actor=world.district_clerk, application=app, reasonable=True, note="理由合理",
                                  due_on=D(2026, 12, 20))
    delayed = procedures.reasons_assess(actor=world.district_clerk, application=app, reasonable=True,
                                        note="理由合理，但需调取十年档案", due_on=D(2027, 2, 26))
    app.refresh_from_db()
    assert app.due_on == D(2027, 2, 26) and not app.due_provisional  # a date the organ set is firm
    assert delayed.kind == LetterKind.DELAYED_REPLY and "延迟答复期限为2027年2月26日" in delayed.body
    assert not delayed.provisional_dates
    letters.letter_approve(actor=world.district_reviewer, letter=delayed)


def test_unreasonable_reasons_end_in_not_handled(world, frozen_today):
    app = case_on(world, frozen_today, D(2026, 11, 25))
    procedures.reasons_request(actor=world.district_clerk, application=app)
    app.refresh_from_db()
    reply = procedures.reasons_assess(actor=world.district_clerk, application=app, reasonable=False,
                                      note="申请人未说明理由")
    app.refresh_from_db()
    assert app.outcome == Outcome.NOT_HANDLED_EXCESSIVE and reply.kind == LetterKind.REPLY


# --- 按件: per organ by default, per platform by setting ------------------------------------------------------


def test_per_item_counting_per_organ_or_platform(world, frozen_today, settings):
    at(frozen_today, D(2026, 11, 25))
    for i in range(10):
        registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 11, 2 + i), description=f"发改局文件{i}")
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    assert selectors.applicant_count_in_month(app) == 1  # the 1st this month to 岭东区人民政府: free
    with pytest.raises(ApplicationError, match="无需收费"):
        services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_item")
    settings.GONGKAI_FEE_PER_ITEM_SCOPE = "platform"
    assert selectors.applicant_count_in_month(app) == 11
    letter = services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_item")
    assert "在本平台提出的第11件（按件计收的件数在本平台各机关合并累计）" in letter.body and "100元" in letter.body


# --- 纠正: the case reopened, answered again, counted ----------------------------------------------------------


def test_a_correction_reopens_the_case_counts_the_new_reply_and_feeds_the_indicator(world, frozen_today):
    # Received Mon 2025-12-01, answered (不予公开) and mailed Wed 2025-12-10: counted in 2025.
    app = case_on(world, frozen_today, D(2025, 12, 1))
    reply = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="process_info",
                                    reason="属于过程性信息")
    sign_and_send(reply, reviewer=world.district_reviewer, clerk=world.district_clerk, on=D(2025, 12, 10))
    at(frozen_today, D(2026, 1, 5))
    review = remedies.review_record(actor=world.district_clerk, organ=world.district, application=app,
                                    body="双鸭山市人民政府", filed_on=D(2026, 1, 5))
    # 行政复议法 第六十四条: "责令自收到本决定书之日起15个工作日内重新答复", received Mon 2026-03-02:
    # 03–06 (4), 09–13 (9), 16–20 (14), 23 (15) → 2026-03-23.
    at(frozen_today, D(2026, 3, 2))
    review = remedies.remedy_decide(actor=world.district_reviewer, remedy=review, decided_on=D(2026, 2, 27),
                                    decision_received_on=D(2026, 3, 2), result=Result.CORRECTED,
                                    redo_period_days=15)
    app.refresh_from_db()
    assert review.redo_due_on == D(2026, 3, 23)
    assert app.status == Status.PROCESSING and app.due_on == D(2026, 3, 23) and app.reopened_on == D(2026, 3, 2)
    assert app.assigned_to == world.district_clerk
    assert app in selectors.inbox(world.district_clerk, status="open")
    page = assert_may(world.district_clerk, "/staff/applications/").content.decode()
    assert "纠正后重新答复" in page
    # Not answered by 03-23: the 考评 indicator counts it; the application is overdue in the 督办 list.
    at(frozen_today, D(2026, 3, 25))
    facts = {f.organ_id: f for f in facts_for([world.district], Period.year(2026), today=D(2026, 3, 25))}
    assert facts[world.district.pk].redo_late == 1
    assert selectors.overdue(today=D(2026, 3, 25)).get() == app
    # Answered again (予以公开) and mailed on 03-26: the remedy's redo is done (late), the case closed.
    again = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided",
                                    reason="现予以公开")
    sign_and_send(again, reviewer=world.district_reviewer, clerk=world.district_clerk, on=D(2026, 3, 26))
    app.refresh_from_db()
    review.refresh_from_db()
    assert review.redo_done_on == D(2026, 3, 26) and app.status == Status.CLOSED and app.on_time is False
    assert app.prior_replies[0]["outcome"] == Outcome.WITHHELD_PROCESS_INFO
    facts = {f.organ_id: f for f in facts_for([world.district], Period.year(2026), today=D(2026, 3, 27))}
    assert facts[world.district.pk].redo_late == 1  # late, though done
    # Table 三: 2025 counts the first reply; 2026 the reopened case as 新收 with its new reply. Both balance.
    t2025 = table3_from_cases(case_facts(world.district, 2025), 2025)
    t2026 = table3_from_cases(case_facts(world.district, 2026), 2026)
    assert t2025["received_new"][6] == 1 and t2025["withheld_process_info"][6] == 1 and t2025["carried_out"][6] == 0
    assert t2026["received_new"][6] == 1 and t2026["disclosed"][6] == 1 and t2026["carried_in"][6] == 0


def test_new_actions_are_the_organs_handlers_only(world, frozen_today):
    app = case_on(world, frozen_today, D(2026, 11, 25))
    url = f"/staff/applications/{app.tracking_no}/"
    for name, data in (("reasons", {"deadline_days": 10}), ("consultation_wait", {"note": "x"}),
                       ("reasons_assess", {"reasonable": "0", "note": "x"}),
                       ("third_party", {"party": "x", "content": "x", "reasons": "x"})):
        for outsider in (world.fgj_clerk, world.district_supervisor, world.sysadmin):
            assert_may_not(outsider, url + f"{name}/", method="post", data={"version": app.version, **data})
    assert not app.letters.exists()
    response = client_for(world.district_clerk).post(url + "reasons/", {"version": app.version, "deadline_days": 10})
    assert response.status_code == 302 and app.letters.get().kind == LetterKind.REASONS
    letter = app.letters.get()
    assert_may_not(world.fgj_clerk, f"/staff/letters/{letter.pk}/send/", method="post",
                   data={"method": "in_person", "sent_on": "2026-11-25"})
    assert_may_not(world.fgj_clerk, f"/staff/letters/{letter.pk}/confirm-dates/", method="post",
                   data={"reason": "x"})
