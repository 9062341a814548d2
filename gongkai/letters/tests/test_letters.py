"""Every outcome's letter, rendered to DOCX and PDF and read back: title, number, article, remedy."""

import datetime as dt
import io
import re

import pdfplumber
import pytest
from docx import Document

from gongkai.applications import services
from gongkai.applications.outcomes import DECIDABLE_BASES, REVIEW_FIRST_OUTCOMES, basis
from gongkai.applications.tests.factories import correction_sent, registered_case
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.testing import assert_may, assert_may_not, client_for
from gongkai.letters import services as letters
from gongkai.letters.defaults import review_organ_name
from gongkai.letters.models import Letter, LetterKind
from gongkai.letters.rendering import letter_docx, letter_pdf

pytestmark = pytest.mark.django_db
D = dt.date


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_text(data: bytes) -> str:
    return squash("".join(p.text for p in Document(io.BytesIO(data)).paragraphs))


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return squash("".join(page.extract_text() or "" for page in pdf.pages))


def decide(world, app, code, n):
    b = basis(code)
    kwargs = {"reason": f"理由说明{n}。"}
    if "withheld" in b.needs:
        kwargs["withheld"] = [{"part": "第三页中的身份证号码", "reason": "个人隐私"}]
    if "responsible_organ" in b.needs:
        kwargs["responsible_organ"] = "双鸭山市自然资源局"
    if code == "still_unclear":
        correction_sent(world, app, on=D(2026, 11, 25))
        app.refresh_from_db()
        services.correction_receive(actor=world.district_clerk, application=app, received_on=D(2026, 11, 25))
        app.refresh_from_db()
    return services.outcome_decide(actor=world.district_clerk, application=app, basis_code=code, **kwargs)


@pytest.mark.parametrize("code", [b.code for b in DECIDABLE_BASES])
def test_each_outcome_letter_in_docx_and_pdf(world, frozen_today, code):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = decide(world, app, code, 1)
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    b = basis(code)
    expected_title = "岭东区人民政府政府信息公开申请答复书"
    for text in (docx_text(letter_docx(letter)), pdf_text(letter_pdf(letter))):
        assert expected_title in text
        # GB/T 9704: no 第, no leading zeros; replies have their own series (the 补正告知书 of still_unclear
        # took 岭政公开补〔2026〕1号).
        assert letter.doc_no == "岭政公开答〔2026〕1号" and squash(letter.doc_no) in text
        assert squash(b.article) in text, b.article
        assert squash(b.finding) in text
        assert "60日内向双鸭山市人民政府申请行政复议" in text
        if b.outcome in REVIEW_FIRST_OUTCOMES:
            # Since 2024-01-01: 复议 first for a refusal (行政复议法 第二十三条第一款第（四）项).
            assert "第二十三条第一款第（四）项" in text and "应当先" in text
        else:
            assert "6个月内依法向人民法院提起行政诉讼" in text and "应当先" not in text
        if code == "partly":
            assert "第三页中的身份证号码：个人隐私" in text and "其他内容不服" in text
        if code == "not_this_organ":
            assert "该政府信息由双鸭山市自然资源局负责公开" in text


@pytest.mark.parametrize("kind", [LetterKind.RECEIPT, LetterKind.CORRECTION, LetterKind.EXTENSION,
                                  LetterKind.CONSULTATION, LetterKind.FEE])
def test_each_step_letter_in_docx_and_pdf(world, frozen_today, kind):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    if kind == LetterKind.RECEIPT:
        letter = letters.letter_draft(actor=world.district_clerk, application=app, kind=kind)
        expected = ["受理回执", "第二十九条、第三十一条、第三十三条", "2026年12月18日"]
    elif kind == LetterKind.CORRECTION:
        letter = services.correction_request(actor=world.district_clerk, application=app, items=["请写明文号"])
        expected = ["补正告知书", "1.请写明文号", "第三十条", "15个工作日内"]
    elif kind == LetterKind.EXTENSION:
        services.extension_request(actor=world.district_clerk, application=app, days=10, reason="需要调取档案")
        app.refresh_from_db()
        letter = services.extension_approve(actor=world.district_reviewer, application=app)
        # 12-18 + 10: 21–25 (5), 28–31 (9); 2027-01-01 is 元旦 by the 放假办法 (the notice is not out yet),
        # so 01-04 (10) — provisional. A sealed letter states the date alone; the clerk confirms it first.
        with pytest.raises(ApplicationError, match="暂定日历.*经办人核实并确认"):
            letters.letter_approve(actor=world.district_reviewer, letter=letter)
        letter = letters.letter_confirm_dates(actor=world.district_clerk, letter=letter,
                                              reason="按法定节假日计算，放假通知公布后如有变化另行告知")
        expected = ["延期答复告知书", "第三十三条第二款", "延长10个工作日", "延长后的答复期限为2027年1月4日。"]
    elif kind == LetterKind.CONSULTATION:
        letter = services.consultation_start(actor=world.district_clerk, application=app, party="某某公司")
        expected = ["征求意见书", "某某公司", "第三十二条", "15个工作日内"]
    else:
        letter = services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_page",
                                           pages=40)
        expected = ["收费通知书", "第四十二条", "国办函〔2020〕109号", "第31至40页共10页×10元=100元",
                    "60日内向双鸭山市人民政府申请行政复议"]
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    for text in (docx_text(letter_docx(letter)), pdf_text(letter_pdf(letter))):
        for phrase in expected:
            assert squash(phrase) in text, phrase
        assert "暂定" not in text and "周末" not in text and "仅供参考" not in text  # no caveat under seal


def test_review_organ_follows_the_tree(world):
    assert review_organ_name(world.district) == "双鸭山市人民政府"  # a government: one level up
    assert review_organ_name(world.fgj) == "岭东区人民政府"  # a department: its own level's government


def test_sign_off_is_the_reviewers_and_numbers_run_per_organ(world, frozen_today):
    app, _ = registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 11, 20))
    letter = letters.letter_draft(actor=world.fgj_clerk, application=app, kind=LetterKind.RECEIPT)
    for outsider in (world.fgj_clerk, world.district_reviewer, world.district_supervisor):
        with pytest.raises(PermissionDeniedError):
            letters.letter_approve(actor=outsider, letter=letter)
    letter = letters.letter_approve(actor=world.fgj_reviewer, letter=letter)
    assert letter.doc_no == "岭发改公开受〔2026〕1号" and letter.approved_by == world.fgj_reviewer


def test_registered_mail_needs_its_number(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letters.letter_draft(
        actor=world.district_clerk, application=app, kind=LetterKind.RECEIPT))
    with pytest.raises(Exception, match="挂号单号"):
        letters.letter_serve(actor=world.district_clerk, letter=letter, method="registered_mail",
                             served_on=D(2026, 11, 25))
    with pytest.raises(Exception, match="不能晚于今天"):
        letters.letter_serve(actor=world.district_clerk, letter=letter, method="in_person", served_on=D(2026, 11, 26))
    letters.letter_serve(actor=world.district_clerk, letter=letter, method="registered_mail",
                         served_on=D(2026, 11, 25), registered_no="XA1")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SERVED and letter.registered_no == "XA1"


def test_organ_template_is_used_but_remedy_stays(world, frozen_today):
    letters.template_save(actor=world.district_clerk, organ=world.district, kind=LetterKind.REPLY,
                          basis_code="provided", title="信息公开答复",
                          body="{{ applicant_name }}您好：您的申请{{ tracking_no }}已办理。{{ finding }}")
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided")
    assert letter.title == "信息公开答复" and letter.body.startswith("张三您好：您的申请YS2026000001已办理。")
    assert "申请行政复议" in letter.remedy_text and "第三十六条第（二）项" in letter.basis_text
    with pytest.raises(Exception, match="语法错误"):
        letters.template_save(actor=world.district_clerk, organ=world.district, kind=LetterKind.REPLY,
                              title="x", body="{% if %}")


def test_letter_pages_per_role(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = letters.letter_draft(actor=world.district_clerk, application=app, kind=LetterKind.RECEIPT)
    url = f"/staff/letters/{letter.pk}/"
    assert_may(world.district_clerk, url)
    assert_may(world.district_supervisor, url)
    assert_may_not(world.fgj_clerk, url)
    assert_may_not(world.fgj_clerk, f"/staff/letters/{letter.pk}.pdf")
    # The clerk's "approve" POST is refused like a missing page; the reviewer's works.
    assert_may_not(world.district_clerk, f"/staff/letters/{letter.pk}/approve/", method="post")
    assert client_for(world.district_reviewer).post(f"/staff/letters/{letter.pk}/approve/").status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED
    response = client_for(world.district_clerk).get(f"/staff/letters/{letter.pk}.docx")
    assert response.status_code == 200 and "受理回执" in docx_text(response.content)
    response = client_for(world.district_clerk).get(f"/staff/letters/{letter.pk}.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert_may(world.district_clerk, f"/staff/letters/templates/{world.district.code}/")
    assert_may_not(world.fgj_clerk, f"/staff/letters/templates/{world.district.code}/")
