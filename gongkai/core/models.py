"""Shared models: the timestamped base and the audit EventLog."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base of every Gongkai model: when the row was created and last changed."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class EventType(models.TextChoices):
    """Every kind of action Gongkai records. Values are stable: reports and 考评 count them.

    Grouped by app, as `<app>.<noun>_<verb>`; later apps add their own members here.
    """

    # organs
    ORGAN_CREATED = "organs.organ_created", _("新建机关")
    ORGAN_UPDATED = "organs.organ_updated", _("修改机关")
    OFFICE_UPDATED = "organs.office_updated", _("修改政府信息公开工作机构信息")
    USER_CREATED = "organs.user_created", _("新建用户")
    USER_DEACTIVATED = "organs.user_deactivated", _("停用用户")
    ROLE_GRANTED = "organs.role_granted", _("授予角色")
    ROLE_REVOKED = "organs.role_revoked", _("撤销角色")
    # staff log-in
    LOGIN_SUCCEEDED = "auth.login_succeeded", _("登录成功")
    LOGIN_FAILED = "auth.login_failed", _("登录失败")
    LOGGED_OUT = "auth.logged_out", _("退出登录")
    # workdays
    CALENDAR_YEAR_ENTERED = "workdays.year_entered", _("录入全年放假安排")
    CALENDAR_DAY_SET = "workdays.day_set", _("设置节假日或调休")
    CALENDAR_DAY_REMOVED = "workdays.day_removed", _("删除节假日或调休")
    # annual reports
    REPORT_FILE_SAVED = "annual_reports.file_saved", _("保存外部发布的年度报告")
    # portal
    PORTAL_UPDATED = "portal.portal_updated", _("修改门户网站设置")


class EventLog(models.Model):
    """One row per action: the case timeline, the audit trail and the source of report counts.

    Rows are only ever added (by `gongkai.core.events.record_event`), never changed.
    """

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # A snapshot of who acted, kept if the user is later removed; "系统" for jobs, "公众" for the public.
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    organ = models.ForeignKey(
        "organs.Organ", verbose_name=_("机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    # An EventType value. Not a `choices` field on purpose: apps add event types without a migration.
    event_type = models.CharField(_("事件类型"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"], name="eventlog_object_idx"),
            models.Index(fields=["organ", "event_type", "created_at"], name="eventlog_organ_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.event_label} {self.object_repr}"

    @property
    def event_label(self) -> str:
        """The event type's Chinese label (the raw value for a type no longer defined)."""
        try:
            return str(EventType(self.event_type).label)
        except ValueError:
            return self.event_type
