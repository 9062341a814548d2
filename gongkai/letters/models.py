"""答复书 and 告知书: the letters of the application process, their templates and their 送达."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.applications import correspondence
from gongkai.applications.correspondence import LetterKind  # the case's vocabulary, defined below letters
from gongkai.core.models import TimeStampedModel

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

    # The statuses are defined beside the kinds (applications.correspondence), which applications reads.
    Status = correspondence.LetterStatus

    # Before the reviewer signs, the clerk may still change the letter (edit, confirm dates, withdraw).
    UNSIGNED = correspondence.UNSIGNED

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
    # Who made the decision the letter carries (the clerk who decided, asked for the 补正, the extension …):
    # they may not sign it themselves, unless the organ is a one-person office (LetterSettings, audited).
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    returned_note = models.TextField(_("退回意见"), blank=True)
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
        indexes = [models.Index(fields=["status", "kind"], name="letter_status_kind_idx")]
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


class LetterSettings(TimeStampedModel):
    """An organ's settings for its letters: the 文号 of each kind (GB/T 9704: 机关代字〔年份〕序号号, one
    series per 代字 and year), how the 信息处理费 is paid (the defaults every 收费通知书 prints), and
    whether the office is a one-person office (the decider may then sign their own letter, audited)."""

    organ = models.OneToOneField("organs.Organ", verbose_name=_("机关"), on_delete=models.CASCADE,
                                 related_name="letter_settings")
    # {kind: 机关代字}; a kind left out uses the default 代字 (defaults.DOC_NO_CODES). Kinds given the same
    # 代字 share one series.
    doc_no_codes = models.JSONField(_("各类文书的发文机关代字"), default=dict, blank=True)
    fee_payment_method = models.CharField(_("缴纳方式"), max_length=100, blank=True,
                                          help_text=_("如：银行转账、非税收入统一缴款、到本机关窗口缴纳。"))
    fee_payee = models.CharField(_("收款单位"), max_length=100, blank=True)
    fee_bank = models.CharField(_("开户银行"), max_length=100, blank=True)
    fee_account = models.CharField(_("账号"), max_length=40, blank=True)
    fee_note = models.CharField(_("缴费说明"), max_length=300, blank=True,
                                help_text=_("如：缴费时请注明受理编号；非税收入缴款码随通知书另行告知。"))
    # 一人办公室: the organ's only disclosure officer decides and signs. Each use is on the audit trail.
    one_person_office = models.BooleanField(_("一人办理（决定人可签发本人决定的文书）"), default=False)

    class Meta:
        verbose_name = _("文书设置")
        verbose_name_plural = _("文书设置")

    def __str__(self) -> str:
        return f"{self.organ} 文书设置"


def _provided_path(instance, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"provided/{instance.letter.application.received_on:%Y}/{uuid.uuid4().hex}.{suffix}"


class ProvidedFile(TimeStampedModel):
    """A file of the information provided (提供的政府信息), uploaded by the clerk with the reply through
    the checked upload; with 网上送达 the applicant downloads it from the tracking page (第四十条)."""

    letter = models.ForeignKey(Letter, verbose_name=_("答复书"), on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=_provided_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("提供的政府信息文件")
        verbose_name_plural = _("提供的政府信息文件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
