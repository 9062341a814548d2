"""Named reads for annual reports."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongkai.applications.clock import cn
from gongkai.applications.selectors import cases_for_report
from gongkai.catalogue.models import Item
from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import grants_of, is_sysadmin
from gongkai.remedies.models import Lawsuit, Review

from .deadlines import is_late, publication_deadline
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


@dataclass
class ReportState:
    """Where an organ's 年度报告 for a year stands: the one answer /staff/reports/, the chase and the 考评
    all read. Published means a version published in Gongkai or, failing that, a current saved file
    (reported elsewhere); lateness (第四十九条) is judged on the first publication."""

    organ: Organ
    year: int
    deadline: dt.date
    today: dt.date
    published: object | None = None  # the current published AnnualReport
    first_published_on: dt.date | None = None
    working: object | None = None  # the AnnualReport version being worked on
    file: ReportFile | None = None  # the current saved file

    @property
    def source(self) -> str:
        """"gongkai", "file", or "" when unpublished."""
        return "gongkai" if self.published is not None else "file" if self.file is not None else ""

    @property
    def is_published(self) -> bool:
        return bool(self.source)

    @property
    def late(self) -> bool:
        return is_late(self.first_published_on, self.deadline, today=self.today)

    @property
    def published_late(self) -> bool:
        return self.is_published and self.late

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def counts(self) -> tuple[int, int] | None:
        """(errors, warnings) of what is shown: the version being worked on, else the published one, else
        the file; None when there is nothing."""
        shown = self.working or self.published
        if shown is not None:
            return shown.error_count, shown.warning_count
        if self.file is not None:
            return self.file.errors, self.file.warnings
        return None


def report_states(organs, year: int, *, today: dt.date | None = None) -> list[ReportState]:
    """Each organ's ReportState for `year` (three queries whatever the number of organs)."""
    from django.utils import timezone

    from .models import AnnualReport

    today = today or timezone.localdate()
    organs = list(organs)
    ids = [o.pk for o in organs]
    versions: dict[int, list] = {}
    for report in AnnualReport.objects.filter(organ_id__in=ids, year=year).order_by("-version"):
        versions.setdefault(report.organ_id, []).append(report)
    files: dict[int, list] = {}
    for f in (ReportFile.objects.filter(organ_id__in=ids, year=year)
              .exclude(status=ReportFile.Status.WITHDRAWN).order_by("-created_at", "-id")):
        files.setdefault(f.organ_id, []).append(f)
    states = []
    for organ in organs:
        state = ReportState(organ, year, publication_deadline(year, organ.kind), today)
        mine = versions.get(organ.pk, [])
        published = [r for r in mine if r.is_published]  # newest first
        state.working = next((r for r in mine if not r.is_published), None)
        saved = files.get(organ.pk, [])
        state.file = next((f for f in saved if f.is_current), None)
        if published:
            state.published, state.first_published_on = published[0], published[-1].published_on
        elif state.file is not None:
            # the first of the files that were current in turn (a replaced copy was public before it)
            state.first_published_on = min((f.published_on for f in saved if f.published_on), default=None)
        states.append(state)
    return states


def changes_since_publication(report) -> list[str]:
    """What was entered after `report` was published and counts in its year — a back-dated application
    (table 三), a 规章 or 行政规范性文件 made or repealed that year (table 二), a 复议 or 诉讼 filed that year
    (table 四) — one Chinese sentence each. Empty for an unpublished report. The workspace and the home
    page list the report as "发布后数据有变动" while this is not empty and no correction is published."""
    import datetime as dt

    from django.db.models import Q
    from django.utils import timezone

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

    for model, label in ((Review, "行政复议"), (Lawsuit, "行政诉讼")):
        for case_no, filed, created in (model.objects.filter(organ=organ, created_at__gt=since, filed_on__lte=dec31)
                                        .values_list("case_no", "filed_on", "created_at")[:50]):
            out.append(f"{label}{case_no or ''}（{cn(filed)}）于{cn(timezone.localdate(created))}登记")
    return out


def published_period_warning(organ, day, *, what: str) -> str | None:
    """The check registered with gongkai.core.published: a record dated in a year whose report is published."""
    report = current_published(organ, day.year)
    if report is None:
        return None
    return (f"该{what}的日期在{day.year}年，{organ.name}{day.year}年度报告已于{cn(report.published_on)}发布："
            f"登记后该年度的统计数据与已发布的报告不再一致，报告将列为“发布后数据有变动”；"
            f"如需更正，请在年度报告页面创建更正版本（已发布的版本保持不变）。")
