"""The annual report's part of the home page (gongkai.core.home): last year's report of each of the user's
organs — its state, the days left to the 第四十九条 deadline, data changed since publication — and each
report awaiting the reviewer (submitted: approve or return; approved: publish or return)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.core.home import Action, Line, QueueEntry, register_panel, register_queue
from gongkai.organs.models import Role
from gongkai.organs.selectors import organs_with_role

from .corrections import changed_cells
from .deadlines import publication_deadline
from .models import AnnualReport
from .selectors import changes_since_publication, report_states


@register_panel("annual_report", title="年度报告", roles={Role.CLERK, Role.REVIEWER}, order=50)
def report_panel(user, *, today: dt.date) -> list[Line]:
    year = today.year - 1
    organs = list(organs_with_role(user, Role.CLERK, Role.REVIEWER).filter(is_active=True).order_by("path"))
    lines = []
    for row in report_states(organs, year, today=today):  # the state /staff/reports/, the chase and 考评 read
        organ, due = row.organ, row.deadline
        left = row.days_left
        when = (f"距公布期限（{due:%Y-%m-%d}）还有{left}天" if left >= 0
                else f"已超过公布期限（{due:%Y-%m-%d}）{-left}天（第四十九条）")
        published, working = row.published, row.working
        urgent = False
        if working is not None:
            state = f"第{working.version}版{working.get_status_display()}" + (
                "（更正）" if working.correction_of_id else "")
            urgent = published is None and left <= 15
        elif published is not None:
            state = f"已于{published.published_on:%Y-%m-%d}发布" + ("（逾期发布）" if row.late else "")
            when = ""
        elif row.file is not None:  # published elsewhere, its file saved here
            state = (f"已在其他网站发布（{row.first_published_on:%Y-%m-%d}），报告文件已保存"
                     if row.first_published_on else "报告文件已保存") + ("（逾期发布）" if row.late else "")
            when = ""
        else:
            state, urgent = "尚未起草", left <= 30
        changed = changes_since_publication(published) if published is not None and working is None else []
        if changed:
            state += f"；发布后数据有变动（{len(changed)}处）"
            urgent = True
        lines.append(Line(f"{organ.name}{year}年度报告", None,
                          reverse("annual_reports_staff:report", args=[organ.code, year]),
                          "创建更正版本" if changed else "", urgent=urgent,
                          note="；".join(x for x in (state, when) if x)))
    return lines


@register_queue("annual_reports", roles={Role.REVIEWER})
def report_queue(user, *, today: dt.date) -> list[QueueEntry]:
    reports = (AnnualReport.objects.filter(organ__in=organs_with_role(user, Role.REVIEWER),
                                           status__in=(AnnualReport.Status.SUBMITTED, AnnualReport.Status.APPROVED))
               .select_related("organ", "submitted_by", "correction_of").order_by("submitted_at"))
    entries = []
    for report in reports:
        code, year = report.organ.code, report.year

        def url(action: str, code=code, year=year) -> str:
            return reverse("annual_reports_staff:transition", args=[code, year, action])

        facts = [f"第{report.version}版，提交人：{report.submitted_by.display_name if report.submitted_by else '—'}",
                 f"检查：错误{report.error_count}条，警告{report.warning_count}条（均已写明理由）",
                 f"公布期限：{publication_deadline(year, report.organ.kind):%Y-%m-%d}"]
        if report.correction_of_id:
            cells = changed_cells(report.correction_of.content, report.content)
            facts.append(f"更正第{report.correction_of.version}版：{report.correction_reason}；改动{len(cells)}个单元格")
        if report.status == AnnualReport.Status.SUBMITTED:
            own = report.submitted_by_id == user.pk
            approve = Action(url("approve"), "审核通过",
                             disabled="不能审核自己提交的年度报告，须由其他审核人审核。" if own else "")
        else:
            late = today > publication_deadline(year, report.organ.kind)
            approve = Action(url("publish"), "发布到门户网站",
                             reason="reason" if late else "", reason_label="逾期原因")
        entries.append(QueueEntry(
            kind="年度报告", title=str(report), url=reverse("annual_reports_staff:report", args=[code, year]),
            organ=report.organ.name, since=report.submitted_at, facts=tuple(facts), approve=approve,
            send_back=Action(url("return"), "退回修改", reason="reason", reason_label="退回理由"),
        ))
    return entries
