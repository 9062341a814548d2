"""Report files of organs publishing elsewhere: checked against the organ, year and publication date before
they are kept; one current file per organ and year, replaced or withdrawn by the organ's clerk or its
supervisor (audited); and one state read by /staff/reports/, the chase and the 考评."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.annual_reports.file_checks import contradictions, same_organ
from gongkai.annual_reports.models import ReportFile
from gongkai.annual_reports.reading import audit
from gongkai.annual_reports.selectors import report_states
from gongkai.annual_reports.services import report_file_save, report_file_withdraw
from gongkai.core.chase import run_chase
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import assert_may, assert_may_not, client_for

from .helpers import SEED, needs_shared

TODAY = dt.date(2026, 11, 25)


def report_text(organ_name: str = "岭东区教育局", year: int = 2025) -> str:
    """The seed report (岭东区人民政府, 2024) rewritten as another organ's report on another year."""
    return SEED.read_text(encoding="utf-8").replace("岭东区人民政府", organ_name).replace("2024", str(year))


# --- the checks (pure) -------------------------------------------------------------------------------


def test_contradictions_name_the_organ_the_year_and_the_date():
    ok = {"agency": "双鸭山市岭东区教育局", "year": 2025, "published_on": "2026-01-20"}
    assert contradictions(organ_name="岭东区教育局", year=2025, result=ok, published_on=None, today=TODAY) == []
    hongze = {"agency": "洪泽区人民政府", "year": 2023, "published_on": "2024-01-15"}
    found = contradictions(organ_name="岭东区财政局", year=2025, result=hongze, published_on=None, today=TODAY)
    assert found == ["报告文件写的机关是“洪泽区人民政府”，不是所选的“岭东区财政局”。",
                     "报告文件是2023年度的报告，不是所选的2025年度。",
                     "发布日期2024-01-15早于2025年度结束：2025年度报告不可能在2026年1月1日之前发布。"]
    future = contradictions(organ_name="岭东区教育局", year=2025, result={"agency": "岭东区教育局"},
                            published_on=dt.date(2026, 12, 1), today=TODAY)
    assert future == ["发布日期2026-12-01晚于今天。"]
    differs = contradictions(organ_name="岭东区教育局", year=2025, result={**ok, "published_on": "2026-01-20"},
                             published_on=dt.date(2026, 1, 25), today=TODAY)
    assert differs == ["报告文件印的发布日期是2026-01-20，与填写的2026-01-25不同。"]
    assert contradictions(organ_name="岭东区教育局", year=2025, result={}, published_on=None, today=TODAY) == []
    assert same_organ("教育局", "岭东区教育局") and same_organ("岭东区政府", "岭东区人民政府")
    assert not same_organ("洪泽区教育局", "岭东区教育局")


# --- saving, replacing, withdrawing ------------------------------------------------------------------



@pytest.mark.django_db
@needs_shared
def test_a_mismatched_file_is_refused_and_a_supervisor_may_keep_it_with_a_reason(world, frozen_today):
    text = report_text("洪泽区人民政府", 2023)
    kw = {"organ": world.jyj, "year": 2025, "data": text.encode(), "original_name": "洪泽.txt", "kind": "text",
          "result": audit(text)}
    with pytest.raises(ApplicationError) as refused:
        report_file_save(actor=world.jyj_clerk, **kw)
    assert refused.value.code == "contradiction" and len(refused.value.extra["contradictions"]) == 2
    with pytest.raises(PermissionDeniedError, match="只有主管部门"):
        report_file_save(actor=world.jyj_clerk, **kw, reason="确实是这份")
    assert not ReportFile.objects.exists()
    kept = report_file_save(actor=world.district_supervisor, **kw, reason="演示：故意保存")
    assert kept.contradictions == refused.value.extra["contradictions"] and kept.accepted_by == world.district_supervisor
    assert kept.published_on == dt.date(2026, 11, 25)  # no date printed, none entered: the day it was saved


@pytest.mark.django_db
@needs_shared
def test_replace_and_withdraw_are_audited_and_need_the_clerk_or_the_supervisor(world, frozen_today):
    first_text, second_text = report_text(), report_text().replace("总体情况", "总体情况（更正）")
    save = {"organ": world.jyj, "year": 2025, "original_name": "a.txt", "kind": "text"}
    first = report_file_save(actor=world.jyj_clerk, data=first_text.encode(), result=audit(first_text),
                             published_on=dt.date(2026, 1, 20), **save)
    with pytest.raises(ApplicationError, match="已保存过"):
        report_file_save(actor=world.jyj_clerk, data=first_text.encode(), result=audit(first_text), **save)
    second = report_file_save(actor=world.district_supervisor, data=second_text.encode(), result=audit(second_text),
                              published_on=dt.date(2026, 2, 10), **save)
    first.refresh_from_db()
    assert (first.status, first.replaced_by, second.status) == ("replaced", second, "current")
    assert EventLog.objects.filter(event_type=EventType.REPORT_FILE_REPLACED, object_id=str(first.pk)).exists()
    state = report_states([world.jyj], 2025, today=TODAY)[0]
    assert state.file == second and state.first_published_on == dt.date(2026, 1, 20) and not state.late
    with pytest.raises(ApplicationError, match="撤回的原因"):
        report_file_withdraw(actor=world.jyj_clerk, report_file=second, reason="")
    with pytest.raises(PermissionDeniedError):
        report_file_withdraw(actor=world.fgj_clerk, report_file=second, reason="不是我们的")
    report_file_withdraw(actor=world.jyj_clerk, report_file=second, reason="保存错了")
    second.refresh_from_db()
    assert second.status == "withdrawn" and second.withdrawn_by == world.jyj_clerk
    assert report_states([world.jyj], 2025, today=TODAY)[0].is_published is False
    with pytest.raises(ApplicationError, match="不能撤回"):
        report_file_withdraw(actor=world.jyj_clerk, report_file=second, reason="again")


@pytest.mark.django_db
@needs_shared
def test_reports_the_chase_and_the_evaluation_read_the_same_state(world, frozen_today):
    from gongkai.supervision import selectors as sup
    from gongkai.supervision.indicators import Period

    text = report_text()

    def three_views():
        index = assert_may(world.district_supervisor, reverse("annual_reports_staff:index") + "?year=2025")
        row = next(line for line in index.content.decode().split("<tr>") if world.jyj.name in line)
        chased = {i.organ for i in run_chase(today=TODAY, dry_run=True, only="annual_reports")["annual_reports"]}
        facts = sup.facts_for([world.jyj], Period.year(2026), today=TODAY)[0]
        return row, world.jyj.name in chased, facts

    row, chased, facts = three_views()
    assert "未起草" in row and "已逾期" in row and chased and not facts.report_published and facts.report_late
    saved = report_file_save(actor=world.jyj_clerk, organ=world.jyj, year=2025, data=text.encode(),
                             original_name="jyj-2025.txt", kind="text", result=audit(text),
                             published_on=dt.date(2026, 1, 20))
    row, chased, facts = three_views()
    assert "已在其他网站发布" in row and "2026-01-20" in row and not chased
    assert (facts.report_published, facts.report_source, facts.report_late) == (True, "file", False)
    report_file_withdraw(actor=world.district_supervisor, report_file=saved, reason="文件错误")
    row, chased, facts = three_views()
    assert "未起草" in row and chased and not facts.report_published


@pytest.mark.django_db
@needs_shared
def test_the_report_page_lists_saves_and_withdraws_files(world, frozen_today):
    page_url = reverse("annual_reports_staff:report", args=[world.jyj.code, 2025])
    save_url = reverse("annual_reports_staff:file_save", args=[world.jyj.code, 2025])
    clerk = client_for(world.jyj_clerk)
    assert "保存报告文件" in clerk.get(page_url).content.decode()
    wrong = clerk.post(save_url, {"file": SimpleUploadedFile("r.txt", report_text("洪泽区人民政府", 2023).encode())})
    body = wrong.content.decode()
    assert wrong.status_code == 409 and "不是所选的“岭东区教育局”" in body and "不是所选的2025年度" in body
    assert 'name="reason"' not in body  # the clerk is not offered the supervisor's override
    assert not ReportFile.objects.exists()
    ok = clerk.post(save_url, {"file": SimpleUploadedFile("r.txt", report_text().encode()),
                               "published_on": "2026-01-20"})
    assert ok.status_code == 302
    saved = ReportFile.objects.get()
    body = clerk.get(page_url).content.decode()
    assert "r.txt" in body and "有效" in body and "2026-01-20" in body and "撤回" in body
    download = reverse("annual_reports_staff:file_download", args=[world.jyj.code, 2025, saved.pk])
    assert assert_may(world.district_supervisor, download)["Content-Disposition"].startswith("attachment")
    assert_may_not(world.fgj_clerk, download)
    withdraw = reverse("annual_reports_staff:file_withdraw", args=[world.jyj.code, 2025, saved.pk])
    assert_may_not(world.fgj_clerk, withdraw, method="post", data={"reason": "x"})
    assert client_for(world.jyj_clerk).post(withdraw, {"reason": ""}).status_code == 400
    assert clerk.post(withdraw, {"reason": "保存错了"}).status_code == 302
    assert ReportFile.objects.get().status == "withdrawn"
    assert "保存错了" in clerk.get(page_url).content.decode()
    supervisor = client_for(world.district_supervisor)
    assert 'name="reason"' in supervisor.get(page_url).content.decode()
    kept = supervisor.post(save_url, {"file": SimpleUploadedFile("hz.txt", report_text("洪泽区人民政府", 2023).encode()),
                                      "reason": "演示：核实无误"})
    assert kept.status_code == 302 and ReportFile.objects.get(status="current").accepted_reason == "演示：核实无误"
