"""Writes of 精准推送: ask for a subscription (double opt-in), confirm it, cancel it, send the digests.

The public acts here (actor None, recorded as "公众"); the EventLog keeps what happened, never the address.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.catalogue.selectors import public
from gongkai.core.events import PUBLIC_ACTOR_NAME, SYSTEM, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.mail import queue_mail, render_mail
from gongkai.core.models import EventType
from gongkai.search.models import SearchDocument

from . import tokens
from .matching import ItemFacts, matches
from .models import Frequency, Subscriber, Subscription, Target

MAX_TARGETS = 20
MAX_TERM_CHARS = 30
RESEND_MINUTES = 10  # at most one confirmation mail per address in this time (no mail-bombing through the form)
PENDING_DAYS = 7  # unconfirmed addresses are forgotten after this
DIGEST_ITEMS = 50  # at most this many items in one digest (the rest: "更多" link)
DIGEST_GAP: dict[str, dt.timedelta] = {Frequency.DAILY: dt.timedelta(hours=20), Frequency.WEEKLY: dt.timedelta(days=6, hours=20)}


class SubscriptionError(ApplicationError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("订阅内容有误，请按提示修改。", code="invalid", extra={"errors": errors})
        self.errors = errors


DEMO_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The portal's address for links in mail the worker sends: settings.GONGKAI_SITE_URL (SITE_URL in the
    environment; the demo's address when unset)."""
    return (getattr(settings, "GONGKAI_SITE_URL", "") or DEMO_SITE_URL).rstrip("/")


def clean_request(email: str, frequency: str, targets: list[tuple[str, str, str]]) -> tuple[str, str, list]:
    errors: dict[str, str] = {}
    email = (email or "").strip().lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) or len(email) > 254:
        errors["email"] = "请填写有效的电子邮箱。"
    if frequency not in Frequency.values:
        errors["frequency"] = "请选择推送频率。"
    cleaned = []
    for target, value, label in targets:
        value = (value or "").strip()
        if target not in Target.values or not value:
            continue
        if target == Target.TERM and len(value) > MAX_TERM_CHARS:
            errors["terms"] = f"每个关键词不超过{MAX_TERM_CHARS}个字。"
            continue
        cleaned.append((target, value, (label or value)[:100]))
    cleaned = list(dict.fromkeys(cleaned))
    if not cleaned and "terms" not in errors:
        errors["targets"] = "请至少选择一个栏目、机关、主题分类，或填写一个关键词。"
    elif len(cleaned) > MAX_TARGETS:
        errors["targets"] = f"一次最多订阅{MAX_TARGETS}项。"
    if errors:
        raise SubscriptionError(errors)
    return email, frequency, cleaned


@transaction.atomic
def subscription_request(*, email: str, frequency: str, targets: list[tuple[str, str, str]],
                         base_url: str | None = None) -> Subscriber:
    """Record what was asked for (unconfirmed) and mail the confirmation link — at most once per
    RESEND_MINUTES. Nothing else is ever sent until the link is followed."""
    email, frequency, targets = clean_request(email, frequency, targets)
    subscriber, created = Subscriber.objects.get_or_create(email=email, defaults={"frequency": frequency})
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.confirmed_at is None:
        subscriber.frequency = frequency
    for target, value, label in targets:
        Subscription.objects.get_or_create(subscriber=subscriber, target=target, value=value,
                                           defaults={"label": label})
    now = timezone.now()
    send = subscriber.confirmation_sent_at is None or now - subscriber.confirmation_sent_at > dt.timedelta(
        minutes=RESEND_MINUTES)
    if send:
        subscriber.confirmation_sent_at = now
    subscriber.save()
    record_event(actor=None, actor_name=PUBLIC_ACTOR_NAME, event_type=EventType.SUBSCRIPTION_REQUESTED,
                 obj=subscriber, details={"targets": len(targets), "mailed": send})
    if send:
        link = f"{(base_url or site_url()).rstrip('/')}{reverse('subscriptions:confirm', args=[tokens.make(subscriber, 'confirm')])}"
        queue_mail([email], *render_mail("subscriptions/emails/confirm", {
            "subscriptions": subscriber.subscriptions.order_by("id"), "days": tokens.CONFIRM_DAYS, "link": link}))
    return subscriber


def _by_token(token: str, purpose: str) -> Subscriber | None:
    found = tokens.read(token, purpose)
    if found is None:
        return None
    return Subscriber.objects.select_for_update().filter(pk=found[0], key=found[1]).first()


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber:
    """Follow the link in the confirmation mail: every pending subscription of the address becomes active;
    the first digest lists what is published from now on."""
    subscriber = _by_token(token, "confirm")
    if subscriber is None:
        raise ApplicationError("确认链接无效或已过期，请重新订阅。", code="bad_token")
    now = timezone.now()
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
        subscriber.last_digest_at = None
    newly = subscriber.subscriptions.filter(confirmed=False).update(confirmed=True)
    subscriber.save(update_fields=["confirmed_at", "last_digest_at", "updated_at"])
    record_event(actor=None, actor_name=PUBLIC_ACTOR_NAME, event_type=EventType.SUBSCRIPTION_CONFIRMED,
                 obj=subscriber, details={"confirmed": newly})
    return subscriber


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """One-click unsubscribe: the address and all its subscriptions are deleted. False for a void link
    (already unsubscribed)."""
    subscriber = _by_token(token, "unsubscribe")
    if subscriber is None:
        return False
    n = subscriber.subscriptions.count()
    record_event(actor=None, actor_name=PUBLIC_ACTOR_NAME, event_type=EventType.SUBSCRIPTION_CANCELLED,
                 obj=subscriber, details={"subscriptions": n})
    subscriber.delete()
    return True


# --- the digest --------------------------------------------------------------------------------------

def _since(subscriber: Subscriber) -> dt.datetime:
    return subscriber.last_digest_at or subscriber.confirmed_at


def _due(subscriber: Subscriber, now: dt.datetime) -> bool:
    return subscriber.last_digest_at is None or now - subscriber.last_digest_at >= DIGEST_GAP[subscriber.frequency]


def digests_send(*, now: dt.datetime | None = None, base_url: str | None = None) -> int:
    """Send every due digest: to each confirmed address whose daily or weekly turn has come, the items
    published since its last digest that answer any of its subscriptions (nothing when none do). Also
    forgets addresses left unconfirmed for PENDING_DAYS. Returns the number of digests sent."""
    now = now or timezone.now()
    Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=now - dt.timedelta(days=PENDING_DAYS)).delete()
    due = [s for s in Subscriber.objects.filter(confirmed_at__isnull=False).prefetch_related("subscriptions")
           if _due(s, now)]
    if not due:
        return 0
    start = min(_since(s) for s in due)
    items = list(public(now=now).filter(published_at__gt=start).select_related("column", "organ")
                 .order_by("published_at", "id")[:2000])
    segs = {i: set(f"{t} {b}".split()) for i, t, b in SearchDocument.objects.filter(
        item_id__in=[i.pk for i in items]).values_list("item_id", "title_seg", "body_seg")}
    facts = {i.pk: ItemFacts(i.column.slug, i.organ.code, i.topic, frozenset(segs.get(i.pk, ()))) for i in items}
    base = (base_url or site_url()).rstrip("/")
    sent = 0
    for subscriber in due:
        since = _since(subscriber)
        wanted = [(s.target, s.value) for s in subscriber.subscriptions.all() if s.confirmed]
        chosen = [i for i in items if i.published_at > since and any(matches(t, v, facts[i.pk]) for t, v in wanted)]
        if not chosen:
            continue
        with transaction.atomic():
            locked = Subscriber.objects.select_for_update().filter(pk=subscriber.pk).first()
            if locked is None or not _due(locked, now):  # unsubscribed, or sent by another run meanwhile
                continue
            locked.last_digest_at = now
            locked.save(update_fields=["last_digest_at", "updated_at"])
            subject, body, headers = digest_mail(locked, chosen, base)
            queue_mail([locked.email], subject, body, headers)
            sent += 1
    if sent:
        record_event(actor=SYSTEM, event_type=EventType.DIGESTS_SENT, details={"digests": sent})
    return sent


def digest_mail(subscriber: Subscriber, items: list, base: str) -> tuple[str, str, dict]:
    unsubscribe = f"{base}{reverse('subscriptions:unsubscribe', args=[tokens.make(subscriber, 'unsubscribe')])}"
    shown = items[:DIGEST_ITEMS]
    lines = [f"{timezone.localtime(i.published_at):%Y-%m-%d} {i.title}\n    {i.organ.name} · {i.column.name}\n"
             f"    {base}{i.get_absolute_url()}" for i in shown]
    more = f"\n另有{len(items) - len(shown)}条，请到网站查看：{base}{reverse('portal:catalogue')}\n" if len(items) > len(
        shown) else ""
    frequency = subscriber.get_frequency_display()
    body = (f"您订阅的政府信息（{frequency}推送）有{len(items)}条更新：\n\n" + "\n\n".join(lines) + "\n" + more
            + f"\n退订（一键退订，无需登录）：{unsubscribe}\n本邮件由系统自动发送，请勿回复。")
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return f"【信息订阅】{len(items)}条新信息", body, headers
