"""考评 records. The indicators are computed on demand (selectors.py) for an open period; a locked
(定稿) period keeps what it showed (Result, ResultRow). Also stored: the batch audit of annual reports
(the dashboard reads the last audit instead of re-reading files), the 考评办法 per period, manual
加分/扣分, 督办 → 整改, and what an organ enters for its 政府网站工作年度报表."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel

from .indicators import Period


class ReportAudit(models.Model):
    """One run of the annual-report checks (gongkai.annual_reports.checks) on one organ's report for one
    year, written by services.report_audit_record (the `check_reports` command). Rows are only added;
    the newest row of an (organ, year) is the one the 年度报告 indicators read."""

    class Source(models.TextChoices):
        GONGKAI = "gongkai", _("本平台发布的报告")
        FILE = "file", _("外部发布的报告文件")

    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                              related_name="report_audits")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    # The AnnualReport or ReportFile audited ("annual_reports.annualreport:12").
    source_ref = models.CharField(_("审核对象"), max_length=64, blank=True)
    errors = models.PositiveIntegerField(_("错误数"), default=0)
    warnings = models.PositiveIntegerField(_("警告数"), default=0)
    findings = models.JSONField(_("审核结果"), default=list, blank=True)
    checked_at = models.DateTimeField(_("审核时间"), auto_now_add=True)
    run = models.ForeignKey("AuditRun", verbose_name=_("批量审核任务"), null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="audits")

    class Meta:
        verbose_name = _("年度报告批量审核结果")
        verbose_name_plural = _("年度报告批量审核结果")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["organ", "year", "checked_at"], name="reportaudit_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.organ.name} {self.year}年度报告审核（错误{self.errors}，警告{self.warnings}）"


# --- the batch audit run from the browser -------------------------------------------------------------


class AuditRun(TimeStampedModel):
    """One batch audit of a subtree's annual reports for a year, started from the browser and run as a
    Celery task (tasks.audit_run); `done` of `total` organs shows its progress. Its ReportAudit rows are the
    findings workbook."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在审核")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                              related_name="audit_runs")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("机关数"), default=0)
    done = models.PositiveIntegerField(_("已审核机关数"), default=0)
    missing = models.PositiveIntegerField(_("未找到报告的机关数"), default=0)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    failure = models.TextField(_("失败原因"), blank=True)

    class Meta:
        verbose_name = _("年度报告批量审核任务")
        verbose_name_plural = _("年度报告批量审核任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organ.name}及下级机关{self.year}年度报告批量审核"

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else (self.done * 100 // self.total if self.total else 0)

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


# --- 考评 periods: the 考评办法, manual 加分/扣分, 定稿 --------------------------------------------------


class Evaluation(TimeStampedModel):
    """One 考评 period (a year, or a quarter for 季度通报) of one 主管部门's subtree: the 考评办法 it uses
    (SchemeVersion), the manual 加分/扣分 (Adjustment) and, once locked (定稿), its results (Result).
    Created by the first write for the period; until then the period is open and uses the scheme it
    inherits (selectors_periods.scheme_for)."""

    class Status(models.TextChoices):
        OPEN = "open", _("未定稿")
        LOCKED = "locked", _("已定稿")

    organ = models.ForeignKey("organs.Organ", verbose_name=_("主管部门"), on_delete=models.PROTECT,
                              related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("考评年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), default=0)  # 0: the whole year
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("考评期")
        verbose_name_plural = _("考评期")
        ordering = ["organ__path", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "year", "quarter"], name="evaluation_once_per_period"),
            models.CheckConstraint(condition=models.Q(quarter__lte=4), name="evaluation_quarter_0_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.organ.name}{self.period.label}考评"

    @property
    def period(self) -> Period:
        return Period.of(self.year, self.quarter)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class SchemeVersion(TimeStampedModel):
    """One version of a period's 考评办法 (scoring.validate_scheme's shape). Only added, never changed."""

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("考评期"), on_delete=models.PROTECT,
                                   related_name="schemes")
    version = models.PositiveSmallIntegerField(_("版本"))
    rules = models.JSONField(_("评分细则"))
    reason = models.TextField(_("修改说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("考评办法版本")
        verbose_name_plural = _("考评办法版本")
        ordering = ["evaluation", "-version"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "version"], name="scheme_version_unique")]

    def __str__(self) -> str:
        return f"{self.evaluation} 考评办法第{self.version}版"


class Adjustment(TimeStampedModel):
    """A manual 加分 (against one of the scheme's bonus items) or 扣分 for one organ in one period, with
    its reason and, e.g., a 第三方评估 result attached. Withdrawn, never deleted."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("加分")
        PENALTY = "penalty", _("扣分")

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("考评期"), on_delete=models.PROTECT,
                                   related_name="adjustments")
    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    item = models.CharField(_("加分项"), max_length=30, blank=True)  # the scheme's bonus item key
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("理由"))
    attachment = models.FileField(_("附件"), upload_to="evaluations/%Y/", blank=True)
    attachment_name = models.CharField(_("附件名"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤销人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdrawn_reason = models.TextField(_("撤销原因"), blank=True)

    class Meta:
        verbose_name = _("人工加分扣分")
        verbose_name_plural = _("人工加分扣分")
        ordering = ["evaluation", "organ__path", "created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(points__gt=0), name="adjustment_points_positive")]

    def __str__(self) -> str:
        return f"{self.organ.name} {self.get_kind_display()}{self.points}分"

    def as_rule_input(self) -> dict:
        """What scoring.score takes."""
        return {"id": self.pk, "kind": self.kind, "item": self.item, "points": float(self.points),
                "reason": self.reason}


class Result(models.Model):
    """A 定稿 version of a period: every organ's indicators, deductions and score as they were when the
    supervisor locked it, with the 考评办法 used. Version 1 is the first lock; each later one is a
    recomputation with its reason (the page shows what changed per organ)."""

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("考评期"), on_delete=models.PROTECT,
                                   related_name="results")
    version = models.PositiveSmallIntegerField(_("定稿版本"))
    scheme = models.ForeignKey(SchemeVersion, verbose_name=_("考评办法版本"), on_delete=models.PROTECT,
                               related_name="+")
    as_of = models.DateField(_("统计截止日"))
    reason = models.TextField(_("重新定稿原因"), blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("定稿人"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    locked_at = models.DateTimeField(_("定稿时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考评定稿")
        verbose_name_plural = _("考评定稿")
        ordering = ["evaluation", "-version"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "version"], name="result_version_unique")]

    def __str__(self) -> str:
        return f"{self.evaluation} 定稿第{self.version}版"


class ResultRow(models.Model):
    """One organ's locked result."""

    result = models.ForeignKey(Result, verbose_name=_("考评定稿"), on_delete=models.CASCADE, related_name="rows")
    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField(_("排名"), null=True)  # None: 不参评
    score = models.FloatField(_("得分"), null=True)
    verdict = models.CharField(_("结论"), max_length=10)
    vetoes = models.JSONField(_("单项否决"), default=list)
    values = models.JSONField(_("指标值"), default=dict)
    deductions = models.JSONField(_("扣分"), default=dict)
    adjustments = models.JSONField(_("人工加分扣分"), default=list)
    bonus = models.FloatField(_("加分"), default=0)
    penalty = models.FloatField(_("人工扣分"), default=0)
    facts = models.JSONField(_("统计事实"), default=dict)  # OrganFacts as stored (for the drill-down header)

    class Meta:
        verbose_name = _("考评定稿结果")
        verbose_name_plural = _("考评定稿结果")
        ordering = ["result", "rank", "organ__path"]
        constraints = [models.UniqueConstraint(fields=["result", "organ"], name="resultrow_once_per_organ")]

    def __str__(self) -> str:
        return f"{self.result} {self.organ.name} {self.verdict}"


# --- 督办 → 整改 (条例第四十七条) -----------------------------------------------------------------------


class Notice(TimeStampedModel):
    """A numbered 督办通知 from a 主管部门 to one organ (《政府信息公开条例》第四十七条: 对行政机关未按照要求
    开展政府信息公开工作的，予以督促整改): the problems (items, each possibly pointing at the case, item,
    column or finding it came from), the 整改期限 and the requirements. The organ's clerk answers it
    (NoticeReply, with evidence); the supervisor accepts or returns the answer."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("待整改")
        REPLIED = "replied", _("待审核")
        RETURNED = "returned", _("退回重新整改")
        ACCEPTED = "accepted", _("已办结")

    OPEN_STATUSES = (Status.ISSUED, Status.REPLIED, Status.RETURNED)
    AWAITING_ORGAN = (Status.ISSUED, Status.RETURNED)

    issuer = models.ForeignKey("organs.Organ", verbose_name=_("督办机关"), on_delete=models.PROTECT,
                               related_name="notices_issued")
    organ = models.ForeignKey("organs.Organ", verbose_name=_("被督办机关"), on_delete=models.PROTECT,
                              related_name="notices")
    doc_no = models.CharField(_("文号"), max_length=60, unique=True)
    title = models.CharField(_("标题"), max_length=120)
    items = models.JSONField(_("督办事项"), default=list)  # ["申请YS2026000012超过答复期限仍未答复", …]
    sources = models.JSONField(_("问题来源"), default=list)  # refs: "application:YS…", "finding:12:3", …
    text = models.TextField(_("整改要求"), blank=True)
    deadline = models.DateField(_("整改期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_on = models.DateField(_("签发日期"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办通知")
        verbose_name_plural = _("督办通知")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["organ", "status", "deadline"], name="notice_organ_status_idx")]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_no}）"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today) -> bool:
        """The 整改期限 has passed and the organ still owes an answer."""
        return self.status in self.AWAITING_ORGAN and today > self.deadline


class NoticeReply(TimeStampedModel):
    """The organ's answer to a 督办通知: what was done, with evidence; accepted or returned by the supervisor."""

    class Decision(models.TextChoices):
        PENDING = "", _("待审核")
        ACCEPTED = "accepted", _("认可")
        RETURNED = "returned", _("退回")

    notice = models.ForeignKey(Notice, verbose_name=_("督办通知"), on_delete=models.PROTECT, related_name="replies")
    text = models.TextField(_("整改情况"))
    evidence = models.FileField(_("佐证材料"), upload_to="notices/%Y/", blank=True)
    evidence_name = models.CharField(_("佐证材料文件名"), max_length=200, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回复人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    replied_on = models.DateField(_("回复日期"))
    decision = models.CharField(_("审核结果"), max_length=10, choices=Decision.choices, blank=True, default="")
    decision_note = models.TextField(_("审核意见"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改回复")
        verbose_name_plural = _("整改回复")
        ordering = ["notice", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.notice.doc_no} 整改回复（{self.replied_on:%Y-%m-%d}）"


# --- 政府网站工作年度报表 (国办发〔2017〕47号, 国办函〔2018〕12号) ---------------------------------------


class WebsiteReport(TimeStampedModel):
    """What an organ enters for its 政府网站工作年度报表 of a year: the cells Gongkai cannot know, each
    with its source ({"key": {"value": …, "source": "…"}}); the rest is computed (website_report.py)."""

    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                              related_name="website_reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    entered = models.JSONField(_("录入数据"), default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("政府网站工作年度报表")
        verbose_name_plural = _("政府网站工作年度报表")
        constraints = [models.UniqueConstraint(fields=["organ", "year"], name="websitereport_once_per_year")]

    def __str__(self) -> str:
        return f"{self.organ.name}{self.year}年政府网站工作年度报表"
