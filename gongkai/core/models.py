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
    USER_UPDATED = "organs.user_updated", _("修改用户")
    USER_LOCKED = "organs.user_locked", _("账号因连续登录失败被锁定")
    USER_UNLOCKED = "organs.user_unlocked", _("解除账号锁定")
    TOTP_STARTED = "core.totp_started", _("开始设置两步验证")
    TOTP_CONFIRMED = "core.totp_confirmed", _("启用两步验证")
    TOTP_REMOVED = "organs.totp_removed", _("移除两步验证设备")
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
    REPORT_FILE_REPLACED = "annual_reports.file_replaced", _("替换已保存的年度报告文件")
    REPORT_FILE_WITHDRAWN = "annual_reports.file_withdrawn", _("撤回已保存的年度报告文件")
    REPORT_DRAFTED = "annual_reports.drafted", _("起草年度报告")
    REPORT_UPDATED = "annual_reports.updated", _("修改年度报告")
    REPORT_SUBMITTED = "annual_reports.submitted", _("提交年度报告审核")
    REPORT_RETURNED = "annual_reports.returned", _("退回年度报告")
    REPORT_APPROVED = "annual_reports.approved", _("审核通过年度报告")
    REPORT_PUBLISHED = "annual_reports.published", _("发布年度报告")
    REPORT_CORRECTION_STARTED = "annual_reports.correction_started", _("更正已发布的年度报告")
    REPORT_REMINDED = "annual_reports.reminded", _("提醒按时公布年度报告")
    REPORT_CELLS_CORRECTED = "annual_reports.cells_corrected", _("更正年度报告数据")
    # portal
    PORTAL_UPDATED = "portal.portal_updated", _("修改门户网站设置")
    # catalogue
    ITEM_CREATED = "catalogue.item_created", _("新建政府信息")
    ITEM_UPDATED = "catalogue.item_updated", _("修改政府信息")
    ITEM_SUBMITTED = "catalogue.item_submitted", _("提交审核")
    ITEM_RETURNED = "catalogue.item_returned", _("退回修改")
    ITEM_APPROVED = "catalogue.item_approved", _("审核通过")
    ITEM_PUBLISHED = "catalogue.item_published", _("发布政府信息")
    ITEM_WITHDRAWN = "catalogue.item_withdrawn", _("撤回政府信息")
    ITEMS_IMPORTED = "catalogue.items_imported", _("批量导入政府信息")
    ATTACHMENT_ADDED = "catalogue.attachment_added", _("上传附件")
    ATTACHMENT_REMOVED = "catalogue.attachment_removed", _("删除附件")
    INTERPRETATION_LINKED = "catalogue.interpretation_linked", _("关联政策解读")
    INTERPRETATION_CREATED = "catalogue.interpretation_created", _("为文件添加解读")
    COLUMNS_SEEDED = "catalogue.columns_seeded", _("初始化栏目")
    COLUMN_UPDATED = "catalogue.column_updated", _("修改栏目")
    COLUMN_REMINDED = "catalogue.column_reminded", _("提醒栏目负责人更新")
    INDEX_SCHEME_SET = "catalogue.index_scheme_set", _("设置索引号规则")
    # search
    SEARCH_INDEX_REBUILT = "search.index_rebuilt", _("重建全文索引")
    # operations (gongkai.core): scheduled jobs and staff views of applicants' personal data
    JOB_SUCCEEDED = "core.job_succeeded", _("定时任务完成")
    JOB_FAILED = "core.job_failed", _("定时任务失败")
    PERSONAL_DATA_VIEWED = "core.personal_data_viewed", _("查看申请人个人信息")
    # applications
    APPLICATION_SUBMITTED = "applications.submitted", _("提交申请")
    APPLICATION_REGISTERED = "applications.registered", _("登记申请")
    APPLICATION_IMPORTED = "applications.imported", _("导入申请")
    APPLICATION_ASSIGNED = "applications.assigned", _("分配经办人")
    APPLICATION_TRANSFERRED = "applications.transferred", _("转办")
    CORRECTION_REQUESTED = "applications.correction_requested", _("告知补正")
    CORRECTION_RECEIVED = "applications.correction_received", _("收到补正")
    CORRECTION_LAPSED = "applications.correction_lapsed", _("逾期未补正，终止办理")
    CONSULTATION_STARTED = "applications.consultation_started", _("征求意见")
    CONSULTATION_ENDED = "applications.consultation_ended", _("征求意见结束")
    EXTENSION_REQUESTED = "applications.extension_requested", _("申请延期答复")
    EXTENSION_APPROVED = "applications.extension_approved", _("批准延期答复")
    EXTENSION_REFUSED = "applications.extension_refused", _("不批准延期答复")
    EXTENSION_NOTIFIED = "applications.extension_notified", _("发出延期答复告知书，延期生效")
    FEE_NOTICE_ISSUED = "applications.fee_notice_issued", _("拟收取信息处理费")
    FEE_PAID = "applications.fee_paid", _("缴纳信息处理费")
    FEE_LAPSED = "applications.fee_lapsed", _("逾期未缴费，终止办理")
    OUTCOME_DECIDED = "applications.outcome_decided", _("作出答复决定")
    OUTCOME_WITHDRAWN = "applications.outcome_withdrawn", _("撤回答复决定")
    APPLICATION_CLOSED = "applications.closed", _("办结")
    APPLICATION_NOTE_ADDED = "applications.note_added", _("添加内部备注")
    APPLICATION_REMINDED = "applications.reminded", _("督办提醒")
    DEADLINES_RECOMPUTED = "applications.deadlines_recomputed", _("工作日历更新，期限重新计算")
    CONSULTATION_WAITING = "applications.consultation_waiting", _("征求意见期限已过，继续等待")
    CONSULTATION_LAPSED = "applications.consultation_lapsed", _("被征求意见方逾期未提出意见，恢复计时")
    REASONS_REQUESTED = "applications.reasons_requested", _("要求申请人说明理由")
    REASONS_ASSESSED = "applications.reasons_assessed", _("审查申请人说明的理由")
    THIRD_PARTY_NOTIFIED = "applications.third_party_notified", _("书面告知第三方决定公开")
    # letters
    LETTER_DRAFTED = "letters.drafted", _("起草文书")
    LETTER_EDITED = "letters.edited", _("修改文书")
    LETTER_APPROVED = "letters.approved", _("审核签发文书")
    LETTER_SENT = "letters.sent", _("发出文书")
    LETTER_SERVED = "letters.served", _("送达文书")
    LETTER_DATES_CONFIRMED = "letters.dates_confirmed", _("确认文书载明的暂定日期")
    LETTER_TEMPLATE_SAVED = "letters.template_saved", _("修改文书模板")
    LETTER_RETURNED = "letters.returned", _("退回文书修改")
    LETTER_SELF_APPROVED = "letters.self_approved", _("一人办理：决定人签发本人决定的文书")
    LETTER_SETTINGS_SAVED = "letters.settings_saved", _("修改文书设置")
    RECEIPT_PRINTED = "letters.receipt_printed", _("打印受理回执")
    PROVIDED_FILE_ADDED = "letters.provided_file_added", _("上传提供的政府信息文件")
    PROVIDED_FILE_REMOVED = "letters.provided_file_removed", _("删除提供的政府信息文件")
    DELIVERY_DOWNLOADED = "letters.delivery_downloaded", _("申请人网上下载文书或信息")
    # remedies
    REVIEW_RECORDED = "remedies.review_recorded", _("登记行政复议")
    LAWSUIT_RECORDED = "remedies.lawsuit_recorded", _("登记行政诉讼")
    REMEDY_ACCEPTED = "remedies.accepted", _("复议受理或诉讼立案")
    REMEDY_ANSWERED = "remedies.answered", _("提交复议答复或诉讼答辩")
    REMEDY_DECIDED = "remedies.decided", _("复议决定或裁判")
    REMEDY_REDONE = "remedies.redone", _("纠正后重新答复")
    REMEDY_PROCEDURE_CHANGED = "remedies.procedure_changed", _("行政复议转为普通程序")
    REMEDY_DEADLINES_RECOMPUTED = "remedies.deadlines_recomputed", _("工作日历更新，期限重新计算")
    REMEDY_REMINDED = "remedies.reminded", _("提醒复议诉讼期限")
    REMEDIES_IMPORTED = "remedies.imported", _("导入复议诉讼记录")
    APPLICATION_REOPENED = "applications.reopened_after_correction", _("复议或诉讼纠正，重新答复")
    # supervision
    REPORT_AUDITED = "supervision.report_audited", _("批量审核年度报告")
    # annual reports: the stored PDF and DOCX of a published version
    REPORT_RENDERED = "annual_reports.rendered", _("生成年度报告下载文件")
    # interaction (互动交流: 政务咨询, 我为政府网站找错)
    MESSAGE_RECEIVED = "interaction.received", _("收到留言")
    MESSAGE_TRANSFERRED = "interaction.transferred", _("留言转办")
    MESSAGE_ANSWERED = "interaction.answered", _("答复留言")
    MESSAGE_PUBLISHED = "interaction.published", _("公开留言答复")
    MESSAGE_INVALIDATED = "interaction.invalidated", _("认定为无效留言")
    MESSAGE_REMINDED = "interaction.reminded", _("留言督办提醒")
    # subscriptions (精准推送)
    SUBSCRIPTION_REQUESTED = "subscriptions.requested", _("申请订阅")
    SUBSCRIPTION_CONFIRMED = "subscriptions.confirmed", _("确认订阅")
    SUBSCRIPTION_CANCELLED = "subscriptions.cancelled", _("退订")
    DIGESTS_SENT = "subscriptions.digests_sent", _("发送订阅邮件")
    AUDIT_RUN_STARTED = "supervision.audit_run_started", _("发起年度报告批量审核")
    SCHEME_SAVED = "supervision.scheme_saved", _("修改考评办法")
    ADJUSTMENT_ADDED = "supervision.adjustment_added", _("人工加分或扣分")
    ADJUSTMENT_WITHDRAWN = "supervision.adjustment_withdrawn", _("撤销人工加分或扣分")
    EVALUATION_LOCKED = "supervision.evaluation_locked", _("考评定稿")
    EVALUATION_RELOCKED = "supervision.evaluation_relocked", _("考评重新定稿")
    NOTICE_ISSUED = "supervision.notice_issued", _("签发督办通知")
    NOTICE_REPLIED = "supervision.notice_replied", _("报送整改情况")
    NOTICE_ACCEPTED = "supervision.notice_accepted", _("认可整改，督办办结")
    NOTICE_RETURNED = "supervision.notice_returned", _("退回整改情况，重新整改")
    NOTICE_REMINDED = "supervision.notice_reminded", _("提醒按期整改")
    WEBSITE_REPORT_SAVED = "supervision.website_report_saved", _("填报政府网站工作年度报表")


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


class Sequence(models.Model):
    """Gap-free counters, one row per key, taken under a row lock (`core.sequences`): 受理编号 per year,
    文书编号 per organ and year, 督办通知 and 留言 numbers, the 索引号 serial per organ and period."""

    key = models.CharField(max_length=80, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class ReminderSent(models.Model):
    """The dedup key of one 督办 reminder (`gongkai.core.reminders.remind_once`): "<kind>:<model>:<pk>:<day>".

    Unique, so a second chase run the same day — even a concurrent one — cannot mail twice; the reminder
    itself is the `…_REMINDED` EventLog row written beside it.
    """

    key = models.CharField(_("提醒标识"), max_length=160, unique=True)
    day = models.DateField(_("日期"), db_index=True)
    event = models.OneToOneField(EventLog, verbose_name=_("操作日志"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("督办提醒")
        verbose_name_plural = _("督办提醒")

    def __str__(self) -> str:
        return self.key
