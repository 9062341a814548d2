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


def changes_since_publication(report) -> list[str]:
    """What was entered after `report` was published and counts in its year — a back-dated application
    (table 三), a 规章 or 行政规范性文件 made or repealed that year (table 二), a 复议 or 诉讼 filed that year
    (table 四) — one Chinese sentence each. Empty for an unpublished report. The workspace and the home
    page list the report as "发布后数据有变动" while this is not empty and no correction is published."""
    import datetime as dt

    from django.db.models import Q
    from django.utils import timezone

    from gongkai.applications.clock import cn
    from gongkai.applications.selectors import cases_for_report
    from gongkai.catalogue.models import Item

    from .providers import GENRE_ROWS

    if report is None or not report.is_published or report.published_at is None:
        return []
    since, year, organ = report.published_at, report.year, report.organ
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out = []
    for no, received, created in (cases_for_report(organ, year).filter(created_at__gt=since)
                                  .values_list("tracking_no", "received_on", "created_at")[:50]):
        out.append(f"申请{no}（收到日期{cn(received)}）于{cn(timezone.localdate(created))}登记")
    in_year = (Q(issued_on__range=(jan1, dec31)) | Q(issued_on__isnull=True, written_on__range=(jan1, dec31))
               | Q(repealed_on__range=(jan1, dec31)))
    for title, published in (Item.objects.filter(organ=organ, status=Item.Status.PUBLISHED, genre__in=GENRE_ROWS,
                                                 published_at__gt=since).filter(in_year)
                             .values_list("title", "published_at")[:50]):
        out.append(f"《{title}》于{cn(timezone.localdate(published))}发布，计入{year}年表二")
    from gongkai.remedies.models import Lawsuit, Review

    for model, label in ((Review, "行政复议"), (Lawsuit, "行政诉讼")):
        for case_no, filed, created in (model.objects.filter(organ=organ, created_at__gt=since, filed_on__lte=dec31)
                                        .values_list("case_no", "filed_on", "created_at")[:50]):
            out.append(f"{label}{case_no or ''}（{cn(filed)}）于{cn(timezone.localdate(created))}登记")
    return out


def published_period_warning(organ, day, *, what: str) -> str | None:
    """The check registered with gongkai.core.published: a record dated in a year whose report is published."""
    from gongkai.applications.clock import cn

    report = current_published(organ, day.year)
    if report is None:
        return None
    return (f"该{what}的日期在{day.year}年，{organ.name}{day.year}年度报告已于{cn(report.published_on)}发布："
            f"登记后该年度的统计数据与已发布的报告不再一致，报告将列为“发布后数据有变动”；"
            f"如需更正，请在年度报告页面创建更正版本（已发布的版本保持不变）。")
