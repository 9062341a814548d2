"""The workflow through the services: 补正, consultation, extension, fees, outcome, letters, 送达."""

import datetime as dt

import pytest

from gongkai.applications import selectors, services
from gongkai.applications.models import Application, FeeNotice, Status
from gongkai.applications.outcomes import Outcome
from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.letters import services as letters
from gongkai.letters.models import Letter, LetterKind

from .factories import correction_sent, registered_case, sign_and_send

pytestmark = pytest.mark.django_db
D = dt.date


def approve_and_serve(world, letter, on, reviewer=None, clerk=None):
    letter = letters.letter_approve(actor=reviewer or world.district_reviewer, letter=letter)
    return letters.letter_serve(actor=clerk or world.district_clerk, letter=letter, method="registered_mail",
                                served_on=on, registered_no="XA123456789CN")


def test_letter_case_with_correction_then_disclosed(world, frozen_today):
    # A registered letter signed for on Fri 2026-11-20: due 23–27 (5), 30 (6), 12-01–04 (10), 07–11 (15),
    # 14–18 (20) → 2026-12-18.
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    assert app.due_on == D(2026, 12, 18)

    letter = services.correction_request(actor=world.district_clerk, application=app,
                                         items=["请写明文件名称或文号", "请说明所需文件的年份"], deadline_days=10,
                                         version=app.version)
    app.refresh_from_db()
    # 第三十条: drafting does not stop the clock; sending the signed notice does (on_letter_sent).
    assert app.status == Status.PROCESSING and app.due_on == D(2026, 12, 18)
    assert letter.kind == LetterKind.CORRECTION and "1.请写明文件名称或文号" in letter.body
    with pytest.raises(ApplicationError, match="须经审核人签发"):
        letters.letter_serve(actor=world.district_clerk, letter=letter, method="in_person", served_on=D(2026, 11, 25))
    letter = approve_and_serve(world, letter, D(2026, 11, 25))
    assert letter.doc_no == "岭政公开补〔2026〕1号" and letter.sent_on == D(2026, 11, 25)
    app.refresh_from_db()
    assert app.status == Status.AWAITING_CORRECTION and app.due_on is None
    # 10 working days from Wed 11-25: 26, 27, 30, 12-01–04, 07, 08, 09 → 2026-12-09.
    assert app.waiting_until == D(2026, 12, 9)

    app = services.correction_receive(actor=world.district_clerk, application=app, received_on=D(2026, 11, 25),
                                      version=app.version)
    # 第三十条: afresh from 11-25: 26, 27, 30, 12-01–04 (7), 07–11 (12), 14–18 (17), 21–23 (20).
    assert app.status == Status.PROCESSING and app.due_on == D(2026, 12, 23)

    reply = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided",
                                    reason="现通过电子邮件向您提供该文件。", version=app.version)
    app.refresh_from_db()
    assert app.status == Status.REPLYING and app.outcome == Outcome.DISCLOSED
    reply = approve_and_serve(world, reply, D(2026, 11, 25))
    assert reply.doc_no == "岭政公开答〔2026〕1号"
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.closed_on == D(2026, 11, 25) and app.on_time is True
    timeline = [row["event"] for row in selectors.public_timeline(app)]
    assert timeline[0] == "收到申请，已受理登记" and "已办结：予以公开" in timeline
    assert timeline[-1] == "政府信息公开申请答复书已送达"
    assert "本机关告知申请人补正申请内容" in timeline


def test_correction_only_once_and_within_7_working_days(world, frozen_today):
    late, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 13))
    # 7 working days from Fri 11-13: 16–20 (5), 23, 24 → by 2026-11-24; today is 11-25.
    with pytest.raises(ApplicationError, match="2026年11月24日"):
        services.correction_request(actor=world.district_clerk, application=late, items=["x"])
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 24),
                             description="另一份文件的名称")
    correction_sent(world, app, on=D(2026, 11, 25))
    app.refresh_from_db()
    services.correction_receive(actor=world.district_clerk, application=app, received_on=D(2026, 11, 25))
    with pytest.raises(ApplicationError, match="补正只能告知一次"):
        services.correction_request(actor=world.district_clerk, application=app, items=["再补一次"])
    with pytest.raises(ApplicationError, match="逐项列明"):
        other, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 25),
                                   description="第三份文件的名称")
        services.correction_request(actor=world.district_clerk, application=other, items=["  "])


def test_no_correction_by_the_deadline_ends_the_case(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 25))
    letter = services.correction_request(actor=world.district_clerk, application=app, items=["请写明文号"],
                                         deadline_days=5)
    approve_and_serve(world, letter, D(2026, 11, 25))
    app.refresh_from_db()
    assert app.waiting_until == D(2026, 12, 2)  # 26, 27, 30, 12-01, 02
    with pytest.raises(ApplicationError, match="尚未届满"):
        services.correction_lapse(actor=world.district_clerk, application=app)
    frozen_today.move_to(dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert list(selectors.applicant_deadline_passed(today=D(2026, 12, 3))) == [app]
    app = services.correction_lapse(actor=world.district_clerk, application=app)
    assert app.status == Status.CLOSED and app.outcome == Outcome.OTHER_NO_CORRECTION
    assert app.closed_on == D(2026, 12, 3)
    notice = app.letters.get(kind=LetterKind.REPLY)
    assert notice.title == "政府信息公开申请终止办理告知书" and "视为放弃申请" in notice.body
    approve_and_serve(world, notice, D(2026, 12, 3))
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.closed_on == D(2026, 12, 3)


def test_extension_needs_the_reviewer_of_the_organ(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    app = services.extension_request(actor=world.district_clerk, application=app, days=20, reason="需要调取档案",
                                     version=app.version)
    for outsider in (world.district_clerk, world.fgj_reviewer, world.district_supervisor):
        with pytest.raises(PermissionDeniedError):
            services.extension_approve(actor=outsider, application=app)
    letter = services.extension_approve(actor=world.district_reviewer, application=app, version=app.version)
    app.refresh_from_db()
    # 第三十三条第二款: consent *and* notice — approved, but not in force until the notice is sent.
    assert app.extension_days == 0 and app.due_on == D(2026, 12, 18)
    assert letter.kind == LetterKind.EXTENSION and "延长20个工作日" in letter.body
    with pytest.raises(ApplicationError, match="尚未发出"):
        services.extension_request(actor=world.district_clerk, application=app, days=5, reason="再延")
    # 12-18 + 20 working days reaches into 2027 (no notice yet): the letter states one firm date, which the
    # clerk confirms before the reviewer signs; no software caveat goes under seal.
    assert letter.provisional_dates and "暂定" not in letter.body
    letters.letter_confirm_dates(actor=world.district_clerk, letter=letter, reason="按法定节假日计算，已核对")
    sign_and_send(letter, reviewer=world.district_reviewer, clerk=world.district_clerk, on=D(2026, 11, 25))
    app.refresh_from_db()
    assert app.extension_days == 20 and app.due_provisional
    with pytest.raises(ApplicationError, match="已延期"):
        services.extension_request(actor=world.district_clerk, application=app, days=5, reason="再延")
    with pytest.raises(ApplicationError, match="1至20个工作日"):
        other, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20),
                                   description="另一份文件的名称")
        services.extension_request(actor=world.district_clerk, application=other, days=21, reason="太多")


def test_consultation_is_not_counted(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = services.consultation_start(actor=world.district_clerk, application=app, party="某某建筑有限公司")
    assert "第三十二条" in letter.basis_text and letter.recipient == ""
    app.refresh_from_db()
    assert app.status == Status.CONSULTING and app.due_on is None
    frozen_today.move_to(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    app = services.consultation_end(actor=world.district_clerk, application=app, ended_on=D(2026, 12, 2))
    # 5 working days in (11-25, 12-02] not counted: 12-18 + 5 → 21, 22, 23, 24, 25 → 2026-12-25.
    assert app.due_on == D(2026, 12, 25)


def test_fee_by_pages_pauses_until_paid_and_unpaid_ends_the_case(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    with pytest.raises(ApplicationError, match="无需收费"):
        services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_item")
    letter = services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_page", pages=150)
    assert FeeNotice.objects.get(application=app).amount == 1700
    assert "合计应收信息处理费：1700元。" in letter.body and "应缴金额：1700元" in letter.body
    with pytest.raises(ApplicationError, match="只能按一种方式收费一次"):
        services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_item")
    approve_and_serve(world, letter, D(2026, 11, 25))
    app.refresh_from_db()
    assert app.status == Status.AWAITING_FEE and app.due_on is None
    assert app.waiting_until == D(2026, 12, 23)  # 20 working days from 11-26
    frozen_today.move_to(dt.datetime(2026, 12, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    app = services.fee_lapse(actor=world.district_clerk, application=app)
    assert app.outcome == Outcome.OTHER_UNPAID_FEE and app.status == Status.CLOSED


def test_fee_paid_resumes_the_clock(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_page", pages=40)
    approve_and_serve(world, letter, D(2026, 11, 25))
    frozen_today.move_to(dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    app.refresh_from_db()
    app = services.fee_paid(actor=world.district_clerk, application=app, paid_on=D(2026, 11, 27))
    # Paused (11-25, 11-27] = 2 working days: 12-18 + 2 → 12-22.
    assert app.status == Status.PROCESSING and app.due_on == D(2026, 12, 22)


def test_per_item_fee_counts_the_applicants_month(world, frozen_today):
    apps = [registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 2 + i % 20),
                            description=f"第{i}份文件的名称")[0] for i in range(11)]
    last = max(apps, key=lambda a: (a.received_on, a.id))
    assert selectors.applicant_count_in_month(last) == 11
    letter = services.fee_notice_issue(actor=world.district_clerk, application=last, method="per_item")
    assert "本自然月向本机关提出的第11件" in letter.body and "100元" in letter.body


def test_partial_disclosure_records_what_was_withheld(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    with pytest.raises(ApplicationError, match="逐项列明不予公开的内容"):
        services.outcome_decide(actor=world.district_clerk, application=app, basis_code="partly", reason="x")
    services.outcome_decide(actor=world.district_clerk, application=app, basis_code="partly", reason="其余部分附后。",
                            withheld=[{"part": "第三页中的个人身份证号码", "reason": "属于个人隐私（第十五条）"}])
    app.refresh_from_db()
    assert app.outcome == Outcome.PARTLY_DISCLOSED
    assert app.outcome_detail["withheld"] == [{"part": "第三页中的个人身份证号码", "reason": "属于个人隐私（第十五条）"}]


def test_not_this_organ_names_the_responsible_organ(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="not_this_organ",
                                     reason="该信息由市自然资源局制作。", responsible_organ="双鸭山市自然资源局",
                                     responsible_contact="0469-4222222")
    app.refresh_from_db()
    assert app.outcome == Outcome.UNAVAILABLE_NOT_HELD and app.outcome_basis == "not_this_organ"
    assert "该政府信息由双鸭山市自然资源局负责公开（联系方式：0469-4222222）" in letter.body
    assert "第三十六条第（五）项" in letter.basis_text


def test_one_outcome_per_case(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    services.outcome_decide(actor=world.district_clerk, application=app, basis_code="not_held", reason="经检索没有。")
    with pytest.raises(ApplicationError, match="不能作出答复决定"):
        services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided")


def test_two_clerks_on_the_same_case_cannot_both_win(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    seen = app.version  # both clerks loaded the page at this version
    services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided", version=seen)
    with pytest.raises(ApplicationError, match="已被他人处理") as exc:
        services.correction_request(actor=world.district_reviewer, application=app, items=["x"], version=seen)
    assert exc.value.code == "conflict"
    assert Application.objects.get(pk=app.pk).outcome == Outcome.DISCLOSED
    assert Letter.objects.filter(application=app).count() == 1


def test_clerks_act_only_for_their_organ(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    for outsider in (world.fgj_clerk, world.district_supervisor, world.sysadmin, world.nobody):
        with pytest.raises(PermissionDeniedError):
            services.outcome_decide(actor=outsider, application=app, basis_code="provided")
    assert [e.event_type for e in events_for(app)] == ["applications.registered"]


def test_assign_and_transfer_are_audited(world, frozen_today):
    app, _ = registered_case(world.district_reviewer, world.district, received_on=D(2026, 11, 20))
    assert app.assigned_to is None  # a reviewer registering does not take the case
    app = services.application_assign(actor=world.district_reviewer, application=app, assignee=world.district_clerk)
    assert app.assigned_to == world.district_clerk
    with pytest.raises(ApplicationError, match="本机关的经办人"):
        services.application_assign(actor=world.district_reviewer, application=app, assignee=world.fgj_clerk)
    app = services.application_transfer(actor=world.district_clerk, application=app, to_organ=world.fgj,
                                        reason="属发改局职责")
    assert app.organ == world.fgj and app.assigned_to is None
    types = [e.event_type for e in events_for(app)]
    assert types[-2:] == ["applications.assigned", "applications.transferred"]


def test_report_selector_counts_one_per_case(world, frozen_today):
    a, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    services.outcome_decide(actor=world.district_clerk, application=a, basis_code="partly", reason="x",
                            withheld=[{"part": "p", "reason": "r"}])
    approve_and_serve(world, a.letters.get(), D(2026, 11, 25))
    registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 23), applicant_kind="commercial",
                    contact_person="王经理", applicant_name="某公司", id_type="uscc", id_number="91230502MA1B2C3D4E",
                    description="另一份文件的名称")
    from gongkai.annual_reports.arithmetic import table3_from_cases
    from gongkai.annual_reports.providers import case_facts

    counts = table3_from_cases(case_facts(world.district, 2026), 2026)  # columns: 自然人, 商业企业, … 总计
    assert counts["received_new"] == [1, 1, 0, 0, 0, 0, 2]
    assert counts["partly_disclosed"] == [1, 0, 0, 0, 0, 0, 1] and counts["disclosed"] == [0] * 7
    assert counts["carried_out"] == [0, 1, 0, 0, 0, 0, 1]
    assert selectors.cases_for_report(world.district, 2027).count() == 1  # carried over into 2027
