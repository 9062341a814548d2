"""行政复议 and 行政诉讼 records, each tied to the application it came from and the organ that answered.

One column per milestone (filed, copy received, accepted, answered, decided, redone), so that the
督办 lists and table 四 of the annual report are plain range queries. `result` uses the codes of
table 四 (`annual_reports.arithmetic.T4_RESULTS`).
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
    answer_due_on = models.DateField(_("答复/答辩期限"), null=True, blank=True)  # cached from deadlines.py
    answered_on = models.DateField(_("提交答复/答辩日期"), null=True, blank=True)
    decided_on = models.DateField(_("决定/裁判日期"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=12, choices=Result.choices, default=Result.PENDING)
    decision_document = models.FileField(_("决定书/裁判文书"), upload_to=_document_path, blank=True)
    # 纠正: the organ replies to the application again (条例 第三十三条, 20 working days).
    redo_due_on = models.DateField(_("重新答复期限"), null=True, blank=True)
    redo_done_on = models.DateField(_("重新答复日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    imported = models.BooleanField(_("导入"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def is_decided(self) -> bool:
        return self.result != Result.PENDING

    @property
    def url_kind(self) -> str:
        return self._meta.model_name


class Review(Remedy):
    """行政复议."""

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


class Reminder(models.Model):
    """A 督办 reminder sent for one record on one day (running the chase twice sends nothing twice)."""

    key = models.CharField(max_length=120, unique=True)  # "<kind>:<model>:<pk>:<day>"
    recipients = models.JSONField(default=list)

    class Meta:
        verbose_name = _("复议诉讼督办提醒")
        verbose_name_plural = _("复议诉讼督办提醒")

    def __str__(self) -> str:
        return self.key
