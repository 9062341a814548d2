"""督办 for annual reports: remind an organ's clerks and reviewers as last year's report's
第四十九条 deadline nears (15 days) or passes, until it is published (in Gongkai, or a current saved file
of a report published elsewhere: selectors.report_states, as /staff/reports/ and the 考评). Once a day at most."""

import datetime as dt

from gongkai.core.chase import ChaseItem, register_chaser
from gongkai.core.models import EventType
from gongkai.core.reminders import remind_once
from gongkai.organs.models import Membership, Organ, Role

from .selectors import report_states

REMIND_DAYS_BEFORE = 15


def _recipients(organ: Organ) -> list:
    return [m.user for m in Membership.objects.filter(
        organ=organ, role__in=(Role.CLERK, Role.REVIEWER), user__is_active=True).select_related("user")]


@register_chaser("annual_reports")
def chase_annual_reports(*, today: dt.date, dry_run: bool) -> list[ChaseItem]:
    year = today.year - 1
    items = []
    for state in report_states(Organ.objects.filter(is_active=True).order_by("path"), year, today=today):
        organ, due, left = state.organ, state.deadline, state.days_left
        if state.is_published or left > REMIND_DAYS_BEFORE:
            continue
        detail = (f"{year}年度报告尚未发布，已超过《条例》第四十九条规定的公布期限{due:%Y-%m-%d}{-left}天"
                  if left < 0 else f"{year}年度报告尚未发布，距公布期限{due:%Y-%m-%d}还有{left}天")
        users = _recipients(organ)
        items.append(ChaseItem("annual_report.due", organ.name, f"{year}年度报告", detail,
                               tuple(u.username for u in users)))
        if dry_run:
            continue
        remind_once(kind="annual_report.due", event_type=EventType.REPORT_REMINDED, obj=organ, day=today,
                    recipients=users, template="annual_reports/emails/reminder",
                    context={"detail": detail, "year": year}, details={"year": year, "deadline": due})
    return items
