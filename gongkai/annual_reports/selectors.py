"""Named reads for annual reports."""

from django.db.models import Q, QuerySet

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import grants_of, is_sysadmin

from .models import ReportFile


def organs_for_report_files(user) -> QuerySet[Organ]:
    """The organs this user may save published reports for (see permissions.can_save_report_file)."""
    if is_sysadmin(user):
        return Organ.objects.filter(is_active=True)
    condition = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role in (Role.CLERK, Role.REVIEWER):
            condition |= Q(pk=grant.organ_id)
        elif grant.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=grant.organ_path)
    return Organ.objects.filter(condition, is_active=True)


def report_files_visible_to(user) -> QuerySet[ReportFile]:
    return ReportFile.objects.filter(organ__in=organs_for_report_files(user)).select_related("organ", "saved_by")


def published_versions(organ, year: int):
    """Every published version of a year's report, newest first (corrections stay public)."""
    from .models import AnnualReport

    return AnnualReport.objects.filter(organ=organ, year=year, status=AnnualReport.Status.PUBLISHED).order_by(
        "-version")


def current_published(organ, year: int):
    """The current (latest) published version, or None."""
    return published_versions(organ, year).first()


def open_version(organ, year: int):
    """The version being worked on (draft, submitted or approved), or None."""
    from .models import AnnualReport

    return AnnualReport.objects.filter(organ=organ, year=year, status__in=AnnualReport.OPEN_STATUSES).first()


def published_reports(organs=None):
    """Current published reports (one per organ and year), for the portal's 年报 column."""
    from django.db.models import OuterRef, Subquery

    from .models import AnnualReport

    qs = AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED)
    if organs is not None:
        qs = qs.filter(organ__in=organs)
    versions = AnnualReport.objects.filter(organ=OuterRef("organ"), year=OuterRef("year"),
                                           status=AnnualReport.Status.PUBLISHED)
    # `first_published_on`: the first version's 发布日期 — the one 第四十九条's deadline is judged on; a
    # correction's own date is the current version's `published_on`.
    return (qs.filter(pk=Subquery(versions.order_by("-version").values("pk")[:1]))
            .annotate(first_published_on=Subquery(versions.order_by("version").values("published_on")[:1]))
            .select_related("organ").order_by("-year", "organ__path"))


def report_status_by_organ(organs, year: int) -> list[dict]:
    """For a supervisor: each organ's report for `year` — published (on time or late), in progress
    or missing — with its 第四十九条 deadline."""
    from .deadlines import publication_deadline
    from .models import AnnualReport

    reports: dict[int, list] = {}
    for report in AnnualReport.objects.filter(organ__in=organs, year=year).order_by("-version"):
        reports.setdefault(report.organ_id, []).append(report)
    rows = []
    for organ in organs:
        versions = reports.get(organ.pk, [])
        published = [r for r in versions if r.is_published]  # newest first
        working = next((r for r in versions if not r.is_published), None)
        due = publication_deadline(year, organ.kind)
        first = published[-1] if published else None  # lateness is judged on the first publication
        rows.append({
            "organ": organ,
            "deadline": due,
            "published": published[0] if published else None,
            "first_published_on": first.published_on if first else None,
            "working": working,
            "late": bool(first and first.published_on and first.published_on > due),
        })
    return rows
