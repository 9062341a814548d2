"""The supervisor's home (/staff/supervision/home/) and the two home-page panels of 考评: named reads.

`supervisor_counts(user)` and `clerk_notices(user)` return a panel ({"title", "url", "items": [{"label",
"count", "url", "flag"}]}) or None when the user has nothing there: cheap (a few COUNTs), so the staff
home page shows them (`supervisor_panel`, `clerk_panel`, registered in gongkai.core.home).
`supervisor_home(user)` is the whole page: the counts, the lists behind them, and the organs vetoed in
the current year's 考评."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gongkai.annual_reports.selectors import report_states
from gongkai.applications import selectors as app_selectors
from gongkai.applications.models import Application
from gongkai.core.home import Line, register_panel
from gongkai.organs.models import Role
from gongkai.organs.selectors import grants_of, is_sysadmin, organs_overseen

from .indicators import Period
from .models import AuditRun, Notice
from .selectors import notices_awaiting, scope_for

REPORT_DUE_DAYS = 15  # as the annual-report chase (annual_reports.chasers.REMIND_DAYS_BEFORE)


def _supervised(user):
    """The organs of every subtree the user supervises (an administrator: all)."""
    return organs_overseen(user).filter(is_active=True)


def _is_supervisor(user) -> bool:
    return any(g.role == Role.SUPERVISOR for g in grants_of(user)) or is_sysadmin(user)


def _report_lists(organs, today: dt.date) -> dict:
    year = today.year - 1
    states = report_states(organs.order_by("path"), year, today=today)
    return {
        "report_year": year,
        "reports_due": [s for s in states if not s.is_published and 0 <= s.days_left <= REPORT_DUE_DAYS],
        "reports_late": [s for s in states if not s.is_published and s.days_left < 0],
        "reports_published_late": [s for s in states if s.published_late],
    }


def supervisor_counts(user, *, today: dt.date | None = None) -> dict | None:
    """The panel of a 主管部门: overdue cases, reports due and late, 督办 open, overdue and awaiting review."""
    if not _is_supervisor(user):
        return None
    today = today or timezone.localdate()
    organs = _supervised(user)
    overdue = app_selectors.overdue(today=today, queryset=Application.objects.filter(organ__in=organs)).count()
    reports = _report_lists(organs, today)
    notices = Notice.objects.filter(organ__in=organs)
    notices_url = reverse("supervision:notices")
    return {
        "title": "考评与督办", "url": reverse("supervision:home"),
        "items": [
            {"label": "超期未答复的申请", "count": overdue, "url": reverse("supervision:home") + "#h-overdue",
             "flag": overdue > 0},
            {"label": f"{reports['report_year']}年度报告即将到期", "count": len(reports["reports_due"]),
             "url": reverse("annual_reports_staff:index") + f"?year={reports['report_year']}", "flag": False},
            {"label": f"{reports['report_year']}年度报告逾期未发布", "count": len(reports["reports_late"]),
             "url": reverse("annual_reports_staff:index") + f"?year={reports['report_year']}",
             "flag": bool(reports["reports_late"])},
            {"label": "未办结的督办", "count": notices.filter(status__in=Notice.OPEN_STATUSES).count(),
             "url": notices_url + "?state=open", "flag": False},
            {"label": "逾期未整改的督办", "count": notices.filter(status__in=Notice.AWAITING_ORGAN,
                                                           deadline__lt=today).count(),
             "url": notices_url + "?state=overdue", "flag": True},
            {"label": "待审核的整改情况", "count": notices.filter(status=Notice.Status.REPLIED).count(),
             "url": notices_url + "?state=review", "flag": False},
        ],
    }


def clerk_notices(user, *, today: dt.date | None = None) -> dict | None:
    """The panel of an organ's clerk: the 督办 received that await their answer (None when there are none)."""
    today = today or timezone.localdate()
    awaiting = list(notices_awaiting(user)[:10])
    if not awaiting:
        return None
    url = reverse("supervision:notices")
    return {
        "title": "收到的督办", "url": url + "?state=open",
        "items": [{"label": f"{n.doc_no}（整改期限{n.deadline:%Y-%m-%d}）", "count": None,
                   "url": reverse("supervision:notice", args=[n.pk]), "flag": n.is_overdue(today)} for n in awaiting],
    }


# --- the staff home page (gongkai.core.home): the two panels as lines --------------------------------


def _lines(panel: dict | None) -> list[Line] | None:
    if panel is None:
        return None
    return [Line(i["label"], i["count"], i["url"], urgent=bool(i["flag"])) for i in panel["items"]]


@register_panel("supervision", title="考评与督办", roles={Role.SUPERVISOR}, order=5)
def supervisor_panel(user, *, today: dt.date) -> list[Line] | None:
    """The 主管部门's counts first on its home page, each linking to the list it counts."""
    return _lines(supervisor_counts(user, today=today))


@register_panel("notices", title="收到的督办通知", roles={Role.CLERK, Role.REVIEWER}, order=26)
def clerk_panel(user, *, today: dt.date) -> list[Line] | None:
    """The 督办通知 (条例第四十七条) awaiting the organ's 整改, right after the chase's reminders."""
    return _lines(clerk_notices(user, today=today))


def supervisor_home(user, *, today: dt.date | None = None) -> dict | None:
    """The whole home page of a 主管部门 (None for anyone else: the page answers 404)."""
    from .periods import outcome

    panel = supervisor_counts(user, today=today)
    if panel is None:
        return None
    today = today or timezone.localdate()
    organs = _supervised(user)
    scope = scope_for(user)
    current = outcome(scope.root, Period.year(today.year), today=today) if scope and scope.root else None
    return {
        "panel": panel, "today": today, "scope": scope,
        "overdue": app_selectors.overdue(today=today, queryset=Application.objects.filter(organ__in=organs))
        .select_related("organ", "assigned_to").order_by("due_on", "pk")[:20],
        **_report_lists(organs, today),
        "vetoed": [s for s in current.scores if s.vetoes] if current else [],
        "failed": [s for s in current.scores if s.participating and not s.passed and not s.vetoes] if current else [],
        "period": current.period if current else None,
        "notices_overdue": Notice.objects.filter(organ__in=organs, status__in=Notice.AWAITING_ORGAN,
                                                 deadline__lt=today).select_related("organ").order_by("deadline")[:20],
        "notices_review": Notice.objects.filter(organ__in=organs, status=Notice.Status.REPLIED)
        .select_related("organ").order_by("deadline")[:20],
        "runs": AuditRun.objects.filter(organ__in=organs).select_related("organ").order_by("-created_at")[:5],
    }
