"""`manage.py check_reports`: every report of the subtree checked, stored, and read by the indicators."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from gongkai.annual_reports.compute import compute_report, first_draft_sections
from gongkai.annual_reports.models import AnnualReport
from gongkai.annual_reports.reading import audit
from gongkai.annual_reports.services import report_file_save
from gongkai.annual_reports.tests.helpers import SEED
from gongkai.core.exceptions import PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.supervision import selectors, services
from gongkai.supervision.indicators import Period
from gongkai.supervision.models import ReportAudit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(world, frozen_today):
    content = compute_report(world.fgj, 2024, entered={},
                             sections=first_draft_sections(world.fgj, 2024, {}), published_on=dt.date(2025, 1, 20))
    AnnualReport.objects.create(organ=world.fgj, year=2024, version=1, status="published",
                                published_on=dt.date(2025, 1, 20), content=content)
    if SEED.exists():
        text = SEED.read_text(encoding="utf-8")
        report_file_save(actor=None, organ=world.jyj, year=2024, data=text.encode(), original_name="seed.txt",
                         kind="text", result=audit(text),
                         reason="教育局的报告与区政府合并发布（测试）")
    return world


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("check_reports", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_batch_audit_of_a_subtree(reports):
    w = reports
    out, err = run("--organ", w.district.name, "--year", "2024")
    audits = {a.organ_id: a for a in ReportAudit.objects.all()}
    assert set(audits) == ({w.fgj.pk, w.jyj.pk} if SEED.exists() else {w.fgj.pk})
    assert audits[w.fgj.pk].source == "gongkai"
    assert "岭东区人民政府：未发布" in out and "审核年度报告 [" in err and "100%" in err
    assert EventLog.objects.filter(event_type=EventType.REPORT_AUDITED).count() == len(audits)
    # The indicators now read the stored audit.
    fgj = selectors.facts_for([w.fgj], Period.year(2025))[0]
    assert fgj.report_audited_at is not None and fgj.report_errors == audits[w.fgj.pk].errors
    if SEED.exists():
        assert audits[w.jyj.pk].source == "file"


def test_outside_the_subtree_is_not_touched(reports):
    run("--organ", reports.jyj.code, "--year", "2024")
    assert set(ReportAudit.objects.values_list("organ_id", flat=True)) <= {reports.jyj.pk}


def test_usage_errors_in_chinese(world):
    with pytest.raises(CommandError, match="找不到机关"):
        run("--organ", "不存在的机关", "--year", "2024")
    with pytest.raises(CommandError, match="报告年度"):
        run("--organ", world.fgj.code, "--year", "二〇二四")
    with pytest.raises(CommandError, match="超出范围"):
        run("--organ", world.fgj.code, "--year", "1999")


def test_service_checks_permission(world):
    with pytest.raises(PermissionDeniedError):
        services.report_audit_record(actor=world.fgj_clerk, organ=world.fgj, year=2024, source="gongkai",
                                     source_ref="", findings=[])
    audit_row = services.report_audit_record(actor=world.district_supervisor, organ=world.fgj, year=2024,
                                             source="gongkai", source_ref="", findings=[
                                                 {"rule": "published.late", "severity": "error"},
                                                 {"rule": "a", "severity": "error"}])
    assert (audit_row.errors, audit_row.warnings) == (1, 0)
