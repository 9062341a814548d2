"""The batch audit from the browser: started by a supervisor, run as a task with progress, its findings one
row each on the page and in the workbook, each with its 督办 link."""

import io

import openpyxl
import pytest
from django.urls import reverse

from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import assert_may, assert_may_not, client_for
from gongkai.supervision import services
from gongkai.supervision.findings import run_findings
from gongkai.supervision.models import AuditRun, ReportAudit

from .test_check_reports import reports  # noqa: F401 (the fixture: fgj's own report, jyj's saved seed file)

pytestmark = pytest.mark.django_db
RUNS = reverse("supervision:audit_runs")


def start(client, organ, year, capture):
    with capture(execute=True):
        return client.post(RUNS, {"root": organ.code, "year": year})


def broken_seed() -> bytes:
    """The seed report with 3 instead of 2 new applications from natural persons (table 三 no longer adds up)."""
    from gongkai.annual_reports.tests.helpers import SEED

    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[34].startswith("一、本年新收") and lines[35] == "2 |"
    lines[35] = "3 |"
    return "\n".join(lines).encode()


def test_a_supervisor_runs_the_batch_and_downloads_the_findings(reports, django_capture_on_commit_callbacks):  # noqa: F811
    from gongkai.annual_reports.reading import audit
    from gongkai.annual_reports.services import report_file_save

    w = reports
    report_file_save(actor=None, organ=w.jyj, year=2024, data=broken_seed(), original_name="改过的.txt", kind="text",
                     result=audit(broken_seed().decode()), reason="测试：合并发布")
    response = start(client_for(w.district_supervisor), w.district, 2024, django_capture_on_commit_callbacks)
    run = AuditRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:audit_run", args=[run.pk])
    assert (run.status, run.done, run.total, run.missing, run.percent) == ("done", 3, 3, 1, 100)
    assert run.finished_at is not None and run.requested_by == w.district_supervisor
    assert set(run.audits.values_list("organ_id", flat=True)) == {w.fgj.pk, w.jyj.pk}
    assert EventLog.objects.filter(event_type=EventType.AUDIT_RUN_STARTED).count() == 1
    findings = run_findings(run)
    audits = {a.organ_id: a for a in ReportAudit.objects.filter(run=run)}
    assert len(findings) == sum(len(a.findings) for a in audits.values())  # one row per finding
    page = assert_may(w.district_supervisor, reverse("supervision:audit_run", args=[run.pk])).content.decode()
    assert "下载问题清单" in page and "岭东区人民政府" in page  # the organ with no report is named
    first = next(f for f in findings if f.severity != "info")
    assert f"ref=finding:{first.audit.pk}:{first.n}" in page
    wb = openpyxl.load_workbook(io.BytesIO(assert_may(
        w.district_supervisor, reverse("supervision:audit_run_workbook", args=[run.pk])).content))
    sheet = wb["问题清单"]
    header = [c.value for c in sheet[2]]
    assert header == ["机关", "机关代码", "报告年度", "来源", "规则", "严重程度", "单元格", "印载数值", "问题说明"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(findings) and sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    assert {r[0] for r in rows} <= {w.fgj.name, w.jyj.name}
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    cells = [r for r in rows if r[6] and r[6].count(".") == 2 and "*" not in r[6]]  # one cell named
    assert cells and all(r[7] not in (None, "") for r in cells)  # with the value printed in it
    assert ("table3.received_new.total", "2") in {(r[6], r[7]) for r in rows}  # 3 + 0 + … printed as 2
    missing = [r for r in wb["报告"].iter_rows(min_row=2, values_only=True) if r[2] and "未发布" in r[2]]
    assert [r[0] for r in missing] == [w.district.name]
    # the finding becomes a 督办 item
    form = assert_may(w.district_supervisor, reverse("supervision:notice_new")
                      + f"?organ={first.audit.organ.code}&ref=finding:{first.audit.pk}:{first.n}").content.decode()
    assert first.message[:10] in form and "2024年度报告" in form


def test_progress_while_it_runs_and_one_run_at_a_time(reports):  # noqa: F811
    w = reports
    run = services.audit_run_start(actor=w.district_supervisor, organ=w.district, year=2024)  # not yet run
    page = assert_may(w.district_supervisor, reverse("supervision:audit_run", args=[run.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "0 / 3" in page and "排队中" in page
    again = client_for(w.district_supervisor).post(RUNS, {"root": w.district.code, "year": 2024})
    assert again.status_code == 302 and again["Location"].endswith(f"/audits/{run.pk}/")
    assert AuditRun.objects.count() == 1
    seen = []
    services.reports_audit(actor=w.district_supervisor, organ=w.district, year=2024,
                           progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    done = services.audit_run_execute(run.pk)
    assert done.status == "done" and done.done == 3
    assert_may_not(w.district_supervisor, reverse("supervision:audit_run_workbook", args=[run.pk + 1]))


def test_who_may_run_and_read_a_batch(reports, django_capture_on_commit_callbacks):  # noqa: F811
    w = reports
    for user in (w.fgj_clerk, w.district_clerk, w.nobody, w.district_column_owner):
        assert_may_not(user, RUNS)
        assert_may_not(user, RUNS, method="post", data={"root": w.district.code, "year": 2024})
    assert_may_not(w.district_supervisor, RUNS + f"?root={w.city.code}")  # not its subtree
    assert not AuditRun.objects.exists()
    start(client_for(w.district_supervisor), w.district, 2024, django_capture_on_commit_callbacks)
    run = AuditRun.objects.get()
    assert_may(w.city_supervisor, reverse("supervision:audit_run", args=[run.pk]))
    for user in (w.fgj_clerk, w.sysadmin, w.nobody):
        assert_may_not(user, reverse("supervision:audit_run", args=[run.pk]))
        assert_may_not(user, reverse("supervision:audit_run_workbook", args=[run.pk]))
    bad = client_for(w.district_supervisor).post(RUNS, {"root": w.district.code, "year": "2099"})
    assert bad.status_code == 302 and AuditRun.objects.latest("pk").year == 2026  # clamped to this year
