"""答复书 and 告知书: the letters of the application process, their templates and their 送达."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("受理回执")
    CORRECTION = "correction", _("补正告知书")
    EXTENSION = "extension", _("延期答复告知书")
    CONSULTATION = "consultation", _("征求意见书")
    FEE = "fee", _("收费通知书")
    REPLY = "reply", _("答复书")
    # 第三十二条、第三十四条: the applicant is told that a consultation started (time not counted).
    CONSULTATION_NOTICE = "consultation_notice", _("征求意见告知书")
    # 第三十二条: the third party whose objection is overridden is told what will be disclosed and why.
    THIRD_PARTY_DECISION = "third_party_decision", _("依申请公开告知书（第三方）")
    # 第三十五条: the applicant is asked for reasons; where they are reasonable, a later date is set.
    REASONS = "reasons", _("说明理由告知书")
    DELAYED_REPLY = "delayed_reply", _("延迟答复告知书")


# Letters addressed to someone other than the applicant (the party named in `extra["party"]`).
PARTY_LETTERS = frozenset({LetterKind.CONSULTATION, LetterKind.THIRD_PARTY_DECISION})


class ServiceMethod(models.TextChoices):
    """How a letter reached its addressee (送达方式)."""

    REGISTERED_MAIL = "registered_mail", _("挂号信/邮政EMS")
    IN_PERSON = "in_person", _("当面送达")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")
    ONLINE = "online", _("网上送达")


class LetterTemplate(TimeStampedModel):
    """An organ's own wording for one kind of letter (and, for replies, one 答复类型).

    Without a row the built-in template (`defaults.py`) is used. The legal basis and the remedy
    notice are not part of the template: the code adds them, so they cannot be edited away.
    """

    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.CASCADE,
                              related_name="letter_templates")
    kind = models.CharField(_("文书类型"), max_length=20, choices=LetterKind.choices)
    basis = models.CharField(_("答复类型"), max_length=32, blank=True)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文模板"))

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [models.UniqueConstraint(fields=["organ", "kind", "basis"], name="letter_template_unique")]

    def __str__(self) -> str:
        return f"{self.organ} {self.get_kind_display()} {self.basis}".strip()


class Letter(TimeStampedModel):
    """One letter of one case: drafted by the clerk, signed off (and numbered) by the reviewer, served."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("已签发")
        SENT = "sent", _("已发出")  # mailed (交邮) or handed over; 送达 still to be recorded
        SERVED = "served", _("已送达")

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("文书类型"), max_length=20, choices=LetterKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    recipient = models.CharField(_("收件人"), max_length=100)
    body = models.TextField(_("正文"))  # paragraphs separated by blank lines
    basis_text = models.TextField(_("法律依据"), blank=True)
    remedy_text = models.TextField(_("救济途径告知"), blank=True)
    extra = models.JSONField(default=dict, blank=True)  # the facts the letter was drafted from
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    doc_no = models.CharField(_("文号"), max_length=50, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_on = models.DateField(_("签发日期"), null=True, blank=True)
    served_method = models.CharField(_("送达方式"), max_length=20, choices=ServiceMethod.choices, blank=True)
    # 发出日期 (交邮 for mail): the day the letter left the organ. Timeliness of a reply and the
    # lateness guards on notices (补正, 延期, 收费) are judged on it (民事诉讼法第八十五条 by analogy).
    sent_on = models.DateField(_("发出日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)  # starts the applicant's periods
    registered_no = models.CharField(_("挂号单号"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["doc_no"], condition=~models.Q(doc_no=""), name="letter_doc_no_unique"),
            models.CheckConstraint(condition=~models.Q(status="served") | models.Q(served_on__isnull=False),
                                   name="letter_served_has_date"),
            models.CheckConstraint(condition=~models.Q(status__in=["sent", "served"]) | models.Q(sent_on__isnull=False),
                                   name="letter_sent_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.doc_no}".strip()

    @property
    def organ(self):
        return self.application.organ

    @property
    def provisional_dates(self) -> list[dict]:
        """The dates the letter states that were provisional when drafted (or recomputed)."""
        return [d for d in (self.extra or {}).get("dates", []) if d.get("provisional")]

    @property
    def dates_confirmed(self) -> dict | None:
        """Who confirmed the provisional dates, when and why (required before signing)."""
        return (self.extra or {}).get("dates_confirmed")

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
