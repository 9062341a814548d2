"""互动交流: messages from the public — 政务咨询 (questions to an organ) and 我为政府网站找错 (reports of faults
on the site) — each with a reply deadline, routed to an organ, answered in the staff workbench.

A consultation's reply is published in the portal's 咨询 column only with the asker's consent. The asker's
name and contacts are personal data, handled as an applicant's are (gongkai.core.privacy): masked in lists,
shown in full only to the organ's clerks and reviewers (each view audited), never on a public page.
国办秘函〔2019〕19号 (互动回应差): a valid 政务咨询 left unanswered for more than three months within the past
year fails a site outright (单项否决) — `selectors.unanswered_over_three_months`.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("政务咨询")
    SITE_ERROR = "site_error", _("网站找错")


class Status(models.TextChoices):
    OPEN = "open", _("办理中")
    ANSWERED = "answered", _("已答复")
    INVALID = "invalid", _("无效留言")


class ErrorType(models.TextChoices):
    """我为政府网站找错: the kinds of fault a visitor reports (the 国办 platform's own categories, abridged)."""

    BROKEN_LINK = "broken_link", _("链接打不开或错误")
    WRONG_CONTENT = "wrong_content", _("内容错误或表述不当")
    OUTDATED = "outdated", _("信息长期未更新")
    SERVICE = "service", _("办事服务不可用")
    ACCESSIBILITY = "accessibility", _("无障碍或显示问题")
    OTHER = "other", _("其他问题")


NUMBER_PREFIX: dict[str, str] = {Kind.CONSULTATION: "ZX", Kind.SITE_ERROR: "ZC"}


class Message(TimeStampedModel):
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    organ = models.ForeignKey("organs.Organ", verbose_name=_("办理机关"), on_delete=models.PROTECT,
                              related_name="messages")
    # 留言编号 (ZX2026000001 / ZC2026000001): the asker's handle; the 查询码 is kept only as a keyed hash.
    number = models.CharField(_("留言编号"), max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("留言内容"))
    page_url = models.CharField(_("出错网页地址"), max_length=500, blank=True)
    error_type = models.CharField(_("问题类型"), max_length=20, choices=ErrorType.choices, blank=True)
    # The asker: personal data, never on a public page.
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    consent_publish = models.BooleanField(_("同意公开留言和答复"), default=False)

    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    received_on = models.DateField(_("收到日期"))
    # The reply deadline as one value (workdays.Deadline): the date, provisional or not, and why.
    due_on = models.DateField(_("答复期限"))
    due_provisional = models.BooleanField(_("答复期限为暂定"), default=False)
    provisional_note = models.CharField(_("暂定说明"), max_length=300, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    invalid_reason = models.CharField(_("无效原因"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "status", "due_on"], name="message_open_due_idx"),
            models.Index(fields=["organ", "kind", "received_on"], name="message_organ_received_idx"),
            models.Index(fields=["kind", "published_at"], name="message_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(status="answered") | models.Q(replied_at__isnull=False),
                                   name="message_answered_has_reply"),
            models.CheckConstraint(condition=models.Q(published_at__isnull=True) | models.Q(consent_publish=True),
                                   name="message_published_only_with_consent"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @staticmethod
    def hash_query_code(code: str) -> str:
        return hmac.new(settings.SECRET_KEY.encode(), ("mq:" + code.strip().upper()).encode(),
                        hashlib.sha256).hexdigest()

    def check_query_code(self, code: str) -> bool:
        return hmac.compare_digest(self.query_code_hash, self.hash_query_code(code or ""))

    @property
    def due(self):
        from gongkai.workdays import Deadline

        return Deadline(due=self.due_on, provisional=self.due_provisional,
                        warning=(self.provisional_note or None) if self.due_provisional else None)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def masked_name(self) -> str:
        from gongkai.core.privacy import mask_name

        return mask_name(self.name) if self.name else "网友"
