"""The calendar data an administrator enters: whole years of 放假安排 and single-day overrides.

chinesecalendar supplies the national calendar for the years it knows; these rows add the years it
lacks, correct the years it has, and carry local holidays of 民族自治地方 (《全国年节及纪念日放假办法》
lets them set their own). How the layers combine is in `calendar.compose_year`.
Rows are written only by `services.py`, which records each change in the EventLog.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel

from . import calendar

# '' (national), or a 2-, 4- or 6-digit 行政区划代码 prefix (province, prefecture, county).
REGION_CODE_REGEX = r"^([0-9]{2}|[0-9]{4}|[0-9]{6})?$"


class CalendarYear(TimeStampedModel):
    """A year's 放假安排 as published in a 国务院办公厅 notice (or a local government's notice).

    For the nation (`region_code` ''), a `complete` year replaces chinesecalendar for that year and
    makes it a year "with data". For a region it only records where the region's days came from.
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True, default="",
                                   help_text=_("留空表示全国；或6位代码、2位/4位前缀。"))
    # The notice's 文号 and/or title, e.g. 国办发明电〔2024〕12号 《国务院办公厅关于2025年部分节假日安排的通知》.
    source_document = models.CharField(_("通知文号或标题"), max_length=200)
    published_on = models.DateField(_("通知发布日期"))
    # True once every holiday and 调休 day of the notice is in; only then is the year "with data".
    complete = models.BooleanField(_("已完整录入"), default=True)
    # The administrator's text as entered (structured lines or the notice's prose), kept for audit.
    source_text = models.TextField(_("录入原文"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")
        ordering = ["-year", "region_code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "region_code"], name="calendaryear_unique_year_region"),
            models.CheckConstraint(condition=models.Q(region_code__regex=REGION_CODE_REGEX),
                                   name="calendaryear_region_code_format"),
            models.CheckConstraint(condition=models.Q(year__gte=1949, year__lte=2200), name="calendaryear_year_range"),
        ]

    def __str__(self) -> str:
        where = f"（{self.region_code}）" if self.region_code else ""
        return f"{self.year}年放假安排{where}"


class CalendarDay(TimeStampedModel):
    """One day that is not what "Monday–Friday work, weekends rest" says.

    A `holiday` is a 放假 day (weekday or weekend); a `workday` is a weekend day worked for 调休.
    Rows entered with a whole year point at it (`year`); single overrides have no year.
    """

    class Kind(models.TextChoices):
        HOLIDAY = calendar.HOLIDAY, _("放假")
        WORKDAY = calendar.WORKDAY, _("上班（调休）")

    date = models.DateField(_("日期"))
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True, default="",
                                   help_text=_("留空表示全国；或6位代码、2位/4位前缀。"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # The holiday it belongs to, e.g. 春节, 国庆节, 那达慕 (a 调休 day carries its holiday's name).
    name = models.CharField(_("名称"), max_length=50, blank=True)
    year = models.ForeignKey(CalendarYear, verbose_name=_("所属年度安排"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="days")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("节假日或调休日")
        verbose_name_plural = _("节假日或调休日")
        ordering = ["date", "region_code"]
        constraints = [
            models.UniqueConstraint(fields=["date", "region_code"], name="calendarday_unique_date_region"),
            models.CheckConstraint(condition=models.Q(region_code__regex=REGION_CODE_REGEX),
                                   name="calendarday_region_code_format"),
            models.CheckConstraint(condition=models.Q(kind__in=[calendar.HOLIDAY, calendar.WORKDAY]),
                                   name="calendarday_kind_valid"),
        ]
        indexes = [models.Index(fields=["region_code", "date"], name="calendarday_region_date_idx")]

    def __str__(self) -> str:
        where = f"（{self.region_code}）" if self.region_code else ""
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}{where}".strip()


class CalendarRevision(models.Model):
    """One change of the working-day calendar: its number is the calendar's version.

    Every stored deadline records the version it was computed with (`calendar_version`); a change
    writes a revision in the same transaction and, once committed, recomputes every open deadline
    touching its years (`recompute.py`, one Celery task per batch, with progress here). The nightly
    job recomputes anything stored with an older version.
    """

    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True, default="")
    reason = models.CharField(_("变更内容"), max_length=200)
    cases_total = models.PositiveIntegerField(_("需重新计算"), null=True, blank=True)  # None until counted
    cases_done = models.PositiveIntegerField(_("已重新计算"), default=0)
    cases_changed = models.PositiveIntegerField(_("期限有变化"), default=0)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作日历版本")
        verbose_name_plural = _("工作日历版本")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"第{self.pk}版 {self.reason}"

    @property
    def percent(self) -> int:
        if not self.cases_total:
            return 100 if self.finished_at else 0
        return min(100, round(self.cases_done * 100 / self.cases_total))
