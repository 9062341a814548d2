"""A published version's PDF and DOCX are rendered once, on publication by the worker, and every download
serves the stored file; the DOCX is A4. Corrections keep both versions' files."""

import datetime as dt
import io

import pytest
from django.test import Client

from gongkai.annual_reports import export, services
from gongkai.annual_reports.models import ReportRendition
from gongkai.portal.services import portal_set

from .test_report_workflow import FIGURES, published, reasons

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch):
    calls = {"pdf": 0, "docx": 0}
    real_pdf, real_docx = export.render_pdf, export.render_docx

    def pdf(content):
        calls["pdf"] += 1
        return real_pdf(content)

    def docx(content):
        calls["docx"] += 1
        return real_docx(content)

    monkeypatch.setattr(export, "render_pdf", pdf)
    monkeypatch.setattr(export, "render_docx", docx)
    return calls


def test_publication_renders_once_and_downloads_serve_the_stored_file(world, frozen_today, counted,
                                                                        django_capture_on_commit_callbacks):
    portal_set(actor=None, organ=world.district, is_default=True)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task runs after the commit
        report = published(world)
    assert counted == {"pdf": 1, "docx": 1}
    assert set(report.renditions.values_list("fmt", flat=True)) == {"pdf", "docx"}
    for _ in range(2):
        for fmt in ("pdf", "docx"):
            response = Client().get(f"/ndbg/{world.fgj.code}/2025/report.{fmt}")
            assert response.status_code == 200 and b"".join(response)[:2] in (b"%P", b"PK")
    assert counted == {"pdf": 1, "docx": 1}  # no request rendered anything


def test_a_version_published_without_its_files_is_rendered_on_first_download_only(world, frozen_today, counted):
    portal_set(actor=None, organ=world.district, is_default=True)
    published(world)  # the on-commit task never ran (as for versions published before this existed)
    assert ReportRendition.objects.count() == 0
    first = Client().get(f"/ndbg/{world.fgj.code}/2025/report.pdf")
    second = Client().get(f"/ndbg/{world.fgj.code}/2025/report.pdf")
    assert b"".join(first) == b"".join(second)
    assert counted["pdf"] == 1


def test_docx_is_a4(world, frozen_today):
    import docx

    report = published(world)
    document = docx.Document(io.BytesIO(export.render_docx(report.content)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # stored in twips


def test_a_correction_has_its_own_files_and_the_old_ones_stay(world, frozen_today, counted,
                                                              django_capture_on_commit_callbacks):
    portal_set(actor=None, organ=world.district, is_default=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = published(world)
    correction = services.report_correct(actor=world.fgj_clerk, report=first, reason="更正行政许可数量")
    figures = {**FIGURES, "table2": {**FIGURES["table2"], "licensing": {"decisions": 15, "source": "审批系统"}}}
    correction = services.report_update(actor=world.fgj_clerk, report=correction, entered=figures)
    correction = services.report_submit(actor=world.fgj_clerk, report=correction, warning_reasons=reasons(correction))
    correction = services.report_approve(actor=world.fgj_reviewer, report=correction)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(actor=world.fgj_reviewer, report=correction, published_on=dt.date(2026, 1, 28))
    assert ReportRendition.objects.count() == 4 and counted == {"pdf": 2, "docx": 2}
    old = b"".join(Client().get(f"/ndbg/{world.fgj.code}/2025/report.docx?version=1"))
    new = b"".join(Client().get(f"/ndbg/{world.fgj.code}/2025/report.docx"))
    assert old != new and counted == {"pdf": 2, "docx": 2}
    listing = Client().get("/ndbg/").content.decode()
    assert "2026-01-20</time> 发布" in listing and "2026-01-28</time> 更正（第2版）" in listing
    page = Client().get(f"/ndbg/{world.fgj.code}/2025/").content.decode()
    assert 'id="first-published">2026-01-20（首次发布）' in page and 'id="corrected-on">2026-01-28（第2版）' in page
