"""复议/诉讼 records and personal data: the claimant masked unless the user handles the case, the decision
document a staff download, and every decision document through the checked upload."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.exceptions import ApplicationError
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.remedies import services
from gongkai.remedies.models import Result

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_claimant_is_masked_unless_the_user_handles_the_case(world, review):
    url = f"/staff/remedies/review/{review.pk}/"
    for user in (world.fgj_clerk, world.fgj_reviewer):
        assert "欧阳娜娜" in assert_may(user, url).content.decode()
    for user in (world.district_supervisor, world.city_supervisor, world.sysadmin):
        page = assert_may(user, url).content.decode()
        assert "欧阳娜娜" not in page and "欧***" in page


def test_decision_document_is_a_staff_download(world, review):
    review = services.remedy_decide(actor=world.fgj_clerk, remedy=review, decided_on=D(2026, 7, 1),
                                    result=Result.UPHELD,
                                    document=SimpleUploadedFile("decision.pdf", b"%PDF-1.4 decision"))
    url = f"/staff/remedies/review/{review.pk}/document/"
    page = assert_may(world.fgj_clerk, f"/staff/remedies/review/{review.pk}/").content.decode()
    assert url in page and review.decision_document.url not in page
    for user in (world.fgj_clerk, world.fgj_reviewer, world.district_supervisor):
        response = assert_may(user, url)
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == b"%PDF-1.4 decision"
    for user in (world.jyj_clerk, world.district_clerk, world.nobody):
        assert_may_not(user, url)
    assert_may_not(world.fgj_clerk, "/staff/remedies/lawsuit/999/document/")
    assert_login_required(url)


def test_decision_document_missing_is_404(world, review):
    assert_may_not(world.fgj_clerk, f"/staff/remedies/review/{review.pk}/document/")


BAD_DOCUMENTS = {
    "exe renamed pdf": ("decision.pdf", b"MZ\x90\x00" + b"\x00" * 200, "不支持的附件类型"),
    "html": ("decision.pdf", b"<html><script>alert(1)</script></html>", "不支持的附件类型"),
    "empty": ("decision.pdf", b"", "空文件"),
    "too big": ("decision.pdf", b"%PDF-1.4 " + b"0" * (2 * 1024 * 1024), "不能超过 1 MB"),
    "name disagrees": ("decision.docx", b"%PDF-1.4 decision", "扩展名与内容不符"),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
def test_decision_documents_go_through_the_checked_upload(world, review, settings, name):
    """The attack run stored an .exe renamed .pdf, HTML and 50 MB, and dropped an empty file silently."""
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 1024 * 1024
    filename, data, words = BAD_DOCUMENTS[name]
    client = client_for(world.fgj_clerk)
    response = client.post(f"/staff/remedies/review/{review.pk}/decide/", {
        "version": review.version, "result": Result.UPHELD, "decided_on": "2026-07-01",
        "document": SimpleUploadedFile(filename, data)}, follow=True)
    assert words in response.content.decode()
    review.refresh_from_db()
    assert review.decided_on is None and not review.decision_document  # nothing half-written


def test_the_service_itself_refuses_an_unchecked_document(world, review):

    with pytest.raises(ApplicationError, match="决定书/裁判文书：不支持的附件类型"):
        services.remedy_decide(actor=world.fgj_clerk, remedy=review, decided_on=D(2026, 7, 1), result=Result.UPHELD,
                               document=SimpleUploadedFile("decision.pdf", b"MZ\x90\x00"))
    review.refresh_from_db()
    assert review.decided_on is None
