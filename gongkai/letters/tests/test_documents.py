"""Documents ready to seal: every letter kind and the 受理回执 as A4 DOCX with the 公文 fonts and margins (read
back with python-docx) and A4 PDF with the signature block on the page of the last paragraph; 文号 per
GB/T 9704 with a series per kind; 缴纳方式; the corrected request quoted; clean numbering and punctuation."""

import datetime as dt
import io
import re

import pdfplumber
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from gongkai.applications import services
from gongkai.applications.tests.factories import correction_sent, registered_case, sign_and_send
from gongkai.core.exceptions import ApplicationError
from gongkai.letters import rendering
from gongkai.letters import services as letters
from gongkai.letters.models import LetterKind
from gongkai.letters.tests.test_letters import docx_text, pdf_text, squash

pytestmark = pytest.mark.django_db
D = dt.date
A4_PT = (595.28, 841.89)


def assert_a4_docx(data: bytes) -> Document:
    """A4 portrait, GB/T 9704 margins, 仿宋_GB2312 body and 方正小标宋简体 title, each with its declared fallback."""
    doc = Document(io.BytesIO(data))
    for section in doc.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
        assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and doc.styles["Normal"].font.size.pt == 16
    title_runs = [r for p in doc.paragraphs for r in p.runs if r.font.size and r.font.size.pt == 22]
    assert title_runs and title_runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    table = doc.part.part_related_by(RT.FONT_TABLE).blob.decode()
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', table)
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="宋体"/>', table)
    return doc


def pdf_pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert all((round(p.width, 2), round(p.height, 2)) == A4_PT for p in pdf.pages)
        return [squash(p.extract_text() or "") for p in pdf.pages]


def assert_signed_with_last_paragraph(letter_or_parts, *, pages: int | None = None) -> None:
    parts = letter_or_parts if isinstance(letter_or_parts, dict) else rendering.letter_parts(letter_or_parts)
    texts = pdf_pages(rendering.document_pdf(parts))
    if pages is not None:
        assert len(texts) == pages, len(texts)
    last = squash(rendering.body_lines(parts)[-1])
    with_date = [i for i, t in enumerate(texts) if squash(parts["date"]) in t and squash(parts["organ"]) in t[-60:]]
    assert with_date, "no page carries the signature"
    assert last[-20:] in texts[with_date[-1]], "the last paragraph is not on the signature's page"
    # The DOCX keeps the last paragraph with the signature block the same way.
    doc = Document(io.BytesIO(rendering.document_docx(parts)))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    last_p = next(p for p in paragraphs if squash(p.text) == last)
    assert last_p.paragraph_format.keep_with_next and last_p.paragraph_format.keep_together
    organ_p = next(p for p in reversed(paragraphs) if p.text == parts["organ"])
    assert organ_p.paragraph_format.keep_with_next


def every_letter(world, app, code):
    """One letter of each kind for the case (and its 答复书), signed."""
    clerk, reviewer = world.district_clerk, world.district_reviewer
    made = [letters.letter_draft(actor=clerk, application=app, kind=LetterKind.RECEIPT)]
    made.append(services.consultation_start(actor=clerk, application=app, party="某某公司"))  # + the notice
    made.append(app.letters.get(kind=LetterKind.CONSULTATION_NOTICE))
    app.refresh_from_db()
    services.consultation_end(actor=clerk, application=app, ended_on=D(2026, 11, 25))
    app.refresh_from_db()
    made.append(services.fee_notice_issue(actor=clerk, application=app, method="per_page", pages=40))
    app.refresh_from_db()
    for kind in (LetterKind.THIRD_PARTY_DECISION, LetterKind.REASONS, LetterKind.DELAYED_REPLY):
        made.append(letters.letter_draft(actor=clerk, application=app, kind=kind,
                                         extra={"party": "某某公司", "content": "合同金额", "reasons": "公共利益",
                                                "period": "近30日", "count": 12, "deadline_days": 10}))
    app.refresh_from_db()
    services.extension_request(actor=clerk, application=app, days=5, reason="需要调取档案")
    app.refresh_from_db()
    made.append(services.extension_approve(actor=reviewer, application=app))
    app.refresh_from_db()
    made.append(services.outcome_decide(actor=clerk, application=app, basis_code="provided", reason="现予提供。"))
    signed = []
    for letter in made:
        if letter.provisional_dates:
            letter = letters.letter_confirm_dates(actor=clerk, letter=letter, reason="已核对")
        signed.append(letters.letter_approve(actor=reviewer, letter=letter))
    return signed


def test_every_letter_kind_and_the_receipt_are_a4_with_the_signature_on_the_last_paragraphs_page(world, frozen_today):
    app, code = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    signed = every_letter(world, app, code)
    correction_app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    signed.append(correction_sent(world, correction_app, on=D(2026, 11, 25)))
    assert {letter.kind for letter in signed} == set(LetterKind.values)
    for letter in signed:
        assert_a4_docx(rendering.letter_docx(letter))
        assert_signed_with_last_paragraph(letter)
    receipt = rendering.receipt_parts(app, query_code=code)
    assert_a4_docx(rendering.document_docx(receipt))
    # A one-page letter stays on one page, signature included.
    assert_signed_with_last_paragraph(receipt, pages=1)
    assert_signed_with_last_paragraph(rendering.letter_parts(signed[0]), pages=1)


def test_a_long_letter_moves_its_last_paragraph_to_the_signatures_page(world, frozen_today):
    """Without the rule the sender and date would land alone on page 2; with it the last paragraph goes along."""
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="provided",
                                     reason="现予提供。")
    for n in range(1, 14):  # grow the body until the signature block no longer fits under the last paragraph
        body = "\n\n".join([letter.body] + ["本机关已依法核查相关档案，现将有关情况说明如下。" * 2] * n)
        parts = {**rendering.letter_parts(letter), "paragraphs": [p for p in body.split("\n\n") if p.strip()]}
        texts = pdf_pages(rendering.document_pdf(parts))
        if len(texts) > 1 and squash(rendering.body_lines(parts)[-2])[-10:] in texts[0]:
            break  # the paragraph before the last stayed on page 1: the last one moved with the signature
    else:
        pytest.fail("no length put the signature block across a page break")
    assert_signed_with_last_paragraph(parts, pages=2)
    assert squash(parts["date"]) not in texts[0]


def test_doc_no_per_gbt9704_with_a_series_per_kind_configurable_per_organ(world, frozen_today):
    clerk, reviewer = world.district_clerk, world.district_reviewer
    numbers = []
    for _ in range(2):
        app, _ = registered_case(clerk, world.district, received_on=D(2026, 11, 20))
        for letter in (services.correction_request(actor=clerk, application=app, items=["请写明文号"]),
                       letters.letter_draft(actor=clerk, application=app, kind=LetterKind.RECEIPT)):
            numbers.append(letters.letter_approve(actor=reviewer, letter=letter).doc_no)
    assert numbers == ["岭政公开补〔2026〕1号", "岭政公开受〔2026〕1号", "岭政公开补〔2026〕2号", "岭政公开受〔2026〕2号"]
    assert not any("第" in n or "〔2026〕0" in n for n in numbers)
    # The organ names its own 代字; two kinds given the same 代字 share one series.
    letters.letter_settings_save(actor=clerk, organ=world.district, doc_no_codes={
        LetterKind.CORRECTION: "岭政依申", LetterKind.RECEIPT: "岭政依申"})
    app, _ = registered_case(clerk, world.district, received_on=D(2026, 11, 20))
    a = letters.letter_approve(actor=reviewer, letter=services.correction_request(
        actor=clerk, application=app, items=["请写明文号"]))
    b = letters.letter_approve(actor=reviewer, letter=letters.letter_draft(actor=clerk, application=app,
                                                                          kind=LetterKind.RECEIPT))
    assert (a.doc_no, b.doc_no) == ("岭政依申〔2026〕1号", "岭政依申〔2026〕2号")
    with pytest.raises(ApplicationError, match="年份和序号由系统"):
        letters.letter_settings_save(actor=clerk, organ=world.district, doc_no_codes={LetterKind.REPLY: "岭政〔2026〕"})
    with pytest.raises(ApplicationError, match="系统管理员"):
        letters.letter_settings_save(actor=clerk, organ=world.district, one_person_office=True)


def test_fee_notice_states_how_to_pay_from_the_organ_and_the_notice(world, frozen_today):
    letters.letter_settings_save(actor=world.district_clerk, organ=world.district, fee={
        "fee_payment_method": "银行转账", "fee_payee": "岭东区财政局", "fee_bank": "中国工商银行岭东支行",
        "fee_account": "0123456789012345678", "fee_note": ""})
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20))
    letter = services.fee_notice_issue(actor=world.district_clerk, application=app, method="per_page", pages=40,
                                       payment={"payment_code": "2326000012345678"})
    letter = letters.letter_approve(actor=world.district_reviewer, letter=letter)
    notice = app.fee_notice
    assert (notice.payment_method, notice.payee, notice.payment_code) == ("银行转账", "岭东区财政局", "2326000012345678")
    for text in (docx_text(rendering.letter_docx(letter)), pdf_text(rendering.letter_pdf(letter))):
        for phrase in ("缴纳方式：银行转账", "收款单位：岭东区财政局", "开户银行：中国工商银行岭东支行",
                       "账号：0123456789012345678", "非税收入缴款码：2326000012345678", f"注明受理编号{app.tracking_no}"):
            assert squash(phrase) in text, phrase


def test_the_reply_quotes_the_corrected_request_with_clean_numbering_and_punctuation(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=D(2026, 11, 20),
                             description="有关文件。")
    notice = services.correction_request(actor=world.district_clerk, application=app,
                                         items=["1. 请写明文件名称", "（二）请说明年份。", "③ 请写明制作机关"])
    assert "1.请写明文件名称\n2.请说明年份。\n3.请写明制作机关" in notice.body and "1. 1" not in notice.body
    sign_and_send(notice, reviewer=world.district_reviewer, clerk=world.district_clerk, on=D(2026, 11, 25))
    app.refresh_from_db()
    app = services.correction_receive(actor=world.district_clerk, application=app, received_on=D(2026, 11, 25),
                                      corrected_description="岭东区2025年老旧小区改造项目资金安排的通知（岭政办发〔2025〕8号）。")
    reply = services.outcome_decide(actor=world.district_clerk, application=app, basis_code="partly",
                                    reason="其余部分现予提供。",
                                    withheld=[{"part": "1. 第三页中的身份证号码", "reason": "个人隐私"}])
    text = reply.body
    assert "并于2026年11月25日收到您补正后的申请，申请获取“岭东区2025年老旧小区改造项目资金安排的通知（岭政办发〔2025〕8号）”。" in text
    assert "有关文件" not in text  # the unclear original is no longer quoted
    assert "。”。" not in text and "1.第三页中的身份证号码：个人隐私" in text and "1. 1" not in text


def test_the_pdf_fallback_font_is_declared_by_a_deployment_check(monkeypatch):
    from gongkai.core import documents
    from gongkai.letters.checks import document_fonts

    monkeypatch.setattr(documents, "pdf_fallback_in_use", lambda: True)
    [info] = document_fonts(None)
    assert info.id == "gongkai.I017" and "Noto Serif CJK SC" in info.msg
    monkeypatch.setattr(documents, "pdf_fallback_in_use", lambda: False)
    assert document_fonts(None) == []
