"""The report workflow: draft → submitted → approved → published, corrections, per role and organ."""

import datetime as dt

import pytest

from gongkai.annual_reports import services
from gongkai.annual_reports.models import AnnualReport, warning_key
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import client_for

pytestmark = pytest.mark.django_db

S = AnnualReport.Status
FIGURES = {
    "table2": {"licensing": {"decisions": 12, "source": "审批系统"}, "penalties": {"decisions": 1, "source": "执法平台"},
               "coercion": {"decisions": 0, "source": "执法平台"}, "fees": {"amount_wan_yuan": 0, "source": "非税系统"}},
    "carried_in": [0, 0, 0, 0, 0, 0],
    "table4": {g: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0}
               for g in ("review", "litigation_direct", "litigation_after_review")},
}
PROBLEMS = "一是解读形式单一。二是个别栏目更新不及时。下一步将丰富解读形式，建立更新提醒机制，按期督办整改。"


def ready_draft(world, organ=None, clerk=None, year=2025):
    organ, clerk = organ or world.fgj, clerk or world.fgj_clerk
    report = services.report_start(actor=clerk, organ=organ, year=year)
    sections = {k: v.replace("（请填写", "（已填写") for k, v in report.sections.items()}
    return services.report_update(actor=clerk, report=report, entered=FIGURES,
                                  sections={**sections, "problems": PROBLEMS})


def reasons(report):
    return {warning_key(f): "已核实。" for f in report.findings_of("warning")}


def published(world, **kwargs):
    report = ready_draft(world, **kwargs)
    report = services.report_submit(actor=world.fgj_clerk, report=report, warning_reasons=reasons(report))
    report = services.report_approve(actor=world.fgj_reviewer, report=report)
    return services.report_publish(actor=world.fgj_reviewer, report=report, published_on=dt.date(2026, 1, 20))


def test_first_draft_quotes_the_numbers_and_flags_its_prompts(world, frozen_today):
    report = services.report_start(actor=world.fgj_clerk, organ=world.fgj, year=2025)
    assert report.status == S.DRAFT and report.version == 1
    assert "本年新收政府信息公开申请0件" in report.sections["applications"]
    rules = {f["rule"] for f in report.findings_of("error")}
    assert "draft.placeholder" in rules  # the prompts of the first draft must be rewritten
    assert EventLog.objects.filter(event_type=EventType.REPORT_DRAFTED, organ=world.fgj).exists()


@pytest.mark.parametrize("user", ["fgj_reviewer", "jyj_clerk", "district_supervisor", "sysadmin", "nobody"])
def test_only_the_organs_clerk_drafts(world, frozen_today, user):
    with pytest.raises(PermissionDeniedError):
        services.report_start(actor=getattr(world, user), organ=world.fgj, year=2025)
    assert not AnnualReport.objects.exists()


def test_a_report_with_errors_cannot_be_submitted(world, frozen_today):
    report = services.report_start(actor=world.fgj_clerk, organ=world.fgj, year=2025)
    with pytest.raises(ApplicationError, match="还有错误"):
        services.report_submit(actor=world.fgj_clerk, report=report)
    report.refresh_from_db()
    assert report.status == S.DRAFT


def test_warnings_need_written_reasons(world, frozen_today):
    report = ready_draft(world)
    assert report.findings_of("error") == []
    warnings = report.findings_of("warning")
    if warnings:
        with pytest.raises(ApplicationError, match="理由"):
            services.report_submit(actor=world.fgj_clerk, report=report, warning_reasons={})
    report = services.report_submit(actor=world.fgj_clerk, report=report, warning_reasons=reasons(report))
    assert report.status == S.SUBMITTED and set(report.warning_reasons) == {warning_key(f) for f in warnings}


def test_only_the_organs_reviewer_approves_and_publishes(world, frozen_today):
    report = ready_draft(world)
    report = services.report_submit(actor=world.fgj_clerk, report=report, warning_reasons=reasons(report))
    for user in (world.fgj_clerk, world.jyj_clerk, world.district_reviewer, world.district_supervisor):
        with pytest.raises(PermissionDeniedError):
            services.report_approve(actor=user, report=report)
    report = services.report_approve(actor=world.fgj_reviewer, report=report)
    with pytest.raises(PermissionDeniedError):
        services.report_publish(actor=world.fgj_clerk, report=report)
    report = services.report_publish(actor=world.fgj_reviewer, report=report, published_on=dt.date(2026, 1, 20))
    assert report.status == S.PUBLISHED and report.content["published_on"] == "2026-01-20"


def test_late_publication_needs_a_reason(world, frozen_today):
    report = ready_draft(world)
    report = services.report_submit(actor=world.fgj_clerk, report=report, warning_reasons=reasons(report))
    report = services.report_approve(actor=world.fgj_reviewer, report=report)
    with pytest.raises(ApplicationError, match="第四十九条"):
        services.report_publish(actor=world.fgj_reviewer, report=report, published_on=dt.date(2026, 2, 3))
    report = services.report_publish(actor=world.fgj_reviewer, report=report, published_on=dt.date(2026, 2, 3),
                                     late_reason="机构调整")
    late = [f for f in report.findings_of("warning") if f["rule"] == "published.late"]
    assert late and report.warning_reasons[warning_key(late[0])] == "机构调整"


def test_returned_report_goes_back_to_the_clerk(world, frozen_today):
    report = ready_draft(world)
    report = services.report_submit(actor=world.fgj_clerk, report=report, warning_reasons=reasons(report))
    with pytest.raises(ApplicationError, match="理由"):
        services.report_return(actor=world.fgj_reviewer, report=report, reason=" ")
    report = services.report_return(actor=world.fgj_reviewer, report=report, reason="请补充平台建设情况")
    assert report.status == S.DRAFT
    assert EventLog.objects.get(event_type=EventType.REPORT_RETURNED).details["reason"] == "请补充平台建设情况"


def test_published_is_never_edited_only_corrected(world, frozen_today):
    report = published(world)
    with pytest.raises(ApplicationError, match="已发布"):
        services.report_update(actor=world.fgj_clerk, report=report, sections={"other": "改了"})
    with pytest.raises(ApplicationError, match="已发布"):
        services.report_start(actor=world.fgj_clerk, organ=world.fgj, year=2025)
    with pytest.raises(ApplicationError, match="更正原因"):
        services.report_correct(actor=world.fgj_clerk, report=report, reason="")
    correction = services.report_correct(actor=world.fgj_clerk, report=report, reason="更正行政许可数量")
    assert (correction.version, correction.status, correction.correction_of) == (2, S.DRAFT, report)
    # It starts from the published figures; each changed cell needs its reason before submission.
    assert correction.content["table2"] == report.content["table2"]
    correction = services.report_cells_correct(actor=world.fgj_clerk, report=correction,
                                               values={"table2.licensing.decisions": "15"})
    with pytest.raises(ApplicationError, match="行政许可·本年处理决定数量"):
        services.report_submit(actor=world.fgj_clerk, report=correction, warning_reasons=reasons(correction))
    correction = services.report_cells_correct(actor=world.fgj_clerk, report=correction, values={},
                                               reasons={"table2.licensing.decisions": "审批系统补录3件"})
    correction = services.report_submit(actor=world.fgj_clerk, report=correction,
                                        warning_reasons=reasons(correction))
    correction = services.report_approve(actor=world.fgj_reviewer, report=correction)
    correction = services.report_publish(actor=world.fgj_reviewer, report=correction,
                                         published_on=dt.date(2026, 1, 25))
    report.refresh_from_db()
    assert report.status == S.PUBLISHED and report.content["table2"]["licensing"]["decisions"] == 12
    assert correction.content["table2"]["licensing"]["decisions"] == 15
    from gongkai.annual_reports.selectors import current_published

    assert current_published(world.fgj, 2025) == correction


def test_entered_figures_are_validated_in_chinese(world, frozen_today):
    report = services.report_start(actor=world.fgj_clerk, organ=world.fgj, year=2025)
    bad = {"table2": {"licensing": {"decisions": -1, "source": "x"}}}
    with pytest.raises(ApplicationError, match="不能为负数"):
        services.report_update(actor=world.fgj_clerk, report=report, entered=bad)
    with pytest.raises(ApplicationError, match="数据来源"):
        services.report_update(actor=world.fgj_clerk, report=report,
                               entered={"table2": {"penalties": {"decisions": 3, "source": ""}}})
    with pytest.raises(ApplicationError, match="整数"):
        services.report_update(actor=world.fgj_clerk, report=report,
                               entered={"table2": {"coercion": {"decisions": "1.5", "source": "x"}}})
    report.refresh_from_db()
    assert report.entered == {}


def test_deadlines_follow_article_49(world):
    from gongkai.annual_reports.deadlines import publication_deadline

    assert publication_deadline(2025, world.district.kind) == dt.date(2026, 3, 31)
    assert publication_deadline(2025, world.fgj.kind) == dt.date(2026, 1, 31)
    assert publication_deadline(2025, "dispatched") == dt.date(2026, 1, 31)


def test_the_chase_reminds_until_published(world, frozen_today, mailoutbox, django_capture_on_commit_callbacks):
    from gongkai.annual_reports.chasers import chase_annual_reports

    world.fgj_clerk.email = "fgj@example.cn"
    world.fgj_clerk.save()
    today = dt.date(2026, 1, 25)
    with django_capture_on_commit_callbacks(execute=True):
        items = chase_annual_reports(today=today, dry_run=False)
    fgj = next(i for i in items if i.organ == world.fgj.name)
    assert "还有6天" in fgj.detail and "fgj_clerk" in fgj.recipients
    assert all(i.organ != world.district.name for i in items)  # 31 March is more than 15 days away
    assert any("fgj@example.cn" in m.to for m in mailoutbox)
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        chase_annual_reports(today=today, dry_run=False)
    assert len(mailoutbox) == sent  # once a day
    assert EventLog.objects.filter(event_type=EventType.REPORT_REMINDED, organ=world.fgj).count() == 1
    published(world)
    assert all(i.organ != world.fgj.name for i in chase_annual_reports(today=today, dry_run=True))


def test_a_correction_after_the_deadline_of_a_report_first_published_on_time_is_not_late(world, frozen_today):
    report = published(world)  # 2026-01-20, before the department's 31 January
    correction = services.report_correct(actor=world.fgj_clerk, report=report, reason="更正")
    correction = services.report_submit(actor=world.fgj_clerk, report=correction, warning_reasons=reasons(correction))
    correction = services.report_approve(actor=world.fgj_reviewer, report=correction)
    correction = services.report_publish(actor=world.fgj_reviewer, report=correction,
                                         published_on=dt.date(2026, 5, 6))
    assert not [f for f in correction.findings if f["rule"] == "published.late"]
    from gongkai.annual_reports.selectors import report_states

    row = report_states([world.fgj], 2025)[0]
    assert row.published == correction and not row.late and row.first_published_on == dt.date(2026, 1, 20)


def test_no_one_approves_a_report_they_submitted(world, frozen_today):
    from gongkai.organs.models import Role
    from gongkai.organs.services import role_grant

    role_grant(actor=None, user=world.fgj_clerk, organ=world.fgj, role=Role.REVIEWER)
    report = ready_draft(world)
    report = services.report_submit(actor=world.fgj_clerk, report=report, warning_reasons=reasons(report))
    with pytest.raises(PermissionDeniedError, match="自己提交"):
        services.report_approve(actor=world.fgj_clerk, report=report)
    assert services.report_approve(actor=world.fgj_reviewer, report=report).status == S.APPROVED


def test_the_report_docx_is_a4_with_the_official_fonts(world, frozen_today):
    from gongkai.annual_reports.export import render_docx
    from gongkai.letters.tests.test_documents import assert_a4_docx

    report = published(world)
    assert_a4_docx(render_docx(report.content))


def test_a_correction_diff_lists_exactly_the_changed_cells(world, frozen_today):
    from gongkai.annual_reports.corrections import changed_cells

    report = published(world)
    correction = services.report_correct(actor=world.fgj_clerk, report=report, reason="补录")
    assert changed_cells(report.content, correction.content) == []
    values = {"table3.received_new.natural_person": report.content["table3"]["received_new"][0] + 1,
              "table3.received_new.total": report.content["table3"]["received_new"][6] + 1,
              "table4.review.upheld": "2"}
    correction = services.report_cells_correct(actor=world.fgj_clerk, report=correction, values=values)
    diff = changed_cells(report.content, correction.content)
    assert [c.path for c in diff] == list(values)
    assert diff[0].label == "表三 一、本年新收政府信息公开申请数量·自然人"
    page = client_for(world.fgj_clerk).get("/staff/reports/" + world.fgj.code + "/2025/").content.decode()
    assert "与第1版的比较（3个单元格有改动）" in page and "表四 行政复议·结果维持" in page
