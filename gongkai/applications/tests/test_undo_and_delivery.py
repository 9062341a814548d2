"""Decisions undone before signing (table 三 follows), four eyes on signing, the reviewer's return, the
受理回执 at intake, and 网上送达: the applicant downloads the served letter and the files with the 查询码."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.annual_reports.compute import compute_tables
from gongkai.applications import services
from gongkai.applications.models import Status
from gongkai.applications.tests.factories import applicant_data, correction_sent, registered_case
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import assert_may, client_for
from gongkai.letters import services as letters
from gongkai.letters.models import Letter, LetterKind, ProvidedFile, ServiceMethod
from gongkai.letters.tests.test_letters import pdf_text

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def table3(organ, year=2026):
    return compute_tables(organ, year, {})["table3"]


def test_a_decision_withdrawn_before_signing_restores_the_case_and_table_three(world, frozen_today):
    clerk = world.district_clerk
    app, _ = registered_case(clerk, world.district, received_on=D(2026, 11, 20))
    before = table3(world.district)
    letter = services.outcome_decide(actor=clerk, application=app, basis_code="not_held", reason="经检索未找到。")
    app.refresh_from_db()
    assert app.status == Status.REPLYING and app.outcome
    with pytest.raises(ApplicationError, match="理由"):
        services.outcome_withdraw(actor=clerk, application=app, reason=" ")
    app = services.outcome_withdraw(actor=clerk, application=app, reason="答复类型选错，应为部分公开")
    letter.refresh_from_db()
    assert (app.status, app.outcome, app.outcome_basis, app.decided_on) == (Status.PROCESSING, "", "", None)
    assert letter.status == Letter.Status.WITHDRAWN and table3(world.district) == before
    ev = EventLog.objects.get(event_type=EventType.OUTCOME_WITHDRAWN, object_id=str(app.pk))
    assert ev.actor == clerk and ev.details["note"] == "答复类型选错，应为部分公开"
    # The withdrawn letter can no longer be signed; the re-decided one can, and then the decision stands.
    with pytest.raises(ApplicationError):
        letters.letter_approve(actor=world.district_reviewer, letter=letter)
    again = services.outcome_decide(actor=clerk, application=app, basis_code="provided", reason="现予提供。")
    letters.letter_approve(actor=world.district_reviewer, letter=again)
    with pytest.raises(ApplicationError, match="已于.*签发"):
        services.outcome_withdraw(actor=clerk, application=app, reason="又想改")


def test_an_ending_by_default_withdrawn_reopens_the_applicants_step_and_leaves_table_three(world, frozen_today):
    """逾期不补正 closes the case at once and counts it in table 三; withdrawn before its letter is signed, the
    case waits for the correction again, its clock paused as before, and table 三 no longer counts it."""
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 10, 20))
    correction_sent(world, app, on=D(2026, 10, 22), deadline_days=5)
    app.refresh_from_db()
    notice = app.letters.get(kind=LetterKind.CORRECTION)
    letters.letter_serve(actor=world.district_clerk, letter=notice, served_on=D(2026, 10, 23))
    app.refresh_from_db()
    waiting_before, before = app.waiting_until, table3(world.district)
    services.correction_lapse(actor=world.district_clerk, application=app)
    app.refresh_from_db()
    after_lapse = table3(world.district)
    assert app.status == Status.CLOSED and after_lapse["other_no_correction"][6] == before["other_no_correction"][6] + 1
    app = services.outcome_withdraw(actor=world.district_reviewer, application=app, reason="申请人已于期限内邮寄补正")
    assert app.status == Status.AWAITING_CORRECTION and app.closed_on is None and app.on_time is None
    assert app.waiting_until == waiting_before and app.due_on is None  # the clock paused again, as before
    assert table3(world.district) == before
    app = services.correction_receive(actor=world.district_clerk, application=app, received_on=D(2026, 11, 20),
                                      corrected_description="2025年老旧小区改造资金安排文件")
    assert app.status == Status.PROCESSING and app.due_on is not None


def test_the_decider_does_not_sign_unless_a_one_person_office_and_that_is_audited(world, frozen_today):
    reviewer = world.district_reviewer
    app, _ = registered_case(reviewer, world.district, received_on=D(2026, 11, 20))
    letter = services.outcome_decide(actor=reviewer, application=app, basis_code="provided", reason="现予提供。")
    with pytest.raises(ApplicationError, match="由您本人作出") as err:
        letters.letter_approve(actor=reviewer, letter=letter)
    assert err.value.code == "self_sign"
    # The reviewer's page shows why instead of the button.
    home = assert_may(reviewer, "/staff/").content.decode()
    assert "须由其他审核人签发" in home
    letters.letter_settings_save(actor=world.sysadmin, organ=world.district, one_person_office=True)
    letter = letters.letter_approve(actor=reviewer, letter=letter)
    assert letter.status == Letter.Status.APPROVED
    audit = EventLog.objects.filter(event_type=EventType.LETTER_SELF_APPROVED, object_id=str(app.pk))
    assert audit.count() == 1 and audit.get().details["doc_no"] == letter.doc_no
    assert EventLog.objects.filter(event_type=EventType.LETTER_SETTINGS_SAVED, actor=world.sysadmin).exists()


def test_the_reviewer_returns_a_letter_the_clerk_amends_it_back_into_the_queue(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided",
                                     reason="现予提供。")
    for outsider in (world.district_clerk, world.fgj_reviewer):
        response = client_for(outsider).post(f"/staff/letters/{letter.pk}/return/", {"note": "不行"})
        assert response.status_code in (302, 404)
        letter.refresh_from_db()
        assert letter.status == Letter.Status.DRAFT
    response = client_for(world.district_reviewer).post(f"/staff/letters/{letter.pk}/return/",
                                                        {"note": "请写明提供方式", "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    letter.refresh_from_db()
    assert letter.status == Letter.Status.RETURNED and letter.returned_note == "请写明提供方式"
    with pytest.raises(ApplicationError, match="退回"):
        letters.letter_approve(actor=world.district_reviewer, letter=letter)
    assert "审核人退回了" in assert_may(world.district_clerk, f"/staff/applications/{app.tracking_no}/").content.decode()
    letters.letter_edit(actor=world.district_clerk, letter=letter, body=letter.body + "\n\n现通过电子邮件提供。")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and letter.returned_note == ""
    # `next` never leads off the workbench.
    response = client_for(world.district_reviewer).post(f"/staff/letters/{letter.pk}/return/",
                                                        {"note": "再改", "next": "https://evil.example/"})
    assert response["Location"] == f"/staff/letters/{letter.pk}/"


def test_receipt_at_intake_carries_the_code_once_and_refuses_a_wrong_one(world, frozen_today):
    clerk = client_for(world.district_clerk)
    data = {**applicant_data(world.district), "channel": "in_person", "received_on": "2026-11-25"}
    response = clerk.post("/staff/applications/new/", data)
    assert response.status_code == 302
    number = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    page = clerk.get(response["Location"]).content.decode()
    code = page.split('name="query_code" value="')[1].split('"')[0]
    assert "打印受理回执（PDF）" in page and 'name="query_code"' not in clerk.get(response["Location"]).content.decode()
    pdf = clerk.post(f"/staff/letters/receipt/{number}.pdf", {"query_code": code})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for phrase in (f"受理编号：{number}", f"查询码：{code}", "收到日期：2026年11月25日", "答复期限："):
        assert phrase in text, phrase
    assert clerk.post(f"/staff/letters/receipt/{number}.pdf", {"query_code": "WRONG123"}).status_code == 404
    later = clerk.get(f"/staff/letters/receipt/{number}.docx")
    assert later.status_code == 200 and code.encode() not in later.content
    assert client_for(world.fgj_clerk).get(f"/staff/letters/receipt/{number}.pdf").status_code == 404
    assert EventLog.objects.filter(event_type=EventType.RECEIPT_PRINTED).count() == 2


def online_case(world, frozen_today):
    app, code = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20), delivery="online")
    letter = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided",
                                     reason="现通过网上送达提供。")
    return app, code, letter


def test_online_service_delivers_the_letter_and_the_files_with_the_right_code_only(world, frozen_today, pdf_bytes):
    app, code, letter = online_case(world, frozen_today)
    clerk = client_for(world.district_clerk)
    upload = clerk.post(f"/staff/letters/{letter.pk}/files/", {"file": SimpleUploadedFile("资金安排.pdf", pdf_bytes)})
    assert upload.status_code == 302 and ProvidedFile.objects.filter(letter=letter).count() == 1
    hostile = clerk.post(f"/staff/letters/{letter.pk}/files/", {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00junk")})
    assert hostile.status_code == 302 and ProvidedFile.objects.filter(letter=letter).count() == 1
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    with pytest.raises(ApplicationError, match="即今天"):
        letters.letter_serve(actor=world.district_clerk, letter=letter, method=ServiceMethod.ONLINE,
                             served_on=D(2026, 11, 24))
    letters.letter_serve(actor=world.district_clerk, letter=letter, method=ServiceMethod.ONLINE,
                         served_on=D(2026, 11, 25))
    letter.refresh_from_db()
    assert (letter.sent_on, letter.served_on) == (D(2026, 11, 25), D(2026, 11, 25))

    public = Client()
    page = public.post("/ysqgk/track/", {"tracking_no": app.tracking_no, "query_code": code}).content.decode()
    assert "网上送达的文书和信息" in page and "资金安排.pdf" in page and "已网上送达，可在本页下载" in page
    provided = ProvidedFile.objects.get(letter=letter)
    got = public.post("/ysqgk/track/download/", {"tracking_no": app.tracking_no, "query_code": code,
                                                 "what": "letter", "pk": letter.pk})
    assert got.status_code == 200 and "政府信息公开申请答复书" in pdf_text(got.content)
    got = public.post("/ysqgk/track/download/", {"tracking_no": app.tracking_no, "query_code": code,
                                                 "what": "file", "pk": provided.pk})
    assert got.status_code == 200 and b"".join(got.streaming_content) == pdf_bytes
    for wrong in ({"query_code": "WRONG123"}, {"tracking_no": "YS2026999999"}, {"pk": provided.pk + 99}):
        posted = {"tracking_no": app.tracking_no, "query_code": code, "what": "file", "pk": provided.pk, **wrong}
        assert public.post("/ysqgk/track/download/", posted).status_code == 404
    assert public.get(f"/ysqgk/track/download/?tracking_no={app.tracking_no}&query_code={code}").status_code == 405
    downloads = EventLog.objects.filter(event_type=EventType.DELIVERY_DOWNLOADED, object_id=str(app.pk))
    assert downloads.count() == 2 and {d.actor_name for d in downloads} == {"公众"}


def test_online_service_only_where_the_applicant_chose_it_and_files_of_another_case_stay_out(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))  # e-mail
    letter = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided",
                                     reason="现予提供。")
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    with pytest.raises(ApplicationError, match="不能网上送达"):
        letters.letter_serve(actor=world.district_clerk, letter=letter, method=ServiceMethod.ONLINE,
                             served_on=D(2026, 11, 25))
    # A letter served another way is not offered for download.
    letters.letter_serve(actor=world.district_clerk, letter=letter, method=ServiceMethod.EMAIL,
                         served_on=D(2026, 11, 25))
    assert list(letters.online_letters(app)) == []


@pytest.fixture
def pdf_bytes():
    from gongkai.catalogue.tests.factories import make_pdf

    return make_pdf("提供的政府信息")
