"""精准推送: e-mail subscriptions to what the portal publishes — a column, an organ, a topic or a search term.

Double opt-in: nothing is sent but the confirmation mail until its signed link is followed. Each subscriber
gets one digest a day or a week listing what was published since the last one; every mail carries a signed
one-click unsubscribe link, which deletes the address and its subscriptions. Staff see counts only: there is
no page and no admin that lists addresses (个人信息保护法 最小必要). The Atom feeds stay for those who prefer
a reader.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class Frequency(models.TextChoices):
    DAILY = "daily", _("每日")
    WEEKLY = "weekly", _("每周")


class Target(models.TextChoices):
    COLUMN = "column", _("栏目")
    ORGAN = "organ", _("机关")
    TOPIC = "topic", _("主题分类")
    TERM = "term", _("关键词")


def _key() -> str:
    return secrets.token_urlsafe(12)


class Subscriber(TimeStampedModel):
    email = models.EmailField(_("电子邮箱"), unique=True)
    frequency = models.CharField(_("频率"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    # Part of every signed link: a new key (after unsubscribing and subscribing again) voids old links.
    key = models.CharField(max_length=32, default=_key, editable=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # Items published after this moment go into the next digest.
    last_digest_at = models.DateTimeField(_("上次推送"), null=True, blank=True)

    class Meta:
        verbose_name = _("订阅人")
        verbose_name_plural = _("订阅人")
        indexes = [models.Index(fields=["confirmed_at", "frequency"], name="subscriber_due_idx")]

    def __str__(self) -> str:  # never the address: this string goes into the audit trail
        return f"订阅人#{self.pk}"


class Subscription(TimeStampedModel):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    target = models.CharField(_("订阅类型"), max_length=10, choices=Target.choices)
    value = models.CharField(_("订阅内容"), max_length=100)  # column slug, organ code, topic, or the term
    label = models.CharField(_("名称"), max_length=100)
    confirmed = models.BooleanField(_("已确认"), default=False)

    class Meta:
        verbose_name = _("订阅")
        verbose_name_plural = _("订阅")
        constraints = [models.UniqueConstraint(fields=["subscriber", "target", "value"], name="subscription_once")]
        indexes = [models.Index(fields=["target", "value", "confirmed"], name="subscription_count_idx")]

    def __str__(self) -> str:
        return f"{self.get_target_display()}：{self.label}"
