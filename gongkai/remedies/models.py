"""行政复议 and 行政诉讼 records, each tied to the application it came from and the organ that answered.

One column per milestone (filed, copy received, accepted, answered, decided, redone), so that the
督办 lists and table 四 of the annual report are plain range queries. `result` uses the codes of
table 四 (`annual_reports.format.T4_RESULTS`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class Result(models.TextChoices):
    UPHELD = "upheld", _("维持")
    CORRECTED = "corrected", _("纠正")
    OTHER = "other", _("其他")
    PENDING = "pending", _("尚未审结")


def _document_path(instance, filename: str) -> str:
    return f"remedies/{instance.filed_on:%Y}/{instance._meta.model_name}-{instance.pk or 'new'}/{filename}"


class Remedy(TimeStampedModel):
    """What a 行政复议 and a 行政诉讼 share."""

    organ = models.ForeignKey("organs.Organ", verbose_name=_("被申请人/被告机关"), on_delete=models.PROTECT,
                              related_name="+")
    # The application the case came from; empty only for imported records whose case Gongkai lacks.
    application = models.ForeignKey("applications.Application", verbose_name=_("申请"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    case_no = models.CharField(_("案号"), max_length=100, blank=True)
    claimant = models.CharField(_("申请人/原告"), max_length=100, blank=True)
    body = models.CharField(_("复议机关/人民法院"), max_length=100)
    filed_on = models.DateField(_("申请/起诉日期"))
    copy_received_on = models.DateField(_("收到副本日期"), null=True, blank=True)  # starts the organ's deadline
    accepted_on = models.DateField(_("受理/立案日期"), null=True, blank=True)
    # The organ's deadlines, cached from deadlines.py, each stored as one value: the date, whether it
    # is provisional (a year without a holiday notice), why (`provisional_note`) and the calendar
    # version it was computed with; recomputed when the calendar changes (services.deadlines_recompute).
    answer_due_on = models.DateField(_("答复/答辩期限"), null=True, blank=True)
    answer_due_provisional = models.BooleanField(_("答复/答辩期限为暂定"), default=False)
    answered_on = models.DateField(_("提交答复/答辩日期"), null=True, blank=True)
    decided_on = models.DateField(_("决定/裁判日期"), null=True, blank=True)
    decision_received_on = models.DateField(_("收到决定/裁判文书日期"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=12, choices=Result.choices, default=Result.PENDING)
    decision_document = models.FileField(_("决定书/裁判文书"), upload_to=_document_path, blank=True)
    # 纠正: the organ replies to the application again within the period the decision sets
    # (行政复议法 第六十四条): `redo_period_days` working or calendar days from receiving the decision;
    # none set → 20 working days (条例 第三十三条).
    redo_period_days = models.PositiveSmallIntegerField(_("决定确定的重新答复期限（天）"), null=True, blank=True)
    redo_period_unit = models.CharField(_("期限单位"), max_length=10, default="working",
                                        choices=[("working", _("工作日")), ("calendar", _("日"))])
    redo_due_on = models.DateField(_("重新答复期限"), null=True, blank=True)
    redo_due_provisional = models.BooleanField(_("重新答复期限为暂定"), default=False)
    redo_done_on = models.DateField(_("重新答复日期"), null=True, blank=True)
    provisional_note = models.CharField(_("暂定说明"), max_length=300, blank=True)
    calendar_version = models.PositiveIntegerField(_("工作日历版本"), default=0)
    note = models.TextField(_("备注"), blank=True)
    imported = models.BooleanField(_("导入"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def is_decided(self) -> bool:
        return self.result != Result.PENDING

    @property
    def answer_due(self):
        """The 答复/答辩期限 as one value (date, provisional mark, why, calendar version), or None."""
        return self._deadline(self.answer_due_on, self.answer_due_provisional)

    @property
    def redo_due(self):
        return self._deadline(self.redo_due_on, self.redo_due_provisional)

    def _deadline(self, day, provisional: bool):
        from gongkai.workdays import Deadline

        if day is None:
            return None
        return Deadline(due=day, provisional=provisional, warning=(self.provisional_note or None) if provisional
                        else None, calendar_version=self.calendar_version)

    @property
    def url_kind(self) -> str:
        return self._meta.model_name


class Review(Remedy):
    """行政复议."""

    class Procedure(models.TextChoices):
        # 行政复议法 第五十三条: 政府信息公开 cases may be heard under the 简易程序 (answer in 5 working
        # days, 第五十四条); 第五十五条 lets the 复议机关 switch to the 普通程序 (10 working days).
        SIMPLE = "simple", _("简易程序")
        ORDINARY = "ordinary", _("普通程序")

    procedure = models.CharField(_("审理程序"), max_length=10, choices=Procedure.choices, default=Procedure.SIMPLE)
    procedure_changed_on = models.DateField(_("转为普通程序日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政复议")
        verbose_name_plural = _("行政复议")
        ordering = ["-filed_on", "-id"]
        indexes = [
            models.Index(fields=["organ", "filed_on", "decided_on"], name="review_organ_filed_idx"),
            models.Index(fields=["answered_on", "answer_due_on"], name="review_answer_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(result="pending") | models.Q(decided_on__isnull=False),
                                   name="review_decided_has_date"),
        ]

    def __str__(self) -> str:
        return f"行政复议 {self.case_no or self.pk}"

    @property
    def kind_label(self) -> str:
        return "行政复议"

    @property
    def group(self) -> str:
        return "review"


class Lawsuit(Remedy):
    """行政诉讼: 未经复议直接起诉, or 复议后起诉 (linked to the review it followed)."""

    class Kind(models.TextChoices):
        DIRECT = "direct", _("未经复议直接起诉")
        AFTER_REVIEW = "after_review", _("复议后起诉")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    review = models.ForeignKey(Review, verbose_name=_("此前的行政复议"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="lawsuits")

    class Meta:
        verbose_name = _("行政诉讼")
        verbose_name_plural = _("行政诉讼")
        ordering = ["-filed_on", "-id"]
        indexes = [
            models.Index(fields=["organ", "filed_on", "decided_on"], name="lawsuit_organ_filed_idx"),
            models.Index(fields=["answered_on", "answer_due_on"], name="lawsuit_answer_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(result="pending") | models.Q(decided_on__isnull=False),
                                   name="lawsuit_decided_has_date"),
            models.CheckConstraint(
                condition=(models.Q(kind="direct", review__isnull=True)
                           | (models.Q(kind="after_review") & (models.Q(review__isnull=False) | models.Q(imported=True)))),
                name="lawsuit_review_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"行政诉讼 {self.case_no or self.pk}"

    @property
    def kind_label(self) -> str:
        return f"行政诉讼（{self.get_kind_display()}）"

    @property
    def group(self) -> str:
        return "litigation_direct" if self.kind == self.Kind.DIRECT else "litigation_after_review"
